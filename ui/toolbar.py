"""The window's toolbar: the common actions with icons from one set (:mod:`ui.icons`), and a tree
context menu with the goal actions that fit the node clicked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from ui.icons import icon

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_toolbar(window: MainWindow) -> QToolBar:
    bar = QToolBar("Værktøjslinje", window)
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(20, 20))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    icons = ((window.new_action, "new-agreement"), (window.new_goal_action, "add-goal"),
             (window.delete_goal_action, "delete-goal"), (window.move_up_action, "move-up"),
             (window.move_down_action, "move-down"), (window.undo_action, "undo"), (window.redo_action, "redo"),
             (window.export_word_action, "export-word"), (window.send_colleague_action, "send-colleague"),
             (window.import_action, "import"), (window.demo_action, "demo"))
    for action, name in icons:
        action.setIcon(icon(name))
    bar.addAction(window.new_action)
    bar.addSeparator()
    bar.addAction(window.new_goal_action)
    button = bar.widgetForAction(window.new_goal_action)
    if isinstance(button, QToolButton):  # the arrow beside it offers every kind
        button.setMenu(window.add_goal_menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    for action in (window.delete_goal_action, window.move_up_action, window.move_down_action):
        bar.addAction(action)
    bar.addSeparator()
    bar.addAction(window.undo_action)
    bar.addAction(window.redo_action)
    bar.addSeparator()
    bar.addAction(window.export_word_action)
    bar.addAction(window.send_colleague_action)
    short = {window.new_action: "Ny aftale", window.new_goal_action: "Ny indsats",
             window.export_word_action: "Word", window.send_colleague_action: "Send til kollega"}
    for action in bar.actions():
        if action.isSeparator():  # a separator's widget is a private Qt class: PySide6 would try every type
            continue
        widget = bar.widgetForAction(action)
        if isinstance(widget, QToolButton):
            if action in short:
                widget.setText(short[action])
            else:
                widget.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            keys = action.shortcut().toString()
            tip = action.toolTip().split(" (")[0]
            widget.setToolTip(f"{tip} ({keys})" if keys else tip)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar


def tree_menu(window: MainWindow) -> QMenu:
    """The context menu of the tree's current node: add a goal of a kind that fits, delete, move."""
    menu = QMenu(window.tree)
    for kind_id, name in window.kinds_for_node():
        action = QAction(icon("add-goal"), f"Tilføj {name.lower()}", menu)
        action.triggered.connect(lambda _=False, k=kind_id: window.add_goal(k))
        action.setEnabled(window.may_add(kind_id))
        menu.addAction(action)
    other = QMenu("Tilføj indsats af en anden art", menu)
    other.addActions(window.add_goal_menu.actions())
    other.setEnabled(window.add_goal_menu.isEnabled())
    menu.addMenu(other)
    if window.selected_goal() is not None:
        menu.addSeparator()
        menu.addActions([window.delete_goal_action, window.move_up_action, window.move_down_action])
    return menu


def show_tree_menu(window: MainWindow, pos: QPoint) -> QMenu | None:
    index = window.tree.indexAt(pos)
    if index.isValid():
        window.tree.setCurrentIndex(index)
    if window.doc is None:
        return None
    menu = tree_menu(window)
    menu.popup(window.tree.viewport().mapToGlobal(pos))
    return menu
