"""Bundles: export → import into an empty store gives the same content; re-import changes nothing;
hostile bundles are refused in Danish, naming what and where, with the store's bytes unchanged."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.bundle_write import bundle_members, write_bundle
from storage.agreements import create_agreement
from storage.bundle_apply import apply_bundle
from storage.bundle_format import LIMITS, MANIFEST, agreement_member
from storage.bundle_read import BundleError, read_bundle
from storage.canonical_write import canonical_json, to_canonical
from storage.database import Store, open_store
from storage.edits import add_goal, set_value
from storage.errors import StoreError
from storage.followup import create_round
from storage.merge_plan import FieldState, ImportState
from storage.template_model import Template
from storage.templates import TemplateRegistry, parse_template
from tests.fingerprints import sha256_of
from tests.storage.test_canonical_roundtrip import GoalPlan, build_generated, goal_plans, texts


def zip_members(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def resealed(members: dict[str, bytes], change: Callable[[dict[str, Any]], None], member: str) -> dict[str, bytes]:
    """The members with one agreement's JSON changed and its sha256 in the manifest made to match."""
    document = json.loads(members[member])
    change(document)
    data = json.dumps(document).encode("utf-8")
    manifest = json.loads(members[MANIFEST])
    for entry in manifest["agreements"]:
        if agreement_member(entry["uuid"]) == member:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
    return {**members, MANIFEST: json.dumps(manifest).encode("utf-8"), member: data}


@pytest.fixture
def target(tmp_path: Path) -> Store:
    return open_store(tmp_path / "modtager.sqlite")  # the receiver holds nothing yet


def test_export_then_import_into_an_empty_store_gives_the_same_content(store: Store, demo_uuid: str,
                                                                        tmp_path: Path, target: Store) -> None:
    bundle_path = write_bundle(store, [demo_uuid], tmp_path / "it.aftale")
    with zipfile.ZipFile(bundle_path) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read(MANIFEST))
    assert names[0] == MANIFEST and len([n for n in names if n.startswith("templates/")]) == 1
    assert manifest["format_version"] == 1 and manifest["agreements"][0]["uuid"] == demo_uuid
    plan = apply_bundle(target, read_bundle(bundle_path), tmp_path / "kopier")
    assert [line.state for line in plan.agreements] == [ImportState.NEW]
    assert list((tmp_path / "kopier").iterdir())  # a backup before applying
    assert canonical_json(to_canonical(target.conn, demo_uuid)) == canonical_json(to_canonical(store.conn, demo_uuid))
    again = write_bundle(target, [demo_uuid], tmp_path / "tilbage.aftale")
    with zipfile.ZipFile(again) as a, zipfile.ZipFile(bundle_path) as b:
        assert a.read(agreement_member(demo_uuid)) == b.read(agreement_member(demo_uuid))


def test_reimporting_the_same_bundle_changes_nothing(store: Store, demo_uuid: str, tmp_path: Path,
                                                     target: Store) -> None:
    bundle = read_bundle(write_bundle(store, [demo_uuid], tmp_path / "it.aftale"))
    apply_bundle(target, bundle, tmp_path / "kopier")
    before = sha256_of(target.path)
    assert [line.state for line in apply_bundle(target, bundle, tmp_path / "kopier").agreements] == \
        [ImportState.IDENTICAL]
    assert sha256_of(target.path) == before


def test_a_change_made_here_since_the_exchange_is_kept(store: Store, demo_uuid: str, tmp_path: Path,
                                                      target: Store) -> None:
    bundle = read_bundle(write_bundle(store, [demo_uuid], tmp_path / "it.aftale"))
    apply_bundle(target, bundle, tmp_path / "kopier")
    set_value(target, demo_uuid, demo_uuid, "title", "Min egen titel")
    plan = apply_bundle(target, bundle, tmp_path / "kopier")
    [agreement] = plan.agreements
    assert agreement.state is ImportState.MERGE
    assert [(c.state, c.label, c.mine, c.theirs) for c in agreement.changes] == \
        [(FieldState.MINE, "Titel", "Min egen titel", "IT-staben. Aftale 2008")]
    assert target.query("SELECT title FROM agreements")[0][0] == "Min egen titel"


