"""Rolling backups: made with the backup API, rotated, checked, restored."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from storage import edits
from storage.agreements import create_agreement, list_agreements, load_agreement
from storage.backup_schedule import BackupScheduler
from storage.backups import (
    BACKUP_NAME_RE,
    backup_problems,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
)
from storage.damage import refuse_empty_store
from storage.database import Store, integrity_problems, open_store
from storage.errors import DamagedStoreError, StoreError
from storage.template_model import Template
from tests.faults import full, small_filesystem
from tests.fingerprints import sha256_of
from tests.storage.test_damage import bad_json_value, killed_writer


def _corrupt(path: Path) -> None:
    """Keep the SQLite header, overwrite everything after it."""
    data = bytearray(path.read_bytes())
    data[100:] = bytes((i * 37 + 11) % 256 for i in range(len(data) - 100))
    path.write_bytes(bytes(data))


def test_make_backup_is_a_sound_copy_of_the_live_store(store: Store, store_path: Path, tmp_path: Path,
                                                       agreement_uuid: str) -> None:
    backup = make_backup(store_path, tmp_path / "kopier")
    assert BACKUP_NAME_RE.match(backup.name)
    assert integrity_problems(backup) == []
    copy = open_store(backup, read_only=True)
    try:
        assert load_agreement(copy, agreement_uuid).unit == "IT-staben"
    finally:
        copy.close()
    [info] = list_backups(tmp_path / "kopier")
    assert info.path == backup and info.size == backup.stat().st_size > 0


def test_make_backup_keeps_only_the_newest_ten(store: Store, store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kopier"
    made = [make_backup(store_path, folder) for _ in range(13)]
    (folder / "noter.txt").write_text("ikke en sikkerhedskopi", encoding="utf-8")

    infos = list_backups(folder)

    assert [i.path for i in infos] == list(reversed(made[3:]))
    assert len({i.path.name for i in infos}) == 10
    assert [i.created for i in infos] == sorted((i.created for i in infos), reverse=True)
    assert (folder / "noter.txt").exists()
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".sqlite") == sorted(p.name for p in made[3:])


def test_make_backup_of_a_missing_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="findes ikke"):
        make_backup(tmp_path / "ingen.sqlite", tmp_path / "kopier")
    assert list_backups(tmp_path / "kopier") == []


def test_restore_brings_back_the_content(store_path: Path, tmp_path: Path, faaborg: Template) -> None:
    folder = tmp_path / "kopier"
    store = open_store(store_path)
    kept = create_agreement(store, faaborg, "IT-staben", 2008)
    backup = make_backup(store_path, folder)
    edits.set_value(store, kept, kept, "title", "Rettet efter kopien")
    later = create_agreement(store, faaborg, "HR-staben", 2008)
    store.close()
    Path(f"{store_path}-wal").write_bytes(b"gammel wal")
    Path(f"{store_path}-shm").write_bytes(b"gammel shm")

    restore_backup(backup, store_path, folder)

    assert not Path(f"{store_path}-wal").exists() and not Path(f"{store_path}-shm").exists()
    restored = open_store(store_path)
    try:
        assert [a.uuid for a in list_agreements(restored)] == [kept]
        assert load_agreement(restored, kept).title == "IT-staben. Aftale 2008"
    finally:
        restored.close()
    # The store as it was before the restore is itself a backup now.
    newest = list_backups(folder)[0].path
    assert newest != backup
    before = open_store(newest, read_only=True)
    try:
        assert {a.uuid for a in list_agreements(before)} == {kept, later}
    finally:
        before.close()


def test_restore_works_when_the_chosen_backup_is_the_oldest_of_ten(store: Store, store_path: Path,
                                                                    tmp_path: Path, faaborg: Template) -> None:
    folder = tmp_path / "kopier"
    oldest = make_backup(store_path, folder)
    for _ in range(9):
        make_backup(store_path, folder)
    create_agreement(store, faaborg, "IT-staben", 2008)
    store.close()

    restore_backup(oldest, store_path, folder)

    restored = open_store(store_path)
    try:
        assert list_agreements(restored) == []
    finally:
        restored.close()


def test_restore_over_an_unreadable_store_keeps_its_bytes(store: Store, store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kopier"
    backup = make_backup(store_path, folder)
    store.close()
    store_path.write_bytes(b"ikke en database")

    restore_backup(backup, store_path, folder)

    [kept] = [p for p in folder.iterdir() if p.name.startswith("beskadiget-")]
    assert kept.read_bytes() == b"ikke en database"
    assert integrity_problems(store_path) == []


def test_restore_of_a_corrupt_backup_changes_nothing(store: Store, store_path: Path, tmp_path: Path,
                                                     agreement_uuid: str) -> None:
    folder = tmp_path / "kopier"
    backup = make_backup(store_path, folder)
    _corrupt(backup)
    store.close()
    digest = sha256_of(store_path)

    with pytest.raises(StoreError, match="kan ikke bruges"):
        restore_backup(backup, store_path, folder)

    assert sha256_of(store_path) == digest
    assert len(list_backups(folder)) == 1


def test_newest_good_backup_skips_a_corrupt_one(store: Store, store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kopier"
    assert newest_good_backup(folder) is None
    make_backup(store_path, folder)
    good = make_backup(store_path, folder)
    corrupt = make_backup(store_path, folder)
    _corrupt(corrupt)
    empty = make_backup(store_path, folder)
    empty.write_bytes(b"")

    assert [i.path for i in list_backups(folder)][:2] == [empty, corrupt]
    assert integrity_problems(corrupt) != []
    assert newest_good_backup(folder) == good


def test_backup_of_a_store_with_uncheckpointed_wal(store: Store, store_path: Path, tmp_path: Path,
                                                    faaborg: Template) -> None:
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    agreement_uuid = create_agreement(store, faaborg, "IT-staben", 2008)
    assert Path(f"{store_path}-wal").stat().st_size > 0
    backup = make_backup(store_path, tmp_path / "kopier")
    plain = tmp_path / "plain.sqlite"
    shutil.copy(backup, plain)
    conn = sqlite3.connect(plain)
    try:
        assert conn.execute("SELECT uuid FROM agreements").fetchall() == [(agreement_uuid,)]
    finally:
        conn.close()


def test_scheduler_waits_for_edits_and_thirty_minutes() -> None:
    scheduler = BackupScheduler()
    assert not scheduler.due(10_000)
    scheduler.note_edit(100)
    assert scheduler.pending
    assert not scheduler.due(100 + 29 * 60)
    scheduler.note_edit(100 + 20 * 60)
    assert scheduler.due(100 + 30 * 60)

    scheduler.note_backup(100 + 30 * 60)
    assert not scheduler.pending and not scheduler.due(100 + 90 * 60)
    scheduler.note_edit(100 + 59 * 60)
    assert not scheduler.due(100 + 59 * 60)
    assert scheduler.due(100 + 60 * 60)


def test_scheduler_counts_from_the_last_backup() -> None:
    scheduler = BackupScheduler(interval=60, last_backup=0)
    scheduler.note_edit(59)
    assert not scheduler.due(59.5)
    assert scheduler.due(60)



def test_a_damaged_store_never_becomes_a_backup_nor_rotates_good_ones_away(
        store_path: Path, tmp_path: Path, demo_uuid: str, store: Store) -> None:
    folder = tmp_path / "kopier"
    good = [make_backup(store_path, folder) for _ in range(10)]
    digests = [sha256_of(p) for p in good]
    store.close()
    bad_json_value(store_path)
    assert integrity_problems(store_path) == []  # PRAGMA integrity_check alone would let it through
    for _ in range(12):
        with pytest.raises(StoreError) as raised:
            make_backup(store_path, folder)
        assert str(raised.value) == (
            f"Sikkerhedskopien af '{store_path}' er ikke lavet, fordi databasen er beskadiget: 1 gemt værdi"
            " i tabellen 'field_values' kan ikke læses (ikke gyldig JSON). De gode sikkerhedskopier er bevaret.")
    assert [i.path for i in list_backups(folder)] == list(reversed(good))
    assert [sha256_of(p) for p in good] == digests
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in good)


def test_a_backup_run_killed_midway_leaves_nothing_for_long(store: Store, store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kopier"
    first = make_backup(store_path, folder)
    partial = folder / "aftaler-20260101-120000-000000.sqlite.delvis"
    leftovers = [partial, Path(f"{partial}-journal"), Path(f"{first}-wal"), Path(f"{first}-shm")]
    for path in leftovers:
        path.write_bytes(b"" if path.name.endswith("-wal") else b"halvt")
    second = make_backup(store_path, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name])


def test_backups_are_plain_files_and_checking_them_leaves_nothing_beside_them(
        store: Store, store_path: Path, tmp_path: Path, agreement_uuid: str) -> None:
    folder = tmp_path / "kopier"
    backup = make_backup(store_path, folder)
    assert backup.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL: reading needs no -shm
    assert backup_problems(backup) == [] and newest_good_backup(folder) == backup
    store.close()
    restore_backup(backup, store_path, folder)
    assert all(p.suffix == ".sqlite" for p in folder.iterdir()), sorted(p.name for p in folder.iterdir())


def test_restore_over_a_store_with_a_foreign_wal_keeps_both_aside(
        store_path: Path, tmp_path: Path, faaborg: Template) -> None:
    folder = tmp_path / "kopier"
    store = open_store(store_path)
    create_agreement(store, faaborg, "IT-staben", 2008)
    store.close()
    backup = make_backup(store_path, folder)
    other = tmp_path / "andet" / "aftaler.sqlite"
    other.parent.mkdir()
    for unit in ("Fremmed 1", "Fremmed 2", "Fremmed 3"):
        foreign = open_store(other)
        create_agreement(foreign, faaborg, unit, 2008)
        foreign.close()
    killed_writer(other, "Fremmed 4")
    shutil.copy(f"{other}-wal", f"{store_path}-wal")
    damaged, wal = store_path.read_bytes(), Path(f"{store_path}-wal").read_bytes()

    kept = restore_backup(backup, store_path, folder)

    assert kept is not None and kept.name.startswith("beskadiget-")
    assert kept.read_bytes() == damaged and Path(f"{kept}-wal").read_bytes() == wal
    assert not Path(f"{store_path}-wal").exists()
    restored = open_store(store_path)
    try:
        assert [a.unit for a in list_agreements(restored)] == ["IT-staben"]
    finally:
        restored.close()


def test_a_restore_that_cannot_keep_the_current_store_changes_nothing(
        store_path: Path, tmp_path: Path, faaborg: Template) -> None:
    store = open_store(store_path)
    create_agreement(store, faaborg, "IT-staben", 2008)
    store.close()
    chosen = make_backup(store_path, tmp_path / "valgt")
    bad_json_value(store_path)
    digest = sha256_of(store_path)
    with small_filesystem(tmp_path / "kopier", size_kb=512) as folder, full(folder):
        with pytest.raises(StoreError) as raised:
            restore_backup(chosen, store_path, folder)
    assert str(raised.value) == (f"Den beskadigede database kunne ikke lægges til side i '{tmp_path / 'kopier'}': "
                                 "der er ikke plads på disken. Databasen er ikke ændret.")
    assert sha256_of(store_path) == digest
    assert not list(store_path.parent.glob("*.gendannes*"))


def test_an_empty_store_is_damage_only_where_a_good_backup_exists(store: Store, store_path: Path,
                                                                   tmp_path: Path) -> None:
    folder = tmp_path / "kopier"
    store.close()
    store_path.write_bytes(b"")
    refuse_empty_store(store_path, folder)  # no backup: a new store, as before
    store_path.unlink()
    open_store(store_path).close()
    make_backup(store_path, folder)
    store_path.write_bytes(b"")
    with pytest.raises(DamagedStoreError, match="filen er tom \\(0 byte\\)"):
        refuse_empty_store(store_path, folder)
