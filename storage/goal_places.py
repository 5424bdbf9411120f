"""Which goal kinds a section speaks for: the kinds placed in it, and the appendix kinds its
guidance refers to by number ("De politiske indsatsområder beskrives i bilag 1", "… i bilag 2a,
2b …"). The window offers "Tilføj …" for these in the section's form; nothing here needs Qt."""

from __future__ import annotations

import re

from storage.numbering import goal_number
from storage.template_model import GoalKind, Template


def first_numbers(kind: GoalKind) -> set[str]:
    """How the guidance may name the kind's first goal: alone ("Bilag 1") and lettered ("Bilag 2a")."""
    return {goal_number(kind, 0, count).casefold() for count in (1, 2)} - {""}


def kinds_described_in(template: Template, key: str) -> tuple[GoalKind, ...]:
    """The kinds placed in the section ``key``, then the appendix kinds its guidance names."""
    definition = template.section(key)
    guidance = definition.guidance.casefold() if definition else ""
    named = tuple(kind for kind in template.appendix_kinds()
                  if any(re.search(rf"(?<!\w){re.escape(number)}(?!\w)", guidance) for number in first_numbers(kind)))
    return (*template.kinds_in_section(key), *named)
