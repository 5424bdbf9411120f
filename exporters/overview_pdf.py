"""The status overview printed: landscape A4, through Qt's printing (the one exporter that uses Qt).

:func:`paint_overview` paints onto any ``QPagedPaintDevice`` — a ``QPrinter`` in the window's
print preview or the ``QPdfWriter`` of :func:`write_overview_pdf` — so the preview and the PDF
are one piece of code. Only QtCore and QtGui are used (no widgets): the command line writes the
PDF without a display, on a ``QGuiApplication`` made here with the offscreen platform.

Every page has the title (round and date), the header row, "Side X af Y" and the print date.
The status reads without colour too: a symbol and a word on a tinted cell. Text of any length
wraps in its column; a row longer than a page continues on the next one.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLineF, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from exporters.errors import ExportError, danish_reason
from storage.followup import danish_number
from storage.formatting import format_date
from storage.overview import Overview, OverviewLine
from storage.records import record
from storage.status_scale import StatusLevel

log = logging.getLogger(__name__)

#: (header, share of the page width)
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Enhed", 0.11), ("Nr.", 0.07), ("Indsats", 0.22), ("Type", 0.09), ("Status", 0.11),
    ("Kommentar", 0.23), ("Målt værdi", 0.07), ("Sat af", 0.10),
)
STATUS_COLUMN, COMMENT_COLUMN = 4, 5
SUB_LABELS = {"sub_goal": "Delmål", "action": "Handling"}
PAGE_MARGINS_MM = QMarginsF(12, 12, 12, 12)
BODY_POINTS = 8.0

_app: QGuiApplication | None = None


def ensure_gui() -> None:
    """Qt's painting needs a QGuiApplication; make one (offscreen, no display) if the process has none."""
    global _app
    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication([])


def overview_title(overview: Overview) -> str:
    """'Statusoversigt 2008 – Status-opfølgning (1. september 2008)'."""
    what = overview.round.label if overview.round is not None else "ingen opfølgningsrunde"
    return f"Statusoversigt {overview.year} – {what}"


def overview_note(overview: Overview, lines: list[OverviewLine]) -> str:
    """The line under the title: the counts, or why the table is empty or its statuses are."""
    if not overview.lines:
        return f"Der er ingen aftaler med indsatser for {overview.year}."
    text = " · ".join(f"{level.symbol} {level.name}: {count}" for level, count in level_counts(overview, lines))
    if overview.round is None:
        text += f" — der er ingen opfølgningsrunde for {overview.year}, så ingen status er sat."
    return text


def level_counts(overview: Overview, lines: list[OverviewLine]) -> list[tuple[StatusLevel, int]]:
    """How many of ``lines`` have each level, in the order of the overview's scales (levels none has left out)."""
    counts = Counter(line.level.name for line in lines)
    return [(level, counts[level.name]) for level in overview.scale_levels() if counts[level.name]]


def cell_texts(line: OverviewLine) -> list[str]:
    """The printed cells of one line, in :data:`COLUMNS` order."""
    title = line.goal_title if line.target_kind == "goal" else f"{SUB_LABELS.get(line.target_kind, '')}: {line.text}"
    comment = line.comment or (f"({line.empty_reason})" if line.empty_reason else "")
    set_by = " ".join(part for part in (line.set_by, format_date(line.set_at[:10]) if line.set_at else "") if part)
    return [line.unit, line.number, title, line.kind_name, f"{line.level.symbol} {line.level.name}", comment,
            danish_number(line.measured), set_by]


# --- laying out ----------------------------------------------------------------------------------

@record
class _Row:
    """One row of the printed overview, its cells already wrapped into lines."""

    line: OverviewLine | None  # None: the header row
    cells: list[list[str]]  # wrapped lines per column

    @property
    def height_lines(self) -> int:
        return max(1, *(len(c) for c in self.cells))


@record
class _Piece:
    """The part of a row that fits on one page (a row longer than a page is cut)."""

    row: _Row
    first: int  # line range of this piece (a row longer than a page is cut in pieces)
    last: int


