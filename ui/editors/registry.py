"""Field type → editor class. A new field type is one class and one entry here (plus its
description in :mod:`storage.field_types`); a type without an editor is refused on import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from storage.template_model import FieldType
from ui.editors.base import FieldEditor
from ui.editors.rows import RowTableEditor
from ui.editors.scalar import (
    AmountEditor,
    ChoiceEditor,
    DateEditor,
    LineEditor,
    NumberEditor,
    PersonEditor,
    TextEditor,
)

EDITORS: dict[FieldType, type[FieldEditor]] = {
    FieldType.LINE: LineEditor,
    FieldType.TEXT: TextEditor,
    FieldType.NUMBER: NumberEditor,
    FieldType.CHOICE: ChoiceEditor,
    FieldType.DATE: DateEditor,
    FieldType.AMOUNT: AmountEditor,
    FieldType.PERSON: PersonEditor,
    FieldType.LETTERED_LIST: RowTableEditor,
    FieldType.ACTION_TABLE: RowTableEditor,
    FieldType.PERSON_LIST: RowTableEditor,
    FieldType.MILESTONES: RowTableEditor,
    FieldType.TABLE: RowTableEditor,
}

_Type = TypeVar("_Type", bound=str)


def missing_editors(types: Iterable[_Type], editors: Mapping[_Type, type[FieldEditor]]) -> list[str]:
    """The types that have no editor class in ``editors``."""
    return [str(t) for t in types if not (isinstance(editors.get(t), type) and issubclass(editors[t], FieldEditor))]


def require_editors(types: Iterable[_Type], editors: Mapping[_Type, type[FieldEditor]]) -> None:
    """Refuse a field type without an editor (a programming error, said in English)."""
    missing = missing_editors(types, editors)
    if missing:
        raise TypeError(f"field type(s) {', '.join(missing)} have no editor in ui.editors.registry.EDITORS")


require_editors(FieldType, EDITORS)
