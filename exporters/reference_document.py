"""The Word reference document: styles, page size and margins every export starts from.

``resources/word/reference.docx`` is built by :func:`build_reference` (run this module to
rebuild it). A municipality replaces it, or puts its own ``reference.docx`` in the user's
``word`` folder, to get its letterhead, fonts and colours — no code change.

Every export unpacks the reference document and copies its parts, so a stranger's file is
checked first (:func:`check_reference`): its zip directory is read, nothing is unpacked,
and a file beyond :data:`REFERENCE_LIMITS` is refused.
"""

from __future__ import annotations

import os
import struct
import sys
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

from storage.records import record
from storage.regular_files import FileRefused, check_size, size_over

REFERENCE_NAME = "reference.docx"
FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x44, 0x54, 0x6A)


def builtin_reference() -> Path:
    return Path(str(resources.files("resources").joinpath("word", REFERENCE_NAME)))


def reference_for(user_dir: Path | None) -> Path:
    """The user's own reference document if there is one, else the built-in one.

    Anything named reference.docx counts (also a pipe or a broken link): the export then says
    what is wrong with it instead of quietly using the built-in one.
    """
    if user_dir is not None:
        own = user_dir / REFERENCE_NAME
        if own.exists() or own.is_symlink():
            return own
    return builtin_reference()


MB = 1024 * 1024


@record(frozen=True)
class ReferenceLimits:
    """Far above a real letterhead reference (the built-in one is 37 KB with 18 parts)."""

    file_bytes: int = 20 * MB  # the .docx file itself
    unpacked: int = 20 * MB  # all parts together, unpacked
    part: int = 5 * MB  # any one part unpacked: an XML part, an image, a font
    members: int = 500
    ratio: int = 100  # unpacked : packed, checked for parts over 1 MB (zeros pack 1000:1)


REFERENCE_LIMITS = ReferenceLimits()


def check_reference(handle: BinaryIO) -> None:
    """Refuse (:class:`FileRefused`, a Danish reason) a reference document beyond the limits.

    The zip's directory is checked first. The sizes it declares may lie, so every part is then
    unpacked in small steps: ``zipfile`` stops a part at its declared size and fails its checksum
    if there was more — before python-docx, which unpacks a whole part at once, ever reads it.
    """
    limits = REFERENCE_LIMITS
    check_size(handle, limits.file_bytes)
    members = _declared_members(handle)
    if members is None:
        raise FileRefused("filen er ikke en Word-fil (.docx)")
    if members > limits.members:
        raise FileRefused(f"filen har {members} dele; højst {limits.members} er tilladt")
    handle.seek(0)
    try:
        infos = zipfile.ZipFile(handle).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise FileRefused("filen er ikke en gyldig Word-fil (.docx)") from None
    total = 0
    for info in infos:
        name = _shown(info.filename)
        if info.file_size > limits.part:
            raise FileRefused(size_over(f"delen '{name}' udpakket", info.file_size, limits.part) + " pr. del")
        if info.file_size > MB and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise FileRefused(f"delen '{name}' er pakket {ratio}:1 (som en zip-bombe); "
                              f"højst {limits.ratio}:1 er tilladt")
        total += info.file_size
    if total > limits.unpacked:
        raise FileRefused(size_over("filen udpakket", total, limits.unpacked))
    handle.seek(0)
    _unpack_in_steps(zipfile.ZipFile(handle), infos)


#: the bytes of the reference documents checked lately, by file identity and version
_checked: dict[tuple[int, ...], bytes] = {}
_CHECKED_KEPT = 4


def checked_reference(handle: BinaryIO) -> bytes:
    """The whole reference document, checked by :func:`check_reference` once per version of the file:
    a batch of exports reads the same file for every agreement. The version is the open file's device,
    inode, size, modification and change times; a file changed since is checked again."""
    info = os.fstat(handle.fileno())
    key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    data = _checked.get(key)
    if data is None:
        check_reference(handle)
        handle.seek(0)
        data = handle.read(REFERENCE_LIMITS.file_bytes + 1)
        if len(data) != info.st_size:  # changed since it was checked
            raise FileRefused("filen blev ændret, mens den blev læst")
        if len(_checked) >= _CHECKED_KEPT:
            _checked.pop(next(iter(_checked)))
        _checked[key] = data
    return data


