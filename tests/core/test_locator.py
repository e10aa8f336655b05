"""Locator: several real .mmdb files combined, precedence, scope filtering, the caches.

These tests are about the databases, so most locators here have no cloud ranges and no edge lists
(``databases_only``): the fixture addresses are real anycast addresses (8.8.8.8, 1.1.1.1), which
the full chain rightly treats as edges (tests/core/test_locator_chain.py).
"""

from __future__ import annotations

import csv
import threading
import time
from collections.abc import Iterator, Sequence
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import pytest

from app.core.geo.anycast import AnycastRules, EdgeDetector
from app.core.geo.cloud import CloudRegionIndex, CloudRegionTable, EmbeddedCloudData
from app.core.geo.locator import Locator, default_database_paths
from app.core.geo.mmdb import MmdbDatabase
from app.core.model import AddressScope, Endpoint, LocatedEndpoint, LocationKind, Network
from app.core.providers import ProviderRegistry
from app.core.resources import resource_path
from tests.core.test_radius import farthest_vertex_km
from tests.fixtures.geo import (
    CLOUDFLARE_AU,
    FIXTURE_NETWORKS,
    GOOGLE_IE,
    GOOGLE_US,
    OVH_FR,
    UNLISTED_PUBLIC_IP,
    GeoFixtureDbs,
    build_mmdb,
    geoip2_asn_record,
    geoip2_city_record,
)

_NO_RANGES = EmbeddedCloudData(version="none", built_at=None, ranges=())
# A cloud index, an edge detector and a provider registry that know nothing: the databases
# alone answer (a registry's CDN flag would make an edge too).
NO_CLOUD = CloudRegionIndex(data=_NO_RANGES, table=CloudRegionTable([], {}))
NO_EDGES = EdgeDetector(data=_NO_RANGES, rules=AnycastRules((), (), (), {}))
NO_PROVIDERS = ProviderRegistry([])
ONLY_DATABASES: dict[str, Any] = {"cloud": NO_CLOUD, "edges": NO_EDGES, "providers": NO_PROVIDERS}


def as_pair(network: Network | None) -> tuple[int | None, str | None] | None:
    """A network's AS number and organisation (its ``source`` is checked where it matters)."""
    return None if network is None else (network.asn, network.organisation)


def databases_only(databases: Sequence[MmdbDatabase], **options: Any) -> Locator:
    return Locator(databases, **ONLY_DATABASES, **options)


def country_points() -> dict[str, tuple[float, float, float]]:
    """resources/geo/country-points.csv, read here independently of the app's reader."""
    with resource_path("geo", "country-points.csv").open(encoding="utf-8", newline="") as file:
        return {
            row["code"]: (float(row["lat"]), float(row["lon"]), float(row["radius_km"]))
            for row in csv.DictReader(file)
        }


@pytest.fixture
def locator(geo_fixture_dbs: GeoFixtureDbs) -> Iterator[Locator]:
    located, errors = Locator.from_paths(
        [geo_fixture_dbs.city, geo_fixture_dbs.country, geo_fixture_dbs.asn],
        **ONLY_DATABASES,
    )
    assert errors == []
    with located:
        yield located


def open_all(*paths: Path) -> list[MmdbDatabase]:
    return [MmdbDatabase.open(path) for path in paths]


# --- answers --------------------------------------------------------------------------------


@pytest.mark.parametrize("network", FIXTURE_NETWORKS, ids=lambda n: n.sample_ip)
def test_locates_every_fixture_network(locator: Locator, network: Any) -> None:
    located = locator.locate(network.sample_ip)
    assert located.scope is AddressScope.PUBLIC
    assert located.location is not None
    assert located.location.country_code == network.country_code
    assert located.location.city == network.city
    if network.city:
        assert located.location.kind is LocationKind.EXACT
        assert (located.location.latitude, located.location.longitude) == (
            network.latitude,
            network.longitude,
        )
        assert located.location.accuracy_km == network.accuracy_km
    else:  # country only: the country's point, and a circle that holds the whole country
        assert located.location.kind is LocationKind.ZONE
        latitude, longitude, area_radius = country_points()[network.country_code]
        assert (located.location.latitude, located.location.longitude) == (latitude, longitude)
        assert located.location.accuracy_km is not None
        assert located.location.accuracy_km > area_radius
        farthest = farthest_vertex_km(network.country_code, latitude, longitude)
        assert farthest <= located.location.accuracy_km
    assert as_pair(located.network) == (network.asn, network.organisation)
    assert located.notes == ()


def test_endpoint_carries_hostnames_and_canonical_address(locator: Locator) -> None:
    located = locator.locate(f"::ffff:{GOOGLE_US.sample_ip}", ["dns.google"])
    assert located.endpoint == Endpoint(GOOGLE_US.sample_ip, ("dns.google",))
    assert located.ip == GOOGLE_US.sample_ip
    located = locator.locate("2A00:1450:4001:0:0:0:0:1")
    assert located.ip == GOOGLE_IE.sample_ip
    assert located.location is not None and located.location.city == GOOGLE_IE.city


