"""Watch the machine's sockets: each poll says which connections appeared, closed or stayed.

psutil does the reading. What it cannot read (other users' processes, macOS without root) is
reported in the diff rather than raised, because a partial picture is still worth showing.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import psutil

from app.core.addresses import normalise_ip
from app.core.model import Observation, Protocol

log = logging.getLogger(__name__)

# psutil's "inet": TCP and UDP over IPv4 and IPv6.
KIND = "inet"

_PROTOCOLS: dict[int, Protocol] = {
    socket.SOCK_STREAM: Protocol.TCP,
    socket.SOCK_DGRAM: Protocol.UDP,
}
_UNSPECIFIED = frozenset({"0.0.0.0", "::"})


@dataclass(frozen=True, slots=True)
class ConnectionDiff:
    """What changed between two polls, keyed on ``Observation.key``."""

    new: tuple[Observation, ...]
    closed: tuple[Observation, ...]
    unchanged: tuple[Observation, ...]
    skipped: tuple[str, ...]  # human text of what could not be read

    @property
    def current(self) -> tuple[Observation, ...]:
        return self.new + self.unchanged


class _Row(NamedTuple):
    """One socket as psutil reported it, with the pid attached in the per-process path too."""

    pid: int | None
    type: int
    laddr: Any
    raddr: Any
    status: str


def _process_connections(pid: int, kind: str) -> list[Any]:
    return psutil.Process(pid).net_connections(kind)


class ConnectionWatcher:
    """Polls the socket table and diffs it against the previous poll.

    ``net_connections``, ``pids`` and ``process_connections`` are psutil's by default; they are
    parameters so tests can make the permission failures psutil would raise on other machines.
    """

    def __init__(
        self,
        *,
        include_listening: bool = False,
        net_connections: Callable[[str], list[Any]] = psutil.net_connections,
        clock: Callable[[], float] = time.time,
        pids: Callable[[], list[int]] = psutil.pids,
        process_connections: Callable[[int, str], list[Any]] = _process_connections,
    ) -> None:
        self._include_listening = include_listening
        self._net_connections = net_connections
        self._clock = clock
        self._pids = pids
        self._process_connections = process_connections
        self._lock = threading.Lock()
        self._previous: dict[tuple[object, ...], Observation] = {}
        # (pid, create_time) -> name; create_time tells a reused pid from the process it replaced.
        self._names: dict[tuple[int, float], str] = {}

    def poll(self) -> ConnectionDiff:
        """Read the sockets now. Blocking: call it off the GUI thread."""
        with self._lock:
            seen_at = self._clock()
            rows, skipped = self._read_rows()
            names = self._process_names({row.pid for row in rows if row.pid is not None}, skipped)
            current: dict[tuple[object, ...], Observation] = {}
            for row in rows:
                observation = self._observation(row, names, seen_at)
                if observation is not None:
                    current.setdefault(observation.key, observation)
            previous = self._previous
            self._previous = current
        return ConnectionDiff(
            new=tuple(obs for key, obs in current.items() if key not in previous),
            closed=tuple(obs for key, obs in previous.items() if key not in current),
            unchanged=tuple(obs for key, obs in current.items() if key in previous),
            skipped=tuple(skipped),
        )

    def _read_rows(self) -> tuple[list[_Row], list[str]]:
        try:
            connections = self._net_connections(KIND)
        except (psutil.AccessDenied, PermissionError) as error:
            # macOS without root: the system-wide table is closed, but our own and other
            # readable processes can still be asked one by one.
            log.info("system-wide socket table not readable (%s); reading per process", error)
            return self._read_rows_per_process()
        rows = [_Row(c.pid, c.type, c.laddr, c.raddr, c.status) for c in connections]
        return rows, []

    def _read_rows_per_process(self) -> tuple[list[_Row], list[str]]:
        skipped = ["the system-wide connection list is not readable; showing readable processes"]
        rows: list[_Row] = []
        for pid in self._pids():
            try:
                connections = self._process_connections(pid, KIND)
            except psutil.AccessDenied:
                skipped.append(f"pid {pid}: connections not readable (access denied)")
                continue
            except psutil.NoSuchProcess:  # also ZombieProcess: gone, or holds no sockets
                continue
            rows.extend(_Row(pid, c.type, c.laddr, c.raddr, c.status) for c in connections)
        return rows, skipped

    def _process_names(self, pids: Iterable[int], skipped: list[str]) -> dict[int, str]:
        names: dict[int, str] = {}
        kept: dict[tuple[int, float], str] = {}
        for pid in sorted(pids):
            try:
                process = psutil.Process(pid)
                cache_key = (pid, process.create_time())
                name = self._names.get(cache_key)
                if name is None:
                    name = process.name()
            except psutil.AccessDenied:
                skipped.append(f"pid {pid}: process name not readable (access denied)")
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
