"""Damage that PRAGMA integrity_check does not see is found before anything reads the store:
bad stored values, text that is not UTF-8, a truncated file, a -wal or -journal that belongs to
another file. Each is a Danish DamagedStoreError, and the files are left exactly as they were."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storage import edits
from storage.agreements import create_agreement, list_agreements, load_agreement, read_agreement, template_of
from storage.backups import backup_problems, make_backup, newest_good_backup
from storage.canonical import to_json
from storage.damage import store_problems
from storage.database import integrity_problems, open_store
from storage.errors import DamagedStoreError, StoreError
from storage.migrations import MIGRATIONS, SCHEMA_VERSION, run_migrations
from storage.seed import create_from_seed, demo_seed
from storage.template_model import Template
from storage.templates import TemplateRegistry
from tests.conftest import REPO_ROOT
from tests.faults import full, small_filesystem
from tests.fingerprints import folder_listing, sha256_of

ENGLISH = ("Error", "Exception", "Could not", "decode", "malformed", "Expecting", "boom")
TITLE_MARKER = "Markørtitel-til-bytevending 2008"


def _demo_store(path: Path, registry: TemplateRegistry) -> str:
    store = open_store(path)
    try:
        uuid = create_from_seed(store, registry, demo_seed())
        edits.set_value(store, uuid, uuid, "title", TITLE_MARKER)
        return uuid
    finally:
        store.close()


def _sql(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def bad_json_value(path: Path, table: str = "field_values", column: str = "value") -> None:
    """The last stored JSON value in ``table`` cut off (PRAGMA integrity_check does not see it)."""
    _sql(path, f"UPDATE {table} SET {column} = '{{\"afbrudt' WHERE rowid = (SELECT max(rowid) FROM {table})")


def _refused_unchanged(path: Path, *expected: str) -> DamagedStoreError:
    """open_store (for writing and read-only) refuses ``path`` in Danish and changes no file."""
    digests = {p.name: sha256_of(p) for p in path.parent.iterdir() if p.is_file()}
    for read_only in (False, True):
        with pytest.raises(DamagedStoreError) as raised:
            open_store(path, read_only=read_only)
        message = str(raised.value)
        assert message.startswith(f"Filen '{path}' er beskadiget: "), message
        assert "Filen er ikke ændret." in message and "'backup restore'" in message
        for text in expected:
            assert text in message, message
        assert not any(word in message for word in ENGLISH), message
    assert {p.name: sha256_of(p) for p in path.parent.iterdir() if p.is_file()} == digests
    return raised.value


@pytest.mark.parametrize("table, column", [("field_values", "value"), ("rows", "data")])
def test_a_bad_json_value_is_damage_not_a_crash(tmp_path: Path, registry: TemplateRegistry,
                                                table: str, column: str) -> None:
    path = tmp_path / "aftaler.sqlite"
    uuid = _demo_store(path, registry)
    bad_json_value(path, table, column)
    assert integrity_problems(path) == []  # what the start-up check used to rely on

    _refused_unchanged(path, f"1 gemt værdi i tabellen '{table}' kan ikke læses (ikke gyldig JSON)")

    conn = sqlite3.connect(path)  # the read path itself (show, export) says it in Danish too
    conn.row_factory = sqlite3.Row
    try:
        with pytest.raises(StoreError, match="en gemt værdi kan ikke læses"):
            read_agreement(conn, uuid)
    finally:
        conn.close()


def test_text_that_is_not_utf8_is_damage(tmp_path: Path, registry: TemplateRegistry) -> None:
    path = tmp_path / "aftaler.sqlite"
    _demo_store(path, registry)
    _sql(path, "UPDATE template_snapshots SET source = CAST(source || x'ff' AS TEXT)")
    assert integrity_problems(path) == []
    _refused_unchanged(path, "tabellen 'template_snapshots', kolonnen 'source', er ikke gyldig tekst (UTF-8)")


def non_utf8_schema(path: Path) -> None:
    """A byte in the schema's text (sqlite_master) that is not UTF-8: SQLite's own message about it
    cannot be decoded, which once escaped as a UnicodeDecodeError."""
    data = bytearray(path.read_bytes())
    data[data.index(b"CREATE TABLE") + 3] = 0x8C
    path.write_bytes(bytes(data))


def test_a_schema_that_is_not_utf8_is_damage(tmp_path: Path, registry: TemplateRegistry) -> None:
    path = tmp_path / "aftaler.sqlite"
    _demo_store(path, registry)
    non_utf8_schema(path)
    _refused_unchanged(path, "databasefilen er beskadiget")


def test_a_damaged_newest_backup_does_not_hide_the_good_one(tmp_path: Path, registry: TemplateRegistry) -> None:
    path = tmp_path / "aftaler.sqlite"
    _demo_store(path, registry)
    good = make_backup(path, tmp_path / "sikkerhedskopier")
    bad = tmp_path / "sikkerhedskopier" / "aftaler-29990101-000000-000000.sqlite"
    shutil.copy(path, bad)
    non_utf8_schema(bad)
    assert backup_problems(bad) == ["databasefilen er beskadiget"]
    assert newest_good_backup(tmp_path / "sikkerhedskopier") == good


def test_a_truncated_store_is_damage(tmp_path: Path, registry: TemplateRegistry) -> None:
    path = tmp_path / "aftaler.sqlite"
    _demo_store(path, registry)
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size // 2)
    _refused_unchanged(path, f"filen er afkortet: den er {size // 2} byte, men skal være {size} byte")


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_flipped_bytes_are_found_or_harmless(tmp_path: Path, registry: TemplateRegistry) -> None:
    """Flipped bytes at fixed places: each is found as damage, or the store reads in full."""
    original = tmp_path / "original.sqlite"
    _demo_store(original, registry)
    data = original.read_bytes()
    text_at = data.index(TITLE_MARKER.encode("utf-8"))  # inside the title column of the agreements table
    assert data.count(TITLE_MARKER.encode("utf-8")) == 1
    page = 4096
    offsets = [20, 28, 105, page + 8, 2 * page + 100, len(data) // 3, len(data) // 2, len(data) - 10, text_at + 3]
    found = []
    for offset in offsets:
        path = tmp_path / f"vendt-{offset}" / "aftaler.sqlite"
        path.parent.mkdir()
        shutil.copy(original, path)
        _flip(path, offset)
        if store_problems(path):
            _refused_unchanged(path)
            found.append(offset)
            continue
        store = open_store(path, read_only=True)
        try:
            for summary in list_agreements(store):
                agreement = load_agreement(store, summary.uuid)
                to_json(agreement, template_of(store, agreement))
        finally:
            store.close()
    assert text_at + 3 in found
    assert len(found) >= len(offsets) // 2, found


def test_a_text_byte_flip_passes_integrity_check_but_not_the_content_check(
        tmp_path: Path, registry: TemplateRegistry) -> None:
    path = tmp_path / "aftaler.sqlite"
    _demo_store(path, registry)
    _flip(path, path.read_bytes().index(TITLE_MARKER.encode("utf-8")) + 3)
    assert integrity_problems(path) == []
    _refused_unchanged(path, "tabellen 'agreements', kolonnen 'title', er ikke gyldig tekst (UTF-8)")


def test_an_empty_file_is_not_sound(tmp_path: Path) -> None:
    path = tmp_path / "aftaler.sqlite"
    path.touch()
    assert store_problems(path) == ["filen er tom (0 byte)"]


# --- a -wal or -journal beside the store -------------------------------------------------------

KILLED_WRITER = """
import os, signal, sys
from storage.agreements import create_agreement
from storage.database import open_store
from storage.templates import load_registry
store = open_store(sys.argv[1])
store.conn.execute("PRAGMA wal_autocheckpoint = 0")
template = load_registry().get("faaborg-midtfyn")
for unit in sys.argv[2:]:
    create_agreement(store, template, unit, 2009)
