"""Reading canonical content (:mod:`storage.canonical_write`) back into a store, as given.

:func:`read_canonical` writes the agreement with the UUIDs, timestamps and revisions it carries
(never new ones) inside the caller's transaction (``with store.write() as conn``). Before it writes
anything it checks every reference: a section's parent, the owner of a field value or row, a
status's round, goal and target, a meeting item's goals, and that no UUID is used twice or already
belongs to something else here. Each refusal is a Danish :class:`CanonicalError` naming what and
where. Rounds and meetings that already exist here (a year's round shared by many agreements) are
kept as they are; the rest is added.
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from typing import Any

from storage.errors import StoreError
from storage.field_types import ValueProblem, check_rows, check_scalar, row_keys_of
from storage.snapshots import snapshot_template, store_snapshot
from storage.template_model import FieldDef, Template, section_fields
from storage.templates import TemplateError, parse_template, template_hash


class CanonicalError(StoreError):
    """Canonical content that cannot be read into the store; nothing was written."""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, sort_keys=True)


def _where(agreement: dict[str, Any]) -> str:
    return f"aftalen '{agreement.get('title', '')}' ({agreement.get('uuid', '')})"


class _Checker:
    def __init__(self, conn: sqlite3.Connection, data: dict[str, Any], replacing: bool = False,
                 own: frozenset[str] = frozenset()) -> None:
        self.conn = conn
        self.data = data
        self.where = _where(data["agreement"])
        self.seen: set[str] = set()
        #: the agreement is here and is being replaced: its own UUIDs are not taken
        self.replacing = replacing
        #: UUIDs known to be the agreement's own here (not looked up)
        self.own = own

    def fail(self, problem: str) -> CanonicalError:
        return CanonicalError(f"I {self.where}: {problem}. Intet er ændret.")

    def new_uuid(self, uuid: str, what: str, table: str) -> None:
        if uuid in self.seen:
            raise self.fail(f"{what} {uuid} optræder to gange")
        self.seen.add(uuid)
        if uuid in self.own:
            return
        column = "uuid" if table == "agreements" else "agreement_uuid"
        found = self.conn.execute(f"SELECT {column} FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
        if found is not None and not (self.replacing and found[0] == self.data["agreement"]["uuid"]):
            raise self.fail(f"{what} {uuid} findes allerede her i en anden aftale")

    def check(self) -> None:
        data = self.data
        agreement = data["agreement"]
        self.new_uuid(agreement["uuid"], "aftalen", "agreements")
        hashes = {t["hash"] for t in data["templates"]}
        known = self.conn.execute("SELECT 1 FROM template_snapshots WHERE hash = ?",
                                  (agreement["template_hash"],)).fetchone()
        if agreement["template_hash"] not in hashes and not known:
            raise self.fail(f"skabelonen {agreement['template_hash']} mangler")
        sections = {s["uuid"]: s for s in data["sections"]}
        for section in data["sections"]:
            self.new_uuid(section["uuid"], "afsnittet", "sections")
            if section["parent_uuid"] is not None and section["parent_uuid"] not in sections:
                raise self.fail(f"afsnittet {section['uuid']} har et overordnet afsnit "
                                f"({section['parent_uuid']}), som ikke er med")
        for section in data["sections"]:  # a parent chain that runs in a circle
            seen, cursor = set(), section
            while cursor["parent_uuid"] is not None:
                if cursor["uuid"] in seen:
                    raise self.fail(f"afsnittet {section['uuid']} ligger i sig selv")
                seen.add(cursor["uuid"])
                cursor = sections[cursor["parent_uuid"]]
        goals = {g["uuid"] for g in data["goals"]}
        for goal in data["goals"]:
            self.new_uuid(goal["uuid"], "indsatsen", "goals")
        owners = {agreement["uuid"], *sections, *goals}
        pairs: set[tuple[str, str]] = set()
        for value in data["field_values"]:
            if value["owner_uuid"] not in owners:
                raise self.fail(f"feltet '{value['field_id']}' hører til {value['owner_uuid']}, som ikke er med")
            pair = (value["owner_uuid"], value["field_id"])
            if pair in pairs:
                raise self.fail(f"feltet '{value['field_id']}' i {value['owner_uuid']} optræder to gange")
            pairs.add(pair)
        for row in data["rows"]:
            self.new_uuid(row["uuid"], "rækken", "rows")
            if row["owner_uuid"] not in owners:
                raise self.fail(f"rækken {row['uuid']} hører til {row['owner_uuid']}, som ikke er med")
        self.check_followup(goals, {r["uuid"] for r in data["rows"]})

    def check_values(self, template: Template) -> None:
        """Values and rows of the fields the template knows must have their type's form (a value
        the window or the Word export could not show is refused here, not met later)."""
        fields: dict[str, dict[str, FieldDef]] = {self.data["agreement"]["uuid"]: {f.id: f for f in template.metadata}}
        for section in self.data["sections"]:
            known = template.section(section["key"])
            fields[section["uuid"]] = {f.id: f for f in section_fields(known)} if known else {}
        for goal in self.data["goals"]:
            kind = template.goal_kind(goal["kind"])
            fields[goal["uuid"]] = {f.id: f for f in kind.fields} if kind else {}
        for value in self.data["field_values"]:
            field = fields[value["owner_uuid"]].get(value["field_id"])
            if field is None or value["value"] in (None, ""):
                continue
            try:
                check_scalar(field, value["value"])
            except ValueProblem as exc:
                raise self.fail(f"i {value['owner_uuid']}: {exc}") from None
        for row in self.data["rows"]:
            field = fields[row["owner_uuid"]].get(row["field_id"])
            keys = row_keys_of(field) if field else ()
            if field is not None and not keys:
                raise self.fail(f"rækken {row['uuid']} hører til feltet '{field.label}', som ikke er en liste")
            if not all(isinstance(row["data"].get(k, ""), str) for k in keys):
                raise self.fail(f"rækken {row['uuid']} i '{field.label if field else ''}' skal have teksterne "
                                f"{', '.join(keys)}")
            try:  # the type's own rule for a row (a milestone's time)
                if field is not None:
                    check_rows(field, [row["data"]])
            except ValueProblem as exc:
                raise self.fail(f"rækken {row['uuid']}: {exc}") from None

    def check_followup(self, goals: set[str], rows: set[str]) -> None:
        rounds: set[str] = set()
        for r in self.data["follow_up_rounds"]:
            if r["uuid"] in rounds:
                raise self.fail(f"opfølgningsrunden {r['uuid']} optræder to gange")
            rounds.add(r["uuid"])
        agreement = self.data["agreement"]
        for r in self.data["follow_up_rounds"]:
            if r["year"] != agreement["year"]:
                raise self.fail(f"opfølgningsrunden '{r['name']}' gælder {r['year']}, ikke aftalens år")
            here = self.conn.execute("SELECT agreement_uuid, year FROM follow_up_rounds WHERE uuid = ?",
                                     (r["uuid"],)).fetchone()
            scope = agreement["uuid"] if r["scope"] == "agreement" else None
            if here is not None and (here[0] != scope or here[1] != r["year"]):
                raise self.fail(f"opfølgningsrunden '{r['name']}' ({r['uuid']}) findes allerede her for en "
                                "anden aftale eller et andet år")
            if r["based_on"] is not None and r["based_on"] not in rounds:
                raise self.fail(f"opfølgningsrunden '{r['name']}' bygger på en runde, som ikke er med")
        keys: set[tuple[str, str]] = set()
        for status in self.data["statuses"]:
            where = f"status for {status['target_uuid']}"
            if status["round_uuid"] not in rounds:
                raise self.fail(f"{where} hører til runden {status['round_uuid']}, som ikke er med")
            if status["goal_uuid"] not in goals:
                raise self.fail(f"{where} hører til indsatsen {status['goal_uuid']}, som ikke er med")
            if status["target_uuid"] not in goals | rows:
                raise self.fail(f"{where} gælder noget, som ikke er med")
            key = (status["round_uuid"], status["target_uuid"])
            if key in keys:
                raise self.fail(f"{where} optræder to gange i samme runde")
            keys.add(key)
        items: set[str] = set()
        for meeting in self.data["meetings"]:
            if meeting["round_uuid"] is not None and meeting["round_uuid"] not in rounds:
                raise self.fail(f"mødet '{meeting['title']}' hører til en runde, som ikke er med")
            for item in meeting["items"]:
                if item["uuid"] in items:
                    raise self.fail(f"mødepunktet {item['uuid']} optræder to gange")
                items.add(item["uuid"])
                for goal in item["goals"]:
                    if goal not in goals:
                        raise self.fail(f"mødepunktet '{item['title']}' gælder indsatsen {goal}, som ikke er med")


def check_canonical(conn: sqlite3.Connection, data: dict[str, Any], replacing: bool = False,
                    own: frozenset[str] = frozenset()) -> None:
    """Refuse (:class:`CanonicalError`) content whose references do not hold; writes nothing.

    ``replacing``: the agreement is here and the content is to replace it."""
    try:
        checker = _Checker(conn, data, replacing, own)
        checker.check()
        checker.check_values(_template_of(conn, data))
    except (KeyError, TypeError, AttributeError) as exc:
        raise CanonicalError(f"I {_where_safe(data)}: indholdet har ikke den forventede opbygning "
                             f"({type(exc).__name__}: {str(exc)[:80]}). Intet er ændret.") from exc


@lru_cache(maxsize=16)  # a bundle's agreements mostly share one template
def parsed_template(source: str, origin: str) -> Template:
    return parse_template(source, origin, strict=False)  # accepted where the agreement was made


def _template_of(conn: sqlite3.Connection, data: dict[str, Any]) -> Template:
    digest = data["agreement"]["template_hash"]
    for t in data["templates"]:
        if t["hash"] == digest:
            try:
                return parsed_template(t["source"], f"{t['template_id']} (fra pakken)")
            except TemplateError as exc:
                raise CanonicalError(f"I {_where(data['agreement'])}: skabelonen '{t['template_id']}' kan ikke "
                                     f"indlæses: {exc}. Intet er ændret.") from exc
    return snapshot_template(conn, digest)


def _where_safe(data: Any) -> str:
    try:
        return _where(data["agreement"])
    except (KeyError, TypeError, AttributeError):
        return "en aftale"


def read_canonical(conn: sqlite3.Connection, data: dict[str, Any]) -> str:
    """Write one agreement's canonical content into the store as given; its UUID.

    Runs inside the caller's transaction; raises :class:`CanonicalError` before writing anything
    when a reference does not hold, a UUID is taken, or a template it brings does not load."""
    check_canonical(conn, data)
    _write_templates(conn, data)
    conn.execute("PRAGMA defer_foreign_keys = ON")  # sections may name a parent listed after them
    a = data["agreement"]
    conn.execute(
        "INSERT INTO agreements (uuid, template_id, template_hash, unit, year, title, derived_from, sent_revision,"
        " sent_at, sent_edit_revision, created, updated, revision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (a["uuid"], a["template_id"], a["template_hash"], a["unit"], a["year"], a["title"], a["derived_from"],
         a["sent_revision"], a["sent_at"], a["sent_edit_revision"], a["created"], a["updated"], a["revision"]))
    _write_content(conn, data, upsert=False)
    return str(a["uuid"])


def replace_canonical(conn: sqlite3.Connection, data: dict[str, Any], before: dict[str, Any]) -> None:
    """Make the agreement that is here (whose content is ``before``) the given content (a merge's
    result), inside the caller's transaction; checked like :func:`read_canonical` first.

    Only what differs from ``before`` is written: records are added or updated, never removed
    (deleted goals and rows stay as tombstones); a changed meeting item's links to this
    agreement's goals are set anew, its links to other agreements' goals are left as they are."""
    own = frozenset(e["uuid"] for table in ("sections", "goals", "rows") for e in before[table])
    check_canonical(conn, data, replacing=True, own=own | {before["agreement"]["uuid"]})
    _write_templates(conn, data)
    conn.execute("PRAGMA defer_foreign_keys = ON")
    a = data["agreement"]
    conn.execute(
        "UPDATE agreements SET template_id = ?, template_hash = ?, unit = ?, year = ?, title = ?, derived_from = ?,"
        " sent_revision = ?, sent_at = ?, sent_edit_revision = ?, created = ?, updated = ?, revision = ?"
        " WHERE uuid = ?",
        (a["template_id"], a["template_hash"], a["unit"], a["year"], a["title"], a["derived_from"],
         a["sent_revision"], a["sent_at"], a["sent_edit_revision"], a["created"], a["updated"], a["revision"],
         a["uuid"]))
    _write_content(conn, _delta(before, data), upsert=True)


_KEYS = {
    "sections": ("uuid",), "goals": ("uuid",), "field_values": ("owner_uuid", "field_id"), "rows": ("uuid",),
    "follow_up_rounds": ("uuid",), "statuses": ("round_uuid", "target_uuid"),
}


def _delta(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """``after`` with only the records that are not in ``before`` as they are there."""
    out: dict[str, Any] = {"agreement": after["agreement"]}
    for table, key in _KEYS.items():
        known = {tuple(r[k] for k in key): r for r in before[table]}
        out[table] = [r for r in after[table] if known.get(tuple(r[k] for k in key)) != r]
    items = {i["uuid"]: i for m in before["meetings"] for i in m["items"]}
    meetings = {m["uuid"]: {k: v for k, v in m.items() if k != "items"} for m in before["meetings"]}
    out["meetings"] = []
    for m in after["meetings"]:
        changed = [i for i in m["items"] if items.get(i["uuid"]) != i]
        if changed or meetings.get(m["uuid"]) != {k: v for k, v in m.items() if k != "items"}:
            out["meetings"].append({**m, "items": changed})
    return out


def _write_content(conn: sqlite3.Connection, data: dict[str, Any], upsert: bool) -> None:
    uuid = data["agreement"]["uuid"]
    conn.executemany(
        f"INSERT INTO sections ({SECTION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)" + _on_conflict(upsert, SECTION_COLUMNS),
        [(s["uuid"], uuid, s["parent_uuid"], s["key"], s["position"], s["created"], s["updated"], s["revision"])
         for s in data["sections"]])
    conn.executemany(
        f"INSERT INTO goals ({GOAL_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)" + _on_conflict(upsert, GOAL_COLUMNS),
        [(g["uuid"], uuid, g["kind"], g["position"], int(g["deleted"]), g["created"], g["updated"], g["revision"])
         for g in data["goals"]])
    conn.executemany(
        f"INSERT INTO field_values ({VALUE_COLUMNS}) VALUES (?,?,?,?,?,?,?)"
        + _on_conflict(upsert, VALUE_COLUMNS, "owner_uuid, field_id"),
        [(v["owner_uuid"], v["field_id"], uuid, _dumps(v["value"]), v["created"], v["updated"], v["revision"])
         for v in data["field_values"]])
    conn.executemany(
        f"INSERT INTO rows ({ROW_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)" + _on_conflict(upsert, ROW_COLUMNS),
        [(r["uuid"], uuid, r["owner_uuid"], r["field_id"], r["position"], _dumps(r["data"]), int(r["deleted"]),
          r["created"], r["updated"], r["revision"]) for r in data["rows"]])
    _write_followup(conn, data, upsert)


def _write_templates(conn: sqlite3.Connection, data: dict[str, Any]) -> None:
    where = _where(data["agreement"])
    for t in data["templates"]:
        if template_hash(t["source"]) != t["hash"]:
            raise CanonicalError(f"I {where}: skabelonen '{t['template_id']}' passer ikke til sin kontrolsum "
                                 f"{t['hash']}. Intet er ændret.")
        try:
            parsed_template(t["source"], f"{t['template_id']} (fra pakken)")
        except TemplateError as exc:
            raise CanonicalError(f"I {where}: skabelonen '{t['template_id']}' kan ikke indlæses: {exc}. "
                                 "Intet er ændret.") from exc
        store_snapshot(conn, t["hash"], t["template_id"], t["source"])


def _on_conflict(upsert: bool, columns: str, key: str = "uuid") -> str:
    """What adding a record that is already here does: for a new agreement nothing for a round,
    meeting or item (it keeps what is here; a new agreement's own records cannot be here), for a
    merge an update (it has decided)."""
    if not upsert:
        return f" ON CONFLICT({key}) DO NOTHING" if key == "uuid" else ""
    keys = {k.strip() for k in key.split(",")}
    names = [c.strip() for c in columns.split(",") if c.strip() not in keys]
    return f" ON CONFLICT({key}) DO UPDATE SET " + ", ".join(f"{n} = excluded.{n}" for n in names)


SECTION_COLUMNS = "uuid, agreement_uuid, parent_uuid, key, position, created, updated, revision"
GOAL_COLUMNS = "uuid, agreement_uuid, kind, position, deleted, created, updated, revision"
VALUE_COLUMNS = "owner_uuid, field_id, agreement_uuid, value, created, updated, revision"
ROW_COLUMNS = "uuid, agreement_uuid, owner_uuid, field_id, position, data, deleted, created, updated, revision"
STATUS_COLUMNS = ("round_uuid, target_uuid, agreement_uuid, goal_uuid, target_kind, status, comment, measured, set_by,"
                  " set_at, created, updated, revision")


ROUND_COLUMNS = "uuid, name, date, year, agreement_uuid, closed, based_on, created, updated, revision"
MEETING_COLUMNS = "uuid, title, date, time, place, round_uuid, deleted, created, updated, revision"
ITEM_COLUMNS = ("uuid, meeting_uuid, position, title, resume, recommendation, recommended_by, background, decision,"
                " deleted, created, updated, revision")


def _write_followup(conn: sqlite3.Connection, data: dict[str, Any], upsert: bool) -> None:
    uuid = data["agreement"]["uuid"]
    conn.executemany(
        f"INSERT INTO follow_up_rounds ({ROUND_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)"
        + _on_conflict(upsert, ROUND_COLUMNS),
        [(r["uuid"], r["name"], r["date"], r["year"], uuid if r["scope"] == "agreement" else None,
          int(r["closed"]), r["based_on"], r["created"], r["updated"], r["revision"])
         for r in data["follow_up_rounds"]])
    conn.executemany(
        f"INSERT INTO statuses ({STATUS_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
        + _on_conflict(upsert, STATUS_COLUMNS, "round_uuid, target_uuid"),
        [(s["round_uuid"], s["target_uuid"], uuid, s["goal_uuid"], s["target_kind"], s["status"], s["comment"],
          s["measured"], s["set_by"], s["set_at"], s["created"], s["updated"], s["revision"])
         for s in data["statuses"]])
    for m in data["meetings"]:
        conn.execute(
            f"INSERT INTO meetings ({MEETING_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)"
            + _on_conflict(upsert, MEETING_COLUMNS),
            (m["uuid"], m["title"], m["date"], m["time"], m["place"], m["round_uuid"], int(m["deleted"]),
             m["created"], m["updated"], m["revision"]))
        for i in m["items"]:
            conn.execute(
                f"INSERT INTO meeting_items ({ITEM_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + _on_conflict(upsert, ITEM_COLUMNS),
                (i["uuid"], m["uuid"], i["position"], i["title"], i["resume"],
                 json.dumps(i["recommendation"], ensure_ascii=False), i["recommended_by"], i["background"],
                 i["decision"], int(i["deleted"]), i["created"], i["updated"], i["revision"]))
            if upsert:  # the item's links to this agreement's goals are as the content says
                conn.execute("DELETE FROM meeting_item_goals WHERE item_uuid = ? AND goal_uuid IN"
                             " (SELECT uuid FROM goals WHERE agreement_uuid = ?)", (i["uuid"], uuid))
            conn.executemany("INSERT OR IGNORE INTO meeting_item_goals (item_uuid, goal_uuid) VALUES (?, ?)",
                             [(i["uuid"], g) for g in i["goals"]])
