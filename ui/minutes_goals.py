"""The goals a minutes item concerns: a checkable list of one year's goals (the meeting's year unless
the user picks another), plus any goal of another year the item already concerns."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QSpinBox, QVBoxLayout, QWidget

from storage.database import Store
from storage.minutes import GoalRef, MeetingItem, goal_refs


class GoalChecklist(QWidget):
    #: the goal uuids checked, after the user checked or unchecked one
    goalsChosen = Signal(list)

    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.item: MeetingItem | None = None
        self._year_of: tuple[str, int] | None = None  # the meeting (and its year) the year was set for
        self.year = QSpinBox(minimum=1990, maximum=2100)
        self.year.setObjectName("goalYear")
        self.view = QListWidget()
        self.view.setObjectName("goalList")
        self.view.setMinimumHeight(160)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Vedrører</b> indsatser i aftalerne for"))
        row.addWidget(self.year)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self.view.itemChanged.connect(self._checked)
        self.year.valueChanged.connect(lambda _v: self._fill())

    def show_item(self, meeting_uuid: str | None, meeting_year: int | None, item: MeetingItem | None) -> None:
        """Show the goals for ``item``; the year follows the meeting's date until the user changes it."""
        self.item = item
        if meeting_uuid is not None and meeting_year is not None and self._year_of != (meeting_uuid, meeting_year):
            self._year_of = (meeting_uuid, meeting_year)
            self.year.blockSignals(True)
            self.year.setValue(meeting_year)
            self.year.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        linked = {g.uuid: g for g in self.item.goals} if self.item else {}
        choices: dict[str, GoalRef] = {g.uuid: g for g in goal_refs(self.store(), self.year.value())}
        self.view.blockSignals(True)
        self.view.clear()
        for ref in [*choices.values(), *(g for u, g in linked.items() if u not in choices)]:
            entry = QListWidgetItem(ref.label if ref.year == self.year.value() else f"{ref.label} – {ref.year}")
            entry.setData(Qt.ItemDataRole.UserRole, ref.uuid)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if ref.uuid in linked else Qt.CheckState.Unchecked)
            self.view.addItem(entry)
        self.view.blockSignals(False)

    def _checked(self, _entry: QListWidgetItem) -> None:
        rows = [self.view.item(r) for r in range(self.view.count())]
        self.goalsChosen.emit([e.data(Qt.ItemDataRole.UserRole) for e in rows
                               if e.checkState() == Qt.CheckState.Checked])
