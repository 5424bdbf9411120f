"""Issue 10, structure: numbering in a series and from a start, the one-form agreement, year texts,
labels per kind and field defaults on new goals, on real stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import edits, goal_rules
from storage.agreements import copy_for_next_year, create_agreement, load_agreement
from storage.database import Store
from storage.errors import StoreError
from storage.outline import goal_numbers
from storage.template_model import Template
from storage.templates import TemplateError, parse_template

DATA = Path(__file__).resolve().parent.parent / "data"

SERIES = """
format_version = 1
id = "serie"
name = "Serie"

[[metadata]]
id = "unit"
label = "Enhed"
type = "line"

[[metadata]]
id = "year"
label = "År"
type = "number"

[[sections]]
key = "1"
number = "1."
title = "Indledning"
text = "Aftalen for {year} gælder {unit}; den følges op i {next_year}. {{uændret}}"

[[goal_kinds]]
id = "politisk"
name = "Politisk"
numbering = "Bilag {n}"
series = "bilag"
start = 3
fields = [{ id = "title", label = "Titel", type = "line" }]

[[goal_kinds]]
id = "faglig"
name = "Faglig"
numbering = "Bilag {n}"
series = "bilag"
fields = [{ id = "title", label = "Titel", type = "line" }]

[[goal_kinds]]
id = "eget"
name = "Eget"
numbering = "Bilag {n}"
series = "bilag"
fields = [{ id = "title", label = "Titel", type = "line", default = "Nyt mål" }]

