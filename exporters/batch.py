"""Exporting many agreements into one folder: progress, cancelling and a summary."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from exporters.docx_export import write_agreement
from exporters.docx_writer import DocxOptions
from exporters.errors import ExportError, danish_reason
from exporters.file_names import agreement_file_name, unique_path
from storage.agreements import load_agreement, template_of
from storage.database import Store
from storage.errors import StoreError


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    #: (agreement title or uuid, Danish reason)
    failed: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        lines = [f"{len(self.written)} aftale(r) skrevet."]
        if self.cancelled:
            lines.append("Eksporten blev afbrudt; resten er ikke skrevet.")
        if self.failed:
            lines.append(f"{len(self.failed)} kunne ikke skrives:")
            lines.extend(f"  • {title}: {reason}" for title, reason in self.failed)
        return "\n".join(lines)


def export_docx_batch(
    store: Store,
    agreement_uuids: list[str],
    folder: Path,
    options: DocxOptions | None = None,
    progress: Callable[[int, str], bool] | None = None,
) -> BatchResult:
    """Write each agreement to ``folder``; ``progress(done, title)`` returns False to cancel."""
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
            name = agreement_file_name(agreement.unit, template.agreement_kind, agreement.year, ".docx")
            result.written.append(write_agreement(agreement, template, unique_path(folder, name, taken), options))
        except (StoreError, ExportError) as exc:
            result.failed.append((title, str(exc)))
        except sqlite3.Error as exc:
            result.failed.append((title, f"Aftalen kunne ikke læses: {danish_reason(exc)}."))
    else:
        if progress is not None:
            progress(len(agreement_uuids), "")
    return result
