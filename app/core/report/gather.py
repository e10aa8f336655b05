"""Turning what the engine saw into a report's input: each program's traffic to each address
over the polls of a session (first and last seen, how often), joined with the accounts.

The same `Observer` serves the three periods: one poll of this computer (a snapshot), every
snapshot of a recording, and the demo persona's day. Blocking (the engine polls and looks up
names): the window calls these through its TaskRunner, the command line directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.accounts.links import AccountLinks, account_links, category_of
from app.core.accounts.placing import PlacedAccount, place_accounts
from app.core.data_sources import DataSource, shipped_data_sources
from app.core.geo.locator import Locator
from app.core.model import LocatedConnection
from app.core.report.model import Observed, Period, PeriodKind, ReportInput
from app.core.session.capture import Capture, CaptureSource, RecordedResolver
from app.core.session.engine import NameResolver, Session
from app.core.session.sources import Source, SourceEnded

if TYPE_CHECKING:
    from app.core.demo import Persona

MAX_POLLS = 100_000  # a recording longer than this is summarised from its first polls


@dataclass(slots=True)
class _Seen:
    connection: LocatedConnection
    ports: set[int] = field(default_factory=set)
    first: float = 0.0
    last: float = 0.0
    count: int = 0


class Observer:
    """Collects connections poll after poll: one row per (program, protocol, address)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, str], _Seen] = {}
        self.start: float | None = None
        self.end: float | None = None

    def add(self, connections: Iterable[LocatedConnection], taken_at: float) -> None:
        self.start = taken_at if self.start is None else min(self.start, taken_at)
        self.end = taken_at if self.end is None else max(self.end, taken_at)
        for connection in connections:
            obs = connection.observation
            if obs.remote_ip is None or connection.located is None:
                continue
            key = (obs.process, str(obs.protocol), obs.remote_ip)
            seen = self._seen.get(key)
            if seen is None:
                seen = self._seen[key] = _Seen(connection, first=taken_at)
            seen.connection = connection  # the latest answer (names arrive later)
            if seen.count == 0 or taken_at != seen.last:  # several sockets: one poll
                seen.count += 1
            seen.first = min(seen.first, taken_at)
            seen.last = max(seen.last, taken_at)
            if obs.remote_port is not None:
                seen.ports.add(obs.remote_port)

    def report_input(
        self,
        accounts: tuple[PlacedAccount, ...],
        period_kind: PeriodKind,
        sources: tuple[DataSource, ...],
        created: float,
        *,
        capture: str | None = None,
        home: str | None = None,
    ) -> ReportInput:
        """What was seen, as a report's input (a period with nothing seen is its creation)."""
        return ReportInput(
            observed=self.observed(account_links(accounts)),
            accounts=accounts,
            period=Period(
                period_kind,
                self.start if self.start is not None else created,
                self.end if self.end is not None else created,
                capture,
            ),
            sources=sources,
            created=created,
            home=home,
        )

    def observed(self, links: AccountLinks) -> tuple[Observed, ...]:
        rows = []
        for (process, protocol, ip), seen in self._seen.items():
            located = seen.connection.located
            assert located is not None  # only connections with a remote end are kept
            rows.append(
                Observed(
                    process=process,
                    protocol=protocol,
                    remote_ip=ip,
                    remote_ports=tuple(sorted(seen.ports)),
                    located=located,
                    category=category_of(links, located, seen.ports),
                    first_seen=seen.first,
                    last_seen=seen.last,
                    observations=seen.count,
                )
            )
        return tuple(sorted(rows, key=lambda r: (r.process.casefold(), r.remote_ip, r.protocol)))


def watch(session: Session, observer: Observer, polls: int, now: Callable[[], float]) -> None:
    """Poll ``polls`` times (or to the end of a recording), names answered after each poll."""
    for _ in range(polls):
        try:
            session.poll()
        except SourceEnded:
            return
        session.resolve_pending()
        connections = session.connections()
        times = [c.observation.seen_at for c in connections if c.observation.seen_at]
        observer.add(connections, max(times) if times else now())


def report_input(
    session: Session,
    accounts: tuple[PlacedAccount, ...],
    period_kind: PeriodKind,
    *,
    polls: int = 1,
    capture: str | None = None,
    home: str | None = None,
    now: Callable[[], float] = time.time,
) -> ReportInput:
    """Watch ``session`` and make the report's input (the databases: the session's locator's)."""
    observer = Observer()
    watch(session, observer, polls, now)
    locator = session.locator
    sources = shipped_data_sources(locator.sources) if locator is not None else ()
    return observer.report_input(accounts, period_kind, sources, now(), capture=capture, home=home)


def demo_input(
    locator: Locator, persona: Persona, now: Callable[[], float] = time.time
) -> ReportInput:
    """A demo persona's day (her first snapshot to a whole cycle after every program has
    started) and her accounts: the same report on every machine with the same databases."""
    from app.core.demo import DemoDns, DemoResolver, DemoSource

    accounts = place_accounts(persona.accounts, DemoDns(persona).addresses, locator)
    session = Session(DemoSource(persona), locator, DemoResolver(persona))
    return report_input(
        session, accounts, PeriodKind.DEMO, polls=persona.day, home=persona.home, now=now
    )


def capture_input(
    capture: Capture,
    locator: Locator,
    accounts: tuple[PlacedAccount, ...] = (),
    home: str | None = None,
    now: Callable[[], float] = time.time,
) -> ReportInput:
    """Every snapshot of a recording, its recorded names (never a live DNS query)."""
    resolver = RecordedResolver()
    session = Session(CaptureSource(capture, resolver), locator, resolver)
    return report_input(
        session,
        accounts,
        PeriodKind.CAPTURE,
        polls=MAX_POLLS,
        capture=capture.path.name,
        home=home,
        now=now,
    )


def connections_input(
    connections: Iterable[LocatedConnection],
    accounts: tuple[PlacedAccount, ...],
    period_kind: PeriodKind,
    sources: tuple[DataSource, ...],
    *,
    capture: str | None = None,
    home: str | None = None,
    now: Callable[[], float] = time.time,
) -> ReportInput:
    """What a view shows now (the window's rows, closed ones included), each connection seen
    when its socket was last read: the report of the window's current session."""
    observer = Observer()
    for connection in connections:
        observer.add((connection,), connection.observation.seen_at)
    return observer.report_input(accounts, period_kind, sources, now(), capture=capture, home=home)


def snapshot_input(
    source: Source,
    locator: Locator,
    resolver: NameResolver | None,
    accounts: tuple[PlacedAccount, ...] = (),
    home: str | None = None,
    now: Callable[[], float] = time.time,
) -> ReportInput:
    """One poll of this computer, as `scan --once`."""
    session = Session(source, locator, resolver)
    return report_input(session, accounts, PeriodKind.SNAPSHOT, home=home, now=now)
