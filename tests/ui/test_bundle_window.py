"""Bundles from the window: send one agreement to a colleague, export several, and import a colleague's
bundle through the preview (menu, drop), choosing per conflict; a cancelled, refused or damaged
import leaves the store as it was; what lost a conflict can be brought back.

Two real stores: the colleague's (another file, written to with the library) and the window's."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFileOpenEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from exporters.bundle_write import write_bundle
from storage import edits
from storage.agreements import create_agreement, list_agreements, load_agreement
from storage.bundle_apply import apply_bundle, plan_import
from storage.bundle_read import read_bundle
from storage.canonical_write import to_canonical
from storage.database import Store, open_store
from storage.merge_plan import Choice, FieldState, ImportState
from storage.seed import create_from_seed, demo_seed
from storage.template_model import Template
from storage.templates import TemplateRegistry
from tests.conftest import WindowFactory
from tests.ui.helpers import drive_modal, editor, labels, show, stored_agreement, stored_value
from ui.batch_export_dialog import BatchExportDialog
from ui.import_preview import ImportPreview
from ui.main_window import MainWindow

GOAL_KIND = "eget"
MINE = "Her: delingen af posthuset er udskudt til 2009."
THEIRS = "Fra kollega: delingen af posthuset er færdig i juni."
NEW_TITLE = "IT-staben. Aftale 2008 (rettet)"


# --- two stores ------------------------------------------------------------------------------------

@pytest.fixture
def colleague(tmp_path: Path) -> Iterator[Store]:
    """The colleague's store: another file."""
    store = open_store(tmp_path / "kollega" / "aftaler.sqlite")
    yield store
    store.close()


@pytest.fixture
def shared(colleague: Store, registry: TemplateRegistry) -> str:
    """The demo agreement, written by the colleague."""
    return create_from_seed(colleague, registry, demo_seed())


def bundle_of(store: Store, uuids: list[str], path: Path) -> Path:
    return write_bundle(store, uuids, path, created_by="mette")


def dump(path: Path) -> str:
    """Every table of the store file, read independently of the window's connection."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def canonical(path: Path) -> dict[str, Any]:
    store = open_store(path, read_only=True)
    try:
        return {a.uuid: to_canonical(store.conn, a.uuid) for a in list_agreements(store)}
    finally:
        store.close()


def groupwise(store: Store, agreement_uuid: str) -> str:
    """The goal both sides edit: 'Eget indsats' number 2 (Groupwise)."""
    return load_agreement(store, agreement_uuid).goals_of_kind(GOAL_KIND)[1].uuid


@pytest.fixture
def exchanged(tmp_path: Path, store: Store, colleague: Store, shared: str) -> str:
    """The shared agreement imported here once, then its goal's objective changed on both sides;
    the colleague's bundle with the change is ``tmp_path/igen.aftale``. The goal's uuid."""
    apply_bundle(store, read_bundle(bundle_of(colleague, [shared], tmp_path / "første.aftale")),
                 tmp_path / "setup-backups")
    goal = groupwise(colleague, shared)
    edits.set_value(colleague, shared, goal, "objective", THEIRS)
    edits.set_value(colleague, shared, shared, "title", NEW_TITLE)  # changed only there: taken
    edits.set_value(store, shared, goal, "objective", MINE)
    bundle_of(colleague, [shared], tmp_path / "igen.aftale")
    return goal


class Warnings:
    """Stands in for QMessageBox.warning (a modal box): records (title, text)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def warning(self, parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        self.seen.append((title, text))
        return QMessageBox.StandardButton.Ok


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> Warnings:
    found = Warnings()
    monkeypatch.setattr(QMessageBox, "warning", found.warning)
    return found


def preview_of(window: MainWindow, path: Path) -> ImportPreview:
    preview = window.bundles.import_file(path)
    assert preview is not None and preview.isVisible()
    assert QApplication.activeModalWidget() is preview
    return preview


def click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, preview: ImportPreview, change_id: str) -> None:
    index = preview.state_items[change_id].index().siblingAtColumn(0)
    preview.tree.scrollTo(index)
    qtbot.mouseClick(preview.tree.viewport(), Qt.MouseButton.LeftButton, pos=preview.tree.visualRect(index).center())
    assert preview.current is not None and preview.current.id == change_id


def conflict_id(preview: ImportPreview) -> str:
    (conflict,) = preview.plan.conflicts
    return conflict.id


