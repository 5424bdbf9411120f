""""Kopiér til næste år": which year mentions move one year on, each shown in its context."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.year_mentions import YearMention, find_mentions
from ui.document import AgreementDocument
from ui.look import escape

CHECK, WHERE, CONTEXT = range(3)


def place_label(doc: AgreementDocument, mention: YearMention) -> str:
    """"Bilag 4a … · Delmål B" — the node, the field and, in a list, the item's letter or number."""
    owner = mention.owner_uuid
    if owner == doc.uuid:
        node = "Forside"
    elif (section := doc.section(owner)) is not None:
        definition = doc.template.section(section.key)
        node = f"{definition.number} {definition.title}".strip() if definition else section.key
    else:
        node = doc.goal_label(owner)
    field = next((f.label for f in doc.fields_of(owner) if f.id == mention.field_id), mention.field_id)
    if mention.row_uuid is not None:
        rows = [r.uuid for r in doc.rows(owner, mention.field_id)]
        if mention.row_uuid in rows:
            field += f", punkt {rows.index(mention.row_uuid) + 1}"
    return f"{node} · {field}"


class NextYearDialog(QDialog):
    """Lists every mention of the agreement's year (and the year before), each with a box that is
    ticked: accepted, it becomes one year later in the copy. The revision is always cleared."""

    def __init__(self, doc: AgreementDocument, mentions: list[YearMention], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        year = doc.agreement.year
        self.mentions = mentions
        self.setWindowTitle(f"Kopiér til {year + 1}")
        intro = QLabel(
            f"Aftalen kopieres til {year + 1}. Periode og titel flyttes ét år frem; revision, godkendelsesdato og "
            f"status ryddes. Nedenfor står hvert sted, teksten nævner {year} eller {year - 1}: de afkrydsede "
            "årstal flyttes ét år frem i kopien. Det, der ikke flyttes, markeres i kopien.", self)
        intro.setWordWrap(True)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Bliver", "Hvor", "Tekst"])
        for mention in mentions:
            check = QStandardItem(f"{mention.found} → {mention.replacement}")
            check.setCheckable(True)
            check.setCheckState(Qt.CheckState.Checked)
            check.setEditable(False)
            where = QStandardItem(place_label(doc, mention))
            where.setEditable(False)
            context = QStandardItem(f"{mention.before}{mention.found}{mention.after}")
            context.setToolTip(f"{escape(mention.before)}<b>{escape(mention.found)}</b>"
                               f"{escape(mention.after)}")
            context.setEditable(False)
            self.model.appendRow([check, where, context])
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(False)  # one line per mention; the whole context is in the tooltip
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(CHECK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHERE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(WHERE, 360)
        header.setSectionResizeMode(CONTEXT, QHeaderView.ResizeMode.Stretch)
        if not mentions:
            self.view.hide()
        all_on, all_off = QPushButton("Flyt alle", self), QPushButton("Flyt ingen", self)
        all_on.clicked.connect(lambda: self.check_all(True))
        all_off.clicked.connect(lambda: self.check_all(False))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"Kopiér til {year + 1}")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        if mentions:
            row.addWidget(all_on)
            row.addWidget(all_off)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.resize(900, 560 if mentions else 160)

    def check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for row in range(self.model.rowCount()):
            item = self.model.item(row, CHECK)
            if item is not None:
                item.setCheckState(state)

    def accepted_mentions(self) -> list[YearMention]:
        out = []
        for row, mention in enumerate(self.mentions):
            item = self.model.item(row, CHECK)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(mention)
        return out


def choose_years_to_move(doc: AgreementDocument, parent: QWidget | None = None) -> list[YearMention] | None:
    """Ask which year mentions move on in next year's copy; None if the person cancels."""
    dialog = NextYearDialog(doc, find_mentions(doc.agreement), parent)
    return dialog.accepted_mentions() if dialog.exec() else None
