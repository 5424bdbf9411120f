"""Store.write when a write fails: the store is as it was, the reason is Danish, and the same
connection writes again once the cause is gone. Real failures: another process holding the
write lock, a real small file system filled to the last byte."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import edits
from storage.agreements import create_agreement, load_agreement
from storage.database import Store, open_store
from storage.errors import StoreError, WriteError
from storage.template_model import Template
from tests.faults import full, held_write_lock, small_filesystem


@pytest.fixture
def disk_store(tmp_path: Path, faaborg: Template) -> Iterator[tuple[Store, str, Path]]:
    with small_filesystem(tmp_path / "lille-disk", size_kb=2048) as folder:
        store = open_store(folder / "aftaler.sqlite")
        uuid = create_agreement(store, faaborg, "IT-staben", 2008)
        try:
            yield store, uuid, folder
        finally:
            store.close()


def test_an_error_inside_the_transaction_rolls_everything_back(store: Store, agreement_uuid: str) -> None:
    before = load_agreement(store, agreement_uuid)
    with pytest.raises(RuntimeError), store.write() as conn:
        edits.write_value(conn, agreement_uuid, agreement_uuid, "title", "Halvt skrevet")
        edits.touch_agreement(conn, agreement_uuid)
        raise RuntimeError("midt i")
    after = load_agreement(store, agreement_uuid)
    assert (after.title, after.revision) == (before.title, before.revision)
    assert not store.conn.in_transaction
    edits.set_value(store, agreement_uuid, agreement_uuid, "title", "Hel")
    assert load_agreement(store, agreement_uuid).title == "Hel"


def test_a_full_disk_is_a_danish_write_error_and_the_connection_recovers(
        disk_store: tuple[Store, str, Path]) -> None:
    store, uuid, folder = disk_store
    before = load_agreement(store, uuid)
    goal = edits.add_goal(store, uuid, "faglig")
    with full(folder):
        with pytest.raises(WriteError) as caught:
            edits.set_value(store, uuid, goal, "objective", "Mål " * 20_000)
        assert "der er ikke plads på disken" in str(caught.value)
        assert "full" not in str(caught.value)  # not SQLite's English "database or disk is full"
        assert not store.conn.in_transaction
        assert load_agreement(store, uuid).node(goal) is not None
        assert load_agreement(store, uuid).node(goal).value("objective") is None  # type: ignore[union-attr]
    edits.set_value(store, uuid, goal, "objective", "Mål " * 20_000)
    assert load_agreement(store, uuid).revision > before.revision


def test_a_write_lock_held_by_another_program_is_a_danish_write_error(store: Store, agreement_uuid: str) -> None:
    with held_write_lock(store.path), store.waiting_at_most(100), \
            pytest.raises(WriteError, match="optaget af et andet program"):
        edits.set_value(store, agreement_uuid, agreement_uuid, "title", "Under låsen")
    edits.set_value(store, agreement_uuid, agreement_uuid, "title", "Efter låsen")
    assert load_agreement(store, agreement_uuid).title == "Efter låsen"


@pytest.mark.parametrize("typed", ["20x9", "", "2009.5", "99999999999999999999999", "-4"])
def test_a_year_that_is_not_a_year_is_refused_in_danish(store: Store, agreement_uuid: str, typed: str) -> None:
    """A template may make the year a line field; what is typed there is checked, not crashed on."""
    with pytest.raises(StoreError, match="Året skal være et helt tal") as caught:
        edits.set_value(store, agreement_uuid, agreement_uuid, "year", typed)
    assert not isinstance(caught.value, WriteError)  # not worth retrying
    assert load_agreement(store, agreement_uuid).year == 2008
    edits.set_value(store, agreement_uuid, agreement_uuid, "year", " 2009 ")
    assert load_agreement(store, agreement_uuid).year == 2009


def test_a_new_agreement_for_a_year_beyond_reason_is_refused_in_danish(store: Store, faaborg: Template) -> None:
    with pytest.raises(StoreError, match="Året skal være et helt tal"):
        create_agreement(store, faaborg, "IT-staben", 10**20)  # SQLite's integers end long before
    assert store.query("SELECT count(*) FROM agreements")[0][0] == 0
