"""Dialogue-meeting minutes in the store: meetings, items, the goals an item concerns, and the
decisions a goal's form lists — read back from the file by a separate connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from storage.agreements import create_agreement
from storage.database import Store, open_store
from storage.edits import add_goal, set_goal_deleted
from storage.errors import NotFoundError, StoreError
from storage.migrations import run_migrations
from storage.minutes import (
    add_item,
    create_meeting,
    decisions_for_goal,
    delete_item,
    delete_meeting,
    edit_item,
    edit_meeting,
    goal_refs,
    list_meetings,
    load_meeting,
    move_item,
    restore_item,
    set_item_goals,
)
from storage.template_model import Template

TABLES = ("meetings", "meeting_items", "meeting_item_goals")


def _file_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the minutes tables, as another program reading the file sees them."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def goals(store: Store, faaborg: Template) -> dict[str, str]:
    """IT-staben 2008 with two faglige goals and one eget, HR 2008 with one; IT-staben 2009 with one."""
    it = create_agreement(store, faaborg, "IT-staben", 2008)
    hr = create_agreement(store, faaborg, "HR", 2008)
    later = create_agreement(store, faaborg, "IT-staben", 2009)
    return {
        "helpdesk": add_goal(store, it, "faglig", values={"title": "Helpdesk"}),
        "net": add_goal(store, it, "faglig", values={"title": "Netværk"}),
        "own": add_goal(store, it, "eget", values={"title": "Trivsel"}),
        "hr": add_goal(store, hr, "faglig", values={"title": "Sygefravær"}),
        "later": add_goal(store, later, "faglig", values={"title": "Helpdesk 2009"}),
    }


def test_a_meeting_with_items_round_trips_through_the_file(store_path: Path, goals: dict[str, str]) -> None:
    store = open_store(store_path)
    meeting = create_meeting(store, "  Chefforum ", "3.3.2016", place="Mødelokale 2 - forhal", time="9")
    first = add_item(store, meeting, "Godkendelse af dagsorden og referat")
    second = add_item(store, meeting, "Status på helpdesk")
    edit_item(store, first, "resume", "Her gives et kort resumé af sagen.")
    edit_item(store, first, "recommended_by", "Kommunaldirektøren")
    edit_item(store, first, "recommendation", ["at dagsorden og referat godkendes", "  ", "2. at status tages til"
                                               " efterretning"])
    edit_item(store, first, "background", "Sagsfremstillingen\n\nAndet afsnit")
    edit_item(store, first, "decision", "Dagsorden og referat blev godkendt.")
    set_item_goals(store, second, [goals["net"], goals["hr"]])
    store.close()

    reopened = open_store(store_path)
    loaded = load_meeting(reopened, meeting)
    assert (loaded.title, loaded.date, loaded.time, loaded.place) == (
        "Chefforum", date(2016, 3, 3), "09:00", "Mødelokale 2 - forhal")
    assert loaded.heading == "REFERAT Chefforum d. 03.03.2016"
    assert loaded.when == "Torsdag d. 3. marts 2016 kl. 09:00"
    assert [i.heading for i in loaded.items] == ["Punkt 1: Godkendelse af dagsorden og referat",
                                                 "Punkt 2: Status på helpdesk"]
    item = loaded.items[0]
    assert item.resume == "Her gives et kort resumé af sagen."
    assert item.recommended_by == "Kommunaldirektøren"
    assert item.recommendation == ("dagsorden og referat godkendes", "status tages til efterretning")
    assert item.background == "Sagsfremstillingen\n\nAndet afsnit"
    assert item.decision == "Dagsorden og referat blev godkendt."
    assert [g.label for g in loaded.items[1].goals] == ["Bilag 2a Faglig indsats – Sygefravær (HR)",
                                                        "Bilag 2b Faglig indsats – Netværk (IT-staben)"]
    assert [m.uuid for m in list_meetings(reopened)] == [meeting]
    reopened.close()


def test_items_move_delete_and_come_back_in_place(store: Store) -> None:
    meeting = create_meeting(store, "Dialogmøde", date(2008, 9, 1))
    a, b, c = (add_item(store, meeting, title) for title in ("A", "B", "C"))
    move_item(store, c, 0)
    assert [i.title for i in load_meeting(store, meeting).items] == ["C", "A", "B"]
    delete_item(store, a)
    assert [(i.number, i.title) for i in load_meeting(store, meeting).items] == [(1, "C"), (2, "B")]
    assert store.query("SELECT deleted FROM meeting_items WHERE uuid = ?", (a,))[0][0] == 1  # a tombstone
    restore_item(store, a, 1)
    assert [i.title for i in load_meeting(store, meeting).items] == ["C", "A", "B"]
    add_item(store, meeting, "Først", index=0)
    assert [i.title for i in load_meeting(store, meeting).items] == ["Først", "C", "A", "B"]
    positions = [r[0] for r in store.query("SELECT position FROM meeting_items WHERE deleted = 0 ORDER BY position")]
    assert positions == [0, 1, 2, 3]
    assert b


def test_meeting_edits_and_tombstone(store: Store) -> None:
    meeting = create_meeting(store, "Dialogmøde", "1.9.2008")
    edit_meeting(store, meeting, title="Dialogmøde IT-staben", day="2. september 2008", time="13.30",
                 place="Rådhuset")
    loaded = load_meeting(store, meeting)
    assert (loaded.title, loaded.date, loaded.time, loaded.place) == (
        "Dialogmøde IT-staben", date(2008, 9, 2), "13:30", "Rådhuset")
    assert [m.title for m in list_meetings(store, 2008)] == ["Dialogmøde IT-staben"]
    assert list_meetings(store, 2009) == []
    delete_meeting(store, meeting)
    assert list_meetings(store) == []
    with pytest.raises(NotFoundError):
        load_meeting(store, meeting)


def test_goal_choices_of_a_year_are_numbered_as_in_their_agreement(store: Store, goals: dict[str, str]) -> None:
    assert [g.label for g in goal_refs(store, 2008)] == [
        "Bilag 2a Faglig indsats – Sygefravær (HR)",
        "Bilag 2a Faglig indsats – Helpdesk (IT-staben)",
        "Bilag 2b Faglig indsats – Netværk (IT-staben)",
        "Bilag 3a Eget indsats – Trivsel (IT-staben)",
    ]
    assert [g.uuid for g in goal_refs(store, 2009)] == [goals["later"]]


def test_decisions_for_goal_name_meeting_item_and_decision(store: Store, goals: dict[str, str]) -> None:
    september = create_meeting(store, "Dialogmøde", "1.9.2008")
    june = create_meeting(store, "Chefforum", "5.6.2008")
    add_item(store, september, "Godkendelse af dagsorden")
    helpdesk = add_item(store, september, "Status på helpdesk")
    edit_item(store, helpdesk, "decision", "Svartiden følges igen i december.")
    early = add_item(store, june, "Helpdesk i juni")
    set_item_goals(store, helpdesk, [goals["helpdesk"], goals["net"]])
    set_item_goals(store, early, [goals["helpdesk"]])

    found = decisions_for_goal(store, goals["helpdesk"])
    assert [(d.meeting_title, d.meeting_date, d.item_number, d.item_title, d.decision) for d in found] == [
        ("Chefforum", date(2008, 6, 5), 1, "Helpdesk i juni", ""),
        ("Dialogmøde", date(2008, 9, 1), 2, "Status på helpdesk", "Svartiden følges igen i december."),
    ]
    assert found[1].label == "Dialogmøde 1. september 2008, punkt 2: Status på helpdesk"
    assert decisions_for_goal(store, goals["own"]) == []

    set_item_goals(store, helpdesk, [goals["net"]])  # replaces, not adds
    assert [d.item_title for d in decisions_for_goal(store, goals["helpdesk"])] == ["Helpdesk i juni"]
    delete_item(store, early)
    assert decisions_for_goal(store, goals["helpdesk"]) == []
    delete_meeting(store, september)
    assert decisions_for_goal(store, goals["net"]) == []


def test_a_deleted_goal_is_no_longer_named(store: Store, goals: dict[str, str]) -> None:
    meeting = create_meeting(store, "Dialogmøde", "1.9.2008")
    item = add_item(store, meeting, "Helpdesk")
    set_item_goals(store, item, [goals["helpdesk"], goals["net"]])
    set_goal_deleted(store, goals["net"], True)
    assert [g.uuid for g in load_meeting(store, meeting).items[0].goals] == [goals["helpdesk"]]


Refusal = Callable[[Store, dict[str, str]], object]
REFUSALS: dict[str, tuple[Refusal, str]] = {
    "meeting without title": (lambda s, ids: create_meeting(s, "   ", "1.9.2008"), "titel skal udfyldes"),
    "meeting with bad date": (lambda s, ids: create_meeting(s, "Chefforum", "31.2.2008"), "kan ikke læses"),
    "meeting with date in words gone wrong": (lambda s, ids: create_meeting(s, "Chefforum", "1. septober 2008"),
                                              "kan ikke læses"),
    "meeting with bad time": (lambda s, ids: create_meeting(s, "Chefforum", "1.9.2008", time="25.00"),
                              "Klokkeslættet"),
    "meeting with a too long title": (lambda s, ids: create_meeting(s, "x" * 301, "1.9.2008"), "for lang"),
    "renaming to nothing": (lambda s, ids: edit_meeting(s, ids["meeting"], title=""), "titel skal udfyldes"),
    "redating to nonsense": (lambda s, ids: edit_meeting(s, ids["meeting"], day="i morgen"), "kan ikke læses"),
    "item without title": (lambda s, ids: add_item(s, ids["meeting"], " \n "), "titel skal udfyldes"),
    "item title emptied": (lambda s, ids: edit_item(s, ids["item"], "title", ""), "titel skal udfyldes"),
    "unknown part": (lambda s, ids: edit_item(s, ids["item"], "budget", "1"), "ingen del"),
    "too long decision": (lambda s, ids: edit_item(s, ids["item"], "decision", "x" * 50_001), "for lang"),
    "item in a missing meeting": (lambda s, ids: add_item(s, "nope", "Punkt"), "findes ikke"),
    "goal that does not exist": (lambda s, ids: set_item_goals(s, ids["item"], [ids["helpdesk"], "nope"]),
                                 "findes ikke"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_bad_input_is_refused_in_danish_and_nothing_is_stored(case: str, store_path: Path,
                                                              goals: dict[str, str]) -> None:
    store = open_store(store_path)
    meeting = create_meeting(store, "Chefforum", "3.3.2016")
    item = add_item(store, meeting, "Status")
    set_item_goals(store, item, [goals["net"]])
    ids = {**goals, "meeting": meeting, "item": item}
    before = _file_rows(store_path)
    action, message = REFUSALS[case]
    with pytest.raises(StoreError, match=message):
        action(store, ids)
    assert _file_rows(store_path) == before
    store.close()


def test_minutes_of_a_version_3_store_survive_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    run_migrations(conn, target=3)
    stamp = "2016-03-03T08:00:00.000Z"
    conn.execute("INSERT INTO meetings (uuid, title, date, place, deleted, created, updated, revision)"
                 " VALUES ('m', 'Chefforum', '2016-03-03', 'Forhallen', 0, ?, ?, 1)", (stamp, stamp))
    conn.execute("INSERT INTO meeting_items (uuid, meeting_uuid, position, title, recommendation, deleted, created,"
                 " updated, revision) VALUES ('i', 'm', 0, 'Status', '[\"status godkendes\"]', 0, ?, ?, 1)",
                 (stamp, stamp))
    conn.close()
    store = open_store(path)
    loaded = load_meeting(store, "m")
    assert (loaded.when, loaded.place) == ("Torsdag d. 3. marts 2016", "Forhallen")
    assert [(i.heading, i.recommended_by, i.recommendation) for i in loaded.items] == [
        ("Punkt 1: Status", "", ("status godkendes",))]
    store.close()
