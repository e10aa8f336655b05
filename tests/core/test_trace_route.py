"""trace-route: the unprivileged traceroute, the located path and its EU/EEA crossings, and the
command line, against a chain of network namespaces acting as routers (tests/fixtures/
router_chain.py) with public-looking addresses, and the error-queue parser on its own.

Where each address is comes from the operators' own publications, named below, not from the
locator: the test asks the locator and compares.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.geo.locator import Locator
from app.core.i18n import translations
from app.core.jurisdiction import default_jurisdictions
from app.core.model import LocatedEndpoint, Location, LocationKind
from app.core.resources import RESOURCES_ENV
from app.core.routes import traceroute
from app.core.routes.path import Crossing, border_crossings, locate_path, summary
from app.core.routes.traceroute import (
    SO_EE_ORIGIN_ICMP,
    SO_EE_ORIGIN_ICMP6,
    Answer,
    Ending,
    TraceError,
    TraceMethod,
    TraceOptions,
    choose_method,
    parse_extended_err,
    ping_group_range,
    trace_route,
)
from tests.fixtures.cli import ROOT, run_datalocator, without_stale_note
from tests.fixtures.language import assert_speaks
from tests.fixtures.router_chain import ChainLab, RouterChain

# The chain: an OVHcloud router in France, a Google Cloud one in the United States, a Hetzner
# one in Germany, and the target back at OVHcloud in France. Each address's country, from the
# operator's published range (independent of the locator's databases):
PUBLISHED = {
    # RIPE database, inetnum 213.186.32.0 - 213.186.63.255 (OVH SAS), country: FR.
    "213.186.33.1": "FR",
    # Google Cloud's published ranges (https://www.gstatic.com/ipranges/cloud.json):
    # 35.184.0.0/13, scope us-central1 (Council Bluffs, Iowa).
    "35.184.66.1": "US",
    # RIPE database, inetnum 88.198.0.0 - 88.198.255.255 (Hetzner Online GmbH), country: DE.
    "88.198.66.1": "DE",
    "213.186.33.9": "FR",  # the same OVH SAS block as the first router
}
ROUTERS = ("213.186.33.1", "35.184.66.1", "88.198.66.1")
TARGET = "213.186.33.9"
# The same chain in IPv6 (global unicast; this machine has no route more specific than its
# default for any of them, which the fixture checks):
PUBLISHED6 = {
    # RIPE database, inet6num 2001:41d0::/32 (OVH SAS), country: FR.
    "2001:41d0:8:33::1": "FR",
    # Google Cloud's published ranges (cloud.json): 2600:1900:4000::/44, scope us-central1.
    "2600:1900:4000::1": "US",
    # RIPE database, inet6num 2a01:4f8::/32 (Hetzner Online GmbH), country: DE.
    "2a01:4f8:c0c::1": "DE",
    "2001:41d0:8:33::9": "FR",
}
ROUTERS6 = ("2001:41d0:8:33::1", "2600:1900:4000::1", "2a01:4f8:c0c::1")
TARGET6 = "2001:41d0:8:33::9"
FAST = TraceOptions(timeout_s=0.3, max_hops=8)

ChainFactory = Callable[..., RouterChain]


# --- the error queue's struct, on its own -------------------------------------------------


def _sockaddr_in(ip: str) -> bytes:
    return struct.pack("=HH4s8x", socket.AF_INET, 0, socket.inet_aton(ip))


def _sockaddr_in6(ip: str) -> bytes:
    return struct.pack("=HHI16sI", socket.AF_INET6, 0, 0, socket.inet_pton(socket.AF_INET6, ip), 0)


@pytest.mark.parametrize(
    ("origin", "icmp", "offender", "answer"),
    [
        (SO_EE_ORIGIN_ICMP, (11, 0), _sockaddr_in("88.198.66.1"), Answer.TIME_EXCEEDED),
        (SO_EE_ORIGIN_ICMP, (3, 3), _sockaddr_in("213.186.33.9"), Answer.PORT_UNREACHABLE),
        (SO_EE_ORIGIN_ICMP, (3, 13), _sockaddr_in("35.184.66.1"), Answer.UNREACHABLE),
        (SO_EE_ORIGIN_ICMP6, (3, 0), _sockaddr_in6("2a01:4f8::1"), Answer.TIME_EXCEEDED),
        (SO_EE_ORIGIN_ICMP6, (1, 4), _sockaddr_in6("2001:41d0::9"), Answer.PORT_UNREACHABLE),
        (SO_EE_ORIGIN_ICMP6, (1, 1), _sockaddr_in6("2001:41d0::9"), Answer.UNREACHABLE),
    ],
)
def test_extended_err_is_read_with_its_offender(
    origin: int, icmp: tuple[int, int], offender: bytes, answer: Answer
) -> None:
    # struct sock_extended_err (linux/errqueue.h), then SO_EE_OFFENDER's sockaddr.
    data = struct.pack("=IBBBBII", 113, origin, icmp[0], icmp[1], 0, 0, 0) + offender
    report = parse_extended_err(data, port=33440)
    assert report is not None
    family = struct.unpack_from("=H", offender)[0]
    packed = offender[4:8] if family == socket.AF_INET else offender[8:24]
    assert report.offender == socket.inet_ntop(family, packed)
    assert (report.errno, report.origin, report.icmp_type, report.icmp_code) == (113, origin, *icmp)
    assert report.answer is answer
    assert report.port == 33440


def test_a_local_error_or_a_short_one_is_no_answer() -> None:
    local = struct.pack("=IBBBBII", 90, 1, 0, 0, 0, 1400, 0) + struct.pack("=H", 0)
    report = parse_extended_err(local)
    assert report is not None and report.answer is None and report.offender is None
    assert parse_extended_err(b"\x00" * 10) is None


# --- where the system cannot --------------------------------------------------------------


def test_another_system_is_told_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(traceroute.sys, "platform", "darwin")
    with pytest.raises(TraceError) as raised:
        trace_route("127.0.0.1")
    assert str(raised.value) == (
        "tracing a route needs Linux's IP_RECVERR; this system does not offer it"
    )
    french = raised.value.text(translations("fr"))
    assert "IP_RECVERR" in french and french != str(raised.value)
    with pytest.raises(TraceError) as neither:
        trace_route("127.0.0.1", TraceOptions(method=TraceMethod.AUTO))
    assert str(neither.value) == (
        "tracing a route needs Linux's IP_RECVERR or unprivileged ICMP sockets; "
        "this system offers neither"
    )
    assert "ICMP" in neither.value.text(translations("fr"))


def test_a_refused_setsockopt_is_told_why(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(92, "Protocol not available")

    monkeypatch.setattr(traceroute, "_prepare", refuse)
    with pytest.raises(TraceError, match="needs Linux's IP_RECVERR"):
        trace_route("127.0.0.1")


@pytest.mark.parametrize("bad", ["not an address", "224.0.0.1", "0.0.0.0"])
def test_targets_that_name_no_host_are_refused(bad: str) -> None:
    with pytest.raises(TraceError):
        trace_route(bad)


def test_loopback_is_reached_at_once_without_root_sockets() -> None:
    path = trace_route("127.0.0.1", FAST)
    assert path.ending is Ending.REACHED and path.method is TraceMethod.UDP
    [hop] = path.hops
    assert hop.addresses == ("127.0.0.1",)
    assert all(r is not None and r.answer is Answer.PORT_UNREACHABLE for r in hop.replies)


def _may_open_icmp_sockets() -> bool:
    """What this namespace's real net.ipv4.ping_group_range says of this process's groups."""
    allowed = ping_group_range()
    assert allowed is not None, "Linux always has the file"
    low, high = allowed
    return any(low <= group <= high for group in {os.getgid(), *os.getgroups()})


def test_icmp_refused_here_falls_back_to_udp_or_says_why() -> None:
    if _may_open_icmp_sockets():
        pytest.skip("net.ipv4.ping_group_range lets this process open ICMP sockets here")
    # AUTO: this namespace refuses ICMP sockets, so the trace is a UDP one.
    assert choose_method("127.0.0.1") is TraceMethod.UDP
    path = trace_route("127.0.0.1", TraceOptions(timeout_s=0.3, method=TraceMethod.AUTO))
    assert path.ending is Ending.REACHED and path.method is TraceMethod.UDP
    # ICMP asked for explicitly: the sysctl that refuses it, its values, and what to do.
    for ip in ("127.0.0.1", "::1"):
        with pytest.raises(TraceError) as raised:
            trace_route(ip, TraceOptions(method=TraceMethod.ICMP))
        said = str(raised.value)
        low, high = Path("/proc/sys/net/ipv4/ping_group_range").read_text().split()
        assert "net.ipv4.ping_group_range" in said and low in said and high in said
        assert said.endswith("trace with UDP probes instead")
        french = raised.value.text(translations("fr"))
        assert "net.ipv4.ping_group_range" in french and "UDP" in french
        assert_speaks(french, "fr", ["ICMP", "UDP", "net.ipv4.ping_group_range", low, high])


def test_cli_says_why_icmp_is_refused(cli_env: dict[str, str]) -> None:
    if _may_open_icmp_sockets():
        pytest.skip("net.ipv4.ping_group_range lets this process open ICMP sockets here")
    result = run_datalocator(
        "trace-route", "--no-dns", "--method", "icmp", "127.0.0.1", env=_with_resources(cli_env)
    )
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = without_stale_note(result.stderr).splitlines()
    assert "net.ipv4.ping_group_range" in line and "UDP" in line


# --- the chain ------------------------------------------------------------------------------


def _no_udp_listener(namespace: str) -> bool:
    out = subprocess.run(
        ["ip", "netns", "exec", namespace, "ss", "-H", "-uln"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == ""


@pytest.mark.netns
def test_each_hop_is_found_in_order_and_located(
    router_chain: ChainFactory, embedded: Locator
) -> None:
    chain = router_chain(ROUTERS, TARGET)
    assert _no_udp_listener(chain.namespaces[-1])  # the target: nothing listens
    heard: list[int] = []
    arrived: list[int] = []
    path = trace_route(
        chain.target, FAST, progress=heard.append, on_hop=lambda hop: arrived.append(hop.number)
    )
    assert path.ending is Ending.REACHED and path.reason is None
    assert [hop.addresses for hop in path.hops] == [(a,) for a in (*ROUTERS, TARGET)]
    assert heard == arrived == [1, 2, 3, 4]
    for hop in path.hops[:-1]:  # routers: time exceeded
        assert {(r.answer, r.icmp_type) for r in hop.replies if r} == {(Answer.TIME_EXCEEDED, 11)}
    last = path.hops[-1]  # the target: port unreachable
    assert {(r.answer, r.icmp_type, r.icmp_code) for r in last.replies if r} == {
        (Answer.PORT_UNREACHABLE, 3, 3)
    }
    assert all(rtt is not None and 0 <= rtt < FAST.timeout_s * 1000 for rtt in last.rtts_ms)

    located = locate_path(path, embedded)
    assert [hop.country_code for hop in located.hops] == [PUBLISHED[a] for a in chain.addresses]
    assert [(c.kind, c.hop, c.country_code) for c in located.crossings] == [
        (Crossing.LEAVES, 2, "US"),
        (Crossing.ENTERS, 3, "DE"),
    ]
    assert summary(located, translations("en")) == (
        "This path leaves the EU/EEA at hop 2 (United States). "
        "It comes back into the EU/EEA at hop 3 (Germany)."
    )
    french = summary(located, translations("fr"))
    assert "États-Unis" in french and "Allemagne" in french
    assert_speaks(french, "fr")


@pytest.mark.netns
def test_a_router_that_never_answers_is_a_star(
    router_chain: ChainFactory, embedded: Locator
) -> None:
    chain = router_chain(ROUTERS, TARGET, silent={1})
    path = trace_route(chain.target, FAST)
    assert [hop.address for hop in path.hops] == [ROUTERS[0], None, ROUTERS[2], TARGET]
    assert path.hops[1].silent and path.hops[1].rtts_ms == (None, None, None)
    assert path.ending is Ending.REACHED
    located = locate_path(path, embedded)
    # FR, *, DE, FR: the unknown hop changes nothing, so the path is seen to stay inside.
    assert located.crossings == ()
    assert summary(located, translations("en")) == "This path stays in the EU/EEA."


class _Unplacing:
    """The embedded locator, except that one address gets no country (as an edge the data
    place only at its operator's home does)."""

    def __init__(self, locator: Locator, unplaced: str) -> None:
        self.locator = locator
        self.unplaced = unplaced

    def locate(
        self, ip: str, hostnames: Sequence[str] = (), confirmed: Sequence[str] = ()
    ) -> LocatedEndpoint:
        answer = self.locator.locate(ip, hostnames, confirmed)
        if ip != self.unplaced:
            return answer
        return replace(answer, location=Location(None, source="test", kind=LocationKind.EDGE))


@pytest.mark.netns
def test_a_hop_without_a_country_keeps_the_path_from_being_said_to_stay_inside(
    router_chain: ChainFactory, embedded: Locator
) -> None:
    chain = router_chain(ROUTERS, TARGET)
    path = trace_route(chain.target, FAST)
    assert [hop.address for hop in path.hops] == [*ROUTERS, TARGET]
    # FR, (US, not placed), DE, FR: the hops placed are all inside, yet one may be anywhere.
    located = locate_path(path, _Unplacing(embedded, ROUTERS[1]))
    assert (located.crossings, located.unplaced) == ((), 1)
    assert summary(located, translations("en")) == (
        "The hops placed are in the EU/EEA; 1 other hop could not be placed."
    )
    assert summary(located, translations("fr")) == (
        "Les sauts situés sont dans l’UE/EEE ; 1 autre saut n’a pas pu être situé."
    )


@pytest.mark.netns
def test_a_router_that_says_unreachable_stops_the_trace(router_chain: ChainFactory) -> None:
    chain = router_chain(ROUTERS, TARGET)
    last_router = chain.namespaces[len(ROUTERS) - 1]
    subprocess.run(
        ["ip", "-n", last_router, "route", "replace", "unreachable", f"{TARGET}/32"], check=True
    )
    path = trace_route(chain.target, FAST)
    assert path.ending is Ending.UNREACHABLE
    assert [hop.address for hop in path.hops] == list(ROUTERS)
    assert str(path.reason) == f"{ROUTERS[-1]} says the target cannot be reached: host unreachable"


@pytest.mark.netns
def test_cancel_between_hops_and_while_waiting(router_chain: ChainFactory) -> None:
    chain = router_chain(ROUTERS, TARGET, silent={1})
    stop = threading.Event()

    def at_hop(number: int) -> None:
        if number == 2:
            stop.set()

    path = trace_route(chain.target, FAST, cancel=stop, progress=at_hop)
    assert path.ending is Ending.CANCELLED
    assert [hop.address for hop in path.hops] == [ROUTERS[0]]

    # The silent hop would keep each probe 30 s; a cancel from another thread ends the wait.
    patient = TraceOptions(timeout_s=30, max_hops=8)
    later = threading.Event()
    timer = threading.Timer(0.5, later.set)
    timer.start()
    started = time.monotonic()
    try:
        path = trace_route(chain.target, patient, cancel=later.is_set)
    finally:
        timer.cancel()
    assert path.ending is Ending.CANCELLED
    assert time.monotonic() - started < patient.timeout_s
    assert [hop.address for hop in path.hops] == [ROUTERS[0]]


# --- the command line -----------------------------------------------------------------------


def _trace_cli(
    chain: RouterChain, env: dict[str, str], *first: str, json_out: bool = False
) -> subprocess.CompletedProcess[str]:
    args = [*first, "trace-route", "--no-dns", "--wait", "0.3", "--max-hops", "8"]
    args += ["--method", "udp", chain.target]
    if json_out:
        args.append("--json")
    return run_datalocator(*args, env=_with_resources(env))


def _with_resources(env: dict[str, str]) -> dict[str, str]:
    """The resources this checkout's code was written with (a worktree beside an editable
    install names its own); cli_env leaves out every other DATALOCATOR_ variable."""
    resources = os.environ.get(RESOURCES_ENV)
    return {**env, **({RESOURCES_ENV: resources} if resources else {})}


@pytest.mark.netns
@pytest.mark.parametrize("language", ["en", "fr"])
def test_cli_prints_the_hops_and_the_crossings(
    router_chain: ChainFactory, cli_env: dict[str, str], language: str
) -> None:
    chain = router_chain(ROUTERS, TARGET)
    result = _trace_cli(chain, cli_env, "--lang", language)
    assert result.returncode == 0, result.stderr
    # Nothing on stderr but, at most, the one line about the data's age (in either language).
    left = without_stale_note(result.stderr).splitlines()
    assert all("données de localisation anciennes" in line for line in left), result.stderr
    lines = result.stdout.splitlines()
    hop_lines = [line for line in lines if line[:3].strip().isdigit()]
    assert [line.split()[:2] for line in hop_lines] == [
        [str(n), a] for n, a in enumerate(chain.addresses, 1)
    ]
    words = {
        "en": ("United States", "Germany", "France", "sends small UDP packets", "Reached"),
        "fr": ("États-Unis", "Allemagne", "France", "petits paquets UDP", "Atteint"),
    }[language]
    for word in words:
        assert word in result.stdout
    assert lines.index(next(line for line in lines if "UDP" in line)) < lines.index(hop_lines[0])
    data = [*chain.addresses, "OVHcloud", "Hetzner", "Roubaix", "Falkenstein"]
    data += ["Council Bluffs (Iowa)", "Iowa", "TTL"]
    assert_speaks(result.stdout, language, data)


@pytest.mark.netns
def test_cli_json_is_the_documented_record(
    router_chain: ChainFactory, cli_env: dict[str, str]
) -> None:
    chain = router_chain(ROUTERS, TARGET)
    result = _trace_cli(chain, cli_env, json_out=True)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["ip"] == TARGET and record["ending"] == "reached"
    assert record["method"] == "udp"
    assert [hop["ip"] for hop in record["hops"]] == list(chain.addresses)
    assert [hop["country_code"] for hop in record["hops"]] == [
        PUBLISHED[a] for a in chain.addresses
    ]
    assert [hop["in_eu_eea"] for hop in record["hops"]] == [True, False, True, True]
    assert [(c["kind"], c["hop"], c["country_code"]) for c in record["crossings"]] == [
        ("leaves", 2, "US"),
        ("enters", 3, "DE"),
    ]
    assert all(len(hop["rtts_ms"]) == 3 for hop in record["hops"])
    documented = Path(__file__).resolve().parents[2] / "docs" / "JSON.md"
    section = documented.read_text(encoding="utf-8").split("## `datalocator trace-route", 1)[1]
    hop_keys = ("hop", "ip", "addresses", "rtts_ms", "in_eu_eea")  # then the endpoint's
    assert list(record["hops"][0])[: len(hop_keys)] == list(hop_keys)
    for key in (*record, *hop_keys, *record["crossings"][0]):
        assert f"`{key}`" in section, key


def test_gdpr_area_is_the_projects_list() -> None:
    area = default_jurisdictions().gdpr_area
    assert {"FR", "DE", "NO", "IS", "LI"} <= area and not {"US", "GB", "CH"} & area
    assert border_crossings((), area) == ()


@pytest.mark.netns
def test_the_chain_leaves_nothing_behind(router_chain: ChainFactory) -> None:
    del router_chain  # only for its skip conditions (root, iproute2)

    def namespaces() -> set[str]:
        out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True)
        return {line.split()[0] for line in out.stdout.splitlines() if line.strip()}

    def routed(ip: str) -> bool:
        out = subprocess.run(
            ["ip", "-6" if ":" in ip else "-4", "route", "show", "exact", ip],
            capture_output=True,
            text=True,
            check=True,
        )
        return bool(out.stdout.strip())

    before = namespaces()
    with pytest.raises(RuntimeError, match="a failing test"), ExitStack() as stack:
        lab = ChainLab(stack)
        chain = lab(ROUTERS, TARGET, routers6=ROUTERS6, target6=TARGET6)
        assert set(chain.namespaces) <= namespaces()
        assert all(routed(address) for address in (*chain.addresses, *chain.addresses6))
        elsewhere = lab(("51.38.66.1",), "51.38.66.9", client=True)
        assert elsewhere.client in namespaces() and not routed("51.38.66.9")
        raise RuntimeError("a failing test")
    assert namespaces() - before == set()
    assert not any(routed(address) for address in (*chain.addresses, *chain.addresses6))


