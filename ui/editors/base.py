"""The contract between the form and a field editor."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from storage.model import JSONValue, Row
from storage.template_model import FieldDef

#: Typing is written to the store after this pause …
SAVE_DELAY_MS = 300
#: … or, for someone who types on without pausing, this long after the first unsaved keystroke, so
#: that typed text reaches the store within a second of the keystroke (the README's promise).
MAX_SAVE_WAIT_MS = 500


class SaveTimer(QObject):
    """When typed text is due to be saved: after a pause, and never later than a bound.

    Every keystroke calls :meth:`poke`; :attr:`due` fires :data:`SAVE_DELAY_MS` after the last one,
    but at the latest :data:`MAX_SAVE_WAIT_MS` after the first keystroke not yet saved.
    """

    due = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SAVE_DELAY_MS)
        self._bound = QTimer(self)
        self._bound.setSingleShot(True)
        self._bound.setInterval(MAX_SAVE_WAIT_MS)
        self._pause.timeout.connect(self._fire)
        self._bound.timeout.connect(self._fire)

    def poke(self) -> None:
        self._pause.start()
        if not self._bound.isActive():
            self._bound.start()

    def stop(self) -> None:
        self._pause.stop()
        self._bound.stop()

    def is_active(self) -> bool:
        return self._pause.isActive() or self._bound.isActive()

    def _fire(self) -> None:
        self.stop()
        self.due.emit()


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
        self._timer = SaveTimer(self)
        self._timer.due.connect(self.flush)
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
            self._timer.poke()

    def flush(self) -> None:
        self._timer.stop()
        value = self.current()
        if value != self._shown and not (value in ("", None) and self._shown in ("", None)):
            self._shown = value
            self.edited.emit(value)