def _unpack_in_steps(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Read every part 64 KB at a time (memory stays small whatever the part really holds)."""
    for info in infos:
        try:
            with archive.open(info) as part:
                while part.read(64 * 1024):
                    pass
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError, RuntimeError):
            raise FileRefused(f"delen '{_shown(info.filename)}' er beskadiget eller fylder mere, end filen "
                              "angiver (som en zip-bombe)") from None


def _declared_members(handle: BinaryIO) -> int | None:
    """The member count in the zip's end record (read before ``zipfile`` builds its directory)."""
    size = handle.seek(0, 2)
    tail = min(size, 22 + 0xFFFF)  # the end record, with a comment of at most 64 KB
    handle.seek(size - tail)
    data = handle.read(tail)
    at = data.rfind(b"PK\x05\x06")
    if at < 0 or len(data) - at < 22:
        return None
    (count,) = struct.unpack_from("<H", data, at + 10)
    return int(count)  # 0xFFFF (a zip64 archive) is far beyond the limit anyway


def _shown(name: str) -> str:
    """A member name fit for a message: printable characters, at most 80."""
    printable = "".join(c for c in name if c.isprintable())
    return printable if len(printable) <= 80 else printable[:79] + "…"


def build_reference(target: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.3), Cm(2.3)
    section.header_distance, section.footer_distance = Cm(1.1), Cm(1.0)
    styles = doc.styles

    def font(name: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        if color is not None:
            style.font.color.rgb = color
        _plain_fonts(style.element.get_or_add_rPr())

    _document_defaults(doc)
    font("Normal", 10.5)
    normal = styles["Normal"].paragraph_format
    normal.space_after = Pt(6)
    normal.line_spacing = 1.15
    font("Title", 30, bold=True, color=ACCENT)
    font("Subtitle", 16, color=GREY)
    font("Heading 1", 15, bold=True, color=ACCENT)
    font("Heading 2", 12, bold=True, color=ACCENT)
    font("Heading 3", 11, bold=True, color=GREY)
    font("Header", 8.5, color=GREY)
    font("Footer", 8.5, color=GREY)
    font("TOC Heading", 15, bold=True, color=ACCENT)
    for name, before, after in (("Heading 1", 18, 8), ("Heading 2", 12, 4), ("Heading 3", 10, 3)):
        fmt = styles[name].paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = True
    for level in (1, 2):
        style = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
    label = styles.add_style("Feltnavn", WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = styles["Normal"]
    label.font.bold = True
    label.font.size = Pt(9.5)
    label.paragraph_format.space_after = Pt(2)
    cell = styles.add_style("Tabeltekst", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = styles["Normal"]
    cell.font.size = Pt(9.5)
    cell.paragraph_format.space_after = Pt(3)
    cell.paragraph_format.line_spacing = 1.05
    for fonts in doc.styles.element.iter(_qn("w:rFonts")):  # linked character styles too
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(_qn(attr), None)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))


def _plain_fonts(rpr: Any) -> None:
    """Name the font outright: theme font attributes would win over it in Word."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(_qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(_qn(attr), FONT)


def _document_defaults(doc: Any) -> None:
    """Danish as the language (spelling, hyphenation) and the font, for all text."""
    from docx.oxml import OxmlElement

    rpr = doc.styles.element.find(_qn("w:docDefaults")).find(_qn("w:rPrDefault")).find(_qn("w:rPr"))
    _plain_fonts(rpr)
    lang = rpr.find(_qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(_qn(attr), "da-DK")


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


if __name__ == "__main__":
    default = Path(__file__).parent.parent / "resources" / "word" / REFERENCE_NAME
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    build_reference(out)
    print(out)
