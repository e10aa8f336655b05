"""The world's country shapes, for drawing the map and asking "which country is this point in?".

Loaded from resources/map/countries.json (Natural Earth, built by packaging/build_world_map.py).
Rings are kept as flat [lon0, lat0, lon1, lat1, …] float lists: compact, and what the projection
and the point-in-polygon test both walk fastest in pure Python.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from app.core.i18n import TranslatableError, message
from app.core.resources import resource_path
from app.core.text import visible_path

log = logging.getLogger(__name__)

FORMAT = "datalocator-world/1"

Ring = tuple[float, ...]  # flat lon/lat pairs, implicitly closed
BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


class WorldDataError(TranslatableError):
    """The map geometry file is missing or not in the expected format."""


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str
    rings: tuple[Ring, ...]  # outer rings and holes together: inside = odd number of crossings
    rings_lo: tuple[Ring, ...]  # the same, simplified for drawing at world zoom
    bbox: BBox
    label: tuple[float, float]  # (lon, lat) well inside the largest polygon

    def contains(self, lon: float, lat: float) -> bool:
        min_lon, min_lat, max_lon, max_lat = self.bbox
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            return False
        inside = False
        for ring in self.rings:
            if _crossings_odd(ring, lon, lat):
                inside = not inside
        return inside


@dataclass(frozen=True, slots=True)
class World:
    countries: Mapping[str, Country]
    points: Mapping[str, tuple[float, float]]  # label points of places too small for a polygon
    land: tuple[Ring, ...]  # land that belongs to no country code (drawn, never matched)
    source: Mapping[str, Any]

    @classmethod
    def load(cls, path: Path | None = None) -> World:
        """Read a world file; None → the shipped resources/map/countries.json."""
        path = path if path is not None else resource_path("map", "countries.json")
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise WorldDataError(
                message(
                    "{file}: cannot read the world map ({error})",
                    file=visible_path(path),
                    error=exc,
                )
            ) from exc
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise WorldDataError(
                message("{file}: not a {format} file", file=visible_path(path), format=FORMAT)
            )
        quantum = float(document["quantum"])
        countries = {}
        for code, entry in document["countries"].items():
            rings = tuple(_decode(ring, quantum) for ring in entry["rings"])
            rings_lo = tuple(_decode(ring, quantum) for ring in entry.get("lo", ())) or rings
            label = entry.get("label") or _bbox(rings)[:2]
            countries[code] = Country(
                code=code,
                name=str(entry["name"]),
                rings=rings,
                rings_lo=rings_lo,
                bbox=_bbox(rings),
                label=(float(label[0]), float(label[1])),
            )
        points = {code: (float(p[0]), float(p[1])) for code, p in document["points"].items()}
        land = tuple(_decode(ring, quantum) for ring in document.get("land", ()))
        log.debug("world map: %d countries from %s", len(countries), path)
        return cls(
            countries=MappingProxyType(countries),
            points=MappingProxyType(points),
            land=land,
            source=MappingProxyType(dict(document.get("source", {}))),
        )

    def country(self, code: str) -> Country | None:
        return self.countries.get(code.upper())

    def country_at(self, lon: float, lat: float) -> str | None:
        """The ISO code of the country containing the point, or None (sea, or unassigned land)."""
        for country in self.countries.values():
            if country.contains(lon, lat):
                return country.code
        return None

    def bbox(self, code: str) -> BBox | None:
        country = self.country(code)
        return country.bbox if country else None

    def representative_point(self, code: str) -> tuple[float, float] | None:
        """Where a mark goes when only the country is known: inside the country's main land."""
        country = self.country(code)
        if country is not None:
            return country.label
        return self.points.get(code.upper())

    def all_rings(self) -> Iterator[tuple[str | None, Ring]]:
        for country in self.countries.values():
            for ring in country.rings:
                yield country.code, ring
        for ring in self.land:
            yield None, ring


def load_world(path: Path | None = None) -> World:
    """World.load, read once per file: the geometry is immutable, so sharing it is safe."""
    return _load_cached(path if path is not None else resource_path("map", "countries.json"))


@lru_cache(maxsize=4)
def _load_cached(path: Path) -> World:
    return World.load(path)


def _decode(ring: list[int], quantum: float) -> Ring:
    out: list[float] = []
    x = y = 0
    for i in range(0, len(ring), 2):
        x += ring[i]
        y += ring[i + 1]
        out.append(x / quantum)
        out.append(y / quantum)
    return tuple(out)


def _bbox(rings: tuple[Ring, ...]) -> BBox:
    xs = [v for ring in rings for v in ring[0::2]]
    ys = [v for ring in rings for v in ring[1::2]]
    return (min(xs), min(ys), max(xs), max(ys))


def _crossings_odd(ring: Ring, px: float, py: float) -> bool:
    """Even–odd ray casting towards +x for one implicitly closed ring."""
    inside = False
    n = len(ring)
    jx, jy = ring[n - 2], ring[n - 1]
    for i in range(0, n, 2):
        ix, iy = ring[i], ring[i + 1]
        if (iy > py) != (jy > py) and px < (jx - ix) * (py - iy) / (jy - iy) + ix:
            inside = not inside
        jx, jy = ix, iy
    return inside
