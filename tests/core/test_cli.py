"""The `scan` and `locate` subcommands run as a user runs them: `python -m app …` in a subprocess,
against real sockets opened here, the fixture .mmdb files and the test DNS server."""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import pytest

from app.core.geo.anycast import EdgeDetector, EdgeKind
from app.core.jurisdiction import Role, default_jurisdictions, format_as_of, verdict
from app.core.providers import ProviderRegistry
from app.core.serialise import CONNECTION_FIELDS, ENDPOINT_FIELDS
from tests.fixtures.cli import run_datalocator
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import (
    BUILD_EPOCH,
    GOOGLE_IE,
    GOOGLE_US,
    OVH_FR,
    UNLISTED_PUBLIC_IP,
    GeoFixtureDbs,
)

ROOT = Path(__file__).resolve().parents[2]
OUR_PID = os.getpid()
OUR_NAME = psutil.Process().name()
SCAN_HEADERS = (
    "PROCESS", "PID", "PROTO", "STATE", "LOCAL", "REMOTE", "HOST", "WHERE", "COMPANY", "LAW"
)  # fmt: skip


def cli(*args: str, prefix: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    return run_datalocator(*args, prefix=prefix)


def dbs(geo: GeoFixtureDbs) -> list[str]:
    return ["--only-db", "--db", str(geo.city), "--db", str(geo.asn)]


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture
def loopback_pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    """An established TCP connection on 127.0.0.1: (client, accepted)."""
    with ExitStack() as stack:
        listener = stack.enter_context(socket.socket())
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        client = stack.enter_context(socket.create_connection(listener.getsockname()))
        accepted = stack.enter_context(listener.accept()[0])
        yield client, accepted


def ours(records: list[dict[str, Any]], sock: socket.socket) -> dict[str, Any]:
    local, remote = sock.getsockname(), sock.getpeername()
    matches = [
        r
        for r in records
        if (r["local_ip"], r["local_port"], r["remote_ip"], r["remote_port"])
        == (local[0], local[1], remote[0], remote[1])
    ]
    assert len(matches) == 1, matches
    return matches[0]


# --- scan ---------------------------------------------------------------------------------


def test_scan_once_json_lists_our_connection(
    geo_fixture_dbs: GeoFixtureDbs, loopback_pair: tuple[socket.socket, socket.socket]
) -> None:
    result = cli("scan", "--once", "--json", "--no-dns", *dbs(geo_fixture_dbs))

    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    for record in records:
        assert list(record) == list(CONNECTION_FIELDS)
    for sock in loopback_pair:
        record = ours(records, sock)
        assert (record["pid"], record["process"]) == (OUR_PID, OUR_NAME)
        assert (record["protocol"], record["status"]) == ("tcp", "ESTABLISHED")
        assert record["scope"] == "this-device"
        assert record["country_code"] is record["asn"] is record["city"] is None
        assert record["provider"] is record["headquarters"] is record["jurisdiction"] is None
        assert (record["hostnames"], record["regimes"], record["notes"]) == ([], [], [])


def test_scan_once_csv_has_the_same_columns(
    geo_fixture_dbs: GeoFixtureDbs, loopback_pair: tuple[socket.socket, socket.socket]
) -> None:
    result = cli("scan", "--once", "--csv", "--no-dns", *dbs(geo_fixture_dbs))

    assert result.returncode == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == list(CONNECTION_FIELDS)
    rows = list(reader)
    client = loopback_pair[0]
    local_port, remote_port = client.getsockname()[1], client.getpeername()[1]
    [row] = [r for r in rows if r["local_port"] == str(local_port)]
    assert row["remote_port"] == str(remote_port)
    assert (row["pid"], row["process"], row["scope"]) == (str(OUR_PID), OUR_NAME, "this-device")
    assert row["country_code"] == row["hostnames"] == ""


def test_scan_once_table(
    geo_fixture_dbs: GeoFixtureDbs, loopback_pair: tuple[socket.socket, socket.socket]
) -> None:
    result = cli("scan", "--once", "--no-dns", *dbs(geo_fixture_dbs))

    assert result.returncode == 0, result.stderr
    header, *lines = result.stdout.splitlines()
    assert header.split() == list(SCAN_HEADERS)
    local = f"127.0.0.1:{loopback_pair[0].getsockname()[1]}"
    remote = f"127.0.0.1:{loopback_pair[0].getpeername()[1]}"
    [line] = [line for line in lines if line.split()[4:5] == [local]]
    assert line.split()[:6] == [OUR_NAME, str(OUR_PID), "tcp", "established", local, remote]
    assert line.endswith("this device")


def _reader(stream: Any) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)
        lines.put("")  # end of output

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], want: Any) -> dict[str, Any]:
    while True:
        line = lines.get(timeout=30)
        assert line, "scan stopped before printing the expected event"
        event: dict[str, Any] = json.loads(line)
        if want(event):
            return event


