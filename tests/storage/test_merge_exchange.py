"""Exchanging an agreement between stores over time: "changed since we last exchanged" comes from the
base recorded per agreement and peer, never from clocks; importing a bundle again changes nothing; an
import is all or nothing; two stores that edit the same agreement and exchange bundles both ways end
with the same content (hypothesis)."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.bundle_write import bundle_members, write_bundle
from storage.agreements import create_agreement, load_agreement
from storage.bundle_apply import apply_bundle, plan_import
from storage.bundle_format import agreement_member
from storage.bundle_read import BundleError, read_bundle
from storage.canonical_read import read_canonical
from storage.canonical_write import to_canonical
from storage.database import Store, open_store
from storage.edits import (
    add_goal,
    add_row,
    delete_row,
    move_goal,
    move_row,
    set_goal_deleted,
    set_row_data,
    set_value,
)
from storage.errors import StoreError
from storage.followup import create_round, rounds_of, set_status
from storage.lost_versions import lost_versions, restore_version
from storage.merge_plan import Choice, FieldState, ImportPlan, ImportState
from storage.minutes import add_item, create_meeting, delete_item, edit_item, set_item_goals
from storage.template_model import Template
from storage.templates import load_registry
from tests.fingerprints import folder_listing
from tests.storage.followup_data import it_staff_2008
from tests.storage.test_bundle import resealed, zip_members
from tests.storage.test_merge import Colleagues, exchanged_once, store_bytes

STAMPS = ("created", "updated", "set_at")  # what a wrong clock writes


def without_stamps(value: Any, stamps: tuple[str, ...] = STAMPS) -> Any:
    """The value with the given keys removed from every object in it."""
    if isinstance(value, dict):
        return {k: without_stamps(v, stamps) for k, v in value.items() if k not in stamps}
    if isinstance(value, list):
        return [without_stamps(v, stamps) for v in value]
    return value


def same_content(store: Store, agreement_uuid: str) -> Any:
    """The agreement's canonical content without the stamps an edit leaves (created, updated,
    revision, and a status's set_at), and without the position of a deleted goal or row: that is
    where it stood when each side deleted it, and it orders nothing (goals and rows are listed by
    UUID instead). Values, rows, the order of live goals and rows, tombstones, rounds and statuses
    stay."""
    document = to_canonical(store.conn, agreement_uuid)
    for key in ("goals", "rows"):
        for entity in document[key]:
            if entity["deleted"]:
                del entity["position"]
        document[key].sort(key=lambda e: e["uuid"])
    return without_stamps(document, ("created", "updated", "revision", "set_at"))


def plan_lines(plan: ImportPlan) -> list[tuple[str, FieldState, str, str, str, str]]:
    return [(c.id, c.state, c.group, c.label, c.mine, c.theirs) for a in plan.agreements for c in a.changes]


# --- no clocks ----------------------------------------------------------------------------------------


def set_clocks(path: Path, stamp: str) -> None:
    """Every time the store keeps (created, updated, set_at, recorded_at, lost_at) made one wrong moment,
    straight in SQL, as a laptop with a wrong clock would have written them."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            for (table,) in list(conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")):
                columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
                for column in sorted(columns & {"created", "updated", "set_at", "recorded_at", "lost_at"}):
                    conn.execute(f"UPDATE {table} SET {column} = ?", (stamp,))
    finally:
        conn.close()


def both_edit(c: Colleagues) -> None:
    """Changes on both sides since the exchange: some only there, some only here, one on both."""
    a, helpdesk = c.agreement, c.helpdesk
    set_value(c.there, a, helpdesk.goal, "objective", "Svar inden 2 timer")
    set_row_data(c.there, helpdesk.sub_goals[0], {"text": "Svartid under 2 timer"})
    add_goal(c.there, a, "faglig", values={"title": "Digital post"})
    delete_row(c.there, helpdesk.actions[0])
    set_status(c.there, c.year_round, helpdesk.goal, "gul", comment="Forsinket")
    create_round(c.there, "Ekstra", date(2008, 11, 1), agreement_uuid=a)
    set_value(c.here, a, helpdesk.goal, "objective", "Svar inden 3 timer")
    set_value(c.here, a, c.trivsel, "objective", "Sygefravær under 4 %")
    move_goal(c.here, c.trivsel, 0)
    add_row(c.here, a, helpdesk.goal, "sub_goals", None, {"text": "Chat på portalen"})
    set_status(c.here, c.year_round, c.trivsel, "groen")


