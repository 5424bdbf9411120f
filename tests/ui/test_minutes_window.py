"""The minutes window, driven through its widgets: a meeting with two items typed in, a goal linked,
the goal's form in the main window listing the decision, undo, and the export read by LibreOffice."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from tests.exporters.libreoffice import LibreOffice, find_in_order, normalise
from tests.ui.helpers import goals, show
from ui.goal_decisions import NONE_YET, GoalDecisions
from ui.main_window import MainWindow
from ui.minutes_window import MinutesWindow


def stored(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def stored_items(path: Path) -> list[tuple[Any, ...]]:
    return stored(path, "SELECT title, resume, recommended_by, recommendation, background, decision FROM"
                        " meeting_items WHERE deleted = 0 ORDER BY position")


def open_minutes(qtbot: QtBot, window: MainWindow) -> MinutesWindow:
    """Through the menu: Opfølgning → Dialogmøder …"""
    entry = next(a for a in window.followup_menu.actions() if a.text().replace("&", "") == "Dialogmøder …")
    entry.trigger()
    minutes = window.minutes_window
    assert minutes is not None
    qtbot.waitExposed(minutes)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is minutes, timeout=2000)
    return minutes


def click(qtbot: QtBot, minutes: MinutesWindow, name: str) -> None:
    button = minutes.findChild(QPushButton, f"button_{name}")
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, field: QLineEdit | QPlainTextEdit, text: str, finish: bool = False) -> None:
    """Select all that is there and type ``text`` over it (lines separated by Enter; QTest cannot type
    every letter, e.g. not é)."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.keyClicks(field, line)
    if finish:
        qtbot.keyClick(field, Qt.Key.Key_Return)


def check_goal(minutes: MinutesWindow, label: str) -> None:
    view = minutes.findChild(QListWidget, "goalList")
    assert view is not None
    entries = [view.item(row) for row in range(view.count())]
    entry = next((e for e in entries if e.text() == label), None)
    assert entry is not None, [e.text() for e in entries]
    entry.setCheckState(Qt.CheckState.Checked)  # what a click on the box does


@pytest.fixture
def written(qtbot: QtBot, demo_window: MainWindow, store_path: Path) -> MinutesWindow:
    """Chefforum 3.3.2016 typed in: two items; the second concerns Bilag 2a Helpdesk."""
    minutes = open_minutes(qtbot, demo_window)
    click(qtbot, minutes, "new_meeting")
    type_into(qtbot, minutes.meeting_fields["title"], "Chefforum")
    type_into(qtbot, minutes.meeting_fields["day"], "3.3.2016", finish=True)
    type_into(qtbot, minutes.meeting_fields["time"], "9.00", finish=True)
    type_into(qtbot, minutes.meeting_fields["place"], "Mødelokale 2 - forhal", finish=True)

    click(qtbot, minutes, "add_item")
    assert QApplication.focusWidget() is minutes.parts["title"]
    qtbot.keyClicks(minutes.parts["title"], "Godkendelse af dagsorden og referat")
    type_into(qtbot, minutes.parts["resume"], "Her gives et kort overblik over sagen.")
    type_into(qtbot, minutes.parts["recommended_by"], "Kommunaldirektøren")
    type_into(qtbot, minutes.parts["recommendation"], "at dagsorden og referat godkendes")
    type_into(qtbot, minutes.parts["decision"], "Dagsorden og referat blev godkendt.")

    click(qtbot, minutes, "add_item")
    qtbot.keyClicks(minutes.parts["title"], "Status på helpdesk")
    type_into(qtbot, minutes.parts["recommendation"], "at status tages til efterretning\n"
                                                      "at svartiden måles igen i december")
    type_into(qtbot, minutes.parts["background"], "Svartiden er faldet.")
    type_into(qtbot, minutes.parts["decision"], "Indstillingen blev godkendt.")
    year = minutes.goals.year
    assert year.value() == 2016  # the meeting's year, where the demo has no agreement
    assert minutes.findChild(QListWidget, "goalList").count() == 0
    year.setFocus()
    year.selectAll()
    qtbot.keyClicks(year, "2008")
    check_goal(minutes, "Bilag 2a Faglig indsats – Helpdesk (IT-staben)")
    qtbot.waitUntil(lambda: len(stored_items(store_path)) == 2 and stored_items(store_path)[1][5] != "",
                    timeout=3000)
    return minutes


def test_a_meeting_typed_in_reaches_the_file(written: MinutesWindow, store_path: Path) -> None:
    assert stored(store_path, "SELECT title, date, time, place FROM meetings WHERE deleted = 0") == [
        ("Chefforum", "2016-03-03", "09:00", "Mødelokale 2 - forhal")]
    assert stored_items(store_path) == [
        ("Godkendelse af dagsorden og referat", "Her gives et kort overblik over sagen.", "Kommunaldirektøren",
         json.dumps(["dagsorden og referat godkendes"], ensure_ascii=False), "", "Dagsorden og referat blev godkendt."),
        ("Status på helpdesk", "", "", json.dumps(["status tages til efterretning", "svartiden måles igen i december"],
                                                  ensure_ascii=False),
         "Svartiden er faldet.", "Indstillingen blev godkendt."),
    ]
    items = [written.items.item(row).text() for row in range(written.items.count())]
    assert items == ["Punkt 1: Godkendelse af dagsorden og referat", "Punkt 2: Status på helpdesk"]
    assert len(stored(store_path, "SELECT goal_uuid FROM meeting_item_goals")) == 1


