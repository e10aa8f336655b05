"""The public_host fixture itself: reachable, seen by psutil as a public address, cleaned up."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable
from contextlib import ExitStack

import psutil
import pytest

from tests.fixtures.netns import NamespaceLab, PublicHost


def _namespaces() -> set[str]:
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True)
    return {line.split()[0] for line in out.stdout.splitlines() if line.strip()}


def _route_exists(ip: str) -> bool:
    family = "-6" if ":" in ip else "-4"
    out = subprocess.run(
        ["ip", family, "route", "show", "exact", ip], capture_output=True, text=True, check=True
    )
    return bool(out.stdout.strip())


@pytest.mark.netns
@pytest.mark.parametrize("address", ["51.38.7.7", "2a00:1450::7"])
def test_public_host_is_reachable_and_cleaned_up(
    public_host: Callable[[str], PublicHost], address: str
) -> None:
    del public_host  # only for its skip conditions (root, iproute2)
    before = _namespaces()
    with ExitStack() as stack:
        host: PublicHost = NamespaceLab(stack)(address)
        assert host.namespace in _namespaces()
        assert _route_exists(address)
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        client = stack.enter_context(socket.socket(family, socket.SOCK_STREAM))
        client.settimeout(10)
        client.connect(host.address)
        local_port = client.getsockname()[1]
        mine = [
            c
            for c in psutil.net_connections("inet")
            if c.pid == os.getpid() and c.laddr and c.laddr.port == local_port
        ]
        assert [(c.raddr.ip, c.raddr.port, c.status) for c in mine] == [
            (address, host.port, psutil.CONN_ESTABLISHED)
        ]
    assert _namespaces() - before == set()
    assert not _route_exists(address)
