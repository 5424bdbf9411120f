"""Single edits to an agreement, each one short write transaction.

The public functions are what the window's undo commands and the command line call;
the ``write_*``/``insert_*`` functions run inside a transaction the caller holds.
Every change raises the revision of the entity and of its agreement.
"""

from __future__ import annotations

import json
import sqlite3

from storage.database import Store
from storage.errors import NotFoundError, StoreError
from storage.model import JSONValue, new_uuid, now_iso

AGREEMENT_COLUMNS = ("unit", "year", "title")


def _dumps(value: JSONValue) -> str:
    return json.dumps(value, ensure_ascii=True, sort_keys=True)


def touch_agreement(conn: sqlite3.Connection, agreement_uuid: str) -> None:
    conn.execute("UPDATE agreements SET updated = ?, revision = revision + 1 WHERE uuid = ?",
                 (now_iso(), agreement_uuid))


def _touch(conn: sqlite3.Connection, table: str, entity_uuid: str) -> None:
    conn.execute(f"UPDATE {table} SET updated = ?, revision = revision + 1 WHERE uuid = ?",
                 (now_iso(), entity_uuid))


def write_value(conn: sqlite3.Connection, agreement_uuid: str, owner_uuid: str, field_id: str,
                value: JSONValue) -> None:
    stamp = now_iso()
    if owner_uuid == agreement_uuid and field_id in AGREEMENT_COLUMNS:
        column_value = agreement_year(value) if field_id == "year" else str(value or "")
        conn.execute(f"UPDATE agreements SET {field_id} = ? WHERE uuid = ?", (column_value, agreement_uuid))
        return
    conn.execute(
        "INSERT INTO field_values (owner_uuid, field_id, agreement_uuid, value, created, updated, revision)"
        " VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (owner_uuid, field_id) DO UPDATE SET"
        " value = excluded.value, updated = excluded.updated, revision = field_values.revision + 1",
        (owner_uuid, field_id, agreement_uuid, _dumps(value), stamp, stamp),
    )


def agreement_year(value: JSONValue) -> int:
    """An agreement's year from what was typed or picked; a Danish StoreError if it is not a year."""
    try:
        year = int(str(value).strip()) if not isinstance(value, bool) else -1
    except ValueError:
        year = -1
    if not 1 <= year <= 9999:
        shown = str(value)[:40]
        raise StoreError(f"Året skal være et helt tal, fx 2009; »{shown}« er ikke gemt som år.")
    return year


def _owner_table(conn: sqlite3.Connection, owner_uuid: str) -> str:
    for table in ("agreements", "sections", "goals"):
        if conn.execute(f"SELECT 1 FROM {table} WHERE uuid = ?", (owner_uuid,)).fetchone():
            return table
    raise NotFoundError("Elementet findes ikke længere i aftalen.")


def set_value(store: Store, agreement_uuid: str, owner_uuid: str, field_id: str, value: JSONValue) -> None:
    with store.write() as conn:
        table = _owner_table(conn, owner_uuid)
        write_value(conn, agreement_uuid, owner_uuid, field_id, value)
        if table != "agreements":
            _touch(conn, table, owner_uuid)
        touch_agreement(conn, agreement_uuid)


# --- goals -------------------------------------------------------------------------------

def insert_goal(conn: sqlite3.Connection, agreement_uuid: str, kind: str, position: int,
                goal_uuid: str | None = None) -> str:
    goal_uuid = goal_uuid or new_uuid()
    stamp = now_iso()
    conn.execute(
        "INSERT INTO goals (uuid, agreement_uuid, kind, position, deleted, created, updated, revision)"
        " VALUES (?, ?, ?, ?, 0, ?, ?, 1)",
        (goal_uuid, agreement_uuid, kind, position, stamp, stamp),
    )
    return goal_uuid


def _live_ids(conn: sqlite3.Connection, table: str, where: str, params: tuple[str, ...]) -> list[str]:
    return [r[0] for r in conn.execute(
        f"SELECT uuid FROM {table} WHERE {where} AND deleted = 0 ORDER BY position", params)]


def _renumber(conn: sqlite3.Connection, table: str, ordered: list[str]) -> None:
    for position, entity_uuid in enumerate(ordered):
        conn.execute(f"UPDATE {table} SET position = ? WHERE uuid = ? AND position != ?",
                     (position, entity_uuid, position))


def add_goal(store: Store, agreement_uuid: str, kind: str, index: int | None = None,
             goal_uuid: str | None = None, values: dict[str, JSONValue] | None = None) -> str:
    """A new goal of ``kind`` at ``index`` among the kind's goals (end if None), without the template's
    rules or defaults (those: :func:`storage.goal_rules.add_goal`)."""
    with store.write() as conn:
        new = insert_goal_at(conn, agreement_uuid, kind, index, goal_uuid)
        for field_id, value in (values or {}).items():
            write_value(conn, agreement_uuid, new, field_id, value)
        return new


def insert_goal_at(conn: sqlite3.Connection, agreement_uuid: str, kind: str, index: int | None,
                   goal_uuid: str | None = None) -> str:
    """:func:`add_goal` inside the caller's transaction."""
    siblings = _live_ids(conn, "goals", "agreement_uuid = ? AND kind = ?", (agreement_uuid, kind))
    new = insert_goal(conn, agreement_uuid, kind, len(siblings), goal_uuid)
    siblings.insert(len(siblings) if index is None else max(0, min(index, len(siblings))), new)
    _renumber(conn, "goals", siblings)
    touch_agreement(conn, agreement_uuid)
    return new


