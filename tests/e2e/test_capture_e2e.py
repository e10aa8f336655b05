"""End to end: `datalocator scan --record` with real connections to public-looking hosts (network
namespaces on this machine) and PTR names from the test DNS server, then `scan --replay` of that
file in a fresh home with DNS off, printing the same located rows; unusable captures refused."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from app.core.session.capture import CAPTURE_VERSION
from tests.core.test_cli import _reader
from tests.fixtures.cli import ROOT, run_datalocator, without_stale_note
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_US, OVH_FR, GeoFixtureDbs
from tests.fixtures.netns import PublicHost

OVH_NAME = "ns3141.ip-51-38-0.example"  # confirmed: its A record leads back
GOOGLE_NAME = "claims.google.example"  # only claimed: no A record


def dbs(geo: GeoFixtureDbs) -> list[str]:
    return ["--db", str(geo.city), "--db", str(geo.asn)]


def fresh_env(cli_env: dict[str, str], root: Path) -> dict[str, str]:
    """Another user's empty home and folders: nothing of the recording machine's is there."""
    env = dict(cli_env)
    for key, folder in (
        ("HOME", "home"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        env[key] = str(root / folder)
    return env


def ours(records: list[dict[str, Any]], sock: socket.socket) -> dict[str, Any]:
    remote_ip, remote_port = sock.getpeername()[:2]
    wanted = (os.getpid(), sock.getsockname()[1], remote_ip, remote_port)
    [record] = [
        r
        for r in records
        if (r["pid"], r["local_port"], r["remote_ip"], r["remote_port"]) == wanted
    ]
    return record


@pytest.mark.netns
def test_a_recording_replays_to_the_same_rows_offline_in_a_fresh_home(
    public_host: Callable[[str], PublicHost],
    geo_fixture_dbs: GeoFixtureDbs,
    dns_server: DnsTestServer,
    cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    dns_server.add_ptr(OVH_FR.sample_ip, f"{OVH_NAME}.")
    dns_server.add(OVH_NAME, "A", OVH_FR.sample_ip)
    dns_server.add_ptr(GOOGLE_US.sample_ip, f"{GOOGLE_NAME}.")
    dns = ["--dns-server", f"{dns_server.host}:{dns_server.port}"]
    once = tmp_path / "once.jsonl"
    watched = tmp_path / "watched.jsonl"
    with ExitStack() as stack:
        socks = [
            stack.enter_context(socket.create_connection(public_host(ip).address, timeout=10))
            for ip in (OVH_FR.sample_ip, GOOGLE_US.sample_ip)
        ]
        live_once = run_datalocator(
            "scan", "--record", str(once), "--once", "--json", *dns, *dbs(geo_fixture_dbs),
            env=cli_env,
        )  # fmt: skip
        live_watch = run_datalocator(
            "scan", "--record", str(watched), "--seconds", "1.5", "--interval", "0.3", "--json",
            *dns, *dbs(geo_fixture_dbs),
            env=cli_env,
        )  # fmt: skip
        assert live_once.returncode == 0, live_once.stderr
        assert live_watch.returncode == 0, live_watch.stderr
        records = json.loads(live_once.stdout)
        ovh, google = (ours(records, sock) for sock in socks)
    assert (ovh["hostnames"], ovh["hostnames_confirmed"]) == ([OVH_NAME], True)
    assert (google["hostnames"], google["hostnames_confirmed"]) == ([GOOGLE_NAME], False)
    assert (ovh["country_code"], ovh["asn"]) == (OVH_FR.country_code, OVH_FR.asn)
    asked = len(dns_server.queries)

    # Elsewhere, later: the sockets are closed, the home is empty, DNS is off.
    away = fresh_env(cli_env, tmp_path / "elsewhere")
    replayed = run_datalocator(
        "scan", "--replay", str(once), "--once", "--json", "--no-dns", *dbs(geo_fixture_dbs),
        env=away,
    )  # fmt: skip
    assert replayed.returncode == 0, replayed.stderr
    assert json.loads(replayed.stdout) == records
    assert replayed.stdout == live_once.stdout
    assert replayed.stderr == live_once.stderr  # the same notes (stale databases), no more

    replayed = run_datalocator(
        "scan", "--replay", str(watched), "--json", *dbs(geo_fixture_dbs), env=away
    )
    assert replayed.returncode == 0, replayed.stderr
    lines = [json.loads(line) for line in live_watch.stdout.splitlines()]
    assert {line["event"] for line in lines} >= {"new"}
    assert any(line["hostnames"] == [OVH_NAME] for line in lines)
    assert replayed.stdout == live_watch.stdout
    assert len(dns_server.queries) == asked  # recorded answers are data: nothing was asked


def write(path: Path, *records: Any, tail: bytes = b"") -> Path:
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in records) + tail)
    return path


HEADER = {
    "type": "header",
    "format": "datalocator-capture",
    "version": CAPTURE_VERSION,
    "app_version": "0.1.0",
    "created": "2026-01-01T00:00:00+00:00",
    "databases": [],
}
SNAPSHOT = {
    "type": "snapshot",
    "taken_at": 1.0,
    "observations": [
        {
            "pid": 77,
            "process": "\u202eevil",
            "protocol": "tcp",
            "local_ip": "192.168.1.2",
            "local_port": 40000,
            "remote_ip": OVH_FR.sample_ip,
            "remote_port": 443,
            "status": "ESTABLISHED",
        }
    ],
    "skipped": [],
}


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("future", lambda p: write(p, {**HEADER, "version": 99}, SNAPSHOT), "newer DataLocator"),
        ("truncated", lambda p: write(p, HEADER, tail=b'{"type": "snapshot", "ta'), "cut short"),
        ("corrupt", lambda p: write(p, HEADER, SNAPSHOT, tail=b"\x00\x01garbage\n"), "line 3"),
        ("not-a-capture", lambda p: write(p, {"some": "json"}), "not a DataLocator capture"),
        ("huge", lambda p: _sparse(p, 201 * 2**20), "larger than 200 MB"),
        ("missing", lambda p: p, "no such file or folder"),
    ],
)
def test_unusable_captures_exit_2_with_one_line_naming_the_file(
    tmp_path: Path,
    cli_env: dict[str, str],
    name: str,
    make: Callable[[Path], Path],
    reason: str,
) -> None:
    path = make(tmp_path / f"{name}.jsonl")
    for extra in ((), ("--once",), ("--csv",)):
        result = run_datalocator("scan", "--replay", str(path), *extra, env=cli_env)
        assert result.returncode == 2
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith(f"datalocator scan: error: {path}: ") and reason in line


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as file:
        file.write(json.dumps(HEADER).encode() + b"\n")
        file.truncate(size)
    return path


def test_a_replay_with_other_databases_says_so_once_and_prints_plain_data(
    tmp_path: Path, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs
) -> None:
    path = write(tmp_path / "c.jsonl", HEADER, SNAPSHOT)
    result = run_datalocator(
        "scan", "--replay", str(path), "--once", *dbs(geo_fixture_dbs), env=cli_env
    )
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "recorded without" in line]
    assert notes == [f"datalocator scan: note: {path} was recorded without databases; "
                     "answers may differ"]  # fmt: skip
    assert "\\u202eevil" in result.stdout and "\u202e" not in result.stdout
    assert OVH_FR.city is not None and OVH_FR.city in result.stdout  # today's databases


def test_recording_options_are_checked(tmp_path: Path, cli_env: dict[str, str]) -> None:
    missing = tmp_path / "no" / "such" / "folder.jsonl"
    result = run_datalocator("scan", "--record", str(missing), "--once", "--no-dns", env=cli_env)
    assert result.returncode == 2
    [line] = without_stale_note(result.stderr).splitlines()
    assert line.startswith(f"datalocator scan: error: {missing}: ")
    assert not missing.parent.exists()
    result = run_datalocator("scan", "--seconds", "3", "--once", env=cli_env)
    assert result.returncode == 2 and "--seconds goes with --record" in result.stderr
    result = run_datalocator(
        "scan", "--record", str(tmp_path / "a"), "--replay", str(tmp_path / "b"), env=cli_env
    )
    assert result.returncode == 2 and "not allowed with" in result.stderr


def test_a_one_snapshot_recording_replays_to_the_same_table(
    tmp_path: Path, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs
) -> None:
    """Loopback sockets of this process, no namespaces: the table of the live run comes back."""
    path = tmp_path / "here.jsonl"
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()), listener.accept()[0]:
            live = run_datalocator(
                "scan", "--record", str(path), "--once", "--no-dns", *dbs(geo_fixture_dbs),
                env=cli_env,
            )  # fmt: skip
    assert live.returncode == 0, live.stderr
    assert str(os.getpid()) in live.stdout
    assert not path.with_name("here.jsonl.part").exists()
    replayed = run_datalocator(
        "scan", "--replay", str(path), "--once", *dbs(geo_fixture_dbs), env=cli_env
    )
    assert replayed.returncode == 0, replayed.stderr
    assert replayed.stdout == live.stdout


def test_ctrl_c_ends_a_recording_with_a_complete_file(
    tmp_path: Path, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs
) -> None:
    """Watching while recording, a connection opens and closes, then Ctrl-C: exit 0, the file
    is complete and replays to every line the live run printed."""
    path = tmp_path / "interrupted.jsonl"
    command = ["scan", "--record", str(path), "--json", "--interval", "0.1", "--no-dns"]
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        process = subprocess.Popen(
            [sys.executable, "-m", "app", *command, *dbs(geo_fixture_dbs)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=cli_env,
        )
        try:
            assert process.stdout is not None and process.stderr is not None
            lines = _reader(process.stdout)
            printed: list[dict[str, Any]] = []

            def wait_for(event: str) -> dict[str, Any]:
                while True:
                    line = lines.get(timeout=30)
                    assert line, "scan stopped before printing the expected event"
                    printed.append(json.loads(line))
                    if (printed[-1]["event"], printed[-1]["local_port"]) == (event, port):
                        return printed[-1]

            client = socket.create_connection(listener.getsockname())
            accepted = listener.accept()[0]
            port = client.getsockname()[1]
            seen = [wait_for("new")]
            client.close()
            accepted.close()
            seen.append(wait_for("closed"))
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=30) == 0
            assert "Traceback" not in process.stderr.read()
            while line := lines.get(timeout=30):
                printed.append(json.loads(line))
        finally:
            process.kill()
            process.wait()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
    assert not path.with_name("interrupted.jsonl.part").exists()
    replayed = run_datalocator(
        "scan", "--replay", str(path), "--json", *dbs(geo_fixture_dbs), env=cli_env
    )
    assert replayed.returncode == 0, replayed.stderr
    replayed_lines = [json.loads(line) for line in replayed.stdout.splitlines()]
    assert all(event in replayed_lines for event in seen)
    # Everything printed live is replayed, in order (the replay may add the last poll's lines
    # when Ctrl-C came between recording a snapshot and printing it).
    assert replayed_lines[: len(printed)] == printed
