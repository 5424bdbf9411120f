"""Start-up checks of the window (desktop.gui): one writer per store, and a damaged store swapped
for the newest good backup — with the questions answered by the test instead of a dialog."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import gui
from desktop.paths import DataPaths, data_paths
from storage.agreements import list_agreements
from storage.backups import make_backup
from storage.database import integrity_problems, open_store
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry
from tests.fingerprints import sha256_of

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


def _damage(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 12_000] = random.Random(7).randbytes(12_000)
    path.write_bytes(bytes(data))
    assert integrity_problems(path), "the damage should be found"
    return bytes(data)


def test_damaged_store_is_replaced_by_the_newest_good_backup(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry, questions: Questions
) -> None:
    _store_with_agreements(paths, registry)
    backup = make_backup(paths.store, paths.backups)
    (paths.backups / "aftaler-29990101-000000-000000.sqlite").write_bytes(b"not a store")  # newer, but bad
    damaged = _damage(paths.store)

    assert gui.check_integrity(paths)
    ((title, text, yes, _no),) = questions.asked
    assert title == "Databasen er beskadiget"
    assert f"Den nyeste gode sikkerhedskopi er '{backup.name}'" in text
    assert yes == "Gendan sikkerhedskopi"
    assert integrity_problems(paths.store) == []
    store = open_store(paths.store)
    assert len(list_agreements(store)) == 12
    store.close()
    kept = [p for p in paths.backups.iterdir() if p.name.startswith("beskadiget-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # the damaged file is kept, byte for byte


def test_damaged_store_is_left_alone_when_the_user_quits(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry, questions: Questions
) -> None:
    _store_with_agreements(paths, registry)
    make_backup(paths.store, paths.backups)
    _damage(paths.store)
    before = sha256_of(paths.store)
    questions.answer = False
    assert not gui.check_integrity(paths)
    assert sha256_of(paths.store) == before


def test_damaged_store_without_a_good_backup_stops_start_up(
    qapp: QApplication, paths: DataPaths, registry: TemplateRegistry, questions: Questions
) -> None:
    _store_with_agreements(paths, registry)
    _damage(paths.store)
    before = sha256_of(paths.store)
    assert not gui.check_integrity(paths)
    ((title, text, _yes, _no),) = questions.asked
    assert title == "Databasen er beskadiget"
    assert "der er ingen god sikkerhedskopi. Filen er ikke ændret." in text
    assert sha256_of(paths.store) == before


def test_sound_store_and_new_store_pass_without_questions(
    paths: DataPaths, registry: TemplateRegistry, questions: Questions
) -> None:
    assert gui.check_integrity(paths)  # nothing there yet
    _store_with_agreements(paths, registry, count=1)
    assert gui.check_integrity(paths)
    assert questions.asked == []
