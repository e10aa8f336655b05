"""The session: poll a source, diff, locate, ask PTR names, re-locate, publish events.

One loop for every view. The window drives it from worker threads (a poll task, PTR tasks on
their own pool); `datalocator scan` drives it from its main thread. So the state is guarded by
a lock, the blocking work (reading the source, DNS) runs outside it, and polls never overlap.
Answers computed with a locator or resolver that was replaced meanwhile are done again or
dropped, never published as current.

Following one connection: `poll()` reads a `Snapshot`, finds the socket new, locates its
address (with the names the resolver already has), publishes it in an `Opened` event and queues
its address for a PTR look-up (`wants_name`). Whoever drives the session takes the queue
(`name_requests`) and calls `resolve(ip)`, or `resolve_pending()` for all at once; the answer
becomes a `Renamed` event and, when the names change the answer (a confirmed name can name the
provider), a `Relocated` one. When the socket leaves the table, `Closed` carries its last state.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Protocol

from app.core.addresses import classify
from app.core.i18n import Message
from app.core.model import (
    AddressScope,
    Endpoint,
    LocatedConnection,
    LocatedEndpoint,
    Observation,
)
from app.core.session.diff import Key, by_key, diff_observations
from app.core.session.events import (
    Closed,
    Event,
    NamesPaused,
    Opened,
    PollFailed,
    Relocated,
    Renamed,
    StatusChanged,
    Unreadable,
)
from app.core.session.sources import Source, SourceError

if TYPE_CHECKING:  # types only: any locator and resolver with these methods will do
    from app.core.dns.reverse import PtrAnswer
    from app.core.geo.locator import Locator

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]
Names = tuple[tuple[str, ...], tuple[str, ...]]  # (host names, the confirmed ones)

# Addresses whose PTR names say something: the public ones (who runs them), the local
# network's (the router, the NAS) and this device's (the name it gives itself). Multicast,
# documentation and unspecified addresses have no name worth a round trip (or a time-out).
_NAMED_SCOPES = frozenset(
    {AddressScope.PUBLIC, AddressScope.LOCAL_NETWORK, AddressScope.THIS_DEVICE}
)
_UNSPECIFIED = frozenset({"0.0.0.0", "::"})


class NameResolver(Protocol):
    """What the session needs of a PTR resolver (ReverseResolver, a recording, the demo)."""

    def answer(self, ip: str) -> PtrAnswer: ...

    def answers_many(self, ips: Iterable[str]) -> dict[str, PtrAnswer]: ...

    def cached_answer(self, ip: str) -> PtrAnswer | None: ...


def wants_name(ip: str) -> bool:
    """The one rule for a PTR look-up: public, local-network and this device's addresses."""
    try:
        return ip not in _UNSPECIFIED and classify(ip) in _NAMED_SCOPES
    except ValueError:
        return False


def connection_order(connection: LocatedConnection) -> tuple[str, int, str, str, int]:
    """The canonical order of connections: by program, then where they go."""
    obs = connection.observation
    return (obs.process.casefold(), obs.pid or 0, obs.protocol, obs.remote_ip or "", obs.local_port)


def scope_only(ip: str, names: Names = ((), ())) -> LocatedEndpoint:
    """What is known of an address without a locator: its class and its names."""
    try:
        scope = classify(ip)
    except ValueError:
        scope = AddressScope.RESERVED
    return LocatedEndpoint(endpoint=Endpoint(ip, *names), scope=scope)


