"""What this store sent and received per agreement: the base a later merge compares with.

Each store has an identity (``store_info.store_id``). Exporting an agreement records what was sent
(``direction = 'sent'``); importing records what was received and from which store. A bundle
names, per agreement, what its sender last received from each store (``bases`` in the manifest),
so the receiver can find the version both sides had. Which record is the newest is decided by the
order the records were made in this store (``seq``), never by clocks.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from storage.canonical_write import canonical_json
from storage.damage import stored_json
from storage.merge_units import fingerprints
from storage.model import now_iso

SENT = "sent"
RECEIVED = "received"


def content_sha(document: dict[str, Any]) -> str:
    """The sha256 of an agreement's content as a bundle carries it (the bytes of its member)."""
    content = {k: v for k, v in document.items() if k != "templates"}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def store_id(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM store_info WHERE key = 'store_id'").fetchone()
    return str(row[0]) if row else ""


def record(conn: sqlite3.Connection, document: dict[str, Any], sha256: str, direction: str, peer: str = "") -> None:
    """Remember the content sent or received (once per agreement, direction, peer and content)."""
    conn.execute(
        "INSERT OR IGNORE INTO exchanges (agreement_uuid, direction, peer, sha256, fingerprints, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (document["agreement"]["uuid"], direction, peer, sha256,
         json.dumps(fingerprints(document), separators=(",", ":")), now_iso()))


def bases_to_send(conn: sqlite3.Connection, agreement_uuid: str) -> list[dict[str, str]]:
    """For the manifest: per store this agreement was received from, the newest content received."""
    rows = conn.execute(
        "SELECT peer, sha256 FROM exchanges WHERE agreement_uuid = ? AND direction = ? AND seq IN"
        " (SELECT max(seq) FROM exchanges WHERE agreement_uuid = ? AND direction = ? GROUP BY peer)"
        " ORDER BY peer", (agreement_uuid, RECEIVED, agreement_uuid, RECEIVED))
    return [{"store": r[0], "sha256": r[1]} for r in rows if r[0]]


def base_for(conn: sqlite3.Connection, agreement_uuid: str, sha256: str, sender: str,
             their_bases: list[dict[str, str]]) -> dict[str, str] | None:
    """The fingerprints of the version both sides last had, or None when no exchange is known.

    Content already known here (sent or received with the same sha256) is its own base; otherwise
    the newer (in this store's order) of what the sender says it received from us and what we last
    received from the sender."""
    def fingerprints_of(where: str, params: tuple[Any, ...]) -> tuple[int, dict[str, str]] | None:
        row = conn.execute(f"SELECT seq, fingerprints FROM exchanges WHERE agreement_uuid = ? AND {where}"
                           " ORDER BY seq DESC LIMIT 1", (agreement_uuid, *params)).fetchone()
        if row is None:
            return None
        loaded = stored_json(row[1])
        return (int(row[0]), loaded) if isinstance(loaded, dict) else None

    known = fingerprints_of("sha256 = ?", (sha256,))
    if known is not None:
        return known[1]
    own = store_id(conn)
    candidates = []
    for entry in their_bases:
        if entry.get("store") == own:
            found = fingerprints_of("direction = ? AND sha256 = ?", (SENT, entry.get("sha256")))
            if found is not None:
                candidates.append(found)
    if sender:
        found = fingerprints_of("direction = ? AND peer = ?", (RECEIVED, sender))
        if found is not None:
            candidates.append(found)
    return max(candidates, key=lambda c: c[0])[1] if candidates else None