def file_menu_entries(window: MainWindow) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Filer")
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


# --- the menus -------------------------------------------------------------------------------------

def test_file_and_edit_menus_have_the_bundle_actions(demo_window: MainWindow) -> None:
    entries = file_menu_entries(demo_window)
    assert entries.index("Send til kollega …") < entries.index("Eksportér pakke …") \
        < entries.index("Importér fra kollega …") < entries.index("Afslut")
    edit_menu = next(a.menu() for a in demo_window.menuBar().actions() if a.text().replace("&", "") == "Rediger")
    assert "Tabte versioner …" in [a.text().replace("&", "") for a in edit_menu.actions()]


# --- sending -------------------------------------------------------------------------------------

def test_send_to_colleague_writes_the_open_agreement_and_says_where(demo_window: MainWindow, demo_uuid: str,
                                                                    tmp_path: Path) -> None:
    assert demo_window.bundles.file_name([demo_uuid]) == "IT-staben - Aftale 2008.aftale"
    target = tmp_path / "ud" / "IT-staben - Aftale 2008.aftale"
    target.parent.mkdir()
    assert demo_window.bundles.send_to_colleague(target=target) == target
    bundle = read_bundle(target)
    assert [d["agreement"]["uuid"] for d in bundle.agreements] == [demo_uuid]
    box = demo_window.bundles.last_message
    assert box is not None and box.isVisible()
    assert str(target) in box.text() and "vedhæfte" in box.text()
    assert [b.text() for b in box.buttons()] == ["Åbn mappen", "Luk"]


def test_export_bundle_takes_the_agreements_chosen_for_a_year(qtbot: QtBot, make_window: WindowFactory, store: Store,
                                                             registry: TemplateRegistry, faaborg: Template,
                                                             tmp_path: Path) -> None:
    demo = create_from_seed(store, registry, demo_seed())
    other_2008 = create_agreement(store, faaborg, "Økonomi", 2008)
    create_agreement(store, faaborg, "HR", 2009)
    window = make_window()

    def choose_2008(dialog: BatchExportDialog) -> None:
        assert dialog.windowTitle() == "Eksportér pakke"
        dialog.year.setCurrentIndex(dialog.year.findData(2008))
        assert dialog.count.text() == "2 af 2 valgt"
        click(qtbot, dialog.ok)

    errors = drive_modal(qtbot, BatchExportDialog, choose_2008)
    target = tmp_path / "Aftaler 2008.aftale"
    assert window.bundles.export_bundle(target=target) == target
    assert not errors, errors
    assert {d["agreement"]["uuid"] for d in read_bundle(target).agreements} == {demo, other_2008}
    assert window.bundles.file_name([demo, other_2008]) == "Aftaler 2008.aftale"


# --- importing -------------------------------------------------------------------------------------

def test_a_new_agreement_from_a_colleague_is_imported_and_shown(qtbot: QtBot, make_window: WindowFactory,
                                                                store: Store, colleague: Store, shared: str,
                                                                store_path: Path, tmp_path: Path) -> None:
    path = bundle_of(colleague, [shared], tmp_path / "IT-staben.aftale")
    window = make_window()
    assert window.doc is None
    preview = preview_of(window, path)
    assert preview.windowTitle() == "Importér fra kollega"
    assert [(a.title, a.state) for a in preview.plan.agreements] == [("IT-staben. Aftale 2008", ImportState.NEW)]
    row = (preview.model.index(0, 0).data(), preview.model.index(0, 1).data())
    assert row == ("IT-staben 2008: IT-staben. Aftale 2008", "ny")
    assert preview.undecided_label.text() == "Ingen konflikter."
    assert preview.import_button.isEnabled()

    click(qtbot, preview.import_button)
    assert not preview.isVisible()
    assert canonical(store_path)[shared] == to_canonical(colleague.conn, shared)
    assert window.doc is not None and window.doc.uuid == shared
    assert window.agreements.visible_uuids() == [shared]
    assert window.tree_model is not None and "IT-staben. Aftale 2008" in labels(window.tree_model)[0]
    show(window, groupwise(colleague, shared))
    assert editor(window, "objective").edit.toPlainText() == load_agreement(
        colleague, shared).goals_of_kind(GOAL_KIND)[1].value("objective")
    assert list((tmp_path / "sikkerhedskopier").iterdir()), "a backup before the import"
    box = window.bundles.last_message
    assert box is not None and "1 ny aftale" in box.text()

    again = preview_of(window, path)
    click(qtbot, again.import_button)
    box = window.bundles.last_message
    assert box is not None and "bragte intet nyt" in box.text() and "Intet er ændret" in box.text()
    assert len(list((tmp_path / "sikkerhedskopier").iterdir())) == 1, "no second backup for nothing"


