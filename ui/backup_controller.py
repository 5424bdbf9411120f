"""Rolling backups while editing (every 30 minutes of editing) and restoring one from the menu."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtWidgets  # its dialogs and message boxes: Python types made when first shown
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMenu, QWidget

from storage.backup_schedule import BackupScheduler
from storage.errors import StoreError, danish_reason

CHECK_INTERVAL_MS = 60_000


def describe(created_label: str, size: int) -> str:
    return f"{created_label}  ({max(1, size // 1024)} kB)"


class BackupController(QObject):
    def __init__(self, store_path: Path, backup_dir: Path, window: QWidget,
                 reopen: Callable[[], None], close_store: Callable[[], bool]) -> None:
        super().__init__(window)
        self.store_path = store_path
        self.backup_dir = backup_dir
        self.window = window
        self.reopen = reopen
        self.close_store = close_store
        self.scheduler = BackupScheduler()
        self.scheduler.note_backup(time.monotonic())
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def fill_menu(self, menu: QMenu, read_only: bool) -> None:
        menu.clear()
        now = menu.addAction("&Lav sikkerhedskopi nu", self.backup_now)
        now.setEnabled(not read_only)
        restore = menu.addAction("&Gendan sikkerhedskopi …", self.choose_and_restore)
        restore.setEnabled(not read_only)

    def note_edit(self) -> None:
        self.scheduler.note_edit(time.monotonic())

    def check(self) -> None:
        if self.scheduler.due(time.monotonic()):
            self.backup_now(quiet=True)

    def backup_now(self, quiet: bool = False) -> Path | None:
        try:
            from storage.backups import make_backup

            path = make_backup(self.store_path, self.backup_dir)
        except StoreError as exc:  # says what was not made and why, in Danish
            QtWidgets.QMessageBox.warning(self.window, "Sikkerhedskopi", str(exc))
            return None
        except OSError as exc:
            QtWidgets.QMessageBox.warning(self.window, "Sikkerhedskopi",
                                          f"Sikkerhedskopien kunne ikke laves: {danish_reason(exc)}.")
            return None
        self.scheduler.note_backup(time.monotonic())
        if not quiet:
            QtWidgets.QMessageBox.information(self.window, "Sikkerhedskopi", f"Sikkerhedskopien er gemt:\n{path}")
        return path

    def choose_and_restore(self) -> None:
        from storage.backups import list_backups

        backups = list_backups(self.backup_dir)
        if not backups:
            QtWidgets.QMessageBox.information(self.window, "Gendan sikkerhedskopi",
                                              "Der er ingen sikkerhedskopier endnu.")
            return
        labels = [describe(b.created.strftime("%d.%m.%Y kl. %H:%M:%S"), b.size) for b in backups]
        label, ok = QtWidgets.QInputDialog.getItem(self.window, "Gendan sikkerhedskopi",
                                                   "Vælg den sikkerhedskopi, der skal lægges tilbage.\n"
                                                   "Aftalerne, som de er nu, gemmes først som en ny sikkerhedskopi.",
                                                   labels, 0, False)
        if ok and label in labels:
            self.restore(backups[labels.index(label)].path)

    def restore(self, backup: Path) -> bool:
        if not self.close_store():  # typing that is not saved yet, and the user chose to keep it
            return False
        try:
            from storage.backups import restore_backup

            restore_backup(backup, self.store_path, self.backup_dir)
        except StoreError as exc:
            QtWidgets.QMessageBox.warning(self.window, "Gendan sikkerhedskopi", str(exc))
            self.reopen()
            return False
        self.reopen()
        return True
