"""The complete canonical form of an agreement, for bundles: every stored entity as it is stored.

:func:`to_canonical` reads the store's tables, not the outline: UUIDs, created/updated/revision of
every entity and of every field value, deleted goals and rows as tombstones (``"deleted": true``),
the follow-up rounds that cover the agreement (its own and its year's), its statuses, and the
dialogue-meeting items that concern its goals. Nothing derived travels (no numbers or headings);
``show --json`` (:mod:`storage.canonical`) derives those from this content.

What of a meeting travels: the meeting itself (title, date, time, place, round) and only those
items that concern a goal of this agreement, each listing only this agreement's goals; items about
other units' goals stay at home. A meeting's round travels only if it is one of the agreement's.

Sections and goal kinds the template marks ``private`` are left out with everything they own
(field values, rows, statuses, meeting links) when ``for_bundle`` is set.
See docs/bundle-format.md.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from storage.damage import stored_json
from storage.errors import NotFoundError
from storage.snapshots import snapshot_template
from storage.template_model import SectionDef, Template

CANONICAL_FORMAT = "aftaler/agreement-content"
CANONICAL_VERSION = 1

ENTITY = ("created", "updated", "revision")


def _entity(row: sqlite3.Row) -> dict[str, Any]:
    return {k: row[k] for k in ENTITY}


def _private_section_keys(sections: tuple[SectionDef, ...], inherited: bool = False) -> set[str]:
    keys: set[str] = set()
    for section in sections:
        private = inherited or section.private
        if private:
            keys.add(section.key)
        keys |= _private_section_keys(section.children, private)
    return keys


def private_owners(conn: sqlite3.Connection, uuid: str, template: Template) -> set[str]:
    """UUIDs of the sections (with sub-sections) and goals the template marks private."""
    keys = _private_section_keys(template.sections)
    kinds = {k.id for k in template.goal_kinds if k.private}
    out: set[str] = set()
    sections = list(conn.execute("SELECT uuid, parent_uuid, key FROM sections WHERE agreement_uuid = ?", (uuid,)))
    out |= {r["uuid"] for r in sections if r["key"] in keys}
    grew = True
    while grew:  # sub-sections of a private section, whatever their keys
        before = len(out)
        out |= {r["uuid"] for r in sections if r["parent_uuid"] in out}
        grew = len(out) != before
    out |= {r["uuid"] for r in conn.execute("SELECT uuid, kind FROM goals WHERE agreement_uuid = ?", (uuid,))
            if r["kind"] in kinds}
    return out


def to_canonical(conn: sqlite3.Connection, agreement_uuid: str, for_bundle: bool = False) -> dict[str, Any]:
    """The agreement's complete content as a JSON-ready dict (keys sorted when dumped)."""
    row = conn.execute("SELECT * FROM agreements WHERE uuid = ?", (agreement_uuid,)).fetchone()
    if row is None:
        raise NotFoundError(f"Aftalen {agreement_uuid} findes ikke.")
    template_row = conn.execute("SELECT hash, template_id, source FROM template_snapshots WHERE hash = ?",
                                (row["template_hash"],)).fetchone()
    hidden = private_owners(conn, agreement_uuid, snapshot_template(conn, row["template_hash"])) \
        if for_bundle else set()
    agreement = {
        "uuid": row["uuid"], "template_id": row["template_id"], "template_hash": row["template_hash"],
        "unit": row["unit"], "year": row["year"], "title": row["title"], "derived_from": row["derived_from"],
        "sent_revision": row["sent_revision"], "sent_at": row["sent_at"],
        "sent_edit_revision": row["sent_edit_revision"], **_entity(row),
    }
    sections = [
        {"uuid": r["uuid"], "parent_uuid": r["parent_uuid"], "key": r["key"], "position": r["position"], **_entity(r)}
        for r in conn.execute("SELECT * FROM sections WHERE agreement_uuid = ? ORDER BY position, uuid",
                              (agreement_uuid,))
        if r["uuid"] not in hidden
    ]
    goals = [
        {"uuid": r["uuid"], "kind": r["kind"], "position": r["position"], "deleted": bool(r["deleted"]), **_entity(r)}
        for r in conn.execute("SELECT * FROM goals WHERE agreement_uuid = ? ORDER BY position, uuid",
                              (agreement_uuid,))
        if r["uuid"] not in hidden
    ]
    owners = {agreement_uuid} | {s["uuid"] for s in sections} | {g["uuid"] for g in goals}
    values = [
        {"owner_uuid": r["owner_uuid"], "field_id": r["field_id"], "value": stored_json(r["value"]), **_entity(r)}
        for r in conn.execute("SELECT * FROM field_values WHERE agreement_uuid = ? ORDER BY owner_uuid, field_id",
                              (agreement_uuid,))
        if r["owner_uuid"] in owners
    ]
    rows = [
        {"uuid": r["uuid"], "owner_uuid": r["owner_uuid"], "field_id": r["field_id"], "position": r["position"],
         "data": stored_json(r["data"]), "deleted": bool(r["deleted"]), **_entity(r)}
        for r in conn.execute("SELECT * FROM rows WHERE agreement_uuid = ? ORDER BY owner_uuid, field_id, position,"
                              " uuid", (agreement_uuid,))
        if r["owner_uuid"] in owners
    ]
    goal_ids = {g["uuid"] for g in goals}
    rounds = _rounds(conn, agreement_uuid, row["year"])
    round_ids = {r["uuid"] for r in rounds}
    targets = goal_ids | {r["uuid"] for r in rows}
    statuses = [
        {k: r[k] for k in ("round_uuid", "target_uuid", "goal_uuid", "target_kind", "status", "comment",
                           "measured", "set_by", "set_at", *ENTITY)}
        for r in conn.execute("SELECT * FROM statuses WHERE agreement_uuid = ? ORDER BY round_uuid, target_uuid",
                              (agreement_uuid,))
        if r["target_uuid"] in targets and r["goal_uuid"] in goal_ids and r["round_uuid"] in round_ids
    ]
    return {
        "format": CANONICAL_FORMAT,
        "format_version": CANONICAL_VERSION,
        "agreement": agreement,
        "sections": sections,
        "goals": goals,
        "field_values": values,
        "rows": rows,
        "follow_up_rounds": rounds,
        "statuses": statuses,
        "meetings": _meetings(conn, goal_ids, round_ids),
        "templates": [{"hash": template_row["hash"], "template_id": template_row["template_id"],
                       "source": template_row["source"]}],
    }


