"""Templates that travel with a bundle: one missing here is added, one that differs from ours is
kept under its own version beside ours; each agreement keeps the version it was written with."""

from __future__ import annotations

from pathlib import Path

from exporters.bundle_write import write_bundle
from storage.agreements import create_agreement, load_agreement, template_of
from storage.bundle_apply import apply_bundle, plan_import
from storage.bundle_read import read_bundle
from storage.database import Store, open_store
from storage.edits import set_value
from storage.merge_plan import FieldState, ImportState
from storage.template_model import Template
from storage.templates import parse_template, template_hash


def _variant(template: Template, template_id: str, name: str) -> Template:
    """The template's text with another id and name (another municipality's version, or a new one)."""
    source = template.source.replace(f'id = "{template.id}"', f'id = "{template_id}"', 1)
    source = source.replace(f'name = "{template.name}"', f'name = "{name}"', 1)
    assert source != template.source
    return parse_template(source, f"{template_id}.toml")


def _hashes(store: Store) -> set[str]:
    return {r[0] for r in store.query("SELECT hash FROM template_snapshots")}


def test_a_template_missing_here_is_added_and_the_agreement_opens_with_it(
        store: Store, faaborg: Template, tmp_path: Path) -> None:
    theirs = _variant(faaborg, "odder-lederaftale", "Odder: lederaftale")
    uuid = create_agreement(store, theirs, "Skoleområdet", 2024)
    set_value(store, uuid, uuid, "place", "Odder")
    receiver = open_store(tmp_path / "modtager.sqlite")
    try:
        plan = apply_bundle(receiver, read_bundle(write_bundle(store, [uuid], tmp_path / "odder.aftale")),
                            tmp_path / "kopier")
        assert [a.state for a in plan.agreements] == [ImportState.NEW]
        assert template_hash(theirs.source) in _hashes(receiver)
        agreement = load_agreement(receiver, uuid)
        assert template_of(receiver, agreement).name == "Odder: lederaftale"
        assert agreement.value("place") == "Odder"
    finally:
        receiver.close()


def test_a_differing_version_is_kept_beside_ours_and_each_agreement_keeps_its_own(
        store: Store, faaborg: Template, tmp_path: Path) -> None:
    ours = create_agreement(store, faaborg, "IT-staben", 2008)
    receiver = open_store(tmp_path / "modtager.sqlite")
    try:
        apply_bundle(receiver, read_bundle(write_bundle(store, [ours], tmp_path / "1.aftale")), tmp_path / "k")
        # the sender's municipality revises its template (same id, another text) and writes a new agreement
        revised = _variant(faaborg, faaborg.id, "Faaborg-Midtfyn (revideret 2009)")
        theirs = create_agreement(store, revised, "HR-staben", 2009)
        set_value(store, ours, ours, "place", "Faaborg")
        bundle = read_bundle(write_bundle(store, [ours, theirs], tmp_path / "2.aftale"))
        plan = plan_import(receiver, bundle)
        assert [a.state for a in plan.agreements] == [ImportState.MERGE, ImportState.NEW]
        assert [(c.state, c.label) for c in plan.agreements[0].changes] == \
            [(FieldState.NEW, "Sted (ved underskrift)")]
        apply_bundle(receiver, bundle, tmp_path / "k")
        assert _hashes(receiver) == {template_hash(faaborg.source), template_hash(revised.source)}
        kept = load_agreement(receiver, ours)
        assert kept.template_hash == template_hash(faaborg.source) and kept.value("place") == "Faaborg"
        assert template_of(receiver, load_agreement(receiver, theirs)).name == "Faaborg-Midtfyn (revideret 2009)"
    finally:
        receiver.close()
