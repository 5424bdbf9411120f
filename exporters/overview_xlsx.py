"""The status overview as an Excel workbook (.xlsx): a summary sheet "Oversigt" (goals per unit and
status) and a detail sheet "Detaljer" (one row per goal, sub-goal and action).

Written in openpyxl's write-only mode with each style made once, so a year of a few hundred
agreements is written about as fast as openpyxl can write the bare cells. Every user text is written
as text — one that begins with "=", "+", "-", "@", a tab or a carriage return is never a formula in
Excel or LibreOffice — and characters a workbook cannot hold are replaced, never ending the export.
The file appears whole or not at all (a temporary file beside it, then ``os.replace``).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import cast

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from exporters.errors import ExportError, danish_reason
from storage.followup import FollowUpError, danish_date, parse_date
from storage.overview import Overview, OverviewLine
from storage.records import record
from storage.status_scale import StatusLevel

SUMMARY_SHEET = "Oversigt"
DETAIL_SHEET = "Detaljer"
HEADERS = ("Enhed", "Aftale", "Type", "Indsatstype", "Indsats", "Tekst", "Succeskriterium", "Status", "Kommentar",
           "Målt værdi", "Ansvarlig", "Frist", "Sat af", "Sat den")
#: the widest each detail column may become (characters); longer text wraps
WIDTH_CAPS = (16, 18, 9, 13, 26, 32, 28, 15, 34, 10, 14, 12, 10, 16)
#: points per line of 10 pt text, and the most a row may be (Excel's limit is 409)
LINE_HEIGHT, ROW_LIMIT = 13.0, 400.0
TYPE_NAMES = {"goal": "Indsats", "sub_goal": "Delmål", "action": "Handling"}
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
#: Excel holds at most this many characters in a cell; a page header at most 255 with its codes, and
#: each "&" of the title is written twice
CELL_LIMIT = 32_767
HEADER_LIMIT = 115
#: a text starting with one of these would be read as a formula (or a number) when typed into a cell
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: C0 controls but tab, newline and carriage return; lone surrogates; the two non-characters XML forbids
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"

_HEADER_FILL = "37474F"
_THIN = Side(style="thin", color="B0BEC5")


def write_overview_xlsx(overview: Overview, target: Path) -> Path:
    """Write ``overview`` to ``target`` (replaced whole); the path. Danish :class:`ExportError` on failure."""
    target = Path(target)
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=target.parent)
        os.close(handle)
        temp = Path(name)
        _workbook(overview).save(temp)
        os.replace(temp, target)
        temp = None
    except Exception as exc:  # noqa: BLE001 - any failure is said in Danish; no half-written file is left
        raise ExportError(f"Excel-filen '{target}' kunne ikke skrives: {danish_reason(exc)}.") from exc
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    return target


def title_of(overview: Overview) -> str:
    """'Statusoverblik 2008 · Status-opfølgning (1. september 2008)'."""
    label = overview.round.label if overview.round else "ingen opfølgningsrunde"
    return f"Statusoverblik {overview.year} · {label}"


# --- text that a workbook holds -------------------------------------------------------------------

def cell_text(value: str) -> str:
    """``value`` as a cell can hold it: unwritable characters replaced, cut at Excel's limit with '…'."""
    text = value if value.isprintable() else _UNWRITABLE.sub(REPLACEMENT, value)  # unwritable ⊂ unprintable
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - 1] + "…"


def _excel_moment(iso: str) -> datetime | None:
    """A stored UTC time as local time without zone (Excel has no zones); None if it cannot be read."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.replace(tzinfo=None) + _utc_offset(moment.replace(minute=0, second=0, microsecond=0))


@lru_cache(maxsize=4096)
def _utc_offset(hour: datetime) -> timedelta:
    """The local zone's offset in that hour (summer and winter time change on the hour)."""
    return hour.astimezone().utcoffset() or timedelta(0)


@lru_cache(maxsize=4096)
def _deadline(text: str) -> date | str:
    """A deadline written as a date becomes a date cell; any other text ("2. kvartal 2008") stays text."""
    if not text or not text[:1].isdigit():
        return text
    try:
        return parse_date(text)
    except FollowUpError:
        return text


# --- styles, each made once -----------------------------------------------------------------------

@record(frozen=True)
class _Look:
    """One cell look of the overview sheet (font, fill, number format, wrapping, border)."""

    bold: bool = False
    header: bool = False
    fill: str | None = None  # "rrggbb"
    number_format: str = "General"
    quote: bool = False
    wrap: bool = True
    size: int = 10
    border: bool = True


class _ReusedCell(Cell):
    """The one cell a look's values are written through, its style id looked up once (openpyxl would
    hash the style again for every cell written)."""

    __slots__ = ("fixed_style_id",)

    @property
    def style_id(self) -> int:
        return int(self.fixed_style_id)


@record
class _Slot:
    """A look's reused cell, and the look with a quote prefix for text that would read as a formula."""

    cell: _ReusedCell
    look: _Look
    quoted: _ReusedCell | None = None


