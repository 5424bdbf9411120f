"""One window per store: a second start with an ``.aftale`` file hands the file to the window that runs.

The running window listens on a local socket (a named pipe on Windows) named after the user and the
store file. A start with a file first tries to reach it: if the window answers, the file is handed
over and the second start ends; if nobody answers (none runs, or it hangs), the second start opens
its own window as before. What comes through the socket is only ever a path, read as UTF-8 text of
bounded length, and it goes to the import preview, which treats the file as coming from a stranger.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

#: a path longer than this is no path a user double-clicked
MAX_MESSAGE = 64 * 1024
ACK = b"ok\n"


def server_name(store: Path) -> str:
    """The same for every start of this user on this store file, different for another store."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name to be had (a container, a service account)
        user = ""
    key = f"{user}\0{store.resolve()}".encode("utf-8", "surrogateescape")
    return f"aftaler-{hashlib.sha256(key).hexdigest()[:24]}"


def hand_over(store: Path, bundle: Path, timeout_ms: int = 1500) -> bool:
    """True if a window that runs on ``store`` took the file (it answers once it has it)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(store))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(str(bundle.resolve()).encode("utf-8", "surrogateescape") + b"\n")
    socket.flush()
    answer = b""
    while socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
        if answer.endswith(b"\n"):
            break
    socket.disconnectFromServer()
    return answer == ACK


class InstanceServer(QObject):
    """Listens for files handed over by later starts; ``fileReceived`` carries each path."""

    fileReceived = Signal(Path)

    def __init__(self, store: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        self.name = server_name(store)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left by a window that was killed is taken over."""
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            self._forget(socket)
            socket.abort()
            return
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        text = data[:-1].decode("utf-8", "surrogateescape")
        self._buffers[socket] = b""
        if not text or "\n" in text or "\0" in text:
            socket.abort()
            return
        socket.write(ACK)
        socket.flush()
        self.fileReceived.emit(Path(text))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()
