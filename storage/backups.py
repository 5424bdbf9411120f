"""Rolling backups of the store, made with SQLite's backup API (consistent while in use).

Backups are whole store files named ``aftaler-YYYYMMDD-HHMMSS-ffffff.sqlite`` (local time)
in one folder; the newest ``keep`` are kept. Restoring first saves the current store, so a
restore can itself be undone.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from storage.database import copy_store, inspect_file, integrity_problems
from storage.errors import StoreError

BACKUP_NAME_RE = re.compile(r"^aftaler-(\d{8}-\d{6}-\d{6})\.sqlite$")
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
DEFAULT_KEEP = 10
#: A backup is due after this much time with edits since the last one.
BACKUP_INTERVAL_SECONDS = 30 * 60


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int


def backup_name(moment: datetime) -> str:
    return f"aftaler-{moment.strftime(STAMP_FORMAT)}.sqlite"


def make_backup(store_path: Path, backup_dir: Path, keep: int = DEFAULT_KEEP) -> Path:
    """A consistent copy of the store in ``backup_dir``; older backups beyond ``keep`` are deleted."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    store_path, backup_dir = Path(store_path), Path(backup_dir)
    if not store_path.is_file():
        raise StoreError(f"Databasen '{store_path}' findes ikke, så der er intet at tage sikkerhedskopi af.")
    moment = datetime.now()
    target = backup_dir / backup_name(moment)
    while target.exists():
        moment += timedelta(microseconds=1)
        target = backup_dir / backup_name(moment)
    _consistent_copy(store_path, target, what="Sikkerhedskopien")
    for old in list_backups(backup_dir)[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def _consistent_copy(source: Path, target: Path, what: str) -> None:
    """Copy via a temporary file, so a half-written copy never carries the final name."""
    partial = target.with_name(target.name + ".delvis")
    try:
        copy_store(source, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"{what} af '{source}' kunne ikke laves: {exc}.") from exc


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """The backups in ``backup_dir``, newest first (other files are ignored)."""
    backup_dir = Path(backup_dir)
    if not backup_dir.is_dir():
        return []
    found = []
    for path in backup_dir.iterdir():
        match = BACKUP_NAME_RE.match(path.name)
        if match is None or not path.is_file():
            continue
        try:
            created = datetime.strptime(match.group(1), STAMP_FORMAT)
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupInfo(path=path, created=created, size=size))
    return sorted(found, key=lambda info: info.created, reverse=True)


def backup_problems(backup: Path) -> list[str]:
    """Why ``backup`` cannot be restored (Danish); empty if it is a sound Aftaler store."""
    try:
        version = inspect_file(Path(backup))
    except StoreError as exc:
        return [str(exc)]
    if version == 0:
        return [f"Filen '{backup}' er tom eller findes ikke."]
    return integrity_problems(Path(backup))


def newest_good_backup(backup_dir: Path) -> Path | None:
    """The newest backup that is a sound Aftaler store, or None."""
    for info in list_backups(backup_dir):
        if not backup_problems(info.path):
            return info.path
    return None


def restore_backup(backup: Path, store_path: Path, backup_dir: Path) -> None:
    """Replace the store with ``backup``; the current store is saved as a backup first.

    The caller closes its connection to the store before calling this.
    """
    backup, store_path, backup_dir = Path(backup), Path(store_path), Path(backup_dir)
    problems = backup_problems(backup)
    if problems:
        raise StoreError(
            f"Sikkerhedskopien '{backup.name}' kan ikke bruges: {problems[0]} Databasen er ikke ændret."
        )
    # Copy the chosen backup first: saving the current store below may rotate it away.
    incoming = store_path.with_name(store_path.name + ".gendannes")
    _consistent_copy(backup, incoming, what="Gendannelsen")
    try:
        _save_current(store_path, backup_dir)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{store_path}{suffix}").unlink(missing_ok=True)
        os.replace(incoming, store_path)
    except (OSError, StoreError) as exc:
        incoming.unlink(missing_ok=True)
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"Sikkerhedskopien kunne ikke lægges tilbage: {exc}.") from exc


def _save_current(store_path: Path, backup_dir: Path) -> None:
    """Back up the store about to be replaced; an unreadable one is kept byte for byte."""
    if not store_path.is_file():
        return
    try:
        version = inspect_file(store_path)
    except StoreError:
        version = -1
    if version == 0:
        return
    if version > 0 and not integrity_problems(store_path):
        make_backup(store_path, backup_dir)
        return
    stamp = datetime.now().strftime(STAMP_FORMAT)
    backup_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(store_path, backup_dir / f"ulæselig-{stamp}-{store_path.name}")


@dataclass
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
