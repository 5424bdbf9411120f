"""A one-form agreement in the window: its single goal is there from the start, and the window
neither adds a second one nor deletes it, saying why (the template says ``single = true``)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from storage.agreements import create_agreement
from storage.database import Store
from storage.templates import parse_template
from tests.conftest import WindowFactory
from tests.ui.helpers import show, stored_goals

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_single_goal_can_be_neither_added_again_nor_deleted(qtbot: QtBot, make_window: WindowFactory,
                                                               store: Store, store_path: Path) -> None:
    template = parse_template((DATA / "one-form-maalaftale.toml").read_text(encoding="utf-8"), "one-form.toml")
    kind = next(k for k in template.goal_kinds if k.single)
    uuid = create_agreement(store, template, "Ældreplejen", 2016)
    [goal] = stored_goals(store_path, uuid, kind.id)  # made with the agreement

    window = make_window()
    assert window.doc is not None and window.doc.uuid == uuid
    [add] = [a for a in window.add_goal_menu.actions() if a.text() == kind.name]
    assert not add.isEnabled() and "kan ikke tilføjes en til" in add.toolTip()
    show(window, goal)
    assert not window.delete_goal_action.isEnabled()
    assert window.delete_goal_action.toolTip() == f"{kind.name} er hele aftalen og kan ikke slettes."

    window.add_goal(kind.id)  # as a shortcut would, were it to fire
    assert "kan ikke tilføjes en til" in window.statusBar().currentMessage()
    window.delete_goal()
    assert window.statusBar().currentMessage() == f"{kind.name} er hele aftalen og kan ikke slettes."
    assert stored_goals(store_path, uuid, kind.id) == [goal]
    assert window.doc.agreement.goals_of_kind(kind.id)[0].uuid == goal
