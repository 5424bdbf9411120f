"""The one canonical JSON form of an agreement (``show --json``; bundles build on it).

Keys are sorted; sections nest and goals follow in the order of the agreement's outline
(:mod:`storage.outline`: a section's placed goals after its sub-sections, appendix goals last;
goals of a kind the template does not know at the very end). Every entity carries uuid, created,
updated and revision; sections and goals also their number and heading as documents show them.

This is the form people read. The complete content that bundles carry (tombstones, per-field
revisions, rounds, statuses, minutes, the template's text; nothing derived) is
:func:`storage.canonical_write.to_canonical`, read back by :func:`storage.canonical_read.read_canonical`;
this form is derived from the same stored content, so it is identical after the round trip.
"""

from __future__ import annotations

import json
from typing import Any

from storage.model import Agreement, Goal, Node, Section
from storage.outline import OutlineNode, outline, unplaced_goals, walk
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


def _section(node: OutlineNode) -> dict[str, Any]:
    assert isinstance(node.node, Section)
    return {
        **_entity(node.node),
        "key": node.key,
        "number": node.number,
        "heading": node.heading,
        "fields": _fields(node.node),
        "children": [_section(c) for c in node.children if c.type == "section"],
    }


def _goal(goal: Goal, number: str, heading: str) -> dict[str, Any]:
    return {**_entity(goal), "kind": goal.kind, "number": number, "heading": heading, "fields": _fields(goal)}


def agreement_document(agreement: Agreement, template: Template) -> dict[str, Any]:
    parts = outline(agreement, template)
    goals = [_goal(n.node, n.number, n.heading) for n in walk(parts) if isinstance(n.node, Goal)]
    goals += [_goal(g, "", "") for g in unplaced_goals(agreement, template)]
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
            "sections": [_section(n) for n in parts if n.type == "section"],
            "goals": goals,
        },
    }


def to_json(agreement: Agreement, template: Template) -> str:
    return json.dumps(agreement_document(agreement, template), ensure_ascii=False, sort_keys=True, indent=2)
