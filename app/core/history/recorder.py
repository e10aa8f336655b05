"""What a session's events add to the history, a poll at a time.

The engine tells what opened, closed and moved; the recorder keeps which program uses which
address now (by which protocol and ports) and where that address was last located, and after
each poll gives the store one `Seen`: every program and place open then, and the addresses whose
answer changed (a database update, a name that arrived), so the store can write the relocation
instead of rewriting the past. Only public addresses are kept: the local network is not where
data "go". The accounts, when the window has placed them, say which addresses are mail or photos.
A first answer for an address nothing located yet is no relocation; a connection's last minute
(TIME_WAIT), its program gone, is not counted again under no name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from app.core.accounts.links import NO_LINKS, AccountLinks, category_of
from app.core.history.store import Place, Seen, Use
from app.core.map_marks import provider_label
from app.core.model import AddressScope, LocatedEndpoint
from app.core.session.events import Closed, Event, Opened, Relocated
from app.core.socket_bytes import Counters, tcp_counters


def place_of(located: LocatedEndpoint) -> Place:
    """An answer as the history keeps it: country, city, company and law, as located now."""
    where = located.location
    verdict = located.verdict
    return Place(
        ip=located.ip,
        country=(where.country_code or "") if where is not None else "",
        city=(where.city or "") if where is not None else "",
        company=provider_label(located) or "",
        law=verdict.category.value if verdict is not None else "",
    )


@dataclass(frozen=True, slots=True)
class OpenSocket:
    """A program's socket to a public address, as the byte meter finds it in the system."""

    program: str
    ip: str  # the address as located (the history's key)
    protocol: str
    port: int | None
    ends: tuple[str, int, str, int]  # local ip, local port, remote ip, remote port


@dataclass(slots=True)
class _Pair:
    located: LocatedEndpoint
    protocol: str = ""
    ports: set[int] = field(default_factory=set)


class HistoryRecorder:
    """Follows one session's events (one thread: the one that delivers them)."""

    def __init__(self) -> None:
        self._open: dict[tuple[object, ...], OpenSocket] = {}
        self._located: dict[str, LocatedEndpoint] = {}
        self._places: dict[str, Place] = {}
        self._relocated: dict[str, Place] = {}
        self.links: AccountLinks = NO_LINKS  # the window's placed accounts, when it has them

    def take(self, events: Iterable[Event]) -> None:
        for event in events:
            if isinstance(event, Opened):
                for connection in event.connections:
                    located = connection.located
                    if located is None or located.scope is not AddressScope.PUBLIC:
                        continue
                    obs = connection.observation
                    if obs.closed and not obs.process:
                        continue  # a connection's last minute, its program gone: counted already
                    ends = (obs.local_ip, obs.local_port, obs.remote_ip or "", obs.remote_port or 0)
                    self._open[obs.key] = OpenSocket(
                        obs.process, located.ip, str(obs.protocol), obs.remote_port, ends
                    )
                    self._located.setdefault(located.ip, located)
                    self._places.setdefault(located.ip, place_of(located))
            elif isinstance(event, Closed):
                for connection in event.connections:
                    self._open.pop(connection.observation.key, None)
            elif isinstance(event, Relocated):
                for located in event.endpoints:
                    before = self._places.get(located.ip)
                    after = place_of(located)
                    if before is not None and before != after and before != Place(located.ip):
                        self._relocated[located.ip] = after  # a first answer is no relocation
                    self._places[located.ip] = after
                    self._located[located.ip] = located

    def seen(self, at: float) -> Seen:
        """What the poll at ``at`` saw: each program and place once, in a fixed order."""
        pairs: dict[tuple[str, str], _Pair] = {}
        for socket in self._open.values():
            pair = pairs.setdefault(
                (socket.program, socket.ip), _Pair(self._located[socket.ip], socket.protocol)
            )
            if socket.port is not None:
                pair.ports.add(socket.port)
        uses = tuple(
            Use(
                program,
                self._places[ip],
                pair.protocol,
                min(pair.ports, default=None),
                category_of(self.links, pair.located, pair.ports).value,
            )
            for (program, ip), pair in sorted(pairs.items())
        )
        relocated = tuple(self._relocated[ip] for ip in sorted(self._relocated))
        self._relocated.clear()
        return Seen(at, uses, relocated)

    def sockets(self) -> tuple[OpenSocket, ...]:
        """The sockets open now (for the byte meter, on the history's thread)."""
        return tuple(self._open.values())


class ByteMeter:
    """Bytes each program sent to and received from each address between two polls, from the
    system's per-connection counters (`socket_bytes`). A connection first met counts all it
    carried so far; one that closed between two polls keeps what it had at the last one. Lives
    on the history's thread (it reads the system)."""

    def __init__(self, read: Callable[[], Counters] = tcp_counters) -> None:
        self._read = read
        self._last: dict[tuple[str, int, str, int], tuple[int, int]] = {}

    def measure(self, seen: Seen, sockets: Iterable[OpenSocket]) -> Seen:
        counters = self._read()
        if not counters:
            return seen  # the system does not say: no counts rather than zeros
        moved: dict[tuple[str, str], tuple[int, int]] = {}
        last: dict[tuple[str, int, str, int], tuple[int, int]] = {}
        for open_socket in sockets:
            now = counters.get(open_socket.ends)
            if now is None:
                continue
            before = self._last.get(open_socket.ends, (0, 0))
            last[open_socket.ends] = now
            pair = (open_socket.program, open_socket.ip)
            sent, received = moved.get(pair, (0, 0))
            moved[pair] = (
                sent + max(now[0] - before[0], 0),
                received + max(now[1] - before[1], 0),
            )
        self._last = last
        uses = []
        for use in seen.uses:
            counted = moved.get((use.program, use.place.ip))
            uses.append(
                use if counted is None else replace(use, sent=counted[0], received=counted[1])
            )
        return replace(seen, uses=tuple(uses))
