"""Merging a bundle into an agreement that is here too, as two colleagues do it: each keeps a real
store ("der" made the agreement and sent it, "her" imported it) and they send each other real
bundle files (write_bundle → read_bundle → apply_bundle). Each part (a field value, a row, a goal, a
status …) is compared three ways with what both had at the last exchange: changed only in the bundle
is taken, only here is kept, on both sides is a conflict the user decides; whatever loses stays in
the agreement's history and can be brought back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from exporters.bundle_write import bundle_members, write_bundle
from storage.agreements import create_agreement, load_agreement
from storage.bundle_apply import UndecidedConflicts, apply_bundle, plan_import
from storage.bundle_read import Bundle, BundleError, read_bundle
from storage.database import Store, open_store
from storage.edits import (
    add_goal,
    add_row,
    delete_row,
    move_goal,
    set_goal_deleted,
    set_row_data,
    set_value,
)
from storage.followup import create_round, rounds_of, set_status, statuses_of
from storage.lost_versions import lost_versions, restore_version
from storage.merge_plan import Choice, FieldChange, FieldState, ImportPlan, ImportState
from storage.model import Goal
from storage.template_model import Template
from storage.templates import parse_template
from tests.storage.followup_data import BuiltGoal, it_staff_2008
from tests.storage.test_bundle import PRIVATE


def store_bytes(store: Store) -> str:
    """The sha256 of the store file and its write-ahead log together (the store runs in WAL mode,
    so a commit lands in the log first): equal means nothing was written."""
    digest = hashlib.sha256(store.path.read_bytes())
    wal = Path(f"{store.path}-wal")
    digest.update(wal.read_bytes() if wal.exists() else b"")
    return digest.hexdigest()


@dataclass
class Colleagues:
    """Two stores that exchanged one agreement once: "der" (there) made it, "her" (here) imported it."""

    here: Store
    there: Store
    folder: Path
    agreement: str
    helpdesk: BuiltGoal
    trivsel: str
    year_round: str
    sent: int = 0

    def bundle(self, sender: Store) -> Bundle:
        self.sent += 1
        return read_bundle(write_bundle(sender, [self.agreement], self.folder / f"pakke-{self.sent}.aftale"))

    def send(self, sender: Store, receiver: Store, choice: Choice | None = None) -> ImportPlan:
        """Send the agreement in a new bundle; every conflict (if any) is decided with ``choice``."""
        bundle = self.bundle(sender)
        choices = {c.id: choice for c in plan_import(receiver, bundle).conflicts} if choice else {}
        return apply_bundle(receiver, bundle, self.folder / "kopier", choices)

    def the_conflict(self) -> tuple[Bundle, FieldChange]:
        """A bundle from there, and the one conflict importing it here asks about."""
        bundle = self.bundle(self.there)
        [conflict] = plan_import(self.here, bundle).conflicts
        return bundle, conflict

    def decide(self, bundle: Bundle, conflict: FieldChange, choice: Choice) -> None:
        apply_bundle(self.here, bundle, self.folder / "kopier", {conflict.id: choice})

    def to_here(self, choice: Choice | None = None) -> ImportPlan:
        return self.send(self.there, self.here, choice)

    def to_there(self, choice: Choice | None = None) -> ImportPlan:
        return self.send(self.here, self.there, choice)

    def value(self, store: Store, owner: str, field_id: str) -> object:
        agreement = load_agreement(store, self.agreement)
        nodes = {agreement.uuid: agreement, **{g.uuid: g for g in agreement.goals},
                 **{s.uuid: s for s in agreement.sections}}
        return nodes[owner].value(field_id)

    def goal(self, store: Store, goal_uuid: str) -> Goal | None:
        """The goal as the window shows it (None when it is deleted)."""
        return next((g for g in load_agreement(store, self.agreement).goals if g.uuid == goal_uuid), None)

    def titles(self, store: Store, kind: str = "faglig") -> list[str]:
        return [g.value("title") for g in load_agreement(store, self.agreement).goals if g.kind == kind]

    def rows(self, store: Store, goal_uuid: str, field_id: str = "sub_goals") -> list[str]:
        goal = self.goal(store, goal_uuid)
        assert goal is not None
        return [" | ".join(v for v in r.data.values() if v) for r in goal.rows_of(field_id)]


    def close(self) -> None:
        self.here.close()
        self.there.close()


def exchanged_once(folder: Path, faaborg: Template) -> Colleagues:
    """IT-staben 2008 with the goals Helpdesk (sub-goals, criteria, an action) and Trivsel and a year
    round, made there and sent here once."""
    there, here = open_store(folder / "der.sqlite"), open_store(folder / "her.sqlite")
    helpdesk = it_staff_2008(there, faaborg)
    agreement = helpdesk.agreement
    set_value(there, agreement, helpdesk.goal, "objective", "Hurtigere svar")
    set_value(there, agreement, agreement, "place", "Faaborg rådhus")
    trivsel = add_goal(there, agreement, "faglig", values={"title": "Trivsel", "objective": "Lavere sygefravær"})
    year_round = create_round(there, "Status-opfølgning", date(2008, 9, 1), year=2008)
    colleagues = Colleagues(here, there, folder, agreement, helpdesk, trivsel, year_round)
    assert [a.state for a in colleagues.to_here().agreements] == [ImportState.NEW]
    return colleagues


@pytest.fixture
def pair(tmp_path: Path, faaborg: Template) -> Iterator[Colleagues]:
    colleagues = exchanged_once(tmp_path, faaborg)
    yield colleagues
    colleagues.close()


def changes(plan: ImportPlan) -> list[tuple[FieldState, str, str]]:
    [agreement] = plan.agreements
    return [(c.state, c.group, c.label) for c in agreement.changes]


def sides(change: FieldChange) -> tuple[str, str, str, bool]:
    """What the preview shows of a change: its label, the two texts, and whether both can be kept."""
    return change.label, change.mine, change.theirs, change.can_keep_both


def the_change(plan: ImportPlan, label: str) -> FieldChange:
    [found] = [c for a in plan.agreements for c in a.changes if c.label == label]
    return found


HELPDESK = "Bilag 2a Faglig indsats – Helpdesk"
TRIVSEL = "Bilag 2b Faglig indsats – Trivsel"


# --- one side changed ------------------------------------------------------------------------------


def test_a_change_only_in_the_bundle_is_taken_and_one_only_here_is_kept(pair: Colleagues) -> None:
    a, helpdesk = pair.agreement, pair.helpdesk
    set_value(pair.there, a, helpdesk.goal, "objective", "Svar inden 2 timer")
    set_row_data(pair.there, helpdesk.sub_goals[0], {"text": "Svartid under 2 timer"})
    set_value(pair.here, a, pair.trivsel, "objective", "Sygefravær under 4 %")
    set_value(pair.here, a, a, "place", "Ringe rådhus")

    plan = pair.to_here()
    assert changes(plan) == [
        (FieldState.MINE, "Aftalen", "Sted (ved underskrift)"),
        (FieldState.THEIRS, HELPDESK, "Faglige målsætninger"),
        (FieldState.THEIRS, HELPDESK, "Delmål: et punkt"),
        (FieldState.MINE, TRIVSEL, "Faglige målsætninger"),
    ]
    assert pair.value(pair.here, helpdesk.goal, "objective") == "Svar inden 2 timer"
    assert pair.rows(pair.here, helpdesk.goal) == ["Svartid under 2 timer", "Flere selvbetjente sager"]
    assert pair.value(pair.here, pair.trivsel, "objective") == "Sygefravær under 4 %"
    assert pair.value(pair.here, a, "place") == "Ringe rådhus"
    assert lost_versions(pair.here, a) == []  # nothing lost a conflict

    assert changes(pair.to_there()) == [(FieldState.THEIRS, "Aftalen", "Sted (ved underskrift)"),
                                        (FieldState.THEIRS, TRIVSEL, "Faglige målsætninger")]
    assert pair.value(pair.there, pair.trivsel, "objective") == "Sygefravær under 4 %"
    assert pair.value(pair.there, a, "place") == "Ringe rådhus"


# --- conflicts ------------------------------------------------------------------------------------

MINE_TEXT, THEIRS_TEXT = "Svar inden 3 timer (skrevet her)", "Svar inden 2 timer (skrevet der)"


def both_change_the_objective(pair: Colleagues) -> tuple[Bundle, FieldChange]:
    set_value(pair.there, pair.agreement, pair.helpdesk.goal, "objective", THEIRS_TEXT)
    set_value(pair.here, pair.agreement, pair.helpdesk.goal, "objective", MINE_TEXT)
    return pair.the_conflict()


def test_a_conflict_shows_both_texts_and_is_not_applied_without_a_choice(pair: Colleagues) -> None:
    bundle, conflict = both_change_the_objective(pair)
    assert (conflict.state, conflict.group) == (FieldState.CONFLICT, HELPDESK)
    assert sides(conflict) == ("Faglige målsætninger", MINE_TEXT, THEIRS_TEXT, True)
    before = store_bytes(pair.here)
    with pytest.raises(UndecidedConflicts, match="1 konflikt mangler et valg .* Intet er ændret"):
        apply_bundle(pair.here, bundle, pair.folder / "kopier")
    assert store_bytes(pair.here) == before


@pytest.mark.parametrize(("choice", "kept", "lost", "source"), [
    (Choice.MINE, MINE_TEXT, THEIRS_TEXT, "ikke taget"),
    (Choice.THEIRS, THEIRS_TEXT, MINE_TEXT, "din version, erstattet fra pakken"),
])
def test_the_version_that_loses_a_conflict_can_be_brought_back_and_back_again(
        pair: Colleagues, choice: Choice, kept: str, lost: str, source: str) -> None:
    bundle, conflict = both_change_the_objective(pair)
    pair.decide(bundle, conflict, choice)
    goal, a = pair.helpdesk.goal, pair.agreement
    assert pair.value(pair.here, goal, "objective") == kept
    [version] = lost_versions(pair.here, a)
    assert (version.group, version.label, version.text, version.restored_at) == \
        (HELPDESK, "Faglige målsætninger", lost, None)
    assert source in version.source and "pakke-2.aftale" in version.source

    restore_version(pair.here, version.id)
    assert pair.value(pair.here, goal, "objective") == lost
    newest, first = lost_versions(pair.here, a)  # the version it replaced is kept in turn
    assert (newest.text, first.text) == (kept, lost) and first.restored_at is not None
    restore_version(pair.here, newest.id)
    assert pair.value(pair.here, goal, "objective") == kept
    restore_version(pair.here, lost_versions(pair.here, a)[0].id)
    assert pair.value(pair.here, goal, "objective") == lost

    pair.to_there()  # what was brought back is a change here, and travels on
    assert pair.value(pair.there, goal, "objective") == lost


def test_keeping_both_texts_joins_them_and_loses_nothing(pair: Colleagues) -> None:
    bundle, conflict = both_change_the_objective(pair)
    pair.decide(bundle, conflict, Choice.BOTH)
    assert pair.value(pair.here, pair.helpdesk.goal, "objective") == f"{MINE_TEXT}\n\n{THEIRS_TEXT}"
    assert lost_versions(pair.here, pair.agreement) == []
    assert changes(pair.to_there()) == [(FieldState.THEIRS, HELPDESK, "Faglige målsætninger")]
    assert pair.value(pair.there, pair.helpdesk.goal, "objective") == f"{MINE_TEXT}\n\n{THEIRS_TEXT}"


def test_keeping_both_versions_of_a_row_puts_theirs_right_after_mine(pair: Colleagues) -> None:
    row = pair.helpdesk.sub_goals[0]
    set_row_data(pair.there, row, {"text": "Svartid under 2 timer"})
    set_row_data(pair.here, row, {"text": "Svartid under 3 timer"})
    bundle, conflict = pair.the_conflict()
    assert sides(conflict) == ("Delmål: et punkt", "Svartid under 3 timer", "Svartid under 2 timer", True)
    pair.decide(bundle, conflict, Choice.BOTH)
    both = ["Svartid under 3 timer", "Svartid under 2 timer", "Flere selvbetjente sager"]
    assert pair.rows(pair.here, pair.helpdesk.goal) == both
    pair.to_there()
    assert pair.rows(pair.there, pair.helpdesk.goal) == both


def test_keeping_both_is_refused_for_a_date_which_cannot_hold_two(pair: Colleagues) -> None:
    set_value(pair.there, pair.agreement, pair.agreement, "approval_date", "2008-02-01")
    set_value(pair.here, pair.agreement, pair.agreement, "approval_date", "2008-01-15")
    bundle, conflict = pair.the_conflict()
    assert sides(conflict) == ("Godkendt dato", "15.01.2008", "01.02.2008", False)
    before = store_bytes(pair.here)
    with pytest.raises(BundleError, match="'Godkendt dato' kan ikke beholde begge versioner.*Intet er ændret"):
        apply_bundle(pair.here, bundle, pair.folder / "kopier", {conflict.id: Choice.BOTH})
    assert store_bytes(pair.here) == before


# --- new and moved goals and rows ---------------------------------------------------------------------


def test_goals_and_rows_added_on_both_sides_are_all_kept_in_a_sensible_order(pair: Colleagues) -> None:
    a, helpdesk = pair.agreement, pair.helpdesk.goal
    add_goal(pair.there, a, "faglig", values={"title": "Digital post"})  # last, after Trivsel
    add_goal(pair.here, a, "faglig", index=0, values={"title": "Ny intranet"})  # first
    add_row(pair.there, a, helpdesk, "sub_goals", 1, {"text": "Der: chat"})  # between the two
    add_row(pair.here, a, helpdesk, "sub_goals", None, {"text": "Her: kundetilfredshed"})  # last

    plan = pair.to_here()
    assert not plan.conflicts
    order = ["Ny intranet", "Helpdesk", "Trivsel", "Digital post"]
    rows = ["Svartid under 4 timer", "Der: chat", "Flere selvbetjente sager", "Her: kundetilfredshed"]
    assert pair.titles(pair.here) == order and pair.rows(pair.here, helpdesk) == rows
    assert not pair.to_there().conflicts
    assert pair.titles(pair.there) == order and pair.rows(pair.there, helpdesk) == rows


def test_an_order_changed_on_one_side_only_is_taken(pair: Colleagues) -> None:
    """Moving is changing the order; adding a goal is not: the move is kept, and the new goal follows
    the goal it follows here."""
    move_goal(pair.there, pair.trivsel, 0)
    add_goal(pair.here, pair.agreement, "faglig", values={"title": "Ny intranet"})  # after Trivsel
    pair.to_here()
    assert pair.titles(pair.here) == ["Trivsel", "Ny intranet", "Helpdesk"]
    pair.to_there()
    assert pair.titles(pair.there) == ["Trivsel", "Ny intranet", "Helpdesk"]


# --- deletions ------------------------------------------------------------------------------------


def test_what_one_side_deleted_and_the_other_left_alone_is_deleted(pair: Colleagues) -> None:
    helpdesk = pair.helpdesk
    set_goal_deleted(pair.there, pair.trivsel, True)
    delete_row(pair.there, helpdesk.sub_goals[0])
    delete_row(pair.here, helpdesk.actions[0])
    plan = pair.to_here()
    assert not plan.conflicts
    assert pair.titles(pair.here) == ["Helpdesk"]
    assert pair.rows(pair.here, helpdesk.goal) == ["Flere selvbetjente sager"]
    assert pair.rows(pair.here, helpdesk.goal, "action_plan") == []
    assert not pair.to_there().conflicts
    assert pair.rows(pair.there, helpdesk.goal, "action_plan") == []


def test_a_row_deleted_in_the_bundle_but_edited_here_is_a_conflict(pair: Colleagues) -> None:
    row = pair.helpdesk.sub_goals[0]
    delete_row(pair.there, row)
    set_row_data(pair.here, row, {"text": "Svartid under 3 timer"})
    bundle, conflict = pair.the_conflict()
    assert sides(conflict) == ("Delmål: et punkt", "Svartid under 3 timer", "Svartid under 4 timer (slettet)", False)
    pair.decide(bundle, conflict, Choice.MINE)
    assert pair.rows(pair.here, pair.helpdesk.goal) == ["Svartid under 3 timer", "Flere selvbetjente sager"]


def _edit_value(pair: Colleagues, store: Store) -> None:
    set_value(store, pair.agreement, pair.helpdesk.goal, "objective", "Svar inden 3 timer")


def _fill_a_new_field(pair: Colleagues, store: Store) -> None:
    set_value(store, pair.agreement, pair.helpdesk.goal, "covered", "Alle medarbejdere")


def _add_a_row(pair: Colleagues, store: Store) -> None:
    add_row(store, pair.agreement, pair.helpdesk.goal, "sub_goals", None, {"text": "Chat på portalen"})


def _edit_a_row(pair: Colleagues, store: Store) -> None:
    set_row_data(store, pair.helpdesk.sub_goals[0], {"text": "Svartid under 3 timer"})


def _set_a_status(pair: Colleagues, store: Store) -> None:
    set_status(store, pair.year_round, pair.helpdesk.goal, "gul", comment="Forsinket")


EDITS_INSIDE: dict[str, Callable[[Colleagues, Store], None]] = {
    "ændret målsætning": _edit_value, "nyt felt udfyldt": _fill_a_new_field, "nyt delmål": _add_a_row,
    "rettet delmål": _edit_a_row, "status sat": _set_a_status}


@pytest.mark.parametrize("edit", EDITS_INSIDE)
def test_a_goal_deleted_in_the_bundle_but_edited_here_is_a_conflict_not_a_deletion(pair: Colleagues,
                                                                                   edit: str) -> None:
    set_goal_deleted(pair.there, pair.helpdesk.goal, True)
    EDITS_INSIDE[edit](pair, pair.here)
    bundle = pair.bundle(pair.there)
    goal_conflict = the_change(plan_import(pair.here, bundle), "Indsatsen")
    assert (goal_conflict.state, goal_conflict.group, goal_conflict.mine, goal_conflict.theirs) == \
        (FieldState.CONFLICT, HELPDESK, "Findes", "Slettet")
    with pytest.raises(UndecidedConflicts):
        apply_bundle(pair.here, bundle, pair.folder / "kopier")
    assert pair.goal(pair.here, pair.helpdesk.goal) is not None

    apply_bundle(pair.here, bundle, pair.folder / "kopier",
                 {c.id: Choice.THEIRS for c in plan_import(pair.here, bundle).conflicts})
    assert pair.titles(pair.here) == ["Trivsel"]
    [kept] = [v for v in lost_versions(pair.here, pair.agreement) if v.label == "Indsatsen"]
    assert kept.text == "Findes"
    restore_version(pair.here, kept.id)  # the goal comes back, with what was done inside it here
    assert pair.titles(pair.here) == ["Trivsel", "Helpdesk"]


@pytest.mark.parametrize("edit", ["ændret målsætning", "nyt felt udfyldt", "nyt delmål", "status sat"])
def test_a_goal_deleted_here_but_edited_in_the_bundle_is_a_conflict(pair: Colleagues, edit: str) -> None:
    set_goal_deleted(pair.here, pair.helpdesk.goal, True)
    EDITS_INSIDE[edit](pair, pair.there)
    bundle = pair.bundle(pair.there)
    goal_conflict = the_change(plan_import(pair.here, bundle), "Indsatsen")
    assert (goal_conflict.state, goal_conflict.mine, goal_conflict.theirs) == (FieldState.CONFLICT, "Slettet", "Findes")
    apply_bundle(pair.here, bundle, pair.folder / "kopier",
                 {c.id: Choice.THEIRS for c in plan_import(pair.here, bundle).conflicts})
    assert pair.titles(pair.here) == ["Helpdesk", "Trivsel"]


# --- follow-up -------------------------------------------------------------------------------------


def test_statuses_set_on_both_sides_merge_and_a_new_round_arrives(pair: Colleagues) -> None:
    a, helpdesk, year_round = pair.agreement, pair.helpdesk, pair.year_round
    set_status(pair.there, year_round, helpdesk.goal, "gul", comment="Telefonkøen er forsinket")
    set_status(pair.here, year_round, helpdesk.actions[0], "groen", comment="Bestilt")
    set_status(pair.here, year_round, pair.trivsel, "roed")
    extra = create_round(pair.there, "Ekstra", date(2008, 11, 1), agreement_uuid=a)
    set_status(pair.there, extra, helpdesk.sub_goals[0], "groen", measured="3,5")
    midway = create_round(pair.here, "Midtvejs", date(2008, 6, 1), agreement_uuid=a)
    set_status(pair.here, midway, pair.trivsel, "gul")

    plan = pair.to_here()
    assert not plan.conflicts
    assert ("Ekstra", "Midtvejs") <= tuple(r.name for r in rounds_of(pair.here, a))
    pair.to_there()
    for store in (pair.here, pair.there):
        assert [r.name for r in rounds_of(store, a)] == ["Midtvejs", "Status-opfølgning", "Ekstra"]
        year = {t: (s.status, s.comment) for t, s in statuses_of(store, year_round, a).items()}
        assert year == {helpdesk.goal: ("gul", "Telefonkøen er forsinket"), helpdesk.actions[0]: ("groen", "Bestilt"),
                        pair.trivsel: ("roed", "")}
        assert {t: (s.status, s.measured) for t, s in statuses_of(store, extra, a).items()} == \
            {helpdesk.sub_goals[0]: ("groen", "3.5")}
        assert {t: s.status for t, s in statuses_of(store, midway, a).items()} == {pair.trivsel: "gul"}


def test_a_status_set_differently_on_both_sides_is_a_conflict(pair: Colleagues) -> None:
    set_status(pair.there, pair.year_round, pair.helpdesk.goal, "gul", comment="Forsinket")
    set_status(pair.here, pair.year_round, pair.helpdesk.goal, "groen", comment="På plads")
    bundle, conflict = pair.the_conflict()
    assert conflict.group == HELPDESK
    assert sides(conflict) == ("Status i 'Status-opfølgning'", "Grøn\nPå plads", "Gul\nForsinket", False)
    pair.decide(bundle, conflict, Choice.THEIRS)
    status = statuses_of(pair.here, pair.year_round, pair.agreement)[pair.helpdesk.goal]
    assert (status.status, status.comment) == ("gul", "Forsinket")
    [version] = lost_versions(pair.here, pair.agreement)
    restore_version(pair.here, version.id)
    status = statuses_of(pair.here, pair.year_round, pair.agreement)[pair.helpdesk.goal]
    assert (status.status, status.comment) == ("groen", "På plads")


# --- private parts ----------------------------------------------------------------------------------


def test_private_parts_are_never_sent_and_never_touched_by_a_merge(tmp_path: Path) -> None:
    template = parse_template(PRIVATE, "lederaftale.toml")
    there, here = open_store(tmp_path / "der.sqlite"), open_store(tmp_path / "her.sqlite")
    a = create_agreement(there, template, "Skolen", 2011)
    section = {r["key"]: r["uuid"] for r in there.query("SELECT key, uuid FROM sections")}["2.1"]
    set_value(there, a, section, "text", "Lære at uddelegere")
    personal = add_goal(there, a, "personlig", values={"title": "Coaching-forløb"})
    shared = add_goal(there, a, "enhed", values={"title": "Trivsel"})
    year_round = create_round(there, "Status", date(2011, 9, 1), year=2011)
    set_status(there, year_round, personal, "gul", comment="Halvvejs")
    pair = Colleagues(here, there, tmp_path, a, BuiltGoal(a, shared), shared, year_round)
    pair.to_here()
    assert pair.titles(here, "personlig") == [] and not here.query("SELECT 1 FROM sections WHERE uuid = ?",
                                                                    (section,))
    mine = add_goal(here, a, "personlig", values={"title": "Min egen plan"})  # her private goal

    set_value(here, a, shared, "title", "Trivsel og arbejdsmiljø")
    set_value(there, a, section, "text", "Lære at uddelegere og sige nej")  # after sending
    set_value(there, a, personal, "title", "Coaching-forløb i foråret")
    assert not pair.to_there().conflicts
    assert pair.titles(there, "enhed") == ["Trivsel og arbejdsmiljø"]
    assert pair.titles(there, "personlig") == ["Coaching-forløb i foråret"]
    assert pair.value(there, section, "text") == "Lære at uddelegere og sige nej"
    assert statuses_of(there, year_round, a)[personal].comment == "Halvvejs"
    assert mine not in b"".join(bundle_members(here, [a]).values()).decode()

    set_value(there, a, shared, "title", "Trivsel")
    ours = add_goal(here, a, "enhed", values={"title": "Digital skole"})  # added here since: listed, kept
    plan = pair.to_here()
    assert [(c.state, c.group, c.label) for c in plan.agreements[0].changes] == [
        (FieldState.THEIRS, "1 Trivsel og arbejdsmiljø", "Titel"),
        (FieldState.MINE, "2 Digital skole", "Indsatsen"),  # her private goal is not listed
        (FieldState.MINE, "2 Digital skole", "Titel")]
    assert pair.titles(here, "enhed") == ["Trivsel", "Digital skole"] and ours
    assert pair.titles(here, "personlig") == ["Min egen plan"]
    members = b"".join(bundle_members(there, [a]).values()).decode()
    assert "Lære at uddelegere" not in members and "Coaching" not in members and personal not in members
    assert json.loads(bundle_members(there, [a])["manifest.json"])["agreements"][0]["uuid"] == a
    here.close()
    there.close()
