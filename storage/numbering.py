"""Numbers and titles of goals, as the template says (Bilag 2a, A …).

These are the pieces; :mod:`storage.outline` puts them in the agreement's order. A goal's number
depends on the goals before it in its kind, or in its series (``series = "bilag"``: several kinds
numbered in one run, in document order), and on the kind's or series' ``start``.
"""

from __future__ import annotations

from collections.abc import Mapping

from storage.formatting import letter
from storage.model import Goal
from storage.records import record
from storage.template_model import GoalKind, SectionDef, Template


def goal_number(kind: GoalKind, index: int, count: int, start: int | None = None) -> str:
    """The number of the goal at ``index`` in a run of ``count`` goals that starts at ``start``
    (the kind's own ``start`` if None): {n} counts from it, {letter} from the same place."""
    first = kind.start if start is None else start
    pattern = kind.numbering_single if count == 1 and kind.numbering_single else kind.numbering
    place = first - 1 + index
    return pattern.format(n=place + 1, letter=letter(place).lower(), LETTER=letter(place))


def kinds_in_document_order(template: Template) -> tuple[GoalKind, ...]:
    """The goal kinds in the order their goals stand in the document (a section's goals after its
    sub-sections, appendix goals last)."""
    out: list[GoalKind] = []

    def visit(sections: tuple[SectionDef, ...]) -> None:
        for section in sections:
            visit(section.children)
            out.extend(template.kinds_in_section(section.key))

    visit(template.sections)
    return (*out, *template.appendix_kinds())


@record(frozen=True)
class Numbering:
    """The numbers of one agreement's goals, from how many goals each kind has."""

    #: kind id → (goals before the kind's first goal in its run, goals in the run, the run's start)
    runs: Mapping[str, tuple[int, int, int]]

    def number(self, kind: GoalKind, index: int) -> str:
        before, count, start = self.runs.get(kind.id, (0, index + 1, kind.start))
        return goal_number(kind, before + index, count, start)


def numbering(template: Template, counts: Mapping[str, int]) -> Numbering:
    """``counts``: the number of goals of each kind id in the agreement."""
    series_total: dict[str, int] = {}
    series_start: dict[str, int] = {}
    before: dict[str, int] = {}
    for kind in kinds_in_document_order(template):
        run = kind.series or f"\0{kind.id}"  # a kind without a series is a run of its own
        series_start.setdefault(run, kind.start)
        before[kind.id] = series_total.get(run, 0)
        series_total[run] = before[kind.id] + counts.get(kind.id, 0)
    runs = {}
    for kind in template.goal_kinds:
        run = kind.series or f"\0{kind.id}"
        if kind.id in before:
            runs[kind.id] = (before[kind.id], series_total[run], series_start[run])
    return Numbering(runs)


def goal_title(goal: Goal, kind: GoalKind | None) -> str:
    """'Faglig indsats – Helpdesk' (prefix and title as there are)."""
    title = str(goal.value(kind.title_field, "") if kind else "").strip()
    prefix = kind.title_prefix if kind else ""
    if prefix and title:
        return f"{prefix} – {title}"
    return title or prefix or (kind.name if kind else "Indsats")


def goal_heading(goal: Goal, kind: GoalKind | None, number: str) -> str:
    return f"{number} {goal_title(goal, kind)}".strip()
