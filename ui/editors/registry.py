"""Field type → editor class. A new field type is one class and one entry here."""

from __future__ import annotations

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
}
