"""Errors the store raises; ``str()`` of each is a Danish message for the user."""

from __future__ import annotations

import errno
import sqlite3


class StoreError(Exception):
    """The store cannot be opened or used; nothing was changed."""


class ReadOnlyStoreError(StoreError):
    def __init__(self) -> None:
        super().__init__("Aftalerne er åbnet skrivebeskyttet; ændringen er ikke gemt.")


class NotFoundError(StoreError):
    pass


class NotWritableError(StoreError):
    """The store's folder or drive takes no writes (read-only, full); the store may still be read."""


class WriteError(StoreError):
    """A write transaction failed and was rolled back; the store is as it was before it."""


_OS_REASONS = {
    errno.EACCES: "der er ikke adgang til at skrive filen (er den åben i et andet program?)",
    errno.EPERM: "der er ikke adgang til at skrive der",
    errno.EISDIR: "der ligger en mappe med det navn",
    errno.ENOTDIR: "en del af stien er en fil, ikke en mappe",
    errno.ENOENT: "mappen findes ikke",
    errno.ENOSPC: "der er ikke plads på disken",
    errno.EDQUOT: "din diskkvote er brugt op",
    errno.EROFS: "drevet er skrivebeskyttet",
    errno.ENAMETOOLONG: "filnavnet er for langt",
    errno.EBUSY: "filen er i brug (er den åben i et andet program?)",
    errno.EIO: "disken meldte en skrivefejl",
}

#: SQLite's primary result codes (``sqlite_errorcode & 0xFF``) as Danish reasons.
_SQLITE_REASONS = {
    5: "databasen er optaget af et andet program, der skriver i den lige nu",  # SQLITE_BUSY
    6: "databasen er låst af et andet program",  # SQLITE_LOCKED
    8: "databasefilen eller dens mappe er skrivebeskyttet",  # SQLITE_READONLY
    10: "disken meldte en fejl ved læsning eller skrivning",  # SQLITE_IOERR
    11: "databasefilen er beskadiget",  # SQLITE_CORRUPT
    13: "der er ikke plads på disken",  # SQLITE_FULL
    14: "databasefilen kan ikke åbnes",  # SQLITE_CANTOPEN
    23: "der er ikke adgang til databasefilen",  # SQLITE_AUTH
    26: "filen er ikke en database",  # SQLITE_NOTADB
}


def danish_reason(exc: BaseException) -> str:
    """Why a file or the database could not be used, in Danish (never an English exception name)."""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE_REASONS:
            return _SQLITE_REASONS[code & 0xFF]
        text = str(exc).lower()
        for needle, reason in (("locked", _SQLITE_REASONS[6]), ("readonly", _SQLITE_REASONS[8]),
                               ("disk is full", _SQLITE_REASONS[13]), ("disk i/o", _SQLITE_REASONS[10]),
                               ("malformed", _SQLITE_REASONS[11]), ("not a database", _SQLITE_REASONS[26])):
            if needle in text:
                return reason
        return "databasen meldte en fejl"
    if isinstance(exc, OSError):
        return _OS_REASONS.get(exc.errno or 0, "filsystemet meldte en fejl")
    if isinstance(exc, MemoryError):
        return "der er ikke hukommelse nok"
    return "en uventet fejl"


class DamagedStoreError(StoreError):
    """The store file (or a ``-wal``/``-journal`` beside it) is damaged; ``problems`` says how, in Danish.
    Nothing was changed; the newest good backup can replace it (the window offers it)."""

    def __init__(self, path: object, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        where = f"Filen '{path}'" if path is not None else "Databasen"
        super().__init__(
            f"{where} er beskadiget: {'; '.join(problems[:3])}. Filen er ikke ændret. Se databasens "
            "sikkerhedskopier med kommandoen 'backup list', og læg den nyeste gode tilbage med 'backup restore'."
        )


class MigrationError(StoreError):
    """A schema migration failed and was rolled back."""

    def __init__(self, version: int, exc: BaseException) -> None:
        self.version = version
        super().__init__(f"opgraderingen til databaseversion {version} mislykkedes ({danish_reason(exc)})")