def test_scan_watch_prints_new_and_closed_until_ctrl_c(geo_fixture_dbs: GeoFixtureDbs) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "scan",
            "--json",
            "--interval",
            "0.1",
            "--no-dns",
            *dbs(geo_fixture_dbs),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        lines = _reader(process.stdout)
        client = socket.create_connection(listener.getsockname())
        accepted = listener.accept()[0]
        port = client.getsockname()[1]

        def is_client(event: str) -> Any:
            return lambda e: e["event"] == event and e["local_port"] == port

        opened = _wait_for(lines, is_client("new"))
        assert (opened["pid"], opened["process"], opened["scope"]) == (
            OUR_PID,
            OUR_NAME,
            "this-device",
        )
        assert list(opened) == ["event", *CONNECTION_FIELDS]
        client.close()
        accepted.close()
        closed = _wait_for(lines, is_client("closed"))
        assert closed["remote_port"] == opened["remote_port"]

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        process.kill()
        process.wait()
        listener.close()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_untrusted_process_name_is_printed_as_plain_data(
    geo_fixture_dbs: GeoFixtureDbs,
) -> None:
    if not Path("/proc/self/comm").exists():
        pytest.skip("needs Linux /proc to rename a process")
    name = "=1+2\x1b[2J\u202e"  # a formula, a terminal escape and a bidi override
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    script = (
        "import socket, sys\n"
        f"open('/proc/self/comm', 'w').write({name!r})\n"
        f"s = socket.create_connection({listener.getsockname()!r})\n"
        "print(s.getsockname()[1], flush=True)\n"
        "sys.stdin.read()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        port = child.stdout.readline().strip()
        accepted = listener.accept()[0]
        assert psutil.Process(child.pid).name() == name  # the kernel kept it as written

        table = cli("scan", "--once", "--no-dns", *dbs(geo_fixture_dbs))
        as_csv = cli("scan", "--once", "--csv", "--no-dns", *dbs(geo_fixture_dbs))
        as_json = cli("scan", "--once", "--json", "--no-dns", *dbs(geo_fixture_dbs))
        accepted.close()
    finally:
        child.kill()
        child.wait()
        listener.close()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()

    for result in (table, as_csv, as_json):
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    [line] = [
        line for line in table.stdout.splitlines() if line.split()[4:5] == [f"127.0.0.1:{port}"]
    ]
    assert line.split()[:2] == ["=1+2\\x1b[2J\\u202e", str(child.pid)]
    [row] = [r for r in csv.DictReader(io.StringIO(as_csv.stdout)) if r["local_port"] == port]
    assert row["process"] == "'=1+2\\x1b[2J\\u202e"
    [record] = [r for r in json.loads(as_json.stdout) if str(r["local_port"]) == port]
    assert record["process"] == "=1+2\\x1b[2J\\u202e"  # the same text as the table's


# --- locate -------------------------------------------------------------------------------


def test_locate_ips_json(geo_fixture_dbs: GeoFixtureDbs) -> None:
    result = cli(
        "locate",
        GOOGLE_US.sample_ip,
        OVH_FR.sample_ip,
        GOOGLE_IE.sample_ip,
        "::1",
        UNLISTED_PUBLIC_IP,
        "--json",
        "--no-dns",
        *dbs(geo_fixture_dbs),
    )

    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert [list(r) for r in records] == [
        ["query", "ip", *ENDPOINT_FIELDS, "home_country", "data_sources"]
    ] * 5
    by_ip = {r["ip"]: r for r in records}
    detector = EdgeDetector()
    registry = ProviderRegistry.load()
    for net in (GOOGLE_US, OVH_FR, GOOGLE_IE):
        record = by_ip[net.sample_ip]
        assert record["scope"] == "public"
        anycast = detector.match(net.sample_ip, net.asn)
        # Anycast (8.8.8.8) answers in many countries: no country is claimed for it.
        assert (record["country_code"], record["country_name"]) == (
            (None, None)
            if anycast is not None and anycast.kind.is_anycast
            else (net.country_code, net.country_name)
        )
        assert (record["asn"], record["organisation"]) == (net.asn, net.organisation)
        assert record["source"] == (
            "edge list"  # no database's place is kept for anycast
            if anycast is not None and anycast.kind.is_anycast
            else f"user db: {geo_fixture_dbs.city.name}"
        )
        edge = detector.match(net.sample_ip, net.asn)
        match = registry.match(net.asn, net.organisation)
        assert match is not None
        provider = registry.get(edge.operator) if edge else match.provider
        assert provider is not None
        assert (record["provider"], record["provider_key"], record["headquarters"]) == (
            provider.name,
            provider.key,
            provider.headquarters,
        )
        if edge is not None:  # an edge; a resolver answers
            assert record["edge"] == str(edge.reason)
            if edge.kind.is_anycast:  # answered in many places: none is claimed
                assert record["location_kind"] == "edge"
                assert record["city"] is record["latitude"] is record["accuracy_km"] is None
            else:  # a unicast cache keeps the database's city
                assert record["location_kind"] == "exact"
                assert (record["city"], record["latitude"]) == (net.city, net.latitude)
            resolver = edge.kind is EdgeKind.PUBLIC_RESOLVER
            placed = None if edge.kind.is_anycast else net.country_code
            expected = verdict(placed, provider, role=Role.ANSWERS if resolver else Role.SERVES)
        else:
            assert (record["location_kind"], record["edge"]) == ("exact", None)
            assert (record["city"], record["latitude"], record["longitude"]) == (
                net.city,
                net.latitude,
                net.longitude,
            )
            assert record["accuracy_km"] == net.accuracy_km
            expected = verdict(net.country_code, provider)
        assert (record["jurisdiction"], record["regimes"], record["verdict"]) == (
            str(expected.category),
            list(expected.regimes),
            expected.text("en"),
        )
    assert by_ip[GOOGLE_US.sample_ip]["location_kind"] == "edge"  # Google Public DNS
    assert by_ip[OVH_FR.sample_ip]["provider_key"] == "ovhcloud"
    assert by_ip[OVH_FR.sample_ip]["regimes"] == ["gdpr"]
    assert by_ip["::1"]["scope"] == "this-device"
    assert by_ip["::1"]["country_code"] is by_ip["::1"]["provider"] is None
    assert by_ip[UNLISTED_PUBLIC_IP]["scope"] == "public"
    assert by_ip[UNLISTED_PUBLIC_IP]["country_code"] is None


def test_locate_text_and_csv(geo_fixture_dbs: GeoFixtureDbs) -> None:
    text = cli("locate", OVH_FR.sample_ip, "::1", "--no-dns", *dbs(geo_fixture_dbs))
    as_csv = cli("locate", OVH_FR.sample_ip, "--csv", "--no-dns", *dbs(geo_fixture_dbs))

    assert text.returncode == as_csv.returncode == 0, text.stderr + as_csv.stderr
    blocks = [block.splitlines() for block in text.stdout.split("\n\n")]
    assert [block[0] for block in blocks] == [OVH_FR.sample_ip, "::1"]
    lines = {
        line.split("  ", 2)[1].strip(): line.split("  ", 2)[2].strip() for line in blocks[0][1:]
    }
    regimes = default_jurisdictions()
    assert lines == {
        "country": f"{OVH_FR.country_name} ({OVH_FR.country_code})",
        "city/region": OVH_FR.city,
        "coordinates": f"{OVH_FR.latitude:.4f}, {OVH_FR.longitude:.4f}",
        "accuracy": f"about {OVH_FR.accuracy_km} km",
        "ASN": f"AS{OVH_FR.asn}",
        "organisation": OVH_FR.organisation,
        "provider": "OVHcloud",
        "headquarters": "France (FR)",
        "law": "EU / GDPR: Stored in France by a French company: GDPR applies.",
        "regimes": regimes.regime("gdpr").name("en"),
        "source": f"user db: {geo_fixture_dbs.city.name}",
        "network from": f"user db: {geo_fixture_dbs.asn.name}",  # each fact says its source
        # The dated legal text behind the law line.
        "legal texts": f"{regimes.regime('gdpr').citation.removesuffix('.')} "
        f"(as of {format_as_of(regimes.regime('gdpr').as_of, 'en')})",
    }
    assert blocks[1][1].split() == ["where", "this", "device:", "never", "located"]
    [row] = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert (row["ip"], row["country_code"], row["asn"], row["provider_key"]) == (
        OVH_FR.sample_ip,
        OVH_FR.country_code,
        str(OVH_FR.asn),
        "ovhcloud",
    )
    assert (row["headquarters"], row["jurisdiction"], row["regimes"]) == ("FR", "EU_GDPR", "gdpr")


def test_stale_databases_are_warned_about_once(geo_fixture_dbs: GeoFixtureDbs) -> None:
    # The fixture databases were built in May 2024: far older than six months.
    for command in (["locate", OVH_FR.sample_ip, GOOGLE_US.sample_ip], ["scan", "--once"]):
        result = cli(*command, "--json", "--no-dns", *dbs(geo_fixture_dbs))
        assert result.returncode == 0, result.stderr
        # Proportionate: one line for the command, however many files are old, naming them,
        # their age and the way out (`db status` has the details).
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"datalocator {command[0]}: warning: location data out of date: ")
        for path in (geo_fixture_dbs.city, geo_fixture_dbs.asn):
            assert f"user db: {path.name} (built " in line
        assert line.count(f"built {datetime.fromtimestamp(BUILD_EPOCH, UTC):%Y-%m-%d}") == 2
        assert line.endswith("`datalocator db update` gets newer ones")
        json.loads(result.stdout)  # stdout stays clean for scripts