def test_unknown_public_address(locator: Locator) -> None:
    located = locator.locate(UNLISTED_PUBLIC_IP)
    assert located == LocatedEndpoint(Endpoint(UNLISTED_PUBLIC_IP), AddressScope.PUBLIC)


def test_not_an_address_raises_value_error(locator: Locator) -> None:
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 address"):
        locator.locate("example.org")


@pytest.mark.parametrize(
    ("ip", "scope"),
    [
        ("10.1.2.3", AddressScope.LOCAL_NETWORK),
        ("192.168.1.1", AddressScope.LOCAL_NETWORK),
        ("fe80::1", AddressScope.LOCAL_NETWORK),
        ("127.0.0.1", AddressScope.THIS_DEVICE),
        ("::1", AddressScope.THIS_DEVICE),
        ("224.0.0.251", AddressScope.MULTICAST),
        ("192.0.2.10", AddressScope.RESERVED),
        ("2001:db8::1", AddressScope.RESERVED),
    ],
)
def test_non_public_addresses_are_never_looked_up(
    tmp_path: Path, ip: str, scope: AddressScope
) -> None:
    # Databases that (wrongly) claim to know every address: the locator must not ask them.
    everywhere = ["::/1", "8000::/1", "0.0.0.0/1", "128.0.0.0/1"]  # v4 last: nested in ::/1
    nowhere = geoip2_city_record("XX", "Nowhere", latitude=1.0, longitude=1.0)
    city = build_mmdb(
        tmp_path / "all-city.mmdb",
        [(net, nowhere) for net in everywhere],
        database_type="GeoLite2-City",
    )
    asn = build_mmdb(
        tmp_path / "all-asn.mmdb",
        [(net, geoip2_asn_record(64500, "X")) for net in everywhere],
        database_type="GeoLite2-ASN",
    )
    with Locator(open_all(city, asn)) as located:  # the whole chain: nothing else asked either
        for known in (UNLISTED_PUBLIC_IP, "2606:4700::1111"):  # the databases do answer
            assert located.locate(known).location is not None
            assert located.locate(known).network is not None
        with MmdbDatabase.open(city) as db:
            assert db.location(ip) is not None  # and would answer for this address too
        assert located.locate(ip, ["router.lan"]) == LocatedEndpoint(
            Endpoint(ip, ("router.lan",)), scope
        )


# --- precedence -----------------------------------------------------------------------------


def test_city_location_beats_country_only_whatever_the_order(
    geo_fixture_dbs: GeoFixtureDbs,
) -> None:
    with databases_only(open_all(geo_fixture_dbs.country, geo_fixture_dbs.city)) as located:
        location = located.locate(OVH_FR.sample_ip).location
        assert location is not None
        assert location.kind is LocationKind.EXACT
        assert location.city == OVH_FR.city
        assert location.source == "user db: test-city.mmdb"
        # Where the City db knows only the country, the first answer in order stands.
        location = located.locate(CLOUDFLARE_AU.sample_ip).location
        assert location is not None
        assert location.kind is LocationKind.ZONE
        assert location.source == "user db: test-country.mmdb"


def test_country_db_alone_gives_zones(geo_fixture_dbs: GeoFixtureDbs) -> None:
    with databases_only(open_all(geo_fixture_dbs.country)) as located:
        for network in FIXTURE_NETWORKS:
            result = located.locate(network.sample_ip)
            assert result.location is not None
            assert result.location.kind is LocationKind.ZONE
            assert result.location.country_code == network.country_code
            assert result.network is None


def test_first_database_of_a_kind_wins_and_disagreement_is_noted(tmp_path: Path) -> None:
    network = OVH_FR.network
    user = build_mmdb(
        tmp_path / "user-city.mmdb",
        {network: geoip2_city_record("DE", "Frankfurt", latitude=50.1, longitude=8.7)},
        database_type="GeoLite2-City",
    )
    other = build_mmdb(
        tmp_path / "other-city.mmdb",
        {network: geoip2_city_record("FR", "Roubaix", latitude=50.7, longitude=3.2)},
        database_type="DBIP-City-Lite",
    )
    with databases_only(open_all(user, other)) as located:
        result = located.locate(OVH_FR.sample_ip)
        assert result.location is not None
        assert (result.location.country_code, result.location.city) == ("DE", "Frankfurt")
        assert tuple(map(str, result.notes)) == (
            "user db: other-city.mmdb places it in FR, not DE",
        )
    with databases_only(open_all(other, user)) as located:
        result = located.locate(OVH_FR.sample_ip)
        assert result.location is not None
        assert result.location.city == "Roubaix"
        assert tuple(map(str, result.notes)) == ("user db: user-city.mmdb places it in DE, not FR",)


