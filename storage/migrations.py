"""The schema, as numbered migrations. ``PRAGMA user_version`` records which ran."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.db import Table

from storage.errors import MigrationError

#: Marks a SQLite file as an Aftaler store (``PRAGMA application_id``), "AFTL".
APPLICATION_ID = 0x4146544C


def _table(db: Database, name: str) -> Table:
    return db.table(name)


def migrate_0_to_1(db: Database) -> None:
    _table(db, "template_snapshots").create(
        {"hash": str, "template_id": str, "source": str, "created": str}, pk="hash"
    )
    entity = {"created": str, "updated": str, "revision": int}
    _table(db, "agreements").create(
        {
            "uuid": str,
            "template_id": str,
            "template_hash": str,
            "unit": str,
            "year": int,
            "title": str,
            "derived_from": str,
            **entity,
        },
        pk="uuid",
        not_null={"template_id", "template_hash", "unit", "year", "title", "created", "updated", "revision"},
        foreign_keys=[("template_hash", "template_snapshots", "hash")],
    )
    _table(db, "sections").create(
        {"uuid": str, "agreement_uuid": str, "parent_uuid": str, "key": str, "position": int, **entity},
        pk="uuid",
        not_null={"agreement_uuid", "key", "position"},
        foreign_keys=[("agreement_uuid", "agreements", "uuid"), ("parent_uuid", "sections", "uuid")],
    )
    _table(db, "goals").create(
        {"uuid": str, "agreement_uuid": str, "kind": str, "position": int, "deleted": int, **entity},
        pk="uuid",
        not_null={"agreement_uuid", "kind", "position", "deleted"},
        defaults={"deleted": 0},
        foreign_keys=[("agreement_uuid", "agreements", "uuid")],
    )
    _table(db, "field_values").create(
        {"owner_uuid": str, "field_id": str, "agreement_uuid": str, "value": str, **entity},
        pk=("owner_uuid", "field_id"),
        not_null={"agreement_uuid", "value"},
        foreign_keys=[("agreement_uuid", "agreements", "uuid")],
    )
    _table(db, "rows").create(
        {
            "uuid": str,
            "agreement_uuid": str,
            "owner_uuid": str,
            "field_id": str,
            "position": int,
            "data": str,
            "deleted": int,
            **entity,
        },
        pk="uuid",
        not_null={"agreement_uuid", "owner_uuid", "field_id", "position", "data", "deleted"},
        defaults={"deleted": 0},
        foreign_keys=[("agreement_uuid", "agreements", "uuid")],
    )
    _table(db, "sections").create_index(["agreement_uuid"])
    _table(db, "goals").create_index(["agreement_uuid"])
    _table(db, "field_values").create_index(["agreement_uuid"])
    _table(db, "rows").create_index(["agreement_uuid"])
    _table(db, "agreements").create_index(["year", "unit"])


def migrate_1_to_2(db: Database) -> None:
    """Record what was sent for signature: the document revision (Rev. 3), when, and the
    agreement's edit revision at that moment (to see later edits)."""
    _table(db, "agreements").add_column("sent_revision", int)
    _table(db, "agreements").add_column("sent_at", str)
    _table(db, "agreements").add_column("sent_edit_revision", int)


MIGRATIONS: dict[int, Callable[[Database], None]] = {
    1: migrate_0_to_1,
    2: migrate_1_to_2,
}
SCHEMA_VERSION = max(MIGRATIONS)


def run_migrations(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring the store from its user_version up to ``target``, each step in one transaction.

    A step that fails is rolled back (the store stays at the version before it) and raised as a
    Danish :class:`MigrationError`."""
    db = Database(conn)
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](db)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:  # SQLite may have rolled back by itself (disk full, I/O error)
                conn.execute("ROLLBACK")
            if isinstance(exc, Exception):
                raise MigrationError(version, exc) from exc
            raise
