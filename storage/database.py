"""Opening the SQLite store safely: checks first, a backup before migrating, then pragmas.

A file that is unreadable, not an Aftaler store or from a newer version is refused with a Danish
:class:`StoreError`; a damaged one (see :mod:`storage.damage`) with a :class:`DamagedStoreError`.
Either way it is left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from storage.damage import connect_read_only, file_problems, is_damage, sqlite_problems
from storage.errors import (
    DamagedStoreError,
    NotWritableError,
    ReadOnlyStoreError,
    StoreError,
    WriteError,
    danish_reason,
)
from storage.migrations import APPLICATION_ID, SCHEMA_VERSION, run_migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

#: How long a write waits for another program's write lock before it fails.
BUSY_TIMEOUT_MS = 5000


class Store:
    """One connection to one store file. Writes go through :meth:`write` only."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool) -> None:
        self.path = path
        self.conn = conn
        self.read_only = read_only

    @cached_property
    def db(self) -> Database:
        """sqlite-utils on the same connection (imported when first used: it is slow to import)."""
        from sqlite_utils import Database

        return Database(self.conn)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction (BEGIN IMMEDIATE … COMMIT); rolled back on any error.

        A failure of SQLite or the disk (locked, read-only, full, I/O) is raised as a Danish
        :class:`WriteError`; the store is then exactly as before the transaction, and the
        connection can be used again (a failed COMMIT never leaves a transaction open).
        """
        if self.read_only:
            raise ReadOnlyStoreError()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._write_error(exc) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise self._write_error(exc) from exc
            raise

    @contextmanager
    def waiting_at_most(self, milliseconds: int) -> Iterator[None]:
        """Within this block a write waits at most this long for another program's lock (not 5 s)."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _rollback(self) -> None:
        """Undo an open transaction; SQLite may already have rolled it back by itself."""
        if not self.conn.in_transaction:
            return
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the original error is the one to report; SQLite ends the transaction on close

    def _write_error(self, exc: BaseException) -> WriteError:
        return WriteError(f"Ændringen kunne ikke gemmes i '{self.path.name}': {danish_reason(exc)}.")

    def query(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, params))

    def close(self) -> None:
        self.conn.close()


def inspect_file(path: Path, immutable: bool = False) -> int:
    """Check a store file without changing it; return its schema version (0 = missing or empty).

    Damage seen in the bytes (of the file, or of a ``-wal``/``-journal`` beside it unless
    ``immutable``) raises :class:`DamagedStoreError` before SQLite reads anything."""
    path = Path(path)
    try:
        if path.stat().st_size == 0 and path.is_file():
            return 0
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise StoreError(f"Filen '{path}' kan ikke læses: {danish_reason(exc)}. Filen er ikke ændret.") from exc
    problems = file_problems(path, sidecars=not immutable)
    if problems:
        raise DamagedStoreError(path, problems)
    try:
        conn = connect_read_only(path, immutable)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DamagedStoreError(path, [danish_reason(exc)]) from exc
        raise StoreError(f"Filen '{path}' kan ikke læses: {danish_reason(exc)}. Filen er ikke ændret.") from exc
    if app_id != APPLICATION_ID and tables:
        raise StoreError(f"Filen '{path}' er en SQLite-database, men ikke fra Aftaler. Filen er ikke ændret.")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Filen '{path}' er gemt af en nyere version af Aftaler (databaseversion {version}; "
            f"denne version kender op til {SCHEMA_VERSION}). Opdatér programmet. Filen er ikke ændret."
        )
    return int(version)


def check_store(path: Path, immutable: bool = False) -> int:
    """:func:`inspect_file`, then the structure and every stored value; the schema version."""
    version = inspect_file(path, immutable)
    if version > 0:
        problems = sqlite_problems(path, immutable)
        if problems:
            raise DamagedStoreError(path, problems)
    return version


