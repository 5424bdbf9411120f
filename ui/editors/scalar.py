"""Editors for single values: line, text, number, choice, date, amount, person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from storage.field_types import number_problem
from storage.formatting import format_amount, format_date, format_number, parse_amount, parse_date
from storage.model import JSONValue
from storage.template_model import FieldDef
from ui.editors.base import DebouncedEditor
from ui.look import GOOD, PROBLEM, text_colour

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent


def _single(layout: QHBoxLayout | QVBoxLayout, widget: QWidget, narrow: bool = False) -> None:
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    if narrow:
        layout.addStretch(1)


class LineEditor(DebouncedEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self.edit.textEdited.connect(self.changed)
        self.edit.editingFinished.connect(self.flush)
        _single(QHBoxLayout(self), self.edit)
        self.setFocusProxy(self.edit)

    def current(self) -> JSONValue:
        return self.edit.text()

    def show_value(self, value: JSONValue) -> None:
        self.edit.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class _PlainText(QPlainTextEdit):
    """Grows with its content, however long (the form scrolls, not the box); tells when left."""

    def __init__(self, owner: TextEditor, least_lines: int = 3) -> None:
        super().__init__(owner)
        self.owner = owner
        self.least_lines = least_lines
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        """As tall as the text wrapped at the box's width, plus one empty line to type into. Measured
        with the font, not the document's layout, which is not yet wrapped when the box is resized."""
        metrics = QFontMetrics(self.font())
        margin = int(2 * self.document().documentMargin())
        width = max(50, self.viewport().width() - margin)
        text = self.toPlainText() or " "
        wrapped = metrics.boundingRect(QRect(0, 0, width, 1_000_000), int(Qt.TextFlag.TextWordWrap), text)
        lines = max(self.least_lines, round(wrapped.height() / metrics.lineSpacing()) + 1)
        margins = self.contentsMargins()
        height = metrics.lineSpacing() * lines + margin + margins.top() + margins.bottom() + 4
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.owner.flush()


