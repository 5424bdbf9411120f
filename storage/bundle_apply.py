"""Importing a checked bundle (:mod:`storage.bundle_read`): the plan, then all or nothing.

:func:`plan_import` says per agreement and per field what importing would do
(:mod:`storage.merge_plan`); it changes nothing. :func:`apply_bundle` follows the plan with the
user's choices for the conflicts, in one transaction after a backup of the store: new agreements
are added as given, merged ones replaced by the merged content, the versions that lost a conflict
kept in the agreement's history, and what was received recorded as the base of the next
exchange with the sender. On any error the store is exactly as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storage import records
from storage.backups import make_backup
from storage.bundle_read import Bundle, BundleError
from storage.canonical_read import (
    CanonicalError,
    check_canonical,
    parsed_template,
    read_canonical,
    replace_canonical,
)
from storage.canonical_write import private_owners, to_canonical
from storage.database import Store
from storage.errors import StoreError
from storage.exchange import RECEIVED, base_for, content_bytes, record
from storage.lost_versions import keep
from storage.merge import AgreementMerge
from storage.merge_labels import Labels
from storage.merge_plan import AgreementPlan, Choice, ImportPlan, ImportState
from storage.snapshots import snapshot_template


class UndecidedConflicts(BundleError):
    """Conflicts without a choice; nothing was changed."""


@records.record
class _Prepared:
    """An import plan with what applying it needs: the agreements taken, their content and revisions."""

    plan: ImportPlan
    #: the agreements that take something from the bundle (merged again when applying, one at a time,
    #: on the store as it is then: a year's merges need not all be in memory at once)
    takes: set[str]
    #: each agreement's content as the bundle carries it (recorded as received)
    data: dict[str, bytes]
    #: the revision of each agreement here when the plan was made (one edited since is merged again)
    revisions: dict[str, int]


def _failure(bundle: Bundle, exc: Exception) -> BundleError:
    return BundleError(f"Pakken '{bundle.name}' kan ikke importeres: {exc}")


def _merge(store: Store, bundle: Bundle, theirs: dict[str, Any], data: bytes) -> AgreementMerge:
    """Ours, the bundle's and their base, for an agreement that is here."""
    uuid = theirs["agreement"]["uuid"]
    bases: list[dict[str, str]] = next(
        (e.get("bases", []) for e in bundle.manifest["agreements"] if e["uuid"] == uuid), [])
    mine = to_canonical(store.conn, uuid)
    base = base_for(store.conn, uuid, hashlib.sha256(data).hexdigest(), str(bundle.manifest.get("store", "")),
                    bases)
    private = private_owners(store.conn, uuid, snapshot_template(store.conn, mine["agreement"]["template_hash"]))
    return AgreementMerge(mine, theirs, base, _labels_for(store, mine, theirs), frozenset(private))


def _prepare(store: Store, bundle: Bundle) -> _Prepared:
    lines: list[AgreementPlan] = []
    takes: set[str] = set()
    data: dict[str, bytes] = {}
    revisions: dict[str, int] = {}
    conn = store.conn
    for theirs in bundle.agreements:
        a = theirs["agreement"]
        uuid = a["uuid"]
        data[uuid] = content_bytes(theirs)
        try:
            if not store.query("SELECT 1 FROM agreements WHERE uuid = ?", (uuid,)):
                check_canonical(conn, theirs)
                lines.append(AgreementPlan(uuid, a["title"], a["unit"], a["year"], ImportState.NEW))
                continue
            merge = _merge(store, bundle, theirs, data[uuid])
            lines.append(merge.plan)
            revisions[uuid] = merge.mine_doc["agreement"]["revision"]
        except CanonicalError as exc:
            raise _failure(bundle, exc) from exc
        if merge.takes_anything:
            takes.add(uuid)
    manifest = bundle.manifest
    plan = ImportPlan(bundle.name, str(manifest.get("created_by", "")), str(manifest.get("created_at", "")),
                      tuple(lines))
    return _Prepared(plan, takes, data, revisions)


def _revision(conn: Any, uuid: str) -> int:
    return int(conn.execute("SELECT revision FROM agreements WHERE uuid = ?", (uuid,)).fetchone()[0])


