"""The live source: this machine's sockets as psutil reads them, one snapshot per call.

What psutil cannot read (other users' processes, macOS without root) is reported in the
snapshot rather than raised, because a partial picture is still worth showing. The session
engine (app.core.session) diffs the snapshots.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import psutil

from app.core.addresses import normalise_ip
from app.core.i18n import Message, message
from app.core.model import Observation, Protocol
from app.core.session.sources import Snapshot, SourceError

log = logging.getLogger(__name__)

# psutil's "inet": TCP and UDP over IPv4 and IPv6.
KIND = "inet"

_PROTOCOLS: dict[int, Protocol] = {
    socket.SOCK_STREAM: Protocol.TCP,
    socket.SOCK_DGRAM: Protocol.UDP,
}
_UNSPECIFIED = frozenset({"0.0.0.0", "::"})


class _Row(NamedTuple):
    """One socket as psutil reported it, with the pid attached in the per-process path too."""

    pid: int | None
    type: int
    laddr: Any
    raddr: Any
    status: str


def _process_connections(pid: int, kind: str) -> list[Any]:
    return psutil.Process(pid).net_connections(kind)


def _process_identity(pid: int) -> tuple[float, Callable[[], str]]:
    """A process's start time (which tells a reused pid from the one it replaced) and how to
    read its name; psutil.NoSuchProcess or AccessDenied when it cannot be read."""
    process = psutil.Process(pid)
    return process.create_time(), process.name


class PsutilSource:
    """Reads the socket table (a `Source` for the session engine).

    ``net_connections``, ``pids``, ``process_connections`` and ``process_identity`` are
    psutil's by default; they are parameters so tests and other platforms can substitute them
    (the permission failures psutil raises on other machines, names from elsewhere).
    """

    def __init__(
        self,
        *,
        include_listening: bool = False,
        net_connections: Callable[[str], list[Any]] = psutil.net_connections,
        clock: Callable[[], float] = time.time,
        pids: Callable[[], list[int]] = psutil.pids,
        process_connections: Callable[[int, str], list[Any]] = _process_connections,
        process_identity: Callable[[int], tuple[float, Callable[[], str]]] = _process_identity,
    ) -> None:
        self._include_listening = include_listening
        self._net_connections = net_connections
        self._clock = clock
        self._pids = pids
        self._process_connections = process_connections
        self._process_identity = process_identity
        self._lock = threading.Lock()
        # (pid, create_time) -> name; create_time tells a reused pid from the process it replaced.
        self._names: dict[tuple[int, float], str] = {}

    def snapshot(self) -> Snapshot:
        """Read the sockets now. Blocking: call it off the GUI thread."""
        with self._lock:
            seen_at = self._clock()
            try:
                rows, skipped = self._read_rows()
            except (OSError, psutil.Error) as error:  # /proc gone, a sandbox refusing it
                raise SourceError(
                    message("the connection list could not be read: {error}", error=error)
                ) from error
            names = self._process_names({row.pid for row in rows if row.pid is not None}, skipped)
            observations = [self._observation(row, names, seen_at) for row in rows]
        return Snapshot(
            observations=tuple(obs for obs in observations if obs is not None),
            skipped=tuple(skipped),
            taken_at=seen_at,
        )

    def _read_rows(self) -> tuple[list[_Row], list[Message]]:
        try:
            connections = self._net_connections(KIND)
        except (psutil.AccessDenied, PermissionError) as error:
            # macOS without root: the system-wide table is closed, but our own and other
            # readable processes can still be asked one by one.
            log.info("system-wide socket table not readable (%s); reading per process", error)
            return self._read_rows_per_process()
        rows = [_Row(c.pid, c.type, c.laddr, c.raddr, c.status) for c in connections]
        return rows, []

    def _read_rows_per_process(self) -> tuple[list[_Row], list[Message]]:
        skipped = [
            message("the system-wide connection list is not readable; showing readable processes")
        ]
        rows: list[_Row] = []
        for pid in self._pids():
            try:
                connections = self._process_connections(pid, KIND)
            except psutil.AccessDenied:
                skipped.append(
                    message("pid {pid}: connections not readable (access denied)", pid=pid)
                )
                continue
            except psutil.NoSuchProcess:  # also ZombieProcess: gone, or holds no sockets
                continue
            rows.extend(_Row(pid, c.type, c.laddr, c.raddr, c.status) for c in connections)
        return rows, skipped

    def _process_names(self, pids: Iterable[int], skipped: list[Message]) -> dict[int, str]:
        names: dict[int, str] = {}
        kept: dict[tuple[int, float], str] = {}
        for pid in sorted(pids):
            try:
                started, read_name = self._process_identity(pid)
                cache_key = (pid, started)
                name = self._names.get(cache_key)
                if name is None:
                    name = read_name()
            except psutil.AccessDenied:
                skipped.append(
                    message("pid {pid}: process name not readable (access denied)", pid=pid)
                )
                continue
            except psutil.NoSuchProcess:  # exited since the socket table was read
                continue
            kept[cache_key] = name
            names[pid] = name
        # Only pids seen in this poll stay cached: closed processes are evicted.
        self._names = kept
        return names

    def _observation(self, row: _Row, names: dict[int, str], seen_at: float) -> Observation | None:
        protocol = _PROTOCOLS.get(row.type)
        if protocol is None or not row.laddr:
            return None
        remote_ip: str | None = None
        remote_port: int | None = None
        if row.raddr and not (row.raddr[1] == 0 and row.raddr[0] in _UNSPECIFIED):
            remote_ip, remote_port = normalise_ip(row.raddr[0]), int(row.raddr[1])
        if not self._include_listening and (remote_ip is None or row.status == psutil.CONN_LISTEN):
            return None
        return Observation(
            pid=row.pid,
            process=names.get(row.pid, "") if row.pid is not None else "",
            protocol=protocol,
            local_ip=normalise_ip(row.laddr[0]),
            local_port=int(row.laddr[1]),
            remote_ip=remote_ip,
            remote_port=remote_port,
            status=str(row.status),
            seen_at=seen_at,
        )
