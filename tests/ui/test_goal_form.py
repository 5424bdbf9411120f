"""The goal form: headed parts with jump links, lists that edit as wrapping text, boxes that grow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.conftest import WindowFactory
from tests.ui.helpers import editor, goals, section, show, stored_rows
from tests.ui.test_editing import skanderborg_uuid  # noqa: F401 — the fixture
from ui.editors.rows import CellEditor, RowTableEditor, share_widths
from ui.main_window import MainWindow


@pytest.fixture
def wide_demo(demo_window: MainWindow) -> MainWindow:
    demo_window.resize(1366, 768)
    return demo_window


def koncern_goal(window: MainWindow) -> str:
    goal = goals(window, "koncern")[0]  # Bilag 4a
    show(window, goal)
    QApplication.processEvents()
    return goal


def test_the_five_parts_are_headed_groups_reached_from_links_at_the_top(qtbot: QtBot, wide_demo: MainWindow) -> None:
    window = wide_demo
    koncern_goal(window)
    form = window.form
    headings = [h.text() for h in form.widget().findChildren(QLabel, "partHeading")]
    assert headings == ["Koncern målsætning", "Delmål", "Succeskriterier", "Handleplan", "Økonomi", "Opfølgning"]
    bar = form.widget().findChild(QLabel, "jumpBar")
    assert bar is not None and "href='action_plan'" in bar.text()
    part = form.parts["action_plan"]
    assert part.mapTo(form.viewport(), part.rect().topLeft()).y() > form.viewport().height()  # below the fold
    bar.linkActivated.emit("action_plan")
    qtbot.waitUntil(lambda: form.verticalScrollBar().value() > 0)
    assert 0 <= part.mapTo(form.viewport(), part.rect().topLeft()).y() < 20  # its heading at the top
    assert QApplication.focusWidget() is editor(window, "action_plan").view


def test_row_buttons_show_only_for_a_selected_row(qtbot: QtBot, wide_demo: MainWindow) -> None:
    koncern_goal(wide_demo)
    table: RowTableEditor = editor(wide_demo, "sub_goals")
    table.view.clearSelection()
    assert table.add_button.isVisible()
    assert not any(b.isVisible() for b in (table.delete_button, table.up_button, table.down_button))
    table.select_row(1)
    assert all(b.isVisible() for b in (table.delete_button, table.up_button, table.down_button))


def test_columns_share_the_width_by_content_and_a_list_has_no_header(qtbot: QtBot, wide_demo: MainWindow) -> None:
    koncern_goal(wide_demo)
    sub_goals: RowTableEditor = editor(wide_demo, "sub_goals")
    assert sub_goals.view.horizontalHeader().isHidden()  # no "Tekst" over a one-column list
    plan: RowTableEditor = editor(wide_demo, "action_plan")
    qtbot.waitUntil(lambda: plan.view.columnWidth(0) > 300)
    widths = [plan.view.columnWidth(c) for c in range(4)]
    assert all(not r.data.get("status") for r in plan.model.rows)
    assert widths[3] < widths[1] and widths[3] < plan.view.viewport().width() / 10  # empty Status: narrow
    assert widths[0] == max(widths)  # the activities hold the most text
    assert abs(sum(widths) - plan.view.viewport().width()) <= 2


def test_share_widths() -> None:
    assert share_widths([100, 50], [40, 50], 300) == [250, 50]  # what is left goes to the wanting column
    assert sum(share_widths([900, 300, 60], [120, 100, 60], 600)) == 600
    assert share_widths([900, 300, 60], [120, 100, 60], 600)[2] >= 60
    assert share_widths([], [], 100) == []


def test_a_cell_edits_as_wrapping_text_enter_saves_and_shift_enter_breaks_the_line(
        qtbot: QtBot, wide_demo: MainWindow, store_path: Path) -> None:
    goal = koncern_goal(wide_demo)
    table: RowTableEditor = editor(wide_demo, "sub_goals")
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index(0, 0))
    qtbot.keyClick(table.view, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    assert isinstance(cell, CellEditor)
    assert cell.lineWrapMode() == CellEditor.LineWrapMode.WidgetWidth
    cell.selectAll()
    qtbot.keyClicks(cell, "Første linje")
    qtbot.keyClick(cell, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(cell, "anden linje")
    assert table.view.state() == QAbstractItemView.State.EditingState  # Shift+Enter did not close it
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState)
    qtbot.waitUntil(lambda: stored_rows(store_path, goal, "sub_goals")[0] == {"text": "Første linje\nanden linje"})


@pytest.mark.usefixtures("skanderborg_uuid")  # the Skanderborg agreement, opened as the last one
def test_a_long_text_grows_its_box_instead_of_scrolling_inside(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    window.resize(1366, 768)
    show(window, section(window, "1"))
    QApplication.processEvents()
    text = editor(window, "text").edit
    assert text.verticalScrollBar().maximum() == 0  # all of §1 shows; the form scrolls, not the box
    assert text.height() > 300


def test_the_amount_shows_its_whole_placeholder(wide_demo: MainWindow) -> None:
    show(wide_demo, section(wide_demo, "6.1"))
    amount = editor(wide_demo, "budget").amount
    assert amount.width() > QFontMetrics(amount.font()).horizontalAdvance(amount.placeholderText()) + 10


def test_the_follow_up_parts_have_one_heading_each(qtbot: QtBot, wide_demo: MainWindow) -> None:
    """The template's part "Opfølgning" (the agreement's text), then the round's status, then the decisions:
    each under its own heading, so "Opfølgning" is not said twice."""
    window = wide_demo
    assert window.followup.create_round("Status-opfølgning", date(2008, 9, 1), True, False) is None  # no refusal
    koncern_goal(window)
    page = window.form.widget()
    headings = sorted((h for h in page.findChildren(QLabel) if h.objectName() in ("partHeading", "panelHeading")
                       and h.isVisibleTo(page)), key=lambda h: h.mapTo(page, h.rect().topLeft()).y())
    assert [h.text() for h in headings] == ["Koncern målsætning", "Delmål", "Succeskriterier", "Handleplan",
                                            "Økonomi", "Opfølgning", "Opfølgningsstatus",
                                            "Beslutninger fra dialogmøder"]
    bold = [h.text() for h in page.findChildren(QLabel) if h.isVisibleTo(page)
            and (h.font().bold() or "<b>" in h.text())]
    assert sum(1 for text in bold if text.replace("<b>", "").replace("</b>", "") == "Opfølgning") == 1
    assert "Status i Status-opfølgning (1. september 2008)." in [h.text() for h in page.findChildren(QLabel)]

    # the links at the top reach the two parts after the template's fields too
    bar = page.findChild(QLabel, "jumpBar")
    assert bar is not None and bar.text().endswith(
        "<a href='#status' style='text-decoration:none'>Opfølgningsstatus</a> · "
        "<a href='#decisions' style='text-decoration:none'>Beslutninger fra dialogmøder</a>")
    form = window.form
    bar.linkActivated.emit("#decisions")
    decisions = form.parts["#decisions"]
    qtbot.waitUntil(lambda: form.verticalScrollBar().value() > 0)
    top = decisions.mapTo(form.viewport(), decisions.rect().topLeft()).y()
    assert 0 <= top < 20 or form.verticalScrollBar().value() == form.verticalScrollBar().maximum()
