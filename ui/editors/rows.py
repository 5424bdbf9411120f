"""Editors for row-valued fields: lettered lists, the action plan, persons.

A table over the field's rows; letters (A, B, …) are the vertical header, so they
renumber themselves. Rows move by drag and drop or Alt+Up / Alt+Down. A cell edits as wrapping
text: Enter saves the cell, Shift+Enter starts a new line in it. The columns share the width by
what they hold; a list of one column shows no header.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets  # drag data, completer, edit hints: their types made when first used
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from storage.field_types import Layout, ValueProblem, cell_text, columns_of, description, row_keys_of
from storage.formatting import letter
from storage.milestone_when import EXAMPLES, quarters
from storage.model import JSONValue, Row
from storage.template_model import FieldDef, FieldType
from ui.editors.base import FieldEditor, SaveTimer
from ui.look import PROBLEM, text_colour

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData

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
        mime = QtCore.QMimeData()
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


class CellEditor(QPlainTextEdit):
    """A cell's editor: text that wraps at the cell's width and grows downwards as it is typed.
    Enter saves the cell and closes it (as in a spreadsheet); Shift+Enter starts a new line."""

    committed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(2)
        self.minimum_height = 0
        self.document().contentsChanged.connect(self.fit)

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        self.setPlainText(text)
        self.moveCursor(self.textCursor().MoveOperation.End)

    def fit(self) -> None:
        lines = max(1, int(self.document().size().height()))
        wanted = QFontMetrics(self.font()).lineSpacing() * lines + 8
        self.resize(self.width(), max(self.minimum_height, wanted))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.committed.emit()
            return
        super().keyPressEvent(event)


class LiveCellDelegate(QStyledItemDelegate):
    """A cell's text is saved while the user types in it (same pause and bound as the fields), not
    only when the cell is left; the saved text coming back does not disturb the open editor."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        if isinstance(model, RowTableModel) and model.field.type is FieldType.MILESTONES \
                and model.keys[index.column()] == "when":
            line = super().createEditor(parent, option, index)
            if isinstance(line, QLineEdit):
                when_editor(line)  # checked when the cell is left, not half-typed
            return line
        editor = CellEditor(parent)
        editor.setFont(option.font)
        timer = SaveTimer(editor)
        editor.textChanged.connect(timer.poke)
        timer.due.connect(lambda: self.commitData.emit(editor))
        editor.committed.connect(lambda: self._finish(editor))
        return editor

    def _finish(self, editor: CellEditor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QtWidgets.QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, CellEditor):
            if editor.text() != text:
                editor.blockSignals(True)
                editor.set_text("" if text is None else str(text))
                editor.blockSignals(False)
                editor.fit()
            return
        if isinstance(editor, QLineEdit) and editor.text() == text:
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, CellEditor):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        super().updateEditorGeometry(editor, option, index)
        if isinstance(editor, CellEditor):
            editor.minimum_height = option.rect.height()
            editor.fit()


def when_editor(editor: QLineEdit) -> None:
    """A milestone's time: the quarters of the years around this one are offered while typing."""
    this_year = date.today().year
    offered = [q for year in range(this_year - 1, this_year + 4) for q in quarters(year)]
    completer = QtWidgets.QCompleter(QtCore.QStringListModel(offered, editor), editor)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
    editor.setCompleter(completer)
    editor.setPlaceholderText(EXAMPLES)
    editor.setToolTip(f"En dato, et kvartal eller en periode, fx {EXAMPLES}")


