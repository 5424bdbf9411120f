"""'Ny opfølgningsrunde': a name, a date, for this agreement or the whole year, from the last round or not.

The dialog asks storage (through the ``create`` callback) and stays open with the Danish reason
when the round is refused, so what was typed is not lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

#: name, date, whole year?, start from the latest round? → None, or the Danish reason it was refused
CreateRound = Callable[[str, date, bool, bool], "str | None"]
DEFAULT_NAME = "Status-opfølgning"


class NewRoundDialog(QDialog):
    def __init__(self, year: int, has_rounds: bool, create: CreateRound, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ny opfølgningsrunde")
        self.create_round = create
        self.name = QLineEdit(DEFAULT_NAME, self)
        self.name.setObjectName("roundName")
        self.name.selectAll()
        self.day = QDateEdit(self)
        self.day.setObjectName("roundDate")
        self.day.setLocale(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.day.setCalendarPopup(True)
        today = QDate.currentDate()
        self.day.setDate(today if today.year() == year else QDate(year, 9, 1))
        self.only_this = QRadioButton("Kun denne aftale", self)
        self.whole_year = QRadioButton(f"Alle aftaler for {year}", self)
        self.only_this.setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.only_this)
        scope.addButton(self.whole_year)
        self.from_latest = QCheckBox("Start fra seneste rundes status", self)
        self.from_latest.setChecked(has_rounds)
        self.from_latest.setEnabled(has_rounds)
        if not has_rounds:
            self.from_latest.setToolTip("Der er ingen tidligere runde for aftalen.")
        self.problem = QLabel(self)
        self.problem.setObjectName("roundProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()

        form = QFormLayout()
        form.addRow("&Navn:", self.name)
        form.addRow("&Dato:", self.day)
        form.addRow("Gælder:", self.only_this)
        form.addRow("", self.whole_year)
        form.addRow("", self.from_latest)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Opret runden")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def chosen_date(self) -> date:
        chosen = self.day.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def accept(self) -> None:
        refused = self.create_round(self.name.text(), self.chosen_date(), self.whole_year.isChecked(),
                              self.from_latest.isChecked())
        if refused:
            self.problem.setText(refused)
            self.problem.show()
            return
        super().accept()
