"""Paragraphs, runs and tables of the Word export, made as lxml elements in one go.

python-docx's object API finds the place of every property in the schema sequence with a search
(one per ``get_or_add``) and walks a table's whole grid to reach one cell, which made an export
about three times what writing the same XML costs. The exporters build their body here instead:
each element is made once, its children in schema order. python-docx still opens the reference
document, writes the header and footer, and saves.

Lengths are EMU (python-docx's ``Cm``, ``Pt``), converted to twips as python-docx does.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from storage.records import record

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
VAL = _w("val")
P, P_PR, P_STYLE, KEEP_NEXT, PAGE_BREAK_BEFORE = _w("p"), _w("pPr"), _w("pStyle"), _w("keepNext"), _w("pageBreakBefore")
NUM_PR, ILVL, NUM_ID, TABS, TAB, SPACING, IND, JC = (_w("numPr"), _w("ilvl"), _w("numId"), _w("tabs"), _w("tab"),
                                                     _w("spacing"), _w("ind"), _w("jc"))
R, R_PR, BOLD, ITALIC, SIZE, TEXT, BREAK = _w("r"), _w("rPr"), _w("b"), _w("i"), _w("sz"), _w("t"), _w("br")
FLD_CHAR, INSTR_TEXT = _w("fldChar"), _w("instrText")
TBL, TBL_PR, TBL_STYLE, TBL_W, TBL_BORDERS, TBL_LAYOUT, TBL_LOOK = (_w("tbl"), _w("tblPr"), _w("tblStyle"), _w("tblW"),
                                                                   _w("tblBorders"), _w("tblLayout"), _w("tblLook"))
TBL_GRID, GRID_COL, TR, TR_PR, CANT_SPLIT, TBL_HEADER = (_w("tblGrid"), _w("gridCol"), _w("tr"), _w("trPr"),
                                                         _w("cantSplit"), _w("tblHeader"))
TC, TC_PR, TC_W, SHD = _w("tc"), _w("tcPr"), _w("tcW"), _w("shd")
SECT_PR = _w("sectPr")

_EMU_PER_TWIP = 635
_TABLE_LOOK = {_w("firstColumn"): "1", _w("firstRow"): "1", _w("lastColumn"): "0", _w("lastRow"): "0",
               _w("noHBand"): "0", _w("noVBand"): "1", VAL: "04A0"}
_NO_BORDER_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def twips(emu: int) -> str:
    return str(int(round(emu / _EMU_PER_TWIP)))


@record(frozen=True, slots=True)
class TabStop:
    """A tab stop of a paragraph style: position (EMU), alignment and leader."""

    position: int  # EMU
    align: str = "left"
    leader: str | None = None  # "dot"


@record(frozen=True, slots=True)
class Format:
    """Direct paragraph formatting over the style, lengths in EMU; None leaves the style's."""

    keep_next: bool = False
    #: False says "no page break" even where the style has one
    page_break_before: bool | None = None
    num_id: int | None = None
    tabs: tuple[TabStop, ...] = ()
    space_after: int | None = None
    space_before: int | None = None
    #: an exact line height
    line: int | None = None
    left_indent: int | None = None
    hanging: int | None = None
    align: str | None = None  # "right", "center"


def paragraph(parent: etree._Element, style_id: str | None = None, text: str = "",
              fmt: Format | None = None) -> etree._Element:
    """A w:p appended to ``parent`` (a table cell, or a body through :class:`BodyWriter`); ``text``
    (if any) as one run."""
    p = etree.SubElement(parent, P)
    if style_id is not None or fmt is not None:
        _paragraph_properties(p, style_id, fmt)
    if text:
        run(p, text)
    return p


def _paragraph_properties(p: etree._Element, style_id: str | None, fmt: Format | None) -> None:
    p_pr = etree.SubElement(p, P_PR)
    if style_id is not None:
        etree.SubElement(p_pr, P_STYLE, {VAL: style_id})
    if fmt is None:
        return
    if fmt.keep_next:
        etree.SubElement(p_pr, KEEP_NEXT)
    if fmt.page_break_before is not None:
        etree.SubElement(p_pr, PAGE_BREAK_BEFORE, {} if fmt.page_break_before else {VAL: "0"})
    if fmt.num_id is not None:
        num_pr = etree.SubElement(p_pr, NUM_PR)
        etree.SubElement(num_pr, ILVL, {VAL: "0"})
        etree.SubElement(num_pr, NUM_ID, {VAL: str(fmt.num_id)})
    if fmt.tabs:
        tabs = etree.SubElement(p_pr, TABS)
        for stop in fmt.tabs:
            tab = etree.SubElement(tabs, TAB, {_w("pos"): twips(stop.position), VAL: stop.align})
            if stop.leader:
                tab.set(_w("leader"), stop.leader)
    spacing = _lengths(p_pr, SPACING, (("after", fmt.space_after), ("before", fmt.space_before), ("line", fmt.line)))
    if spacing is not None and fmt.line is not None:
        spacing.set(_w("lineRule"), "exact")
    _lengths(p_pr, IND, (("left", fmt.left_indent), ("hanging", fmt.hanging)))
    if fmt.align is not None:
        etree.SubElement(p_pr, JC, {VAL: fmt.align})