def backup_before_migration(path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-før-opgradering-{stamp}")
    _copy_consistent(path, target)
    return target


def _copy_consistent(source: Path, target: Path, immutable: bool = False) -> None:
    """SQLite's backup API; the copy is a plain file in rollback mode, so reading it later makes
    no ``-wal``/``-shm`` beside it."""
    src = connect_read_only(source, immutable)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def open_store(path: Path, read_only: bool = False, full_check: bool = True) -> Store:
    """Open (creating if needed) the store at ``path`` and bring its schema up to date.

    The store is checked first (:func:`check_store`); damage raises :class:`DamagedStoreError`
    and nothing is changed. A read-only store in a folder that cannot be written is opened as is.

    ``full_check=False`` (the window's start): only what does not grow with the store is checked
    here (:func:`inspect_file`: the bytes of the file and its ``-wal``/``-journal``, the header, the
    schema); the structure and every value are checked later, off the path to the first paint
    (:func:`storage.backups.check_and_back_up`). A store about to be migrated is checked in full."""
    path = Path(path)
    version = inspect_file(path)
    if full_check or 0 < version < SCHEMA_VERSION:
        problems = sqlite_problems(path) if version > 0 else []
        if problems:
            raise DamagedStoreError(path, problems)
    if read_only:
        if version == 0:
            raise StoreError(f"Filen '{path}' findes ikke eller er tom og kan ikke åbnes skrivebeskyttet.")
        if version < SCHEMA_VERSION:
            raise StoreError(f"Filen '{path}' skal opgraderes, før den kan åbnes skrivebeskyttet.")
        try:
            conn = connect_read_only(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"Databasen '{path}' kan ikke åbnes: {danish_reason(exc)}.") from exc
        return _configure(Store(path, conn, read_only=True))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if 0 < version < SCHEMA_VERSION:
            backup_before_migration(path, version)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        store = _configure(Store(path, conn, read_only=False))
    except (OSError, sqlite3.Error) as exc:
        folder_problem = write_problem(path.parent)
        error = NotWritableError if folder_problem else StoreError
        raise error(f"Databasen '{path}' kan ikke åbnes: {folder_problem or danish_reason(exc)}. "
                    "Den er ikke ændret.") from exc
    try:
        run_migrations(conn)
        conn.execute("PRAGMA journal_mode = WAL")  # after migrating: a failed step leaves the file as it was
    except (StoreError, sqlite3.Error) as exc:
        conn.close()
        reason = str(exc) if isinstance(exc, StoreError) else danish_reason(exc)
        raise StoreError(f"Databasen '{path}' kunne ikke gøres klar: {reason}. Den er ikke ændret.") from exc
    return store


def discard_store_file(path: Path) -> None:
    """Remove a half-made store file and the ``-wal``/``-shm``/``-journal`` SQLite made beside it
    (never for a store with content to keep: for partial copies only). Errors are ignored."""
    for leftover in (path, *(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def write_problem(folder: Path) -> str | None:
    """Why nothing can be written in ``folder`` (Danish: read-only folder or drive, full disk), or None."""
    try:
        handle, name = tempfile.mkstemp(prefix=".aftaler-prøve-", dir=folder)
    except OSError as exc:
        return danish_reason(exc)
    try:
        os.write(handle, b"\0" * 4096)
        os.fsync(handle)
    except OSError as exc:
        return danish_reason(exc)
    finally:
        os.close(handle)
        os.unlink(name)
    return None


def _configure(store: Store) -> Store:
    store.conn.row_factory = sqlite3.Row
    store.conn.execute("PRAGMA foreign_keys = ON")
    store.conn.execute("PRAGMA synchronous = FULL")
    store.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return store


def integrity_problems(path: Path, immutable: bool = False) -> list[str]:
    """``PRAGMA integrity_check`` of a store file (SQLite's own words); an empty list means it is sound."""
    try:
        conn = connect_read_only(Path(path), immutable)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    problems = [str(r[0]) for r in rows]
    return [] if problems == ["ok"] else problems


def copy_store(source: Path, target: Path, immutable: bool = False) -> None:
    """A consistent copy of a store (SQLite backup API); ``immutable`` for a source nobody writes (a backup)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy_consistent(source, target, immutable)
