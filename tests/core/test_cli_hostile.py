"""Hostile input and environments for the command line (issue 7): each ends in a clear line and
a documented exit status, never a traceback, and untrusted text reaches no terminal, CSV or JSON
unescaped. Everything runs `python -m app` in a subprocess, as a user would."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path

import psutil
import pytest

from app.core.text import visible
from tests.fixtures.cli import without_stale_note
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GeoFixtureDbs

ROOT = Path(__file__).resolve().parents[2]
# prctl(PR_SET_NAME) takes raw bytes: not UTF-8 (0xff), an 8-bit CSI (0x9b), a right-to-left
# override (UTF-8 e2 80 ae) that would show "live" for "evil".
HOSTILE_NAME = b"\xff\x9b\xe2\x80\xaeevil"
SHOWN_NAME = "\\xff\\x9b\\u202eevil"
PR_SET_NAME = 15
INTERRUPTED = 130
BROKEN_PIPE = 1

# A process that renames itself with prctl and holds a TCP connection to argv[1]:argv[2].
RENAMED_CHILD = f"""
import ctypes, socket, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl({PR_SET_NAME}, ctypes.c_char_p({HOSTILE_NAME!r}), 0, 0, 0) != 0:
    raise OSError(ctypes.get_errno(), "prctl(PR_SET_NAME)")
