"""``backup list`` and ``backup restore [BACKUP]``: the window's backups from the command line.

They never open the store itself, so they also work when it is damaged: ``restore`` without an
argument lays back the newest good backup, and the store it replaces is kept (as a backup, or
byte for byte as ``beskadiget-…`` beside the backups).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop.paths import DataPaths, lock_path
from desktop.terminal_text import one_line
from storage.backups import backup_problems, list_backups, newest_good_backup, restore_backup
from storage.database import write_problem
from storage.errors import StoreError

WHEN = "%d.%m.%Y %H:%M:%S"


def add_backup_parser(commands: Any) -> None:
    backup = commands.add_parser("backup", help="vis og gendan sikkerhedskopierne",
                                 description="Sikkerhedskopierne af databasen (tages ved start og hver halve time"
                                             " med ændringer). Virker også, når databasen er beskadiget.")
    actions = backup.add_subparsers(title="handlinger", metavar="HANDLING", dest="backup_action", required=True)
    listing = actions.add_parser("list", help="vis sikkerhedskopierne, nyeste først",
                                 description="Én linje pr. sikkerhedskopi, tabulatorsepareret: fil, tidspunkt,"
                                             " størrelse i byte og 'god' eller hvad der er galt.")
    listing.set_defaults(handler=cmd_backup_list)
    restore = actions.add_parser("restore", help="læg en sikkerhedskopi tilbage (standard: den nyeste gode)",
                                 description="Læg en sikkerhedskopi tilbage i stedet for databasen. Databasen,"
                                             " som den er nu, gemmes først (en beskadiget som 'beskadiget-…').")
    restore.add_argument("backup", nargs="?", metavar="SIKKERHEDSKOPI",
                         help="filnavnet fra 'backup list' eller en sti (standard: den nyeste gode)")
    restore.set_defaults(handler=cmd_backup_restore)


def cmd_backup_list(paths: DataPaths, args: argparse.Namespace) -> int:
    backups = list_backups(paths.backups)
    if not backups:
        print(f"Der er ingen sikkerhedskopier i '{paths.backups}'.")
        return 0
    for info in backups:
        problems = backup_problems(info.path)
        state = "god" if not problems else "beskadiget: " + "; ".join(problems)
        print("\t".join(one_line(v) for v in (info.path.name, info.created.strftime(WHEN), str(info.size), state)))
    return 0


def cmd_backup_restore(paths: DataPaths, args: argparse.Namespace) -> int:
    if args.read_only:
        raise StoreError("En sikkerhedskopi kan ikke lægges tilbage, når databasen er åbnet skrivebeskyttet.")
    backup = _chosen(paths, args.backup)
    with _holding_lock(paths):
        kept = restore_backup(backup, paths.store, paths.backups)
    print(f"Sikkerhedskopien '{backup.name}' er lagt tilbage i '{paths.store}'.")
    if kept is not None:
        print(f"Databasen, som den var, er gemt som '{kept}'.")
    return 0


def _chosen(paths: DataPaths, name: str | None) -> Path:
    if name is None:
        newest = newest_good_backup(paths.backups)
        if newest is None:
            raise StoreError(f"Der er ingen god sikkerhedskopi i '{paths.backups}'. Databasen er ikke ændret.")
        return newest
    for candidate in (paths.backups / name, Path(name)):
        if candidate.is_file():
            if candidate.resolve() == paths.store.resolve():
                raise StoreError(f"'{name}' er selve databasen, ikke en sikkerhedskopi af den. "
                                 "Databasen er ikke ændret.")
            return candidate
    raise StoreError(f"Sikkerhedskopien '{name}' findes ikke (se 'backup list'). Databasen er ikke ændret.")


@contextmanager
def _holding_lock(paths: DataPaths) -> Iterator[None]:
    """The window's lock on the store: a restore never replaces a store that a window is writing in."""
    from PySide6.QtCore import QLockFile  # imported here: the rest of the command line needs no Qt

    paths.store.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(lock_path(paths.store))
    lock.setStaleLockTime(0)
    if not lock.tryLock(200):
        if lock.error() == QLockFile.LockError.LockFailedError:
            info = lock.getLockInfo()
            pid = f" (proces {info[0]})" if isinstance(info, tuple) and info and info[0] else ""
            raise StoreError(f"Aftalerne i '{paths.store}' er åbne i et vindue{pid}. Luk det, og prøv igen. "
                             "Databasen er ikke ændret.")
        reason = write_problem(paths.store.parent) or "mappen kan ikke skrives i"
        raise StoreError(f"Der kan ikke skrives i mappen '{paths.store.parent}': {reason}. Databasen er ikke ændret.")
    try:
        yield
    finally:
        lock.unlock()
