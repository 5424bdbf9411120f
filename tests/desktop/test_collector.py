"""Python's cycle collector is paused while the program starts (desktop.collector) and is on again
for every command, and for the window once it has painted (tests/ui/test_startup.py)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import cli as cli_module
from desktop import cli_agreements, collector
from tests.desktop.cli_runner import cli_env


@pytest.fixture
def paused() -> Iterator[None]:
    collector.pause()
    yield
    gc.enable()
    gc.unfreeze()


def test_the_entry_point_pauses_the_collector_before_it_imports_the_program() -> None:
    probe = ("import gc, sys; import desktop.__main__; "
             "print(gc.isenabled(), 'desktop.cli' in sys.modules, gc.get_freeze_count() == 0)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=cli_env(), timeout=60,
                          check=True)
    assert done.stdout.split() == ["False", "True", "True"]


@pytest.mark.usefixtures("paused")
def test_a_command_runs_with_the_collector_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[bool] = []

    def listing(*args: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(cli_agreements, "cmd_list", listing)
    assert cli_module.main(["--data-dir", str(tmp_path), "list"]) == 0
    assert seen == [True]
    assert gc.get_freeze_count() > 0  # what the start made is left out of later collections


@pytest.mark.usefixtures("paused")
def test_resuming_twice_freezes_once() -> None:
    collector.resume()
    frozen = gc.get_freeze_count()
    garbage = [object() for _ in range(1000)]
    collector.resume()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    del garbage


def test_a_failing_command_still_ends_with_the_collector_on(monkeypatch: pytest.MonkeyPatch, paused: None,
                                                            tmp_path: Path) -> None:
    def fail(*args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli_agreements, "cmd_list", fail)
    assert cli_module.main(["--data-dir", str(tmp_path), "list"]) == 1
    assert gc.isenabled()