@dataclass
class Outcome:
    to_here: list[tuple[str, FieldState, str, str, str, str]]
    to_there: list[tuple[str, FieldState, str, str, str, str]]
    here: Any
    there: Any
    lost: list[tuple[str, str]]


def exchange_both_ways(c: Colleagues) -> Outcome:
    to_here, to_there = c.to_here(Choice.THEIRS), c.to_there()
    lost = [(v.label, v.text) for v in lost_versions(c.here, c.agreement)]
    return Outcome(plan_lines(to_here), plan_lines(to_there), without_stamps(to_canonical(c.here.conn, c.agreement)),
                   without_stamps(to_canonical(c.there.conn, c.agreement)), lost)


def test_what_changed_since_the_exchange_is_decided_without_clocks(tmp_path: Path, faaborg: Template) -> None:
    """The same two stores three times: as they are, and with every time in them set (in SQL) to 1990
    on one side and 2090 on the other, and the other way round. The previews and the merged contents
    (times left out, revisions kept) are the same."""
    c = exchanged_once(tmp_path, faaborg)
    both_edit(c)
    c.close()
    universes: list[Colleagues] = []
    for name, there_clock, here_clock in (("1990-2090", "1990-01-01T00:00:00.000Z", "2090-12-31T23:59:59.999Z"),
                                          ("2090-1990", "2090-12-31T23:59:59.999Z", "1990-01-01T00:00:00.000Z")):
        folder = tmp_path / name
        folder.mkdir()
        for store, clock in (("der", there_clock), ("her", here_clock)):
            assert not Path(f"{tmp_path / store}.sqlite-wal").exists()
            shutil.copyfile(tmp_path / f"{store}.sqlite", folder / f"{store}.sqlite")
            set_clocks(folder / f"{store}.sqlite", clock)
        universes.append(Colleagues(open_store(folder / "her.sqlite"), open_store(folder / "der.sqlite"), folder,
                                    c.agreement, c.helpdesk, c.trivsel, c.year_round, c.sent))
    reopened = Colleagues(open_store(tmp_path / "her.sqlite"), open_store(tmp_path / "der.sqlite"), tmp_path,
                          c.agreement, c.helpdesk, c.trivsel, c.year_round, c.sent)
    expected = exchange_both_ways(reopened)
    assert [line[1:4] for line in expected.to_here] == [
        (FieldState.MINE, "Bilag 2a Faglig indsats – Trivsel", "Faglige målsætninger"),  # moved first here
        (FieldState.MINE, "Bilag 2a Faglig indsats – Trivsel", "Status i 'Status-opfølgning'"),  # set here
        (FieldState.CONFLICT, "Bilag 2b Faglig indsats – Helpdesk", "Faglige målsætninger"),
        (FieldState.THEIRS, "Bilag 2b Faglig indsats – Helpdesk", "Delmål: et punkt"),
        (FieldState.MINE, "Bilag 2b Faglig indsats – Helpdesk", "Delmål: et punkt"),  # added here
        (FieldState.THEIRS, "Bilag 2b Faglig indsats – Helpdesk", "Handleplan: et punkt"),
        (FieldState.NEW, "Bilag 2b Faglig indsats – Helpdesk", "Status i 'Status-opfølgning'"),
        (FieldState.NEW, "Bilag 2c Faglig indsats – Digital post", "Indsatsen"),
        (FieldState.NEW, "Bilag 2c Faglig indsats – Digital post", "Faglig indsatsområde"),
        (FieldState.NEW, "Opfølgning", "Runden 'Ekstra'"),
    ]
    assert same_content(reopened.here, c.agreement) == same_content(reopened.there, c.agreement)
    assert [g.value("title") for g in load_agreement(reopened.here, c.agreement).goals] == \
        ["Trivsel", "Digital post", "Helpdesk"]  # the new goal follows the goal it follows there
    assert expected.lost == [("Faglige målsætninger", "Svar inden 3 timer")]
    for universe in universes:
        assert exchange_both_ways(universe) == expected
        universe.close()
    reopened.close()


