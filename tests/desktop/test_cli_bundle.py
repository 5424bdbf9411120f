"""``bundle export`` and ``bundle import [--dry-run]`` as a user runs them: two data folders, one
sends, the other receives."""

from __future__ import annotations

import zipfile
from pathlib import Path

from desktop.paths import data_paths
from storage.database import open_store
from storage.edits import set_value
from tests.desktop.cli_runner import Cli, make_cli
from tests.fingerprints import sha256_of


def _new(cli: Cli, unit: str, year: str = "2008") -> str:
    return cli("new", "--template", "faaborg-midtfyn", "--unit", unit, "--year", year).stdout.strip()


def test_export_and_import_between_two_colleagues(tmp_path: Path) -> None:
    sender, receiver = make_cli(tmp_path / "afsender"), make_cli(tmp_path / "modtager")
    it = _new(sender, "IT-staben")
    _new(sender, "HR-staben")
    _new(sender, "IT-staben", "2009")
    bundle = tmp_path / "it.aftale"
    out = sender("bundle", "export", "--all", "--year", "2008", "--unit", "it", "--out", str(bundle))
    assert out.stdout.strip() == f"{bundle}: 1 aftale"
    with zipfile.ZipFile(bundle) as archive:
        assert f"agreements/{it}.json" in archive.namelist()

    dry = receiver("bundle", "import", str(bundle), "--dry-run")
    assert dry.stdout.splitlines() == [
        f"ny\t{it}\tIT-staben. Aftale 2008",
        "Prøvekørsel: intet er ændret (1 ville blive tilføjet, 0 flettet, 0 konflikter)."]
    assert receiver("list").stdout.strip() == ""
    assert receiver("bundle", "import", str(bundle)).stdout.splitlines() == [f"ny\t{it}\tIT-staben. Aftale 2008"]
    assert receiver("show", it, "--json").stdout == sender("show", it, "--json").stdout
    store = data_paths(tmp_path / "modtager").store
    before = sha256_of(store)
    assert receiver("bundle", "import", str(bundle)).stdout.splitlines() == [f"identisk\t{it}\tIT-staben. Aftale 2008"]
    assert sha256_of(store) == before


def _set(folder: Path, agreement: str, field: str, value: str) -> None:
    """Type into the agreement's own field, as the window would."""
    store = open_store(data_paths(folder).store)
    try:
        set_value(store, agreement, agreement, field, value)
    finally:
        store.close()


def test_a_conflict_needs_mine_or_theirs_and_the_loser_can_be_brought_back(tmp_path: Path) -> None:
    sender, receiver = make_cli(tmp_path / "afsender"), make_cli(tmp_path / "modtager")
    it = _new(sender, "IT-staben")
    first = tmp_path / "første.aftale"
    sender("bundle", "export", it, "--out", str(first))
    receiver("bundle", "import", str(first))
    sender("followup", "new", "--agreement", it, "--name", "Ekstra", "--date", "1.9.2008")
    _set(tmp_path / "afsender", it, "place", "Faaborg rådhus")
    _set(tmp_path / "modtager", it, "place", "Ringe rådhus")
    second = tmp_path / "anden.aftale"
    sender("bundle", "export", it, "--out", str(second))
    store = data_paths(tmp_path / "modtager").store
    before = sha256_of(store)

    refused = receiver("bundle", "import", str(second), expect=1)
    assert refused.stdout.splitlines() == [
        f"flettes\t{it}\tIT-staben. Aftale 2008",
        "  ændret begge steder\tAftalen › Sted (ved underskrift)",
        "    her:    [-Ringe-] rådhus",
        "    pakken: {+Faaborg+} rådhus",
        "  ny i pakken\tOpfølgning › Runden 'Ekstra'",
    ]
    assert "--mine" in refused.stderr and "--theirs" in refused.stderr and "Intet er ændret" in refused.stderr
    assert sha256_of(store) == before

    receiver("bundle", "import", str(second), "--theirs")
    shown = receiver("show", it, "--json").stdout
    assert "Faaborg rådhus" in shown and "Ringe rådhus" not in shown
    assert "Ekstra" in receiver("followup", "list").stdout
    history = receiver("bundle", "history", it).stdout.splitlines()
    assert len(history) == 1 and "Sted (ved underskrift)" in history[0] and history[0].endswith("Ringe rådhus")
    receiver("bundle", "restore", history[0].split("\t")[0])
    shown = receiver("show", it, "--json").stdout
    assert "Ringe rådhus" in shown and "Faaborg rådhus" not in shown
    assert receiver("bundle", "history", it).stdout.splitlines()[0].endswith("Faaborg rådhus")


def test_refusals_are_danish_and_change_nothing(tmp_path: Path) -> None:
    receiver = make_cli(tmp_path / "modtager")
    _new(receiver, "IT-staben")
    store = data_paths(tmp_path / "modtager").store
    before = sha256_of(store)
    junk = tmp_path / "rod.aftale"
    junk.write_bytes(b"ikke en zip")
    failed = receiver("bundle", "import", str(junk), expect=1)
    assert "Pakken 'rod.aftale' kan ikke importeres: filen er ikke en gyldig pakke" in failed.stderr
    assert sha256_of(store) == before
    usage = receiver("bundle", "export", "--year", "2008", "--out", str(tmp_path / "x.aftale"), expect=1)
    assert "Angiv mindst én aftales uuid, eller --all" in usage.stderr
    missing = receiver("bundle", "export", "findes-ikke", "--out", str(tmp_path / "x.aftale"), expect=1)
    assert "Aftalen findes ikke: findes-ikke" in missing.stderr and not (tmp_path / "x.aftale").exists()


def test_a_read_only_store_refuses_import(tmp_path: Path) -> None:
    sender, receiver = make_cli(tmp_path / "afsender"), make_cli(tmp_path / "modtager")
    it = _new(sender, "IT-staben")
    bundle = tmp_path / "it.aftale"
    sender("bundle", "export", it, "--out", str(bundle))
    _new(receiver, "HR-staben")
    store = data_paths(tmp_path / "modtager").store
    before = sha256_of(store)
    refused = receiver("--read-only", "bundle", "import", str(bundle), expect=1)
    assert "Pakken kan ikke importeres, fordi aftalerne er åbnet skrivebeskyttet" in refused.stderr
    assert sha256_of(store) == before
