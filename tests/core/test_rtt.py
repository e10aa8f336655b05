"""Timing TCP handshakes (app.core.rtt) on this machine's loopback: answers, refusals, cancel.

Latency of real distance is tested against delayed namespaces (tests/e2e/test_rtt_e2e.py).
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator

import pytest

from app.core.i18n import translations
from app.core.rtt import _ended, measure_rtt

EN = translations("en")


@pytest.fixture
def listening() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port bound but not listening: the kernel answers a SYN with a reset, and no other
    program can take the port while the test runs."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield bound.getsockname()[1]


def test_each_accepted_handshake_is_a_sample_and_the_least_is_kept(listening: int) -> None:
    measurement = measure_rtt("127.0.0.1", listening, attempts=4)
    assert measurement.attempts == 4 and len(measurement.samples_ms) == 4
    assert measurement.refused == 0 and measurement.problem is None
    assert measurement.minimum_ms == min(measurement.samples_ms) > 0


def test_a_refusal_counts_as_a_round_trip(closed_port: int) -> None:
    measurement = measure_rtt("127.0.0.1", closed_port, attempts=3)
    assert measurement.refused == 3 and len(measurement.samples_ms) == 3
    assert measurement.minimum_ms is not None


def test_ipv6_is_measured_too() -> None:
    try:
        server = socket.socket(socket.AF_INET6)
        server.bind(("::1", 0))
    except OSError as error:
        pytest.skip(f"no IPv6 loopback here: {error}")
    with server:
        server.listen(4)
        measurement = measure_rtt("::1", server.getsockname()[1], attempts=2)
    assert measurement.ip == "::1" and len(measurement.samples_ms) == 2


def test_a_cancel_before_the_first_attempt_sends_nothing(listening: int) -> None:
    measurement = measure_rtt("127.0.0.1", listening, cancelled=lambda: True)
    assert measurement.cancelled and measurement.attempts == 0 and measurement.samples_ms == ()


def test_a_cancel_between_attempts_keeps_what_was_measured(listening: int) -> None:
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2  # before the third attempt

    measurement = measure_rtt("127.0.0.1", listening, attempts=5, cancelled=cancelled)
    assert measurement.cancelled and measurement.attempts == 2
    assert len(measurement.samples_ms) == 2


@pytest.mark.parametrize(("ip", "port"), [("not an address", 443), ("127.0.0.1", 0)])
def test_bad_input_is_refused_before_anything_is_sent(ip: str, port: int) -> None:
    with pytest.raises(ValueError):
        measure_rtt(ip, port)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EHOSTUNREACH, "no route to the server"),
        (errno.ENETUNREACH, "this computer has no route to that network"),
        (errno.EACCES, "a firewall on this computer does not let the connection out"),
    ],
)
def test_a_failed_handshake_says_why_in_plain_words(code: int, reason: str) -> None:
    attempt = _ended(code, 0.001)
    assert attempt.elapsed_ms is None and attempt.problem is not None
    assert attempt.problem.text(EN) == reason