class Session:
    """The state of one watching session and the one place that changes it."""

    def __init__(
        self,
        source: Source,
        locator: Locator | None = None,
        resolver: NameResolver | None = None,
    ) -> None:
        self._source = source
        self._locator = locator
        self._resolver = resolver
        self._lock = threading.Lock()  # guards everything below
        self._poll_lock = threading.Lock()  # polls never overlap
        self._current: dict[Key, Observation] = {}
        self._located: dict[str, LocatedEndpoint] = {}  # by address of an open connection
        self._names: dict[str, Names] = {}  # what the DNS said, by address of an open one
        self._asked: set[str] = set()  # addresses queued or answered: not asked again
        self._requests: list[str] = []  # addresses waiting to be taken by name_requests
        self._skipped: tuple[Message, ...] = ()
        self._listeners: list[Listener] = []

    # --- subscribers ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with each event, on the thread that produced it; returns the
        function that unsubscribes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _publish(self, events: Iterable[Event]) -> tuple[Event, ...]:
        events = tuple(events)
        with self._lock:
            listeners = tuple(self._listeners)
        for event in events:
            for listener in listeners:
                try:
                    listener(event)
                except Exception:  # one broken subscriber must not stop the others
                    log.exception("a session subscriber failed on %s", type(event).__name__)
        return events

    # --- what is known -------------------------------------------------------------------------

    @property
    def source(self) -> Source:
        return self._source

    @property
    def locator(self) -> Locator | None:
        return self._locator

    @property
    def resolver(self) -> NameResolver | None:
        return self._resolver

    def connections(self) -> tuple[LocatedConnection, ...]:
        """The open connections with their latest answers, in the canonical order."""
        with self._lock:
            connections = [self._connection(obs) for obs in self._current.values()]
        return tuple(sorted(connections, key=connection_order))

    def located(self, ip: str) -> LocatedEndpoint | None:
        """The latest answer for the address of an open connection."""
        with self._lock:
            return self._located.get(ip)

    def _connection(self, obs: Observation) -> LocatedConnection:
        ip = obs.remote_ip
        return LocatedConnection(obs, self._located.get(ip) if ip is not None else None)

    # --- polling -------------------------------------------------------------------------------

    def poll(self) -> tuple[Event, ...]:
        """Read the source once and publish what changed. Blocking: off the GUI thread.

        A source that cannot be read gives a `PollFailed` event; `SourceEnded` (a recording
        is over) reaches the caller.
        """
        with self._poll_lock:
            try:
                snapshot = self._source.snapshot()
            except SourceError as error:
                return self._publish([PollFailed(error.message)])
            previous = self._current  # only polls replace it, and they never overlap
            current = by_key(snapshot.observations)
            diff = diff_observations(previous, current, snapshot.skipped)
            new_ips = sorted({o.remote_ip for o in diff.new if o.remote_ip is not None})
            with self._lock:
                locator, resolver = self._locator, self._resolver
                unknown = [ip for ip in new_ips if ip not in self._located]
            cached = _cached_names(resolver, unknown)
            answers = _locate(locator, unknown, cached)
            with self._lock:
                closed = self._ordered(diff.closed)
                self._current = current
                self._located.update(answers)
                self._names.update(cached)
                self._forget_closed_addresses()
                self._queue_names(ip for ip in new_ips if ip not in cached)
                opened = self._ordered(diff.new)
                changed = self._ordered(
                    obs for obs in diff.unchanged if obs.status != previous[obs.key].status
                )
                unreadable = snapshot.skipped != self._skipped
                self._skipped = snapshot.skipped
                replaced = self._locator is not locator
            events: list[Event] = []
            if closed:
                events.append(Closed(closed))
            if opened:
                events.append(Opened(opened))
            if changed:
                events.append(StatusChanged(changed))
            if unreadable:
                events.append(Unreadable(snapshot.skipped))
            published = self._publish(events)
        if replaced and unknown:  # the databases changed during the poll: answer again
            published += self.relocate(unknown)
        return published

    def _ordered(self, observations: Iterable[Observation]) -> tuple[LocatedConnection, ...]:
        return tuple(sorted(map(self._connection, observations), key=connection_order))

    def _forget_closed_addresses(self) -> None:
        """Answers and names are kept for addresses of open connections only (memory stays
        bounded); an address that comes back is located again, its names from the cache."""
        open_ips = {obs.remote_ip for obs in self._current.values()}
        for cache in (self._located, self._names):
            for ip in [ip for ip in cache if ip not in open_ips]:
                del cache[ip]
        self._asked &= open_ips

    def _queue_names(self, ips: Iterable[str]) -> None:
        if self._resolver is None:  # reverse DNS off: nothing to ask (set_resolver asks later)
            return
        for ip in ips:
            if ip not in self._asked and wants_name(ip):
                self._asked.add(ip)
                self._requests.append(ip)

    # --- names ---------------------------------------------------------------------------------

    def name_requests(self) -> tuple[str, ...]:
        """The addresses waiting for a PTR look-up, each once, in the order they came; taken:
        an address comes back only when its answer failed and a new socket goes to it."""
        with self._lock:
            requests, self._requests = tuple(self._requests), []
        return requests

    def resolve(self, ip: str) -> tuple[Event, ...]:
        """Ask the PTR names of one address (blocking, within the resolver's budget)."""
        resolver = self._resolver
        if resolver is None:
            return ()
        return self._take_answers(resolver, {ip: resolver.answer(ip)})

    def resolve_pending(self) -> tuple[Event, ...]:
        """Ask every waiting address at once, under one budget (what the command line does)."""
        requests = self.name_requests()
        resolver = self._resolver
        if resolver is None or not requests:
            return ()
        return self._take_answers(resolver, resolver.answers_many(requests))

    def _take_answers(
        self, resolver: NameResolver, answers: Mapping[str, PtrAnswer]
    ) -> tuple[Event, ...]:
        events: list[Event] = []
        paused = any(answer.tripped for answer in answers.values())
        with self._lock:
            if resolver is not self._resolver:
                return ()  # the DNS settings changed meanwhile: an answer from the old server
            locator = self._locator
            for ip, answer in answers.items():
                if not answer.answered:  # failed or skipped: asked again with its next socket
                    self._asked.discard(ip)
            wanted = {
                ip: (answer.names, answer.confirmed)
                for ip, answer in answers.items()
                if answer.answered
                and ip in self._located
                and self._names.get(ip) != (answer.names, answer.confirmed)
            }
            for ip, names in wanted.items():
                if names[0] or ip in self._names:
                    events.append(Renamed(ip, *names))
        relocated = _locate(locator, list(wanted), wanted)
        with self._lock:
            if locator is self._locator:
                changed = self._store(relocated)
                self._names.update((ip, wanted[ip]) for ip in relocated if ip in self._located)
            else:
                changed = ()
        if changed:
            events.append(Relocated(changed))
        if paused:
            events.append(NamesPaused())
        return self._publish(events)

    def _store(self, answers: Mapping[str, LocatedEndpoint]) -> tuple[LocatedEndpoint, ...]:
        """Keep the answers for addresses still open; the ones that changed, in order."""
        changed = [
            answer
            for ip, answer in sorted(answers.items())
            if ip in self._located and self._located[ip] != answer
        ]
        self._located.update((answer.ip, answer) for answer in changed)
        return tuple(changed)

    # --- databases and DNS settings -------------------------------------------------------------

    def set_locator(self, locator: Locator | None) -> tuple[Event, ...]:
        """Use other databases from now on and answer again for every open address."""
        with self._lock:
            self._locator = locator
            ips = sorted(self._located)
        return self.relocate(ips)

    def relocate(self, ips: Iterable[str]) -> tuple[Event, ...]:
        """Answer again for ``ips`` with the current databases and names (blocking)."""
        with self._lock:
            locator = self._locator
            names = {ip: self._names[ip] for ip in ips if ip in self._names}
            ips = [ip for ip in ips if ip in self._located]
        answers = _locate(locator, ips, names)
        with self._lock:
            changed = self._store(answers) if locator is self._locator else ()
        return self._publish([Relocated(changed)] if changed else [])

    def set_resolver(self, resolver: NameResolver | None) -> None:
        """Ask names from another server (or none): every open address is asked again."""
        with self._lock:
            self._resolver = resolver
            self._asked.clear()
            self._requests.clear()
            if resolver is not None:
                self._queue_names(sorted(self._located))


def _cached_names(resolver: NameResolver | None, ips: Iterable[str]) -> dict[str, Names]:
    """The names the resolver already knows (answered, fresh) for ``ips``."""
    if resolver is None:
        return {}
    names: dict[str, Names] = {}
    for ip in ips:
        if not wants_name(ip):
            continue
        answer = resolver.cached_answer(ip)
        if answer is not None and answer.answered:
            names[ip] = (answer.names, answer.confirmed)
    return names


def _locate(
    locator: Locator | None, ips: Iterable[str], names: Mapping[str, Names]
) -> dict[str, LocatedEndpoint]:
    """An answer per address: the locator's, or only the address class without databases."""
    located: dict[str, LocatedEndpoint] = {}
    for ip in ips:
        known = names.get(ip, ((), ()))
        if locator is None:
            located[ip] = scope_only(ip, known)
            continue
        try:
            located[ip] = locator.locate(ip, *known)
        except ValueError:  # not an address: a source that reports garbage
            log.warning("not an address, not located: %r", ip)
            located[ip] = scope_only(ip, known)
    return located
