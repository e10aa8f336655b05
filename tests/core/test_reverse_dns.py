"""ReverseResolver against the real DNS test server on 127.0.0.1 (and the server itself)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype
import dns.resolver
import dns.reversename
import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from app.core.dns.reverse import (
    MAX_CONFIRM,
    MAX_NAMES,
    MAX_TTL,
    MIN_TTL,
    PtrAnswer,
    PtrStatus,
    ReverseResolver,
)
from tests.fixtures.dns import DnsTestServer, ReceivedQuery
from tests.fixtures.geo import GOOGLE_IE, GOOGLE_US, OVH_FR

US, IE, FR = GOOGLE_US.sample_ip, GOOGLE_IE.sample_ip, OVH_FR.sample_ip


class FakeClock:
    """An injected monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def resolver_for(server: DnsTestServer, **kwargs: object) -> ReverseResolver:
    options: dict[str, object] = {"nameservers": [server.host], "port": server.port}
    options.update(kwargs)
    return ReverseResolver(**options)  # type: ignore[arg-type]


def ptr_name(ip: str) -> str:
    return dns.reversename.from_address(ip).to_text(omit_final_dot=True)


def ptr_queries(server: DnsTestServer) -> list[tuple[str, str]]:
    """The PTR queries the server received (forward confirmation asks A/AAAA besides)."""
    return [query for query in server.queries if query[1] == "PTR"]


# --- answers --------------------------------------------------------------------------------


