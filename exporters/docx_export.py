"""One agreement to Word: a plain export, or "Send til underskrift" (export + record)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from exporters.docx_writer import DocxOptions, write_docx
from exporters.file_names import agreement_file_name
from storage.agreements import load_agreement, template_of
from storage.database import Store
from storage.formatting import format_date
from storage.signing import SentRecord, next_document_revision, record_sent


def default_file_name(store: Store, agreement_uuid: str) -> str:
    agreement = load_agreement(store, agreement_uuid)
    template = template_of(store, agreement)
    return agreement_file_name(agreement.unit, template.agreement_kind, agreement.year, ".docx")


def export_agreement(store: Store, agreement_uuid: str, target: Path, options: DocxOptions | None = None) -> Path:
    agreement = load_agreement(store, agreement_uuid)
    return write_docx(agreement, template_of(store, agreement), target, options)


def send_for_signature(store: Store, agreement_uuid: str, target: Path,
                       options: DocxOptions | None = None) -> SentRecord:
    """Write the document that goes out for signature, then record its revision and date.

    The file is written first: if that fails, nothing is recorded.
    """
    options = options or DocxOptions()
    agreement = load_agreement(store, agreement_uuid)
    today = date.today()
    label = f"Rev. {next_document_revision(agreement)} · {format_date(today.isoformat())}"
    write_docx(agreement, template_of(store, agreement), target, replace(options, revision_label=label, today=today))
    return record_sent(store, agreement_uuid)
