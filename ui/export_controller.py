"""The Word-export actions of the window: one agreement, many, and "Send til underskrift"."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # its dialogs and message boxes: Python types made when first shown
from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from exporters.errors import ExportError, danish_reason
from storage.agreements import AgreementFilter, list_agreements
from storage.database import Store
from storage.errors import StoreError

if TYPE_CHECKING:  # the exporters (python-docx), the batch and its dialog are imported when used, not at start-up
    from exporters.batch import AgreementWriter, BatchResult
    from exporters.docx_writer import DocxOptions

FOLDER_KEY = "export/folder"


class ExportController(QObject):
    def __init__(self, window: QWidget, settings: QSettings, store: Callable[[], Store],
                 word_dir: Path | None) -> None:
        super().__init__(window)
        self.window, self.settings, self.store, self.word_dir = window, settings, store, word_dir

    def options(self) -> DocxOptions:
        from exporters.docx_writer import DocxOptions
        from exporters.reference_document import reference_for

        return DocxOptions(reference=reference_for(self.word_dir))

    def folder(self) -> str:
        value = self.settings.value(FOLDER_KEY)
        return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())

    def ask_target(self, agreement_uuid: str, title: str) -> Path | None:
        from exporters.docx_export import default_file_name

        name = default_file_name(self.store(), agreement_uuid)
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self.window, title, str(Path(self.folder()) / name),
                                                        "Word-dokument (*.docx)")
        if not path:
            return None
        target = Path(path if path.lower().endswith(".docx") else path + ".docx")
        self.settings.setValue(FOLDER_KEY, str(target.parent))
        return target

    def export_one(self, agreement_uuid: str, target: Path | None = None) -> Path | None:
        def write(path: Path) -> str:
            from exporters.docx_export import export_agreement

            notes: list[str] = []
            export_agreement(self.store(), agreement_uuid, path, self.options(), notes)
            return "\n\n".join(["Word-filen er gemt.", *notes])

        return self._write(agreement_uuid, target, "Eksportér til Word", write)

    def send(self, agreement_uuid: str, target: Path | None = None) -> Path | None:
        def write(path: Path) -> str:
            from exporters.docx_export import send_for_signature

            notes: list[str] = []
            record = send_for_signature(self.store(), agreement_uuid, path, self.options(), notes)
            return "\n\n".join([f"Aftalen er klar til underskrift som {record.label}.\n"
                                "Ændringer herefter giver en ny revision.", *notes])

        return self._write(agreement_uuid, target, "Send til underskrift", write)

    def _write(self, agreement_uuid: str, target: Path | None, title: str,
               write: Callable[[Path], str]) -> Path | None:
        """Ask for the file (unless given), write it, then offer to open it; problems in Danish."""
        try:
            target = target or self.ask_target(agreement_uuid, title)
            if target is None:
                return None
            with busy():
                message = write(target)
        except (ExportError, StoreError, sqlite3.Error) as exc:
            QtWidgets.QMessageBox.warning(self.window, title, problem(exc))
            return None
        self.offer_to_open(target, message)
        return target

    def offer_to_open(self, path: Path, message: str) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, "Word-fil", f"{message}\n\n{path}",
                                    parent=self.window)
        open_button = box.addButton("Åbn filen", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Luk", QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.setModal(False)
        box.buttonClicked.connect(
            lambda button: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))) if button is open_button else None)
        box.show()
        self.last_message = box

    def export_many(self, year: int | None, uuids: list[str] | None = None, folder: Path | None = None,
                    writer: AgreementWriter | None = None) -> BatchResult | None:
        """Many agreements into one folder with ``writer`` (default: Word): choose the agreements
        (unless given) and the folder (unless given), then write them with progress and "Afbryd"."""
        from PySide6.QtWidgets import QProgressDialog

        from exporters.batch import export_batch, progress_text
        from exporters.docx_export import word_writer
        from ui.batch_export_dialog import BatchExportDialog

        writer = writer or word_writer(self.options())
        title = f"Eksportér flere til {writer.name}"
        if uuids is None:
            try:
                agreements = list_agreements(self.store(), AgreementFilter())
            except (StoreError, sqlite3.Error) as exc:
                QtWidgets.QMessageBox.warning(self.window, title, problem(exc))
                return None
            dialog = BatchExportDialog(agreements, year, self.window, writer.name, writer.files)
            if not dialog.exec():
                return None
            uuids = dialog.chosen()
        if folder is None:
            chosen = QtWidgets.QFileDialog.getExistingDirectory(self.window, f"Vælg mappen til {writer.files}",
                                                                self.folder())
            if not chosen:
                return None
            folder = Path(chosen)
        self.settings.setValue(FOLDER_KEY, str(folder))
        progress = QProgressDialog(f"Skriver {writer.files} …", "Afbryd", 0, len(uuids), self.window)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, agreement_title: str) -> bool:
            progress.setValue(done)
            if agreement_title:
                progress.setLabelText(progress_text(done, len(uuids), agreement_title))
            QApplication.processEvents()
            return not progress.wasCanceled()

        finishing_shown: list[bool] = []

        def finishing(text: str) -> None:  # all is written; LibreOffice lays the files out, no "Afbryd" now
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            finishing_shown.append(True)
            if not progress.wasCanceled():
                progress.setCancelButton(None)
                progress.setLabelText(text)
                progress.show()
            QApplication.processEvents()

        try:
            result = export_batch(self.store(), uuids, folder, writer, step, finishing)
        finally:
            if finishing_shown:
                QApplication.restoreOverrideCursor()
        progress.close()
        self.show_summary(result, folder, title)
        return result

    def show_summary(self, result: BatchResult, folder: Path, title: str = "Eksportér flere til Word") -> None:
        icon = QtWidgets.QMessageBox.Icon.Warning if result.failed else QtWidgets.QMessageBox.Icon.Information
        box = QtWidgets.QMessageBox(icon, title, f"{result.summary()}\n\nMappe: {folder}", parent=self.window)
        if result.written:
            box.setDetailedText("\n".join(p.name for p in result.written))
        box.setModal(False)
        box.show()
        self.last_message = box


def problem(exc: Exception) -> str:
    """The Danish message for a failed export: the exporters' and the store's own, or a reason for SQLite's."""
    if isinstance(exc, (ExportError, StoreError)):
        return str(exc)
    return f"Aftalerne kunne ikke læses: {danish_reason(exc)}."


class busy:  # noqa: N801 - used as a context manager: "with busy():"
    def __enter__(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QApplication.restoreOverrideCursor()
