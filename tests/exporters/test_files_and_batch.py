"""File names, batch export (progress, cancelling, failures, summary) and broken reference documents."""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from exporters import docx_export
from exporters.batch import export_batch
from exporters.docx_export import default_file_name, export_agreement, word_writer
from exporters.docx_writer import DocxOptions, write_docx
from exporters.errors import ExportError
from exporters.file_names import agreement_file_name, safe_stem
from exporters.reference_document import builtin_reference, reference_for
from storage.agreements import create_agreement, load_agreement, template_of
from storage.database import Store
from storage.model import Agreement
from storage.template_model import Template
from tests.exporters.broken_references import BROKEN_XML, with_part
from tests.fingerprints import folder_listing

# English exception names and texts that must not reach a message
ENGLISH = re.compile(r"Error|Exception|KeyError|There is no|errno|Not a directory|No such file|Permission denied"
                     r"|Package not found|Couldn't|line \d")
WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def assert_safe_on_windows(name: str) -> None:
    assert not set(name) & WINDOWS_FORBIDDEN, name
    assert not name.startswith((".", " ", "-")), name  # hidden on Linux and macOS; an option to shell tools
    assert name == name.rstrip(". "), name
    stem = name.rsplit(".", 1)[0] if name.endswith(".docx") else name
    assert stem == stem.rstrip(". "), name
    assert name.split(".")[0].rstrip(" ").upper() not in WINDOWS_RESERVED, name
    assert len(name) <= 255 and len(name.encode("utf-16-le")) // 2 <= 255, name
    assert len(name.encode("utf-8")) <= 255, f"{len(name.encode())} bytes: too long for Linux and macOS"


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".aftale-*")]


# --- file names --------------------------------------------------------------------------------------

UNITS = ['IT/staben: "nye"? <*>|', "CON", "nul", "Com1", "LPT9", "AUX.", "IT-staben...", "IT-staben. . .",
         "  Tab\there  ", "x\x00y\x1f\x7f", "Ældre og Handicap", "a" * 300, "Æ" * 300, "漢" * 300, "😀" * 300,
         "..", "", ".NET-teamet"]


@pytest.mark.parametrize("unit", UNITS, ids=range(len(UNITS)))
def test_file_names_are_safe_on_windows(unit: str, tmp_path: Path) -> None:
    name = agreement_file_name(unit, "Aftale", 2008, ".docx")
    assert_safe_on_windows(name)
    assert name.endswith(".docx")
    (tmp_path / name).write_bytes(b"")  # and this system takes it
    assert folder_listing(tmp_path) == [name]


def test_file_names_keep_what_they_can() -> None:
    assert agreement_file_name("IT-staben", "Aftale", 2008, ".docx") == "IT-staben - Aftale 2008.docx"
    assert agreement_file_name("Ældre og Handicap", "Udviklingsaftale", 2016, ".docx") == \
        "Ældre og Handicap - Udviklingsaftale 2016.docx"
    assert agreement_file_name('IT/staben: "nye"? <*>|', "Aftale", 2008, ".docx").startswith("IT_staben")
    for reserved in ("CON", "nul", "Com1", "LPT9", "aux", "CON ", "NUL.txt"):
        stem = safe_stem(reserved)
        assert stem.split(".")[0].rstrip().upper() not in WINDOWS_RESERVED, stem
        assert reserved.strip().split(".")[0].upper() in stem.upper()
    assert safe_stem("Aftale. . .") == "Aftale"
    assert safe_stem("...") == "aftale"


@pytest.mark.parametrize("unit", ["a" * 300, "Æ" * 300, "漢" * 300])
def test_long_units_keep_kind_and_year(unit: str) -> None:
    name = agreement_file_name(unit, "Aftale", 2008, ".docx")
    assert name.endswith(" - Aftale 2008.docx"), name
    assert name.startswith(unit[:20])


# --- batch export ------------------------------------------------------------------------------------

@pytest.fixture
def three(store: Store, faaborg: Template) -> list[str]:
    return [create_agreement(store, faaborg, unit, 2008) for unit in ("Borgerservice", "HR-staben", "IT-staben")]


