"""Files that are not a usable store are refused in Danish and left exactly as they were;
an older store is backed up and upgraded."""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from storage.agreements import insert_agreement, load_agreement
from storage.database import integrity_problems, open_store
from storage.errors import StoreError
from storage.migrations import APPLICATION_ID, SCHEMA_VERSION, run_migrations
from storage.template_model import Template
from storage.templates import template_hash
from tests.fingerprints import folder_listing, sha256_of


def _text_file(path: Path) -> None:
    path.write_text("Aftale 2008\nIT-staben\n", encoding="utf-8")


def _zeros(path: Path) -> None:
    path.write_bytes(b"\x00" * 8192)


def _sqlite_header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + random.Random(7).randbytes(8192))


def _other_apps_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Benny', '12345678')")
    conn.commit()
    conn.close()


def _newer_store(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    run_migrations(conn)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


BAD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "text file": (_text_file, "ikke en SQLite-fil"),
    "zero bytes": (_zeros, "ikke en SQLite-fil"),
    "sqlite header, garbage body": (_sqlite_header_then_garbage, "Filen er ikke ændret"),
    "another app's database": (_other_apps_database, "ikke fra Aftaler"),
    "store from a newer version": (_newer_store, "nyere version af Aftaler (databaseversion 99"),
}


@pytest.mark.parametrize("read_only", [False, True], ids=["write", "read-only"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_and_left_unchanged(tmp_path: Path, case: str, read_only: bool) -> None:
    make, expected = BAD_FILES[case]
    path = tmp_path / "aftaler.sqlite"
    make(path)
    digest, listing = sha256_of(path), folder_listing(tmp_path)

    with pytest.raises(StoreError) as raised:
        open_store(path, read_only=read_only)

    message = str(raised.value)
    assert str(path) in message
    assert expected in message
    assert sha256_of(path) == digest
    assert folder_listing(tmp_path) == listing


def test_unreadable_file_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "aftaler.sqlite"
    _newer_store(path)
    digest = sha256_of(path)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("kører som root: chmod 000 forhindrer ikke root i at læse filen")
        with pytest.raises(StoreError, match="kan ikke læses"):
            open_store(path)
    finally:
        path.chmod(0o600)
    assert sha256_of(path) == digest


def test_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    """A path that cannot be read as a file, also for root."""
    path = tmp_path / "aftaler.sqlite"
    path.mkdir()
    with pytest.raises(StoreError, match=r"kan ikke læses"):
        open_store(path)
    assert path.is_dir() and list(path.iterdir()) == []


def test_empty_file_becomes_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "aftaler.sqlite"
    path.touch()
    store = open_store(path)
    try:
        assert store.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert store.query("PRAGMA application_id")[0][0] == APPLICATION_ID
    finally:
        store.close()


def test_new_store_cannot_be_created_read_only(tmp_path: Path) -> None:
    path = tmp_path / "aftaler.sqlite"
    with pytest.raises(StoreError, match="skrivebeskyttet"):
        open_store(path, read_only=True)
    assert not path.exists()


def test_older_store_is_backed_up_and_upgraded(tmp_path: Path, faaborg: Template) -> None:
    path = tmp_path / "aftaler.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    run_migrations(conn, target=1)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO template_snapshots VALUES (?, ?, ?, '2008-01-01')",  # as version 1 stored it
                 (template_hash(faaborg.source), faaborg.id, faaborg.source))
    agreement_uuid = insert_agreement(conn, faaborg, "IT-staben", 2008)
    conn.execute("COMMIT")
    conn.close()

    store = open_store(path)
    try:
        assert store.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        agreement = load_agreement(store, agreement_uuid)
        assert (agreement.unit, agreement.year, agreement.sent_revision) == ("IT-staben", 2008, None)
        assert agreement.section_by_key("5.2") is not None
    finally:
        store.close()

    [backup] = [p for p in tmp_path.iterdir() if "v1-før-opgradering" in p.name]
    assert backup.name.startswith("aftaler.sqlite.v1-før-opgradering-")
    assert integrity_problems(backup) == []
    check = sqlite3.connect(backup)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == 1
        assert check.execute("SELECT unit FROM agreements").fetchall() == [("IT-staben",)]
    finally:
        check.close()


def test_read_only_store_refuses_edits(tmp_path: Path, faaborg: Template) -> None:
    path = tmp_path / "aftaler.sqlite"
    open_store(path).close()
    store = open_store(path, read_only=True)
    try:
        from storage.agreements import create_agreement

        with pytest.raises(StoreError, match="skrivebeskyttet"):
            create_agreement(store, faaborg, "IT-staben", 2008)
    finally:
        store.close()
