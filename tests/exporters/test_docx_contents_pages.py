"""The contents' page numbers (issue 11): a batch laid out by one LibreOffice run, the minutes numbered
like an agreement, and — with LibreOffice or pdftotext missing — a contents of headings alone that asks
nothing on opening, with a Danish note for the user. Real files, read back with lxml and LibreOffice."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from PySide6.QtWidgets import QMessageBox

from exporters import contents_pages
from exporters.batch import export_batch
from exporters.docx_export import export_agreement, word_writer
from exporters.minutes_docx import export_minutes
from storage.agreements import create_agreement
from storage.database import Store
from storage.minutes import add_item, create_meeting
from storage.template_model import Template
from tests.conftest import WindowFactory
from tests.exporters.libreoffice import LibreOffice, find_in_order, normalise, pdf_text
from tests.fingerprints import folder_listing

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NO_LIBREOFFICE = ("Indholdsfortegnelsen har ingen sidetal, fordi LibreOffice ikke er installeret. Word udfylder "
                  "dem, når du klikker i indholdsfortegnelsen og trykker F9 (Opdater felt).")
UNITS = ("Borgerservice", "HR-staben", "IT-staben")


def parts(docx: Path) -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(docx) as archive:
        return (etree.fromstring(archive.read("word/document.xml")),
                etree.fromstring(archive.read("word/settings.xml")))


def contents(docx: Path) -> list[list[str]]:
    """The texts of each run of each contents entry (a tab as "\\t")."""
    document, _ = parts(docx)
    return [["\t" if r.find(f"{W}tab") is not None else "".join(t.text or "" for t in r.iter(f"{W}t"))
             for r in p.iter(f"{W}r") if r.find(f"{W}fldChar") is None and r.find(f"{W}instrText") is None]
            for p in document.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='TOC1']") is not None
            or p.find(f"{W}pPr/{W}pStyle[@{W}val='TOC2']") is not None]


def asks_nothing(docx: Path) -> None:
    """Word opens the file without a question: no updateFields setting, no dirty field; still a TOC field."""
    document, settings = parts(docx)
    assert settings.find(f"{W}updateFields") is None
    assert not [c for c in document.iter(f"{W}fldChar") if c.get(f"{W}dirty")]
    assert any("TOC" in (i.text or "") for i in document.iter(f"{W}instrText"))


@pytest.fixture
def three(store: Store, faaborg: Template) -> list[str]:
    return [create_agreement(store, faaborg, unit, 2008) for unit in UNITS]


@pytest.fixture
def soffice_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The commands contents_pages runs LibreOffice with (it still runs them)."""
    runs: list[list[str]] = []
    real = subprocess.run

    def counted(command: list[str], *args: Any, **kwargs: Any) -> Any:
        if "--convert-to" in command:
            runs.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(contents_pages.subprocess, "run", counted)
    return runs


