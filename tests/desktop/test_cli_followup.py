"""``followup new|list|set|close`` and ``overview`` as a user runs them (a subprocess on its own data folder):
what they print, the Danish refusals with exit status 1 and nothing stored, and the overview file read
back by LibreOffice (xlsx) and poppler (pdf)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from exporters.overview_xlsx import DETAIL_SHEET, SUMMARY_SHEET
from tests.desktop.cli_runner import Cli
from tests.exporters.libreoffice import LibreOffice, pdf_pages, pdf_text

HELPDESK = "Bilag 2a Faglig indsats – Helpdesk"


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))


@pytest.fixture
def demo(cli: Cli) -> dict[str, Any]:
    """The demo agreement (IT-staben 2008) in canonical JSON, as 'show --json' prints it."""
    uuid = cli("demo").stdout.strip()
    agreement: dict[str, Any] = json.loads(cli("show", uuid, "--json").stdout)["agreement"]
    return agreement


def _goal(agreement: dict[str, Any], heading: str) -> dict[str, Any]:
    return next(g for g in agreement["goals"] if g["heading"] == heading)


def _helpdesk_in_overview(cli: Cli, libreoffice: LibreOffice, out: Path, *args: str) -> tuple[str, str]:
    """(Status, Kommentar) of the Helpdesk goal's row in 'overview --format xlsx', as LibreOffice reads it."""
    cli("overview", "--year", "2008", *args, "--format", "xlsx", "--out", str(out))
    header, *rows = libreoffice.sheets(out)[DETAIL_SHEET]
    row = next(r for r in rows if r[header.index("Indsats")] == "Bilag 2a Helpdesk"
               and r[header.index("Type")] == "Indsats")
    return row[header.index("Status")], row[header.index("Kommentar")]


def _september(cli: Cli, demo: dict[str, Any], status: str, comment: str) -> dict[str, Any]:
    """The round 'September' of 2008 with the Helpdesk goal's status set; the goal."""
    helpdesk = _goal(demo, HELPDESK)
    cli("followup", "new", "--year", "2008", "--name", "September", "--date", "1.9.2008")
    cli("followup", "set", "--round", "September", "--year", "2008", helpdesk["uuid"], "--status", status,
        "--comment", comment)
    return helpdesk


def _round_lines(cli: Cli, *args: str) -> list[list[str]]:
    return [line.split("\t") for line in cli("followup", "list", *args).stdout.splitlines()]


def test_a_round_from_new_to_closed(cli: Cli, demo: dict[str, Any]) -> None:
    helpdesk = _goal(demo, HELPDESK)
    sub_goal = helpdesk["fields"]["sub_goals"][0]["uuid"]
    first = cli("followup", "new", "--year", "2008", "--name", "Status-opfølgning", "--date", "1. september 2008")
    first_uuid = first.stdout.strip()
    assert len(first_uuid) == 36 and first.stderr == ""

    set_goal = cli("followup", "set", "--round", "status-opfølgning", "--year", "2008", helpdesk["uuid"],
                   "--status", "gul", "--comment", "Serviceportalen er forsinket")
    assert set_goal.stdout == "! Gul: Serviceportalen er forsinket\n"
    measured = cli("followup", "set", "--round", "Status-opfølgning", "--year", "2008", sub_goal, "--status", "Grøn",
                   "--measured", "4,2")
    assert measured.stdout == "✓ Grøn\n"

    second = cli("followup", "new", "--year", "2008", "--name", "Årsberetning", "--date", "15.12.2008",
                 "--from-last").stdout.strip()
    assert _round_lines(cli, "--year", "2008") == [
        [first_uuid, "2008", "Status-opfølgning", "01.09.2008", "alle aftaler", "åben"],
        [second, "2008", "Årsberetning", "15.12.2008", "alle aftaler", "åben"]]
    cli("followup", "close", "--round", "Status-opfølgning", "--year", "2008")
    assert [line[-1] for line in _round_lines(cli)] == ["lukket", "åben"]

    closed = cli("followup", "set", "--round", "Status-opfølgning", "--year", "2008", helpdesk["uuid"], "--status",
                 "rød", expect=1)
    assert closed.stderr == "Runden »Status-opfølgning« er lukket; dens status kan ikke ændres.\n"
    assert closed.stdout == ""
    # the new round started from the last one's statuses; changing it leaves the closed round as it was
    again = cli("followup", "set", "--round", "Årsberetning", "--year", "2008", helpdesk["uuid"], "--status", "grøn",
                "--comment", "Serviceportalen kører")
    assert again.stdout == "✓ Grøn: Serviceportalen kører\n"


