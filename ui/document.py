"""The open agreement: one storage call per edit, then the fresh state and a signal.

Undo commands are the only callers of the edit methods; views listen to the signals,
which carry domain ids (UUIDs), never widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from storage import edits
from storage.agreements import load_agreement, template_of
from storage.database import Store
from storage.model import Agreement, JSONValue, Node, Row
from storage.numbering import goal_heading, goal_numbers
from storage.template_model import FieldDef, Template, section_fields


class AgreementDocument(QObject):
    #: owner uuid, field id — a value changed
    valueChanged = Signal(str, str)
    #: owner uuid, field id — rows were added, removed, moved or edited
    rowsChanged = Signal(str, str)
    #: the set or order of goals changed
    structureChanged = Signal()
    #: any change reached the database
    saved = Signal()

    def __init__(self, store: Store, agreement_uuid: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.agreement: Agreement = load_agreement(store, agreement_uuid)
        self.template: Template = template_of(store, self.agreement)
        #: the node the latest edit changed (the window shows it after undo/redo)
        self.last_touched: str | None = None

    @property
    def uuid(self) -> str:
        return self.agreement.uuid

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def reload(self) -> None:
        self.agreement = load_agreement(self.store, self.agreement.uuid)

    # --- reading -----------------------------------------------------------------------

    def node(self, node_uuid: str) -> Node | None:
        return self.agreement.node(node_uuid)

    def fields_of(self, node_uuid: str) -> tuple[FieldDef, ...]:
        if node_uuid == self.agreement.uuid:
            return self.template.metadata
        for section in self.agreement.sections:
            if section.uuid == node_uuid:
                definition = self.template.section(section.key)
                return section_fields(definition) if definition else ()
        for goal in self.agreement.goals:
            if goal.uuid == node_uuid:
                kind = self.template.goal_kind(goal.kind)
                return kind.fields if kind else ()
        return ()

    def value(self, node_uuid: str, field_id: str) -> JSONValue:
        node = self.node(node_uuid)
        return node.value(field_id) if node else None

    def rows(self, node_uuid: str, field_id: str) -> list[Row]:
        node = self.node(node_uuid)
        return list(node.rows_of(field_id)) if node else []

    def goal_index(self, goal_uuid: str) -> tuple[str, int]:
        for goal in self.agreement.goals:
            if goal.uuid == goal_uuid:
                return goal.kind, self.agreement.goals_of_kind(goal.kind).index(goal)
        raise KeyError(goal_uuid)

    def goal_label(self, goal_uuid: str) -> str:
        numbers = goal_numbers(self.agreement, self.template)
        for goal in self.agreement.goals:
            if goal.uuid == goal_uuid:
                return goal_heading(goal, self.template.goal_kind(goal.kind), numbers.get(goal.uuid, ""))
        return ""

    def row_index(self, node_uuid: str, field_id: str, row_uuid: str) -> int:
        return [r.uuid for r in self.rows(node_uuid, field_id)].index(row_uuid)

    # --- edits (called by undo commands only) --------------------------------------------

    def set_value(self, owner_uuid: str, field_id: str, value: JSONValue) -> None:
        edits.set_value(self.store, self.uuid, owner_uuid, field_id, value)
        self.last_touched = owner_uuid
        self._after(structure=owner_uuid != self.uuid and self._is_title(owner_uuid, field_id))
        self.valueChanged.emit(owner_uuid, field_id)

    def _is_title(self, owner_uuid: str, field_id: str) -> bool:
        for goal in self.agreement.goals:
            if goal.uuid == owner_uuid:
                kind = self.template.goal_kind(goal.kind)
                return kind is not None and kind.title_field == field_id
        return False

    def add_goal(self, kind: str, index: int, goal_uuid: str) -> None:
        edits.add_goal(self.store, self.uuid, kind, index, goal_uuid)
        self.last_touched = goal_uuid
        self._after(structure=True)

    def set_goal_deleted(self, goal_uuid: str, deleted: bool, index: int | None = None) -> None:
        edits.set_goal_deleted(self.store, goal_uuid, deleted, index)
        self.last_touched = goal_uuid
        self._after(structure=True)

    def move_goal(self, goal_uuid: str, index: int) -> None:
        edits.move_goal(self.store, goal_uuid, index)
        self.last_touched = goal_uuid
        self._after(structure=True)

    def add_row(self, owner_uuid: str, field_id: str, index: int, data: dict[str, str], row_uuid: str) -> None:
        edits.add_row(self.store, self.uuid, owner_uuid, field_id, index, data, row_uuid)
        self._after_rows(owner_uuid, field_id)

    def set_row(self, owner_uuid: str, field_id: str, row_uuid: str, data: dict[str, str]) -> None:
        edits.set_row_data(self.store, row_uuid, data)
        self._after_rows(owner_uuid, field_id)

    def delete_row(self, owner_uuid: str, field_id: str, row_uuid: str) -> None:
        edits.delete_row(self.store, row_uuid)
        self._after_rows(owner_uuid, field_id)

    def move_row(self, owner_uuid: str, field_id: str, row_uuid: str, index: int) -> None:
        edits.move_row(self.store, row_uuid, index)
        self._after_rows(owner_uuid, field_id)

    def _after_rows(self, owner_uuid: str, field_id: str) -> None:
        self.last_touched = owner_uuid
        self._after(structure=False)
        self.rowsChanged.emit(owner_uuid, field_id)

    def _after(self, structure: bool) -> None:
        self.reload()
        if structure:
            self.structureChanged.emit()
        self.saved.emit()
