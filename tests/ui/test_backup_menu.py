"""Filer → Sikkerhedskopier in a real window: a backup now, the quiet 30-minute backup, a restore chosen
in the dialog, and the Danish warnings when a backup cannot be made or restored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from storage.agreements import create_agreement, list_agreements
from storage.backup_schedule import BackupScheduler
from storage.backups import backup_problems, list_backups, make_backup
from storage.template_model import Template
from tests.faults import full, small_filesystem
from tests.fingerprints import folder_listing, sha256_of
from tests.ui.helpers import drive_modal
from ui.main_window import MainWindow

ENGLISH = ("Error", "errno", "No space", "Traceback")


def _answer(qtbot: QtBot, kind: type, steps: Any, action: Any) -> None:
    errors = drive_modal(qtbot, kind, steps)
    action()
    assert errors == []


def test_a_backup_that_cannot_be_made_says_why_in_danish(
        qtbot: QtBot, demo_window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "sikkerhedskopier"
    with small_filesystem(folder, size_kb=1024):
        good = make_backup(demo_window.store.path, folder)
        listing = folder_listing(folder)
        shown: list[str] = []
        with full(folder):
            _answer(qtbot, QMessageBox, lambda box: (shown.append(box.text()), box.accept()),
                    lambda: demo_window.backups.backup_now())
        assert shown == [f"Sikkerhedskopien af '{demo_window.store.path}' kunne ikke laves: "
                         "der er ikke plads på disken."]
        assert folder_listing(folder) == listing and backup_problems(good) == []


def test_the_backup_after_thirty_minutes_of_editing_is_taken_quietly(
        demo_window: MainWindow, tmp_path: Path) -> None:
    demo_window.backups.scheduler = BackupScheduler(interval=0, last_backup=0)
    demo_window.backups.note_edit()
    demo_window.backups.check()
    assert QApplication.activeModalWidget() is None
    [backup] = list_backups(tmp_path / "sikkerhedskopier")
    assert backup_problems(backup.path) == []
    assert sorted(p.name for p in backup.path.parent.iterdir()) == [backup.path.name]  # no -wal/-shm beside it


def test_a_backup_chosen_in_the_menu_is_laid_back(
        qtbot: QtBot, demo_window: MainWindow, faaborg: Template, tmp_path: Path) -> None:
    folder = tmp_path / "sikkerhedskopier"
    chosen = make_backup(demo_window.store.path, folder)
    create_agreement(demo_window.store, faaborg, "HR-staben", 2008)
    assert len(list_agreements(demo_window.store)) == 2
    make_backup(demo_window.store.path, folder)  # newer: the dialog offers it first

    def pick_the_older(dialog: QInputDialog) -> None:
        dialog.setTextValue(dialog.comboBoxItems()[1])
        dialog.accept()

    _answer(qtbot, QInputDialog, pick_the_older, demo_window.backups.choose_and_restore)
    assert [a.unit for a in list_agreements(demo_window.store)] == ["IT-staben"]
    assert chosen.exists() and len(list_backups(folder)) == 3  # the store as it was is a backup too


def test_a_damaged_backup_chosen_in_the_menu_changes_nothing(
        qtbot: QtBot, demo_window: MainWindow, tmp_path: Path) -> None:
    backup = make_backup(demo_window.store.path, tmp_path / "sikkerhedskopier")
    backup.write_bytes(backup.read_bytes()[:8192])
    store_path = demo_window.store.path
    digest = sha256_of(store_path)
    shown: list[str] = []

    def pick(dialog: QInputDialog) -> None:
        drive_modal(qtbot, QMessageBox, lambda box: (shown.append(box.text()), box.accept()))
        dialog.accept()

    _answer(qtbot, QInputDialog, pick, demo_window.backups.choose_and_restore)
    assert len(shown) == 1
    assert shown[0].startswith(f"Sikkerhedskopien '{backup.name}' kan ikke bruges: filen er afkortet")
    assert shown[0].endswith("Databasen er ikke ændret.")
    assert not any(word in shown[0] for word in ENGLISH)
    assert sha256_of(store_path) == digest
    assert [a.unit for a in list_agreements(demo_window.store)] == ["IT-staben"]  # open again, as it was
