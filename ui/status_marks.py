"""How a status level looks: a round badge in the level's colour with its symbol in white.

The same badge is the tree's mark per goal (:class:`StatusMarkDelegate`) and the swatch in the
status choices of the follow-up panel (:func:`level_icon`), so a level reads the same everywhere,
in colour and by its symbol.

Left of the badge the tree marks a node of a copied agreement whose text still names last year: a
small "2008" in the colours of the form's note "Nævner stadig 2008 …" (:data:`ui.tree_model.YEAR_MARK_ROLE`).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHelpEvent, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QToolTip, QWidget

from storage.status_scale import StatusLevel
from ui.followup_round import FollowUpRounds, level_text
from ui.tree_model import YEAR_MARK_ROLE, AgreementTreeModel

Index = QModelIndex | QPersistentModelIndex
BADGE = 16
GAP = 6
#: the year mark: text and background, as the form's year note (ui.form_editor.YEAR_MARK_STYLE)
YEAR_TEXT, YEAR_BACKGROUND = QColor("#8a5a00"), QColor("#fff4d6")
YEAR_HEIGHT, YEAR_PADDING = 14, 3


def paint_badge(painter: QPainter, rect: QRect, level: StatusLevel) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(level.colour))
    painter.drawEllipse(rect)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(8, int(rect.height() * 0.7)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, level.symbol)
    painter.restore()


def level_icon(level: StatusLevel, size: int = BADGE) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_badge(painter, QRect(0, 0, size, size), level)
    painter.end()
    return QIcon(pixmap)


def year_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPixelSize(YEAR_HEIGHT - 4)
    small.setBold(True)
    return small


def paint_year(painter: QPainter, rect: QRect, year: int) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(YEAR_TEXT)
    painter.setBrush(YEAR_BACKGROUND)
    painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
    painter.setFont(year_font(painter.font()))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(year))
    painter.restore()


class StatusMarkDelegate(QStyledItemDelegate):
    """Draws each goal's status in the chosen round at the right end of its row in the tree, and left of
    it the year mark of a node that still names last year."""

    def __init__(self, rounds: FollowUpRounds, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.rounds = rounds
        self.view = view
        self.painted = False  # whether the view has drawn a row yet
        rounds.statusesChanged.connect(self._repaint)

    def _repaint(self) -> None:
        # Before the first paint there is nothing to draw again; and asking for the viewport then would make
        # PySide6 build the Python types of every widget class (it looks for the widget's own) at start-up.
        if self.painted:
            self.view.viewport().update()

    def mark(self, index: Index) -> StatusLevel | None:
        """The level shown for the row (None: no mark — not a goal, or no round)."""
        model = index.model()
        node = model.node(index) if isinstance(model, AgreementTreeModel) else None
        if node is None or node.node_type != "goal":
            return None
        return self.rounds.level(node.uuid)

    @staticmethod
    def year_mark(index: Index) -> int | None:
        """The year the row's text still names (None: no year mark)."""
        year = index.data(YEAR_MARK_ROLE)
        return year if isinstance(year, int) else None

    @staticmethod
    def badge_rect(row: QRect) -> QRect:
        return QRect(row.right() - BADGE - GAP + 1, row.center().y() - BADGE // 2 + 1, BADGE, BADGE)

    def year_width(self, year: int | None) -> int:
        """The width of the year mark for ``year`` (0: no mark)."""
        if year is None:
            return 0
        return int(QFontMetricsF(year_font(self.view.font())).horizontalAdvance(str(year))) + 2 * YEAR_PADDING + 1

    def year_rect(self, row: QRect, index: Index) -> QRect:
        """Where the year mark of a row goes: at its right end, left of the status badge when it has one."""
        width = self.year_width(self.year_mark(index))
        right = row.right() + 1 - GAP - (BADGE + GAP if self.mark(index) is not None else 0)
        return QRect(right - width, row.center().y() - YEAR_HEIGHT // 2 + 1, width, YEAR_HEIGHT)

    def _reserved(self, level: StatusLevel | None, year: int | None) -> int:
        """The width at a row's right end taken by its marks (and the gaps around them)."""
        badge, width = level is not None, self.year_width(year)
        return (BADGE + GAP if badge else 0) + (width + GAP if width else 0) + (GAP if badge or width else 0)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.painted = True
        level, year = self.mark(index), self.year_mark(index)
        reserved = self._reserved(level, year)
        if not reserved:
            super().paint(painter, option, index)
            return
        text_part = QStyleOptionViewItem(option)
        text_part.rect = option.rect.adjusted(0, 0, -reserved, 0)
        super().paint(painter, text_part, index)
        if self.view.selectionModel().isSelected(index):  # (QStyle's flags would cost its many enums at start)
            rest = QRect(text_part.rect.right() + 1, option.rect.top(), reserved, option.rect.height())
            painter.fillRect(rest, option.palette.highlight())
        if level is not None:
            paint_badge(painter, self.badge_rect(option.rect), level)
        if year is not None:
            paint_year(painter, self.year_rect(option.rect, index), year)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        level = self.mark(index)
        reserved = self._reserved(level, self.year_mark(index))
        if reserved:
            size.setWidth(size.width() + reserved)
        if level is not None:
            size.setHeight(max(size.height(), BADGE + 2))
        return size

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: Index) -> bool:
        level = self.mark(index)
        chosen = self.rounds.current
        if level is None or chosen is None:
            return super().helpEvent(event, view, option, index)
        model = index.model()
        node = model.node(index) if isinstance(model, AgreementTreeModel) else None
        found = self.rounds.status(node.uuid) if node else None
        comment = f"\n{found.comment}" if found and found.comment else ""
        tip = index.data(Qt.ItemDataRole.ToolTipRole) or index.data()  # the heading, and the model's notes
        QToolTip.showText(event.globalPos(), f"{tip}\n{chosen.name}: {level_text(level)}{comment}",
                          view if isinstance(view, QWidget) else None)
        return True

    def badge_centre(self, index: Index) -> QPoint:
        """Where the mark of a row is drawn, in viewport coordinates."""
        return self.badge_rect(self.view.visualRect(index)).center()
