"""The store's full check and the start-up backup, in a thread of its own after the window's first paint.

What grows with the store (SQLite's integrity check, the pass over every value, the copy) runs on
a read-only connection of its own in one read transaction (:func:`storage.backups.check_and_back_up`),
so the window can be used meanwhile and the check never sees a write half made. ``checked`` brings
the result to the window's thread; closing the window stops a check still running.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from storage.errors import StoreError

if TYPE_CHECKING:  # the check and the backup are imported when they start, after the first paint
    from storage.backups import CheckResult

#: After the window is exposed, this long for its first paint before the check starts.
FIRST_PAINT_GRACE_MS = 100


def after_first_paint(window: QWidget, call: Callable[[], None]) -> None:
    """``call`` once ``window`` is exposed and has had :data:`FIRST_PAINT_GRACE_MS` for its first paint."""
    handle = window.windowHandle()
    if handle is None or not handle.isExposed():
        QTimer.singleShot(10, window, lambda: after_first_paint(window, call))
        return
    QTimer.singleShot(FIRST_PAINT_GRACE_MS, window, call)


class StartupCheck(QObject):
    """``checked`` carries a :class:`CheckResult`, or a Danish text when the store could not be read."""

    checked = Signal(object)
    _finished = Signal(object)

    def __init__(self, store_path: Path, backup_dir: Path, back_up: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("startupCheck")
        self.store_path, self.backup_dir, self.back_up = store_path, backup_dir, back_up
        self.window = parent
        self.done = False
        self.result: CheckResult | str | None = None
        self._cancelled = False
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._finished.connect(self._deliver)  # queued: emitted from the check's thread

    def start_after_first_paint(self) -> None:
        after_first_paint(self.window, self.start)

    def start(self) -> None:
        if self._thread is not None or self._cancelled:
            return
        import storage.backups  # noqa: F401 - here, in the window's thread, before the check's thread uses it

        self._thread = threading.Thread(target=self._run, name="aftaler-startup-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from storage.backups import check_and_back_up

        result: CheckResult | str
        try:
            result = check_and_back_up(self.store_path, self.backup_dir, back_up=self.back_up,
                                       opened=self._opened, cancelled=lambda: self._cancelled)
        except StoreError as exc:
            result = str(exc)
        except Exception:  # noqa: BLE001 - the window carries on; the check is told as not made
            traceback.print_exc(file=sys.stderr)
            result = "Kontrollen af databasen stoppede på grund af en uventet fejl."
        with self._lock:
            self._conn = None
        if not self._cancelled:
            self._finished.emit(result)

    def _opened(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            self._conn = conn
            if self._cancelled:
                conn.interrupt()

    def cancel_and_wait(self) -> None:
        """Stop a check still running (the window closes) and wait for its thread; no backup is named."""
        with self._lock:
            self._cancelled = True
            if self._conn is not None:
                try:
                    self._conn.interrupt()
                except sqlite3.ProgrammingError:
                    pass  # closed meanwhile
        if self._thread is not None:
            self._thread.join()

    def _deliver(self, result: CheckResult | str) -> None:
        if self._cancelled:
            return
        self.done, self.result = True, result
        self.checked.emit(result)
