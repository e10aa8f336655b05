"""What the map shows: located endpoints grouped by place into marks.

A mark is one place on the map (a city or cloud region, a country when that is all we know, or the
nearest point of presence of an edge/anycast service) with everything found there. The map, its
side panel and the table filters all work from these Qt-free values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from app.core.geo.world import World
from app.core.model import LocatedConnection, LocatedEndpoint, Location, LocationKind

UNKNOWN_JURISDICTION = "UNKNOWN"
# When a place mixes regimes, the mark takes the colour of the one that reaches furthest.
_REACH_ORDER = ("US_REACH", "OTHER", "UNKNOWN", "ADEQUACY", "EU_GDPR")


class Category(StrEnum):
    """What the data at an endpoint is, as far as the filters care."""

    MAIL = "mail"
    PHOTOS = "photos"
    OTHER = "other"


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
class MarkSet:
    marks: tuple[MapMark, ...]
    unplaced: tuple[MapEntry, ...]  # located nowhere we can draw (no country, unknown code)
    country_counts: Mapping[str, int]  # endpoints per country, for shading

    def mark_for_ip(self, ip: str) -> MapMark | None:
        for mark in self.marks:
            if any(e.ip == ip for e in mark.entries):
                return mark
        return None


@dataclass(frozen=True, slots=True)
class MarkFilter:
    """The filters the map shares with the connections table; None means "any"."""

    categories: frozenset[str] | None = None
    processes: frozenset[str] | None = None
    providers: frozenset[str] | None = None
    jurisdictions: frozenset[str] | None = None
    only_accounts: bool = False

    def matches(self, entry: MapEntry) -> bool:
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


def build_marks(
    entries: Iterable[MapEntry], world: World, mark_filter: MarkFilter | None = None
) -> MarkSet:
    """Group entries by place. Deterministic: marks come out sorted by key."""
    groups: dict[str, list[MapEntry]] = {}
    places: dict[str, tuple[LocationKind, float, float, Location]] = {}
    unplaced: list[MapEntry] = []
    counts: Counter[str] = Counter()
    for entry in entries:
        if mark_filter is not None and not mark_filter.matches(entry):
            continue
        place = place_of(entry, world)
        if place is None:
            unplaced.append(entry)
            continue
        key, kind, lon, lat = place
        location = entry.located.location
        assert location is not None  # place_of placed it
        groups.setdefault(key, []).append(entry)
        places.setdefault(key, (kind, lon, lat, location))
        if location.country_code:
            counts[location.country_code.upper()] += 1
    marks = tuple(make_mark(key, *places[key], groups[key]) for key in sorted(groups))
    return MarkSet(marks=marks, unplaced=tuple(unplaced), country_counts=MappingProxyType(counts))


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
    )


def dominant_jurisdiction(names: Iterable[str]) -> str:
    """The most common regime; ties go to the one whose law reaches furthest."""
    ranked = rank_jurisdictions(Counter(names))
    return ranked[0][0] if ranked else UNKNOWN_JURISDICTION


@dataclass(frozen=True, slots=True)
class EntryDetails:
    """What the caller knows about an address beyond its location (all optional)."""

    provider: str | None = None
    jurisdiction: str = UNKNOWN_JURISDICTION
    category: Category | None = None  # None: mail if a socket uses a mail port, else other
    accounts: tuple[str, ...] = field(default=())
    law_note: str = ""


# Remote ports that mean mail: SMTP, submission, POP3(S), IMAP(S).
MAIL_PORTS = frozenset({25, 110, 143, 465, 587, 993, 995})


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
            category = Category.MAIL if ports.get(ip, set()) & MAIL_PORTS else Category.OTHER
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
        order = _REACH_ORDER.index(name) if name in _REACH_ORDER else len(_REACH_ORDER)
        return (-count, order, name)

    return tuple(sorted(counts.items(), key=rank))


def _unique(items: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))
