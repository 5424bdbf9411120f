"""Checking that a value fits its field type (for imported data: seeds, bundles, CLI)."""

from __future__ import annotations

from datetime import date

from storage.model import JSONValue
from storage.template_model import ROW_KEYS, FieldDef, FieldType


class ValueProblem(ValueError):
    """``str()`` is a Danish description of what is wrong."""


def check_scalar(field: FieldDef, value: JSONValue) -> JSONValue:
    t = field.type
    if value is None:
        return None
    if t in (FieldType.LINE, FieldType.TEXT, FieldType.CHOICE):
        if not isinstance(value, str):
            raise ValueProblem(f"feltet '{field.label}' skal være tekst")
        if t is FieldType.CHOICE and value and value not in field.options:
            raise ValueProblem(f"'{value}' er ikke et af valgene i feltet '{field.label}'")
        return value
    if t is FieldType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueProblem(f"feltet '{field.label}' skal være et helt tal")
        return value
    if t is FieldType.DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValueProblem(f"feltet '{field.label}' skal være en dato (ÅÅÅÅ-MM-DD)") from None
    if t is FieldType.AMOUNT:
        if not isinstance(value, dict) or set(value) - {"amount", "text"}:
            raise ValueProblem(f"feltet '{field.label}' skal have 'amount' og/eller 'text'")
        amount = value.get("amount")
        if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
            raise ValueProblem(f"beløbet i '{field.label}' skal være et helt antal kroner")
        if not isinstance(value.get("text", ""), str):
            raise ValueProblem(f"teksten i '{field.label}' skal være tekst")
        return {"amount": amount, "text": value.get("text", "")}
    if t is FieldType.PERSON:
        if not isinstance(value, dict) or not all(isinstance(value.get(k, ""), str) for k in ("name", "role")):
            raise ValueProblem(f"feltet '{field.label}' skal have 'name' og 'role'")
        return {"name": value.get("name", ""), "role": value.get("role", "")}
    raise ValueProblem(f"feltet '{field.label}' er en liste, ikke en enkelt værdi")


def check_rows(field: FieldDef, rows: JSONValue) -> list[dict[str, str]]:
    keys = ROW_KEYS.get(field.type)
    if keys is None:
        raise ValueProblem(f"feltet '{field.label}' er ikke en liste")
    if not isinstance(rows, list):
        raise ValueProblem(f"feltet '{field.label}' skal være en liste")
    out = []
    for row in rows:
        if isinstance(row, str) and keys == ("text",):
            row = {"text": row}
        if not isinstance(row, dict) or not all(isinstance(row.get(k, ""), str) for k in keys):
            raise ValueProblem(f"et punkt i '{field.label}' skal have teksterne {', '.join(keys)}")
        out.append({k: str(row.get(k, "")) for k in keys})
    return out
