"""Follow-up rounds in the editor, through the real widgets: the round dialog from the Opfølgning menu,
statuses of a goal, a sub-goal and an action, the tree's marks, the goal's history, undo/redo, a closed
round, a refused measured value, a round started from the last one, and the action plan's Status column."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from storage import edits, followup
from storage.database import Store
from tests.conftest import WindowFactory
from tests.ui.helpers import drive_modal, goals, show
from ui.editors.rows import RowTableEditor
from ui.followup_panel import FollowUpPanel, TargetLine
from ui.main_window import MainWindow
from ui.round_dialog import NewRoundDialog
from ui.status_marks import StatusMarkDelegate

CTRL = Qt.KeyboardModifier.ControlModifier
LEGACY = "I gang siden marts"


@pytest.fixture
def window(make_window: WindowFactory, store: Store, demo_uuid: str) -> MainWindow:
    """The demo agreement with an old free-text status typed in the Helpdesk goal's first action."""
    helpdesk = store.query("SELECT uuid FROM goals WHERE agreement_uuid = ? AND kind = 'faglig' ORDER BY position",
                           (demo_uuid,))[0]["uuid"]
    first = store.query("SELECT uuid, data FROM rows WHERE owner_uuid = ? AND field_id = 'action_plan'"
                        " ORDER BY position", (helpdesk,))[0]
    edits.set_row_data(store, first["uuid"], {"activity": "IT-staben udarbejder en plan.", "status": LEGACY})
    return make_window()


def helpdesk(window: MainWindow) -> str:
    return goals(window, "faglig")[0]


def menu_action(window: MainWindow, text: str) -> QAction:
    found = [a for a in window.followup_menu.actions() if a.text().replace("&", "").startswith(text)]
    assert found, [a.text() for a in window.followup_menu.actions()]
    return found[0]


