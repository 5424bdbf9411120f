"""A field's value as the text blocks an export shows (shared by the document exporters)."""

from __future__ import annotations

from exporters.text_blocks import Block, blocks, clean
from storage.formatting import format_amount, format_date, letter
from storage.model import Node
from storage.template_model import FieldDef, FieldType, Template

DASH = "—"


def is_empty(field: FieldDef, node: Node) -> bool:
    if field.type.has_rows:
        return not any(any(str(v).strip() for v in row.data.values()) for row in node.rows_of(field.id))
    value = node.value(field.id)
    if isinstance(value, dict):
        return not any(str(v).strip() for v in value.values() if v is not None)
    return value is None or not str(value).strip()


def empty_rule(field: FieldDef, template: Template) -> str:
    return field.empty or template.empty_fields


def field_blocks(field: FieldDef, node: Node) -> list[Block]:
    """Everything but the action table, whose rows become a table of their own."""
    value = node.value(field.id)
    t = field.type
    if t in (FieldType.TEXT, FieldType.LINE):
        return blocks(str(value or ""))
    if t is FieldType.NUMBER or t is FieldType.CHOICE:
        return [Block("paragraph", clean(str(value)))] if value not in (None, "") else []
    if t is FieldType.DATE:
        return [Block("paragraph", format_date(value if isinstance(value, str) else None))] if value else []
    if t is FieldType.AMOUNT:
        value = value if isinstance(value, dict) else {}
        out = []
        if isinstance(value.get("amount"), int):
            out.append(Block("paragraph", format_amount(value["amount"])))
        return out + blocks(str(value.get("text") or ""))
    if t is FieldType.PERSON:
        value = value if isinstance(value, dict) else {}
        text = ", ".join(clean(str(value.get(k) or "")).strip() for k in ("name", "role") if value.get(k))
        return [Block("paragraph", text)] if text else []
    if t is FieldType.LETTERED_LIST:
        items = [clean(r.data.get("text", "")).strip() for r in node.rows_of(field.id)]
        return [Block("lettered", f"{letter(i)}) {text}") for i, text in enumerate(i for i in items if i)]
    if t is FieldType.PERSON_LIST:
        rows = node.rows_of(field.id)
        out = []
        for row in rows:
            text = ", ".join(clean(row.data.get(k, "")).strip() for k in ("name", "role") if row.data.get(k))
            if text:
                out.append(Block("paragraph", text))
        return out
    return []


def action_rows(field: FieldDef, node: Node) -> list[tuple[str, str, str, str]]:
    out = []
    for row in node.rows_of(field.id):
        cells = tuple(clean(row.data.get(k, "")).strip() for k in ("activity", "responsible", "deadline", "status"))
        if any(cells):
            out.append(cells)
    return out  # type: ignore[return-value]
