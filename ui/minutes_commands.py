"""The edits of the minutes window as undo commands; redo and undo each call one storage function
(from :mod:`storage.minutes`) through :meth:`MinutesEditor.apply`, which reports a refusal.

A structural change (a meeting or item added, deleted or moved, goals linked) that did not reach
the store makes its command obsolete, so the stack never offers to undo what was never saved.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from storage import minutes
from storage.database import Store
from storage.model import new_uuid

MERGE_SECONDS = 2.0
SET_MEETING_ID = 101
SET_ITEM_PART_ID = 102
Change = Callable[[Store], object]
Part = str | tuple[str, ...]


class MinutesEditor(Protocol):
    def apply(self, change: Change, meeting_uuid: str, item_uuid: str | None = None) -> bool:
        """Run one storage call; False (the user has been told why) if the store refused it."""


class _Command(QUndoCommand):
    def __init__(self, text: str, editor: MinutesEditor, meeting_uuid: str) -> None:
        super().__init__(text)
        self.editor, self.meeting_uuid = editor, meeting_uuid

    def run(self, change: Change, item_uuid: str | None = None) -> None:
        if not self.editor.apply(change, self.meeting_uuid, item_uuid):
            self.setObsolete(True)


class _Typing(_Command):
    """Consecutive edits of the same text within a short while are one undo step."""

    new: Part

    def __init__(self, text: str, editor: MinutesEditor, meeting_uuid: str) -> None:
        super().__init__(text, editor, meeting_uuid)
        self.stamp = time.monotonic()

    def target(self) -> tuple[str, str]:
        raise NotImplementedError

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, type(self)) or other.target() != self.target() or \
                other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.new, self.stamp = other.new, other.stamp
        return True


class CreateMeetingCommand(_Command):
    def __init__(self, editor: MinutesEditor, title: str, day: str, place: str, clock: str) -> None:
        super().__init__(f"Opret mødet »{title}«", editor, new_uuid())
        self.title, self.day, self.place, self.clock = title, day, place, clock
        self.done_once = False

    def redo(self) -> None:
        if self.done_once:
            self.run(lambda s: minutes.delete_meeting(s, self.meeting_uuid, False))
            return
        self.run(lambda s: minutes.create_meeting(s, self.title, self.day, self.place, self.clock,
                                                  meeting_uuid=self.meeting_uuid))
        self.done_once = not self.isObsolete()

    def undo(self) -> None:
        self.run(lambda s: minutes.delete_meeting(s, self.meeting_uuid))


class DeleteMeetingCommand(_Command):
    def __init__(self, editor: MinutesEditor, meeting_uuid: str, title: str) -> None:
        super().__init__(f"Slet mødet »{title}«", editor, meeting_uuid)

    def redo(self) -> None:
        self.run(lambda s: minutes.delete_meeting(s, self.meeting_uuid))

    def undo(self) -> None:
        self.run(lambda s: minutes.delete_meeting(s, self.meeting_uuid, False))


class SetMeetingCommand(_Typing):
    """The meeting's title, date, time or place."""

    LABELS = {"title": "titel", "day": "dato", "time": "klokkeslæt", "place": "mødested"}

    def __init__(self, editor: MinutesEditor, meeting_uuid: str, field: str, old: str, new: str) -> None:
        super().__init__(f"Ret mødets {self.LABELS[field]}", editor, meeting_uuid)
        self.field, self.old, self.new = field, old, new

    def id(self) -> int:
        return SET_MEETING_ID

    def target(self) -> tuple[str, str]:
        return (self.meeting_uuid, self.field)

    def _set(self, value: Part) -> None:
        self.run(lambda s: minutes.edit_meeting(s, self.meeting_uuid, **{self.field: str(value)}))

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class AddItemCommand(_Command):
    def __init__(self, editor: MinutesEditor, meeting_uuid: str, title: str, index: int) -> None:
        super().__init__(f"Tilføj punktet »{title}«", editor, meeting_uuid)
        self.title, self.index, self.item_uuid = title, index, new_uuid()
        self.done_once = False

    def redo(self) -> None:
        if self.done_once:
            self.run(lambda s: minutes.restore_item(s, self.item_uuid, self.index), self.item_uuid)
            return
        self.run(lambda s: minutes.add_item(s, self.meeting_uuid, self.title, self.index, self.item_uuid),
                 self.item_uuid)
        self.done_once = not self.isObsolete()

    def undo(self) -> None:
        self.run(lambda s: minutes.delete_item(s, self.item_uuid))


class DeleteItemCommand(_Command):
    def __init__(self, editor: MinutesEditor, meeting_uuid: str, item: minutes.MeetingItem) -> None:
        super().__init__(f"Slet »{item.heading}«", editor, meeting_uuid)
        self.item_uuid, self.index = item.uuid, item.number - 1

    def redo(self) -> None:
        self.run(lambda s: minutes.delete_item(s, self.item_uuid))

    def undo(self) -> None:
        self.run(lambda s: minutes.restore_item(s, self.item_uuid, self.index), self.item_uuid)


class MoveItemCommand(_Command):
    def __init__(self, editor: MinutesEditor, meeting_uuid: str, item: minutes.MeetingItem, to_index: int) -> None:
        super().__init__(f"Flyt »{item.title}«", editor, meeting_uuid)
        self.item_uuid, self.from_index, self.to_index = item.uuid, item.number - 1, to_index

    def redo(self) -> None:
        self.run(lambda s: minutes.move_item(s, self.item_uuid, self.to_index), self.item_uuid)

    def undo(self) -> None:
        self.run(lambda s: minutes.move_item(s, self.item_uuid, self.from_index), self.item_uuid)


class SetItemPartCommand(_Typing):
    """Typing in one part of an item: title, Resume, who recommends, the at-points, Sagsfremstilling,
    Beslutning."""

    def __init__(self, editor: MinutesEditor, meeting_uuid: str, item_uuid: str, part: str, old: Part,
                 new: Part) -> None:
        super().__init__(f"Ret »{minutes.ITEM_PARTS[part]}«", editor, meeting_uuid)
        self.item_uuid, self.part, self.old, self.new = item_uuid, part, old, new

    def id(self) -> int:
        return SET_ITEM_PART_ID

    def target(self) -> tuple[str, str]:
        return (self.item_uuid, self.part)

    def _set(self, value: Part) -> None:
        self.run(lambda s: minutes.edit_item(s, self.item_uuid, self.part, value), self.item_uuid)

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class SetItemGoalsCommand(_Command):
    def __init__(self, editor: MinutesEditor, meeting_uuid: str, item_uuid: str, old: list[str],
                 new: list[str]) -> None:
        super().__init__("Vælg de indsatser, punktet vedrører", editor, meeting_uuid)
        self.item_uuid, self.old, self.new = item_uuid, old, new

    def redo(self) -> None:
        self.run(lambda s: minutes.set_item_goals(s, self.item_uuid, self.new), self.item_uuid)

    def undo(self) -> None:
        self.run(lambda s: minutes.set_item_goals(s, self.item_uuid, self.old), self.item_uuid)
