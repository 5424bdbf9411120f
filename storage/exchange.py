"""What this store sent and received per agreement: the base a later merge compares with.

Each store has an identity (``store_info.store_id``). Exporting an agreement records the content
sent (``direction = 'sent'``); importing records the content received and from which store. A
bundle names, per agreement, what its sender last received from each store (``bases`` in the
manifest), so the receiver can find the version both sides had. Which record is the newest is
decided by the order the records were made in this store (``seq``), never by clocks.

The content is kept as sent (compressed canonical JSON, base64 text); its units' fingerprints
(:func:`storage.merge_units.fingerprints`) are worked out only when a merge needs the base.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import zlib
from functools import cached_property
from typing import Any

from storage.canonical_write import canonical_json
from storage.merge_units import Unit, fingerprint, units
from storage.model import now_iso

SENT = "sent"
RECEIVED = "received"


def content_bytes(document: dict[str, Any]) -> bytes:
    """An agreement's content as a bundle carries it (the bytes of its member)."""
    return canonical_json({k: v for k, v in document.items() if k != "templates"}).encode("utf-8")


def content_sha(document: dict[str, Any]) -> str:
    return hashlib.sha256(content_bytes(document)).hexdigest()


def store_id(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM store_info WHERE key = 'store_id'").fetchone()
    return str(row[0]) if row else ""


def record(conn: sqlite3.Connection, agreement_uuid: str, data: bytes, direction: str, peer: str = "") -> None:
    """Remember content sent or received (once per agreement, direction, peer and content)."""
    packed = base64.b64encode(zlib.compress(data, 1)).decode("ascii")
    conn.execute(
        "INSERT OR IGNORE INTO exchanges (agreement_uuid, direction, peer, sha256, content, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (agreement_uuid, direction, peer, hashlib.sha256(data).hexdigest(), packed, now_iso()))


def bases_to_send(conn: sqlite3.Connection, agreement_uuid: str) -> list[dict[str, str]]:
    """For the manifest: per store this agreement was received from, the newest content received."""
    rows = conn.execute(
        "SELECT peer, sha256 FROM exchanges WHERE agreement_uuid = ? AND direction = ? AND seq IN"
        " (SELECT max(seq) FROM exchanges WHERE agreement_uuid = ? AND direction = ? GROUP BY peer)"
        " ORDER BY peer", (agreement_uuid, RECEIVED, agreement_uuid, RECEIVED))
    return [{"store": r[0], "sha256": r[1]} for r in rows if r[0]]


class Base:
    """The content both sides last had, read when first asked about; a unit's fingerprint is worked
    out only for the units a merge asks about (those that differ)."""

    def __init__(self, conn: sqlite3.Connection, seq: int) -> None:
        self.conn, self.seq = conn, seq
        self._fingerprints: dict[str, str | None] = {}

    @cached_property
    def units(self) -> dict[str, Unit] | None:
        """None if the recorded content cannot be read (then every difference is asked about)."""
        row = self.conn.execute("SELECT content FROM exchanges WHERE seq = ?", (self.seq,)).fetchone()
        try:
            return units(json.loads(zlib.decompress(base64.b64decode(row[0]))))
        except (TypeError, ValueError, KeyError, zlib.error):
            return None

    @property
    def readable(self) -> bool:
        return self.units is not None

    def get(self, key: str) -> str | None:
        """The fingerprint of the unit's value in the base, or None if the base did not have it."""
        if key not in self._fingerprints:
            unit = (self.units or {}).get(key)
            self._fingerprints[key] = fingerprint(unit.value) if unit is not None else None
        return self._fingerprints[key]

    def __contains__(self, key: str) -> bool:
        return key in (self.units or {})


def base_for(conn: sqlite3.Connection, agreement_uuid: str, sha256: str, sender: str,
             their_bases: list[dict[str, str]]) -> Base | None:
    """The version both sides last had, or None when no exchange is known.

    Content already known here (sent or received with the same sha256) is its own base; otherwise
    the newer (in this store's order) of what the sender says it received from us and what we last
    received from the sender."""
    def newest(where: str, params: tuple[Any, ...]) -> int | None:
        row = conn.execute(f"SELECT max(seq) FROM exchanges WHERE agreement_uuid = ? AND {where}",
                           (agreement_uuid, *params)).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    known = newest("sha256 = ?", (sha256,))
    if known is not None:
        return Base(conn, known)
    own = store_id(conn)
    candidates = [newest("direction = ? AND sha256 = ?", (SENT, entry.get("sha256")))
                  for entry in their_bases if entry.get("store") == own]
    if sender:
        candidates.append(newest("direction = ? AND peer = ?", (RECEIVED, sender)))
    found = [c for c in candidates if c is not None]
    return Base(conn, max(found)) if found else None
