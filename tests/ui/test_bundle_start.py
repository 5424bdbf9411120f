"""``python -m desktop FILE.aftale`` (as when the file is double-clicked): the window starts and shows
the import preview for the file once it is on screen."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop import cli
from exporters.bundle_write import write_bundle
from storage.database import open_store
from storage.merge_plan import ImportState
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry
from ui.import_preview import ImportPreview
from ui.main_window import MainWindow


def test_a_bundle_as_the_argument_opens_its_preview_in_the_window(tmp_path: Path, registry: TemplateRegistry) -> None:
    colleague = open_store(tmp_path / "kollega.sqlite")
    shared = create_from_seed(colleague, registry, demo_seed())
    bundle = write_bundle(colleague, [shared], tmp_path / "IT-staben - Aftale 2008.aftale", created_by="mette")
    colleague.close()
    seen: dict[str, object] = {}
    earlier = set(QApplication.topLevelWidgets())
    deadline = time.monotonic() + 20

    def poll() -> None:
        preview = QApplication.activeModalWidget()
        if isinstance(preview, ImportPreview) or time.monotonic() > deadline:
            window = next((w for w in QApplication.topLevelWidgets()
                           if isinstance(w, MainWindow) and w not in earlier), None)
            seen["window visible"] = window is not None and window.isVisible()
            if isinstance(preview, ImportPreview):
                seen["parent"] = preview.parentWidget() is window
                seen["agreements"] = [(a.uuid, a.state) for a in preview.plan.agreements]
                preview.reject()
            if window is not None:
                window.close()
                window.deleteLater()
            QTimer.singleShot(0, QApplication.quit)
            return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    assert cli.main(["--data-dir", str(tmp_path / "data"), str(bundle)]) == 0
    assert seen == {"window visible": True, "parent": True, "agreements": [(shared, ImportState.NEW)]}
