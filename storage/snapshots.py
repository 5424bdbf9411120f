"""Template snapshots: the exact template text each agreement was created with."""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from storage.errors import StoreError
from storage.model import now_iso
from storage.template_model import Template
from storage.templates import TemplateError, parse_template, parsed_form, stored_template, template_hash


def save_snapshot(conn: sqlite3.Connection, template: Template) -> str:
    digest = template_hash(template.source)
    store_snapshot(conn, digest, template.id, template.source)
    return digest


def store_snapshot(conn: sqlite3.Connection, digest: str, template_id: str, source: str) -> None:
    """The template text under its hash, with its parsed form; a template stored before is neither parsed
    nor written again."""
    if conn.execute("SELECT 1 FROM template_snapshots WHERE hash = ?", (digest,)).fetchone() is None:
        conn.execute(
            "INSERT INTO template_snapshots (hash, template_id, source, parsed, created) VALUES (?, ?, ?, ?, ?)",
            (digest, template_id, source, parsed_form(source), now_iso()),
        )


@lru_cache(maxsize=64)
def _parse_cached(source: str, parsed: str | None, origin: str) -> Template:
    """Accepted when the agreement was made: read from its parsed form where the store has it."""
    return stored_template(parsed, source, origin) if parsed else parse_template(source, origin, strict=False)


def snapshot_template(conn: sqlite3.Connection, digest: str) -> Template:
    row = conn.execute("SELECT template_id, source, parsed FROM template_snapshots WHERE hash = ?",
                       (digest,)).fetchone()
    if row is None:
        raise StoreError("Aftalens skabelon mangler i databasen.")
    try:
        return _parse_cached(row[1], row[2], f"{row[0]} (gemt i databasen)")
    except TemplateError as exc:
        raise StoreError(str(exc)) from exc