[[goal_kinds]]
id = "alene"
name = "Alene"
numbering = "{LETTER}."
start = 2
fields = [{ id = "title", label = "Titel", type = "line" }]
"""


@pytest.fixture
def series() -> Template:
    return parse_template(SERIES, "serie.toml")


def test_kinds_in_one_series_number_in_document_order_from_the_start(store: Store, series: Template) -> None:
    uuid = create_agreement(store, series, "Skolen", 2016)
    made = [goal_rules.add_goal(store, series, uuid, kind) for kind in ("eget", "faglig", "politisk", "faglig",
                                                                      "eget", "alene", "alene")]
    numbers = goal_numbers(load_agreement(store, uuid), series)
    eget1, faglig1, politisk, faglig2, eget2, alene1, alene2 = made
    assert [numbers[g] for g in (politisk, faglig1, faglig2, eget1, eget2)] == [
        "Bilag 3", "Bilag 4", "Bilag 5", "Bilag 6", "Bilag 7"]
    assert [numbers[alene1], numbers[alene2]] == ["B.", "C."]  # a kind alone, starting at 2


def test_field_defaults_fill_a_new_goal(store: Store, series: Template) -> None:
    uuid = create_agreement(store, series, "Skolen", 2016)
    goal = goal_rules.add_goal(store, series, uuid, "eget")
    [made] = load_agreement(store, uuid).goals
    assert made.uuid == goal and made.value("title") == "Nyt mål"


def test_section_text_follows_the_year_and_moves_on_when_copied(store: Store, series: Template) -> None:
    uuid = create_agreement(store, series, "Skolen", 2016)
    text = load_agreement(store, uuid).section_by_key("1").value("text")  # type: ignore[union-attr]
    assert text == "Aftalen for 2016 gælder Skolen; den følges op i 2017. {uændret}"
    copy = copy_for_next_year(store, uuid)
    moved = load_agreement(store, copy).section_by_key("1").value("text")  # type: ignore[union-attr]
    assert moved == "Aftalen for 2017 gælder Skolen; den følges op i 2018. {uændret}"
    # A text someone wrote is copied as it stands.
    section = load_agreement(store, copy).section_by_key("1")
    assert section is not None
    edits.set_value(store, copy, section.uuid, "text", "Egen tekst om 2017.")
    third = copy_for_next_year(store, copy)
    assert load_agreement(store, third).section_by_key("1").value("text") == "Egen tekst om 2017."  # type: ignore[union-attr]


def one_form() -> Template:
    return parse_template((DATA / "one-form-maalaftale.toml").read_text(encoding="utf-8"), "one-form.toml")


def test_a_one_form_agreement_has_its_goal_from_the_start_with_defaults(store: Store) -> None:
    template = one_form()
    uuid = create_agreement(store, template, "Sundhed", 2016)
    agreement = load_agreement(store, uuid)
    assert agreement.sections == []
    [goal] = agreement.goals
    assert goal.kind == "maal" and goal.value("focus") == "Trivsel og fravær"
    assert [r.data["text"] for r in goal.rows_of("sub_goals")] == ["Fravær under 4 %", "Trivselsmåling hvert år"]
    with pytest.raises(StoreError, match="præcis én målaftale"):
        goal_rules.add_goal(store, template, uuid, "maal")
    with pytest.raises(StoreError, match="kan ikke slettes"):
        goal_rules.set_goal_deleted(store, template, goal.uuid, True)
    assert len(load_agreement(store, uuid).goals) == 1
    copy = load_agreement(store, copy_for_next_year(store, uuid))
    assert [g.kind for g in copy.goals] == ["maal"]  # the copy keeps the one goal, and makes no second


def test_per_kind_labels_in_the_built_in_template(faaborg: Template) -> None:
    labels = {kind.id: kind.field("objective").label for kind in faaborg.goal_kinds}  # type: ignore[union-attr]
    assert labels == {"politisk": "Politiske målsætninger", "faglig": "Faglige målsætninger",
                      "eget": "Institutionens egne målsætninger", "koncern": "Koncern målsætning"}
    assert faaborg.goal_kind("faglig").field("sub_goals").label == "Delmål"  # type: ignore[union-attr]


@pytest.mark.parametrize(("change", "message"), [
    (('start = 3', 'start = "tre"'), "indsatstypen 'politisk': 'start' skal være et helt tal"),
    (('series = "bilag"\nfields = [{ id = "title", label = "Titel", type = "line", default',
      'series = "bilag"\nstart = 9\nfields = [{ id = "title", label = "Titel", type = "line", default'),
     "indsatstypen 'eget': serien 'bilag' starter ved 3"),
    (("{next_year}", "{naeste_aar}"), "afsnittet '1': 'text' bruger {naeste_aar}"),
    (('name = "Alene"', 'name = "Alene"\nsingle = true\nseries = "x"'), "'single = true' og 'series'"),
    (('name = "Serie"\n', 'name = "Serie"\n[export]\ntitle_page = "nej"\n'), "'title_page' skal være true eller"),
    (('name = "Serie"\n', 'name = "Serie"\n[export]\nsubtitle = "{kind} {aar}"\n'), "'subtitle'"),
])
def test_structure_keys_are_checked_naming_the_key(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert SERIES.count(old) == 1
    with pytest.raises(TemplateError, match=message.replace("{", r"\{").replace("}", r"\}")):
        parse_template(SERIES.replace(old, new), "serie.toml")


def test_a_show_place_and_a_relabelled_set_are_checked() -> None:
    text = (DATA / "one-form-maalaftale.toml").read_text(encoding="utf-8")
    with pytest.raises(TemplateError, match="metadatafelt 'chief'.*'show' skal være"):
        parse_template(text.replace('show = "header_block"\n\n[[metadata]]\nid = "coordinator"',
                                    'show = "forside"\n\n[[metadata]]\nid = "coordinator"'), "x.toml")
    faaborg_text = (Path(__file__).resolve().parents[2] / "resources/templates/faaborg-midtfyn.toml").read_text(
        encoding="utf-8")
    with pytest.raises(TemplateError, match="'labels' nævner feltet 'maal'"):
        parse_template(faaborg_text.replace('labels = { objective = "Faglige', 'labels = { maal = "Faglige'), "x")


def test_a_template_without_sections_and_goal_kinds_is_refused() -> None:
    with pytest.raises(TemplateError, match="hverken afsnit"):
        parse_template(SERIES.split("[[sections]]")[0], "tom.toml")
