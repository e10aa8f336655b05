"""The speed-of-light bound (app.core.rtt_bound): the arithmetic, the home's margin, the verdicts.

Hand-computed numbers, from named constants:
- c = 299,792.458 km/s (the SI definition of the metre);
- the group index of standard single-mode fibre, n = 1.4676 at 1310 nm (Corning SMF-28 Ultra
  datasheet): light in fibre goes 299,792.458 / 1.4676 = 204,273.96 km/s, 204.274 km per ms one
  way, so a millisecond of round trip (half a millisecond each way) reaches 102.137 km;
- the mean Earth radius, 6,371.0088 km (IUGG): 10° of the equator is 6,371.0088 × π / 18 =
  1,111.95 km.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.geo.radius import great_circle_km, nearest_km
from app.core.geo.world import load_world
from app.core.i18n import message, translations
from app.core.model import AddressScope, Endpoint, LocatedEndpoint, Location, LocationKind
from app.core.rtt import RttMeasurement
from app.core.rtt_bound import (
    KM_PER_RTT_MS,
    Agreement,
    HomeCountry,
    HomePoint,
    check_rtt,
    reach_km,
)
from app.core.serialise import rtt_record

EN, FR = translations("en"), translations("fr")
FRANCE = HomeCountry("FR")
SAINT_DENIS_REUNION = (-20.88, 55.45)  # in France (an overseas department)
PARIS = (48.857, 2.352)
CAP_GRIS_NEZ = (50.87, 1.58)  # France's nearest point to England
LONDON = (51.507, -0.128)


def placed(
    latitude: float,
    longitude: float,
    accuracy_km: float | None = 100.0,
    *,
    kind: LocationKind = LocationKind.EXACT,
    city: str | None = "Somewhere",
    country: str = "AU",
    registration_only: bool = False,
    scope: AddressScope = AddressScope.PUBLIC,
) -> LocatedEndpoint:
    location = Location(
        country,
        city,
        latitude,
        longitude,
        accuracy_km,
        kind=kind,
        registration_only=registration_only,
    )
    return LocatedEndpoint(Endpoint("203.0.113.9"), scope, location)


def answered(*samples_ms: float) -> RttMeasurement:
    return RttMeasurement("203.0.113.9", 443, len(samples_ms), tuple(samples_ms))


def test_a_millisecond_of_round_trip_reaches_102_km_through_fibre() -> None:
    assert pytest.approx(102.137, abs=0.001) == KM_PER_RTT_MS
    assert reach_km(2.0) == pytest.approx(204.274, abs=0.001)
    assert reach_km(150.0) == pytest.approx(15_320.55, abs=0.05)
    assert reach_km(-1.0) == 0.0


def test_the_least_round_trip_bounds_the_distance() -> None:
    check = check_rtt(answered(9.0, 2.0, 5.0), placed(0.0, 10.0), HomePoint(0.0, 0.0))
    assert check.rtt_ms == 2.0
    assert check.reach_km == pytest.approx(204.274, abs=0.001)


# On the equator: home within 100 km of (0, 0), the place within 50 km of (0, 10°): they are at
# least 1,111.95 - 100 - 50 = 961.95 km apart, which a round trip of 961.95 / 102.137 =
# 9.418 ms allows and one of 9.3 ms does not.
@pytest.mark.parametrize(("rtt_ms", "agreement"), [(9.3, "impossible"), (9.5, "agrees")])
def test_the_margins_of_home_and_place_widen_the_bound(rtt_ms: float, agreement: str) -> None:
    check = check_rtt(answered(rtt_ms), placed(0.0, 10.0, 50.0), HomePoint(0.0, 0.0, 100.0))
    assert check.gap_km == pytest.approx(961.95, abs=0.01)
    assert check.agreement is Agreement(agreement)


def test_a_place_exactly_at_the_bound_is_possible() -> None:
    home = HomePoint(0.0, 0.0)
    gap = great_circle_km(0.0, 0.0, 0.0, 10.0) - 50.0
    check = check_rtt(answered(gap / KM_PER_RTT_MS), placed(0.0, 10.0, 50.0), home)
    assert check.agreement is Agreement.AGREES


def test_a_home_country_stands_for_its_whole_outline_overseas_included() -> None:
    assert FRANCE.nearest_km(*PARIS) == 0.0
    assert FRANCE.nearest_km(*SAINT_DENIS_REUNION) == 0.0
    london = FRANCE.nearest_km(*LONDON)
    assert london is not None
    assert 100.0 < london <= great_circle_km(*LONDON, *CAP_GRIS_NEZ)


def test_never_impossible_within_the_home_countrys_extent() -> None:
    """A server in La Réunion answering in 1 ms is 9,000 km from Paris: impossible for someone
    in Paris, possible for someone who says only "France" (they may live in La Réunion)."""
    reunion = placed(*SAINT_DENIS_REUNION, country="RE", city="Saint-Denis")
    assert check_rtt(answered(1.0), reunion, HomePoint(*PARIS)).agreement is Agreement.IMPOSSIBLE
    assert check_rtt(answered(1.0), reunion, FRANCE).agreement is Agreement.AGREES


@settings(max_examples=40, deadline=None)
@given(
    latitude=st.floats(-89.0, 89.0),
    longitude=st.floats(-179.0, 179.0),
    code=st.sampled_from(["FR", "US", "AU", "NZ"]),
)
def test_the_outline_distance_never_exceeds_a_real_distance_to_the_outline(
    latitude: float, longitude: float, code: str
) -> None:
    country = load_world().country(code)
    assert country is not None
    bound = nearest_km(country.rings, latitude, longitude)
    assert bound <= min(_outline_distances(country.rings, latitude, longitude)) + 1e-6


def _outline_distances(
    rings: Sequence[Sequence[float]], latitude: float, longitude: float
) -> list[float]:
    """Distances to every vertex and to the middle of every edge."""
    found = []
    for ring in rings:
        count = len(ring) // 2
        for i in range(count):
            j = (i + 1) % count
            lon1, lat1, lon2, lat2 = ring[2 * i], ring[2 * i + 1], ring[2 * j], ring[2 * j + 1]
            found.append(great_circle_km(latitude, longitude, lat1, lon1))
            middle = ((lat1 + lat2) / 2, (lon1 + lon2) / 2)
            found.append(great_circle_km(latitude, longitude, *middle))
    return found


SYDNEY = placed(-33.87, 151.21, city="Sydney")


def test_the_impossible_sentence_gives_the_place_the_bound_and_the_gap() -> None:
    check = check_rtt(answered(2.04), SYDNEY, FRANCE)
    assert check.agreement is Agreement.IMPOSSIBLE
    assert check.text(EN) == (
        "The database says Sydney (Australia), but the server answers in 2.0 ms: too fast to "
        "be farther than 209 km from you, and Sydney (Australia) is at least "
        f"{int(check.gap_km or 0):,} km from anywhere in France. Unless something near you "
        "answers in its place (a proxy, a firewall), the database is wrong."
    )
    french = check.text(FR)
    assert french.startswith("La base dit Sydney (Australie), mais le serveur répond en 2,0 ms")
    assert "de tout lieu situé en France" in french


def test_the_agreeing_sentence_says_physics_does_not_object() -> None:
    check = check_rtt(answered(150.0), SYDNEY, FRANCE)
    assert check.agreement is Agreement.AGREES
    assert check.text(EN) == (
        "The server answers in 150.0 ms: it may be up to 15,321 km from you, so the database's "
        "place, Sydney (Australia), is possible."
    )


@pytest.mark.parametrize(
    ("measurement", "located", "home", "reason"),
    [
        (answered(1.0), placed(0, 0, scope=AddressScope.LOCAL_NETWORK), FRANCE, "never located"),
        (
            RttMeasurement("203.0.113.9", 443, 1, (), cancelled=True),
            SYDNEY,
            FRANCE,
            "the measurement was stopped",
        ),
        (
            RttMeasurement("203.0.113.9", 443, 2, problem=message("no answer within 2 s")),
            SYDNEY,
            FRANCE,
            "no answer from the server (no answer within 2 s)",
        ),
        (
            answered(1.0),
            LocatedEndpoint(Endpoint("203.0.113.9"), AddressScope.PUBLIC),
            FRANCE,
            "no place",
        ),
        (answered(1.0), placed(0, 0, kind=LocationKind.EDGE), FRANCE, "edge or anycast"),
        (answered(1.0), placed(0, 0, registration_only=True), FRANCE, "is registered"),
        (answered(1.0), placed(0, 0, None), FRANCE, "no radius"),
        (answered(1.0), SYDNEY, None, "home country is not set"),
        (answered(1.0), SYDNEY, HomeCountry("GF"), "no outline of the country GF"),
    ],
)
def test_unknown_says_why(
    measurement: RttMeasurement,
    located: LocatedEndpoint,
    home: HomeCountry | None,
    reason: str,
) -> None:
    check = check_rtt(measurement, located, home)
    assert check.agreement is Agreement.UNKNOWN
    text = check.text(EN)
    assert text.startswith("Cannot check the database's place: ") and reason in text
    assert check.text(FR).startswith("Impossible de vérifier le lieu donné par la base : ")


def test_the_json_record_holds_the_numbers_and_the_sentence_in_the_readers_language() -> None:
    measurement = RttMeasurement("203.0.113.9", 443, 3, (2.34567, 2.04, 3.0), refused=1)
    record = rtt_record(measurement, check_rtt(measurement, SYDNEY, FRANCE), FR)
    assert list(record) == [
        "port",
        "attempts",
        "answers",
        "refused",
        "samples_ms",
        "minimum_ms",
        "reach_km",
        "gap_km",
        "verdict",
        "home_country",
        "sentence",
        "problem",
    ]
    assert record["samples_ms"] == [2.346, 2.04, 3.0] and record["minimum_ms"] == 2.04
    assert record["reach_km"] == pytest.approx(208.4, abs=0.05)  # 2.04 × 102.137
    assert (record["verdict"], record["home_country"], record["problem"]) == (
        "impossible",
        "FR",
        None,
    )
    assert record["sentence"].startswith("La base dit Sydney")