def test_batch_writes_each_agreement_under_its_own_name(store: Store, three: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "ud"
    progress: list[tuple[int, str]] = []

    def note(done: int, title: str) -> bool:
        progress.append((done, title))
        return True

    result = export_batch(store, three, folder, word_writer(), progress=note)
    assert [p.name for p in result.written] == ["Borgerservice - Aftale 2008.docx", "HR-staben - Aftale 2008.docx",
                                                "IT-staben - Aftale 2008.docx"]
    assert folder_listing(folder) == [p.name for p in result.written]
    assert not result.failed and not result.cancelled
    assert progress == [(0, "Borgerservice. Aftale 2008"), (1, "HR-staben. Aftale 2008"),
                        (2, "IT-staben. Aftale 2008"), (3, "")]
    assert result.summary() == "3 aftaler skrevet."
    assert [default_file_name(store, u) for u in three] == [p.name for p in result.written]


def test_batch_numbers_duplicate_names(store: Store, faaborg: Template, tmp_path: Path) -> None:
    uuids = [create_agreement(store, faaborg, unit, 2008) for unit in ("IT-staben", "IT-staben", "it-staben")]
    result = export_batch(store, uuids, tmp_path / "ud", word_writer())
    assert [p.name for p in result.written] == ["IT-staben - Aftale 2008.docx", "IT-staben - Aftale 2008 (2).docx",
                                                "it-staben - Aftale 2008 (3).docx"]
    assert len(folder_listing(tmp_path / "ud")) == 3


def test_batch_goes_on_past_a_file_that_cannot_be_written(store: Store, three: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "ud"
    blocked = folder / "HR-staben - Aftale 2008.docx"
    blocked.mkdir(parents=True)  # a folder where the file should go: the rename fails
    (blocked / "indhold.txt").write_text("må ikke røres")
    result = export_batch(store, three, folder, word_writer())
    assert [p.name for p in result.written] == ["Borgerservice - Aftale 2008.docx", "IT-staben - Aftale 2008.docx"]
    assert len(result.failed) == 1
    title, reason = result.failed[0]
    assert title == "HR-staben. Aftale 2008"
    assert "kunne ikke gemmes" in reason and "HR-staben - Aftale 2008.docx" in reason
    summary = result.summary()
    assert summary.startswith("2 aftaler skrevet.\n1 kunne ikke skrives:\n")
    assert "HR-staben. Aftale 2008: Filen" in summary
    assert temp_files(folder) == []
    assert blocked.is_dir() and (blocked / "indhold.txt").read_text() == "må ikke røres"
    assert folder_listing(folder) == ["Borgerservice - Aftale 2008.docx", "HR-staben - Aftale 2008.docx",
                                        "IT-staben - Aftale 2008.docx"]


def test_batch_reports_an_agreement_that_is_gone(store: Store, three: list[str], tmp_path: Path) -> None:
    gone = "00000000-0000-4000-8000-000000000000"
    result = export_batch(store, [three[0], gone], tmp_path / "ud", word_writer())
    assert len(result.written) == 1
    assert result.failed == [(gone, f"Aftalen {gone} findes ikke.")]


def test_batch_can_be_cancelled_from_the_progress_callback(store: Store, three: list[str], tmp_path: Path) -> None:
    seen: list[int] = []

    def progress(done: int, title: str) -> bool:
        seen.append(done)
        return done < 1  # "Afbryd" once the first file is written

    result = export_batch(store, three, tmp_path / "ud", word_writer(), progress=progress)
    assert result.cancelled
    assert [p.name for p in result.written] == ["Borgerservice - Aftale 2008.docx"]
    assert folder_listing(tmp_path / "ud") == ["Borgerservice - Aftale 2008.docx"]
    assert seen == [0, 1]
    assert "afbrudt" in result.summary()
    assert temp_files(tmp_path / "ud") == []


def test_exported_file_is_readable_like_any_new_file(store: Store, three: list[str], tmp_path: Path) -> None:
    """The temporary file is private while it is written; the finished file gets the usual permissions."""
    umask = os.umask(0o022)
    os.umask(umask)
    target = export_agreement(store, three[0], tmp_path / "aftale.docx")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_export_replaces_an_older_file(store: Store, three: list[str], tmp_path: Path) -> None:
    target = tmp_path / "ud" / "aftale.docx"
    target.parent.mkdir()
    target.write_bytes(b"gammel")
    export_agreement(store, three[0], target)
    assert target.read_bytes().startswith(b"PK")
    assert folder_listing(target.parent) == ["aftale.docx"]


def test_an_unexpected_failure_while_writing_is_reported_in_danish(
        store: Store, three: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx, lxml and zipfile fail with their own English exceptions; the user gets a Danish reason."""
    real = docx_export.write_docx

    def write_or_fail(agreement: Agreement, *args: Any, **kwargs: Any) -> Path:
        if agreement.unit == "HR-staben":
            raise KeyError("There is no item named 'word/styles.xml' in the archive")
        return real(agreement, *args, **kwargs)

    monkeypatch.setattr(docx_export, "write_docx", write_or_fail)
    target = tmp_path / "en" / "HR-staben.docx"
    with pytest.raises(ExportError) as caught:
        export_agreement(store, three[1], target)
    assert str(caught.value) == (f"Word-filen '{target}' kunne ikke skrives: der opstod en uventet fejl under"
                                 " eksporten, og filen er ikke gemt.")

    result = export_batch(store, three, tmp_path / "ud", word_writer())
    assert [p.name for p in result.written] == ["Borgerservice - Aftale 2008.docx", "IT-staben - Aftale 2008.docx"]
    [(title, reason)] = result.failed
    assert title == "HR-staben. Aftale 2008"
    assert reason.startswith("Word-filen ") and "uventet fejl" in reason
    assert not ENGLISH.search(reason), reason


def test_a_folder_that_cannot_be_made_is_reported_in_danish(store: Store, three: list[str], tmp_path: Path) -> None:
    blocker = tmp_path / "en fil"
    blocker.write_text("ikke en mappe", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        export_agreement(store, three[0], blocker / "ud" / "aftale.docx")
    assert str(caught.value).startswith(f"Filen '{blocker / 'ud' / 'aftale.docx'}' kunne ikke gemmes: ")
    assert not ENGLISH.search(str(caught.value)), str(caught.value)
    result = export_batch(store, three, blocker / "ud", word_writer())
    assert result.written == [] and len(result.failed) == 3
    assert not any(ENGLISH.search(reason) for _, reason in result.failed), result.failed


# --- broken reference documents ------------------------------------------------------------------------

def reference_without_feltnavn(path: Path) -> Path:
    Document().save(str(path))  # a valid .docx, but none of the export's own styles
    return path


def garbage(path: Path) -> Path:
    path.write_bytes(b"Dette er ikke en Word-fil \x00\x01\x02" * 50)
    return path


def zip_without_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hej")
    return path


@pytest.mark.parametrize("make, words", [
    (garbage, ["kan ikke bruges", "gyldig .docx-fil"]),
    (zip_without_document, ["kan ikke bruges"]),
    (with_part("word/styles.xml", BROKEN_XML), ["kan ikke bruges"]),
    (with_part("[Content_Types].xml", b"<Types"), ["kan ikke bruges"]),
    (with_part("word/document.xml", b""), ["kan ikke bruges"]),
    (reference_without_feltnavn, ["mangler typografierne", "Feltnavn"]),
], ids=["garbage", "zip-without-document", "broken-styles-xml", "broken-content-types", "no-document-xml",
        "without-feltnavn"])
def test_broken_reference_document_is_reported_in_danish_and_nothing_is_written(
        store: Store, three: list[str], tmp_path: Path, make: object, words: list[str]) -> None:
    word_dir = tmp_path / "word"
    word_dir.mkdir()
    reference = make(word_dir / "reference.docx")  # type: ignore[operator]
    assert reference_for(word_dir) == reference
    out = tmp_path / "ud"
    out.mkdir()
    agreement = load_agreement(store, three[0])
    with pytest.raises(ExportError) as caught:
        write_docx(agreement, template_of(store, agreement), out / "aftale.docx", DocxOptions(reference=reference))
    message = str(caught.value)
    assert f"Word-skabelonen '{reference}'" in message
    for word in words:
        assert word in message
    assert not re.search(r"\b(the|is|not|found|missing)\b", message), message
    assert not ENGLISH.search(message), message
    assert folder_listing(out) == []

    result = export_batch(store, three, out, word_writer(DocxOptions(reference=reference_for(word_dir))))
    assert result.written == [] and len(result.failed) == 3
    assert all(reason == message for _, reason in result.failed)
    assert folder_listing(out) == []


def test_without_a_user_reference_the_builtin_one_is_used(tmp_path: Path) -> None:
    assert reference_for(None) == builtin_reference()
    assert reference_for(tmp_path) == builtin_reference()
    assert builtin_reference().is_file()
