"""Editing through the real widgets: every field type reaches the store file and comes back after a
restart; undo and redo by menu and keyboard; new agreements; remembered layout; filter; read-only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from storage import edits
from storage.agreements import create_agreement
from storage.database import Store
from storage.template_model import Template
from storage.templates import TemplateRegistry
from tests.conftest import WindowFactory
from tests.ui.helpers import (
    drive_modal,
    editor,
    goals,
    labels,
    section,
    show,
    stored_agreement,
    stored_goals,
    stored_rows,
    stored_value,
)
from ui.editors.rows import CellEditor, RowTableEditor
from ui.main_window import MainWindow
from ui.new_agreement_dialog import NewAgreementDialog
from ui.next_year_dialog import NextYearDialog

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def empty_window(make_window: WindowFactory, agreement_uuid: str) -> MainWindow:
    """A window on an agreement fresh from the Faaborg-Midtfyn template (IT-staben 2008)."""
    return make_window()


@pytest.fixture
def skanderborg_uuid(store: Store, registry: TemplateRegistry) -> str:
    template = registry.get("skanderborg-udviklingsaftale")
    assert template is not None
    uuid = create_agreement(store, template, "Ældre og Handicap", 2016)
    edits.add_goal(store, uuid, "udviklingsmaal", values={"title": "Nedbringelse af sygefravær"})
    return uuid


def leave(window: MainWindow) -> None:
    """Go to another node in the tree (the form saves what was typed)."""
    assert window.doc is not None
    other = window.doc.uuid if window.form.node_uuid != window.doc.uuid else section(window, "1.0")
    show(window, other)


def restart(window: MainWindow, make_window: WindowFactory) -> MainWindow:
    """Close the window and its store; a new window on the same file opens the same agreement."""
    assert window.doc is not None
    agreement = window.doc.uuid
    window.close()
    window.store.close()
    again = make_window()
    assert again.doc is not None and again.doc.uuid == agreement
    return again


def replace_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(edit, text)


def type_cells(qtbot: QtBot, table: RowTableEditor, row: int, texts: list[str]) -> None:
    """F2 on a cell opens its editor; type, Return commits — as a user fills a row."""
    for column, text in enumerate(texts):
        table.view.setFocus()
        table.view.setCurrentIndex(table.model.index(row, column))
        qtbot.keyClick(table.view, Qt.Key.Key_F2)
        cell = QApplication.focusWidget()
        assert isinstance(cell, CellEditor)
        cell.selectAll()
        qtbot.keyClicks(cell, text)
        qtbot.keyClick(cell, Qt.Key.Key_Return)  # the delegate commits through a queued call
        qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState)


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def vertical_headers(table: RowTableEditor) -> list[str]:
    return [str(table.model.headerData(i, Qt.Orientation.Vertical)) for i in range(table.model.rowCount())]


def texts(table: RowTableEditor) -> list[str]:
    return [r.data["text"] for r in table.model.rows]


# --- every field type survives a restart --------------------------------------------------------

def test_line(qtbot: QtBot, demo_window: MainWindow, make_window: WindowFactory, store_path: Path) -> None:
    helpdesk = goals(demo_window, "faglig")[0]
    show(demo_window, helpdesk)
    replace_text(qtbot, editor(demo_window, "covered").edit, "Alle medarbejdere")
    replace_text(qtbot, editor(demo_window, "title").edit, "Helpdesk og serviceportal")
    qtbot.waitUntil(lambda: stored_value(store_path, helpdesk, "covered") == "Alle medarbejdere")
    leave(demo_window)
    assert stored_value(store_path, helpdesk, "title") == "Helpdesk og serviceportal"
    assert demo_window.tree_model is not None
    assert "  Bilag 2a Faglig indsats – Helpdesk og serviceportal" in labels(demo_window.tree_model)

    window = restart(demo_window, make_window)
    show(window, helpdesk)
    assert editor(window, "covered").edit.text() == "Alle medarbejdere"
    assert editor(window, "title").edit.text() == "Helpdesk og serviceportal"


def test_text(qtbot: QtBot, demo_window: MainWindow, make_window: WindowFactory, store_path: Path) -> None:
    groupwise = goals(demo_window, "eget")[1]
    show(demo_window, groupwise)
    before = stored_value(store_path, groupwise, "objective")
    edit = editor(demo_window, "objective").edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(edit, " Delingen er færdig i juni.")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "Næste afsnit.")
    expected = before + " Delingen er færdig i juni.\nNæste afsnit."
    qtbot.waitUntil(lambda: stored_value(store_path, groupwise, "objective") == expected)  # the 300 ms pause
    leave(demo_window)

    window = restart(demo_window, make_window)
    show(window, groupwise)
    assert editor(window, "objective").edit.toPlainText() == expected


def test_number(qtbot: QtBot, demo_window: MainWindow, make_window: WindowFactory, store_path: Path) -> None:
    assert demo_window.doc is not None
    uuid = demo_window.doc.uuid
    spin = editor(demo_window, "year").spin
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "2009")
    leave(demo_window)
    assert stored_agreement(store_path, uuid)["year"] == 2009
    assert demo_window.agreements.model.items[0].year == 2009

    window = restart(demo_window, make_window)
    show(window, uuid)
    assert editor(window, "year").spin.value() == 2009


def test_choice(qtbot: QtBot, make_window: WindowFactory, skanderborg_uuid: str, store_path: Path) -> None:
    window = make_window()
    goal = goals(window, "udviklingsmaal")[0]
    show(window, goal)
    combo = editor(window, "goal_type").combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "(ikke valgt)", "procesmål", "resultatmål", "aktivitetsmål"]
    combo.setFocus()
    qtbot.keyClicks(combo, "res")  # keyboard search in the closed list
    assert combo.currentText() == "resultatmål"
    assert stored_value(store_path, goal, "goal_type") == "resultatmål"  # a choice is saved at once
    leave(window)

    window = restart(window, make_window)
    show(window, goal)
    assert editor(window, "goal_type").combo.currentText() == "resultatmål"


def test_date(qtbot: QtBot, empty_window: MainWindow, make_window: WindowFactory, store_path: Path) -> None:
    window = empty_window
    assert window.doc is not None
    uuid = window.doc.uuid
    approval = editor(window, "approval_date")
    replace_text(qtbot, approval.edit, "19.12.2007")
    qtbot.keyClick(approval.edit, Qt.Key.Key_Tab)
    assert stored_value(store_path, uuid, "approval_date") == "2007-12-19"

    period_end = editor(window, "period_end")
    assert period_end.edit.text() == "31.12.2008"
    steps = window.undo_stack.count()
    replace_text(qtbot, period_end.edit, "31.02.2008")
    qtbot.waitUntil(lambda: period_end.problem.text() == "Ugyldig dato – skriv fx 19.12.2007")
    qtbot.keyClick(period_end.edit, Qt.Key.Key_Return)
    assert period_end.edit.text() == "31.02.2008"  # left for the user to correct
    assert stored_value(store_path, uuid, "period_end") == "2008-12-31"
    assert window.undo_stack.count() == steps
    leave(window)
    assert stored_value(store_path, uuid, "period_end") == "2008-12-31"

    window = restart(window, make_window)
    assert editor(window, "approval_date").edit.text() == "19.12.2007"
    assert editor(window, "period_end").edit.text() == "31.12.2008"
    assert editor(window, "period_end").problem.text() == ""


def test_amount(qtbot: QtBot, empty_window: MainWindow, make_window: WindowFactory, store_path: Path) -> None:
    window = empty_window
    budget_section = section(window, "6.1")
    show(window, budget_section)
    budget = editor(window, "budget")
    budget.amount.setFocus()
    qtbot.keyClicks(budget.amount, "32.925.000")
    qtbot.keyClick(budget.amount, Qt.Key.Key_Return)
    assert stored_value(store_path, budget_section, "budget") == {"amount": 32925000, "text": ""}
    assert budget.amount.text() == "32.925.000 kr."

    replace_text(qtbot, budget.amount, "mange penge")
    qtbot.keyClick(budget.amount, Qt.Key.Key_Return)
    assert budget.problem.text() == "Ugyldigt beløb – skriv fx 32.925.000"
    assert stored_value(store_path, budget_section, "budget") == {"amount": 32925000, "text": ""}
    replace_text(qtbot, budget.amount, "32 925 000 kr.")
    budget.text.setFocus()
    qtbot.keyClicks(budget.text, "netto")
    leave(window)
    assert stored_value(store_path, budget_section, "budget") == {"amount": 32925000, "text": "netto"}

    window = restart(window, make_window)
    show(window, budget_section)
    assert editor(window, "budget").amount.text() == "32.925.000 kr."
    assert editor(window, "budget").text.toPlainText() == "netto"


def test_person_list(qtbot: QtBot, empty_window: MainWindow, make_window: WindowFactory, store_path: Path) -> None:
    window = empty_window
    assert window.doc is not None
    uuid = window.doc.uuid
    parties: RowTableEditor = editor(window, "parties")
    click(qtbot, parties.add_button)
    type_cells(qtbot, parties, 0, ["Benny Balsgaard", "Kommunaldirektør"])
    click(qtbot, parties.add_button)
    type_cells(qtbot, parties, 1, ["Michael Hansen", "Stabschef, IT-staben"])
    expected = [{"name": "Benny Balsgaard", "role": "Kommunaldirektør"},
                {"name": "Michael Hansen", "role": "Stabschef, IT-staben"}]
    assert stored_rows(store_path, uuid, "parties") == expected
    leave(window)

    window = restart(window, make_window)
    parties = editor(window, "parties")
    assert [r.data for r in parties.model.rows] == expected
    assert vertical_headers(parties) == ["1", "2"]
    assert parties.model.data(parties.model.index(1, 1)) == "Stabschef, IT-staben"


def test_lettered_list(qtbot: QtBot, demo_window: MainWindow, make_window: WindowFactory, store_path: Path) -> None:
    helpdesk = goals(demo_window, "faglig")[0]
    show(demo_window, helpdesk)
    sub_goals: RowTableEditor = editor(demo_window, "sub_goals")
    assert vertical_headers(sub_goals) == ["A)", "B)"]
    sub_goals.select_row(1)
    click(qtbot, sub_goals.add_button)
    assert sub_goals.selected_row() == 2
    type_cells(qtbot, sub_goals, 2, ["Brugerne kender serviceportalen."])
    assert stored_rows(store_path, helpdesk, "sub_goals")[2] == {"text": "Brugerne kender serviceportalen."}
    leave(demo_window)

    window = restart(demo_window, make_window)
    show(window, helpdesk)
    sub_goals = editor(window, "sub_goals")
    assert vertical_headers(sub_goals) == ["A)", "B)", "C)"]
    assert texts(sub_goals)[2] == "Brugerne kender serviceportalen."


def test_action_table(qtbot: QtBot, demo_window: MainWindow, make_window: WindowFactory, store_path: Path) -> None:
    lean = goals(demo_window, "eget")[2]
    show(demo_window, lean)
    plan: RowTableEditor = editor(demo_window, "action_plan")
    rows_before = len(plan.model.rows)
    plan.view.clearSelection()
    plan.view.setCurrentIndex(QModelIndex())
    click(qtbot, plan.add_button)
    row = ["Automatisk brugeroprettelse", "IT-staben", "2. kvartal 2008", "i gang"]
    type_cells(qtbot, plan, rows_before, row)
    expected = dict(zip(("activity", "responsible", "deadline", "status"), row, strict=True))
    assert stored_rows(store_path, lean, "action_plan")[-1] == expected
    leave(demo_window)

    window = restart(demo_window, make_window)
    show(window, lean)
    plan = editor(window, "action_plan")
    assert plan.model.rows[-1].data == expected
    assert [plan.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Aktivitet", "Ansvarlig", "Frist", "Status"]


def test_looking_at_every_node_changes_nothing(demo_window: MainWindow, store_path: Path, demo_uuid: str) -> None:
    """Showing a node and leaving it must not write (an empty amount once came back as a change)."""
    window = demo_window
    revision = stored_agreement(store_path, demo_uuid)["revision"]
    assert window.doc is not None
    nodes = [demo_uuid, *(s.uuid for s in window.doc.agreement.sections), *(g.uuid for g in window.doc.agreement.goals)]
    for node in nodes:
        show(window, node)
        window.form.flush()
    leave(window)
    assert window.undo_stack.count() == 0
    assert stored_agreement(store_path, demo_uuid)["revision"] == revision


# --- lettered lists: letters, delete, move --------------------------------------------------------

def test_lettered_list_letters_follow_adds_deletes_and_moves(
    qtbot: QtBot, demo_window: MainWindow, store_path: Path
) -> None:
    window = demo_window
    window.add_goal("eget")
    goal = window.selected_goal()
    assert goal is not None
    table: RowTableEditor = editor(window, "sub_goals")
    for i, text in enumerate(["Første", "Anden", "Tredje"]):
        click(qtbot, table.add_button)
        type_cells(qtbot, table, i, [text])
    assert vertical_headers(table) == ["A)", "B)", "C)"]
    assert texts(table) == ["Første", "Anden", "Tredje"]

    table.select_row(1)
    click(qtbot, table.delete_button)
    assert vertical_headers(table) == ["A)", "B)"]
    assert texts(table) == ["Første", "Tredje"]
    assert stored_rows(store_path, goal, "sub_goals") == [{"text": "Første"}, {"text": "Tredje"}]

    table.select_row(0)
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert texts(table) == ["Tredje", "Første"]
    assert table.selected_row() == 1  # the moved row stays selected
    qtbot.keyClick(table.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # already last: nothing
    assert texts(table) == ["Tredje", "Første"]
    click(qtbot, table.up_button)
    assert texts(table) == ["Første", "Tredje"]
    click(qtbot, table.down_button)
    assert stored_rows(store_path, goal, "sub_goals") == [{"text": "Tredje"}, {"text": "Første"}]

    for _ in range(3):  # the three moves
        window.undo_action.trigger()
    assert texts(table) == ["Første", "Tredje"]
    window.undo_action.trigger()  # the delete: B comes back in its place
    assert texts(table) == ["Første", "Anden", "Tredje"]
    assert stored_rows(store_path, goal, "sub_goals") == [{"text": t} for t in ("Første", "Anden", "Tredje")]
    window.redo_action.trigger()
    assert vertical_headers(table) == ["A)", "B)"]


# --- undo and redo --------------------------------------------------------------------------------

def test_undo_redo_of_goals_by_menu_and_keys(
    qtbot: QtBot, demo_window: MainWindow, store_path: Path, demo_uuid: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = demo_window
    questions: list[str] = []

    def answer(parent: QWidget, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    faglig = goals(window, "faglig")

    # add
    show(window, faglig[4])
    window.tree.setFocus()
    window.add_goal("faglig")
    new = window.selected_goal()
    assert stored_goals(store_path, demo_uuid, "faglig") == [*faglig, new]
    assert window.undo_action.text() == "Fortryd Tilføj faglig indsats"
    window.undo_action.trigger()
    assert stored_goals(store_path, demo_uuid, "faglig") == faglig
    window.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert stored_goals(store_path, demo_uuid, "faglig") == [*faglig, new]

    # delete (asks first)
    show(window, faglig[0])
    window.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert questions == ["Vil du slette »Bilag 2a Faglig indsats – Helpdesk«?\n\nDu kan fortryde med Ctrl+Z."]
    assert stored_goals(store_path, demo_uuid, "faglig") == [*faglig[1:], new]
    assert window.undo_action.text() == "Fortryd Slet »Bilag 2a Faglig indsats – Helpdesk«"
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored_goals(store_path, demo_uuid, "faglig") == [*faglig, new]
    assert window.redo_action.text() == "Gentag Slet »Bilag 2a Faglig indsats – Helpdesk«"

    # a "no" deletes nothing
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    steps = window.undo_stack.count()
    window.delete_goal_action.trigger()
    assert window.undo_stack.count() == steps
    assert len(stored_goals(store_path, demo_uuid, "faglig")) == 6

    # move
    show(window, faglig[2])
    window.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Up, CTRL_SHIFT)
    assert stored_goals(store_path, demo_uuid, "faglig") == [faglig[0], faglig[2], faglig[1], *faglig[3:], new]
    assert window.selected_goal() == faglig[2]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored_goals(store_path, demo_uuid, "faglig") == [*faglig, new]
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)
    assert stored_goals(store_path, demo_uuid, "faglig")[1] == faglig[2]


def test_typing_is_one_undo_step(qtbot: QtBot, demo_window: MainWindow, store_path: Path) -> None:
    window = demo_window
    helpdesk = goals(window, "faglig")[0]
    show(window, helpdesk)
    original = stored_value(store_path, helpdesk, "objective")
    edit = editor(window, "objective").edit
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    steps = window.undo_stack.count()
    for word in (" Portalen", " åbner", " i", " april."):
        qtbot.keyClicks(edit, word)
        qtbot.waitUntil(lambda: stored_value(store_path, helpdesk, "objective").endswith(word))  # noqa: B023
    assert window.undo_stack.count() == steps + 1
    assert window.undo_action.text() == "Fortryd Ret »Faglige målsætninger«"

    window.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored_value(store_path, helpdesk, "objective") == original
    assert edit.toPlainText() == original
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert stored_value(store_path, helpdesk, "objective") == original + " Portalen åbner i april."
    assert edit.toPlainText() == original + " Portalen åbner i april."


def test_opening_the_edit_menu_saves_the_typing_first(qtbot: QtBot, demo_window: MainWindow,
                                                      store_path: Path) -> None:
    window = demo_window
    helpdesk = goals(window, "faglig")[0]
    show(window, helpdesk)
    edit = editor(window, "objective").edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Først: ")
    menu = next(m for m in window.menuBar().findChildren(QMenu) if window.undo_action in m.actions())
    menu.popup(window.mapToGlobal(window.rect().center()))
    try:
        assert window.undo_action.text() == "Fortryd Ret »Faglige målsætninger«"  # not the step before the typing
        assert stored_value(store_path, helpdesk, "objective").startswith("Først: ")
    finally:
        menu.close()


def test_ctrl_z_in_a_field_undoes_in_the_window(qtbot: QtBot, demo_window: MainWindow, store_path: Path,
                                                demo_uuid: str) -> None:
    """With the cursor in a field, Ctrl+Z is the window's undo — also for typing not yet saved."""
    window = demo_window
    before = goals(window, "eget")
    show(window, before[0])
    window.add_goal("eget")  # puts the cursor in the new goal's first field
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit) and focused is editor(window, "title").edit
    qtbot.keyClick(focused, Qt.Key.Key_Z, CTRL)
    assert stored_goals(store_path, demo_uuid, "eget") == before

    show(window, before[1])
    edit = editor(window, "objective").edit
    original = edit.toPlainText()
    edit.setFocus()
    qtbot.keyClicks(edit, "Ny start. ")
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)  # at once, inside the 300 ms pause
    assert edit.toPlainText() == original
    assert stored_value(store_path, before[1], "objective") == original
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL_SHIFT)
    assert stored_value(store_path, before[1], "objective") == "Ny start. " + original
    assert edit.toPlainText() == "Ny start. " + original


