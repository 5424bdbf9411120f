"""An error nobody foresaw (a bug in a slot) is shown in Danish; the window stays open and usable."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.paths import DataPaths, data_paths
from storage.database import open_store
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry
from tests.ui.helpers import drive_modal
from tests.ui.test_startup import Dialogs
from ui import crash_guard
from ui.main_window import MainWindow


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_slot_is_shown_in_danish_and_the_window_carries_on(
        qtbot: QtBot, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    crash_guard.install()
    shown: list[tuple[str, str]] = []
    errors = drive_modal(qtbot, QMessageBox, lambda box: (shown.append((box.windowTitle(), box.text())),
                                                          box.accept()))

    def broken() -> None:
        raise KeyError("en fejl i programmet")

    QTimer.singleShot(0, broken)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert not errors
    [(title, text)] = shown
    assert title == "Uventet fejl"
    assert text.startswith("Aftaler stødte på en uventet fejl")
    assert "KeyError" not in text
    assert "KeyError: 'en fejl i programmet'" in capsys.readouterr().err  # for IT support
    assert demo_window.isVisible()
    demo_window.undo_stack.clear()
    demo_window.add_goal("faglig")  # still works
    assert demo_window.undo_stack.undoText() == "Tilføj faglig indsats"


@pytest.fixture
def demo_paths(tmp_path: Path, registry: TemplateRegistry, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A data folder with the demo agreement; sys.excepthook is put back after the test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    paths = data_paths(tmp_path / "data")
    store = open_store(paths.store)
    create_from_seed(store, registry, demo_seed())
    store.close()
    return paths


def test_the_real_start_up_installs_the_guard(demo_paths: DataPaths) -> None:
    paths = demo_paths
    dialogs = Dialogs()
    assert dialogs.run(paths) == 0
    assert dialogs.window is not None and dialogs.seen == []
    assert sys.excepthook is crash_guard.report_unexpected


def test_a_failure_nobody_foresaw_at_start_is_told_and_changes_nothing(
        demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import gui
    from tests.fingerprints import sha256_of

    paths = demo_paths
    before = sha256_of(paths.store)

    def broken(*args: object) -> None:
        raise KeyError("en fejl i programmet")

    monkeypatch.setattr(gui, "_open", broken)
    dialogs = Dialogs()
    assert dialogs.run(paths) == 1
    [(title, text, _buttons)] = dialogs.seen
    assert title == "Aftaler kan ikke starte"
    assert text.startswith(f"Aftaler kunne ikke åbne databasen '{paths.store}' på grund af en uventet fejl")
    assert "KeyError" not in text and "kører videre" not in text
    assert dialogs.window is None
    assert sha256_of(paths.store) == before
    assert sys.excepthook is not crash_guard.report_unexpected  # it says "carries on": only once running