held = socket.create_connection((sys.argv[1], int(sys.argv[2])))
print(held.getsockname()[1], flush=True)
sys.stdin.read()
"""


def _locales() -> list[dict[str, str]]:
    """C.UTF-8 (surrogateescape on stdout: raw bytes would pass) and a strict UTF-8 stdout, as
    under en_US.UTF-8 (lone surrogates would raise); the real en_US.UTF-8 when installed."""
    variants = [
        {"LC_ALL": "C.UTF-8"},
        {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"},
    ]
    if shutil.which("locale") is None:
        return variants
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False)
    if any(line.lower() in {"en_us.utf8", "en_us.utf-8"} for line in listed.stdout.split()):
        variants.append({"LC_ALL": "en_US.UTF-8"})
    return variants


LOCALES = _locales()


def run_cli(
    *args: str, env: Mapping[str, str] | None = None, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    merged = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"} | dict(env or {})
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=merged,
        timeout=60,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[bytes], *needles: str) -> None:
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert result.stdout in (b"", None)
    assert len(stderr.splitlines()) == 1, stderr
    for needle in needles:
        assert needle in stderr


def dbs(geo: GeoFixtureDbs) -> list[str]:
    return ["--only-db", "--db", str(geo.city), "--db", str(geo.asn)]


@pytest.fixture
def renamed_child() -> Iterator[tuple[int, int]]:
    """(pid, local port) of a child named HOSTILE_NAME holding a loopback TCP connection."""
    if not sys.platform.startswith("linux"):
        pytest.skip("prctl(PR_SET_NAME) is Linux")
    with ExitStack() as stack:
        listener = stack.enter_context(socket.socket())
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        host, port = listener.getsockname()
        child = subprocess.Popen(
            [sys.executable, "-c", RENAMED_CHILD, host, str(port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        stack.callback(child.wait)
        stack.callback(child.kill)
        assert child.stdout is not None and child.stdin is not None
        stack.callback(child.stdout.close)
        stack.callback(child.stdin.close)
        local_port = int(child.stdout.readline())
        stack.enter_context(listener.accept()[0])
        # The kernel kept the bytes; psutil hands them over with surrogateescape.
        assert os.fsencode(psutil.Process(child.pid).name()) == HOSTILE_NAME
        yield child.pid, local_port


def _assert_inert(stdout: bytes) -> str:
    """stdout is UTF-8 and holds no 8-bit CSI and no bidi override."""
    assert b"\x9b" not in stdout
    text = stdout.decode("utf-8")  # strict: raises on anything that is not UTF-8
    assert "\u202e" not in text
    return text


# --- untrusted process names --------------------------------------------------------------


@pytest.mark.parametrize("locale_env", LOCALES, ids=lambda e: ",".join(e.values()))
def test_non_utf8_process_name_is_escaped_in_table_csv_and_json(
    renamed_child: tuple[int, int], geo_fixture_dbs: GeoFixtureDbs, locale_env: dict[str, str]
) -> None:
    pid, port = renamed_child
    options = ["scan", "--once", "--no-dns", *dbs(geo_fixture_dbs)]
    table = run_cli(*options, env=locale_env)
    as_csv = run_cli(*options, "--csv", env=locale_env)
    as_json = run_cli(*options, "--json", env=locale_env)
    for result in (table, as_csv, as_json):
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in result.stderr

    [line] = [
        line
        for line in _assert_inert(table.stdout).splitlines()
        if line.split()[4:5] == [f"127.0.0.1:{port}"]  # LOCAL: the child's end
    ]
    assert line.split()[:2] == [SHOWN_NAME, str(pid)]
    rows = csv.DictReader(io.StringIO(_assert_inert(as_csv.stdout)))
    [row] = [r for r in rows if r["local_port"] == str(port)]
    assert row["process"] == SHOWN_NAME
    records = json.loads(_assert_inert(as_json.stdout))
    [record] = [r for r in records if r["local_port"] == port]
    assert record["process"] == SHOWN_NAME  # the same text as the table's, not raw bytes


@pytest.mark.parametrize("output", [[], ["--csv"], ["--json"]], ids=["text", "csv", "json"])
def test_non_utf8_process_name_is_escaped_while_watching(
    renamed_child: tuple[int, int], geo_fixture_dbs: GeoFixtureDbs, output: list[str]
) -> None:
    pid, _port = renamed_child
    command = ["scan", "--interval", "0.1", "--no-dns", *dbs(geo_fixture_dbs), *output]
    with subprocess.Popen(
        [sys.executable, "-m", "app", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"},
    ) as watcher:
        try:
            assert watcher.stdout is not None
            seen = b""
            # JSON doubles the backslashes of the shown name.
            wanted = (json.dumps(SHOWN_NAME)[1:-1] if output == ["--json"] else SHOWN_NAME).encode()
            # This child's row: another test on the machine may run a child of the same name.
            mine = str(pid).encode()
            while not any(wanted in line and mine in line for line in seen.splitlines()):
                line = watcher.stdout.readline()  # the finally's kill ends it if nothing comes
                assert line, "scan stopped before showing the renamed process"
                seen += line
            watcher.send_signal(signal.SIGINT)
            rest, errors = watcher.communicate(timeout=30)
        finally:
            watcher.kill()
    assert watcher.returncode == 0, errors
    assert b"Traceback" not in errors
    assert str(pid).encode() in seen
    _assert_inert(seen + rest)


# --- non-UTF-8 file names -----------------------------------------------------------------


@pytest.fixture
def undecodable_dir(tmp_path: Path) -> Path:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/d\xff\x9b"))
    folder.mkdir()
    return folder


@pytest.mark.parametrize("locale_env", LOCALES, ids=lambda e: ",".join(e.values()))
def test_db_status_with_a_non_utf8_file_name(
    undecodable_dir: Path, geo_fixture_dbs: GeoFixtureDbs, locale_env: dict[str, str]
) -> None:
    database = undecodable_dir / os.fsdecode(b"city\xfe.mmdb")
    shutil.copyfile(geo_fixture_dbs.city, database)
    for output in ([], ["--json"]):
        result = run_cli(
            "db", "status", "--only-db", "--db", str(database), *output, env=locale_env
        )
        assert result.returncode == 0, result.stderr
        text = _assert_inert(result.stdout)
        assert visible(str(database)) in text.replace("\\\\", "\\")


def test_map_out_with_a_non_utf8_file_name(undecodable_dir: Path) -> None:
    out = undecodable_dir / os.fsdecode(b"map\xfe.png")
    env = {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"}
    result = run_cli("map", "--demo", "--size", "64x64", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert visible(str(out)) in _assert_inert(result.stdout)
    assert out.read_bytes().startswith(b"\x89PNG")


# --- paths with an unknown user --------------------------------------------------------------


NOBODY = "~datalocator-no-such-user"


def test_unknown_user_in_db_path() -> None:
    result = run_cli("locate", "8.8.8.8", "--no-dns", "--db", f"{NOBODY}/x.mmdb")
    assert_one_line_error(result, NOBODY, "--db")


def test_unknown_user_in_map_out() -> None:
    result = run_cli("map", "--demo", "--out", f"{NOBODY}/map.png")
    assert_one_line_error(result, NOBODY, "--out")


def test_unknown_user_in_update_dir() -> None:
    result = run_cli("db", "update", "--dir", f"{NOBODY}/geo", "--server", "https://127.0.0.1:9/")
    assert_one_line_error(result, NOBODY, "--dir")


def test_unknown_user_in_settings_database_path(tmp_path: Path) -> None:
    config = tmp_path / "config" / "DataLocator"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(json.dumps({"database_paths": [f"{NOBODY}/x.mmdb"]}))
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "DATALOCATOR_NO_USER_DIRS": ""}
    for command in (["locate", "8.8.8.8", "--no-dns"], ["db", "status"]):
        assert_one_line_error(run_cli(*command, env=env), NOBODY)


# --- malformed options -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1",
        "https://127.0.0.1:99999/",
        "https://127.0.0.1:0/",
        "https://127.0.0.1:port/",
        "127.0.0.1/geo",
        "http://127.0.0.1/",
        "ftp://127.0.0.1/",
        "https://",
        "https:///path",
    ],
)
def test_malformed_update_server(url: str, tmp_path: Path) -> None:
    result = run_cli("db", "update", "--source", "dbip", "--dir", str(tmp_path), "--server", url)
    assert_one_line_error(result, "--server")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "server",
    [
        "224.0.0.251",
        "[ff02::fb]:5353",
        "255.255.255.255",
        "0.0.0.0",
        "[::]:53",
        "::ffff:224.0.0.1",
        "240.0.0.1",
        "127.0.0.1:0",
        "127.0.0.1:65536",
        "127.0.0.1:٥٣",
    ],
)
def test_dns_server_must_be_one_unicast_address(server: str) -> None:
    for command in (["locate", "8.8.8.8"], ["scan", "--once"]):
        assert_one_line_error(run_cli(*command, "--dns-server", server), "--dns-server")


def test_argument_with_escapes_is_reported_escaped() -> None:
    bad = "1.2.3.4\x1b]0;owned\x07\u202e"
    result = run_cli("locate", bad, "--no-dns")
    assert_one_line_error(result, visible(repr(bad)))
    assert b"\x1b" not in result.stderr and "\u202e".encode() not in result.stderr


# --- broken pipes and Ctrl-C ---------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["locate", "8.8.8.8", "1.1.1.1", "--no-dns"],
        ["locate", "8.8.8.8", "--json", "--no-dns"],
        ["db", "status"],
        ["db", "status", "--json"],
        ["scan", "--once", "--no-dns"],
        ["scan", "--once", "--csv", "--no-dns"],
        ["scan", "--no-dns", "--interval", "0.1"],
    ],
    ids=" ".join,
)
def test_reader_gone_stops_quietly(command: list[str]) -> None:
    """`… | head -c1`, made certain: the pipe's read end is closed before anything is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run_cli(*command, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == BROKEN_PIPE, result.stderr
    assert without_stale_note(result.stderr.decode()) == ""


