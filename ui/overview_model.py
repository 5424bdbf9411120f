"""The status overview as a Qt table: one row per goal (and, when asked, per sub-goal and action),
coloured by status and showing the status as symbol + word, with a filter proxy for unit, goal
kind and status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from exporters.overview_pdf import cell_texts
from storage.overview import Overview, OverviewLine
from storage.status_scale import StatusLevel

COLUMNS = ("Enhed", "Aftale", "Nr.", "Indsats", "Type", "Status", "Kommentar", "Målt værdi", "Sat af")
STATUS, COMMENT, MEASURED, SET_BY = 5, 6, 7, 8
TOTAL = "I alt"
#: the OverviewLine of a row
LINE_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def tint(colour: str, share: float) -> QColor:
    """``colour`` mixed with white (``share`` of the colour) — light enough to read black text on."""
    base = QColor(colour)
    return QColor(int(255 - (255 - base.red()) * share), int(255 - (255 - base.green()) * share),
                  int(255 - (255 - base.blue()) * share))


class OverviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.overview: Overview | None = None
        self.lines: list[OverviewLine] = []
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes: dict[tuple[str, float], QBrush] = {}
        self._rank: dict[str, int] = {}
        self._ranks: dict[int, list[int]] = {}

    def set_overview(self, overview: Overview, details: bool = False) -> None:
        """Show the goals of ``overview`` (with ``details``: also their sub-goals and actions)."""
        self.beginResetModel()
        self.overview = overview
        self.lines = overview.lines if details else overview.goals()
        self._rank = {level.name: index for index, level in enumerate(overview.scale_levels())}
        self._ranks = {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(line, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brush(line.level.colour, 0.45 if column == STATUS else 0.15)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(line, column)
        if role == Qt.ItemDataRole.FontRole:
            if column == STATUS:
                return self._bold
            return self._italic if self._is_reason(line, column) else None
        if role == Qt.ItemDataRole.ForegroundRole and self._is_reason(line, column):
            return QBrush(QColor("#616161"))
        if role == LINE_ROLE:
            return line
        return None

    def _brush(self, colour: str, share: float) -> QBrush:
        key = (colour, share)
        if key not in self._brushes:
            self._brushes[key] = QBrush(tint(colour, share))
        return self._brushes[key]

    @staticmethod
    def text(line: OverviewLine, column: int) -> str:
        """What a cell reads: the printed overview's cells (one rule for both), plus the agreement's
        title; a sub-goal or action indented under its goal."""
        if column == 1:
            return line.agreement_title
        text = cell_texts(line)[column if column == 0 else column - 1]
        return text if column != 3 or line.target_kind == "goal" else f"    {text}"

    @staticmethod
    def _is_reason(line: OverviewLine, column: int) -> bool:
        return column == COMMENT and not line.comment and bool(line.empty_reason)

    @staticmethod
    def tooltip(line: OverviewLine, column: int) -> str:
        if column == STATUS and line.empty_reason:
            return f"{line.level.name}: {line.empty_reason}"
        if column == 3 and line.criterion:
            return f"Succeskriterium: {line.criterion}"
        if column in (COMMENT, 3):
            return OverviewModel.text(line, column).strip()
        return ""

    def sort_ranks(self, column: int) -> list[int]:
        """Each row's place when sorted by ``column`` (equal values keep the outline's order), worked
        out once per column: the proxy compares two integers, not two texts, per step."""
        if column not in self._ranks:
            keys = [self.sort_value(line, row, column) for row, line in enumerate(self.lines)]
            ranks = [0] * len(keys)
            for place, row in enumerate(sorted(range(len(keys)), key=keys.__getitem__)):
                ranks[row] = place
            self._ranks[column] = ranks
        return self._ranks[column]

    def sort_value(self, line: OverviewLine, row: int, column: int) -> Any:
        """What ``column`` sorts by: status in scale order, numbers as numbers, "Nr." in outline order."""
        if column == 2:
            return row  # the outline's order within the agreement (read_overview's order)
        if column == STATUS:
            return self._rank.get(line.level.name, len(self._rank))  # the scale's order
        if column == MEASURED:
            return float(line.measured) if line.measured is not None else float("inf")
        if column == SET_BY:
            return (line.set_at, line.set_by)
        return self.text(line, column).strip().casefold()


class OverviewFilter(QSortFilterProxyModel):
    """Rows of one unit, goal kind and status (None: all)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.unit: str | None = None
        self.kind: str | None = None
        self.status: str | None = None
        self._accepted: list[bool] = []

    def set_filter(self, unit: str | None = None, kind: str | None = None, status: str | None = None) -> None:
        """Filter by unit, goal kind name and status name (None: all); also after the model was refilled."""
        self.beginFilterChange()
        self.unit, self.kind, self.status = unit, kind, status
        model = self.sourceModel()
        assert isinstance(model, OverviewModel)
        self._accepted = [(unit is None or line.unit == unit) and (kind is None or line.kind_name == kind)
                          and (status is None or line.level.name == status) for line in model.lines]
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt's name
        return source_row >= len(self._accepted) or self._accepted[source_row]

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 - Qt's name
        model = self.sourceModel()
        assert isinstance(model, OverviewModel)
        ranks = model.sort_ranks(left.column())
        return ranks[left.row()] < ranks[right.row()]

    def visible_lines(self) -> list[OverviewLine]:
        """The lines shown, in the order shown (what is printed)."""
        return [self.index(row, 0).data(LINE_ROLE) for row in range(self.rowCount())]


class ChoiceModel(QAbstractListModel):
    """The entries of a filter combo box: (text, value) pairs; the value is the item's UserRole data."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.choices: list[tuple[str, object]] = []

    def set_choices(self, choices: list[tuple[str, object]]) -> None:
        self.beginResetModel()
        self.choices = choices
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.choices)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.choices[index.row()][0]
        if role == Qt.ItemDataRole.UserRole:
            return self.choices[index.row()][1]
        return None


class SummaryModel(QAbstractTableModel):
    """Goals per unit (rows, then "I alt") and status (columns: every level of the scales in use, then
    "I alt"), cells with goals tinted by status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.levels: list[StatusLevel] = []
        self.units: list[str] = []
        self.table: list[list[int]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_overview(self, overview: Overview) -> None:
        self.beginResetModel()
        self.levels = overview.scale_levels()
        counts = overview.counts()
        self.units = sorted(counts, key=str.casefold)
        rows = [[counts[unit][level.name] for level in self.levels] for unit in self.units]
        rows.append([sum(column) for column in zip(*rows, strict=True)] if rows else [])
        self.table = [[*row, sum(row)] for row in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() or not self.units else len(self.units) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() or not self.units else len(self.levels) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return f"{self.levels[section].symbol} {self.levels[section].name}" if section < len(self.levels) \
                else TOTAL
        return self.units[section] if section < len(self.units) else TOTAL

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.table[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and value and index.column() < len(self.levels):
            return QBrush(tint(self.levels[index.column()].colour, 0.45))
        if role == Qt.ItemDataRole.FontRole and (index.row() == len(self.units) or index.column() == len(self.levels)):
            return self._bold
        return None
