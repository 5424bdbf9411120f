"""The follow-up part of a goal's form ("Opfølgningsstatus"): its status in the chosen round, and its history.

The template's own part "Opfølgning" (the agreement's text on how the goal is followed up) sits just
above; the panel has its own heading so the form never shows "Opfølgning" twice.

One line per target — the goal itself, each sub-goal (with its paired success criterion) and each
action: status on the template's scale, comment, measured value (goal and sub-goals), and who set
it when. Every change goes through ``ui.commands.SetStatusCommand``. While a round is chosen, the
action plan's own Status column shows the round's status (``FollowUpRounds.action_status``) and is
read-only there: status is edited here only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storage import followup
from storage.formatting import letter
from storage.records import record
from storage.status_scale import NOT_ASSESSED, StatusLevel, level_of
from ui import commands
from ui.editors.base import FieldEditor, SaveTimer
from ui.editors.rows import RowTableEditor
from ui.followup_round import FollowUpRounds, StatusEntry, level_text, levels_with_unassessed
from ui.look import PANEL_FRAME, escape, part_heading
from ui.status_marks import level_icon

GROUPS = {"goal": "Indsatsen som helhed", "sub_goal": "Delmål", "action": "Handleplan"}
BAD_INPUT = "QLineEdit { border: 2px solid #d93025; }"
TITLE = "Opfølgningsstatus"


@record(frozen=True)
class Target:
    """A line of the follow-up panel: the goal, a sub-goal or an action."""

    uuid: str
    kind: str  # "goal", "sub_goal" or "action"
    heading: str
    criterion: str = ""


def targets_of(rounds: FollowUpRounds, goal_uuid: str) -> list[Target]:
    """The goal, then its sub-goals (each with the criterion at the same position), then its actions."""
    doc = rounds.doc
    goal = doc.goal(goal_uuid) if doc else None
    if doc is None or goal is None:
        return []
    found = [Target(goal_uuid, "goal", doc.goal_label(goal_uuid))]
    fields = doc.fields_of(goal_uuid)
    criteria = [r.data.get("text", "") for f in fields if f.follow_up == "criterion" for r in doc.rows(goal_uuid, f.id)]
    for kind in ("sub_goal", "action"):
        for field in (f for f in fields if f.follow_up == kind):
            for i, row in enumerate(doc.rows(goal_uuid, field.id)):
                if kind == "sub_goal":
                    heading = f"{letter(i)}) {row.data.get('text', '')}"
                    found.append(Target(row.uuid, kind, heading, criteria[i] if i < len(criteria) else ""))
                else:
                    found.append(Target(row.uuid, kind, f"{i + 1}. {row.data.get('activity', '')}"))
    return found


class StatusChoice(QComboBox):
    """The template's scale: a colour badge with the symbol, and the level's name."""

    def __init__(self, scale: tuple[StatusLevel, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for level in levels_with_unassessed(scale):
            self.addItem(level_icon(level), level.name, None if level.key == NOT_ASSESSED.key else level.key)
            self.setItemData(self.count() - 1, level_text(level), Qt.ItemDataRole.ToolTipRole)

    def key(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def show_key(self, key: str | None) -> None:
        index = self.findData(key) if key else self.count() - 1
        if index < 0:
            index = self.findData(None)
        self.setCurrentIndex(index)


class TargetLine:
    """The widgets of one target: its heading (and criterion) over status, measured value, comment, set by."""

    def __init__(self, panel: FollowUpPanel, target: Target, column: QVBoxLayout) -> None:
        self.panel, self.target = panel, target
        scale = panel.rounds.scale
        self.heading = QLabel(escape(target.heading) if target.kind != "goal" else
                              f"<b>{escape(target.heading)}</b>", panel)
        self.heading.setWordWrap(True)
        self.status = StatusChoice(scale, panel)
        self.status.setMinimumWidth(170)
        self.status.setObjectName(f"status_{target.uuid}")
        self.comment = QLineEdit(panel)
        self.comment.setObjectName(f"comment_{target.uuid}")
        self.comment.setPlaceholderText("Kommentar")
        self.measured: QLineEdit | None = None
        if target.kind != "action":
            self.measured = QLineEdit(panel)
            self.measured.setObjectName(f"measured_{target.uuid}")
            self.measured.setPlaceholderText("Målt værdi")
            self.measured.setMaximumWidth(110)
            self.measured.setToolTip("Den målte værdi mod succeskriteriet, fx 4,2 eller 12 %")
            self.measured.editingFinished.connect(self.commit)
        self.set_by = QLabel(panel)
        self.set_by.setStyleSheet("color: #666;")
        self.set_by.setMinimumWidth(self.set_by.fontMetrics().horizontalAdvance("Sat 30.12.2008 kl. 23:59 af mmmmmm"))
        self.timer = SaveTimer(self.comment)
        self.timer.due.connect(self.commit)
        self.comment.textEdited.connect(self.timer.poke)
        self.comment.editingFinished.connect(self.commit)
        self.status.activated.connect(lambda _i: self.commit())

        column.addSpacing(4)
        column.addWidget(self.heading)
        if target.criterion:
            criterion = QLabel(f"<span style='color:#555'>Succeskriterium: {escape(target.criterion)}</span>",
                               panel)
            criterion.setWordWrap(True)
            column.addWidget(criterion)
        fields = QHBoxLayout()
        fields.setSpacing(8)
        fields.addWidget(self.status)
        if self.measured is not None:
            fields.addWidget(self.measured)
        fields.addWidget(self.comment, 1)
        fields.addWidget(self.set_by)
        column.addLayout(fields)

    def entry(self) -> StatusEntry:
        measured = self.measured.text().strip() if self.measured is not None else ""
        return StatusEntry(self.status.key(), self.comment.text(), measured or None)

    def commit(self) -> None:
        self.timer.stop()
        self.panel.commit(self)

    def flush(self) -> None:
        if self.timer.is_active():
            self.commit()

    def show(self, writable: bool) -> None:
        rounds = self.panel.rounds
        found = rounds.status(self.target.uuid)
        entry = StatusEntry.of(found)
        self.status.show_key(entry.status)
        if self.comment.text() != entry.comment and not self.timer.is_active():
            self.comment.setText(entry.comment)
        if self.measured is not None and not self.measured.styleSheet():
            self.measured.setText(entry.measured or "")
        self.set_by.setText(f"Sat {followup.set_at_label(found)}" if found else "")
        legacy = self.panel.legacy.get(self.target.uuid, "")
        self.comment.setPlaceholderText(f"Kommentar (handleplanen: {legacy})" if legacy else "Kommentar")
        self.status.setEnabled(writable)
        for edit in (self.comment, self.measured):
            if edit is not None and edit.isReadOnly() == writable:
                edit.setReadOnly(not writable)
                edit.style().unpolish(edit)  # the panel's style sheet shows read-only fields greyed
                edit.style().polish(edit)

    def mark_refused(self, refused: bool) -> None:
        if self.measured is not None:
            self.measured.setStyleSheet(BAD_INPUT if refused else "")


class FollowUpPanel(QFrame):
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Wrapped headings and criteria get the height their text needs at the width they now have
        (the form's scroll area otherwise sizes them one line short, and the line below covers it)."""
        super().resizeEvent(event)
        timer = getattr(self, "_fit_timer", None)
        if timer is None:  # owned by the panel: it goes with it, never fires on a deleted panel
            timer = self._fit_timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(0)
            timer.timeout.connect(self._fit_wrapped)
        timer.start()

    def _fit_wrapped(self) -> None:
        for label in self.findChildren(QLabel):
            if label.wordWrap() and label.width() > 0:
                label.setMinimumHeight(label.heightForWidth(label.width()))

    def __init__(self, rounds: FollowUpRounds, undo_stack: QUndoStack, goal_uuid: str,
                 editors: list[FieldEditor], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpPanel")
        self.setStyleSheet(f"#followUpPanel {{ {PANEL_FRAME} }}" ' QLineEdit[readOnly="true"] { background: #eceff2; }')
        self.rounds, self.undo_stack, self.goal_uuid = rounds, undo_stack, goal_uuid
        self.lines: list[TargetLine] = []
        self.legacy: dict[str, str] = {}
        self.tables = [e for e in editors if isinstance(e, RowTableEditor) and e.field.follow_up == "action"]
        for table in self.tables:
            table.model.display = rounds.action_status
        title = part_heading(TITLE, "panelHeading", self)
        self.note = QLabel(self)
        self.note.setObjectName("followUpNote")
        self.note.setWordWrap(True)
        self.targets = QWidget(self)
        self.history = QTableWidget(0, 3, self)
        self.history.setObjectName("statusHistory")
        self.history.setHorizontalHeaderLabels(["Runde", "Status", "Kommentar"])
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history_label = QLabel("<b>Indsatsens status i runderne</b>", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.addWidget(title)
        layout.addWidget(self.note)
        layout.addWidget(self.targets)
        layout.addSpacing(6)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        rounds.roundChanged.connect(self.refresh)
        rounds.statusesChanged.connect(self.refresh)
        if rounds.doc is not None:
            rounds.doc.rowsChanged.connect(self._on_rows)
            rounds.doc.valueChanged.connect(self._on_rows)  # the goal's title is the first target's heading
        self._build_targets()
        self.refresh()

    # --- building ------------------------------------------------------------------------------

    def _build_targets(self) -> None:
        self.flush()
        found = targets_of(self.rounds, self.goal_uuid)
        self.legacy = {r.uuid: r.data.get("status", "") for t in self.tables for r in t.model.rows}
        old = self.targets
        self.targets = QWidget(self)
        column = QVBoxLayout(self.targets)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        self.lines = []
        group = ""
        for target in found:
            if target.kind != group:
                group = target.kind
                column.addSpacing(8)
                column.addWidget(QLabel(f"<span style='color:#444'><b>{GROUPS[group]}</b></span>", self.targets))
            self.lines.append(TargetLine(self, target, column))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.replaceWidget(old, self.targets)
        old.deleteLater()

    def _on_rows(self, owner: str, _field_id: str) -> None:
        if owner != self.goal_uuid:
            return
        now = targets_of(self.rounds, self.goal_uuid)
        if [(t.uuid, t.heading, t.criterion) for t in now] != \
                [(ln.target.uuid, ln.target.heading, ln.target.criterion) for ln in self.lines]:
            self._build_targets()
            self.refresh()

    # --- showing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen, writable = self.rounds.current, self.rounds.writable
        if chosen is None:
            self.note.setText("Der er ingen opfølgningsrunde for aftalen endnu. Start en med "
                              "<i>Opfølgning → Ny opfølgningsrunde …</i>")
        elif chosen.closed:
            self.note.setText(f"{escape(chosen.label)} – <b>runden er lukket</b> og kan kun læses.")
        else:
            self.note.setText(f"Status i {escape(chosen.label)}.")
        self.targets.setVisible(chosen is not None)
        for line in self.lines:
            line.show(writable)
        self._show_history()
        for table in self.tables:
            model = table.model
            if model.rowCount():
                model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))

    def _show_history(self) -> None:
        found = self.rounds.history(self.goal_uuid)
        self.history.setRowCount(len(found))
        chosen = self.rounds.current
        for row, (each, status) in enumerate(found):
            level = level_of(self.rounds.scale, status.status if status else None)
            cells = [QTableWidgetItem(each.label + (" (lukket)" if each.closed else "")),
                     QTableWidgetItem(level_icon(level), level.name),
                     QTableWidgetItem(status.comment if status else "")]
            for column, item in enumerate(cells):
                if chosen is not None and each.uuid == chosen.uuid:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.history.setItem(row, column, item)
        self.history.resizeRowsToContents()
        rows = sum(self.history.rowHeight(r) for r in range(len(found)))
        self.history.setFixedHeight(self.history.horizontalHeader().sizeHint().height() + rows + 4)
        self.history_label.setVisible(bool(found))
        self.history.setVisible(bool(found))

    # --- changing ------------------------------------------------------------------------------

    def commit(self, line: TargetLine) -> None:
        chosen, doc = self.rounds.current, self.rounds.doc
        if chosen is None or doc is None or not self.rounds.writable:
            return
        entry, old = line.entry(), self.rounds.status(line.target.uuid)
        if entry == StatusEntry.of(old):
            line.mark_refused(False)
            return
        target = line.target
        label = target.heading if target.kind == "goal" else f"{GROUPS[target.kind]} {target.heading}"
        refusals = self.rounds.refusals
        self.undo_stack.push(commands.SetStatusCommand(self.rounds, chosen.uuid, line.target.uuid, self.goal_uuid,
                                                       label[:60], old, entry))
        refused = self.rounds.refusals != refusals
        line.mark_refused(refused)
        if not refused:
            line.show(self.rounds.writable)

    def flush(self) -> None:
        for line in self.lines:
            line.flush()
