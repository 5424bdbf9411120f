"""The agreement's history of versions that lost a merge conflict, and bringing one back.

When an import's conflict is decided, the side that loses (ours replaced by the bundle's, or the
bundle's refused) is kept here with where it stood and where it came from. Bringing it back makes
it the agreement's current version of that part (a change here, which a later exchange sends on);
the version it replaces is kept in turn, so bringing back can itself be undone.
"""

from __future__ import annotations

import json
import sqlite3

from storage.canonical_read import replace_canonical
from storage.canonical_write import to_canonical
from storage.damage import stored_json
from storage.database import Store
from storage.errors import NotFoundError, StoreError
from storage.merge_content import Content
from storage.merge_labels import Labels
from storage.merge_units import Unit, units
from storage.model import now_iso
from storage.records import record
from storage.snapshots import snapshot_template


@record(frozen=True)
class LostVersion:
    """A text that lost a conflict in an import, kept so it can be brought back."""

    id: int
    agreement_uuid: str
    group: str
    label: str
    text: str
    #: where it came from: "din version (pakken 'x.aftale' fra mette)" …
    source: str
    lost_at: str
    restored_at: str | None


def keep(conn: sqlite3.Connection, agreement_uuid: str, unit: Unit, group: str, label: str, text: str,
         source: str) -> None:
    """Keep a version that lost (inside the caller's transaction)."""
    record = {"kind": unit.kind, "key": unit.key, "owner": unit.owner, "record": unit.record}
    conn.execute(
        "INSERT INTO lost_versions (agreement_uuid, unit_key, grp, label, text, record, source, lost_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (agreement_uuid, unit.key, group, label, text, json.dumps(record, ensure_ascii=False), source, now_iso()))


def lost_versions(store: Store, agreement_uuid: str) -> list[LostVersion]:
    """The agreement's lost versions, newest first."""
    return [
        LostVersion(r["id"], r["agreement_uuid"], r["grp"], r["label"], r["text"], r["source"], r["lost_at"],
                    r["restored_at"])
        for r in store.query("SELECT * FROM lost_versions WHERE agreement_uuid = ? ORDER BY id DESC",
                             (agreement_uuid,))
    ]


def restore_version(store: Store, version_id: int) -> None:
    """Make a lost version the agreement's current one; the version it replaces is kept in turn."""
    with store.write() as conn:
        row = conn.execute("SELECT * FROM lost_versions WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"Den tabte version {version_id} findes ikke.")
        saved = stored_json(row["record"])
        if not isinstance(saved, dict) or not isinstance(saved.get("record"), dict):
            raise StoreError(f"Den tabte version {version_id} kan ikke læses. Intet er ændret.")
        agreement_uuid = row["agreement_uuid"]
        document = to_canonical(conn, agreement_uuid)
        current = units(document).get(row["unit_key"])
        now = now_iso()
        record = {**saved["record"], "updated": now,
                  "revision": max(saved["record"].get("revision", 1), current.record["revision"] if current and
                                  "revision" in current.record else 1) + 1}
        if saved["kind"] in ("agreement", "sent"):
            record = {**(current.record if current else document["agreement"]),
                      **{k: v for k, v in saved["record"].items() if k not in ("created", "updated", "revision")}}
        content = Content(document)
        content.put(Unit(row["unit_key"], saved["kind"], None, record, saved["owner"]))
        if saved["kind"] in ("goal", "row") and not record.get("deleted") and \
                (current is None or current.record.get("deleted")):
            _append_if_unplaced(content, record)
        content.agreement["revision"] += 1
        content.agreement["updated"] = now
        if current is not None:
            template = snapshot_template(conn, document["agreement"]["template_hash"])
            text = Labels(document, document, template, template).text(current)
            keep(conn, agreement_uuid, current, row["grp"], row["label"], text,
                 "erstattet, da en tabt version blev hentet tilbage")
        conn.execute("UPDATE lost_versions SET restored_at = ? WHERE id = ?", (now, version_id))
        replace_canonical(conn, content.document(), document)


def _append_if_unplaced(content: Content, record: dict[str, object]) -> None:
    """A goal or row brought back from deletion stands last among its kind or field."""
    if "kind" in record:
        key = f"order/{content.agreement['uuid']}/goals:{record['kind']}"
    else:
        key = f"order/{record['owner_uuid']}/{record['field_id']}"
    live = content.live_in(key)
    ordered = sorted(live - {str(record["uuid"])},
                     key=lambda u: (content.goals.get(u) or content.rows[u])["position"])
    content.place([*ordered, str(record["uuid"])])
