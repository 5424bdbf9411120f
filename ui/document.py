"""The open agreement: one storage call per edit, then the fresh state and a signal.

Undo commands are the only callers of the edit methods; views listen to the signals,
which carry domain ids (UUIDs), never widgets.

A write can fail (the database locked by another program, a full disk, a read-only folder).
No edit method raises then: each returns whether the change reached the store and emits
:attr:`AgreementDocument.saveFailed` with a Danish message. Typed text (field values and row
texts) that could not be written is kept as *pending*: it stays what the document shows, and
:meth:`AgreementDocument.retry_pending` writes it once the store takes writes again.
"""

from __future__ import annotations

import sqlite3
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QObject, Signal

from storage import edits, goal_rules
from storage.agreements import load_agreement, template_of
from storage.database import Store
from storage.errors import StoreError, WriteError, danish_reason
from storage.model import Agreement, Goal, JSONValue, Node, Row, Section
from storage.numbering import goal_heading, numbering
from storage.template_model import FieldDef, Template

#: How long an edit waits for another program's write lock before it is kept pending …
WRITE_WAIT_MS = 1000
#: … and how long a retry waits while writes fail.
RETRY_WAIT_MS = 250


class AgreementDocument(QObject):
    #: owner uuid, field id — a value changed
    valueChanged = Signal(str, str)
    #: owner uuid, field id — rows were added, removed, moved or edited
    rowsChanged = Signal(str, str)
    #: the set or order of goals changed
    structureChanged = Signal()
    #: any change reached the database
    saved = Signal()
    #: a change did not reach the database: the Danish reason (pending typing is retried)
    saveFailed = Signal(str)
    #: every pending edit has now reached the database
    saveRecovered = Signal()

    def __init__(self, store: Store, agreement_uuid: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.agreement: Agreement = load_agreement(store, agreement_uuid)
        self.template: Template = template_of(store, self.agreement)
        #: the node the latest edit changed (the window shows it after undo/redo)
        self.last_touched: str | None = None
        #: typed values shown but not yet stored, by (owner uuid, field id)
        self.pending_values: dict[tuple[str, str], JSONValue] = {}
        #: typed row texts shown but not yet stored, by row uuid: (owner uuid, field id, data)
        self.pending_rows: dict[str, tuple[str, str, dict[str, str]]] = {}
        self._failing = False
        self._copied: dict[str, Node] | None = None

    @property
    def uuid(self) -> str:
        return self.agreement.uuid

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def has_pending(self) -> bool:
        return bool(self.pending_values or self.pending_rows)

    def reload(self) -> None:
        try:
            self.agreement = load_agreement(self.store, self.agreement.uuid)
        except (StoreError, sqlite3.Error) as exc:  # keep showing what was loaded last
            self.saveFailed.emit(f"Aftalen kunne ikke læses igen: {danish_reason(exc)}.")

    # --- reading -----------------------------------------------------------------------

    def node(self, node_uuid: str) -> Node | None:
        return self.agreement.node(node_uuid)

    def fields_of(self, node_uuid: str) -> tuple[FieldDef, ...]:
        node = self.agreement.node(node_uuid)
        return self.template.fields_for(node) if node is not None else ()

    def goal(self, goal_uuid: str) -> Goal | None:
        node = self.agreement.node(goal_uuid)
        return node if isinstance(node, Goal) else None

    def section(self, section_uuid: str) -> Section | None:
        node = self.agreement.node(section_uuid)
        return node if isinstance(node, Section) else None

    def value(self, node_uuid: str, field_id: str) -> JSONValue:
        """What the user sees: a pending (not yet stored) value, else the stored one."""
        if (node_uuid, field_id) in self.pending_values:
            return self.pending_values[(node_uuid, field_id)]
        node = self.node(node_uuid)
        return node.value(field_id) if node else None

    def rows(self, node_uuid: str, field_id: str) -> list[Row]:
        node = self.node(node_uuid)
        rows = list(node.rows_of(field_id)) if node else []
        return [replace(r, data=self.pending_rows[r.uuid][2]) if r.uuid in self.pending_rows else r for r in rows]

    def copied_from(self, node_uuid: str) -> Node | None:
        """In next year's copy: the node of the agreement it was copied from (read once), if that is still here."""
        if self._copied is None:
            self._copied = {}
            source_uuid = self.agreement.derived_from
            if source_uuid:
                from storage.year_mentions import copied_nodes

                try:
                    self._copied = copied_nodes(self.agreement, load_agreement(self.store, source_uuid))
                except (StoreError, sqlite3.Error):  # deleted since, or unreadable: every mention counts
                    pass
        return self._copied.get(node_uuid)

    def goal_index(self, goal_uuid: str) -> tuple[str, int]:
        goal = self.goal(goal_uuid)
        if goal is None:
            raise KeyError(goal_uuid)
        return goal.kind, self.agreement.goals_of_kind(goal.kind).index(goal)

    def goal_label(self, goal_uuid: str) -> str:
        goal = self.goal(goal_uuid)
        if goal is None:
            return ""
        kind = self.template.goal_kind(goal.kind)
        siblings = self.agreement.goals_of_kind(goal.kind)
        counts = {k.id: len(self.agreement.goals_of_kind(k.id)) for k in self.template.goal_kinds}
        number = numbering(self.template, counts).number(kind, siblings.index(goal)) if kind else ""
        return goal_heading(goal, kind, number)

    def row_index(self, node_uuid: str, field_id: str, row_uuid: str) -> int:
        return [r.uuid for r in self.rows(node_uuid, field_id)].index(row_uuid)

    # --- edits (called by undo commands only); each returns whether it reached the store --------

    def _attempt(self, write: Callable[[], object]) -> Exception | None:
        """Run one storage write; None if it succeeded, else the error with its Danish message (the store
        is unchanged; a :class:`WriteError` is worth retrying, other errors are not)."""
        try:
            # the window waits briefly for another program's lock, never the store's 5 s: a write that
            # cannot get in is kept pending and retried, so nobody watches a frozen window
            with self.store.waiting_at_most(RETRY_WAIT_MS if self._failing else WRITE_WAIT_MS):
                write()
        except StoreError as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 - no failure of a write may end the window
            traceback.print_exc(file=sys.stderr)
            return StoreError(f"Ændringen kunne ikke gemmes: {danish_reason(exc)}.")
        return None

    def _failed(self, problem: str) -> bool:
        self._failing = True
        self.saveFailed.emit(problem)
        return False

    def set_value(self, owner_uuid: str, field_id: str, value: JSONValue) -> bool:
        """Store a field's value; if the store refuses it for now, keep it pending (still shown)."""
        key = (owner_uuid, field_id)
        error = self._attempt(lambda: edits.set_value(self.store, self.uuid, owner_uuid, field_id, value))
        if error is not None:
            if isinstance(error, WriteError):
                self.pending_values[key] = value
                self.valueChanged.emit(owner_uuid, field_id)
            return self._failed(str(error))
        self.pending_values.pop(key, None)
        self.last_touched = owner_uuid
        self._after(structure=owner_uuid != self.uuid and self._is_title(owner_uuid, field_id))
        self.valueChanged.emit(owner_uuid, field_id)
        return True

    def retry_pending(self) -> bool:
        """Write the pending edits (oldest first); True when none is left."""
        if not self.has_pending:
            return True
        titles = False
        for (owner_uuid, field_id), value in list(self.pending_values.items()):
            error = self._attempt(partial(edits.set_value, self.store, self.uuid, owner_uuid, field_id, value))
            if error is not None:
                return self._failed(str(error))
            del self.pending_values[(owner_uuid, field_id)]
            titles = titles or self._is_title(owner_uuid, field_id)
        for row_uuid, (_owner, _field, data) in list(self.pending_rows.items()):
            error = self._attempt(partial(edits.set_row_data, self.store, row_uuid, data))
            if error is not None:
                return self._failed(str(error))
            del self.pending_rows[row_uuid]
        self._after(structure=titles)
        return True

    def _is_title(self, owner_uuid: str, field_id: str) -> bool:
        goal = self.goal(owner_uuid)
        kind = self.template.goal_kind(goal.kind) if goal is not None else None
        return kind is not None and kind.title_field == field_id

    def _structure_edit(self, write: Callable[[], object], touched: str) -> bool:
        error = self._attempt(write)
        if error is not None:
            return self._failed(str(error))
        self.last_touched = touched
        self._after(structure=True)
        return True

    def add_goal(self, kind: str, index: int, goal_uuid: str) -> bool:
        return self._structure_edit(
            lambda: goal_rules.add_goal(self.store, self.template, self.uuid, kind, index, goal_uuid), goal_uuid)

    def set_goal_deleted(self, goal_uuid: str, deleted: bool, index: int | None = None) -> bool:
        return self._structure_edit(
            lambda: goal_rules.set_goal_deleted(self.store, self.template, goal_uuid, deleted, index), goal_uuid)

    def move_goal(self, goal_uuid: str, index: int) -> bool:
        return self._structure_edit(lambda: edits.move_goal(self.store, goal_uuid, index), goal_uuid)

    def _row_edit(self, write: Callable[[], object], owner_uuid: str, field_id: str) -> bool:
        error = self._attempt(write)
        if error is not None:
            return self._failed(str(error))
        self.last_touched = owner_uuid
        self._after(structure=False)
        self.rowsChanged.emit(owner_uuid, field_id)
        return True

    def add_row(self, owner_uuid: str, field_id: str, index: int, data: dict[str, str], row_uuid: str) -> bool:
        return self._row_edit(lambda: edits.add_row(self.store, self.uuid, owner_uuid, field_id, index, data, row_uuid),
                              owner_uuid, field_id)

    def set_row(self, owner_uuid: str, field_id: str, row_uuid: str, data: dict[str, str]) -> bool:
        """Store a row's texts; if the store refuses them for now, keep them pending (still shown)."""
        error = self._attempt(lambda: edits.set_row_data(self.store, row_uuid, data))
        if error is not None:
            if isinstance(error, WriteError):
                self.pending_rows[row_uuid] = (owner_uuid, field_id, data)
                self.rowsChanged.emit(owner_uuid, field_id)
            return self._failed(str(error))
        self.pending_rows.pop(row_uuid, None)
        return self._row_edit(lambda: None, owner_uuid, field_id)

    def delete_row(self, owner_uuid: str, field_id: str, row_uuid: str) -> bool:
        return self._row_edit(lambda: edits.delete_row(self.store, row_uuid), owner_uuid, field_id)

    def move_row(self, owner_uuid: str, field_id: str, row_uuid: str, index: int) -> bool:
        return self._row_edit(lambda: edits.move_row(self.store, row_uuid, index), owner_uuid, field_id)

    def _after(self, structure: bool) -> None:
        self.reload()
        if structure:
            self.structureChanged.emit()
        self.saved.emit()
        if self.has_pending:  # the store takes writes again: the typing it refused goes in now
            self.retry_pending()
        elif self._failing:
            self._failing = False
            self.saveRecovered.emit()
