"""Follow-up rounds and statuses: rounds of a year and of one agreement, starting from the last round,
closing, history, and every refusal in Danish with nothing stored."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from storage.agreements import create_agreement
from storage.database import Store, open_store
from storage.errors import NotFoundError
from storage.followup import (
    FollowUpError,
    create_round,
    find_round,
    get_round,
    history,
    parse_date,
    parse_measured,
    rounds,
    rounds_of,
    set_closed,
    set_status,
    status_text,
    statuses_of,
)
from storage.migrations import SCHEMA_VERSION, run_migrations
from storage.status_scale import DEFAULT_SCALE
from storage.template_model import Template
from storage.templates import TemplateError, parse_template
from tests.storage.followup_data import BuiltGoal, it_staff_2008

SEPTEMBER = date(2008, 9, 1)


@pytest.fixture
def built(store: Store, faaborg: Template) -> BuiltGoal:
    return it_staff_2008(store, faaborg)


def _stored(store: Store) -> tuple[int, int]:
    """(rounds, statuses) in the store: what a refusal must leave as it was."""
    return (store.query("SELECT count(*) FROM follow_up_rounds")[0][0],
            store.query("SELECT count(*) FROM statuses")[0][0])


# --- rounds ---------------------------------------------------------------------------------------

def test_rounds_of_a_year_and_of_one_agreement(store: Store, faaborg: Template, built: BuiltGoal) -> None:
    other = create_agreement(store, faaborg, "HR", 2008)
    next_year = create_agreement(store, faaborg, "IT-staben", 2009)
    year_round = create_round(store, "Status-opfølgning", SEPTEMBER, year=2008)
    own_round = create_round(store, "Ekstra opfølgning", date(2008, 10, 1), agreement_uuid=built.agreement)
    create_round(store, "Årsberetning", date(2009, 12, 1), year=2009)

    assert [r.name for r in rounds(store, 2008)] == ["Status-opfølgning", "Ekstra opfølgning"]
    assert get_round(store, own_round).year == 2008  # taken from the agreement
    assert [r.uuid for r in rounds_of(store, built.agreement)] == [year_round, own_round]
    assert [r.uuid for r in rounds_of(store, other)] == [year_round]
    assert [r.name for r in rounds_of(store, next_year)] == ["Årsberetning"]
    assert get_round(store, year_round).label == "Status-opfølgning (1. september 2008)"
    assert find_round(store, 2008, None).uuid == own_round  # the latest of the year
    assert find_round(store, 2008, "  status-OPFØLGNING ").uuid == year_round


def test_new_round_starts_from_the_last_rounds_statuses(store: Store, built: BuiltGoal) -> None:
    first = create_round(store, "1. september", SEPTEMBER, year=2008)
    set_status(store, first, built.goal, "gul", "Forsinket af ny telefonkø", set_by="mette")
    set_status(store, first, built.sub_goals[0], "groen", measured="92 %", set_by="mette")
    second = create_round(store, "Årsberetning", date(2008, 12, 1), year=2008, from_round=first)

    copied = statuses_of(store, second, built.agreement)
    assert {t: (s.status, s.comment, s.measured) for t, s in copied.items()} == {
        built.goal: ("gul", "Forsinket af ny telefonkø", None), built.sub_goals[0]: ("groen", "", "92")}
    set_status(store, second, built.goal, "grøn", "Telefonkøen kører")
    assert statuses_of(store, first, built.agreement)[built.goal].status == "gul"  # the old round is as it was
    assert get_round(store, second).based_on == first


def test_closed_round_is_read_only_until_opened(store: Store, built: BuiltGoal) -> None:
    first = create_round(store, "1. september", SEPTEMBER, year=2008)
    set_status(store, first, built.goal, "rød", "Ingen ressourcer")
    set_closed(store, first)
    before = _stored(store)
    with pytest.raises(FollowUpError, match="Runden »1. september« er lukket; dens status kan ikke ændres."):
        set_status(store, first, built.goal, "grøn")
    assert _stored(store) == before
    assert statuses_of(store, first, built.agreement)[built.goal].status == "roed"
    assert get_round(store, first).closed
    set_closed(store, first, closed=False)
    set_status(store, first, built.goal, "grøn")
    assert statuses_of(store, first, built.agreement)[built.goal].status == "groen"


def test_history_lists_every_round_with_the_targets_status(store: Store, built: BuiltGoal) -> None:
    first = create_round(store, "1. september", SEPTEMBER, year=2008)
    second = create_round(store, "Årsberetning", date(2008, 12, 1), year=2008)
    set_status(store, first, built.actions[0], "gul", "Leverandøren er forsinket")
    set_status(store, second, built.actions[0], "Grøn", "Kører")

    seen = [(r.name, s.status if s else None, s.comment if s else None)
            for r, s in history(store, built.agreement, built.actions[0])]
    assert seen == [("1. september", "gul", "Leverandøren er forsinket"), ("Årsberetning", "groen", "Kører")]
    untouched = history(store, built.agreement, built.sub_goals[1])
    assert [(r.name, s) for r, s in untouched] == [("1. september", None), ("Årsberetning", None)]
    action = statuses_of(store, second, built.agreement)[built.actions[0]]
    assert action.target_kind == "action" and action.goal_uuid == built.goal
    assert status_text(DEFAULT_SCALE, action, legacy="gammel tekst") == "✓ Grøn: Kører"
    assert status_text(DEFAULT_SCALE, None, legacy="gammel tekst") == "gammel tekst"


def test_not_assessed_and_measured_values_are_stored_as_typed(store: Store, built: BuiltGoal) -> None:
    first = create_round(store, "1. september", SEPTEMBER, year=2008)
    set_status(store, first, built.sub_goals[0], "Ikke vurderet", "Tallet kommer i oktober", measured="1.234,5")
    set_status(store, first, built.sub_goals[1], "kan ikke vurderes", measured=" 4,2 % ")
    found = statuses_of(store, first, built.agreement)
    assert (found[built.sub_goals[0]].status, found[built.sub_goals[0]].measured) == (None, "1234.5")
    assert (found[built.sub_goals[1]].status, found[built.sub_goals[1]].measured) == ("kan_ikke_vurderes", "4.2")


# --- refusals: a Danish message and nothing stored -----------------------------------------------

@pytest.mark.parametrize("status, measured, message", [
    ("lilla", None, "Status »lilla« findes ikke på skalaen (grøn, gul, rød, kan ikke vurderes eller ikke vurderet)."),
    ("grøn", "mange", "Den målte værdi skal være et tal, fx 4,2 eller 12 %; »mange« er ikke gemt."),
    ("grøn", "1e5", "Den målte værdi skal være et tal"),
    ("grøn", "NaN", "Den målte værdi skal være et tal"),
    ("grøn", "4,2,1", "Den målte værdi skal være et tal"),
])
def test_a_status_that_cannot_be_read_is_refused(store: Store, built: BuiltGoal, status: str, measured: str | None,
                                                 message: str) -> None:
    first = create_round(store, "1. september", SEPTEMBER, year=2008)
    set_status(store, first, built.goal, "gul", "som før")
    before = _stored(store)
    with pytest.raises(FollowUpError, match=message.replace("(", r"\(").replace(")", r"\)")):
        set_status(store, first, built.goal, status, "ny kommentar", measured=measured)
    assert _stored(store) == before
    assert statuses_of(store, first, built.agreement)[built.goal].comment == "som før"


@pytest.mark.parametrize("typed", ["31.2.2008", "2008-02-30", "1.13.2008", "1. septober 2008", "1/9-08", "i morgen",
                                   "", "2008-9-1"])
def test_a_date_in_the_wrong_format_is_refused_in_danish(typed: str) -> None:
    with pytest.raises(FollowUpError, match="kan ikke læses. Skriv den som 1.9.2008 eller 1. september 2008."):
        parse_date(typed)


@pytest.mark.parametrize("typed", ["1.9.2008", "01-09-2008", "1/9/2008", "1. september 2008", "1 September 2008",
                                   "2008-09-01"])
def test_dates_as_danes_write_them(typed: str) -> None:
    assert parse_date(typed) == SEPTEMBER


def test_measured_value_forms() -> None:
    assert [parse_measured(t) for t in ("4,2", "4.2", "-5", "12 %", "1.234", "", None)] == [
        "4.2", "4.2", "-5", "12", "1234", None, None]


def test_round_of_another_agreement_or_year_is_refused(store: Store, faaborg: Template, built: BuiltGoal) -> None:
    hr = it_staff_2008(store, faaborg, unit="HR")
    hr_round = create_round(store, "HR's egen runde", SEPTEMBER, agreement_uuid=hr.agreement)
    year_2009 = create_round(store, "Status 2009", date(2009, 9, 1), year=2009)
    before = _stored(store)
    with pytest.raises(FollowUpError, match="Runden »HR's egen runde« gælder ikke denne aftale."):
        set_status(store, hr_round, built.goal, "grøn")
    with pytest.raises(FollowUpError, match="Runden »Status 2009« gælder ikke denne aftale."):
        set_status(store, year_2009, built.sub_goals[0], "grøn")
    assert _stored(store) == before


def test_bad_rounds_are_refused(store: Store, built: BuiltGoal) -> None:
    with pytest.raises(FollowUpError, match="Runden skal have et navn"):
        create_round(store, "   ", SEPTEMBER, year=2008)
    with pytest.raises(FollowUpError, match="Rundens navn er for langt"):
        create_round(store, "x" * 201, SEPTEMBER, year=2008)
    with pytest.raises(FollowUpError, match="Aftalen er for 2008, ikke 2009."):
        create_round(store, "Status", SEPTEMBER, year=2009, agreement_uuid=built.agreement)
    with pytest.raises(FollowUpError, match="Skriv hvilket år runden gælder"):
        create_round(store, "Status", SEPTEMBER)
    with pytest.raises(NotFoundError, match="Aftalen findes ikke."):
        create_round(store, "Status", SEPTEMBER, agreement_uuid="ukendt")
    with pytest.raises(NotFoundError, match="Runden, der skulle startes fra, findes ikke."):
        create_round(store, "Status", SEPTEMBER, year=2008, from_round="ukendt")
    with pytest.raises(FollowUpError, match="Der er ikke »Årsberetning« for 2008."):
        find_round(store, 2008, "Årsberetning")
    with pytest.raises(FollowUpError, match="Der er ikke nogen opfølgningsrunde for 2008."):
        find_round(store, 2008, None)
    assert _stored(store) == (0, 0)


def test_targets_that_are_not_followed_up_are_refused(store: Store, built: BuiltGoal) -> None:
    first = create_round(store, "1. september", SEPTEMBER, year=2008)
    criterion = store.query("SELECT uuid FROM rows WHERE field_id = 'success_criteria'")[0][0]
    with pytest.raises(FollowUpError, match="Der følges kun op på indsatser, delmål og handlinger."):
        set_status(store, first, criterion, "grøn")
    with pytest.raises(NotFoundError, match="findes ikke"):
        set_status(store, first, "ukendt", "grøn")
    with pytest.raises(FollowUpError, match="Kommentaren er for lang"):
        set_status(store, first, built.goal, "grøn", "x" * 20_001)
    assert _stored(store) == (1, 0)


# --- a template's own scale -----------------------------------------------------------------------

OWN_SCALE = '''
[[status_scale]]
key = "plan"
name = "Efter planen"
colour = "#1b5e20"
symbol = "●"

[[status_scale]]
key = "risiko"
name = "I risiko"
colour = "#ff6f00"
symbol = "▲"
'''


def _with_scale(faaborg: Template, scale: str) -> str:
    """Faaborg's template text under another id with ``scale`` before its first table."""
    source = faaborg.source.replace('id = "faaborg-midtfyn"', 'id = "egen-skala"', 1)
    first_table = source.index("\n[")
    return source[:first_table] + "\n" + scale + source[first_table:]


