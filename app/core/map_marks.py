"""What the map shows: located endpoints grouped by place into marks.

A mark is one place on the map (a city or cloud region, a country when that is all we know, or the
nearest point of presence of an edge/anycast service) with everything found there. The map, its
side panel and the table filters all work from these Qt-free values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from app.core.geo.world import World
from app.core.jurisdiction import PRECEDENCE, US_DPF, default_jurisdictions
from app.core.model import (
    Category,
    LocatedConnection,
    LocatedEndpoint,
    Location,
    LocationKind,
    category_from_ports,
)

UNKNOWN_JURISDICTION = "UNKNOWN"
# When a place mixes regimes, ties go to the one whose law reaches furthest (the verdicts' order).
_REACH_RANK: Mapping[str, int] = MappingProxyType({j.value: i for i, j in enumerate(PRECEDENCE)})


@dataclass(frozen=True, slots=True)
class MapEntry:
    """One remote address as the map sees it, with what the rest of the app knows about it."""

    located: LocatedEndpoint
    processes: tuple[str, ...] = ()
    provider: str | None = None  # "Google", "OVHcloud"… (the providers module decides)
    jurisdiction: str = UNKNOWN_JURISDICTION  # a Jurisdiction name: EU_GDPR, ADEQUACY, …
    category: Category = Category.OTHER
    accounts: tuple[str, ...] = ()  # the user's accounts served from here ("me@gmail.com")
    law_note: str = ""  # which law reaches it, in a sentence (plain text), when known

    @property
    def ip(self) -> str:
        return self.located.ip

    @property
    def host(self) -> str | None:
        return self.located.endpoint.hostname

    @property
    def laws(self) -> tuple[str, ...]:
        """Every kind of law that reaches this address, its colour (``jurisdiction``) first:
        a Chinese company's server in the US is under both, and the map shows both."""
        found = self.located.verdict
        if found is None:
            return (self.jurisdiction,)
        regimes = default_jurisdictions().regimes
        # The Data Privacy Framework protects a certified company's data; it reaches nothing.
        categories = [
            regimes[k].category.value for k in found.regimes if k in regimes and k != US_DPF
        ]
        return _ranked_laws([self.jurisdiction, *categories])


@dataclass(frozen=True, slots=True)
class MapMark:
    """One place on the map and the entries found there."""

    key: str  # stable across polls: "exact:FR:50.69:3.17", "zone:IE", "edge:DE:50.1:8.7"
    kind: LocationKind
    lon: float
    lat: float
    country_code: str | None
    city: str | None
    entries: tuple[MapEntry, ...]
    jurisdiction: str  # the dominant regime (its colour)
    jurisdictions: tuple[tuple[str, int], ...]  # (regime, endpoints), most common first
    # Every kind of law reaching any of its endpoints, `jurisdiction` first, then by reach.
    laws: tuple[str, ...] = ()

    @property
    def second_law(self) -> str | None:
        """The other law a two-law place is drawn with (its second colour), or None."""
        return self.laws[1] if len(self.laws) > 1 else None

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def ips(self) -> tuple[str, ...]:
        return tuple(e.ip for e in self.entries)

    @property
    def processes(self) -> tuple[str, ...]:
        return _unique(p for e in self.entries for p in e.processes)

    @property
    def providers(self) -> tuple[str, ...]:
        return _unique(e.provider for e in self.entries if e.provider)

    @property
    def hosts(self) -> tuple[str, ...]:
        return _unique(e.host for e in self.entries if e.host)

    @property
    def accounts(self) -> tuple[str, ...]:
        return _unique(a for e in self.entries for a in e.accounts)


@dataclass(frozen=True, slots=True)
class MarkFilter:
    """The filters the map shares with the connections table; None means "any"."""

    categories: frozenset[str] | None = None
    processes: frozenset[str] | None = None
    providers: frozenset[str] | None = None
    jurisdictions: frozenset[str] | None = None
    only_accounts: bool = False
    # Kept off the map whatever else matches (a quiz hides its answers until it shows them):
    # these addresses, and the connections of these accounts (their labels, as entries say).
    hidden_ips: frozenset[str] = frozenset()
    hidden_accounts: frozenset[str] = frozenset()

    def matches(self, entry: MapEntry) -> bool:
        if entry.ip in self.hidden_ips or not self.hidden_accounts.isdisjoint(entry.accounts):
            return False
        if self.categories is not None and entry.category not in self.categories:
            return False
        if self.processes is not None and self.processes.isdisjoint(entry.processes):
            return False
        if self.providers is not None and (entry.provider or "") not in self.providers:
            return False
        if self.jurisdictions is not None and entry.jurisdiction not in self.jurisdictions:
            return False
        return not (self.only_accounts and not entry.accounts)

    @property
    def is_empty(self) -> bool:
        return self == MarkFilter()


