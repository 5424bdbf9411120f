"""A second start with an .aftale file hands the file to the window that runs on the store (the real
``python -m desktop FILE`` in a subprocess, the window here); a killed window's socket is taken over;
a stranger's bytes on the socket reach nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop import gui
from desktop.paths import data_paths
from exporters.bundle_write import write_bundle
from storage.database import open_store
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry
from tests.conftest import REPO_ROOT, WindowFactory
from tests.desktop.cli_runner import cli_env
from ui.single_instance import InstanceServer, server_name

SEND = """
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtNetwork import QLocalSocket
app = QCoreApplication([])
socket = QLocalSocket()
socket.connectToServer(sys.argv[1])
assert socket.waitForConnected(3000)
socket.write(sys.stdin.buffer.read())
socket.flush()
socket.waitForBytesWritten(3000)
socket.waitForReadyRead(1000)
print(bytes(socket.readAll().data()).hex())
"""


def send(qtbot: QtBot, store: Path, payload: bytes) -> bytes:
    """``payload`` written to the window's socket by another process; what the window answered."""
    sender = subprocess.Popen([sys.executable, "-c", SEND, server_name(store)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, env=cli_env(), cwd=REPO_ROOT)
    assert sender.stdin is not None
    sender.stdin.write(payload)
    sender.stdin.close()
    qtbot.waitUntil(lambda: sender.poll() is not None, timeout=20_000)
    assert sender.stdout is not None and sender.returncode == 0
    return bytes.fromhex(sender.stdout.read().decode().strip())


def colleague_bundle(tmp_path: Path, registry: TemplateRegistry) -> Path:
    other = open_store(tmp_path / "kollega" / "aftaler.sqlite")
    try:
        uuid = create_from_seed(other, registry, demo_seed())
        return write_bundle(other, [uuid], tmp_path / "Fra Mette.aftale", created_by="mette")
    finally:
        other.close()


def test_a_second_start_with_a_file_hands_it_to_the_running_window(
    qtbot: QtBot, make_window: WindowFactory, registry: TemplateRegistry, tmp_path: Path
) -> None:
    paths = data_paths(tmp_path / "data")
    paths.root.mkdir(parents=True)
    window = make_window(paths.store)
    gui._listen_for_files(window, paths)
    bundle = colleague_bundle(tmp_path, registry)

    second = subprocess.Popen([sys.executable, "-m", "desktop", "--data-dir", str(paths.root), str(bundle)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(),
                              cwd=REPO_ROOT)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)  # the window answers meanwhile
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert "er givet videre til Aftaler-vinduet, der allerede er åbent" in out
    qtbot.waitUntil(lambda: window.bundles.preview is not None, timeout=10_000)
    preview = window.bundles.preview
    assert preview is not None and preview.isVisible() and preview.windowTitle() == "Importér fra kollega"
    shown = " ".join(label.text() for label in preview.findChildren(QLabel))
    assert "Pakken »Fra Mette.aftale«" in shown


def test_without_a_running_window_nothing_is_handed_over(tmp_path: Path, qtbot: QtBot) -> None:
    paths = data_paths(tmp_path / "data")
    assert not gui._handed_over(paths, tmp_path / "pakke.aftale")  # nobody listens: nothing is sent


def test_the_socket_of_a_killed_window_is_taken_over(tmp_path: Path, qtbot: QtBot) -> None:
    store = tmp_path / "aftaler.sqlite"
    listener = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom PySide6.QtCore import "
         "QCoreApplication\nfrom ui.single_instance import InstanceServer\napp = QCoreApplication([])\n"
         "server = InstanceServer(Path(sys.argv[1]))\nassert server.listen()\nprint('lytter', flush=True)\n"
         "time.sleep(60)", str(store)],
        stdout=subprocess.PIPE, text=True, env=cli_env(), cwd=REPO_ROOT)
    assert listener.stdout is not None and listener.stdout.readline().strip() == "lytter"
    os.kill(listener.pid, signal.SIGKILL)
    listener.wait()
    server = InstanceServer(store)
    try:
        assert server.listen(), server.server.errorString()
    finally:
        server.close()


def test_a_strangers_bytes_on_the_socket_reach_nothing(tmp_path: Path, qtbot: QtBot) -> None:
    store = tmp_path / "aftaler.sqlite"
    server = InstanceServer(store)
    assert server.listen()
    received: list[Path] = []
    server.fileReceived.connect(received.append)
    try:
        for payload in (b"x" * 100_000, b"a\0b\n", b"\n", "første\nanden\n".encode()):
            assert send(qtbot, store, payload) != b"ok\n"
        assert received == []
        assert send(qtbot, store, str(tmp_path / "pakke.aftale").encode() + b"\n") == b"ok\n"  # still listening
        assert received == [tmp_path / "pakke.aftale"]
    finally:
        server.close()
