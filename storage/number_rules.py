"""Number fields whose values across all goals of an agreement must give a total (``sum`` in the
template, e.g. weights per goal that must give 100).

A rule is named by its field id: every goal whose kind has a ``number`` field with that id and a
``sum`` counts (the template refuses two kinds that give one id different totals). An empty value
counts as 0. The form shows :attr:`SumTotal.message` under the field; the Word export writes the
overview (each goal's value, then the total).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from storage.formatting import format_number
from storage.model import Goal, JSONValue
from storage.records import record
from storage.template_model import FieldDef, FieldType, Template


@record(frozen=True)
class SumTotal:
    """A number field whose values over all goals must give a total, and what they give now."""

    field: FieldDef
    #: what the values must give
    expected: int
    #: each counted goal with its value (None: empty)
    entries: tuple[tuple[Goal, int | None], ...]

    @property
    def actual(self) -> int:
        return sum(value or 0 for _, value in self.entries)

    @property
    def ok(self) -> bool:
        return self.actual == self.expected

    @property
    def message(self) -> str:
        """``Vægt i alt for alle indsatser: 90 – skal give 100`` (Danish, for the form)."""
        said = f"{self.field.label} i alt for alle indsatser: {format_number(self.actual)}"
        return said if self.ok else f"{said} – skal give {format_number(self.expected)}"


def sum_fields(template: Template) -> dict[str, FieldDef]:
    """Field id → the first field with a ``sum`` of that id, in the order of the goal kinds."""
    found: dict[str, FieldDef] = {}
    for kind in template.goal_kinds:
        for field in kind.fields:
            if field.type is FieldType.NUMBER and field.total is not None:
                found.setdefault(field.id, field)
    return found


def sum_totals(template: Template, goals: Iterable[Goal],
               value: Callable[[Goal, str], JSONValue] | None = None) -> list[SumTotal]:
    """Every sum rule of the template over ``goals`` (in their order); ``value`` reads a goal's value
    (default: as stored; the window passes what is typed but not yet saved)."""
    rules = sum_fields(template)
    if not rules:
        return []
    read = value or (lambda goal, field_id: goal.value(field_id))
    entries: dict[str, list[tuple[Goal, int | None]]] = {field_id: [] for field_id in rules}
    for goal in goals:
        kind = template.goal_kind(goal.kind)
        for field in kind.fields if kind else ():
            if field.id in rules and field.total is not None:
                raw = read(goal, field.id)
                number = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
                entries[field.id].append((goal, number))
    return [SumTotal(field, field.total, tuple(entries[field_id]))
            for field_id, field in rules.items() if field.total is not None]
