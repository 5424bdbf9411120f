"""Templates are data: the built-ins load, a broken user file is reported in Danish, a new one works."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.agreements import create_agreement, load_agreement, template_of
from storage.database import Store
from storage.edits import add_goal
from storage.outline import goal_numbers
from storage.templates import TemplateError, load_registry

BUILT_IN = ("faaborg-midtfyn", "skanderborg-udviklingsaftale")


def test_built_in_templates_load_without_errors() -> None:
    registry = load_registry()
    assert [str(e) for e in registry.errors] == []
    for template_id in BUILT_IN:
        assert registry.get(template_id) is not None, template_id


@pytest.mark.parametrize("template_id", BUILT_IN)
def test_each_built_in_template_creates_an_agreement(store: Store, template_id: str) -> None:
    template = load_registry().get(template_id)
    assert template is not None
    agreement = load_agreement(store, create_agreement(store, template, "Ældre og Handicap", 2016))
    assert {s.key for s in agreement.sections} == {s.key for s in template.all_sections()}
    assert template_of(store, agreement) == template


def test_faaborg_has_the_frames_of_the_2008_agreement() -> None:
    template = load_registry().get("faaborg-midtfyn")
    assert template is not None
    assert [s.number for s in template.sections] == ["1.0", "2.0", "3.0", "4.0", "5.0", "6.0"]
    assert [k.id for k in template.goal_kinds] == ["politisk", "faglig", "eget", "koncern"]


def _broken_variants(valid: str) -> dict[str, tuple[str, str]]:
    """name → (file text, the Danish problem the message must name)."""
    unit_block = '[[metadata]]\nid = "unit"\nlabel = "Enhed"\ntype = "line"\n'
    assert unit_block in valid and 'label = "Effekt", type = "text"' in valid and 'placement = "section:2"' in valid
    return {
        "ugyldig-toml": (valid.replace('name = "Odense', 'name = Odense', 1), "ikke gyldig TOML"),
        "ukendt-felttype": (valid.replace('label = "Effekt", type = "text"', 'label = "Effekt", type = "tekst"'),
                            "indsatstypen 'maal', feltet 'effect' (Effekt): ukendt felttype 'tekst'"
                            " (kendte typer: line, text"),
        "uden-unit": (valid.replace(unit_block, ""), "metadatafeltet 'unit' mangler"),
        "manglende-afsnit": (valid.replace('placement = "section:2"', 'placement = "section:9"'),
                             "indsatstypen 'maal' placeres i afsnittet '9', som ikke findes"),
    }


@pytest.mark.parametrize("variant", ["ugyldig-toml", "ukendt-felttype", "uden-unit", "manglende-afsnit"])
def test_broken_user_template_is_reported_in_danish(tmp_path: Path, third_template_path: Path, variant: str) -> None:
    text, problem = _broken_variants(third_template_path.read_text(encoding="utf-8"))[variant]
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    broken = folder / f"{variant}.toml"
    broken.write_text(text, encoding="utf-8")

    registry = load_registry([folder])

    assert len(registry.errors) == 1
    error = registry.errors[0]
    assert isinstance(error, TemplateError)
    message = str(error)
    assert message.startswith(f"Skabelonen '{broken}' kan ikke bruges: ")
    assert problem in message
    assert registry.get("odense-kontrakt") is None
    for template_id in BUILT_IN:
        assert registry.get(template_id) is not None


def test_template_that_is_not_utf8_is_reported(tmp_path: Path, third_template_path: Path) -> None:
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    (folder / "windows.toml").write_bytes(third_template_path.read_text(encoding="utf-8").encode("cp1252"))
    registry = load_registry([folder])
    assert len(registry.errors) == 1
    assert "windows.toml" in str(registry.errors[0]) and "UTF-8" in str(registry.errors[0])


def test_third_template_loads_and_creates_an_agreement(tmp_path: Path, store: Store, third_template_path: Path) -> None:
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    (folder / third_template_path.name).write_text(third_template_path.read_text(encoding="utf-8"), encoding="utf-8")

    registry = load_registry([folder])
    assert registry.errors == []
    template = registry.get("odense-kontrakt")
    assert template is not None
    assert template.origin == str(folder / third_template_path.name)

    agreement_uuid = create_agreement(store, template, "Borgerservice", 2024)
    first = add_goal(store, agreement_uuid, "maal", values={"title": "Kortere ventetid"})
    second = add_goal(store, agreement_uuid, "maal", values={"title": "Digital selvbetjening"})
    agreement = load_agreement(store, agreement_uuid)

    assert agreement.title == "Kontrakt for Borgerservice 2024"
    purpose = agreement.section_by_key("1")
    assert purpose is not None and purpose.value("text") == "Kontrakten beskriver enhedens mål for året."
    assert goal_numbers(agreement, template) == {first: "2.1", second: "2.2"}


def test_user_template_with_a_built_in_id_replaces_it(tmp_path: Path, third_template_path: Path) -> None:
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    text = third_template_path.read_text(encoding="utf-8").replace('id = "odense-kontrakt"', 'id = "faaborg-midtfyn"')
    (folder / "faaborg-lokal.toml").write_text(text, encoding="utf-8")
    registry = load_registry([folder])
    replaced = registry.get("faaborg-midtfyn")
    assert replaced is not None and replaced.agreement_kind == "Kontrakt"


HOSTILE = {
    # a huge format width would eat memory when a goal is numbered
    "bred-nummerering": ('numbering = "2.{n}"', 'numbering = "2.{n:>999999999}"', "nummereringen"),
    # attribute access in a pattern reaches into Python objects
    "attribut-i-titel": ('title_pattern = "{kind} for {unit} {year}"', 'title_pattern = "{unit.__class__}"',
                         "title_pattern"),
}


@pytest.mark.parametrize("variant", sorted(HOSTILE))
def test_hostile_patterns_in_a_user_template_are_refused(tmp_path: Path, third_template_path: Path,
                                                         variant: str) -> None:
    old, new, problem = HOSTILE[variant]
    text = third_template_path.read_text(encoding="utf-8")
    assert old in text
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    (folder / f"{variant}.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    registry = load_registry([folder])
    assert [e.origin for e in registry.errors] == [str(folder / f"{variant}.toml")]
    assert problem in str(registry.errors[0]) and "kan ikke bruges" in str(registry.errors[0])
    assert {"faaborg-midtfyn", "skanderborg-udviklingsaftale"} <= set(registry.templates)


def test_absurdly_nested_sections_are_refused_not_crashing(tmp_path: Path) -> None:
    depth = 3000
    sections = "sections = [" + "{ key = \"a\", title = \"x\", children = [" * depth + "]}" * depth + "]"
    text = f'format_version = 1\nid = "dyb"\nname = "Dyb"\n{sections}\n'
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    (folder / "dyb.toml").write_text(text, encoding="utf-8")
    registry = load_registry([folder])
    assert len(registry.errors) == 1 and "dyb.toml" in str(registry.errors[0])
    assert "faaborg-midtfyn" in registry.templates
