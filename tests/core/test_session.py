"""The session engine driven by a scripted source, with a real Locator (fixture .mmdb files) and
a real ReverseResolver talking to the test DNS server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator
from app.core.model import AddressScope, Observation, Protocol
from app.core.session import (
    Closed,
    Event,
    NamesPaused,
    Opened,
    PollFailed,
    Relocated,
    Renamed,
    Session,
    Snapshot,
    SourceEnded,
    SourceError,
    StatusChanged,
    Unreadable,
    wants_name,
)
from tests.core.test_locator import ONLY_DATABASES
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_US, OVH_FR, GeoFixtureDbs

LOCAL_NETWORK_IP = "10.20.30.40"


def obs(
    remote_ip: str | None,
    local_port: int,
    *,
    process: str = "browser",
    pid: int = 4242,
    status: str = "ESTABLISHED",
    seen_at: float = 1.0,
) -> Observation:
    return Observation(
        pid=pid,
        process=process,
        protocol=Protocol.TCP,
        local_ip="192.168.1.10",
        local_port=local_port,
        remote_ip=remote_ip,
        remote_port=443 if remote_ip else None,
        status=status if remote_ip else "LISTEN",
        seen_at=seen_at,
    )


class ScriptedSource:
    """Gives the snapshots it was given, one per call, then ends (or fails where told)."""

    def __init__(self, script: Sequence[Snapshot | Exception]) -> None:
        self._script = list(script)
        self.calls = 0

    def snapshot(self) -> Snapshot:
        self.calls += 1
        if not self._script:
            raise SourceEnded
        step = self._script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


def snap(*observations: Observation, skipped: tuple[str, ...] = (), at: float = 1.0) -> Snapshot:
    return Snapshot(tuple(observations), skipped, at)


@pytest.fixture
def locator(geo_fixture_dbs: GeoFixtureDbs) -> Iterator[Locator]:
    locator, errors = Locator.from_paths(
        [geo_fixture_dbs.city, geo_fixture_dbs.asn], **ONLY_DATABASES
    )
    assert errors == []
    with locator:
        yield locator


@pytest.fixture
def resolver(dns_server: DnsTestServer) -> ReverseResolver:
    dns_server.add_ptr(GOOGLE_US.sample_ip, "dns.google.")
    dns_server.add("dns.google.", "A", GOOGLE_US.sample_ip)
    dns_server.add_ptr(LOCAL_NETWORK_IP, "nas.home.arpa.")
    return ReverseResolver(nameservers=[dns_server.host], port=dns_server.port, timeout=2.0)


def kinds(events: Sequence[Event]) -> list[str]:
    return [type(event).__name__ for event in events]


def ptr_queries(dns_server: DnsTestServer) -> list[str]:
    return [name for name, rdtype in dns_server.queries if rdtype == "PTR"]


def test_opened_kept_and_closed_in_order(locator: Locator) -> None:
    google, ovh, listener = (
        obs(GOOGLE_US.sample_ip, 50001),
        obs(OVH_FR.sample_ip, 50002),
        obs(None, 8080),
    )
    closing = obs(OVH_FR.sample_ip, 50002, status="TIME_WAIT", seen_at=2.0)
    source = ScriptedSource(
        [
            snap(ovh, google, listener),
            snap(google, ovh, listener, at=2.0),  # nothing changed (order aside)
            snap(google, closing, listener, at=3.0),
            snap(listener, at=4.0),
        ]
    )
    session = Session(source, locator)
    seen: list[Event] = []
    session.subscribe(seen.append)

    first = session.poll()
    assert kinds(first) == ["Opened"]
    [opened] = first
    assert isinstance(opened, Opened)
    # The canonical order: by process, pid, protocol, remote address, local port.
    assert [c.observation.local_port for c in opened.connections] == [8080, 50002, 50001]
    by_port = {c.observation.local_port: c.located for c in opened.connections}
    assert by_port[8080] is None
    google_answer = by_port[50001]
    assert google_answer is not None and google_answer.location is not None
    assert google_answer.location.country_code == GOOGLE_US.country_code
    assert google_answer.network is not None and google_answer.network.asn == GOOGLE_US.asn

    assert session.poll() == ()  # a poll that changes nothing says nothing

    third = session.poll()
    assert kinds(third) == ["StatusChanged"]
    assert isinstance(third[0], StatusChanged)
    assert [c.observation.status for c in third[0].connections] == ["TIME_WAIT"]

    fourth = session.poll()
    assert kinds(fourth) == ["Closed"]
    assert isinstance(fourth[0], Closed)
    assert [c.observation.local_port for c in fourth[0].connections] == [50002, 50001]
    closed_google = fourth[0].connections[1].located
    assert closed_google is not None and closed_google.ip == GOOGLE_US.sample_ip
    assert session.located(GOOGLE_US.sample_ip) is None  # forgotten with its last connection
    assert [c.observation.local_port for c in session.connections()] == [8080]
    assert seen == [*first, *third, *fourth]  # subscribers saw exactly what polls returned


def test_each_address_is_located_once_and_shared(locator: Locator) -> None:
    session = Session(ScriptedSource([snap(obs(OVH_FR.sample_ip, 1), obs(OVH_FR.sample_ip, 2))]))
    session.set_locator(locator)
    [opened] = session.poll()
    assert isinstance(opened, Opened)
    first, second = (c.located for c in opened.connections)
    assert first is second  # one look-up per address


def test_one_ptr_per_address_then_renamed_and_relocated(
    locator: Locator, resolver: ReverseResolver, dns_server: DnsTestServer
) -> None:
    observations = [
        obs(GOOGLE_US.sample_ip, 50001),
        obs(OVH_FR.sample_ip, 50002),
        obs("127.0.0.1", 50004),  # this device: asked too (the name it gives itself)
        obs(LOCAL_NETWORK_IP, 50005),
        obs(GOOGLE_US.sample_ip, 50003),
        obs("224.0.0.251", 5353),  # multicast: no PTR
    ]
    source = ScriptedSource([snap(*observations), snap(*observations, obs(OVH_FR.sample_ip, 9))])
    session = Session(source, locator, resolver)

    session.poll()
    requests = session.name_requests()
    # One rule, one order: public, local-network and loopback addresses, sorted, each once.
    assert requests == tuple(
        sorted([GOOGLE_US.sample_ip, OVH_FR.sample_ip, LOCAL_NETWORK_IP, "127.0.0.1"])
    )
    assert session.name_requests() == ()  # taken

    events = [event for ip in requests for event in session.resolve(ip)]
    assert kinds(events) == ["Renamed", "Relocated", "Renamed", "Relocated"]
    renamed = [e for e in events if isinstance(e, Renamed)]
    assert [(e.ip, e.hostnames, e.confirmed) for e in renamed] == [
        (LOCAL_NETWORK_IP, ("nas.home.arpa",), ()),
        (GOOGLE_US.sample_ip, ("dns.google",), ("dns.google",)),
    ]
    relocated = [a for e in events if isinstance(e, Relocated) for a in e.endpoints]
    assert [a.endpoint.hostnames for a in relocated] == [("nas.home.arpa",), ("dns.google",)]
    google = session.located(GOOGLE_US.sample_ip)
    assert google is not None and google.endpoint.confirmed == ("dns.google",)
    rows = {c.observation.local_port: c.located for c in session.connections()}
    assert rows[50001] is rows[50003] is google

    # Another socket to known addresses: no new look-up.
    session.poll()
    assert session.name_requests() == ()
    assert sorted(ptr_queries(dns_server)) == sorted(
        [
            "8.8.8.8.in-addr.arpa",
            "1.0.38.51.in-addr.arpa",
            "40.30.20.10.in-addr.arpa",
            "1.0.0.127.in-addr.arpa",
        ]
    )


def test_resolve_pending_asks_all_under_one_budget(
    locator: Locator, resolver: ReverseResolver
) -> None:
    session = Session(
        ScriptedSource([snap(obs(GOOGLE_US.sample_ip, 1), obs(LOCAL_NETWORK_IP, 2))]),
        locator,
        resolver,
    )
    session.poll()
    events = session.resolve_pending()
    assert kinds(events) == ["Renamed", "Renamed", "Relocated"]
    assert {c.located.endpoint.hostnames for c in session.connections() if c.located} == {
        ("dns.google",),
        ("nas.home.arpa",),
    }
    assert session.resolve_pending() == ()


def test_names_the_resolver_already_has_arrive_with_the_opening(
    locator: Locator, resolver: ReverseResolver, dns_server: DnsTestServer
) -> None:
    resolver.answer(GOOGLE_US.sample_ip)  # cached now
    dns_server.clear_queries()
    session = Session(ScriptedSource([snap(obs(GOOGLE_US.sample_ip, 1))]), locator, resolver)
    [opened] = session.poll()
    assert isinstance(opened, Opened)
    located = opened.connections[0].located
    assert located is not None and located.endpoint.hostnames == ("dns.google",)
    assert session.name_requests() == ()
    assert ptr_queries(dns_server) == []


def test_a_failed_answer_is_asked_again_with_the_next_socket(
    locator: Locator, black_hole_dns: DnsTestServer
) -> None:
    resolver = ReverseResolver(
        nameservers=[black_hole_dns.host], port=black_hole_dns.port, timeout=0.2
    )
    ip = OVH_FR.sample_ip
    source = ScriptedSource([snap(obs(ip, 1)), snap(obs(ip, 1)), snap(obs(ip, 1), obs(ip, 2))])
    session = Session(source, locator, resolver)
    session.poll()
    [asked] = session.name_requests()
    events = session.resolve(asked)
    assert not [e for e in events if isinstance(e, Renamed | Relocated)]
    session.poll()
    assert session.name_requests() == ()  # the same socket: not asked again
    session.poll()
    assert session.name_requests() == (ip,)  # a new socket to it: asked again


def test_a_silent_server_pauses_names_once(locator: Locator, black_hole_dns: DnsTestServer) -> None:
    resolver = ReverseResolver(nameservers=[black_hole_dns.host], port=black_hole_dns.port)
    many = [obs(f"51.38.0.{i}", 40000 + i) for i in range(1, 40)]
    session = Session(ScriptedSource([snap(*many)]), locator, resolver)
    session.poll()
    events = session.resolve_pending()
    assert kinds(events) == ["NamesPaused"]
    assert isinstance(events[0], NamesPaused)


def test_new_databases_relocate_every_open_address(
    locator: Locator, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    session = Session(ScriptedSource([snap(obs(GOOGLE_US.sample_ip, 1), obs("127.0.0.1", 2))]))
    [opened] = session.poll()
    assert isinstance(opened, Opened)
    unlocated = {c.observation.local_port: c.located for c in opened.connections}
    google = unlocated[1]
    assert google is not None and google.scope is AddressScope.PUBLIC and google.location is None

    events = session.set_locator(locator)

    assert kinds(events) == ["Relocated"]
    [answer] = events[0].endpoints  # type: ignore[union-attr]
    assert answer.ip == GOOGLE_US.sample_ip
    assert answer.location is not None and answer.location.country_code == "US"
    assert session.set_locator(locator) == ()  # the same answers: nothing to say


def test_without_reverse_dns_nothing_is_asked_until_a_resolver_comes(
    locator: Locator, resolver: ReverseResolver
) -> None:
    session = Session(ScriptedSource([snap(obs(GOOGLE_US.sample_ip, 1))]), locator)
    session.poll()
    assert session.name_requests() == ()  # no resolver: no requests piling up for nobody
    session.set_resolver(resolver)
    assert session.name_requests() == (GOOGLE_US.sample_ip,)


def test_a_changed_resolver_drops_old_answers_and_asks_again(
    locator: Locator, resolver: ReverseResolver
) -> None:
    session = Session(ScriptedSource([snap(obs(GOOGLE_US.sample_ip, 1))]), locator, resolver)
    session.poll()
    [ip] = session.name_requests()
    answer = resolver.answer(ip)
    session.set_resolver(None)
    assert session.resolve(ip) == ()
    assert session.name_requests() == ()
    session.set_resolver(resolver)
    assert session.name_requests() == (ip,)
    assert answer.names == ("dns.google",)


def test_unreadable_is_said_when_it_changes_and_failures_become_events(locator: Locator) -> None:
    listener = obs(None, 8080)
    source = ScriptedSource(
        [
            snap(listener, skipped=("pid 7: access denied",)),
            snap(listener, skipped=("pid 7: access denied",)),
            SourceError("the connection list could not be read: gone"),
            snap(listener),
        ]
    )
    session = Session(source, locator)
    first = session.poll()
    assert kinds(first) == ["Opened", "Unreadable"]
    assert first[1] == Unreadable(("pid 7: access denied",))
    assert session.poll() == ()
    assert session.poll() == (PollFailed("the connection list could not be read: gone"),)
    assert session.poll() == (Unreadable(()),)
    with pytest.raises(SourceEnded):
        session.poll()


def test_a_broken_subscriber_does_not_stop_the_others(
    locator: Locator, caplog: pytest.LogCaptureFixture
) -> None:
    session = Session(ScriptedSource([snap(obs(OVH_FR.sample_ip, 1))]), locator)
    seen: list[Event] = []

    def broken(_event: Event) -> None:
        raise RuntimeError("subscriber bug")

    session.subscribe(broken)
    unsubscribe = session.subscribe(seen.append)
    events = session.poll()
    assert seen == list(events) and kinds(events) == ["Opened"]
    assert "subscriber bug" in caplog.text
    unsubscribe()


def test_polls_from_two_threads_never_overlap(locator: Locator) -> None:
    inside = threading.Event()
    release = threading.Event()
    overlaps: list[bool] = []

    class SlowSource:
        busy = False

        def snapshot(self) -> Snapshot:
            overlaps.append(self.busy)
            self.busy = True
            inside.set()
            release.wait(5)
            self.busy = False
            return snap(obs(OVH_FR.sample_ip, 1))

    session = Session(SlowSource(), locator)
    worker = threading.Thread(target=session.poll)
    worker.start()
    assert inside.wait(5)
    second = threading.Thread(target=session.poll)
    second.start()
    release.set()
    worker.join(5)
    second.join(5)
    assert overlaps == [False, False]


@pytest.mark.parametrize(
    ("ip", "wanted"),
    [
        ("8.8.8.8", True),
        ("2a00:1450::1", True),
        ("192.168.1.1", True),
        ("127.0.0.1", True),
        ("::1", True),
        ("224.0.0.251", False),
        ("0.0.0.0", False),
        ("192.0.2.1", False),  # documentation
        ("not an address", False),
    ],
)
def test_one_rule_for_ptr_look_ups(ip: str, wanted: bool) -> None:
    assert wants_name(ip) is wanted


def test_not_an_address_from_a_source_is_shown_unlocated(locator: Locator, tmp_path: Path) -> None:
    session = Session(ScriptedSource([snap(obs("bogus", 1))]), locator)
    [opened] = session.poll()
    assert isinstance(opened, Opened)
    located = opened.connections[0].located
    assert located is not None and located.location is None
