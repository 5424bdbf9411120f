"""The status overview: every goal, sub-goal and action of a year with its status in a round, and why a
status is empty — also with no rounds, no agreements, or agreements on two templates."""

from __future__ import annotations

from datetime import date

from storage.agreements import create_agreement
from storage.database import Store
from storage.edits import add_goal, delete_row, set_goal_deleted
from storage.followup import create_round, get_round, set_status
from storage.overview import NO_ROUND, NOT_SET, read_overview
from storage.template_model import Template
from storage.templates import TemplateRegistry
from tests.storage.followup_data import add_followed_goal, it_staff_2008


def _seen(store: Store, year: int, round_uuid: str | None) -> list[tuple[str, ...]]:
    overview = read_overview(store, year, get_round(store, round_uuid) if round_uuid else None)
    return [(line.unit, line.number, line.target_kind, line.text or line.goal_title, line.level.name, line.comment,
             line.empty_reason) for line in overview.lines]


def test_no_agreements_no_lines(store: Store) -> None:
    overview = read_overview(store, 2008, None)
    assert overview.lines == [] and overview.counts() == {} and overview.levels() == []


def test_no_rounds_every_status_empty_with_the_reason(store: Store, faaborg: Template) -> None:
    it_staff_2008(store, faaborg)
    assert _seen(store, 2008, None) == [
        ("IT-staben", "Bilag 2a", "goal", "Helpdesk", "Ikke vurderet", "", NO_ROUND),
        ("IT-staben", "Bilag 2a", "sub_goal", "Svartid under 4 timer", "Ikke vurderet", "", NO_ROUND),
        ("IT-staben", "Bilag 2a", "sub_goal", "Flere selvbetjente sager", "Ikke vurderet", "", NO_ROUND),
        ("IT-staben", "Bilag 2a", "action", "Ny telefonkø", "Ikke vurderet", "", NO_ROUND),
    ]
    assert NO_ROUND == "ingen opfølgningsrunde for året"


def test_lines_carry_criteria_responsible_deadline_and_status(store: Store, faaborg: Template) -> None:
    built = it_staff_2008(store, faaborg)
    second = add_followed_goal(store, built.agreement, "Sygefravær", sub_goals=("Fravær ned",))
    first = create_round(store, "1. september", date(2008, 9, 1), year=2008)
    set_status(store, first, built.goal, "gul", "Telefonkøen er forsinket", set_by="mette")
    set_status(store, first, built.sub_goals[0], "grøn", measured="92 %")
    set_status(store, first, built.actions[0], "rød", "Leverandøren har meldt afbud")

    overview = read_overview(store, 2008, get_round(store, first))
    by_target = {line.target_uuid: line for line in overview.lines}
    goal = by_target[built.goal]
    assert (goal.number, goal.heading, goal.kind_name, goal.level.name, goal.level.symbol, goal.set_by) == (
        "Bilag 2a", "Bilag 2a Helpdesk", "Faglig indsats", "Gul", "!", "mette")
    assert goal.criterion == "90 % af sagerne besvaret inden 4 timer\n20 % flere sager via portalen"
    sub = by_target[built.sub_goals[0]]
    assert (sub.criterion, sub.measured, sub.level.name, sub.empty_reason) == (
        "90 % af sagerne besvaret inden 4 timer", "92", "Grøn", "")
    assert by_target[built.sub_goals[1]].criterion == "20 % flere sager via portalen"
    assert by_target[built.sub_goals[1]].empty_reason == NOT_SET
    action = by_target[built.actions[0]]
    assert (action.text, action.responsible, action.deadline, action.level.name, action.comment) == (
        "Ny telefonkø", "Mette Hansen", "inden udgangen af 2. kvartal 2008", "Rød", "Leverandøren har meldt afbud")
    assert by_target[second.goal].number == "Bilag 2b" and by_target[second.goal].empty_reason == NOT_SET
    assert overview.counts() == {"IT-staben": {"Gul": 1, "Ikke vurderet": 1}}
    assert overview.counts(goals_only=False)["IT-staben"] == {"Gul": 1, "Grøn": 1, "Rød": 1, "Ikke vurderet": 3}


