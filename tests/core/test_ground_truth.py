"""Scores against ground truth the app never used (issue 10): tests/data/ground_truth.toml.

103 public addresses, each with its source and date: AWS's geofeed (regions and Local Zones, 35
cloud rows incl. 2 of American Cloud), ISP and satellite geofeeds (Starlink, Viasat and nine
smaller operators in Europe, North America and New Zealand, 28), anycast resolvers, root servers
and CDN front ends of thirteen operators in the US, Europe, Russia, China and Japan (18), Netflix's
unicast caches from its geofeed (7), and RIR / research / university blocks (15). The scoring is
``bench/bench_accuracy.py`` (the same figures as ``make bench``), through the public API only.

Figures on 2026-12-04, 21:30 UTC (embedded country/ASN data, no city database; other sessions
were changing the edge lists and the registry that day, which moved the edge and company columns):
- country 78/85 = 92 %: the six AWS Local Zones tried (Lagos, Lima, Copenhagen, Warsaw, Athens,
  Muscat) take the parent region's country; one Starlink Berlin block is placed in Bulgaria;
- company: 103/103 right (an "unknown" row counts as right when no company is named), 0 wrong;
- city: 33 of 84 rows whose source has a city got a city (only cloud regions), 23/33 within
  100 km, every miss an AWS Local Zone given its parent region's city (393 to 5 681 km away);
- radius: city-level 23/33 hold (the same Local Zones, 50-100 km circles); country-only 43/44
  hold, the one miss being the Berlin block placed in Bulgaria;
- edges: 0 false, 5 missed (Yandex DNS, DNS4EU, k-, i- and m-root); anycast rows with no
  country 12/18 once the resolver and anycast lists were extended (0/18 before: 1.1.1.1 -> AU,
  8.8.8.8 -> US…).

Figures on 2026-12-06 once AWS Local Zones are placed at their metro (resources/geo/
aws_local_zones.csv, from AWS's ip-ranges.json of 2026-08-22 and airportsdata): country 84/85 =
99 % (the Starlink Berlin block is the one miss); city 80/83 within 100 km = 96 % (cloud 35/35);
radius (city) 80/83 = 96 %; company, edges and anycast unchanged.

Figures on 2026-12-06 once Yandex DNS, DNS4EU, the thirteen DNS root servers and Fastly's two
anycast ranges are in resources/anycast.toml: every edge marked (5 missed before), anycast with
no country 18/18 (12/18 before); the rest unchanged.

Asserted: what holds today, with the issue's promises where they already hold (no company named
wrongly, no false edge, a country-only circle holds when the country is right). The promises that
did not hold were strict xfails until fixed; none is left.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Sequence

import pytest

from app.core.countries import country_name
from app.core.providers import ProviderRegistry
from bench.bench_accuracy import (
    CLASSES,
    GROUND_TRUTH,
    Outcome,
    Scores,
    Truth,
    by_class,
    distance_km,
    load_truth,
    misses,
    score,
    summarise,
    table,
)


@pytest.fixture(scope="module")
def rows() -> list[Truth]:
    return load_truth()


@pytest.fixture(scope="module")
def outcomes(rows: list[Truth]) -> list[Outcome]:
    return score(rows)


@pytest.fixture(scope="module")
def overall(outcomes: list[Outcome]) -> Scores:
    return summarise(outcomes)


def report(outcomes: Sequence[Outcome]) -> str:
    """The per-class table and the wrong rows, for a failure message."""
    return "\n" + table(outcomes) + "\n" + misses(outcomes)


# --- the file itself ---------------------------------------------------------------------------


def test_file_has_the_mix_the_issue_asks_for(rows: list[Truth]) -> None:
    counts = Counter(row.cls for row in rows)
    assert len(rows) >= 100
    assert set(counts) <= set(CLASSES)
    assert counts["cloud"] >= 25
    assert counts["isp"] >= 25
    assert counts["anycast"] + counts["cdn_cache"] >= 20
    assert counts["institution"] >= 10
    assert len({row.ip for row in rows}) == len(rows), "an address is listed twice"
    resolver_operators = {row.company for row in rows if row.anycast and row.company != "unknown"}
    assert len(resolver_operators) >= 5, "anycast rows of several operators"


def test_every_row_is_consistent_and_sourced(rows: list[Truth]) -> None:
    registry = ProviderRegistry.load()
    for row in rows:
        where = f"{GROUND_TRUTH.name}: {row.ip}"
        assert ipaddress.ip_address(row.ip) in ipaddress.ip_network(row.prefix), where
        assert row.source.startswith("https://"), where
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.as_of), where
        assert row.operator, where
        assert row.company == "unknown" or registry.get(row.company) is not None, where
        if row.anycast:
            assert row.edge and row.country is None and row.city is None, where
        else:
            assert row.country is not None, where
            assert country_name(row.country, "en") != row.country, f"{where}: not a country"
        assert (row.city is None) == (row.point is None), where
        if row.point is not None:
            lat, lon = row.point
            assert -90 <= lat <= 90 and -180 <= lon <= 180, where


def test_distance_is_great_circle() -> None:
    paris, london = (48.8566, 2.3522), (51.5074, -0.1278)
    assert distance_km(paris, london) == pytest.approx(344, abs=3)
    assert distance_km(paris, paris) == 0
    assert distance_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(20015, abs=5)


def test_scorer_tells_right_unknown_and_wrong_companies(rows: list[Truth]) -> None:
    """The company score itself: a missing name is "unknown", another company is "wrong"."""
    known = next(row for row in rows if row.company == "amazon")
    unlisted = next(row for row in rows if row.operator == "SpaceX Starlink")

    def answer(truth: Truth, key: str | None, name: str | None) -> Outcome:
        return Outcome(truth, truth.country, key, name, None, None, None, edge=False)

    assert answer(known, "amazon", "Amazon / AWS").company_verdict == "right"
    assert answer(known, None, None).company_verdict == "unknown"
    assert answer(known, "google", "Google").company_verdict == "wrong"
    assert answer(unlisted, None, None).company_verdict == "right"
    assert answer(unlisted, "starlink", "Starlink (SpaceX)").company_verdict == "right"
    assert answer(unlisted, "viasat", "Viasat").company_verdict == "wrong"


# --- what holds today ----------------------------------------------------------------------------


def test_country_mostly_right(outcomes: list[Outcome], overall: Scores) -> None:
    assert overall.country.total >= 80
    assert overall.country.share >= 0.90, report(outcomes)


def test_no_company_named_wrongly(outcomes: list[Outcome], overall: Scores) -> None:
    """ "unknown" is allowed, a wrong name is not (it would cite the wrong company's law)."""
    assert overall.company_wrong == 0, report(outcomes)
    assert overall.company_right.share >= 0.90, report(outcomes)


def test_no_false_edge(outcomes: list[Outcome], overall: Scores) -> None:
    """An address that stores (a region, an ISP, a university) is never shown as an edge."""
    assert overall.false_edges == 0, report(outcomes)


def test_city_answers_mostly_near_the_truth(outcomes: list[Outcome], overall: Scores) -> None:
    assert overall.city_within.total >= 20, report(outcomes)
    assert overall.city_within.share >= 0.65, report(outcomes)


def test_country_only_circle_holds_when_the_country_is_right(outcomes: list[Outcome]) -> None:
    """A country-only answer's circle contains the source's city (the issue's radius promise
    for that kind), judged where the country itself is right."""
    judged = [o for o in outcomes if o.country_right and not o.has_city]
    held = summarise(judged).radius_zone
    assert held.hits == held.total, report(outcomes)


def test_cloud_regions_carry_the_provider(outcomes: list[Outcome]) -> None:
    cloud = by_class(outcomes)["cloud"]
    assert cloud.company_right.share >= 0.95, report(outcomes)
    assert cloud.city_given.share >= 0.90, report(outcomes)


# --- the issue's promises that do not hold yet (strict: they flip when fixed) --------------------


def test_country_at_least_95_percent(outcomes: list[Outcome], overall: Scores) -> None:
    """Holds since AWS Local Zones are placed at their metro (84/85); the one miss left is a
    Starlink Berlin block placed in Bulgaria."""
    assert overall.country.share >= 0.95, report(outcomes)


def test_anycast_never_pinned_to_a_country(outcomes: list[Outcome], overall: Scores) -> None:
    """Holds since Yandex DNS, DNS4EU, the DNS root servers and Fastly's anycast ranges are in
    resources/anycast.toml (18/18)."""
    assert overall.anycast_unpinned.hits == overall.anycast_unpinned.total, report(outcomes)


def test_every_edge_is_marked(outcomes: list[Outcome], overall: Scores) -> None:
    assert overall.missed_edges == 0, report(outcomes)


def test_city_answers_within_100_km(outcomes: list[Outcome], overall: Scores) -> None:
    assert overall.city_within.share >= 0.95, report(outcomes)


def test_city_radius_contains_the_truth(outcomes: list[Outcome], overall: Scores) -> None:
    assert overall.radius_city.share >= 0.95, report(outcomes)


def test_ordinary_addresses_get_a_city(outcomes: list[Outcome]) -> None:
    ordinary = summarise(o for o in outcomes if o.truth.cls in {"isp", "institution", "cdn_cache"})
    assert ordinary.city_given.share >= 0.80, report(outcomes)
    assert ordinary.city_within.share >= 0.80, report(outcomes)
