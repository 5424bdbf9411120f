"""When the store refuses a write — another program holds its write lock, the disk is full, the
folder became read-only — the window keeps what is on screen, says why in Danish, retries, offers
a copy elsewhere, and never ends. Real failures: a second process holding SQLite's write lock, and
a small real file system (tmpfs) that fills up or is remounted read-only."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from storage.agreements import create_agreement
from storage.backups import make_backup
from storage.database import open_store
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry, parse_template
from tests.conftest import WindowFactory
from tests.faults import full, held_write_lock, small_filesystem
from tests.ui.helpers import drive_modal, editor, goals, show, stored_agreement, stored_goals, stored_value
from ui.main_window import MainWindow

#: a write in the window waits 1 s for a held lock before it is kept pending; it retries every 3 s
FAILS_WITHIN_MS = 12_000


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with small_filesystem(tmp_path / "lille-disk", size_kb=4096) as folder:
        yield folder


def window_on(make_window: WindowFactory, registry: TemplateRegistry, folder: Path) -> MainWindow:
    """The demo agreement in a store in ``folder``, open in a window. The window's is the only
    connection: the WAL starts empty, and SQLite's locks are really held (a second connection opened
    by open_store in this process would lose them when open_store reads the file header)."""
    path = folder / "aftaler.sqlite"
    store = open_store(path)
    create_from_seed(store, registry, demo_seed())
    store.close()
    return make_window(path)


def first_goal(window: MainWindow) -> str:
    goal = goals(window, "faglig")[0]
    show(window, goal)
    return goal


def type_into_objective(qtbot: QtBot, window: MainWindow, text: str) -> None:
    edit = editor(window, "objective").edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def cancel(box: QMessageBox, asked: list[str]) -> None:
    """Answer "Annullér" to the question about unsaved typing, noting its text."""
    asked.append(box.text())
    next(b for b in box.buttons() if b.text() == "Annullér").click()


def banner_text(window: MainWindow) -> str:
    return window.save_banner.message.text()


def test_a_held_write_lock_keeps_the_typing_says_why_and_saves_it_when_the_lock_goes(
        qtbot: QtBot, make_window: WindowFactory, registry: TemplateRegistry, tmp_path: Path) -> None:
    window = window_on(make_window, registry, tmp_path)
    path = window.store.path
    goal = first_goal(window)
    type_into_objective(qtbot, window, " Før")
    qtbot.waitUntil(lambda: str(stored_value(path, goal, "objective")).endswith(" Før"), timeout=3000)
    with held_write_lock(path):
        type_into_objective(qtbot, window, " under låsen")
        started = time.monotonic()
        window.form.flush()  # the save the pause would make, now: the window waits in it
        assert time.monotonic() - started < 4.0  # not the store's 5 s busy wait (the window froze)
        qtbot.waitUntil(window.save_banner.isVisible, timeout=FAILS_WITHIN_MS)
        assert "optaget af et andet program" in banner_text(window)
        assert "står stadig på skærmen" in banner_text(window)
        assert "Ikke gemt" in window.saved_label.text()
        assert editor(window, "objective").edit.toPlainText().endswith(" Før under låsen")
        assert str(stored_value(path, goal, "objective")).endswith(" Før")
        type_into_objective(qtbot, window, " og mere")  # typing on while it fails: the window stays
        qtbot.wait(1500)
        assert window.isVisible()
    qtbot.mouseClick(window.save_banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.save_banner.isVisible(), timeout=FAILS_WITHIN_MS)
    assert str(stored_value(path, goal, "objective")).endswith(" Før under låsen og mere")
    assert "Gemt igen" in window.saved_label.text()


def test_a_full_disk_keeps_the_typing_and_a_copy_elsewhere_holds_it(
        qtbot: QtBot, make_window: WindowFactory, registry: TemplateRegistry, small_disk: Path,
        tmp_path: Path) -> None:
    window = window_on(make_window, registry, small_disk)
    path = window.store.path
    goal = first_goal(window)
    with full(small_disk):
        type_into_objective(qtbot, window, " skrevet på en fuld disk")
        qtbot.waitUntil(window.save_banner.isVisible, timeout=FAILS_WITHIN_MS)
        assert "der er ikke plads på disken" in banner_text(window)
        assert not str(stored_value(path, goal, "objective")).endswith("fuld disk")

        copy = tmp_path / "andet-drev" / "kopi.sqlite"
        copy.parent.mkdir()
        type_into_objective(qtbot, window, " og det sidste")  # still in the field when the copy is asked for
        errors = drive_modal(qtbot, QMessageBox, lambda box: box.accept())
        assert window.save_guard.save_copy(copy) == copy
        assert not errors
        assert str(stored_value(copy, goal, "objective")).endswith(" skrevet på en fuld disk og det sidste")
        assert not list(copy.parent.glob("*.delvis*"))
    qtbot.waitUntil(lambda: not window.save_banner.isVisible(), timeout=FAILS_WITHIN_MS)  # retried by itself
    assert str(stored_value(path, goal, "objective")).endswith(" skrevet på en fuld disk og det sidste")


def test_a_failed_first_write_is_not_silent(
        qtbot: QtBot, make_window: WindowFactory, registry: TemplateRegistry, small_disk: Path) -> None:
    """No edit has been saved yet in this window when the disk is full: it still says so."""
    window = window_on(make_window, registry, small_disk)
    path = window.store.path
    goal = first_goal(window)
    with full(small_disk):
        type_into_objective(qtbot, window, " første ord")
        qtbot.waitUntil(window.save_banner.isVisible, timeout=FAILS_WITHIN_MS)
        assert "Ikke gemt" in window.saved_label.text() and "Gemt " not in window.saved_label.text()
        assert "der er ikke plads på disken" in banner_text(window)
        assert editor(window, "objective").edit.toPlainText().endswith(" første ord")
    qtbot.mouseClick(window.save_banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.save_banner.isVisible(), timeout=FAILS_WITHIN_MS)
    assert str(stored_value(path, goal, "objective")).endswith(" første ord")


def test_a_goal_that_could_not_be_added_is_not_offered_for_undo(
        qtbot: QtBot, make_window: WindowFactory, registry: TemplateRegistry, small_disk: Path) -> None:
    window = window_on(make_window, registry, small_disk)
    assert window.doc is not None
    path, agreement = window.store.path, window.doc.uuid
    before = goals(window, "faglig")
    with full(small_disk):
        window.add_goal("faglig")
        assert window.save_banner.isVisible()
        assert "der er ikke plads på disken" in banner_text(window)
        assert goals(window, "faglig") == before
        assert window.undo_stack.count() == 0
        assert not window.undo_action.isEnabled()
    assert stored_goals(path, agreement, "faglig") == before
    window.add_goal("faglig")  # works again once there is room
    assert len(stored_goals(path, agreement, "faglig")) == len(before) + 1
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Tilføj faglig indsats"


def test_closing_with_unsaved_typing_asks_and_can_keep_the_window(
        qtbot: QtBot, make_window: WindowFactory, registry: TemplateRegistry, small_disk: Path) -> None:
    window = window_on(make_window, registry, small_disk)
    first_goal(window)
    with full(small_disk):
        type_into_objective(qtbot, window, " må ikke gå tabt")
        qtbot.waitUntil(window.save_banner.isVisible, timeout=FAILS_WITHIN_MS)
        asked: list[str] = []
        errors = drive_modal(qtbot, QMessageBox, lambda box: cancel(box, asked))
        window.close()
        assert not errors
        assert asked and "kunne ikke gemmes" in asked[0]
        assert window.isVisible()
        assert editor(window, "objective").edit.toPlainText().endswith(" må ikke gå tabt")


def test_no_word_file_or_signature_without_the_text_that_is_not_saved_yet(
        qtbot: QtBot, make_window: WindowFactory, registry: TemplateRegistry, small_disk: Path,
        tmp_path: Path) -> None:
    """An export made while typing is waiting to be saved would lack it: the window says so instead."""
    window = window_on(make_window, registry, small_disk)
    first_goal(window)
    target = tmp_path / "aftale.docx"
    with full(small_disk):
        type_into_objective(qtbot, window, " ikke i Word endnu")
        qtbot.waitUntil(window.save_banner.isVisible, timeout=FAILS_WITHIN_MS)
        told: list[str] = []
        errors = drive_modal(qtbot, QMessageBox, lambda box: (told.append(box.text()), box.accept()))
        assert window.export_word(target=target) is None
        errors += drive_modal(qtbot, QMessageBox, lambda box: (told.append(box.text()), box.accept()))
        assert window.send_for_signature(target=target) is None
        assert not errors
        assert len(told) == 2 and "endnu ikke gemt" in told[0] and "sende aftalen til underskrift" in told[1]
        assert not target.exists()
    qtbot.waitUntil(lambda: not window.save_banner.isVisible(), timeout=FAILS_WITHIN_MS)
    assert window.export_word(target=target) == target


def test_a_year_typed_in_a_line_field_that_is_no_year_is_said_and_kept_on_screen(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, third_template_path: Path) -> None:
    """A municipality's template may make the year a plain line; "20x9" cannot be a year."""
    source = third_template_path.read_text(encoding="utf-8")
    number_year = 'id = "year"\nlabel = "År"\ntype = "number"'
    year_as_line = source.replace(number_year, number_year.replace("number", "line"))
    assert year_as_line != source
    store = open_store(tmp_path / "aftaler.sqlite")
    uuid = create_agreement(store, parse_template(year_as_line, "odense.toml"), "Borgerservice", 2009)
    store.close()
    window = make_window()
    path = window.store.path
    year = editor(window, "year").edit
    year.setFocus()
    qtbot.keyClick(year, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(year, "20x9")
    qtbot.keyClick(year, Qt.Key.Key_Return)
    qtbot.waitUntil(window.save_banner.isVisible, timeout=3000)
    assert "Året skal være et helt tal, fx 2009; »20x9« er ikke gemt som år." in banner_text(window)
    assert year.text() == "20x9"  # what was typed stays, to be corrected
    assert stored_agreement(path, uuid)["year"] == 2009
    qtbot.keyClick(year, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(year, "2010")
    qtbot.keyClick(year, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_agreement(path, uuid)["year"] == 2010, timeout=3000)
    assert not window.save_banner.isVisible()


def test_putting_a_backup_back_asks_first_when_typing_is_not_saved(
        qtbot: QtBot, make_window: WindowFactory, registry: TemplateRegistry, small_disk: Path,
        tmp_path: Path) -> None:
    window = window_on(make_window, registry, small_disk)
    path = window.store.path
    backup = make_backup(path, tmp_path / "sikkerhedskopier")
    goal = first_goal(window)
    with full(small_disk):
        type_into_objective(qtbot, window, " før gendannelsen")
        qtbot.waitUntil(window.save_banner.isVisible, timeout=FAILS_WITHIN_MS)
        asked: list[str] = []
        errors = drive_modal(qtbot, QMessageBox, lambda box: cancel(box, asked))
        assert window.backups.restore(backup) is False
        assert not errors
        assert asked and "lægge en sikkerhedskopi tilbage" in asked[0]
        assert window.doc is not None and not window.store.conn.in_transaction
        assert editor(window, "objective").edit.toPlainText().endswith(" før gendannelsen")
    qtbot.waitUntil(lambda: not window.save_banner.isVisible(), timeout=FAILS_WITHIN_MS)
    assert str(stored_value(path, goal, "objective")).endswith(" før gendannelsen")