def test_leaving_a_node_saves_the_typing_and_undo_brings_the_user_back(
    qtbot: QtBot, demo_window: MainWindow, store_path: Path
) -> None:
    window = demo_window
    helpdesk, strategy = goals(window, "faglig")[0], goals(window, "faglig")[2]
    show(window, helpdesk)
    original = stored_value(store_path, helpdesk, "objective")
    edit = editor(window, "objective").edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Hurtigt: ")
    show(window, strategy)  # at once, before the 300 ms pause is over
    assert window.selected_goal() == strategy  # not pulled back to the node just saved
    assert stored_value(store_path, helpdesk, "objective") == "Hurtigt: " + original

    window.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert window.selected_goal() == helpdesk  # undo shows what it changed
    assert editor(window, "objective").edit.toPlainText() == original
    assert stored_value(store_path, helpdesk, "objective") == original


def test_row_add_delete_move_undo_redo(qtbot: QtBot, demo_window: MainWindow, store_path: Path) -> None:
    window = demo_window
    koncern = goals(window, "koncern")[0]
    show(window, koncern)
    table: RowTableEditor = editor(window, "sub_goals")
    original = texts(table)
    assert vertical_headers(table)[-1] == "G)"

    table.select_row(0)
    click(qtbot, table.add_button)
    assert window.undo_action.text() == "Fortryd Tilføj punkt i »Delmål«"
    assert texts(table) == [original[0], "", *original[1:]]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert texts(table) == original
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert len(stored_rows(store_path, koncern, "sub_goals")) == len(original) + 1
    window.undo_action.trigger()

    table.select_row(2)
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Delete, CTRL)
    assert texts(table) == original[:2] + original[3:]
    assert window.undo_action.text() == "Fortryd Slet punkt i »Delmål«"
    window.undo_action.trigger()
    assert texts(table) == original
    assert [r["text"] for r in stored_rows(store_path, koncern, "sub_goals")] == original

    table.select_row(0)
    qtbot.keyClick(table.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert texts(table)[:2] == [original[1], original[0]]
    assert window.undo_action.text() == "Fortryd Flyt punkt i »Delmål«"
    window.undo_action.trigger()
    assert texts(table) == original
    window.redo_action.trigger()
    assert [r["text"] for r in stored_rows(store_path, koncern, "sub_goals")][:2] == [original[1], original[0]]

    type_cells(qtbot, table, 0, ["Rettet delmål"])
    assert window.undo_action.text() == "Fortryd Ret punkt i »Delmål«"
    window.undo_action.trigger()
    assert texts(table)[0] == original[1]


def test_pasting_a_long_paragraph_with_odd_characters(
    qtbot: QtBot, demo_window: MainWindow, make_window: WindowFactory, store_path: Path
) -> None:
    window = demo_window
    helpdesk = goals(window, "faglig")[0]
    show(window, helpdesk)
    chunk = "Målsætning\tIT-staben 😀👩‍💻 æøå ÆØÅ – “citat” \x01\x07\x1b\u200b\u2028slut. "
    paragraph = (chunk * 200)[:5000]
    QApplication.clipboard().setText(paragraph)
    edit = editor(window, "objective").edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_V, CTRL)
    shown = edit.toPlainText()
    assert len(shown) >= 4900 and "😀👩‍💻" in shown and "\t" in shown and "\x07" in shown
    qtbot.waitUntil(lambda: stored_value(store_path, helpdesk, "objective") == shown)
    leave(window)

    window = restart(window, make_window)
    show(window, helpdesk)
    assert editor(window, "objective").edit.toPlainText() == shown