def test_without_an_exchange_record_every_difference_is_a_conflict(tmp_path: Path, faaborg: Template) -> None:
    """The same agreement in two stores that never exchanged it (here it was read from a copy): a change
    made on only one side cannot be told from one made on the other, so each asks; what only the
    bundle has is new and simply added."""
    there, here = open_store(tmp_path / "der.sqlite"), open_store(tmp_path / "her.sqlite")
    built = it_staff_2008(there, faaborg)
    a = built.agreement
    set_value(there, a, a, "place", "Faaborg rådhus")
    with here.write() as conn:
        read_canonical(conn, to_canonical(there.conn, a))
    assert here.query("SELECT count(*) FROM exchanges")[0][0] == 0
    set_value(there, a, built.goal, "objective", "Svar inden 2 timer")  # only there
    set_row_data(there, built.sub_goals[0], {"text": "Svartid under 2 timer"})  # only there
    add_goal(there, a, "eget", values={"title": "Ny indsats"})  # only there, new
    set_value(here, a, a, "place", "Ringe rådhus")  # only here

    plan = plan_import(here, read_bundle(write_bundle(there, [a], tmp_path / "pakke.aftale")))
    [agreement] = plan.agreements
    assert not agreement.has_base
    assert [(c.state, c.label) for c in agreement.changes] == [
        (FieldState.CONFLICT, "Sted (ved underskrift)"),
        (FieldState.NEW, "Faglige målsætninger"),  # there is no objective here at all
        (FieldState.CONFLICT, "Delmål: et punkt"),
        (FieldState.NEW, "Indsatsen"),
        (FieldState.NEW, "Eget indsatsområde"),
    ]
    here.close()
    there.close()


def test_the_base_is_what_was_exchanged_with_that_colleague(tmp_path: Path, faaborg: Template) -> None:
    """There sends the agreement to here, changes its title and sends it to a third colleague. What
    here sends back is compared with what here got (the old title), so there's new title is kept; what
    the third sends back is compared with what the third got."""
    c = exchanged_once(tmp_path, faaborg)
    third = open_store(tmp_path / "tredje.sqlite")
    a = c.agreement
    set_value(c.there, a, a, "title", "IT-staben. Aftale 2008, rettet")
    c.send(c.there, third)
    set_value(c.here, a, c.helpdesk.goal, "objective", "Svar inden 3 timer")
    set_value(third, a, c.trivsel, "objective", "Sygefravær under 4 %")

    plan = c.to_there()
    assert [(ch.state, ch.label) for ch in plan.agreements[0].changes] == [
        (FieldState.MINE, "Titel"), (FieldState.THEIRS, "Faglige målsætninger")]
    plan = c.send(third, c.there)
    assert [(ch.state, ch.group, ch.label) for ch in plan.agreements[0].changes] == [
        (FieldState.MINE, "Bilag 2a Faglig indsats – Helpdesk", "Faglige målsætninger"),
        (FieldState.THEIRS, "Bilag 2b Faglig indsats – Trivsel", "Faglige målsætninger")]
    shown = load_agreement(c.there, a)
    assert shown.title == "IT-staben. Aftale 2008, rettet"
    assert [g.value("objective") for g in shown.goals] == ["Svar inden 3 timer", "Sygefravær under 4 %"]
    third.close()
    c.close()


# --- again, and all or nothing -------------------------------------------------------------------------