def test_databases_from_the_settings_are_used_unless_user_dirs_are_off(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    config = tmp_path / "config" / "DataLocator"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(
        json.dumps({"database_paths": [str(geo_fixture_dbs.city)]}), encoding="utf-8"
    )
    (tmp_path / "resources" / "geo").mkdir(parents=True)
    (tmp_path / "resources" / "geo" / "embedded.mmdb").write_bytes(
        geo_fixture_dbs.country.read_bytes()
    )
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "DATALOCATOR_RESOURCES": str(tmp_path / "resources"),
    }
    env.pop("DATALOCATOR_NO_USER_DIRS", None)
    command = [sys.executable, "-m", "app", "locate", OVH_FR.sample_ip, "--json", "--no-dns"]

    def source(environment: dict[str, str]) -> str:
        result = subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, env=environment, timeout=60
        )
        assert result.returncode == 0, result.stderr
        [record] = json.loads(result.stdout)
        return str(record["source"])

    assert source(env) == f"user db: {geo_fixture_dbs.city.name}"
    assert source({**env, "DATALOCATOR_NO_USER_DIRS": "1"}) == "embedded db"


# --- errors: exit 2 and one line ----------------------------------------------------------


@pytest.mark.parametrize("bad", ["999.1.1.1", "1.2.3", "::gg", "1.2.3.4.5"])
def test_locate_invalid_ip(bad: str) -> None:
    assert_one_line_error(cli("locate", bad, "--no-dns"), repr(bad))


