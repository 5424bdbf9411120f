"""One outline: the tree, the Word file, ``show`` and the canonical JSON give the same parts in the
same order with the same headings, because they all ask :func:`storage.outline.outline`.

The Word file is read back by LibreOffice; ``show`` runs as the user runs it (a subprocess).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from exporters.docx_export import export_agreement
from storage import edits
from storage.agreements import create_agreement, load_agreement, template_of
from storage.canonical import to_json
from storage.database import Store, open_store
from storage.minutes import goal_refs
from storage.outline import outline, walk
from storage.overview import read_overview
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry, parse_template
from tests.desktop.cli_runner import make_cli
from tests.exporters.libreoffice import LibreOffice, find_in_order, normalise
from tests.exporters.test_docx_content import make_skanderborg
from tests.ui.helpers import labels
from ui.document import AgreementDocument
from ui.tree_model import AgreementTreeModel

SKANDERBORG_OUTLINE = [
    "1. Virkeliggørelse og koordinering af politisk besluttede forandringer",
    "2. Udviklingsaftalens mål",
    "3. Aktiviteter",
    "4. Opfølgning",
    "5. Aftaleholders mål",
    "  A. Nedbringelse af sygefravær",
    "  B. Effektivisering i fællesskab",
    "  C. Implementering af Socialpolitikken",
    "6. Underskrifter",
]
DEMO_GOALS = ["Bilag 1", "Bilag 2a", "Bilag 2b", "Bilag 2c", "Bilag 2d", "Bilag 2e", "Bilag 3a", "Bilag 3b",
              "Bilag 3c", "Bilag 4a", "Bilag 4b"]

# A concept whose file lists the appendix kind before the kind placed in a section: the section's
# goals come first in the document all the same (the canonical form once listed them in file order).
MIXED = """
format_version = 1
id = "blandet"
name = "Blandet"
field_sets = { titel = [{ id = "title", label = "Titel", type = "line" }] }
metadata = [{ id = "unit", label = "Enhed", type = "line" }, { id = "year", label = "År", type = "number" },
            { id = "title", label = "Titel", type = "line" }]