def test_first_asn_database_wins_and_a_missing_name_is_filled(tmp_path: Path) -> None:
    ip = GOOGLE_US.sample_ip
    nameless = build_mmdb(
        tmp_path / "nameless-asn.mmdb",
        {GOOGLE_US.network: {"autonomous_system_number": GOOGLE_US.asn}},
        database_type="GeoLite2-ASN",
    )
    named = build_mmdb(
        tmp_path / "named-asn.mmdb",
        {GOOGLE_US.network: geoip2_asn_record(GOOGLE_US.asn, "Google LLC")},
        database_type="DBIP-ASN-Lite",
    )
    other = build_mmdb(
        tmp_path / "other-asn.mmdb",
        {GOOGLE_US.network: geoip2_asn_record(64496, "Someone Else")},
        database_type="DataLocator-ASN",
    )
    with databases_only(open_all(nameless, named)) as located:
        assert as_pair(located.locate(ip).network) == (GOOGLE_US.asn, "Google LLC")
    with databases_only(open_all(named, other)) as located:
        assert as_pair(located.locate(ip).network) == (GOOGLE_US.asn, "Google LLC")
    with databases_only(open_all(other, named)) as located:
        assert as_pair(located.locate(ip).network) == (64496, "Someone Else")
    with databases_only(open_all(nameless, other)) as located:  # different AS: no borrowing
        assert as_pair(located.locate(ip).network) == (GOOGLE_US.asn, None)


def test_ipinfo_style_country_db_also_gives_networks(tmp_path: Path) -> None:
    record = {"country_code": "US", "asn": "AS15169", "as_name": "Google LLC"}
    path = build_mmdb(tmp_path / "ipinfo.mmdb", {GOOGLE_US.network: record}, database_type="x")
    with databases_only(open_all(path)) as located:
        result = located.locate(GOOGLE_US.sample_ip)
        assert as_pair(result.network) == (15169, "Google LLC")
        assert result.location is not None and result.location.country_code == "US"


# --- opening --------------------------------------------------------------------------------


