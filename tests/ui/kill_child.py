"""The window that test_kill.py kills: the real start-up (desktop.gui.run_gui), then edits typed
through the real widgets. Every edit the window reports as saved (the document's ``saved``
signal) is appended to the log, with flush and fsync, before the next edit starts:

    <time.monotonic()>\t<json: what was saved>

Edits only ever add (text appended at the end of a field, rows and goals added), so the parent
can check each logged edit against the final store: the stored text starts with the logged one.

    python tests/ui/kill_child.py DATA_DIR LOG SEED [steady]

With ``steady`` the child instead types one character every ``STEADY_KEY_MS`` into a goal's
objective without ever pausing, and logs each keystroke *before* anything is saved, with the
whole text on screen after it (``{"kind": "typed", …}``): the parent checks that what was on
screen one second before the kill is in the store.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QModelIndex, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox  # noqa: E402

from desktop import gui  # noqa: E402
from desktop.paths import data_paths  # noqa: E402
from ui.document import AgreementDocument  # noqa: E402
from ui.editors.rows import CellEditor  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

WORDS = ("aftale", "mål", "økonomi", "sygefravær", "trådløs", "Æblehaven", "delmål", "succes", "handleplan",
         "IT-staben", "år", "borger")
CTRL = Qt.KeyboardModifier.ControlModifier
Record = Callable[[], dict[str, Any]]
STUCK_MS = 5000
#: a steady typist: far below the 300 ms pause that saves, so only the bound on the wait saves
STEADY_KEY_MS = 80


class Log:
    def __init__(self, path: Path) -> None:
        self.handle = path.open("a", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        self.handle.write(f"{time.monotonic():.6f}\t{json.dumps(record, ensure_ascii=False)}\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())


class Driver:
    def __init__(self, log: Log, rng: random.Random, steady: bool = False) -> None:
        self.log, self.rng, self.steady = log, rng, steady
        self.window: MainWindow | None = None
        self.steps: Iterator[None] | None = None
        self.record: Record | None = None
        self.watchdog = QTimer()
        self.watchdog.setSingleShot(True)
        self.watchdog.setInterval(STUCK_MS)
        self.watchdog.timeout.connect(self.stuck)

    # --- finding the window that run_gui opened -------------------------------------------------

    def find_window(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible() and widget.doc is not None:
                self.window = widget
                widget.activateWindow()
                QTest.qWaitForWindowActive(widget)
                self.log.write({"event": "ready"})
                if self.steady:
                    QTimer.singleShot(0, self.type_steadily)
                    return
                widget.doc.saved.connect(self.saved)
                QTimer.singleShot(0, self.next_step)
                return
        QTimer.singleShot(10, self.find_window)

    # --- steady typing: no pauses at all ------------------------------------------------------

    def type_steadily(self) -> None:
        goal = self.goal()
        self.win.select_node(goal)
        edit = self.editor("objective").edit
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_End, CTRL)
        QTest.keyClick(edit, Qt.Key.Key_Return)
        letters = iter(" ".join(self.word() for _ in range(100_000)))
        timer = QTimer(self.win)
        timer.setInterval(STEADY_KEY_MS)

        def key() -> None:
            QTest.keyClicks(edit, next(letters))
            self.log.write({"kind": "typed", "owner": goal, "field": "objective", "value": edit.toPlainText()})

        timer.timeout.connect(key)
        timer.start()

    # --- the loop: a step says what it expects to be saved, acts, and waits at ``yield`` ---------

    def next_step(self) -> None:
        step = self.rng.choice([self.type_text, self.type_text, self.type_line, self.add_row, self.add_goal,
                                self.type_front_page])
        self.steps = step()
        self.advance()

    def advance(self) -> None:
        assert self.steps is not None
        try:
            next(self.steps)
        except StopIteration:
            QTimer.singleShot(self.rng.randint(0, 30), self.next_step)

    def expect(self, record: Record) -> None:
        self.record = record
        self.watchdog.start()

    def saved(self) -> None:
        if self.record is None:
            self.log.write({"event": "extra save"})
            return
        self.watchdog.stop()
        self.log.write(self.record())
        self.record = None
        QTimer.singleShot(0, self.advance)  # not inside the signal that is still being delivered

    def stuck(self) -> None:
        self.log.write({"event": "stuck"})
        self.record = None
        QTimer.singleShot(0, self.next_step)

    # --- helpers -------------------------------------------------------------------------------

    @property
    def win(self) -> MainWindow:
        assert self.window is not None
        return self.window

    @property
    def doc(self) -> AgreementDocument:
        assert self.win.doc is not None
        return self.win.doc

    def editor(self, field_id: str) -> Any:
        return self.win.form.editors[field_id]

    def word(self) -> str:
        return f"{self.rng.choice(WORDS)}{self.rng.randint(0, 999)}"

    def goal(self) -> str:
        return self.rng.choice(self.doc.agreement.goals).uuid

    def value(self, owner: str, field: str) -> Record:
        """What the store holds now (``saved`` comes after the document has reloaded)."""
        return lambda: {"kind": "value", "owner": owner, "field": field, "value": self.doc.value(owner, field)}

    def row(self, owner: str, field: str, row_uuid: str) -> Record:
        def record() -> dict[str, Any]:
            data = next(r.data for r in self.doc.rows(owner, field) if r.uuid == row_uuid)
            return {"kind": "row", "owner": owner, "field": field, "uuid": row_uuid, "data": data}
        return record

    def append(self, edit: QLineEdit | Any, key: Qt.Key = Qt.Key.Key_End,
               modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        edit.setFocus()
        QTest.keyClick(edit, key, modifier)
        QTest.keyClicks(edit, " " + self.word())

    # --- the steps ---------------------------------------------------------------------------------

    def type_text(self) -> Iterator[None]:
        """Words at the end of a goal's objective; saved after the pause."""
        goal = self.goal()
        self.win.select_node(goal)
        self.expect(self.value(goal, "objective"))
        self.append(self.editor("objective").edit, Qt.Key.Key_End, CTRL)
        yield

    def type_line(self) -> Iterator[None]:
        """A word at the end of a goal's "Hvem"; Return saves it at once."""
        goal = self.goal()
        self.win.select_node(goal)
        edit = self.editor("covered").edit
        self.expect(self.value(goal, "covered"))
        self.append(edit)
        QTest.keyClick(edit, Qt.Key.Key_Return)
        yield

    def type_front_page(self) -> Iterator[None]:
        """A word at the end of the front page's revision; leaving the field saves it."""
        front = self.doc.uuid
        self.win.select_node(front)
        edit = self.editor("revision").edit
        self.expect(self.value(front, "revision"))
        self.append(edit)
        self.win.tree.setFocus()
        yield

    def add_row(self) -> Iterator[None]:
        """The add button under a goal's Delmål, then a word typed into the new row's cell."""
        goal = self.goal()
        self.win.select_node(goal)
        before = {r.uuid for r in self.doc.rows(goal, "sub_goals")}

        def new_row() -> str:
            (new,) = [r.uuid for r in self.doc.rows(goal, "sub_goals") if r.uuid not in before]
            return new

        table = self.editor("sub_goals")
        table.view.clearSelection()
        table.view.setCurrentIndex(QModelIndex())
        self.expect(lambda: self.row(goal, "sub_goals", new_row())())
        QTest.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
        yield

        new = new_row()
        table.view.setFocus()
        table.view.setCurrentIndex(table.model.index([r.uuid for r in table.model.rows].index(new), 0))
        QTest.keyClick(table.view, Qt.Key.Key_F2)
        cell = QApplication.focusWidget()
        if not isinstance(cell, CellEditor) or table.view.state() != QAbstractItemView.State.EditingState:
            self.log.write({"event": "no cell editor"})
            return
        self.expect(self.row(goal, "sub_goals", new))
        QTest.keyClicks(cell, self.word())
        QTest.keyClick(cell, Qt.Key.Key_Return)  # commits through a queued call
        yield

    def add_goal(self) -> Iterator[None]:
        before = {g.uuid for g in self.doc.agreement.goals}
        self.win.select_node(self.doc.uuid)

        def record() -> dict[str, Any]:
            (new,) = [g.uuid for g in self.doc.agreement.goals if g.uuid not in before]
            return {"kind": "goal", "uuid": new}

        self.expect(record)
        self.win.add_goal("eget")
        yield


def main() -> int:
    data_dir, log_path, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    app = QApplication(sys.argv[:1])
    log = Log(log_path)

    def asked(title: str, text: str, *args: Any) -> bool:
        log.write({"event": "asked", "title": title, "text": text})
        return False  # the parent sees the question in the log; the window does not start

    gui._ask = asked  # type: ignore[assignment]
    QMessageBox.critical = lambda parent, title, text, *a: asked(title, text)  # type: ignore[assignment,method-assign]
    driver = Driver(log, random.Random(seed), steady=sys.argv[4:5] == ["steady"])
    QTimer.singleShot(0, driver.find_window)
    code = gui.run_gui(data_paths(data_dir), argv=sys.argv[:1])
    del app
    return code


if __name__ == "__main__":
    raise SystemExit(main())
