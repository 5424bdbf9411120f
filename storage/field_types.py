"""What each template field type means, in one entry per type.

An entry says how a value of the type is checked (imports: seeds, bundles, the command line), what
its rows hold (keys, with the Danish column headers and the label of the editor's add button), how
it reads as plain text, and how a document lays it out. Everything that shows or exports a field
asks here; the window adds one editor class per type (``ui/editors/registry.py``).

A new field type is one :class:`FieldType` member, one entry in :data:`FIELD_TYPES` and one editor.
A type without an entry is refused when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import TypeVar

from storage.formatting import format_amount, format_date, format_number
from storage.milestone_when import WhenProblem, format_when, parse_when
from storage.model import JSONValue, Node
from storage.records import record
from storage.template_model import FieldDef, FieldType

_Type = TypeVar("_Type", bound=str)


class ValueProblem(ValueError):
    """``str()`` is a Danish description of what is wrong."""


class Layout(StrEnum):
    """How a document shows the field."""

    #: typed text: paragraphs, and "-"/"1." lines as real lists
    PROSE = "prose"
    #: each text a paragraph of its own, as it is
    PARAGRAPHS = "paragraphs"
    #: a lettered list: A) …, B) …
    LETTERED = "lettered"
    #: a table with a header row of the row columns (the action plan)
    TABLE = "table"


@record(frozen=True)
class Column:
    """A key every row of a row-valued field carries, and its Danish header."""

    key: str
    header: str


@record(frozen=True)
class FieldTypeDescription:
    """Everything the program knows about one field type: layout, check, text, columns and labels."""

    type: FieldType
    layout: Layout
    #: a scalar's check: the value as stored, or :class:`ValueProblem`; None for row-valued types
    check: Callable[[FieldDef, JSONValue], JSONValue] | None = None
    #: a scalar's plain text: the paragraphs of the value (none for an empty value)
    texts: Callable[[JSONValue], list[str]] | None = None
    #: the columns of a row-valued type, in display order; () for a scalar
    columns: tuple[Column, ...] = ()
    #: the text of one row (for a plain-text list), from its data
    row_text: Callable[[dict[str, str]], str] | None = None
    #: the editor's button that adds a row ("Tilføj punkt")
    add_label: str = ""
    #: the columns are the field's own (``columns`` in the template), not the type's
    own_columns: bool = False
    #: a row's check beyond "a text per column": the row as stored, or :class:`ValueProblem`
    check_row: Callable[[FieldDef, dict[str, str]], dict[str, str]] | None = None
    #: how a stored cell reads (column key, stored text → shown text); None: as stored
    cell_text: Callable[[str, str], str] | None = None

    @property
    def has_rows(self) -> bool:
        return bool(self.columns) or self.own_columns

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def header(self, key: str) -> str:
        return next((c.header for c in self.columns if c.key == key), key)


# --- checks -------------------------------------------------------------------------------------


def _check_text(field: FieldDef, value: JSONValue) -> JSONValue:
    if not isinstance(value, str):
        raise ValueProblem(f"feltet '{field.label}' skal være tekst")
    return value


def _check_choice(field: FieldDef, value: JSONValue) -> JSONValue:
    _check_text(field, value)
    if value and value not in field.options:
        raise ValueProblem(f"'{value}' er ikke et af valgene i feltet '{field.label}'")
    return value


def _check_number(field: FieldDef, value: JSONValue) -> JSONValue:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueProblem(f"feltet '{field.label}' skal være et helt tal")
    problem = number_problem(field, value)
    if problem:
        raise ValueProblem(f"feltet '{field.label}': {problem}")
    return value


def number_problem(field: FieldDef, value: int) -> str:
    """Why ``value`` is outside the field's ``min``/``max`` (Danish), or ''."""
    if field.minimum is not None and value < field.minimum:
        return f"{format_number(value)} er for lidt – mindst {format_number(field.minimum)}"
    if field.maximum is not None and value > field.maximum:
        return f"{format_number(value)} er for meget – højst {format_number(field.maximum)}"
    return ""


def _check_milestone(field: FieldDef, row: dict[str, str]) -> dict[str, str]:
    try:
        return {**row, "when": parse_when(row.get("when", ""))}
    except WhenProblem as exc:
        raise ValueProblem(f"en milepæl i '{field.label}': {exc}") from None


def _check_date(field: FieldDef, value: JSONValue) -> JSONValue:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueProblem(f"feltet '{field.label}' skal være en dato (ÅÅÅÅ-MM-DD)") from None


