"""Numbers and titles of goals, as the template says (Bilag 2a, A …).

These are the pieces; :mod:`storage.outline` puts them in the agreement's order.
"""

from __future__ import annotations

from storage.formatting import letter
from storage.model import Goal
from storage.template_model import GoalKind


def goal_number(kind: GoalKind, index: int, count: int) -> str:
    pattern = kind.numbering_single if count == 1 and kind.numbering_single else kind.numbering
    return pattern.format(n=index + 1, letter=letter(index).lower(), LETTER=letter(index))


def goal_title(goal: Goal, kind: GoalKind | None) -> str:
    """'Faglig indsats – Helpdesk' (prefix and title as there are)."""
    title = str(goal.value(kind.title_field, "") if kind else "").strip()
    prefix = kind.title_prefix if kind else ""
    if prefix and title:
        return f"{prefix} – {title}"
    return title or prefix or (kind.name if kind else "Indsats")


def goal_heading(goal: Goal, kind: GoalKind | None, number: str) -> str:
    return f"{number} {goal_title(goal, kind)}".strip()
