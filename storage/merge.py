"""Merging one agreement: ours, the bundle's and the base of the last exchange, unit by unit.

See :mod:`storage.merge_plan` for the states and choices. Order units are merged, not chosen:
the side that alone changed an order leads (adding goals or rows is not changing it; moving is),
and what only the other side has follows where it stands there
(:func:`storage.merge_units.merged_order`). A goal deleted on one side and changed inside on the
other is a conflict of the goal, not a silent deletion.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from storage.exchange import Base
from storage.merge_content import Content
from storage.merge_labels import Labels
from storage.merge_plan import AgreementPlan, Choice, FieldChange, FieldState, ImportState
from storage.merge_units import Unit, fingerprint, merged_order, records, unit_count, units
from storage.model import new_uuid, now_iso
from storage.records import record


@record(frozen=True)
class Lost:
    """A version that lost a conflict, for the agreement's history."""

    unit: Unit
    group: str
    label: str
    text: str


def _state(mine: Unit | None, theirs: Unit, base: Base | None) -> FieldState:
    b = base.get(theirs.key) if base is not None else None
    t = fingerprint(theirs.value)
    if mine is None:
        if b is None:
            return FieldState.NEW
        return FieldState.MINE if t == b else FieldState.THEIRS
    m = fingerprint(mine.value)
    if m == t:
        return FieldState.IDENTICAL
    if base is None:
        return FieldState.CONFLICT
    if m == b:
        return FieldState.THEIRS
    if t == b:
        return FieldState.MINE
    return FieldState.CONFLICT


