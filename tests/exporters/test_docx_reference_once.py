"""The reference document is checked once per version of the file (a batch of Word files reads it for
every agreement), and a file changed or replaced between two exports is checked again."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import BinaryIO

import pytest

from exporters import reference_document
from exporters.batch import export_batch
from exporters.docx_export import export_agreement, word_writer
from exporters.docx_writer import DocxOptions
from exporters.errors import ExportError
from exporters.reference_document import builtin_reference
from storage.agreements import create_agreement
from storage.database import Store
from storage.template_model import Template
from tests.exporters.broken_references import with_part


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of each reference file checked (the checks still run)."""
    seen: list[int] = []
    real = reference_document.check_reference

    def counted(handle: BinaryIO) -> None:
        seen.append(handle.seek(0, 2))
        handle.seek(0)
        real(handle)

    monkeypatch.setattr(reference_document, "check_reference", counted)
    return seen


def test_a_batch_checks_the_reference_document_once(store: Store, faaborg: Template, tmp_path: Path,
                                                   checks: list[int]) -> None:
    own = tmp_path / "reference.docx"
    shutil.copyfile(builtin_reference(), own)
    uuids = [create_agreement(store, faaborg, unit, 2008) for unit in ("Borgerservice", "HR-staben", "IT-staben")]
    result = export_batch(store, uuids, tmp_path / "ud", word_writer(DocxOptions(reference=own, page_numbers=False)))
    assert len(result.written) == 3 and not result.failed
    assert len(checks) == 1


def test_a_reference_document_changed_between_two_exports_is_checked_again(
        store: Store, faaborg: Template, tmp_path: Path, checks: list[int]) -> None:
    own = tmp_path / "reference.docx"
    shutil.copyfile(builtin_reference(), own)
    uuid = create_agreement(store, faaborg, "IT-staben", 2008)
    options = DocxOptions(reference=own, page_numbers=False)
    export_agreement(store, uuid, tmp_path / "1.docx", options)
    export_agreement(store, uuid, tmp_path / "2.docx", options)
    assert len(checks) == 1

    with zipfile.ZipFile(own, "a") as archive:  # the same file, one part more: still a good reference
        archive.writestr("customXml/item9.xml", "<x/>")
    export_agreement(store, uuid, tmp_path / "3.docx", options)
    assert len(checks) == 2

    broken = with_part("word/styles.xml", b"<w:styles><ikke afsluttet")(tmp_path / "broken.docx")
    broken.replace(own)  # replaced by a broken one under the same name
    with pytest.raises(ExportError, match="Word-skabelonen .* kan ikke bruges: filen er ikke en gyldig Word-fil"):
        export_agreement(store, uuid, tmp_path / "4.docx", options)
    assert len(checks) == 3
    assert not (tmp_path / "4.docx").exists()
