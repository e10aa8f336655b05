"""The table's rows as the map sees them: one MapEntry per remote address.

Built off the GUI thread from a snapshot of the connections model after each change (a poll, PTR
names, new answers), with the facts the locator already found (provider, verdict: see
app.core.map_marks.located_details), so the table, the map and the filters read the same values.
Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from app.core.map_marks import EntryDetails, MapEntry, entries_from_connections
from app.core.model import LocatedEndpoint
from app.core.session.rows import RowsSnapshot
from app.core.text import visible


@dataclass(frozen=True, slots=True)
class MapEntries:
    by_ip: Mapping[str, MapEntry]  # every remote address of the table (the proxy judges by it)
    open_ips: frozenset[str]  # addresses with a connection not yet over
    providers: tuple[str, ...]  # for the provider filter, sorted
    has_accounts: bool


NO_ENTRIES = MapEntries(MappingProxyType({}), frozenset(), (), False)


def _shown(entry: MapEntry) -> MapEntry:
    """Process and provider names as the table shows them (`visible`): the filters match
    what is displayed, and a name with undecodable bytes survives the trip through Qt."""
    processes = tuple(visible(process) for process in entry.processes)
    provider = visible(entry.provider) if entry.provider else entry.provider
    if processes == entry.processes and provider == entry.provider:
        return entry
    return replace(entry, processes=processes, provider=provider)


def build_map_entries(
    snapshot: RowsSnapshot, details: Callable[[LocatedEndpoint], EntryDetails]
) -> MapEntries:
    """The entries of the snapshot's rows (any thread), with category, provider and law as
    ``details`` says (`located_details`; the demo persona knows her accounts too)."""
    entries = [_shown(entry) for entry in entries_from_connections(snapshot.connections(), details)]
    open_ips = frozenset(
        obs.remote_ip
        for obs in snapshot.observations
        if obs.remote_ip is not None and not obs.closed
    )
    providers = sorted({e.provider for e in entries if e.provider}, key=str.casefold)
    return MapEntries(
        by_ip=MappingProxyType({entry.ip: entry for entry in entries}),
        open_ips=open_ips,
        providers=tuple(providers),
        has_accounts=any(entry.accounts for entry in entries),
    )