def new_round(qtbot: QtBot, window: MainWindow, name: str, day: QDate,
              also: Callable[[NewRoundDialog], None] = lambda d: None) -> None:
    """Opfølgning → Ny opfølgningsrunde …, fill in the dialog and press 'Opret runden'."""
    def fill(dialog: NewRoundDialog) -> None:
        dialog.name.setFocus()
        qtbot.keyClick(dialog.name, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(dialog.name, name)
        dialog.day.setDate(day)
        assert dialog.day.text() == day.toString("dd.MM.yyyy")
        also(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    errors = drive_modal(qtbot, NewRoundDialog, fill)
    menu_action(window, "Ny opfølgningsrunde").trigger()
    assert not errors, errors


def first_round(qtbot: QtBot, window: MainWindow) -> str:
    """'Status-opfølgning' on 1.9.2008 for the agreement, with the Helpdesk goal shown."""
    new_round(qtbot, window, "Status-opfølgning", QDate(2008, 9, 1))
    goal = helpdesk(window)
    show(window, goal)
    return goal


def panel(window: MainWindow) -> FollowUpPanel:
    assert window.form.followup_panel is not None
    return window.form.followup_panel


def line(window: MainWindow, kind: str, number: int = 0) -> TargetLine:
    return [ln for ln in panel(window).lines if ln.target.kind == kind][number]


def pick(qtbot: QtBot, combo: QComboBox, name: str) -> None:
    """Open the status list and click a level, as a user would."""
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    index = combo.findText(name)
    assert index >= 0, name
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
    assert combo.currentText() == name


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def stored(window: MainWindow) -> dict[str, tuple[str | None, str, str | None]]:
    """The statuses of the chosen round, read from the store: target → (status, comment, measured)."""
    assert window.doc is not None and window.followup.current is not None
    found = followup.statuses_of(window.store, window.followup.current.uuid, window.doc.uuid)
    return {uuid: (s.status, s.comment, s.measured) for uuid, s in found.items()}


def tree_mark(window: MainWindow, goal_uuid: str) -> tuple[str | None, list[QColor]]:
    """The mark the tree shows for a goal: the delegate's level and the colours painted in its badge."""
    assert window.tree_model is not None
    index = window.tree_model.index_for(goal_uuid)
    delegate = window.tree.itemDelegate()
    assert isinstance(delegate, StatusMarkDelegate)
    window.tree.scrollTo(index)
    level = delegate.mark(index)
    image = window.tree.viewport().grab().toImage()
    badge = delegate.badge_rect(window.tree.visualRect(index))
    colours = [image.pixelColor(x, y) for x in range(badge.left(), badge.right() + 1)
               for y in range(badge.top(), badge.bottom() + 1)]
    return (level.key if level else None), colours


def painted(colours: list[QColor], hex_colour: str) -> bool:
    """Most of a badge (a circle in its square) is painted in the colour."""
    want = QColor(hex_colour)
    close = [c for c in colours if max(abs(c.red() - want.red()), abs(c.green() - want.green()),
                                       abs(c.blue() - want.blue())) <= 30]
    return len(close) > len(colours) // 3


def action_status_cell(window: MainWindow, row: int) -> tuple[str, bool]:
    """What the action plan's Status column shows in a row, and whether the cell can be edited."""
    table = window.form.editors["action_plan"]
    assert isinstance(table, RowTableEditor)
    index = table.model.index(row, table.model.keys.index("status"))
    return str(index.data()), bool(table.model.flags(index) & Qt.ItemFlag.ItemIsEditable)


# --- tests ---------------------------------------------------------------------------------------

def test_statuses_set_in_the_panel_reach_the_store_and_the_tree(qtbot: QtBot, window: MainWindow) -> None:
    goal = helpdesk(window)
    show(window, goal)
    assert "ingen opfølgningsrunde" in panel(window).note.text()
    assert tree_mark(window, goal)[0] is None  # no round, no mark
    assert not painted(tree_mark(window, goal)[1], "#9e9e9e")

    new_round(qtbot, window, "Status-opfølgning", QDate(2008, 9, 1))
    chosen = window.followup.current
    assert chosen is not None and chosen.name == "Status-opfølgning" and chosen.date == date(2008, 9, 1)
    assert window.round_bar.combo.currentText().startswith("Status-opfølgning (1. september 2008)")
    show(window, goal)

    pick(qtbot, line(window, "goal").status, "Gul")
    sub_goal = line(window, "sub_goal", 1)
    texts = [label.text() for label in panel(window).targets.findChildren(QLabel)]
    assert any("Succeskriterium: At informationen fra IT-staben" in t for t in texts)  # paired by position
    pick(qtbot, sub_goal.status, "Grøn")
    assert sub_goal.measured is not None
    type_into(qtbot, sub_goal.measured, "4,5")
    type_into(qtbot, sub_goal.comment, "Info på forsiden")
    action = line(window, "action", 2)
    pick(qtbot, action.status, "Rød")
    action.comment.setFocus()
    qtbot.keyClicks(action.comment, "Forsinket")  # no Enter: saved after a pause in typing, like every field
    qtbot.waitUntil(lambda: stored(window).get(action.target.uuid, (None, "", None))[1] == "Forsinket", timeout=1500)

    assert stored(window) == {
        goal: ("gul", "", None),
        sub_goal.target.uuid: ("groen", "Info på forsiden", "4.5"),
        action.target.uuid: ("roed", "Forsinket", None),
    }
    assert sub_goal.measured.text() == "4,5"
    assert sub_goal.set_by.text().startswith("Sat ")
    level, colours = tree_mark(window, goal)
    assert level == "gul" and painted(colours, "#f9a825")
    level, colours = tree_mark(window, goals(window, "faglig")[1])
    assert level == "ikke_vurderet" and painted(colours, "#9e9e9e") and not painted(colours, "#f9a825")


def test_a_status_change_repaints_the_goal_in_the_tree_by_itself(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow
) -> None:
    """The tree draws the new mark without being asked (no grab, no click): it repaints its rows."""
    goal = first_round(qtbot, window)
    assert window.tree_model is not None
    delegate = window.tree.itemDelegate()
    assert isinstance(delegate, StatusMarkDelegate)
    qtbot.waitUntil(lambda: delegate.painted)
    drawn: list[str | None] = []
    paint = StatusMarkDelegate.paint

    def counting(painter: Any, option: Any, index: Any) -> None:
        node = window.tree_model.node(index) if window.tree_model else None
        drawn.append(node.uuid if node else None)
        paint(delegate, painter, option, index)

    pick(qtbot, line(window, "goal").status, "Grøn")
    qtbot.wait(200)  # the combo box's popup has closed and what it covered is drawn again
    monkeypatch.setattr(delegate, "paint", counting)
    window.undo_action.trigger()  # the status changes with nothing on screen moving
    qtbot.waitUntil(lambda: goal in drawn)
    assert delegate.mark(window.tree_model.index_for(goal)) is not None


def test_undo_and_redo_of_a_status_change(qtbot: QtBot, window: MainWindow) -> None:
    goal = first_round(qtbot, window)
    pick(qtbot, line(window, "goal").status, "Grøn")
    pick(qtbot, line(window, "goal").status, "Rød")
    assert stored(window)[goal][0] == "roed"
    assert window.undo_action.text().startswith("Fortryd Sæt status")

    window.undo_action.trigger()
    assert stored(window)[goal][0] == "groen"
    assert line(window, "goal").status.currentText() == "Grøn"
    assert tree_mark(window, goal)[0] == "groen"
    window.undo_action.trigger()
    assert stored(window)[goal][0] is None
    assert line(window, "goal").status.currentText() == "Ikke vurderet"
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert stored(window)[goal][0] == "roed"
    assert line(window, "goal").status.currentText() == "Rød"


def test_history_shows_every_round_and_a_new_round_starts_from_the_last(qtbot: QtBot, window: MainWindow) -> None:
    goal = first_round(qtbot, window)
    pick(qtbot, line(window, "goal").status, "Gul")
    type_into(qtbot, line(window, "goal").comment, "Portalen er forsinket")
    first = window.followup.current
    assert first is not None

    def from_last(dialog: NewRoundDialog) -> None:
        assert dialog.from_latest.isEnabled() and dialog.from_latest.isChecked()
        dialog.whole_year.click()

    new_round(qtbot, window, "Årsberetning", QDate(2008, 12, 15), from_last)
    second = window.followup.current
    assert second is not None and second.uuid != first.uuid and second.agreement_uuid is None
    show(window, goal)
    assert stored(window)[goal] == ("gul", "Portalen er forsinket", None)  # copied from the first round
    assert line(window, "goal").status.currentText() == "Gul"
    pick(qtbot, line(window, "goal").status, "Grøn")
    type_into(qtbot, line(window, "goal").comment, "Portalen kører")

    history = panel(window).history
    rows = [[history.item(r, c).text() for c in range(3)] for r in range(history.rowCount())]
    assert rows == [["Status-opfølgning (1. september 2008)", "Gul", "Portalen er forsinket"],
                    ["Årsberetning (15. december 2008)", "Grøn", "Portalen kører"]]
    # the earlier round is still as it was, and can be chosen again
    window.round_bar.combo.setCurrentIndex(window.round_bar.combo.findData(first.uuid))
    window.round_bar.combo.activated.emit(window.round_bar.combo.currentIndex())
    assert line(window, "goal").status.currentText() == "Gul"
    assert tree_mark(window, goal)[0] == "gul"


def test_a_closed_round_is_read_only(qtbot: QtBot, window: MainWindow) -> None:
    goal = first_round(qtbot, window)
    pick(qtbot, line(window, "goal").status, "Gul")
    close = menu_action(window, "Luk runden")
    close.trigger()
    assert window.followup.current is not None and window.followup.current.closed
    assert followup.get_round(window.store, window.followup.current.uuid).closed
    assert close.text().replace("&", "") == "Genåbn runden"
    assert "lukket" in panel(window).note.text()
    goal_line = line(window, "goal")
    assert not goal_line.status.isEnabled()
    assert goal_line.comment.isReadOnly()
    qtbot.keyClicks(goal_line.comment, "skrevet i en lukket runde")
    qtbot.keyClick(goal_line.comment, Qt.Key.Key_Return)
    assert stored(window)[goal] == ("gul", "", None)

    close.trigger()  # Genåbn runden
    assert not window.followup.current.closed
    assert line(window, "goal").status.isEnabled() and not line(window, "goal").comment.isReadOnly()


def test_a_measured_value_that_is_no_number_is_refused_in_danish(qtbot: QtBot, window: MainWindow) -> None:
    goal = first_round(qtbot, window)
    steps = window.undo_stack.count()
    measured = line(window, "sub_goal").measured
    assert measured is not None
    type_into(qtbot, measured, "fire")

    assert window.save_banner.isVisible()
    assert "Den målte værdi skal være et tal" in window.save_banner.message.text()
    assert "»fire« er ikke gemt" in window.save_banner.message.text()
    assert stored(window) == {}
    assert window.undo_stack.count() == steps
    assert measured.text() == "fire"  # what was typed stays on screen to be corrected
    type_into(qtbot, measured, "4")
    assert stored(window)[line(window, "sub_goal").target.uuid] == (None, "", "4")
    assert measured.styleSheet() == ""
    assert not window.save_banner.isVisible()  # the value is stored now: the band has gone
    assert tree_mark(window, goal)[0] == "ikke_vurderet"


def test_the_action_plans_status_column_shows_the_rounds_status(qtbot: QtBot, window: MainWindow) -> None:
    goal = helpdesk(window)
    show(window, goal)
    assert action_status_cell(window, 0) == (LEGACY, True)  # no round: the plan's own text, editable

    new_round(qtbot, window, "Status-opfølgning", QDate(2008, 9, 1))
    show(window, goal)
    assert action_status_cell(window, 0) == (LEGACY, False)  # no status in the round yet: the old text
    assert action_status_cell(window, 2) == ("", False)
    assert f"handleplanen: {LEGACY}" in line(window, "action", 0).comment.placeholderText()

    pick(qtbot, line(window, "action", 0).status, "Rød")
    type_into(qtbot, line(window, "action", 0).comment, "Planen mangler")
    assert action_status_cell(window, 0) == ("✗ Rød: Planen mangler", False)
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert action_status_cell(window, 0) == (LEGACY, False)


def test_the_latest_round_is_shown_and_a_read_only_window_changes_nothing(
        qtbot: QtBot, make_window: WindowFactory, store: Store, demo_uuid: str) -> None:
    september = followup.create_round(store, "Status-opfølgning", date(2008, 9, 1), agreement_uuid=demo_uuid)
    december = followup.create_round(store, "Årsberetning", date(2008, 12, 15), year=2008)
    goal = store.query("SELECT uuid FROM goals WHERE agreement_uuid = ? AND kind = 'faglig' ORDER BY position",
                       (demo_uuid,))[0]["uuid"]
    followup.set_status(store, september, goal, "rød", "Ingen plan")
    window = make_window(read_only=True)
    assert window.followup.current is not None and window.followup.current.uuid == december
    assert [window.round_bar.combo.itemText(i) for i in range(window.round_bar.combo.count())] == [
        "Årsberetning (15. december 2008) · alle aftaler 2008", "Status-opfølgning (1. september 2008)"]
    assert not menu_action(window, "Ny opfølgningsrunde").isEnabled()
    assert not menu_action(window, "Luk runden").isEnabled()
    show(window, goal)
    assert not line(window, "goal").status.isEnabled() and line(window, "goal").comment.isReadOnly()
    history = panel(window).history
    assert [history.item(r, 1).text() for r in range(history.rowCount())] == ["Rød", "Ikke vurderet"]
