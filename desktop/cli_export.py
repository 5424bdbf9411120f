"""``export docx UUID… --out DIR`` (or ``--all --year N``): Word files from the command line.

The same batch as the window's (:func:`exporters.batch.export_batch`): the written files on stdout,
progress on a terminal, the window's summary on stderr; Ctrl+C stops before the next agreement
(a second Ctrl+C at once), and the exit status is 130 then, 1 if any agreement failed, else 0.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from desktop.context import opened
from desktop.paths import DataPaths
from desktop.terminal_text import CommandError, message, one_line
from exporters.batch import AgreementWriter, BatchResult, export_batch, progress_text
from exporters.docx_export import word_writer
from exporters.docx_writer import DocxOptions
from exporters.reference_document import reference_for
from storage.agreements import AgreementFilter, exists, list_agreements
from storage.database import Store

#: the exit status of an export stopped with Ctrl+C (128 + SIGINT, as shells report it)
CANCELLED = 130


class ExportUsageError(CommandError):
    """Wrong agreements or options for an export; ``str()`` is a Danish message."""


def add_export_parser(commands: Any, handler: Any) -> None:
    export = commands.add_parser("export", help="eksportér aftaler til Word",
                                 description="Skriv aftaler som Word-filer (.docx) i en mappe.")
    formats = export.add_subparsers(title="formater", metavar="FORMAT", dest="format")
    docx = formats.add_parser("docx", help="Word-filer til underskrift",
                              description="Én .docx pr. aftale; filnavn efter aftaleholder, aftaletype og år.")
    docx.add_argument("uuids", nargs="*", metavar="UUID", help="aftalernes uuid (se 'list')")
    docx.add_argument("--out", required=True, metavar="MAPPE", help="mappen, filerne skrives i (oprettes)")
    docx.add_argument("--all", action="store_true", help="alle aftaler (med --year: alle for det år)")
    docx.add_argument("--year", type=int, metavar="ÅR", help="sammen med --all: kun aftaler for dette år")
    docx.set_defaults(handler=handler)


def chosen_agreements(store: Store, args: argparse.Namespace, what: str = "at eksportere") -> list[str]:
    """The agreements a command names: UUIDs, or ``--all`` (with ``--year`` and, where the command
    has it, ``--unit``); a Danish :class:`ExportUsageError` for a wrong combination or a UUID not here."""
    unit = getattr(args, "unit", None)
    filters = "--year og --unit" if hasattr(args, "unit") else "--year"
    if args.uuids and args.all:
        raise ExportUsageError("Angiv enten uuid'er eller --all, ikke begge.")
    if not args.uuids and not args.all:
        raise ExportUsageError(f"Angiv mindst én aftales uuid, eller --all (evt. med {filters}).")
    if (args.year is not None or unit) and not args.all:
        raise ExportUsageError(f"{filters} bruges sammen med --all.")
    if args.all:
        uuids = [a.uuid for a in list_agreements(store, AgreementFilter(year=args.year, unit=unit))]
        if not uuids:
            raise ExportUsageError(f"Der er ingen aftaler {what}" +
                                   (f" for {args.year}." if args.year is not None else "."))
        return uuids
    missing = [u for u in args.uuids if not exists(store, u)]
    if missing:
        raise ExportUsageError(f"Aftalen findes ikke: {', '.join(missing)}. Intet er skrevet.")
    return list(args.uuids)


def cmd_export_docx(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        store = context.store
        uuids = chosen_agreements(store, args)
        writer = word_writer(DocxOptions(reference=reference_for(paths.word)))
        result = run_batch(store, uuids, Path(args.out), writer)
    for path in result.written:
        print(one_line(path))
    print(message(result.summary()), file=sys.stderr)
    if result.cancelled:
        return CANCELLED
    return 1 if result.failed else 0


def run_batch(store: Store, uuids: list[str], folder: Path, writer: AgreementWriter) -> BatchResult:
    """:func:`export_batch` with the window's progress text on a terminal and Ctrl+C as its "Afbryd"."""
    interrupted: list[bool] = []
    on_terminal = sys.stderr.isatty()

    def interrupt(signum: int, frame: FrameType | None) -> None:
        interrupted.append(True)
        signal.signal(signal.SIGINT, previous)  # a second Ctrl+C stops at once

    def progress(done: int, title: str) -> bool:
        if on_terminal and title and not interrupted:
            print(one_line(progress_text(done, len(uuids), title)), file=sys.stderr, flush=True)
        return not interrupted

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        return export_batch(store, uuids, folder, writer, progress)
    finally:
        signal.signal(signal.SIGINT, previous)
