"""Building blocks of a Word document: styled paragraphs, real lists, field tables.

The body is written as lxml elements (:mod:`exporters.docx_elements`), styles by id: python-docx's
lookup by name walks every style each time, and its paragraph and table objects search for each
property's place, which together made an export several times slower than its XML.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document as DocxDocument
from docx.shared import Cm, Pt
from lxml import etree

from exporters import docx_elements as el
from exporters import docx_xml
from exporters.docx_elements import Format
from exporters.text_blocks import Block, clean

#: ``add(text, style name, format)``: a paragraph where the blocks belong (body or table cell)
Adder = Callable[[str, str, Format | None], etree._Element]

LIST_INDENT = int(Cm(0.7))
CELL_TEXT_SIZE = int(Pt(9.5))
LABEL = Format(keep_next=True, space_before=int(Pt(6)))
#: a caption over a block that follows the goals' tables (the signatures, an overview), apart from them
CAPTION = Format(keep_next=True, space_before=int(Pt(18)))
SPACER = Format(space_after=0, space_before=0, line=int(Pt(6)))


class DocxBuilder:
    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.body = doc.element.body
        self.style_ids = docx_xml.style_ids(doc)
        self.text_width = self._text_width()
        #: whether the reference document's list styles number their paragraphs themselves
        self.list_styles = {name: docx_xml.style_has_numbering(doc, self.style_ids.get(name))
                            for name in ("List Bullet", "List Number")}

    def finish(self) -> None:
        """End the body with its section properties (the paragraphs were appended after them)."""
        sect_pr = self.body.find(el.SECT_PR)
        if sect_pr is not None:
            self.body.append(sect_pr)

    def para(self, text: str = "", style: str | None = None, container: etree._Element | None = None,
             fmt: Format | None = None) -> etree._Element:
        """A paragraph at the end of the body (or of ``container``, a table cell) in ``style`` (by name)."""
        return el.paragraph(self.body if container is None else container,
                            None if style is None else self.style_ids[style], text, fmt)

    def page_break(self) -> None:
        el.page_break(self.body)

    def table(self, widths: tuple[int, ...], grid: bool = True, center: bool = True) -> etree._Element:
        """A table at the end of the body: fixed ``widths`` (EMU), the reference's grid style."""
        return el.table(self.body, widths, self.style_ids["Table Grid"] if grid else None, center=center,
                        borders=grid)

    def spacer(self) -> None:
        """The small gap after a table (and the paragraph Word needs after a final table)."""
        self.para(fmt=SPACER)

    def _text_width(self) -> int:
        section = self.doc.sections[0]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        if page is None or left is None or right is None:
            return int(Cm(16.4))
        return int(page - left - right)

    def label_paragraph(self, label: str) -> None:
        el.run(self.para("", "Feltnavn", fmt=LABEL), clean(label))

    def add_blocks(self, content: list[Block], add: Adder, style_prefix: str) -> None:
        """Paragraphs and real Word lists; ``add(text, style, format)`` creates a paragraph where it belongs.

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
                num_id = None
                if block.kind == "numbered":
                    if list_num is None:
                        list_num = docx_xml.restart_numbering(self.doc, self.style_ids[style])
                    num_id = list_num or None
                space_after = int(Pt(3)) if style_prefix else None
                fmt = Format(num_id=num_id, space_after=space_after) if num_id or space_after is not None else None
                paragraph = add("", style, fmt)
                el.run(paragraph, block.text, size=CELL_TEXT_SIZE if style_prefix else None)
            else:
                mark = {"bullet": "•\t", "numbered": f"{number}.\t"}.get(block.kind, "")
                fmt = None
                if block.kind != "paragraph":
                    fmt = Format(tabs=(el.TabStop(LIST_INDENT),) if mark else (), left_indent=LIST_INDENT,
                                 hanging=LIST_INDENT)
                add(mark + block.text, style_prefix or "Normal", fmt)
            if block.kind != "numbered":
                list_num = None

    def body_adder(self) -> Adder:
        return lambda text, style, fmt: self.para(text, style, fmt=fmt)

    def cell_adder(self, cell: etree._Element) -> Adder:
        return lambda text, style, fmt: self.para(text, style, container=cell, fmt=fmt)
