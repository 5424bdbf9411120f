"""Start-up of the window (desktop.gui.run_gui): one writer per store; every kind of damage ends in
one Danish question offering the newest good backup, answered in the real dialog; a folder that
cannot be written is said as such and offered read-only; a failed start costs no backup."""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import collector, gui
from desktop.paths import DataPaths, data_paths
from storage.agreements import list_agreements
from storage.backups import CheckResult, list_backups, make_backup
from storage.database import integrity_problems, open_store
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry
from tests.faults import full, small_filesystem
from tests.fingerprints import folder_listing, sha256_of
from tests.storage.test_damage import bad_json_value, killed_writer, non_utf8_schema, read_only_mount
from ui.main_window import MainWindow
from ui.startup_check import StartupCheck

Question = tuple[str, str, str, str]


class Questions:
    """Stands in for the dialogs desktop.gui would show: records them, answers ``answer``."""

    def __init__(self) -> None:
        self.asked: list[Question] = []
        self.answer = True

    def ask(self, title: str, text: str, yes: str, no: str) -> bool:
        self.asked.append((title, text, yes, no))
        return self.answer

    def critical(self, parent: object, title: str, text: str, *args: object) -> None:
        self.asked.append((title, text, "", ""))


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return data_paths(tmp_path / "data")


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    answering = Questions()
    monkeypatch.setattr(gui, "_ask", answering.ask)
    monkeypatch.setattr(QMessageBox, "critical", answering.critical)
    return answering


def test_a_store_locked_by_another_window_is_offered_read_only(
    qapp: QApplication, paths: DataPaths, questions: Questions
) -> None:
    paths.root.mkdir(parents=True)
    held = QLockFile(gui.lock_path(paths.store))
    assert held.tryLock(0)
    try:
        lock, read_only = gui.acquire_lock(paths)
        assert lock is not None and read_only
        ((title, text, yes, no),) = questions.asked
        assert title == "Aftalerne er allerede åbne"
        assert text.startswith(f"Aftalerne i '{paths.store}' er allerede åbne i et andet vindue "
                               f"(proces {os.getpid()} på {socket.gethostname()}).")
        assert "Vil du åbne dem skrivebeskyttet" in text
        assert (yes, no) == ("Åbn skrivebeskyttet", "Afslut")

        questions.answer = False
        assert gui.acquire_lock(paths) == (None, True)
        assert len(questions.asked) == 2
    finally:
        held.unlock()
    lock, read_only = gui.acquire_lock(paths)  # free again: no question
    assert lock is not None and lock.isLocked() and not read_only
    assert len(questions.asked) == 2
    lock.unlock()


def test_a_lock_left_by_a_killed_window_is_taken_over_without_asking(
    paths: DataPaths, questions: Questions
) -> None:
    paths.root.mkdir(parents=True)
    lock_file = gui.lock_path(paths.store)
    child = subprocess.run(
        [sys.executable, "-c", "import os, signal, sys\nfrom PySide6.QtCore import QLockFile\n"
         "lock = QLockFile(sys.argv[1]); assert lock.tryLock(0)\nos.kill(os.getpid(), signal.SIGKILL)", lock_file],
        check=False,
    )
    assert child.returncode == -signal.SIGKILL
    assert Path(lock_file).exists()
    lock, read_only = gui.acquire_lock(paths)
    assert lock is not None and not read_only
    assert questions.asked == []
    lock.unlock()


def _store_with_agreements(paths: DataPaths, registry: TemplateRegistry, count: int = 12) -> None:
    store = open_store(paths.store)
    for _ in range(count):
        create_from_seed(store, registry, demo_seed())
    store.close()