def _interrupt_when_asked(command: list[str], dns_server: DnsTestServer) -> tuple[int, bytes]:
    """Run `command` against a DNS server that never answers; Ctrl-C once it has asked."""
    dns_server.drop = True
    with subprocess.Popen(
        [sys.executable, "-m", "app", *command, "--dns-server", f"127.0.0.1:{dns_server.port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    ) as process:
        try:
            assert dns_server.wait_for_queries(1, timeout=60), "the command never asked the DNS"
            process.send_signal(signal.SIGINT)
            _out, errors = process.communicate(timeout=30)
        finally:
            process.kill()
    return process.returncode, errors


@pytest.fixture
def public_udp_peer() -> Iterator[None]:
    """A connected UDP socket to a public address: psutil lists it, and a scan asks its PTR.
    Connecting a UDP socket sends nothing."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        try:
            peer.connect(("8.8.8.8", 53))
        except OSError as error:
            pytest.skip(f"no route to a public address here ({error})")
        yield


@pytest.mark.parametrize(
    "command",
    [
        ["locate", "example.org"],
        ["scan", "--once"],
        ["map", "--size", "64x64", "--out", "{tmp}/map.png"],
    ],
    ids=lambda c: c[0],
)
def test_ctrl_c_exits_130_without_traceback(
    command: list[str], dns_server: DnsTestServer, public_udp_peer: None, tmp_path: Path
) -> None:
    command = [part.replace("{tmp}", str(tmp_path)) for part in command]
    status, errors = _interrupt_when_asked(command, dns_server)
    assert status == INTERRUPTED, errors
    assert b"Traceback" not in errors


# --- a settings file that cannot be used --------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b'{"reverse_dns": \xff}', b"[" * 100_000, b"{" * 100_000, b"[1, 2]", b"\xef\xbb\xbf\x00"],
    ids=["not-utf8", "deep-lists", "deep-objects", "not-an-object", "bom-nul"],
)
@pytest.mark.parametrize(
    "command",
    [
        ["locate", "8.8.8.8", "--no-dns"],
        ["db", "status"],
        ["scan", "--once", "--no-dns"],
        ["map", "--no-dns", "--size", "64x64", "--out", "{tmp}/map.png"],
    ],
    ids=lambda c: c[0],
)
def test_unusable_settings_file_is_moved_aside_and_said_once(
    tmp_path: Path, content: bytes, command: list[str]
) -> None:
    config = tmp_path / "config" / "DataLocator"
    config.mkdir(parents=True)
    (config / "settings.json").write_bytes(content)
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "DATALOCATOR_NO_USER_DIRS": "",
    }
    command = [part.replace("{tmp}", str(tmp_path)) for part in command]
    result = run_cli(*command, env=env)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 0, stderr
    [line] = [line for line in stderr.splitlines() if "settings" in line]
    assert line.startswith("datalocator: warning: the settings file") and "moved" in line
    assert "Traceback" not in stderr
    [aside] = config.iterdir()  # renamed, never deleted
    assert aside.name.startswith("settings.json.broken-")
    assert aside.read_bytes() == content
