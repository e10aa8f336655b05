"""The rows a view shows, Qt-free: a connection's remote end as the view knows it now, and a
copy of a view's rows for work on another thread (map entries, reports)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from app.core.model import LocatedConnection, LocatedEndpoint, Observation
from app.core.session.engine import scope_only

NO_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


def endpoint_for(
    obs: Observation,
    located: Mapping[str, LocatedEndpoint],
    hostnames: Mapping[str, tuple[str, ...]],
    confirmed: Mapping[str, tuple[str, ...]] = NO_NAMES,
) -> LocatedEndpoint | None:
    """A row's remote end: the locator's answer (or only its address class) with the names
    known for it, and which of them are confirmed (names arrive before the answer they may
    change: without this a confirmed name showed as "claimed" until the re-locating was done).
    Read-only, so a snapshot can be turned into rows on any thread."""
    ip = obs.remote_ip
    if ip is None:
        return None
    answer = located.get(ip)
    if answer is None:
        answer = scope_only(ip)
    names = hostnames.get(ip, answer.endpoint.hostnames)
    return answer.with_hostnames(names, confirmed.get(ip))


@dataclass(frozen=True, slots=True)
class RowsSnapshot:
    """A view's rows at one moment (copies of its dictionaries: cheap to take)."""

    observations: tuple[Observation, ...]
    located: Mapping[str, LocatedEndpoint]
    hostnames: Mapping[str, tuple[str, ...]]
    confirmed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def connections(self, *, include_closed: bool = True) -> list[LocatedConnection]:
        return [
            LocatedConnection(obs, endpoint_for(obs, self.located, self.hostnames, self.confirmed))
            for obs in self.observations
            if include_closed or not obs.closed
        ]