def test_from_paths_reports_bad_files_and_carries_on(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.mmdb"
    garbage = tmp_path / "garbage.mmdb"
    garbage.write_bytes(b"\x00" * 100)
    paths = [missing, geo_fixture_dbs.city, garbage, geo_fixture_dbs.asn, geo_fixture_dbs.city]
    located, errors = Locator.from_paths(paths, **ONLY_DATABASES)
    with located:
        assert errors == [
            f"{missing}: file not found",
            f"{garbage}: not a MaxMind DB file (no MaxMind DB metadata found)",
        ]
        assert [info.path for info in located.sources] == [
            geo_fixture_dbs.city,
            geo_fixture_dbs.asn,
        ]
        result = located.locate(GOOGLE_US.sample_ip)
        assert result.location is not None and result.network is not None


def test_from_paths_labels_the_files_it_is_told_about(geo_fixture_dbs: GeoFixtureDbs) -> None:
    labels = {geo_fixture_dbs.city: "downloaded: test-city.mmdb"}
    located, errors = Locator.from_paths(
        [geo_fixture_dbs.city, geo_fixture_dbs.asn], labels=labels, **ONLY_DATABASES
    )
    with located:
        assert errors == []
        assert [s.source_label for s in located.sources] == [
            "downloaded: test-city.mmdb",
            "user db: test-asn.mmdb",
        ]
        location = located.locate(OVH_FR.sample_ip).location
        assert location is not None and location.source == "downloaded: test-city.mmdb"


def test_no_databases_at_all() -> None:
    with databases_only([]) as located:
        assert located.sources == ()
        assert located.locate(GOOGLE_US.sample_ip) == LocatedEndpoint(
            Endpoint(GOOGLE_US.sample_ip), AddressScope.PUBLIC
        )


def test_default_database_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATALOCATOR_RESOURCES", str(tmp_path))
    user = [Path("/somewhere/GeoLite2-City.mmdb")]
    assert default_database_paths(user) == user  # no resources/geo directory: no crash
    geo = tmp_path / "geo"
    geo.mkdir()
    for name in ("DataLocator-Country.mmdb", "DataLocator-ASN.mmdb", "README.md"):
        (geo / name).write_bytes(b"")
    assert default_database_paths(user) == [
        *user,
        geo / "DataLocator-ASN.mmdb",
        geo / "DataLocator-Country.mmdb",
    ]
    assert default_database_paths() == [
        geo / "DataLocator-ASN.mmdb",
        geo / "DataLocator-Country.mmdb",
    ]


def test_embedded_databases_are_labelled(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATALOCATOR_RESOURCES", str(tmp_path))
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "DataLocator-Country.mmdb").write_bytes(
        geo_fixture_dbs.country.read_bytes()
    )
    located, errors = Locator.from_paths(
        default_database_paths([geo_fixture_dbs.city]), **ONLY_DATABASES
    )
    with located:
        assert errors == []
        assert [s.source_label for s in located.sources] == [
            "user db: test-city.mmdb",
            "embedded db",
        ]
        location = located.locate(CLOUDFLARE_AU.sample_ip).location
        assert location is not None and location.source == "user db: test-city.mmdb"


# --- cache ----------------------------------------------------------------------------------


def test_repeats_are_new_answers_sharing_the_facts(geo_fixture_dbs: GeoFixtureDbs) -> None:
    """Nothing per address is kept: a repeat is answered again from the per-network cache (so
    here it outlives the closed database), a new answer equal to the first, sharing its facts."""
    databases = open_all(geo_fixture_dbs.city)
    located = databases_only(databases)
    first = located.locate(GOOGLE_US.sample_ip)
    databases[0].close()
    for spelling in (GOOGLE_US.sample_ip, f"::ffff:{GOOGLE_US.sample_ip}"):
        again = located.locate(spelling)
        assert again == first and again is not first
        assert again.location is first.location and again.network is first.network


def test_network_cache_answers_other_addresses_of_a_known_network(
    geo_fixture_dbs: GeoFixtureDbs,
) -> None:
    """Once the database is closed, only networks seen before still get answers."""
    databases = open_all(geo_fixture_dbs.city, geo_fixture_dbs.asn)
    located = databases_only(databases)
    for network in (OVH_FR, GOOGLE_IE):
        assert located.locate(network.sample_ip).location is not None
    for database in databases:
        database.close()
    for network in (OVH_FR, GOOGLE_IE):  # other addresses, same networks: no look-up needed
        other = str(ip_network(network.network)[-2])
        result = located.locate(other)
        assert result.ip == other
        assert result.location is not None and result.location.city == network.city
        assert as_pair(result.network) == (network.asn, network.organisation)
    outside = str(ip_network(OVH_FR.network)[-1] + 1)  # just past the network
    assert located.locate(outside).location is None
    assert located.locate(GOOGLE_US.sample_ip).location is None  # never asked before


def test_cache_size_zero_disables_caching(geo_fixture_dbs: GeoFixtureDbs) -> None:
    databases = open_all(geo_fixture_dbs.city)
    located = databases_only(databases, cache_size=0)
    assert located.locate(GOOGLE_US.sample_ip).location is not None
    databases[0].close()
    assert located.locate(GOOGLE_US.sample_ip).location is None


def test_cached_lookups_are_fast(geo_fixture_dbs: GeoFixtureDbs) -> None:
    paths = (geo_fixture_dbs.city, geo_fixture_dbs.country, geo_fixture_dbs.asn)
    ips = [n.sample_ip for n in FIXTURE_NETWORKS]

    def per_call(located: Locator, count: int) -> float:
        start = time.perf_counter()
        for i in range(count):
            located.locate(ips[i % len(ips)])
        return (time.perf_counter() - start) / count

    with (
        databases_only(open_all(*paths)) as cached,
        databases_only(open_all(*paths), cache_size=0) as uncached,
    ):
        per_call(cached, len(ips))  # fill the cache
        hit = per_call(cached, 20_000)
        miss = per_call(uncached, 2_000)
    # Typically ~1.5 µs against ~100 µs; the bounds leave room for a loaded CI machine.
    assert hit < 50e-6, f"{hit * 1e6:.1f} µs per cached look-up"
    assert hit * 5 < miss, f"cached {hit * 1e6:.1f} µs, uncached {miss * 1e6:.1f} µs"


def test_concurrent_locates_with_cache_churn(geo_fixture_dbs: GeoFixtureDbs) -> None:
    located = databases_only(
        open_all(geo_fixture_dbs.city, geo_fixture_dbs.country, geo_fixture_dbs.asn),
        cache_size=3,  # fewer entries than addresses: constant eviction
    )
    expected = {
        n.sample_ip: (n.country_code, n.city, (n.asn, n.organisation)) for n in FIXTURE_NETWORKS
    }
    expected[UNLISTED_PUBLIC_IP] = (None, None, None)  # type: ignore[assignment]
    failures: list[str] = []
    barrier = threading.Barrier(6)

    def work(offset: int) -> None:
        barrier.wait()
        ips = list(expected)
        for i in range(1500):
            ip = ips[(i + offset) % len(ips)]
            result = located.locate(ip)
            got = (
                result.location.country_code if result.location else None,
                result.location.city if result.location else None,
                as_pair(result.network),
            )
            if got != expected[ip]:
                failures.append(f"{ip}: {got}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    located.close()
    assert failures == []
