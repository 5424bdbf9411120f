"""Writing a bundle (``.aftale``): a zip with a manifest, one canonical JSON per agreement and each
template they use once (docs/bundle-format.md). The file appears whole or not at all."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exporters.errors import ExportError
from storage.bundle_format import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    MANIFEST,
    agreement_member,
    template_member,
)
from storage.canonical_write import canonical_json, to_canonical
from storage.database import Store
from storage.errors import StoreError, danish_reason
from storage.exchange import SENT, bases_to_send, record, store_id
from storage.version import program_version


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def bundle_members(store: Store, uuids: list[str], created_by: str | None = None,
                   sent: list[tuple[str, bytes]] | None = None) -> dict[str, bytes]:
    """The members of a bundle of these agreements, by name (manifest first); ``sent`` collects the
    agreements' content as written (to record what was sent once the file is there)."""
    members: dict[str, bytes] = {}
    templates: dict[str, dict[str, str]] = {}
    entries: list[dict[str, Any]] = []
    for uuid in dict.fromkeys(uuids):
        document = to_canonical(store.conn, uuid, for_bundle=True)
        for template in document.pop("templates"):
            templates[template["hash"]] = template
        data = canonical_json(document).encode("utf-8")
        members[agreement_member(uuid)] = data
        a = document["agreement"]
        entry = {"uuid": uuid, "title": a["title"], "unit": a["unit"], "year": a["year"],
                 "template_hash": a["template_hash"], "sha256": hashlib.sha256(data).hexdigest()}
        bases = bases_to_send(store.conn, uuid)
        if bases:
            entry["bases"] = bases
        entries.append(entry)
        if sent is not None:
            sent.append((uuid, data))
    for digest, template in sorted(templates.items()):
        members[template_member(digest)] = template["source"].encode("utf-8")
    manifest = {
        "format": BUNDLE_FORMAT, "format_version": BUNDLE_VERSION, "program_version": program_version(),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "created_by": _user() if created_by is None else created_by,
        "store": store_id(store.conn),
        "agreements": entries,
        "templates": [{"hash": d, "template_id": t["template_id"]} for d, t in sorted(templates.items())],
    }
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8")
    return {MANIFEST: text, **members}


def write_bundle(store: Store, uuids: list[str], target: Path, created_by: str | None = None) -> Path:
    """Write the agreements into ``target`` (a temporary file beside it, then renamed)."""
    if not uuids:
        raise ExportError("Vælg mindst én aftale til pakken.")
    sent: list[tuple[str, bytes]] = []
    members = bundle_members(store, uuids, created_by, sent)
    target = Path(target)
    handle, temp = None, None
    try:
        handle, temp = tempfile.mkstemp(prefix=".aftaler-pakke-", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "wb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in members.items():
                    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, data)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, target)
    except OSError as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise ExportError(f"Pakken '{target}' kunne ikke skrives: {danish_reason(exc)}.") from exc
    _record_sent(store, sent)
    return target


def _record_sent(store: Store, sent: list[tuple[str, bytes]]) -> None:
    """Remember what was sent, as the base of the next exchange. A store opened read-only, or one
    that refuses the write, still has its bundle written: the next merge then has fewer bases
    and asks about more differences, but loses nothing."""
    if store.read_only:
        return
    try:
        with store.write() as conn:
            for uuid, data in sent:
                record(conn, uuid, data, SENT)
    except StoreError:
        pass
