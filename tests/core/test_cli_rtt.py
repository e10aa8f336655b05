"""`locate --check-rtt`'s options and what it does without sending anything: bad input is one
line and exit 2, and an address that is never located is never measured.

The measurements themselves run against delayed network namespaces (tests/e2e/test_rtt_e2e.py).
"""

from __future__ import annotations

import json

import pytest

from tests.fixtures.cli import run_datalocator, without_stale_note


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--port", "8443"], "--port only goes with --check-rtt"),
        (["--check-rtt", "--csv"], "--check-rtt prints text or --json, not --csv"),
        (["--check-rtt", "--port", "0"], "not a TCP port (1 to 65535): '0'"),
        (["--check-rtt", "--port", "http"], "not a TCP port (1 to 65535): 'http'"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args: list[str], error: str) -> None:
    done = run_datalocator("--lang", "en", "locate", "--no-dns", *args, "192.0.2.1")
    assert done.returncode == 2
    [line] = without_stale_note(done.stderr).splitlines()
    assert line.endswith(error)
    assert done.stdout == ""


def test_a_private_address_is_not_measured_and_says_why() -> None:
    args = ("locate", "--no-dns", "--home", "FR", "--check-rtt")
    done = run_datalocator("--lang", "en", *args, "192.168.1.10")
    assert done.returncode == 0, done.stderr
    assert "TCP connections" not in done.stderr  # nothing announced: nothing sent
    assert (
        "Cannot check the database's place: a private or special address is never located."
        in done.stdout
    )
    as_json = run_datalocator("--lang", "en", *args, "--json", "192.168.1.10")
    [record] = json.loads(as_json.stdout)
    assert record["rtt"]["attempts"] == 0 and record["rtt"]["verdict"] == "unknown"


def test_without_the_flag_the_json_has_no_rtt() -> None:
    done = run_datalocator("--lang", "en", "locate", "--no-dns", "--json", "192.168.1.10")
    [record] = json.loads(done.stdout)
    assert "rtt" not in record