def test_two_templates_in_one_year(store: Store, faaborg: Template, registry: TemplateRegistry) -> None:
    """Faaborg's goals have sub-goals and actions; Skanderborg's goals have none (its lists are free text),
    so it has goal lines only, with an empty criterion."""
    skanderborg = registry.get("skanderborg-udviklingsaftale")
    assert skanderborg is not None
    built = it_staff_2008(store, faaborg)
    elderly = create_agreement(store, skanderborg, "Ældre og Handicap", 2008)
    add_goal(store, elderly, "udviklingsmaal", values={"title": "Nedbringelse af sygefravær"})
    add_goal(store, elderly, "udviklingsmaal", values={"title": "Velfærdsteknologi"})
    create_agreement(store, faaborg, "Andet år", 2009)  # another year: not in the overview
    first = create_round(store, "1. september", date(2008, 9, 1), year=2008)
    set_status(store, first, built.goal, "grøn")

    seen = _seen(store, 2008, first)
    assert seen == [
        ("IT-staben", "Bilag 2a", "goal", "Helpdesk", "Grøn", "", ""),
        ("IT-staben", "Bilag 2a", "sub_goal", "Svartid under 4 timer", "Ikke vurderet", "", NOT_SET),
        ("IT-staben", "Bilag 2a", "sub_goal", "Flere selvbetjente sager", "Ikke vurderet", "", NOT_SET),
        ("IT-staben", "Bilag 2a", "action", "Ny telefonkø", "Ikke vurderet", "", NOT_SET),
        ("Ældre og Handicap", "A.", "goal", "Nedbringelse af sygefravær", "Ikke vurderet", "", NOT_SET),
        ("Ældre og Handicap", "B.", "goal", "Velfærdsteknologi", "Ikke vurderet", "", NOT_SET),
    ]
    overview = read_overview(store, 2008, get_round(store, first))
    assert {line.criterion for line in overview.lines if line.unit == "Ældre og Handicap"} == {""}
    assert overview.counts() == {"IT-staben": {"Grøn": 1}, "Ældre og Handicap": {"Ikke vurderet": 2}}
    assert [lvl.name for lvl in overview.levels()] == ["Grøn", "Ikke vurderet"]
    assert [lvl.name for lvl in overview.scale_levels()] == ["Grøn", "Gul", "Rød", "Kan ikke vurderes", "Ikke vurderet"]


def test_levels_come_in_scale_order_not_in_the_order_units_come(store: Store, faaborg: Template) -> None:
    first_unit, second_unit = it_staff_2008(store, faaborg, unit="A-enheden"), it_staff_2008(store, faaborg)
    first = create_round(store, "1. september", date(2008, 9, 1), year=2008)
    set_status(store, first, first_unit.goal, "rød")
    set_status(store, first, second_unit.goal, "grøn")
    overview = read_overview(store, 2008, get_round(store, first))
    assert [lvl.name for lvl in overview.levels()] == ["Grøn", "Rød", "Ikke vurderet"]


def test_a_round_of_one_agreement_shows_that_agreement_only(store: Store, faaborg: Template) -> None:
    built = it_staff_2008(store, faaborg)
    it_staff_2008(store, faaborg, unit="HR")
    own = create_round(store, "IT's egen runde", date(2008, 10, 1), agreement_uuid=built.agreement)
    assert {line[0] for line in _seen(store, 2008, own)} == {"IT-staben"}
    assert {line[0] for line in _seen(store, 2008, None)} == {"HR", "IT-staben"}


def test_deleted_goals_and_rows_are_left_out(store: Store, faaborg: Template) -> None:
    built = it_staff_2008(store, faaborg)
    extra = add_followed_goal(store, built.agreement, "Slettes")
    delete_row(store, built.sub_goals[1])
    set_goal_deleted(store, extra.goal, True)
    assert [line[3] for line in _seen(store, 2008, None)] == ["Helpdesk", "Svartid under 4 timer", "Ny telefonkø"]


def test_goals_only_reads_the_same_goal_lines_without_their_rows(store: Store, faaborg: Template) -> None:
    """What the overview window reads until sub-goals and actions are asked for."""
    built = it_staff_2008(store, faaborg)
    first = create_round(store, "1. september", date(2008, 9, 1), year=2008)
    set_status(store, first, built.goal, "gul", "Telefonkøen er forsinket", set_by="mette")
    full = read_overview(store, 2008, get_round(store, first))
    goals = read_overview(store, 2008, get_round(store, first), goals_only=True)
    assert goals.goals_only and not full.goals_only
    assert [line.target_kind for line in goals.lines] == ["goal"] * len(full.goals())
    assert [(g.heading, g.level.name, g.comment, g.set_by) for g in goals.lines] == [
        (g.heading, g.level.name, g.comment, g.set_by) for g in full.goals()]
    assert goals.lines[0].criterion == "" and full.goals()[0].criterion != ""