def _anything_to_write(store: Store, prepared: _Prepared, sender: str) -> bool:
    if prepared.takes or any(a.state is ImportState.NEW for a in prepared.plan.agreements):
        return True
    return any(not store.query("SELECT 1 FROM exchanges WHERE agreement_uuid = ? AND direction = ? AND peer = ?"
                               " AND sha256 = ?", (uuid, RECEIVED, sender, hashlib.sha256(data).hexdigest()))
               for uuid, data in prepared.data.items())


def _labels_for(store: Store, mine: dict[str, Any], theirs: dict[str, Any]) -> Callable[[], Labels]:
    def make() -> Labels:
        digest = theirs["agreement"]["template_hash"]
        brought = next((t for t in theirs["templates"] if t["hash"] == digest), None)
        theirs_template = parsed_template(brought["source"], f"{brought['template_id']} (fra pakken)") \
            if brought else snapshot_template(store.conn, digest)
        return Labels(mine, theirs, snapshot_template(store.conn, mine["agreement"]["template_hash"]),
                      theirs_template)
    return make


def plan_import(store: Store, bundle: Bundle) -> ImportPlan:
    """What importing the bundle would do, per agreement and field; changes nothing."""
    return _prepare(store, bundle).plan


def apply_bundle(store: Store, bundle: Bundle, backup_dir: Path,
                 choices: dict[str, Choice] | None = None) -> ImportPlan:
    """Import the bundle with these choices for its conflicts (by :attr:`FieldChange.id`), in one
    transaction after a backup. Raises :class:`UndecidedConflicts` if a conflict has no choice."""
    if store.read_only:
        raise StoreError("Pakken kan ikke importeres, fordi aftalerne er åbnet skrivebeskyttet "
                         "(fx i et andet vindue). Intet er ændret.")
    choices = dict(choices or {})
    prepared = _prepare(store, bundle)
    plan = prepared.plan
    undecided = plan.undecided(choices)
    if undecided:
        raise UndecidedConflicts(
            f"Pakken '{bundle.name}' er ikke importeret: {len(undecided)} "
            f"{'konflikt' if len(undecided) == 1 else 'konflikter'} mangler et valg (behold min, tag pakkens "
            "eller behold begge). Intet er ændret.")
    cannot_hold_both = [c for c in plan.conflicts if choices[c.id] is Choice.BOTH and not c.can_keep_both]
    if cannot_hold_both:
        raise BundleError(f"Pakken '{bundle.name}' er ikke importeret: '{cannot_hold_both[0].label}' kan ikke beholde "
                          "begge versioner; vælg »Behold min« eller »Tag pakkens«. Intet er ændret.")
    sender = str(bundle.manifest.get("store", ""))
    if not _anything_to_write(store, prepared, sender):
        return plan  # a bundle imported before: nothing to add, merge or record
    source = f"pakken '{bundle.name}' fra {plan.created_by or 'en kollega'}"
    make_backup(store.path, backup_dir)
    new = {a.uuid for a in plan.agreements if a.state is ImportState.NEW}
    try:
        with store.write() as conn:
            for theirs in bundle.agreements:
                uuid = theirs["agreement"]["uuid"]
                if uuid in new:
                    read_canonical(conn, theirs)
                elif uuid in prepared.takes or _revision(conn, uuid) != prepared.revisions[uuid]:
                    merge = _merge(store, bundle, theirs, prepared.data[uuid])
                    if merge.undecided(choices):  # changed here since the preview: show it again
                        raise UndecidedConflicts(
                            f"Pakken '{bundle.name}' er ikke importeret: aftalen '{theirs['agreement']['title']}'"
                            " er ændret her, mens forhåndsvisningen var åben. Importér igen. Intet er ændret.")
                    document, lost = merge.merged(choices)
                    for version in lost:
                        mine_side = version.unit is merge.mine.get(version.unit.key)
                        keep(conn, uuid, version.unit, version.group, version.label, version.text,
                             f"din version, erstattet fra {source}" if mine_side else f"fra {source}, ikke taget")
                    if document is not None:
                        replace_canonical(conn, document, merge.mine_doc)
                record(conn, uuid, prepared.data[uuid], RECEIVED, sender)
    except CanonicalError as exc:
        raise _failure(bundle, exc) from exc
    return plan
