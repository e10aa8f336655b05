"""The live source (PsutilSource), diffed as the session engine diffs it, against the real
socket table: sockets opened here must show up as ours."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import psutil
import pytest

from app.core.connections import PsutilSource
from app.core.model import Observation, Protocol
from app.core.session.diff import ConnectionDiff, by_key, diff_observations

OUR_PID = os.getpid()
OUR_NAME = psutil.Process().name()


class Differ:
    """The live source with the engine's diff between successive snapshots."""

    def __init__(self, **options: Any) -> None:
        self.source = PsutilSource(**options)
        self.previous: dict[tuple[object, ...], Observation] = {}

    def poll(self) -> ConnectionDiff:
        snapshot = self.source.snapshot()
        current = by_key(snapshot.observations)
        diff = diff_observations(self.previous, current, snapshot.skipped)
        self.previous = current
        return diff


def _ipv6_loopback_works() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


needs_ipv6 = pytest.mark.skipif(not _ipv6_loopback_works(), reason="no IPv6 loopback here")
LOOPBACKS = ["127.0.0.1", pytest.param("::1", marks=needs_ipv6)]


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


@pytest.fixture
def sockets() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


def tcp_pair(stack: ExitStack, host: str) -> tuple[socket.socket, socket.socket, socket.socket]:
    """A listener, a client connected to it and the accepted server side."""
    listener = stack.enter_context(socket.socket(_family(host), socket.SOCK_STREAM))
    listener.bind((host, 0))
    listener.listen()
    client = stack.enter_context(socket.create_connection(listener.getsockname()[:2]))
    accepted, _ = listener.accept()
    stack.enter_context(accepted)
    return listener, client, accepted


def udp_pair(stack: ExitStack, host: str) -> tuple[socket.socket, socket.socket]:
    """Two UDP sockets, each connected to the other (connect() gives a UDP socket a remote)."""
    first = stack.enter_context(socket.socket(_family(host), socket.SOCK_DGRAM))
    second = stack.enter_context(socket.socket(_family(host), socket.SOCK_DGRAM))
    first.bind((host, 0))
    second.bind((host, 0))
    first.connect(second.getsockname()[:2])
    second.connect(first.getsockname()[:2])
    return first, second


def endpoints(sock: socket.socket) -> tuple[str, int, str, int]:
    local, remote = sock.getsockname(), sock.getpeername()
    return local[0], local[1], remote[0], remote[1]


def find(observations: tuple[Observation, ...], sock: socket.socket) -> Observation:
    local_ip, local_port, remote_ip, remote_port = endpoints(sock)
    matches = [
        obs
        for obs in observations
        if (obs.local_ip, obs.local_port, obs.remote_ip, obs.remote_port)
        == (local_ip, local_port, remote_ip, remote_port)
    ]
    assert len(matches) == 1, f"{sock} seen {len(matches)} times in {len(observations)} sockets"
    return matches[0]


def ours(observations: tuple[Observation, ...]) -> set[tuple[object, ...]]:
    return {obs.key for obs in observations if obs.pid == OUR_PID}


@pytest.mark.parametrize("host", LOOPBACKS)
def test_tcp_connection_both_ends_are_ours(sockets: ExitStack, host: str) -> None:
    watcher = Differ()
    listener, client, accepted = tcp_pair(sockets, host)

    diff = watcher.poll()

    for sock in (client, accepted):
        obs = find(diff.new, sock)
        assert obs.pid == OUR_PID
        assert obs.process == OUR_NAME
        assert obs.protocol is Protocol.TCP
        assert obs.status == psutil.CONN_ESTABLISHED
    # The listener has no remote end: not a connection unless asked for.
    port = listener.getsockname()[1]
    assert not [o for o in diff.current if o.local_port == port and o.remote_ip is None]


@pytest.mark.parametrize("host", LOOPBACKS)
def test_udp_connected_sockets_are_seen(sockets: ExitStack, host: str) -> None:
    watcher = Differ()
    first, second = udp_pair(sockets, host)
    lonely = sockets.enter_context(socket.socket(_family(host), socket.SOCK_DGRAM))
    lonely.bind((host, 0))

    diff = watcher.poll()

    for sock in (first, second):
        obs = find(diff.new, sock)
        assert (obs.pid, obs.process, obs.protocol) == (OUR_PID, OUR_NAME, Protocol.UDP)
    assert not [o for o in diff.current if o.local_port == lonely.getsockname()[1]]


@pytest.mark.parametrize("host", LOOPBACKS)
def test_include_listening_adds_sockets_without_remote(sockets: ExitStack, host: str) -> None:
    watcher = Differ(include_listening=True)
    listener, client, _ = tcp_pair(sockets, host)
    unbound_udp = sockets.enter_context(socket.socket(_family(host), socket.SOCK_DGRAM))
    unbound_udp.bind((host, 0))

    diff = watcher.poll()

    for sock, protocol, status in (
        (listener, Protocol.TCP, psutil.CONN_LISTEN),
        (unbound_udp, Protocol.UDP, psutil.CONN_NONE),
    ):
        port = sock.getsockname()[1]
        [obs] = [
            o
            for o in diff.new
            if o.local_port == port and o.protocol is protocol and o.remote_ip is None
        ]
        assert (obs.remote_port, obs.status) == (None, status)
        assert (obs.local_ip, obs.pid) == (host, OUR_PID)
    find(diff.new, client)


