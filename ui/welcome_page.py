"""What the right-hand side shows when there is nothing to edit: the first start (an empty store),
and the appendix group of the tree. Each offers the next step as buttons with their shortcuts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from storage.template_model import GoalKind
from ui.icons import icon
from ui.look import MARGIN, MUTED, SPACING, text_colour

WELCOME_TEXT = ("Her skriver du årets aftale mellem direktionen og din enhed. Alt gemmes med det samme, "
                "og aftalen kan eksporteres til Word, klar til underskrift.")


def shortcut_text(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


class WelcomePage(QWidget):
    """The first start: three ways to begin, each a button with its shortcut and a line of help."""

    def __init__(self, steps: list[tuple[QAction, str, str]], store_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.buttons: list[QPushButton] = []
        box = QFrame(self)
        box.setFixedWidth(560)
        inner = QVBoxLayout(box)
        inner.setSpacing(SPACING)
        title = QLabel("Velkommen til Aftaler", box)
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(WELCOME_TEXT, box)
        intro.setWordWrap(True)
        inner.addWidget(title)
        inner.addWidget(intro)
        for action, icon_name, help_text in steps:
            inner.addSpacing(MARGIN)
            line = QHBoxLayout()
            line.setSpacing(MARGIN)
            button = QPushButton(icon(icon_name), action.text().replace("&", ""), box)
            button.setIconSize(QSize(24, 24))
            button.setMinimumSize(300, 40)
            button.setStyleSheet("text-align: left; padding: 4px 12px;")
            button.clicked.connect(action.trigger)
            button.setEnabled(action.isEnabled())
            action.enabledChanged.connect(button.setEnabled)
            keys = QLabel(shortcut_text(action), box)
            keys.setObjectName("shortcut")
            text_colour(keys, MUTED)
            line.addWidget(button)
            line.addWidget(keys)
            line.addStretch(1)
            hint = QLabel(help_text, box)
            hint.setWordWrap(True)
            text_colour(hint, MUTED)
            inner.addLayout(line)
            inner.addWidget(hint)
            self.buttons.append(button)
        inner.addSpacing(MARGIN)
        where = QLabel(f"Dine aftaler gemmes i {store_path}", box)
        text_colour(where, MUTED)
        where.setWordWrap(True)
        inner.addWidget(where)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(MARGIN * 2, MARGIN * 2, MARGIN * 2, MARGIN * 2)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)


class AddGoalButtons(QWidget):
    """One "Tilføj …" button per goal kind (in a section's form, or on the appendix page)."""

    def __init__(self, kinds: tuple[GoalKind, ...], add: Callable[[str], None], enabled: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addGoalButtons")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, SPACING, 0, 0)
        layout.setSpacing(SPACING)
        self.buttons: dict[str, QPushButton] = {}
        for kind in kinds:
            button = QPushButton(icon("add-goal"), f"Tilføj {kind.name.lower()} …", self)
            button.setToolTip(f"Tilføj en ny {kind.name.lower()} (Ctrl+Shift+N, når en af dem er valgt)")
            button.setEnabled(enabled)
            button.clicked.connect(lambda _=False, k=kind.id: add(k))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.buttons[kind.id] = button


class AppendixPage(QWidget):
    """The tree's "Bilag" group selected: what the appendices are, and a button per kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appendixPage")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(MARGIN + 6, MARGIN, MARGIN + 6, MARGIN)
        title = QLabel("Bilag", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        text = QLabel("Hver indsats beskrives i sit eget bilag. Vælg et bilag i træet for at skrive i det, "
                      "eller tilføj et nyt.", self)
        text.setWordWrap(True)
        text_colour(text, MUTED)
        self.layout_.addWidget(title)
        self.layout_.addWidget(text)
        self.buttons: AddGoalButtons | None = None
        self.layout_.addStretch(1)

    def set_kinds(self, kinds: tuple[GoalKind, ...], add: Callable[[str], None], enabled: bool) -> None:
        if self.buttons is not None:
            self.buttons.deleteLater()
        self.buttons = AddGoalButtons(kinds, add, enabled, self)
        self.layout_.insertWidget(2, self.buttons)
