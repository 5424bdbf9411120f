"""Where Aftaler keeps its files (appdirs user data dir unless told otherwise)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import appdirs

APP_NAME = "Aftaler"
DATA_DIR_ENV = "AFTALER_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    root: Path
    store: Path

    @property
    def templates(self) -> Path:
        return self.root / "skabeloner"

    @property
    def backups(self) -> Path:
        return self.root / "sikkerhedskopier"

    @property
    def settings(self) -> Path:
        return self.root / "indstillinger.ini"


def data_paths(data_dir: str | Path | None = None, db: str | Path | None = None) -> DataPaths:
    root = Path(data_dir or os.environ.get(DATA_DIR_ENV) or appdirs.user_data_dir(APP_NAME, APP_NAME))
    store = Path(db) if db else root / "aftaler.sqlite"
    return DataPaths(root=root, store=store)
