"""Fuzzed command lines, run in-process through `app.cli.main`: every one ends with exit status 0
or 2 (argparse's and ours), never an exception or a traceback on stderr.

Bounded and repeatable (derandomized, a fixed number of examples per subcommand). Nothing reaches
the network: DNS is off (--no-dns first, which nothing later can undo), `db update` is always
pointed at a closed loopback port (--server last, so it wins), and every file a command could
write goes into tmp_path. The
keyring subcommands are left out: they read stdin and would touch the real keyring.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, event, given, settings

from app.cli import main

# Values worth trying anywhere: paths with unknown users, escapes, undecodable bytes
# (surrogateescape, as argv arrives from the OS), odd numbers and URLs.
_SPECIAL = [
    "",
    "-",
    "~",
    "~datalocator-no-such-user/x.mmdb",
    "x\x1b[2J\u202e",
    "\udcff\udc9b",
    "0",
    "-1",
    "nan",
    "1e999",
    "9" * 50,
    "0x0",
    "99999x99999",
    "8.8.8.8",
    "::1",
    "224.0.0.251",
    "[::1]:0",
    "127.0.0.1:99999",
    "https://[::1",
    "https://127.0.0.1:99999/",
    "http://127.0.0.1/",
    "example.org",
    ".",
    "/",
    "nowhere.mmdb",
]
_values = st.one_of(
    st.sampled_from(_SPECIAL),
    st.text(max_size=16),
    st.text(st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF), min_size=1, max_size=4),
)
_COMMON = ["--db", "--only-db", "--dns-server", "--no-dns", "--help"]
_OPTIONS = {
    "scan": ["--json", "--csv", "--once", "--interval", *_COMMON],
    "locate": ["--json", "--csv", *_COMMON],
    "db status": ["--json", *_COMMON],
    "db update": ["--source", "dbip", "maxmind", "--dir", "--server"],
    "map": ["--size", "--demo", "--home", "--fit", "--no-legend", *_COMMON],
}


def _argv(subcommand: str) -> st.SearchStrategy[list[str]]:
    """Options and values in any order. Never "--": the safety options below must stay options
    (flags go first, so nothing can undo them; values go last, so they win)."""
    tokens = st.one_of(st.sampled_from(_OPTIONS[subcommand]), _values)
    return st.lists(tokens.filter(lambda token: token != "--"), max_size=8)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    try:
        status = main(argv)
    except SystemExit as exit_:  # argparse: --help (0) and usage errors (2)
        status = exit_.code if isinstance(exit_.code, int) else 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    assert status in (0, 2), (argv, captured.err)
    event(f"exit status {status}")  # --hypothesis-show-statistics: how many got past argparse
    return status


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths land in tmp; no user settings, downloads or system databases."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATALOCATOR_NO_USER_DIRS", "1")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port nobody listens on: a download there is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        yield probe.getsockname()[1]  # bound, never listening: connections are refused


_FUZZ = settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings(_FUZZ, max_examples=60)
@given(args=_argv("locate"), targets=st.lists(_values, max_size=3))
def test_fuzzed_locate(
    args: list[str], targets: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _run(["locate", "--no-dns", *targets, *args], capsys)


@settings(_FUZZ, max_examples=25)
@given(args=_argv("scan"))
def test_fuzzed_scan_once(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    _run(["scan", "--once", "--no-dns", *args], capsys)


@settings(_FUZZ, max_examples=30)
@given(args=_argv("db status"))
def test_fuzzed_db_status(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    _run(["db", "status", *args], capsys)


@settings(_FUZZ, max_examples=20)
@given(args=_argv("db update"))
def test_fuzzed_db_update_stays_on_loopback(
    args: list[str], closed_port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = f"https://127.0.0.1:{closed_port}/"
    argv = ["db", "update", *args, "--source", "dbip", "--dir", str(tmp_path / "geo")]
    if _run([*argv, "--server", server], capsys) == 0:
        pytest.fail("an update from a closed port cannot succeed")


@settings(_FUZZ, max_examples=12)
@given(args=_argv("map"))
def test_fuzzed_map(
    args: list[str], tmp_path: Path, qapp: object, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "map.png"
    _run(["map", "--no-dns", *args, "--size", "64x64", "--out", str(out)], capsys)
