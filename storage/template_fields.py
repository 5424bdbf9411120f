"""The template keys that belong to one field type: a ``table``'s ``columns`` and a ``number``'s
``min``, ``max`` and ``sum`` (docs/templates.md). Read here, so the template parser only asks."""

from __future__ import annotations

from typing import Any

from storage.formatting import format_number
from storage.template_limits import text_problem
from storage.template_model import FieldType, Template
from storage.template_problems import id_problem

#: a table has at most this many columns (a page has room for about eight)
MAX_COLUMNS = 12
#: the keys only some types take, and which
TYPE_KEYS = {"columns": (FieldType.TABLE,), "min": (FieldType.NUMBER,), "max": (FieldType.NUMBER,),
             "sum": (FieldType.NUMBER,)}


class FieldKeyProblem(ValueError):
    """``str()`` is a Danish description of what is wrong, without the field's name."""


def type_keys(data: dict[str, Any], field_type: FieldType) -> dict[str, Any]:
    """The FieldDef arguments of the type's own keys (``columns``, ``minimum``, ``maximum``,
    ``total``), or :class:`FieldKeyProblem`."""
    for key, types in TYPE_KEYS.items():
        if key in data and field_type not in types:
            raise FieldKeyProblem(f"'{key}' kan kun bruges på felttypen '{types[0].value}'")
    if field_type is FieldType.TABLE:
        return {"columns": _columns(data.get("columns"))}
    if field_type is FieldType.NUMBER:
        minimum, maximum, total = (_whole(data, key) for key in ("min", "max", "sum"))
        if minimum is not None and maximum is not None and minimum > maximum:
            raise FieldKeyProblem(f"'min' ({format_number(minimum)}) er større end 'max' ({format_number(maximum)})")
        default = data.get("default")
        if isinstance(default, int) and not isinstance(default, bool) and (
                (minimum is not None and default < minimum) or (maximum is not None and default > maximum)):
            raise FieldKeyProblem(f"standardværdien (default) {format_number(default)} ligger uden for 'min'–'max'")
        return {"minimum": minimum, "maximum": maximum, "total": total}
    return {}


def _whole(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 999_999_999:
        raise FieldKeyProblem(f"'{key}' skal være et helt tal (højst 9 cifre), fx {key} = 100")
    return value


def _columns(raw: object) -> tuple[tuple[str, str], ...]:
    example = 'columns = [{ id = "grad", label = "Opfyldelsesgrad" }, { id = "point", label = "Point" }]'
    if raw is None:
        raise FieldKeyProblem(f"en tabel skal have 'columns', fx {example}")
    if not isinstance(raw, list) or not raw or not all(isinstance(c, dict) for c in raw):
        raise FieldKeyProblem(f"'columns' skal være en liste af kolonner, fx {example}")
    if len(raw) > MAX_COLUMNS:
        raise FieldKeyProblem(f"tabellen har {len(raw)} kolonner; højst {MAX_COLUMNS} er tilladt")
    out: list[tuple[str, str]] = []
    for number, column in enumerate(raw, 1):
        unknown = sorted(set(column) - {"id", "label"})
        if unknown:
            raise FieldKeyProblem(f"kolonne {number}: ukendt nøgle '{unknown[0]}' (kun 'id' og 'label')")
        column_id, label = column.get("id"), column.get("label")
        if not isinstance(column_id, str):
            raise FieldKeyProblem(f"kolonne {number}: 'id' skal være tekst")
        if id_problem(column_id):
            raise FieldKeyProblem(f"kolonne {number}: {id_problem(column_id)}")
        if not isinstance(label, str) or not label.strip():
            raise FieldKeyProblem(f"kolonnen '{column_id}' mangler 'label' (overskriften)")
        problem = text_problem("label", label) or text_problem("id", column_id)
        if problem:
            raise FieldKeyProblem(f"kolonnen '{column_id}': {problem}")
        if column_id in (c for c, _ in out):
            raise FieldKeyProblem(f"kolonnen '{column_id}' findes to gange")
        out.append((column_id, label))
    return tuple(out)


def sum_problem(template: Template) -> str | None:
    """A ``sum`` where it cannot add up: outside a goal kind, or one field id with two totals."""
    for where, fields in [("metadatafeltet", template.metadata),
                          *((f"afsnittet '{s.key}', feltet", s.fields) for s in template.all_sections())]:
        for field in fields:
            if field.total is not None:
                return f"{where} '{field.id}': 'sum' kan kun bruges på talfelter i en indsatstype"
    totals: dict[str, tuple[int, str]] = {}
    for kind in template.goal_kinds:
        for field in kind.fields:
            if field.total is None:
                continue
            seen = totals.setdefault(field.id, (field.total, kind.id))
            if seen[0] != field.total:
                return (f"feltet '{field.id}' skal give {format_number(seen[0])} i indsatstypen '{seen[1]}' men "
                        f"{format_number(field.total)} i '{kind.id}'; samme felt kan kun have én 'sum'")
    return None
