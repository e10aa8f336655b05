"""The locator's caches: an answer kept for a CIDR block answers every address of that block and
no other, whatever block size it was written under; memos stay bounded, and a record they
cannot key is answered anyway."""

from __future__ import annotations

import ipaddress
import random
from pathlib import Path

import pytest

from app.core.geo.caches import LEVELS, BlockCache, Memo, block_prefix
from app.core.geo.locator import Locator
from app.core.geo.mmdb import MmdbDatabase
from tests.fixtures.geo import build_mmdb


def _value(ip: str) -> tuple[int, int]:
    address = ipaddress.ip_address(ip)
    return address.version, int(address)


@pytest.mark.parametrize(
    "network",
    [
        "10.0.0.0/8",  # wider than the coarsest size: written under each of its /16 blocks
        "172.16.0.0/16",
        "192.168.16.0/20",
        "192.168.17.0/24",
        "203.0.112.0/22",  # between two sizes: kept for the /24 the address was met in
        "2400::/6",
        "2001:db8::/32",
        "2001:db8:1::/48",
    ],
)
def test_a_kept_block_answers_inside_and_never_outside(network: str) -> None:
    net = ipaddress.ip_network(network)
    cache: BlockCache[str] = BlockCache(1 << 20)
    middle = int(net.network_address) + net.num_addresses // 2
    cache.put(net.version, middle, net.prefixlen, network)
    bits = net.max_prefixlen
    # The block it is kept for: the network itself, or the block of the next size that holds
    # the address met (never more than the network).
    level = next(size for size in LEVELS[net.version] if size >= net.prefixlen)
    kept = net if net.prefixlen <= LEVELS[net.version][0] else None
    if kept is None:
        kept = type(net)((middle >> (bits - level) << (bits - level), level))
    assert kept.subnet_of(net)  # type: ignore[arg-type]
    rng = random.Random(network)
    inside = [int(kept.network_address), int(kept.broadcast_address)]
    inside += [
        rng.randint(int(kept.network_address), int(kept.broadcast_address)) for _ in range(200)
    ]
    for value in inside:
        assert cache.get(net.version, value) == network, hex(value)
    outside = [int(net.network_address) - 1, int(net.broadcast_address) + 1]
    outside += [rng.getrandbits(bits) for _ in range(200)]
    for value in outside:
        if not int(net.network_address) <= value <= int(net.broadcast_address):
            assert cache.get(net.version, value) is None, hex(value)


def test_networks_finer_than_the_finest_size_are_not_kept() -> None:
    cache: BlockCache[str] = BlockCache(1000)
    version, value = _value("198.51.100.7")
    cache.put(version, value, 25, "a /25")
    assert cache.get(version, value) is None
    version, value = _value("2001:db8::1")
    cache.put(version, value, 64, "a /64")
    assert cache.get(version, value) is None


def test_a_full_block_cache_starts_again_and_a_zero_limit_keeps_nothing() -> None:
    cache: BlockCache[int] = BlockCache(4)
    values = [int(ipaddress.IPv4Address(f"192.0.{n}.1")) for n in range(5)]
    for number, value in enumerate(values):
        cache.put(4, value, 24, number)
    assert [cache.get(4, value) for value in values] == [None, None, None, None, 4]
    cache.put(4, values[0], 8, 0)  # 256 blocks at once: past the limit, kept until the next
    assert cache.get(4, values[3]) == 0
    empty: BlockCache[int] = BlockCache(0)
    empty.put(4, values[0], 16, 1)
    assert empty.get(4, values[0]) is None


def test_block_prefix_gives_the_largest_block_inside_the_stretch() -> None:
    rng = random.Random(5)
    for bits in (32, 128):
        for _ in range(2000):
            first, last = sorted(rng.getrandbits(bits) for _ in range(2))
            value = rng.randint(first, last)
            prefix = block_prefix(value, first, last, bits)
            size = bits - prefix
            start = value >> size << size
            assert first <= start and start + (1 << size) - 1 <= last
            if prefix:  # the next larger block does not fit
                larger = value >> (size + 1) << (size + 1)
                assert larger < first or larger + (1 << (size + 1)) - 1 > last


def test_memo_is_bounded_and_says_when_a_key_cannot_be_kept() -> None:
    memo: Memo[int, str] = Memo(3)
    for number in range(3):
        memo.put(number, str(number))
    assert [memo.get(number) for number in range(3)] == ["0", "1", "2"]
    memo.put(3, "3")  # full: starts again
    assert dict(memo) == {3: "3"}
    with pytest.raises(TypeError):
        memo.get([1, 2])  # type: ignore[arg-type]
    nothing: Memo[int, str] = Memo(0)
    nothing.put(1, "1")
    assert nothing.get(1) is None


def test_a_record_no_memo_can_key_is_still_answered(tmp_path: Path) -> None:
    """A file whose record holds a list where text belongs (the memos key on the record's
    values): the answer is worked out each time instead, equal each time, and the same from a
    locator that keeps nothing."""
    record = {
        "country": {"iso_code": "FR"},
        "autonomous_system_number": 64500,
        "autonomous_system_organization": ["not", "text"],
    }
    path = build_mmdb(
        tmp_path / "odd.mmdb", {"198.51.0.0/16": record}, database_type="DataLocator-Country-ASN"
    )
    answers = []
    for cache_size in (65536, 0):
        with Locator([MmdbDatabase.open(path)], cache_size=cache_size) as locator:
            answers += [locator.locate("198.51.7.1"), locator.locate("198.51.200.9")]
    first = answers[0]
    assert first.location is not None and first.location.country_code == "FR"
    assert first.network is not None and (first.network.asn, first.network.organisation) == (
        64500,
        None,
    )
    assert [(a.location, a.network, a.notes, a.provider, a.verdict) for a in answers] == [
        (first.location, first.network, first.notes, first.provider, first.verdict)
    ] * 4
