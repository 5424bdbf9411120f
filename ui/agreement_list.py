"""The list of agreements (filter by year and unit) as a table model and its panel."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.agreements import AgreementFilter, list_agreements, years
from storage.database import Store
from storage.model import AgreementSummary
from ui.roles import DECORATION, DISPLAY, FOREGROUND, TOOLTIP, USER

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Enhed", "År", "Titel", "Underskrift")
SENT_COLOUR = "#2e7d32"
CHANGED_COLOUR = "#a15c00"
#: the rows whose text sizes the columns Enhed and Underskrift (not every agreement: the list's cost at
#: start-up does not grow with the store)
RESIZE_ROWS = 60
#: room around a cell's text, and the signing column's dot beside it
CELL_PADDING, DOT_ROOM = 18, 16
#: a longer unit is cut with "…" (its name is in the title's tooltip), so Titel keeps room in a narrow panel
UNIT_MAX_CHARS = 24
#: the roles the list answers; a view asks for a dozen per cell, the others are answered at once
ROLES = frozenset({DISPLAY, DECORATION, TOOLTIP, FOREGROUND, USER})


def short_title(item: AgreementSummary) -> str:
    """The title without the unit and the year the other columns show: "IT-staben. Aftale 2008" →
    "Aftale", "Udviklingsaftale 2016 for Ældre og Handicap" → "Udviklingsaftale"."""
    text = item.title
    for part in (item.unit, str(item.year)):
        if part:
            text = re.sub(re.escape(part), " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip(" .,:;–-")
    text = re.sub(r"\s+(for|i|til|–|-)$", "", text, flags=re.IGNORECASE).strip(" .,:;–-")
    return text or item.title


def signing_status(item: AgreementSummary) -> str:
    """Short, for the column: "Rev. 1" once sent, "Ændret" when edited since."""
    if item.sent_revision is None:
        return ""
    return "Ændret" if item.changed_since_sent else f"Rev. {item.sent_revision}"


def signing_tip(item: AgreementSummary) -> str:
    if item.sent_revision is None:
        return "Ikke sendt til underskrift endnu"
    if item.changed_since_sent:
        return f"Ændret efter rev. {item.sent_revision} blev sendt til underskrift"
    return f"Sendt til underskrift som rev. {item.sent_revision}"


def dot(colour: str, size: int = 10) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class AgreementListModel(QAbstractTableModel):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.filter = AgreementFilter()
        self.items: list[AgreementSummary] = []
        self._titles: dict[int, str] = {}  # short titles, made when a row is first shown
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.items = list_agreements(self.store, self.filter)
        self._titles = {}
        self.endResetModel()

    def short_title(self, row: int) -> str:
        title = self._titles.get(row)
        if title is None:
            title = self._titles[row] = short_title(self.items[row])
        return title

    def set_store(self, store: Store) -> None:
        self.store = store
        self.refresh()

    def set_filter(self, flt: AgreementFilter) -> None:
        self.filter = flt
        self.refresh()

    def row_of(self, agreement_uuid: str) -> int:
        return next((i for i, item in enumerate(self.items) if item.uuid == agreement_uuid), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if role not in ROLES or not index.isValid():
            return None
        item = self.items[index.row()]
        if role == DISPLAY:
            column = index.column()
            if column == 2:
                return self.short_title(index.row())
            return item.unit if column == 0 else str(item.year) if column == 1 else signing_status(item)
        if role == USER:
            return item.uuid
        if role == TOOLTIP:
            return f"{item.title}\nSkabelon: {item.template_id}\n{signing_tip(item)}"
        if role == DECORATION and index.column() == 3 and item.sent_revision is not None:
            return dot(CHANGED_COLOUR if item.changed_since_sent else SENT_COLOUR)
        if role == FOREGROUND and item.changed_since_sent and index.column() == 3:
            return QBrush(QColor(CHANGED_COLOUR))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == DISPLAY:
            return COLUMNS[section]
        if role == TOOLTIP and section == 3:
            return "Om aftalen er sendt til underskrift, og om den er ændret siden"
        return None


class AgreementListPanel(QWidget):
    """Filter fields above a table; emits :attr:`agreementChosen` with the uuid."""

    agreementChosen = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = AgreementListModel(store)
        self.year = QComboBox(self)
        self.year.setToolTip("Vis kun aftaler for dette år")
        self.year.setAccessibleName("Filtrér på år")
        self.unit = QLineEdit(self)
        self.unit.setPlaceholderText("Filtrér på enhed …")
        self.unit.setClearButtonEnabled(True)
        self.unit.setAccessibleName("Filtrér på enhed")
        self.view = QTableView(self)
        self.view.setObjectName("agreementList")
        self.view.verticalHeader().hide()  # before the model: a shown header asks it about 200 rows
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        filters = QHBoxLayout()
        filters.addWidget(self.year)
        filters.addWidget(self.unit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self._fill_years()
        self.fit_columns()
        self.model.modelReset.connect(self.fit_columns)
        self.year.currentIndexChanged.connect(self._apply_filter)
        self.unit.textChanged.connect(self._apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self._current: str | None = None

    def fit_columns(self) -> None:
        """Enhed, År and Underskrift as wide as their header and the text of the first :data:`RESIZE_ROWS`
        agreements; Titel takes the rest. Measured here rather than by the view, which asks the model a
        dozen questions per cell: the list costs the same at start-up for 30 and for 3,000 agreements."""
        cells, heads = self.view.fontMetrics(), self.view.horizontalHeader().fontMetrics()
        items = self.model.items[:RESIZE_ROWS]
        texts = {0: [item.unit for item in items], 1: [str(item.year) for item in items],
                 3: [signing_status(item) for item in items]}
        for column, column_texts in texts.items():
            widest = max((cells.horizontalAdvance(text) for text in set(column_texts)), default=0)
            if column == 3 and any(item.sent_revision is not None for item in items):
                widest += DOT_ROOM
            if column == 0:
                widest = min(widest, cells.averageCharWidth() * UNIT_MAX_CHARS)
            head = heads.horizontalAdvance(COLUMNS[column])
            self.view.setColumnWidth(column, max(widest, head) + CELL_PADDING)

    def _fill_years(self) -> None:
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("Alle år", None)
        for year in years(self.store):
            self.year.addItem(str(year), year)
        index = self.year.findData(chosen)
        self.year.setCurrentIndex(max(index, 0))
        self.year.blockSignals(False)

    def _apply_filter(self) -> None:
        self.model.set_filter(AgreementFilter(year=self.year.currentData(), unit=self.unit.text().strip() or None))
        self._reselect()

    def refresh(self) -> None:
        self._fill_years()
        self.model.refresh()
        self._reselect()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.model.set_store(store)
        self._current = None
        self.refresh()

    def _reselect(self) -> None:
        row = self.model.row_of(self._current) if self._current else -1
        self.view.selectionModel().blockSignals(True)
        if row >= 0:
            self.view.selectRow(row)
            self.view.setCurrentIndex(self.model.index(row, 0))
        else:
            self.view.clearSelection()
        self.view.selectionModel().blockSignals(False)

    def select(self, agreement_uuid: str) -> None:
        self._current = agreement_uuid
        self._reselect()

    def _current_changed(self, current: QModelIndex) -> None:
        if current.isValid():
            agreement_uuid = self.model.items[current.row()].uuid
            if agreement_uuid != self._current:
                self._current = agreement_uuid
                self.agreementChosen.emit(agreement_uuid)

    def visible_uuids(self) -> list[str]:
        return [item.uuid for item in self.model.items]
