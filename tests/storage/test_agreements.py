"""The store as the window and the command line use it: create, load, edit, copy, JSON."""

from __future__ import annotations

import json
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import edits
from storage.agreements import (
    AgreementFilter,
    copy_for_next_year,
    create_agreement,
    list_agreements,
    load_agreement,
    template_of,
)
from storage.canonical import to_json
from storage.database import Store, open_store
from storage.model import Agreement, Section
from storage.template_model import Template

HARD_TEXTS = {
    "long paragraphs": "\n\n".join((f"Afsnit {i}: " + "æøå ÆØÅ " * 700)[:5000] for i in range(3)),
    "tabs": "kolonne 1\tkolonne 2\t\tkolonne 4\t",
    "emoji": "Status 🟢🟡🔴 – 👩‍💻 helpdesk 🇩🇰",
    "control characters": "".join(chr(c) for c in range(0x20)) + "slut",
    "windows line ends": "linje 1\r\nlinje 2\r\n",
    "quotes and sql": "'; DROP TABLE agreements; -- \"citat\" \\ backslash",
}


def _section(agreement: Agreement, key: str) -> Section:
    section = agreement.section_by_key(key)
    assert section is not None, key
    return section


def _positions(store: Store, table: str, where: str, params: tuple[str, ...]) -> list[tuple[str, int]]:
    rows = store.query(f"SELECT uuid, position FROM {table} WHERE {where} AND deleted = 0 ORDER BY position", params)
    return [(r[0], r[1]) for r in rows]


def _assert_contiguous(positions: list[tuple[str, int]]) -> None:
    assert [p for _, p in positions] == list(range(len(positions)))


def test_create_and_load_round_trip_through_the_file(store_path: Path, faaborg: Template) -> None:
    store = open_store(store_path)
    agreement_uuid = create_agreement(store, faaborg, "IT-staben", 2008)
    kerne = _section(load_agreement(store, agreement_uuid), "1.2").uuid
    edits.set_value(store, agreement_uuid, kerne, "text", "Drift af kommunens IT.")
    edits.set_value(store, agreement_uuid, agreement_uuid, "approval_date", "2007-12-19")
    edits.add_row(store, agreement_uuid, agreement_uuid, "parties", None,
                  {"name": "Benny Balsgaard", "role": "Kommunaldirektør"})
    goal = edits.add_goal(store, agreement_uuid, "faglig", values={"title": "Helpdesk"})
    edits.add_row(store, agreement_uuid, goal, "sub_goals", None, {"text": "Serviceportal i drift"})
    edits.set_value(store, agreement_uuid, goal, "budget", {"amount": 400000, "text": "central pulje"})
    store.close()

    reopened = open_store(store_path)
    try:
        agreement = load_agreement(reopened, agreement_uuid)
        assert (agreement.unit, agreement.year, agreement.title) == ("IT-staben", 2008, "IT-staben. Aftale 2008")
        assert agreement.template_id == "faaborg-midtfyn"
        assert agreement.values["period_start"] == "2008-01-01"
        assert agreement.values["period_end"] == "2008-12-31"
        assert agreement.values["approval_date"] == "2007-12-19"
        assert [r.data for r in agreement.rows_of("parties")] == [{"name": "Benny Balsgaard",
                                                                   "role": "Kommunaldirektør"}]
        assert _section(agreement, "1.2").value("text") == "Drift af kommunens IT."
        assert _section(agreement, "5.2").value("text").startswith("Aftaleholderen er omfattet")
        [loaded_goal] = agreement.goals
        assert loaded_goal.kind == "faglig" and loaded_goal.value("title") == "Helpdesk"
        assert loaded_goal.value("budget") == {"amount": 400000, "text": "central pulje"}
        assert [r.data["text"] for r in loaded_goal.rows_of("sub_goals")] == ["Serviceportal i drift"]
        assert template_of(reopened, agreement) == faaborg
        assert [s.uuid for s in list_agreements(reopened, AgreementFilter(year=2008, unit="it-st"))] == [
            agreement_uuid]
        assert list_agreements(reopened, AgreementFilter(year=2009)) == []
    finally:
        reopened.close()


