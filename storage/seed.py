"""Creating an agreement from a plain description (the demo agreement, tests, CLI)."""

from __future__ import annotations

import json
import sqlite3
from importlib import resources
from typing import Any

from storage import edits
from storage.agreements import insert_agreement, read_agreement
from storage.database import Store
from storage.errors import StoreError
from storage.template_model import FieldDef, Template, section_fields
from storage.templates import TemplateRegistry
from storage.values import ValueProblem, check_rows, check_scalar

DEMO_RESOURCE = "it-staben-2008.json"


def demo_seed() -> dict[str, Any]:
    text = resources.files("resources").joinpath("demo", DEMO_RESOURCE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def create_from_seed(store: Store, registry: TemplateRegistry, seed: dict[str, Any]) -> str:
    template = registry.get(str(seed.get("template", "")))
    if template is None:
        raise StoreError(f"Skabelonen '{seed.get('template')}' findes ikke.")
    fields = seed.get("fields", {})
    try:
        unit, year = str(fields["unit"]), int(fields["year"])
    except (KeyError, TypeError, ValueError):
        raise StoreError("Aftalen mangler aftaleholder ('unit') eller år ('year').") from None
    with store.write() as conn:
        agreement_uuid = insert_agreement(conn, template, unit, year, fields.get("title"))
        try:
            _fill(conn, agreement_uuid, template, seed)
        except ValueProblem as exc:
            raise StoreError(f"Aftalen kan ikke oprettes: {exc}.") from exc
    return agreement_uuid


def _fill(conn: sqlite3.Connection, agreement_uuid: str, template: Template, seed: dict[str, Any]) -> None:
    meta = {k: v for k, v in seed.get("fields", {}).items() if k not in ("unit", "year", "title")}
    _write_fields(conn, agreement_uuid, agreement_uuid, template.metadata, meta)
    agreement = read_agreement(conn, agreement_uuid)
    for key, values in seed.get("sections", {}).items():
        section = agreement.section_by_key(key)
        definition = template.section(key)
        if section is None or definition is None:
            raise ValueProblem(f"afsnittet '{key}' findes ikke i skabelonen")
        _write_fields(conn, agreement_uuid, section.uuid, section_fields(definition), values)
    positions: dict[str, int] = {}
    for goal in seed.get("goals", []):
        kind = template.goal_kind(str(goal.get("kind")))
        if kind is None:
            raise ValueProblem(f"indsatstypen '{goal.get('kind')}' findes ikke i skabelonen")
        position = positions.get(kind.id, 0)
        positions[kind.id] = position + 1
        goal_uuid = edits.insert_goal(conn, agreement_uuid, kind.id, position)
        _write_fields(conn, agreement_uuid, goal_uuid, kind.fields, goal.get("fields", {}))


def _write_fields(conn: sqlite3.Connection, agreement_uuid: str, owner_uuid: str,
                  definitions: tuple[FieldDef, ...], values: dict[str, Any]) -> None:
    by_id = {f.id: f for f in definitions}
    for field_id, value in values.items():
        field = by_id.get(field_id)
        if field is None:
            raise ValueProblem(f"feltet '{field_id}' findes ikke i skabelonen")
        if field.type.has_rows:
            for position, data in enumerate(check_rows(field, value)):
                edits.insert_row(conn, agreement_uuid, owner_uuid, field_id, position, data)
        else:
            edits.write_value(conn, agreement_uuid, owner_uuid, field_id, check_scalar(field, value))
