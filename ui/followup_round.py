"""The follow-up round chosen for the open agreement, and the bar above the form to choose one.

:class:`FollowUpRounds` holds what the views show: the rounds covering the agreement (the latest
is chosen by default) and the chosen round's statuses. Status changes reach the store only
through :meth:`FollowUpRounds.set_status` (called by ``ui.commands.SetStatusCommand``); a refusal
(a number that is no number, a closed round, a failed write) goes the document's failure path
(:attr:`AgreementDocument.saveFailed`, the red banner) and nothing is stored.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from storage import followup
from storage.errors import StoreError, danish_reason
from storage.followup import Round, Status
from storage.model import Row
from storage.records import record
from storage.status_scale import NOT_ASSESSED, StatusLevel, level_of
from ui.document import AgreementDocument
from ui.look import text_colour


@record(frozen=True)
class StatusEntry:
    """What a user sets for one target in a round."""

    status: str | None = None
    comment: str = ""
    measured: str | None = None

    @classmethod
    def of(cls, status: Status | None) -> StatusEntry:
        if status is None:
            return cls()
        return cls(status.status, status.comment, followup.danish_number(status.measured) or None)


class FollowUpRounds(QObject):
    #: the rounds, the chosen round or its closed state changed
    roundChanged = Signal()
    #: the chosen round's statuses changed (after a set, an undo, a redo or a change of round)
    statusesChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc: AgreementDocument | None = None
        self.rounds: list[Round] = []
        self.current: Round | None = None
        self.statuses: dict[str, Status] = {}
        #: how many changes were refused so far (a view can tell whether its change was stored)
        self.refusals = 0
        self._said_refusal = False

    # --- reading -----------------------------------------------------------------------------

    def set_document(self, doc: AgreementDocument | None) -> None:
        self.doc = doc
        self.current = None
        self.reload()

    def reload(self, choose: str | None = None) -> None:
        """Read the rounds again; keep the chosen round (or choose ``choose``), else the latest."""
        wanted = choose or (self.current.uuid if self.current else None)
        try:
            self.rounds = followup.rounds_of(self.doc.store, self.doc.uuid) if self.doc else []
        except (StoreError, sqlite3.Error) as exc:
            self.rounds = []
            self._refused(f"Opfølgningsrunderne kunne ikke læses: {danish_reason(exc)}.")
        by_uuid = {r.uuid: r for r in self.rounds}
        self.current = by_uuid.get(wanted or "") or (self.rounds[-1] if self.rounds else None)
        self._read_statuses()
        self.roundChanged.emit()
        self.statusesChanged.emit()

    def choose(self, round_uuid: str) -> None:
        if self.current is None or self.current.uuid != round_uuid:
            self.reload(choose=round_uuid)

    def _read_statuses(self) -> None:
        if self.doc is None or self.current is None:
            self.statuses = {}
            return
        try:
            self.statuses = followup.statuses_of(self.doc.store, self.current.uuid, self.doc.uuid)
        except (StoreError, sqlite3.Error) as exc:
            self.statuses = {}
            self._refused(f"Status kunne ikke læses: {danish_reason(exc)}.")

    @property
    def scale(self) -> tuple[StatusLevel, ...]:
        return self.doc.template.status_scale if self.doc else ()

    @property
    def writable(self) -> bool:
        """Statuses can be set: an agreement is open in a writable store and the chosen round is open."""
        return self.doc is not None and not self.doc.read_only and self.current is not None \
            and not self.current.closed

    def status(self, target_uuid: str) -> Status | None:
        return self.statuses.get(target_uuid)

    def level(self, target_uuid: str) -> StatusLevel | None:
        """The level a target has in the chosen round (None when no round is chosen)."""
        if self.current is None:
            return None
        found = self.statuses.get(target_uuid)
        return level_of(self.scale, found.status if found else None)

    def action_status(self, row: Row, key: str) -> str | None:
        """What an action plan's Status column shows while a round is chosen (``followup.status_text``);
        None (the plan's own editable text) when the agreement has no round."""
        if key != "status" or self.current is None:
            return None
        return followup.status_text(self.scale, self.statuses.get(row.uuid), row.data.get("status", ""))

    def history(self, target_uuid: str) -> list[tuple[Round, Status | None]]:
        if self.doc is None:
            return []
        try:
            return followup.history(self.doc.store, self.doc.uuid, target_uuid)
        except (StoreError, sqlite3.Error) as exc:
            self._refused(f"Historikken kunne ikke læses: {danish_reason(exc)}.")
            return []

    # --- changes -----------------------------------------------------------------------------

    def set_status(self, round_uuid: str, target_uuid: str, goal_uuid: str, entry: StatusEntry,
                   set_by: str | None = None) -> bool:
        """Store one target's status (called by undo commands only); False, with the Danish reason on
        the document's failure path, if it was refused or could not be written."""
        doc = self.doc
        if doc is None:
            return False
        try:
            followup.set_status(doc.store, round_uuid, target_uuid, entry.status, entry.comment, entry.measured,
                                set_by)
        except StoreError as exc:
            return self._refused(str(exc))
        except sqlite3.Error as exc:
            return self._refused(f"Status kunne ikke gemmes: {danish_reason(exc)}.")
        doc.last_touched = goal_uuid
        if self.current is not None and self.current.uuid == round_uuid:
            self._read_statuses()
            self.statusesChanged.emit()
        doc.saved.emit()
        if self._said_refusal and not doc.has_pending:  # the band about the refused status can go
            self._said_refusal = False
            doc.saveRecovered.emit()
        return True

    def create_round(self, name: str, day: date, whole_year: bool, from_latest: bool) -> str | None:
        """A new round for this agreement or its whole year, chosen at once; the Danish reason if refused."""
        doc = self.doc
        if doc is None or doc.read_only:
            return "Der er ingen aftale åben, som kan ændres."
        start = self.rounds[-1].uuid if from_latest and self.rounds else None
        try:
            new = followup.create_round(doc.store, name, day, year=doc.agreement.year,
                                        agreement_uuid=None if whole_year else doc.uuid, from_round=start)
        except StoreError as exc:
            return str(exc)
        except sqlite3.Error as exc:
            return f"Runden kunne ikke gemmes: {danish_reason(exc)}."
        self.reload(choose=new)
        doc.saved.emit()
        return None

    def set_closed(self, closed: bool) -> bool:
        doc, chosen = self.doc, self.current
        if doc is None or chosen is None or doc.read_only:
            return False
        try:
            followup.set_closed(doc.store, chosen.uuid, closed)
        except (StoreError, sqlite3.Error) as exc:
            return self._refused(str(exc) if isinstance(exc, StoreError) else danish_reason(exc))
        self.reload()
        doc.saved.emit()
        return True

    def _refused(self, message: str) -> bool:
        self.refusals += 1
        self._said_refusal = True
        if self.doc is not None:
            self.doc.saveFailed.emit(message)
        return False


def level_text(level: StatusLevel) -> str:
    """'✓ Grøn'."""
    return f"{level.symbol} {level.name}"


def levels_with_unassessed(scale: tuple[StatusLevel, ...]) -> tuple[StatusLevel, ...]:
    """The scale as offered in a choice: every level, with "Ikke vurderet" last if the scale lacks it."""
    if any(lvl.key == NOT_ASSESSED.key for lvl in scale):
        return scale
    return (*scale, NOT_ASSESSED)


class RoundBar(QWidget):
    """'Opfølgningsrunde: [round ▾] Lukket  [Ny opfølgningsrunde …] [Luk runden]' above the form.

    Its two actions are also the Opfølgning menu's entries (one enabled state and text for both)."""

    def __init__(self, rounds: FollowUpRounds, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roundBar")
        self.rounds = rounds
        self.new_action = QAction("&Ny opfølgningsrunde …", self)
        self.new_action.setStatusTip("Start en ny opfølgningsrunde for aftalen eller for alle årets aftaler")
        self.new_action.setIconText("Ny opfølgningsrunde …")  # a button that opens a dialog keeps its "…"
        self.new_action.triggered.connect(self.new_round)
        self.close_action = QAction("&Luk runden", self)
        self.close_action.setStatusTip("Luk den valgte runde (dens status kan så kun læses) eller genåbn den")
        self.close_action.triggered.connect(self.toggle_closed)
        self.combo = QComboBox(self)
        self.combo.setObjectName("roundChoice")
        self.combo.setMinimumContentsLength(30)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.state = QLabel(self)
        text_colour(self.state, "#8a4b00")
        label = QLabel("<b>Opfølgningsrunde:</b>", self)
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.state)
        for action in (self.new_action, self.close_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            layout.addWidget(button)
        self.combo.activated.connect(lambda i: self.rounds.choose(str(self.combo.itemData(i))))
        rounds.roundChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        doc, chosen = self.rounds.doc, self.rounds.current
        self.combo.blockSignals(True)
        self.combo.clear()
        for found in reversed(self.rounds.rounds):  # the latest first
            scope = "" if found.agreement_uuid else f" · alle aftaler {found.year}"
            self.combo.addItem(f"{found.label}{scope}{' · lukket' if found.closed else ''}", found.uuid)
        if chosen is not None:
            self.combo.setCurrentIndex(self.combo.findData(chosen.uuid))
        else:
            self.combo.addItem("Ingen runder endnu", "")
        self.combo.blockSignals(False)
        self.combo.setEnabled(bool(self.rounds.rounds))
        closed = chosen is not None and chosen.closed
        self.state.setText("Lukket" if closed else "")
        self.state.setToolTip("Runden er lukket: dens status kan kun læses. Genåbn den for at rette." if closed else "")
        writable = doc is not None and not doc.read_only
        self.new_action.setEnabled(writable)
        self.close_action.setEnabled(writable and chosen is not None)
        self.close_action.setText("&Genåbn runden" if closed else "&Luk runden")
        self.setEnabled(doc is not None)

    def new_round(self) -> None:
        doc = self.rounds.doc
        if doc is None or doc.read_only:
            return
        from ui.round_dialog import NewRoundDialog

        dialog = NewRoundDialog(doc.agreement.year, bool(self.rounds.rounds), self.rounds.create_round, self.window())
        dialog.exec()

    def toggle_closed(self) -> None:
        if self.rounds.current is not None:
            self.rounds.set_closed(not self.rounds.current.closed)
