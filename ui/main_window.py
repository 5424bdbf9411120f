"""The main window: agreement list and tree on the left, the form editor on the right.

The right-hand side is a stack: the form, the welcome page of an empty store, and the page of the
tree's appendix group. A toolbar and the tree's context menu carry the goal actions (ui.toolbar)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # its dialogs and message boxes: Python types made when first shown
from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from storage import goal_rules
from storage.agreements import copy_for_next_year, create_agreement, exists
from storage.database import Store, open_store
from storage.errors import StoreError
from storage.goal_places import kinds_described_in
from storage.template_model import GoalKind
from storage.templates import TemplateRegistry
from ui import commands, crash_guard
from ui.agreement_list import AgreementListPanel
from ui.backup_controller import BackupController
from ui.bundle_controller import BundleController
from ui.document import AgreementDocument
from ui.editors.rows import RowTableEditor
from ui.export_controller import ExportController
from ui.followup_round import FollowUpRounds, RoundBar
from ui.form_editor import FormEditor
from ui.look import SPACING, panel_header
from ui.main_menus import build_menus, make_action
from ui.save_status import SaveGuard, SaveProblemBanner, saved_text, short_path, where_text
from ui.status_marks import StatusMarkDelegate
from ui.toolbar import build_toolbar, show_tree_menu
from ui.tree_model import APPENDIX_GROUP, AgreementTreeModel
from ui.welcome_page import AddGoalButtons, AppendixPage, WelcomePage

if TYPE_CHECKING:  # what only a menu opens is imported when it is opened: start-up stays short
    from PySide6.QtWidgets import QDialog

    from exporters.batch import BatchResult
    from ui.minutes_window import MinutesWindow
    from ui.overview_window import OverviewWindow

APP_TITLE = "Aftaler"


class MainWindow(QMainWindow):
    # actions and menus, made by ui.main_menus.build_menus
    new_action: QAction
    copy_action: QAction
    switch_action: QAction
    quit_action: QAction
    export_word_action: QAction
    export_many_action: QAction
    send_action: QAction
    undo_action: QAction
    redo_action: QAction
    delete_goal_action: QAction
    move_up_action: QAction
    move_down_action: QAction
    new_goal_action: QAction
    send_colleague_action: QAction
    import_action: QAction
    demo_action: QAction
    row_actions: list[QAction]
    add_goal_menu: QMenu
    backup_menu: QMenu
    followup_menu: QMenu
    overview_action: QAction
    overview_window: OverviewWindow | None = None
    minutes_action: QAction
    minutes_window: MinutesWindow | None = None

    def __init__(self, store: Store, templates: TemplateRegistry, settings: QSettings,
                 backup_dir: Path | None = None, word_dir: Path | None = None,
                 parent: QWidget | None = None, template_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.template_dir = template_dir  # the user's own templates (shown in Om Aftaler)
        self.templates = templates
        self.settings = settings
        self.doc: AgreementDocument | None = None
        self.tree_model: AgreementTreeModel | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)

        self.agreements = AgreementListPanel(store, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("agreementTree")
        self.tree.setHeaderHidden(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(lambda pos: show_tree_menu(self, pos))
        self.form = FormEditor(self.undo_stack, self)
        self.followup = FollowUpRounds(self)
        self.form.followup = self.followup
        self.tree.setItemDelegate(StatusMarkDelegate(self.followup, self.tree))

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setObjectName("leftSplitter")
        left.addWidget(self._titled("Aftaler", self.agreements))
        left.addWidget(self._titled("Indhold", self.tree))
        left.setStretchFactor(1, 3)
        self.left_splitter = left
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.save_banner = SaveProblemBanner(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.save_banner)
        self.round_bar = RoundBar(self.followup, right)
        right_layout.addWidget(self.round_bar)
        right_layout.addWidget(self.form, 1)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(right)
        self.form_page = right
        self.appendix_page = AppendixPage(self)
        self.pages.addWidget(self.appendix_page)
        self.welcome: WelcomePage | None = None
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 3)
        self.setCentralWidget(self.splitter)
        self.saved_label = QLabel(self)
        self.saved_label.setContentsMargins(SPACING, 0, SPACING, 0)
        self._show_where()
        self.statusBar().addPermanentWidget(self.saved_label)
        self.save_guard = SaveGuard(self.save_banner, self.saved_label, self, flush=lambda: self.form.flush())

        self.exports = ExportController(self, settings, lambda: self.store, word_dir)
        self.backups = BackupController(store.path, backup_dir or store.path.parent / "sikkerhedskopier", self,
                                        reopen=self._reopen_store, close_store=self._close_store)
        self.bundles = BundleController(self, self.backups.backup_dir)
        build_menus(self)
        self.toolbar = build_toolbar(self)
        self.backups.fill_menu(self.backup_menu, store.read_only)
        self.agreements.agreementChosen.connect(self.open_agreement)
        self.undo_stack.indexChanged.connect(self._update_actions)
        # after undo/redo only: on a push (e.g. the form saving as the user leaves a node) it would pull
        # the user back to the node just left, re-entering the form while it is being rebuilt
        self.undo_action.triggered.connect(self._show_last_touched)
        self.redo_action.triggered.connect(self._show_last_touched)
        self._restore_layout()
        self._update_actions()
        self._update_title()

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, SPACING)
        layout.setSpacing(SPACING)
        layout.addWidget(panel_header(title, widget, box))
        inner = QVBoxLayout()
        inner.setContentsMargins(SPACING, 0, SPACING, 0)
        inner.addWidget(widget)
        layout.addLayout(inner)
        return box

    def _show_where(self) -> None:
        """Before the first edit the status bar says where the agreements are kept."""
        self.saved_label.setText(where_text(self.store.path, self.store.read_only))
        self.saved_label.setToolTip(str(self.store.path))

    # --- the right-hand pages ---------------------------------------------------------------

    def update_page(self) -> None:
        """The welcome page while the store is empty, the appendix page for the tree's "Bilag", else the form."""
        if self.doc is None and not self.agreements.visible_uuids() and not self.agreements.unit.text():
            if self.welcome is None:
                self.welcome = WelcomePage([
                    (self.new_action, "new-agreement", "Vælg kommunens skabelon, enheden og året."),
                    (self.demo_action, "demo", "Se en færdig aftale (IT-staben 2008), før du skriver din egen."),
                    (self.import_action, "import", "Åbn en .aftale-fil, som en kollega har sendt dig."),
                ], short_path(self.store.path), self)
                self.pages.addWidget(self.welcome)
            self.pages.setCurrentWidget(self.welcome)
            return
        node = self.tree_model.node(self.tree.currentIndex()) if self.tree_model else None
        if node is not None and node.uuid == APPENDIX_GROUP and self.doc is not None:
            self.appendix_page.set_kinds(self.doc.template.appendix_kinds(), self.add_goal, not self.store.read_only)
            self.pages.setCurrentWidget(self.appendix_page)
        else:
            self.pages.setCurrentWidget(self.form_page)

    def _add_section_buttons(self, node_uuid: str | None) -> None:
        """In the form of a section whose goals are described in it (2.2, 3.2 …): a "Tilføj …" button
        per goal kind, under the section's title and guidance."""
        section = self.doc.section(node_uuid) if self.doc is not None and node_uuid else None
        page = self.form.widget()
        layout = page.layout() if page is not None else None
        if section is None or self.doc is None or page is None or not isinstance(layout, QVBoxLayout):
            return
        kinds = kinds_described_in(self.doc.template, section.key)
        if not kinds:
            return
        title = page.findChild(QLabel, "formTitle")
        at = layout.indexOf(title) + 1 if title is not None else 0
        item = layout.itemAt(at)
        following = item.widget() if item is not None else None
        definition = self.doc.template.section(section.key)
        if isinstance(following, QLabel) and definition is not None and following.text() == definition.guidance:
            at += 1
        layout.insertWidget(at, AddGoalButtons(kinds, self.add_goal, not self.store.read_only, page))

    # --- menus -------------------------------------------------------------------------

    def _rebuild_goal_menu(self) -> None:
        self.add_goal_menu.clear()
        if self.doc is None:
            return
        for kind in self.doc.template.goal_kinds:
            refusal = goal_rules.add_refusal(kind, len(self.doc.agreement.goals_of_kind(kind.id)))
            action = make_action(self, kind.name, lambda _=False, k=kind.id: self.add_goal(k), None,
                                  refusal or f"Tilføj en ny {kind.name.lower()}")
            action.setEnabled(refusal is None)  # a one-form agreement's goal is made with it
            self.add_goal_menu.addAction(action)

    def _update_actions(self) -> None:
        writable = self.doc is not None and not self.store.read_only
        goal = self.selected_goal()
        self.add_goal_menu.setEnabled(writable)
        fitting = self.kinds_for_node()
        self.new_goal_action.setEnabled(writable and bool(fitting) and self.may_add(fitting[0][0]))
        self.new_goal_action.setText(f"&Ny {fitting[0][1].lower()}" if fitting else "&Ny indsats")
        refusal = self.delete_refusal(goal)
        self.delete_goal_action.setEnabled(writable and goal is not None and refusal is None)
        self.delete_goal_action.setToolTip(refusal or "Slet den valgte indsats (kan fortrydes)")
        self.move_up_action.setEnabled(writable and goal is not None)
        self.move_down_action.setEnabled(writable and goal is not None)
        self.new_action.setEnabled(not self.store.read_only)
        self.demo_action.setEnabled(not self.store.read_only)
        self.copy_action.setEnabled(writable)
        self.export_word_action.setEnabled(self.doc is not None)
        self.send_colleague_action.setEnabled(self.doc is not None)  # reading is enough to send a copy
        self.send_action.setEnabled(writable)
        for action in self.row_actions:
            action.setEnabled(writable)

    def _update_title(self) -> None:
        name = self.doc.agreement.title if self.doc else ""
        suffix = " (skrivebeskyttet)" if self.store.read_only else ""
        self.setWindowTitle(f"{name} – {APP_TITLE}{suffix}" if name else f"{APP_TITLE}{suffix}")

    # --- opening agreements --------------------------------------------------------------

    def open_agreement(self, agreement_uuid: str, again: bool = False) -> None:
        """Show the agreement (``again``: read it again even if it is the one shown)."""
        if not again and self.doc is not None and self.doc.uuid == agreement_uuid:
            return
        self.form.flush()
        if not self.save_guard.may_leave("skifte til en anden aftale"):
            if self.doc is not None:
                self.agreements.select(self.doc.uuid)
            return
        try:
            doc = AgreementDocument(self.store, agreement_uuid, self)
        except StoreError as exc:
            self.show_error("Aftalen kan ikke åbnes", str(exc))
            return
        old = self.doc
        self.undo_stack.clear()
        self.doc = doc
        self.tree_model = AgreementTreeModel(doc)
        self.tree_model.moveGoalRequested.connect(self._move_goal_to)
        self.tree.setModel(self.tree_model)
        self.tree.expandAll()
        self.tree.selectionModel().currentChanged.connect(self._node_changed)
        self.followup.set_document(doc)
        self.form.set_document(doc)
        self.save_guard.set_document(doc)
        doc.saved.connect(self._saved)
        doc.structureChanged.connect(self._update_actions)
        if old is not None:
            old.deleteLater()
        self.agreements.select(agreement_uuid)
        if self.settings.value("last_agreement") != agreement_uuid:  # at start it is: no settings file written
            self.settings.setValue("last_agreement", agreement_uuid)
        self._rebuild_goal_menu()
        self.select_node(agreement_uuid)
        self._update_actions()
        self._update_title()
        self.update_page()

    def open_last(self) -> None:
        last = self.settings.value("last_agreement")
        if isinstance(last, str) and exists(self.store, last):
            self.open_agreement(last)
        elif self.agreements.visible_uuids():
            self.open_agreement(self.agreements.visible_uuids()[0])
        self.update_page()

    def select_node(self, node_uuid: str) -> None:
        if self.tree_model is None:
            return
        index = self.tree_model.index_for(node_uuid)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _node_changed(self, current: QModelIndex) -> None:
        node = self.tree_model.node(current) if self.tree_model else None
        self.form.show_node(node.uuid if node else None)
        self._add_section_buttons(node.uuid if node else None)
        self._update_actions()
        self.update_page()

    def _row_action(self, act: Callable[[RowTableEditor], None]) -> None:
        """Act on the list or table that has the keyboard focus."""
        widget = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, RowTableEditor):
            widget = widget.parentWidget()
        if widget is None:
            self.statusBar().showMessage("Klik først i en liste eller tabel (fx Delmål eller Handleplan).", 5000)
            return
        act(widget)

    def _show_last_touched(self) -> None:
        """After undo/redo, show the node that changed (it may not be the one on screen)."""
        if self.doc is None or self.doc.last_touched is None or self.tree_model is None:
            return
        current = self.tree_model.node(self.tree.currentIndex())
        if current is None or current.uuid != self.doc.last_touched:
            self.select_node(self.doc.last_touched)

    def selected_goal(self) -> str | None:
        if self.tree_model is None:
            return None
        node = self.tree_model.node(self.tree.currentIndex())
        return node.uuid if node is not None and node.node_type == "goal" else None

    def _saved(self) -> None:
        self.backups.note_edit()
        self.saved_label.setText(saved_text())
        self.agreements.refresh()
        self._update_title()

    # --- edits -------------------------------------------------------------------------

    def delete_refusal(self, goal: str | None) -> str | None:
        node = self.doc.goal(goal) if self.doc is not None and goal is not None else None
        return goal_rules.delete_refusal(self.doc.template.goal_kind(node.kind)) if self.doc and node else None

    def kinds_for_node(self) -> list[tuple[str, str]]:
        """The goal kinds (id, name) that fit the tree's current node: a goal's own kind, the kinds
        placed in a section, the appendix kinds for the "Bilag" group; else every kind."""
        if self.doc is None:
            return []
        template = self.doc.template
        node = self.tree_model.node(self.tree.currentIndex()) if self.tree_model else None
        own = template.goal_kind(node.kind) if node is not None and node.node_type == "goal" else None
        section = self.doc.section(node.uuid) if node is not None else None
        if own is not None:
            kinds: tuple[GoalKind, ...] = (own,)
        elif node is not None and node.node_type == "group":
            kinds = template.appendix_kinds()
        else:
            kinds = (kinds_described_in(template, section.key) if section else ()) or template.goal_kinds
        return [(kind.id, kind.name) for kind in kinds]

    def may_add(self, kind_id: str) -> bool:
        doc = self.doc
        kind = doc.template.goal_kind(kind_id) if doc is not None else None
        if doc is None or kind is None or self.store.read_only:
            return False
        return goal_rules.add_refusal(kind, len(doc.agreement.goals_of_kind(kind_id))) is None

    def add_fitting_goal(self) -> None:
        """Rediger → Ny indsats (Ctrl+Shift+N): a goal of the kind that fits the selection."""
        fitting = self.kinds_for_node()
        if fitting:
            self.add_goal(fitting[0][0])

    def add_goal(self, kind_id: str) -> None:
        if self.doc is None or self.store.read_only:
            return
        kind = self.doc.template.goal_kind(kind_id)
        refusal = goal_rules.add_refusal(kind, len(self.doc.agreement.goals_of_kind(kind_id)))
        if refusal or kind is None:
            self.statusBar().showMessage(refusal or "", 8000)
            return
        index = len(self.doc.agreement.goals_of_kind(kind_id))
        selected = self.selected_goal()
        if selected is not None:
            selected_kind, selected_index = self.doc.goal_index(selected)
            if selected_kind == kind_id:
                index = selected_index + 1
        command = commands.AddGoalCommand(self.doc, kind_id, kind.name, index)
        goal_uuid = command.goal_uuid  # the stack drops (deletes) a command whose change was not saved
        self.undo_stack.push(command)
        if self.doc.node(goal_uuid) is None:
            return
        self.select_node(goal_uuid)
        self.form.setFocus()
        first = next(iter(self.form.editors.values()), None)
        if first is not None:
            first.setFocus()

    def delete_goal(self) -> None:
        goal = self.selected_goal()
        if self.doc is None or goal is None or self.store.read_only:
            return
        refusal = self.delete_refusal(goal)
        if refusal:
            self.statusBar().showMessage(refusal, 8000)
            return
        label = self.doc.goal_label(goal)
        if not self.confirm("Slet indsats", f"Vil du slette »{label}«?\n\nDu kan fortryde med Ctrl+Z."):
            return
        kind, index = self.doc.goal_index(goal)
        self.undo_stack.push(commands.DeleteGoalCommand(self.doc, goal))
        remaining = self.doc.agreement.goals_of_kind(kind)
        if remaining:
            self.select_node(remaining[min(index, len(remaining) - 1)].uuid)

    def move_goal(self, step: int) -> None:
        goal = self.selected_goal()
        if self.doc is None or goal is None:
            return
        kind, index = self.doc.goal_index(goal)
        if 0 <= index + step < len(self.doc.agreement.goals_of_kind(kind)):
            self._move_goal_to(goal, index + step)

    def _move_goal_to(self, goal_uuid: str, index: int) -> None:
        if self.doc is None or self.store.read_only or self.doc.goal_index(goal_uuid)[1] == index:
            return
        self.undo_stack.push(commands.MoveGoalCommand(self.doc, goal_uuid, index))
        self.select_node(goal_uuid)

    def new_agreement(self) -> None:
        if self.store.read_only:
            return
        if not self.templates.templates:
            self.show_error("Ingen skabeloner", "Der er ingen skabeloner, der kan bruges.")
            return
        from ui.new_agreement_dialog import NewAgreementDialog

        dialog = NewAgreementDialog(self.templates, self)
        if not dialog.exec():
            return
        template_id, unit, year = dialog.choice()
        template = self.templates.get(template_id)
        assert template is not None
        try:
            new = create_agreement(self.store, template, unit, year)
        except StoreError as exc:
            self.show_error("Aftalen kunne ikke oprettes", str(exc))
            return
        self.agreements.refresh()
        self.open_agreement(new)

    def open_demo(self) -> None:
        """Hjælp → Åbn demoaftalen: the demo agreement (IT-staben 2008) added to the store and opened."""
        if self.store.read_only:
            return
        from storage.seed import create_from_seed, demo_seed

        try:
            new = create_from_seed(self.store, self.templates, demo_seed())
        except (StoreError, OSError, ValueError) as exc:
            self.show_error("Demoaftalen kunne ikke oprettes", str(exc))
            return
        self.agreements.refresh()
        self.open_agreement(new)

    def copy_agreement(self) -> None:
        if self.doc is None or self.store.read_only:
            return
        self.form.flush()
        if not self.save_guard.all_saved("kopiere aftalen til næste år"):
            return
        from ui.next_year_dialog import choose_years_to_move

        moved = choose_years_to_move(self.doc, self)
        if moved is None:
            return
        try:
            new = copy_for_next_year(self.store, self.doc.uuid, moved)
        except StoreError as exc:
            self.show_error("Aftalen kunne ikke kopieres", str(exc))
            return
        self.agreements.refresh()
        self.open_agreement(new)
        self.statusBar().showMessage("Aftalen er kopieret til næste år.", 5000)

    # --- Word export ---------------------------------------------------------------------------

    def export_word(self, _checked: bool = False, target: Path | None = None) -> Path | None:
        if self.doc is None:
            return None
        self.form.flush()
        if not self.save_guard.all_saved("eksportere til Word"):
            return None
        return self.exports.export_one(self.doc.uuid, target)

    def send_for_signature(self, _checked: bool = False, target: Path | None = None) -> Path | None:
        if self.doc is None or self.store.read_only:
            return None
        self.form.flush()
        if not self.save_guard.all_saved("sende aftalen til underskrift"):
            return None
        written = self.exports.send(self.doc.uuid, target)
        self.doc.reload()
        self.agreements.refresh()
        return written

    def export_many(self, _checked: bool = False, uuids: list[str] | None = None,
                    folder: Path | None = None) -> BatchResult | None:
        self.form.flush()
        if not self.save_guard.all_saved("eksportere til Word"):
            return None
        return self.exports.export_many(self.agreements.year.currentData(), uuids, folder)

    # --- the status overview ------------------------------------------------------------------

    def show_overview(self) -> OverviewWindow:
        if self.overview_window is None:
            from ui.overview_window import OverviewWindow

            self.overview_window = OverviewWindow(lambda: self.store, self.agreements.year.currentData(), self)
            self.overview_window.goalChosen.connect(self.show_goal)
        else:
            self.overview_window.reload()
        self.overview_window.show()
        self.overview_window.raise_()
        self.overview_window.activateWindow()
        return self.overview_window

    def show_goal(self, agreement_uuid: str, goal_uuid: str) -> None:
        """Open the agreement and select the goal (a double-click in the overview)."""
        self.open_agreement(agreement_uuid)
        if self.doc is not None and self.doc.uuid == agreement_uuid:
            self.select_node(goal_uuid)
            self.raise_()
            self.activateWindow()

    def open_minutes(self) -> MinutesWindow:
        """Opfølgning → Dialogmøder …: the minutes window (one, kept open beside this one)."""
        if self.minutes_window is None:
            from ui.minutes_window import MinutesWindow

            self.minutes_window = MinutesWindow(lambda: self.store, self.exports.word_dir, self)
        self.minutes_window.refresh()
        self.minutes_window.show()
        self.minutes_window.raise_()
        self.minutes_window.activateWindow()
        return self.minutes_window

    # --- the store itself ------------------------------------------------------------------

    def _close_store(self) -> bool:
        """Close the store (to put a backup in its place); False if the user keeps unsaved typing."""
        self.form.flush()
        if not self.save_guard.may_leave("lægge en sikkerhedskopi tilbage"):
            return False
        self.save_guard.set_document(None)
        self.followup.set_document(None)
        self.form.set_document(None)
        self.tree.setModel(None)
        self.tree_model = None
        if self.doc is not None:
            self.doc.deleteLater()
        self.doc = None
        self.undo_stack.clear()
        self.store.close()
        return True

    def _reopen_store(self) -> None:
        try:
            store = open_store(self.store.path)
        except StoreError as exc:
            self.show_error("Databasen kan ikke åbnes", str(exc))
            return
        self.store = store
        self.agreements.set_store(store)
        self.open_last()
        self._update_actions()
        self.statusBar().showMessage("Sikkerhedskopien er lagt tilbage.", 8000)

    def report_template_errors(self, errors: list[str]) -> None:
        if not errors:
            return
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, "Skabeloner med fejl",
                                    "Nogle skabeloner kunne ikke indlæses. De andre kan bruges som normalt.",
                                    QtWidgets.QMessageBox.StandardButton.Ok, self)
        box.setDetailedText("\n\n".join(errors))
        box.setInformativeText("\n".join(errors[:5]))
        box.setModal(False)
        box.show()
        self.template_errors_box = box

    # --- helpers -----------------------------------------------------------------------

    def focus_list(self) -> None:
        self.agreements.view.setFocus()

    def confirm(self, title: str, text: str) -> bool:
        button = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(self, title, text, button.Yes | button.No, button.No)
        return answer == button.Yes

    def show_error(self, title: str, text: str) -> None:
        crash_guard.note_error(f"{title}: {text}")
        QtWidgets.QMessageBox.warning(self, title, text)

    def about(self) -> QDialog:
        """Hjælp → Om Aftaler: version, where the agreements and templates are, buttons that open them."""
        from ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.store.path, self.template_dir, self.backups.backup_dir, self)
        dialog.setModal(True)
        dialog.show()
        self.about_dialog = dialog
        return dialog

    def copy_error_report(self) -> str:
        """Hjælp → Kopiér fejlrapport: version, platform and the last error, on the clipboard for IT support."""
        from ui.about_dialog import copy_error_report

        text = copy_error_report(self.store.path)
        self.statusBar().showMessage("Fejlrapporten er kopieret. Sæt den ind i en mail til IT-support.", 8000)
        return text

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        for key, splitter in (("window/main_splitter", self.splitter), ("window/left_splitter", self.left_splitter)):
            state = self.settings.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)
            elif splitter is self.splitter:
                splitter.setSizes([440, 840])
            else:
                splitter.setSizes([260, 520])

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/main_splitter", self.splitter.saveState())
        self.settings.setValue("window/left_splitter", self.left_splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.form.flush()
        if not self.save_guard.may_leave("lukke Aftaler"):
            event.ignore()
            return
        self.save_layout()
        super().closeEvent(event)
