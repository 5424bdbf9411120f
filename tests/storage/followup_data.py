"""Agreements with goals, sub-goals, criteria and actions for the follow-up tests, built with the
storage functions the window uses (no SQL of their own)."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.agreements import create_agreement
from storage.database import Store
from storage.edits import add_goal, add_row
from storage.template_model import Template


@dataclass
class BuiltGoal:
    agreement: str
    goal: str
    sub_goals: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def add_followed_goal(store: Store, agreement: str, title: str, sub_goals: tuple[str, ...] = (),
                      criteria: tuple[str, ...] = (), actions: tuple[tuple[str, str, str], ...] = (),
                      kind: str = "faglig") -> BuiltGoal:
    """A five-part goal: ``actions`` as (activity, responsible, deadline)."""
    built = BuiltGoal(agreement, add_goal(store, agreement, kind, values={"title": title}))
    for text in sub_goals:
        built.sub_goals.append(add_row(store, agreement, built.goal, "sub_goals", None, {"text": text}))
    for text in criteria:
        add_row(store, agreement, built.goal, "success_criteria", None, {"text": text})
    for activity, responsible, deadline in actions:
        built.actions.append(add_row(store, agreement, built.goal, "action_plan", None,
                                     {"activity": activity, "responsible": responsible, "deadline": deadline,
                                      "status": ""}))
    return built


def it_staff_2008(store: Store, faaborg: Template, unit: str = "IT-staben", year: int = 2008) -> BuiltGoal:
    """An agreement with one goal 'Helpdesk' (two sub-goals with criteria, one action)."""
    agreement = create_agreement(store, faaborg, unit, year)
    return add_followed_goal(
        store, agreement, "Helpdesk", sub_goals=("Svartid under 4 timer", "Flere selvbetjente sager"),
        criteria=("90 % af sagerne besvaret inden 4 timer", "20 % flere sager via portalen"),
        actions=(("Ny telefonkø", "Mette Hansen", "inden udgangen af 2. kvartal 2008"),))