def place_of(entry: MapEntry, world: World) -> tuple[str, LocationKind, float, float] | None:
    """(key, kind, lon, lat) where the entry is drawn, or None if it cannot be placed."""
    location = entry.located.location
    if location is None:
        return None
    code = (location.country_code or "").upper() or None
    lat, lon = location.latitude, location.longitude
    kind = location.kind
    if kind is not LocationKind.ZONE and lat is not None and lon is not None:
        digits = 2 if kind is LocationKind.EXACT else 1
        return f"{kind.value}:{code or '-'}:{lat:.{digits}f}:{lon:.{digits}f}", kind, lon, lat
    if code is None:
        return None
    point = world.representative_point(code)
    if point is None and lat is not None and lon is not None:
        point = (lon, lat)
    if point is None:
        return None
    # An edge service whose point of presence is unknown is still an edge mark, in its country.
    kind = LocationKind.EDGE if kind is LocationKind.EDGE else LocationKind.ZONE
    return f"{kind.value}:{code}", kind, point[0], point[1]


@dataclass(frozen=True, slots=True)
class GroupChange:
    """What one update did to the marks."""

    added: frozenset[str]  # keys of marks that are new or have new endpoints
    removed: tuple[MapMark, ...]  # marks that no longer exist, by key
    changed: frozenset[str]  # keys of every mark rebuilt or removed

    @property
    def counts_changed(self) -> bool:
        """Whether endpoints per country may have changed (any mark changed)."""
        return bool(self.changed)


class MarkGroups:
    """Entries grouped by place into marks: the one grouping the map, exports and CLI use.

    Incremental, because the map is updated every poll: an update rebuilds only the places whose
    endpoints changed. Keeps every entry given and groups those the filter lets through. Not
    thread-safe: one thread at a time changes and reads it.
    """

    def __init__(self, world: World, mark_filter: MarkFilter | None = None) -> None:
        self.world = world
        self._filter = mark_filter or MarkFilter()
        self._all: dict[str, MapEntry] = {}  # every entry given, before filtering
        self._entries: dict[str, MapEntry] = {}  # the filtered ones, by IP
        self._key_of: dict[str, str] = {}  # IP → mark key
        self._unplaced: dict[str, MapEntry] = {}
        self._groups: dict[str, dict[str, MapEntry]] = {}  # mark key → {IP: entry}
        self._places: dict[str, tuple[LocationKind, float, float, Location]] = {}
        self._marks: dict[str, MapMark] = {}
        self._sorted: tuple[MapMark, ...] | None = None
        self._counts: Counter[str] = Counter()

    def set_entries(self, entries: Iterable[MapEntry]) -> GroupChange:
        """Replace the set of entries (one per IP; a later duplicate IP wins)."""
        self._all = {e.ip: e for e in entries}
        return self._apply({ip: e for ip, e in self._all.items() if self._filter.matches(e)})

    def set_filter(self, mark_filter: MarkFilter) -> GroupChange:
        self._filter = mark_filter
        return self._apply({ip: e for ip, e in self._all.items() if mark_filter.matches(e)})

    @property
    def marks(self) -> tuple[MapMark, ...]:
        """Every mark, sorted by key (deterministic)."""
        if self._sorted is None:
            self._sorted = tuple(self._marks[k] for k in sorted(self._marks))
        return self._sorted

    def mark(self, key: str) -> MapMark | None:
        return self._marks.get(key)

    @property
    def key_of(self) -> Mapping[str, str]:
        """IP → the key of its mark (placed entries only)."""
        return MappingProxyType(self._key_of)

    @property
    def unplaced(self) -> tuple[MapEntry, ...]:
        """Entries located nowhere we can draw (no country, unknown code), sorted by IP."""
        return tuple(self._unplaced[ip] for ip in sorted(self._unplaced))

    @property
    def country_counts(self) -> Mapping[str, int]:
        """Placed endpoints per country, for shading."""
        return MappingProxyType(self._counts)

    @property
    def entry_count(self) -> int:
        """How many entries the filter lets through."""
        return len(self._entries)

    def _apply(self, new: dict[str, MapEntry]) -> GroupChange:
        touched: set[str] = set()
        added: set[str] = set()
        old = self._entries
        for ip, entry in new.items():
            before = old.get(ip)
            if before is entry or (before is not None and before == entry):
                continue
            if before is not None:
                self._forget(ip, touched)
            place = place_of(entry, self.world)
            if place is None:
                self._unplaced[ip] = entry
                continue
            key, kind, lon, lat = place
            group = self._groups.get(key)
            if group is None:
                group = self._groups[key] = {}
                location = entry.located.location
                assert location is not None  # place_of placed it
                self._places[key] = (kind, lon, lat, location)
            group[ip] = entry
            self._key_of[ip] = key
            code = _country(entry)
            if code:
                self._counts[code] += 1
            touched.add(key)
            added.add(key)
        for ip in [ip for ip in old if ip not in new]:
            self._forget(ip, touched)
        self._entries = new
        removed = []
        for key in touched:
            group = self._groups.get(key)
            if group:
                kind, lon, lat, location = self._places[key]
                self._marks[key] = make_mark(key, kind, lon, lat, location, group.values())
            else:
                mark = self._marks.pop(key, None)
                if mark is not None:
                    removed.append(mark)
                self._groups.pop(key, None)
                self._places.pop(key, None)
        if touched:
            self._sorted = None
        return GroupChange(
            added=frozenset(added & self._marks.keys()),
            removed=tuple(sorted(removed, key=lambda m: m.key)),
            changed=frozenset(touched),
        )

    def _forget(self, ip: str, touched: set[str]) -> None:
        if self._unplaced.pop(ip, None) is not None:
            return
        key = self._key_of.pop(ip, None)
        if key is None:
            return
        entry = self._groups[key].pop(ip)
        code = _country(entry)
        if code:
            self._counts[code] -= 1
            if self._counts[code] <= 0:
                del self._counts[code]
        touched.add(key)


