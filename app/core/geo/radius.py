"""Accuracy radii that hold: a circle that contains the true place for the answer's kind.

The radius of an answer is a promise: the address is within that many kilometres of the point.

Country only (``LocationKind.ZONE``): the circle covers the country's whole shape from the point
the answer uses — the farthest vertex of the country's polygons in resources/map/countries.json
(Natural Earth 1:50m), by great-circle distance, plus ``COVER_MARGIN_KM`` and ``COVER_MARGIN``
for the simplification of the drawn coastline (Douglas-Peucker at 0.02°, quantised to 0.01°,
about 2 km). The rule chosen is "cover the whole shape" rather than "no radius": a number that
holds can be checked (the JSON output, the accuracy benchmark), whereas no radius says nothing
either way. Overseas parts make the circle huge (France with its overseas departments: about
9,300 km from the point in the Centre; the United States with Alaska and Hawaii: about
6,550 km); that is honest, and because such a figure tells a person nothing, the words people
read for a country-only answer are "somewhere in France", never "about N km". A country whose
shape the map lacks (territories too small for 1:50m, or drawn inside another country's shape,
such as French Guiana) gets no radius: none can be backed. Nor does a country that is only
where the network is registered: the addresses may be used anywhere. A radius is never smaller
than the one the source states. Islets that Natural Earth 1:50m leaves out may lie beyond the
circle; the shapes are those the map draws, so the circle and the map agree.

A region without a city (a subdivision) keeps the radius its source states; without one, it
gets the country's. A point that a file gives without naming a country (a location-only
record, the country coming from another file: ``answers.stated_place``) keeps its stated
radius too: that radius is about the point, not about a country.

A city (``LocationKind.EXACT``): the radius the source states (GeoIP2 ``accuracy_radius``),
else ``CITY_ACCURACY_KM`` (see ``app.core.geo.precedence``); cloud regions keep theirs.
"""

from __future__ import annotations

import logging
import math
import threading

from app.core.geo.world import WorldDataError, load_world

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
# What the drawn shapes may lose: the 0.02° simplification and 0.01° quantisation of the map
# file (about 2 km), and the distance between the mean sphere and the ellipsoid (under 0.5 %).
COVER_MARGIN_KM = 5.0
COVER_MARGIN = 0.005
NEAREST_STEP_KM = 20.0  # how finely ``nearest_km`` walks an outline

_cache_lock = threading.Lock()
_covers: dict[tuple[str, float, float], float | None] = {}
_COVER_CACHE_SIZE = 4096  # a point per country per database: a few hundred in practice


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance in km between two points in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def country_cover_km(code: str, latitude: float, longitude: float) -> float | None:
    """The radius of the circle around (latitude, longitude) that holds the whole country, in
    whole km (margin included); None when the map has no shape for the country.

    Worked out once per country and point, then kept (the answers share a few points).
    """
    key = (code.upper(), latitude, longitude)
    with _cache_lock:
        if key in _covers:
            return _covers[key]
    radius = _cover(*key)
    with _cache_lock:
        if len(_covers) >= _COVER_CACHE_SIZE:
            _covers.clear()
        _covers[key] = radius
    return radius


def _cover(code: str, latitude: float, longitude: float) -> float | None:
    try:
        country = load_world().country(code)
    except WorldDataError as error:
        log.warning("no country shapes for accuracy radii: %s", error)
        return None
    if country is None:
        return None
    farthest = farthest_km(country.rings, latitude, longitude)
    return float(math.ceil(farthest * (1 + COVER_MARGIN) + COVER_MARGIN_KM))


def farthest_km(rings: tuple[tuple[float, ...], ...], latitude: float, longitude: float) -> float:
    """The great-circle distance from the point to the farthest vertex of flat lon/lat rings."""
    farthest = 0.0
    for ring in rings:
        for i in range(0, len(ring) - 1, 2):
            farthest = max(farthest, great_circle_km(latitude, longitude, ring[i + 1], ring[i]))
    return farthest


def nearest_km(rings: tuple[tuple[float, ...], ...], latitude: float, longitude: float) -> float:
    """A lower bound of the great-circle distance from the point to the outline of flat lon/lat
    rings (implicitly closed), for "at least N km from anywhere in this country".

    Each edge is walked in steps of at most ``NEAREST_STEP_KM``; no point of a step is farther
    than half the step from one of its ends, so the distance to the nearest step end less half
    the longest step holds for every point of the outline. The caller decides whether the point
    is inside (``Country.contains``): then the distance is 0. Like ``farthest_km``, it trusts the
    shapes the map draws (``COVER_MARGIN_KM`` and ``COVER_MARGIN`` are taken off).
    """
    nearest = math.inf
    longest = 0.0
    for ring in rings:
        count = len(ring) // 2
        for i in range(count):
            lon1, lat1 = ring[2 * i], ring[2 * i + 1]
            j = (i + 1) % count
            lon2, lat2 = ring[2 * j], ring[2 * j + 1]
            steps = max(1, math.ceil(great_circle_km(lat1, lon1, lat2, lon2) / NEAREST_STEP_KM))
            previous = (lat1, lon1)
            for k in range(steps):  # the step ends after the edge's first point; the next
                fraction = (k + 1) / steps  # edge's start is this one's end
                here = (lat1 + (lat2 - lat1) * fraction, lon1 + (lon2 - lon1) * fraction)
                longest = max(longest, great_circle_km(*previous, *here))
                nearest = min(nearest, great_circle_km(latitude, longitude, *here))
                previous = here
    if math.isinf(nearest):
        return math.inf
    bound = (nearest - longest / 2) * (1 - COVER_MARGIN) - COVER_MARGIN_KM
    return max(0.0, bound)


def clear_cache() -> None:
    """Forget the radii worked out (tests that swap the map file)."""
    with _cache_lock:
        _covers.clear()