def test_a_conflict_must_be_decided_before_importing(qtbot: QtBot, make_window: WindowFactory, exchanged: str,
                                                     shared: str, store_path: Path, tmp_path: Path) -> None:
    window = make_window()
    show(window, exchanged)
    preview = preview_of(window, tmp_path / "igen.aftale")
    conflict = conflict_id(preview)
    states = {c.label: c.state for c in preview.changes.values()}
    assert states["Institutionens egne målsætninger"] is FieldState.CONFLICT
    assert FieldState.THEIRS in states.values()
    assert not preview.import_button.isEnabled()
    assert preview.undecided_label.text() == "1 konflikt mangler et valg."
    assert preview.state_items[conflict].text() == "ændret begge steder: vælg"

    click_row(qtbot, preview, conflict)
    assert preview.texts.mine_view.toPlainText() == MINE
    assert preview.texts.theirs_view.toPlainText() == THEIRS
    assert "background-color" in preview.texts.theirs_view.toHtml()  # the differing words are marked
    assert preview.texts.theirs_title.text() == "<b>Pakken</b> (fra mette)"
    assert preview.choice_buttons[Choice.BOTH].isVisible()  # a text can hold both
    assert not any(b.isChecked() for b in preview.choice_buttons.values())

    click(qtbot, preview.import_button)  # disabled: nothing happens
    assert preview.isVisible() and stored_value(store_path, exchanged, "objective") == MINE

    click(qtbot, preview.choice_buttons[Choice.THEIRS])
    assert preview.choices() == {conflict: Choice.THEIRS}
    assert preview.state_items[conflict].text() == "ændret begge steder: tag pakkens"
    assert preview.undecided_label.text() == "Konflikten har et valg."
    assert preview.import_button.isEnabled()
    click(qtbot, preview.import_button)

    assert stored_value(store_path, exchanged, "objective") == THEIRS
    assert stored_agreement(store_path, shared)["title"] == NEW_TITLE
    assert window.tree_model is not None and labels(window.tree_model)[0] == f"Forside – {NEW_TITLE}"
    assert window.windowTitle().startswith(NEW_TITLE)
    assert window.form.node_uuid == exchanged  # the same goal, read again
    assert editor(window, "objective").edit.toPlainText() == THEIRS


def test_keep_both_keeps_both_texts(qtbot: QtBot, make_window: WindowFactory, exchanged: str,
                                    store_path: Path, tmp_path: Path) -> None:
    window = make_window()
    preview = preview_of(window, tmp_path / "igen.aftale")
    click_row(qtbot, preview, conflict_id(preview))
    click(qtbot, preview.choice_buttons[Choice.BOTH])
    click(qtbot, preview.import_button)
    kept = stored_value(store_path, exchanged, "objective")
    assert MINE in kept and THEIRS in kept


def test_all_conflicts_keep_mine_in_one_click(qtbot: QtBot, make_window: WindowFactory, exchanged: str,
                                              shared: str, store_path: Path, tmp_path: Path) -> None:
    window = make_window()
    preview = preview_of(window, tmp_path / "igen.aftale")
    assert preview.all_mine.isVisible() and preview.all_theirs.isVisible()
    click(qtbot, preview.all_mine)
    assert preview.choices() == {conflict_id(preview): Choice.MINE}
    assert preview.choice_buttons[Choice.MINE].isChecked()  # the conflict on show follows
    click(qtbot, preview.import_button)
    assert stored_value(store_path, exchanged, "objective") == MINE
    assert stored_agreement(store_path, shared)["title"] == NEW_TITLE  # changed only there: still taken


def test_cancel_changes_nothing(qtbot: QtBot, make_window: WindowFactory, exchanged: str, store_path: Path,
                                tmp_path: Path) -> None:
    window = make_window()
    before, tables = canonical(store_path), dump(store_path)
    preview = preview_of(window, tmp_path / "igen.aftale")
    click(qtbot, preview.all_theirs)
    click(qtbot, preview.cancel_button)
    assert not preview.isVisible() and window.bundles.preview is None
    assert canonical(store_path) == before and dump(store_path) == tables
    assert not (tmp_path / "sikkerhedskopier").exists()


