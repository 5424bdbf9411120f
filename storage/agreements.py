"""Creating, listing, loading and copying agreements."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from storage import edits, goal_rules
from storage.damage import stored_json
from storage.database import Store
from storage.errors import NotFoundError
from storage.model import Agreement, AgreementSummary, Goal, Row, Section, new_uuid, now_iso
from storage.records import record
from storage.snapshots import save_snapshot, snapshot_template
from storage.template_model import FieldType, SectionDef, Template, section_fields
from storage.templates import PLACEHOLDER_RE

if TYPE_CHECKING:  # year mentions are looked for when an agreement is copied, not at start-up
    from storage.year_mentions import Place, YearMention


@record(frozen=True)
class AgreementFilter:
    """Which agreements a list shows: one year, units whose name contains a text, or all."""

    year: int | None = None
    unit: str | None = None


def create_agreement(store: Store, template: Template, unit: str, year: int, title: str | None = None) -> str:
    with store.write() as conn:
        return insert_agreement(conn, template, unit, year, title)


def insert_agreement(
    conn: sqlite3.Connection,
    template: Template,
    unit: str,
    year: int,
    title: str | None = None,
    derived_from: str | None = None,
    with_sections: bool = True,
) -> str:
    year = edits.agreement_year(year)  # a Danish refusal, not an OverflowError from SQLite
    agreement_uuid = new_uuid()
    stamp = now_iso()
    digest = save_snapshot(conn, template)
    conn.execute(
        "INSERT INTO agreements (uuid, template_id, template_hash, unit, year, title, derived_from,"
        " created, updated, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        (agreement_uuid, template.id, digest, unit, year, title or template.title_for(unit, year),
         derived_from, stamp, stamp),
    )
    if with_sections:
        for position, section in enumerate(template.sections):
            _insert_section(conn, agreement_uuid, section, None, position, (unit, year))
        goal_rules.insert_single_goals(conn, agreement_uuid, template)
        defaults = {"period_start": f"{year}-01-01", "period_end": f"{year + template.period_years - 1}-12-31"}
        for field in template.metadata:
            value = defaults.get(field.id, field.default) if field.type is FieldType.DATE else field.default
            if field.id not in ("unit", "year", "title") and value not in (None, ""):
                edits.write_value(conn, agreement_uuid, agreement_uuid, field.id, value)
    return agreement_uuid


def _insert_section_row(conn: sqlite3.Connection, agreement_uuid: str, parent: str | None, key: str,
                        position: int) -> str:
    section_uuid = new_uuid()
    stamp = now_iso()
    conn.execute(
        "INSERT INTO sections (uuid, agreement_uuid, parent_uuid, key, position, created, updated, revision)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
        (section_uuid, agreement_uuid, parent, key, position, stamp, stamp),
    )
    return section_uuid


def _insert_section(conn: sqlite3.Connection, agreement_uuid: str, section: SectionDef, parent: str | None,
                    position: int, unit_year: tuple[str, int]) -> None:
    section_uuid = _insert_section_row(conn, agreement_uuid, parent, section.key, position)
    for field in section_fields(section):
        default = fill_text(section.text, *unit_year) if field.id == "text" and section.text else field.default
        if default not in (None, ""):
            edits.write_value(conn, agreement_uuid, section_uuid, field.id, default)
    for child_position, child in enumerate(section.children):
        _insert_section(conn, agreement_uuid, child, section_uuid, child_position, unit_year)


def fill_text(text: str, unit: str, year: int) -> str:
    """A section's default text for an agreement: {year}, {next_year} and {unit} filled in, {{ and }} as
    single braces (the template refuses any other placeholder)."""
    if "{" not in text and "}" not in text:
        return text
    values = {"year": str(year), "next_year": str(year + 1), "unit": unit}
    filled = PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    return filled.replace("{{", "{").replace("}}", "}")


def list_agreements(store: Store, flt: AgreementFilter = AgreementFilter()) -> list[AgreementSummary]:
    sql = ("SELECT uuid, unit, year, title, template_id, updated, revision, sent_revision, sent_edit_revision"
           " FROM agreements")
    where: list[str] = []
    params: list[object] = []
    if flt.year is not None:
        where.append("year = ?")
        params.append(flt.year)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY year DESC, unit COLLATE NOCASE, title COLLATE NOCASE"
    rows = [AgreementSummary(*tuple(r)) for r in store.query(sql, tuple(params))]
    if flt.unit:
        # In Python, not SQL LIKE: LIKE ignores case for ASCII only, and "ældre" must find "Ældre".
        needle = flt.unit.casefold()
        rows = [r for r in rows if needle in r.unit.casefold()]
    return rows


def years(store: Store) -> list[int]:
    return [r[0] for r in store.query("SELECT DISTINCT year FROM agreements ORDER BY year DESC")]


def exists(store: Store, agreement_uuid: str) -> bool:
    return bool(store.query("SELECT 1 FROM agreements WHERE uuid = ?", (agreement_uuid,)))


def load_agreement(store: Store, agreement_uuid: str) -> Agreement:
    return read_agreement(store.conn, agreement_uuid)


def read_agreement(conn: sqlite3.Connection, agreement_uuid: str) -> Agreement:
    row = conn.execute("SELECT * FROM agreements WHERE uuid = ?", (agreement_uuid,)).fetchone()
    if row is None:
        raise NotFoundError(f"Aftalen {agreement_uuid} findes ikke.")
    agreement = Agreement(
        uuid=row["uuid"], created=row["created"], updated=row["updated"], revision=row["revision"],
        template_id=row["template_id"], template_hash=row["template_hash"], unit=row["unit"],
        year=row["year"], title=row["title"], derived_from=row["derived_from"],
        sent_revision=row["sent_revision"], sent_at=row["sent_at"], sent_edit_revision=row["sent_edit_revision"],
    )
    nodes: dict[str, Agreement | Section | Goal] = {agreement.uuid: agreement}
    for r in conn.execute("SELECT * FROM sections WHERE agreement_uuid = ?", (agreement_uuid,)):
        section = Section(uuid=r["uuid"], created=r["created"], updated=r["updated"], revision=r["revision"],
                          key=r["key"], parent_uuid=r["parent_uuid"], position=r["position"])
        agreement.sections.append(section)
        nodes[section.uuid] = section
    for r in conn.execute("SELECT * FROM goals WHERE agreement_uuid = ? AND deleted = 0", (agreement_uuid,)):
        goal = Goal(uuid=r["uuid"], created=r["created"], updated=r["updated"], revision=r["revision"],
                    kind=r["kind"], position=r["position"])
        agreement.goals.append(goal)
        nodes[goal.uuid] = goal
    for r in conn.execute("SELECT owner_uuid, field_id, value FROM field_values WHERE agreement_uuid = ?",
                          (agreement_uuid,)):
        if r["owner_uuid"] in nodes:
            nodes[r["owner_uuid"]].values[r["field_id"]] = stored_json(r["value"])
    for r in conn.execute("SELECT * FROM rows WHERE agreement_uuid = ? AND deleted = 0 ORDER BY position",
                          (agreement_uuid,)):
        owner = nodes.get(r["owner_uuid"])
        if owner is not None:
            owner.rows.setdefault(r["field_id"], []).append(
                Row(uuid=r["uuid"], field_id=r["field_id"], position=r["position"], data=stored_json(r["data"]),
                    created=r["created"], updated=r["updated"], revision=r["revision"]))
    agreement.values.update({"unit": agreement.unit, "year": agreement.year, "title": agreement.title})
    agreement.goals.sort(key=lambda g: g.position)
    return agreement


def template_of(store: Store, agreement: Agreement) -> Template:
    return snapshot_template(store.conn, agreement.template_hash)


def copy_for_next_year(store: Store, source_uuid: str, moved: Iterable[YearMention] = ()) -> str:
    """Next year's agreement: same content, year and period moved on, revision, approval and statuses
    cleared, new UUIDs. ``moved``: the year mentions (:func:`storage.year_mentions.find_mentions` on the
    source) that become one year later; any other text is copied as written."""
    from storage.year_mentions import by_place

    accepted = by_place(moved)
    with store.write() as conn:
        source = read_agreement(conn, source_uuid)
        template = snapshot_template(conn, source.template_hash)
        year = source.year + 1
        title = source.title.replace(str(source.year), str(year)) if str(source.year) in source.title else None
        new = insert_agreement(conn, template, source.unit, year, title or template.title_for(source.unit, year),
                               derived_from=source.uuid, with_sections=False)
        _copy_node_content(conn, new, new, source, accepted, moved_year=year)
        section_ids: dict[str, str] = {}
        for section in _sections_parents_first(source):
            parent = section_ids.get(section.parent_uuid or "")
            section_ids[section.uuid] = _insert_section_row(conn, new, parent, section.key, section.position)
            _copy_node_content(conn, new, section_ids[section.uuid], section, accepted)
            _move_year_text(conn, new, section_ids[section.uuid], section, template, source)
        for goal in source.goals:
            goal_uuid = edits.insert_goal(conn, new, goal.kind, goal.position)
            _copy_node_content(conn, new, goal_uuid, goal, accepted)
        return new


def _move_year_text(conn: sqlite3.Connection, agreement_uuid: str, section_uuid: str, section: Section,
                    template: Template, source: Agreement) -> None:
    """A default text with {year} … that still reads as the template filled it last year is filled in for
    the new year; a text someone changed is copied as it was written."""
    definition = template.section(section.key)
    if definition is None or not PLACEHOLDER_RE.search(definition.text):
        return
    if section.value("text") == fill_text(definition.text, source.unit, source.year):
        edits.write_value(conn, agreement_uuid, section_uuid, "text",
                          fill_text(definition.text, source.unit, source.year + 1))


def _sections_parents_first(agreement: Agreement) -> list[Section]:
    out: list[Section] = []

    def visit(parent: str | None) -> None:
        for child in agreement.children_of(parent):
            out.append(child)
            visit(child.uuid)

    visit(None)
    return out


def _copy_node_content(conn: sqlite3.Connection, agreement_uuid: str, owner_uuid: str,
                       source: Agreement | Section | Goal, accepted: dict[Place, list[YearMention]],
                       moved_year: int | None = None) -> None:
    from storage.year_mentions import moved_text

    def moved(field_id: str, row: str | None, key: str | None, text: str) -> str:
        mentions = accepted.get((source.uuid, field_id, row, key))
        return moved_text(text, mentions) if mentions else text

    for field_id, value in source.values.items():
        if moved_year is not None and field_id in ("unit", "year", "title", "approval_date", "revision"):
            continue
        if moved_year is not None and isinstance(value, str) and field_id.startswith("period_"):
            value = f"{moved_year}{value[4:]}" if len(value) == 10 else value
        elif isinstance(value, str):
            value = moved(field_id, None, None, value)
        elif isinstance(value, dict):
            value = {k: moved(field_id, None, k, v) if isinstance(v, str) else v for k, v in value.items()}
        edits.write_value(conn, agreement_uuid, owner_uuid, field_id, value)
    for field_id, rows in source.rows.items():
        for row in rows:
            data = {key: moved(field_id, row.uuid, key, cell) for key, cell in row.data.items()}
            if "status" in data:
                data["status"] = ""
            edits.insert_row(conn, agreement_uuid, owner_uuid, field_id, row.position, data)
