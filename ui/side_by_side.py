"""Two texts side by side, what differs marked with a soft background (the import preview's view of a
field that is not the same here and in the bundle). The words are compared by :mod:`storage.text_diff`."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QTextBrowser, QWidget

from storage.text_diff import Piece, side_by_side
from ui.look import escape

#: the background of a piece the other side lacks
MARK = "#ffe59e"
EMPTY = "<p style='color:#777777;'><i>(intet)</i></p>"


def pieces_html(pieces: list[Piece]) -> str:
    """The pieces as HTML, escaped, line breaks kept, changed pieces on a marked background."""
    if not "".join(p.text for p in pieces).strip():
        return EMPTY
    parts = []
    for piece in pieces:
        text = escape(piece.text)
        parts.append(f"<span style='background-color:{MARK};'>{text}</span>"
                     if piece.changed and piece.text.strip() else text)
    return f"<p style='white-space:pre-wrap;'>{''.join(parts)}</p>"


class SideBySide(QWidget):
    """"Her" on the left, the bundle's text on the right, each under its heading."""

    def __init__(self, theirs_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mine_title = QLabel("<b>Her</b>", self)
        self.theirs_title = QLabel(theirs_title, self)
        self.mine_view = QTextBrowser(self)
        self.theirs_view = QTextBrowser(self)
        for view in (self.mine_view, self.theirs_view):
            view.setOpenLinks(False)
            view.document().setDocumentMargin(8)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(10)
        layout.addWidget(self.mine_title, 0, 0)
        layout.addWidget(self.theirs_title, 0, 1)
        layout.addWidget(self.mine_view, 1, 0)
        layout.addWidget(self.theirs_view, 1, 1)

    def show_texts(self, mine: str, theirs: str) -> None:
        left, right = side_by_side(mine, theirs)
        self.mine_view.setHtml(pieces_html(left))
        self.theirs_view.setHtml(pieces_html(right))
