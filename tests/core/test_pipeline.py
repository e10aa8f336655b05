"""locate_connections with a real Locator (fixture .mmdb files) and a real ReverseResolver
talking to the test DNS server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator
from app.core.model import AddressScope, Observation, Protocol
from app.core.pipeline import locate_connections
from tests.core.test_locator import ONLY_DATABASES
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_US, OVH_FR, GeoFixtureDbs

LOCAL_NETWORK_IP = "10.20.30.40"


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

    assert [c.observation for c in result] == list(OBSERVATIONS)
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
    assert sorted(asked) == sorted(
        ["8.8.8.8.in-addr.arpa", "1.0.38.51.in-addr.arpa", "40.30.20.10.in-addr.arpa"]
    )
