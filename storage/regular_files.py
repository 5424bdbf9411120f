"""Reading files a stranger may have put in the data folder: only regular files, only so much.

A FIFO or a device (a link to ``/dev/zero``) named ``*.toml`` or ``reference.docx`` would
block or never end, so the file is opened without blocking and refused unless ``fstat`` of
the open file says it is a regular file; the check and the read are on the same open file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class FileRefused(Exception):
    """The file is not read; ``str()`` is a Danish reason ("filen er …")."""


def format_size(size: int) -> str:
    """A byte count as a Dane reads it: '512 KB', '1,2 MB'."""
    unit, value = ("MB", size / 1024 ** 2) if size >= 1024 ** 2 else ("KB", size / 1024)
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + f" {unit}"


def size_over(what: str, size: int, limit: int) -> str:
    """'filen fylder 1,2 MB; højst 512 KB er tilladt' (in bytes where rounding would hide the difference)."""
    shown, allowed = format_size(size), format_size(limit)
    if shown == allowed:
        shown, allowed = f"{size} byte", f"{limit} byte"
    return f"{what} fylder {shown}; højst {allowed} er tilladt"


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for binary reading, or :class:`FileRefused` if it is not a regular file.

    Raises ``OSError`` as ``open`` does (missing file, no access).
    """
    _check_regular(os.stat(path).st_mode)  # a FIFO is not even opened (that would wake its writer)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        _check_regular(os.fstat(fd).st_mode)  # what was opened, in case the file was swapped meanwhile
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise FileRefused("filen er ikke en almindelig fil (men fx en pipe, en enhed eller en mappe)")


def check_size(handle: BinaryIO, limit: int) -> int:
    """The size of the open regular file; :class:`FileRefused` if it is larger than ``limit`` bytes."""
    size = os.fstat(handle.fileno()).st_size
    if size > limit:
        raise FileRefused(size_over("filen", size, limit))
    return size


def read_capped(path: Path, limit: int) -> bytes:
    """The whole of a regular file of at most ``limit`` bytes; never reads more than ``limit + 1``."""
    with open_regular(path) as handle:
        check_size(handle, limit)
        data = handle.read(limit + 1)  # the file may have grown since fstat
    if len(data) > limit:
        raise FileRefused(f"filen fylder mere end {format_size(limit)}, som er det højst tilladte")
    return data
