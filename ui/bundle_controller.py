"""The window's side of bundles (.aftale): send the open agreement to a colleague, export several in
one bundle, import one (Filer → Importér, a file dropped on the window, the program's argument)
through the preview, and bring back what lost a conflict (Rediger → Tabte versioner).

The rules are the library's (:mod:`exporters.bundle_write`, :mod:`storage.bundle_read`,
:mod:`storage.bundle_apply`, :mod:`storage.lost_versions`); this asks only for what a person must
choose: a file, the agreements, a choice per conflict.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets  # dialogs, message boxes, QUrl, QStandardPaths: their types made when first used
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QDesktopServices, QDropEvent, QFileOpenEvent
from PySide6.QtWidgets import QApplication, QWidget

from exporters.errors import ExportError
from exporters.file_names import agreement_file_name, safe_stem
from storage.agreements import AgreementFilter, list_agreements, load_agreement, template_of
from storage.errors import StoreError
from ui.export_controller import busy, problem
from ui.startup_check import after_first_paint

if TYPE_CHECKING:  # bundle reading, writing and merging are imported when used, not at start-up
    from PySide6.QtCore import QUrl

    from storage.bundle_read import Bundle
    from storage.merge_plan import ImportPlan
    from ui.import_preview import ImportPreview
    from ui.lost_versions_dialog import LostVersionsDialog
    from ui.main_window import MainWindow

SUFFIX = ".aftale"
FOLDER_KEY = "bundle/folder"
IMPORT_TITLE = "Importér fra kollega"
READ_ONLY_REFUSAL = ("Aftalerne er åbnet skrivebeskyttet (fx fordi de er åbne i et andet vindue), så der kan ikke "
                     "importeres her. Luk det andet vindue, åbn Aftaler igen, og importér pakken derefter. "
                     "Intet er ændret.")


def bundle_path(url: QUrl) -> Path | None:
    """The local .aftale file a dropped URL points at, else None."""
    if not url.isLocalFile():
        return None
    path = Path(url.toLocalFile())
    return path if path.suffix.lower() == SUFFIX else None


def dropped_bundle(event: QDropEvent) -> Path | None:
    """The one .aftale file being dragged (None: not exactly one local .aftale file)."""
    data = event.mimeData()
    urls = data.urls() if data is not None and data.hasUrls() else []
    paths = [bundle_path(url) for url in urls]
    return paths[0] if len(paths) == 1 and paths[0] is not None else None


class BundleController(QObject):
    def __init__(self, window: MainWindow, backup_dir: Path) -> None:
        super().__init__(window)
        self.window = window
        self.backup_dir = backup_dir
        #: the open import preview (None when none is open)
        self.preview: ImportPreview | None = None
        self.lost_dialog: LostVersionsDialog | None = None
        self.last_message: QtWidgets.QMessageBox | None = None
        #: whether files dropped on the window and macOS's FileOpen reach it (from its first paint on)
        self.takes_files = False
        window.setAcceptDrops(True)
        # Drags over any widget of the window (a text field takes text, not files), so the filter is the
        # application's; it sees every event, and the first that meets it make PySide6 build the Python
        # types of the objects and events it is handed: not on the way to the first paint. Except on
        # macOS, where the file double-clicked to start the program arrives as a FileOpen event at once.
        if sys.platform == "darwin":
            self._take_files()
        else:
            after_first_paint(window, self._take_files)

    def _take_files(self) -> None:
        app = QApplication.instance()
        if app is not None and not self.takes_files:
            app.installEventFilter(self)
            self.takes_files = True

    # --- writing bundles ------------------------------------------------------------------------

    def folder(self) -> Path:
        value = self.window.settings.value(FOLDER_KEY)
        if isinstance(value, str) and Path(value).is_dir():
            return Path(value)
        documents = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def file_name(self, uuids: list[str]) -> str:
        """'IT-staben - Aftale 2008.aftale' for one agreement, 'Aftaler 2008.aftale' for several of a year."""
        store = self.window.store
        if len(uuids) == 1:
            agreement = load_agreement(store, uuids[0])
            kind = template_of(store, agreement).agreement_kind
            return agreement_file_name(agreement.unit, kind, agreement.year, SUFFIX)
        years = {load_agreement(store, u).year for u in uuids}
        return safe_stem(f"Aftaler {years.pop()}" if len(years) == 1 else "Aftaler") + SUFFIX

    def _ask_target(self, uuids: list[str], title: str) -> Path | None:
        suggested = str(self.folder() / self.file_name(uuids))
        chosen, _ = QtWidgets.QFileDialog.getSaveFileName(self.window, title, suggested,
                                                          "Aftaler til en kollega (*.aftale)")
        if not chosen:
            return None
        return Path(chosen if chosen.lower().endswith(SUFFIX) else chosen + SUFFIX)

    def _write(self, uuids: list[str], target: Path | None, title: str) -> Path | None:
        from exporters.bundle_write import write_bundle

        window = self.window
        window.form.flush()
        if not window.save_guard.all_saved(f"gemme {'aftalen' if len(uuids) == 1 else 'aftalerne'} i en pakke"):
            return None
        try:
            target = target or self._ask_target(uuids, title)
            if target is None:
                return None
            with busy():
                written = write_bundle(window.store, uuids, target)
        except (ExportError, StoreError, sqlite3.Error) as exc:
            QtWidgets.QMessageBox.warning(window, title, problem(exc))
            return None
        window.settings.setValue(FOLDER_KEY, str(written.parent))
        from ui.import_states import plural

        count = plural(len(uuids), "aftale", "aftaler")
        self._tell(title, f"Pakken med {count} er gemt her:\n{written}\n\nDu kan vedhæfte filen til en mail til "
                          "din kollega. Kollegaen åbner den i Aftaler med Filer → Importér fra kollega.",
                   folder=written.parent)
        return written

    def send_to_colleague(self, _checked: bool = False, target: Path | None = None) -> Path | None:
        """Filer → Send til kollega: the open agreement in one .aftale file."""
        if self.window.doc is None:
            self.window.statusBar().showMessage("Åbn først den aftale, der skal sendes.", 5000)
            return None
        return self._write([self.window.doc.uuid], target, "Send til kollega")

    def export_bundle(self, _checked: bool = False, uuids: list[str] | None = None,
                      target: Path | None = None) -> Path | None:
        """Filer → Eksportér pakke: the agreements chosen (e.g. all of a year) in one .aftale file."""
        title = "Eksportér pakke"
        if uuids is None:
            try:
                agreements = list_agreements(self.window.store, AgreementFilter())
            except (StoreError, sqlite3.Error) as exc:
                QtWidgets.QMessageBox.warning(self.window, title, problem(exc))
                return None
            from ui.batch_export_dialog import BatchExportDialog

            dialog = BatchExportDialog(agreements, self.window.agreements.year.currentData(), self.window,
                                       title=title, intro="Vælg de aftaler, der skal med i pakken til din kollega.")
            if not dialog.exec():
                return None
            uuids = dialog.chosen()
        return self._write(uuids, target, title)

    def _tell(self, title: str, text: str, folder: Path | None = None) -> None:
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, title, text, parent=self.window)
        if folder is not None:
            open_folder = box.addButton("Åbn mappen", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
            box.buttonClicked.connect(lambda button: QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(folder)))
                                      if button is open_folder else None)
        box.addButton("Luk", QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.setModal(False)
        box.show()
        self.last_message = box

    # --- importing ------------------------------------------------------------------------------

    def _may_import(self) -> bool:
        window = self.window
        if window.store.read_only:
            QtWidgets.QMessageBox.warning(window, IMPORT_TITLE, READ_ONLY_REFUSAL)
            return False
        window.form.flush()
        return window.save_guard.all_saved("importere pakken")

    def choose_and_import(self) -> ImportPreview | None:
        """Filer → Importér fra kollega: choose the .aftale file, then the preview."""
        if not self._may_import():
            return None
        chosen, _ = QtWidgets.QFileDialog.getOpenFileName(self.window, IMPORT_TITLE, str(self.folder()),
                                                          "Aftaler fra en kollega (*.aftale)")
        return self.import_file(Path(chosen)) if chosen else None

    def import_file(self, path: Path) -> ImportPreview | None:
        """Read the bundle and show what importing it would do; it is applied once the user clicks
        "Importér" (the preview is window-modal). A bundle that cannot be read is refused in Danish."""
        from storage.bundle_apply import plan_import
        from storage.bundle_read import read_bundle
        from ui.import_preview import ImportPreview

        if self.preview is not None or not self._may_import():
            return None
        try:
            with busy():
                bundle = read_bundle(path)
                plan = plan_import(self.window.store, bundle)
        except (StoreError, sqlite3.Error) as exc:
            QtWidgets.QMessageBox.warning(self.window, IMPORT_TITLE, f"{problem(exc)}\n\nIntet er ændret.")
            return None
        preview = ImportPreview(plan, self.window)
        preview.accepted.connect(lambda: self._apply(bundle, preview))
        preview.finished.connect(lambda _result: self._closed(preview))
        self.preview = preview
        preview.open()
        return preview

    def _closed(self, preview: ImportPreview) -> None:
        if self.preview is preview:
            self.preview = None
        preview.deleteLater()

    def _apply(self, bundle: Bundle, preview: ImportPreview) -> ImportPlan | None:
        from storage.bundle_apply import apply_bundle

        window = self.window
        if not self._may_import():
            return None
        try:
            with busy():
                done = apply_bundle(window.store, bundle, self.backup_dir, preview.choices())
        except (StoreError, sqlite3.Error) as exc:
            QtWidgets.QMessageBox.warning(window, IMPORT_TITLE, f"{problem(exc)}\n\nIntet er ændret.")
            return None
        self._show_imported(done)
        from ui.import_states import import_summary

        summary = import_summary(done)
        window.statusBar().showMessage(f"Importeret: {summary}", 10000)
        if done.changes_anything:
            self._tell(IMPORT_TITLE, f"Pakken »{bundle.name}« er importeret: {summary}\n\nDer blev taget en "
                                     "sikkerhedskopi af aftalerne først.")
        else:
            self._tell(IMPORT_TITLE, f"Pakken »{bundle.name}« bragte intet nyt: {summary}\n\nIntet er ændret.")
        return done

    def _show_imported(self, plan: ImportPlan) -> None:
        """Reload what the window shows: the list, and the open agreement (or the bundle's first)."""
        window = self.window
        window.agreements.refresh()
        imported = [a.uuid for a in plan.agreements]
        if window.doc is not None and window.doc.uuid in imported:
            self.reopen()
        elif imported:
            window.open_agreement(imported[0])
        if window.overview_window is not None:
            window.overview_window.reload()
        if window.minutes_window is not None:
            window.minutes_window.refresh()

    def reopen(self) -> None:
        """Show the open agreement as it is stored now, at the same node (an import or a version
        brought back changed it underneath the window)."""
        window = self.window
        if window.doc is None:
            return
        node = window.tree_model.node(window.tree.currentIndex()) if window.tree_model else None
        window.open_agreement(window.doc.uuid, again=True)
        if node is not None:
            window.select_node(node.uuid)

    # --- dropping a file on the window ----------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FileOpen:
            return self._file_opened(event)
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if not isinstance(event, QDropEvent):  # entering and moving are drop events too
            return False
        path = dropped_bundle(event)
        if path is None:
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            QTimer.singleShot(0, lambda: self.import_file(path))  # not inside the drop: the file manager waits
        return True

    def _file_opened(self, event: QEvent) -> bool:
        """macOS hands a double-clicked file to the running program as a FileOpen event, not an argument."""
        if not isinstance(event, QFileOpenEvent) or not self.window.isVisible():
            return False
        path = Path(event.file())
        if path.suffix.lower() != ".aftale":
            return False
        self.import_handed_over(path)
        return True

    def import_handed_over(self, bundle: Path) -> None:
        """A file given to the program while this window runs (a later start, macOS's FileOpen): the window
        comes to the front and shows its import preview."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        if self.preview is not None:
            window.statusBar().showMessage(f"Afslut den import, der er i gang, og åbn så '{bundle.name}' igen.", 15000)
            return
        QTimer.singleShot(0, lambda: self.import_file(bundle))

    # --- lost versions --------------------------------------------------------------------------

    def show_lost_versions(self) -> LostVersionsDialog | None:
        """Rediger → Tabte versioner: what lost a conflict in the open agreement."""
        from storage.lost_versions import lost_versions
        from ui.lost_versions_dialog import LostVersionsDialog

        window = self.window
        if window.doc is None:
            window.statusBar().showMessage("Åbn først en aftale.", 5000)
            return None
        try:
            versions = lost_versions(window.store, window.doc.uuid)
        except (StoreError, sqlite3.Error) as exc:
            QtWidgets.QMessageBox.warning(window, "Tabte versioner", problem(exc))
            return None
        dialog = LostVersionsDialog(window.doc.agreement.title, versions, window.store.read_only, window)
        dialog.restoreRequested.connect(lambda version_id: self.restore(dialog, version_id))
        dialog.finished.connect(dialog.deleteLater)
        self.lost_dialog = dialog
        dialog.open()
        return dialog

    def restore(self, dialog: LostVersionsDialog, version_id: int) -> bool:
        from storage.lost_versions import lost_versions, restore_version

        window = self.window
        version = dialog.versions.get(version_id)
        window.form.flush()
        if window.doc is None or version is None or not window.save_guard.all_saved("bringe versionen tilbage"):
            return False
        try:
            restore_version(window.store, version_id)
            versions = lost_versions(window.store, version.agreement_uuid)
        except (StoreError, sqlite3.Error) as exc:
            QtWidgets.QMessageBox.warning(dialog, "Tabte versioner", problem(exc))
            return False
        self.reopen()
        window.agreements.refresh()
        dialog.set_versions(versions, select=version_id)
        dialog.show_restored(version)
        return True