def test_ipv4_ptr_over_udp(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(US, "dns.google.")
    assert resolver_for(dns_server).lookup(US) == ("dns.google",)
    assert dns_server.received == [
        ReceivedQuery("8.8.8.8.in-addr.arpa", "PTR", "udp"),
        ReceivedQuery("dns.google", "A", "udp"),  # forward confirmation, of the same server
    ]


def test_ipv6_ptr(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(IE, "dub08s01-in-x01.1e100.net")
    assert resolver_for(dns_server).lookup(IE) == ("dub08s01-in-x01.1e100.net",)
    assert dns_server.queries == [(ptr_name(IE), "PTR"), ("dub08s01-in-x01.1e100.net", "AAAA")]
    assert dns_server.queries[0][0].endswith(".0.5.4.1.0.0.a.2.ip6.arpa")


def test_several_names_without_duplicates(dns_server: DnsTestServer) -> None:
    for name in ("a.example.net", "b.example.net", "c.example.net"):
        dns_server.add_ptr(FR, name)
    names = resolver_for(dns_server).lookup(FR)
    assert sorted(names) == ["a.example.net", "b.example.net", "c.example.net"]


def test_ipv4_mapped_address_is_the_ipv4_one(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(US, "dns.google")
    resolver = resolver_for(dns_server)
    assert resolver.lookup(f"::ffff:{US}") == ("dns.google",)
    assert resolver.lookup(US) == ("dns.google",)
    assert len(ptr_queries(dns_server)) == 1


def test_classless_delegation_via_cname(dns_server: DnsTestServer) -> None:
    """RFC 2317: the PTR lives behind a CNAME; the shortest TTL of the chain counts."""
    clock = FakeClock()
    delegated = "1.0-25.0.38.51.in-addr.arpa"
    dns_server.add(ptr_name(FR), "CNAME", delegated, ttl=600)
    dns_server.add(delegated, "PTR", "vps-1234.ovh.net", ttl=3600)
    resolver = resolver_for(dns_server, clock=clock)
    assert resolver.lookup(FR) == ("vps-1234.ovh.net",)
    clock.advance(599)
    assert resolver.cached(FR) == ("vps-1234.ovh.net",)
    clock.advance(2)
    assert resolver.cached(FR) is None


def test_names_are_plain_dns_text(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(US, r"evil\007<b>bold</b>\032x.example")
    dns_server.add_ptr(US, ".")  # a PTR to the root is no name at all
    assert resolver_for(dns_server).lookup(US) == (r"evil\007<b>bold</b>\032x.example",)


def test_force_tcp(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(US, "dns.google")
    assert resolver_for(dns_server, tcp=True).lookup(US) == ("dns.google",)
    assert dns_server.received == [
        ReceivedQuery(ptr_name(US), "PTR", "tcp"),
        ReceivedQuery("dns.google", "A", "tcp"),
    ]


def test_truncated_udp_answer_is_retried_over_tcp(dns_server: DnsTestServer) -> None:
    names = [f"host-{i:02d}-with-a-rather-long-name.customer.example.net" for i in range(20)]
    for name in names:
        dns_server.add_ptr(FR, name)
    assert sorted(resolver_for(dns_server).lookup(FR)) == names
    assert [q.transport for q in dns_server.received if q.rdtype == "PTR"] == ["udp", "tcp"]


def test_server_forcing_truncation(dns_server: DnsTestServer) -> None:
    dns_server.truncate_udp = True
    dns_server.add_ptr(US, "dns.google")
    assert resolver_for(dns_server).lookup(US) == ("dns.google",)
    assert [q.transport for q in dns_server.received if q.rdtype == "PTR"] == ["udp", "tcp"]


# --- cache and TTLs -------------------------------------------------------------------------


def test_answer_is_cached_for_its_ttl(dns_server: DnsTestServer) -> None:
    clock = FakeClock()
    dns_server.add_ptr(US, "dns.google", ttl=600)
    resolver = resolver_for(dns_server, clock=clock)
    assert resolver.cached(US) is None
    assert resolver.lookup(US) == ("dns.google",)
    clock.advance(599)
    assert resolver.cached(US) == ("dns.google",)
    assert resolver.lookup(US) == ("dns.google",)
    assert len(ptr_queries(dns_server)) == 1
    clock.advance(2)
    assert resolver.cached(US) is None
    dns_server.remove(ptr_name(US))
    dns_server.add_ptr(US, "renamed.google", ttl=600)
    assert resolver.lookup(US) == ("renamed.google",)
    assert len(ptr_queries(dns_server)) == 2


@pytest.mark.parametrize(
    ("ttl", "kept"),
    [(0, MIN_TTL), (5, MIN_TTL), (3600, 3600.0), (7 * 86400, MAX_TTL)],
)
def test_ttl_is_clamped(dns_server: DnsTestServer, ttl: int, kept: float) -> None:
    clock = FakeClock()
    dns_server.add_ptr(US, "dns.google", ttl=ttl)
    resolver = resolver_for(dns_server, clock=clock)
    resolver.lookup(US)
    clock.advance(kept - 1)
    assert resolver.cached(US) == ("dns.google",)
    clock.advance(2)
    assert resolver.cached(US) is None


def test_nxdomain_is_cached_for_negative_ttl(dns_server: DnsTestServer) -> None:
    clock = FakeClock()
    dns_server.add("in-addr.arpa", "SOA", "ns. host. 1 3600 600 86400 10", ttl=10)
    resolver = resolver_for(dns_server, clock=clock, negative_ttl=120)
    assert resolver.lookup(US) == ()
    clock.advance(119)
    assert resolver.cached(US) == ()
    assert resolver.lookup(US) == ()
    assert len(dns_server.queries) == 1
    clock.advance(2)
    assert resolver.cached(US) is None
    dns_server.add_ptr(US, "dns.google")
    assert resolver.lookup(US) == ("dns.google",)
    assert len(ptr_queries(dns_server)) == 2


def test_no_ptr_record_is_negative(dns_server: DnsTestServer) -> None:
    clock = FakeClock()
    dns_server.add(ptr_name(US), "TXT", "the name exists, without a PTR")
    resolver = resolver_for(dns_server, clock=clock, negative_ttl=50)
    assert resolver.lookup(US) == ()
    clock.advance(49)
    assert resolver.cached(US) == ()
    clock.advance(2)
    assert resolver.cached(US) is None


def test_servfail_is_a_short_lived_failure(dns_server: DnsTestServer) -> None:
    clock = FakeClock()
    dns_server.add_ptr(US, "dns.google")
    dns_server.set_rcode(ptr_name(US), "SERVFAIL")
    resolver = resolver_for(dns_server, clock=clock, negative_ttl=300, failure_ttl=30)
    assert resolver.lookup(US) == ()
    clock.advance(29)
    assert resolver.lookup(US) == ()
    assert len(dns_server.queries) == 1
    clock.advance(2)
    dns_server.set_rcode(ptr_name(US), None)
    assert resolver.lookup(US) == ("dns.google",)


def test_timeout_never_raises(dns_server: DnsTestServer) -> None:
    dns_server.drop = True
    resolver = resolver_for(dns_server, timeout=0.3)
    started = time.monotonic()
    assert resolver.lookup(US) == ()
    assert time.monotonic() - started < 3.0
    assert dns_server.wait_for_queries(1)
    assert resolver.lookup(US) == ()  # the failure is cached: no second wait
    assert len(dns_server.queries) == 1


def test_unreachable_server_never_raises() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nobody listens there now: ICMP port unreachable → ConnectionRefusedError inside dnspython.
    resolver = ReverseResolver(nameservers=["127.0.0.1"], port=port, timeout=0.5)
    assert resolver.lookup(US) == ()
    assert (
        ReverseResolver(nameservers=["127.0.0.1"], port=port, timeout=0.5, tcp=True).lookup(US)
        == ()
    )


def test_cache_is_lru_bounded(dns_server: DnsTestServer) -> None:
    for ip, name in ((US, "us.example"), (IE, "ie.example"), (FR, "fr.example")):
        dns_server.add_ptr(ip, name)
    resolver = resolver_for(dns_server, cache_size=2)
    resolver.lookup(US)
    resolver.lookup(IE)
    resolver.lookup(US)  # IE is now the least recently used
    resolver.lookup(FR)
    assert resolver.cached(IE) is None
    assert resolver.cached(US) == ("us.example",)
    assert resolver.cached(FR) == ("fr.example",)


def test_invalid_addresses(dns_server: DnsTestServer) -> None:
    resolver = resolver_for(dns_server)
    assert resolver.lookup("not-an-ip") == ()
    assert resolver.cached("not-an-ip") is None
    assert resolver.lookup_many(["", "example.org"]) == {"": (), "example.org": ()}
    assert dns_server.queries == []


def test_invalid_nameserver_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not-a-server"):
        ReverseResolver(nameservers=["not-a-server"])


# --- system configuration -------------------------------------------------------------------


def test_missing_resolv_conf_degrades_to_no_names(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        resolver = ReverseResolver(resolv_conf=tmp_path / "resolv.conf")
    assert not resolver.available
    assert "no DNS configuration" in caplog.text
    assert resolver.lookup(US) == ()
    assert resolver.lookup_many([US, IE]) == {US: (), IE: ()}


def test_resolv_conf_without_nameservers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("search example.org\noptions ndots:1\n")
    with caplog.at_level(logging.WARNING):
        resolver = ReverseResolver(resolv_conf=conf)
    assert not resolver.available
    assert caplog.records and caplog.records[0].levelno == logging.WARNING
    assert resolver.lookup(US) == ()


def test_system_configuration_is_used(dns_server: DnsTestServer, tmp_path: Path) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text(f"# test\nnameserver {dns_server.host}\noptions timeout:1\n")
    dns_server.add_ptr(US, "dns.google")
    resolver = ReverseResolver(resolv_conf=conf, port=dns_server.port)
    assert resolver.available
    assert resolver.lookup(US) == ("dns.google",)
    assert dns_server.queries == [(ptr_name(US), "PTR"), ("dns.google", "A")]


# --- concurrency ----------------------------------------------------------------------------


def many_ptrs(server: DnsTestServer, count: int) -> dict[str, tuple[str, ...]]:
    expected: dict[str, tuple[str, ...]] = {}
    for i in range(count):
        ip = f"51.38.{i // 200}.{i % 200 + 1}"
        server.add_ptr(ip, f"host{i}.example.net")
        expected[ip] = (f"host{i}.example.net",)
    return expected


@pytest.mark.parametrize(("bound", "count"), [(1, 4), (3, 10)])
def test_lookup_many_bounds_concurrency(dns_server: DnsTestServer, bound: int, count: int) -> None:
    expected = many_ptrs(dns_server, count)
    dns_server.response_delay = 0.2  # every query is still in flight when the others start
    resolver = resolver_for(dns_server, max_concurrency=bound)
    assert resolver.lookup_many(expected) == expected
    assert dns_server.max_in_flight == bound
    assert len(ptr_queries(dns_server)) == len(expected)


def test_bound_holds_across_concurrent_batches(dns_server: DnsTestServer) -> None:
    expected = many_ptrs(dns_server, 12)
    ips = list(expected)
    dns_server.response_delay = 0.2
    resolver = resolver_for(dns_server, max_concurrency=3)
    results: list[dict[str, tuple[str, ...]]] = []
    barrier = threading.Barrier(2)

    def batch(part: list[str]) -> None:
        barrier.wait()
        results.append(resolver.lookup_many(part))

    threads = [threading.Thread(target=batch, args=(ips[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert dns_server.max_in_flight == 3
    assert {ip: names for result in results for ip, names in result.items()} == expected


def test_lookup_many_uses_the_cache_and_keeps_keys_as_given(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(US, "dns.google")
    dns_server.add_ptr(FR, "ovh.example")
    resolver = resolver_for(dns_server)
    resolver.lookup(US)
    given = [US, f"::ffff:{US}", FR, FR, "bogus", IE]
    assert resolver.lookup_many(given) == {
        US: ("dns.google",),
        f"::ffff:{US}": ("dns.google",),
        FR: ("ovh.example",),
        "bogus": (),
        IE: (),
    }
    assert sorted(ptr_queries(dns_server)) == sorted(
        [(ptr_name(US), "PTR"), (ptr_name(FR), "PTR"), (ptr_name(IE), "PTR")]
    )


def test_concurrent_lookups_of_one_address_are_coalesced(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(US, "dns.google")
    dns_server.response_delay = 0.5  # long enough for every thread to arrive meanwhile
    resolver = resolver_for(dns_server)
    results: list[tuple[str, ...]] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        results.append(resolver.lookup(US))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [("dns.google",)] * 8
    assert dns_server.queries == [(ptr_name(US), "PTR"), ("dns.google", "A")]


def test_coalesced_waiters_share_a_failure(dns_server: DnsTestServer) -> None:
    dns_server.drop = True
    resolver = resolver_for(dns_server, timeout=0.5)
    results: list[tuple[str, ...]] = []
    barrier = threading.Barrier(4)

    def work() -> None:
        barrier.wait()
        results.append(resolver.lookup(IE))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [()] * 4
    assert len(dns_server.queries) == 1


# --- forward confirmation ------------------------------------------------------------------


def test_a_name_that_resolves_back_is_confirmed(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(US, "dns.google.")
    dns_server.add("dns.google", "A", "8.8.4.4")
    dns_server.add("dns.google", "A", US)
    answer = resolver_for(dns_server).answer(US)
    assert answer == PtrAnswer(("dns.google",), ("dns.google",), PtrStatus.ANSWERED)
    assert answer.claimed == ()


def test_a_forged_name_is_only_claimed(dns_server: DnsTestServer) -> None:
    """No A record, or one leading elsewhere: whoever runs the block only claims the name."""
    dns_server.add_ptr(US, "vps-1.ovh.net.")  # NXDOMAIN forward
    dns_server.add_ptr(FR, "mail.ovh.net.")
    dns_server.add("mail.ovh.net", "A", "51.38.99.99")  # another address
    dns_server.add_ptr(IE, "v6.example.net.")
    dns_server.add("v6.example.net", "A", US)  # an IPv4 answer does not confirm an IPv6 address
    resolver = resolver_for(dns_server)
    assert resolver.answer(US) == PtrAnswer(("vps-1.ovh.net",), ())
    assert resolver.answer(FR) == PtrAnswer(("mail.ovh.net",), ())
    assert resolver.answer(IE).claimed == ("v6.example.net",)
    assert ("v6.example.net", "AAAA") in dns_server.queries


def test_ipv6_is_confirmed_by_aaaa_and_through_a_cname(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(IE, "host.example.net.")
    dns_server.add("host.example.net", "CNAME", "real.example.net.")
    dns_server.add("real.example.net", "AAAA", "2a00:1450:4001:0:0:0:0:1")
    assert resolver_for(dns_server).answer(f"{IE}").confirmed == ("host.example.net",)


def test_only_some_names_confirmed_and_the_checks_are_bounded(dns_server: DnsTestServer) -> None:
    names = [f"n{i}.example.net" for i in range(MAX_CONFIRM + 3)]
    for name in names:
        dns_server.add_ptr(FR, name)
        dns_server.add(name, "A", FR)
    answer = resolver_for(dns_server).answer(FR)
    assert sorted(answer.names) == names
    assert len(answer.confirmed) == MAX_CONFIRM
    assert set(answer.confirmed) < set(answer.names)
    assert len([q for q in dns_server.queries if q[1] == "A"]) == MAX_CONFIRM


def test_the_names_kept_are_bounded(dns_server: DnsTestServer) -> None:
    for i in range(MAX_NAMES + 10):
        dns_server.add_ptr(FR, f"n{i}.example.net")
    assert len(resolver_for(dns_server, tcp=True).lookup(FR)) == MAX_NAMES


def test_confirmation_is_cached_with_the_names(dns_server: DnsTestServer) -> None:
    clock = FakeClock()
    dns_server.add_ptr(US, "dns.google.", ttl=600)
    dns_server.add("dns.google", "A", US)
    resolver = resolver_for(dns_server, clock=clock)
    first = resolver.answer(US)
    clock.advance(599)
    assert resolver.cached_answer(US) == first == PtrAnswer(("dns.google",), ("dns.google",))
    assert len(dns_server.queries) == 2


def test_a_failed_confirmation_is_kept_briefly(dns_server: DnsTestServer) -> None:
    clock = FakeClock()
    dns_server.add_ptr(US, "dns.google.", ttl=3600)
    dns_server.add("dns.google", "A", US)
    dns_server.set_rcode("dns.google", "SERVFAIL")
    resolver = resolver_for(dns_server, clock=clock, failure_ttl=30)
    assert resolver.answer(US) == PtrAnswer(("dns.google",), ())
    clock.advance(31)  # not the PTR's hour: the confirmation is asked again
    assert resolver.cached_answer(US) is None
    dns_server.set_rcode("dns.google", None)
    assert resolver.answer(US).confirmed == ("dns.google",)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(labels=st.lists(st.binary(min_size=1, max_size=20), min_size=1, max_size=4))
def test_hostile_ptr_names_stay_inert_dns_text(labels: list[bytes]) -> None:
    """Any bytes in a PTR name: no exception, the name as DNS text, confirmation still works."""
    target = dns.name.Name([*labels, b""])
    with DnsTestServer() as server:
        server.add_ptr(FR, target.to_text())
        server.add(target.to_text(), "A", FR)
        answer = resolver_for(server, timeout=1.0).answer(FR)
    assert answer.names == (target.to_text(omit_final_dot=True),)
    assert answer.confirmed == answer.names
    assert answer.names[0].isascii() and answer.names[0].isprintable()


# --- a dead or slow server ----------------------------------------------------------------


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_black_hole_is_asked_a_few_times_then_rests(
    black_hole_dns: DnsTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 7: after repeated time-outs the resolver stops asking for that batch, says so once."""
    ips = [f"51.38.{i // 200}.{i % 200 + 1}" for i in range(60)]
    resolver = resolver_for(black_hole_dns, timeout=0.3, max_concurrency=4, max_timeouts=3)
    with caplog.at_level(logging.WARNING):
        answers = resolver.answers_many(ips)
    assert set(answers) == set(ips)
    assert all(a.names == () and not a.answered for a in answers.values())
    statuses = [a.status for a in answers.values()]
    # The four in flight, and at most one more per slot freed before the third time-out.
    asked = len(black_hole_dns.queries)
    assert statuses.count(PtrStatus.FAILED) == asked <= 4 + 3 - 1
    assert statuses.count(PtrStatus.SKIPPED) == len(ips) - asked
    assert sum(a.tripped for a in answers.values()) == 1
    kept = [a for ip in ips if (a := resolver.cached_answer(ip)) is not None]
    assert kept and not any(a.tripped for a in kept)  # cached without it: said once
    assert resolver.resting
    [warning] = warnings_of(caplog)
    assert f"127.0.0.1:{black_hole_dns.port}" in warning and "did not answer" in warning
    # The next batch (the next poll) does not ask it either, and says nothing again.
    caplog.clear()
    black_hole_dns.clear_queries()
    assert all(not a.answered for a in resolver.answers_many(ips).values())
    assert black_hole_dns.queries == []
    assert warnings_of(caplog) == []


def test_a_resting_server_is_probed_once_then_rests_longer(
    black_hole_dns: DnsTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    resolver = resolver_for(
        black_hole_dns, timeout=0.2, max_timeouts=2, rest=30, max_rest=50, clock=clock
    )
    for ip in (US, FR):
        assert resolver.answer(ip).status is PtrStatus.FAILED
    assert len(black_hole_dns.queries) == 2
    assert resolver.answer(FR).status is PtrStatus.FAILED  # cached: not asked again
    assert resolver.answer(IE).status is PtrStatus.SKIPPED
    clock.advance(31)
    assert resolver.answer(IE).status is PtrStatus.FAILED  # the probe
    assert len(black_hole_dns.queries) == 3
    clock.advance(31)  # the rest doubled (to 50 at most): still resting
    assert resolver.answer("51.38.0.9").status is PtrStatus.SKIPPED
    assert len(black_hole_dns.queries) == 3
    clock.advance(20)
    black_hole_dns.drop = False  # it answers again
    black_hole_dns.add_ptr("51.38.0.9", "back.example.net")
    with caplog.at_level(logging.INFO):
        assert resolver.lookup("51.38.0.9") == ("back.example.net",)
    assert not resolver.resting
    assert any("answers again" in r.getMessage() for r in caplog.records)
    assert len(warnings_of(caplog)) == 1  # when it started resting; never for the probe


def test_a_slow_server_costs_one_budget_per_batch(
    dns_server: DnsTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Answers that each take long: the batch stops at its budget, and says so once."""
    expected = many_ptrs(dns_server, 30)
    dns_server.response_delay = 0.4
    resolver = resolver_for(dns_server, max_concurrency=2, budget=1.0, timeout=2.0)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        answers = resolver.answers_many(expected)
    elapsed = time.monotonic() - started
    assert elapsed < 5.0  # generous: the budget is 1 s; 30 addresses unbounded would take 12 s
    skipped = [ip for ip, a in answers.items() if a.status is PtrStatus.SKIPPED]
    assert 0 < len(skipped) < len(expected)
    assert all(resolver.cached_answer(ip) is None for ip in skipped)  # asked again next time
    assert not resolver.resting  # slow is not dead
    [warning] = warnings_of(caplog)
    assert "slow" in warning and f"{len(skipped)} of {len(expected)}" in warning
    caplog.clear()  # the next batch (poll) is still too slow: not said again
    with caplog.at_level(logging.WARNING):
        again = resolver.answers_many(skipped)
    assert any(a.status is PtrStatus.SKIPPED for a in again.values())
    assert warnings_of(caplog) == []


# --- the test server itself -----------------------------------------------------------------


@pytest.fixture
def stub(dns_server: DnsTestServer) -> dns.resolver.Resolver:
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [dns_server.host]
    resolver.port = dns_server.port
    resolver.lifetime = 2.0
    return resolver


def test_server_serves_common_types_with_their_ttls(
    dns_server: DnsTestServer, stub: dns.resolver.Resolver
) -> None:
    dns_server.add("example.org", "A", "192.0.2.1", ttl=77)
    dns_server.add("example.org", "AAAA", "2001:db8::1", ttl=78)
    dns_server.add("example.org", "MX", "10 mx1.example.org.", ttl=79)
    dns_server.add("example.org", "MX", "20 mx2.example.org", ttl=79)
    dns_server.add("_imaps._tcp.example.org", "SRV", "0 5 993 imap.example.org.", ttl=80)
    dns_server.add("example.org", "TXT", 'v=spf1 "quoted" -all', ttl=81)
    dns_server.add("mail.example.org", "CNAME", "example.org", ttl=30)

    answer = stub.resolve("example.org", "A")
    assert [r.address for r in answer] == ["192.0.2.1"]
    assert answer.rrset is not None and answer.rrset.ttl == 77
    assert [r.address for r in stub.resolve("example.org", "AAAA")] == ["2001:db8::1"]
    mx = sorted((r.preference, r.exchange.to_text()) for r in stub.resolve("example.org", "MX"))
    assert mx == [(10, "mx1.example.org."), (20, "mx2.example.org.")]
    srv = stub.resolve("_imaps._tcp.example.org", "SRV")
    assert [(r.priority, r.weight, r.port, r.target.to_text()) for r in srv] == [
        (0, 5, 993, "imap.example.org.")
    ]
    assert [b"".join(r.strings) for r in stub.resolve("example.org", "TXT")] == [
        b'v=spf1 "quoted" -all'
    ]
    chained = stub.resolve("MAIL.Example.ORG", "A")  # names are case-insensitive
    assert [r.address for r in chained] == ["192.0.2.1"]
    assert chained.canonical_name == dns.name.from_text("example.org")  # case-insensitive
    assert chained.chaining_result.minimum_ttl == 30
    assert dns_server.queries[-1] == ("mail.example.org", "A")


def test_server_negative_answers(dns_server: DnsTestServer) -> None:
    dns_server.add("example.org", "SOA", "ns.example.org. admin.example.org. 1 3600 600 86400 60")
    dns_server.add("example.org", "A", "192.0.2.1")
    query = dns.message.make_query("missing.example.org", "A")
    response = dns.query.udp(query, dns_server.host, port=dns_server.port, timeout=2)
    assert response.rcode() == dns.rcode.NXDOMAIN
    assert response.flags & dns.flags.AA
    assert [rrset.rdtype for rrset in response.authority] == [dns.rdatatype.SOA]
    response = dns.query.tcp(
        dns.message.make_query("example.org", "MX"), dns_server.host, port=dns_server.port
    )
    assert response.rcode() == dns.rcode.NOERROR
    assert response.answer == []
    response = dns.query.udp(
        dns.message.make_query("elsewhere.test", "A"), dns_server.host, port=dns_server.port
    )
    assert response.rcode() == dns.rcode.NXDOMAIN and response.authority == []


def test_server_records_queries_and_transports(
    dns_server: DnsTestServer, stub: dns.resolver.Resolver
) -> None:
    dns_server.add("a.test", "A", "192.0.2.7")
    stub.resolve("a.test", "A")
    stub.resolve("a.test", "A", tcp=True)
    assert dns_server.received == [
        ReceivedQuery("a.test", "A", "udp"),
        ReceivedQuery("a.test", "A", "tcp"),
    ]
    dns_server.clear_queries()
    assert dns_server.queries == []
    assert dns_server.wait_for_queries(1, timeout=0.05) is False


def test_server_ignores_garbage_and_keeps_serving(
    dns_server: DnsTestServer, stub: dns.resolver.Resolver
) -> None:
    dns_server.add("a.test", "A", "192.0.2.7")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"\x00garbage", (dns_server.host, dns_server.port))
    with socket.create_connection((dns_server.host, dns_server.port), timeout=2) as sock:
        sock.sendall(b"\x00\x05hello")
    assert [r.address for r in stub.resolve("a.test", "A")] == ["192.0.2.7"]
    assert dns_server.queries == [("a.test", "A")]


def test_servers_get_distinct_ports_and_stop_cleanly() -> None:
    with DnsTestServer() as one, DnsTestServer() as two:
        assert one.port != two.port
        one.add("x.test", "A", "192.0.2.1")
        two.add("x.test", "A", "192.0.2.2")
        for server, address in ((one, "192.0.2.1"), (two, "192.0.2.2")):
            response = dns.query.udp(
                dns.message.make_query("x.test", "A"), server.host, port=server.port, timeout=2
            )
            assert response.answer[0][0].address == address
    started = time.monotonic()
    server = DnsTestServer().start()
    server.response_delay = 30.0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(dns.message.make_query("x.test", "A").to_wire(), (server.host, server.port))
        assert server.wait_for_queries(1)
        server.stop()  # does not wait for the 30 s delay
    assert time.monotonic() - started < 10.0
