"""A field's value as the text blocks an export shows (shared by the document exporters).

What a value reads as is its field type's (:mod:`storage.field_types`); here it becomes blocks
that XML can hold, laid out as the type says.
"""

from __future__ import annotations

from exporters.text_blocks import Block, blocks, clean
from storage.field_types import Layout, cell_text, columns_of, description, is_empty, plain_texts
from storage.formatting import format_number, letter
from storage.model import Node
from storage.template_model import FieldDef, FieldType, Template

__all__ = ["DASH", "action_rows", "column_shares", "empty_rule", "field_blocks", "filled", "is_empty", "said_in_text",
           "shown_columns", "table_columns"]

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
    return tuple(column.header for column in columns_of(field))


def action_rows(field: FieldDef, node: Node) -> list[tuple[str, ...]]:
    """A table field's rows that have any text, one cell per column, as shown (a milestone's date
    as 31.03.2023)."""
    keys = tuple(column.key for column in columns_of(field))
    out = []
    for row in node.rows_of(field.id):
        cells = tuple(clean(cell_text(field, k, str(row.data.get(k, "")))).strip() for k in keys)
        if any(cells):
            out.append(cells)
    return out


def shown_columns(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> tuple[tuple[str, ...],
                                                                              list[tuple[str, ...]]]:
    """The headers and rows without the columns no row has text in (an always-empty Status column
    would only take width from the others); the first column always stays."""
    keep = [i for i in range(len(headers)) if i == 0 or any(row[i] for row in rows)]
    return tuple(headers[i] for i in keep), [tuple(row[i] for i in keep) for row in rows]


def filled(fields: list[FieldDef], node: Node) -> list[FieldDef]:
    return [f for f in fields if not is_empty(f, node)]


def said_in_text(field: FieldDef, node: Node, fields: tuple[FieldDef, ...] | list[FieldDef]) -> bool:
    """An amount whose figure the node's own text already states ("budgetlagt med netto 32.925.000 kr."):
    printing it again below the sentence would say it twice."""
    if field.type is not FieldType.AMOUNT:
        return False
    value = node.value(field.id)
    amount = value.get("amount") if isinstance(value, dict) else None
    if not isinstance(amount, int) or isinstance(amount, bool):
        return False
    figure = format_number(amount)
    return any(figure in text for other in fields if other.type is FieldType.TEXT
               for text in plain_texts(other, node))


def column_shares(headers: tuple[str, ...], rows: list[tuple[str, ...]], capacity: int = 85) -> tuple[float, ...]:
    """Each column's share of the table's width, by its content.

    ``capacity`` is about how many characters fit across the page. Every column first gets room for
    its longest word (nothing breaks inside a word, "Fællessekretariat" included); what is left goes to
    the columns whose texts want more, by how much more. When everything fits on one line, the widths
    follow the texts."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in headers]
    floors, wishes = [], []
    for header, cells in zip(headers, columns, strict=True):
        texts = [header, *cells]
        floors.append(max(max((len(w) for t in texts for w in t.split()), default=1), 4) + 3)
        wishes.append(max(len(t) for t in texts) + 3)
    wishes = [max(w, f) for w, f in zip(wishes, floors, strict=True)]
    if sum(wishes) <= capacity or sum(floors) >= capacity:
        base = wishes if sum(wishes) <= capacity else floors
        return tuple(b / sum(base) for b in base)
    spare, wanted = capacity - sum(floors), sum(w - f for w, f in zip(wishes, floors, strict=True))
    widths = [f + spare * (w - f) / wanted for w, f in zip(wishes, floors, strict=True)]
    return tuple(w / capacity for w in widths)