def test_locate_host_name_with_dns_off() -> None:
    assert_one_line_error(cli("locate", "example.test", "--no-dns"), "example.test", "--no-dns")


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--bogus"],
        ["locate", "8.8.8.8", "--bogus"],
        ["scan", "--json", "--csv"],
        ["scan", "--interval", "0"],
        ["scan", "--dns-server", "not-an-ip"],
        ["locate", "8.8.8.8", "--dns-server", "127.0.0.1:99999"],
        ["nonsense"],
        ["locate"],
    ],
)
def test_bad_options(args: list[str]) -> None:
    assert_one_line_error(cli(*args))


def test_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.mmdb"
    assert_one_line_error(cli("scan", "--once", "--no-dns", "--db", str(missing)), str(missing))


@pytest.mark.parametrize("content", [b"", b"just some text\n", b"\x00" * 4096])
def test_database_that_is_not_mmdb(tmp_path: Path, content: bytes) -> None:
    bogus = tmp_path / "bogus.mmdb"
    bogus.write_bytes(content)
    for command in (["scan", "--once"], ["locate", "8.8.8.8"]):
        assert_one_line_error(cli(*command, "--no-dns", "--db", str(bogus)), str(bogus))


def test_unreadable_database(tmp_path: Path, geo_fixture_dbs: GeoFixtureDbs) -> None:
    locked = tmp_path / "locked.mmdb"
    locked.write_bytes(geo_fixture_dbs.city.read_bytes())
    locked.chmod(0)
    prefix: list[str] = []
    if os.access(locked, os.R_OK):  # root: run the command without the power to ignore modes
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root reads any file, and setpriv is missing to drop that power")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    result = cli("locate", "8.8.8.8", "--no-dns", "--db", str(locked), prefix=prefix)
    assert_one_line_error(result, str(locked), "permission denied")


