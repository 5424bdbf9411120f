"""Hjælp → Om Aftaler shows the version and where the agreements and templates are, and opens those
folders; Hjælp → Kopiér fejlrapport puts version, platform and the last error on the clipboard."""

from __future__ import annotations

import platform
import tomllib
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.conftest import REPO_ROOT, WindowFactory
from tests.ui.helpers import drive_modal
from ui.main_window import MainWindow


class OpenedUrls(QObject):
    """Qt's own hook for opening file URLs: what the buttons asked the desktop to show."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def menu_action(window: MainWindow, menu: str, text: str) -> None:
    bar = window.menuBar()
    found = next(a.menu() for a in bar.actions() if a.text().replace("&", "") == menu)
    action = next(a for a in found.actions() if a.text().replace("&", "") == text)
    action.trigger()


def test_about_shows_version_and_folders_and_opens_them(
    qtbot: QtBot, make_window: WindowFactory, demo_uuid: str, tmp_path: Path
) -> None:
    window = make_window()
    templates = tmp_path / "skabeloner"
    window.template_dir = templates
    menu_action(window, "Hjælp", "Om Aftaler")
    dialog = window.about_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Om Aftaler"
    version = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"Version {version}" in text
    assert str(window.store.path) in text and str(templates) in text and str(window.backups.backup_dir) in text
    opened = OpenedUrls()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        buttons = [b for b in dialog.findChildren(QPushButton) if b.text() == "Åbn mappen"]
        assert len(buttons) == 3
        for button in buttons:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(url.toLocalFile()) for url in opened.urls] == [window.store.path.parent, templates,
                                                                  window.backups.backup_dir]
    assert templates.is_dir()  # a folder not made yet is made, so the user sees where templates go


def test_the_error_report_carries_version_platform_and_the_last_error(
    qtbot: QtBot, make_window: WindowFactory, demo_uuid: str
) -> None:
    window = make_window()
    before = window.copy_error_report()
    assert "Seneste fejl: ingen i denne session." in before
    errors = drive_modal(qtbot, QMessageBox, lambda box: box.accept())
    window.open_agreement("00000000-0000-0000-0000-000000000000")  # an agreement that is not there
    assert errors == []
    menu_action(window, "Hjælp", "Kopiér fejlrapport")
    report = QGuiApplication.clipboard().text()
    lines = report.splitlines()
    assert lines[0].startswith("Aftaler ") and lines[1] == f"Platform: {platform.platform()}"
    assert f"Aftalerne: {window.store.path}" in report
    assert "Aftalen kan ikke åbnes: Aftalen 00000000-0000-0000-0000-000000000000 findes ikke." in report
    assert "Fejlrapporten er kopieret" in window.statusBar().currentMessage()
