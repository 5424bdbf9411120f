"""Damage a store can carry, found before SQLite acts on it; every finding is a short Danish phrase.

Beyond ``PRAGMA integrity_check`` (the structure of the file) this finds what only breaks later:
a truncated file, a ``-wal`` or ``-journal`` beside the store that belongs to another file (SQLite
would apply it without asking), text that is not UTF-8 and stored JSON that does not parse. The
byte-level checks read the files and never open them with SQLite; the content check is one linear
pass over every row.
"""

from __future__ import annotations

import json
import os
import sqlite3
import struct
from pathlib import Path
from typing import Any

from storage.errors import DamagedStoreError, StoreError, danish_reason

SQLITE_HEADER = b"SQLite format 3\x00"
#: Columns that hold JSON text (everything else that is text must still be UTF-8).
JSON_COLUMNS = {"field_values": ("value",), "rows": ("data",), "lost_versions": ("record",)}
#: SQLite's result codes that mean the file itself is damaged, not merely unreachable.
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEADER = 32
_FRAME_HEADER = 24
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


# --- opening without changing anything ---------------------------------------------------------

def read_only_uri(path: Path, immutable: bool = False) -> str:
    return f"{Path(path).resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def has_wal_content(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def connect_read_only(path: Path, immutable: bool = False, **kwargs: Any) -> sqlite3.Connection:
    """A read-only connection. A WAL store in a folder that cannot be written (read-only folder or
    mount, full disk: SQLite cannot make its ``-shm``) is opened as immutable when it has no WAL
    content to miss. ``immutable`` (for backups) never reads a WAL and creates no files."""
    sidecars = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    absent = [p for p in sidecars if not p.exists()]
    conn = sqlite3.connect(read_only_uri(path, immutable), uri=True, **kwargs)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except UnicodeDecodeError as exc:  # SQLite's message quotes a schema that is not UTF-8
        conn.close()
        _remove_empty_wal(absent)
        raise undecodable_schema() from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        _remove_empty_wal(absent)
        if immutable or is_damage(exc) or has_wal_content(path):
            raise
    return connect_read_only(path, immutable=True, **kwargs)


def _remove_empty_wal(created: list[Path]) -> None:
    """A read-only connection that failed leaves the ``-wal``/``-shm`` it made; an empty WAL (and its
    index) holds nothing, so a refused store is left exactly as it was found."""
    wal = next((p for p in created if p.name.endswith("-wal")), None)
    if wal is not None and wal.exists() and wal.stat().st_size > 0:
        return
    for leftover in created:
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def undecodable_schema() -> sqlite3.DatabaseError:
    """The error for a file whose schema is not UTF-8 text: damage, like SQLITE_CORRUPT."""
    damage = sqlite3.DatabaseError("database disk image is malformed")
    damage.sqlite_errorcode = 11
    return damage


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite's error says the file is damaged (rather than locked, unreadable, full, …)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in _DAMAGE_CODES
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


# --- byte-level checks: nothing here opens the file with SQLite --------------------------------

def file_problems(path: Path, sidecars: bool = True) -> list[str]:
    """Damage visible in the bytes of the store file and of its ``-wal``/``-journal`` beside it.

    Another program may be writing in the store meanwhile (the window, while a command runs): the
    WAL is read before the file's header, so a checkpoint between the two reads only moves the
    header's counter into the WAL's range; a finding is confirmed by reading both again.

    Only for a file this process has no SQLite connection to: closing any file handle on a database
    drops every POSIX lock the process holds on it, so SQLite's own locks would silently go, and
    another process could checkpoint and delete the WAL under a live connection (seen in a test)."""
    problems = _file_problems(path, sidecars)
    return _file_problems(path, sidecars) if problems and sidecars else problems


def _file_problems(path: Path, sidecars: bool) -> list[str]:
    wal = _read_wal(path) if sidecars else b""
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise StoreError(f"Filen '{path}' kan ikke læses: {danish_reason(exc)}. Filen er ikke ændret.") from exc
    if size == 0:
        return ["filen er tom (0 byte)"]
    if not header.startswith(SQLITE_HEADER):
        return ["det er ikke en SQLite-fil (eller filens begyndelse er ødelagt)"]
    if len(header) < 100:
        return [f"filen er afkortet til {size} byte"]
    problems = []
    if sidecars:
        problems += wal_problems(f"{Path(path).name}-wal", wal, header)
        problems += journal_problems(path, header)
    if not wal:
        problems += truncation_problems(header, size)
    return problems


def _read_wal(path: Path) -> bytes:
    try:
        return Path(f"{path}-wal").read_bytes()
    except OSError:
        return b""


def _page_size(header: bytes) -> int:
    value = struct.unpack(">H", header[16:18])[0]
    return 65536 if value == 1 else int(value)