#: a value and where it is written, as appended to a sheet; openpyxl takes the cell as it writes the row
Styled = tuple[object, _Slot]


class _Styles:
    """Writes a sheet's rows of (value, slot) through one reused cell per look, each look's style made
    once — openpyxl's own way of streaming plain values, with a style. Cells made one by one and
    styled attribute by attribute cost two to three times what writing them does."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self.slots: dict[_Look, _Slot] = {}
        sheet._values_to_row = self._cells  # what the write-only sheet asks for each appended row's cells

    def slot(self, look: _Look) -> _Slot:
        found = self.slots.get(look)
        if found is None:
            found = self.slots[look] = _Slot(self._reused(look), look)
        return found

    def cell(self, value: object, look: _Look) -> Styled:
        return value, self.slot(look)

    def _reused(self, look: _Look) -> _ReusedCell:
        cell = _ReusedCell(self.sheet, style_array=self._make(look))
        cell.fixed_style_id = self.sheet.parent._cell_styles.add(cell._style)
        return cell

    def _cells(self, row: list[Styled], row_index: int) -> Iterator[Cell]:
        """The cells of one row, handed to the sheet's writer one at a time (each written before the next)."""
        for column, (value, slot) in enumerate(row, start=1):
            cell = slot.cell
            if value.__class__ is str:
                value = cell_text(value)
                if value.startswith(FORMULA_START):
                    if slot.quoted is None:
                        slot.quoted = self._reused(replace(slot.look, quote=True))
                    cell = slot.quoted
                cell.value = value
                cell.data_type = "s"  # "=1+1" is the text "=1+1", never a formula
            else:
                cell.value = value
            cell.column, cell.row = column, row_index
            yield cell

    def _make(self, look: _Look) -> StyleArray:
        cell = Cell(self.sheet)
        cell.font = Font(name="Calibri", size=look.size, bold=look.bold or look.header,
                         color="FFFFFF" if look.header else None)
        cell.alignment = Alignment(wrap_text=look.wrap, vertical="top" if not look.header else "center")
        if look.border:
            cell.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
        fill = _HEADER_FILL if look.header else look.fill
        if fill is not None:
            cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        cell.number_format = look.number_format
        cell.quotePrefix = look.quote
        return StyleArray(cell._style)


