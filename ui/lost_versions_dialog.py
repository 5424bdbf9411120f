"""Rediger → Tabte versioner: what lost a merge conflict in the open agreement, and bringing it back.

The dialog shows the versions it is given and asks for one to be brought back
(:attr:`LostVersionsDialog.restoreRequested`); the controller restores it and hands the fresh list
back with :meth:`LostVersionsDialog.set_versions`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from storage.lost_versions import LostVersion
from ui.local_time import local_moment
from ui.look import escape

COLUMNS = ("Tabt", "Hvor", "Felt")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class LostVersionsDialog(QDialog):
    #: the id of the version to bring back
    restoreRequested = Signal(int)  # noqa: N815 - Qt's naming

    def __init__(self, title: str, versions: list[LostVersion], read_only: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tabte versioner")
        self.read_only = read_only
        self.versions: dict[int, LostVersion] = {}
        intro = QLabel(f"<b>{escape(title)}</b><br>Det, der tabte en konflikt, da en pakke blev importeret. "
                       "Vælg en version og klik »Bring tilbage« for at gøre den gældende igen; den, der står "
                       "nu, gemmes så her i stedet.", self)
        intro.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setStyleSheet("QTreeView::item { padding: 2px 14px 2px 2px; }")
        self.source = QLabel(self)
        self.source.setWordWrap(True)
        self.source.setStyleSheet("color: #444;")
        self.text = QTextBrowser(self)
        self.text.setPlaceholderText("Vælg en version for at se teksten.")
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        below = QWidget(self)
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 4, 0, 0)
        below_layout.addWidget(self.source)
        below_layout.addWidget(self.text, 1)
        splitter.addWidget(self.view)
        splitter.addWidget(below)
        splitter.setSizes([240, 200])
        splitter.setChildrenCollapsible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Luk")
        self.restore_button = QPushButton("Bring tilbage", self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._restore)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.state)
        layout.addWidget(buttons)
        self.resize(860, 560)
        self.view.selectionModel().currentRowChanged.connect(self._show)
        self.set_versions(versions)

    def set_versions(self, versions: list[LostVersion], select: int | None = None) -> None:
        """Show these versions (newest first), selecting ``select`` or the first."""
        self.versions = {v.id: v for v in versions}
        self.model.removeRows(0, self.model.rowCount())
        for version in versions:
            moment = local_moment(version.lost_at) + (" (bragt tilbage)" if version.restored_at else "")
            items = [QStandardItem(text) for text in (moment, version.group, version.label)]
            for item in items:
                item.setData(version.id, ID_ROLE)
                item.setToolTip(item.text())
            self.model.appendRow(items)
        header = self.view.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Hvor"), QHeaderView.ResizeMode.Stretch)
        rows = [v.id for v in versions]
        row = rows.index(select) if select in rows else 0
        if versions:
            self.view.setCurrentIndex(self.model.index(row, 0))
        else:
            self._show(QModelIndex())

    def selected(self) -> LostVersion | None:
        return self.versions.get(self.view.currentIndex().data(ID_ROLE))

    def _show(self, current: QModelIndex) -> None:
        version = self.versions.get(current.data(ID_ROLE)) if current.isValid() else None
        self.text.setPlainText(version.text if version else "")
        self.source.setText(self.source_text(version) if version else "")
        self.restore_button.setEnabled(version is not None and not self.read_only)
        if self.read_only:
            self.state.setText("Aftalerne er åbnet skrivebeskyttet, så intet kan bringes tilbage her.")
        elif not self.versions:
            self.state.setText("Der er ingen tabte versioner for denne aftale.")

    @staticmethod
    def source_text(version: LostVersion) -> str:
        """'Fra: din version, erstattet fra pakken … Bragt tilbage 12.03.2025 kl. 14:10.'"""
        text = f"Fra: {version.source}."
        if version.restored_at:
            text += f" Bragt tilbage {local_moment(version.restored_at)}."
        return text

    def _restore(self) -> None:
        version = self.selected()
        if version is not None and not self.read_only:
            self.restoreRequested.emit(version.id)

    def show_restored(self, version: LostVersion) -> None:
        self.state.setText(f"»{version.label}« i {version.group} er bragt tilbage.")