def test_a_read_only_store_refuses_import(store: Store, demo_uuid: str, tmp_path: Path, target: Store) -> None:
    bundle = read_bundle(write_bundle(store, [demo_uuid], tmp_path / "it.aftale"))
    reader = open_store(target.path, read_only=True)
    with pytest.raises(StoreError, match="skrivebeskyttet"):
        apply_bundle(reader, bundle, tmp_path / "kopier")
    reader.close()


PRIVATE = """
id = "lederaftale"
name = "Lederaftale"
[[metadata]]
id = "unit"
label = "Enhed"
type = "line"
[[metadata]]
id = "year"
label = "År"
type = "line"
[[metadata]]
id = "title"
label = "Titel"
type = "line"
[[sections]]
key = "1"
title = "Enhedens mål"
[[sections]]
key = "2"
title = "Personlig udviklingsplan"
private = true
  [[sections.children]]
  key = "2.1"
  title = "Mine mål"
[[goal_kinds]]
id = "enhed"
name = "Enhedens indsats"
numbering = "{n}"
fields = [{ id = "title", label = "Titel", type = "line" }]
[[goal_kinds]]
id = "personlig"
name = "Personlig indsats"
numbering = "P{n}"
private = true
fields = [{ id = "title", label = "Titel", type = "line" }]
"""


def test_private_sections_and_goal_kinds_never_leave_in_a_bundle(store: Store, tmp_path: Path) -> None:
    template: Template = parse_template(PRIVATE, "lederaftale.toml")
    uuid = create_agreement(store, template, "Skolen", 2011)
    sections = {r["key"]: r["uuid"] for r in store.query("SELECT key, uuid FROM sections")}
    set_value(store, uuid, sections["2.1"], "text", "Lære at uddelegere")
    add_goal(store, uuid, "personlig", values={"title": "Coaching-forløb"})
    add_goal(store, uuid, "enhed", values={"title": "Trivsel"})
    members = bundle_members(store, [uuid])
    text = b"".join(members.values()).decode("utf-8")
    assert "Trivsel" in text
    assert "Lære at uddelegere" not in text and "Coaching-forløb" not in text
    assert sections["2"] not in text and sections["2.1"] not in text


# --- hostile bundles ---------------------------------------------------------------------------------


@pytest.fixture
def members(store: Store, demo_uuid: str) -> dict[str, bytes]:
    return bundle_members(store, [demo_uuid], created_by="tester")


def refused(target: Store, path: Path, pattern: str) -> str:
    before = sha256_of(target.path)
    with pytest.raises(BundleError, match=pattern) as caught:
        apply_bundle(target, read_bundle(path), path.parent / "kopier")
    assert sha256_of(target.path) == before
    assert target.query("SELECT count(*) FROM agreements")[0][0] == 0
    assert "Intet er ændret" in str(caught.value)
    return str(caught.value)


def first_agreement(members: dict[str, bytes]) -> str:
    return next(n for n in members if n.startswith("agreements/"))


