"""The speed-of-light check against hosts given real latency (TUN delay router, no netem).

The addresses are placed by the real embedded databases: 139.130.4.5 and 144.140.0.1 are in
Telstra's ranges (AS1221, 139.130.0.0/16 and 144.140.0.0/16), both placed in Sydney; 12.0.0.1
is in AT&T's 12.0.0.0/8, placed in Bridgeton, Missouri. The home is France. Only the verdicts
are asserted, and that a measured round trip is no shorter than the delay put in its way.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest

from app.core.geo.locator import Locator, default_database_paths
from app.core.i18n import translations
from app.core.model import LocationKind
from app.core.rtt import measure_rtt
from app.core.rtt_bound import Agreement, HomeCountry, check_rtt
from tests.fixtures.cli import run_datalocator
from tests.fixtures.delayed_hosts import DelayedHost, DelayLab

SYDNEY = "139.130.4.5"
SYDNEY_SILENT = "144.140.0.1"
UNITED_STATES = "12.0.0.1"
FRANCE = HomeCountry("FR")

pytestmark = pytest.mark.netns


@pytest.fixture(scope="module")
def locator() -> Iterator[Locator]:
    found, errors = Locator.from_paths(default_database_paths())
    assert not errors
    yield found


def test_the_embedded_databases_place_the_test_addresses_where_the_tests_say(
    locator: Locator,
) -> None:
    for ip, country, city in ((SYDNEY, "AU", "Sydney"), (SYDNEY_SILENT, "AU", "Sydney")):
        location = locator.locate(ip).location
        assert location is not None
        assert (location.country_code, location.city, location.kind) == (
            country,
            city,
            LocationKind.EXACT,
        )
    location = locator.locate(UNITED_STATES).location
    assert location is not None and location.country_code == "US"


def test_a_two_ms_host_placed_in_sydney_is_impossible_from_france(
    delayed_host: Callable[..., DelayedHost], locator: Locator
) -> None:
    host = delayed_host(SYDNEY, rtt_ms=2.0)
    measurement = measure_rtt(host.ip, host.port)
    assert measurement.refused == 0 and len(measurement.samples_ms) == measurement.attempts == 5
    assert measurement.minimum_ms is not None and measurement.minimum_ms >= host.rtt_ms
    check = check_rtt(measurement, locator.locate(host.ip), FRANCE)
    assert check.agreement is Agreement.IMPOSSIBLE, check
    text = check.text(translations("en"))
    assert text.startswith("The database says Sydney (Australia), but the server answers in")
    assert "from anywhere in France" in text


def test_a_refusal_is_a_round_trip_too(
    delayed_host: Callable[..., DelayedHost], locator: Locator
) -> None:
    host = delayed_host(SYDNEY, rtt_ms=2.0)
    closed = 9  # nothing listens there: the namespace's kernel answers with a reset
    measurement = measure_rtt(host.ip, closed, attempts=3)
    assert measurement.refused == len(measurement.samples_ms) == 3
    assert measurement.minimum_ms is not None and measurement.minimum_ms >= host.rtt_ms
    check = check_rtt(measurement, locator.locate(host.ip), FRANCE)
    assert check.agreement is Agreement.IMPOSSIBLE


def test_a_150_ms_host_placed_in_the_united_states_agrees_from_france(
    delayed_host: Callable[..., DelayedHost], locator: Locator
) -> None:
    host = delayed_host(UNITED_STATES, rtt_ms=150.0)
    measurement = measure_rtt(host.ip, host.port, attempts=3)
    assert measurement.minimum_ms is not None and measurement.minimum_ms >= host.rtt_ms
    check = check_rtt(measurement, locator.locate(host.ip), FRANCE)
    assert check.agreement is Agreement.AGREES, check
    assert "is possible" in check.text(translations("en"))


def test_a_silent_host_is_unknown_with_a_plain_reason(
    delayed_host: Callable[..., DelayedHost], locator: Locator
) -> None:
    host = delayed_host(SYDNEY_SILENT, rtt_ms=2.0, answers=False)
    measurement = measure_rtt(host.ip, host.port, attempts=5, timeout_s=0.3)
    assert measurement.samples_ms == () and measurement.attempts == 2  # gave up after two
    check = check_rtt(measurement, locator.locate(host.ip), FRANCE)
    assert check.agreement is Agreement.UNKNOWN
    assert check.text(translations("en")) == (
        "Cannot check the database's place: no answer from the server (no answer within 0.3 s)."
    )
    assert "aucune réponse" in check.text(translations("fr"))


def test_a_wait_is_cancelled_from_another_thread(delayed_host: Callable[..., DelayedHost]) -> None:
    host = delayed_host(SYDNEY_SILENT, rtt_ms=2.0, answers=False)
    stop = threading.Event()
    timer = threading.Timer(0.2, stop.set)
    timer.start()
    try:
        measurement = measure_rtt(host.ip, host.port, timeout_s=30.0, cancelled=stop.is_set)
    finally:
        timer.cancel()
    assert measurement.cancelled and measurement.samples_ms == ()


def test_locate_check_rtt_explains_first_then_says_impossible(
    delayed_host: Callable[..., DelayedHost],
) -> None:
    host = delayed_host(SYDNEY, rtt_ms=2.0)
    args = ("locate", "--no-dns", "--home", "FR", "--check-rtt", "--port", str(host.port))
    done = run_datalocator("--lang", "en", *args, host.ip)
    assert done.returncode == 0, done.stderr
    assert (
        f"up to 5 TCP connections to {host.ip} on port {host.port}, closed at once" in done.stderr
    )
    lines = done.stdout.splitlines()
    [trip] = [line for line in lines if line.strip().startswith("round trip")]
    assert f"(the least of 5 answers, port {host.port})" in trip
    [distance] = [line for line in lines if line.strip().startswith("distance")]
    assert "The database says Sydney (Australia)" in distance

    as_json = run_datalocator("--lang", "fr", *args, "--json", host.ip)
    assert as_json.returncode == 0, as_json.stderr
    [record] = json.loads(as_json.stdout)
    rtt = record["rtt"]
    assert rtt["verdict"] == "impossible" and rtt["home_country"] == "FR"
    assert rtt["port"] == host.port and rtt["answers"] == 5 and rtt["refused"] == 0
    assert rtt["minimum_ms"] >= host.rtt_ms and rtt["minimum_ms"] == min(rtt["samples_ms"])
    assert rtt["gap_km"] > rtt["reach_km"]
    assert rtt["sentence"].startswith("La base dit Sydney (Australie)")


def test_the_delayed_host_is_cleaned_up(delayed_host: Callable[..., DelayedHost]) -> None:
    del delayed_host  # only for its skip conditions
    with ExitStack() as stack:
        host = DelayLab(stack)(SYDNEY, 2.0)
        with socket.create_connection((host.ip, host.port), 5):
            pass
        tun = f"dra{os.getpid()}n0"
        assert tun in subprocess.run(["ip", "-br", "link"], capture_output=True, text=True).stdout
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True)
    assert host.namespace not in listed.stdout
    route = subprocess.run(
        ["ip", "-4", "route", "show", "exact", host.ip], capture_output=True, text=True, check=True
    )
    assert route.stdout.strip() == ""
    links = subprocess.run(["ip", "-br", "link"], capture_output=True, text=True, check=True)
    assert tun not in links.stdout