@pytest.mark.netns
def test_ipv6_hops_are_found_in_order_and_located(
    router_chain: ChainFactory, embedded: Locator
) -> None:
    chain = router_chain(ROUTERS, TARGET, routers6=ROUTERS6, target6=TARGET6)
    path = trace_route(TARGET6, FAST)
    assert path.ending is Ending.REACHED and path.method is TraceMethod.UDP
    assert [hop.addresses for hop in path.hops] == [(a,) for a in chain.addresses6]
    for hop in path.hops[:-1]:  # routers: ICMPv6 time exceeded
        assert {(r.answer, r.icmp_type) for r in hop.replies if r} == {(Answer.TIME_EXCEEDED, 3)}
    assert {(r.answer, r.icmp_type, r.icmp_code) for r in path.hops[-1].replies if r} == {
        (Answer.PORT_UNREACHABLE, 1, 4)
    }
    located = locate_path(path, embedded)
    assert [hop.country_code for hop in located.hops] == [PUBLISHED6[a] for a in chain.addresses6]
    assert [(c.kind, c.hop, c.country_code) for c in located.crossings] == [
        (Crossing.LEAVES, 2, "US"),
        (Crossing.ENTERS, 3, "DE"),
    ]


# In the client namespace: trace both families with ICMP and print what was found.
_ICMP_TRACE = """
import json, sys
from app.core.routes.traceroute import TraceMethod, TraceOptions, trace_route
options = TraceOptions(timeout_s=0.3, max_hops=8, method=TraceMethod(sys.argv[1]))
path = trace_route(sys.argv[2], options)
hops = [[[r.address, r.answer, r.icmp_type] for r in h.replies if r] for h in path.hops]
print(json.dumps({"method": path.method, "ending": path.ending, "hops": hops}))
"""