os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_writer(path: Path, *units: str) -> None:
    """A writer killed with its last transactions only in the -wal (as a killed window leaves it)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path), *units], env=env, check=False,
                           timeout=120)
    assert child.returncode == -signal.SIGKILL
    assert Path(f"{path}-wal").stat().st_size > 0


def _units(path: Path) -> list[str]:
    store = open_store(path)
    try:
        return sorted(a.unit for a in list_agreements(store))
    finally:
        store.close()


def test_the_wal_of_akilled_writer_belongs_to_its_store(tmp_path: Path, faaborg: Template) -> None:
    """No false alarm: the WAL a kill leaves (also after a second kill on top) is applied as always."""
    path = tmp_path / "aftaler.sqlite"
    store = open_store(path)
    create_agreement(store, faaborg, "IT-staben", 2008)
    store.close()
    killed_writer(path, "HR-staben", "Økonomi")
    killed_writer(path, "Jura")
    assert store_problems(path) == []
    assert _units(path) == ["HR-staben", "IT-staben", "Jura", "Økonomi"]


def _two_stores(tmp_path: Path, faaborg: Template) -> tuple[Path, Path]:
    """Our store, and another one used in more sessions (stores differ in their history)."""
    ours, other = tmp_path / "vores" / "aftaler.sqlite", tmp_path / "andet" / "aftaler.sqlite"
    for path, units in ((ours, ["IT-staben"]), (other, ["Fremmed 1", "Fremmed 2", "Fremmed 3"])):
        path.parent.mkdir()
        for unit in units:
            store = open_store(path)
            create_agreement(store, faaborg, unit, 2008)
            store.close()
    return ours, other


def test_a_wal_from_another_store_is_damage_and_never_applied(tmp_path: Path, faaborg: Template) -> None:
    ours, other = _two_stores(tmp_path, faaborg)
    killed_writer(other, "Fremmed 4", "Fremmed 5")
    shutil.copy(f"{other}-wal", f"{ours}-wal")

    _refused_unchanged(ours, "logfilen 'aftaler.sqlite-wal' hører ikke til databasen")

    os.rename(f"{ours}-wal", tmp_path / "lagt-til-side-wal")  # without it, the store is as it was
    assert _units(ours) == ["IT-staben"]


def test_a_wal_left_over_from_before_an_older_copy_was_put_back_is_damage(tmp_path: Path, faaborg: Template) -> None:
    """The store file replaced by an older copy of itself while the -wal of a killed window was left."""
    path = tmp_path / "aftaler.sqlite"
    store = open_store(path)
    create_agreement(store, faaborg, "IT-staben", 2008)
    store.close()
    older = tmp_path / "kopi-fra-mandag.sqlite"
    shutil.copy(path, older)
    store = open_store(path)
    create_agreement(store, faaborg, "HR-staben", 2008)
    store.close()
    killed_writer(path, "Økonomi")
    shutil.copy(older, path)

    _refused_unchanged(path, "logfilen 'aftaler.sqlite-wal' hører ikke til databasen")


def test_a_rollback_journal_beside_a_wal_store_is_damage(tmp_path: Path, faaborg: Template) -> None:
    ours, other = _two_stores(tmp_path, faaborg)
    conn = sqlite3.connect(other, isolation_level=None)  # a hot journal of another file, as a kill leaves it
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    journal = Path(f"{other}-journal")
    journal.write_bytes(bytes.fromhex("d9d505f920a163d7") + b"\0" * 504)
    shutil.copy(journal, f"{ours}-journal")
    _refused_unchanged(ours, "journalfilen 'aftaler.sqlite-journal' hører ikke til databasen")


# --- a failed migration -----------------------------------------------------------------------

def test_a_migration_that_fails_midway_leaves_the_file_unchanged(
        tmp_path: Path, faaborg: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "aftaler.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    run_migrations(conn, target=1)
    conn.close()
    digest = sha256_of(path)
    real_step = MIGRATIONS[2]

    def half_then_fail(db: object) -> None:
        real_step(db)  # type: ignore[arg-type]
        raise ValueError("boom")

    monkeypatch.setitem(MIGRATIONS, 2, half_then_fail)
    with pytest.raises(StoreError) as raised:
        open_store(path)
    message = str(raised.value)
    assert message == (f"Databasen '{path}' kunne ikke gøres klar: opgraderingen til databaseversion 2 mislykkedes"
                       " (en uventet fejl). Den er ikke ændret.")
    assert sha256_of(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir() if "før-opgradering" not in p.name) == ["aftaler.sqlite"]

    monkeypatch.setitem(MIGRATIONS, 2, real_step)  # the real step then upgrades it
    store = open_store(path)
    try:
        assert store.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    finally:
        store.close()


# --- folders that cannot be written -----------------------------------------------------------

@contextmanager
def read_only_mount(folder: Path) -> Iterator[Path]:
    """The small file system on ``folder`` remounted read-only for the block (a read-only drive:
    unlike chmod, this holds for root too)."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True, capture_output=True)


