"""``goal add`` and ``goal delete``: defaults on a new goal, and a one-form agreement's goal refused twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop import cli as cli_module
from storage.agreements import load_agreement
from storage.database import open_store

DATA = Path(__file__).resolve().parent.parent / "data"


def test_goal_add_and_delete_follow_the_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "skabeloner").mkdir()
    shutil.copy(DATA / "one-form-maalaftale.toml", tmp_path / "skabeloner")
    main = ["--data-dir", str(tmp_path)]
    assert cli_module.main([*main, "new", "--template", "test-maalaftale", "--unit", "Skolen", "--year", "2016"]) == 0
    uuid = capsys.readouterr().out.strip()
    assert cli_module.main([*main, "goal", "add", uuid, "--kind", "maal"]) == 1
    assert "præcis én målaftale" in capsys.readouterr().err
    store = open_store(tmp_path / "aftaler.sqlite")
    [goal] = load_agreement(store, uuid).goals
    store.close()
    assert cli_module.main([*main, "goal", "delete", goal.uuid]) == 1
    assert "kan ikke slettes" in capsys.readouterr().err

    assert cli_module.main([*main, "new", "--template", "faaborg-midtfyn", "--unit", "IT", "--year", "2008"]) == 0
    other = capsys.readouterr().out.strip()
    assert cli_module.main([*main, "goal", "add", other, "--kind", "koncern"]) == 0
    added = capsys.readouterr().out.strip()
    store = open_store(tmp_path / "aftaler.sqlite")
    [made] = load_agreement(store, other).goals
    assert made.uuid == added and made.value("covered") == "Alle aftaleholdere i Faaborg-Midtfyn Kommune"
    store.close()
    assert cli_module.main([*main, "goal", "delete", added]) == 0