def test_template_with_its_own_scale(store: Store, faaborg: Template) -> None:
    own = parse_template(_with_scale(faaborg, OWN_SCALE))
    assert [(lvl.key, lvl.name, lvl.colour, lvl.symbol) for lvl in own.status_scale] == [
        ("plan", "Efter planen", "#1b5e20", "●"), ("risiko", "I risiko", "#ff6f00", "▲")]
    built = it_staff_2008(store, own)
    first = create_round(store, "1. september", SEPTEMBER, year=2008)
    set_status(store, first, built.goal, "i risiko", "Leverandør")
    with pytest.raises(FollowUpError, match=r"Status »grøn« findes ikke på skalaen \(efter planen eller i risiko\)."):
        set_status(store, first, built.sub_goals[0], "grøn")
    assert {t: s.status for t, s in statuses_of(store, first, built.agreement).items()} == {built.goal: "risiko"}


@pytest.mark.parametrize("change, problem", [
    (('colour = "#ff6f00"', 'colour = "orange"'), "statusskalaens trin 'risiko': 'colour' skal skrives som #rrggbb"),
    (('symbol = "▲"', 'symbol = ""'), "statusskalaens trin 'risiko': 'symbol' skal være 1-3 tegn"),
    (('symbol = "▲"\n', ''), "statusskalaens trin 'risiko'"),
    (('key = "risiko"', 'key = "plan"'), "plan"),
])
def test_a_bad_scale_is_refused_in_danish(faaborg: Template, change: tuple[str, str], problem: str) -> None:
    broken = _with_scale(faaborg, OWN_SCALE.replace(*change))
    with pytest.raises(TemplateError) as caught:
        parse_template(broken, "skabeloner/egen.toml")
    assert "Skabelonen 'skabeloner/egen.toml' kan ikke bruges" in str(caught.value)
    assert problem in str(caught.value)


