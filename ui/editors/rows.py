"""Editors for row-valued fields: lettered lists, the action plan, persons.

A table over the field's rows; letters (A, B, …) are the vertical header, so they
renumber themselves. Rows move by drag and drop or Alt+Up / Alt+Down.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.field_types import Layout, ValueProblem, cell_text, columns_of, description, row_keys_of
from storage.formatting import letter
from storage.milestone_when import EXAMPLES, quarters
from storage.model import JSONValue, Row
from storage.template_model import FieldDef, FieldType
from ui.editors.base import FieldEditor, SaveTimer

MIME_ROW = "application/x-aftaler-row"
Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    rowEdited = Signal(str, dict)
    rowMoveRequested = Signal(str, int)
    #: a typed cell its type refuses (a milestone's time that is no date, quarter or period): Danish
    refused = Signal(str)

    def __init__(self, field: FieldDef) -> None:
        super().__init__()
        self.field = field
        self.keys = row_keys_of(field)
        self.rows: list[Row] = []
        self.read_only = False
        #: what a cell shows instead of its stored text, or None (e.g. the action plan's Status column
        #: shows the follow-up round's status, set in the follow-up panel); such a cell is read-only
        self.display: Callable[[Row, str], str | None] | None = None

    def set_rows(self, rows: list[Row]) -> None:
        if [r.uuid for r in rows] == [r.uuid for r in self.rows]:
            changed = [i for i, (a, b) in enumerate(zip(self.rows, rows, strict=True)) if a.data != b.data]
            self.rows = list(rows)
            for i in changed:
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.keys) - 1))
            return
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and (shown := self.shown(index)) is not None:
            return shown
        if role == Qt.ItemDataRole.DisplayRole:
            key = self.keys[index.column()]
            return cell_text(self.field, key, row.data.get(key, ""))
        if role == Qt.ItemDataRole.EditRole:
            return row.data.get(self.keys[index.column()], "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.data.get(self.keys[index.column()], "") or None
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        row = self.rows[index.row()]
        key = self.keys[index.column()]
        if row.data.get(key, "") == value:
            return False
        data = {**row.data, key: str(value)}
        check_row = description(self.field.type).check_row
        try:
            data = check_row(self.field, data) if check_row else data
        except ValueProblem as exc:
            self.refused.emit(str(exc)[:1].upper() + str(exc)[1:])
            return False
        self.refused.emit("")
        if data != row.data:
            self.rowEdited.emit(row.uuid, data)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and self.keys[section] == "when" and self.field.type is FieldType.MILESTONES:
            return f"En dato, et kvartal eller en periode, fx {EXAMPLES}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return next((c.header for c in columns_of(self.field) if c.key == self.keys[section]), "")
        if description(self.field.type).layout is Layout.LETTERED:
            return f"{letter(section)})"
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index) | Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid() or self.read_only:
            return base
        if self.shown(index) is not None:
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled

    def shown(self, index: Index) -> str | None:
        """The text :attr:`display` gives for a cell (None: the cell shows and edits its stored text)."""
        return None if self.display is None else self.display(self.rows[index.row()], self.keys[index.column()])

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_ROW]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        if indexes:
            mime.setData(MIME_ROW, self.rows[indexes[0].row()].uuid.encode("ascii"))
        return mime

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not data.hasFormat(MIME_ROW) or self.read_only:
            return False
        row_uuid = bytes(data.data(MIME_ROW).data()).decode("ascii", "replace")
        uuids = [r.uuid for r in self.rows]
        if row_uuid not in uuids:
            return False
        target = parent.row() if row < 0 and parent.isValid() else (row if row >= 0 else len(uuids))
        source = uuids.index(row_uuid)
        self.rowMoveRequested.emit(row_uuid, target - 1 if target > source else target)
        return False  # the move happens through the undo stack


class LiveCellDelegate(QStyledItemDelegate):
    """A cell's text is saved while the user types in it (same pause and bound as the fields), not
    only when the cell is left; the saved text coming back does not disturb the open editor."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        model = index.model()
        if isinstance(editor, QLineEdit) and isinstance(model, RowTableModel) \
                and model.field.type is FieldType.MILESTONES and model.keys[index.column()] == "when":
            when_editor(editor)  # checked when the cell is left, not half-typed
            return editor
        if isinstance(editor, QLineEdit):
            timer = SaveTimer(editor)
            editor.textEdited.connect(timer.poke)
            timer.due.connect(lambda: self.commitData.emit(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QLineEdit) and editor.text() == index.data(Qt.ItemDataRole.EditRole):
            return
        super().setEditorData(editor, index)


def when_editor(editor: QLineEdit) -> None:
    """A milestone's time: the quarters of the years around this one are offered while typing."""
    this_year = date.today().year
    offered = [q for year in range(this_year - 1, this_year + 4) for q in quarters(year)]
    completer = QCompleter(QStringListModel(offered, editor), editor)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
    editor.setCompleter(completer)
    editor.setPlaceholderText(EXAMPLES)
    editor.setToolTip(f"En dato, et kvartal eller en periode, fx {EXAMPLES}")


class RowTableEditor(FieldEditor):
    rowAddRequested = Signal(int, dict)
    rowDeleteRequested = Signal(str)
    rowMoveRequested = Signal(str, int)
    rowEdited = Signal(str, dict)

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.model = RowTableModel(field)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(LiveCellDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDragEnabled(True)
        self.view.setDropIndicatorShown(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        if field.type is FieldType.MILESTONES:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(0, 190)
        elif field.type is FieldType.ACTION_TABLE:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for column in range(1, len(self.model.keys)):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, 130)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.model.rowEdited.connect(self.rowEdited)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.model.refused.connect(self._refused)
        self.model.rowMoveRequested.connect(self.rowMoveRequested)
        self.model.modelReset.connect(self._fit)
        self.model.dataChanged.connect(self._fit)

        self.add_button = QPushButton(description(field.type).add_label, self)
        self.add_button.setToolTip("Tilføj en ny række under den valgte (Ctrl+Enter)")
        self.delete_button = QPushButton("Slet", self)
        self.delete_button.setToolTip("Slet den valgte række (Ctrl+Delete)")
        self.up_button = QPushButton("Flyt op", self)
        self.up_button.setToolTip("Flyt den valgte række op (Alt+Pil op)")
        self.down_button = QPushButton("Flyt ned", self)
        self.down_button.setToolTip("Flyt den valgte række ned (Alt+Pil ned)")
        self.add_button.clicked.connect(self.add_row)
        self.delete_button.clicked.connect(self.delete_row)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))

        buttons = QHBoxLayout()
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.setFocusProxy(self.view)
        self._pending_select: int | None = None
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit)
        self.view.viewport().installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._fit_timer.start()
        return False

    def _refused(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def set_value(self, value: JSONValue) -> None:
        pass

    def set_rows(self, rows: list[Row]) -> None:
        selected = self.selected_row()
        self.model.set_rows(rows)
        target = self._pending_select if self._pending_select is not None else selected
        self._pending_select = None
        if target is not None and rows:
            self.select_row(min(target, len(rows) - 1))

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            button.setEnabled(not read_only)

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        current = self.view.currentIndex()
        return current.row() if current.isValid() else None

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, 0))

    def add_row(self) -> None:
        selected = self.selected_row()
        index = len(self.model.rows) if selected is None else selected + 1
        self._pending_select = index
        self.rowAddRequested.emit(index, {k: "" for k in self.model.keys})

    def delete_row(self) -> None:
        selected = self.selected_row()
        if selected is not None and selected < len(self.model.rows):
            self._pending_select = selected
            self.rowDeleteRequested.emit(self.model.rows[selected].uuid)

    def move_selected(self, step: int) -> None:
        selected = self.selected_row()
        if selected is None:
            return
        target = selected + step
        if 0 <= target < len(self.model.rows):
            self._pending_select = target
            self.rowMoveRequested.emit(self.model.rows[selected].uuid, target)

    def _fit(self) -> None:
        if self.view.viewport().width() <= 1:
            return
        self.view.resizeRowsToContents()
        header = self.view.horizontalHeader().height()
        rows = sum(self.view.rowHeight(r) for r in range(self.model.rowCount()))
        self.view.setFixedHeight(max(header + rows + 6, header + 34))
        self.updateGeometry()
