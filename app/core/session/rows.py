"""The rows a view shows, Qt-free: a connection's remote end as the view knows it now, and a
copy of a view's rows for work on another thread (map entries, reports)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.model import LocatedConnection, LocatedEndpoint, Observation
from app.core.session.engine import scope_only


def endpoint_for(
    obs: Observation,
    located: Mapping[str, LocatedEndpoint],
    hostnames: Mapping[str, tuple[str, ...]],
) -> LocatedEndpoint | None:
    """A row's remote end: the locator's answer (or only its address class) with the names
    known for it. Read-only, so a snapshot can be turned into rows on any thread."""
    ip = obs.remote_ip
    if ip is None:
        return None
    answer = located.get(ip)
    if answer is None:
        answer = scope_only(ip)
    names = hostnames.get(ip, answer.endpoint.hostnames)
    return answer.with_hostnames(names)


@dataclass(frozen=True, slots=True)
class RowsSnapshot:
    """A view's rows at one moment (copies of its dictionaries: cheap to take)."""

    observations: tuple[Observation, ...]
    located: Mapping[str, LocatedEndpoint]
    hostnames: Mapping[str, tuple[str, ...]]

    def connections(self, *, include_closed: bool = True) -> list[LocatedConnection]:
        return [
            LocatedConnection(obs, endpoint_for(obs, self.located, self.hostnames))
            for obs in self.observations
            if include_closed or not obs.closed
        ]
