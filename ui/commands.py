"""Every user edit is one of these commands; redo/undo each call one document method.

A document method that could not write returns False (the window has already said why). Typing
stays pending in the document and is retried, so its commands stay on the stack; a change of
structure (a goal or row added, deleted or moved) that did not happen makes its command
obsolete, so the stack never offers to undo something that was never saved.
"""

from __future__ import annotations

import time

from PySide6.QtGui import QUndoCommand

from storage.followup import Status
from storage.model import JSONValue, new_uuid
from ui.document import AgreementDocument
from ui.followup_round import FollowUpRounds, StatusEntry

MERGE_SECONDS = 2.0
SET_VALUE_ID = 1
SET_ROW_ID = 2


class _MergingEdit(QUndoCommand):
    """Consecutive edits of the same target within a short while merge into one undo step."""

    new: JSONValue

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.stamp = time.monotonic()

    def target(self) -> tuple[str, ...]:
        raise NotImplementedError

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, type(self)) or other.target() != self.target():
            return False
        if other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.new, self.stamp = other.new, other.stamp
        return True


class SetValueCommand(_MergingEdit):
    """Typing into one field."""

    def __init__(self, doc: AgreementDocument, owner: str, field_id: str, label: str,
                 old: JSONValue, new: JSONValue) -> None:
        super().__init__(f"Ret »{label}«")
        self.doc, self.owner, self.field_id = doc, owner, field_id
        self.old, self.new = old, new

    def id(self) -> int:
        return SET_VALUE_ID

    def target(self) -> tuple[str, ...]:
        return (self.owner, self.field_id)

    def redo(self) -> None:
        self.doc.set_value(self.owner, self.field_id, self.new)

    def undo(self) -> None:
        self.doc.set_value(self.owner, self.field_id, self.old)


class _StructureCommand(QUndoCommand):
    """Redo and undo report whether the change reached the store; if not, the command goes."""

    def apply(self, done: bool) -> None:
        if not done:
            self.setObsolete(True)


class AddGoalCommand(_StructureCommand):
    def __init__(self, doc: AgreementDocument, kind: str, kind_name: str, index: int) -> None:
        super().__init__(f"Tilføj {kind_name.lower()}")
        self.doc, self.kind, self.index = doc, kind, index
        self.goal_uuid = new_uuid()
        self.done_once = False

    def redo(self) -> None:
        if self.done_once:
            self.apply(self.doc.set_goal_deleted(self.goal_uuid, False, self.index))
        else:
            self.done_once = self.doc.add_goal(self.kind, self.index, self.goal_uuid)
            self.apply(self.done_once)

    def undo(self) -> None:
        self.apply(self.doc.set_goal_deleted(self.goal_uuid, True))


class DeleteGoalCommand(_StructureCommand):
    def __init__(self, doc: AgreementDocument, goal_uuid: str) -> None:
        super().__init__(f"Slet »{doc.goal_label(goal_uuid)}«")
        self.doc, self.goal_uuid = doc, goal_uuid
        self.index = doc.goal_index(goal_uuid)[1]

    def redo(self) -> None:
        self.apply(self.doc.set_goal_deleted(self.goal_uuid, True))

    def undo(self) -> None:
        self.apply(self.doc.set_goal_deleted(self.goal_uuid, False, self.index))


class MoveGoalCommand(_StructureCommand):
    def __init__(self, doc: AgreementDocument, goal_uuid: str, to_index: int) -> None:
        super().__init__(f"Flyt »{doc.goal_label(goal_uuid)}«")
        self.doc, self.goal_uuid, self.to_index = doc, goal_uuid, to_index
        self.from_index = doc.goal_index(goal_uuid)[1]

    def redo(self) -> None:
        self.apply(self.doc.move_goal(self.goal_uuid, self.to_index))

    def undo(self) -> None:
        self.apply(self.doc.move_goal(self.goal_uuid, self.from_index))


class _RowCommand(_StructureCommand):
    def __init__(self, text: str, doc: AgreementDocument, owner: str, field_id: str) -> None:
        super().__init__(text)
        self.doc, self.owner, self.field_id = doc, owner, field_id


