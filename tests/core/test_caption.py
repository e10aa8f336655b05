"""Presenter view's caption: one sentence about a place, from its data, in English and French;
and the order a clicker walks the places in."""

from __future__ import annotations

import pytest

from app.core.caption import KEYS_HELP, place_caption, presenter_order, widest_law
from app.core.geo.world import World, load_world
from app.core.i18n import translations
from app.core.map_marks import MapEntry, MapMark, MarkGroups
from app.core.model import (
    AddressScope,
    Endpoint,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
)


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


def entry(
    ip: str,
    city: str,
    country: str,
    lat: float,
    lon: float,
    *,
    provider: str | None = None,
    organisation: str | None = None,
    jurisdiction: str = "EU_GDPR",
    processes: tuple[str, ...] = (),
    accounts: tuple[str, ...] = (),
) -> MapEntry:
    location = Location(
        country_code=country, city=city, latitude=lat, longitude=lon, kind=LocationKind.EXACT
    )
    network = Network(asn=64500, organisation=organisation) if organisation else None
    located = LocatedEndpoint(
        Endpoint(ip=ip), AddressScope.PUBLIC, location=location, network=network
    )
    return MapEntry(
        located=located,
        provider=provider,
        jurisdiction=jurisdiction,
        processes=processes,
        accounts=accounts,
    )


def marks(world: World, *entries: MapEntry) -> tuple[MapMark, ...]:
    groups = MarkGroups(world)
    groups.set_entries(entries)
    return groups.marks


def dublin(world: World) -> tuple[MapMark, ...]:
    return marks(
        world,
        entry(
            "1.0.0.1",
            "Dublin",
            "IE",
            53.35,
            -6.26,
            provider="Microsoft",
            jurisdiction="US_REACH",
            processes=("thunderbird",),
            accounts=("lea@outlook.com",),
        ),
        entry(
            "1.0.0.2",
            "Dublin",
            "IE",
            53.35,
            -6.26,
            provider="Google",
            jurisdiction="US_REACH",
            processes=("firefox",),
        ),
        entry(
            "1.0.0.3",
            "Dublin",
            "IE",
            53.35,
            -6.26,
            provider="Google",
            jurisdiction="EU_GDPR",
            processes=("firefox",),
        ),
    )


def caption(marks: tuple[MapMark, ...], language: str) -> str:
    """The caption with its no-break spaces (a number and its word) shown as spaces."""
    return place_caption(marks, translations(language)).replace("\u00a0", " ")


def test_the_sentence_says_place_companies_widest_law_and_counts(world: World) -> None:
    assert "3\u00a0connections" in place_caption(dublin(world), translations("en"))
    assert caption(dublin(world), "en") == (
        "Dublin, Ireland: Microsoft and Google — US law may reach these data; "
        "3 connections, 2 programs, 1 of your accounts."
    )


def test_the_sentence_follows_the_data(world: World) -> None:
    paris = marks(
        world,
        entry("2.0.0.1", "Paris", "FR", 48.86, 2.35, organisation="OVH SAS", processes=("curl",)),
    )
    assert caption(paris, "en") == (
        "Paris, France: OVH SAS — the GDPR protects these data; 1 connection, 1 program."
    )
    many = marks(
        world,
        *[
            entry(
                f"3.0.0.{i}",
                "Tokyo",
                "JP",
                35.68,
                139.69,
                provider=f"Company {i}",
                jurisdiction="ADEQUACY",
            )
            for i in range(1, 6)
        ],
    )
    text = caption(many, "en")
    assert text.startswith("Tokyo, Japan: Company 1, Company 2, Company 3 and 2 more — ")
    assert "a law the EU deems adequate protects these data; 5 connections, 0 programs." in text
    unknown = marks(world, entry("4.0.0.1", "Lima", "PE", -12.05, -77.04, jurisdiction="UNKNOWN"))
    assert caption(unknown, "en").startswith("Lima, Peru: an unknown company — which law")


def test_the_sentence_in_french(world: World) -> None:
    assert caption(dublin(world), "fr") == (
        "Dublin, Irlande : Microsoft et Google — le droit américain peut atteindre ces données ; "
        "3 connexions, 2 programmes, 1 de vos comptes."
    )


def test_without_a_place_the_caption_says_the_keys() -> None:
    assert place_caption((), translations("en")) == KEYS_HELP
    assert "Page Down" in KEYS_HELP and "Esc" in KEYS_HELP


def test_the_widest_law_is_the_one_that_reaches_furthest(world: World) -> None:
    assert widest_law(dublin(world)) == "US_REACH"
    gdpr = marks(world, entry("5.0.0.1", "Berlin", "DE", 52.52, 13.40))
    assert widest_law(gdpr) == "EU_GDPR"


def test_the_tour_puts_accounts_first_then_the_busiest_places(world: World) -> None:
    found = marks(
        world,
        entry("6.0.0.1", "Paris", "FR", 48.86, 2.35),
        entry("6.0.0.2", "Paris", "FR", 48.86, 2.35),
        entry("6.0.0.3", "Paris", "FR", 48.86, 2.35),
        entry("6.0.0.4", "Dublin", "IE", 53.35, -6.26, accounts=("lea@outlook.com",)),
        entry("6.0.0.5", "Berlin", "DE", 52.52, 13.40),
        entry("6.0.0.6", "Berlin", "DE", 52.52, 13.40),
        entry("6.0.0.7", "Madrid", "ES", 40.42, -3.70),
        entry("6.0.0.8", "Lisbon", "PT", 38.72, -9.14),
    )
    order = [m.city or "" for m in presenter_order(found)]
    assert order[:3] == ["Dublin", "Paris", "Berlin"]
    assert sorted(order[3:]) == ["Lisbon", "Madrid"]
    assert order == [m.city or "" for m in presenter_order(reversed(found))]  # input order is moot
