"""The one canonical JSON form of an agreement (``show --json``; bundles build on it).

Keys are sorted, sections nest as in the tree, goals follow the template's kind order
and their position; every entity carries uuid, created, updated and revision.
"""

from __future__ import annotations

import json
from typing import Any

from storage.model import Agreement, Node, Section
from storage.numbering import goal_numbers
from storage.template_model import Template

FORMAT = "aftaler/agreement"
FORMAT_VERSION = 1


def _entity(node: Node) -> dict[str, Any]:
    return {"uuid": node.uuid, "created": node.created, "updated": node.updated, "revision": node.revision}


def _fields(node: Node, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in node.values.items() if k not in skip}
    for field_id, rows in node.rows.items():
        out[field_id] = [
            {**row.data, "uuid": row.uuid, "created": row.created, "updated": row.updated, "revision": row.revision}
            for row in rows
        ]
    return out


def _section(agreement: Agreement, section: Section) -> dict[str, Any]:
    return {
        **_entity(section),
        "key": section.key,
        "fields": _fields(section),
        "children": [_section(agreement, c) for c in agreement.children_of(section.uuid)],
    }


def agreement_document(agreement: Agreement, template: Template) -> dict[str, Any]:
    numbers = goal_numbers(agreement, template)
    kind_order = {k.id: i for i, k in enumerate(template.goal_kinds)}
    goals = sorted(agreement.goals, key=lambda g: (kind_order.get(g.kind, len(kind_order)), g.position))
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "agreement": {
            **_entity(agreement),
            "template": {"id": agreement.template_id, "hash": agreement.template_hash, "name": template.name},
            "unit": agreement.unit,
            "year": agreement.year,
            "title": agreement.title,
            "derived_from": agreement.derived_from,
            "sent_revision": agreement.sent_revision,
            "sent_at": agreement.sent_at,
            "sent_edit_revision": agreement.sent_edit_revision,
            "fields": _fields(agreement, skip=("unit", "year", "title")),
            "sections": [_section(agreement, s) for s in agreement.children_of(None)],
            "goals": [
                {**_entity(g), "kind": g.kind, "number": numbers.get(g.uuid, ""), "fields": _fields(g)}
                for g in goals
            ],
        },
    }


def to_json(agreement: Agreement, template: Template) -> str:
    return json.dumps(agreement_document(agreement, template), ensure_ascii=False, sort_keys=True, indent=2)
