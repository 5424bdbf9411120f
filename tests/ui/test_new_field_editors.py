"""The editors of issue 10's field types in a real window on a real store: milestones (a quarter typed
with help, a wrong time refused in Danish), a table with the template's own columns, and a weight
with min, max and the total across the goals under it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from storage.database import Store
from storage.seed import create_from_seed
from storage.templates import TemplateRegistry, load_registry, parse_template
from tests.conftest import TESTS_DIR, WindowFactory
from tests.storage.test_new_field_types import seed
from tests.ui.helpers import editor, goals, show, stored_rows, stored_value
from ui.editors.rows import CellEditor, RowTableEditor
from ui.editors.scalar import NumberEditor
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(scope="module")
def registry() -> TemplateRegistry:
    """The built-in templates and the test template scorekort.toml."""
    registry = load_registry()
    template = parse_template((TESTS_DIR / "data" / "scorekort.toml").read_text(encoding="utf-8"), "scorekort.toml")
    registry.templates[template.id] = template
    return registry


@pytest.fixture
def window(make_window: WindowFactory, store: Store, registry: TemplateRegistry) -> MainWindow:
    create_from_seed(store, registry, seed())
    return make_window()


def snapshot(widget: object, name: str) -> None:
    """Save what the widget looks like when AFTALER_SCREENSHOTS names a folder (to look at by eye)."""
    folder = os.environ.get("AFTALER_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))  # type: ignore[attr-defined]


def first_goal_table(window: MainWindow, field_id: str) -> tuple[str, RowTableEditor]:
    """The first goal, shown, and its table field's editor."""
    first = goals(window, "maal")[0]
    show(window, first)
    return first, editor(window, field_id)


def type_in_cell(qtbot: QtBot, table: RowTableEditor, row: int, column: int, text: str) -> Any:
    """A milestone's time edits in a line with a completer; any other cell as wrapping text."""
    index = table.model.index(row, column)
    table.view.setCurrentIndex(index)

    def opened() -> bool:
        table.view.edit(index)  # refused while the last cell's editor is still closing
        return isinstance(QApplication.focusWidget(), QLineEdit | CellEditor)

    qtbot.waitUntil(opened)
    line = QApplication.focusWidget()  # the cell's editor (an earlier one may linger until deleted)
    assert isinstance(line, QLineEdit | CellEditor)
    line.selectAll()
    qtbot.keyClicks(line, text)
    return line


def test_the_weight_shows_the_total_refuses_what_is_out_of_bounds_and_undoes(
        qtbot: QtBot, window: MainWindow, store_path: Path) -> None:
    first, second = goals(window, "maal")
    show(window, first)
    weight: NumberEditor = editor(window, "weight")
    assert weight.note.isVisible()
    assert weight.note.text() == "Vægt i alt for alle indsatser: 90 – skal give 100"
    weight.spin.lineEdit().selectAll()
    qtbot.keyClicks(weight.spin, "150")
    weight.flush()
    assert weight.problem.text() == "150 er for meget – højst 100 – ikke gemt"
    assert stored_value(store_path, first, "weight") == 60
    weight.spin.lineEdit().selectAll()
    qtbot.keyClicks(weight.spin, "70")
    qtbot.keyClick(weight.spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_value(store_path, first, "weight") == 70)
    assert weight.problem.text() == ""
    assert weight.note.text() == "Vægt i alt for alle indsatser: 100"
    snapshot(window.form.widget(), "weight-ok.png")
    window.undo_stack.undo()
    assert stored_value(store_path, first, "weight") == 60
    assert weight.note.text().endswith("– skal give 100")
    show(window, second)
    assert editor(window, "weight").note.text() == "Vægt i alt for alle indsatser: 90 – skal give 100"


def test_a_milestone_time_is_helped_normalised_and_a_wrong_one_refused(
        qtbot: QtBot, window: MainWindow, store_path: Path) -> None:
    first, table = first_goal_table(window, "milestones")
    model = table.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["Hvornår", "Milepæl"]
    assert [model.data(model.index(r, 0)) for r in range(3)] == [
        "31.03.2023", "2. kvt. 2023", "september–december 2023"]
    line = type_in_cell(qtbot, table, 1, 0, "3")
    completer = line.completer()
    assert completer is not None and completer.completionCount() >= 4
    assert completer.currentCompletion().startswith("3. kvt. ")
    line.selectAll()
    qtbot.keyClicks(line, "q4 2023")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_rows(store_path, first, "milestones")[1]["when"] == "4. kvt. 2023")
    assert model.data(model.index(1, 0)) == "4. kvt. 2023"
    assert not model.setData(model.index(2, 0), "til sommer")  # what the cell's editor commits on leaving
    assert table.problem.isVisible()
    assert table.problem.text().startswith("En milepæl i 'Milepæle': 'til sommer' er ikke en dato, et kvartal")
    assert stored_rows(store_path, first, "milestones")[2]["when"] == "september–december 2023"
    snapshot(window.form.widget(), "milestones-refused.png")
    table.add_row()
    qtbot.waitUntil(lambda: len(stored_rows(store_path, first, "milestones")) == 4)
    assert table.problem.isVisible()  # until the next accepted edit
    new = table.selected_row()
    assert new is not None and model.rows[new].data == {"when": "", "text": ""}
    assert model.setData(model.index(new, 1), "Ny milepæl")
    qtbot.waitUntil(lambda: {"when": "", "text": "Ny milepæl"} in stored_rows(store_path, first, "milestones"))
    assert not table.problem.isVisible()


def test_a_table_has_the_template_columns_and_rows_are_typed(
        qtbot: QtBot, window: MainWindow, store_path: Path) -> None:
    first, table = first_goal_table(window, "scoring")
    model = table.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Opfyldelsesgrad", "Point"]
    assert table.add_button.text() == "+ Tilføj række"
    table.select_row(0)
    table.add_row()
    qtbot.waitUntil(lambda: len(stored_rows(store_path, first, "scoring")) == 3)
    line = type_in_cell(qtbot, table, 1, 0, "Delvist opfyldt")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_rows(store_path, first, "scoring")[1]["grad"] == "Delvist opfyldt")
    assert model.setData(model.index(1, 1), "5")
    qtbot.waitUntil(lambda: stored_rows(store_path, first, "scoring")[1] == {"grad": "Delvist opfyldt", "point": "5"})
    snapshot(window.form.widget(), "goal-form.png")
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: stored_rows(store_path, first, "scoring")[1]["point"] == "")
