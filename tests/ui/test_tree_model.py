"""The agreement tree: what it shows, and that it stays a valid model through edits, undo and drops."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from storage import edits
from storage.agreements import create_agreement
from storage.database import Store
from storage.template_limits import LIMITS
from storage.templates import TemplateRegistry, parse_template
from tests.conftest import WindowFactory
from tests.storage.test_template_limits import CountingList, Shape, template_text
from tests.ui.helpers import goals, labels, section, show, stored_goals
from ui.document import AgreementDocument
from ui.main_window import MainWindow
from ui.tree_model import APPENDIX_GROUP, AgreementTreeModel

# ../shared/ lies beside the repository (also in CI's clone); a clone elsewhere finds the workplace's copy
_EXAMPLE_NAME = Path("shared", "examples", "faaborg-midtfyn-it-staben-aftale-2008.txt")
EXAMPLE = next((p for p in (Path(__file__).resolve().parents[3] / _EXAMPLE_NAME, Path("/work") / _EXAMPLE_NAME)
                if p.exists()), Path(__file__).resolve().parents[3] / _EXAMPLE_NAME)

DEMO_TREE = [
    "Forside – IT-staben. Aftale 2008",
    "1.0 Indledning",
    "  1.1 Aftalens parter og løbetid",
    "  1.2 Aftaleområdets kerneydelse",
    "2.0 Den politiske ramme",
    "  2.1 Politiske visioner og målsætninger",
    "  2.2 Politiske indsatsområder",
    "3.0 Den faglige ramme",
    "  3.1 Faglige målsætninger",
    "  3.2 Faglige indsatsområder",
    "  3.3 Gældende politikker, regulativer, planer mv. på fagområdet",
    "4.0 Institutionsrammen",
    "  4.1 Institutionsrammen",
    "5.0 Den administrative ramme",
    "  5.1 Direktionens koncernmål",
    "  5.2 Spilleregler for aftalestyring",
    "  5.3 Gældende politikker, regulativer mv. på koncernniveau",
    "6.0 Den økonomiske ramme",
    "  6.1 Driftsbudget for aftaleholderen",
    "Bilag",
    "  Bilag 1 Politisk indsats – Politiske indsatsområder 2008",
    "  Bilag 2a Faglig indsats – Helpdesk",
    "  Bilag 2b Faglig indsats – Sikkerhedspolitik, herunder IT-Sikkerhed",
    "  Bilag 2c Faglig indsats – IKT-strategi",
    "  Bilag 2d Faglig indsats – Understøtte processer og initiativer til at effektivisere og udnytte IT-systemer"
    " og digitalisering endnu bedre",
    "  Bilag 2e Faglig indsats – Understøtte initiativer i lokalområderne til etablering af bedre"
    " IT-infrastruktur, herunder fiber opkobling",
    "  Bilag 3a Eget indsats – Trådløs opkobling",
    "  Bilag 3b Eget indsats – Groupwise",
    "  Bilag 3c Eget indsats – Lean projekter i IT-staben, bl.a. brugeroprettelse og indkøb",
    "  Bilag 4a Koncernindsats – Sundhed / sygefravær",
    "  Bilag 4b Koncernindsats – Kerneydelsens værdi for borgeren",
]


def _toc() -> str:
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} is not on this machine")
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("Indholdsfortegnelse")
    return text[start:text.index("\n", start)]


def _fold(text: str) -> str:
    return re.sub(r"[\s\-–.]+", " ", text).casefold().strip()


def test_demo_tree_shows_sections_and_every_appendix_in_order(demo_window: MainWindow) -> None:
    model = demo_window.tree_model
    assert model is not None
    assert labels(model) == DEMO_TREE


def test_demo_tree_follows_the_example_table_of_contents(demo_window: MainWindow) -> None:
    """The frames and the appendix numbers, in the order of the 2008 agreement's own ToC."""
    assert demo_window.tree_model is not None
    tree = [label.strip() for label in labels(demo_window.tree_model)]  # the appendices sit under "Bilag"
    toc = _toc()
    frames = re.findall(r"(\d\.0 [A-ZÆØÅ ]+?)\.\.\.", toc)
    appendices = re.findall(r"BILAG (\d[A-Z]?)\b", toc)
    assert len(frames) == 6 and len(appendices) == 11
    assert [_fold(label) for label in tree if re.match(r"\d\.0 ", label)] == [_fold(f) for f in frames]
    shown = [label.split()[1] for label in tree if label.startswith("Bilag ")]
    assert [n.upper() for n in shown] == appendices
    # and each appendix's title is the one in the ToC (the ToC spells "Helpsdesk"; the text says Helpdesk)
    titles = re.findall(r"BILAG \d[A-Z]?[\s\-]+(.+?)\.{2,}", toc)
    for label, title in zip([t for t in tree if t.startswith("Bilag ")][1:], titles[1:], strict=True):
        words = _fold(title.replace("HELPSDESK", "HELPDESK")).split()
        assert all(w in _fold(label) for w in words if len(w) > 3), (label, title)