class _Metrics:
    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.width, self.height = float(device.width()), float(device.height())
        body = QFont("DejaVu Sans")
        body.setPointSizeF(BODY_POINTS)
        body.setFeature(QFont.Tag("liga"), 0)  # "effekt", not "eﬀekt", when the PDF is searched or copied
        self.fonts = {"body": body, "bold": QFont(body), "italic": QFont(body), "title": QFont(body),
                      "small": QFont(body)}
        self.fonts["bold"].setBold(True)
        self.fonts["italic"].setItalic(True)
        self.fonts["title"].setPointSizeF(14)
        self.fonts["title"].setBold(True)
        self.fonts["small"].setPointSizeF(7)
        self.fm = {name: QFontMetricsF(font, device) for name, font in self.fonts.items()}
        self.line_height = self.fm["body"].lineSpacing()
        self.ascent = self.fm["body"].ascent()
        self.pad = self.line_height * 0.3
        self.col_x: list[float] = []
        x = 0.0
        for _, share in COLUMNS:
            self.col_x.append(x)
            x += share * self.width
        self.col_x.append(self.width)
        self.title_height = self.fm["title"].lineSpacing() * 1.4
        self.footer_height = self.fm["small"].lineSpacing() * 1.8

    def col_width(self, column: int) -> float:
        return self.col_x[column + 1] - self.col_x[column] - 2 * self.pad

    def wrap(self, text: str, style: str, width: float) -> list[str]:
        """``text`` in lines no wider than ``width``: at spaces, a word wider than that anywhere."""
        advance = self.fm[style].horizontalAdvance
        out: list[str] = []
        for para in text.split("\n"):
            if advance(para) <= width:
                out.append(para)
                continue
            line = ""
            for word in para.split(" "):
                candidate = f"{line} {word}" if line else word
                if advance(candidate) <= width:
                    line = candidate
                    continue
                if line:
                    out.append(line)
                while advance(word) > width:
                    cut = max(1, min(len(word) - 1, int(len(word) * width / advance(word))))
                    while cut > 1 and advance(word[:cut]) > width:
                        cut -= 1
                    out.append(word[:cut])
                    word = word[cut:]
                line = word
            out.append(line)
        return out


def _style(line: OverviewLine | None, column: int) -> str:
    if line is None or column == STATUS_COLUMN:
        return "bold"
    return "italic" if column == COMMENT_COLUMN and not line.comment and line.empty_reason else "body"


def _rows(metrics: _Metrics, lines: list[OverviewLine]) -> tuple[_Row, list[_Row]]:
    header = _Row(None, [metrics.wrap(name, "bold", metrics.col_width(i)) for i, (name, _) in enumerate(COLUMNS)])
    rows = [_Row(line, [metrics.wrap(text, _style(line, i), metrics.col_width(i))
                        for i, text in enumerate(cell_texts(line))]) for line in lines]
    return header, rows


