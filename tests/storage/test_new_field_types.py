"""The field types of issue 10 in a real store: milestones (a date, a quarter or a period, stored in
one form), a table with the template's own columns, and numbers with min, max and a sum across goals.
Checked at template load, on import (seeds, bundles) and in the canonical form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storage.agreements import load_agreement, template_of
from storage.canonical import to_json
from storage.canonical_read import CanonicalError, read_canonical
from storage.canonical_write import canonical_json, to_canonical
from storage.database import Store, open_store
from storage.errors import StoreError
from storage.field_types import plain_texts
from storage.milestone_when import WhenProblem, format_when, parse_when
from storage.number_rules import sum_totals
from storage.seed import create_from_seed
from storage.template_model import FieldType, Template
from storage.templates import TemplateError, TemplateRegistry, parse_template
from tests.conftest import TESTS_DIR

SCOREKORT = (TESTS_DIR / "data" / "scorekort.toml").read_text(encoding="utf-8")


def scorekort() -> Template:
    return parse_template(SCOREKORT, "scorekort.toml")


def seed(weights: tuple[int, ...] = (60, 30), **first: Any) -> dict[str, Any]:
    goals: list[dict[str, Any]] = [
        {"kind": "maal", "fields": {"title": f"Mål nummer {i + 1}", "weight": w}} for i, w in enumerate(weights)]
    goals[0]["fields"].update({
        "milestones": [{"when": "31.03.2023", "text": "Plan vedtaget"}, {"when": "q2 2023", "text": "Ti pladser"},
                       {"when": "sep-dec 2023", "text": "Evaluering"}],
        "scoring": [{"grad": "Fuldt opfyldt", "point": "10"}, {"grad": "Ikke opfyldt", "point": "0"}],
        **first})
    return {"template": "scorekort", "fields": {"unit": "Børn og Unge", "year": 2023}, "goals": goals}


def make(store: Store, data: dict[str, Any] | None = None) -> str:
    template = scorekort()
    return create_from_seed(store, TemplateRegistry({template.id: template}), data or seed())


@pytest.mark.parametrize("typed, stored, shown", [
    ("31.03.2023", "2023-03-31", "31.03.2023"),
    ("2023-03-31", "2023-03-31", "31.03.2023"),
    ("1. kvt. 2023", "1. kvt. 2023", "1. kvt. 2023"),
    ("Q3 2023", "3. kvt. 2023", "3. kvt. 2023"),
    ("2024-q4", "4. kvt. 2024", "4. kvt. 2024"),
    ("2. kvartal 23", "2. kvt. 2023", "2. kvt. 2023"),
    ("marts–juni 2023", "marts–juni 2023", "marts–juni 2023"),
    ("Mar - jun 2023", "marts–juni 2023", "marts–juni 2023"),
    ("nov 2023 til feb. 2024", "november 2023–februar 2024", "november 2023–februar 2024"),
    ("august 2023", "august 2023", "august 2023"),
    ("  ", "", ""),
])
def test_a_milestone_time_is_typed_freely_and_stored_in_one_form(typed: str, stored: str, shown: str) -> None:
    assert parse_when(typed) == stored
    assert format_when(stored) == shown
    assert parse_when(stored) == stored  # the stored form reads as itself


@pytest.mark.parametrize("typed, message", [
    ("snart", "'snart' er ikke en dato, et kvartal eller en periode – skriv fx 31.03.2023, 1. kvt. 2023"),
    ("5. kvt. 2023", "er ikke en dato, et kvartal eller en periode"),
    ("31.02.2023", "er ikke en dato, et kvartal eller en periode"),
    ("juni–marts 2023", "perioden skal slutte efter den begynder"),
    ("ju–aug 2023", "'ju' er ikke en måned"),
])
def test_a_time_that_is_no_date_quarter_or_period_is_refused_in_danish(typed: str, message: str) -> None:
    with pytest.raises(WhenProblem, match=message):
        parse_when(typed)


def test_the_template_keys_are_read() -> None:
    kind = scorekort().goal_kind("maal")
    assert kind is not None
    weight, milestones, scoring = (kind.field(f) for f in ("weight", "milestones", "scoring"))
    assert weight is not None and (weight.minimum, weight.maximum, weight.total) == (0, 100, 100)
    assert milestones is not None and milestones.type is FieldType.MILESTONES and milestones.type.has_rows
    assert scoring is not None and scoring.columns == (("grad", "Opfyldelsesgrad"), ("point", "Point"))


@pytest.mark.parametrize("old, new, message", [
    ('type = "milestones"', 'type = "table"', "feltet 'milestones' \\(Milepæle\\): en tabel skal have 'columns'"),
    ('{ id = "point", label = "Point" }', '{ id = "grad", label = "Point" }', "kolonnen 'grad' findes to gange"),
    ('{ id = "point", label = "Point" }', '{ id = "point" }', "kolonnen 'point' mangler 'label'"),
    ('{ id = "point", label = "Point" }', '{ id = "pø int", label = "Point" }', "id'et 'pø int' kan ikke bruges"),
    ("min = 0, max = 100", "min = 100, max = 0", "'min' \\(100\\) er større end 'max' \\(0\\)"),
    ("sum = 100", "sum = 100, default = 120", "standardværdien \\(default\\) 120 ligger uden for 'min'–'max'"),
    ('type = "milestones"', 'type = "milestones", min = 1', "'min' kan kun bruges på felttypen 'number'"),
    ('id = "title"\nlabel = "Titel"\ntype = "line"', 'id = "title"\nlabel = "Titel"\ntype = "number"\nsum = 1',
     "metadatafeltet 'title': 'sum' kan kun bruges på talfelter i en indsatstype"),
])
def test_bad_keys_of_the_new_types_are_refused_at_load_in_danish(old: str, new: str, message: str) -> None:
    assert SCOREKORT.count(old) == 1
    with pytest.raises(TemplateError, match=message):
        parse_template(SCOREKORT.replace(old, new), "scorekort.toml")


def test_two_kinds_that_give_one_field_two_totals_are_refused() -> None:
    second = SCOREKORT + """