def test_hard_texts_round_trip(store_path: Path, faaborg: Template) -> None:
    store = open_store(store_path)
    agreement_uuid = create_agreement(store, faaborg, "IT-staben", 2008)
    section = _section(load_agreement(store, agreement_uuid), "2.1").uuid
    goal = edits.add_goal(store, agreement_uuid, "eget")
    for name, text in HARD_TEXTS.items():
        edits.set_value(store, agreement_uuid, section, "text", text)
        edits.set_value(store, agreement_uuid, goal, "objective", text)
        edits.set_value(store, agreement_uuid, agreement_uuid, "title", text)
        row = edits.add_row(store, agreement_uuid, goal, "action_plan", None,
                            {"activity": text, "responsible": "IT", "deadline": "", "status": ""})
        store.close()
        store = open_store(store_path)
        agreement = load_agreement(store, agreement_uuid)
        assert _section(agreement, "2.1").value("text") == text, name
        assert agreement.goals[0].value("objective") == text, name
        assert agreement.title == text, name
        assert next(r for r in agreement.goals[0].rows_of("action_plan") if r.uuid == row).data["activity"] == text
    assert [len(p) for p in HARD_TEXTS["long paragraphs"].split("\n\n")] == [5000, 5000, 5000]
    store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_any_text_round_trips(store: Store, faaborg: Template, text: str) -> None:
    agreement_uuid = create_agreement(store, faaborg, "Enhed", 2020)
    section = _section(load_agreement(store, agreement_uuid), "1.2").uuid
    edits.set_value(store, agreement_uuid, section, "text", text)
    edits.set_value(store, agreement_uuid, agreement_uuid, "revision", text)
    agreement = load_agreement(store, agreement_uuid)
    assert _section(agreement, "1.2").value("text") == text
    assert agreement.value("revision") == text


def test_revision_and_updated_rise_with_each_edit(store: Store, agreement_uuid: str) -> None:
    before = load_agreement(store, agreement_uuid)
    section_before = _section(before, "3.1")
    time.sleep(0.005)
    edits.set_value(store, agreement_uuid, section_before.uuid, "text", "Første udgave")
    middle = load_agreement(store, agreement_uuid)
    time.sleep(0.005)
    edits.set_value(store, agreement_uuid, section_before.uuid, "text", "Anden udgave")
    after = load_agreement(store, agreement_uuid)

    assert before.revision < middle.revision < after.revision
    assert before.updated < middle.updated < after.updated
    assert before.created == after.created
    assert section_before.revision < _section(middle, "3.1").revision < _section(after, "3.1").revision
    assert section_before.updated < _section(after, "3.1").updated
    untouched = _section(after, "3.2")
    assert untouched.revision == _section(before, "3.2").revision


def test_goals_add_move_delete_restore_keep_positions(store: Store, agreement_uuid: str) -> None:
    where, params = "agreement_uuid = ? AND kind = ?", (agreement_uuid, "faglig")
    a, b, c = (edits.add_goal(store, agreement_uuid, "faglig", values={"title": t}) for t in "ABC")
    first = edits.add_goal(store, agreement_uuid, "faglig", index=0, values={"title": "først"})
    other_kind = edits.add_goal(store, agreement_uuid, "eget")
    assert [u for u, _ in _positions(store, "goals", where, params)] == [first, a, b, c]

    edits.move_goal(store, c, 1)
    assert [u for u, _ in _positions(store, "goals", where, params)] == [first, c, a, b]
    edits.set_goal_deleted(store, a, deleted=True)
    assert [u for u, _ in _positions(store, "goals", where, params)] == [first, c, b]
    _assert_contiguous(_positions(store, "goals", where, params))
    assert a not in {g.uuid for g in load_agreement(store, agreement_uuid).goals}

    edits.set_goal_deleted(store, a, deleted=False, index=2)
    positions = _positions(store, "goals", where, params)
    assert [u for u, _ in positions] == [first, c, a, b]
    _assert_contiguous(positions)
    assert load_agreement(store, agreement_uuid).goals_of_kind("faglig")[2].value("title") == "A"
    assert _positions(store, "goals", "agreement_uuid = ? AND kind = ?", (agreement_uuid, "eget")) == [
        (other_kind, 0)]