def test_database_directory(tmp_path: Path) -> None:
    assert_one_line_error(
        cli("locate", "8.8.8.8", "--no-dns", "--db", str(tmp_path)), str(tmp_path)
    )


# --- DNS: host names through the chosen server ----------------------------------------------


def dns_option(server: DnsTestServer) -> list[str]:
    return ["--dns-server", f"{server.host}:{server.port}"]


def test_locate_host_name_resolves_a_and_aaaa(
    geo_fixture_dbs: GeoFixtureDbs, dns_server: DnsTestServer
) -> None:
    dns_server.add("www.example.test", "A", GOOGLE_US.sample_ip)
    dns_server.add("www.example.test", "AAAA", GOOGLE_IE.sample_ip)
    dns_server.add_ptr(GOOGLE_US.sample_ip, "dns.google.")

    result = cli(
        "locate", "WWW.example.test.", "--json", *dns_option(dns_server), *dbs(geo_fixture_dbs)
    )

    assert result.returncode == 0, result.stderr
    first, second = json.loads(result.stdout)
    assert (first["query"], first["ip"], first["country_code"]) == (
        "WWW.example.test",
        GOOGLE_US.sample_ip,
        None,  # 8.8.8.8 is an anycast resolver: no country
    )
    assert first["hostnames"] == ["WWW.example.test", "dns.google"]
    assert (second["ip"], second["country_code"], second["asn"]) == (
        GOOGLE_IE.sample_ip,
        GOOGLE_IE.country_code,
        GOOGLE_IE.asn,
    )
    assert second["hostnames"] == ["WWW.example.test"]
    asked = set(dns_server.queries)
    assert {("www.example.test", "A"), ("www.example.test", "AAAA")} <= asked
    assert ("8.8.8.8.in-addr.arpa", "PTR") in asked


def test_locate_unknown_host_name(dns_server: DnsTestServer) -> None:
    result = cli("locate", "nowhere.example.test", *dns_option(dns_server))
    assert_one_line_error(result, "nowhere.example.test", "no such domain")
    assert ("nowhere.example.test", "A") in dns_server.queries


def test_locate_host_name_without_addresses(dns_server: DnsTestServer) -> None:
    dns_server.add("mail-only.example.test", "MX", "10 mx.example.test.")
    result = cli("locate", "mail-only.example.test", *dns_option(dns_server))
    assert_one_line_error(result, "mail-only.example.test", "no address")


def test_dns_names_are_printed_as_plain_data(
    geo_fixture_dbs: GeoFixtureDbs, dns_server: DnsTestServer
) -> None:
    # PTR names chosen by whoever runs the remote network: a formula, a terminal escape.
    dns_server.add_ptr(OVH_FR.sample_ip, "=cmd.example.")
    dns_server.add_ptr(GOOGLE_US.sample_ip, "x\\027[2J.example.")
    ips = [OVH_FR.sample_ip, GOOGLE_US.sample_ip]
    options = [*dns_option(dns_server), *dbs(geo_fixture_dbs)]

    table = cli("locate", *ips, *options)
    as_csv = cli("locate", *ips, "--csv", *options)
    as_json = cli("locate", *ips, "--json", *options)

    for result in (table, as_csv, as_json):
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout
    assert "=cmd.example" in table.stdout and "x\\027[2J.example" in table.stdout
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["hostnames"] for r in rows] == ["'=cmd.example", "x\\027[2J.example"]
    assert [r["hostnames"] for r in json.loads(as_json.stdout)] == [
        ["=cmd.example"],
        ["x\\027[2J.example"],
    ]