[[goal_kinds]]
id = "ekstra"
name = "Ekstra"
numbering = "E{n}"
fields = [{ id = "title", label = "Titel", type = "line" },
          { id = "weight", label = "Vægt", type = "number", sum = 50 }]
"""
    with pytest.raises(TemplateError, match="feltet 'weight' skal give 100 i indsatstypen 'maal' men 50 i 'ekstra'"):
        parse_template(second, "scorekort.toml")


def test_values_are_stored_in_their_one_form_and_read_as_text(store: Store) -> None:
    uuid = make(store)
    agreement = load_agreement(store, uuid)
    goal = agreement.goals_of_kind("maal")[0]
    assert [r.data for r in goal.rows_of("milestones")] == [
        {"when": "2023-03-31", "text": "Plan vedtaget"}, {"when": "2. kvt. 2023", "text": "Ti pladser"},
        {"when": "september–december 2023", "text": "Evaluering"}]
    assert [r.data for r in goal.rows_of("scoring")] == [{"grad": "Fuldt opfyldt", "point": "10"},
                                                          {"grad": "Ikke opfyldt", "point": "0"}]
    kind = template_of(store, agreement).goal_kind("maal")
    assert kind is not None
    milestones, scoring = kind.field("milestones"), kind.field("scoring")
    assert milestones is not None and scoring is not None
    assert plain_texts(milestones, goal) == ["31.03.2023: Plan vedtaget", "2. kvt. 2023: Ti pladser",
                                             "september–december 2023: Evaluering"]
    assert plain_texts(scoring, goal) == ["Fuldt opfyldt · 10", "Ikke opfyldt · 0"]


@pytest.mark.parametrize("first, message", [
    ({"weight": 120}, "feltet 'Vægt': 120 er for meget – højst 100"),
    ({"weight": -5}, "feltet 'Vægt': -5 er for lidt – mindst 0"),
    ({"milestones": [{"when": "engang", "text": "x"}]}, "en milepæl i 'Milepæle': 'engang' er ikke en dato"),
    ({"scoring": [{"grad": 7}]}, "et punkt i 'Pointskala' skal have teksterne grad, point"),
])
def test_an_import_outside_the_rules_is_refused_and_writes_nothing(store: Store, first: dict[str, Any],
                                                                   message: str) -> None:
    with pytest.raises(StoreError, match=message):
        make(store, seed(**first))
    assert store.query("SELECT count(*) FROM agreements")[0][0] == 0


def test_the_sum_across_goals_says_what_it_is_and_what_it_must_give(store: Store) -> None:
    agreement = load_agreement(store, make(store))
    template = template_of(store, agreement)
    (total,) = sum_totals(template, agreement.goals)
    assert (total.actual, total.expected, total.ok) == (90, 100, False)
    assert total.message == "Vægt i alt for alle indsatser: 90 – skal give 100"
    typed = sum_totals(template, agreement.goals, lambda goal, fid: 70 if goal.position == 0 else goal.value(fid))
    assert typed[0].ok and typed[0].message == "Vægt i alt for alle indsatser: 100"


def test_a_bundle_carries_the_new_values_and_refuses_bad_ones(store: Store, tmp_path: Path) -> None:
    uuid = make(store)
    document = json.loads(canonical_json(to_canonical(store.conn, uuid)))
    target = open_store(tmp_path / "andet.sqlite")
    with target.write() as conn:
        read_canonical(conn, json.loads(canonical_json(document)))
    assert to_json(load_agreement(target, uuid), template_of(target, load_agreement(target, uuid))) == \
        to_json(load_agreement(store, uuid), template_of(store, load_agreement(store, uuid)))
    shown = json.loads(to_json(load_agreement(target, uuid), template_of(target, load_agreement(target, uuid))))
    fields = shown["agreement"]["goals"][0]["fields"]
    assert [r["when"] for r in fields["milestones"]] == ["2023-03-31", "2. kvt. 2023", "september–december 2023"]
    assert fields["weight"] == 60 and fields["scoring"][0]["grad"] == "Fuldt opfyldt"
    target.close()
    for change, message in [
        (lambda d: next(r for r in d["rows"] if r["field_id"] == "milestones")["data"].update(when="snart"),
         "en milepæl i 'Milepæle': 'snart' er ikke en dato"),
        (lambda d: next(v for v in d["field_values"] if v["field_id"] == "weight").update(value=101),
         "feltet 'Vægt': 101 er for meget – højst 100"),
        (lambda d: next(r for r in d["rows"] if r["field_id"] == "scoring")["data"].update(point=10),
         "skal have teksterne grad, point"),
    ]:
        bad = json.loads(canonical_json(document))
        change(bad)
        fresh = open_store(tmp_path / f"ny-{len(message)}.sqlite")
        with pytest.raises(CanonicalError, match=message):
            with fresh.write() as conn:
                read_canonical(conn, bad)
        assert fresh.query("SELECT count(*) FROM agreements")[0][0] == 0
        fresh.close()
