"""One agreement to Word: a plain export, or "Send til underskrift" (export + record)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

from exporters import contents_pages
from exporters.batch import AgreementWriter
from exporters.docx_writer import DocxOptions, write_docx
from exporters.errors import ExportError, danish_reason
from exporters.file_names import agreement_file_name
from storage.agreements import load_agreement, template_of
from storage.database import Store
from storage.formatting import format_date
from storage.model import Agreement
from storage.signing import SentRecord, next_document_revision, record_sent
from storage.template_model import Template

log = logging.getLogger(__name__)


SUFFIX = ".docx"


def word_writer(options: DocxOptions | None = None) -> AgreementWriter:
    """Word as the format of a batch export (``exporters.batch.export_batch``): each file is written with
    placeholders in its contents, then LibreOffice lays all of them out in one run for the page numbers."""
    options = options or DocxOptions()
    each = replace(options, page_numbers=False)
    return AgreementWriter(SUFFIX, "Word", "Word-filer",
                           lambda agreement, template, target: write_agreement(agreement, template, target, each),
                           finish=number_contents if options.page_numbers else None,
                           finishing="Sætter sidetal i indholdsfortegnelserne …")


def number_contents(files: list[Path]) -> list[str]:
    """The contents' page numbers of a batch's files, in one LibreOffice run; notes for the summary."""
    return contents_pages.batch_notes(list(zip(files, contents_pages.number_files(files), strict=True)))


def default_file_name(store: Store, agreement_uuid: str) -> str:
    agreement = load_agreement(store, agreement_uuid)
    template = template_of(store, agreement)
    return agreement_file_name(agreement.unit, template.agreement_kind, agreement.year, SUFFIX)


def write_agreement(agreement: Agreement, template: Template, target: Path,
                    options: DocxOptions | None = None, notes: list[str] | None = None) -> Path:
    """:func:`write_docx`, whose every failure is an :class:`ExportError` with a Danish message; what the
    user should know about the file written is added to ``notes``."""
    try:
        return write_docx(agreement, template, target, options, notes)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(f"Filen '{target}' kunne ikke gemmes: {danish_reason(exc)}.") from exc
    except Exception as exc:  # python-docx, lxml and zipfile raise many kinds, all with English text
        log.info("Word export of %s failed", agreement.uuid, exc_info=True)
        raise ExportError(f"Word-filen '{target}' kunne ikke skrives: der opstod en uventet fejl under"
                          " eksporten, og filen er ikke gemt.") from exc


def export_agreement(store: Store, agreement_uuid: str, target: Path, options: DocxOptions | None = None,
                     notes: list[str] | None = None) -> Path:
    agreement = load_agreement(store, agreement_uuid)
    return write_agreement(agreement, template_of(store, agreement), target, options, notes)


def send_for_signature(store: Store, agreement_uuid: str, target: Path,
                       options: DocxOptions | None = None, notes: list[str] | None = None) -> SentRecord:
    """Write the document that goes out for signature, then record its revision and date.

    The file is written first: if that fails, nothing is recorded.
    """
    options = options or DocxOptions()
    agreement = load_agreement(store, agreement_uuid)
    today = date.today()
    label = f"Rev. {next_document_revision(agreement)} · {format_date(today.isoformat())}"
    write_agreement(agreement, template_of(store, agreement), target,
                    replace(options, revision_label=label, today=today), notes)
    return record_sent(store, agreement_uuid)
