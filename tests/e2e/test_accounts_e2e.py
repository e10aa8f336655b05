"""`datalocator accounts add-mail` with no --dns-server: the system's resolver is used.

As root: a network namespace whose /etc/netns/NS/resolv.conf names 127.0.0.1, with the DNS
test server listening on port 53 inside it (fixture MX/SRV/AAAA zones). `ip netns exec` mounts
that resolv.conf over /etc/resolv.conf for what runs there, so the command, run in the
namespace, asks our server through the system path — and nothing leaves the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.cli import ROOT, run_datalocator
from tests.fixtures.geo import GOOGLE_IE, OVH_FR, GeoFixtureDbs

SERVER = """
import json, sys
from tests.fixtures.dns import DnsTestServer
server = DnsTestServer("127.0.0.1", 53)
for name, rdtype, value in json.loads(sys.argv[1]):
    server.add(name, rdtype, value)
server.start()
print("ready", flush=True)
sys.stdin.read()  # until the test closes our input
server.stop()
"""
ZONE = [
    ("_imaps._tcp.example.org", "SRV", "0 1 993 imap.example.org."),
    ("imap.example.org", "AAAA", GOOGLE_IE.sample_ip),
    ("example.org", "MX", "10 mx.example.org."),
    ("mx.example.org", "A", OVH_FR.sample_ip),
]


@pytest.fixture
def namespace_with_resolver() -> Iterator[str]:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("needs root and iproute2 (a namespace with its own resolv.conf)")
    name = f"dlacc-{os.getpid()}"
    added = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True)
    if added.returncode != 0:
        pytest.skip(f"cannot create a network namespace: {added.stderr.strip()}")
    config = Path("/etc/netns") / name
    server: subprocess.Popen[str] | None = None
    try:
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
        config.mkdir(parents=True)
        (config / "resolv.conf").write_text("nameserver 127.0.0.1\n", encoding="ascii")
        server = subprocess.Popen(
            ["ip", "netns", "exec", name, sys.executable, "-c", SERVER, json.dumps(ZONE)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        yield name
    finally:
        if server is not None:
            assert server.stdin is not None
            server.stdin.close()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)
            if server.stdout is not None:
                server.stdout.close()
        shutil.rmtree(config, ignore_errors=True)
        subprocess.run(["ip", "netns", "del", name], check=False)


def test_add_mail_uses_the_system_resolver(
    namespace_with_resolver: str, tmp_path: Path, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATALOCATOR_NO_USER_DIRS"}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    dbs = ("--only-db", "--db", str(geo_fixture_dbs.city), "--db", str(geo_fixture_dbs.asn))
    result = run_datalocator(
        "accounts",
        "add-mail",
        "lea@example.org",
        "--json",
        *dbs,
        env=env,
        prefix=("ip", "netns", "exec", namespace_with_resolver),
    )
    assert result.returncode == 0, result.stderr
    (record,) = json.loads(result.stdout)
    stores, arrives = record["servers"]
    assert (stores["host"], stores["addresses"]) == ("imap.example.org", [GOOGLE_IE.sample_ip])
    assert (arrives["host"], arrives["addresses"]) == ("mx.example.org", [OVH_FR.sample_ip])
    assert record["summary"] == "Your mail lea@example.org is stored by Google in Ireland."
