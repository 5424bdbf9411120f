"""Tables with a header row in the Word export: table fields (the action plan, milestones, a
template's own table) and the overview of a number field that must add up across the goals."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table

from exporters import docx_xml
from exporters.docx_builder import DocxBuilder
from exporters.field_text import DASH
from exporters.text_blocks import clean
from storage.formatting import format_number
from storage.number_rules import SumTotal

LABEL_FILL = "E8EDF4"


def widths_from_shares(total: int, shares: tuple[float, ...]) -> tuple[int, ...]:
    """Column widths (EMU) that add up to ``total`` exactly."""
    widths = [int(total * share) for share in shares]
    widths[-1] = total - sum(widths[:-1])
    return tuple(widths)


def header_table(builder: DocxBuilder, headers: tuple[str, ...], rows: Sequence[tuple[str, ...]],
                 widths: tuple[int, ...], right: tuple[int, ...] = ()) -> Table:
    """A grid table whose header row repeats on every page; rows are never split over a page.
    ``right``: the columns (numbers) whose cells are right-aligned."""
    table = builder.doc.add_table(rows=1, cols=len(headers))
    builder.grid(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    docx_xml.fixed_layout(table)
    builder.set_widths(table, widths)
    header = table.rows[0]
    docx_xml.repeat_as_header(header)
    for cell, title, width in zip(header.cells, headers, widths, strict=True):
        cell.width = width
        docx_xml.shade(cell, LABEL_FILL)
        builder.styled(cell.paragraphs[0], "Feltnavn")
        cell.paragraphs[0].add_run(title)
    for values in rows:
        row = table.add_row()
        docx_xml.keep_row_together(row)
        for column, (cell, value, width) in enumerate(zip(row.cells, values, widths, strict=True)):
            cell.width = width
            paragraph = builder.styled(cell.paragraphs[0], "Tabeltekst")
            paragraph.add_run(value)
            if column in right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column in right:
        table.rows[0].cells[column].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def sum_overview(builder: DocxBuilder, total: SumTotal, headings: dict[str, str]) -> None:
    """``Vægt for alle indsatser``: each goal (by heading) with its value, then the total; a total
    that does not give what the template says is followed by what it should give."""
    if not total.entries:
        return
    caption = builder.para("", "Feltnavn")
    caption.add_run(clean(f"{total.field.label} for alle indsatser"))
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(18)  # apart from the last goal's tables
    rows = [(clean(headings.get(goal.uuid, "")), DASH if value is None else format_number(value))
            for goal, value in total.entries]
    said = format_number(total.actual)
    rows.append(("I alt", said if total.ok else f"{said} (skal give {format_number(total.expected)})"))
    side = int(Cm(4.0))
    table = header_table(builder, ("Indsats", clean(total.field.label)), rows,
                         (builder.text_width - side, side), right=(1,))
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    builder.spacer()