# --- new agreements --------------------------------------------------------------------------------



def test_new_agreement_from_the_dialog(qtbot: QtBot, demo_window: MainWindow, store_path: Path) -> None:
    window = demo_window

    def fill(dialog: NewAgreementDialog) -> None:
        ok = dialog.buttons.buttons()[0]
        assert ok.text() == "Opret"
        click(qtbot, ok)  # no unit yet
        assert dialog.isVisible()
        assert dialog.problem.text() == "Skriv aftaleholderens navn (enheden)."
        dialog.template.setCurrentIndex(dialog.template.findData("skanderborg-udviklingsaftale"))
        qtbot.keyClicks(dialog.unit, "Ældre og Handicap")
        dialog.year.selectAll()
        qtbot.keyClicks(dialog.year, "2016")
        click(qtbot, ok)

    errors = drive_modal(qtbot, NewAgreementDialog, fill)
    window.new_action.trigger()
    assert errors == []
    assert window.doc is not None
    new = window.doc.agreement
    assert (new.unit, new.year, new.template_id) == ("Ældre og Handicap", 2016, "skanderborg-udviklingsaftale")
    assert new.title == "Udviklingsaftale 2016 for Ældre og Handicap"
    assert window.windowTitle() == "Udviklingsaftale 2016 for Ældre og Handicap – Aftaler"
    assert stored_agreement(store_path, new.uuid)["unit"] == "Ældre og Handicap"
    assert window.agreements.visible_uuids()[0] == new.uuid
    assert window.tree_model is not None and "5. Aftaleholders mål" in labels(window.tree_model)
    assert [a.text() for a in window.add_goal_menu.actions()] == ["Udviklingsmål"]


