"""The window's PTR look-ups against a DNS server that never answers (issue 7): a few queries,
then the resolver rests and the window says so once, poll after poll. Real sockets to distinct
loopback addresses, the real thread pools and the black-hole DNS server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator
from app.ui.main_window import PTR_THREADS
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.model import remote_ips
from tests.fixtures.windows import WAIT_MS, WindowFactory

ADDRESSES = [f"127.0.0.{n}" for n in range(2, 42)]
MAX_TIMEOUTS = 3  # ReverseResolver's default
PAUSED = "does not answer"


@pytest.fixture
def loopback_peers() -> Iterator[list[tuple[str, int]]]:
    """A held connection to each of ADDRESSES (a listener on each): 40 distinct remote ends."""
    with ExitStack() as stack:
        peers: list[tuple[str, int]] = []
        for address in ADDRESSES:
            listener = stack.enter_context(socket.socket())
            listener.bind((address, 0))
            listener.listen()
            client = stack.enter_context(socket.create_connection(listener.getsockname()))
            stack.enter_context(listener.accept()[0])
            peers.append(client.getpeername())
        yield peers


def test_a_dead_dns_server_is_not_hammered_and_the_window_says_so_once(
    qtbot: Any,
    make_window: WindowFactory,
    fixture_locator: Locator,
    black_hole_dns: DnsTestServer,
    loopback_peers: list[tuple[str, int]],
) -> None:
    # The default rest (30 s) and time-outs in a row (3) outlast this test.
    resolver = ReverseResolver(
        nameservers=[black_hole_dns.host], port=black_hole_dns.port, timeout=0.3
    )
    window = make_window(fixture_locator, resolver=resolver)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    wanted = set(ADDRESSES)
    qtbot.waitUntil(lambda: wanted <= remote_ips(window.model), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(PAUSED in m for m in messages), timeout=WAIT_MS)
    assert resolver.resting
    for _ in range(3):  # later polls: nothing more is asked, nothing more is said
        with qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS):
            pass
    asked = {name for name, rdtype in black_hole_dns.queries if rdtype == "PTR"}
    # The pool's threads in flight, plus at most one per slot freed before the last time-out.
    assert 0 < len(asked) <= PTR_THREADS + MAX_TIMEOUTS - 1, sorted(asked)
    assert sum(PAUSED in m for m in messages) == 1