def _check_amount(field: FieldDef, value: JSONValue) -> JSONValue:
    if not isinstance(value, dict) or set(value) - {"amount", "text"}:
        raise ValueProblem(f"feltet '{field.label}' skal have 'amount' og/eller 'text'")
    amount = value.get("amount")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
        raise ValueProblem(f"beløbet i '{field.label}' skal være et helt antal kroner")
    if not isinstance(value.get("text", ""), str):
        raise ValueProblem(f"teksten i '{field.label}' skal være tekst")
    return {"amount": amount, "text": value.get("text", "")}


def _check_person(field: FieldDef, value: JSONValue) -> JSONValue:
    if not isinstance(value, dict) or not all(isinstance(value.get(k, ""), str) for k in ("name", "role")):
        raise ValueProblem(f"feltet '{field.label}' skal have 'name' og 'role'")
    return {"name": value.get("name", ""), "role": value.get("role", "")}


# --- plain text ---------------------------------------------------------------------------------


def _text(value: JSONValue) -> list[str]:
    return [str(value)] if value is not None and str(value).strip() else []


def _date_text(value: JSONValue) -> list[str]:
    return [format_date(value if isinstance(value, str) else None)] if value else []


def _amount_text(value: JSONValue) -> list[str]:
    value = value if isinstance(value, dict) else {}
    amount = value.get("amount")
    out = [format_amount(amount)] if isinstance(amount, int) and not isinstance(amount, bool) else []
    return out + _text(value.get("text"))


def _joined(data: Mapping[str, object], keys: tuple[str, ...]) -> str:
    """'Navn, Rolle': the keys that have text, joined."""
    return ", ".join(text for k in keys if (text := str(data.get(k) or "").strip()))


def _person_text(value: JSONValue) -> list[str]:
    text = _joined(value, ("name", "role")) if isinstance(value, dict) else ""
    return [text] if text else []


_ACTION_COLUMNS = (Column("activity", "Aktivitet"), Column("responsible", "Ansvarlig"), Column("deadline", "Frist"),
                   Column("status", "Status"))
_PERSON_COLUMNS = (Column("name", "Navn"), Column("role", "Rolle"))
_MILESTONE_COLUMNS = (Column("when", "Hvornår"), Column("text", "Milepæl"))


def _milestone_text(data: Mapping[str, object]) -> str:
    when, text = format_when(str(data.get("when") or "").strip()), str(data.get("text") or "").strip()
    return f"{when}: {text}" if when and text else when or text

FIELD_TYPES: dict[FieldType, FieldTypeDescription] = {
    FieldType.LINE: FieldTypeDescription(FieldType.LINE, Layout.PROSE, _check_text, _text),
    FieldType.TEXT: FieldTypeDescription(FieldType.TEXT, Layout.PROSE, _check_text, _text),
    FieldType.NUMBER: FieldTypeDescription(FieldType.NUMBER, Layout.PARAGRAPHS, _check_number, _text),
    FieldType.CHOICE: FieldTypeDescription(FieldType.CHOICE, Layout.PARAGRAPHS, _check_choice, _text),
    FieldType.DATE: FieldTypeDescription(FieldType.DATE, Layout.PARAGRAPHS, _check_date, _date_text),
    FieldType.AMOUNT: FieldTypeDescription(FieldType.AMOUNT, Layout.PROSE, _check_amount, _amount_text),
    FieldType.PERSON: FieldTypeDescription(FieldType.PERSON, Layout.PARAGRAPHS, _check_person, _person_text),
    FieldType.LETTERED_LIST: FieldTypeDescription(
        FieldType.LETTERED_LIST, Layout.LETTERED, columns=(Column("text", "Tekst"),),
        row_text=lambda data: str(data.get("text") or "").strip(), add_label="Tilføj punkt"),
    FieldType.ACTION_TABLE: FieldTypeDescription(
        FieldType.ACTION_TABLE, Layout.TABLE, columns=_ACTION_COLUMNS,
        row_text=lambda data: " · ".join(t for c in _ACTION_COLUMNS if (t := str(data.get(c.key) or "").strip())),
        add_label="Tilføj aktivitet"),
    FieldType.PERSON_LIST: FieldTypeDescription(
        FieldType.PERSON_LIST, Layout.PARAGRAPHS, columns=_PERSON_COLUMNS,
        row_text=lambda data: _joined(data, ("name", "role")), add_label="Tilføj person"),
    FieldType.MILESTONES: FieldTypeDescription(
        FieldType.MILESTONES, Layout.TABLE, columns=_MILESTONE_COLUMNS, row_text=_milestone_text,
        add_label="Tilføj milepæl", check_row=_check_milestone,
        cell_text=lambda key, text: format_when(text) if key == "when" else text),
    FieldType.TABLE: FieldTypeDescription(
        FieldType.TABLE, Layout.TABLE, own_columns=True, add_label="Tilføj række",
        row_text=lambda data: " · ".join(t for v in data.values() if (t := str(v or "").strip()))),
}