def test_skanderborg_goals_are_lettered_under_section_5(store: Store, registry: TemplateRegistry) -> None:
    template = registry.get("skanderborg-udviklingsaftale")
    assert template is not None
    uuid = create_agreement(store, template, "Ældre og Handicap", 2016)
    for title in ("Nedbringelse af sygefravær", "Rehabilitering", "Velfærdsteknologi"):
        edits.add_goal(store, uuid, "udviklingsmaal", values={"title": title})
    model = AgreementTreeModel(AgreementDocument(store, uuid))
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    tree = labels(model)
    at = tree.index("5. Aftaleholders mål")
    assert tree[at + 1:at + 4] == ["  A. Nedbringelse af sygefravær", "  B. Rehabilitering", "  C. Velfærdsteknologi"]
    assert tree[at + 4] == "6. Underskrifter"
    assert tree[0] == "Forside – Udviklingsaftale 2016 for Ældre og Handicap"
    del tester


def test_model_stays_valid_through_goal_edits_and_undo(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch, store_path: Path
) -> None:
    window = demo_window
    assert window.tree_model is not None and window.doc is not None
    tester = QAbstractItemModelTester(window.tree_model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    monkeypatch.setattr(window, "confirm", lambda title, text: True)
    before = labels(window.tree_model)
    faglig = goals(window, "faglig")

    show(window, faglig[1])  # 2b → the new goal comes right after it
    window.add_goal("faglig")
    new = window.selected_goal()
    assert new is not None and new not in faglig
    assert goals(window, "faglig") == [*faglig[:2], new, *faglig[2:]]
    tree = labels(window.tree_model)
    assert "  Bilag 2c Faglig indsats" in tree
    assert "  Bilag 2f Faglig indsats – Understøtte initiativer i lokalområderne til etablering af bedre" \
        " IT-infrastruktur, herunder fiber opkobling" in tree

    show(window, faglig[0])
    window.delete_goal()
    assert goals(window, "faglig") == [faglig[1], new, *faglig[2:]]
    assert labels(window.tree_model)[21] == "  Bilag 2a Faglig indsats – Sikkerhedspolitik, herunder IT-Sikkerhed"

    show(window, faglig[3])
    window.move_goal(-1)
    window.move_goal(-1)
    assert goals(window, "faglig") == [faglig[1], faglig[3], new, faglig[2], faglig[4]]
    assert stored_goals(store_path, window.doc.uuid, "faglig") == goals(window, "faglig")

    # politisk has one goal: "Bilag 1"; a second makes them 1a, 1b
    show(window, goals(window, "politisk")[0])
    window.add_goal("politisk")
    assert [t for t in labels(window.tree_model) if t.startswith("  Bilag 1")] == [
        "  Bilag 1a Politisk indsats – Politiske indsatsområder 2008", "  Bilag 1b Politisk indsats"]

    for _ in range(5):
        window.undo_action.trigger()
    assert not window.undo_stack.canUndo()
    assert labels(window.tree_model) == before
    for _ in range(5):
        window.redo_action.trigger()
    assert goals(window, "faglig") == [faglig[1], faglig[3], new, faglig[2], faglig[4]]
    for _ in range(5):
        window.undo_action.trigger()
    assert labels(window.tree_model) == before
    assert stored_goals(store_path, window.doc.uuid, "faglig") == faglig
    del tester


def test_selection_and_expansion_survive_a_structure_change(demo_window: MainWindow) -> None:
    window = demo_window
    assert window.tree_model is not None
    koncern = goals(window, "koncern")
    show(window, koncern[1])
    window.add_goal("faglig")  # rows are inserted above the selected goal …
    show(window, koncern[1])
    window.undo_action.trigger()  # … and removed again
    assert window.selected_goal() == koncern[1]
    assert window.tree.isExpanded(window.tree_model.index_for(section(window, "3.0")))


def _row(window: MainWindow, goal_uuid: str) -> int:
    assert window.tree_model is not None
    return window.tree_model.index_for(goal_uuid).row()


def test_dropping_a_goal_moves_it_through_the_undo_stack(
    demo_window: MainWindow, store_path: Path, qtbot: QtBot
) -> None:
    window = demo_window
    model = window.tree_model
    assert model is not None and window.doc is not None
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    faglig = goals(window, "faglig")
    move = Qt.DropAction.MoveAction
    mime = model.mimeData([model.index_for(faglig[0])])

    # drop Helpdesk (2a) between 2d and 2e, in the "Bilag" group
    target_row = _row(window, faglig[4])
    appendices = model.index_for(APPENDIX_GROUP)
    assert not model.canDropMimeData(mime, move, target_row, 0, QModelIndex())  # among the sections
    assert model.canDropMimeData(mime, move, target_row, 0, appendices)
    with qtbot.waitSignal(model.moveGoalRequested, timeout=1000) as signal:
        assert model.dropMimeData(mime, move, target_row, 0, appendices) is False  # the view must not move it
    assert signal.args == [faglig[0], 3]
    expected = [faglig[1], faglig[2], faglig[3], faglig[0], faglig[4]]
    assert goals(window, "faglig") == expected
    assert stored_goals(store_path, window.doc.uuid, "faglig") == expected
    assert labels(model)[24] == "  Bilag 2d Faglig indsats – Helpdesk"
    assert window.undo_action.text().startswith("Fortryd Flyt »Bilag 2a Faglig indsats – Helpdesk«")
    assert window.selected_goal() == faglig[0]

    window.undo_action.trigger()
    assert goals(window, "faglig") == faglig
    assert stored_goals(store_path, window.doc.uuid, "faglig") == faglig

    # dropped onto another goal of its kind: placed before it
    mime = model.mimeData([model.index_for(faglig[4])])
    model.dropMimeData(mime, move, -1, 0, model.index_for(faglig[1]))
    assert goals(window, "faglig") == [faglig[0], faglig[4], faglig[1], faglig[2], faglig[3]]
    window.undo_action.trigger()
    assert goals(window, "faglig") == faglig
    del tester


def test_a_goal_cannot_be_dropped_into_a_section_or_onto_another_kind(demo_window: MainWindow) -> None:
    window = demo_window
    model = window.tree_model
    assert model is not None and window.doc is not None
    move = Qt.DropAction.MoveAction
    helpdesk = goals(window, "faglig")[0]
    mime = model.mimeData([model.index_for(helpdesk)])
    frame = model.index_for(section(window, "3.0"))
    assert not model.canDropMimeData(mime, move, 0, 0, frame)
    assert not model.canDropMimeData(mime, move, -1, 0, model.index_for(goals(window, "eget")[0]))
    assert not model.canDropMimeData(model.mimeData([frame]), move, 0, 0, QModelIndex())
    assert not model.flags(frame) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(model.index_for(helpdesk)) & Qt.ItemFlag.ItemIsDragEnabled
    count = window.undo_stack.count()
    model.dropMimeData(mime, move, 0, 0, frame)
    assert window.undo_stack.count() == count


def test_read_only_tree_offers_no_drag_or_drop(make_window: WindowFactory, demo_uuid: str) -> None:
    window = make_window(read_only=True)
    model = window.tree_model
    assert model is not None
    helpdesk = goals(window, "faglig")
    index = model.index_for(helpdesk[0])
    assert not model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.canDropMimeData(model.mimeData([index]), Qt.DropAction.MoveAction, _row(window, helpdesk[3]),
                                     0, model.index_for(APPENDIX_GROUP))


def test_the_tree_of_a_template_at_the_limits_is_built_with_linear_work(store: Store) -> None:
    """Every section once, every goal once, each looked up in an index: no search per node.
    (Before, each section searched all sections for its children and its definition, and each
    new row searched all rows before it.)"""
    template = parse_template(template_text(Shape(flat=True)), "flad.toml")
    uuid = create_agreement(store, template, "IT-staben", 2026)
    for kind in template.goal_kinds:
        edits.add_goal(store, uuid, kind.id, values={"title": f"Mål {kind.id}"})
    doc = AgreementDocument(store, uuid)
    doc.agreement.sections = CountingList(doc.agreement.sections)
    CountingList.visits = 0

    model = AgreementTreeModel(doc)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    tree = labels(model)
    assert len(tree) == 1 + LIMITS.sections + LIMITS.goal_kinds + 1  # and the group of the appendices
    assert tree[1] == f"0. {'T' * 300}" and tree[2] == "  1.1 Mål k1"  # kinds placed in s0, then its text
    assert tree[-1] == f"  {LIMITS.goal_kinds - 2}.1 Mål k{LIMITS.goal_kinds - 2}"  # the appendix kinds last
    assert CountingList.visits <= 2 * LIMITS.sections, CountingList.visits

    # a structure change: one new goal among 500 sections is placed without a search per row
    model.root.children = CountingList(model.root.children)
    CountingList.visits = 0
    edits.add_goal(store, uuid, "k0", index=0, values={"title": "Først"})
    doc.reload()
    doc.structureChanged.emit()
    appendix = labels(model)[-(LIMITS.goal_kinds // 2 + 1):]
    assert appendix[:3] == ["  0.1 Først", "  0.2 Mål k0", "  2.1 Mål k2"]
    assert CountingList.visits <= 3 * len(model.root.children), CountingList.visits
    del tester