def test_read_only_opens_a_store_on_a_read_only_drive(tmp_path: Path, faaborg: Template) -> None:
    with small_filesystem(tmp_path / "drev") as folder:
        path = folder / "aftaler.sqlite"
        store = open_store(path)
        create_agreement(store, faaborg, "IT-staben", 2008)
        store.close()
        digest, listing = sha256_of(path), folder_listing(folder)
        with read_only_mount(folder):
            store = open_store(path, read_only=True)
            try:
                assert [a.unit for a in list_agreements(store)] == ["IT-staben"]
            finally:
                store.close()
            with pytest.raises(StoreError) as raised:
                open_store(path)
            assert "beskadiget" not in str(raised.value)
            assert "skrivebeskyttet" in str(raised.value)
        assert sha256_of(path) == digest and folder_listing(folder) == listing


def test_a_full_disk_is_not_called_damage(tmp_path: Path, faaborg: Template) -> None:
    with small_filesystem(tmp_path / "drev", size_kb=1024) as folder:
        path = folder / "aftaler.sqlite"
        store = open_store(path)
        create_agreement(store, faaborg, "IT-staben", 2008)
        store.close()
        digest = sha256_of(path)
        with full(folder):
            with pytest.raises(StoreError) as raised:
                open_store(path)
            assert not isinstance(raised.value, DamagedStoreError)
            assert "der er ikke plads på disken" in str(raised.value) or "disken meldte en fejl" in str(raised.value)
            store = open_store(path, read_only=True)  # reading still works
            try:
                assert [a.unit for a in list_agreements(store)] == ["IT-staben"]
            finally:
                store.close()
        assert sha256_of(path) == digest