def test_importing_the_same_bundle_again_changes_nothing(tmp_path: Path, faaborg: Template) -> None:
    c = exchanged_once(tmp_path, faaborg)
    first = c.bundle(c.there)  # the bundle of the first exchange, once more
    both_edit(c)
    bundle = c.bundle(c.there)
    choices = {ch.id: Choice.BOTH for ch in plan_import(c.here, bundle).conflicts}
    apply_bundle(c.here, bundle, tmp_path / "kopier", choices)
    backups = folder_listing(tmp_path / "kopier")
    before = store_bytes(c.here)
    for again in (bundle, first):
        plan = apply_bundle(c.here, again, tmp_path / "kopier")  # no choices needed: nothing is in conflict
        assert not plan.conflicts and {ch.state for a in plan.agreements for ch in a.changes} <= {FieldState.MINE}
        assert store_bytes(c.here) == before
    assert folder_listing(tmp_path / "kopier") == backups  # not even a backup

    set_value(c.here, c.agreement, c.trivsel, "title", "Trivsel og arbejdsmiljø")  # a change here since
    before = store_bytes(c.here)
    apply_bundle(c.here, bundle, tmp_path / "kopier")
    assert store_bytes(c.here) == before
    c.close()


def test_an_error_in_the_second_agreement_leaves_the_store_as_it_was(tmp_path: Path, faaborg: Template) -> None:
    """Two agreements exchanged, both changed there; the bundle's second one carries a date the
    template cannot hold. The first is merged inside the transaction before the second fails its
    check; the store is byte for byte as before, and so is a store opened read-only."""
    c = exchanged_once(tmp_path, faaborg)
    other = create_agreement(c.there, faaborg, "HR-staben", 2008)
    apply_bundle(c.here, read_bundle(write_bundle(c.there, [other], tmp_path / "hr.aftale")), tmp_path / "kopier")
    set_value(c.there, c.agreement, c.helpdesk.goal, "objective", "Svar inden 2 timer")
    set_value(c.there, other, other, "approval_date", "2008-03-01")
    members = bundle_members(c.there, [c.agreement, other])

    def wrong_date(document: dict[str, Any]) -> None:
        next(v for v in document["field_values"] if v["field_id"] == "approval_date").update(value="1. marts")
    path = zip_members(tmp_path / "fejl.aftale", resealed(members, wrong_date, agreement_member(other)))
    bundle = read_bundle(path)
    assert [a.uuid for a in plan_import(c.here, bundle).agreements] == [c.agreement, other]
    before = store_bytes(c.here)
    with pytest.raises(BundleError, match="HR-staben.*Godkendt dato.*Intet er ændret"):
        apply_bundle(c.here, bundle, tmp_path / "kopier")
    assert store_bytes(c.here) == before
    assert load_agreement(c.here, c.agreement).goals[0].value("objective") == "Hurtigere svar"

    reader = open_store(c.here.path, read_only=True)
    with pytest.raises(StoreError, match="skrivebeskyttet"):
        apply_bundle(reader, c.bundle(c.there), tmp_path / "kopier")
    reader.close()
    assert store_bytes(c.here) == before
    c.close()


# --- round trips ----------------------------------------------------------------------------------------


