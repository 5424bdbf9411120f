"""Starting the window: one writer per store (lock file), integrity check, backups."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.context import open_context
from desktop.paths import DataPaths
from storage.backups import make_backup, newest_good_backup, restore_backup
from storage.database import inspect_file, integrity_problems
from storage.errors import StoreError
from ui.locale_setup import install_danish
from ui.main_window import MainWindow


def lock_path(store: Path) -> str:
    return str(store) + ".lock"


def _ask(title: str, text: str, yes: str, no: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes_button


def acquire_lock(paths: DataPaths) -> tuple[QLockFile | None, bool]:
    """(lock, read_only). A store open elsewhere is offered read-only; None lock means quit."""
    paths.store.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(lock_path(paths.store))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock, False
    info = lock.getLockInfo()
    where = f" (proces {info[0]} på {info[1]})" if isinstance(info, tuple) and len(info) >= 2 else ""
    if _ask("Aftalerne er allerede åbne",
            f"Aftalerne i '{paths.store}' er allerede åbne i et andet vindue{where}.\n\n"
            "To vinduer må ikke skrive i de samme aftaler. Vil du åbne dem skrivebeskyttet, "
            "så du kan læse, men ikke ændre?", "Åbn skrivebeskyttet", "Afslut"):
        return lock, True
    return None, True


def check_integrity(paths: DataPaths) -> bool:
    """False if the user chose to quit; a damaged store may be swapped for the newest good backup."""
    try:
        if inspect_file(paths.store) == 0:
            return True
    except StoreError:
        return True  # open_store reports it
    problems = integrity_problems(paths.store)
    if not problems:
        return True
    backup = newest_good_backup(paths.backups)
    detail = "; ".join(problems[:3])
    if backup is None:
        QMessageBox.critical(None, "Databasen er beskadiget",
                             f"Databasen '{paths.store}' er beskadiget ({detail}), og der er ingen god "
                             "sikkerhedskopi. Filen er ikke ændret. Kontakt IT-support.")
        return False
    if not _ask("Databasen er beskadiget",
                f"Databasen '{paths.store}' består ikke kontrollen ({detail}).\n\n"
                f"Den nyeste gode sikkerhedskopi er '{backup.name}'. Vil du lægge den tilbage? "
                "Den beskadigede fil gemmes ved siden af sikkerhedskopierne.", "Gendan sikkerhedskopi", "Afslut"):
        return False
    try:
        restore_backup(backup, paths.store, paths.backups)
    except StoreError as exc:
        QMessageBox.critical(None, "Gendannelsen mislykkedes", str(exc))
        return False
    return True


def run_gui(paths: DataPaths, read_only: bool = False, argv: list[str] | None = None) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("Aftaler")
    app.setApplicationDisplayName("Aftaler")
    install_danish(app)
    lock: QLockFile | None = None
    if not read_only:
        lock, read_only = acquire_lock(paths)
        if lock is None:
            return 1
        if not read_only and not check_integrity(paths):
            lock.unlock()
            return 1
    try:
        context = open_context(paths, read_only=read_only)
    except StoreError as exc:
        QMessageBox.critical(None, "Aftaler kan ikke starte", str(exc))
        return 1
    if not read_only:
        try:
            make_backup(paths.store, paths.backups)
        except (StoreError, OSError):
            pass  # the window offers backups from the menu; a failed start-up backup must not block work
    settings = QSettings(str(paths.settings), QSettings.Format.IniFormat)
    window = MainWindow(context.store, context.templates, settings, backup_dir=paths.backups,
                        word_dir=paths.word)
    window.show()
    window.open_last()
    window.report_template_errors([str(e) for e in context.templates.errors])
    code = app.exec()
    window.store.close()
    if lock is not None and not read_only:
        lock.unlock()
    return int(code)