def test_cancelled_dialog_creates_nothing(qtbot: QtBot, demo_window: MainWindow) -> None:
    errors = drive_modal(qtbot, NewAgreementDialog, lambda dialog: click(qtbot, dialog.buttons.buttons()[1]))
    demo_window.new_action.trigger()
    assert errors == []
    assert len(demo_window.agreements.visible_uuids()) == 1


def test_next_years_agreement(qtbot: QtBot, demo_window: MainWindow, store_path: Path, demo_uuid: str) -> None:
    window = demo_window
    errors = drive_modal(qtbot, NextYearDialog, lambda dialog: click(qtbot, dialog.buttons.buttons()[0]))
    window.copy_action.trigger()
    assert errors == []
    assert window.doc is not None and window.doc.uuid != demo_uuid
    copy = window.doc.agreement
    assert (copy.unit, copy.year, copy.title) == ("IT-staben", 2009, "IT-staben. Aftale 2009")
    assert stored_agreement(store_path, copy.uuid)["derived_from"] == demo_uuid
    assert stored_value(store_path, copy.uuid, "period_start") == "2009-01-01"
    assert stored_value(store_path, copy.uuid, "approval_date") is None
    assert window.agreements.visible_uuids() == [copy.uuid, demo_uuid]
    assert window.tree_model is not None
    assert len([t for t in labels(window.tree_model) if t.startswith("  Bilag")]) == 11
    assert window.statusBar().currentMessage() == "Aftalen er kopieret til næste år."
    assert stored_value(store_path, copy.uuid, "revision") is None  # "Rev. 7/1-08" is last year's