def test_a_damaged_bundle_is_refused_in_danish_and_changes_nothing(make_window: WindowFactory, demo_uuid: str,
                                                                   colleague: Store, shared: str,
                                                                   warnings: Warnings, store_path: Path,
                                                                   tmp_path: Path) -> None:
    good = bundle_of(colleague, [shared], tmp_path / "hel.aftale").read_bytes()
    truncated = tmp_path / "afkortet.aftale"
    truncated.write_bytes(good[: len(good) // 2])
    window = make_window()
    before, tables = canonical(store_path), dump(store_path)
    assert window.bundles.import_file(truncated) is None
    assert window.bundles.preview is None
    ((title, text),) = warnings.seen
    assert title == "Importér fra kollega"
    assert "afkortet.aftale" in text and text.endswith("Intet er ændret.")
    assert "Traceback" not in text
    assert canonical(store_path) == before and dump(store_path) == tables


def test_a_read_only_window_refuses_to_import(make_window: WindowFactory, demo_uuid: str, colleague: Store,
                                              shared: str, warnings: Warnings, store_path: Path,
                                              tmp_path: Path) -> None:
    path = bundle_of(colleague, [shared], tmp_path / "IT-staben.aftale")
    window = make_window(read_only=True)
    tables = dump(store_path)
    assert window.bundles.import_file(path) is None
    assert window.bundles.choose_and_import() is None  # refused before a file is asked for
    assert len(warnings.seen) == 2
    assert all("skrivebeskyttet" in text and "Intet er ændret." in text for _title, text in warnings.seen)
    assert dump(store_path) == tables


def test_typing_not_yet_saved_is_stored_before_the_preview(qtbot: QtBot, make_window: WindowFactory,
                                                           exchanged: str, store_path: Path,
                                                           tmp_path: Path) -> None:
    window = make_window()
    show(window, exchanged)
    edit = editor(window, "objective").edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, " Skrevet lige nu.")
    typed = MINE + " Skrevet lige nu."
    preview = preview_of(window, tmp_path / "igen.aftale")  # at once: before the pause that saves typing
    assert stored_value(store_path, exchanged, "objective") == typed
    assert preview.changes[conflict_id(preview)].mine == typed


# --- dropping a file on the window -----------------------------------------------------------------

def drag(widget: Any, path: Path, with_text: bool = True) -> QDragEnterEvent:
    """Drag the file over the widget as a file manager would (a URL, and often its text)."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    if with_text:
        data.setText(QUrl.fromLocalFile(str(path)).toString())
    drag.data = data  # type: ignore[attr-defined] - kept alive for the drop
    event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def taking_files(qtbot: QtBot, window: Any) -> None:
    """The window takes dropped files (and macOS's FileOpen) once it has painted: wait for that, as a user
    who drags a file onto it does."""
    qtbot.waitUntil(lambda: window.bundles.takes_files)


def drop(widget: Any, path: Path) -> QDropEvent:
    event = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, drag.data,  # type: ignore[attr-defined]
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def test_dropping_a_bundle_on_the_window_opens_the_preview(qtbot: QtBot, make_window: WindowFactory,
                                                           exchanged: str, tmp_path: Path) -> None:
    window = make_window()
    show(window, exchanged)
    taking_files(qtbot, window)
    title = editor(window, "title").edit  # a text field would take the file's name as text
    before = title.text()
    assert drag(title, tmp_path / "igen.aftale").isAccepted()
    assert drop(title, tmp_path / "igen.aftale").isAccepted()
    qtbot.waitUntil(lambda: window.bundles.preview is not None and window.bundles.preview.isVisible())
    preview = window.bundles.preview
    assert preview is not None and preview.plan.bundle_name == "igen.aftale"
    assert title.text() == before
    click(qtbot, preview.cancel_button)


def test_a_bundle_macos_hands_to_the_running_program_opens_the_preview(
    qtbot: QtBot, make_window: WindowFactory, exchanged: str, tmp_path: Path
) -> None:
    """A double-click on an .aftale file while Aftaler runs reaches it on macOS as a FileOpen event."""
    window = make_window()
    taking_files(qtbot, window)
    other = QFileOpenEvent(str(tmp_path / "noter.txt"))
    assert not QApplication.sendEvent(QApplication.instance(), other)  # not a bundle: not taken
    assert QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(tmp_path / "igen.aftale")))
    qtbot.waitUntil(lambda: window.bundles.preview is not None and window.bundles.preview.isVisible())
    preview = window.bundles.preview
    assert preview is not None and preview.plan.bundle_name == "igen.aftale"
    click(qtbot, preview.cancel_button)


@pytest.mark.parametrize(("platform", "at_once"), [("linux", False), ("win32", False), ("darwin", True)])
def test_the_window_takes_files_once_painted_and_on_macos_from_the_start(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, registry: TemplateRegistry, demo_uuid: str, store_path: Path,
    tmp_path: Path, platform: str, at_once: bool
) -> None:
    """A drop can only come once the window shows; on macOS the file double-clicked to start the program
    comes as a FileOpen event right away, so there the window takes files from the start."""
    monkeypatch.setattr("sys.platform", platform)
    store = open_store(store_path)
    window = MainWindow(store, registry, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                        backup_dir=tmp_path / "sikkerhedskopier")
    try:
        assert window.bundles.takes_files is at_once
        window.show()
        taking_files(qtbot, window)
    finally:
        window.close()
        window.deleteLater()
        store.close()


def test_other_files_are_not_taken_by_the_window(qtbot: QtBot, make_window: WindowFactory, demo_uuid: str,
                                                 tmp_path: Path) -> None:
    window = make_window()
    taking_files(qtbot, window)
    word = tmp_path / "aftale.docx"
    word.write_bytes(b"PK")
    assert not drag(window, word, with_text=False).isAccepted()
    assert not drag(window.tree, tmp_path / "a.aftale.zip", with_text=False).isAccepted()


# --- lost versions ---------------------------------------------------------------------------------

def test_what_lost_a_conflict_is_brought_back(qtbot: QtBot, make_window: WindowFactory, exchanged: str,
                                              store_path: Path, tmp_path: Path) -> None:
    window = make_window()
    show(window, exchanged)
    preview = preview_of(window, tmp_path / "igen.aftale")
    click(qtbot, preview.all_theirs)
    click(qtbot, preview.import_button)
    assert editor(window, "objective").edit.toPlainText() == THEIRS

    dialog = window.bundles.show_lost_versions()
    assert dialog is not None and dialog.isVisible()
    rows = [[dialog.model.index(r, c).data() for c in range(3)] for r in range(dialog.model.rowCount())]
    (row,) = [r for r in rows if r[2] == "Institutionens egne målsætninger"]
    assert " kl. " in row[0] and row[1].endswith("Groupwise")
    dialog.view.setCurrentIndex(dialog.model.index(rows.index(row), 0))
    assert dialog.text.toPlainText() == MINE
    assert dialog.source.text().startswith("Fra: din version") and "igen.aftale" in dialog.source.text()
    assert dialog.restore_button.isEnabled()
    click(qtbot, dialog.restore_button)

    assert stored_value(store_path, exchanged, "objective") == MINE
    assert window.form.node_uuid == exchanged
    assert editor(window, "objective").edit.toPlainText() == MINE
    assert "bragt tilbage" in dialog.state.text()
    restored = dialog.selected()  # still the one brought back
    assert restored is not None and restored.text == MINE and restored.restored_at is not None
    assert dialog.view.currentIndex().siblingAtColumn(0).data().endswith("(bragt tilbage)")
    assert "Bragt tilbage" in dialog.source.text()
    assert THEIRS in [v.text for v in dialog.versions.values()]  # what it replaced is kept in turn
    dialog.reject()


def test_lost_versions_are_shown_but_not_brought_back_read_only(make_window: WindowFactory, exchanged: str,
                                                                store: Store, tmp_path: Path) -> None:
    bundle = read_bundle(tmp_path / "igen.aftale")
    apply_bundle(store, bundle, tmp_path / "b", {c.id: Choice.THEIRS for c in plan_import(store, bundle).conflicts})
    window = make_window(read_only=True)
    dialog = window.bundles.show_lost_versions()
    assert dialog is not None and dialog.model.rowCount() >= 1
    assert not dialog.restore_button.isEnabled()
    assert "skrivebeskyttet" in dialog.state.text()
    dialog.reject()

