"""A period of the history shown as the window shows the live machine: the map, the table and
the report over "the last 7 days" instead of this moment.

`PeriodSource` gives the engine one snapshot, a socket per program and address of the period
(the history keeps no sockets: a made-up local port keeps each its own row), then ends like a
recording. The engine locates each address with today's databases, so the period's map and table
say where the addresses are *now*; `moved` counts those the history placed elsewhere when they
were seen (the history itself keeps those places: `datalocator history`). The report keeps the
history's real first and last sightings and counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.accounts.links import account_links, category_of
from app.core.accounts.placing import PlacedAccount
from app.core.data_sources import DataSource
from app.core.history.recorder import place_of
from app.core.history.store import Sighting
from app.core.model import LocatedConnection, Observation, Protocol
from app.core.report.model import Observed, Period, PeriodKind, ReportInput
from app.core.session.sources import Snapshot, SourceEnded


@dataclass(frozen=True, slots=True)
class HistoryPeriod:
    """What the history holds for one period, read on the history's thread."""

    start: float
    end: float
    sightings: tuple[Sighting, ...]


class PeriodSource:
    """One snapshot of a period's sightings, then the end (a Source)."""

    def __init__(self, period: HistoryPeriod) -> None:
        self.period = period
        self._given = False

    def snapshot(self) -> Snapshot:
        if self._given:
            raise SourceEnded
        self._given = True
        observations = tuple(
            Observation(
                pid=None,
                process=sighting.program,
                protocol=Protocol.UDP if sighting.protocol == "udp" else Protocol.TCP,
                local_ip="",
                local_port=n,  # made up: one row per sighting
                remote_ip=sighting.place.ip,
                remote_port=sighting.port,
                status="",
                seen_at=sighting.last_seen,
            )
            for n, sighting in enumerate(self.period.sightings)
        )
        return Snapshot(observations, taken_at=self.period.end)

    def moved(self, connections: Iterable[LocatedConnection]) -> int:
        """How many of the period's addresses today's databases place elsewhere than the
        history did when it saw them."""
        then = {s.place.ip: s.place for s in self.period.sightings}
        now = {c.located.ip: c.located for c in connections if c.located is not None}
        return sum(1 for ip, located in now.items() if ip in then and place_of(located) != then[ip])

    def report_input(
        self,
        connections: Iterable[LocatedConnection],
        accounts: tuple[PlacedAccount, ...],
        sources: tuple[DataSource, ...],
        created: float,
        home: str | None = None,
    ) -> ReportInput:
        """The period's report: each program and address with the history's first and last
        sightings and counts, placed as the window shows them."""
        located = {c.located.ip: c.located for c in connections if c.located is not None}
        links = account_links(accounts)
        rows = []
        for sighting in self.period.sightings:
            answer = located.get(sighting.place.ip)
            if answer is None:
                continue
            ports = () if sighting.port is None else (sighting.port,)
            rows.append(
                Observed(
                    process=sighting.program,
                    protocol=sighting.protocol or "tcp",
                    remote_ip=sighting.place.ip,
                    remote_ports=ports,
                    located=answer,
                    category=category_of(links, answer, ports),
                    first_seen=sighting.first_seen,
                    last_seen=sighting.last_seen,
                    observations=sighting.observations,
                )
            )
        rows.sort(key=lambda r: (r.process.casefold(), r.remote_ip, r.protocol))
        return ReportInput(
            observed=tuple(rows),
            accounts=accounts,
            period=Period(PeriodKind.HISTORY, self.period.start, self.period.end),
            sources=sources,
            created=created,
            home=home,
        )
