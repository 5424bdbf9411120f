"""A field's value as the text blocks an export shows (shared by the document exporters).

What a value reads as is its field type's (:mod:`storage.field_types`); here it becomes blocks
that XML can hold, laid out as the type says.
"""

from __future__ import annotations

from exporters.text_blocks import Block, blocks, clean
from storage.field_types import Layout, description, is_empty, plain_texts
from storage.formatting import letter
from storage.model import Node
from storage.template_model import FieldDef, Template

__all__ = ["DASH", "action_rows", "empty_rule", "field_blocks", "is_empty", "table_columns"]

DASH = "—"


def empty_rule(field: FieldDef, template: Template) -> str:
    return field.empty or template.empty_fields


def field_blocks(field: FieldDef, node: Node) -> list[Block]:
    """Everything but a table (the action plan), whose rows become a table of their own."""
    layout = description(field.type).layout
    if layout is Layout.TABLE:
        return []
    texts = [text for t in plain_texts(field, node) if (text := clean(t).strip())]
    if layout is Layout.PROSE:
        return [block for text in texts for block in blocks(text)]
    if layout is Layout.LETTERED:
        return [Block("lettered", f"{letter(i)}) {text}") for i, text in enumerate(texts)]
    return [Block("paragraph", text) for text in texts]


def table_columns(field: FieldDef) -> tuple[str, ...]:
    """The Danish headers of a table field's columns."""
    return tuple(column.header for column in description(field.type).columns)


def action_rows(field: FieldDef, node: Node) -> list[tuple[str, ...]]:
    """A table field's rows that have any text, one cell per column."""
    keys = description(field.type).row_keys
    out = []
    for row in node.rows_of(field.id):
        cells = tuple(clean(row.data.get(k, "")).strip() for k in keys)
        if any(cells):
            out.append(cells)
    return out
