""""Ny aftale": choose template, unit and year."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from storage.templates import TemplateRegistry


class NewAgreementDialog(QDialog):
    def __init__(self, templates: TemplateRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ny aftale")
        self.template = QComboBox(self)
        for template in templates.ordered():
            self.template.addItem(template.name, template.id)
        self.unit = QLineEdit(self)
        self.unit.setPlaceholderText("fx IT-staben")
        self.year = QSpinBox(self)
        self.year.setRange(1990, 2200)
        self.year.setValue(date.today().year + 1)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Opret")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Skabelon:", self.template)
        form.addRow("&Aftaleholder (enhed):", self.unit)
        form.addRow("Å&r:", self.year)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.setMinimumWidth(460)

    def _accept(self) -> None:
        if not self.unit.text().strip():
            self.problem.setText("Skriv aftaleholderens navn (enheden).")
            self.unit.setFocus()
            return
        if self.template.currentData() is None:
            self.problem.setText("Der er ingen skabeloner at vælge imellem.")
            return
        self.accept()

    def choice(self) -> tuple[str, str, int]:
        return str(self.template.currentData()), self.unit.text().strip(), self.year.value()