def test_a_merged_agreement_with_minutes_and_restored_versions_survives_export_import_export(
        tmp_path: Path, faaborg: Template) -> None:
    """Export → import into an empty store → export gives the same bytes for an agreement that has been
    through a merge: a row kept from both sides, a version brought back, a deleted goal and row, the
    year's round and its own round based on it, statuses of goals and rows, and minutes with a deleted
    item."""
    c = exchanged_once(tmp_path, faaborg)
    a, helpdesk = c.agreement, c.helpdesk
    set_row_data(c.there, helpdesk.sub_goals[0], {"text": "Svartid under 2 timer"})
    set_row_data(c.here, helpdesk.sub_goals[0], {"text": "Svartid under 3 timer"})
    set_value(c.there, a, c.trivsel, "objective", "Sygefravær under 4 %")
    set_value(c.here, a, c.trivsel, "objective", "Sygefravær under 5 %")
    bundle = c.bundle(c.there)
    plan = plan_import(c.here, bundle)
    apply_bundle(c.here, bundle, tmp_path / "kopier",
                 {ch.id: Choice.BOTH if ch.label.startswith("Delmål") else Choice.THEIRS for ch in plan.conflicts})
    restore_version(c.here, lost_versions(c.here, a)[0].id)
    delete_row(c.here, helpdesk.sub_goals[1])
    gone = add_goal(c.here, a, "eget", values={"title": "Opgivet"})
    set_goal_deleted(c.here, gone, True)
    own = create_round(c.here, "Ekstra", date(2008, 11, 1), agreement_uuid=a, from_round=c.year_round)
    set_status(c.here, c.year_round, helpdesk.goal, "gul", comment="Forsinket", measured="4,2")
    set_status(c.here, own, helpdesk.actions[0], "groen")
    meeting = create_meeting(c.here, "Dialogmøde", date(2008, 11, 15), place="Rådhuset", round_uuid=own)
    item = add_item(c.here, meeting, "Helpdesk")
    edit_item(c.here, item, "decision", "Godkendt")
    set_item_goals(c.here, item, [helpdesk.goal])
    dropped = add_item(c.here, meeting, "Trivsel")
    set_item_goals(c.here, dropped, [c.trivsel])
    delete_item(c.here, dropped)

    out = write_bundle(c.here, [a], tmp_path / "ud.aftale")
    empty = open_store(tmp_path / "tom.sqlite")
    assert [p.state for p in apply_bundle(empty, read_bundle(out), tmp_path / "kopier").agreements] == \
        [ImportState.NEW]
    back = write_bundle(empty, [a], tmp_path / "igen.aftale")
    with zipfile.ZipFile(out) as first, zipfile.ZipFile(back) as second:
        member = first.read(agreement_member(a))
        assert second.read(agreement_member(a)) == member
    text = member.decode("utf-8")
    for part in ("Svartid under 3 timer", "Svartid under 2 timer", "Sygefravær under 5 %", "Opgivet", "Ekstra",
                 "Forsinket", "Godkendt", '"deleted":true'):
        assert part in text
    empty.close()
    c.close()


# --- the property: both ways, the same content -------------------------------------------------------------

WORDS = st.sampled_from(["Svar", "Trivsel", "Chat", "æøå", "😀", "", "To ord"])
EDIT = st.tuples(st.sampled_from(["værdi", "aftalefelt", "ny indsats", "slet indsats", "flyt indsats", "ny række",
                                  "ret række", "slet række", "flyt række", "status", "ny runde"]),
                 st.integers(0, 5), st.integers(0, 5), WORDS)  # small: both sides often meet the same part
Edit = tuple[str, int, int, str]
LEVELS = ("groen", "gul", "roed", None)


@cache
def faaborg() -> Template:
    """The built-in template (read once; the registry fixture would fill hypothesis's report)."""
    template = load_registry().get("faaborg-midtfyn")
    assert template is not None
    return template


def _pick(items: list[str], index: int) -> str | None:
    return items[index % len(items)] if items else None


def _row_data(field_id: str, word: str) -> dict[str, str]:
    if field_id == "action_plan":
        return {"activity": word, "responsible": "Mette", "deadline": "2. kvartal", "status": ""}
    return {"text": word}


def apply_edit(store: Store, agreement_uuid: str, edit: Edit) -> None:
    """One edit of a user, through the functions the window calls; one that has nothing to work on is
    skipped."""
    what, i, j, word = edit
    shown = load_agreement(store, agreement_uuid)
    goals = [g.uuid for g in shown.goals]
    goal = _pick(goals, i)
    rows = [(r.uuid, f) for g in shown.goals for f in ("sub_goals", "action_plan") for r in g.rows_of(f)]
    row = rows[j % len(rows)] if rows else None
    actions: dict[str, Callable[[], object]] = {
        "aftalefelt": lambda: set_value(store, agreement_uuid, agreement_uuid, "place", word),
        "ny indsats": lambda: add_goal(store, agreement_uuid, ("faglig", "eget")[j % 2], i % 4, values={"title": word}),
        "ny runde": lambda: create_round(store, f"Runde {word}", date(2009, 1 + j % 12, 1 + i % 28),
                                         agreement_uuid=agreement_uuid),
    }
    if goal is not None:
        actions |= {
            "værdi": lambda: set_value(store, agreement_uuid, goal, ("title", "objective")[j % 2], word),
            "slet indsats": lambda: set_goal_deleted(store, goal, True),
            "flyt indsats": lambda: move_goal(store, goal, j % 4),
            "ny række": lambda: add_row(store, agreement_uuid, goal, ("sub_goals", "action_plan")[j % 2], i % 4,
                                        _row_data(("sub_goals", "action_plan")[j % 2], word)),
        }
    if row is not None:
        actions |= {
            "ret række": lambda: set_row_data(store, row[0], _row_data(row[1], word)),
            "slet række": lambda: delete_row(store, row[0]),
            "flyt række": lambda: move_row(store, row[0], i % 4),
        }
    rounds = [r.uuid for r in rounds_of(store, agreement_uuid)]
    targets = goals + [r for r, _ in rows]
    if targets:
        actions["status"] = lambda: set_status(store, rounds[i % len(rounds)], targets[j % len(targets)],
                                               LEVELS[(i + j) % 4], comment=word)
    if what in actions:
        actions[what]()


