"""Mutated bundles thrown at a store that already holds the agreement and has changed it too, so that
the merge (not only the adding of new agreements) meets them: the outcome is an import or a Danish
refusal that leaves the store's bytes as they were — never a traceback, never half an import."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.demo import add_demo_agreement
from exporters.bundle_write import bundle_members, write_bundle
from storage.agreements import load_agreement
from storage.bundle_apply import apply_bundle, plan_import
from storage.bundle_format import MANIFEST
from storage.bundle_read import BundleError, read_bundle
from storage.database import Store, copy_store, open_store
from storage.edits import add_row, delete_row, set_value
from storage.merge_plan import Choice
from storage.templates import TemplateRegistry
from tests.fingerprints import sha256_of
from tests.storage.test_bundle import _replace_somewhere, resealed, zip_members


@pytest.fixture(scope="module")
def exchanged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, bytes], Path]]:
    """The sender's bundle after both sides edited the same agreement since they exchanged it, and
    the receiver's store (to be copied for each example)."""
    from storage.templates import load_registry

    folder = tmp_path_factory.mktemp("fletning")
    registry: TemplateRegistry = load_registry()
    sender, receiver = open_store(folder / "afsender.sqlite"), open_store(folder / "modtager.sqlite")
    uuid = add_demo_agreement(sender, registry)
    apply_bundle(receiver, read_bundle(write_bundle(sender, [uuid], folder / "1.aftale")), folder / "kopier")
    agreement = load_agreement(sender, uuid)
    goal = next(g for g in agreement.goals if g.rows_of("sub_goals"))
    set_value(sender, uuid, goal.uuid, "objective", "Afsenderens målsætning")
    set_value(receiver, uuid, goal.uuid, "objective", "Modtagerens målsætning")
    add_row(sender, uuid, goal.uuid, "sub_goals", None, {"text": "Nyt delmål fra afsenderen"})
    delete_row(receiver, goal.rows_of("sub_goals")[0].uuid)
    set_value(sender, uuid, uuid, "place", "Faaborg")
    members = bundle_members(sender, [uuid], created_by="afsender")
    sender.close()
    receiver.close()
    yield members, folder / "modtager.sqlite"


def test_the_unmutated_bundle_merges(exchanged: tuple[dict[str, bytes], Path], tmp_path: Path) -> None:
    members, receiver_path = exchanged
    copy_store(receiver_path, tmp_path / "kopi.sqlite")
    store = open_store(tmp_path / "kopi.sqlite")
    try:
        bundle = read_bundle(zip_members(tmp_path / "ren.aftale", members))
        plan = plan_import(store, bundle)
        assert len(plan.conflicts) == 1  # the objective changed on both sides
        apply_bundle(store, bundle, tmp_path / "kopier", {c.id: Choice.THEIRS for c in plan.conflicts})
        assert "Afsenderens målsætning" in json.dumps(
            [g.values for g in load_agreement(store, plan.agreements[0].uuid).goals], ensure_ascii=False)
    finally:
        store.close()


@pytest.mark.parametrize(("revision", "at"), [(1, None), (None, "2008-01-07T10:00:00.000Z"), (0, "ikke en dato")])
def test_a_half_signing_record_is_merged_and_previewed(exchanged: tuple[dict[str, bytes], Path], tmp_path: Path,
                                                       revision: int | None, at: str | None) -> None:
    """Found by the fuzz test below: an agreement marked sent without a time (or a time without a revision,
    or a time that is no date) is no sending, as the Word file's header reads it, not a traceback."""
    members, receiver_path = exchanged
    name = next(n for n in members if n.startswith("agreements/"))
    document = json.loads(members[name])
    document["agreement"].update(sent_revision=revision, sent_at=at)
    changed = resealed({**members}, lambda d: d.clear() or d.update(document), name)
    copy_store(receiver_path, tmp_path / "kopi.sqlite")
    store = open_store(tmp_path / "kopi.sqlite")
    try:
        plan = plan_import(store, read_bundle(zip_members(tmp_path / "halv.aftale", changed)))
        sent = [c for c in plan.agreements[0].changes if c.id.endswith("sent")]
        assert [c.theirs for c in sent] == (["Ikke sendt"] if revision is None or at is None
                                            else [f"Rev. {revision} sendt {at[:10]}"])
    finally:
        store.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_bundles_are_merged_or_refused_never_anything_else(exchanged: tuple[dict[str, bytes], Path],
                                                                   tmp_path: Path, data: st.DataObject) -> None:
    members, receiver_path = exchanged
    name = data.draw(st.sampled_from(sorted(n for n in members if n.endswith(".json"))))
    document = json.loads(members[name])
    _replace_somewhere(document, data)
    changed = resealed({**members}, lambda d: d.clear() or d.update(document), name) \
        if name != MANIFEST else {**members, MANIFEST: json.dumps(document).encode()}
    count = len(list(tmp_path.iterdir()))
    path = zip_members(tmp_path / f"mutant{count}.aftale", changed)
    store_path = tmp_path / f"modtager{count}.sqlite"
    copy_store(receiver_path, store_path)
    store: Store = open_store(store_path)
    try:
        before = sha256_of(store.path)
        choice = data.draw(st.sampled_from(list(Choice)))
        try:
            bundle = read_bundle(path)
            plan = plan_import(store, bundle)
            apply_bundle(store, bundle, tmp_path / "kopier", {c.id: choice for c in plan.conflicts})
        except BundleError as exc:
            assert "Intet er ændret" in str(exc)
            assert sha256_of(store.path) == before
    finally:
        store.close()
