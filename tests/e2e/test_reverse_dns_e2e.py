"""Issue 7, from the command line: a dead DNS server costs a scan seconds, not minutes, and a
PTR name that does not resolve back is shown as claimed, never as the provider.

Real parts: the `datalocator` command in a subprocess, the DNS test server on 127.0.0.1 (a
black hole, or serving fixture zones), fixture .mmdb files, and real sockets seen by psutil.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from app.cli.common import hosts_text
from app.core.i18n import translations
from app.core.model import AddressScope, Endpoint, LocatedEndpoint
from app.core.serialise import endpoint_record
from tests.fixtures.cli import run_datalocator
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import build_mmdb, geoip2_asn_record, geoip2_country_record

DEAD_DNS_BOUND_S = 15.0  # generous "no hang": before the fix, 200 addresses took ~50 s
ADDRESSES = 200


def dns_option(server: DnsTestServer) -> list[str]:
    return ["--dns-server", f"{server.host}:{server.port}"]


def test_scan_once_with_a_dead_dns_server_ends_within_seconds(
    black_hole_dns: DnsTestServer,
) -> None:
    """200 sockets to distinct public addresses (connected UDP: the kernel sends nothing), and
    a DNS server that never answers: the scan ends within the bound, warning once."""
    ips = [f"5.44.{i // 250}.{i % 250 + 1}" for i in range(ADDRESSES)]
    with ExitStack() as stack:
        for ip in ips:
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
            try:
                sock.connect((ip, 443))
            except OSError as error:  # no default route on this machine
                pytest.skip(f"cannot hold a socket to a public address here: {error}")
        started = time.monotonic()
        result = run_datalocator(
            "scan", "--once", "--json", *dns_option(black_hole_dns), timeout=DEAD_DNS_BOUND_S
        )
        elapsed = time.monotonic() - started

    assert result.returncode == 0, result.stderr
    records: list[dict[str, Any]] = json.loads(result.stdout)
    ours = [
        r
        for r in records
        if r["pid"] == os.getpid() and r["protocol"] == "udp" and r["remote_ip"] in ips
    ]
    assert sorted(r["remote_ip"] for r in ours) == sorted(ips)
    assert all(r["hostnames"] == [] and r["hostnames_confirmed"] is None for r in ours)
    said = [line for line in result.stderr.splitlines() if "did not answer" in line]
    assert len(said) == 1, result.stderr
    assert said[0].startswith("datalocator: warning: the DNS server 127.0.0.1:")
    assert "Errno" not in said[0] and "Timeout" not in said[0]  # plain words
    ptr_queries = [q for q in black_hole_dns.queries if q[1] == "PTR"]
    assert 0 < len(ptr_queries) < 20, len(ptr_queries)  # it stopped asking
    assert elapsed < DEAD_DNS_BOUND_S


AMAZON_NETWORK = "3.120.0.0/14"
FORGED, CONFIRMED = "3.121.0.10", "3.121.0.11"


@pytest.fixture
def amazon_dbs(tmp_path: Path) -> list[str]:
    country = build_mmdb(
        tmp_path / "country.mmdb",
        {AMAZON_NETWORK: geoip2_country_record("US")},
        database_type="DataLocator-Test-Country",
    )
    asn = build_mmdb(
        tmp_path / "asn.mmdb",
        {AMAZON_NETWORK: geoip2_asn_record(16509, "AMAZON-02")},
        database_type="DataLocator-Test-ASN",
    )
    return ["--db", str(country), "--db", str(asn), "--only-db"]


def test_a_forged_ptr_name_is_claimed_not_the_provider(
    dns_server: DnsTestServer, amazon_dbs: list[str]
) -> None:
    """The issue's case: an Amazon address whose PTR claims *.ovh.net stays Amazon / US law."""
    dns_server.add_ptr(FORGED, "vps-1234.ovh.net.")  # no A record: nobody vouches for it
    dns_server.add_ptr(CONFIRMED, "ec2-3-121-0-11.compute.amazonaws.com.")
    dns_server.add("ec2-3-121-0-11.compute.amazonaws.com", "A", CONFIRMED)
    options = [FORGED, CONFIRMED, *dns_option(dns_server), *amazon_dbs]

    as_json = run_datalocator("locate", *options, "--json")
    as_csv = run_datalocator("locate", *options, "--csv")

    assert as_json.returncode == 0, as_json.stderr
    forged, confirmed = json.loads(as_json.stdout)
    assert (forged["provider_key"], forged["headquarters"]) == ("amazon", "US")
    assert forged["hostnames"] == ["vps-1234.ovh.net"]
    assert forged["hostnames_confirmed"] is False
    assert "OVH" not in forged["verdict"] and "GDPR" not in forged["regimes"]
    assert any("claims OVHcloud, unconfirmed" in note for note in forged["notes"])
    assert confirmed["hostnames_confirmed"] is True
    assert confirmed["provider_key"] == "amazon"
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["hostnames"], r["hostnames_confirmed"], r["provider_key"]) for r in rows] == [
        ("vps-1234.ovh.net", "False", "amazon"),
        ("ec2-3-121-0-11.compute.amazonaws.com", "True", "amazon"),
    ]


def test_the_scan_table_marks_a_claimed_name() -> None:
    ip = "3.121.0.10"
    mixed = LocatedEndpoint(
        Endpoint(ip, ("vps.ovh.net", "ec2.amazonaws.com"), ("ec2.amazonaws.com",)),
        AddressScope.PUBLIC,
    )
    claimed = LocatedEndpoint(Endpoint(ip, ("vps.ovh.net",)), AddressScope.PUBLIC)
    unnamed = LocatedEndpoint(Endpoint(ip), AddressScope.PUBLIC)
    english = translations("en")
    assert hosts_text(mixed, english) == "ec2.amazonaws.com"  # the confirmed name first
    assert hosts_text(claimed, english) == "vps.ovh.net (claimed)"
    assert hosts_text(unnamed, english) == hosts_text(None, english) == ""
    assert [endpoint_record(e)["hostnames_confirmed"] for e in (mixed, claimed, unnamed)] == [
        False,
        False,
        None,
    ]
    confirmed = mixed.with_hostnames(("ec2.amazonaws.com",))
    assert endpoint_record(confirmed)["hostnames_confirmed"] is True
