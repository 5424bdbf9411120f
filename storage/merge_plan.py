"""What importing a bundle would do, down to the field: the plan the preview shows and applying follows.

Each agreement of a bundle is *new* (not here), *identical* (here with the same content) or
*merged*: its content is cut into units (:mod:`storage.merge_units`: a field value, a row, a goal,
a status …) and each unit is compared three ways, with the base recorded when the two stores last
exchanged the agreement (:mod:`storage.exchange`), never with clocks:

- **identical**: the same here and in the bundle;
- **theirs**: changed only in the bundle since the base: the bundle's is taken;
- **mine**: changed only here: ours is kept;
- **conflict**: changed on both sides (or no base is known and they differ): the user chooses
  :attr:`Choice.MINE`, :attr:`Choice.THEIRS` or :attr:`Choice.BOTH` (where a unit can hold both).

Whatever loses (ours replaced by theirs, or theirs refused) is kept in the agreement's history
(:mod:`storage.lost_versions`) and can be brought back.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum

from storage.records import record


class ImportState(StrEnum):
    NEW = "ny"
    IDENTICAL = "identisk"
    MERGE = "flettes"


class FieldState(StrEnum):
    NEW = "ny i pakken"
    IDENTICAL = "identisk"
    THEIRS = "kun ændret i pakken"
    MINE = "kun ændret her"
    CONFLICT = "ændret begge steder"


class Choice(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"
    BOTH = "both"


#: how the preview names each choice
CHOICE_LABELS = {Choice.MINE: "Behold min", Choice.THEIRS: "Tag pakkens", Choice.BOTH: "Behold begge"}


@record(frozen=True)
class FieldChange:
    """One unit that differs between here and the bundle (identical units are only counted)."""

    #: unique within the plan: "<agreement uuid>/<unit key>"; the key of a choice
    id: str
    #: where it stands, as the document heads it: "Aftalen", "2.1 Vision", "Bilag 4a Helpdesk", "Opfølgning"
    group: str
    #: what it is: "Succeskriterier", "Handleplan: række 2", "Status i 'Halvårsstatus'"
    label: str
    state: FieldState
    #: the two sides as text for the side-by-side view ("" where a side has nothing)
    mine: str
    theirs: str
    #: whether :attr:`Choice.BOTH` is offered (texts, rows and goals can hold both; a date cannot)
    can_keep_both: bool = False


@record(frozen=True)
class AgreementPlan:
    """What importing one agreement of a bundle would do: new, identical, updated or in conflict."""

    uuid: str
    title: str
    unit: str
    year: int
    state: ImportState
    #: the units that differ, in document order (empty for new and identical agreements)
    changes: tuple[FieldChange, ...] = ()
    #: how many units are the same on both sides
    identical: int = 0
    #: Danish notes for the preview, e.g. a template the bundle brings in another version
    notes: tuple[str, ...] = ()
    #: whether a base from an earlier exchange was found (without one every difference is a conflict)
    has_base: bool = False

    @property
    def conflicts(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.changes if c.state is FieldState.CONFLICT)


@record(frozen=True)
class ImportPlan:
    """The preview of importing a bundle: who made it, when, and the plan per agreement."""

    bundle_name: str
    created_by: str
    created_at: str
    agreements: tuple[AgreementPlan, ...] = field(default_factory=tuple)

    @property
    def conflicts(self) -> tuple[FieldChange, ...]:
        return tuple(c for a in self.agreements for c in a.conflicts)

    def undecided(self, choices: dict[str, Choice]) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.conflicts if c.id not in choices)

    @property
    def changes_anything(self) -> bool:
        return any(a.state is ImportState.NEW or any(c.state in (FieldState.NEW, FieldState.THEIRS)
                                                      for c in a.changes) or a.conflicts
                   for a in self.agreements)
