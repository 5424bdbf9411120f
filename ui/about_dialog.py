"""Hjælp → Om Aftaler (version, where the agreements and templates are, buttons that open the folders)
and Hjælp → Kopiér fejlrapport (what IT support needs, on the clipboard)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storage.version import program_version
from ui import crash_guard
from ui.icons import app_icon
from ui.look import MARGIN, MUTED, SPACING, escape, text_colour


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the file manager (made first if it is not there yet)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class AboutDialog(QDialog):
    def __init__(self, store_path: Path, template_dir: Path | None, backup_dir: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Om Aftaler")
        self.setWindowIcon(app_icon())
        self.folders: dict[str, Path] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING * 2)
        top = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        top.addWidget(logo)
        title = QLabel(f"<b style='font-size:15pt'>Aftaler</b><br>Version {escape(program_version())}<br>"
                       "Skriv, eksportér og følg op på aftaler mellem direktionen og kommunens aftaleholdere. "
                       "Alt gemmes med det samme.")
        title.setWordWrap(True)
        top.addWidget(title, 1)
        layout.addLayout(top)
        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACING * 2)
        rows = [("Aftalerne", store_path, store_path.parent), ("Skabeloner", template_dir, template_dir),
                ("Sikkerhedskopier", backup_dir, backup_dir)]
        for row, (name, shown, folder) in enumerate(r for r in rows if r[1] is not None):
            assert shown is not None and folder is not None
            grid.addWidget(QLabel(f"<b>{name}</b>"), row, 0)
            where = QLabel(str(shown))
            where.setObjectName(f"where-{name}")
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            where.setWordWrap(True)
            grid.addWidget(where, row, 1)
            button = QPushButton("Åbn mappen")
            button.setToolTip(f"Vis mappen '{folder}' i filhåndteringen")
            button.clicked.connect(lambda _=False, f=folder: open_folder(f))
            grid.addWidget(button, row, 2)
            self.folders[name] = folder
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        technical = QLabel(f"Python {sys.version.split()[0]} · Qt {qVersion()} · PySide6 {pyside_version} · "
                           f"{platform.system()} {platform.release()}")
        text_colour(technical, MUTED)
        layout.addWidget(technical)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())


def error_report(store_path: Path) -> str:
    """Version, platform, where the agreements are and the last error of this session, as plain text."""
    last = crash_guard.last_error()
    return "\n".join([
        f"Aftaler {program_version()}",
        f"Platform: {platform.platform()}",
        f"Python {sys.version.split()[0]}, Qt {qVersion()}, PySide6 {pyside_version}",
        f"Aftalerne: {store_path}",
        "",
        "Seneste fejl:" if last else "Seneste fejl: ingen i denne session.",
        *([last] if last else []),
    ])


def copy_error_report(store_path: Path) -> str:
    text = error_report(store_path)
    QGuiApplication.clipboard().setText(text)
    return text
