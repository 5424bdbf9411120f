"""Applying a checked bundle (:mod:`storage.bundle_read`) to the store: all or nothing.

Each agreement is *new* (not here: added as given), *identical* (here with the same content:
skipped) or *changed* (here, but different: left as it is — merging comes next, built on the
per-field revisions and tombstones of the canonical content). Applying is one transaction after a
backup of the store; a failure leaves the store exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from storage.backups import make_backup
from storage.bundle_read import Bundle, BundleError
from storage.canonical_read import CanonicalError, check_canonical, read_canonical
from storage.canonical_write import to_canonical
from storage.database import Store
from storage.errors import StoreError


class ImportState(StrEnum):
    NEW = "ny"
    IDENTICAL = "identisk"
    CHANGED = "findes og er ændret (ikke flettet endnu)"


@dataclass(frozen=True)
class ImportLine:
    uuid: str
    title: str
    state: ImportState


def _content(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "templates"}


def _checked(store: Store, bundle: Bundle, document: dict[str, Any]) -> None:
    try:
        check_canonical(store.conn, document)
    except CanonicalError as exc:
        raise BundleError(f"Pakken '{bundle.name}' kan ikke importeres: {exc}") from exc


def plan_import(store: Store, bundle: Bundle) -> list[ImportLine]:
    """What importing the bundle would do, per agreement; changes nothing."""
    lines: list[ImportLine] = []
    for document in bundle.agreements:
        agreement = document["agreement"]
        uuid, title = agreement["uuid"], agreement["title"]
        if not store.query("SELECT 1 FROM agreements WHERE uuid = ?", (uuid,)):
            state = ImportState.NEW
            _checked(store, bundle, document)
        elif _content(to_canonical(store.conn, uuid, for_bundle=True)) == _content(document):
            state = ImportState.IDENTICAL
        else:
            state = ImportState.CHANGED
        lines.append(ImportLine(uuid, title, state))
    return lines


def apply_bundle(store: Store, bundle: Bundle, backup_dir: Path) -> list[ImportLine]:
    """Add the bundle's new agreements in one transaction, after a backup; what was done per agreement."""
    if store.read_only:
        raise StoreError("Pakken kan ikke importeres, fordi aftalerne er åbnet skrivebeskyttet "
                         "(fx i et andet vindue). Intet er ændret.")
    lines = plan_import(store, bundle)
    new = {line.uuid for line in lines if line.state is ImportState.NEW}
    if not new:
        return lines
    make_backup(store.path, backup_dir)
    try:
        with store.write() as conn:
            for document in bundle.agreements:
                if document["agreement"]["uuid"] in new:
                    read_canonical(conn, document)
    except CanonicalError as exc:
        raise BundleError(f"Pakken '{bundle.name}' kan ikke importeres: {exc}") from exc
    return lines
