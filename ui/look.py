"""The window's look in one place: one margin scale, panel headers, muted text, the status colours."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QWidget

#: the margin scale: SPACING between related things, MARGIN around panels and pages
SPACING = 6
MARGIN = 12
MUTED = "#5f6b7a"
WARNING = "#a15c00"
#: a refused value's message, and a total that adds up
PROBLEM, GOOD = "#b00020", "#2e7d32"
#: the frame of the parts a goal's form adds after the template's fields (follow-up status, decisions)
PANEL_FRAME = "background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px;"
HEADING_COLOUR = "#1f3a5f"
_RICH_TEXT_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """Plain text made safe inside Qt's rich text (a label's HTML), as ``html.escape`` does; without
    importing :mod:`html` and its entity tables on the way to the first paint."""
    return text.translate(_RICH_TEXT_SPECIAL)



class PanelHeader(QLabel):
    """A panel's header: bold dark text on a light band, with a line under it (palette and a painted line,
    not a style sheet: that would give the header a style of its own to build at start-up)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName("panelHeader")
        text_colour(self, "#2c3e50", bold=True)
        background(self, "#eef1f5")
        self.setContentsMargins(SPACING + 4, SPACING - 2, SPACING, SPACING - 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setPen(QColor("#d5dbe3"))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.end()


def panel_header(title: str, buddy: QWidget, parent: QWidget | None = None) -> QLabel:
    """A panel's header (:class:`PanelHeader`) naming ``buddy``, the widget its shortcut focuses."""
    label = PanelHeader(title, parent)
    label.setBuddy(buddy)
    return label


def part_heading(text: str, object_name: str, parent: QWidget | None = None) -> QLabel:
    """A part's heading on the form: bold, a little larger, dark blue (by palette: a style sheet here
    would make every widget below it slow to build)."""
    heading = QLabel(text, parent)
    heading.setObjectName(object_name)
    text_colour(heading, HEADING_COLOUR, bold=True)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    heading.setFont(font)
    return heading


def text_colour(label: QLabel, colour: str, italic: bool = False, bold: bool = False) -> None:
    """A label's text in ``colour`` (and italic or bold), by its palette and font: a style sheet would give
    the label a style of its own, which makes the form slower to build and to show."""
    _set_colour(label, QPalette.ColorRole.WindowText, colour)
    if italic or bold or label.font().italic() or label.font().bold():
        font = label.font()
        font.setItalic(italic)
        font.setBold(bold)
        label.setFont(font)


def background(widget: QWidget, colour: str) -> None:
    """A widget's background filled in ``colour``, by its palette (not a style sheet, as above)."""
    _set_colour(widget, QPalette.ColorRole.Window, colour)
    widget.setAutoFillBackground(True)


def _set_colour(widget: QWidget, role: QPalette.ColorRole, colour: str) -> None:
    palette = widget.palette()
    palette.setColor(role, QColor(colour))
    widget.setPalette(palette)
