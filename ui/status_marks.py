"""How a status level looks: a round badge in the level's colour with its symbol in white.

The same badge is the tree's mark per goal (:class:`StatusMarkDelegate`) and the swatch in the
status choices of the follow-up panel (:func:`level_icon`), so a level reads the same everywhere,
in colour and by its symbol.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip, QWidget

from storage.status_scale import StatusLevel
from ui.followup_round import FollowUpRounds, level_text
from ui.tree_model import AgreementTreeModel

Index = QModelIndex | QPersistentModelIndex
BADGE = 16
GAP = 6


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


class StatusMarkDelegate(QStyledItemDelegate):
    """Draws each goal's status in the chosen round at the right end of its row in the tree."""

    def __init__(self, rounds: FollowUpRounds, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.rounds = rounds
        self.view = view
        rounds.statusesChanged.connect(view.viewport().update)

    def mark(self, index: Index) -> StatusLevel | None:
        """The level shown for the row (None: no mark — not a goal, or no round)."""
        model = index.model()
        node = model.node(index) if isinstance(model, AgreementTreeModel) else None
        if node is None or node.node_type != "goal":
            return None
        return self.rounds.level(node.uuid)

    @staticmethod
    def badge_rect(row: QRect) -> QRect:
        return QRect(row.right() - BADGE - GAP + 1, row.center().y() - BADGE // 2 + 1, BADGE, BADGE)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        level = self.mark(index)
        if level is None:
            super().paint(painter, option, index)
            return
        text_part = QStyleOptionViewItem(option)
        text_part.rect = option.rect.adjusted(0, 0, -(BADGE + 2 * GAP), 0)
        super().paint(painter, text_part, index)
        if option.state & QStyle.StateFlag.State_Selected:
            rest = QRect(text_part.rect.right() + 1, option.rect.top(),
                         BADGE + 2 * GAP, option.rect.height())
            painter.fillRect(rest, option.palette.highlight())
        paint_badge(painter, self.badge_rect(option.rect), level)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        if self.mark(index) is not None:
            size.setWidth(size.width() + BADGE + 2 * GAP)
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
        QToolTip.showText(event.globalPos(), f"{index.data()}\n{chosen.name}: {level_text(level)}{comment}",
                          view if isinstance(view, QWidget) else None)
        return True

    def badge_centre(self, index: Index) -> QPoint:
        """Where the mark of a row is drawn, in viewport coordinates."""
        return self.badge_rect(self.view.visualRect(index)).center()
