"""The overview as .xlsx, read back by LibreOffice (CSV of each sheet, and a printed PDF), not by openpyxl:
every goal row with its status and comment, text that looks like a formula arrives as that text,
characters a workbook cannot hold never abort, Danish dates, the summary's counts, the print set-up."""

from __future__ import annotations

import dataclasses
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from exporters.errors import ExportError
from exporters.overview_xlsx import DETAIL_SHEET, HEADERS, SUMMARY_SHEET, write_overview_xlsx
from storage.agreements import create_agreement
from storage.database import Store
from storage.edits import add_goal, set_row_data
from storage.followup import create_round, get_round, set_status
from storage.overview import Overview, read_overview
from storage.seed import create_from_seed, demo_seed
from storage.template_model import Template
from storage.templates import TemplateRegistry
from tests.exporters.libreoffice import LibreOffice, pdf_pages, pdf_text, require
from tests.storage.followup_data import BuiltGoal, it_staff_2008

#: comments that a spreadsheet would take for a formula or a number if typed into a cell
FORMULA_LIKE = ("=1+1", "+45 12 34", "-5", "@sum", "\tx", "=HYPERLINK(\"http://x\";\"klik\")")


@pytest.fixture
def year_2008(store: Store, faaborg: Template, registry: TemplateRegistry) -> tuple[Overview, list[BuiltGoal]]:
    """IT-staben (one goal with sub-goals and an action) and HR (five goals, one comment per formula-like
    text), a Skanderborg agreement with two goals, in the round '1. september' of 2008."""
    it = it_staff_2008(store, faaborg)
    hr_agreement = create_agreement(store, faaborg, "HR", 2008)
    hr = [BuiltGoal(hr_agreement, add_goal(store, hr_agreement, "eget", values={"title": f"HR-mål {n}"}))
          for n in range(len(FORMULA_LIKE))]
    skanderborg = registry.get("skanderborg-udviklingsaftale")
    assert skanderborg is not None
    elderly = create_agreement(store, skanderborg, "Ældre og Handicap", 2008)
    add_goal(store, elderly, "udviklingsmaal", values={"title": "Nedbringelse af sygefravær"})
    first = create_round(store, "1. september", date(2008, 9, 1), year=2008)
    set_status(store, first, it.goal, "gul", "Telefonkøen er forsinket", measured="4,2", set_by="mette")
    set_status(store, first, it.sub_goals[0], "grøn", "Svartiden er nået", measured="92 %")
    set_status(store, first, it.actions[0], "rød", "Leverandøren har meldt afbud\nNy dato i oktober")
    for built, comment in zip(hr, FORMULA_LIKE, strict=True):
        set_status(store, first, built.goal, "rød", comment)
    return read_overview(store, 2008, get_round(store, first)), [it, *hr]


def _rows_by_header(sheet: list[list[str]]) -> list[dict[str, str]]:
    header = sheet[0]
    return [dict(zip(header, row, strict=True)) for row in sheet[1:]]


def test_every_goal_row_arrives_with_status_and_comment(year_2008: tuple[Overview, list[BuiltGoal]],
                                                        libreoffice: LibreOffice, tmp_path: Path) -> None:
    overview, _ = year_2008
    target = write_overview_xlsx(overview, tmp_path / "oversigt.xlsx")
    sheets = libreoffice.sheets(target)
    assert set(sheets) == {SUMMARY_SHEET, DETAIL_SHEET}
    assert sheets[DETAIL_SHEET][0] == list(HEADERS)
    rows = _rows_by_header(sheets[DETAIL_SHEET])
    assert len(rows) == len(overview.lines)

    goals = {(r["Enhed"], r["Indsats"]): r for r in rows if r["Type"] == "Indsats"}
    assert set(goals) == {("IT-staben", "Bilag 2a Helpdesk"), ("Ældre og Handicap", "A. Nedbringelse af sygefravær"),
                          *(("HR", f"Bilag 3{letter} HR-mål {n}") for n, letter in enumerate("abcdef"))}
    helpdesk = goals[("IT-staben", "Bilag 2a Helpdesk")]
    assert (helpdesk["Status"], helpdesk["Kommentar"], helpdesk["Målt værdi"], helpdesk["Sat af"]) == (
        "! Gul", "Telefonkøen er forsinket", "4.2", "mette")
    assert helpdesk["Succeskriterium"] == "90 % af sagerne besvaret inden 4 timer\n20 % flere sager via portalen"
    assert helpdesk["Indsatstype"] == "Faglig indsats" and helpdesk["Aftale"] == "IT-staben. Aftale 2008"
    elderly = goals[("Ældre og Handicap", "A. Nedbringelse af sygefravær")]
    assert (elderly["Status"], elderly["Kommentar"], elderly["Sat den"]) == ("– Ikke vurderet", "", "")

    by_text = {r["Tekst"]: r for r in rows if r["Type"] != "Indsats"}
    assert by_text["Svartid under 4 timer"]["Status"] == "✓ Grøn"
    assert by_text["Svartid under 4 timer"]["Succeskriterium"] == "90 % af sagerne besvaret inden 4 timer"
    action = by_text["Ny telefonkø"]
    assert (action["Type"], action["Status"], action["Ansvarlig"], action["Frist"]) == (
        "Handling", "✗ Rød", "Mette Hansen", "inden udgangen af 2. kvartal 2008")
    assert action["Kommentar"] == "Leverandøren har meldt afbud\nNy dato i oktober"


