"""Adding and deleting goals as the template allows, a new goal starting with its fields' defaults.

The window's undo commands and the command line both call :func:`add_goal` and :func:`set_goal_deleted`;
the refusals are Danish sentences the window shows beside a disabled action.
"""

from __future__ import annotations

import sqlite3

from storage import edits
from storage.database import Store
from storage.errors import NotFoundError, StoreError
from storage.field_types import ValueProblem, check_rows, description
from storage.template_model import FieldDef, GoalKind, Template


def add_refusal(kind: GoalKind | None, existing: int) -> str | None:
    """Why no goal of ``kind`` can be added to an agreement that has ``existing`` of them; None if it can."""
    if kind is None:
        return "Skabelonen kender ikke den indsatstype."
    if kind.single:
        return (f"Aftalen har præcis én {kind.name.lower()}; den blev oprettet med aftalen,"
                f" så der kan ikke tilføjes en til." if existing else
                f"Aftalen har præcis én {kind.name.lower()}, som oprettes med aftalen.")
    return None


def delete_refusal(kind: GoalKind | None) -> str | None:
    """Why a goal of ``kind`` cannot be deleted; None if it can."""
    if kind is not None and kind.single:
        return f"{kind.name} er hele aftalen og kan ikke slettes."
    return None


def write_defaults(conn: sqlite3.Connection, agreement_uuid: str, owner_uuid: str,
                   fields: tuple[FieldDef, ...]) -> None:
    """Every field's ``default`` into a new node: a value, or rows for a list or table field."""
    for fdef in fields:
        if fdef.default in (None, "", []):
            continue
        if description(fdef.type).has_rows:
            try:
                rows = check_rows(fdef, fdef.default)
            except ValueProblem as exc:
                raise StoreError(f"Standardværdien af feltet '{fdef.label}' kan ikke bruges: {exc}.") from exc
            for position, data in enumerate(rows):
                edits.insert_row(conn, agreement_uuid, owner_uuid, fdef.id, position, data)
        else:
            edits.write_value(conn, agreement_uuid, owner_uuid, fdef.id, fdef.default)


def insert_single_goals(conn: sqlite3.Connection, agreement_uuid: str, template: Template) -> None:
    """The one goal of every ``single`` kind, made with a new agreement."""
    for kind in template.goal_kinds:
        if kind.single:
            goal_uuid = edits.insert_goal(conn, agreement_uuid, kind.id, 0)
            write_defaults(conn, agreement_uuid, goal_uuid, kind.fields)


def add_goal(store: Store, template: Template, agreement_uuid: str, kind_id: str, index: int | None = None,
             goal_uuid: str | None = None) -> str:
    """A new goal of ``kind_id`` at ``index`` among the kind's goals (end if None), its fields at their
    defaults; a :class:`StoreError` with the reason if the template does not allow one."""
    kind = template.goal_kind(kind_id)
    with store.write() as conn:
        existing = conn.execute("SELECT count(*) FROM goals WHERE agreement_uuid = ? AND kind = ? AND deleted = 0",
                                (agreement_uuid, kind_id)).fetchone()[0]
        refusal = add_refusal(kind, existing)
        if refusal or kind is None:
            raise StoreError(refusal or "")
        new = edits.insert_goal_at(conn, agreement_uuid, kind_id, index, goal_uuid)
        write_defaults(conn, agreement_uuid, new, kind.fields)
        return new


def set_goal_deleted(store: Store, template: Template, goal_uuid: str, deleted: bool,
                     index: int | None = None) -> None:
    """Delete (keeping a tombstone) or restore a goal; a goal of a ``single`` kind is not deleted."""
    if deleted:
        row = store.query("SELECT kind FROM goals WHERE uuid = ?", (goal_uuid,))
        if not row:
            raise NotFoundError("Indsatsen findes ikke længere.")
        refusal = delete_refusal(template.goal_kind(row[0][0]))
        if refusal:
            raise StoreError(refusal)
    edits.set_goal_deleted(store, goal_uuid, deleted, index)