def every_uuid(store: Store, agreement_uuid: str) -> set[str]:
    document = to_canonical(store.conn, agreement_uuid)
    return {e["uuid"] for key in ("goals", "rows", "follow_up_rounds") for e in document[key]}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mine=st.lists(EDIT, max_size=8), theirs=st.lists(EDIT, max_size=8), choice=st.sampled_from(list(Choice)))
def test_two_stores_that_edit_and_exchange_both_ways_end_with_the_same_content(
        mine: list[Edit], theirs: list[Edit], choice: Choice, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Two stores start from one agreement exchanged once; each applies its own edits (values, goals and
    rows added, changed, deleted and moved, statuses, rounds); A sends to B, which decides every
    conflict with one choice ("both" where a part cannot hold both is "theirs"), and B sends back to A.

    "The same content" is the canonical content (storage.canonical_write.to_canonical) with each
    entity's created, updated and revision and each status's set_at removed: those are stamps of the
    edits, which differ between the stores; so is a deleted goal's or row's position (where it stood
    when each side deleted it; see same_content). Values, rows, the order of the live ones,
    tombstones, rounds and statuses must be equal. Nothing either side made is lost (every goal, row
    and round is in the result), the answer back has no conflicts, and the result survives export →
    import into an empty store → export."""
    folder = tmp_path_factory.mktemp("begge-veje")
    a_store, b_store = open_store(folder / "a.sqlite"), open_store(folder / "b.sqlite")
    try:
        built = it_staff_2008(a_store, faaborg(), year=2009)
        add_goal(a_store, built.agreement, "eget", values={"title": "Trivsel"})
        create_round(a_store, "Halvår", date(2009, 6, 1), year=2009)
        c = Colleagues(b_store, a_store, folder, built.agreement, built, "", "")
        c.to_here()
        for edit in theirs:
            apply_edit(a_store, c.agreement, edit)
        for edit in mine:
            apply_edit(b_store, c.agreement, edit)
        made = every_uuid(a_store, c.agreement) | every_uuid(b_store, c.agreement)

        bundle = c.bundle(a_store)
        conflicts = plan_import(b_store, bundle).conflicts
        apply_bundle(b_store, bundle, folder / "kopier",
                     {ch.id: Choice.THEIRS if choice is Choice.BOTH and not ch.can_keep_both else choice
                      for ch in conflicts})
        assert not c.to_there().conflicts
        assert same_content(a_store, c.agreement) == same_content(b_store, c.agreement)
        assert made <= every_uuid(a_store, c.agreement)

        out = write_bundle(a_store, [c.agreement], folder / "ud.aftale")
        empty = open_store(folder / "tom.sqlite")
        apply_bundle(empty, read_bundle(out), folder / "kopier")
        back = write_bundle(empty, [c.agreement], folder / "igen.aftale")
        empty.close()
        with zipfile.ZipFile(out) as first, zipfile.ZipFile(back) as second:
            assert first.read(agreement_member(c.agreement)) == second.read(agreement_member(c.agreement))
    finally:
        a_store.close()
        b_store.close()