def test_closed_sockets_move_to_closed_and_others_stay_unchanged(sockets: ExitStack) -> None:
    watcher = Differ()
    _, staying, _ = tcp_pair(sockets, "127.0.0.1")
    with ExitStack() as closing:
        _, leaving_tcp, leaving_accepted = tcp_pair(closing, "127.0.0.1")
        leaving_udp, _ = udp_pair(closing, "127.0.0.1")
        first = watcher.poll()
        gone = {find(first.new, s).key for s in (leaving_tcp, leaving_accepted, leaving_udp)}
        staying_key = find(first.new, staying).key

    second = watcher.poll()

    closed = ours(second.closed)
    assert gone <= closed
    assert staying_key in ours(second.unchanged)
    assert not ours(second.new) & {staying_key}
    assert not gone & ours(second.current)
    # A third poll does not report the same closings again.
    assert not gone & ours(watcher.poll().closed)


def test_ipv4_mapped_ipv6_addresses_are_normalised(sockets: ExitStack) -> None:
    listener = sockets.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    dual = sockets.enter_context(socket.socket(socket.AF_INET6, socket.SOCK_STREAM))
    dual.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    dual.connect(("::ffff:127.0.0.1", listener.getsockname()[1]))
    sockets.enter_context(listener.accept()[0])
    assert dual.getpeername()[0] == "::ffff:127.0.0.1"  # the kernel really reports it mapped

    diff = Differ().poll()

    local_port = dual.getsockname()[1]
    [obs] = [o for o in diff.new if o.pid == OUR_PID and o.local_port == local_port]
    assert (obs.local_ip, obs.remote_ip) == ("127.0.0.1", "127.0.0.1")
    assert obs.remote_port == listener.getsockname()[1]


def test_other_process_is_named_and_its_exit_is_seen(sockets: ExitStack) -> None:
    listener = sockets.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    script = (
        "import socket, sys\n"
        f"s = socket.create_connection(('127.0.0.1', {port}))\n"
        "print(s.getsockname()[1], flush=True)\n"
        "sys.stdin.read()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        child_port = int(child.stdout.readline())
        sockets.enter_context(listener.accept()[0])
        watcher = Differ()

        [obs] = [o for o in watcher.poll().new if o.local_port == child_port]
        assert obs.pid == child.pid
        assert obs.process == psutil.Process(child.pid).name()
        assert obs.pid != OUR_PID

        child.stdin.close()
        child.wait(timeout=30)
        diff = watcher.poll()
        assert obs.key in {o.key for o in diff.closed}
    finally:
        child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()


def test_seen_at_comes_from_the_clock(sockets: ExitStack) -> None:
    ticks = iter([1000.0, 2000.0])
    watcher = Differ(clock=lambda: next(ticks))
    _, client, _ = tcp_pair(sockets, "127.0.0.1")
    assert find(watcher.poll().new, client).seen_at == 1000.0
    assert find(watcher.poll().unchanged, client).seen_at == 2000.0


def denying(
    denied: set[int], zombies: set[int]
) -> tuple[Callable[[str], list[Any]], Callable[[int, str], list[Any]]]:
    """psutil as macOS without root: no system-wide table, some processes closed to us."""

    def net_connections(kind: str) -> list[Any]:
        raise psutil.AccessDenied()

    def process_connections(pid: int, kind: str) -> list[Any]:
        if pid in denied:
            raise psutil.AccessDenied(pid)
        if pid in zombies:
            raise psutil.ZombieProcess(pid)
        return psutil.Process(pid).net_connections(kind)

    return net_connections, process_connections


def test_access_denied_falls_back_to_readable_processes(sockets: ExitStack) -> None:
    denied = {os.getppid()}
    zombie_pid = max(psutil.pids())
    net_connections, process_connections = denying(denied, {zombie_pid} - {OUR_PID})
    watcher = Differ(net_connections=net_connections, process_connections=process_connections)
    _, client, accepted = tcp_pair(sockets, "127.0.0.1")
    first, second = udp_pair(sockets, "::1" if _ipv6_loopback_works() else "127.0.0.1")

    diff = watcher.poll()

    for sock in (client, accepted, first, second):
        obs = find(diff.new, sock)
        assert (obs.pid, obs.process) == (OUR_PID, OUR_NAME)
    skipped = [str(line) for line in diff.skipped]  # English
    assert any("not readable" in line and "system-wide" in line for line in skipped)
    assert [line for line in skipped if f"pid {os.getppid()}:" in line] == [
        f"pid {os.getppid()}: connections not readable (access denied)"
    ]
    # A zombie holds no sockets: nothing to report.
    assert not [line for line in skipped if f"pid {zombie_pid}:" in line]
    assert all(obs.pid not in denied for obs in diff.current)


def test_without_denials_nothing_is_skipped(sockets: ExitStack) -> None:
    # Root (or Linux) reads the whole table: the report stays empty.
    if os.geteuid() != 0:
        pytest.skip("only root can read every process")
    tcp_pair(sockets, "127.0.0.1")
    diff: ConnectionDiff = Differ().poll()
    assert diff.skipped == ()
    assert diff.current == diff.new + diff.unchanged
