"""When to back up while someone edits: a pure rule, timed by the window (no timer, no file here)."""

from __future__ import annotations

from dataclasses import field

from storage.records import record

#: A backup is due after this much time with edits since the last one.
BACKUP_INTERVAL_SECONDS = 30 * 60


@record
class BackupScheduler:
    """When to back up during editing: after ``interval`` seconds with edits since the last backup.

    Times are plain seconds (e.g. ``time.monotonic()``); nothing here starts a timer.
    """

    interval: float = BACKUP_INTERVAL_SECONDS
    last_backup: float | None = None
    _first_edit: float | None = field(default=None, init=False, repr=False)

    @property
    def pending(self) -> bool:
        """There are edits not yet in a backup."""
        return self._first_edit is not None

    def note_edit(self, now: float) -> None:
        if self._first_edit is None:
            self._first_edit = now

    def note_backup(self, now: float) -> None:
        self.last_backup = now
        self._first_edit = None

    def due(self, now: float) -> bool:
        if self._first_edit is None:
            return False
        since = self.last_backup if self.last_backup is not None else self._first_edit
        return now - since >= self.interval