def test_rows_add_move_delete_restore_keep_positions(store: Store, agreement_uuid: str) -> None:
    goal = edits.add_goal(store, agreement_uuid, "faglig")
    where, params = "owner_uuid = ? AND field_id = ?", (goal, "sub_goals")
    a, b, c = (edits.add_row(store, agreement_uuid, goal, "sub_goals", None, {"text": t}) for t in "ABC")
    edits.move_row(store, a, 2)
    assert [u for u, _ in _positions(store, "rows", where, params)] == [b, c, a]
    edits.delete_row(store, c)
    positions = _positions(store, "rows", where, params)
    assert [u for u, _ in positions] == [b, a]
    _assert_contiguous(positions)

    edits.add_row(store, agreement_uuid, goal, "sub_goals", 1, {"text": "C igen"}, row_uuid=c)
    positions = _positions(store, "rows", where, params)
    assert [u for u, _ in positions] == [b, c, a]
    _assert_contiguous(positions)
    rows = load_agreement(store, agreement_uuid).goals[0].rows_of("sub_goals")
    assert [(r.uuid, r.data["text"]) for r in rows] == [(b, "B"), (c, "C igen"), (a, "A")]

    edits.set_row_data(store, b, {"text": "B rettet"})
    assert load_agreement(store, agreement_uuid).goals[0].rows_of("sub_goals")[0].data == {"text": "B rettet"}


def test_copy_for_next_year(store: Store, demo_uuid: str) -> None:
    source = load_agreement(store, demo_uuid)
    edits.add_row(store, demo_uuid, source.goals[1].uuid, "action_plan", None,
                  {"activity": "Plan", "responsible": "IT-staben", "deadline": "2. kvartal 2008", "status": "grøn"})
    source = load_agreement(store, demo_uuid)

    copy = load_agreement(store, copy_for_next_year(store, demo_uuid))

    assert copy.year == source.year + 1 == 2009
    assert copy.unit == source.unit
    assert copy.derived_from == source.uuid
    assert "2009" in copy.title and "2008" not in copy.title
    assert copy.values["period_start"] == "2009-01-01" and copy.values["period_end"] == "2009-12-31"
    assert "approval_date" not in copy.values
    assert copy.template_hash == source.template_hash
    assert sorted(s.key for s in copy.sections) == sorted(s.key for s in source.sections)
    assert _section(copy, "1.2").values == _section(source, "1.2").values
    assert [(g.kind, g.position, g.values) for g in copy.goals] == [(g.kind, g.position, g.values)
                                                                    for g in source.goals]
    actions = [r.data for g in copy.goals for r in g.rows_of("action_plan")]
    assert actions and all(a["status"] == "" for a in actions)
    assert any(a["activity"] == "Plan" and a["deadline"] == "2. kvartal 2008" for a in actions)

    def all_uuids(agreement: Agreement) -> set[str]:
        nodes = [agreement, *agreement.sections, *agreement.goals]
        return {n.uuid for n in nodes} | {r.uuid for n in nodes for rows in n.rows.values() for r in rows}

    assert all_uuids(copy).isdisjoint(all_uuids(source))
    assert len(all_uuids(copy)) == len(all_uuids(source))
    parents = {s.uuid for s in copy.sections}
    assert all(s.parent_uuid is None or s.parent_uuid in parents for s in copy.sections)
    assert load_agreement(store, demo_uuid).year == 2008


def test_canonical_json_is_stable_and_sorted(store: Store, demo_uuid: str) -> None:
    agreement = load_agreement(store, demo_uuid)
    template = template_of(store, agreement)
    first = to_json(agreement, template)
    second = to_json(load_agreement(store, demo_uuid), template)
    assert first == second
    document = json.loads(first)
    assert json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) == first
    assert document["format"] == "aftaler/agreement" and document["format_version"] == 1
    body = document["agreement"]
    assert (body["unit"], body["year"], body["uuid"]) == ("IT-staben", 2008, demo_uuid)
    numbers = [g["number"] for g in body["goals"]]
    assert numbers[0] == "Bilag 1" and "Bilag 2a" in numbers and numbers[-1] == "Bilag 4b"
