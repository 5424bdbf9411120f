"""The window as a new user meets it: the welcome page, the toolbar, the tree's menu and marks, the
"Tilføj …" buttons of a section, the agreement list and the status bar (issue 11, points 1, 2, 5–7, 10)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from storage.agreements import create_agreement
from storage.database import Store
from storage.goal_places import kinds_described_in
from storage.model import AgreementSummary
from storage.template_model import Template
from tests.conftest import WindowFactory
from tests.ui.helpers import goals, section, show, stored_goals
from ui.agreement_list import COLUMNS, UNIT_MAX_CHARS, short_title
from ui.main_window import MainWindow
from ui.save_status import saved_text, short_path
from ui.toolbar import tree_menu
from ui.tree_model import APPENDIX_GROUP, EMPTY_NOTE
from ui.welcome_page import AddGoalButtons


def shortcuts(window: MainWindow) -> dict[str, str]:
    found = {}
    for action in window.findChildren(type(window.new_action)):
        for keys in action.shortcuts():
            found[keys.toString(QKeySequence.SequenceFormat.PortableText)] = action.text()
    return found


# --- 1. the first start --------------------------------------------------------------------------------

def test_an_empty_store_shows_the_welcome_page_with_three_steps_and_their_shortcuts(
        make_window: WindowFactory, store_path: Path) -> None:
    window = make_window()
    assert window.doc is None and window.welcome is not None
    assert window.pages.currentWidget() is window.welcome
    texts = [b.text() for b in window.welcome.buttons]
    assert texts == ["Ny aftale …", "Åbn demoaftalen", "Importér fra kollega …"]
    shown = {label.text() for label in window.welcome.findChildren(type(window.saved_label), "shortcut")}
    native = QKeySequence.SequenceFormat.NativeText  # "Ctrl+Skift+I" once the Danish translation is loaded
    assert shown == {QKeySequence(k).toString(native) for k in ("Ctrl+N", "Ctrl+Shift+D", "Ctrl+Shift+I")}
    assert window.saved_label.text().startswith("Gemmes i ") and store_path.name in window.saved_label.text()
    # nothing to export or send yet; a colleague's file can be imported
    assert not window.export_word_action.isEnabled() and not window.send_colleague_action.isEnabled()
    assert window.import_action.isEnabled()


def test_the_demo_button_opens_the_demo_agreement(make_window: WindowFactory, store_path: Path) -> None:
    window = make_window()
    assert window.welcome is not None
    window.welcome.buttons[1].click()
    assert window.doc is not None and window.doc.agreement.unit == "IT-staben"
    assert window.pages.currentWidget() is window.form_page
    assert window.agreements.visible_uuids() == [window.doc.uuid]
    assert window.export_word_action.isEnabled() and window.send_colleague_action.isEnabled()


# --- 2. adding a goal --------------------------------------------------------------------------------

def test_no_shortcut_is_ctrl_alt_and_ctrl_shift_n_adds_a_goal_of_the_selected_kind(
        demo_window: MainWindow, qtbot: QtBot, store_path: Path) -> None:
    window = demo_window
    assert not [k for k in shortcuts(window) if k.startswith("Ctrl+Alt")]  # AltGr on a Danish keyboard
    assert window.new_goal_action.shortcut().toString() == "Ctrl+Shift+N"
    faglig = goals(window, "faglig")
    show(window, faglig[0])
    assert window.new_goal_action.text() == "&Ny faglig indsats"
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.doc is not None
    assert len(stored_goals(store_path, window.doc.uuid, "faglig")) == len(faglig) + 1
    assert goals(window, "faglig")[1] == window.selected_goal()


def test_the_toolbar_carries_the_goal_actions_with_icons(demo_window: MainWindow) -> None:
    actions = demo_window.toolbar.actions()
    for action in (demo_window.new_action, demo_window.new_goal_action, demo_window.delete_goal_action,
                   demo_window.move_up_action, demo_window.move_down_action, demo_window.undo_action,
                   demo_window.redo_action, demo_window.export_word_action, demo_window.send_colleague_action):
        assert action in actions and not action.icon().isNull(), action.text()


def test_the_tree_menu_offers_the_kind_of_the_node_and_the_goal_actions(demo_window: MainWindow) -> None:
    window = demo_window
    show(window, section(window, "4.1"))
    menu = tree_menu(window)
    assert menu.actions()[0].text() == "Tilføj eget indsats"
    show(window, goals(window, "koncern")[0])
    texts = [a.text() for a in tree_menu(window).actions()]
    assert texts[0] == "Tilføj koncernindsats" and window.delete_goal_action.text() in texts
    before = len(goals(window, "koncern"))
    tree_menu(window).actions()[0].trigger()
    assert len(goals(window, "koncern")) == before + 1


def test_a_section_that_describes_goals_has_an_add_button(demo_window: MainWindow, store_path: Path) -> None:
    window = demo_window
    show(window, section(window, "3.2"))
    [buttons] = window.form.findChildren(AddGoalButtons)
    assert [b.text() for b in buttons.buttons.values()] == ["Tilføj faglig indsats …"]
    before = goals(window, "faglig")
    buttons.buttons["faglig"].click()
    assert window.doc is not None
    assert len(stored_goals(store_path, window.doc.uuid, "faglig")) == len(before) + 1
    show(window, section(window, "3.1"))
    assert not window.form.findChildren(AddGoalButtons)


def test_the_sections_that_describe_goals_follow_the_guidance(faaborg: Template) -> None:
    described = {key: [k.id for k in kinds_described_in(faaborg, key)]
                 for key in ("2.1", "2.2", "3.2", "4.1", "5.1", "6.1")}
    assert described == {"2.1": [], "2.2": ["politisk"], "3.2": ["faglig"], "4.1": ["eget"],
                         "5.1": ["koncern"], "6.1": []}


# --- 5. the tree -------------------------------------------------------------------------------------------

def test_appendices_sit_under_bilag_with_full_titles_and_empty_parts_marked(
        demo_window: MainWindow, qtbot: QtBot) -> None:
    window = demo_window
    model = window.tree_model
    assert model is not None and window.doc is not None
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    group = model.index_for(APPENDIX_GROUP)
    assert group.data() == "Bilag" and model.rowCount(group) == 11
    long = model.index(4, 0, group)
    assert long.data(Qt.ItemDataRole.ToolTipRole) == long.data()  # the whole title, also where the panel cuts it
    empty = model.index_for(section(window, "2.1"))
    assert EMPTY_NOTE in str(empty.data(Qt.ItemDataRole.ToolTipRole))
    assert empty.data(Qt.ItemDataRole.FontRole).italic()
    filled = model.index_for(section(window, "2.2"))
    assert filled.data(Qt.ItemDataRole.FontRole) is None and EMPTY_NOTE not in filled.data(Qt.ItemDataRole.ToolTipRole)

    show(window, section(window, "2.1"))
    [text] = window.form.editors.values()
    with qtbot.waitSignal(model.dataChanged, timeout=3000):
        text.edit.setFocus()  # type: ignore[attr-defined]
        qtbot.keyClicks(text.edit, "Visioner")  # type: ignore[attr-defined]
        window.form.flush()
    assert not empty.data(Qt.ItemDataRole.FontRole)

    window.select_node(APPENDIX_GROUP)
    assert window.pages.currentWidget() is window.appendix_page
    assert window.appendix_page.buttons is not None and len(window.appendix_page.buttons.buttons) == 4
    del tester


# --- 6. the agreement list -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "unit", "year", "short"), [
    ("IT-staben. Aftale 2008", "IT-staben", 2008, "Aftale"),
    ("Udviklingsaftale 2016 for Ældre og Handicap", "Ældre og Handicap", 2016, "Udviklingsaftale"),
    ("2009", "Skoler", 2009, "2009"),
])
def test_the_list_shows_the_title_without_unit_and_year(title: str, unit: str, year: int, short: str) -> None:
    item = AgreementSummary("u", unit, year, title, "faaborg-midtfyn", "", 1)
    assert short_title(item) == short


def test_the_list_columns_show_their_text_whole_and_the_title_takes_the_rest(
    qtbot: QtBot, make_window: WindowFactory, store: Store, faaborg: Template, demo_uuid: str
) -> None:
    long_unit = "Center for Børn, Unge og Familier – Sundhedsplejen"
    create_agreement(store, faaborg, long_unit, 2009)
    with store.write() as conn:  # the demo as sent for signature and changed since: "Ændret" with its dot
        conn.execute("UPDATE agreements SET sent_revision = 1, sent_edit_revision = revision - 1 WHERE uuid = ?",
                     (demo_uuid,))
    window = make_window()
    view, model = window.agreements.view, window.agreements.model
    assert {item.unit for item in model.items} == {long_unit, "IT-staben"}
    assert any(model.data(model.index(row, 3)) == "Ændret" for row in range(model.rowCount()))
    metrics, header = view.fontMetrics(), view.horizontalHeader().fontMetrics()
    for column in (0, 1, 3):
        cells = [model.index(row, column) for row in range(model.rowCount())]
        need = max(metrics.horizontalAdvance(str(model.data(cell)))
                   + (14 if model.data(cell, Qt.ItemDataRole.DecorationRole) is not None else 0) for cell in cells)
        if column == 0:  # a long unit is cut with "…", so the title keeps room
            assert view.columnWidth(column) < need
            need = metrics.averageCharWidth() * UNIT_MAX_CHARS
        need = max(need, header.horizontalAdvance(COLUMNS[column]))
        assert view.columnWidth(column) >= need + 8, (COLUMNS[column], view.columnWidth(column), need)
    # the title column takes what is left, so the last column ends at the right edge
    qtbot.waitUntil(lambda: sum(view.columnWidth(c) for c in range(4)) == view.viewport().width())
    assert view.columnWidth(2) > view.columnWidth(1)


# --- 7. the status bar ---------------------------------------------------------------------------------------

def test_saved_moments_are_local_and_danish_and_the_path_is_short() -> None:
    moment = datetime(2026, 3, 5, 8, 7, 59, tzinfo=UTC)
    local = moment.astimezone()
    assert saved_text(moment) == f"Gemt kl. {local:%H}.{local:%M}"
    assert saved_text(moment, again=True).startswith("Gemt igen kl. ")
    assert short_path(Path.home() / "a" / "aftaler.sqlite") == "~/a/aftaler.sqlite"
    cut = short_path(Path("/" + "x" * 100) / "aftaler.sqlite")
    assert len(cut) == 48 and "…" in cut and cut.endswith("aftaler.sqlite")


def test_an_edit_says_when_it_was_saved(demo_window: MainWindow, qtbot: QtBot) -> None:
    window = demo_window
    assert window.saved_label.text().startswith("Gemmes i ")
    show(window, goals(window, "faglig")[0])
    edit = window.form.editors["covered"].edit  # type: ignore[attr-defined]
    edit.setFocus()
    qtbot.keyClicks(edit, "Alle")
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("Gemt kl. "), timeout=3000)
    assert ":" not in window.saved_label.text()
