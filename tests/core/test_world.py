"""The shipped country shapes: which country a point is in, boxes, label points, the file."""

import itertools
import json
from pathlib import Path

import pytest

from app.core.geo.world import World, WorldDataError, load_world


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


def test_shipped_file_is_small_and_says_where_it_comes_from(world: World) -> None:
    path = Path(__file__).resolve().parents[2] / "resources" / "map" / "countries.json"
    assert path.stat().st_size < 1.5 * 1024 * 1024
    assert world.source["package"] == "world-atlas@2.0.2"
    assert str(world.source["integrity"]).startswith("sha512-")
    assert "Natural Earth" in str(world.source["data"])


def test_countries_keyed_by_alpha_2(world: World) -> None:
    assert len(world.countries) > 230
    assert all(len(code) == 2 and code.isupper() for code in world.countries)
    for code in ("FR", "US", "IE", "DE", "JP", "BR", "AU", "CN", "RU", "XK", "SG"):
        assert code in world.countries
    assert world.country("fr") is world.country("FR")


@pytest.mark.parametrize(
    ("lon", "lat", "code"),
    [
        (2.35, 48.86, "FR"),  # Paris
        (3.17, 50.69, "FR"),  # Roubaix
        (-6.26, 53.35, "IE"),  # Dublin
        (-122.08, 37.39, "US"),  # Mountain View
        (-149.9, 61.2, "US"),  # Anchorage
        (151.21, -33.87, "AU"),  # Sydney
        (139.69, 35.69, "JP"),  # Tokyo
        (-47.88, -15.79, "BR"),  # Brasília
        (36.82, -1.29, "KE"),  # Nairobi
        (8.68, 50.11, "DE"),  # Frankfurt
        (103.85, 1.29, "SG"),  # Singapore
        (33.36, 35.17, "CY"),  # Nicosia (N. Cyprus is merged into CY, as geo databases do)
        (21.17, 42.67, "XK"),  # Pristina
        (27.48, -29.31, "LS"),  # Maseru: a hole in South Africa
        (28.05, -26.2, "ZA"),  # Johannesburg
        (175.0, 67.5, "RU"),  # Chukotka, west of the antimeridian
        (-175.0, 66.0, "RU"),  # Chukotka, east of it
    ],
)
def test_country_at(world: World, lon: float, lat: float, code: str) -> None:
    assert world.country_at(lon, lat) == code


@pytest.mark.parametrize(("lon", "lat"), [(-30.0, 30.0), (-140.0, 0.0), (70.0, -30.0), (0, 0)])
def test_sea_is_no_country(world: World, lon: float, lat: float) -> None:
    assert world.country_at(lon, lat) is None


def test_holes_are_not_the_surrounding_country(world: World) -> None:
    south_africa = world.country("ZA")
    assert south_africa is not None
    assert not south_africa.contains(27.48, -29.31)  # Maseru
    assert south_africa.contains(28.05, -26.2)


def test_label_points_lie_inside_their_country(world: World) -> None:
    outside = [
        code for code, country in world.countries.items() if not country.contains(*country.label)
    ]
    assert outside == []


def test_bounding_boxes(world: World) -> None:
    for country in world.countries.values():
        min_lon, min_lat, max_lon, max_lat = country.bbox
        assert -180 <= min_lon <= max_lon <= 180
        assert -90 <= min_lat <= max_lat <= 90
        lon, lat = country.label
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
    assert world.bbox("IE") == pytest.approx((-10.5, 51.4, -6.0, 55.4), abs=0.3)
    assert world.bbox("ZZ") is None


def test_no_ring_jumps_across_the_map(world: World) -> None:
    """Rings are cut at ±180°, so no projected edge streaks across the whole map; the only long
    edges run along the pole line, where Antarctica's outline closes."""
    for _, ring in world.all_rings():
        points = [*zip(ring[0::2], ring[1::2], strict=True), (ring[0], ring[1])]
        for (lon0, lat0), (lon1, lat1) in itertools.pairwise(points):
            assert abs(lon1 - lon0) <= 180 or lat0 == lat1 == -90.0


def test_coarse_rings_exist_and_are_lighter(world: World) -> None:
    fine = sum(len(r) for c in world.countries.values() for r in c.rings)
    coarse = sum(len(r) for c in world.countries.values() for r in c.rings_lo)
    assert 0 < coarse < fine


def test_representative_point(world: World) -> None:
    assert world.representative_point("FR") == world.countries["FR"].label
    assert world.country_at(*world.representative_point("US") or (0, 0)) == "US"
    # French Guiana has no polygon of its own at 1:50m: an approximate point stands in.
    lon, lat = world.representative_point("GF") or (0.0, 0.0)
    assert -55 < lon < -51 and 2 < lat < 6
    assert world.representative_point("ZZ") is None


def test_load_rejects_bad_files(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    with pytest.raises(WorldDataError, match=r"none\.json"):
        World.load(missing)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(WorldDataError, match=r"not a datalocator-world/1 file"):
        World.load(wrong)
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(WorldDataError):
        World.load(broken)


def test_load_small_file(tmp_path: Path) -> None:
    """The format: delta-encoded integer rings in 1/quantum degrees."""
    path = tmp_path / "tiny.json"
    path.write_text(
        json.dumps(
            {
                "format": "datalocator-world/1",
                "quantum": 10,
                "countries": {
                    "AA": {"name": "Square", "rings": [[0, 0, 100, 0, 0, 100, -100, 0]]},
                },
                "points": {"BB": [5.0, 5.0]},
            }
        )
    )
    world = World.load(path)
    square = world.country("AA")
    assert square is not None
    assert square.rings == ((0.0, 0.0, 10.0, 0.0, 10.0, 10.0, 0.0, 10.0),)
    assert square.bbox == (0.0, 0.0, 10.0, 10.0)
    assert world.country_at(5, 5) == "AA"
    assert world.country_at(15, 5) is None
    assert world.representative_point("BB") == (5.0, 5.0)