def _rounds(conn: sqlite3.Connection, agreement_uuid: str, year: int) -> list[dict[str, Any]]:
    found = list(conn.execute(
        "SELECT * FROM follow_up_rounds WHERE agreement_uuid = ? OR (agreement_uuid IS NULL AND year = ?)"
        " ORDER BY date, uuid", (agreement_uuid, year)))
    ids = {r["uuid"] for r in found}
    return [
        {"uuid": r["uuid"], "name": r["name"], "date": r["date"], "year": r["year"],
         "scope": "agreement" if r["agreement_uuid"] else "year", "closed": bool(r["closed"]),
         "based_on": r["based_on"] if r["based_on"] in ids else None, **_entity(r)}
        for r in found
    ]


def _meetings(conn: sqlite3.Connection, goal_ids: set[str], round_ids: set[str]) -> list[dict[str, Any]]:
    links: dict[str, list[str]] = {}
    for goal in sorted(goal_ids):
        for r in conn.execute("SELECT item_uuid FROM meeting_item_goals WHERE goal_uuid = ?", (goal,)):
            links.setdefault(r["item_uuid"], []).append(goal)
    meetings: dict[str, dict[str, Any]] = {}
    for item_uuid in sorted(links):
        item = conn.execute("SELECT * FROM meeting_items WHERE uuid = ?", (item_uuid,)).fetchone()
        if item is None:
            continue
        meeting_uuid = item["meeting_uuid"]
        if meeting_uuid not in meetings:
            m = conn.execute("SELECT * FROM meetings WHERE uuid = ?", (meeting_uuid,)).fetchone()
            meetings[meeting_uuid] = {
                "uuid": m["uuid"], "title": m["title"], "date": m["date"], "time": m["time"], "place": m["place"],
                "round_uuid": m["round_uuid"] if m["round_uuid"] in round_ids else None,
                "deleted": bool(m["deleted"]), **_entity(m), "items": []}
        meetings[meeting_uuid]["items"].append({
            "uuid": item["uuid"], "position": item["position"], "title": item["title"], "resume": item["resume"],
            "recommendation": stored_json(item["recommendation"]), "recommended_by": item["recommended_by"],
            "background": item["background"], "decision": item["decision"], "deleted": bool(item["deleted"]),
            **_entity(item), "goals": sorted(links[item_uuid])})
    out = sorted(meetings.values(), key=lambda m: (m["date"], m["uuid"]))
    for m in out:
        m["items"].sort(key=lambda i: (i["position"], i["uuid"]))
    return out


def canonical_json(document: dict[str, Any]) -> str:
    """The one byte form of canonical content: sorted keys, characters as they are, no spaces
    (compact, so that json's C encoder writes it: with an indent Python's own is ten times slower)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
