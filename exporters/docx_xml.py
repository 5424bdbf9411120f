"""Small pieces of WordprocessingML that python-docx has no API for."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section, _Footer, _Header
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph
from lxml import etree

from exporters import docx_elements as el


def field_begin(p: etree._Element, instruction: str, dirty: bool = False) -> None:
    """Open a complex field in paragraph ``p``; what follows up to :func:`field_end` is its cached result. A
    ``dirty`` field is one Word updates (asking first) when the file opens; PAGE and NUMPAGES need not be: Word
    and LibreOffice work them out whenever they lay the pages out."""
    el.field_char(p, "begin", dirty)
    el.instruction(p, f" {instruction} ")
    el.field_char(p, "separate")


def field_end(p: etree._Element) -> None:
    el.field_char(p, "end")


def add_field(p: etree._Element, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES …) in one paragraph, with a cached result."""
    field_begin(p, instruction)
    el.run(p, placeholder)
    field_end(p)


def update_fields_on_open(doc: DocxDocument) -> None:
    """Ask Word to update fields (the table of contents) when the file is opened."""
    settings = doc.settings.element
    element = settings.find(qn("w:updateFields"))
    if element is None:
        element = OxmlElement("w:updateFields")
        settings.append(element)
    element.set(qn("w:val"), "true")


def style_ids(doc: DocxDocument) -> dict[str, str]:
    """Style name (as Word shows it: "Heading 1") → style id, read from the styles part in one pass
    (python-docx's ``doc.styles`` builds an object per style for each lookup)."""
    ids = {}
    for style in doc.styles.element.iterchildren(qn("w:style")):
        name, style_id = style.find(qn("w:name")), style.get(qn("w:styleId"))
        if name is not None and style_id is not None:
            ids[BabelFish.internal2ui(name.get(qn("w:val"), ""))] = style_id
    return ids


def style_has_numbering(doc: DocxDocument, style_id: str | None) -> bool:
    """Does the paragraph style (or a style it is based on) carry list numbering?"""
    styles = doc.styles.element
    style = styles.get_by_id(style_id) if style_id is not None else None
    seen = set()
    while style is not None and style.styleId not in seen:
        seen.add(style.styleId)
        p_pr = style.pPr
        if p_pr is not None and p_pr.numPr is not None and p_pr.numPr.numId is not None:
            return True
        style = style.base_style
    return False


def restart_numbering(doc: DocxDocument, style_id: str) -> int:
    """A new list (w:num) over the numbering of the paragraph style ``style_id``, starting again at 1.

    Returns the new list's id for the list's paragraphs (0 if the style itself has no numbering).
    """
    style = doc.styles.element.get_by_id(style_id)
    p_pr = style.pPr if style is not None else None
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is None or num_pr.numId is None:
        return 0
    numbering = doc.part.numbering_part.element
    abstract_id = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_pr.numId.val):
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    if abstract_id is None:
        return 0
    new_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(new_id))
    abstract = OxmlElement("w:abstractNumId")
    abstract.set(qn("w:val"), abstract_id)
    num.append(abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)
    return new_id


def has_content(element: BaseOxmlElement) -> bool:
    """Text, a picture or a table: something a letterhead is made of."""
    if element.tag == qn("w:tbl"):
        return True
    if "".join(t.text or "" for t in element.iter(qn("w:t"))).strip():
        return True
    return any(True for tag in ("w:drawing", "w:pict") for _ in element.iter(qn(tag)))


def free_paragraph(part: _Header | _Footer) -> Paragraph:
    """An empty paragraph of a header or footer to write in, after any letterhead content."""
    for paragraph in part.paragraphs:
        if not has_content(paragraph._p):
            return paragraph
    return part.add_paragraph()


def clear_body(doc: DocxDocument) -> None:
    """Remove the reference document's sample content, keeping its section settings."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def header_and_page_numbers(section: Section, header_text: str) -> None:
    """The running header (``header_text``, right) and the footer "Side X af Y" (centred, as fields
    Word fills in) of a document section: one layout for agreements and minutes."""
    header = free_paragraph(section.header)
    header.add_run(header_text)
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = free_paragraph(section.footer)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Side ")
    add_field(footer._p, "PAGE", "1")
    footer.add_run(" af ")
    add_field(footer._p, "NUMPAGES", "1")