def test_next_year_previews_each_year_mention_and_moves_the_ticked_ones(
        qtbot: QtBot, demo_window: MainWindow, store_path: Path, demo_uuid: str) -> None:
    window = demo_window
    seen: list[str] = []

    def untick_the_quarter(dialog: NextYearDialog) -> None:
        rows = dialog.model.rowCount()
        contexts = [dialog.model.item(r, 2).text() for r in range(rows)]
        seen.extend(contexts)
        quarter = next(r for r, c in enumerate(contexts) if "andet kvartal 2008" in c)
        dialog.model.item(quarter, 0).setCheckState(Qt.CheckState.Unchecked)
        assert dialog.model.item(quarter, 0).text() == "2008 → 2009"
        assert dialog.model.item(quarter, 1).text().startswith("Bilag")
        click(qtbot, dialog.buttons.buttons()[0])

    errors = drive_modal(qtbot, NextYearDialog, untick_the_quarter)
    window.copy_action.trigger()
    assert errors == []
    assert any(c.endswith("Politiske indsatsområder 2008") for c in seen)
    assert window.doc is not None and window.doc.agreement.year == 2009
    titles = [g.values.get("title") for g in window.doc.agreement.goals]
    assert "Politiske indsatsområder 2009" in titles
    # the unticked mention stays, and its goal's form says the text still names 2008
    helpdesk = next(g.uuid for g in window.doc.agreement.goals
                    if "andet kvartal 2008" in str(g.values) + str([r.data for rows in g.rows.values() for r in rows]))
    show(window, helpdesk)
    marks = [m.text() for m in window.form.widget().findChildren(QLabel, "yearMark")]
    assert marks and all(m.startswith("Nævner stadig 2008") for m in marks)