def test_formula_like_comments_arrive_as_that_text(year_2008: tuple[Overview, list[BuiltGoal]],
                                                   libreoffice: LibreOffice, tmp_path: Path) -> None:
    overview, _ = year_2008
    rows = _rows_by_header(libreoffice.sheets(write_overview_xlsx(overview, tmp_path / "o.xlsx"))[DETAIL_SHEET])
    hr = {r["Indsats"]: r["Kommentar"] for r in rows if r["Enhed"] == "HR"}
    assert hr == {f"Bilag 3{letter} HR-mål {n}": text
                  for n, (letter, text) in enumerate(zip("abcdef", FORMULA_LIKE, strict=True))}
    with zipfile.ZipFile(tmp_path / "o.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    assert 'quotePrefix="1"' in styles  # Excel keeps them text when a cell is edited too


def test_text_a_workbook_cannot_hold_is_replaced_never_aborting(year_2008: tuple[Overview, list[BuiltGoal]],
                                                                libreoffice: LibreOffice, tmp_path: Path) -> None:
    overview, _ = year_2008
    hostile = {0: "nul\x00byte og klokke\x07", 1: "ensom \ud800 surrogat", 2: "x" * 40_000, 3: "\rførst CR"}
    lines = [dataclasses.replace(line, comment=hostile.get(index, line.comment))
             for index, line in enumerate(overview.lines)]
    lines[4] = dataclasses.replace(lines[4], unit="Enhed \x1b[31m")
    target = write_overview_xlsx(dataclasses.replace(overview, lines=lines), tmp_path / "fjendtlig.xlsx")
    rows = _rows_by_header(libreoffice.sheets(target)[DETAIL_SHEET])
    comments = [r["Kommentar"] for r in rows[:4]]
    assert comments[0] == "nul\ufffdbyte og klokke\ufffd"
    assert comments[1] == "ensom \ufffd surrogat"
    assert len(comments[2]) == 32_767 and comments[2].endswith("x…")
    assert comments[3] == "\rførst CR"
    assert rows[4]["Enhed"] == "Enhed \ufffd[31m"


def test_dates_are_danish_and_real_dates(store: Store, faaborg: Template, libreoffice: LibreOffice,
                                         tmp_path: Path) -> None:
    built = it_staff_2008(store, faaborg)
    set_row_data(store, built.actions[0], {"activity": "Ny telefonkø", "responsible": "Mette Hansen",
                                           "deadline": "1. september 2008", "status": ""})
    first = create_round(store, "1. september", date(2008, 9, 1), year=2008)
    set_status(store, first, built.actions[0], "grøn")
    overview = read_overview(store, 2008, get_round(store, first))
    target = write_overview_xlsx(overview, tmp_path / "datoer.xlsx")
    action = next(r for r in _rows_by_header(libreoffice.sheets(target)[DETAIL_SHEET]) if r["Type"] == "Handling")
    assert action["Frist"] == "01.09.2008"
    set_at = next(line.set_at for line in overview.lines if line.target_kind == "action")
    local = datetime.fromisoformat(set_at.replace("Z", "+00:00")).astimezone()
    assert action["Sat den"] == f"{local:%d.%m.%Y %H:%M}"
    with zipfile.ZipFile(target) as archive:
        assert 'formatCode="dd.mm.yyyy"' in archive.read("xl/styles.xml").decode()


def test_summary_counts_match_the_overview(year_2008: tuple[Overview, list[BuiltGoal]], libreoffice: LibreOffice,
                                          tmp_path: Path) -> None:
    overview, _ = year_2008
    summary = libreoffice.sheets(write_overview_xlsx(overview, tmp_path / "o.xlsx"))[SUMMARY_SHEET]
    assert summary[0][0] == "Statusoverblik 2008"
    assert summary[1][0] == "Runde: 1. september · 1. september 2008"
    header_at = next(i for i, row in enumerate(summary) if row[0] == "Enhed")
    header = [cell for cell in summary[header_at] if cell]
    # the whole scale in its order, also levels no goal has
    assert header == ["Enhed", "✓ Grøn", "! Gul", "✗ Rød", "? Kan ikke vurderes", "– Ikke vurderet", "I alt"]
    table = {row[0]: [int(cell) for cell in row[1:len(header)]] for row in summary[header_at + 1:header_at + 5]}
    assert table == {"HR": [0, 0, 6, 0, 0, 6], "IT-staben": [0, 1, 0, 0, 0, 1], "Ældre og Handicap": [0, 0, 0, 0, 1, 1],
                     "I alt": [0, 1, 6, 0, 1, 8]}
    counts = overview.counts()
    for unit, numbers in table.items():
        if unit != "I alt":
            assert numbers[-1] == sum(counts[unit].values())


def test_no_round_and_no_agreements_say_why(store: Store, faaborg: Template, libreoffice: LibreOffice,
                                            tmp_path: Path) -> None:
    empty = write_overview_xlsx(read_overview(store, 2008, None), tmp_path / "tom.xlsx")
    it_staff_2008(store, faaborg)
    unassessed = write_overview_xlsx(read_overview(store, 2008, None), tmp_path / "uden-runde.xlsx")
    empty_sheets, unassessed_sheets = libreoffice.sheets(empty), libreoffice.sheets(unassessed)
    assert empty_sheets[DETAIL_SHEET] == [list(HEADERS)]
    empty_text = [row[0] for row in empty_sheets[SUMMARY_SHEET]]
    assert "Der er ingen opfølgningsrunde for 2008, så ingen status er sat." in empty_text
    assert "Der er ingen aftaler med indsatser for 2008." in empty_text
    assert "Der er ingen opfølgningsrunde for 2008, så ingen status er sat." in [
        row[0] for row in unassessed_sheets[SUMMARY_SHEET]]
    assert {r["Status"] for r in _rows_by_header(unassessed_sheets[DETAIL_SHEET])} == {"– Ikke vurderet"}


def test_printed_landscape_with_title_header_row_and_page_numbers(store: Store, registry: TemplateRegistry,
                                                                  libreoffice: LibreOffice, tmp_path: Path) -> None:
    """The demo agreement (11 goals) for eight units: the detail sheet runs over several pages, each
    landscape A4 with the title on top, the header row repeated and 'Side X af Y'."""
    for unit in ("IT-staben", "HR", "Økonomi", "Byg og Miljø", "Skole", "Ældre", "Kultur", "Borgerservice"):
        create_from_seed(store, registry, {**demo_seed(), "fields": {**demo_seed()["fields"], "unit": unit}})
    first = create_round(store, "Status-opfølgning", date(2008, 9, 1), year=2008)
    overview = read_overview(store, 2008, get_round(store, first))
    pdf = libreoffice.pdf(write_overview_xlsx(overview, tmp_path / "udskrift.xlsx"))
    pages = pdf_pages(pdf)
    assert pages >= 3
    info = subprocess.run([require("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = (float(v) for v in info.split("Page size:")[1].split("pts")[0].split(" x "))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    for page in range(1, pages + 1):
        text = pdf_text(pdf, page)
        assert "Statusoverblik 2008 · Status-opfølgning (1. september 2008)" in text, page
        assert f"Side {page} af {pages}" in text, page
    for page in range(2, pages + 1):
        text = pdf_text(pdf, page)
        if "Borgerservice" in text or "HR" in text:
            assert "Succeskriterium" in text and "Kommentar" in text, page  # the repeated header row


def test_a_file_that_cannot_be_written_is_said_in_danish_and_nothing_is_left(
        year_2008: tuple[Overview, list[BuiltGoal]], tmp_path: Path) -> None:
    overview, _ = year_2008
    with pytest.raises(ExportError, match="Excel-filen '.*findes-ikke/o.xlsx' kunne ikke skrives: mappen findes ikke."):
        write_overview_xlsx(overview, tmp_path / "findes-ikke" / "o.xlsx")
    folder = tmp_path / "ud"
    (folder / "o.xlsx").mkdir(parents=True)
    with pytest.raises(ExportError, match="kunne ikke skrives: der ligger en mappe med det navn."):
        write_overview_xlsx(overview, folder / "o.xlsx")
    assert [p.name for p in folder.iterdir()] == ["o.xlsx"]  # no temporary file left beside it

    kept = tmp_path / "gammel.xlsx"
    write_overview_xlsx(overview, kept)
    before = kept.read_bytes()
    write_overview_xlsx(dataclasses.replace(overview, lines=[]), kept)  # replaced whole
    assert kept.read_bytes() != before and zipfile.ZipFile(kept).testzip() is None


def test_a_long_round_name_with_ampersands_fits_the_page_header(store: Store, faaborg: Template,
                                                                libreoffice: LibreOffice, tmp_path: Path) -> None:
    it_staff_2008(store, faaborg)
    name = "Status & opfølgning " * 10  # 200 characters, the longest a round name may be
    first = create_round(store, name, date(2008, 9, 1), year=2008)
    target = write_overview_xlsx(read_overview(store, 2008, get_round(store, first)), tmp_path / "lang.xlsx")
    with zipfile.ZipFile(target) as archive:
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet2.xml"))
    header = sheet.findtext(".//{http://schemas.openxmlformats.org/spreadsheetml/2006/main}oddHeader") or ""
    assert len(header) <= 255 and header.endswith("…") and "Status && opfølgning" in header
    pdf = libreoffice.pdf(target)
    assert "Statusoverblik 2008 · Status & opfølgning Status & opfølgning" in pdf_text(pdf, 1)
