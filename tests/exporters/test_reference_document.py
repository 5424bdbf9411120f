"""A municipality's own reference document: its letterhead, fonts and colours are used."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest
from docx import Document
from docx.shared import RGBColor

from exporters import docx_writer
from exporters.docx_writer import DocxOptions, write_docx
from exporters.errors import ExportError
from exporters.reference_document import builtin_reference, reference_for
from storage.agreements import load_agreement, template_of
from storage.database import Store
from tests.exporters.libreoffice import LibreOffice, normalise
from tests.storage.test_template_limits import FifoFeeder

LETTERHEAD = "Faaborg-Midtfyn Kommune · Direktionssekretariatet · Tlf. 72 53 20 00"


def municipal_reference(path: Path) -> Path:
    """The built-in reference with a letterhead line in the header and green headings."""
    doc = Document(str(builtin_reference()))
    header = doc.sections[0].header
    header.paragraphs[0].text = LETTERHEAD
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x66, 0x33)  # type: ignore[union-attr]
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def pdf_page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [normalise(page) for page in text.split("\f") if page.strip()]


def test_the_users_reference_document_gives_the_letterhead_on_every_page(
        tmp_path: Path, store: Store, demo_uuid: str, libreoffice: LibreOffice) -> None:
    word_dir = tmp_path / "word"
    reference = municipal_reference(word_dir / "reference.docx")
    assert reference_for(word_dir) == reference
    agreement = load_agreement(store, demo_uuid)
    out = write_docx(agreement, template_of(store, agreement), tmp_path / "ud" / "it.docx",
                     DocxOptions(reference=reference_for(word_dir)))

    pages = pdf_page_texts(libreoffice.pdf(out))
    assert len(pages) > 10
    assert all(LETTERHEAD in page for page in pages), "the letterhead is missing on some page"
    # the export's own header line comes below the letterhead, from page 2 on
    assert all("IT-staben. Aftale 2008" in page for page in pages[1:])
    assert "Side 1 af" not in pages[0]

    written = Document(str(out))
    heading = written.styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor(0x00, 0x66, 0x33)  # type: ignore[union-attr]


def test_without_a_users_reference_document_the_builtin_one_is_used(tmp_path: Path) -> None:
    assert reference_for(tmp_path / "word") == builtin_reference()
    assert reference_for(None) == builtin_reference()
    section = Document(str(builtin_reference())).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # type: ignore[union-attr]


def reference_without_list_numbering(path: Path) -> Path:
    doc = Document(str(builtin_reference()))
    for name in ("List Bullet", "List Number"):
        p_pr = doc.styles[name].element.pPr
        p_pr.remove(p_pr.numPr)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def test_list_styles_without_numbering_still_give_visible_lists(
        tmp_path: Path, store: Store, demo_uuid: str, libreoffice: LibreOffice) -> None:
    agreement = load_agreement(store, demo_uuid)
    section = agreement.section_by_key("4.1")
    assert section is not None
    section.values["text"] = "Indledning\n- første punkt\n- andet punkt\n1. trin et\n2. trin to\nAfslutning"
    reference = reference_without_list_numbering(tmp_path / "word" / "reference.docx")
    out = write_docx(agreement, template_of(store, agreement), tmp_path / "it.docx", DocxOptions(reference=reference))
    text = normalise(libreoffice.text(out))
    assert "Indledning • første punkt • andet punkt 1. trin et 2. trin to Afslutning" in text


# --- hostile reference documents: refused from the zip's directory, before anything is unpacked --

MB = 1024 * 1024


def _reference_with(path: Path, parts: dict[str, Callable[[IO[bytes]], None]], extra: int = 0,
                    source: Path | None = None) -> Path:
    """The built-in reference (or ``source``) with ``parts`` replaced or added (each written by
    its function) and ``extra`` small parts more."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source or builtin_reference()) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename not in parts:
                out.writestr(info, src.read(info.filename))
        for name, write in parts.items():
            with out.open(name, "w") as part:
                write(part)
        for i in range(extra):
            out.writestr(f"customXml/extra{i}.xml", "<x/>")
    return path