def _paginate(metrics: _Metrics, header: _Row, rows: list[_Row], first_top: float,
              later_top: float) -> list[list[_Piece]]:
    """Rows cut into pages below the header row (the first page also has the note above it): a row
    that does not fit goes to the next page; one taller than a whole page is cut at a line."""
    row_extra = 2 * metrics.pad
    bottom = metrics.height - metrics.footer_height
    header_height = header.height_lines * metrics.line_height + row_extra
    start = later_top + header_height
    room_lines = max(1, int((bottom - start - row_extra) // metrics.line_height))
    pages: list[list[_Piece]] = [[]]
    y = first_top + header_height
    for row in rows:
        first = 0
        total = row.height_lines
        while first < total:
            fits = int((bottom - y - row_extra) // metrics.line_height)
            take = min(total - first, fits)
            if take < total - first and (take < 1 or total - first <= room_lines):
                pages.append([])  # start the row on a fresh page rather than cut it
                y = start
                continue
            pages[-1].append(_Piece(row, first, first + take))
            y += take * metrics.line_height + row_extra
            first += take
    return pages


# --- painting ------------------------------------------------------------------------------------

def _tint(colour: str, share: float) -> str:
    """``colour`` mixed with white (``share`` of the colour), as '#rrggbb'."""
    base = QColor(colour)
    return QColor(int(255 - (255 - base.red()) * share), int(255 - (255 - base.green()) * share),
                  int(255 - (255 - base.blue()) * share)).name()


class _Page:
    """What one page shows, gathered first and painted in a few calls per colour and font: fills by
    colour, rules, and text lines by style."""

    def __init__(self, metrics: _Metrics) -> None:
        self.metrics = metrics
        self.fills: dict[str, list[QRectF]] = defaultdict(list)
        self.rules: list[QLineF] = []
        self.texts: dict[str, list[tuple[QPointF, str]]] = defaultdict(list)

    def text(self, style: str, x: float, baseline: float, text: str) -> None:
        if text:
            self.texts[style].append((QPointF(x, baseline), text))

    def row(self, piece: _Piece, y: float) -> float:
        m = self.metrics
        height = (piece.last - piece.first) * m.line_height + 2 * m.pad
        line = piece.row.line
        if line is None:
            self.fills["#dfe3e8"].append(QRectF(0, y, m.width, height))
        else:
            x0, x1 = m.col_x[STATUS_COLUMN], m.col_x[STATUS_COLUMN + 1]
            self.fills[_tint(line.level.colour, 0.12)].append(QRectF(0, y, m.width, height))
            self.fills[_tint(line.level.colour, 0.45)].append(QRectF(x0, y, x1 - x0, height))
            self.fills[QColor(line.level.colour).name()].append(QRectF(x0, y, m.pad * 0.8, height))
        self.rules.append(QLineF(0, y, m.width, y))
        for column, texts in enumerate(piece.row.cells):
            x = m.col_x[column] + m.pad + (m.pad if column == STATUS_COLUMN else 0)
            style = _style(line, column)
            for index, text in enumerate(texts[piece.first:piece.last]):
                self.text(style, x, y + m.pad + index * m.line_height + m.ascent, text)
        return y + height

    def paint(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for colour, rects in self.fills.items():
            painter.setBrush(QColor(colour))
            painter.drawRects(rects)
        painter.setPen(QPen(QColor("#9aa0a6"), self.metrics.line_height * 0.04))
        painter.drawLines(self.rules)
        for style, texts in self.texts.items():
            painter.setFont(self.metrics.fonts[style])
            painter.setPen(QColor("#616161" if style == "italic" else "#000000"))
            for point, text in texts:
                painter.drawText(point, text)


def _frame(page: _Page, title: str, note: list[str], number: int, pages: int, printed: date) -> float:
    """Title, the note (first page), footer; where the table starts."""
    m = page.metrics
    page.text("title", 0, m.fm["title"].ascent(), title)
    y = m.title_height
    if number == 1:
        for text in note:
            page.text("body", 0, y + m.ascent, text)
            y += m.line_height
        y += m.pad * 2
    baseline = m.height - m.fm["small"].descent()
    page.text("small", 0, baseline, f"Udskrevet {printed:%d.%m.%Y}")
    right = f"Side {number} af {pages}"
    page.text("small", m.width - m.fm["small"].horizontalAdvance(right), baseline, right)
    return y


def prepare_device(device: QPagedPaintDevice) -> None:
    """Landscape A4 with the overview's margins (call before painting starts)."""
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     PAGE_MARGINS_MM, QPageLayout.Unit.Millimeter))


def paint_overview(device: QPagedPaintDevice, overview: Overview, lines: list[OverviewLine] | None = None,
                   printed: date | None = None, painter: QPainter | None = None) -> int:
    """Paint the overview's ``lines`` (default: its goals) onto ``device`` page by page; the page count.

    ``painter`` may be one already begun on ``device``; otherwise one is begun and ended here.
    """
    ensure_gui()
    lines = overview.goals() if lines is None else lines
    printed = printed or date.today()
    own = painter is None
    painter = painter or QPainter()
    if own and not painter.begin(device):
        raise ExportError("Siderne kunne ikke tegnes: printeren eller filen kunne ikke åbnes.")
    try:
        metrics = _Metrics(device)
        title = overview_title(overview)
        note = metrics.wrap(overview_note(overview, lines), "body", metrics.width)
        header, rows = _rows(metrics, lines)
        first_top = metrics.title_height + len(note) * metrics.line_height + metrics.pad * 2
        pages = _paginate(metrics, header, rows, first_top, metrics.title_height)
        for number, pieces in enumerate(pages, start=1):
            if number > 1:
                device.newPage()
            page = _Page(metrics)
            y = page.row(_Piece(header, 0, header.height_lines), _frame(page, title, note, number, len(pages), printed))
            for piece in pieces:
                y = page.row(piece, y)
            page.paint(painter)
        return len(pages)
    finally:
        if own:
            painter.end()


def write_overview_pdf(overview: Overview, target: Path, printed: date | None = None,
                       lines: list[OverviewLine] | None = None) -> Path:
    """The overview as a PDF file at ``target``, written whole or not at all (temp file + rename).

    Raises :class:`ExportError` with a Danish message if it cannot be written.
    """
    ensure_gui()
    target = Path(target)
    try:
        handle, temp = tempfile.mkstemp(prefix=".statusoversigt-", suffix=".pdf", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"PDF-filen '{target}' kunne ikke gemmes: {danish_reason(exc)}.") from exc
    os.close(handle)
    try:
        writer = QPdfWriter(temp)
        writer.setResolution(300)
        writer.setTitle(overview_title(overview))
        writer.setCreator("Aftaler")
        prepare_device(writer)
        paint_overview(writer, overview, lines, printed)
        del writer  # closes the file
        if os.path.getsize(temp) == 0:
            raise ExportError(f"PDF-filen '{target}' kunne ikke skrives: filen blev tom.")
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)  # mkstemp's file is private (0600); the overview is not
        os.replace(temp, target)
    except ExportError:
        _discard(temp)
        raise
    except OSError as exc:
        _discard(temp)
        raise ExportError(f"PDF-filen '{target}' kunne ikke gemmes: {danish_reason(exc)}.") from exc
    except Exception as exc:
        _discard(temp)
        log.info("PDF export failed", exc_info=True)
        raise ExportError(f"PDF-filen '{target}' kunne ikke skrives: der opstod en uventet fejl, og filen er"
                          " ikke gemt.") from exc
    return target


def _discard(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def pdf_file_name(overview: Overview) -> str:
    """'Statusoversigt 2008 - Status-opfølgning.pdf' (no characters file systems refuse)."""
    name = overview.round.name if overview.round is not None else "uden runde"
    cleaned = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .")
    return f"Statusoversigt {overview.year} - {cleaned}.pdf"