class Dialogs:
    """Answers the real dialogs run_gui shows, in order, by the label of a button; records each one
    (title, text, button labels). A window that opens is noted and closed once its start-up check
    (full check and backup, after the first paint) is done, which ends run_gui."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.seen: list[tuple[str, str, list[str]]] = []
        self.window: MainWindow | None = None
        self.read_only: bool | None = None
        self.agreements: int | None = None
        self._running = False
        self._earlier: set[object] = set()

    def run(self, paths: DataPaths) -> int:
        self._earlier = set(QApplication.topLevelWidgets())  # windows of earlier runs do not count
        self._running = True
        QTimer.singleShot(0, self._poll)
        try:
            return gui.run_gui(paths, argv=sys.argv[:1])
        finally:
            self._running = False
            if self.window is not None:
                self.window.deleteLater()

    def _poll(self) -> None:
        if not self._running:
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            labels = [b.text().replace("&", "") for b in box.buttons()]
            self.seen.append((box.windowTitle(), box.text(), labels))
            wanted = self.answers.pop(0) if self.answers else None
            button = next((b for b in box.buttons() if b.text().replace("&", "") == wanted), None)
            (button or box.buttons()[0]).click()
        elif box is None:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, MainWindow) and widget.isVisible() and widget not in self._earlier:
                    check = widget.findChild(StartupCheck)
                    if check is None or not check.done:
                        break  # damage may still be found: the question would follow
                    self.window, self.read_only = widget, widget.store.read_only
                    self.agreements = len(list_agreements(widget.store))
                    widget.close()
                    QTimer.singleShot(0, QApplication.quit)
                    return
        QTimer.singleShot(20, self._poll)


def _damage(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 12_000] = random.Random(7).randbytes(12_000)
    path.write_bytes(bytes(data))
    assert integrity_problems(path), "the damage should be found"
    return bytes(data)



def _flipped_text_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[data.index(b"IT-staben. Aftale 2008") + 4] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size * 2 // 3)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _foreign_wal(path: Path) -> None:
    other = path.with_name("andet.sqlite")
    for _ in range(3):  # another store, with a history of its own
        store = open_store(other)
        store.close()
    killed_writer(other, "Fremmed afdeling")
    shutil.copy(f"{other}-wal", f"{path}-wal")
    for leftover in other.parent.glob("andet.sqlite*"):
        leftover.unlink()


DAMAGE: dict[str, tuple[Callable[[Path], object], str]] = {
    # the middle of this store's file is a page of content: SQLite's own check finds the damage
    "random bytes in the middle": (_damage, "er beskadiget: SQLites kontrol af filens opbygning fandt"),
    "a bad JSON value": (bad_json_value, "kan ikke læses (ikke gyldig JSON)"),
    "a flipped byte in a text": (_flipped_text_byte, "er ikke gyldig tekst (UTF-8)"),
    "truncated": (_truncated, "filen er afkortet"),
    "empty (0 bytes)": (_empty, "filen er tom (0 byte)"),
    "a -wal of another store": (_foreign_wal, "logfilen 'aftaler.sqlite-wal' hører ikke til databasen"),
    "a schema byte that is not UTF-8": (non_utf8_schema, "er beskadiget: databasefilen er beskadiget."),
}


def _kept(paths: DataPaths) -> dict[str, bytes]:
    """What lies beside the backups as damaged files, by suffix after the stamp."""
    return {p.name.split("-aftaler.sqlite")[1]: p.read_bytes() for p in paths.backups.glob("beskadiget-*")}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_each_kind_of_damage_offers_the_newest_good_backup_in_one_question(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry, kind: str
) -> None:
    _store_with_agreements(paths, registry, count=2)
    backup = make_backup(paths.store, paths.backups)
    (paths.backups / "aftaler-29990101-000000-000000.sqlite").write_bytes(b"not a store")  # newer, but bad
    damage, expected = DAMAGE[kind]
    damage(paths.store)
    damaged = {suffix: Path(f"{paths.store}{suffix}").read_bytes() for suffix in ("", "-wal")
               if Path(f"{paths.store}{suffix}").exists() and Path(f"{paths.store}{suffix}").stat().st_size}

    dialogs = Dialogs("Gendan sikkerhedskopi")
    assert dialogs.run(paths) == 0

    ((title, text, buttons),) = dialogs.seen
    assert title == "Databasen er beskadiget"
    assert text.startswith(f"Databasen '{paths.store}' er beskadiget: ")
    assert expected in text
    assert f"Den nyeste gode sikkerhedskopi er '{backup.name}'. Vil du lægge den tilbage?" in text
    assert "slettes ikke" in text and "Error" not in text
    assert buttons == ["Gendan sikkerhedskopi", "Afslut"]
    assert dialogs.agreements == 2 and dialogs.read_only is False  # the window opened on the backup
    if kind != "empty (0 bytes)":
        assert _kept(paths) == damaged  # the damaged file (and its -wal) kept aside, byte for byte


def test_a_damaged_store_is_left_alone_when_the_user_quits_and_no_backup_is_lost(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry
) -> None:
    """Eleven failed starts in a row: the store is untouched and the one good backup is still there."""
    _store_with_agreements(paths, registry, count=1)
    good = make_backup(paths.store, paths.backups)
    good_digest = sha256_of(good)
    bad_json_value(paths.store)  # passes PRAGMA integrity_check: this used to start, back up and crash
    before, backups = sha256_of(paths.store), folder_listing(paths.backups)
    for _ in range(11):
        dialogs = Dialogs("Afslut")
        assert dialogs.run(paths) == 1
        assert [t for t, _, _ in dialogs.seen] == ["Databasen er beskadiget"] and dialogs.window is None
    assert sha256_of(paths.store) == before
    assert folder_listing(paths.backups) == backups
    assert [b.path for b in list_backups(paths.backups)] == [good] and sha256_of(good) == good_digest

    assert Dialogs("Gendan sikkerhedskopi").run(paths) == 0  # and it still brings the agreements back


def test_damaged_store_without_a_good_backup_stops_start_up(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry
) -> None:
    _store_with_agreements(paths, registry, count=1)
    _damage(paths.store)
    before = sha256_of(paths.store)
    dialogs = Dialogs()
    assert dialogs.run(paths) == 1
    ((title, text, _buttons),) = dialogs.seen
    assert title == "Databasen er beskadiget"
    assert f"Der er ingen god sikkerhedskopi i '{paths.backups}'. Filen er ikke ændret." in text
    assert sha256_of(paths.store) == before


def test_an_empty_store_without_backups_starts_as_a_new_one(
    qapp: QApplication, paths: DataPaths
) -> None:
    paths.root.mkdir(parents=True)
    paths.store.write_bytes(b"")
    dialogs = Dialogs()
    assert dialogs.run(paths) == 0
    assert dialogs.seen == [] and dialogs.agreements == 0


def test_a_failed_restore_leaves_the_store_as_it_was(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry
) -> None:
    """The backup folder is full: the damaged store cannot be kept aside, so it is not replaced."""
    _store_with_agreements(paths, registry, count=1)
    with small_filesystem(paths.backups, size_kb=1024):
        make_backup(paths.store, paths.backups)
        bad_json_value(paths.store)
        before = sha256_of(paths.store)
        with full(paths.backups):
            dialogs = Dialogs("Gendan sikkerhedskopi")
            assert dialogs.run(paths) == 1
        assert [t for t, _, _ in dialogs.seen] == ["Databasen er beskadiget", "Gendannelsen mislykkedes"]
        text = dialogs.seen[1][1]
        assert "der er ikke plads på disken" in text and text.endswith("Databasen er ikke ændret.")
        assert sha256_of(paths.store) == before
        assert not Path(f"{paths.store}.gendannes").exists()


@pytest.mark.parametrize("fault, reason", [(read_only_mount, "drevet er skrivebeskyttet"),
                                           (lambda folder: full(folder), "der er ikke plads på disken")],
                         ids=["read-only drive", "full disk"])
def test_a_folder_that_cannot_be_written_is_said_as_such_and_opens_read_only(
    qapp: QApplication, tmp_path: Path, registry: TemplateRegistry,
    fault: Callable[[Path], AbstractContextManager[object]], reason: str
) -> None:
    with small_filesystem(tmp_path / "drev", size_kb=1024) as folder:
        paths = data_paths(folder)
        _store_with_agreements(paths, registry, count=1)
        make_backup(paths.store, paths.backups)
        digest, backups = sha256_of(paths.store), folder_listing(paths.backups)
        with fault(folder):
            dialogs = Dialogs("Åbn skrivebeskyttet")
            assert dialogs.run(paths) == 0
        ((title, text, buttons),) = dialogs.seen
        assert title == "Aftalerne kan ikke ændres"
        assert text.startswith(f"Aftaler kan ikke skrive i mappen '{folder}': {reason}.")
        assert "proces 0" not in text and "beskadiget" not in text
        assert buttons == ["Åbn skrivebeskyttet", "Afslut"]
        assert dialogs.read_only is True and dialogs.agreements == 1
        assert sha256_of(paths.store) == digest and folder_listing(paths.backups) == backups


def test_sound_store_and_new_store_start_without_questions(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry
) -> None:
    dialogs = Dialogs()
    assert dialogs.run(paths) == 0  # nothing there yet
    assert dialogs.seen == [] and dialogs.agreements == 0
    _store_with_agreements(paths, registry, count=1)
    dialogs = Dialogs()
    assert dialogs.run(paths) == 0
    assert dialogs.seen == [] and dialogs.agreements == 1
    assert len(list_backups(paths.backups)) == 2  # one start-up backup each


def test_the_paused_collector_is_on_again_once_the_window_has_painted(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry
) -> None:
    """The entry point pauses Python's cycle collector for the start (desktop.collector); the window
    turns it on after its first paint, and leaves what the start made out of later collections."""
    _store_with_agreements(paths, registry, count=1)
    collector.pause()
    try:
        dialogs = Dialogs()
        assert dialogs.run(paths) == 0
        assert dialogs.agreements == 1
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


def test_damage_found_after_the_first_paint_asks_the_same_question(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry
) -> None:
    """The full check runs after the window shows: a bad value in an agreement that is not the one
    opened is found then, and answered as before the window opens (the store laid back, untouched before)."""
    _store_with_agreements(paths, registry, count=2)
    backup = make_backup(paths.store, paths.backups)
    conn = sqlite3.connect(paths.store)
    (sound,) = conn.execute("SELECT agreement_uuid FROM field_values WHERE rowid = (SELECT min(rowid) FROM "
                            "field_values) AND agreement_uuid NOT IN (SELECT agreement_uuid FROM field_values "
                            "WHERE rowid = (SELECT max(rowid) FROM field_values))").fetchone()
    conn.close()
    settings = QSettings(str(paths.settings), QSettings.Format.IniFormat)
    settings.setValue("last_agreement", sound)
    settings.sync()
    bad_json_value(paths.store)
    damaged = sha256_of(paths.store)

    dialogs = Dialogs("Gendan sikkerhedskopi")
    assert dialogs.run(paths) == 0

    ((title, text, buttons),) = dialogs.seen
    assert title == "Databasen er beskadiget" and "kan ikke læses (ikke gyldig JSON)" in text
    assert f"Den nyeste gode sikkerhedskopi er '{backup.name}'." in text
    assert buttons == ["Gendan sikkerhedskopi", "Afslut"]
    assert dialogs.window is not None and dialogs.agreements == 2 and dialogs.read_only is False
    first_check = dialogs.window.findChild(StartupCheck)
    assert first_check is not None and isinstance(first_check.result, CheckResult)
    assert first_check.result.problems  # found after the paint
    assert [sha256_of(p) for p in paths.backups.glob("beskadiget-*")] == [damaged]  # kept aside as it was


def test_template_files_are_read_after_the_window_shows_and_their_errors_are_still_told(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The open agreement brings its own template, so the template folder is read and checked after the
    first paint: a broken file is told then (named, with its line), a good one can be chosen."""
    _store_with_agreements(paths, registry, count=1)
    paths.templates.mkdir(parents=True, exist_ok=True)
    (paths.templates / "vores.toml").write_text(
        (Path(__file__).resolve().parents[2] / "resources" / "templates" / "odder-lederaftale.toml")
        .read_text(encoding="utf-8").replace('id = "odder-lederaftale"', 'id = "vores-lederaftale"', 1),
        encoding="utf-8")
    (paths.templates / "skaev.toml").write_text('id = "skaev"\nname = "Skæv"\nlable = "x"\n', encoding="utf-8")
    read_when: list[bool] = []
    shown = MainWindow.show

    def show(window: MainWindow) -> None:  # what the registry holds when the window is first shown
        read_when.append(window.templates._loader is None)
        shown(window)

    monkeypatch.setattr(MainWindow, "show", show)
    dialogs = Dialogs()
    assert dialogs.run(paths) == 0
    assert read_when == [False]  # not read before the window showed
    window = dialogs.window
    assert window is not None and dialogs.agreements == 1
    box = window.template_errors_box
    assert box.windowTitle() == "Skabeloner med fejl"
    assert "skaev.toml" in box.detailedText() and "'lable' kendes ikke" in box.detailedText()
    assert "vores.toml" not in box.detailedText()
    assert window.templates.get("vores-lederaftale") is not None