def _lengths(parent: etree._Element, tag: str, lengths: tuple[tuple[str, int | None], ...]) -> etree._Element | None:
    """An element of the lengths (attribute, EMU) that are set, in twips; None when none is."""
    attributes = {_w(name): twips(value) for name, value in lengths if value is not None}
    return etree.SubElement(parent, tag, attributes) if attributes else None


def run(p: etree._Element, text: str = "", *, bold: bool = False, italic: bool = False,
        size: int | None = None) -> etree._Element:
    """A w:r appended to ``p``; a tab in ``text`` is a w:tab, a line break a w:br (as python-docx
    writes them). ``size`` in EMU (``Pt(9.5)``)."""
    r = etree.SubElement(p, R)
    if bold or italic or size is not None:
        r_pr = etree.SubElement(r, R_PR)
        if bold:
            etree.SubElement(r_pr, BOLD)
        if italic:
            etree.SubElement(r_pr, ITALIC)
        if size is not None:
            etree.SubElement(r_pr, SIZE, {VAL: str(int(round(size / 6350)))})
    if "\t" in text or "\n" in text or "\r" in text:
        _mixed_text(r, text)
    elif text:
        _text(r, text)
    return r


def _text(r: etree._Element, text: str) -> None:
    t = etree.SubElement(r, TEXT)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(XML_SPACE, "preserve")


def _mixed_text(r: etree._Element, text: str) -> None:
    pending: list[str] = []
    for char in text:
        if char in "\t\r\n":
            if pending:
                _text(r, "".join(pending))
                pending.clear()
            etree.SubElement(r, TAB if char == "\t" else BREAK)
        else:
            pending.append(char)
    if pending:
        _text(r, "".join(pending))


def page_break(parent: etree._Element) -> etree._Element:
    """A paragraph holding only a page break."""
    p = etree.SubElement(parent, P)
    etree.SubElement(etree.SubElement(p, R), BREAK, {_w("type"): "page"})
    return p


def field_char(p: etree._Element, kind: str, dirty: bool = False) -> None:
    attributes = {_w("fldCharType"): kind}
    if dirty:
        attributes[_w("dirty")] = "true"
    etree.SubElement(etree.SubElement(p, R), FLD_CHAR, attributes)


def instruction(p: etree._Element, text: str) -> None:
    instr = etree.SubElement(etree.SubElement(p, R), INSTR_TEXT, {XML_SPACE: "preserve"})
    instr.text = text


def table(parent: etree._Element, widths: Sequence[int], style_id: str | None = None, center: bool = False,
          borders: bool = True) -> etree._Element:
    """A w:tbl of fixed column ``widths`` (EMU), appended to ``parent``; rows come from :func:`row`."""
    tbl = etree.SubElement(parent, TBL)
    tbl_pr = etree.SubElement(tbl, TBL_PR)
    if style_id is not None:
        etree.SubElement(tbl_pr, TBL_STYLE, {VAL: style_id})
    etree.SubElement(tbl_pr, TBL_W, {_w("type"): "auto", _w("w"): "0"})
    if center:
        etree.SubElement(tbl_pr, JC, {VAL: "center"})
    if not borders:
        edges = etree.SubElement(tbl_pr, TBL_BORDERS)
        for edge in _NO_BORDER_EDGES:
            etree.SubElement(edges, _w(edge), {VAL: "nil"})
    etree.SubElement(tbl_pr, TBL_LAYOUT, {_w("type"): "fixed"})
    etree.SubElement(tbl_pr, TBL_LOOK, _TABLE_LOOK)
    grid = etree.SubElement(tbl, TBL_GRID)
    for width in widths:
        etree.SubElement(grid, GRID_COL, {_w("w"): twips(width)})
    return tbl


def row(tbl: etree._Element, header: bool = False, cant_split: bool = False) -> etree._Element:
    """A w:tr: ``header`` repeats on every page, ``cant_split`` is never split over a page."""
    tr = etree.SubElement(tbl, TR)
    if header or cant_split:
        tr_pr = etree.SubElement(tr, TR_PR)
        if cant_split:
            etree.SubElement(tr_pr, CANT_SPLIT, {VAL: "true"})
        if header:
            etree.SubElement(tr_pr, TBL_HEADER, {VAL: "true"})
    return tr


def cell(tr: etree._Element, width: int, fill: str | None = None) -> etree._Element:
    """A w:tc of ``width`` (EMU), shaded with ``fill`` (hex RGB); it needs at least one paragraph."""
    tc = etree.SubElement(tr, TC)
    tc_pr = etree.SubElement(tc, TC_PR)
    etree.SubElement(tc_pr, TC_W, {_w("type"): "dxa", _w("w"): twips(width)})
    if fill is not None:
        etree.SubElement(tc_pr, SHD, {VAL: "clear", _w("color"): "auto", _w("fill"): fill})
    return tc


def runs(p: etree._Element) -> list[etree._Element]:
    return p.findall(R)
