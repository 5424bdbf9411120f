"""The window's menus: every action has a menu entry, the common ones a standard shortcut."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from ui.editors.rows import RowTableEditor

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def make_action(window: MainWindow, text: str, slot: object,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip or text.replace("&", "").replace("…", ""))
    action.triggered.connect(slot)
    return action


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&Filer")
    window.new_action = make_action(window, "&Ny aftale …", window.new_agreement, QKeySequence.StandardKey.New,
                                   "Opret en ny aftale ud fra en skabelon")
    window.copy_action = make_action(window, "Ny aftale for &næste år …", window.copy_agreement, "Ctrl+Shift+K",
                                    "Kopiér den åbne aftale til næste år")
    window.switch_action = make_action(window, "&Skift aftale", window.focus_list, QKeySequence.StandardKey.Open,
                                      "Gå til listen over aftaler")
    window.quit_action = make_action(window, "&Afslut", window.close, QKeySequence.StandardKey.Quit, "Luk Aftaler")
    for action in (window.new_action, window.copy_action, window.switch_action):
        file_menu.addAction(action)
    file_menu.addSeparator()
    window.export_word_action = make_action(window, "Eksportér til &Word …", window.export_word, "Ctrl+E",
                                           "Gem den åbne aftale som Word-fil")
    window.export_many_action = make_action(window, "Eksportér &flere til Word …", window.export_many, "Ctrl+Shift+E",
                                           "Gem mange aftaler (fx alle for et år) som Word-filer i én mappe")
    window.send_action = make_action(window, "Send til &underskrift …", window.send_for_signature, "Ctrl+Shift+U",
                                    "Gem Word-filen til underskrift og notér revision og dato")
    for action in (window.export_word_action, window.export_many_action, window.send_action):
        file_menu.addAction(action)
    file_menu.addSeparator()
    bundles = window.bundles
    window.send_colleague_action = make_action(window, "Send til &kollega …", bundles.send_to_colleague, None,
                                               "Gem den åbne aftale som en .aftale-fil, der kan sendes med mail")
    window.import_action = make_action(window, "&Importér fra kollega …", bundles.choose_and_import, "Ctrl+Shift+I",
                                       "Vis, hvad en .aftale-fil fra en kollega indeholder, og importér den")
    for action in (
        window.send_colleague_action,
        make_action(window, "Eksportér &pakke …", bundles.export_bundle, None,
                    "Gem flere aftaler (fx alle for et år) i én .aftale-fil"),
        window.import_action,
    ):
        file_menu.addAction(action)
    file_menu.addSeparator()
    window.backup_menu = file_menu.addMenu("Sikker&hedskopier")
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)

    edit_menu = bar.addMenu("&Rediger")
    window.undo_action = window.undo_stack.createUndoAction(window, "Fortryd")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.redo_action = window.undo_stack.createRedoAction(window, "Gentag")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    window.new_goal_action = make_action(window, "&Ny indsats", window.add_fitting_goal, "Ctrl+Shift+N",
                                         "Tilføj en indsats af den art, der passer til det valgte i træet")
    edit_menu.addAction(window.new_goal_action)
    window.add_goal_menu = edit_menu.addMenu("&Tilføj indsats")
    window.delete_goal_action = make_action(window, "&Slet indsats …", window.delete_goal, "Ctrl+Shift+Del",
                                           "Slet den valgte indsats (kan fortrydes)")
    window.move_up_action = make_action(window, "Flyt indsats &op", lambda: window.move_goal(-1), "Ctrl+Shift+Up",
                                       "Flyt den valgte indsats én plads op")
    window.move_down_action = make_action(window, "Flyt indsats &ned", lambda: window.move_goal(1), "Ctrl+Shift+Down",
                                         "Flyt den valgte indsats én plads ned")
    for action in (window.delete_goal_action, window.move_up_action, window.move_down_action):
        edit_menu.addAction(action)
    edit_menu.addSeparator()
    row_menu = edit_menu.addMenu("&Punkter i liste")
    window.row_actions = [
        make_action(window, "Tilføj &punkt", lambda: window._row_action(RowTableEditor.add_row), "Ctrl+Return",
                     "Tilføj et punkt under det valgte i listen eller tabellen"),
        make_action(window, "&Slet punkt", lambda: window._row_action(RowTableEditor.delete_row), "Ctrl+Del",
                     "Slet det valgte punkt i listen eller tabellen (kan fortrydes)"),
        make_action(window, "Flyt punkt &op", lambda: window._row_action(lambda e: e.move_selected(-1)), "Alt+Up",
                     "Flyt det valgte punkt én plads op"),
        make_action(window, "Flyt punkt &ned", lambda: window._row_action(lambda e: e.move_selected(1)), "Alt+Down",
                     "Flyt det valgte punkt én plads ned"),
    ]
    for action in window.row_actions:
        row_menu.addAction(action)
    edit_menu.addSeparator()
    edit_menu.addAction(make_action(window, "Ta&bte versioner …", window.bundles.show_lost_versions, None,
                                    "Det, der tabte en konflikt ved en import, og som kan bringes tilbage"))

    view_menu = bar.addMenu("&Vis")
    view_menu.addAction(make_action(window, "&Aftaleliste", window.focus_list, "Ctrl+1", "Gå til aftalelisten"))
    view_menu.addAction(make_action(window, "&Indhold", window.tree.setFocus, "Ctrl+2", "Gå til aftalens indhold"))
    view_menu.addAction(make_action(window, "&Formular", window.form.setFocus, "Ctrl+3", "Gå til formularen"))

    window.followup_menu = bar.addMenu("&Opfølgning")
    window.overview_action = make_action(window, "&Statusoversigt …", window.show_overview, "Ctrl+Shift+O",
                                        "Alle aftalers indsatser med status i en opfølgningsrunde")
    window.followup_menu.addAction(window.overview_action)
    window.followup_menu.addSeparator()
    window.followup_menu.addAction(window.round_bar.new_action)
    window.followup_menu.addAction(window.round_bar.close_action)
    window.followup_menu.addSeparator()
    window.minutes_action = make_action(window, "&Dialogmøder …", window.open_minutes, None,
                                       "Referater af dialogmøder: punkter, indstillinger og beslutninger om indsatser")
    window.followup_menu.addAction(window.minutes_action)

    help_menu = bar.addMenu("&Hjælp")
    window.demo_action = make_action(window, "Åbn &demoaftalen", window.open_demo, "Ctrl+Shift+D",
                                     "Læg demoaftalen (IT-staben 2008) i dine aftaler og åbn den")
    help_menu.addAction(window.demo_action)
    help_menu.addSeparator()
    help_menu.addAction(make_action(window, "&Kopiér fejlrapport", window.copy_error_report, None,
                                    "Kopiér version, platform og den seneste fejl, så du kan sende dem til IT-support"))
    help_menu.addAction(make_action(window, "&Om Aftaler", window.about, None,
                                    "Version, og hvor aftalerne og skabelonerne ligger"))
