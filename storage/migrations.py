"""The schema, as numbered migrations. ``PRAGMA user_version`` records which ran."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from storage.errors import MigrationError

if TYPE_CHECKING:  # sqlite-utils is slow to import and needed only when a step runs
    from sqlite_utils import Database
    from sqlite_utils.db import Table

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


def migrate_2_to_3(db: Database) -> None:
    """Follow-up: rounds (a name and a date, one agreement or all of a year), the status of each goal,
    sub-goal and action in a round, and dialogue-meeting minutes whose items concern goals."""
    entity = {"created": str, "updated": str, "revision": int}
    _table(db, "follow_up_rounds").create(
        {"uuid": str, "name": str, "date": str, "year": int, "agreement_uuid": str, "closed": int,
         "based_on": str, **entity},
        pk="uuid",
        not_null={"name", "date", "year", "closed", "created", "updated", "revision"},
        defaults={"closed": 0},
        foreign_keys=[("agreement_uuid", "agreements", "uuid"), ("based_on", "follow_up_rounds", "uuid")],
    )
    _table(db, "statuses").create(
        {"round_uuid": str, "target_uuid": str, "agreement_uuid": str, "goal_uuid": str, "target_kind": str,
         "status": str, "comment": str, "measured": str, "set_by": str, "set_at": str, **entity},
        pk=("round_uuid", "target_uuid"),
        not_null={"agreement_uuid", "goal_uuid", "target_kind", "comment", "set_by", "set_at", "created",
                  "updated", "revision"},
        defaults={"comment": "", "set_by": ""},
        foreign_keys=[("round_uuid", "follow_up_rounds", "uuid"), ("agreement_uuid", "agreements", "uuid"),
                      ("goal_uuid", "goals", "uuid")],
    )
    _table(db, "meetings").create(
        {"uuid": str, "title": str, "date": str, "place": str, "round_uuid": str, "deleted": int, **entity},
        pk="uuid",
        not_null={"title", "date", "place", "deleted", "created", "updated", "revision"},
        defaults={"place": "", "deleted": 0},
        foreign_keys=[("round_uuid", "follow_up_rounds", "uuid")],
    )
    _table(db, "meeting_items").create(
        {"uuid": str, "meeting_uuid": str, "position": int, "title": str, "resume": str,
         "recommendation": str, "background": str, "decision": str, "deleted": int, **entity},
        pk="uuid",
        not_null={"meeting_uuid", "position", "title", "resume", "recommendation", "background", "decision",
                  "deleted", "created", "updated", "revision"},
        defaults={"resume": "", "recommendation": "[]", "background": "", "decision": "", "deleted": 0},
        foreign_keys=[("meeting_uuid", "meetings", "uuid")],
    )
    _table(db, "meeting_item_goals").create(
        {"item_uuid": str, "goal_uuid": str}, pk=("item_uuid", "goal_uuid"),
        foreign_keys=[("item_uuid", "meeting_items", "uuid"), ("goal_uuid", "goals", "uuid")],
    )
    _table(db, "follow_up_rounds").create_index(["year"])
    _table(db, "statuses").create_index(["agreement_uuid"])
    _table(db, "statuses").create_index(["goal_uuid"])
    _table(db, "meeting_items").create_index(["meeting_uuid"])
    _table(db, "meeting_item_goals").create_index(["goal_uuid"])


def migrate_3_to_4(db: Database) -> None:
    """Minutes as in the Albertslund example: the meeting's time ("kl. 09:00") and who recommends each
    item ("Kommunaldirektøren indstiller,")."""
    _table(db, "meetings").add_column("time", str, not_null_default="")
    _table(db, "meeting_items").add_column("recommended_by", str, not_null_default="")


def migrate_4_to_5(db: Database) -> None:
    """Exchanging agreements: the store's own identity, what was sent and received per agreement and
    peer (the base a later merge compares with; ``seq`` orders them here, never clocks), and the
    versions that lost a merge conflict, kept so they can be brought back."""
    _table(db, "store_info").create({"key": str, "value": str}, pk="key", not_null={"value"})
    db.execute("INSERT INTO store_info (key, value) VALUES ('store_id', lower(hex(randomblob(16))))")
    _table(db, "exchanges").create(
        {"seq": int, "agreement_uuid": str, "direction": str, "peer": str, "sha256": str, "content": str,
         "recorded_at": str},
        pk="seq",
        not_null={"agreement_uuid", "direction", "peer", "sha256", "content", "recorded_at"},
    )
    _table(db, "exchanges").create_index(["agreement_uuid", "direction", "peer", "sha256"], unique=True)
    _table(db, "lost_versions").create(
        {"id": int, "agreement_uuid": str, "unit_key": str, "grp": str, "label": str, "text": str, "record": str,
         "source": str, "lost_at": str, "restored_at": str},
        pk="id",
        not_null={"agreement_uuid", "unit_key", "grp", "label", "text", "record", "source", "lost_at"},
    )
    _table(db, "lost_versions").create_index(["agreement_uuid"])


def migrate_5_to_6(db: Database) -> None:
    """Each stored template's parsed form (JSON) beside its text: opening an agreement then needs no TOML
    parser, which was about 3% of the program's start (storage.templates.parsed_form)."""
    from storage.templates import parsed_form

    _table(db, "template_snapshots").add_column("parsed", str)
    for digest, source in db.execute("SELECT hash, source FROM template_snapshots").fetchall():
        db.execute("UPDATE template_snapshots SET parsed = ? WHERE hash = ?", (parsed_form(source), digest))


MIGRATIONS: dict[int, Callable[[Database], None]] = {
    1: migrate_0_to_1,
    2: migrate_1_to_2,
    3: migrate_2_to_3,
    4: migrate_3_to_4,
    5: migrate_4_to_5,
    6: migrate_5_to_6,
}
SCHEMA_VERSION = max(MIGRATIONS)


def run_migrations(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring the store from its user_version up to ``target``, each step in one transaction.

    A step that fails is rolled back (the store stays at the version before it) and raised as a
    Danish :class:`MigrationError`."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current >= target:
        return
    from sqlite_utils import Database

    db = Database(conn)
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
