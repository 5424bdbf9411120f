"""Year mentions: found with their context, moved one year on only where accepted."""

from __future__ import annotations

from storage import edits
from storage.agreements import copy_for_next_year, load_agreement
from storage.database import Store
from storage.model import Row
from storage.year_mentions import find_mentions, left_in_copy, mentions_in, moved_text, still_named

PLACE = ("owner", "objective", None, None)


def test_the_year_the_year_before_and_a_two_digit_date_are_found_in_reading_order() -> None:
    text = "Rev. 7/1-08: i 2008 ift. niveauet i 2007, ikke i 20081 eller 12008."
    found = mentions_in(text, 2008, PLACE)
    assert [(m.found, m.replacement) for m in found] == [("08", "09"), ("2008", "2009"), ("2007", "2008")]
    assert moved_text(text, found) == "Rev. 7/1-09: i 2009 ift. niveauet i 2008, ikke i 20081 eller 12008."


def test_the_context_shows_the_words_around_the_mention() -> None:
    text = "At serviceportalen er velfungerende inden udgangen af andet kvartal 2008.\nNæste linje."
    (mention,) = mentions_in(text, 2008, PLACE)
    assert mention.before.endswith("udgangen af andet kvartal ") and mention.before.startswith("…")
    assert mention.after.startswith(". Næste linje")


def test_only_accepted_mentions_move_and_a_stale_one_is_left_alone() -> None:
    text = "2008 og 2008"
    first, second = mentions_in(text, 2008, PLACE)
    assert moved_text(text, [second]) == "2008 og 2009"
    assert moved_text("nu en anden tekst", [first]) == "nu en anden tekst"


def test_still_named_reads_texts_dicts_and_rows() -> None:
    assert still_named("budget 2008", 2008) and not still_named("budget 2009", 2008)
    assert still_named({"amount": 5, "text": "afsat i 2008"}, 2008)
    assert still_named([Row("r", "sub_goals", 0, {"text": "inden 2008"})], 2008)
    assert not still_named([Row("r", "action_plan", 0, {"activity": "x", "status": "2008"})], 2008)
    assert not still_named(None, 2008)
    assert still_named("Rev. 7/1-08", 2008) and still_named("frist 31.12.08", 2008)
    assert not still_named("Rev. 7/1-09", 2008) and not still_named("konto 12.08.2009", 2008)


def test_a_mention_moved_on_from_the_year_before_is_no_stale_one() -> None:
    """Copied from 2008 to 2009: a 2008 that was 2007 in the source was moved on; one that was 2008 is stale."""
    assert not still_named("niveauet i 2008", 2008, source="niveauet i 2007")
    assert still_named("niveauet i 2008 og budget 2008", 2008, source="niveauet i 2007 og budget 2008")
    assert still_named("niveauet i 2007 og budget 2008", 2008, source="niveauet i 2007 og budget 2008")
    assert still_named("budget 2008", 2008, source="budget 2008")
    assert not still_named("budget 2009", 2008, source="budget 2008")
    rows = [Row("r", "sub_goals", 0, {"text": "fra 2008"}), Row("s", "sub_goals", 1, {"text": "i 2008"})]
    source = [Row("r", "sub_goals", 0, {"text": "fra 2007"}), Row("s", "sub_goals", 1, {"text": "i 2008"})]
    assert still_named(rows, 2008, source) and not still_named(rows[:1], 2008, source[:1])


def test_the_demo_names_its_year_in_titles_lists_and_the_action_plan(store: Store, demo_uuid: str) -> None:
    demo = load_agreement(store, demo_uuid)
    found = find_mentions(demo)
    texts = {m.before[-30:] + m.found for m in found}
    assert any(t.endswith("Politiske indsatsområder 2008") for t in texts)
    assert any(t.endswith("andet kvartal 2008") for t in texts)
    assert not any(m.field_id in ("revision", "title", "year") and m.owner_uuid == demo_uuid for m in found)
    assert {m.field_id for m in found} >= {"title", "objective", "sub_goals", "action_plan"}


def test_the_copy_moves_what_was_accepted_and_clears_the_revision(store: Store, demo_uuid: str) -> None:
    demo = load_agreement(store, demo_uuid)
    assert demo.values["revision"] == "Rev. 7/1-08"
    found = find_mentions(demo)
    political = next(m for m in found if m.before.endswith("Politiske indsatsområder "))
    quarter = next(m for m in found if m.before.endswith("andet kvartal "))
    copy = load_agreement(store, copy_for_next_year(store, demo_uuid, [political]))
    assert "revision" not in copy.values
    titles = [g.values.get("title") for g in copy.goals]
    assert "Politiske indsatsområder 2009" in titles
    source_goal = next(g for g in demo.goals if g.uuid == quarter.owner_uuid)
    copied_goal = next(g for g in copy.goals if g.kind == source_goal.kind and g.position == source_goal.position)
    assert "andet kvartal 2008" in str(copied_goal.values.get(quarter.field_id)) + " ".join(
        str(r.data) for r in copied_goal.rows_of(quarter.field_id))  # not accepted: copied as written


def test_every_mention_accepted_leaves_no_year_behind(store: Store, demo_uuid: str) -> None:
    demo = load_agreement(store, demo_uuid)
    edits.set_value(store, demo_uuid, demo.goals[0].uuid, "budget", {"amount": 1000, "text": "afsat i 2008"})
    demo = load_agreement(store, demo_uuid)
    copy = load_agreement(store, copy_for_next_year(store, demo_uuid, find_mentions(demo)))
    nodes = [*copy.sections, *copy.goals]
    assert not any(still_named(v, 2007) for n in nodes for v in n.values.values())  # 2007 became 2008
    assert not any(still_named(rows, 2007) for n in nodes for rows in n.rows.values())
    # the year before (2008 now) is named exactly where 2007 was; 7/1-08 became 7/1-09
    moved, source = find_mentions(copy), find_mentions(demo)
    assert sum(m.found == "2008" for m in moved) == sum(m.found == "2007" for m in source)
    assert sum(m.found == "09" for m in moved) == sum(m.found == "08" for m in source)
    assert copy.goals[0].values["budget"] == {"amount": 1000, "text": "afsat i 2009"}


def test_a_copy_that_moved_nothing_still_holds_each_mention_of_last_year(store: Store, demo_uuid: str) -> None:
    demo = load_agreement(store, demo_uuid)
    copy = load_agreement(store, copy_for_next_year(store, demo_uuid))
    left, source = left_in_copy(copy), find_mentions(demo)
    assert [(m.found, m.before, m.after) for m in left] == [(m.found, m.before, m.after) for m in source]
    assert {m.replacement for m in left} == {"2009", "2008", "09"}  # what --move-years would have written