# --- migration from a version 2 store -------------------------------------------------------------

def test_a_version_2_store_gains_the_follow_up_tables_and_keeps_its_data(tmp_path: Path, faaborg: Template) -> None:
    path = tmp_path / "v2.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    run_migrations(conn, target=2)
    conn.execute("INSERT INTO template_snapshots VALUES ('h', 'faaborg-midtfyn', ?, '2008-01-01')", (faaborg.source,))
    conn.execute("INSERT INTO agreements (uuid, template_id, template_hash, unit, year, title, created, updated,"
                 " revision, sent_revision) VALUES ('a1', 'faaborg-midtfyn', 'h', 'IT-staben', 2008, 'Aftale 2008',"
                 " 'x', 'x', 7, 3)")
    conn.execute("INSERT INTO goals (uuid, agreement_uuid, kind, position, deleted, created, updated, revision)"
                 " VALUES ('g1', 'a1', 'faglig', 0, 0, 'x', 'x', 1)")
    conn.execute("INSERT INTO field_values VALUES ('g1', 'title', 'a1', '\"Helpdesk\"', 'x', 'x', 1)")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()

    store = open_store(path)
    try:
        assert store.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION >= 3
        tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"follow_up_rounds", "statuses", "meetings", "meeting_items", "meeting_item_goals"} <= tables
        kept = store.query("SELECT unit, year, title, revision, sent_revision FROM agreements")
        assert [tuple(r) for r in kept] == [("IT-staben", 2008, "Aftale 2008", 7, 3)]
        first = create_round(store, "1. september", SEPTEMBER, year=2008)
        set_status(store, first, "g1", "gul", "efter migreringen")
        assert statuses_of(store, first, "a1")["g1"].comment == "efter migreringen"
    finally:
        store.close()
