"""Where the files go: one backup folder per store file, so the demo never rotates real backups away."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.demo import ensure_demo_store
from desktop.paths import DATA_DIR_ENV, data_paths


def test_data_dir_option_beats_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "fra-miljøet"))
    assert data_paths().root == tmp_path / "fra-miljøet"
    paths = data_paths(tmp_path / "valgt")
    assert (paths.root, paths.store) == (tmp_path / "valgt", tmp_path / "valgt" / "aftaler.sqlite")
    assert paths.templates == tmp_path / "valgt" / "skabeloner"


def test_each_store_file_has_its_own_backup_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usual = data_paths(tmp_path)
    assert usual.backups == tmp_path / "sikkerhedskopier"
    monkeypatch.chdir(tmp_path)
    assert data_paths(tmp_path, db="aftaler.sqlite").backups == usual.backups

    demo = ensure_demo_store(usual)
    other = data_paths(tmp_path, db=tmp_path / "andet" / "aftaler.sqlite")
    folders = {usual.backups, demo.backups, other.backups}
    assert len(folders) == 3
    assert demo.backups.parent == usual.backups and demo.backups.name.startswith("demo-")
    assert demo.backups == ensure_demo_store(usual).backups