@pytest.mark.parametrize("args, message", [
    (("--status", "lilla"), "Status »lilla« findes ikke på skalaen (grøn, gul, rød, kan ikke vurderes eller ikke"
                            " vurderet).\n"),
    (("--status", "grøn", "--measured", "mange"), "Den målte værdi skal være et tal, fx 4,2 eller 12 %; »mange« er"
                                                  " ikke gemt.\n"),
])
def test_set_refused_in_danish_and_nothing_stored(cli: Cli, demo: dict[str, Any], tmp_path: Path,
                                                  libreoffice: LibreOffice, args: tuple[str, ...],
                                                  message: str) -> None:
    helpdesk = _september(cli, demo, "gul", "før")
    refused = cli("followup", "set", "--round", "September", "--year", "2008", helpdesk["uuid"], *args,
                  "--comment", "efter", expect=1)
    assert (refused.stdout, refused.stderr) == ("", message)
    assert _helpdesk_in_overview(cli, libreoffice, tmp_path / "oversigt.xlsx") == ("! Gul", "før")


@pytest.mark.parametrize("args, message", [
    (("--year", "2008", "--name", "X", "--date", "31.2.2008"),
     "Datoen »31.2.2008« kan ikke læses. Skriv den som 1.9.2008 eller 1. september 2008.\n"),
    (("--year", "2008", "--name", "X", "--date", "2008/09/01"),
     "Datoen »2008/09/01« kan ikke læses. Skriv den som 1.9.2008 eller 1. september 2008.\n"),
    (("--year", "2008", "--name", "X", "--date", "1.9.2008", "--from-last"),
     "Der er ingen tidligere runde for 2008 at starte fra. Intet er oprettet.\n"),
    (("--name", "X", "--date", "1.9.2008"), "Skriv hvilket år runden gælder, eller vælg én aftale.\n"),
])
def test_new_refused_in_danish_and_nothing_stored(cli: Cli, demo: dict[str, Any], args: tuple[str, ...],
                                                  message: str) -> None:
    refused = cli("followup", "new", *args, expect=1)
    assert (refused.stdout, refused.stderr) == ("", message)
    assert _round_lines(cli) == []


def test_round_of_another_year_or_unknown_round(cli: Cli, demo: dict[str, Any]) -> None:
    helpdesk = _goal(demo, HELPDESK)
    cli("followup", "new", "--year", "2009", "--name", "September", "--date", "1.9.2009")
    other_year = cli("followup", "set", "--round", "September", "--year", "2009", helpdesk["uuid"], "--status", "gul",
                     expect=1)
    assert other_year.stderr == "Runden »September« gælder ikke denne aftale.\n"
    unknown = cli("followup", "set", "--round", "Oktober", "--year", "2009", helpdesk["uuid"], "--status", "gul",
                  expect=1)
    assert unknown.stderr == "Der er ikke »Oktober« for 2009.\n"
    usage = cli("followup", "set", "--year", "2009", helpdesk["uuid"], "--status", "gul", expect=2)
    assert "disse argumenter mangler: --round" in usage.stderr


def test_overview_xlsx_of_the_latest_round(cli: Cli, demo: dict[str, Any], tmp_path: Path,
                                           libreoffice: LibreOffice) -> None:
    _september(cli, demo, "rød", "=1+1")
    out = tmp_path / "ud" / "oversigt.xlsx"
    out.parent.mkdir()
    written = cli("overview", "--year", "2008", "--format", "xlsx", "--out", str(out))
    assert written.stdout == f"{out}\n" and written.stderr == ""
    sheets = libreoffice.sheets(out)
    assert sheets[SUMMARY_SHEET][1][0] == "Runde: September · 1. september 2008"
    header, *rows = sheets[DETAIL_SHEET]
    goals = [r for r in rows if r[header.index("Type")] == "Indsats"]
    assert len(goals) == len(demo["goals"])
    helpdesk_row = next(r for r in goals if r[header.index("Indsats")] == "Bilag 2a Helpdesk")
    assert (helpdesk_row[header.index("Status")], helpdesk_row[header.index("Kommentar")]) == ("✗ Rød", "=1+1")
    assert [p.name for p in out.parent.iterdir()] == ["oversigt.xlsx"]


