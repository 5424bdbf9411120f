"""Rolling backups of the store, made with SQLite's backup API (consistent while in use).

Backups are whole store files named ``aftaler-YYYYMMDD-HHMMSS-ffffff.sqlite`` (local time)
in one folder; the newest ``keep`` are kept. Every backup is checked before it gets its name,
so a damaged store never becomes a backup and rotation only ever replaces good backups with
good ones. Restoring first saves the current store (a damaged one byte for byte, with its
``-wal``/``-journal``, as ``beskadiget-…``), so a restore can itself be undone.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from storage.damage import (
    connect_read_only,
    connection_problems,
    damage_or_raise,
    file_problems,
    store_problems,
)
from storage.database import check_store, copy_store, discard_store_file
from storage.errors import DamagedStoreError, StoreError, danish_reason
from storage.records import record

BACKUP_NAME_RE = re.compile(r"^aftaler-(\d{8}-\d{6}-\d{6})\.sqlite$")
#: What a backup run killed midway leaves, and what reading a backup used to leave beside it.
LEFTOVER_RE = re.compile(r"^aftaler-\d{8}-\d{6}-\d{6}\.sqlite(\.delvis(-journal|-wal|-shm)?|-wal|-shm)$")
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
DEFAULT_KEEP = 10
SIDECARS = ("-wal", "-shm", "-journal")
#: Pages copied per step of a start-up backup (between steps it can be stopped).
SNAPSHOT_STEP_PAGES = 4096


@record(frozen=True)
class BackupInfo:
    """A backup file in the backup folder, when it was made and its size."""

    path: Path
    created: datetime
    size: int


def backup_name(moment: datetime) -> str:
    return f"aftaler-{moment.strftime(STAMP_FORMAT)}.sqlite"


def make_backup(store_path: Path, backup_dir: Path, keep: int = DEFAULT_KEEP) -> Path:
    """A checked, consistent copy of the store in ``backup_dir``; older backups beyond ``keep`` are deleted.

    A store whose copy is damaged gives no backup (a Danish :class:`StoreError`) and deletes none."""
    store_path, backup_dir = Path(store_path), Path(backup_dir)
    return _new_backup(store_path, backup_dir, keep,
                       lambda target: _consistent_copy(store_path, target, what="Sikkerhedskopien"))


def _new_backup(store_path: Path, backup_dir: Path, keep: int, copy: Callable[[Path], None]) -> Path:
    """A free name for a backup made now, filled by ``copy``; then the oldest beyond ``keep`` go."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    if not store_path.is_file():
        raise StoreError(f"Databasen '{store_path}' findes ikke, så der er intet at tage sikkerhedskopi af.")
    remove_leftovers(backup_dir)
    moment = datetime.now()
    target = backup_dir / backup_name(moment)
    while target.exists():
        moment += timedelta(microseconds=1)
        target = backup_dir / backup_name(moment)
    copy(target)
    for old in list_backups(backup_dir)[keep:]:
        try:
            old.path.unlink(missing_ok=True)
        except OSError:
            pass  # an old backup that cannot be removed is only one too many
    return target


@record(frozen=True)
class CheckResult:
    """What :func:`check_and_back_up` found: damage (Danish phrases; empty when sound), the backup it
    made (None when damaged, not asked for, or when it could not be made: then ``backup_error``)."""

    problems: list[str]
    backup: Path | None = None
    backup_error: str | None = None


def check_and_back_up(store_path: Path, backup_dir: Path, back_up: bool = True, keep: int = DEFAULT_KEEP,
                      opened: Callable[[sqlite3.Connection], None] | None = None,
                      cancelled: Callable[[], bool] = lambda: False) -> CheckResult:
    """The full check of a store that is open for writing elsewhere (the window), then a backup of it.

    One read-only connection of its own, in one read transaction: in WAL mode a write in progress on
    another connection is not seen, so the check never meets a half-made change, and the backup is a
    page-for-page copy of exactly the snapshot that passed the check (so the copy is not checked a
    second time, only its bytes). A damaged store gives no backup and deletes none. Never reads the
    store's files other than through SQLite (:func:`storage.damage.file_problems` would drop the
    writer's locks). ``opened`` is given the connection first (to interrupt it from another thread);
    the copy stops (and is removed) once ``cancelled()`` is true.

    Raises :class:`StoreError` when the store cannot be read at all (that is not damage)."""
    store_path, backup_dir = Path(store_path), Path(backup_dir)
    try:
        conn = connect_read_only(store_path, check_same_thread=False)
    except sqlite3.DatabaseError as exc:
        return CheckResult(damage_or_raise(store_path, exc))
    try:
        if opened is not None:
            opened(conn)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
        problems = connection_problems(conn, store_path)
        if problems or not back_up:
            return CheckResult(problems)
        try:
            backup = _new_backup(store_path, backup_dir, keep, lambda target: _snapshot_copy(conn, target, cancelled))
        except (StoreError, OSError) as exc:
            return CheckResult([], backup_error=str(exc) if isinstance(exc, StoreError) else danish_reason(exc))
        return CheckResult([], backup)
    finally:
        conn.close()


