"""Sending an agreement for signature: which document revision it was, and when.

The document revision ("Rev. 3") counts the versions that went out for signature. Sending
records it together with the agreement's edit revision; any later edit raises the edit
revision, so the agreement shows as changed, and the next document is the next revision.
"""

from __future__ import annotations

from datetime import date, datetime

from storage.database import Store
from storage.errors import NotFoundError
from storage.formatting import format_date
from storage.model import Agreement, now_iso
from storage.records import record


@record(frozen=True)
class SentRecord:
    """The revision sent for signature and when."""

    revision: int
    at: str

    @property
    def label(self) -> str:
        return f"Rev. {self.revision} · {format_date(local_day(self.at))}"


def local_day(stamp: str) -> str:
    """The user's calendar day of a UTC time stamp ("2007-12-18T23:30:00.000Z" is 19.12 in Denmark)."""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().date().isoformat()
    except ValueError:
        return stamp[:10]


def next_document_revision(agreement: Agreement) -> int:
    """The revision a document made now carries."""
    if agreement.sent_revision is None:
        return 1
    return agreement.sent_revision + 1 if agreement.changed_since_sent else agreement.sent_revision


def revision_label(agreement: Agreement, today: date | None = None) -> str | None:
    """"Rev. 3 · 19.12.2007" as sent; "Rev. 4 (udkast) · …" once edited after sending; None if never sent."""
    if agreement.sent_revision is None or agreement.sent_at is None:
        return None
    if agreement.changed_since_sent:
        day = (today or date.today()).isoformat()
        return f"Rev. {agreement.sent_revision + 1} (udkast) · {format_date(day)}"
    return SentRecord(agreement.sent_revision, agreement.sent_at).label


def record_sent(store: Store, agreement_uuid: str) -> SentRecord:
    """Note that the agreement, as it is now, was sent for signature (does not count as an edit)."""
    with store.write() as conn:
        row = conn.execute(
            "SELECT revision, sent_revision, sent_edit_revision FROM agreements WHERE uuid = ?", (agreement_uuid,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"Aftalen {agreement_uuid} findes ikke.")
        revision, sent_revision, sent_edit = row[0], row[1], row[2]
        if sent_revision is None:
            number = 1
        elif sent_edit is not None and revision > sent_edit:
            number = sent_revision + 1
        else:
            number = sent_revision
        record = SentRecord(number, now_iso())
        conn.execute(
            "UPDATE agreements SET sent_revision = ?, sent_at = ?, sent_edit_revision = ? WHERE uuid = ?",
            (record.revision, record.at, revision, agreement_uuid),
        )
        return record
