"""The status overview as PDF, read back with pdftotext (poppler): landscape A4, the title with the
round and its date, the header row on every page, "Side X af Y", the print date, every goal with
its status word, long text wrapped and long tables paginated; empty overviews say why."""

from __future__ import annotations

import ast
import copy
import gc
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from exporters.errors import ExportError
from exporters.overview_pdf import write_overview_pdf
from storage.agreements import create_agreement
from storage.database import Store
from storage.edits import add_goal
from storage.followup import create_round, get_round, set_status
from storage.overview import Overview, read_overview
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry, parse_template
from tests.conftest import REPO_ROOT
from tests.storage.test_followup import OWN_SCALE, _with_scale

PRINTED = date(2026, 11, 27)
HEADERS = ("Enhed", "Nr.", "Indsats", "Type", "Status", "Kommentar", "Målt værdi", "Sat af")
DEMO_GOALS = ("Politiske indsatsområder 2008", "Helpdesk", "Sikkerhedspolitik", "IKT-strategi",
              "Understøtte processer", "Understøtte initiativer", "Trådløs opkobling", "Groupwise",
              "Lean projekter", "Sundhed / sygefravær", "Kerneydelsens værdi")
SKANDERBORG_GOALS = ("Nedbringelse af sygefravær", "Digitalisering", "Rekruttering")

# pytest-qt's QApplication, made before the exporter would make a bare QGuiApplication of its own
# (widget tests later in the same run need a QApplication); the display-less path runs in a subprocess
pytestmark = pytest.mark.usefixtures("qapp")


@dataclass
class FollowedUp:
    """The demo agreement (Faaborg) and a Skanderborg agreement (no sub-goals), two rounds of 2008."""

    demo: str
    skanderborg: str
    spring: str  # the earlier round
    autumn: str  # the latest round: "Status-opfølgning", 1 September 2008
    goals: dict[str, str]  # goal title -> goal uuid


def goal_uuids(store: Store, year: int) -> dict[str, str]:
    return {line.goal_title: line.goal_uuid for line in read_overview(store, year, None).goals()}


def seed_followed_up(store: Store, registry: TemplateRegistry) -> FollowedUp:
    demo = create_from_seed(store, registry, demo_seed())
    skanderborg_template = registry.get("skanderborg-udviklingsaftale")
    assert skanderborg_template is not None
    skanderborg = create_agreement(store, skanderborg_template, "Ældre og Handicap", 2008)
    for title in SKANDERBORG_GOALS:
        add_goal(store, skanderborg, "udviklingsmaal", values={"title": title})
    goals = goal_uuids(store, 2008)
    helpdesk = goals["Helpdesk"]
    spring = create_round(store, "Forårsstatus", date(2008, 3, 1), 2008)
    set_status(store, spring, helpdesk, "rød", "Serviceportalen er ikke startet", None, "mette")
    autumn = create_round(store, "Status-opfølgning", date(2008, 9, 1), 2008)
    set_status(store, autumn, helpdesk, "grøn", "Serviceportalen kører", "4,5", "mette")
    set_status(store, autumn, goals["Sikkerhedspolitik, herunder IT-Sikkerhed"], "gul", "Forsinket til 4. kvartal",
               None, "mette")
    set_status(store, autumn, goals["IKT-strategi"], "rød", "Strategien mangler", None, "jens")
    set_status(store, autumn, goals["Nedbringelse af sygefravær"], "grøn", "Fraværet er faldet", "5 %", "lis")
    set_status(store, autumn, goals["Digitalisering"], "kan ikke vurderes", "Ingen målinger endnu", None, "lis")
    return FollowedUp(demo, skanderborg, spring, autumn, goals)


@pytest.fixture
def followed_up(store: Store, registry: TemplateRegistry) -> FollowedUp:
    return seed_followed_up(store, registry)


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, as pdftotext lays it out."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