def test_the_goal_form_lists_the_decision(qtbot: QtBot, written: MinutesWindow, demo_window: MainWindow) -> None:
    helpdesk, network = goals(demo_window, "faglig")[:2]
    show(demo_window, network)
    panel = demo_window.form.findChild(GoalDecisions)
    assert panel is not None and panel.texts() == [NONE_YET]
    show(demo_window, helpdesk)
    panel = demo_window.form.findChild(GoalDecisions)
    assert panel is not None
    assert panel.texts() == ["Chefforum 3. marts 2016, punkt 2: Status på helpdesk", "Indstillingen blev godkendt."]

    # a decision changed in the minutes window shows when the user comes back to the main window
    written.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is written, timeout=2000)
    type_into(qtbot, written.parts["decision"], "Svartiden følges igen i december.")
    written.flush()
    demo_window.activateWindow()
    qtbot.waitUntil(lambda: panel.texts()[-1:] == ["Svartiden følges igen i december."], timeout=2000)


def test_items_move_and_undo_puts_them_back(qtbot: QtBot, written: MinutesWindow, store_path: Path) -> None:
    click(qtbot, written, "up")  # the second item is the current one
    assert [r[0] for r in stored_items(store_path)] == ["Status på helpdesk", "Godkendelse af dagsorden og referat"]
    assert written.items.item(0).text() == "Punkt 1: Status på helpdesk"
    written.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is written, timeout=2000)
    qtbot.keySequence(written.items, QKeySequence(QKeySequence.StandardKey.Undo))
    assert [r[0] for r in stored_items(store_path)] == ["Godkendelse af dagsorden og referat", "Status på helpdesk"]
    qtbot.keySequence(written.items, QKeySequence(QKeySequence.StandardKey.Undo))  # the goal link
    assert stored(store_path, "SELECT goal_uuid FROM meeting_item_goals") == []
    click(qtbot, written, "delete_item")
    assert [r[0] for r in stored_items(store_path)] == ["Godkendelse af dagsorden og referat"]


def test_a_date_that_cannot_be_read_is_said_and_not_stored(qtbot: QtBot, written: MinutesWindow,
                                                           store_path: Path) -> None:
    type_into(qtbot, written.meeting_fields["day"], "31.2.2016", finish=True)
    assert written.problem.isVisible()
    assert "Datoen »31.2.2016« kan ikke læses" in written.problem.text()
    assert stored(store_path, "SELECT date FROM meetings") == [("2016-03-03",)]
    assert written.meeting_fields["day"].text() == "03.03.2016"


def test_export_from_the_window(written: MinutesWindow, tmp_path: Path) -> None:
    target = written.export_word(target=tmp_path / "referat.docx")
    assert target is not None and target.is_file()
    assert "Referatet er gemt" in written.statusBar().currentMessage()
    text = normalise(LibreOffice(tmp_path / "lo").text(target))
    find_in_order(text, ["REFERAT Chefforum d. 03.03.2016", "Mødedato Torsdag d. 3. marts 2016 kl. 09:00",
                         "Punkt 1: Godkendelse af dagsorden og referat", "Kommunaldirektøren indstiller,",
                         "1. at dagsorden og referat godkendes", "Punkt 2: Status på helpdesk",
                         "Vedrører: Bilag 2a Faglig indsats – Helpdesk (IT-staben)",
                         "1. at status tages til efterretning", "2. at svartiden måles igen i december",
                         "Beslutning", "Indstillingen blev godkendt."])


def test_without_libreoffice_the_export_says_the_contents_has_no_page_numbers(
        written: MinutesWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "tom-sti"  # a machine without LibreOffice and pdftotext
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    target = written.export_word(target=tmp_path / "referat.docx")
    assert target is not None and target.is_file()
    note = written.last_note
    assert note.isVisible() and not note.isModal()
    assert note.text().startswith("Referatet er gemt som referat.docx.")
    assert "Indholdsfortegnelsen har ingen sidetal, fordi LibreOffice ikke er installeret" in note.text()


def test_typing_left_in_the_minutes_window_is_saved_when_the_main_window_closes(
        qtbot: QtBot, written: MinutesWindow, demo_window: MainWindow, store_path: Path) -> None:
    written.parts["decision"].setFocus()
    qtbot.keyClicks(written.parts["decision"], " Opfølgning i juni.")
    assert written.save_timer.isActive()  # not saved yet
    demo_window.close()
    assert stored_items(store_path)[1][5] == "Indstillingen blev godkendt. Opfølgning i juni."


def test_a_new_meeting_can_be_undone(qtbot: QtBot, written: MinutesWindow, store_path: Path) -> None:
    click(qtbot, written, "new_meeting")
    assert written.meetings.count() == 2
    assert written.meeting_fields["title"].text() == "Dialogmøde"
    qtbot.keySequence(written.meetings, QKeySequence(QKeySequence.StandardKey.Undo))
    assert [written.meetings.item(r).text() for r in range(written.meetings.count())] == ["03.03.2016  Chefforum"]
    assert stored(store_path, "SELECT title FROM meetings WHERE deleted = 0") == [("Chefforum",)]
    assert written.meeting_fields["title"].text() == "Chefforum"


def test_a_read_only_store_shows_the_minutes_but_takes_no_edits(qtbot: QtBot, written: MinutesWindow,
                                                               demo_window: MainWindow, make_window: Any) -> None:
    demo_window.close()
    reader = make_window(read_only=True)
    minutes = open_minutes(qtbot, reader)
    assert minutes.items.count() == 2
    assert minutes.meeting_fields["title"].text() == "Chefforum"
    for name in ("new_meeting", "delete_meeting", "add_item", "delete_item", "up"):
        assert not minutes.findChild(QPushButton, f"button_{name}").isEnabled(), name
    assert minutes.parts["decision"].isReadOnly()
    assert minutes.findChild(QPushButton, "button_export").isEnabled()