def test_cancelling_next_year_copies_nothing(qtbot: QtBot, demo_window: MainWindow) -> None:
    errors = drive_modal(qtbot, NextYearDialog, lambda dialog: click(qtbot, dialog.buttons.buttons()[1]))
    demo_window.copy_action.trigger()
    assert errors == []
    assert len(demo_window.agreements.visible_uuids()) == 1


# --- remembered layout, the list, read-only --------------------------------------------------------

def test_layout_and_last_agreement_are_remembered(
    demo_window: MainWindow, make_window: WindowFactory, store: Store, faaborg: Template
) -> None:
    other = create_agreement(store, faaborg, "Økonomistaben", 2008)
    window = demo_window
    window.agreements.refresh()
    window.open_agreement(other)
    window.resize(760, 560)  # the offscreen screen is 800 × 600
    window.splitter.setSizes([330, 770])
    window.left_splitter.setSizes([250, 400])
    main, left, size = window.splitter.sizes(), window.left_splitter.sizes(), window.size()
    window.close()
    window.store.close()

    again = make_window()
    assert again.doc is not None and again.doc.uuid == other
    assert again.size() == size
    assert again.splitter.sizes() == main
    assert again.left_splitter.sizes() == left
    assert again.agreements.view.currentIndex().row() == again.agreements.model.row_of(other)


