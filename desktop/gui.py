"""Starting the window: one writer per store (lock file), the store checked for damage, backups.

Every way the store can be damaged ends in one question: lay back the newest good backup (the
damaged file is kept beside the backups) or quit. A folder that cannot be written (read-only,
full disk) is said as such and offered read-only; a start that fails takes no backup.

Start-up does not grow with the store: before the window only what costs the same for any store
is checked (the bytes of the file and its ``-wal``/``-journal``, the header, the schema); the full
check (structure, every value) and the start-up backup run after the first paint in a thread of
their own (:mod:`ui.startup_check`), and damage found then asks the same question. Damage met while
the window opens (the last agreement cannot be read) is checked in full at once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # its dialogs and message boxes: Python types made when first shown
from PySide6.QtCore import QLockFile, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop import collector
from desktop.context import AppContext, load_templates, open_context
from desktop.paths import DataPaths, lock_path
from storage.damage import refuse_empty_store, sqlite_problems
from storage.database import open_store, write_problem
from storage.errors import DamagedStoreError, StoreError, danish_reason
from ui import crash_guard
from ui.icons import app_icon
from ui.locale_setup import install_danish
from ui.main_window import MainWindow
from ui.startup_check import StartupCheck, after_first_paint

if TYPE_CHECKING:  # backups are read and written after the first paint
    from storage.backups import CheckResult

__all__ = ["acquire_lock", "lock_path", "open_checked", "run_gui"]

DAMAGED_TITLE = "Databasen er beskadiget"
RESTORE = "Gendan sikkerhedskopi"
QUIT = "Afslut"
READ_ONLY = "Åbn skrivebeskyttet"


def _ask(title: str, text: str, yes: str, no: str) -> bool:
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, title, text)
    yes_button = box.addButton(yes, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes_button


def acquire_lock(paths: DataPaths) -> tuple[QLockFile | None, bool]:
    """(lock, read_only). A store open elsewhere, or in a folder that cannot be written, is offered
    read-only; a None lock means quit."""
    folder = paths.store.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        QtWidgets.QMessageBox.critical(None, "Aftaler kan ikke starte",
                                       f"Mappen '{folder}' findes ikke og kan ikke oprettes: {danish_reason(exc)}.")
        return None, True
    lock = QLockFile(lock_path(paths.store))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock, False
    if lock.error() == QLockFile.LockError.LockFailedError:
        info = lock.getLockInfo()
        where = f" (proces {info[0]} på {info[1]})" if isinstance(info, tuple) and len(info) >= 2 else ""
        text = (f"Aftalerne i '{paths.store}' er allerede åbne i et andet vindue{where}.\n\n"
                "To vinduer må ikke skrive i de samme aftaler. Vil du åbne dem skrivebeskyttet, "
                "så du kan læse, men ikke ændre?")
        title = "Aftalerne er allerede åbne"
    else:  # the lock file could not be made: nobody holds it, the folder cannot be written
        reason = write_problem(folder) or "mappen kan ikke skrives i"
        text = (f"Aftaler kan ikke skrive i mappen '{folder}': {reason}.\n\n"
                f"Aftalerne i '{paths.store}' er ikke ændret. Vil du åbne dem skrivebeskyttet, "
                "så du kan læse, men ikke ændre?")
        title = "Aftalerne kan ikke ændres"
    if _ask(title, text, READ_ONLY, QUIT):
        return lock, True
    return None, True


#: Set to ``paint`` (or ``checked``) and the window prints ``{"shown": time.time()}`` (and the check's
#: outcome) on stdout after its first paint (after the start-up check) and quits: for the benchmark.
QUIT_AFTER_ENV = "AFTALER_QUIT_AFTER"


def _open(paths: DataPaths, read_only: bool) -> AppContext:
    """The store with the checks that do not grow with it (the rest follows after the first paint);
    an empty store file with a good backup counts as damaged."""
    refuse_empty_store(paths.store, paths.backups)
    store = open_store(paths.store, read_only=read_only, full_check=False)
    return AppContext(paths=paths, store=store, templates=load_templates(paths, lazily=True))


UNEXPECTED_AT_START = ("Aftaler kunne ikke åbne databasen '{store}' på grund af en uventet fejl, og stopper. "
                       "Filen er ikke ændret, og sikkerhedskopierne er uberørt. Fortæl IT-support om fejlen; "
                       "'backup list' og 'backup restore' på kommandolinjen kan lægge en sikkerhedskopi tilbage.")


def open_checked(paths: DataPaths, read_only: bool) -> AppContext | None:
    """The store opened for the window, or None to quit (the user was told why).

    A damaged store is offered replaced by the newest good backup (never when read-only: the
    window that holds the store may be writing)."""
    try:
        return _open(paths, read_only)
    except DamagedStoreError as exc:
        if not offer_restore(paths, exc.problems, can_restore=not read_only):
            return None
    except StoreError as exc:
        QtWidgets.QMessageBox.critical(None, "Aftaler kan ikke starte", str(exc))
        return None
    except Exception:  # noqa: BLE001 - a failure nobody foresaw: said in Danish, the file untouched
        traceback.print_exc(file=sys.stderr)
        QtWidgets.QMessageBox.critical(None, "Aftaler kan ikke starte", UNEXPECTED_AT_START.format(store=paths.store))
        return None
    try:
        return open_context(paths, read_only=read_only)
    except StoreError as exc:
        QtWidgets.QMessageBox.critical(None, "Aftaler kan ikke starte", str(exc))
        return None


def offer_restore(paths: DataPaths, problems: list[str], can_restore: bool) -> bool:
    """The one question about a damaged store; True once the newest good backup is back in place."""
    damage = f"Databasen '{paths.store}' er beskadiget: {'; '.join(problems[:3])}."
    if not can_restore:
        QtWidgets.QMessageBox.critical(None, DAMAGED_TITLE, f"{damage}\n\nDen er åbnet skrivebeskyttet, så den kan"
                                       " ikke gendannes herfra. Filen er ikke ændret.")
        return False
    from storage.backups import newest_good_backup, restore_backup

    backup = newest_good_backup(paths.backups)
    if backup is None:
        QtWidgets.QMessageBox.critical(None, DAMAGED_TITLE, f"{damage}\n\nDer er ingen god sikkerhedskopi i "
                                       f"'{paths.backups}'. Filen er ikke ændret. Kontakt IT-support.")
        return False
    if not _ask(DAMAGED_TITLE,
                f"{damage}\n\nDen nyeste gode sikkerhedskopi er '{backup.name}'. Vil du lægge den tilbage? "
                "Ændringer efter sikkerhedskopien kommer ikke med. Den beskadigede fil gemmes ved siden af "
                f"sikkerhedskopierne i '{paths.backups}' og slettes ikke.", RESTORE, QUIT):
        return False
    try:
        restore_backup(backup, paths.store, paths.backups)
    except StoreError as exc:
        QtWidgets.QMessageBox.critical(None, "Gendannelsen mislykkedes", str(exc))
        return False
    return True


class DamagedAtStart(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _show_window(context: AppContext, paths: DataPaths) -> MainWindow:
    """The window with the last agreement open. Damage met on the way (before the full check has
    run: the list or the last agreement cannot be read) is checked in full at once and raises
    :class:`DamagedAtStart`, the window and the store closed."""
    window: MainWindow | None = None
    held: list[tuple[str, str]] = []
    failure: sqlite3.DatabaseError | None = None
    try:
        settings = QSettings(str(paths.settings), QSettings.Format.IniFormat)
        window = MainWindow(context.store, context.templates, settings, backup_dir=paths.backups,
                            word_dir=paths.word, template_dir=paths.templates)
        window.show()
        window.show_error = lambda title, text: held.append((title, text))  # type: ignore[method-assign]
        try:
            window.open_last()
        finally:
            del window.show_error
    except sqlite3.DatabaseError as exc:  # a value that is not UTF-8, a damaged page, …
        failure = exc
    if held or failure is not None:
        problems = sqlite_problems(paths.store)
        if problems:
            if window is not None:
                window.hide()
                window.deleteLater()
            context.store.close()
            raise DamagedAtStart(problems)
        if failure is not None:
            raise failure
        assert window is not None
        for title, text in held:  # a problem of the agreement's own
            window.show_error(title, text)
    assert window is not None
    return window


def _damage_found_later(window: MainWindow, paths: DataPaths, problems: list[str], quit_code: list[int]) -> None:
    """The start-up check found damage after the window opened: the same question as before it opens."""
    read_only = window.store.read_only
    if not read_only and not window.backups.close_store():
        return  # typing the user keeps: the damage is said again at the next start
    if offer_restore(paths, problems, can_restore=not read_only):
        window.backups.reopen()
        return
    quit_code[0] = 1
    window.close()


def _after_check(window: MainWindow, paths: DataPaths, result: CheckResult | str, quit_code: list[int]) -> None:
    if isinstance(result, str):
        print(result, file=sys.stderr)  # the store could not be read for the check; the window goes on
    elif result.problems:
        _damage_found_later(window, paths, result.problems, quit_code)
    elif result.backup_error:
        window.statusBar().showMessage(f"Sikkerhedskopien ved start blev ikke lavet: {result.backup_error}", 15000)
    if os.environ.get(QUIT_AFTER_ENV) == "checked":
        outcome = "damaged" if not isinstance(result, str) and result.problems else "ok"
        print(json.dumps({"checked": time.time(), "outcome": outcome}), flush=True)
        QApplication.quit()


def _quit_after_paint(window: MainWindow) -> None:
    """For the benchmark: say when the window is painted with the last agreement open, then quit."""
    handle = window.windowHandle()
    if handle is None or not handle.isExposed():
        QTimer.singleShot(0, lambda: _quit_after_paint(window))
        return
    QApplication.processEvents()
    print(json.dumps({"shown": time.time()}), flush=True)
    if os.environ.get(QUIT_AFTER_ENV) == "paint":
        QApplication.quit()


def _handed_over(paths: DataPaths, bundle: Path) -> bool:
    from ui.single_instance import hand_over  # Qt's network module only when a file is given

    return hand_over(paths.store, bundle)


def _listen_for_files(window: MainWindow, paths: DataPaths) -> None:
    from ui.single_instance import InstanceServer

    server = InstanceServer(paths.store, window)
    server.fileReceived.connect(window.bundles.import_handed_over)
    if not server.listen():
        print(f"Aftaler tager ikke imod filer fra senere starter: {server.server.errorString()}", file=sys.stderr)


def run_gui(paths: DataPaths, read_only: bool = False, argv: list[str] | None = None,
            bundle: Path | None = None) -> int:
    """The window on the store; ``bundle``: an .aftale file whose import preview opens once it shows."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("Aftaler")
    app.setApplicationDisplayName("Aftaler")
    install_danish(app)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("aftaler")  # Linux: the window belongs to the menu entry aftaler.desktop (its icon)
    if bundle is not None and _handed_over(paths, bundle):  # a window runs on this store: it imports
        print(f"Pakken '{bundle}' er givet videre til Aftaler-vinduet, der allerede er åbent.", flush=True)
        return 0
    lock: QLockFile | None = None
    if not read_only:
        lock, read_only = acquire_lock(paths)
        if lock is None:
            return 1
    window: MainWindow | None = None
    context: AppContext | None = None
    for _attempt in range(3):  # a restored backup passed the full check: the next attempt opens
        context = open_checked(paths, read_only)
        if context is None:
            break
        try:
            window = _show_window(context, paths)
            break
        except DamagedAtStart as damage:
            if not offer_restore(paths, damage.problems, can_restore=not read_only):
                break
    if window is None or context is None:
        if lock is not None and not read_only:
            lock.unlock()
        return 1
    templates = context.templates  # read and checked after the first paint (the open agreement has its own)
    after_first_paint(window, lambda: window.report_template_errors([str(e) for e in templates.errors]))
    after_first_paint(window, collector.resume)
    crash_guard.install()  # from here on an unforeseen error is told and the window carries on
    quit_code = [0]
    check = StartupCheck(paths.store, paths.backups, back_up=not read_only, parent=window)
    check.checked.connect(lambda result: _after_check(window, paths, result, quit_code))
    check.start_after_first_paint()
    if not read_only:  # the one window that writes in the store takes the files later starts are given
        after_first_paint(window, lambda: _listen_for_files(window, paths))
    if os.environ.get(QUIT_AFTER_ENV):
        _quit_after_paint(window)
    if bundle is not None:
        QTimer.singleShot(0, lambda: window.bundles.import_file(bundle))
    code = app.exec()
    check.cancel_and_wait()
    window.store.close()
    if lock is not None and not read_only:
        lock.unlock()
    return int(code) or quit_code[0]
