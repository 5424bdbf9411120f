"""The minutes window (Opfølgning → Dialogmøder …): meetings on the left, the chosen meeting's
items in the middle, the chosen item's parts on the right, in the form of the Albertslund example.

Every edit is an undo command in the window's own stack (:mod:`ui.minutes_commands`). Typing is
saved 0.3 s after the first unsaved key, and before anything else happens (another item, export,
closing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from exporters.errors import ExportError
from exporters.minutes_docx import export_minutes, minutes_file_name
from exporters.reference_document import reference_for
from storage.database import Store
from storage.errors import NotFoundError, StoreError
from storage.formatting import format_date
from storage.minutes import Meeting, MeetingItem, at_points, list_meetings, load_meeting
from ui import minutes_commands as cmd
from ui.minutes_goals import GoalChecklist

SAVE_AFTER_MS = 300
NEW_MEETING = "Dialogmøde"
NEW_ITEM = "Nyt punkt"
#: the item's text parts: (part, Danish label, typed in a multi-line field)
TEXT_PARTS = (("title", "Titel", False), ("resume", "Resume", True), ("recommended_by", "Indstiller", False),
              ("recommendation", "Indstilling – ét »at«-punkt pr. linje", True),
              ("background", "Sagsfremstilling", True), ("decision", "Beslutning", True))
MEETING_FIELDS = (("title", "Forum / titel"), ("day", "Mødedato"), ("time", "Kl."), ("place", "Mødested"))
Named = TypeVar("Named", bound=QWidget)


def _named(widget: Named, name: str) -> Named:
    widget.setObjectName(name)
    return widget


class MinutesWindow(QMainWindow):
    def __init__(self, store: Callable[[], Store], word_dir: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dialogmøder – referater")
        self._store, self.word_dir = store, word_dir
        self.undo_stack = QUndoStack(self)
        self.meeting: Meeting | None = None
        self.item_uuid: str | None = None
        self._filling = False
        self.dirty: set[str] = set()
        self.save_timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self.save_timer.timeout.connect(self.flush)

        self.meetings = _named(QListWidget(), "meetingList")
        self.items = _named(QListWidget(), "itemList")
        self.meeting_fields = {name: _named(QLineEdit(), f"meeting_{name}") for name, _ in MEETING_FIELDS}
        self.parts: dict[str, QLineEdit | QPlainTextEdit] = {
            part: (QPlainTextEdit() if multi else QLineEdit()) for part, _, multi in TEXT_PARTS}
        #: every typed field by key: "meeting:<field>" or "item:<part>"
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {
            **{f"meeting:{name}": field for name, field in self.meeting_fields.items()},
            **{f"item:{part}": editor for part, editor in self.parts.items()}}
        self.goals = GoalChecklist(store)
        self.problem = _named(QLabel(wordWrap=True), "minutesProblem")
        self.problem.hide()
        self.problem.setStyleSheet("background: #fde2e1; color: #8a1f11; padding: 6px;")
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        self._connect()
        self.refresh()
        self.resize(1200, 760)
        if parent is not None:
            parent.installEventFilter(self)  # closing the main window saves typing left here

    @property
    def store(self) -> Store:
        """The main window's store (a restored backup replaces it)."""
        return self._store()

    # --- layout ----------------------------------------------------------------------------

    def _button(self, key: str, text: str, slot: object) -> QPushButton:
        button = _named(QPushButton(text), f"button_{key}")
        button.clicked.connect(slot)
        self.buttons[key] = button
        return button

    def _column(self, title: str, *widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(f"<b>{title}</b>"))
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _row(self, *buttons: QPushButton) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in buttons:
            layout.addWidget(button)
        return row

    def _build(self) -> None:
        left = self._column("Møder", self.meetings, self._row(
            self._button("new_meeting", "Nyt møde", self.new_meeting),
            self._button("delete_meeting", "Slet møde", self.delete_meeting)))
        meeting_form = QWidget()
        form = QFormLayout(meeting_form)
        for name, label in MEETING_FIELDS:
            form.addRow(label, self.meeting_fields[name])
        self.meeting_fields["day"].setPlaceholderText("fx 3.3.2016")
        self.meeting_fields["time"].setPlaceholderText("fx 9.00")
        middle = self._column("Mødet", meeting_form, QLabel("<b>Punkter</b>"), self.items, self._row(
            self._button("add_item", "Tilføj punkt", self.add_item),
            self._button("delete_item", "Slet punkt", self.delete_item),
            self._button("up", "Op", lambda: self.move_item(-1)),
            self._button("down", "Ned", lambda: self.move_item(1))))
        page = QWidget()
        item_form = QVBoxLayout(page)
        for part, label, _ in TEXT_PARTS:
            editor = self.parts[part]
            editor.setObjectName(f"part_{part}")
            caption = QLabel(f"<b>{label}</b>")
            caption.setBuddy(editor)
            item_form.addWidget(caption)
            item_form.addWidget(editor)
        self.parts["recommended_by"].setPlaceholderText("fx Kommunaldirektøren (… indstiller,)")
        item_form.addWidget(self.goals)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(page)
        right = self._column("Punktet", scroll, self._row(
            self._button("export", "Eksportér referat til Word …", self.export_word)))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for column in (left, middle, right):
            splitter.addWidget(column)
        splitter.setSizes([240, 380, 580])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        menu = self.menuBar().addMenu("&Referat")
        menu.addAction("&Nyt møde", QKeySequence("Ctrl+N"), self.new_meeting)
        menu.addAction("&Eksportér referat til Word …", QKeySequence("Ctrl+E"), self.export_word)
        menu.addAction("&Luk", QKeySequence("Ctrl+W"), self.close)
        edit = self.menuBar().addMenu("R&ediger")
        edit.addAction("&Fortryd", QKeySequence.StandardKey.Undo, lambda: self._after_flush(self.undo_stack.undo))
        edit.addAction("&Gentag", QKeySequence("Ctrl+Shift+Z"), lambda: self._after_flush(self.undo_stack.redo))

    def _after_flush(self, act: object) -> None:
        """Undo and redo act on saved text only: typing still pending is saved first."""
        self.flush()
        act()  # type: ignore[operator]

    def _connect(self) -> None:
        self.meetings.currentRowChanged.connect(self._meeting_chosen)
        self.items.currentRowChanged.connect(self._item_chosen)
        for name, field in self.meeting_fields.items():
            if name in ("day", "time"):  # a half-typed date or time cannot be read: saved on leaving
                field.editingFinished.connect(lambda n=name: self._typed(f"meeting:{n}", now=True))
            else:
                field.textEdited.connect(lambda _t, n=name: self._typed(f"meeting:{n}"))
                field.editingFinished.connect(self.flush)
        for part, editor in self.parts.items():
            if isinstance(editor, QLineEdit):
                editor.textEdited.connect(lambda _t, p=part: self._typed(f"item:{p}"))
                editor.editingFinished.connect(self.flush)
            else:
                editor.textChanged.connect(lambda p=part: self._typed(f"item:{p}"))
        self.goals.goalsChosen.connect(self._goals_chosen)

    # --- the one path to the store ----------------------------------------------------------

    def apply(self, change: cmd.Change, meeting_uuid: str, item_uuid: str | None = None) -> bool:
        """Run one storage call for a command; show the Danish reason and return False if refused."""
        try:
            change(self.store)
        except StoreError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            self.refresh()
            return False
        self.problem.hide()
        self.item_uuid = item_uuid or self.item_uuid
        self.refresh(meeting_uuid)
        return True

    def current_item(self) -> MeetingItem | None:
        items = self.meeting.items if self.meeting else ()
        return next((i for i in items if i.uuid == self.item_uuid), None)

    # --- showing ---------------------------------------------------------------------------

    def refresh(self, meeting_uuid: str | None = None) -> None:
        """Read the meetings and the chosen meeting again and show them (typing in progress stays)."""
        wanted = meeting_uuid or (self.meeting.uuid if self.meeting else None)
        found = list_meetings(self.store)
        if wanted not in [m.uuid for m in found]:
            wanted = found[0].uuid if found else None
        try:
            self.meeting = load_meeting(self.store, wanted) if wanted else None
        except NotFoundError:
            self.meeting = None
        items = self.meeting.items if self.meeting else ()
        if self.item_uuid not in [i.uuid for i in items]:
            self.item_uuid = items[0].uuid if items else None
        self._filling = True
        try:
            self._fill_list(self.meetings, [(m.uuid, f"{format_date(m.date.isoformat())}  {m.title}") for m in found],
                            wanted)
            self._fill_list(self.items, [(i.uuid, i.heading) for i in items], self.item_uuid)
            self._fill_fields()
        finally:
            self._filling = False
        meeting = self.meeting
        self.goals.show_item(meeting.uuid if meeting else None, meeting.date.year if meeting else None,
                             self.current_item())
        self._enable()

    @staticmethod
    def _fill_list(view: QListWidget, rows: list[tuple[str, str]], current: str | None) -> None:
        view.blockSignals(True)
        view.clear()
        for uuid, text in rows:
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, uuid)
            view.addItem(entry)
            if uuid == current:
                view.setCurrentItem(entry)
        view.blockSignals(False)

    def _fill_fields(self) -> None:
        """Show the stored text in every field that shows something else and has no typing pending."""
        for key, field in self.fields.items():
            if key not in self.dirty and self._shown(key) != (stored := self._stored(key)):
                self._set_text(field, "\n".join(f"at {p}" for p in stored) if isinstance(stored, tuple) else stored)

    @staticmethod
    def _set_text(editor: QLineEdit | QPlainTextEdit, text: str) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(text)
        else:
            editor.setPlainText(text)

    def _enable(self) -> None:
        writable = not self.store.read_only
        has_meeting, item = self.meeting is not None, self.current_item()
        for key, on in (("new_meeting", writable), ("delete_meeting", writable and has_meeting),
                        ("add_item", writable and has_meeting), ("delete_item", writable and item is not None),
                        ("up", writable and item is not None and item.number > 1),
                        ("down", writable and item is not None and self.meeting is not None
                         and item.number < len(self.meeting.items)),
                        ("export", has_meeting)):
            self.buttons[key].setEnabled(on)
        for field in self.meeting_fields.values():
            field.setEnabled(has_meeting)
            field.setReadOnly(not writable)
        for editor in self.parts.values():
            editor.setEnabled(item is not None)
            editor.setReadOnly(not writable)
        self.goals.setEnabled(item is not None and writable)

    # --- typing ----------------------------------------------------------------------------

    def _shown(self, key: str) -> cmd.Part:
        """What a field shows, in the form it is stored in."""
        field = self.fields[key]
        if isinstance(field, QLineEdit):
            return " ".join(field.text().split())
        text = field.toPlainText()
        if key == "item:recommendation":
            try:
                return at_points(text.split("\n"))
            except StoreError:  # too long: the command is refused with the reason
                return tuple(text.split("\n"))
        return text.strip()

    def _stored(self, key: str) -> cmd.Part:
        kind, name = key.split(":")
        if kind == "meeting":
            m = self.meeting
            if m is None:
                return ""
            return {"title": m.title, "day": format_date(m.date.isoformat()), "time": m.time.replace(":", "."),
                    "place": m.place}[name]
        item = self.current_item()
        value: cmd.Part = getattr(item, name) if item else ""
        return value

    def _typed(self, key: str, now: bool = False) -> None:
        if self._filling:
            return
        self.dirty.add(key)
        if now:
            self.flush()
        elif not self.save_timer.isActive():
            self.save_timer.start()

    def flush(self) -> None:
        """Save what has been typed and not yet saved (one command per field)."""
        self.save_timer.stop()
        pending = sorted(self.dirty)
        for key in pending:
            self.dirty.discard(key)  # the others stay marked, so that showing this save keeps their typing
            shown, stored = self._shown(key), self._stored(key)
            if shown == stored or self.meeting is None:
                continue
            kind, name = key.split(":")
            if name == "title" and not shown:
                continue  # an emptied title is being retyped; refused only if left empty (see below)
            if kind == "meeting":
                self.undo_stack.push(cmd.SetMeetingCommand(self, self.meeting.uuid, name, str(stored), str(shown)))
            elif self.item_uuid is not None:
                self.undo_stack.push(cmd.SetItemPartCommand(self, self.meeting.uuid, self.item_uuid, name,
                                                            stored, shown))
        for key in ("meeting:title", "item:title"):
            field = self.fields[key]
            if key in pending and not self._shown(key) and not field.hasFocus() and self._stored(key):
                self._set_text(field, str(self._stored(key)))
                self.statusBar().showMessage("En titel kan ikke være tom; den er sat tilbage.", 6000)

    # --- actions ---------------------------------------------------------------------------

    def _meeting_chosen(self, row: int) -> None:
        entry = self.meetings.item(row)
        if self._filling or entry is None:
            return
        chosen = entry.data(Qt.ItemDataRole.UserRole)
        self.flush()
        self.item_uuid = None
        self.refresh(chosen)

    def _item_chosen(self, row: int) -> None:
        entry = self.items.item(row)
        if self._filling or entry is None:
            return
        chosen = entry.data(Qt.ItemDataRole.UserRole)
        self.flush()
        self.item_uuid = chosen
        self.refresh()

    def new_meeting(self) -> None:
        self.flush()
        self.undo_stack.push(cmd.CreateMeetingCommand(self, NEW_MEETING, date.today().isoformat(), "", ""))
        self.meeting_fields["title"].setFocus()
        self.meeting_fields["title"].selectAll()

    def delete_meeting(self) -> None:
        if self.meeting is not None:
            self.flush()
            self.undo_stack.push(cmd.DeleteMeetingCommand(self, self.meeting.uuid, self.meeting.title))

    def add_item(self) -> None:
        if self.meeting is None:
            return
        self.flush()
        item = self.current_item()
        index = item.number if item else len(self.meeting.items)
        self.undo_stack.push(cmd.AddItemCommand(self, self.meeting.uuid, NEW_ITEM, index))
        self.parts["title"].setFocus()
        self.parts["title"].selectAll()

    def delete_item(self) -> None:
        item = self.current_item()
        if self.meeting is not None and item is not None:
            self.flush()
            self.undo_stack.push(cmd.DeleteItemCommand(self, self.meeting.uuid, item))

    def move_item(self, step: int) -> None:
        item = self.current_item()
        if self.meeting is None or item is None or not 0 <= item.number - 1 + step < len(self.meeting.items):
            return
        self.flush()
        self.undo_stack.push(cmd.MoveItemCommand(self, self.meeting.uuid, item, item.number - 1 + step))

    def _goals_chosen(self, chosen: list[str]) -> None:
        self.flush()
        item = self.current_item()
        if item is None or self.meeting is None:
            return
        self.undo_stack.push(cmd.SetItemGoalsCommand(self, self.meeting.uuid, item.uuid,
                                                     [g.uuid for g in item.goals], chosen))

    def export_word(self, _checked: bool = False, target: Path | None = None) -> Path | None:
        """The minutes as a Word file at ``target`` (asked for if None); the path, or None."""
        self.flush()
        if self.meeting is None:
            return None
        if target is None:
            path, _ = QFileDialog.getSaveFileName(self, "Eksportér referat til Word",
                                                  str(Path.home() / minutes_file_name(self.meeting)),
                                                  "Word-dokument (*.docx)")
            if not path:
                return None
            target = Path(path if path.lower().endswith(".docx") else path + ".docx")
        notes: list[str] = []
        try:
            written = export_minutes(self.store, self.meeting.uuid, target, reference_for(self.word_dir), notes)
        except (ExportError, StoreError) as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return None
        self.problem.hide()
        self.statusBar().showMessage(f"Referatet er gemt som {written.name}.", 8000)
        if notes:  # e.g. the contents has no page numbers: said where it cannot be missed, without blocking
            box = QMessageBox(QMessageBox.Icon.Information, "Eksportér referat til Word",
                              "\n\n".join([f"Referatet er gemt som {written.name}.", *notes]),
                              QMessageBox.StandardButton.Ok, self)
            box.setModal(False)
            box.show()
            self.last_note = box
        return written

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.flush()
        return super().eventFilter(watched, event)
