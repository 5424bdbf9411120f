"""Real faults for fault tests: another process holding SQLite's write lock, and a small tmpfs
that fills up (mounting needs root; the tests run as root here and in CI)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LOCK_HOLDER = ("import sqlite3, sys\n"
               "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
               "conn.execute('BEGIN IMMEDIATE')\n"
               "print('locked', flush=True)\n"
               "sys.stdin.read()\n"
               "conn.execute('ROLLBACK')\n")


@contextmanager
def held_write_lock(store: Path) -> Iterator[None]:
    """Another process holds the store's write lock (BEGIN IMMEDIATE) for the block."""
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(store)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise OSError(f"mount {' '.join(args)}: {done.stderr.strip()}")


@contextmanager
def small_filesystem(folder: Path, size_kb: int = 2048) -> Iterator[Path]:
    """A tmpfs of ``size_kb`` mounted on ``folder`` for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder))
    except OSError as exc:
        pytest.skip(f"a small file system cannot be mounted here (needs root): {exc}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@contextmanager
def full(folder: Path) -> Iterator[None]:
    """The file system holding ``folder`` is full to the last byte for the block."""
    filler = folder / "fyld.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    finally:
        os.close(fd)
    try:
        yield
    finally:
        filler.unlink()
