"""One description per field type: every type has its entry in storage and its editor in ui, and a
type that lacks either is refused as soon as the program imports it (so it never reaches a user)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from enum import StrEnum

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storage.field_types import FIELD_TYPES, Layout, ValueProblem, missing_descriptions, plain_texts, require_complete
from storage.model import Node, Row
from storage.template_model import FieldDef, FieldType
from storage.values import check_rows, check_scalar
from tests.desktop.cli_runner import cli_env
from ui.editors.registry import EDITORS, missing_editors, require_editors
from ui.editors.rows import RowTableEditor

#: FieldType with one more member, as a programmer adding a type would write it
Extended = StrEnum("Extended", {**{t.name: t.value for t in FieldType}, "SIGNATURE": "signature"})


def test_every_field_type_has_a_description_and_an_editor() -> None:
    assert missing_descriptions(FieldType, FIELD_TYPES) == []
    assert missing_editors(FieldType, EDITORS) == []
    assert set(FIELD_TYPES) == set(FieldType) == set(EDITORS)
    for field_type, entry in FIELD_TYPES.items():
        assert entry.type is field_type
        assert field_type.has_rows == entry.has_rows == issubclass(EDITORS[field_type], RowTableEditor)


def test_a_new_type_without_a_description_or_an_editor_is_caught() -> None:
    assert missing_descriptions(Extended, FIELD_TYPES) == ["signature"]
    assert missing_editors(Extended, EDITORS) == ["signature"]
    with pytest.raises(TypeError, match="signature"):
        require_complete(Extended, FIELD_TYPES, "FIELD_TYPES")
    with pytest.raises(TypeError, match="signature"):
        require_editors(Extended, EDITORS)
    # an entry filed under the wrong type, or a row type without its add button, is no entry
    wrong = {**FIELD_TYPES, FieldType.DATE: FIELD_TYPES[FieldType.TEXT]}
    assert missing_descriptions(FieldType, wrong) == ["date"]
    unlabelled = {**FIELD_TYPES, FieldType.PERSON_LIST: replace(FIELD_TYPES[FieldType.PERSON_LIST], add_label="")}
    assert missing_descriptions(FieldType, unlabelled) == ["person_list"]


ADD_TYPE = """
from enum import StrEnum
import storage.template_model as model
Extended = StrEnum("Extended", {**{t.name: t.value for t in model.FieldType}, "SIGNATURE": "signature"})
"""


@pytest.mark.parametrize("where, code, message", [
    ("storage", "model.FieldType = Extended\nimport storage.field_types",
     "field type(s) signature have no complete entry in storage.field_types.FIELD_TYPES"),
    ("ui", "import storage.field_types as types\nfrom dataclasses import replace\n"
           "types.FIELD_TYPES[Extended.SIGNATURE] = replace(types.FIELD_TYPES[model.FieldType.LINE],"
           " type=Extended.SIGNATURE)\nmodel.FieldType = Extended\nimport ui.editors.registry",
     "field type(s) signature have no editor in ui.editors.registry.EDITORS"),
])
def test_the_program_refuses_to_start_with_a_type_it_cannot_handle(where: str, code: str, message: str) -> None:
    """With a type added to FieldType but no entry (storage) or no editor (ui), importing fails."""
    result = subprocess.run([sys.executable, "-c", ADD_TYPE + code], capture_output=True, text=True,
                            env=cli_env(), timeout=120)
    assert result.returncode == 1
    assert f"TypeError: {message}" in result.stderr, result.stderr


def field(field_type: FieldType, **extra: object) -> FieldDef:
    return FieldDef("f", "Feltet", field_type, **extra)  # type: ignore[arg-type]


def test_values_are_checked_by_their_type_in_danish() -> None:
    assert check_scalar(field(FieldType.DATE), "2007-12-19") == "2007-12-19"
    with pytest.raises(ValueProblem, match=r"^feltet 'Feltet' skal være en dato \(ÅÅÅÅ-MM-DD\)$"):
        check_scalar(field(FieldType.DATE), "19.12.2007")
    with pytest.raises(ValueProblem, match="'rød' er ikke et af valgene i feltet 'Feltet'"):
        check_scalar(field(FieldType.CHOICE, options=("grøn", "gul")), "rød")
    assert check_scalar(field(FieldType.AMOUNT), {"amount": 400000}) == {"amount": 400000, "text": ""}
    with pytest.raises(ValueProblem, match="er en liste, ikke en enkelt værdi"):
        check_scalar(field(FieldType.ACTION_TABLE), "tekst")
    assert check_rows(field(FieldType.LETTERED_LIST), ["Færre sygedage"]) == [{"text": "Færre sygedage"}]
    assert check_rows(field(FieldType.ACTION_TABLE), [{"activity": "Kursus"}]) == [
        {"activity": "Kursus", "responsible": "", "deadline": "", "status": ""}]
    with pytest.raises(ValueProblem, match="skal have teksterne name, role"):
        check_rows(field(FieldType.PERSON_LIST), [{"name": 7}])


def test_plain_text_of_each_kind_of_value() -> None:
    node = Node("n", values={"amount": {"amount": 32925000, "text": "netto"}, "date": "2007-12-19",
                             "person": {"name": "Jan", "role": " "}},
                rows={"plan": [Row("r1", "plan", 0, {"activity": "Kursus", "responsible": "HR", "deadline": "",
                                                     "status": "i gang"}),
                               Row("r2", "plan", 1, {"activity": " ", "responsible": "", "deadline": "",
                                                     "status": ""})]})
    assert plain_texts(FieldDef("amount", "Økonomi", FieldType.AMOUNT), node) == ["32.925.000 kr.", "netto"]
    assert plain_texts(FieldDef("date", "Dato", FieldType.DATE), node) == ["19.12.2007"]
    assert plain_texts(FieldDef("person", "Ansvarlig", FieldType.PERSON), node) == ["Jan"]
    assert plain_texts(FieldDef("plan", "Handleplan", FieldType.ACTION_TABLE), node) == ["Kursus · HR · i gang"]
    assert plain_texts(FieldDef("text", "Tekst", FieldType.TEXT), node) == []


def test_the_row_editor_shows_the_columns_and_button_its_type_describes(qtbot: QtBot) -> None:
    for field_type, entry in FIELD_TYPES.items():
        if not entry.has_rows:
            continue
        editor = EDITORS[field_type](field(field_type))
        qtbot.addWidget(editor)
        assert isinstance(editor, RowTableEditor)
        model = editor.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert headers == [c.header for c in entry.columns]
        assert editor.add_button.text() == f"+ {entry.add_label}"
    assert [c.header for c in FIELD_TYPES[FieldType.ACTION_TABLE].columns] == [
        "Aktivitet", "Ansvarlig", "Frist", "Status"]
    assert FIELD_TYPES[FieldType.LETTERED_LIST].layout is Layout.LETTERED

