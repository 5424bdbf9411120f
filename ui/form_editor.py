"""The right-hand side: a form generated from the selected node's template fields.

Short fields (lines, dates, numbers, choices, persons) sit in a compact grid at the top; each longer
part (a text, a list, the action plan, the budget) is a group under its own heading, and a row of
links under the title jumps to each part."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from storage.model import JSONValue
from storage.number_rules import sum_totals
from storage.template_model import FieldDef, FieldType
from ui import commands
from ui.document import AgreementDocument
from ui.editors.base import FieldEditor
from ui.editors.registry import EDITORS
from ui.editors.rows import RowTableEditor
from ui.editors.scalar import NumberEditor
from ui.followup_round import FollowUpRounds
from ui.look import background, escape, part_heading, text_colour
from ui.tree_model import last_year_fields

if TYPE_CHECKING:  # a goal's own parts are imported when the first goal is shown, not at start-up
    from ui.followup_panel import FollowUpPanel

UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
#: fields of one line, shown label-beside-editor in the grid at the top of a form
SHORT_TYPES = frozenset({FieldType.LINE, FieldType.NUMBER, FieldType.CHOICE, FieldType.DATE, FieldType.PERSON})
#: colours by palette, not a style sheet on the page: a sheet there makes every widget below it slow
#: to build (150 ms more per goal)
PART_BACKGROUND, GUIDANCE_COLOUR = "#fbfcfd", "#666666"
#: the jump links to the parts a goal's form adds after the template's fields
STATUS_LINK, DECISIONS_LINK = "#status", "#decisions"
YEAR_MARK_STYLE = "color: #8a5a00; background: #fff4d6; border-radius: 3px; padding: 1px 5px;"


class FormEditor(QScrollArea):
    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.doc: AgreementDocument | None = None
        self.node_uuid: str | None = None
        self.editors: dict[str, FieldEditor] = {}
        self.parts: dict[str, QFrame] = {}  # a longer field's group, by field id (the jump links' targets)
        self.year_marks: dict[str, QLabel] = {}  # "Nævner stadig 2008 …" by field id (a copied agreement's form)
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
        text_colour(label, GUIDANCE_COLOUR)
        self.setWidget(label)

    def show_node(self, node_uuid: str | None) -> None:
        self.flush()
        self.editors = {}
        self.year_marks = {}
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
            text_colour(hint, "#555555", italic=True)
            layout.addWidget(hint)
        fields = doc.fields_of(node_uuid)
        short = [f for f in fields if f.type in SHORT_TYPES]
        parts = [f for f in fields if f.type not in SHORT_TYPES]
        self.parts = {}
        links = [(f.id, f.label) for f in parts]
        is_goal = doc.goal(node_uuid) is not None
        if is_goal:
            from ui import followup_panel, goal_decisions

            links += [(STATUS_LINK, followup_panel.TITLE)] if self.followup is not None else []
            links += [(DECISIONS_LINK, goal_decisions.TITLE)]
        if len(links) > 1:
            layout.addWidget(self._jump_bar(links))
        if short:
            grid = QFormLayout()
            grid.setContentsMargins(0, 8, 0, 4)
            grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for field in short:
                editor = self._make_editor(field, node_uuid)
                label = QLabel(f"<b>{escape(field.label)}</b>")
                label.setBuddy(editor)
                label.setToolTip(field.guidance)
                editor.setToolTip(field.guidance)
                grid.addRow(label, self._with_year_mark(field, node_uuid, editor))
            layout.addLayout(grid)
        for field in parts:
            layout.addSpacing(8)
            layout.addWidget(self._part(field, node_uuid, framed=len(parts) > 1))
        self._show_totals()
        self._show_year_marks()
        if is_goal:
            self._add_goal_parts(layout, doc, node_uuid)
        layout.addStretch(1)
        for child in [*page.findChildren(QLineEdit), *page.findChildren(QPlainTextEdit)]:
            child.installEventFilter(self)
        self.setWidget(page)

    def _add_goal_parts(self, layout: QVBoxLayout, doc: AgreementDocument, node_uuid: str) -> None:
        """Under a goal's template fields: its follow-up status (while rounds are known) and the decisions
        of dialogue meetings that concern it."""
        from ui.followup_panel import FollowUpPanel
        from ui.goal_decisions import add_goal_decisions

        if self.followup is not None:
            self.followup_panel = FollowUpPanel(self.followup, self.undo_stack, node_uuid, list(self.editors.values()))
            layout.addSpacing(10)
            layout.addWidget(self.followup_panel)
            self.parts[STATUS_LINK] = self.followup_panel
        decisions = add_goal_decisions(layout, doc, node_uuid)
        if decisions is not None:
            self.parts[DECISIONS_LINK] = decisions

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

    def _jump_bar(self, links: list[tuple[str, str]]) -> QLabel:
        """One link per part (target, text); a click scrolls the part's heading to the top of the form."""
        anchors = " · ".join(f"<a href='{escape(target)}' style='text-decoration:none'>{escape(text)}</a>"
                             for target, text in links)
        bar = QLabel(f"Gå til: {anchors}")
        bar.setObjectName("jumpBar")
        bar.setWordWrap(True)
        bar.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        bar.linkActivated.connect(self.jump_to)
        return bar

    def jump_to(self, field_id: str) -> None:
        part = self.parts.get(field_id)
        if part is not None:
            self.verticalScrollBar().setValue(part.y() - 6)
        if field_id in self.editors:
            self.editors[field_id].setFocus(Qt.FocusReason.OtherFocusReason)

    def _part(self, field: FieldDef, node_uuid: str, framed: bool) -> QFrame:
        """A longer field in a framed group under its heading (and the template's guidance); the one
        long field of a section stands bare under the section's title."""
        part = QFrame()
        inner = QVBoxLayout(part)
        inner.setSpacing(4)
        editor = self._make_editor(field, node_uuid)
        if framed:
            part.setObjectName("formPart")
            part.setFrameShape(QFrame.Shape.StyledPanel)
            background(part, PART_BACKGROUND)
            inner.setContentsMargins(10, 8, 10, 10)
            heading = part_heading(field.label, "partHeading")
            heading.setBuddy(editor)
            inner.addWidget(heading)
        else:
            inner.setContentsMargins(0, 0, 0, 0)
        if field.guidance:
            guidance = QLabel(field.guidance)
            guidance.setObjectName("partGuidance")
            text_colour(guidance, GUIDANCE_COLOUR)
            guidance.setWordWrap(True)
            inner.addWidget(guidance)
        inner.addWidget(self._with_year_mark(field, node_uuid, editor))
        self.parts[field.id] = part
        return part

    def _with_year_mark(self, field: FieldDef, node_uuid: str, editor: FieldEditor) -> QWidget:
        """In an agreement copied from last year: above each field a note, shown while its text still names
        last year (:meth:`_show_year_marks`)."""
        doc = self.doc
        assert doc is not None
        if not doc.agreement.derived_from:
            return editor
        last_year = doc.agreement.year - 1
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        mark = QLabel(f"Nævner stadig {last_year} – ret årstallet, hvis det skal være {last_year + 1}.")
        mark.setObjectName("yearMark")
        mark.setStyleSheet(YEAR_MARK_STYLE)
        column.addWidget(mark, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(editor)
        self.year_marks[field.id] = mark
        return box

    def _show_year_marks(self) -> None:
        """Each year note shown while its field names last year: hidden once the user corrects the year."""
        if self.doc is None or self.node_uuid is None or not self.year_marks:
            return
        named = {f.id for f in last_year_fields(self.doc, self.node_uuid)}
        for field_id, mark in self.year_marks.items():
            mark.setVisible(field_id in named)

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
        if owner == self.node_uuid:
            self._show_year_marks()
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
        if owner == self.node_uuid:
            self._show_year_marks()