def page_size_points(path: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    return float(size[2]), float(size[4])


def squeeze(text: str) -> str:
    return " ".join(text.split())


def header_row(page: str) -> bool:
    return any(all(h in line for h in HEADERS) for line in page.splitlines())


def autumn_overview(store: Store, data: FollowedUp) -> Overview:
    return read_overview(store, 2008, get_round(store, data.autumn))


# --- a normal overview -----------------------------------------------------------------------------

def test_the_pdf_has_title_round_date_headers_statuses_page_numbers_and_print_date(
        store: Store, followed_up: FollowedUp, tmp_path: Path) -> None:
    target = write_overview_pdf(autumn_overview(store, followed_up), tmp_path / "oversigt.pdf", PRINTED)
    width, height = page_size_points(target)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    pages = pdf_pages(target)
    assert len(pages) == 1
    page = pages[0]
    assert "Statusoversigt 2008 – Status-opfølgning (1. september 2008)" in page
    assert header_row(page)
    assert "Side 1 af 1" in page and "Udskrevet 27.11.2026" in page
    rows = {title: next(line for line in page.splitlines() if title in line)
            for title in ("Helpdesk", "Sikkerhedspolitik", "IKT-strategi", "Nedbringelse af sygefravær",
                          "Digitalisering", "Groupwise")}
    assert "✓ Grøn" in rows["Helpdesk"] and "Serviceportalen kører" in rows["Helpdesk"] \
        and "4,5" in rows["Helpdesk"] and "mette" in rows["Helpdesk"] and "Bilag 2a" in rows["Helpdesk"]
    assert "! Gul" in rows["Sikkerhedspolitik"] and "Forsinket til 4. kvartal" in rows["Sikkerhedspolitik"]
    assert "✗ Rød" in rows["IKT-strategi"] and "jens" in rows["IKT-strategi"]
    assert "✓ Grøn" in rows["Nedbringelse af sygefravær"] and "A." in rows["Nedbringelse af sygefravær"]
    assert "Ældre og Handicap" in rows["Nedbringelse af sygefravær"]
    assert "? Kan ikke vurderes" in squeeze(page)
    # a goal nobody assessed says so, and why
    assert "– Ikke vurderet" in rows["Groupwise"] and "(ikke vurderet i runden)" in rows["Groupwise"]
    for title in DEMO_GOALS + SKANDERBORG_GOALS:
        assert title in page, title
    assert "✓ Grøn: 2 · ! Gul: 1 · ✗ Rød: 1 · ? Kan ikke vurderes: 1 · – Ikke vurderet: 9" in page


def test_an_earlier_round_prints_its_own_statuses(store: Store, followed_up: FollowedUp, tmp_path: Path) -> None:
    overview = read_overview(store, 2008, get_round(store, followed_up.spring))
    page = pdf_pages(write_overview_pdf(overview, tmp_path / "forår.pdf", PRINTED))[0]
    assert "Statusoversigt 2008 – Forårsstatus (1. marts 2008)" in page
    helpdesk = next(line for line in page.splitlines() if "Helpdesk" in line)
    assert "✗ Rød" in helpdesk and "Serviceportalen er ikke startet" in helpdesk
    assert "Forsinket" not in page


def test_sub_goals_and_actions_print_when_asked_and_skanderborg_has_none(
        store: Store, followed_up: FollowedUp, tmp_path: Path) -> None:
    overview = autumn_overview(store, followed_up)
    pages = pdf_pages(write_overview_pdf(overview, tmp_path / "alt.pdf", PRINTED, overview.lines))
    rows = [line for page in pages for line in page.splitlines()]
    helpdesk = [line for line in rows if line.startswith("IT-staben") and "Bilag 2a" in line]
    assert len(helpdesk) == 1 + 2 + 3  # the goal, its two sub-goals and three actions
    assert "Delmål: Helpdesk serviceportal er" in helpdesk[1] and "– Ikke vurderet" in helpdesk[1]
    assert "Handling: IT-staben udarbejder en plan" in helpdesk[3]
    skanderborg = [line for line in rows if line.startswith("Ældre og Handicap")]
    assert len(skanderborg) == 3 and not any("Delmål:" in line or "Handling:" in line for line in skanderborg)


# --- long text and long tables -----------------------------------------------------------------------

def test_forty_agreements_paginate_with_the_header_and_page_numbers_on_every_page(
        store: Store, registry: TemplateRegistry, tmp_path: Path) -> None:
    seed = demo_seed()
    for number in range(40):
        each = copy.deepcopy(seed)
        each["fields"]["unit"] = f"Enhed {number:02d}"
        create_from_seed(store, registry, each)
    the_round = get_round(store, create_round(store, "Årsberetning", date(2008, 12, 31), 2008))
    overview = read_overview(store, 2008, the_round)
    assert len(overview.goals()) == 440
    # PySide6 6.12.0 drops a reference to None on many void calls; a long print must not use them up
    # (the process would end with "Fatal Python error: none_dealloc"). The cycle collector is held
    # while counting: garbage of earlier tests freed meanwhile would lower the count too.
    gc.collect()
    gc.disable()
    try:
        none_references = sys.getrefcount(None)
        written = write_overview_pdf(overview, tmp_path / "stor.pdf", PRINTED)
        assert sys.getrefcount(None) >= none_references - 50
    finally:
        gc.enable()
    pages = pdf_pages(written)
    # each goal row begins with its unit; rows are never lost nor printed twice
    per_page = [sum(1 for line in page.splitlines() if line.startswith("Enhed ") and "Bilag" in line)
                for page in pages]
    assert sum(per_page) == 440
    # a page holds about 20 goal rows of the demo (titles wrap to 1–3 lines): 440 rows need 15–35 pages
    assert 15 <= len(pages) <= 35, per_page
    assert min(per_page[:-1]) >= 8, per_page  # no page is left half empty but the last
    for number, page in enumerate(pages, start=1):
        assert header_row(page), number
        assert f"Side {number} af {len(pages)}" in page
        assert "Udskrevet 27.11.2026" in page
        assert "Statusoversigt 2008 – Årsberetning (31. december 2008)" in page
    everything = "".join(pages)
    for title in ("Helpdesk", "Groupwise", "Trådløs opkobling", "IKT-strategi"):
        assert everything.count(title) == 40, title
    assert everything.count("– Ikke vurderet") == 440 + 1  # every row, plus the counts line


def test_a_comment_longer_than_a_page_wraps_and_continues_on_the_next_page(
        store: Store, followed_up: FollowedUp, tmp_path: Path) -> None:
    words = [f"ord{number:04d}" for number in range(2500)]
    set_status(store, followed_up.autumn, followed_up.goals["Groupwise"], "gul", " ".join(words), None, "mette")
    pages = pdf_pages(write_overview_pdf(autumn_overview(store, followed_up), tmp_path / "lang.pdf", PRINTED))
    assert len(pages) >= 3
    text = squeeze(" ".join(pages))
    found = [word for word in text.split() if word.startswith("ord")]
    assert found == words  # every word, in order, none cut nor lost at a page break
    for number, page in enumerate(pages, start=1):
        assert header_row(page) and f"Side {number} af {len(pages)}" in page
    assert "Rekruttering" in pages[-1]  # the rows after the long one follow it


# --- empty overviews say why -----------------------------------------------------------------------

def test_no_round_prints_every_goal_and_says_why_the_statuses_are_empty(
        store: Store, registry: TemplateRegistry, tmp_path: Path) -> None:
    create_from_seed(store, registry, demo_seed())
    page = pdf_pages(write_overview_pdf(read_overview(store, 2008, None), tmp_path / "ingen.pdf", PRINTED))[0]
    assert "Statusoversigt 2008 – ingen opfølgningsrunde" in page
    assert "der er ingen opfølgningsrunde for 2008, så ingen status er sat" in squeeze(page)
    assert squeeze(page).count("(ingen opfølgningsrunde for året)") == 11
    assert "Helpdesk" in page and header_row(page)


def test_no_agreements_prints_one_page_saying_so(store: Store, tmp_path: Path) -> None:
    pages = pdf_pages(write_overview_pdf(read_overview(store, 2030, None), tmp_path / "tom.pdf", PRINTED))
    assert len(pages) == 1
    assert "Der er ingen aftaler med indsatser for 2030." in pages[0]
    assert header_row(pages[0]) and "Side 1 af 1" in pages[0]


# --- the file ------------------------------------------------------------------------------------------

def test_a_folder_that_does_not_exist_is_a_danish_error_and_no_file(
        store: Store, followed_up: FollowedUp, tmp_path: Path) -> None:
    target = tmp_path / "mangler" / "oversigt.pdf"
    with pytest.raises(ExportError, match=r"PDF-filen .*oversigt\.pdf' kunne ikke gemmes: .*mappe"):
        write_overview_pdf(autumn_overview(store, followed_up), target, PRINTED)
    assert not target.parent.exists()


def test_an_existing_file_is_replaced_whole_and_no_temporary_file_is_left(
        store: Store, followed_up: FollowedUp, tmp_path: Path) -> None:
    target = tmp_path / "oversigt.pdf"
    target.write_bytes(b"old")
    write_overview_pdf(autumn_overview(store, followed_up), target, PRINTED)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == ["oversigt.pdf"]


def test_the_command_line_writes_the_pdf_without_a_display(
        store: Store, followed_up: FollowedUp, store_path: Path, tmp_path: Path) -> None:
    """A fresh process with no QT_QPA_PLATFORM, DISPLAY nor QApplication, as the command line runs."""
    target = tmp_path / "cli.pdf"
    script = (
        "import sys; from pathlib import Path; from storage.database import open_store;"
        " from storage.followup import find_round; from storage.overview import read_overview;"
        " from exporters.overview_pdf import write_overview_pdf;"
        " store = open_store(Path(sys.argv[1]));"
        " write_overview_pdf(read_overview(store, 2008, find_round(store, 2008, None)), Path(sys.argv[2]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    store.close()
    started = date.today()
    subprocess.run([sys.executable, "-c", script, str(store_path), str(target)], check=True, cwd=REPO_ROOT,
                   env=env, timeout=120)
    page = pdf_pages(target)[0]
    assert "Status-opfølgning (1. september 2008)" in page
    assert any(f"Udskrevet {day:%d.%m.%Y}" in page for day in (started, date.today()))


def test_the_pdf_module_uses_qt_gui_but_no_widgets() -> None:
    """The one exporter allowed to use Qt paints with QtGui only, so it runs without widgets."""
    tree = ast.parse((REPO_ROOT / "exporters" / "overview_pdf.py").read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert {m for m in modules if m.startswith("PySide6")} == {"PySide6.QtCore", "PySide6.QtGui"}


# --- templates with different scales ------------------------------------------------------------------

def add_own_scale_agreement(store: Store, registry: TemplateRegistry, round_uuid: str) -> str:
    """A school's agreement on a Faaborg-like template with its own two-level scale; its goal 'I risiko'."""
    faaborg = registry.get("faaborg-midtfyn")
    assert faaborg is not None
    template = parse_template(_with_scale(faaborg, OWN_SCALE))  # "● Efter planen", "▲ I risiko"
    school = create_agreement(store, template, "Skolen", 2008)
    goal = add_goal(store, school, "faglig", values={"title": "Inklusion"})
    add_goal(store, school, "faglig", values={"title": "Trivsel"})
    set_status(store, round_uuid, goal, "i risiko", "Mangler pædagoger", None, "rektor")
    return school


def test_agreements_on_two_scales_print_each_status_on_its_own_scale(
        store: Store, registry: TemplateRegistry, followed_up: FollowedUp, tmp_path: Path) -> None:
    add_own_scale_agreement(store, registry, followed_up.autumn)
    page = pdf_pages(write_overview_pdf(autumn_overview(store, followed_up), tmp_path / "skalaer.pdf", PRINTED))[0]
    rows = {title: next(line for line in page.splitlines() if title in line) for title in ("Inklusion", "Trivsel",
                                                                                         "Helpdesk")}
    assert "▲ I risiko" in rows["Inklusion"] and "Mangler pædagoger" in rows["Inklusion"]
    assert "– Ikke vurderet" in rows["Trivsel"] and "(ikke vurderet i runden)" in rows["Trivsel"]
    assert "✓ Grøn" in rows["Helpdesk"]
    assert "✓ Grøn: 2 · ! Gul: 1 · ✗ Rød: 1 · ? Kan ikke vurderes: 1 · – Ikke vurderet: 10 · ▲ I risiko: 1" in page
