"""At the bottom of a goal's form, under "Opfølgningsstatus": what dialogue meetings decided on items
that concern the goal ("Beslutninger fra dialogmøder").

Read again whenever the main window becomes active, so a decision written in the minutes window
shows as soon as the user comes back to the goal."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from storage.database import Store
from storage.errors import StoreError
from storage.minutes import decisions_for_goal
from ui.document import AgreementDocument
from ui.look import PANEL_FRAME, part_heading

NONE_YET = "Ingen dialogmøder har endnu punkter, der vedrører denne indsats (Opfølgning → Dialogmøder …)."
NO_DECISION = "Beslutningen er ikke skrevet endnu."
TITLE = "Beslutninger fra dialogmøder"


def add_goal_decisions(layout: QVBoxLayout, doc: AgreementDocument, node_uuid: str) -> GoalDecisions | None:
    """The form's hook: a goal's form gets the list; other nodes nothing."""
    if doc.goal(node_uuid) is None:
        return None
    decisions = GoalDecisions(doc.store, node_uuid)
    layout.addSpacing(10)
    layout.addWidget(decisions)
    return decisions


class GoalDecisions(QFrame):
    def __init__(self, store: Store, goal_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goalDecisions")
        self.setStyleSheet(f"#goalDecisions {{ {PANEL_FRAME} }}")
        self.store, self.goal_uuid = store, goal_uuid
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 12)
        column.addWidget(part_heading(TITLE, "panelHeading", self))
        body = QWidget(self)
        self.lines = QVBoxLayout(body)
        self.lines.setContentsMargins(0, 0, 0, 0)
        column.addWidget(body)
        self.body = body
        self.refresh()

    def texts(self) -> list[str]:
        """What the list shows, line by line (under the heading)."""
        return [label.text() for label in self.body.findChildren(QLabel)]

    def refresh(self) -> None:
        while self.lines.count():
            item = self.lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
                widget.setParent(None)
        try:
            decisions = decisions_for_goal(self.store, self.goal_uuid)
        except (StoreError, sqlite3.Error):  # a closed or replaced store: the window reopens the form
            decisions = []
        if not decisions:
            self._label(NONE_YET, "color: #666;")
        for decision in decisions:
            self._label(decision.label, "font-weight: bold; margin-top: 4px;")
            self._label(decision.decision or NO_DECISION, "" if decision.decision else "color: #666;")

    def _label(self, text: str, style: str) -> None:
        label = QLabel(text, self.body)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        self.lines.addWidget(label)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.refresh()
        return super().event(event)