class TextEditor(DebouncedEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = _PlainText(self)
        self.edit.setPlaceholderText("Skriv her …")  # the guidance stands under the field's heading
        self.edit.textChanged.connect(self.changed)
        _single(QVBoxLayout(self), self.edit)
        self.setFocusProxy(self.edit)

    def current(self) -> JSONValue:
        return self.edit.toPlainText()

    def show_value(self, value: JSONValue) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class NumberEditor(DebouncedEditor):
    """A whole number; one outside the field's ``min``/``max`` is refused in red and not saved. A
    field whose values must add up across the goals (``sum``) shows the total below
    (:meth:`set_note`, set by the form)."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.spin = QSpinBox(self)
        self.spin.setRange(1900, 2200) if field.id == "year" else self.spin.setRange(-999_999_999, 999_999_999)
        self.spin.setGroupSeparatorShown(field.id != "year")
        self.spin.valueChanged.connect(self.changed)
        self.spin.editingFinished.connect(self.flush)
        self.spin.setMaximumWidth(160)
        self.problem = QLabel(self)
        text_colour(self.problem, PROBLEM)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.hide()
        bounds = _bounds(field)
        if bounds:
            self.spin.setToolTip(bounds)
        row = QHBoxLayout()
        row.addWidget(self.spin)
        if bounds:
            row.addWidget(QLabel(f"({bounds})", self))
        row.addWidget(self.problem, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.setFocusProxy(self.spin)

    def current(self) -> JSONValue:
        value = self.spin.value()
        if value == (self._shown if isinstance(self._shown, int) else 0):
            self.problem.clear()
            return self._shown
        problem = number_problem(self.field, value)
        self.problem.setText(f"{problem[:1].upper()}{problem[1:]} – ikke gemt" if problem else "")
        return self._shown if problem else value

    def show_value(self, value: JSONValue) -> None:
        self.spin.setValue(int(value) if isinstance(value, int) else 0)
        self.problem.clear()

    def set_note(self, text: str, warning: bool) -> None:
        """The total across the goals under the field; red while it is not what it must give."""
        self.note.setText(text)
        text_colour(self.note, PROBLEM if warning else GOOD, bold=warning)
        self.note.setVisible(bool(text))

    def set_read_only(self, read_only: bool) -> None:
        self.spin.setReadOnly(read_only)


def _bounds(field: FieldDef) -> str:
    """``0–100``, ``mindst 0``, ``højst 100`` or ''."""
    low, high = field.minimum, field.maximum
    if low is not None and high is not None:
        return f"{format_number(low)}–{format_number(high)}"
    if low is not None:
        return f"mindst {format_number(low)}"
    return f"højst {format_number(high)}" if high is not None else ""


class ChoiceEditor(DebouncedEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        self.combo.addItem("(ikke valgt)", "")
        for option in field.options:
            self.combo.addItem(option, option)
        self.combo.currentIndexChanged.connect(self._picked)
        self.combo.setMinimumWidth(220)
        _single(QHBoxLayout(self), self.combo, narrow=True)
        self.setFocusProxy(self.combo)

    def _picked(self) -> None:
        if not self._loading:
            self.flush()

    def current(self) -> JSONValue:
        return self.combo.currentData() or ""

    def show_value(self, value: JSONValue) -> None:
        index = self.combo.findData(value or "")
        if index < 0:  # a value the template no longer offers is kept and shown
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class DateEditor(DebouncedEditor):
    """dd.mm.åååå; an invalid date is shown in red and not saved."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("dd.mm.åååå")
        self.edit.setToolTip("Dato som 19.12.2007")
        self.edit.setMaximumWidth(140)
        self.problem = QLabel(self)
        text_colour(self.problem, PROBLEM)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.problem, 1)
        self.edit.textEdited.connect(self.changed)
        self.edit.editingFinished.connect(self.flush)
        self.setFocusProxy(self.edit)

    def current(self) -> JSONValue:
        text = self.edit.text().strip()
        if not text:
            self.problem.clear()
            return None
        parsed = parse_date(text)
        self.problem.setText("" if parsed else "Ugyldig dato – skriv fx 19.12.2007")
        return parsed if parsed else self._shown

    def show_value(self, value: JSONValue) -> None:
        self.edit.setText(format_date(value) if isinstance(value, str) else "")
        self.problem.clear()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class AmountEditor(DebouncedEditor):
    """An amount in whole kroner (shown 32.925.000 kr.) and/or a text."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("Beløb i kr., fx 32.925.000")
        placeholder = QFontMetrics(self.amount.font()).horizontalAdvance(self.amount.placeholderText())
        self.amount.setFixedWidth(max(220, placeholder + 28))  # the whole placeholder, not "Beløb i kr., fx 3…"
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.text = _PlainText(self, least_lines=2)  # type: ignore[arg-type]
        self.text.setPlaceholderText(field.guidance or "Forklaring, fx \"afsat i central pulje\"")
        self.problem = QLabel(self)
        text_colour(self.problem, PROBLEM)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.amount)
        row.addWidget(self.problem, 1)
        form.addRow("Beløb:", row)
        form.addRow("Tekst:", self.text)
        self.amount.textEdited.connect(self.changed)
        self.amount.editingFinished.connect(self._amount_done)
        self.text.textChanged.connect(self.changed)
        self.setFocusProxy(self.amount)

    def set_value(self, value: JSONValue) -> None:
        if isinstance(value, dict) and value.get("amount") is None and not value.get("text"):
            value = None  # an empty amount is no value; else merely leaving the field would store None
        super().set_value(value)

    def _amount_done(self) -> None:
        self.flush()
        value = self._shown
        if isinstance(value, dict) and value.get("amount") is not None and not self.problem.text():
            self.amount.setText(format_amount(value["amount"]))

    def current(self) -> JSONValue:
        try:
            amount = parse_amount(self.amount.text())
            self.problem.clear()
        except ValueError:
            self.problem.setText("Ugyldigt beløb – skriv fx 32.925.000")
            old = self._shown if isinstance(self._shown, dict) else {}
            amount = old.get("amount")
        text = self.text.toPlainText()
        if amount is None and not text:
            return None
        return {"amount": amount, "text": text}

    def show_value(self, value: JSONValue) -> None:
        value = value if isinstance(value, dict) else {}
        amount = value.get("amount")
        self.amount.setText(format_amount(amount) if isinstance(amount, int) else "")
        self.text.setPlainText(str(value.get("text") or ""))
        self.problem.clear()

    def set_read_only(self, read_only: bool) -> None:
        self.amount.setReadOnly(read_only)
        self.text.setReadOnly(read_only)


class PersonEditor(DebouncedEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Navn")
        self.role = QLineEdit(self)
        self.role.setPlaceholderText("Rolle / titel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.role, 1)
        for edit in (self.name, self.role):
            edit.textEdited.connect(self.changed)
            edit.editingFinished.connect(self.flush)
        self.setFocusProxy(self.name)

    def set_value(self, value: JSONValue) -> None:
        if isinstance(value, dict) and not value.get("name") and not value.get("role"):
            value = None  # as for amounts: an empty person is no value
        super().set_value(value)

    def current(self) -> JSONValue:
        if not self.name.text() and not self.role.text():
            return None
        return {"name": self.name.text(), "role": self.role.text()}

    def show_value(self, value: JSONValue) -> None:
        value = value if isinstance(value, dict) else {}
        self.name.setText(str(value.get("name") or ""))
        self.role.setText(str(value.get("role") or ""))

    def set_read_only(self, read_only: bool) -> None:
        self.name.setReadOnly(read_only)
        self.role.setReadOnly(read_only)