def _snapshot_copy(conn: sqlite3.Connection, target: Path, cancelled: Callable[[], bool]) -> None:
    """The backup API within ``conn``'s open read transaction; the copy gets its name once its bytes check out."""
    def copy(partial: Path) -> None:
        partial.parent.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(partial)
        try:
            conn.backup(copy, pages=SNAPSHOT_STEP_PAGES, progress=lambda *_: _stop_if(cancelled))
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()

    _checked_copy(Path(conn.execute("PRAGMA database_list").fetchone()[2]), target, "Sikkerhedskopien", copy,
                  lambda partial: file_problems(partial, sidecars=False))


def _stop_if(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise sqlite3.OperationalError("interrupted")


def remove_leftovers(backup_dir: Path) -> None:
    """Half-made copies of a backup run that was killed, and ``-wal``/``-shm`` left beside backups."""
    try:
        names = [p for p in Path(backup_dir).iterdir() if LEFTOVER_RE.match(p.name)]
    except OSError:
        return
    for path in names:
        try:
            if path.name.endswith("-wal") and not path.name.endswith(".delvis-wal") and path.stat().st_size:
                continue  # never delete a WAL with content
            path.unlink()
        except OSError:
            pass


def _consistent_copy(source: Path, target: Path, what: str, immutable: bool = False) -> None:
    """Copy via a temporary file, checked before it gets the final name (a damaged copy never does)."""
    _checked_copy(source, target, what, lambda partial: copy_store(source, partial, immutable),
                  lambda partial: store_problems(partial, immutable=True))


def _checked_copy(source: Path, target: Path, what: str, copy: Callable[[Path], None],
                  problems_of: Callable[[Path], list[str]]) -> None:
    partial = target.with_name(target.name + ".delvis")
    try:
        copy(partial)
        problems = problems_of(partial)
        if problems:
            raise StoreError(f"{what} af '{source}' er ikke lavet, fordi databasen er beskadiget: "
                             f"{'; '.join(problems[:3])}. De gode sikkerhedskopier er bevaret.")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        discard_store_file(partial)
        raise StoreError(f"{what} af '{source}' kunne ikke laves: {danish_reason(exc)}.") from exc
    except StoreError:
        discard_store_file(partial)
        raise


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
    """Why ``backup`` cannot be restored (Danish phrases); empty if it is a sound Aftaler store.

    A backup is read as immutable: checking it creates nothing beside it."""
    try:
        if check_store(Path(backup), immutable=True) == 0:
            return ["filen er tom eller findes ikke"]
    except DamagedStoreError as exc:
        return exc.problems
    except StoreError as exc:
        return [str(exc).rstrip(".")]
    return []


def newest_good_backup(backup_dir: Path) -> Path | None:
    """The newest backup that is a sound Aftaler store, or None."""
    for info in list_backups(backup_dir):
        if not backup_problems(info.path):
            return info.path
    return None




def restore_backup(backup: Path, store_path: Path, backup_dir: Path) -> Path | None:
    """Replace the store with ``backup``; the current store is saved first. Returns where it went
    (a new backup, or ``beskadiget-…`` when it is damaged), None when there was no store.

    The caller closes its connection to the store (and holds its lock) before calling this. On
    failure (a Danish :class:`StoreError`) the store and its ``-wal`` are as they were.
    """
    backup, store_path, backup_dir = Path(backup), Path(store_path), Path(backup_dir)
    problems = backup_problems(backup)
    if problems:
        raise StoreError(f"Sikkerhedskopien '{backup.name}' kan ikke bruges: {'; '.join(problems[:3])}. "
                         "Databasen er ikke ændret.")
    # Copy the chosen backup first: saving the current store below may rotate it away.
    incoming = store_path.with_name(store_path.name + ".gendannes")
    discard_store_file(incoming)
    _consistent_copy(backup, incoming, what="Gendannelsen", immutable=True)
    try:
        kept = _save_current(store_path, backup_dir)
        for suffix in SIDECARS:  # saved with the store above: in the backup, or kept aside
            Path(f"{store_path}{suffix}").unlink(missing_ok=True)
        os.replace(incoming, store_path)
    except (OSError, StoreError) as exc:
        discard_store_file(incoming)
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"Sikkerhedskopien kunne ikke lægges tilbage: {danish_reason(exc)}. "
                         "Databasen er ikke ændret.") from exc
    return kept


def _save_current(store_path: Path, backup_dir: Path) -> Path | None:
    """Back up the store about to be replaced; a damaged or unreadable one (and a ``-wal`` or
    ``-journal`` with content) is copied byte for byte beside the backups as ``beskadiget-<stamp>-<name>``."""
    sidecars = [Path(f"{store_path}{suffix}") for suffix in SIDECARS]
    if not store_path.is_file() or (store_path.stat().st_size == 0 and not any(p.exists() for p in sidecars)):
        return None  # nothing in it to keep
    try:
        problems = store_problems(store_path)
    except StoreError:
        problems = ["kan ikke læses"]
    if not problems:
        return make_backup(store_path, backup_dir)
    stamp = datetime.now().strftime(STAMP_FORMAT)
    kept = backup_dir / f"beskadiget-{stamp}-{store_path.name}"
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(store_path, kept)
        for suffix in ("-wal", "-journal"):  # the -shm is only an index of the -wal
            source = Path(f"{store_path}{suffix}")
            if source.is_file() and source.stat().st_size:
                shutil.copy2(source, f"{kept}{suffix}")
    except OSError as exc:
        raise StoreError(f"Den beskadigede database kunne ikke lægges til side i '{backup_dir}': "
                         f"{danish_reason(exc)}. Databasen er ikke ændret.") from exc
    return kept
