"""Bytes per connection: the kernel's counters for real loopback sockets, and the byte meter
that turns them into what each program sent to each address between polls."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator

import pytest

from app.core.history.recorder import ByteMeter, OpenSocket
from app.core.history.store import Place, Seen, Use
from app.core.socket_bytes import tcp_counters

OVH = Place("51.38.112.20", "FR", "Roubaix", "OVHcloud", "EU_GDPR")
GOOGLE = Place("142.250.102.108", "US", "", "Google", "US_REACH")


@pytest.fixture(params=[("127.0.0.1", socket.AF_INET), ("::1", socket.AF_INET6)])
def pair(request: pytest.FixtureRequest) -> Iterator[tuple[socket.socket, socket.socket]]:
    host, family = request.param
    with socket.socket(family) as server:
        server.bind((host, 0))
        server.listen()
        with socket.create_connection(server.getsockname()[:2]) as client:
            accepted, _ = server.accept()
            with accepted:
                yield client, accepted


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's tcp_info only")
def test_the_kernel_counts_each_connections_bytes(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    client, accepted = pair
    client.sendall(b"x" * 50_000)
    got = 0
    while got < 50_000:
        got += len(accepted.recv(65_536))
    accepted.sendall(b"y" * 777)
    assert client.recv(1024)
    local, remote = client.getsockname(), client.getpeername()
    counters = tcp_counters()
    sent, received = counters[(local[0], local[1], remote[0], remote[1])]
    assert 50_000 <= sent <= 50_001  # the opening SYN counts as one byte
    assert received == 777
    # The other end sees the same connection the other way round.
    assert counters[(remote[0], remote[1], local[0], local[1])][1] == 50_000


def _socket(program: str, place: Place, port: int) -> OpenSocket:
    return OpenSocket(program, place.ip, "tcp", 443, ("10.0.0.2", port, place.ip, 443))


def test_the_meter_counts_what_moved_between_polls_per_program_and_address() -> None:
    readings = iter(
        [
            {("10.0.0.2", 1, OVH.ip, 443): (100, 10), ("10.0.0.2", 2, OVH.ip, 443): (5, 5)},
            {("10.0.0.2", 1, OVH.ip, 443): (150, 30), ("10.0.0.2", 3, GOOGLE.ip, 443): (7, 0)},
        ]
    )
    meter = ByteMeter(read=lambda: next(readings))
    firefox_ovh = [_socket("firefox", OVH, 1), _socket("firefox", OVH, 2)]
    uses = (Use("firefox", OVH), Use("thunderbird", GOOGLE))
    first = meter.measure(Seen(1.0, uses), firefox_ovh)
    # Two sockets to one address: summed; a connection first met counts all it carried.
    assert [(u.sent, u.received) for u in first.uses] == [(105, 15), (None, None)]
    second = meter.measure(Seen(2.0, uses), [firefox_ovh[0], _socket("thunderbird", GOOGLE, 3)])
    assert [(u.sent, u.received) for u in second.uses] == [(50, 20), (7, 0)]


def test_where_the_system_does_not_count_nothing_is_claimed() -> None:
    meter = ByteMeter(read=dict)
    seen = Seen(1.0, (Use("firefox", OVH),))
    assert meter.measure(seen, [_socket("firefox", OVH, 1)]) == seen