def truncation_problems(header: bytes, size: int) -> list[str]:
    """A file shorter than the page count its own header gives (only valid when no WAL holds pages)."""
    counter, pages = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    expected = pages * _page_size(header)
    if pages and counter == valid_for and size < expected:
        return [f"filen er afkortet: den er {size} byte, men skal være {expected} byte"]
    return []


def journal_problems(path: Path, header: bytes) -> list[str]:
    """A hot rollback journal beside a store in WAL mode was not written for it: SQLite would play
    it back over the store. (A store in rollback mode owns its journal: SQLite finishes it.)"""
    journal = Path(f"{path}-journal")
    try:
        with journal.open("rb") as handle:
            start = handle.read(len(_JOURNAL_MAGIC))
    except OSError:
        return []
    if start == _JOURNAL_MAGIC and header[18:20] == b"\x02\x02":
        return [f"journalfilen '{journal.name}' hører ikke til databasen (den er fra en anden fil)"]
    return []


def wal_problems(name: str, data: bytes, header: bytes) -> list[str]:
    """A ``-wal`` (``name``, its bytes ``data``) beside the store that SQLite would apply but that
    does not belong to the store whose first 100 bytes are ``header``.

    The store file holds no salt of its WAL; what ties them together is the page size and the
    change counter: every page 1 that SQLite writes to the WAL carries the counter of the file it
    was written against plus one, so the valid frames' counters must reach the file's own counter
    (a WAL from another file or from an older copy does not), and as Aftaler never shrinks a store,
    the last commit cannot give fewer pages than the file has. Without a page 1 in the WAL the store
    did not change size, so every commit must give the file's own page count. (A WAL of a store with
    exactly the same history cannot be told apart by its bytes; SQLite's own checks remain.) Frames
    are valid as SQLite reads them: matching salts and an unbroken checksum chain, up to the last commit.
    """
    if len(data) < _WAL_HEADER:
        return []  # SQLite ignores a WAL without a whole header
    magic, version, page_size, _seq, salt1, salt2, sum1, sum2 = struct.unpack(">8I", data[:_WAL_HEADER])
    big_endian = magic == 0x377F0683
    if magic not in _WAL_MAGIC or version != 3007000 or _checksum(data[:24], 0, 0, big_endian) != (sum1, sum2):
        return [f"logfilen '{name}' er beskadiget"]
    if page_size != _page_size(header):
        return [f"logfilen '{name}' hører ikke til databasen (anden sidestørrelse)"]
    counter, pages = struct.unpack(">II", header[24:32])
    counters, commit_sizes = _valid_frames(data, page_size, (salt1, salt2), (sum1, sum2), big_endian)
    if counters:
        belongs = min(counters) - 1 <= counter <= max(counters) and max(commit_sizes) >= pages
    else:
        belongs = all(size == pages for size in commit_sizes)
    if not belongs:
        return [f"logfilen '{name}' hører ikke til databasen (den er fra en anden fil eller en ældre kopi)"]
    return []


def _valid_frames(data: bytes, page_size: int, salts: tuple[int, int], sums: tuple[int, int],
                  big_endian: bool) -> tuple[list[int], list[int]]:
    """The change counters of page 1 and the sizes given at each commit, in the frames SQLite uses."""
    counters: list[int] = []
    commit_sizes: list[int] = []
    pending: list[int] = []
    offset = _WAL_HEADER
    while offset + _FRAME_HEADER + page_size <= len(data):
        page_no, commit, salt1, salt2, sum1, sum2 = struct.unpack(">6I", data[offset:offset + _FRAME_HEADER])
        page = data[offset + _FRAME_HEADER:offset + _FRAME_HEADER + page_size]
        if (salt1, salt2) != salts:
            break
        sums = _checksum(data[offset:offset + 8], *sums, big_endian)
        sums = _checksum(page, *sums, big_endian)
        if sums != (sum1, sum2):
            break
        if page_no == 1:
            pending.append(struct.unpack(">I", page[24:28])[0])
        if commit:
            counters += pending
            pending = []
            commit_sizes.append(commit)
        offset += _FRAME_HEADER + page_size
    return counters, commit_sizes


