"""Hostile templates: a template at every limit works (and costs grow linearly), one step beyond
any limit is refused in Danish naming the file and the limit; special files, BOMs and TOML dates."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from storage import edits
from storage.agreements import create_agreement, load_agreement, template_of
from storage.canonical import agreement_document, to_json
from storage.database import Store
from storage.errors import StoreError
from storage.outline import goal_numbers
from storage.template_limits import LIMITS, TEXT_LIMITS
from storage.templates import TemplateError, load_registry, parse_template

# --- a template built to a shape ---------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """How big each part of a generated template is; the defaults are exactly the limits."""

    sections: int = LIMITS.sections
    depth: int = LIMITS.depth
    goal_kinds: int = LIMITS.goal_kinds
    field_sets: int = LIMITS.field_sets
    fields_per_list: int = LIMITS.fields_per_list
    fields: int = LIMITS.fields
    choices: int = LIMITS.choices
    label: int = TEXT_LIMITS["label"]
    title: int = TEXT_LIMITS["title"]
    guidance: int = TEXT_LIMITS["guidance"]
    text: int = TEXT_LIMITS["text"]
    #: the file's size in bytes (a comment fills it up); 0: as small as it comes
    size: int = LIMITS.bytes
    flat: bool = False  # every section at the top level (depth 1)


def _field(field_id: str, label: str = "Felt", **extra: str) -> str:
    more = "".join(f", {k} = {v}" for k, v in extra.items())
    return f'{{ id = "{field_id}", label = "{label}", type = "line"{more} }}'


def template_text(shape: Shape = Shape()) -> str:
    """A valid-looking template of ``shape``: metadata, field sets, goal kinds (half placed in
    section s0), a chain of sections ``depth`` deep and flat sections up to ``sections``, own
    fields on sections until ``fields`` fields in all."""
    long_label, long_guidance = "L" * shape.label, "g" * shape.guidance
    options = "[" + ", ".join(f'"valg {i}"' for i in range(shape.choices)) + "]"
    metadata = ['{ id = "unit", label = "Enhed", type = "line" }', '{ id = "year", label = "År", type = "number" }',
                f'{{ id = "title", label = "{long_label}", type = "line", guidance = "{long_guidance}" }}',
                '{ id = "kind_of", label = "Art", type = "choice", options = ' + options + " }"]
    metadata += [_field(f"m{i}") for i in range(len(metadata), shape.fields_per_list)]
    sets = ['fem = [' + ", ".join(_field(f) for f in ("objective", "sub_goals", "criteria", "plan", "budget")) + "]"]
    sets += [f"s{i} = [{_field('x')}]" for i in range(1, shape.field_sets)]
    used = len(metadata) + 5 + (shape.field_sets - 1) + shape.goal_kinds * 6
    lines = ["format_version = 1", 'id = "graense"', 'name = "Ved grænsen"', "", "[field_sets]", *sets, ""]
    for i in range(shape.goal_kinds):
        placement = "section:s0" if i % 2 else "appendix"
        lines += ["[[goal_kinds]]", f'id = "k{i}"', f'name = "Indsats {i}"', f'placement = "{placement}"',
                  f'numbering = "{i}.{{n}}"', f'fields = [{_field("title")}, "@fem"]', ""]
    depth = 1 if shape.flat else shape.depth
    chain = "{ key = \"c%d\", title = \"Niveau %d\", children = [%s] }"
    nested = ""
    for level in range(depth, 1, -1):
        nested = chain % (level, level, nested)
    flat = shape.sections - depth
    remaining = shape.fields - used
    for i in range(flat):
        title = "T" * shape.title if i == 0 else f"Afsnit {i}"
        lines += ["[[sections]]", f'key = "s{i}"', f'number = "{i}."', f'title = "{title}"']
        if i == 0:
            lines.append(f'text = "{"t" * shape.text}"')
        elif remaining > 0:
            own = min(remaining, shape.fields_per_list)
            remaining -= own
            lines.append("fields = [" + ", ".join(_field(f"f{j}") for j in range(own)) + "]")
        lines.append("")
    lines += ["[[sections]]", 'key = "c1"', 'title = "Niveau 1"'] + ([f"children = [{nested}]"] if nested else [])
    lines += [""] + ["[[metadata]]\n" + _inline_to_table(m) for m in metadata]
    text = "\n".join(lines) + "\n"
    size = len(text.encode("utf-8"))
    if shape.size > size:
        text += "#" + "x" * (shape.size - size - 2) + "\n"
    return text


def _inline_to_table(inline: str) -> str:
    """'{ id = "x", label = "y" }' as the lines of a [[metadata]] table."""
    body = inline.strip()[1:-1]
    parts, depth, start = [], 0, 0
    for i, char in enumerate(body):
        depth += char in "[{"
        depth -= char in "]}"
        if char == "," and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return "\n".join(p.strip() for p in parts) + "\n"


def _folder_with(tmp_path: Path, name: str, data: bytes | str) -> tuple[Path, Path]:
    folder = tmp_path / "skabeloner"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return folder, path


def _only_error(folder: Path, path: Path) -> str:
    registry = load_registry([folder])
    assert [e.origin for e in registry.errors] == [str(path)], [str(e) for e in registry.errors]
    assert {"faaborg-midtfyn", "skanderborg-udviklingsaftale"} <= set(registry.templates)
    message = str(registry.errors[0])
    assert message.startswith(f"Skabelonen '{path}' kan ikke bruges: "), message
    return message


# --- at the limits ---------------------------------------------------------------------------------


def _section_depth(section: dict[str, Any]) -> int:
    return 1 + max((_section_depth(c) for c in section["children"]), default=0)


def _section_count(sections: list[dict[str, Any]]) -> int:
    return sum(1 + _section_count(s["children"]) for s in sections)


def test_a_template_at_every_limit_loads_and_makes_a_whole_agreement(tmp_path: Path, store: Store) -> None:
    text = template_text()
    assert len(text.encode("utf-8")) == LIMITS.bytes
    folder, path = _folder_with(tmp_path, "graense.toml", text)
    registry = load_registry([folder])
    assert registry.errors == []
    template = registry.get("graense")
    assert template is not None
    assert len(template.all_sections()) == LIMITS.sections and len(template.goal_kinds) == LIMITS.goal_kinds
    fields = (len(template.metadata) + sum(len(s.fields) for s in template.all_sections())
              + sum(len(k.fields) for k in template.goal_kinds) + 5 + LIMITS.field_sets - 1)
    assert fields == LIMITS.fields

    uuid = create_agreement(store, template, "IT-staben", 2026)
    goals = [edits.add_goal(store, uuid, kind.id, values={"title": f"Mål {kind.id}"}) for kind in template.goal_kinds]
    agreement = load_agreement(store, uuid)
    stored = template_of(store, agreement)  # parsed again from the snapshot: within the limits too
    assert stored == template

    document = json.loads(to_json(agreement, stored))["agreement"]
    assert _section_count(document["sections"]) == LIMITS.sections
    assert max(_section_depth(s) for s in document["sections"]) == LIMITS.depth
    first = document["sections"][0]
    assert first["key"] == "s0" and first["fields"]["text"] == "t" * TEXT_LIMITS["text"]
    numbers = goal_numbers(agreement, stored)
    # in the outline's order: the goals placed in section s0 (odd kinds) there, the appendix goals after
    kinds = range(LIMITS.goal_kinds)
    assert [g["number"] for g in document["goals"]] == [f"{i}.1" for i in kinds if i % 2] + [
        f"{i}.1" for i in kinds if not i % 2]
    assert numbers[goals[7]] == "7.1"


class CountingList(list[Any]):
    """A list that adds up how many items were visited by iterating over it."""

    visits = 0

    def __iter__(self) -> Iterator[Any]:
        CountingList.visits += len(self)
        return super().__iter__()


class CountingTuple(tuple[Any, ...]):
    visits = 0

    def __iter__(self) -> Iterator[Any]:
        CountingTuple.visits += len(self)
        return super().__iter__()


@pytest.mark.parametrize("sections", [50, LIMITS.sections])
def test_the_canonical_form_visits_each_section_a_bounded_number_of_times(store: Store, sections: int) -> None:
    """Linear, not quadratic: finding children, nodes and definitions goes through indexes built once.
    (Before, every section searched all sections for its children and for its definition.)"""
    template = parse_template(template_text(Shape(sections=sections, flat=True, size=0)), "flad.toml")
    agreement = load_agreement(store, create_agreement(store, template, "IT-staben", 2026))
    plain = list(agreement.sections)
    agreement.sections = CountingList(agreement.sections)
    agreement.goals = CountingList(agreement.goals)
    counted = replace(template, sections=CountingTuple(template.sections))
    CountingList.visits = CountingTuple.visits = 0

    document = agreement_document(agreement, counted)
    for section in plain:  # the lookups the tree and exporters make, once per section
        assert counted.section(section.key) is not None
        assert agreement.section_by_key(section.key) is section
        assert agreement.node(section.uuid) is section

    assert len(document["agreement"]["sections"]) == sections
    assert CountingList.visits <= 2 * sections, CountingList.visits
    assert CountingTuple.visits <= 2 * sections, CountingTuple.visits


# --- one step beyond ------------------------------------------------------------------------------

BEYOND = {
    "afsnit": (Shape(sections=LIMITS.sections + 1), "den har 501 afsnit; højst 500 er tilladt"),
    "dybde": (Shape(depth=LIMITS.depth + 1), "afsnittene er indlejret 9 niveauer dybt; højst 8 er tilladt"),
    "indsatstyper": (Shape(goal_kinds=LIMITS.goal_kinds + 1), "den har 51 indsatstyper; højst 50 er tilladt"),
    "feltsæt": (Shape(field_sets=LIMITS.field_sets + 1), "den har 51 feltsæt; højst 50 er tilladt"),
    "felter-i-en-liste": (Shape(fields_per_list=LIMITS.fields_per_list + 1),
                          "skabelonen har 101 felter; højst 100 er tilladt"),
    "felter-i-alt": (Shape(fields=LIMITS.fields + 1), "den har flere end 2000 felter i alt, som er det højst tilladte"),
    "valgmuligheder": (Shape(choices=LIMITS.choices + 1),
                       "metadatafelt 'kind_of' (Art) har 201 valgmuligheder; højst 200 er tilladt"),
    "etiket": (Shape(label=TEXT_LIMITS["label"] + 1), "'label' er 301 tegn lang; højst 300 tegn er tilladt"),
    "titel": (Shape(title=TEXT_LIMITS["title"] + 1), "afsnittet 's0': 'title' er 301 tegn lang; højst 300"),
    "vejledning": (Shape(guidance=TEXT_LIMITS["guidance"] + 1), "'guidance' er 2001 tegn lang; højst 2000"),
    "tekst": (Shape(text=TEXT_LIMITS["text"] + 1), "'text' er 20001 tegn lang; højst 20000 tegn"),
    "bytes": (Shape(size=LIMITS.bytes + 1), "filen fylder 524289 byte; højst 524288 byte er tilladt"),
}


@pytest.mark.parametrize("variant", sorted(BEYOND))
def test_one_step_beyond_a_limit_is_refused_naming_file_and_limit(tmp_path: Path, variant: str) -> None:
    shape, problem = BEYOND[variant]
    folder, path = _folder_with(tmp_path, f"{variant}.toml", template_text(shape))
    message = _only_error(folder, path)
    assert problem in message


def _many_fields(count: int) -> str:
    return "[" + ", ".join(_field(f"f{i}") for i in range(count)) + "]"


EVERY_FIELD_LIST = {
    "afsnittet '1'": ('title = "Formål"', f'title = "Formål"\nfields = {_many_fields(101)}'),
    "indsatstypen 'maal'": ('fields = [\n', f'fields = [\n{_many_fields(98)[1:-1]},\n'),
    "feltsættet 'mange'": ('empty_fields = "omit"\n',
                           f'empty_fields = "omit"\n[field_sets]\nmange = {_many_fields(101)}\n'),
}


@pytest.mark.parametrize("where", sorted(EVERY_FIELD_LIST))
def test_every_list_of_fields_is_limited(third_template_path: Path, where: str) -> None:
    old, new = EVERY_FIELD_LIST[where]
    text = third_template_path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    with pytest.raises(TemplateError) as caught:
        parse_template(text.replace(old, new), "mange.toml")
    assert str(caught.value) == (f"Skabelonen 'mange.toml' kan ikke bruges: linje {caught.value.problems[0].line}: "
                                 f"{where} har 101 felter; højst 100 er tilladt")


def test_the_hostile_file_of_the_issue_is_refused(tmp_path: Path) -> None:
    """20,000 sections in 1.2 MB: refused for its size; written compactly below the size, for its sections."""
    head = 'format_version = 1\nid = "fjendtlig"\nname = "F"\n'
    sections = "sections = [" + ",".join(f'{{key="{i}",title="A"}}' for i in range(20_000)) + "]\n"
    folder, path = _folder_with(tmp_path, "fjendtlig.toml", head + sections + "#" * 800_000 + "\n")
    assert "filen fylder 1,2 MB; højst 512 KB er tilladt" in _only_error(folder, path)
    path.write_text(head + sections, encoding="utf-8")
    assert "den har 20000 afsnit; højst 500 er tilladt" in _only_error(folder, path)


def test_a_stored_snapshot_beyond_the_limits_is_refused_when_the_agreement_is_opened(
        store: Store, third_template_path: Path) -> None:
    """Deleting the file does not help: the snapshot in the database is parsed with the same limits."""
    template = parse_template(third_template_path.read_text(encoding="utf-8"), "odense.toml")
    uuid = create_agreement(store, template, "Borgerservice", 2024)
    agreement = load_agreement(store, uuid)
    hostile = template_text(Shape(sections=LIMITS.sections + 1, size=0)).replace('"graense"', '"odense-kontrakt"')
    with store.write() as conn:
        conn.execute("UPDATE template_snapshots SET source = ? WHERE hash = ?", (hostile, agreement.template_hash))
    with pytest.raises(StoreError) as caught:
        template_of(store, agreement)
    assert str(caught.value) == ("Skabelonen 'odense-kontrakt (gemt i databasen)' kan ikke bruges: "
                                 "den har 501 afsnit; højst 500 er tilladt")


# --- special files ----------------------------------------------------------------------------------


class FifoFeeder:
    """Writes ``data`` into a FIFO as soon as someone opens it for reading, so that code that
    wrongly reads a FIFO gets a file instead of hanging the test; stops at ``close()``."""

    def __init__(self, fifo: Path, data: bytes) -> None:
        self.fifo, self.data, self.fed = fifo, data, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._feed, daemon=True)
        self._thread.start()

    def _feed(self) -> None:
        while not self._stop.is_set():
            try:
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO until there is a reader
            except OSError:
                self._stop.wait(0.05)
                continue
            try:
                os.set_blocking(fd, True)
                os.write(fd, self.data)
                self.fed = True
            except OSError:
                pass
            finally:
                os.close(fd)
            return

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_toml_is_refused_without_reading_it(tmp_path: Path, third_template_path: Path) -> None:
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    fifo = folder / "pipe.toml"
    os.mkfifo(fifo)
    feeder = FifoFeeder(fifo, third_template_path.read_bytes())
    try:
        message = _only_error(folder, fifo)
    finally:
        feeder.close()
    assert "filen er ikke en almindelig fil" in message
    assert not feeder.fed, "the FIFO was opened for reading"


@pytest.mark.parametrize("target", ["/dev/null", "dir"])
def test_a_device_or_folder_named_toml_is_refused(tmp_path: Path, target: str) -> None:
    if target == "dir":
        (tmp_path / "skabeloner" / "mappe.toml").mkdir(parents=True)
        folder, path = tmp_path / "skabeloner", tmp_path / "skabeloner" / "mappe.toml"
    else:
        if not Path(target).exists():
            pytest.skip(f"{target} is not on this system")
        folder = tmp_path / "skabeloner"
        folder.mkdir()
        path = folder / "nul.toml"
        path.symlink_to(target)  # a link to /dev/zero would be read forever
    assert "filen er ikke en almindelig fil" in _only_error(folder, path)


def test_user_template_files_beyond_the_count_are_reported_not_read(tmp_path: Path, third_template_path: Path) -> None:
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    text = third_template_path.read_text(encoding="utf-8")
    for i in range(LIMITS.user_files + 1):
        (folder / f"t{i:03}.toml").write_text(text.replace('"odense-kontrakt"', f'"t{i:03}"'), encoding="utf-8")
    registry = load_registry([folder])
    assert f"t{LIMITS.user_files - 1:03}" in registry.templates and f"t{LIMITS.user_files:03}" not in registry.templates
    assert [e.origin for e in registry.errors] == [str(folder / f"t{LIMITS.user_files:03}.toml")]
    assert "mappen har 101 skabelonfiler; kun de første 100 læses" in str(registry.errors[0])


# --- what the file says --------------------------------------------------------------------------


def test_a_utf8_file_with_a_bom_loads(tmp_path: Path, third_template_path: Path, store: Store) -> None:
    folder, path = _folder_with(tmp_path, "bom.toml", b"\xef\xbb\xbf" + third_template_path.read_bytes())
    registry = load_registry([folder])
    assert registry.errors == []
    template = registry.get("odense-kontrakt")
    assert template is not None and not template.source.startswith("\ufeff")
    assert parse_template("\ufeff" + third_template_path.read_text(encoding="utf-8")) == template
    agreement = load_agreement(store, create_agreement(store, template, "Borgerservice", 2024))
    assert template_of(store, agreement) == template


@pytest.mark.parametrize("value", ["2024-01-01", "2024-01-01T08:00:00", "2024-01-01T08:00:00Z", "08:00:00"])
def test_a_toml_date_as_default_is_refused_naming_the_field(tmp_path: Path, third_template_path: Path,
                                                             value: str) -> None:
    text = third_template_path.read_text(encoding="utf-8")
    dated = text.replace('[[sections]]', f'[[metadata]]\nid = "approval_date"\nlabel = "Dato"\ntype = "date"\n'
                                         f'default = {value}\n\n[[sections]]', 1)
    folder, path = _folder_with(tmp_path, "dato.toml", dated)
    message = _only_error(folder, path)
    assert "metadatafelt 'approval_date' (Dato): standardværdien (default) er en TOML-dato eller -tid" in message
    assert 'skriv den som tekst i anførselstegn, fx "2024-01-01"' in message


def test_a_date_default_written_as_text_works(tmp_path: Path, third_template_path: Path, store: Store) -> None:
    text = third_template_path.read_text(encoding="utf-8").replace(
        '[[sections]]', '[[metadata]]\nid = "approval_date"\nlabel = "Dato"\ntype = "date"\n'
                        'default = "2024-12-19"\n\n[[sections]]', 1)
    template = parse_template(text)
    agreement = load_agreement(store, create_agreement(store, template, "Borgerservice", 2024))
    assert agreement.value("approval_date") == "2024-12-19"


@pytest.mark.parametrize(("default", "problem"), [
    ("nan", "er ikke et endeligt tal"),
    ("[" + ", ".join(['"a"'] * (LIMITS.default_items + 1)) + "]", "har 101 elementer; højst 100 er tilladt"),
    ("[[[[1]]]]", "er indlejret mere end 3 niveauer"),
    ('"' + "x" * (TEXT_LIMITS["default"] + 1) + '"', "er 20001 tegn lang; højst 20000 tegn er tilladt"),
])
def test_a_default_that_is_no_fit_json_value_is_refused(third_template_path: Path, default: str,
                                                        problem: str) -> None:
    text = third_template_path.read_text(encoding="utf-8").replace(
        'label = "Enhed"\ntype = "line"', f'label = "Enhed"\ntype = "line"\ndefault = {default}', 1)
    with pytest.raises(TemplateError) as caught:
        parse_template(text, "standard.toml")
    assert str(caught.value) == f"Skabelonen 'standard.toml' kan ikke bruges: linje 10: metadatafelt 'unit' (Enhed): " \
                                f"standardværdien (default) {problem}"


@pytest.mark.parametrize(("text", "problem"), [
    ('id = "x"\nname = Odense\n', "filen er ikke gyldig TOML (ugyldig værdi; linje 2, kolonne 8)"),
    ('id = "x"\nid = "y"\n', "filen er ikke gyldig TOML (en nøgle er angivet to gange; linje 2, kolonne 9)"),
    ("tal = " + "1" * 5000 + "\n", "filen er ikke gyldig TOML (et tal har alt for mange cifre)"),
    ("a = " + "[" * 3000 + "]" * 3000 + "\n", "filen er indlejret alt for dybt"),
])
def test_toml_errors_are_told_in_danish(text: str, problem: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(text, "fejl.toml")
    assert str(caught.value) == f"Skabelonen 'fejl.toml' kan ikke bruges: {problem}"