def test_overview_without_rounds_says_so_and_a_bad_target_is_refused(cli: Cli, demo: dict[str, Any],
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "oversigt.xlsx"
    written = cli("overview", "--year", "2008", "--format", "xlsx", "--out", str(out))
    assert written.stderr == "Bemærk: der er ingen opfølgningsrunde for 2008; ingen status er sat.\n"
    assert out.is_file()
    unknown_round = cli("overview", "--year", "2008", "--round", "Oktober", "--format", "xlsx", "--out", str(out),
                        expect=1)
    assert unknown_round.stderr == "Der er ikke »Oktober« for 2008.\n"
    missing_folder = cli("overview", "--year", "2008", "--format", "xlsx", "--out", str(tmp_path / "nej" / "o.xlsx"),
                         expect=1)
    assert missing_folder.stderr.endswith("kunne ikke skrives: mappen findes ikke.\n")
    bad_format = cli("overview", "--year", "2008", "--format", "csv", "--out", str(out), expect=2)
    assert "ukendt valg 'csv'" in bad_format.stderr


def test_overview_pdf(cli: Cli, demo: dict[str, Any], tmp_path: Path) -> None:
    _september(cli, demo, "gul", "Serviceportalen er forsinket")
    out = tmp_path / "oversigt.pdf"
    written = cli("overview", "--year", "2008", "--round", "September", "--format", "pdf", "--out", str(out))
    assert written.stdout == f"{out}\n"
    assert pdf_pages(out) >= 1
    text = pdf_text(out)
    assert "September" in text and "Helpdesk" in text and "Serviceportalen er forsinket" in text


def test_a_round_of_one_agreement_starts_from_its_last_round(cli: Cli, demo: dict[str, Any], tmp_path: Path,
                                                            libreoffice: LibreOffice) -> None:
    _september(cli, demo, "rød", "Forsinket")
    own = cli("followup", "new", "--agreement", demo["uuid"], "--name", "IT's egen", "--date", "1. oktober 2008",
              "--from-last").stdout.strip()
    assert _round_lines(cli)[-1] == [own, "2008", "IT's egen", "01.10.2008", demo["uuid"], "åben"]
    copied = _helpdesk_in_overview(cli, libreoffice, tmp_path / "egen.xlsx", "--round", "IT's egen")
    assert copied == ("✗ Rød", "Forsinket")
    wrong_year = cli("followup", "new", "--agreement", demo["uuid"], "--year", "2009", "--name", "X", "--date",
                     "1.9.2009", expect=1)
    assert wrong_year.stderr == "Aftalen er for 2008, ikke 2009.\n"


def test_targets_list_the_uuids_that_set_takes(cli: Cli, demo: dict[str, Any]) -> None:
    """A user finds what to set without reading JSON: one line per goal, sub-goal and action."""
    before = [line.split("\t") for line in cli("followup", "targets", "--year", "2008").stdout.splitlines()]
    helpdesk_lines = [line for line in before if line[3] == "Bilag 2a Helpdesk"]
    assert [line[2] for line in helpdesk_lines] == ["Indsats", "Delmål", "Delmål", "Handling", "Handling",
                                                    "Handling"]
    assert {line[5] for line in before} == {"– Ikke vurderet"}  # no round yet
    first_action = helpdesk_lines[3]
    assert first_action[4] == "IT-staben udarbejder en plan for implementering af Serviceportal."
    cli("followup", "new", "--year", "2008", "--name", "September", "--date", "1.9.2008")
    cli("followup", "set", "--round", "September", "--year", "2008", first_action[0], "--status", "rød",
        "--comment", "Planen mangler")
    after = {line.split("\t")[0]: line.split("\t") for line in
             cli("followup", "targets", "--year", "2008", "--unit", "it-staben").stdout.splitlines()}
    assert after[first_action[0]][5] == "✗ Rød: Planen mangler"
    assert cli("followup", "targets", "--year", "2008", "--unit", "HR").stdout == ""