class FittedTableView(QTableView):
    """A table that says when its width changes, for its editor to fit the row heights to it (a method of
    its own, not a filter on the viewport that would see every paint)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class RowTableEditor(FieldEditor):
    rowAddRequested = Signal(int, dict)
    rowDeleteRequested = Signal(str)
    rowMoveRequested = Signal(str, int)
    rowEdited = Signal(str, dict)

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.model = RowTableModel(field)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.view = FittedTableView(self)
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
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setVisible(len(self.model.keys) > 1)  # one column needs no "Tekst" over it
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.model.rowEdited.connect(self.rowEdited)
        self.problem = QLabel(self)
        text_colour(self.problem, PROBLEM)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.model.refused.connect(self._refused)
        self.model.rowMoveRequested.connect(self.rowMoveRequested)
        self.model.modelReset.connect(self._fit)
        self.model.dataChanged.connect(self._fit)

        self.add_button = self._tool_button(f"+ {description(field.type).add_label}",
                                            "Tilføj en ny række under den valgte (Ctrl+Enter)", self.add_row)
        self.delete_button = self._tool_button("Slet", "Slet den valgte række (Ctrl+Delete)", self.delete_row)
        self.up_button = self._tool_button("↑", "Flyt den valgte række op (Alt+Pil op)",
                                           lambda: self.move_selected(-1))
        self.down_button = self._tool_button("↓", "Flyt den valgte række ned (Alt+Pil ned)",
                                             lambda: self.move_selected(1))
        self.row_buttons = (self.delete_button, self.up_button, self.down_button)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        for button in self.row_buttons:
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self._read_only = False
        self.view.selectionModel().selectionChanged.connect(self._show_row_buttons)
        self.model.modelReset.connect(self._show_row_buttons)
        self._show_row_buttons()
        self.setFocusProxy(self.view)
        self._pending_select: int | None = None
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit)
        self.view.resized.connect(self._fit_timer.start)
        self._fit()

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

    def _tool_button(self, text: str, tip: str, action: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(action)
        return button

    def _show_row_buttons(self) -> None:
        """Delete and move act on the selected row: shown only while a row is selected."""
        selected = bool(self.view.selectionModel().selectedRows()) and not self._read_only
        for button in self.row_buttons:
            button.setVisible(selected)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.model.read_only = read_only
        for button in (self.add_button, *self.row_buttons):
            button.setEnabled(not read_only)
        self.add_button.setVisible(not read_only)
        self._show_row_buttons()

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
        # the viewport's width (its scroll bars are always off), without asking for the viewport: PySide6
        # would look through every widget class for its own the first time, at start-up
        width = self.view.maximumViewportSize().width()
        if width <= 1:
            return
        self._share_width(width)
        self.view.resizeRowsToContents()
        header = self.view.horizontalHeader().height()
        rows = sum(self.view.rowHeight(r) for r in range(self.model.rowCount()))
        self.view.setFixedHeight(max(header + rows + 6, header + 34))
        self.updateGeometry()

    def _share_width(self, width: int) -> None:
        metrics = QFontMetrics(self.view.font())
        header = self.view.horizontalHeader()
        pad = 16
        natural, least = [], []
        for column in range(len(self.model.keys)):
            head = metrics.horizontalAdvance(str(self.model.headerData(column, Qt.Orientation.Horizontal))) + pad
            cells = [str(self.model.data(self.model.index(r, column)) or "") for r in range(self.model.rowCount())]
            widest = max((metrics.horizontalAdvance(line) for c in cells for line in c.splitlines()), default=0)
            longest_word = max((metrics.horizontalAdvance(w) for c in cells for w in c.split()), default=0)
            natural.append(max(head, widest + pad))
            least.append(max(head, min(longest_word + pad, width // 3)))
        for column, size in enumerate(share_widths(natural, least, width)):
            header.resizeSection(column, size)


def share_widths(natural: list[int], least: list[int], total: int) -> list[int]:
    """Column widths that fill ``total``: each column gets at least ``least`` (its header, its longest
    word), and what is left goes to the columns whose text wants more, in proportion to that want."""
    if not natural:
        return []
    if sum(natural) <= total:
        extra = total - sum(natural)
        wanting = [n - m for n, m in zip(natural, least, strict=True)]
        weights = wanting if sum(wanting) > 0 else [1] * len(natural)
        sizes = [n + extra * w // sum(weights) for n, w in zip(natural, weights, strict=True)]
    else:
        base = [min(m, total // len(least)) for m in least]
        room = max(0, total - sum(base))
        wants = [max(0, n - b) for n, b in zip(natural, base, strict=True)]
        sizes = [b + (room * w // sum(wants) if sum(wants) else 0) for b, w in zip(base, wants, strict=True)]
    sizes[-1] += total - sum(sizes)
    return sizes