def missing_descriptions(types: Iterable[_Type], table: Mapping[_Type, FieldTypeDescription]) -> list[str]:
    """The types without a complete entry in ``table``: a scalar needs a check and a plain text,
    a row-valued type its row text and an add label, and each entry must be for its own type."""
    missing = []
    for field_type in types:
        entry = table.get(field_type)
        complete = entry is not None and entry.type == field_type and (
            (entry.row_text is not None and bool(entry.add_label)) if entry.has_rows
            else (entry.check is not None and entry.texts is not None))
        if not complete:
            missing.append(str(field_type))
    return missing


def require_complete(types: Iterable[_Type], table: Mapping[_Type, FieldTypeDescription], where: str) -> None:
    """Refuse a field type that lacks its entry in ``table`` (a programming error, said in English)."""
    missing = missing_descriptions(types, table)
    if missing:
        raise TypeError(f"field type(s) {', '.join(missing)} have no complete entry in {where}")


require_complete(FieldType, FIELD_TYPES, "storage.field_types.FIELD_TYPES")


def description(field_type: FieldType) -> FieldTypeDescription:
    return FIELD_TYPES[field_type]


def check_scalar(field: FieldDef, value: JSONValue) -> JSONValue:
    """A scalar value as stored (None stays None), or :class:`ValueProblem` in Danish."""
    entry = description(field.type)
    if entry.check is None:
        raise ValueProblem(f"feltet '{field.label}' er en liste, ikke en enkelt værdi")
    return None if value is None else entry.check(field, value)


def columns_of(field: FieldDef) -> tuple[Column, ...]:
    """The columns of a row-valued field: its type's, or (``table``) the template's own."""
    if description(field.type).own_columns:
        return tuple(Column(key, header) for key, header in field.columns)
    return description(field.type).columns


def row_keys_of(field: FieldDef) -> tuple[str, ...]:
    return tuple(c.key for c in columns_of(field))


def cell_text(field: FieldDef, key: str, stored: str) -> str:
    """A stored cell as documents and the editor show it (a milestone's date as 31.03.2023)."""
    shown = description(field.type).cell_text
    return shown(key, stored) if shown else stored


def check_rows(field: FieldDef, rows: JSONValue) -> list[dict[str, str]]:
    """Rows as stored: every key of the field, as text (a plain string for a one-column type),
    each row as its type's row check leaves it (a milestone's time in its one stored form)."""
    keys = row_keys_of(field)
    check_row = description(field.type).check_row
    if not keys:
        raise ValueProblem(f"feltet '{field.label}' er ikke en liste")
    if not isinstance(rows, list):
        raise ValueProblem(f"feltet '{field.label}' skal være en liste")
    out = []
    for row in rows:
        if isinstance(row, str) and len(keys) == 1:
            row = {keys[0]: row}
        if not isinstance(row, dict) or not all(isinstance(row.get(k, ""), str) for k in keys):
            raise ValueProblem(f"et punkt i '{field.label}' skal have teksterne {', '.join(keys)}")
        data = {k: str(row.get(k, "")) for k in keys}
        out.append(check_row(field, data) if check_row else data)
    return out


def plain_texts(field: FieldDef, node: Node) -> list[str]:
    """The field as plain text: a scalar's paragraphs, or one text per row that has any."""
    entry = description(field.type)
    if entry.has_rows:
        assert entry.row_text is not None
        return [text for row in node.rows_of(field.id) if (text := entry.row_text(row.data))]
    assert entry.texts is not None
    return entry.texts(node.value(field.id))


def is_empty(field: FieldDef, node: Node) -> bool:
    """Nothing typed: no row with any text, or a value without text."""
    if description(field.type).has_rows:
        return not any(any(str(v).strip() for v in row.data.values()) for row in node.rows_of(field.id))
    value = node.value(field.id)
    if isinstance(value, dict):
        return not any(str(v).strip() for v in value.values() if v is not None)
    return value is None or not str(value).strip()
