"""Errors the exporters raise; ``str()`` of each is a Danish message for the user."""

from __future__ import annotations

import errno


class ExportError(Exception):
    """An export could not be written; no half-written file was left behind."""


_REASONS = {
    errno.EACCES: "der er ikke adgang til at skrive filen (er den åben i Word?)",
    errno.EPERM: "der er ikke adgang til at skrive der",
    errno.EISDIR: "der ligger en mappe med det navn",
    errno.ENOENT: "mappen findes ikke",
    errno.ENOSPC: "der er ikke plads på disken",
    errno.EROFS: "drevet er skrivebeskyttet",
    errno.ENAMETOOLONG: "filnavnet er for langt",
    errno.EBUSY: "filen er i brug (er den åben i Word?)",
}


def danish_reason(exc: OSError) -> str:
    """Why a file could not be written, in Danish (the system's own words as a fallback)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