def _checksum(block: bytes, s1: int, s2: int, big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum over ``block`` (a multiple of 8 bytes), continuing from (s1, s2)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(block) // 4}I", block)
    for i in range(0, len(words), 2):
        s1 = (s1 + words[i] + s2) & 0xFFFFFFFF
        s2 = (s2 + words[i + 1] + s1) & 0xFFFFFFFF
    return s1, s2


# --- checks through SQLite: structure and content ---------------------------------------------

def sqlite_problems(path: Path, immutable: bool = False) -> list[str]:
    """``PRAGMA integrity_check``, then one pass over every row: text is UTF-8, stored JSON parses.

    Raises :class:`StoreError` when the file cannot be read at all (that is not damage)."""
    try:
        conn = connect_read_only(path, immutable)
    except UnicodeDecodeError:
        return [_UNDECODABLE_SCHEMA]
    except sqlite3.DatabaseError as exc:
        return damage_or_raise(path, exc)
    try:
        return connection_problems(conn, path)
    finally:
        conn.close()


def connection_problems(conn: sqlite3.Connection, path: Path) -> list[str]:
    """:func:`sqlite_problems` on an open connection (``path`` names it in an error): within a read
    transaction the caller opened, this checks exactly the snapshot that transaction sees."""
    try:
        found = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        if found != ["ok"]:
            return [f"SQLites kontrol af filens opbygning fandt {len(found)} fejl"]
        return content_problems(conn)
    except UnicodeDecodeError:
        return [_UNDECODABLE_SCHEMA]
    except sqlite3.DatabaseError as exc:
        return damage_or_raise(path, exc)


_UNDECODABLE_SCHEMA = "filens opbygning (skemaet) indeholder tekst, der ikke er gyldig UTF-8"


def damage_or_raise(path: Path, exc: sqlite3.DatabaseError) -> list[str]:
    """SQLite's error as damage phrases, or :class:`StoreError` when it is not damage (locked, unreadable)."""
    if is_damage(exc):
        return [danish_reason(exc)]
    raise StoreError(f"Filen '{path}' kan ikke læses: {danish_reason(exc)}. Filen er ikke ændret.") from exc


def content_problems(conn: sqlite3.Connection) -> list[str]:
    """Every text value decodes as UTF-8 and every stored JSON value parses (one linear pass).

    The pass reads each table once with the sqlite3 module's own UTF-8 decoding and lets SQLite's
    ``json_valid`` pick out JSON that may be bad; only those values, and the rows of a table with
    undecodable text, are looked at in Python (so the cost stays near that of integrity_check)."""
    try:
        conn.text_factory = bytes
        names = [_text(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        if None in names:
            return ["tabellernes navne er ikke gyldig tekst (UTF-8)"]
        problems = []
        for table in names:
            assert table is not None
            problems += _text_problems(conn, table)
            problems += _json_problems(conn, table)
        return problems
    finally:
        conn.text_factory = str


def _text_problems(conn: sqlite3.Connection, table: str) -> list[str]:
    conn.text_factory = str
    try:
        for _row in conn.execute(f'SELECT * FROM "{table}"'):
            pass
        return []
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc):
            raise
    finally:
        conn.text_factory = bytes
    cursor = conn.execute(f'SELECT * FROM "{table}"')
    columns = [d[0] for d in cursor.description]
    bad: dict[str, int] = {}
    for row in cursor:
        for column, value in zip(columns, row, strict=True):
            if isinstance(value, bytes) and _text(value) is None:
                bad[column] = bad.get(column, 0) + 1
    return [f"{_count(n, 'tekst', 'tekster')} i tabellen '{table}', kolonnen '{c}', er ikke gyldig tekst (UTF-8)"
            for c, n in bad.items()]


def _json_problems(conn: sqlite3.Connection, table: str) -> list[str]:
    bad = 0
    for column in JSON_COLUMNS.get(table, ()):
        try:
            suspects = conn.execute(
                f'SELECT "{column}" FROM "{table}" WHERE typeof("{column}") != \'text\' OR NOT json_valid("{column}")')
        except sqlite3.OperationalError:  # a SQLite without JSON functions: Python reads every value
            suspects = conn.execute(f'SELECT "{column}" FROM "{table}"')
        for (value,) in suspects:
            text = _text(value) if isinstance(value, bytes) else None
            if text is not None and not _parses(text) or value is not None and not isinstance(value, bytes):
                bad += 1
    return [f"{_count(bad, 'gemt værdi', 'gemte værdier')} i tabellen '{table}' kan ikke læses (ikke gyldig JSON)"
            ] if bad else []


def _count(number: int, one: str, many: str) -> str:
    """'1 tekst', '3 tekster'."""
    return f"{number} {one if number == 1 else many}"


def _text(value: bytes) -> str | None:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def stored_json(text: str) -> Any:
    """A stored JSON value; one that does not parse is a Danish :class:`DamagedStoreError`."""
    try:
        return json.loads(text)
    except (ValueError, TypeError) as exc:
        raise DamagedStoreError(None, ["en gemt værdi kan ikke læses (ikke gyldig JSON)"]) from exc


def store_problems(path: Path, immutable: bool = False) -> list[str]:
    """All of the above for a store file; an empty list means sound (a 0-byte file is not sound)."""
    return file_problems(path, sidecars=not immutable) or sqlite_problems(path, immutable)


def refuse_empty_store(store_path: Path, backup_dir: Path) -> None:
    """An empty store file where a good backup exists was a store once: :class:`DamagedStoreError`.
    (Without a backup an empty file is taken as a new store, as SQLite itself would.)"""
    store_path = Path(store_path)
    if not store_path.is_file() or store_path.stat().st_size != 0:
        return
    from storage.backups import newest_good_backup  # only for an empty file: not on every start

    if newest_good_backup(backup_dir):
        raise DamagedStoreError(store_path, ["filen er tom (0 byte)"])
