"""The contract between the form and a field editor."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from storage.model import JSONValue, Row
from storage.template_model import FieldDef

#: Typing is written to the store after this pause (well inside the one-second promise).
SAVE_DELAY_MS = 300


class FieldEditor(QWidget):
    """Shows one field; emits :attr:`edited` with the new value when the user changes it."""

    edited = Signal(object)

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field

    def set_value(self, value: JSONValue) -> None:
        """Show ``value`` without emitting :attr:`edited`."""
        raise NotImplementedError

    def set_rows(self, rows: list[Row]) -> None:
        """Row-valued editors show these rows; scalar editors ignore the call."""

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def flush(self) -> None:
        """Emit a pending (debounced) edit now."""


class DebouncedEditor(FieldEditor):
    """For typing: the value is emitted after a short pause, on leaving the field or on flush."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._shown: JSONValue = None
        self._loading = False

    def current(self) -> JSONValue:
        raise NotImplementedError

    def show_value(self, value: JSONValue) -> None:
        raise NotImplementedError

    def set_value(self, value: JSONValue) -> None:
        self._timer.stop()
        self._shown = value
        if value != self.current():
            self._loading = True
            try:
                self.show_value(value)
            finally:
                self._loading = False

    def changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        value = self.current()
        if value != self._shown and not (value in ("", None) and self._shown in ("", None)):
            self._shown = value
            self.edited.emit(value)
