"""What the window says when the store refuses a write, and what the user can do about it.

A banner above the form names the reason in Danish and says that the typed text is still on
screen; Aftaler retries by itself every few seconds, the user can retry now or save a copy of
the store (with the refused edits) somewhere else. Nothing here decides what is stored: the
document keeps the pending edits, :mod:`storage.rescue` writes the copy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6 import QtWidgets  # its dialogs and message boxes: Python types made when first shown
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from storage.errors import StoreError
from storage.rescue import save_copy
from ui.document import AgreementDocument

RETRY_INTERVAL_MS = 3000
PATH_CHARS = 48


def saved_text(moment: datetime | None = None, again: bool = False) -> str:
    """"Gemt kl. 09.07" in local time, the Danish way (hours and minutes with a full stop)."""
    moment = (moment or datetime.now()).astimezone()
    return f"Gemt{' igen' if again else ''} kl. {moment:%H.%M}"


def short_path(path: Path, chars: int = PATH_CHARS) -> str:
    """The store's path with the home folder as ~, cut in the middle when it is long."""
    try:
        text = f"~/{path.resolve().relative_to(Path.home().resolve()).as_posix()}"
    except ValueError:
        text = str(path)
    if len(text) <= chars:
        return text
    keep = chars - 1
    return f"{text[:keep // 2]}…{text[-(keep - keep // 2):]}"


def where_text(path: Path, read_only: bool = False) -> str:
    """What the status bar says before the first edit: where the agreements are kept."""
    return f"{'Skrivebeskyttet: ' if read_only else 'Gemmes i '}{short_path(path)}"
PENDING_NOTE = ("Det, du har skrevet, står stadig på skærmen og er ikke tabt. Aftaler prøver selv at gemme "
                "igen hvert 3. sekund. Du kan også gemme en kopi af aftalerne et andet sted.")


BANNER_STYLE = ("#saveProblem { background: #fdecea; border: 1px solid #d93025; border-radius: 3px; }"
                " QLabel { color: #5f1410; }")


class SaveProblemBanner(QFrame):
    """A red band above the form: why the last change was not saved, and what can be done."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveProblem")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.retry_button = QPushButton("Prøv igen nu", self)
        self.copy_button = QPushButton("Gem en kopi …", self)
        self.close_button = QPushButton("Luk", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.message, 1)
        for button in (self.retry_button, self.copy_button, self.close_button):
            layout.addWidget(button)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_problem(self, problem: str, pending: bool) -> None:
        self.message.setText(f"<b>Ikke gemt.</b> {problem}" + (f"<br>{PENDING_NOTE}" if pending else ""))
        self.retry_button.setVisible(pending)
        self.copy_button.setVisible(pending)
        self.close_button.setVisible(not pending)
        if not self.styleSheet():  # set when first needed: a style sheet at start-up costs a style of its own
            self.setStyleSheet(BANNER_STYLE)
        self.show()


class SaveGuard(QObject):
    """Follows the open document's failed and recovered writes; retries while edits are pending."""

    def __init__(self, banner: SaveProblemBanner, status: QLabel, window: QWidget,
                 flush: Callable[[], None] = lambda: None) -> None:
        super().__init__(window)
        self.banner, self.status, self.window = banner, status, window
        #: saves what is being typed (the focused field) before a copy is made
        self.flush = flush
        self.doc: AgreementDocument | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_INTERVAL_MS)
        self.timer.timeout.connect(self.retry)
        banner.retry_button.clicked.connect(self.retry)
        banner.copy_button.clicked.connect(lambda: self.save_copy())

    def set_document(self, doc: AgreementDocument | None) -> None:
        if self.doc is not None:
            self.doc.saveFailed.disconnect(self._failed)
            self.doc.saveRecovered.disconnect(self._recovered)
        self.doc = doc
        self.timer.stop()
        self.banner.hide()
        if doc is not None:
            doc.saveFailed.connect(self._failed)
            doc.saveRecovered.connect(self._recovered)

    @property
    def pending(self) -> bool:
        return self.doc is not None and self.doc.has_pending

    def _failed(self, problem: str) -> None:
        self.banner.show_problem(problem, self.pending)
        self.status.setText("<span style='color:#b3261e'><b>Ikke gemt</b></span>")
        if self.pending and not self.timer.isActive():
            self.timer.start()

    def _recovered(self) -> None:
        self.timer.stop()
        self.banner.hide()
        self.status.setText(saved_text(again=True))

    def retry(self) -> bool:
        """Try the pending edits again; True when everything is stored."""
        return self.doc is None or self.doc.retry_pending()

    def save_copy(self, target: Path | None = None) -> Path | None:
        """A copy of the store with the pending edits, where the user chooses (e.g. a USB stick)."""
        self.flush()
        doc = self.doc
        if doc is None:
            return None
        if target is None:
            suggestion = Path.home() / f"aftaler-kopi-{datetime.now().strftime('%Y%m%d-%H%M')}.sqlite"
            chosen, _ = QtWidgets.QFileDialog.getSaveFileName(self.window, "Gem en kopi af aftalerne", str(suggestion),
                                                              "Aftaler-database (*.sqlite)")
            if not chosen:
                return None
            target = Path(chosen)
        rows = {row_uuid: data for row_uuid, (_owner, _field, data) in doc.pending_rows.items()}
        try:
            save_copy(doc.store, target, doc.uuid, dict(doc.pending_values), rows)
        except StoreError as exc:
            QtWidgets.QMessageBox.warning(self.window, "Kopien kunne ikke gemmes", str(exc))
            return None
        QtWidgets.QMessageBox.information(
            self.window, "Kopien er gemt",
            f"Aftalerne er gemt i '{target}', med det du har skrevet.\n\nDu kan åbne kopien med "
            f"»Aftaler --db {target}«. Aftaler bliver ved med at prøve at gemme i den rigtige database.")
        return target

    def all_saved(self, what: str) -> bool:
        """Before something that reads the store (``what``: Danish, e.g. "eksportere til Word"): True if
        nothing typed is waiting to be saved; otherwise the user is told, and nothing happens."""
        if self.doc is None or not self.doc.has_pending or self.doc.retry_pending():
            return True
        QtWidgets.QMessageBox.warning(self.window, "Ændringer er ikke gemt",
                                      f"Noget af det, du har skrevet, er endnu ikke gemt i databasen, så du kan"
                                      f" ikke {what} lige nu: resultatet ville mangle det.\n\nVent, til Aftaler har"
                                      " gemt det (se den røde besked over formularen), eller gem en kopi af aftalerne"
                                      " et andet sted.")
        return False

    def may_leave(self, what: str) -> bool:
        """Before the open agreement is left (``what``: Danish, e.g. "lukke vinduet"): True if nothing
        typed would be lost — it is stored, saved as a copy, or the user chose to discard it."""
        doc = self.doc
        if doc is None or not doc.has_pending or doc.retry_pending():
            return True
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, "Ændringer er ikke gemt",
                                    f"Noget af det, du har skrevet, kunne ikke gemmes i databasen, og du er ved"
                                    f" at {what}.\n\nGem en kopi af aftalerne et andet sted, så intet går tabt.",
                                    parent=self.window)
        copy = box.addButton("Gem en kopi …", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Kassér ændringerne", QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Annullér", QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(copy)
        box.exec()
        if box.clickedButton() is copy:
            return self.save_copy() is not None
        if box.clickedButton() is discard:
            doc.pending_values.clear()
            doc.pending_rows.clear()
            return True
        return False