def set_goal_deleted(store: Store, goal_uuid: str, deleted: bool, index: int | None = None) -> None:
    """Delete (keeping a tombstone) or restore a goal; a restored goal returns to ``index``."""
    with store.write() as conn:
        row = conn.execute("SELECT agreement_uuid, kind FROM goals WHERE uuid = ?", (goal_uuid,)).fetchone()
        if row is None:
            raise NotFoundError("Indsatsen findes ikke længere.")
        agreement_uuid, kind = row[0], row[1]
        conn.execute("UPDATE goals SET deleted = ? WHERE uuid = ?", (int(deleted), goal_uuid))
        _touch(conn, "goals", goal_uuid)
        siblings = [g for g in _live_ids(conn, "goals", "agreement_uuid = ? AND kind = ?", (agreement_uuid, kind))
                    if g != goal_uuid]
        if not deleted:
            siblings.insert(len(siblings) if index is None else max(0, min(index, len(siblings))), goal_uuid)
        _renumber(conn, "goals", siblings)
        touch_agreement(conn, agreement_uuid)


def move_goal(store: Store, goal_uuid: str, index: int) -> None:
    with store.write() as conn:
        row = conn.execute("SELECT agreement_uuid, kind FROM goals WHERE uuid = ?", (goal_uuid,)).fetchone()
        if row is None:
            raise NotFoundError("Indsatsen findes ikke længere.")
        _move(conn, "goals", goal_uuid, index, "agreement_uuid = ? AND kind = ?", (row[0], row[1]))
        touch_agreement(conn, row[0])


def _move(conn: sqlite3.Connection, table: str, entity_uuid: str, index: int, where: str,
          params: tuple[str, ...]) -> None:
    siblings = _live_ids(conn, table, where, params)
    siblings.remove(entity_uuid)
    siblings.insert(max(0, min(index, len(siblings))), entity_uuid)
    _renumber(conn, table, siblings)
    _touch(conn, table, entity_uuid)


# --- rows (lettered-list items, actions, parties) ------------------------------------------

def insert_row(conn: sqlite3.Connection, agreement_uuid: str, owner_uuid: str, field_id: str, position: int,
               data: dict[str, str], row_uuid: str | None = None) -> str:
    row_uuid = row_uuid or new_uuid()
    stamp = now_iso()
    conn.execute(
        "INSERT INTO rows (uuid, agreement_uuid, owner_uuid, field_id, position, data, deleted, created, updated,"
        " revision) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, 1)",
        (row_uuid, agreement_uuid, owner_uuid, field_id, position, _dumps(data), stamp, stamp),
    )
    return row_uuid


def _row_place(conn: sqlite3.Connection, row_uuid: str) -> tuple[str, str, str]:
    row = conn.execute("SELECT agreement_uuid, owner_uuid, field_id FROM rows WHERE uuid = ?",
                       (row_uuid,)).fetchone()
    if row is None:
        raise NotFoundError("Punktet findes ikke længere.")
    return row[0], row[1], row[2]


def _touch_owner(conn: sqlite3.Connection, agreement_uuid: str, owner_uuid: str) -> None:
    table = _owner_table(conn, owner_uuid)
    if table != "agreements":
        _touch(conn, table, owner_uuid)
    touch_agreement(conn, agreement_uuid)


def add_row(store: Store, agreement_uuid: str, owner_uuid: str, field_id: str, index: int | None,
            data: dict[str, str], row_uuid: str | None = None) -> str:
    with store.write() as conn:
        siblings = _live_ids(conn, "rows", "owner_uuid = ? AND field_id = ?", (owner_uuid, field_id))
        if row_uuid and conn.execute("SELECT 1 FROM rows WHERE uuid = ?", (row_uuid,)).fetchone():
            conn.execute("UPDATE rows SET deleted = 0, data = ? WHERE uuid = ?", (_dumps(data), row_uuid))
            _touch(conn, "rows", row_uuid)
            new = row_uuid
        else:
            new = insert_row(conn, agreement_uuid, owner_uuid, field_id, len(siblings), data, row_uuid)
        siblings.insert(len(siblings) if index is None else max(0, min(index, len(siblings))), new)
        _renumber(conn, "rows", siblings)
        _touch_owner(conn, agreement_uuid, owner_uuid)
        return new


def set_row_data(store: Store, row_uuid: str, data: dict[str, str]) -> None:
    with store.write() as conn:
        agreement_uuid, owner_uuid, _ = _row_place(conn, row_uuid)
        conn.execute("UPDATE rows SET data = ? WHERE uuid = ?", (_dumps(data), row_uuid))
        _touch(conn, "rows", row_uuid)
        _touch_owner(conn, agreement_uuid, owner_uuid)


def delete_row(store: Store, row_uuid: str) -> None:
    with store.write() as conn:
        agreement_uuid, owner_uuid, field_id = _row_place(conn, row_uuid)
        conn.execute("UPDATE rows SET deleted = 1 WHERE uuid = ?", (row_uuid,))
        _touch(conn, "rows", row_uuid)
        _renumber(conn, "rows", _live_ids(conn, "rows", "owner_uuid = ? AND field_id = ?", (owner_uuid, field_id)))
        _touch_owner(conn, agreement_uuid, owner_uuid)


def move_row(store: Store, row_uuid: str, index: int) -> None:
    with store.write() as conn:
        agreement_uuid, owner_uuid, field_id = _row_place(conn, row_uuid)
        _move(conn, "rows", row_uuid, index, "owner_uuid = ? AND field_id = ?", (owner_uuid, field_id))
        _touch_owner(conn, agreement_uuid, owner_uuid)
