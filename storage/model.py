"""The domain model: plain, typed Python objects loaded from and saved to the store.

Every entity carries a stable UUID, created/updated timestamps (ISO 8601, UTC) and a
revision counter that rises by one with each change to it.
"""

from __future__ import annotations

from dataclasses import field
from datetime import UTC, datetime
from typing import Any

from storage.records import record

JSONValue = Any


def new_uuid() -> str:
    import uuid  # when an id is made, not at start-up (uuid imports platform)

    return str(uuid.uuid4())


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@record
class Row:
    """One item of a row-valued field: a lettered-list item, an action, a party."""

    uuid: str
    field_id: str
    position: int
    data: dict[str, str]
    created: str = ""
    updated: str = ""
    revision: int = 1


@record
class Node:
    """Something with template fields: the agreement itself, a section, a goal."""

    uuid: str
    created: str = ""
    updated: str = ""
    revision: int = 1
    values: dict[str, JSONValue] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)

    def value(self, field_id: str, default: JSONValue = None) -> JSONValue:
        return self.values.get(field_id, default)

    def rows_of(self, field_id: str) -> list[Row]:
        return self.rows.get(field_id, [])


@record
class Section(Node):
    """A section of an agreement, placed under its parent by the template's key."""

    key: str = ""
    parent_uuid: str | None = None
    position: int = 0


@record
class Goal(Node):
    """A goal (indsats) of an agreement, of one of the template's goal kinds."""

    kind: str = ""
    position: int = 0


@record
class AgreementSummary:
    """One agreement as the list shows it, without its content."""

    uuid: str
    unit: str
    year: int
    title: str
    template_id: str
    updated: str
    revision: int
    sent_revision: int | None = None
    sent_edit_revision: int | None = None

    @property
    def changed_since_sent(self) -> bool:
        return self.sent_edit_revision is not None and self.revision > self.sent_edit_revision


@record
class Agreement(Node):
    """A whole agreement: its header, sections, goals and their values."""

    template_id: str = ""
    template_hash: str = ""
    unit: str = ""
    year: int = 0
    title: str = ""
    derived_from: str | None = None
    #: the document revision sent for signature ("Rev. 3"), when, and the edit revision then
    sent_revision: int | None = None
    sent_at: str | None = None
    sent_edit_revision: int | None = None
    sections: list[Section] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    _index: _AgreementIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def changed_since_sent(self) -> bool:
        return self.sent_edit_revision is not None and self.revision > self.sent_edit_revision

    def _indexed(self) -> _AgreementIndex:
        """Lookups built in one pass over the sections and goals, so that walking the whole tree
        stays linear; rebuilt when a section or goal is added to (or removed from) the lists."""
        size = (len(self.sections), len(self.goals))
        if self._index is None or self._index.size != size:
            self._index = _AgreementIndex(self, size)
        return self._index

    def section_by_key(self, key: str) -> Section | None:
        return self._indexed().by_key.get(key)

    def children_of(self, parent_uuid: str | None) -> list[Section]:
        return list(self._indexed().children.get(parent_uuid, ()))

    def goals_of_kind(self, kind: str) -> list[Goal]:
        return list(self._indexed().goals.get(kind, ()))

    def node(self, node_uuid: str) -> Node | None:
        return self._indexed().nodes.get(node_uuid)


class _AgreementIndex:
    def __init__(self, agreement: Agreement, size: tuple[int, int]) -> None:
        self.size = size
        self.nodes: dict[str, Node] = {agreement.uuid: agreement}
        self.by_key: dict[str, Section] = {}
        self.children: dict[str | None, list[Section]] = {}
        self.goals: dict[str, list[Goal]] = {}
        for section in agreement.sections:
            self.nodes.setdefault(section.uuid, section)
            self.by_key.setdefault(section.key, section)
            self.children.setdefault(section.parent_uuid, []).append(section)
        for goal in agreement.goals:
            self.nodes.setdefault(goal.uuid, goal)
            self.goals.setdefault(goal.kind, []).append(goal)
        for sections in self.children.values():
            sections.sort(key=lambda s: s.position)
        for goals in self.goals.values():
            goals.sort(key=lambda g: g.position)