def tint(colour: str, share: float = 0.35) -> str:
    """'#c62828' mixed with white (``share`` of the colour): a fill that dark text reads on."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "".join(f"{round(255 - (255 - c) * share):02X}" for c in (red, green, blue))


def _status_look(level: StatusLevel, fills: dict[str, str]) -> _Look:
    fill = fills.get(level.colour)
    if fill is None:
        fill = fills[level.colour] = tint(level.colour)
    return _Look(bold=True, fill=fill)


# --- the workbook ----------------------------------------------------------------------------------

def _workbook(overview: Overview) -> Workbook:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(SUMMARY_SHEET)
    details = workbook.create_sheet(DETAIL_SHEET)
    _summary(summary, overview)
    _details(details, overview)
    return workbook


def _print_setup(sheet: WriteOnlyWorksheet, title: str, header_rows: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.print_title_rows = header_rows
    shown = cell_text(title)
    shown = shown if len(shown) <= HEADER_LIMIT else shown[:HEADER_LIMIT - 1] + "…"
    sheet.oddHeader.center.text = shown.replace("&", "&&")  # "&" starts a code in a page header
    sheet.oddHeader.center.size = 11
    sheet.oddHeader.center.font = "Calibri,Bold"
    sheet.oddFooter.left.text = f"Dannet {date.today():%d.%m.%Y}"
    sheet.oddFooter.right.text = "Side &P af &N"


def _summary(sheet: WriteOnlyWorksheet, overview: Overview) -> None:
    counts = overview.counts()
    levels = overview.scale_levels()
    units = sorted(counts, key=str.casefold)
    widths = [max([len("Enhed"), *(min(len(u), 40) for u in units)]) + 2,
              *(max(len(lvl.name) + 3, 8) for lvl in levels), 8]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _print_setup(sheet, title_of(overview), "5:5")
    sheet.freeze_panes = "B6"
    styles, fills = _Styles(sheet), dict[str, str]()
    plain = _Look(wrap=False, border=False)
    sheet.append([styles.cell(f"Statusoverblik {overview.year}", _Look(bold=True, wrap=False, size=14, border=False))])
    sheet.append([styles.cell(_round_line(overview), plain)])
    sheet.append([styles.cell("Optalt: indsatser. Delmål og handlinger står på arket »Detaljer«.", plain)])
    sheet.append([])
    header = _Look(header=True)
    sheet.append([styles.cell(text, header)
                  for text in ("Enhed", *(f"{lvl.symbol} {lvl.name}" for lvl in levels), "I alt")])
    body = _Look()
    for unit in units:
        row = [counts[unit].get(lvl.name, 0) for lvl in levels]
        sheet.append([styles.cell(unit, body), *(styles.cell(n, body) for n in row), styles.cell(sum(row), body)])
    if units:
        totals = [sum(counts[u].get(lvl.name, 0) for u in units) for lvl in levels]
        bold = _Look(bold=True)
        sheet.append([styles.cell("I alt", bold), *(styles.cell(n, bold) for n in totals),
                      styles.cell(sum(totals), bold)])
        sheet.append([])
        for lvl in levels:
            sheet.append([styles.cell(f"{lvl.symbol} {lvl.name}", replace(_status_look(lvl, fills), wrap=False))])
    else:
        sheet.append([styles.cell(f"Der er ingen aftaler med indsatser for {overview.year}.", plain)])


def _round_line(overview: Overview) -> str:
    if overview.round is None:
        return f"Der er ingen opfølgningsrunde for {overview.year}, så ingen status er sat."
    closed = " · lukket" if overview.round.closed else ""
    return f"Runde: {overview.round.name} · {danish_date(overview.round.date)}{closed}"


def _row_values(line: OverviewLine) -> tuple[object, ...]:
    measured: object = Decimal(line.measured) if line.measured is not None else ""
    set_at: object = _excel_moment(line.set_at) or line.set_at if line.set_at else ""
    return (line.unit, line.agreement_title, TYPE_NAMES.get(line.target_kind, line.target_kind), line.kind_name,
            line.heading, line.text, line.criterion, f"{line.level.symbol} {line.level.name}", line.comment,
            measured, line.responsible, _deadline(line.deadline), line.set_by, set_at)


def _layout(rows: list[tuple[object, ...]]) -> tuple[list[float], list[float]]:
    """Column widths that fit (capped) and the points each row needs for its wrapped text — neither
    Excel nor LibreOffice sizes rows on opening. Worked out a column at a time (one pass of C-level
    ``len`` per column), since a row at a time costs as much as writing the cells."""
    columns: list[tuple[object, ...]] = list(zip(*rows, strict=True)) if rows else [() for _ in HEADERS]
    widths: list[float] = []
    row_lines: list[int] = [1] * len(rows)
    for header, cap, column in zip(HEADERS, WIDTH_CAPS, columns, strict=True):
        texts = (cast("tuple[str, ...]", column) if header not in _TYPED_COLUMNS
                 else [v if isinstance(v, str) else _shown(v) for v in column])
        sizes = list(map(len, texts))
        width = min(cap, max([len(header) + 1, *sizes]) + 1)
        widths.append(width)
        per_line = max(1, int(width * 1.2) - 2)  # 10 pt text in columns measured in 11 pt characters
        breaks = [text.count("\n") for text in texts] if "\n" in "".join(texts) else [0] * len(texts)
        if max(sizes, default=0) > per_line or any(breaks):
            needed = [-(-size // per_line) + extra for size, extra in zip(sizes, breaks, strict=True)]
            row_lines = list(map(max, row_lines, needed))
    return widths, [min(ROW_LIMIT, lines * LINE_HEIGHT + 2) for lines in row_lines]


#: the detail columns that hold numbers or dates as well as text; the others hold text only
_TYPED_COLUMNS = ("Målt værdi", "Frist", "Sat den")


def _shown(value: object) -> str:
    """About what a number or date cell shows, for its width."""
    if isinstance(value, datetime):
        return "00.00.0000 00:00"
    if isinstance(value, date):
        return "00.00.0000"
    return str(value)


def _details(sheet: WriteOnlyWorksheet, overview: Overview) -> None:
    rows = [_row_values(line) for line in overview.lines]
    widths, heights = _layout(rows)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index, height in enumerate(heights, start=2):
        if height > LINE_HEIGHT + 2:
            sheet.row_dimensions[index].height = height
    last = get_column_letter(len(HEADERS))
    _print_setup(sheet, title_of(overview), "1:1")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    styles = _Styles(sheet)
    header = _Look(header=True)
    sheet.append([styles.cell(text, header) for text in HEADERS])
    for cells in _styled_rows(styles, overview.lines, rows):
        sheet.append(cells)


def _styled_rows(styles: _Styles, lines: list[OverviewLine], rows: list[tuple[object, ...]]
                 ) -> Iterator[list[Styled]]:
    """Each row's values with their slots: goal rows bold, dates as dates, the status cell filled."""
    fills: dict[str, str] = {}
    slots = {kind: tuple(styles.slot(_Look(bold=kind == "goal", number_format=number_format))
                         for number_format in ("General", DATE_FORMAT, DATETIME_FORMAT))
             for kind in ("goal", "sub_goal", "action")}
    status_slots: dict[StatusLevel, _Slot] = {}
    status_column = HEADERS.index("Status")
    for line, row in zip(lines, rows, strict=True):
        text, day, moment = slots.get(line.target_kind, slots["action"])
        status = status_slots.get(line.level)
        if status is None:
            status = status_slots[line.level] = styles.slot(_status_look(line.level, fills))
        cells: list[Styled] = [(value, text if value.__class__ is not datetime and value.__class__ is not date
                                else moment if value.__class__ is datetime else day) for value in row]
        cells[status_column] = (row[status_column], status)
        yield cells