sections = [
  { key = "1", number = "1.", title = "Rammer", children = [{ key = "1.1", number = "1.1", title = "Økonomi" }] },
  { key = "2", number = "2.", title = "Afslutning" },
]
goal_kinds = [
  { id = "bilag", name = "Bilag", placement = "appendix", numbering = "Bilag {n}", title_prefix = "Tillæg",\
 fields = ["@titel"] },
  { id = "maal", name = "Mål", placement = "section:1", numbering = "1.{n}", fields = ["@titel"] },
]
"""
MIXED_OUTLINE = ["1. Rammer", "  1.1 Økonomi", "  1.1 Kortere ventetid", "  1.2 Flere hænder", "2. Afslutning",
                 "Bilag 1 Tillæg – Tilgængelighed"]


def make_mixed(store: Store) -> str:
    template = parse_template(MIXED, "blandet.toml")
    uuid = create_agreement(store, template, "Ældreplejen", 2026)
    edits.add_goal(store, uuid, "bilag", values={"title": "Tilgængelighed"})
    edits.add_goal(store, uuid, "maal", values={"title": "Kortere ventetid"})
    edits.add_goal(store, uuid, "maal", values={"title": "Flere hænder"})
    return uuid


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory, registry: TemplateRegistry) -> Iterator[dict[str, Any]]:
    """One data folder with the demo, a Skanderborg agreement and the mixed one; each as a Word file."""
    data = tmp_path_factory.mktemp("outline")
    store = open_store(data / "aftaler.sqlite")
    skanderborg = registry.get("skanderborg-udviklingsaftale")
    assert skanderborg is not None
    uuids = {"demo": create_from_seed(store, registry, demo_seed()),
             "skanderborg": make_skanderborg(store, skanderborg),
             "mixed": make_mixed(store)}
    files = {name: export_agreement(store, uuid, data / f"{name}.docx") for name, uuid in uuids.items()}
    texts = LibreOffice(tmp_path_factory.mktemp("libreoffice")).texts(list(files.values()))
    yield {"store": store, "data": data, "uuids": uuids, "texts": dict(zip(files, map(normalise, texts), strict=True))}
    store.close()


def tree_lines(store: Store, uuid: str) -> list[str]:
    """The tree's lines as the outline has them: the window's "Bilag" group (which only gathers the
    appendices on screen) is left out and its appendices stand at the top level, as in the document."""
    model = AgreementTreeModel(AgreementDocument(store, uuid))
    front, *rest = labels(model)
    assert front.startswith("Forside – ")
    lines: list[str] = []
    grouped = False
    for line in rest:
        if line == "Bilag":
            grouped = True
        elif grouped and line.startswith("  "):
            lines.append(line[2:])
        else:
            grouped = False
            lines.append(line)
    assert rest.count("Bilag") == (1 if any(line.startswith("Bilag ") for line in lines) else 0)
    return lines


def canonical_lines(store: Store, uuid: str) -> tuple[list[str], list[str]]:
    """The sections (indented as they nest) and the goals, as the canonical JSON has them."""
    agreement = json.loads(to_json(*_loaded(store, uuid)))["agreement"]

    def sections(items: list[dict[str, Any]], depth: int) -> list[str]:
        return [line for s in items for line in ["  " * depth + s["heading"], *sections(s["children"], depth + 1)]]

    return sections(agreement["sections"], 0), [g["heading"] for g in agreement["goals"]]


def _loaded(store: Store, uuid: str) -> tuple[Any, Any]:
    agreement = load_agreement(store, uuid)
    return agreement, template_of(store, agreement)


@pytest.mark.parametrize("name", ["demo", "skanderborg", "mixed"])
def test_tree_word_show_and_json_agree_on_order_and_headings(qtbot: QtBot, stored: dict[str, Any],
                                                             name: str) -> None:
    store, uuid = stored["store"], stored["uuids"][name]
    agreement, template = _loaded(store, uuid)
    parts = list(walk(outline(agreement, template)))
    tree = tree_lines(store, uuid)

    # what the user sees in the window, written out where the concept is short
    if name == "skanderborg":
        assert tree == SKANDERBORG_OUTLINE
    elif name == "mixed":
        assert tree == MIXED_OUTLINE
    else:
        assert [" ".join(line.split()[:2]) for line in tree if line.startswith("Bilag")] == DEMO_GOALS
        assert tree[:3] == ["1.0 Indledning", "  1.1 Aftalens parter og løbetid", "  1.2 Aftaleområdets kerneydelse"]

    # the command line's summary: the same lines below its header
    show = make_cli(stored["data"])("show", uuid).stdout.splitlines()
    assert show[show.index("") + 1:] == tree

    # the canonical form: the sections as the tree nests them, the goals in the tree's order
    sections, goals = canonical_lines(store, uuid)
    assert sections == [line for line, part in zip(tree, parts, strict=True) if part.type == "section"]
    assert goals == [line.strip() for line, part in zip(tree, parts, strict=True) if part.type == "goal"]

    # the Word file: the table of contents (levels 1 and 2), then every heading in the body, in order
    text = stored["texts"][name]
    contents = text.index("Indholdsfortegnelse")
    after_toc = find_in_order(text, [line.strip() for line in tree if not line.startswith("    ")], contents)
    find_in_order(text, [line.strip() for line in tree], after_toc)


def test_a_goal_placed_in_a_section_follows_that_sections_sub_sections(stored: dict[str, Any]) -> None:
    agreement, template = _loaded(stored["store"], stored["uuids"]["mixed"])
    top = outline(agreement, template)
    assert [(n.type, n.heading, n.depth) for n in top] == [
        ("section", "1. Rammer", 0), ("section", "2. Afslutning", 0), ("goal", "Bilag 1 Tillæg – Tilgængelighed", 0)]
    assert [(n.type, n.number, n.title, n.depth) for n in top[0].children] == [
        ("section", "1.1", "Økonomi", 1), ("goal", "1.1", "Kortere ventetid", 1), ("goal", "1.2", "Flere hænder", 1)]
    assert [n.node.uuid for n in walk(top) if n.node is not None] == [n.uuid for n in walk(top)]


def test_a_goal_of_a_kind_the_template_lost_stays_in_the_json_but_not_in_the_outline(
        store: Store, registry: TemplateRegistry) -> None:
    skanderborg = registry.get("skanderborg-udviklingsaftale")
    assert skanderborg is not None
    uuid = make_skanderborg(store, skanderborg)
    second = load_agreement(store, uuid).goals[1].uuid
    with store.conn:  # as a goal stored under a kind its template no longer has
        store.conn.execute("UPDATE goals SET kind = 'forsvundet' WHERE uuid = ?", (second,))
    agreement, template = _loaded(store, uuid)

    assert [n.heading for n in walk(outline(agreement, template)) if n.type == "goal"] == [
        "A. Nedbringelse af sygefravær", "B. Implementering af Socialpolitikken"]
    goals = json.loads(to_json(agreement, template))["agreement"]["goals"]
    assert [(g["kind"], g["number"], g["fields"]["title"]) for g in goals] == [
        ("udviklingsmaal", "A.", "Nedbringelse af sygefravær"),
        ("udviklingsmaal", "B.", "Implementering af Socialpolitikken"),
        ("forsvundet", "", "Effektivisering i fællesskab")]


def test_the_outline_of_many_sections_and_goals_is_built_in_linear_time(store: Store) -> None:
    """Each section and goal is visited a bounded number of times (indexes, no searching)."""
    from dataclasses import replace

    from tests.storage.test_template_limits import CountingList, CountingTuple, Shape, template_text

    template = parse_template(template_text(Shape(sections=400, goal_kinds=20, flat=True, size=0)), "flad.toml")
    uuid = create_agreement(store, template, "IT-staben", 2026)
    for kind in template.goal_kinds:
        for _ in range(10):
            edits.add_goal(store, uuid, kind.id, values={"title": "Mål"})
    agreement = load_agreement(store, uuid)
    agreement.sections = CountingList(agreement.sections)
    agreement.goals = CountingList(agreement.goals)
    counted = replace(template, sections=CountingTuple(template.sections))
    CountingList.visits = CountingTuple.visits = 0

    parts = list(walk(outline(agreement, counted)))

    assert len(parts) == 400 + 200
    assert CountingList.visits <= 2 * len(parts), CountingList.visits
    assert CountingTuple.visits <= 2 * 400, CountingTuple.visits


@pytest.mark.parametrize("name", ["demo", "skanderborg", "mixed"])
def test_the_overview_and_the_minutes_order_and_number_goals_as_the_outline_does(stored: dict[str, Any],
                                                                                name: str) -> None:
    """They read goals set-based, without loading agreements, but by the outline's rule."""
    store, uuid = stored["store"], stored["uuids"][name]
    agreement, template = _loaded(store, uuid)
    goals = [n for n in walk(outline(agreement, template)) if n.type == "goal"]
    expected = [n.heading for n in goals]
    overview = read_overview(store, agreement.year, None)
    assert [(line.goal_uuid, line.number) for line in overview.goals() if line.agreement_uuid == uuid] == [
        (n.uuid, n.number) for n in goals]
    refs = [ref.heading for ref in goal_refs(store, agreement.year) if ref.agreement_uuid == uuid]
    assert refs == expected
    if name == "mixed":
        assert refs == ["1.1 Kortere ventetid", "1.2 Flere hænder", "Bilag 1 Tillæg – Tilgængelighed"]