class AgreementMerge:
    """The plan for one agreement that is here and in the bundle, and the merged content for choices."""

    def __init__(self, mine: dict[str, Any], theirs: dict[str, Any], base: Base | None,
                 labels: Callable[[], Labels], private: frozenset[str] = frozenset()) -> None:
        """``labels`` makes the preview's names and ``base`` reads its fingerprints, each only when
        something differs; ``private`` are our sections and goals that never travel."""
        self.mine_doc, self.theirs_doc, self.base = mine, theirs, base
        self.private = private
        mine_records, theirs_records = records(mine), records(theirs)
        self.mine, self.theirs = units(mine, theirs_records), units(theirs, mine_records)  # what differs
        self.same = unit_count(theirs) - sum(1 for u in self.theirs.values() if u.kind != "order")
        self._make_labels = labels
        self._labels: Labels | None = None
        self.uuid = mine["agreement"]["uuid"]
        self.states: dict[str, FieldState] = {}
        for key, unit in self.theirs.items():
            if unit.kind == "order":
                continue
            mine_unit = self.mine.get(key)
            if mine_unit is not None and mine_unit.value == unit.value:
                self.states[key] = FieldState.IDENTICAL
            else:
                self.states[key] = _state(mine_unit, unit, self.base_fingerprints)
        self._goal_conflicts()

    @cached_property
    def added_here(self) -> list[str]:
        """Units only we have, made since the base (a field filled, a row or goal added): kept, and
        listed as changed here. Private parts are not listed (they never travel)."""
        found = [key for key, unit in self.mine.items()
                 if unit.kind != "order" and key not in self.theirs and unit.owner not in self.private]
        base = self.base_fingerprints if found else None
        return [key for key in found if base is None or key not in base]

    @cached_property
    def plan(self) -> AgreementPlan:
        """What the preview shows (named as the document does, so worked out only when asked for)."""
        return self._plan()

    def undecided(self, choices: dict[str, Choice]) -> list[str]:
        """The ids of the conflicts the choices do not decide."""
        return [self.change_id(k) for k, s in self.states.items()
                if s is FieldState.CONFLICT and self.change_id(k) not in choices]

    def _goal_conflicts(self) -> None:
        """A goal deleted on one side whose content the other side changed: the goal is in conflict."""
        touched: dict[str, set[FieldState]] = {}
        for key, state in self.states.items():
            owner = self.theirs[key].owner
            if self.theirs[key].kind != "goal":
                touched.setdefault(owner, set()).add(state)
        base = self.base_fingerprints if any(s is FieldState.THEIRS for s in self.states.values()) else None
        for key, unit in self.mine.items():  # added here since the base: a value, a row, a status
            if key not in self.theirs and unit.kind not in ("goal", "order") and \
                    (base is None or key not in base):
                touched.setdefault(unit.owner, set()).add(FieldState.MINE)
        for key, state in self.states.items():
            if self.theirs[key].kind != "goal" or state not in (FieldState.THEIRS, FieldState.MINE):
                continue
            mine, theirs = self.mine[key].record, self.theirs[key].record
            inside = touched.get(theirs["uuid"], set())
            if state is FieldState.THEIRS and theirs["deleted"] and not mine["deleted"] and \
                    inside & {FieldState.MINE, FieldState.CONFLICT}:
                self.states[key] = FieldState.CONFLICT
            if state is FieldState.MINE and mine["deleted"] and not theirs["deleted"] and \
                    inside & {FieldState.THEIRS, FieldState.CONFLICT, FieldState.NEW}:
                self.states[key] = FieldState.CONFLICT

    @property
    def base_fingerprints(self) -> Base | None:
        """The base, if there is one and it can be read."""
        return self.base if self.base is not None and self.base.readable else None

    @property
    def labels(self) -> Labels:
        if self._labels is None:
            self._labels = self._make_labels()
        return self._labels

    @property
    def takes_anything(self) -> bool:
        """Whether the bundle brings anything: a unit that is new there, changed only there, or in conflict,
        or an order of goals or rows that only the bundle changed (a move there is merged like any change)."""
        return any(s in (FieldState.NEW, FieldState.THEIRS, FieldState.CONFLICT) for s in self.states.values()) \
            or any(u.kind == "order" and key in self.mine and self.mine[key].value != u.value and self._theirs_lead(key)
                   for key, u in self.theirs.items())

    def _theirs_lead(self, key: str) -> bool:
        """Whether the bundle's order of these goals or rows leads: only the bundle moved any since the base."""
        mine = self.mine[key].value if key in self.mine else []
        theirs = self.theirs[key].value if key in self.theirs else []
        base = self.base_fingerprints
        b = base.get(key) if base is not None else None
        return b is not None and _reordered(theirs, b, base) and not _reordered(mine, b, base)

    def _can_keep_both(self, key: str) -> bool:
        mine, theirs = self.mine.get(key), self.theirs[key]
        if mine is None:
            return False
        if theirs.kind == "value":
            return isinstance(mine.value, str) and isinstance(theirs.value, str) and \
                self.labels.joinable(theirs.record["owner_uuid"], theirs.record["field_id"])
        if theirs.kind == "row":
            return not mine.record["deleted"] and not theirs.record["deleted"]
        return False

    def _unit(self, key: str) -> Unit:
        return self.theirs[key] if key in self.theirs else self.mine[key]

    def change_id(self, key: str) -> str:
        return f"{self.uuid}/{key}"

    def _plan(self) -> AgreementPlan:
        changes: list[FieldChange] = []
        identical = self.same
        for key, state in self.states.items():
            if state is FieldState.IDENTICAL:
                identical += 1
                continue
            theirs, mine = self.theirs[key], self.mine.get(key)
            group, label = self.labels.place(theirs)
            changes.append(FieldChange(self.change_id(key), group, label, state,
                                       self.labels.text(mine) if mine else "", self.labels.text(theirs),
                                       self._can_keep_both(key)))
        for key in self.added_here:
            group, label = self.labels.place(self.mine[key])
            changes.append(FieldChange(self.change_id(key), group, label, FieldState.MINE,
                                       self.labels.text(self.mine[key]), ""))
        changes.sort(key=lambda c: self.labels.order(self._unit(c.id.split("/", 1)[1])))
        a = self.theirs_doc["agreement"]
        notes = self.labels.notes(self.mine_doc, self.theirs_doc) if changes else ()
        overall = ImportState.MERGE if changes else ImportState.IDENTICAL
        return AgreementPlan(a["uuid"], a["title"], a["unit"], a["year"], overall, tuple(changes), identical,
                             notes, self.base is not None)

    def merged(self, choices: dict[str, Choice]) -> tuple[dict[str, Any] | None, list[Lost]]:
        """The merged content (None when nothing of ours changes) and the versions that lost."""
        if not self.takes_anything:
            return None, []
        content = Content(self.mine_doc)
        self._after: dict[str, str] = {}  # a row kept from both sides: the copy of theirs -> our row
        lost: list[Lost] = []
        changed = False
        for key, state in self.states.items():
            theirs, mine = self.theirs[key], self.mine.get(key)
            if state in (FieldState.NEW, FieldState.THEIRS):
                content.put(theirs)
                changed = True
            elif state is FieldState.CONFLICT:
                choice = choices[self.change_id(key)]
                group, label = self.labels.place(theirs)
                if choice is Choice.THEIRS:
                    content.put(theirs)
                    if mine is not None:
                        lost.append(Lost(mine, group, label, self.labels.text(mine)))
                    changed = True
                elif choice is Choice.MINE:
                    lost.append(Lost(theirs, group, label, self.labels.text(theirs)))
                else:
                    self._keep_both(content, mine, theirs)
                    changed = True
        changed |= self._orders(content)
        if not changed:
            return None, lost
        a = content.agreement
        a["revision"] = max(a["revision"], self.theirs_doc["agreement"]["revision"]) + 1
        a["updated"] = now_iso()
        content.templates = _templates(self.mine_doc, self.theirs_doc)
        return content.document(), lost

    def _keep_both(self, content: Content, mine: Unit | None, theirs: Unit) -> None:
        assert mine is not None and self._can_keep_both(theirs.key)
        if theirs.kind == "value":
            joiner = self.labels.joiner(theirs.record["owner_uuid"], theirs.record["field_id"])
            record = {**mine.record, "value": f"{mine.value}{joiner}{theirs.value}",
                      "revision": max(mine.record["revision"], theirs.record["revision"]) + 1, "updated": now_iso()}
            content.put(Unit(mine.key, "value", record["value"], record, mine.owner))
        else:  # a row: ours stays, theirs follows it as a new row
            copy = {**theirs.record, "uuid": new_uuid(), "position": mine.record["position"], "created": now_iso(),
                    "updated": now_iso(), "revision": 1}
            content.put(Unit(f"row/{copy['uuid']}", "row", None, copy, copy["owner_uuid"]))
            self._after[copy["uuid"]] = mine.record["uuid"]

    def _orders(self, content: Content) -> bool:
        changed = False
        keys = {k for k, u in self.mine.items() if u.kind == "order"} | \
               {k for k, u in self.theirs.items() if u.kind == "order"}
        for key in sorted(keys):
            mine = self.mine[key].value if key in self.mine else []
            theirs = self.theirs[key].value if key in self.theirs else []
            live = content.live_in(key)
            order = merged_order(self._theirs_lead(key), mine, theirs, live)
            for copy, original in self._after.items():
                if copy in live and original in order:
                    order.insert(order.index(original) + 1, copy)
            order += sorted(live - set(order))
            if order != mine:
                changed = True
            content.place(order)
        return changed


def _reordered(order: list[str], base_order: str, base: Base | None) -> bool:
    """Whether a side changed the order the base had, not only added goals or rows to it since."""
    known = [u for u in order if base is not None and (f"goal/{u}" in base or f"row/{u}" in base)]
    return fingerprint(order) != base_order and fingerprint(known) != base_order


def _templates(mine: dict[str, Any], theirs: dict[str, Any]) -> list[dict[str, Any]]:
    found = {t["hash"]: t for t in (*mine.get("templates", []), *theirs.get("templates", []))}
    return list(found.values())
