"""``backup list`` and ``backup restore`` on the command line, and every command on a damaged store:
one Danish message that points to the restore, the damaged file kept aside byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from desktop.paths import data_paths, lock_path
from storage.backups import list_backups, make_backup
from storage.database import integrity_problems
from tests.desktop.cli_runner import Cli
from tests.fingerprints import sha256_of
from tests.storage.test_damage import bad_json_value, killed_writer


def _new(cli: Cli, unit: str) -> str:
    return cli("new", "--template", "faaborg-midtfyn", "--unit", unit, "--year", "2008").stdout.strip()


@pytest.fixture
def store(cli: Cli, data_dir: Path) -> Path:
    """A store with two agreements (IT-staben, HR-staben) and a good backup of it."""
    _new(cli, "IT-staben")
    _new(cli, "HR-staben")
    paths = data_paths(data_dir)
    make_backup(paths.store, paths.backups)
    return paths.store



def _truncate(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _units(cli: Cli) -> list[str]:
    return sorted(line.split("\t")[1] for line in cli("list").stdout.splitlines())


@pytest.mark.parametrize("damage", [bad_json_value, _truncate], ids=["bad JSON value", "truncated"])
def test_a_damaged_store_points_to_the_restore_and_the_restore_brings_it_back(
        cli: Cli, data_dir: Path, store: Path, damage: object) -> None:
    uuid = cli("list").stdout.split("\t")[0]
    damage(store)  # type: ignore[operator]
    damaged = store.read_bytes()

    for command in (["list"], ["show", uuid], ["show", uuid, "--json"],
                    ["export", "docx", uuid, "--out", str(data_dir.parent / "ud")]):
        result = cli(*command, expect=1)
        assert result.stdout == ""
        assert result.stderr.startswith(f"Filen '{store}' er beskadiget: "), result.stderr
        assert "læg den nyeste gode tilbage med 'backup restore'" in result.stderr
        assert "Error" not in result.stderr and "decode" not in result.stderr
    assert store.read_bytes() == damaged

    [(name, _when, _size, state)] = [line.split("\t") for line in cli("backup", "list").stdout.splitlines()]
    assert state == "god"
    restored = cli("backup", "restore").stdout
    assert restored.startswith(f"Sikkerhedskopien '{name}' er lagt tilbage i '{store}'.\n")
    assert _units(cli) == ["HR-staben", "IT-staben"]
    [kept] = (data_dir / "sikkerhedskopier").glob("beskadiget-*-aftaler.sqlite")
    assert f"Databasen, som den var, er gemt som '{kept}'." in restored
    assert kept.read_bytes() == damaged  # never deleted


def test_backup_list_shows_each_backup_and_what_is_wrong(cli: Cli, data_dir: Path, store: Path) -> None:
    folder = data_dir / "sikkerhedskopier"
    good = list_backups(folder)[0].path
    broken = folder / "aftaler-29990101-000000-000000.sqlite"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    lines = [line.split("\t") for line in cli("backup", "list").stdout.splitlines()]
    assert [line[0] for line in lines] == [broken.name, good.name]
    assert lines[0][1:3] == ["01.01.2999 00:00:00", str(broken.stat().st_size)]
    assert lines[0][3].startswith("beskadiget: filen er afkortet")
    assert lines[1][3] == "god"
    assert sorted(p.name for p in folder.iterdir()) == sorted([broken.name, good.name])  # nothing made beside them


def test_restore_of_a_named_backup_and_of_one_that_is_not_there(cli: Cli, data_dir: Path, store: Path) -> None:
    first = list_backups(data_dir / "sikkerhedskopier")[0].path
    _new(cli, "Økonomi")
    assert _units(cli) == ["HR-staben", "IT-staben", "Økonomi"]
    cli("backup", "restore", first.name)
    assert _units(cli) == ["HR-staben", "IT-staben"]
    saved = list_backups(data_dir / "sikkerhedskopier")[0].path  # the store as it was, now a backup
    assert saved != first
    cli("backup", "restore", str(saved))
    assert _units(cli) == ["HR-staben", "IT-staben", "Økonomi"]

    digest = sha256_of(store)
    missing = cli("backup", "restore", "aftaler-20000101-000000-000000.sqlite", expect=1)
    assert missing.stderr.strip() == ("Sikkerhedskopien 'aftaler-20000101-000000-000000.sqlite' findes ikke"
                                      " (se 'backup list'). Databasen er ikke ændret.")
    assert sha256_of(store) == digest


def test_restore_of_a_damaged_backup_changes_nothing(cli: Cli, data_dir: Path, store: Path) -> None:
    backup = list_backups(data_dir / "sikkerhedskopier")[0].path
    bad_json_value(backup)
    digest, backups = sha256_of(store), sorted((data_dir / "sikkerhedskopier").iterdir())
    result = cli("backup", "restore", backup.name, expect=1)
    assert result.stderr.strip() == (f"Sikkerhedskopien '{backup.name}' kan ikke bruges: 1 gemt værdi i"
                                     " tabellen 'field_values' kan ikke læses (ikke gyldig JSON)."
                                     " Databasen er ikke ændret.")
    assert "Der er ingen god sikkerhedskopi" in cli("backup", "restore", expect=1).stderr
    assert sha256_of(store) == digest and sorted((data_dir / "sikkerhedskopier").iterdir()) == backups


def test_restore_waits_for_the_window_to_close(cli: Cli, data_dir: Path, store: Path) -> None:
    window = QLockFile(lock_path(store))  # the lock a window holds while it is open
    assert window.tryLock(0)
    try:
        digest = sha256_of(store)
        result = cli("backup", "restore", expect=1)
        assert result.stderr.startswith(f"Aftalerne i '{store}' er åbne i et vindue (proces ")
        assert result.stderr.strip().endswith("Luk det, og prøv igen. Databasen er ikke ændret.")
        assert sha256_of(store) == digest
    finally:
        window.unlock()
    cli("backup", "restore")


def test_a_stale_wal_is_never_merged_by_a_command(cli: Cli, data_dir: Path, store: Path, tmp_path: Path) -> None:
    """A -wal left by a killed window, beside an older copy of the store put back by hand."""
    older = tmp_path / "kopi.sqlite"
    shutil.copy(store, older)
    _new(cli, "Økonomi")
    killed_writer(store, "Jura")
    wal = Path(f"{store}-wal").read_bytes()
    shutil.copy(older, store)

    result = cli("list", expect=1)
    assert "logfilen 'aftaler.sqlite-wal' hører ikke til databasen" in result.stderr
    assert store.read_bytes() == older.read_bytes() and Path(f"{store}-wal").read_bytes() == wal
    cli("backup", "restore")
    assert _units(cli) == ["HR-staben", "IT-staben"]
    [kept_wal] = (data_dir / "sikkerhedskopier").glob("beskadiget-*-aftaler.sqlite-wal")
    assert kept_wal.read_bytes() == wal  # kept aside, never deleted
    assert integrity_problems(store) == []


def test_an_empty_store_with_backups_is_damage_and_can_be_restored(cli: Cli, data_dir: Path, store: Path) -> None:
    """A store emptied to 0 bytes is not taken for a new store while good backups exist."""
    _empty(store)
    for command in (["list"], ["new", "--template", "faaborg-midtfyn", "--unit", "Ny", "--year", "2009"]):
        result = cli(*command, expect=1)
        assert result.stderr.startswith(f"Filen '{store}' er beskadiget: filen er tom (0 byte)"), result.stderr
        assert "'backup restore'" in result.stderr
    assert store.read_bytes() == b""
    cli("backup", "restore")
    assert _units(cli) == ["HR-staben", "IT-staben"]


def test_backup_needs_an_action(cli: Cli) -> None:
    assert "disse argumenter mangler: HANDLING" in cli("backup", expect=2).stderr
    assert "backup" in cli("--help").stdout


def test_the_store_itself_is_not_taken_for_a_backup(cli: Cli, data_dir: Path, store: Path) -> None:
    before = store.read_bytes()
    result = cli("backup", "restore", str(store), expect=1)
    assert result.stderr.startswith(f"'{store}' er selve databasen, ikke en sikkerhedskopi af den.")
    assert store.read_bytes() == before
    assert _units(cli) == ["HR-staben", "IT-staben"]
