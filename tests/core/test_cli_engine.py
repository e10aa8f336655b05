"""The session engine as `datalocator scan --once` drives it (one poll, every name request
under one budget, the connections with their answers), with a real Locator (fixture .mmdb
files) and a real ReverseResolver talking to the test DNS server on 127.0.0.1.

(These were the tests of app/core/pipeline.py, the CLI's former copy of the window's loop.)"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator
from app.core.model import AddressScope, LocatedConnection, Observation, Protocol
from app.core.providers import ProviderRegistry
from app.core.session import NameResolver, Session, Snapshot
from tests.core.test_locator import NO_CLOUD, NO_EDGES, ONLY_DATABASES
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import (
    GOOGLE_US,
    OVH_FR,
    GeoFixtureDbs,
    build_mmdb,
    geoip2_asn_record,
    geoip2_country_record,
)

LOCAL_NETWORK_IP = "10.20.30.40"


class OneSnapshot:
    """A source that always sees the same sockets."""

    def __init__(self, observations: Iterable[Observation]) -> None:
        self._snapshot = Snapshot(tuple(observations), taken_at=1.0)

    def snapshot(self) -> Snapshot:
        return self._snapshot


def locate_connections(
    observations: Iterable[Observation], locator: Locator, reverse: NameResolver | None
) -> list[LocatedConnection]:
    """What `scan --once` does: poll, resolve_pending, connections()."""
    session = Session(OneSnapshot(observations), locator, reverse)
    session.poll()
    session.resolve_pending()
    return list(session.connections())


def in_scan_order(observations: Iterable[Observation]) -> list[Observation]:
    """One process here: by remote address ("" for none), then local port."""
    return sorted(observations, key=lambda o: (o.remote_ip or "", o.local_port))


def observation(remote_ip: str | None, remote_port: int | None, local_port: int) -> Observation:
    return Observation(
        pid=4242,
        process="browser",
        protocol=Protocol.TCP,
        local_ip="192.168.1.10",
        local_port=local_port,
        remote_ip=remote_ip,
        remote_port=remote_port,
        status="ESTABLISHED" if remote_ip else "LISTEN",
        seen_at=1.0,
    )


OBSERVATIONS = (
    observation(GOOGLE_US.sample_ip, 443, 50001),
    observation(OVH_FR.sample_ip, 443, 50002),
    observation(None, None, 8080),
    observation(GOOGLE_US.sample_ip, 443, 50003),
    observation("127.0.0.1", 5432, 50004),
    observation(LOCAL_NETWORK_IP, 22, 50005),
    observation(OVH_FR.sample_ip, 80, 50006),
)


@pytest.fixture
def locator(geo_fixture_dbs: GeoFixtureDbs) -> Iterator[Locator]:
    # The databases only: 8.8.8.8 is really anycast, which the whole chain reports as an edge
    # without a city (tests/core/test_locator_chain.py); joining is what is tested here.
    locator, errors = Locator.from_paths(
        [geo_fixture_dbs.city, geo_fixture_dbs.asn], **ONLY_DATABASES
    )
    assert errors == []
    with locator:
        yield locator


def test_each_observation_is_joined_with_its_remote_end(locator: Locator) -> None:
    result = locate_connections(iter(OBSERVATIONS), locator, None)

    assert [c.observation for c in result] == in_scan_order(OBSERVATIONS)
    by_port = {c.observation.local_port: c.located for c in result}
    assert by_port[8080] is None
    for port, network in ((50001, GOOGLE_US), (50002, OVH_FR)):
        located = by_port[port]
        assert located is not None and located.location is not None
        assert located.network is not None
        assert (located.ip, located.scope) == (network.sample_ip, AddressScope.PUBLIC)
        assert (located.location.country_code, located.location.city) == (
            network.country_code,
            network.city,
        )
        assert located.network.asn == network.asn
        assert located.endpoint.hostnames == ()
    loopback, private = by_port[50004], by_port[50005]
    assert loopback is not None and private is not None
    assert (loopback.scope, loopback.location) == (AddressScope.THIS_DEVICE, None)
    assert (private.scope, private.location) == (AddressScope.LOCAL_NETWORK, None)


def test_each_distinct_address_is_located_once(locator: Locator) -> None:
    result = locate_connections(OBSERVATIONS, locator, None)

    by_port = {c.observation.local_port: c.located for c in result}
    # The Locator builds a new LocatedEndpoint per call: one object means one look-up.
    assert by_port[50001] is by_port[50003]
    assert by_port[50002] is by_port[50006]
    assert by_port[50001] is not by_port[50002]


def test_no_observations(locator: Locator) -> None:
    assert locate_connections([], locator, None) == []


def _ptr_queries(dns_server: DnsTestServer) -> list[str]:
    return [name for name, rdtype in dns_server.queries if rdtype == "PTR"]


def test_ptr_names_are_attached_and_asked_once_per_address(
    locator: Locator, dns_server: DnsTestServer
) -> None:
    dns_server.add_ptr(GOOGLE_US.sample_ip, "dns.google.")
    dns_server.add_ptr(LOCAL_NETWORK_IP, "nas.home.arpa.")
    reverse = ReverseResolver(nameservers=[dns_server.host], port=dns_server.port, timeout=2.0)

    result = locate_connections(OBSERVATIONS, locator, reverse)

    hostnames = {
        c.observation.local_port: c.located.endpoint.hostnames for c in result if c.located
    }
    assert hostnames[50001] == hostnames[50003] == ("dns.google",)
    assert hostnames[50005] == ("nas.home.arpa",)
    assert hostnames[50002] == hostnames[50004] == ()
    asked = _ptr_queries(dns_server)
    # Each address once; this device's too since the one rule (wants_name) is the window's.
    assert sorted(asked) == sorted(
        [
            "8.8.8.8.in-addr.arpa",
            "1.0.38.51.in-addr.arpa",
            "40.30.20.10.in-addr.arpa",
            "1.0.0.127.in-addr.arpa",
        ]
    )


# --- a dead DNS server (issue 7) -----------------------------------------------------------

DEAD_DNS_BOUND_S = 15.0  # generous: the budget is a few seconds; before, 200 addresses took ~50 s


def many_public_observations(count: int) -> list[Observation]:
    """Sockets to ``count`` distinct public addresses (51.38.0.0/16: the OVH fixture network)."""
    return [observation(f"51.38.{i // 250}.{i % 250 + 1}", 443, 40000 + i) for i in range(count)]


def test_a_dead_dns_server_costs_seconds_not_minutes(
    locator: Locator, black_hole_dns: DnsTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    """200 distinct public addresses and a server that never answers: one budget, one warning."""
    reverse = ReverseResolver(nameservers=[black_hole_dns.host], port=black_hole_dns.port)
    observations = many_public_observations(200)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        result = locate_connections(observations, locator, reverse)
    elapsed = time.monotonic() - started
    assert elapsed < DEAD_DNS_BOUND_S
    assert [c.observation for c in result] == in_scan_order(observations)
    assert all(c.located is not None and c.located.endpoint.hostnames == () for c in result)
    assert {
        c.located.location.country_code for c in result if c.located and c.located.location
    } == {"FR"}
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "did not answer" in warnings[0]
    # It stopped asking: a few queries (those in flight when it gave up), not 200.
    assert len(_ptr_queries(black_hole_dns)) < 20


# --- PTR names and who runs the address (issue 7) -----------------------------------------

AMAZON_NETWORK = "3.120.0.0/14"  # AS16509 in the databases below; no cloud ranges loaded
FORGED, CONFIRMED, CONTRADICTING, ELSEWHERE = "3.121.0.10", "3.121.0.11", "3.121.0.12", "3.121.0.13"


@pytest.fixture
def provider_locator(tmp_path: Path, geo_fixture_dbs: GeoFixtureDbs) -> Iterator[Locator]:
    """The fixture databases plus an Amazon network, with the real provider registry."""
    amazon = tmp_path / "amazon"
    amazon.mkdir()
    extra = [
        build_mmdb(
            amazon / "country.mmdb",
            {AMAZON_NETWORK: geoip2_country_record("DE")},
            database_type="DataLocator-Test-Country",
        ),
        build_mmdb(
            amazon / "asn.mmdb",
            {AMAZON_NETWORK: geoip2_asn_record(16509, "AMAZON-02")},
            database_type="DataLocator-Test-ASN",
        ),
    ]
    locator, errors = Locator.from_paths(
        [*extra, geo_fixture_dbs.city, geo_fixture_dbs.asn], cloud=NO_CLOUD, edges=NO_EDGES
    )
    assert errors == []
    with locator:
        yield locator


def test_only_a_confirmed_ptr_name_consistent_with_the_asn_names_the_provider(
    provider_locator: Locator, dns_server: DnsTestServer
) -> None:
    registry = ProviderRegistry.load()
    amazon, ovh = registry.get("amazon"), registry.get("ovhcloud")
    assert amazon is not None and ovh is not None
    # A forged PTR: an Amazon address claiming OVH, with no A record behind the name.
    dns_server.add_ptr(FORGED, "vps-1.ovh.net.")
    # A name leading to another address does not confirm either.
    dns_server.add_ptr(ELSEWHERE, "vps-3.ovh.net.")
    dns_server.add("vps-3.ovh.net", "A", OVH_FR.sample_ip)
    # Confirmed, Amazon's own name on Amazon's network.
    aws_name = "ec2-3-121-0-11.eu-central-1.compute.amazonaws.com"
    dns_server.add_ptr(CONFIRMED, aws_name)
    dns_server.add(aws_name, "A", CONFIRMED)
    # Confirmed, but OVH's name on Amazon's network: the ASN's answer stays.
    dns_server.add_ptr(CONTRADICTING, "vps-2.ovh.net.")
    dns_server.add("vps-2.ovh.net", "A", CONTRADICTING)
    # Confirmed, OVH's name on OVH's network.
    dns_server.add_ptr(OVH_FR.sample_ip, "ns3141.ovh.net.")
    dns_server.add("ns3141.ovh.net", "A", OVH_FR.sample_ip)
    reverse = ReverseResolver(nameservers=[dns_server.host], port=dns_server.port)
    ips = (FORGED, ELSEWHERE, CONFIRMED, CONTRADICTING, OVH_FR.sample_ip)
    observations = [observation(ip, 443, 41000 + n) for n, ip in enumerate(ips)]

    result = {
        c.observation.remote_ip: c.located
        for c in locate_connections(observations, provider_locator, reverse)
    }

    forged, elsewhere = result[FORGED], result[ELSEWHERE]
    for located, name in ((forged, "vps-1.ovh.net"), (elsewhere, "vps-3.ovh.net")):
        assert located is not None and located.provider == amazon
        assert located.endpoint.hostnames == (name,) and located.endpoint.claimed == (name,)
        assert located.verdict == provider_locator.locate(located.ip).verdict  # Amazon's, DE
        assert tuple(map(str, located.notes)) == (
            f"host name {name} claims {ovh.name}, unconfirmed",
        )
    confirmed = result[CONFIRMED]
    assert confirmed is not None and confirmed.provider == amazon
    assert confirmed.endpoint.confirmed == (aws_name,)
    contradicting = result[CONTRADICTING]
    assert contradicting is not None and contradicting.provider == amazon
    assert contradicting.endpoint.confirmed == ("vps-2.ovh.net",)
    assert tuple(map(str, contradicting.notes)) == (
        f"host name vps-2.ovh.net is {ovh.name}'s; the network is {amazon.name}'s",
    )
    own = result[OVH_FR.sample_ip]
    assert own is not None and own.provider == ovh and own.endpoint.claimed == ()
    assert ("vps-1.ovh.net", "A") in dns_server.queries  # it was checked, and found wanting
