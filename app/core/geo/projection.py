"""The world map's projection (Equal Earth) and the sphere maths the map needs.

Equal Earth (Šavrič, Patterson and Jenny, 2018) keeps areas true, so a big country does not look
more "full of data" than it is, and its continents keep a familiar shape. Coordinates are degrees
in, unit-sphere projected units out: x in about ±2.7066, y in about ±1.3173, y pointing north.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

_A1 = 1.340264
_A2 = -0.081106
_A3 = 0.000893
_A4 = 0.003796
_M = math.sqrt(3.0) / 2.0
_NEWTON_STEPS = 12
_EPSILON = 1e-12


def forward(lon: float, lat: float) -> tuple[float, float]:
    """Project (longitude, latitude) in degrees to Equal Earth (x, y)."""
    lam = math.radians(lon)
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def inverse(x: float, y: float) -> tuple[float, float]:
    """Equal Earth (x, y) back to (longitude, latitude) in degrees (Newton's method on y)."""
    theta = y
    for _ in range(_NEWTON_STEPS):
        t2 = theta * theta
        t6 = t2 * t2 * t2
        fy = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2)) - y
        fpy = _A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)
        delta = fy / fpy
        theta -= delta
        if abs(delta) < _EPSILON:
            break
    t2 = theta * theta
    t6 = t2 * t2 * t2
    lam = _M * x * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)) / math.cos(theta)
    lat = math.asin(max(-1.0, min(1.0, math.sin(theta) / _M)))
    return math.degrees(lam), math.degrees(lat)


def project_ring(coords: list[float]) -> list[float]:
    """Project a flat [lon0, lat0, lon1, lat1, …] list; returns a flat [x0, y0, …] list."""
    out: list[float] = []
    append = out.append
    radians, asin, sin, cos = math.radians, math.asin, math.sin, math.cos
    for i in range(0, len(coords), 2):
        theta = asin(_M * sin(radians(coords[i + 1])))
        t2 = theta * theta
        t6 = t2 * t2 * t2
        append(
            radians(coords[i])
            * cos(theta)
            / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
        )
        append(theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2)))
    return out


# The projected world's extent: the edge meridians at the equator and the poles.
X_MAX = forward(180.0, 0.0)[0]
Y_MAX = forward(0.0, 90.0)[1]


def great_circle(
    lon1: float, lat1: float, lon2: float, lat2: float, *, segments: int = 32
) -> list[list[tuple[float, float]]]:
    """Points (lon, lat) along the shorter great circle between two places.

    Returns one or more runs: the path is split where it crosses the ±180° meridian, so a
    projected polyline never streaks across the whole map.
    """
    points = list(_slerp(lon1, lat1, lon2, lat2, segments))
    runs: list[list[tuple[float, float]]] = [[points[0]]]
    for prev, point in itertools.pairwise(points):
        if abs(point[0] - prev[0]) > 180.0:
            # Close this run at the edge and start the next one on the other side.
            edge = 180.0 if prev[0] > 0 else -180.0
            span = (point[0] + (360.0 if edge > 0 else -360.0)) - prev[0]
            frac = (edge - prev[0]) / span if span else 0.0
            lat_edge = prev[1] + (point[1] - prev[1]) * frac
            runs[-1].append((edge, lat_edge))
            runs.append([(-edge, lat_edge)])
        runs[-1].append(point)
    return runs


def central_angle(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """The angle in degrees between two places, seen from the centre of the Earth."""
    a = _unit_vector(lon1, lat1)
    b = _unit_vector(lon2, lat2)
    dot = max(-1.0, min(1.0, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))
    return math.degrees(math.acos(dot))


def _slerp(
    lon1: float, lat1: float, lon2: float, lat2: float, segments: int
) -> Iterator[tuple[float, float]]:
    a = _unit_vector(lon1, lat1)
    b = _unit_vector(lon2, lat2)
    dot = max(-1.0, min(1.0, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))
    omega = math.acos(dot)
    if omega < 1e-9:
        yield (lon1, lat1)
        yield (lon2, lat2)
        return
    sin_omega = math.sin(omega)
    for i in range(segments + 1):
        t = i / segments
        wa = math.sin((1 - t) * omega) / sin_omega
        wb = math.sin(t * omega) / sin_omega
        x = wa * a[0] + wb * b[0]
        y = wa * a[1] + wb * b[1]
        z = wa * a[2] + wb * b[2]
        yield (math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y))))


def _unit_vector(lon: float, lat: float) -> tuple[float, float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))