def test_a_start_on_the_last_agreement_writes_no_settings(
    qtbot: QtBot, demo_window: MainWindow, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Opening the agreement the settings already name leaves the settings file alone (it was rewritten,
    with two disk syncs, on every start); opening another one records it."""
    demo_window.close()
    demo_window.store.close()
    settings_file = tmp_path / "indstillinger.ini"
    before = settings_file.read_bytes(), settings_file.stat().st_mtime_ns
    again = make_window()
    qtbot.wait(50)  # QSettings writes on an event of its own
    assert (settings_file.read_bytes(), settings_file.stat().st_mtime_ns) == before
    assert again.doc is not None and again.settings.value("last_agreement") == again.doc.uuid


def test_agreement_list_filters_by_year_and_unit(
    qtbot: QtBot, demo_window: MainWindow, store: Store, faaborg: Template, skanderborg_uuid: str
) -> None:
    window = demo_window
    errors = drive_modal(qtbot, NextYearDialog, lambda dialog: click(qtbot, dialog.buttons.buttons()[0]))
    window.copy_action.trigger()  # IT-staben 2009
    assert errors == []
    economy = create_agreement(store, faaborg, "Økonomistaben", 2008)
    panel = window.agreements
    panel.refresh()
    assert [panel.year.itemText(i) for i in range(panel.year.count())] == ["Alle år", "2016", "2009", "2008"]
    assert [i.unit for i in panel.model.items] == ["Ældre og Handicap", "IT-staben", "IT-staben", "Økonomistaben"]

    panel.year.setCurrentIndex(panel.year.findData(2008))
    assert [(i.unit, i.year) for i in panel.model.items] == [("IT-staben", 2008), ("Økonomistaben", 2008)]
    qtbot.keyClicks(panel.unit, "økonomi")
    assert [i.uuid for i in panel.model.items] == [economy]
    panel.unit.clear()
    panel.year.setCurrentIndex(0)
    qtbot.keyClicks(panel.unit, "ÆLDRE")
    assert [i.uuid for i in panel.model.items] == [skanderborg_uuid]

    # choosing from the list opens the agreement
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    assert window.doc is not None and window.doc.uuid == skanderborg_uuid


def test_read_only_window_refuses_edits(
    qtbot: QtBot, make_window: WindowFactory, demo_uuid: str, store_path: Path
) -> None:
    revision = stored_agreement(store_path, demo_uuid)["revision"]
    window = make_window(read_only=True)
    assert window.windowTitle().endswith("(skrivebeskyttet)")
    for action in (window.new_action, window.copy_action, window.delete_goal_action, window.move_up_action):
        assert not action.isEnabled(), action.text()
    assert not window.add_goal_menu.isEnabled()

    assert editor(window, "revision").edit.isReadOnly()
    helpdesk = goals(window, "faglig")[0]
    show(window, helpdesk)
    assert not window.delete_goal_action.isEnabled()
    objective = editor(window, "objective")
    assert objective.edit.isReadOnly()
    qtbot.keyClicks(objective.edit, "forsøg")
    sub_goals: RowTableEditor = editor(window, "sub_goals")
    assert not sub_goals.add_button.isEnabled() and not sub_goals.delete_button.isEnabled()
    assert not sub_goals.model.flags(sub_goals.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert editor(window, "budget").amount.isReadOnly()
    assert not any(action.isEnabled() for action in window.row_actions)

    window.add_goal("faglig")
    window.delete_goal()
    window.move_goal(1)
    window.copy_agreement()
    leave(window)
    assert window.undo_stack.count() == 0
    assert stored_agreement(store_path, demo_uuid)["revision"] == revision
