"""Equal Earth projection and the sphere maths of the map."""

import itertools
import math
import random

import pytest

from app.core.geo.projection import (
    X_MAX,
    Y_MAX,
    central_angle,
    forward,
    great_circle,
    inverse,
    project_ring,
)


def test_origin_and_symmetry() -> None:
    assert forward(0.0, 0.0) == (0.0, 0.0)
    x, y = forward(40.0, 30.0)
    assert forward(-40.0, 30.0) == pytest.approx((-x, y))
    assert forward(40.0, -30.0) == pytest.approx((x, -y))
    assert x > 0 and y > 0


def test_extent_matches_the_published_equal_earth_bounds() -> None:
    # Šavrič, Patterson & Jenny (2018): unit-sphere extent ±2.7066 × ±1.3174.
    assert abs(X_MAX - 2.70663) < 1e-4
    assert abs(Y_MAX - 1.31736) < 1e-4


@pytest.mark.parametrize("lat", [-89.9, -60.0, -12.5, 0.0, 33.3, 51.5, 75.0, 89.9])
@pytest.mark.parametrize("lon", [-180.0, -120.0, -3.7, 0.0, 2.35, 151.2, 180.0])
def test_round_trip(lon: float, lat: float) -> None:
    back_lon, back_lat = inverse(*forward(lon, lat))
    assert back_lat == pytest.approx(lat, abs=1e-9)
    assert back_lon == pytest.approx(lon, abs=1e-7)


def test_round_trip_random_points() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        lon, lat = rng.uniform(-180, 180), rng.uniform(-89.5, 89.5)
        assert inverse(*forward(lon, lat)) == pytest.approx((lon, lat), abs=1e-8)


def _projected_cell_area(lon0: float, lat0: float, size: float, steps: int = 40) -> float:
    """Shoelace area of a lon/lat cell's projected outline (edges subdivided)."""
    edge = [(lon0 + size * i / steps, lat0) for i in range(steps)]
    edge += [(lon0 + size, lat0 + size * i / steps) for i in range(steps)]
    edge += [(lon0 + size - size * i / steps, lat0 + size) for i in range(steps)]
    edge += [(lon0, lat0 + size - size * i / steps) for i in range(steps)]
    pts = [forward(lon, lat) for lon, lat in edge]
    return 0.5 * abs(
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True))
    )


def _sphere_cell_area(lat0: float, size: float) -> float:
    return math.radians(size) * (math.sin(math.radians(lat0 + size)) - math.sin(math.radians(lat0)))


@pytest.mark.parametrize("lat0", [0.0, 30.0, 55.0, 70.0, -45.0])
def test_equal_area(lat0: float) -> None:
    """A cell's projected area is its area on the sphere: big countries are not inflated."""
    assert _projected_cell_area(10.0, lat0, 5.0) == pytest.approx(
        _sphere_cell_area(lat0, 5.0), rel=1e-3
    )


def test_project_ring_matches_forward() -> None:
    coords = [2.35, 48.86, -6.26, 53.35, 151.2, -33.87]
    flat = project_ring(coords)
    for i in range(0, len(coords), 2):
        assert (flat[i], flat[i + 1]) == pytest.approx(forward(coords[i], coords[i + 1]))


def test_central_angle() -> None:
    assert central_angle(0, 0, 180, 0) == pytest.approx(180.0)
    assert central_angle(0, 0, 0, 90) == pytest.approx(90.0)
    # Paris–New York is about 5,837 km on a sphere of radius 6,371 km.
    km = math.radians(central_angle(2.35, 48.86, -74.0, 40.71)) * 6371.0
    assert km == pytest.approx(5837, rel=0.01)


def test_great_circle_ends_and_midpoint() -> None:
    (run,) = great_circle(0.0, 0.0, 90.0, 0.0, segments=2)
    assert run[0] == pytest.approx((0.0, 0.0))
    assert run[1] == pytest.approx((45.0, 0.0))
    assert run[-1] == pytest.approx((90.0, 0.0))


def test_great_circle_bends_poleward() -> None:
    """Paris → San Francisco curves up past Greenland, far north of both ends (~64°N)."""
    (run,) = great_circle(2.35, 48.86, -122.4, 37.8, segments=32)
    assert max(lat for _, lat in run) > 60.0


def test_great_circle_splits_at_the_antimeridian() -> None:
    runs = great_circle(139.7, 35.7, -122.4, 37.8, segments=40)  # Tokyo → San Francisco
    assert len(runs) == 2
    first, second = runs
    assert first[-1][0] == pytest.approx(180.0)
    assert second[0][0] == pytest.approx(-180.0)
    assert first[-1][1] == pytest.approx(second[0][1])
    for run in runs:
        lons = [lon for lon, _ in run]
        assert all(abs(b - a) < 180 for a, b in itertools.pairwise(lons))


def test_great_circle_same_place() -> None:
    (run,) = great_circle(10.0, 20.0, 10.0, 20.0)
    assert run[0] == pytest.approx((10.0, 20.0))
    assert run[-1] == pytest.approx((10.0, 20.0))
