"""The command line's tests: a data folder of their own and ``cli(...)`` to run commands in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.desktop.cli_runner import Cli, make_cli


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    return make_cli(data_dir)
