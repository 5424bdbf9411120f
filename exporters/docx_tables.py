"""Tables with a header row in the Word export: table fields (the action plan, milestones, a
template's own table) and the overview of a number field that must add up across the goals."""

from __future__ import annotations

from collections.abc import Sequence

from docx.shared import Cm

from exporters import docx_elements as el
from exporters.docx_builder import CAPTION, DocxBuilder
from exporters.docx_elements import Format
from exporters.field_text import DASH
from exporters.text_blocks import clean
from storage.formatting import format_number
from storage.number_rules import SumTotal

LABEL_FILL = "E8EDF4"
RIGHT = Format(align="right")


def widths_from_shares(total: int, shares: tuple[float, ...]) -> tuple[int, ...]:
    """Column widths (EMU) that add up to ``total`` exactly."""
    widths = [int(total * share) for share in shares]
    widths[-1] = total - sum(widths[:-1])
    return tuple(widths)


def header_table(builder: DocxBuilder, headers: tuple[str, ...], rows: Sequence[tuple[str, ...]],
                 widths: tuple[int, ...], right: tuple[int, ...] = (), bold_last: bool = False) -> None:
    """A grid table whose header row repeats on every page; rows are never split over a page.
    ``right``: the columns (numbers) whose cells are right-aligned; ``bold_last``: the last row in bold."""
    table = builder.table(widths)
    label_style, cell_style = builder.style_ids["Feltnavn"], builder.style_ids["Tabeltekst"]
    aligned = [RIGHT if column in right else None for column in range(len(headers))]
    header = el.row(table, header=True)
    for title, width, fmt in zip(headers, widths, aligned, strict=True):
        el.run(el.paragraph(el.cell(header, width, LABEL_FILL), label_style, fmt=fmt), title)
    for number, values in enumerate(rows, start=1):
        row = el.row(table, cant_split=True)
        bold = bold_last and number == len(rows)
        for value, width, fmt in zip(values, widths, aligned, strict=True):
            el.run(el.paragraph(el.cell(row, width), cell_style, fmt=fmt), value, bold=bold)


def sum_overview(builder: DocxBuilder, total: SumTotal, headings: dict[str, str]) -> None:
    """``Vægt for alle indsatser``: each goal (by heading) with its value, then the total; a total
    that does not give what the template says is followed by what it should give."""
    if not total.entries:
        return
    caption = builder.para("", "Feltnavn", fmt=CAPTION)
    el.run(caption, clean(f"{total.field.label} for alle indsatser"))
    rows = [(clean(headings.get(goal.uuid, "")), DASH if value is None else format_number(value))
            for goal, value in total.entries]
    said = format_number(total.actual)
    rows.append(("I alt", said if total.ok else f"{said} (skal give {format_number(total.expected)})"))
    side = int(Cm(4.0))
    header_table(builder, ("Indsats", clean(total.field.label)), rows, (builder.text_width - side, side), right=(1,),
                 bold_last=True)
    builder.spacer()
