"""Naming a place on the map without Qt: its title, the laws there, and which host name shows."""

from __future__ import annotations

import pytest

from app.core.geo.world import World, load_world
from app.core.map_marks import MapEntry, MapMark, MarkGroups
from app.core.model import AddressScope, Endpoint, LocatedEndpoint, Location, LocationKind
from app.core.places import KIND_NOTES, LAW_NOTES, law_summary, place_title, shown_host


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


def entry(
    ip: str,
    country: str,
    *,
    lat: float | None = None,
    lon: float | None = None,
    city: str | None = None,
    kind: LocationKind = LocationKind.EXACT,
    jurisdiction: str = "UNKNOWN",
) -> MapEntry:
    location = Location(country_code=country, city=city, latitude=lat, longitude=lon, kind=kind)
    located = LocatedEndpoint(Endpoint(ip=ip), AddressScope.PUBLIC, location=location)
    return MapEntry(located=located, jurisdiction=jurisdiction)


def marks(world: World, *entries: MapEntry) -> tuple[MapMark, ...]:
    groups = MarkGroups(world)
    groups.set_entries(entries)
    return groups.marks


def test_titles(world: World) -> None:
    dublin = entry("1.0.0.1", "IE", lat=53.35, lon=-6.26, city="Dublin")
    zone = entry("1.0.0.2", "IE", kind=LocationKind.ZONE)
    edge = entry("1.0.0.3", "DE", lat=50.11, lon=8.68, city="Frankfurt", kind=LocationKind.EDGE)
    assert place_title(marks(world, dublin)) == "Dublin, Ireland"
    assert place_title(marks(world, dublin), "fr") == "Dublin, Irlande"
    assert place_title(marks(world, zone)) == "Ireland (country only)"
    assert place_title(marks(world, edge)) == "Frankfurt, Germany (edge / anycast)"
    both = marks(world, edge, dublin)
    assert [m.city for m in both] == ["Frankfurt", "Dublin"]  # sorted by key: edge before exact
    assert place_title(both) == "2 places near Frankfurt, Germany"
    assert place_title(()) == ""


def test_law_summary_counts_and_orders_by_reach(world: World) -> None:
    found = marks(
        world,
        entry("1.0.0.1", "FR", lat=48.86, lon=2.35, jurisdiction="EU_GDPR"),
        entry("1.0.0.2", "FR", lat=48.86, lon=2.35, jurisdiction="US_REACH"),
        entry("1.0.0.3", "DE", lat=52.52, lon=13.40, jurisdiction="EU_GDPR"),
        entry("1.0.0.4", "DE", lat=52.52, lon=13.40, jurisdiction="ADEQUACY"),
        entry("1.0.0.5", "DE", lat=52.52, lon=13.40, jurisdiction="US_REACH"),
    )
    assert law_summary(found) == [
        ("US_REACH", 2, LAW_NOTES["US_REACH"]),  # a tie with EU_GDPR: the further reach first
        ("EU_GDPR", 2, LAW_NOTES["EU_GDPR"]),
        ("ADEQUACY", 1, LAW_NOTES["ADEQUACY"]),
    ]
    assert set(KIND_NOTES) == set(LocationKind) and set(LAW_NOTES) >= {"UNKNOWN", "OTHER"}


@pytest.mark.parametrize(
    ("hostnames", "confirmed", "expected"),
    [
        ((), (), None),
        (("mail.example.org",), ("mail.example.org",), ("mail.example.org", True)),
        (("google.com",), (), ("google.com", False)),  # a PTR name nobody confirmed: claimed
        (("evil\u202eexample.org",), (), ("evil\\u202eexample.org", False)),  # spelled out
    ],
)
def test_shown_host(
    hostnames: tuple[str, ...], confirmed: tuple[str, ...], expected: tuple[str, bool] | None
) -> None:
    shown = shown_host(Endpoint(ip="192.0.2.1", hostnames=hostnames, confirmed=confirmed))
    assert (None if shown is None else (shown.name, shown.confirmed)) == expected
