"""Small pieces of WordprocessingML that python-docx has no API for."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section, _Footer, _Header
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph


def _field_char(paragraph: Paragraph, kind: str, dirty: bool = False) -> None:
    run = paragraph.add_run()
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")
    run._r.append(element)


def field_begin(paragraph: Paragraph, instruction: str, dirty: bool = False) -> None:
    """Open a complex field; what follows up to :func:`field_end` is its cached result. A ``dirty``
    field is one Word updates (asking first) when the file opens; PAGE and NUMPAGES need not be: Word
    and LibreOffice work them out whenever they lay the pages out."""
    _field_char(paragraph, "begin", dirty)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    _field_char(paragraph, "separate")


def field_end(paragraph: Paragraph) -> None:
    _field_char(paragraph, "end")


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES …) in one paragraph, with a cached result."""
    field_begin(paragraph, instruction)
    paragraph.add_run(placeholder)
    field_end(paragraph)


def update_fields_on_open(doc: DocxDocument) -> None:
    """Ask Word to update fields (the table of contents) when the file is opened."""
    settings = doc.settings.element
    element = settings.find(qn("w:updateFields"))
    if element is None:
        element = OxmlElement("w:updateFields")
        settings.append(element)
    element.set(qn("w:val"), "true")


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def repeat_as_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def keep_row_together(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def fixed_layout(table: Table) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def style_has_numbering(doc: DocxDocument, name: str) -> bool:
    """Does the paragraph style (or a style it is based on) carry list numbering?"""
    style = next((s for s in doc.styles if s.name == name), None)
    while style is not None:
        p_pr = style.element.pPr
        if p_pr is not None and p_pr.numPr is not None and p_pr.numPr.numId is not None:
            return True
        style = style.base_style
    return False


def restart_numbering(doc: DocxDocument, paragraph: Paragraph) -> int:
    """Make a numbered-list paragraph start again at 1 (a new w:num over the style's list).

    Returns the new list's id for the following items (0 if the style has no numbering).
    """
    style = paragraph.style
    num_pr = style.element.pPr.numPr if style is not None and style.element.pPr is not None else None
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
    set_numbering(paragraph, new_id)
    return new_id


def set_numbering(paragraph: Paragraph, num_id: int) -> None:
    p_num = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    p_num.get_or_add_ilvl().val = 0
    p_num.get_or_add_numId().val = num_id


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
    add_field(footer, "PAGE", "1")
    footer.add_run(" af ")
    add_field(footer, "NUMPAGES", "1")
