""""Send til underskrift": the document carries "Rev. N · dd.mm.yyyy", the store remembers it, and an
edit afterwards makes the next document a new revision."""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from exporters.docx_export import export_agreement, send_for_signature
from exporters.errors import ExportError
from storage import edits
from storage.agreements import list_agreements, load_agreement
from storage.database import Store
from tests.exporters.libreoffice import LibreOffice, normalise, pdf_text
from tests.ui.helpers import stored_agreement


def today() -> str:
    return date.today().strftime("%d.%m.%Y")


def title_page(text: str) -> str:
    text = normalise(text)
    return text[:text.index("Indholdsfortegnelse")]


def header_of_page_2(pdf: Path) -> str:
    return next(line for line in pdf_text(pdf, 2).splitlines() if line.strip())


def test_send_edit_export_send(store: Store, store_path: Path, demo_uuid: str, tmp_path: Path,
                               libreoffice: LibreOffice) -> None:
    days = [today()]  # and the date after the last send: a run may pass midnight in between
    docs: dict[str, Path] = {}

    record = send_for_signature(store, demo_uuid, tmp_path / "rev1.docx")
    docs["rev1"] = tmp_path / "rev1.docx"
    days.append(today())
    assert record.revision == 1 and record.label in {f"Rev. 1 · {day}" for day in days}
    assert stored_agreement(store_path, demo_uuid)["sent_revision"] == 1
    agreement = load_agreement(store, demo_uuid)
    assert agreement.sent_revision == 1 and not agreement.changed_since_sent
    [summary] = list_agreements(store)
    assert summary.sent_revision == 1 and not summary.changed_since_sent

    section = agreement.section_by_key("3.1")
    assert section is not None
    edits.set_value(store, demo_uuid, section.uuid, "text", "Ny målsætning efter afsendelsen.")
    assert load_agreement(store, demo_uuid).changed_since_sent
    [summary] = list_agreements(store)
    assert summary.changed_since_sent and summary.sent_revision == 1
    assert stored_agreement(store_path, demo_uuid)["sent_revision"] == 1  # an edit does not send

    docs["draft"] = export_agreement(store, demo_uuid, tmp_path / "udkast.docx")

    record = send_for_signature(store, demo_uuid, tmp_path / "rev2.docx")
    docs["rev2"] = tmp_path / "rev2.docx"
    assert record.revision == 2
    assert not load_agreement(store, demo_uuid).changed_since_sent

    record = send_for_signature(store, demo_uuid, tmp_path / "igen.docx")  # again, nothing changed
    docs["again"] = tmp_path / "igen.docx"
    assert record.revision == 2
    assert stored_agreement(store_path, demo_uuid)["sent_revision"] == 2
    days.append(today())

    texts = dict(zip(docs, libreoffice.texts(list(docs.values())), strict=True))
    pdfs = dict(zip(docs, libreoffice.pdfs(list(docs.values())), strict=True))
    expected = {"rev1": "Rev. 1", "draft": "Rev. 2 (udkast)", "rev2": "Rev. 2", "again": "Rev. 2"}
    for name, revision in expected.items():
        labels = {f"{revision} · {day}" for day in days}
        front = title_page(texts[name])
        assert any(label in front for label in labels), (name, front)
        assert "Rev. 7/1-08" not in front  # the typed revision gives way to the sent one
        assert header_of_page_2(pdfs[name]).strip() in {f"IT-staben. Aftale 2008 · {label}" for label in labels}, name
    assert "Ny målsætning efter afsendelsen." not in normalise(texts["rev1"])
    assert "Ny målsætning efter afsendelsen." in normalise(texts["draft"])


def test_a_failed_send_records_nothing(store: Store, store_path: Path, demo_uuid: str, tmp_path: Path) -> None:
    blocked = tmp_path / "aftale.docx"
    blocked.mkdir()
    with pytest.raises(ExportError, match="kunne ikke gemmes"):
        send_for_signature(store, demo_uuid, blocked)
    assert stored_agreement(store_path, demo_uuid)["sent_revision"] is None
    assert load_agreement(store, demo_uuid).sent_revision is None


@pytest.fixture(params=["Etc/GMT-14", "Etc/GMT+12"])
def far_time_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """A local time zone whose date differs from UTC's for at least half of every day (one of the two
    always does): the clock-dependent behaviour of a user just after midnight, at any hour of a test run."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_sent_date_is_the_local_date_everywhere(store: Store, demo_uuid: str, tmp_path: Path,
                                                far_time_zone: str) -> None:
    """The document, the message in the window and later exports all show the same, local, date."""
    target = tmp_path / "aftale.docx"
    record = send_for_signature(store, demo_uuid, target)
    local = f"Rev. 1 · {today()}"
    with zipfile.ZipFile(target) as archive:
        headers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/header")]
    assert any(local in h for h in headers), far_time_zone
    assert record.label == local
    later = export_agreement(store, demo_uuid, tmp_path / "senere.docx")
    with zipfile.ZipFile(later) as archive:
        headers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/header")]
    assert any(local in h for h in headers)
