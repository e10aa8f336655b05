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
import pytest

from app.core.dns.reverse import MAX_TTL, MIN_TTL, ReverseResolver
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


# --- answers --------------------------------------------------------------------------------


def test_ipv4_ptr_over_udp(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(US, "dns.google.")
    assert resolver_for(dns_server).lookup(US) == ("dns.google",)
    assert dns_server.received == [ReceivedQuery("8.8.8.8.in-addr.arpa", "PTR", "udp")]


def test_ipv6_ptr(dns_server: DnsTestServer) -> None:
    dns_server.add_ptr(IE, "dub08s01-in-x01.1e100.net")
    assert resolver_for(dns_server).lookup(IE) == ("dub08s01-in-x01.1e100.net",)
    assert dns_server.queries == [(ptr_name(IE), "PTR")]
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
    assert len(dns_server.queries) == 1


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
    assert dns_server.received == [ReceivedQuery(ptr_name(US), "PTR", "tcp")]


def test_truncated_udp_answer_is_retried_over_tcp(dns_server: DnsTestServer) -> None:
    names = [f"host-{i:02d}-with-a-rather-long-name.customer.example.net" for i in range(20)]
    for name in names:
        dns_server.add_ptr(FR, name)
    assert sorted(resolver_for(dns_server).lookup(FR)) == names
    assert [q.transport for q in dns_server.received] == ["udp", "tcp"]


def test_server_forcing_truncation(dns_server: DnsTestServer) -> None:
    dns_server.truncate_udp = True
    dns_server.add_ptr(US, "dns.google")
    assert resolver_for(dns_server).lookup(US) == ("dns.google",)
    assert [q.transport for q in dns_server.received] == ["udp", "tcp"]


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
    assert len(dns_server.queries) == 1
    clock.advance(2)
    assert resolver.cached(US) is None
    dns_server.remove(ptr_name(US))
    dns_server.add_ptr(US, "renamed.google", ttl=600)
    assert resolver.lookup(US) == ("renamed.google",)
    assert len(dns_server.queries) == 2


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
    assert len(dns_server.queries) == 2


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
    assert dns_server.queries == [(ptr_name(US), "PTR")]


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
    assert len(dns_server.queries) == len(expected)


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
    assert sorted(dns_server.queries) == sorted(
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
    assert dns_server.queries == [(ptr_name(US), "PTR")]


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
