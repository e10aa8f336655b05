"""One live window per user: a second launch brings the first window to the front and ends.

The first launch listens on a local socket (QLocalServer) named per user; a later launch
connects to it, asks "show" and exits with status 0, leaving the first (maybe hidden in the
tray, as start at login leaves it) to come to the front. Only the window that watches this
computer takes part: a `--demo` or `--replay` window neither asks nor listens, so a trainer can
open a demo beside the running app (two windows watching the same computer, though, would
only double the work and the history's writes).

The name holds a hash of the user id, so two users of one machine never meet; under
``$XDG_RUNTIME_DIR`` (the user's own 0700 folder) where there is one, else in the temporary
folder with Qt's user-only access. A socket left behind by a process that was killed refuses
the connection, so this launch starts and takes the name over: Qt's user-only listen replaces
the file, and where a listen still fails the file is removed (`QLocalServer.removeServer`) and
listened on again. Two launches
in the same instant may both start; nothing worse happens than two windows.

``DATALOCATOR_INSTANCE_NAME`` names another socket (a bare name or a path): for running several
independent copies side by side (the tests use one per test).
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
from collections.abc import Mapping
from pathlib import Path

from app.ui.qt import QLocalServer, QLocalSocket, QObject, Signal

log = logging.getLogger(__name__)

INSTANCE_NAME_ENV = "DATALOCATOR_INSTANCE_NAME"
CONNECT_TIMEOUT_MS = 500  # a running instance answers at once; a hung one is not waited for
SHOW_REQUEST = b"show\n"
SHOWN_ANSWER = b"shown\n"
MAX_REQUEST_BYTES = 64  # anything longer is not one of ours


def _user_key() -> str:
    """Who runs this process: the uid where there is one, and the login name."""
    uid = os.getuid() if hasattr(os, "getuid") else -1
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name for this uid (a container): the uid alone
        user = ""
    return f"{uid}:{user}"


def instance_name(environ: Mapping[str, str] | None = None) -> str:
    """The local socket's name for this user (``DATALOCATOR_INSTANCE_NAME`` when set)."""
    env = os.environ if environ is None else environ
    chosen = env.get(INSTANCE_NAME_ENV, "").strip()
    if chosen:
        return chosen
    digest = hashlib.sha256(_user_key().encode("utf-8")).hexdigest()[:16]
    name = f"datalocator-{digest}"
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime).is_absolute() and Path(runtime).is_dir():
        return str(Path(runtime) / name)
    return name


class SingleInstance(QObject):
    """The first launch's server, or the way a later launch reaches it."""

    showRequested = Signal()  # another launch wants the window (on the GUI thread)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._server: QLocalServer | None = None

    @property
    def name(self) -> str:
        return self._name

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def ask_running_to_show(self, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
        """True when another instance is running (it was asked to show its window); False
        when none answers, and this launch should start. Blocks at most about three times
        ``timeout_ms``, before any window exists."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(timeout_ms):
            log.debug("no running instance at %s: %s", self._name, socket.errorString())
            return False
        socket.write(SHOW_REQUEST)
        socket.waitForBytesWritten(timeout_ms)
        if socket.waitForReadyRead(timeout_ms) and bytes(socket.readLine().data()) == SHOWN_ANSWER:
            log.info("DataLocator is already running: its window was brought to the front")
        else:
            log.warning("DataLocator is already running but did not answer in time")
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Be the one a later launch finds; False (logged) when the socket cannot be made:
        then this launch runs on without the guard."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._name):
            # Nobody answered (see ask_running_to_show): a socket left by a killed process.
            log.info("removing a stale instance socket %s (%s)", self._name, server.errorString())
            QLocalServer.removeServer(self._name)
            if not server.listen(self._name):
                log.warning(
                    "cannot listen on %s (%s): another launch will open a second window",
                    self._name,
                    server.errorString(),
                )
                server.deleteLater()
                return False
        server.newConnection.connect(self._connected)
        self._server = server
        log.info("listening for later launches on %s", server.fullServerName())
        return True

    def close(self) -> None:
        """Stop answering (the live window gave way to a demo): a later launch starts anew."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
            server.deleteLater()

    def _connected(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.disconnected.connect(socket.deleteLater)
            socket.readyRead.connect(lambda socket=socket: self._read(socket))

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_REQUEST_BYTES:
                socket.abort()
            return
        request = bytes(socket.readLine(MAX_REQUEST_BYTES).data())
        if request == SHOW_REQUEST:
            log.info("another launch asked for the window: bringing it to the front")
            self.showRequested.emit()
            socket.write(SHOWN_ANSWER)
            socket.flush()
        else:
            log.info("ignoring an unknown request on %s", self._name)
        socket.disconnectFromServer()
