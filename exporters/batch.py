"""Exporting many agreements into one folder, in any format: progress, cancelling and a summary.

The format is a parameter (:class:`AgreementWriter`): the window and the command line run the
same loop with the same progress text and the same summary, whatever the writer. Word is
``exporters.docx_export.word_writer``; another per-agreement format is one more writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from exporters.errors import ExportError, danish_reason
from exporters.file_names import agreement_file_name, unique_path
from storage.agreements import load_agreement, template_of
from storage.database import Store
from storage.errors import StoreError
from storage.model import Agreement
from storage.records import record
from storage.template_model import Template

#: ``progress(done, title)``: ``done`` agreements are finished and ``title`` is next ("" at the end);
#: returns False to cancel before the next one
Progress = Callable[[int, str], bool]


@record(frozen=True)
class AgreementWriter:
    """One file per agreement in one format."""

    #: the file name's ending, with the dot: ".docx"
    suffix: str
    #: the format in Danish, as titles name it: "Word" ("Eksportér flere til Word")
    name: str
    #: its files in Danish: "Word-filer" ("Skriver Word-filer …")
    files: str
    #: writes the agreement to the target path and returns the path written; every failure is an
    #: :class:`ExportError` with a Danish message, and a failed write leaves no file behind
    write: Callable[[Agreement, Template, Path], Path]
    #: once the loop is over, finishes the files written (Word: the contents' page numbers, all files in
    #: one LibreOffice run); returns what the summary should say about them, in Danish
    finish: Callable[[list[Path]], list[str]] | None = None
    #: what the progress says while ``finish`` runs: "Sætter sidetal i indholdsfortegnelserne …"
    finishing: str = ""


@record
class BatchResult:
    """What a batch export did: the files written, the agreements that failed and why, and notes."""

    written: list[Path] = field(default_factory=list)
    #: (agreement title or uuid, Danish reason)
    failed: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    #: what the user should know about the files written (Danish): contents without page numbers, say
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        count = len(self.written)
        lines = [f"{count} {'aftale' if count == 1 else 'aftaler'} skrevet."]
        if self.cancelled:
            lines.append("Eksporten blev afbrudt; resten er ikke skrevet.")
        if self.failed:
            lines.append(f"{len(self.failed)} kunne ikke skrives:")
            lines.extend(f"  • {title}: {reason}" for title, reason in self.failed)
        lines.extend(self.notes)
        return "\n".join(lines)


def progress_text(done: int, total: int, title: str) -> str:
    """What the window's progress dialog and the command line say while ``title`` is written."""
    return f"Skriver {done + 1} af {total}: {title}"


def export_batch(store: Store, agreement_uuids: list[str], folder: Path, writer: AgreementWriter,
                 progress: Progress | None = None, finishing: Callable[[str], None] | None = None) -> BatchResult:
    """Write each agreement to ``folder`` with ``writer``, named after unit, kind and year (never over
    a file of this batch); an agreement that fails is reported and the rest are still written. The files
    written (also of a cancelled batch) are then finished by the writer; ``finishing`` is told when that
    starts, with the writer's text for it."""
    result = BatchResult()
    taken: set[str] = set()
    for done, agreement_uuid in enumerate(agreement_uuids):
        title = agreement_uuid
        try:
            agreement = load_agreement(store, agreement_uuid)
            title = agreement.title
            if progress is not None and not progress(done, title):
                result.cancelled = True
                break
            template = template_of(store, agreement)
            name = agreement_file_name(agreement.unit, template.agreement_kind, agreement.year, writer.suffix)
            result.written.append(writer.write(agreement, template, unique_path(folder, name, taken)))
        except (StoreError, ExportError) as exc:
            result.failed.append((title, str(exc)))
        except sqlite3.Error as exc:
            result.failed.append((title, f"Aftalen kunne ikke læses: {danish_reason(exc)}."))
    if writer.finish is not None and result.written:
        if finishing is not None:
            finishing(writer.finishing)
        result.notes.extend(writer.finish(result.written))
    if progress is not None and not result.cancelled:
        progress(len(agreement_uuids), "")
    return result