@pytest.fixture
def no_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No soffice, libreoffice or pdftotext on the PATH (as on a machine without LibreOffice)."""
    empty = tmp_path / "tom-sti"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert contents_pages.tools() is None


def test_a_batch_is_laid_out_by_one_libreoffice_run_and_every_file_gets_its_page_numbers(
        store: Store, three: list[str], tmp_path: Path, soffice_runs: list[list[str]],
        libreoffice: LibreOffice) -> None:
    if contents_pages.tools() is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    result = export_batch(store, three, tmp_path / "ud", word_writer())
    assert not result.failed and result.notes == []
    assert len(soffice_runs) == 1
    assert sum(arg.endswith(".docx") for arg in soffice_runs[0]) == 3
    assert folder_listing(tmp_path / "ud") == [f"{unit} - Aftale 2008.docx" for unit in UNITS]  # nothing left over
    pdfs = libreoffice.pdfs(result.written)
    for docx, pdf in zip(result.written, pdfs, strict=True):
        asks_nothing(docx)
        entries = contents(docx)
        assert len(entries) >= 6
        for *heading, tab, number in entries:
            assert tab == "\t" and number.isdigit(), (docx.name, heading, number)
            page = normalise(pdf_text(pdf, int(number)))
            assert normalise("".join(heading)) in page, (docx.name, heading, number)


def test_the_minutes_contents_is_numbered_like_an_agreements_and_asks_nothing(
        store: Store, tmp_path: Path, libreoffice: LibreOffice) -> None:
    if contents_pages.tools() is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    meeting = create_meeting(store, "Chefforum", "3.3.2016")
    for title in ("Godkendelse af dagsorden", "Status på helpdesk"):
        add_item(store, meeting, title)
    notes: list[str] = []
    docx = export_minutes(store, meeting, tmp_path / "referat.docx", notes=notes)
    assert notes == []
    asks_nothing(docx)
    pdf = libreoffice.pdf(docx)
    entries = contents(docx)
    assert [heading for heading, _, _ in entries] == ["Punkt 1: Godkendelse af dagsorden",
                                                      "Punkt 2: Status på helpdesk"]
    for heading, _, number in entries:
        assert heading in normalise(pdf_text(pdf, int(number)))


def test_without_libreoffice_the_contents_lists_the_headings_asks_nothing_and_the_user_is_told(
        store: Store, demo_uuid: str, tmp_path: Path, no_tools: None, monkeypatch: pytest.MonkeyPatch,
        libreoffice: LibreOffice) -> None:
    notes: list[str] = []
    docx = export_agreement(store, demo_uuid, tmp_path / "aftale.docx", notes=notes)
    meeting = create_meeting(store, "Chefforum", "3.3.2016")
    add_item(store, meeting, "Status på helpdesk")
    minutes_notes: list[str] = []
    minutes = export_minutes(store, meeting, tmp_path / "referat.docx", notes=minutes_notes)
    assert notes == [NO_LIBREOFFICE] and minutes_notes == [NO_LIBREOFFICE]
    for written in (docx, minutes):
        asks_nothing(written)
        entries = contents(written)
        assert entries and all(len(entry) == 1 for entry in entries), entries  # the heading alone: no tab, no "00"
    assert contents(docx)[:3] == [["1.0 Indledning"], ["1.1 Aftalens parter og løbetid"],
                                  ["1.2 Aftaleområdets kerneydelse"]]
    monkeypatch.undo()  # LibreOffice back, to read the files
    text = normalise(libreoffice.text(docx))
    find_in_order(text, ["Indholdsfortegnelse", "1.0 Indledning", "1.1 Aftalens parter og løbetid",
                         "Bilag 1 Politisk indsats", "1.0 Indledning"])
    assert " 00" not in text


def test_without_pdftotext_the_note_names_it(store: Store, three: list[str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    soffice = contents_pages.shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    real_which = contents_pages.shutil.which
    monkeypatch.setattr(contents_pages.shutil, "which",
                        lambda name, *args, **kwargs: None if name == "pdftotext" else real_which(name))
    notes: list[str] = []
    asks_nothing(export_agreement(store, three[0], tmp_path / "aftale.docx", notes=notes))
    assert notes == [NO_LIBREOFFICE.replace("LibreOffice ikke", "pdftotext (poppler-utils) ikke")]


def test_a_batch_without_libreoffice_says_so_once_in_its_summary(store: Store, three: list[str], tmp_path: Path,
                                                                  no_tools: None) -> None:
    result = export_batch(store, three, tmp_path / "ud", word_writer())
    assert len(result.written) == 3
    assert result.summary() == (
        "3 aftaler skrevet.\nIndholdsfortegnelserne i 3 filer har ingen sidetal, fordi LibreOffice ikke er "
        "installeret. Word udfylder dem, når du klikker i indholdsfortegnelsen og trykker F9 (Opdater felt).")
    for docx in result.written:
        asks_nothing(docx)
        assert all(len(entry) == 1 for entry in contents(docx))


def test_the_window_tells_after_a_word_export_that_the_contents_has_no_page_numbers(
        make_window: WindowFactory, demo_uuid: str, tmp_path: Path, no_tools: None) -> None:
    window = make_window()
    target = tmp_path / "aftale.docx"
    assert window.exports.export_one(demo_uuid, target) == target
    box = window.exports.last_message
    assert isinstance(box, QMessageBox)
    assert box.text() == f"Word-filen er gemt.\n\n{NO_LIBREOFFICE}\n\n{target}"
    asks_nothing(target)
    window.exports.send(demo_uuid, tmp_path / "underskrift.docx")
    box = window.exports.last_message
    assert isinstance(box, QMessageBox)
    assert NO_LIBREOFFICE in box.text() and box.text().startswith("Aftalen er klar til underskrift som Rev. ")


def test_in_the_built_program_the_tools_load_the_systems_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyInstaller points LD_LIBRARY_PATH at the libraries it ships; LibreOffice and pdftotext must not
    load those (on another distribution they would not fit), but the user's own path or none."""
    monkeypatch.setattr(contents_pages.sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/Aftaler/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/home/mette/lib")
    assert contents_pages.tool_env()["LD_LIBRARY_PATH"] == "/home/mette/lib"
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG")
    assert "LD_LIBRARY_PATH" not in contents_pages.tool_env()
    monkeypatch.setattr(contents_pages.sys, "frozen", False)
    assert contents_pages.tool_env()["LD_LIBRARY_PATH"] == "/opt/Aftaler/_internal"  # not built: as it is
