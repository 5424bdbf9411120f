"""Running ``python -m desktop`` as the user runs it: a subprocess with its own data folder and no display."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.paths import DATA_DIR_ENV
from tests.conftest import REPO_ROOT

Cli = Callable[..., subprocess.CompletedProcess[str]]


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", DATA_DIR_ENV)}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["PYTHONUTF8"] = "1"
    return env


def make_cli(data_dir: Path) -> Cli:
    """``cli(*args, expect=0, data=True)``: run a command on ``data_dir``; no traceback, the expected status."""
    def run(*args: str, expect: int | None = 0, data: bool = True) -> subprocess.CompletedProcess[str]:
        prefix = ["--data-dir", str(data_dir)] if data else []
        result = subprocess.run([sys.executable, "-m", "desktop", *prefix, *args], capture_output=True, text=True,
                                encoding="utf-8", errors="surrogateescape", env=cli_env(), cwd=data_dir.parent,
                                timeout=120)
        assert "Traceback" not in result.stderr, result.stderr
        if expect is not None:
            assert result.returncode == expect, (result.stdout, result.stderr)
        return result

    return run