@pytest.mark.netns
def test_icmp_where_ping_group_range_allows_it(
    router_chain: ChainFactory, cli_env: dict[str, str]
) -> None:
    chain = router_chain(ROUTERS, TARGET, routers6=ROUTERS6, target6=TARGET6, client=True)
    assert chain.client is not None
    inside = ["ip", "netns", "exec", chain.client]
    # Only in the client's namespace: this machine's own range is left as it is.
    subprocess.run(
        [*inside, "sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647"], check=True
    )
    # AUTO takes ICMP there; the command line records it, and finds each hop, located.
    result = run_datalocator(
        "trace-route",
        "--no-dns",
        "--json",
        "--wait",
        "0.3",
        "--max-hops",
        "8",
        TARGET,
        env=_with_resources(cli_env),
        prefix=inside,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["method"] == "icmp" and record["ending"] == "reached"
    assert [hop["ip"] for hop in record["hops"]] == list(chain.addresses)
    assert [hop["country_code"] for hop in record["hops"]] == [
        PUBLISHED[a] for a in chain.addresses
    ]
    assert "ICMP" in result.stderr  # what is sent, said before it is sent

    # ICMPv6, asked for by name: routers' time exceeded (type 3), the target's echo reply (129).
    traced = subprocess.run(
        [*inside, sys.executable, "-c", _ICMP_TRACE, "icmp", TARGET6],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=_with_resources(cli_env),
    )
    found = json.loads(traced.stdout)
    assert found["method"] == "icmp" and found["ending"] == "reached"
    assert [{tuple(r) for r in hop} for hop in found["hops"]] == [
        *({(a, "time-exceeded", 3)} for a in ROUTERS6),
        {(TARGET6, "echo-reply", 129)},
    ]