def _zeros(size: int) -> Callable[[IO[bytes]], None]:
    def write(part: IO[bytes]) -> None:
        for _ in range(size // MB):
            part.write(bytes(MB))
    return write


def _noise(size: int, hex_text: bool = False) -> Callable[[IO[bytes]], None]:
    """Random bytes (they do not pack), or random hex digits (they pack about 2:1)."""
    def write(part: IO[bytes]) -> None:
        for _ in range(size // MB):
            part.write(os.urandom(MB // 2).hex().encode() if hex_text else os.urandom(MB))
    return write


def _lying(path: Path, member: str, declared: int) -> Path:
    """Make the zip's directory claim ``member`` unpacks to ``declared`` bytes (it holds more)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_length] == name:
            struct.pack_into("<I", data, at + 24, declared)  # the central directory's size
            local = struct.unpack_from("<I", data, at + 42)[0]
            if struct.unpack_from("<I", data, local + 22)[0]:  # the local header's, when it has one
                struct.pack_into("<I", data, local + 22, declared)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def _placed(path: Path, make: Callable[[], object]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    make()
    return path


def _sparse(path: Path, size: int) -> Path:
    return _placed(path, lambda: (path.touch(), os.truncate(path, size)))


#: how to build each, and the problem the message names (a regular expression)
HOSTILE_REFERENCES: dict[str, tuple[Callable[[Path], Path], str]] = {
    # 60 MB of zeros pack to about 60 KB: python-docx would unpack and parse all of it
    "zip-bomb": (lambda p: _reference_with(p, {"word/styles.xml": _zeros(60 * MB)}),
                 re.escape("delen 'word/styles.xml' udpakket fylder 60 MB; højst 5 MB er tilladt pr. del")),
    # the same bomb, its directory lying that the part holds 900 KB: zipfile would unpack all of it at once
    "zip-bomb-with-lying-sizes": (
        lambda p: _lying(_reference_with(p, {"word/styles.xml": _zeros(60 * MB)}), "word/styles.xml", 900 * 1024),
        re.escape("delen 'word/styles.xml' er beskadiget eller fylder mere, end filen angiver (som en zip-bombe)")),
    "packed-too-tight": (lambda p: _reference_with(p, {"word/styles.xml": _zeros(4 * MB)}),
                         r"delen 'word/styles\.xml' er pakket \d{4}:1 \(som en zip-bombe\); højst 100:1 er tilladt"),
    "big-image": (lambda p: _reference_with(p, {"word/media/image1.png": _noise(6 * MB)}),
                  re.escape("delen 'word/media/image1.png' udpakket fylder 6 MB; højst 5 MB er tilladt pr. del")),
    "too-much-in-all": (lambda p: _reference_with(p, {f"word/media/image{i}.png": _noise(4 * MB, hex_text=True)
                                                      for i in range(5)}),
                        re.escape("filen udpakket fylder 20,8 MB; højst 20 MB er tilladt")),
    "too-many-parts": (lambda p: _reference_with(p, {}, extra=500),
                       re.escape("filen har 517 dele; højst 500 er tilladt")),
    "too-big-file": (lambda p: _sparse(p, 21 * MB), re.escape("filen fylder 21 MB; højst 20 MB er tilladt")),
    "not-a-zip": (lambda p: _placed(p, lambda: p.write_text("Kære kommune")),
                  re.escape("filen er ikke en Word-fil (.docx)")),
    "device": (lambda p: _placed(p, lambda: p.symlink_to("/dev/null")),  # /dev/zero would never end
               re.escape("filen er ikke en almindelig fil (men fx en pipe, en enhed eller en mappe)")),
}


def _refused_export(tmp_path: Path, store: Store, agreement_uuid: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Export with the user's reference in tmp_path/word; returns the Danish message. Asserts that
    python-docx never saw the file and that no file (nor a temporary one) was written."""
    unpacked: list[object] = []
    monkeypatch.setattr(docx_writer, "Document", lambda *args: unpacked.append(args))
    agreement = load_agreement(store, agreement_uuid)
    target = tmp_path / "ud" / "it.docx"
    with pytest.raises(ExportError) as caught:
        write_docx(agreement, template_of(store, agreement), target,
                   DocxOptions(reference=reference_for(tmp_path / "word")))
    assert unpacked == [], "python-docx opened the reference document before it was checked"
    assert not target.parent.exists() or list(target.parent.iterdir()) == []
    return str(caught.value)


@pytest.mark.parametrize("variant", sorted(HOSTILE_REFERENCES))
def test_a_hostile_reference_document_is_refused_before_it_is_unpacked(
        tmp_path: Path, store: Store, agreement_uuid: str, monkeypatch: pytest.MonkeyPatch, variant: str) -> None:
    build, problem = HOSTILE_REFERENCES[variant]
    reference = build(tmp_path / "word" / "reference.docx")
    if variant == "zip-bomb":
        assert reference.stat().st_size < MB  # small on disk, 60 MB unpacked
    message = _refused_export(tmp_path, store, agreement_uuid, monkeypatch)
    prefix = f"Word-skabelonen '{reference}' kan ikke bruges: "
    assert message.startswith(prefix) and re.match(problem + r"\. Læg", message[len(prefix):]), message
    assert message.endswith("Læg en gyldig .docx-fil der, eller slet den for at bruge den indbyggede.")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_reference_docx_is_refused_without_reading_it(
        tmp_path: Path, store: Store, agreement_uuid: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "word" / "reference.docx"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    assert reference_for(tmp_path / "word") == fifo  # not quietly replaced by the built-in one
    feeder = FifoFeeder(fifo, builtin_reference().read_bytes())
    try:
        message = _refused_export(tmp_path, store, agreement_uuid, monkeypatch)
    finally:
        feeder.close()
    assert message.startswith(f"Word-skabelonen '{fifo}' kan ikke bruges: filen er ikke en almindelig fil")
    assert not feeder.fed, "the FIFO was opened for reading"


def test_a_zip_that_is_no_word_document_is_refused_in_danish(
        tmp_path: Path, store: Store, agreement_uuid: str) -> None:
    reference = tmp_path / "word" / "reference.docx"
    reference.parent.mkdir()
    with zipfile.ZipFile(reference, "w") as out:
        out.writestr("hej.txt", "ikke Word")
    agreement = load_agreement(store, agreement_uuid)
    with pytest.raises(ExportError) as caught:
        write_docx(agreement, template_of(store, agreement), tmp_path / "it.docx", DocxOptions(reference=reference))
    assert str(caught.value) == (f"Word-skabelonen '{reference}' kan ikke bruges: filen er ikke en gyldig Word-fil "
                                 "(.docx). Læg en gyldig .docx-fil der, eller slet den for at bruge den indbyggede.")
    assert not (tmp_path / "it.docx").exists()


def test_a_reference_document_within_the_limits_is_used(tmp_path: Path, store: Store, agreement_uuid: str) -> None:
    """A letterhead reference with a 4 MB part (a picture, say) passes the checks and is used."""
    letterhead = municipal_reference(tmp_path / "kilde" / "reference.docx")
    _reference_with(tmp_path / "word" / "reference.docx", {"word/media/logo.png": _noise(4 * MB)}, source=letterhead)
    agreement = load_agreement(store, agreement_uuid)
    out = write_docx(agreement, template_of(store, agreement), tmp_path / "it.docx",
                     DocxOptions(reference=reference_for(tmp_path / "word")))
    assert Document(str(out)).sections[0].header.paragraphs[0].text == LETTERHEAD