class AddRowCommand(_RowCommand):
    def __init__(self, doc: AgreementDocument, owner: str, field_id: str, label: str, index: int,
                 data: dict[str, str]) -> None:
        super().__init__(f"Tilføj punkt i »{label}«", doc, owner, field_id)
        self.index, self.data, self.row_uuid = index, data, new_uuid()

    def redo(self) -> None:
        self.apply(self.doc.add_row(self.owner, self.field_id, self.index, self.data, self.row_uuid))

    def undo(self) -> None:
        self.apply(self.doc.delete_row(self.owner, self.field_id, self.row_uuid))


class DeleteRowCommand(_RowCommand):
    def __init__(self, doc: AgreementDocument, owner: str, field_id: str, label: str, row_uuid: str) -> None:
        super().__init__(f"Slet punkt i »{label}«", doc, owner, field_id)
        self.row_uuid = row_uuid
        self.index = doc.row_index(owner, field_id, row_uuid)
        self.data = next(r.data for r in doc.rows(owner, field_id) if r.uuid == row_uuid)

    def redo(self) -> None:
        self.apply(self.doc.delete_row(self.owner, self.field_id, self.row_uuid))

    def undo(self) -> None:
        self.apply(self.doc.add_row(self.owner, self.field_id, self.index, self.data, self.row_uuid))


class MoveRowCommand(_RowCommand):
    def __init__(self, doc: AgreementDocument, owner: str, field_id: str, label: str, row_uuid: str,
                 to_index: int) -> None:
        super().__init__(f"Flyt punkt i »{label}«", doc, owner, field_id)
        self.row_uuid, self.to_index = row_uuid, to_index
        self.from_index = doc.row_index(owner, field_id, row_uuid)

    def redo(self) -> None:
        self.apply(self.doc.move_row(self.owner, self.field_id, self.row_uuid, self.to_index))

    def undo(self) -> None:
        self.apply(self.doc.move_row(self.owner, self.field_id, self.row_uuid, self.from_index))


class SetRowCommand(_MergingEdit):
    def __init__(self, doc: AgreementDocument, owner: str, field_id: str, label: str, row_uuid: str,
                 data: dict[str, str]) -> None:
        super().__init__(f"Ret punkt i »{label}«")
        self.doc, self.owner, self.field_id = doc, owner, field_id
        self.row_uuid, self.new = row_uuid, data
        self.old = next(r.data for r in doc.rows(owner, field_id) if r.uuid == row_uuid)

    def id(self) -> int:
        return SET_ROW_ID

    def target(self) -> tuple[str, ...]:
        return (self.row_uuid,)

    def redo(self) -> None:
        self.doc.set_row(self.owner, self.field_id, self.row_uuid, self.new)

    def undo(self) -> None:
        self.doc.set_row(self.owner, self.field_id, self.row_uuid, self.old)


SET_STATUS_ID = 3


class SetStatusCommand(QUndoCommand):
    """A status, comment or measured value set in a follow-up round: redo and undo each store the whole
    entry with one ``storage.followup.set_status`` call. A refused entry (a number that is no number, a
    closed round, a failed write) stored nothing, so the command goes. Typing on in one comment merges."""

    def __init__(self, rounds: FollowUpRounds, round_uuid: str, target_uuid: str, goal_uuid: str, label: str,
                 old: Status | None, new: StatusEntry) -> None:
        super().__init__(f"Sæt status for »{label}«")
        self.rounds, self.round_uuid, self.target_uuid, self.goal_uuid = rounds, round_uuid, target_uuid, goal_uuid
        self.old, self.old_by = StatusEntry.of(old), old.set_by if old is not None else None
        self.new = new
        self.stamp = time.monotonic()

    def id(self) -> int:
        return SET_STATUS_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetStatusCommand) or other.isObsolete() \
                or (other.round_uuid, other.target_uuid) != (self.round_uuid, self.target_uuid) \
                or (other.new.status, other.new.measured) != (self.new.status, self.new.measured) \
                or other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.new, self.stamp = other.new, other.stamp
        return True

    def redo(self) -> None:
        if not self.rounds.set_status(self.round_uuid, self.target_uuid, self.goal_uuid, self.new):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.rounds.set_status(self.round_uuid, self.target_uuid, self.goal_uuid, self.old, self.old_by):
            self.setObsolete(True)
