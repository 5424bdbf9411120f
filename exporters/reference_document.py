"""The Word reference document: styles, page size and margins every export starts from.

``resources/word/reference.docx`` is built by :func:`build_reference` (run this module to
rebuild it). A municipality replaces it, or puts its own ``reference.docx`` in the user's
``word`` folder, to get its letterhead, fonts and colours — no code change.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

REFERENCE_NAME = "reference.docx"
FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x44, 0x54, 0x6A)


def builtin_reference() -> Path:
    return Path(str(resources.files("resources").joinpath("word", REFERENCE_NAME)))


def reference_for(user_dir: Path | None) -> Path:
    """The user's own reference document if there is one, else the built-in one."""
    if user_dir is not None and (user_dir / REFERENCE_NAME).is_file():
        return user_dir / REFERENCE_NAME
    return builtin_reference()


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
