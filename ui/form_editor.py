"""The right-hand side: a form generated from the selected node's template fields."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from storage.model import JSONValue
from storage.number_rules import sum_totals
from storage.template_model import FieldDef
from ui import commands
from ui.document import AgreementDocument
from ui.editors.base import FieldEditor
from ui.editors.registry import EDITORS
from ui.editors.rows import RowTableEditor
from ui.editors.scalar import NumberEditor
from ui.followup_panel import FollowUpPanel
from ui.followup_round import FollowUpRounds
from ui.goal_decisions import add_goal_decisions

UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class FormEditor(QScrollArea):
    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.doc: AgreementDocument | None = None
        self.node_uuid: str | None = None
        self.editors: dict[str, FieldEditor] = {}
        self.followup: FollowUpRounds | None = None  # set by the window; a goal's form shows its follow-up
        self.followup_panel: FollowUpPanel | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._show_empty("Vælg et afsnit eller en indsats i træet til venstre.")

    def set_document(self, doc: AgreementDocument | None) -> None:
        self.flush()
        if self.doc is not None:
            self.doc.valueChanged.disconnect(self._on_value)
            self.doc.rowsChanged.disconnect(self._on_rows)
        self.doc = doc
        if doc is not None:
            doc.valueChanged.connect(self._on_value)
            doc.rowsChanged.connect(self._on_rows)
        self.show_node(None)

    def flush(self) -> None:
        for editor in self.editors.values():
            editor.flush()
        if self.followup_panel is not None:
            self.followup_panel.flush()

    def _show_empty(self, message: str) -> None:
        label = QLabel(message)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color: #666;")
        self.setWidget(label)

    def show_node(self, node_uuid: str | None) -> None:
        self.flush()
        self.editors = {}
        self.followup_panel = None
        self.node_uuid = node_uuid
        doc = self.doc
        node = doc.node(node_uuid) if doc and node_uuid else None
        if doc is None or node is None or node_uuid is None:
            self._show_empty("Vælg et afsnit eller en indsats i træet til venstre.")
            return
        page = QWidget()
        page.setObjectName("formPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(18, 14, 18, 18)
        title = QLabel(self._title(node_uuid))
        title.setObjectName("formTitle")
        title.setWordWrap(True)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        guidance = self._guidance(node_uuid)
        if guidance:
            hint = QLabel(guidance)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555; font-style: italic;")
            layout.addWidget(hint)
        for field in doc.fields_of(node_uuid):
            editor = self._make_editor(field, node_uuid)
            label = QLabel(self._label_html(field))
            label.setWordWrap(True)
            label.setBuddy(editor)
            editor.setToolTip(field.guidance)
            layout.addSpacing(6)
            layout.addWidget(label)
            layout.addWidget(editor)
        self._show_totals()
        if self.followup is not None and doc.goal(node_uuid) is not None:
            self.followup_panel = FollowUpPanel(self.followup, self.undo_stack, node_uuid, list(self.editors.values()))
            layout.addSpacing(10)
            layout.addWidget(self.followup_panel)
        add_goal_decisions(layout, doc, node_uuid)
        layout.addStretch(1)
        for child in [*page.findChildren(QLineEdit), *page.findChildren(QPlainTextEdit)]:
            child.installEventFilter(self)
        self.setWidget(page)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Z / Ctrl+Shift+Z in a field reach the window's undo stack (after the pending typing is
        saved), instead of the field's own history, which swallowed them even when it was empty."""
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent) \
                and any(event.matches(keys) for keys in UNDO_KEYS):
            if event.type() == QEvent.Type.ShortcutOverride:
                self.flush()
                event.ignore()
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _label_html(field: FieldDef) -> str:
        label = f"<b>{html.escape(field.label)}</b>"
        if field.guidance:
            label += f"<br><span style='color:#666'>{html.escape(field.guidance)}</span>"
        return label

    def _title(self, node_uuid: str) -> str:
        assert self.doc is not None
        doc = self.doc
        if node_uuid == doc.uuid:
            return f"Forside – {doc.agreement.title}"
        section = doc.section(node_uuid)
        if section is not None:
            definition = doc.template.section(section.key)
            return f"{definition.number} {definition.title}".strip() if definition else section.key
        return doc.goal_label(node_uuid)

    def _guidance(self, node_uuid: str) -> str:
        assert self.doc is not None
        section = self.doc.section(node_uuid)
        definition = self.doc.template.section(section.key) if section is not None else None
        return definition.guidance if definition else ""

    def _make_editor(self, field: FieldDef, node_uuid: str) -> FieldEditor:
        assert self.doc is not None
        doc = self.doc
        editor = EDITORS[field.type](field)
        editor.setObjectName(f"field_{field.id}")
        if field.type.has_rows:
            editor.set_rows(doc.rows(node_uuid, field.id))
        else:
            editor.set_value(doc.value(node_uuid, field.id))
        editor.set_read_only(doc.read_only)
        editor.edited.connect(lambda value, f=field: self._edited(f, value))
        if isinstance(editor, RowTableEditor):
            self._connect_rows(editor, field, node_uuid)
        self.editors[field.id] = editor
        return editor

    def _edited(self, field: FieldDef, value: JSONValue) -> None:
        if self.doc is None or self.node_uuid is None or self.doc.read_only:
            return
        old = self.doc.value(self.node_uuid, field.id)
        if old == value:
            return
        self.undo_stack.push(commands.SetValueCommand(self.doc, self.node_uuid, field.id, field.label, old, value))

    def _connect_rows(self, editor: RowTableEditor, field: FieldDef, owner: str) -> None:
        doc, push, label = self.doc, self.undo_stack.push, field.label
        assert doc is not None
        if doc.read_only:
            return
        editor.rowAddRequested.connect(
            lambda index, data: push(commands.AddRowCommand(doc, owner, field.id, label, index, data)))
        editor.rowDeleteRequested.connect(
            lambda row: push(commands.DeleteRowCommand(doc, owner, field.id, label, row)))
        editor.rowMoveRequested.connect(
            lambda row, index: push(commands.MoveRowCommand(doc, owner, field.id, label, row, index)))
        editor.rowEdited.connect(
            lambda row, data: push(commands.SetRowCommand(doc, owner, field.id, label, row, data)))

    def _on_value(self, owner: str, field_id: str) -> None:
        if owner == self.node_uuid and self.doc is not None and field_id in self.editors:
            self.editors[field_id].set_value(self.doc.value(owner, field_id))
        self._show_totals()

    def _show_totals(self) -> None:
        """Under a number field whose values must add up across the goals (``sum``): the total, in red
        while it is not what it must give."""
        doc = self.doc
        editors = {e.field.id: e for e in self.editors.values() if isinstance(e, NumberEditor)
                   and e.field.total is not None}
        if doc is None or not editors:
            return
        for total in sum_totals(doc.template, doc.agreement.goals, lambda goal, fid: doc.value(goal.uuid, fid)):
            if total.field.id in editors:
                editors[total.field.id].set_note(total.message, warning=not total.ok)

    def _on_rows(self, owner: str, field_id: str) -> None:
        if owner == self.node_uuid and self.doc is not None and field_id in self.editors:
            self.editors[field_id].set_rows(self.doc.rows(owner, field_id))
