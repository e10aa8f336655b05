"""End to end: real connections to public-looking hosts (network namespaces on this machine),
found by `datalocator scan` with this process's pid and name, located with the fixture databases.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import psutil
import pytest

from app.core.geo.anycast import EdgeDetector
from app.core.providers import ProviderRegistry
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_IE, GOOGLE_US, OVH_FR, FixtureNetwork, GeoFixtureDbs
from tests.fixtures.netns import PublicHost

ROOT = Path(__file__).resolve().parents[2]


def scan_once(geo: GeoFixtureDbs, *options: str) -> list[dict[str, Any]]:
    """`scan --json --once` with the fixture databases; DNS off unless options say otherwise."""
    command = [sys.executable, "-m", "app", "scan", "--json", "--once"]
    command += [*(options or ["--no-dns"]), "--db", str(geo.city), "--db", str(geo.asn)]
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


Ends = tuple[int, str, int]  # local port, remote ip, remote port


def ends(sock: socket.socket) -> Ends:
    remote_ip, remote_port = sock.getpeername()[:2]
    return sock.getsockname()[1], remote_ip, remote_port


def record_of(records: list[dict[str, Any]], wanted: Ends) -> dict[str, Any]:
    [record] = [
        r
        for r in records
        if r["pid"] == os.getpid() and (r["local_port"], r["remote_ip"], r["remote_port"]) == wanted
    ]
    return record


@pytest.mark.netns
def test_scan_locates_connections_to_public_hosts(
    public_host: Callable[[str], PublicHost], geo_fixture_dbs: GeoFixtureDbs
) -> None:
    networks: tuple[FixtureNetwork, ...] = (GOOGLE_US, OVH_FR, GOOGLE_IE)
    with ExitStack() as stack:
        public: list[tuple[FixtureNetwork, Ends]] = []
        for network in networks:
            host = public_host(network.sample_ip)
            sock = stack.enter_context(socket.create_connection(host.address, timeout=10))
            public.append((network, ends(sock)))
        listener = stack.enter_context(socket.socket())
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        loopback = ends(stack.enter_context(socket.create_connection(listener.getsockname())))
        stack.enter_context(listener.accept()[0])

        records = scan_once(geo_fixture_dbs)

    name = psutil.Process().name()
    detector, registry = EdgeDetector(), ProviderRegistry.load()
    for network, wanted in public:
        record = record_of(records, wanted)
        assert (record["pid"], record["process"]) == (os.getpid(), name)
        assert (record["protocol"], record["status"]) == ("tcp", "ESTABLISHED")
        assert record["scope"] == "public"
        # An anycast resolver (8.8.8.8) is served from many places: no country, no city. A
        # unicast CDN cache keeps what the database says of its place (the fixture's city).
        edge = detector.match(network.sample_ip, network.asn)
        anycast = edge is not None and edge.kind.is_anycast
        country = (None, None) if anycast else (network.country_code, network.country_name)
        assert (record["country_code"], record["country_name"], record["city"]) == (
            *country,
            None if anycast else network.city,
        )
        assert record["location_kind"] == ("edge" if anycast else "exact")
        assert (record["asn"], record["organisation"]) == (network.asn, network.organisation)
        if not anycast:
            assert record["source"] == f"user db: {geo_fixture_dbs.city.name}"
        match = registry.match(network.asn, network.organisation)
        assert match is not None
        assert record["provider_key"] == (edge.operator if edge else match.provider.key)
        assert record["headquarters"] == registry.get(record["provider_key"]).headquarters
        assert record["jurisdiction"] is not None and record["regimes"]
    record = record_of(records, loopback)
    assert (record["pid"], record["process"], record["scope"]) == (os.getpid(), name, "this-device")
    assert record["country_code"] is record["asn"] is None


@pytest.mark.netns
def test_scan_shows_ptr_names_from_the_chosen_dns_server(
    public_host: Callable[[str], PublicHost],
    geo_fixture_dbs: GeoFixtureDbs,
    dns_server: DnsTestServer,
) -> None:
    dns_server.add_ptr(OVH_FR.sample_ip, "ns3141.ip-51-38-0.example.")
    host = public_host(OVH_FR.sample_ip)
    with socket.create_connection(host.address, timeout=10) as sock:
        wanted = ends(sock)
        records = scan_once(geo_fixture_dbs, "--dns-server", f"{dns_server.host}:{dns_server.port}")

    record = record_of(records, wanted)
    assert record["hostnames"] == ["ns3141.ip-51-38-0.example"]
    assert (record["country_code"], record["asn"]) == (OVH_FR.country_code, OVH_FR.asn)
    assert ("1.0.38.51.in-addr.arpa", "PTR") in dns_server.queries
