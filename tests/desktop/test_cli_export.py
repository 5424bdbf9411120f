"""``python -m desktop … export docx``, run as the user runs it (a subprocess), read back by LibreOffice."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from tests.desktop.cli_runner import Cli
from tests.exporters.broken_references import BROKEN_XML, with_part
from tests.exporters.libreoffice import LibreOffice, normalise
from tests.fingerprints import folder_listing, sha256_of


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))


def new(cli: Cli, unit: str, year: int, template: str = "faaborg-midtfyn") -> str:
    out = cli("new", "--template", template, "--unit", unit, "--year", str(year)).stdout.strip()
    return str(uuid.UUID(out))


def test_export_one_agreement(cli: Cli, tmp_path: Path, libreoffice: LibreOffice) -> None:
    demo = str(uuid.UUID(cli("demo").stdout.strip()))
    out = tmp_path / "ud" / "mappe"  # created
    result = cli("export", "docx", demo, "--out", str(out))
    assert result.stdout.splitlines() == [str(out / "IT-staben - Aftale 2008.docx")]
    assert result.stderr == "1 aftale skrevet.\n"  # the window's summary
    assert folder_listing(out) == ["IT-staben - Aftale 2008.docx"]
    text = normalise(libreoffice.text(out / "IT-staben - Aftale 2008.docx"))
    assert text.startswith("IT-staben Aftale 2008 Aftaleperiode: 01.01.2008 – 31.12.2008")
    assert "Bilag 2a Faglig indsats – Helpdesk" in text and "32.925.000 kr." in text


def test_export_all_of_a_year(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    new(cli, "HR-staben", 2008)
    new(cli, "Ældre og Handicap", 2016, template="skanderborg-udviklingsaftale")
    new(cli, "IT-staben", 2009)
    out = tmp_path / "ud"
    result = cli("export", "docx", "--all", "--year", "2008", "--out", str(out))
    assert sorted(Path(line).name for line in result.stdout.splitlines()) == \
        ["HR-staben - Aftale 2008.docx", "IT-staben - Aftale 2008.docx"]
    assert folder_listing(out) == ["HR-staben - Aftale 2008.docx", "IT-staben - Aftale 2008.docx"]

    everything = tmp_path / "alle"
    cli("export", "docx", "--all", "--out", str(everything))
    assert folder_listing(everything) == [
        "HR-staben - Aftale 2008.docx", "IT-staben - Aftale 2008.docx", "IT-staben - Aftale 2009.docx",
        "Ældre og Handicap - Udviklingsaftale 2016.docx"]


def test_export_with_db_option(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "andet.sqlite"
    demo = str(uuid.UUID(cli("--db", str(db), "demo", data=False).stdout.strip()))
    out = tmp_path / "ud"
    cli("--db", str(db), "export", "docx", demo, "--out", str(out), data=False)
    assert folder_listing(out) == ["IT-staben - Aftale 2008.docx"]


def test_unknown_uuid_fails_in_danish_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    demo = cli("demo").stdout.strip()
    unknown = "00000000-0000-4000-8000-000000000000"
    out = tmp_path / "ud"
    result = cli("export", "docx", demo, unknown, "--out", str(out), expect=1)
    assert result.stderr.strip() == f"Aftalen findes ikke: {unknown}. Intet er skrevet."
    assert result.stdout == ""
    assert not out.exists()


def test_export_of_an_empty_year_fails_in_danish(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    result = cli("export", "docx", "--all", "--year", "1999", "--out", str(tmp_path / "ud"), expect=1)
    assert result.stderr.strip() == "Der er ingen aftaler at eksportere for 1999."
    assert not (tmp_path / "ud").exists()


@pytest.mark.parametrize("args, message", [
    ([], "'export' kræver et format, fx: export docx UUID --out MAPPE"),
    (["docx", "--all"], "disse argumenter mangler: --out"),
    (["pdf", "--out", "ud"], "ukendt valg"),
])
def test_usage_errors_exit_2_in_danish(cli: Cli, args: list[str], message: str) -> None:
    result = cli("export", *args, expect=2)
    assert message in result.stderr
    assert "fejl:" in result.stderr and result.stderr.startswith("brug: ")


@pytest.mark.parametrize("args, message", [
    (["--out", "ud"], "Angiv mindst én aftales uuid, eller --all (evt. med --year)."),
    (["--year", "2008", "--out", "ud", "X"], "--year bruges sammen med --all."),
    (["--all", "--out", "ud", "X"], "Angiv enten uuid'er eller --all, ikke begge."),
])
def test_contradictory_choices_fail_in_danish(cli: Cli, data_dir: Path, args: list[str], message: str) -> None:
    result = cli("export", "docx", *args, expect=1)
    assert result.stderr.strip() == message
    assert not (data_dir.parent / "ud").exists()


def garbage(path: Path) -> Path:
    path.write_bytes(b"ikke en docx")
    return path


def without_styles(path: Path) -> Path:
    Document().save(str(path))  # valid, without the export's styles
    return path


@pytest.mark.parametrize("make, reason", [
    (garbage, "kan ikke bruges"),
    (with_part("word/styles.xml", BROKEN_XML), "kan ikke bruges"),
    (without_styles, "mangler typografierne"),
], ids=["garbage", "broken-xml", "no-styles"])
def test_broken_reference_document_fails_in_danish(cli: Cli, data_dir: Path, tmp_path: Path,
                                                   make: Callable[[Path], Path], reason: str) -> None:
    demo = cli("demo").stdout.strip()
    word = data_dir / "word"
    word.mkdir()
    make(word / "reference.docx")
    before = sha256_of(word / "reference.docx")
    out = tmp_path / "ud"
    result = cli("export", "docx", demo, "--out", str(out), expect=1)
    assert result.stdout == ""
    assert result.stderr.startswith("0 aftaler skrevet.\n1 kunne ikke skrives:\n"
                                    f"  • IT-staben. Aftale 2008: Word-skabelonen '{word / 'reference.docx'}'")
    assert reason in result.stderr
    assert not re.search(r"Error|Exception|Package not found|Couldn't|line \d", result.stderr), result.stderr
    assert not out.exists() or folder_listing(out) == []
    assert sha256_of(word / "reference.docx") == before


def test_a_file_that_cannot_be_written_fails_in_danish(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    new(cli, "HR-staben", 2008)
    out = tmp_path / "ud"
    (out / "HR-staben - Aftale 2008.docx").mkdir(parents=True)
    result = cli("export", "docx", "--all", "--out", str(out), expect=1)
    assert [Path(line).name for line in result.stdout.splitlines()] == ["IT-staben - Aftale 2008.docx"]
    assert result.stderr.startswith("1 aftale skrevet.\n1 kunne ikke skrives:\n  • HR-staben. Aftale 2008: Filen ")
    assert "kunne ikke gemmes" in result.stderr


def test_export_leaves_the_store_unchanged(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    demo = cli("demo").stdout.strip()
    store = data_dir / "aftaler.sqlite"
    before = cli("show", demo, "--json").stdout
    cli("export", "docx", demo, "--out", str(tmp_path / "ud"))
    assert cli("show", demo, "--json").stdout == before
    assert store.exists()