def test_zip_slip_names_are_never_used_as_paths(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    members = {**members, "../../etc/flyt-mig.txt": b"x", "/tmp/absolut.txt": b"y"}
    bundle = read_bundle(zip_members(tmp_path / "slip.aftale", members))
    apply_bundle(target, bundle, tmp_path / "kopier")  # the odd members are simply not read
    assert not (tmp_path.parent / "etc").exists() and not Path("/tmp/absolut.txt").exists()
    member = first_agreement(members)
    manifest = json.loads(members[MANIFEST])
    manifest["agreements"][0]["uuid"] = "../../ud"
    hostile = {**members, MANIFEST: json.dumps(manifest).encode()}
    refused(open_store(tmp_path / "anden.sqlite"), zip_members(tmp_path / "slip2.aftale", hostile),
            r"'manifest.json' følger ikke formatet ved 'agreements\[0\].uuid'")
    assert member in members


def test_a_zip_bomb_is_refused(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    bomb = {**members, "fyld.json": b"0" * (LIMITS.ratio * 1024 * 20)}
    refused(target, zip_members(tmp_path / "bombe.aftale", bomb), "'fyld.json' er pakket usandsynligt tæt")


def test_a_zip_whose_directory_lies_about_sizes_is_refused(members: dict[str, bytes], tmp_path: Path,
                                                           target: Store) -> None:
    path = zip_members(tmp_path / "løgn.aftale", members, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    name = first_agreement(members).encode()
    real = len(members[first_agreement(members)])
    at = data.rfind(b"PK\x01\x02" , 0, data.rfind(name))  # its central directory entry
    data[at + 20:at + 24] = (real // 2).to_bytes(4, "little")  # compressed size
    data[at + 24:at + 28] = (real // 2).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    refused(target, path, "er beskadiget|fylder mere|kontrolsum")


def test_a_truncated_file_is_refused(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    path = zip_members(tmp_path / "kort.aftale", members)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    refused(target, path, "ikke en gyldig pakke")


def test_a_missing_manifest_is_refused(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    del members[MANIFEST]
    refused(target, zip_members(tmp_path / "uden.aftale", members), "intet indholdsregister")


def test_invalid_json_and_duplicate_keys_are_refused(members: dict[str, bytes], tmp_path: Path,
                                                     target: Store) -> None:
    refused(target, zip_members(tmp_path / "ugyldig.aftale", {**members, MANIFEST: b"{\"format\": "}),
            "'manifest.json' er ikke gyldig JSON")
    twice = members[MANIFEST].replace(b'{', b'{"format": "x", ', 1)
    refused(target, zip_members(tmp_path / "dobbelt.aftale", {**members, MANIFEST: twice}),
            "'manifest.json' har nøglen 'format' to gange")


def test_deep_nesting_is_refused(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    deep = resealed(members, lambda d: d["field_values"][0].update(value=json.loads("[" * 100 + "]" * 100)),
                    first_agreement(members))
    refused(target, zip_members(tmp_path / "dyb.aftale", deep), "indlejret for dybt")


def test_wrong_types_are_refused_naming_the_place(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    member = first_agreement(members)
    wrong = resealed(members, lambda d: d["goals"][1].update(position="tre"), member)
    message = refused(target, zip_members(tmp_path / "type.aftale", wrong), "følger ikke formatet")
    assert f"'{member}'" in message and "'goals[1].position'" in message and "et helt tal" in message


def test_a_10_mb_string_is_refused(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    text = base64.b64encode(os.urandom(7_500_000)).decode()  # 10,000,000 characters that do not pack tightly
    huge = resealed(members, lambda d: d["field_values"][0].update(value=text), first_agreement(members))
    refused(target, zip_members(tmp_path / "stor.aftale", huge), "en tekst på 10000000 tegn")


def test_control_characters_in_a_uuid_are_refused_and_in_text_kept(members: dict[str, bytes], tmp_path: Path,
                                                                   target: Store) -> None:
    member = first_agreement(members)
    bad = resealed(members, lambda d: d["goals"][0].update(uuid="abc\x00\x1b[31m"), member)
    refused(target, zip_members(tmp_path / "styre.aftale", bad), r"ved 'goals\[0\].uuid'")
    kept = resealed(members, lambda d: d["agreement"].update(title="Tab\there\x07 😀"), member)
    apply_bundle(target, read_bundle(zip_members(tmp_path / "tekst.aftale", kept)), tmp_path / "kopier")
    assert target.query("SELECT title FROM agreements")[0][0] == "Tab\there\x07 😀"


def test_duplicate_uuids_are_refused(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    def twice(d: dict[str, Any]) -> None:
        d["goals"][1]["uuid"] = d["goals"][0]["uuid"]
    refused(target, zip_members(tmp_path / "dobbelt.aftale", resealed(members, twice, first_agreement(members))),
            "indsatsen .* optræder to gange")


def test_agreements_pointing_at_each_others_uuids_are_refused(store: Store, demo_uuid: str, faaborg: Template,
                                                              tmp_path: Path, target: Store) -> None:
    other = create_agreement(store, faaborg, "HR", 2008)
    members = bundle_members(store, [demo_uuid, other])
    demo_goal = json.loads(members[agreement_member(demo_uuid)])["goals"][0]["uuid"]

    def borrow(d: dict[str, Any]) -> None:
        d["field_values"].append({**d["field_values"][0], "owner_uuid": demo_goal, "field_id": "objective"})
    hostile = resealed(members, borrow, agreement_member(other))
    refused(target, zip_members(tmp_path / "kryds.aftale", hostile), f"hører til {demo_goal}, som ikke er med")


def test_a_wrong_content_hash_is_refused(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    member = first_agreement(members)
    changed = {**members, member: members[member].replace(b"IT-staben", b"IT-stabem", 1)}
    refused(target, zip_members(tmp_path / "hash.aftale", changed), f"'{member}' passer ikke til sin kontrolsum")


def test_missing_parents_are_refused(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    def orphan(d: dict[str, Any]) -> None:
        child = next(s for s in d["sections"] if s["parent_uuid"])
        child["parent_uuid"] = "findes-ikke"
    refused(target, zip_members(tmp_path / "forælder.aftale", resealed(members, orphan, first_agreement(members))),
            r"overordnet afsnit \(findes-ikke\), som ikke er med")


def test_a_template_that_does_not_load_is_refused(members: dict[str, bytes], tmp_path: Path, target: Store) -> None:
    name = next(n for n in members if n.startswith("templates/"))
    broken = b"id = 'x'\nname = \n"
    digest = hashlib.sha256(broken).hexdigest()
    manifest = json.loads(members[MANIFEST])
    manifest["templates"][0]["hash"] = digest
    members = {**members, MANIFEST: json.dumps(manifest).encode(), f"templates/{digest}.toml": broken}
    del members[name]
    refused(target, zip_members(tmp_path / "skabelon.aftale", members), "kan ikke indlæses")


def test_a_newer_format_version_is_refused_saying_which_is_needed(members: dict[str, bytes], tmp_path: Path,
                                                                  target: Store) -> None:
    manifest = json.loads(members[MANIFEST])
    manifest["format_version"] = 7
    newer = {**members, MANIFEST: json.dumps(manifest).encode()}
    message = refused(target, zip_members(tmp_path / "ny.aftale", newer), "formatversion 7")
    assert "læser op til formatversion 1" in message


def test_two_agreements_sharing_a_goal_uuid_are_refused(store: Store, demo_uuid: str, faaborg: Template,
                                                        tmp_path: Path, target: Store) -> None:
    other = create_agreement(store, faaborg, "HR", 2008)
    add_goal(store, other, "faglig", values={"title": "HR's mål"})
    members = bundle_members(store, [demo_uuid, other])
    demo_goal = json.loads(members[agreement_member(demo_uuid)])["goals"][0]["uuid"]
    hostile = resealed(members, lambda d: d["goals"][0].update(uuid=demo_goal), agreement_member(other))
    refused(target, zip_members(tmp_path / "fælles.aftale", hostile), f"UUID'en {demo_goal} bruges både i aftalen")


def test_values_of_the_wrong_form_for_their_field_are_refused(members: dict[str, bytes], tmp_path: Path,
                                                              target: Store) -> None:
    member = first_agreement(members)

    def objective_as_object(d: dict[str, Any]) -> None:
        next(v for v in d["field_values"] if v["field_id"] == "objective").update(value={"tekst": 1})
    refused(target, zip_members(tmp_path / "felt.aftale", resealed(members, objective_as_object, member)),
            "feltet '[^']+ målsætning(er)?' skal være tekst")  # the objective of whichever goal is first

    def row_with_number(d: dict[str, Any]) -> None:
        next(r for r in d["rows"] if r["field_id"] == "sub_goals")["data"] = {"text": 5}
    refused(target, zip_members(tmp_path / "række.aftale", resealed(members, row_with_number, member)),
            "skal have teksterne text")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_bundles_are_imported_or_refused_never_anything_else(members: dict[str, bytes], tmp_path: Path,
                                                                     target: Store, data: st.DataObject) -> None:
    """Thousands of mutations over CI runs: flipped bytes in the file, or a JSON value anywhere in a
    member replaced by another of any type; the outcome is an import or a BundleError."""
    names = sorted(members)
    name = data.draw(st.sampled_from(names))
    if data.draw(st.booleans()) and name.endswith(".json"):
        document = json.loads(members[name])
        _replace_somewhere(document, data)
        changed = resealed({**members}, lambda d: d.clear() or d.update(document), name) \
            if name != MANIFEST else {**members, MANIFEST: json.dumps(document).encode()}
        raw = zip_members(tmp_path / f"m{len(list(tmp_path.iterdir()))}.aftale", changed).read_bytes()
    else:
        raw = bytearray(zip_members(tmp_path / "base.aftale", members).read_bytes())
        for _ in range(data.draw(st.integers(1, 8))):
            at = data.draw(st.integers(0, len(raw) - 1))
            raw[at] = data.draw(st.integers(0, 255))
    path = tmp_path / "mutant.aftale"
    path.write_bytes(bytes(raw))
    store = open_store(tmp_path / f"fuzz{len(list(tmp_path.iterdir()))}.sqlite")
    try:
        before = sha256_of(store.path)
        try:
            apply_bundle(store, read_bundle(path), tmp_path / "kopier")
        except BundleError as exc:
            assert "Intet er ændret" in str(exc)
            assert sha256_of(store.path) == before
    finally:
        store.close()


ANY_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                        lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner,
                                                                                     max_size=2), max_leaves=4)


def _replace_somewhere(document: Any, data: st.DataObject) -> None:
    """Walk down to a random container and replace (or drop) one of its entries."""
    node = document
    while True:
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            key = data.draw(st.integers(0, len(node) - 1))
        else:
            return
        child = node[key]
        if isinstance(child, (dict, list)) and child and data.draw(st.booleans()):
            node = child
            continue
        if isinstance(node, dict) and data.draw(st.booleans()):
            del node[key]
        else:
            node[key] = data.draw(ANY_JSON)
        return


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=goal_plans, intro=texts, status=st.sampled_from(["grøn", "rød", None]))
def test_generated_agreements_survive_export_import_export(plan: GoalPlan, intro: str, status: str | None,
                                                          tmp_path_factory: pytest.TempPathFactory,
                                                          registry: TemplateRegistry) -> None:
    folder = tmp_path_factory.mktemp("pakke")  # a new folder for each example
    source, receiver = open_store(folder / "kilde.sqlite"), open_store(folder / "mål.sqlite")
    try:
        uuid = build_generated(source, registry, plan, intro, status)
        first = write_bundle(source, [uuid], folder / "ud.aftale")
        assert [line.state for line in apply_bundle(receiver, read_bundle(first), folder / "kopier").agreements] \
            == [ImportState.NEW]
        second = write_bundle(receiver, [uuid], folder / "hjem.aftale")
        with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
            assert a.read(agreement_member(uuid)) == b.read(agreement_member(uuid))
        assert [line.state for line in apply_bundle(source, read_bundle(second), folder / "kopier").agreements] \
            == [ImportState.IDENTICAL]
    finally:
        source.close()
        receiver.close()


def test_a_round_that_exists_here_for_another_agreement_is_refused(store: Store, faaborg: Template,
                                                                   tmp_path: Path, target: Store) -> None:
    it = create_agreement(store, faaborg, "IT-staben", 2008)
    own = create_round(store, "Ekstra", date(2008, 10, 1), agreement_uuid=it)
    members = bundle_members(store, [it])
    hr = create_agreement(target, faaborg, "HR-staben", 2008)
    with target.write() as conn:  # the receiver has a round of the same uuid, for HR
        conn.execute("INSERT INTO follow_up_rounds (uuid, name, date, year, agreement_uuid, closed, created,"
                     " updated, revision) VALUES (?, 'HR', '2008-10-01', 2008, ?, 0, '', '', 1)", (own, hr))
    before = sha256_of(target.path)
    with pytest.raises(BundleError, match=f"opfølgningsrunden 'Ekstra' \\({own}\\) findes allerede her"):
        apply_bundle(target, read_bundle(zip_members(tmp_path / "runde.aftale", members)), tmp_path / "kopier")
    assert sha256_of(target.path) == before


def test_nesting_beyond_pythons_own_limit_is_refused(members: dict[str, bytes], tmp_path: Path,
                                                     target: Store) -> None:
    deep = {**members, MANIFEST: b"[" * 200_000 + b"]" * 200_000}
    refused(target, zip_members(tmp_path / "dybere.aftale", deep, zipfile.ZIP_STORED),
            "'manifest.json' er indlejret for dybt")
