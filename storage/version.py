"""The program's version: one source, pyproject.toml, read from the installed distribution's metadata
(the built program carries that metadata too)."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

UNKNOWN = "ukendt"


def program_version() -> str:
    try:
        return metadata.version("aftaler")
    except metadata.PackageNotFoundError:  # a checkout that was never installed: pyproject.toml beside it
        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return UNKNOWN
