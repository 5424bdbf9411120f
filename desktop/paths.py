"""Where Aftaler keeps its files (appdirs user data dir unless told otherwise)."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

from storage.records import record

APP_NAME = "Aftaler"
DATA_DIR_ENV = "AFTALER_DATA_DIR"
STORE_NAME = "aftaler.sqlite"


@record(frozen=True)
class DataPaths:
    """Where one data folder keeps its store, settings, templates, Word reference and backups."""

    root: Path
    store: Path

    @property
    def templates(self) -> Path:
        return self.root / "skabeloner"

    @property
    def backups(self) -> Path:
        """Backups of the usual store; another store file (--db, --demo) gets a sub-folder of its own,
        so its backups never rotate the usual ones away or stand in for them at a restore."""
        folder = self.root / "sikkerhedskopier"
        if self.store.resolve() == (self.root / STORE_NAME).resolve():
            return folder
        import hashlib  # (its OpenSSL binding costs 3 ms at every start; only other stores need it)

        digest = hashlib.sha256(str(self.store.resolve()).encode("utf-8")).hexdigest()[:8]
        return folder / f"{self.store.stem}-{digest}"

    @property
    def settings(self) -> Path:
        return self.root / "indstillinger.ini"

    @property
    def word(self) -> Path:
        """The user's Word folder: a reference.docx here replaces the built-in one."""
        return self.root / "word"


def data_paths(data_dir: str | Path | None = None, db: str | Path | None = None) -> DataPaths:
    root = Path(data_dir or os.environ.get(DATA_DIR_ENV) or appdirs.user_data_dir(APP_NAME, APP_NAME))
    store = Path(db) if db else root / STORE_NAME
    return DataPaths(root=root, store=store)


def lock_path(store: Path) -> str:
    """The lock file that lets one window at a time write in ``store`` (a QLockFile)."""
    return str(store) + ".lock"
