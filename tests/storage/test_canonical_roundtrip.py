"""Canonical content read back into an empty store gives the same agreement: ``show --json`` is
identical, and so is the complete content (tombstones, revisions, rounds, statuses, minutes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.agreements import create_agreement, load_agreement, template_of
from storage.canonical import to_json
from storage.canonical_read import CanonicalError, read_canonical
from storage.canonical_write import canonical_json, to_canonical
from storage.database import Store, open_store
from storage.edits import add_goal, add_row, delete_row, set_goal_deleted, set_value
from storage.followup import create_round, set_status
from storage.minutes import add_item, create_meeting, edit_item, set_item_goals
from storage.templates import TemplateRegistry
from tests.storage.followup_data import it_staff_2008


def show_json(store: Store, uuid: str) -> str:
    agreement = load_agreement(store, uuid)
    return to_json(agreement, template_of(store, agreement))


def read_into(path: Path, document: dict[str, object]) -> Store:
    target = open_store(path)
    with target.write() as conn:
        read_canonical(conn, json.loads(canonical_json(document)))  # through its JSON text
    return target


def assert_round_trip(store: Store, uuid: str, target_path: Path) -> Store:
    document = to_canonical(store.conn, uuid)
    target = read_into(target_path, document)
    assert show_json(target, uuid) == show_json(store, uuid)
    assert canonical_json(to_canonical(target.conn, uuid)) == canonical_json(document)
    return target


def test_the_demo_agreement_reads_back_identical(store: Store, demo_uuid: str, tmp_path: Path) -> None:
    target = assert_round_trip(store, demo_uuid, tmp_path / "andet.sqlite")
    assert "Bilag 2a" in show_json(target, demo_uuid)  # numbers are derived again, not carried
    content = canonical_json(to_canonical(store.conn, demo_uuid))
    assert '"number"' not in content and '"heading"' not in content
    target.close()


def test_a_skanderborg_agreement_reads_back_identical(store: Store, registry: TemplateRegistry,
                                                      tmp_path: Path) -> None:
    template = registry.get("skanderborg-udviklingsaftale")
    assert template is not None
    uuid = create_agreement(store, template, "Dagplejen", 2010)
    goal = add_goal(store, uuid, "udviklingsmaal", values={"title": "Sygefravær", "goal_type": "resultatmål"})
    set_value(store, uuid, goal, "local_sub_goal", "Fraværet ned med 1 procentpoint\n– målt pr. kvartal")
    assert_round_trip(store, uuid, tmp_path / "andet.sqlite").close()


def test_deletions_rounds_statuses_and_minutes_travel(store: Store, registry: TemplateRegistry,
                                                      tmp_path: Path) -> None:
    faaborg = registry.get("faaborg-midtfyn")
    assert faaborg is not None
    built = it_staff_2008(store, faaborg)
    gone = add_goal(store, built.agreement, "eget", values={"title": "Opgivet indsats"})
    set_goal_deleted(store, gone, True)
    delete_row(store, built.sub_goals[1])
    year_round = create_round(store, "Status-opfølgning", date(2008, 9, 1), year=2008)
    own_round = create_round(store, "Ekstra", date(2008, 10, 1), agreement_uuid=built.agreement,
                             from_round=year_round)
    set_status(store, year_round, built.goal, "gul", comment="Forsinket", measured="4,2")
    set_status(store, own_round, built.actions[0], "grøn")
    meeting = create_meeting(store, "Direktionen", date(2008, 9, 15), place="Rådhuset", round_uuid=year_round)
    item = add_item(store, meeting, "Helpdesk")
    edit_item(store, item, "decision", "Godkendt")
    set_item_goals(store, item, [built.goal])
    other = it_staff_2008(store, faaborg, unit="HR")  # an item about another unit stays at home
    set_item_goals(store, add_item(store, meeting, "HR's punkt"), [other.goal])

    document = to_canonical(store.conn, built.agreement)
    assert [g["deleted"] for g in document["goals"] if g["uuid"] == gone] == [True]
    assert [r["deleted"] for r in document["rows"] if r["uuid"] == built.sub_goals[1]] == [True]
    assert {r["scope"] for r in document["follow_up_rounds"]} == {"year", "agreement"}
    assert [i["title"] for m in document["meetings"] for i in m["items"]] == ["Helpdesk"]
    target = assert_round_trip(store, built.agreement, tmp_path / "andet.sqlite")
    shown = show_json(target, built.agreement)
    assert "Opgivet indsats" not in shown and "Flere selvbetjente sager" not in shown
    status = target.query("SELECT status, comment, measured FROM statuses WHERE target_uuid = ?", (built.goal,))
    assert [(s["comment"], s["measured"]) for s in status] == [("Forsinket", "4.2")]
    target.close()


def test_a_field_value_keeps_its_own_revision_and_times(store: Store, agreement_uuid: str, tmp_path: Path) -> None:
    goal = add_goal(store, agreement_uuid, "faglig", values={"title": "A"})
    for text in ("B", "C", "D"):
        set_value(store, agreement_uuid, goal, "title", text)
    document = to_canonical(store.conn, agreement_uuid)
    title = next(v for v in document["field_values"] if v["owner_uuid"] == goal and v["field_id"] == "title")
    assert (title["value"], title["revision"]) == ("D", 4)
    target = read_into(tmp_path / "andet.sqlite", document)
    stored = target.query("SELECT revision, created, updated FROM field_values WHERE owner_uuid = ?", (goal,))
    assert tuple(stored[0]) == (4, title["created"], title["updated"])
    target.close()


def test_references_that_do_not_hold_are_refused_in_danish(store: Store, demo_uuid: str, tmp_path: Path) -> None:
    document = json.loads(canonical_json(to_canonical(store.conn, demo_uuid)))
    document["rows"][0]["owner_uuid"] = "ukendt-ejer"
    target = open_store(tmp_path / "andet.sqlite")
    with pytest.raises(CanonicalError, match="rækken .* hører til ukendt-ejer, som ikke er med"):
        with target.write() as conn:
            read_canonical(conn, document)
    assert target.query("SELECT count(*) FROM agreements")[0][0] == 0
    with pytest.raises(CanonicalError, match="aftalen .* findes allerede"):
        with store.write() as conn:
            read_canonical(conn, json.loads(canonical_json(to_canonical(store.conn, demo_uuid))))
    target.close()


# --- generated agreements -------------------------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["", "\x00\x01\x1f", "😀👩‍👩‍👧", "æøå ÆØÅ", "a\r\nb\tc", "=1+1", "\u202e\u200b"])
GoalPlan = list[tuple[str, str, list[tuple[str, bool]], bool]]
goal_plans = st.lists(st.tuples(st.sampled_from(["faglig", "eget", "koncern"]), texts,
                                st.lists(st.tuples(texts, st.booleans()), max_size=3), st.booleans()),
                      max_size=4)


@pytest.fixture
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("egenskab")


def build_generated(store: Store, registry: TemplateRegistry, plan: GoalPlan, intro: str,
                    status: str | None) -> str:
    """An agreement from generated parts: a section text, goals with sub-goals (some deleted), a
    year round with a status per live goal."""
    faaborg = registry.get("faaborg-midtfyn")
    assert faaborg is not None
    uuid = create_agreement(store, faaborg, intro[:20] or "Enhed", 2009)
    section = store.query("SELECT uuid FROM sections WHERE agreement_uuid = ? LIMIT 1", (uuid,))[0][0]
    set_value(store, uuid, section, "text", intro)
    round_uuid = create_round(store, "Runde", date(2009, 9, 1), year=2009)
    for kind, title, rows, deleted in plan:
        goal = add_goal(store, uuid, kind, values={"title": title, "objective": title[::-1]})
        for text, row_deleted in rows:
            row = add_row(store, uuid, goal, "sub_goals", None, {"text": text})
            if row_deleted:
                delete_row(store, row)
        if deleted:
            set_goal_deleted(store, goal, True)
        else:
            set_status(store, round_uuid, goal, status, comment=title)
    return uuid


def fresh_folder(stores: Path) -> Path:
    folder = stores / f"{len(list(stores.iterdir()))}"
    folder.mkdir()
    return folder


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=goal_plans, intro=texts, status=st.sampled_from(["grøn", "gul", "rød", None]))
def test_generated_agreements_read_back_identical(plan: GoalPlan, intro: str, status: str | None, stores: Path,
                                                  registry: TemplateRegistry) -> None:
    folder = fresh_folder(stores)
    store = open_store(folder / "kilde.sqlite")
    try:
        uuid = build_generated(store, registry, plan, intro, status)
        assert_round_trip(store, uuid, folder / "mål.sqlite").close()
    finally:
        store.close()
