""""Eksportér flere til Word" (or another format, or "Eksportér pakke"): choose agreements (e.g. all of a year)
from the list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storage.model import AgreementSummary


class BatchExportDialog(QDialog):
    def __init__(self, agreements: list[AgreementSummary], year: int | None, parent: QWidget | None = None,
                 format_name: str = "Word", files: str = "Word-filer", title: str | None = None,
                 intro: str | None = None) -> None:
        """``format_name`` and ``files`` name the format in Danish ("Word", "Word-filer"); ``title`` and
        ``intro`` replace the window title and the line above the list (e.g. for a bundle)."""
        super().__init__(parent)
        self.setWindowTitle(title or f"Eksportér flere til {format_name}")
        self.agreements = agreements
        self.unchecked: set[str] = set()  # kept across year changes
        self.model = QStandardItemModel(self)
        self.year = QComboBox(self)
        self.year.addItem("Alle år", None)
        for value in sorted({a.year for a in agreements}, reverse=True):
            self.year.addItem(str(value), value)
        self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.count = QLabel(self)
        select_all = QPushButton("Vælg &alle", self)
        select_none = QPushButton("&Fravælg alle", self)
        select_all.clicked.connect(lambda: self._check_all(True))
        select_none.clicked.connect(lambda: self._check_all(False))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Eksportér …")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        year_label = QLabel("&År:", self)
        year_label.setBuddy(self.year)
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(select_all)
        top.addWidget(select_none)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(intro or f"Vælg de aftaler, der skal skrives som {files} i én mappe."))
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.resize(560, 480)
        self.year.currentIndexChanged.connect(self._fill)
        self.model.itemChanged.connect(self._remember)
        self.model.itemChanged.connect(self._update_count)
        self._fill()

    def _fill(self) -> None:
        year = self.year.currentData()
        self.model.clear()
        for agreement in self.agreements:
            if year is not None and agreement.year != year:
                continue
            item = QStandardItem(f"{agreement.title}  ({agreement.unit}, {agreement.year})")
            item.setData(agreement.uuid, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            unchecked = agreement.uuid in self.unchecked
            item.setCheckState(Qt.CheckState.Unchecked if unchecked else Qt.CheckState.Checked)
            item.setEditable(False)
            self.model.appendRow(item)
        self._update_count()

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.model.rowCount()):
            self.model.item(row).setCheckState(state)

    def _remember(self, item: QStandardItem) -> None:
        agreement_uuid = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self.unchecked.discard(agreement_uuid)
        else:
            self.unchecked.add(agreement_uuid)

    def _update_count(self) -> None:
        chosen = len(self.chosen())
        self.count.setText(f"{chosen} af {self.model.rowCount()} valgt")
        self.ok.setEnabled(chosen > 0)

    def chosen(self) -> list[str]:
        return [
            str(self.model.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.model.rowCount())
            if self.model.item(row).checkState() == Qt.CheckState.Checked
        ]
