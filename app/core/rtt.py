"""How long an endpoint takes to answer: the least of a few TCP handshake round trips.

The evidence behind the speed-of-light check (``app.core.rtt_bound``). A handshake is timed
from ``connect()`` until the kernel says how it ended (``time.perf_counter``): a SYN out and
a SYN-ACK, or a refusal (RST), back. A refusal is a full round trip from whoever sent it, so it
counts: no second port is tried when the first one refuses (the default is 443, the port most
servers people reach have open; ``port`` picks another). The least of the attempts is kept, as
every delay on the way (queues, a retransmitted SYN, the scheduler) only makes a round trip
longer, never shorter.

Blocking: the caller runs it off the GUI thread. ``cancelled`` is asked before each attempt and
every ``CANCEL_CHECK_S`` while one waits. Only on request: it sends packets, and the caller
says so before it runs. Two attempts in a row without an answer end the measurement (a silent
address would otherwise cost ``attempts × timeout``).
"""

from __future__ import annotations

import errno
import os
import selectors
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.core.addresses import parse_ip
from app.core.i18n import N_, Message, message, system_reason

DEFAULT_PORT = 443
DEFAULT_ATTEMPTS = 5
DEFAULT_TIMEOUT_S = 2.0
CANCEL_CHECK_S = 0.05
GIVE_UP_AFTER_SILENT = 2  # attempts in a row without an answer

_IN_PROGRESS = frozenset({0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY})
# Why the system says a handshake could not happen, in our words.
_PROBLEMS = {
    errno.ENETUNREACH: N_("this computer has no route to that network"),
    errno.EHOSTUNREACH: N_("no route to the server"),
    errno.ETIMEDOUT: N_("the connection timed out"),
    errno.EACCES: N_("a firewall on this computer does not let the connection out"),
    errno.EPERM: N_("a firewall on this computer does not let the connection out"),
    errno.EADDRNOTAVAIL: N_("this computer has no address to reach it from"),
}


@dataclass(frozen=True, slots=True)
class RttMeasurement:
    """The handshakes tried with one endpoint and what they took."""

    ip: str
    port: int
    attempts: int  # handshakes tried
    samples_ms: tuple[float, ...] = ()  # one per answered attempt (accepted or refused), ms
    refused: int = 0  # answers that were refusals (RST)
    problem: Message | None = None  # why an attempt had no answer (the last one), if one had
    cancelled: bool = False

    @property
    def minimum_ms(self) -> float | None:
        """The shortest round trip, the one that bounds the distance; None without an answer."""
        return min(self.samples_ms) if self.samples_ms else None


@dataclass(frozen=True, slots=True)
class _Attempt:
    elapsed_ms: float | None = None  # None: no answer
    refused: bool = False
    problem: Message | None = None
    cancelled: bool = False


def _never() -> bool:
    return False


def measure_rtt(
    ip: str,
    port: int = DEFAULT_PORT,
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    cancelled: Callable[[], bool] = _never,
) -> RttMeasurement:
    """Time up to ``attempts`` TCP handshakes with ``ip``:``port``, one after the other.

    Raises ValueError for a text that is not an IP address, or a port outside 1–65535.
    """
    address = parse_ip(ip)
    if not 0 < port < 65536:
        raise ValueError(port)
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    samples: list[float] = []
    refused = 0
    problem: Message | None = None
    silent = tried = 0
    for _ in range(max(1, attempts)):
        if cancelled():
            return RttMeasurement(str(address), port, tried, tuple(samples), refused, problem, True)
        attempt = _handshake(family, (str(address), port), timeout_s, cancelled)
        tried += 1
        if attempt.cancelled:
            return RttMeasurement(str(address), port, tried, tuple(samples), refused, problem, True)
        if attempt.elapsed_ms is None:
            problem = attempt.problem
            silent += 1
            if silent >= GIVE_UP_AFTER_SILENT:
                break
            continue
        silent = 0
        samples.append(attempt.elapsed_ms)
        refused += attempt.refused
    return RttMeasurement(str(address), port, tried, tuple(samples), refused, problem)


def _handshake(
    family: socket.AddressFamily,
    address: tuple[str, int],
    timeout_s: float,
    cancelled: Callable[[], bool],
) -> _Attempt:
    with socket.socket(family, socket.SOCK_STREAM) as sock, selectors.DefaultSelector() as sel:
        sock.setblocking(False)
        start = time.perf_counter()
        code = sock.connect_ex(address)
        if code not in _IN_PROGRESS:  # decided at once (a refusal on this machine, no route)
            return _ended(code, time.perf_counter() - start)
        sel.register(sock, selectors.EVENT_WRITE)
        deadline = start + timeout_s
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                seconds = f"{timeout_s:g}"
                return _Attempt(problem=message("no answer within {seconds} s", seconds=seconds))
            if sel.select(min(remaining, CANCEL_CHECK_S)):
                elapsed = time.perf_counter() - start
                return _ended(sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), elapsed)
            if cancelled():
                return _Attempt(cancelled=True)


def _ended(code: int, elapsed_s: float) -> _Attempt:
    """An attempt the kernel has decided: connected, refused (both a round trip) or failed."""
    if code == 0:
        return _Attempt(elapsed_ms=elapsed_s * 1000.0)
    if code == errno.ECONNREFUSED:
        return _Attempt(elapsed_ms=elapsed_s * 1000.0, refused=True)
    known = _PROBLEMS.get(code)
    if known is not None:
        return _Attempt(problem=Message(known))
    return _Attempt(problem=system_reason(OSError(code, _strerror(code))))


def _strerror(code: int) -> str:
    try:
        return os.strerror(code)
    except ValueError:
        return str(code)