def make_mark(
    key: str,
    kind: LocationKind,
    lon: float,
    lat: float,
    location: Location,
    entries: Iterable[MapEntry],
) -> MapMark:
    """A mark for the entries found at one place (entries sorted by IP for a stable order)."""
    ordered = tuple(sorted(entries, key=lambda e: e.ip))
    ranked = rank_jurisdictions(Counter(e.jurisdiction for e in ordered))
    return MapMark(
        key=key,
        kind=kind,
        lon=lon,
        lat=lat,
        country_code=(location.country_code or "").upper() or None,
        city=location.city if kind is not LocationKind.ZONE else None,
        entries=ordered,
        jurisdiction=ranked[0][0] if ranked else UNKNOWN_JURISDICTION,
        jurisdictions=ranked,
        laws=_ranked_laws(
            [
                ranked[0][0] if ranked else UNKNOWN_JURISDICTION,
                *(n for e in ordered for n in e.laws),
            ]
        ),
    )


def _ranked_laws(names: Iterable[str]) -> tuple[str, ...]:
    """The first name, then the others by reach; "unknown" only when nothing else is known."""
    listed = list(dict.fromkeys(names))
    if not listed:
        return (UNKNOWN_JURISDICTION,)
    head, rest = listed[0], listed[1:]
    rest = sorted(rest, key=lambda n: _REACH_RANK.get(n, len(_REACH_RANK)))
    known = [n for n in [head, *rest] if n != UNKNOWN_JURISDICTION]
    if not known:
        return (UNKNOWN_JURISDICTION,)
    return tuple(known) if head != UNKNOWN_JURISDICTION else (head, *known)


@dataclass(frozen=True, slots=True)
class EntryDetails:
    """What the caller knows about an address beyond its location (all optional)."""

    provider: str | None = None
    jurisdiction: str = UNKNOWN_JURISDICTION
    category: Category | None = None  # None: decided from the ports (category_from_ports)
    accounts: tuple[str, ...] = field(default=())
    law_note: str = ""


def entries_from_connections(
    connections: Iterable[LocatedConnection],
    details: Callable[[LocatedEndpoint], EntryDetails] | None = None,
) -> list[MapEntry]:
    """One entry per remote address, with the processes of every socket to it (sorted by IP)."""
    located: dict[str, LocatedEndpoint] = {}
    processes: dict[str, list[str]] = {}
    ports: dict[str, set[int]] = {}
    for connection in connections:
        endpoint = connection.located
        if endpoint is None:
            continue
        located.setdefault(endpoint.ip, endpoint)
        names = processes.setdefault(endpoint.ip, [])
        process = connection.observation.process
        if process and process not in names:
            names.append(process)
        if connection.observation.remote_port is not None:
            ports.setdefault(endpoint.ip, set()).add(connection.observation.remote_port)
    out = []
    for ip in sorted(located):
        extra = details(located[ip]) if details else EntryDetails()
        category = extra.category
        if category is None:
            category = category_from_ports(ports.get(ip, ()))
        out.append(
            MapEntry(
                located=located[ip],
                processes=tuple(processes[ip]),
                provider=extra.provider,
                jurisdiction=extra.jurisdiction,
                category=category,
                accounts=extra.accounts,
                law_note=extra.law_note,
            )
        )
    return out


def provider_label(located: LocatedEndpoint) -> str | None:
    """Who runs an address, as every view names it: the company the locator found in the
    provider registry, else the network's registered owner (the AS organisation), else None."""
    if located.provider is not None:
        return located.provider.name
    network = located.network
    return (network.organisation or None) if network is not None else None


def located_details(language: str | None = None) -> Callable[[LocatedEndpoint], EntryDetails]:
    """Details from the locator's own answer (its provider and verdict): the table, the map and
    the filters then read one set of facts, and nothing is looked up a second time."""

    def details(located: LocatedEndpoint) -> EntryDetails:
        found = located.verdict
        return EntryDetails(
            provider=provider_label(located),
            jurisdiction=found.category.value if found is not None else UNKNOWN_JURISDICTION,
            law_note=found.text(language) if found is not None else "",
        )

    return details


def rank_jurisdictions(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """(regime, count) most common first; ties in reach order, so input order never matters."""

    def rank(item: tuple[str, int]) -> tuple[int, int, str]:
        name, count = item
        return (-count, _REACH_RANK.get(name, len(_REACH_RANK)), name)

    return tuple(sorted(counts.items(), key=rank))


def _country(entry: MapEntry) -> str | None:
    location = entry.located.location
    return location.country_code.upper() if location and location.country_code else None


def _unique(items: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))
