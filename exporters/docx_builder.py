"""Building blocks of a Word document: styled paragraphs, real lists, field tables.

Styles are set by id: python-docx's lookup by name walks every style each time, which
makes a large document several times slower.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from exporters import docx_xml
from exporters.text_blocks import Block, clean


class DocxBuilder:
    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.style_ids = {style.name: style.style_id for style in doc.styles}
        self.text_width = self._text_width()
        #: whether the reference document's list styles number their paragraphs themselves
        self.list_styles = {name: docx_xml.style_has_numbering(doc, name) for name in ("List Bullet", "List Number")}

    def styled(self, paragraph: Paragraph, style: str) -> Paragraph:
        """Set a paragraph style by id (python-docx's lookup by name is slow on big documents)."""
        paragraph._p.get_or_add_pPr().style = self.style_ids[style]
        return paragraph

    def grid(self, table: Table) -> None:
        table._tbl.tblPr.style = self.style_ids["Table Grid"]

    def spacer(self) -> None:
        """The small gap after a table (and the paragraph Word needs after a final table)."""
        paragraph = self.para()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.line_spacing = Pt(6)

    def para(self, text: str = "", style: str | None = None, container: object = None) -> Paragraph:
        paragraph = (container or self.doc).add_paragraph(text)  # type: ignore[attr-defined]
        return self.styled(paragraph, style) if style else paragraph

    def _text_width(self) -> int:
        section = self.doc.sections[0]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        if page is None or left is None or right is None:
            return int(Cm(16.4))
        return int(page - left - right)

    def label_paragraph(self, label: str) -> None:
        paragraph = self.para("", "Feltnavn")
        paragraph.add_run(clean(label))
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)

    def add_blocks(self, content: list[Block], add: object, style_prefix: str) -> None:
        """Paragraphs and real Word lists; ``add(text, style)`` creates a paragraph where it belongs.

        Each numbered list starts at 1. In a table cell (``style_prefix``) list items get the
        cell text's size, so a list does not stand out from the text around it. A reference
        document whose list styles carry no numbering gets "•" and "1." written out instead.
        """
        list_num: int | None = None
        number = 0
        for block in content:
            number = number + 1 if block.kind == "numbered" else 0
            style = "List Bullet" if block.kind == "bullet" else "List Number"
            if block.kind in ("bullet", "numbered") and self.list_styles[style]:
                paragraph = add(block.text, style)  # type: ignore[operator]
                if block.kind == "numbered":
                    if list_num is None:
                        list_num = docx_xml.restart_numbering(self.doc, paragraph)
                    elif list_num:
                        docx_xml.set_numbering(paragraph, list_num)
                if style_prefix:
                    self.cell_sized(paragraph)
            else:
                mark = {"bullet": "•\t", "numbered": f"{number}.\t"}.get(block.kind, "")
                paragraph = add(mark + block.text, style_prefix or "Normal")  # type: ignore[operator]
                if block.kind != "paragraph":
                    fmt = paragraph.paragraph_format
                    fmt.left_indent, fmt.first_line_indent = Cm(0.7), Cm(-0.7)
                    if mark:
                        fmt.tab_stops.add_tab_stop(Cm(0.7))
            if block.kind != "numbered":
                list_num = None

    @staticmethod
    def cell_sized(paragraph: Paragraph) -> None:
        paragraph.paragraph_format.space_after = Pt(3)
        for run in paragraph.runs:
            run.font.size = Pt(9.5)

    @staticmethod
    def set_widths(table: Table, widths: tuple[int, ...]) -> None:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width

    def _cell_adder(self, cell: _Cell) -> object:
        first = [True]

        def add(text: str, style: str) -> Paragraph:
            if first[0]:
                first[0] = False
                paragraph = cell.paragraphs[0]
                self.styled(paragraph, style)
                paragraph.add_run(text)
                return paragraph
            return self.para(text, style, container=cell)

        return add
