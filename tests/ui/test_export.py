"""Word export from the window: the File menu, one agreement, "Send til underskrift" and the list's
signing column, many agreements with a summary, and the dialog that chooses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from storage.agreements import create_agreement, list_agreements
from storage.database import Store
from storage.template_model import Template
from tests.conftest import WindowFactory
from tests.exporters.libreoffice import LibreOffice, normalise
from tests.fingerprints import folder_listing
from tests.ui.helpers import drive_modal, editor, goals, show, stored_agreement, stored_value
from ui.agreement_list import COLUMNS
from ui.batch_export_dialog import BatchExportDialog
from ui.main_window import MainWindow


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))


def plain(text: str) -> str:
    return text.replace("&", "")


def signing_column(window: MainWindow, agreement_uuid: str) -> str:
    model = window.agreements.model
    return str(model.data(model.index(model.row_of(agreement_uuid), COLUMNS.index("Underskrift"))))


def last_message(window: MainWindow) -> QMessageBox:
    box = window.exports.last_message
    assert isinstance(box, QMessageBox)
    return box




# --- the menu ------------------------------------------------------------------------------------------

def test_file_menu_has_the_word_actions_with_shortcuts(demo_window: MainWindow) -> None:
    file_menu = next(a.menu() for a in demo_window.menuBar().actions() if plain(a.text()) == "Filer")
    entries = {plain(a.text()): a.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
               for a in file_menu.actions() if not a.isSeparator()}
    assert entries["Eksportér til Word …"] == "Ctrl+E"
    assert entries["Eksportér flere til Word …"] == "Ctrl+Shift+E"
    assert entries["Send til underskrift …"] == "Ctrl+Shift+U"
    names = list(entries)
    assert names.index("Eksportér til Word …") < names.index("Eksportér flere til Word …") < \
        names.index("Send til underskrift …") < names.index("Afslut")
    assert all(a.isEnabled() for a in (demo_window.export_word_action, demo_window.export_many_action,
                                       demo_window.send_action))


def test_read_only_window_exports_but_does_not_send(make_window: WindowFactory, demo_uuid: str,
                                                    store: Store) -> None:
    window = make_window(read_only=True)
    assert window.export_word_action.isEnabled()
    assert not window.send_action.isEnabled()
    assert window.send_for_signature(target=Path("/nonexistent/x.docx")) is None


# --- one agreement -----------------------------------------------------------------------------------

def test_export_word_writes_a_document_libreoffice_reads(demo_window: MainWindow, tmp_path: Path,
                                                         libreoffice: LibreOffice) -> None:
    target = tmp_path / "ud" / "aftale.docx"
    assert demo_window.export_word(target=target) == target
    box = last_message(demo_window)
    assert box.isVisible() and "Word-filen er gemt." in box.text() and str(target) in box.text()
    assert [b.text() for b in box.buttons()] == ["Åbn filen", "Luk"]
    box.close()
    text = normalise(libreoffice.text(target))
    assert text.startswith("IT-staben Aftale 2008")
    assert "Bilag 4b Koncernindsats – Kerneydelsens værdi for borgeren" in text


def test_export_word_from_the_menu_suggests_the_agreement_file_name(
        demo_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    target = tmp_path / "valgt"

    def save_as(parent: object, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.extend([caption, suggested, filters])
        return str(target), filters  # the user typed a name without .docx

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    demo_window.export_word_action.trigger()
    assert asked[0] == "Eksportér til Word" and Path(asked[1]).name == "IT-staben - Aftale 2008.docx"
    assert asked[2] == "Word-dokument (*.docx)"
    assert (tmp_path / "valgt.docx").is_file()
    last_message(demo_window).close()
    # the next export starts in the folder used last
    demo_window.export_word_action.trigger()
    assert Path(asked[4]) == tmp_path / "IT-staben - Aftale 2008.docx"
    last_message(demo_window).close()


def test_a_failed_export_is_reported_in_danish(qtbot: QtBot, demo_window: MainWindow, tmp_path: Path) -> None:
    blocked = tmp_path / "aftale.docx"
    blocked.mkdir()
    shown: list[str] = []

    def read(box: QMessageBox) -> None:
        shown.extend([box.windowTitle(), box.text()])
        box.accept()

    errors = drive_modal(qtbot, QMessageBox, read)
    assert demo_window.export_word(target=blocked) is None
    assert errors == []
    assert shown[0] == "Eksportér til Word" and "kunne ikke gemmes" in shown[1]
    assert list(tmp_path.glob(".aftale-*")) == []


# --- Send til underskrift ----------------------------------------------------------------------------------

def test_send_then_edit_marks_the_agreement_as_changed(qtbot: QtBot, demo_window: MainWindow, demo_uuid: str,
                                                       store_path: Path, tmp_path: Path,
                                                       libreoffice: LibreOffice) -> None:
    window = demo_window
    assert signing_column(window, demo_uuid) == ""
    target = tmp_path / "til underskrift.docx"
    assert window.send_for_signature(target=target) == target
    box = last_message(window)
    assert "klar til underskrift som Rev. 1 · " in box.text()
    box.close()
    assert stored_agreement(store_path, demo_uuid)["sent_revision"] == 1
    assert signing_column(window, demo_uuid) == "Rev. 1"
    assert "Rev. 1 · " in normalise(libreoffice.text(target))

    helpdesk = goals(window, "faglig")[0]
    show(window, helpdesk)
    edit = editor(window, "covered").edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Alle medarbejdere")
    qtbot.waitUntil(lambda: stored_value(store_path, helpdesk, "covered") == "Alle medarbejdere")
    qtbot.waitUntil(lambda: signing_column(window, demo_uuid) == "Ændret")
    model = window.agreements.model
    tip = model.data(model.index(model.row_of(demo_uuid), 0), Qt.ItemDataRole.ToolTipRole)
    assert "Ændret efter rev. 1 blev sendt til underskrift" in str(tip)

    again = tmp_path / "rev2.docx"
    window.send_for_signature(target=again)
    last_message(window).close()
    assert signing_column(window, demo_uuid) == "Rev. 2"
    assert stored_agreement(store_path, demo_uuid)["sent_revision"] == 2


# --- many agreements ---------------------------------------------------------------------------------------

@pytest.fixture
def more(store: Store, faaborg: Template, demo_uuid: str) -> list[str]:
    """The demo and two more agreements: HR-staben 2008 and IT-staben 2009."""
    return [demo_uuid, create_agreement(store, faaborg, "HR-staben", 2008),
            create_agreement(store, faaborg, "IT-staben", 2009)]


def test_export_many_writes_all_and_shows_a_summary(make_window: WindowFactory, more: list[str],
                                                    tmp_path: Path) -> None:
    window = make_window()
    folder = tmp_path / "ud"
    result = window.export_many(uuids=more, folder=folder)
    assert result is not None and not result.failed and not result.cancelled
    assert folder_listing(folder) == ["HR-staben - Aftale 2008.docx", "IT-staben - Aftale 2008.docx",
                                      "IT-staben - Aftale 2009.docx"]
    box = last_message(window)
    assert box.isVisible() and box.windowTitle() == "Eksportér flere til Word"
    assert box.text().startswith("3 aftaler skrevet.") and str(folder) in box.text()
    assert box.icon() == QMessageBox.Icon.Information
    assert box.detailedText().splitlines() == [p.name for p in result.written]
    box.close()


def test_export_many_summary_names_what_failed(make_window: WindowFactory, more: list[str], tmp_path: Path) -> None:
    window = make_window()
    folder = tmp_path / "ud"
    (folder / "HR-staben - Aftale 2008.docx").mkdir(parents=True)
    result = window.export_many(uuids=more, folder=folder)
    assert result is not None and len(result.written) == 2 and len(result.failed) == 1
    box = last_message(window)
    assert box.icon() == QMessageBox.Icon.Warning
    assert "2 aftaler skrevet." in box.text() and "1 kunne ikke skrives:" in box.text()
    assert "HR-staben. Aftale 2008: Filen" in box.text()
    box.close()


def test_export_many_from_the_menu_through_the_dialog(qtbot: QtBot, make_window: WindowFactory, more: list[str],
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window()
    folder = tmp_path / "ud"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(folder))

    def choose(dialog: BatchExportDialog) -> None:
        dialog.year.setCurrentIndex(dialog.year.findData(2008))
        assert dialog.model.rowCount() == 2
        dialog.model.item(0).setCheckState(Qt.CheckState.Unchecked)  # HR-staben
        assert dialog.count.text() == "1 af 2 valgt"
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    errors = drive_modal(qtbot, BatchExportDialog, choose)
    window.export_many_action.trigger()
    assert errors == []
    assert folder_listing(folder) == ["IT-staben - Aftale 2008.docx"]
    last_message(window).close()


def test_batch_dialog_choosing(qtbot: QtBot, store: Store, more: list[str]) -> None:
    dialog = BatchExportDialog(list_agreements(store), 2008)
    qtbot.addWidget(dialog)
    dialog.show()

    def shown() -> list[tuple[str, bool]]:
        return [(dialog.model.item(r).text(), dialog.model.item(r).checkState() == Qt.CheckState.Checked)
                for r in range(dialog.model.rowCount())]

    assert [dialog.year.itemText(i) for i in range(dialog.year.count())] == ["Alle år", "2009", "2008"]
    assert dialog.year.currentText() == "2008"
    assert shown() == [("HR-staben. Aftale 2008  (HR-staben, 2008)", True),
                       ("IT-staben. Aftale 2008  (IT-staben, 2008)", True)]
    assert all(dialog.model.item(r).isCheckable() for r in range(dialog.model.rowCount()))
    assert dialog.ok.isEnabled() and dialog.count.text() == "2 af 2 valgt"
    assert sorted(dialog.chosen()) == sorted(more[:2])

    buttons = {b.text().replace("&", ""): b for b in dialog.findChildren(QPushButton)}
    qtbot.mouseClick(buttons["Fravælg alle"], Qt.MouseButton.LeftButton)
    assert [checked for _, checked in shown()] == [False, False]
    assert dialog.chosen() == [] and not dialog.ok.isEnabled() and dialog.count.text() == "0 af 2 valgt"

    dialog.model.item(1).setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen() == [more[0]] and dialog.ok.isEnabled()

    dialog.year.setCurrentIndex(dialog.year.findData(None))  # "Alle år": the choices made are kept
    assert dialog.model.rowCount() == 3 and dialog.count.text() == "2 af 3 valgt"
    assert ("HR-staben. Aftale 2008  (HR-staben, 2008)", False) in shown()
    qtbot.mouseClick(buttons["Fravælg alle"], Qt.MouseButton.LeftButton)
    assert not dialog.ok.isEnabled()
    qtbot.mouseClick(buttons["Vælg alle"], Qt.MouseButton.LeftButton)
    assert sorted(dialog.chosen()) == sorted(more) and dialog.ok.isEnabled()
    assert dialog.ok.text() == "Eksportér …"
