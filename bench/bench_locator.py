"""The whole locator against bare ``maxminddb`` look-ups, on the same addresses in the same run.

100 000 distinct random public addresses (seeded; half IPv4, half global-unicast IPv6 from
2000::/3; ``classify`` keeps only public ones) go through ``Locator.locate`` — scope, the embedded
country and ASN databases, cloud regions, edge lists, the provider registry and the verdict —
and through ``maxminddb.Reader.get`` on the embedded country database alone. Each pass of the
locator starts cold: a new Locator over newly opened databases, so neither its address cache nor
its per-network cache nor the databases' memos hold anything (the embedded cloud, edge and
provider data are built once per process beforehand, as ``warm_up()`` does at start-up).

Targets (issue "Location intelligence"): at least 100 000 addresses per second, and at most 3
times the time of the bare ``get()`` calls.
"""

from __future__ import annotations

import ipaddress
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import maxminddb

from app.core.addresses import classify
from app.core.geo.locator import Locator, default_database_paths
from app.core.model import AddressScope

COUNT = 100_000
SEED = 20260501
PASSES = 3
TARGET_RATE = 100_000.0
TARGET_RATIO = 3.0


def sample_addresses(count: int = COUNT, seed: int = SEED, ipv4_share: float = 0.5) -> list[str]:
    """Distinct random public addresses, in random order."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        if rng.random() < ipv4_share:
            text = str(ipaddress.IPv4Address(rng.getrandbits(32)))
        else:
            text = str(ipaddress.IPv6Address((1 << 125) | rng.getrandbits(125)))
        if text not in seen and classify(text) is AddressScope.PUBLIC:
            seen.add(text)
            out.append(text)
    return out


def embedded_paths() -> list[Path]:
    return default_database_paths()


def country_database(paths: Sequence[Path]) -> Path:
    return next(path for path in paths if "country" in path.name.lower())


def timed(call: Callable[[str], object], addresses: Sequence[str]) -> float:
    """Seconds for one call per address; results are dropped at once, as a caller would."""
    start = time.perf_counter()
    for ip in addresses:
        call(ip)
    return time.perf_counter() - start


def bare_pass(path: Path, addresses: Sequence[str]) -> float:
    with maxminddb.open_database(str(path)) as reader:
        return timed(reader.get, addresses)


def both_pass(paths: Sequence[Path], addresses: Sequence[str]) -> float:
    """The least any locator must do: one get() in each embedded database (country and ASN)."""
    readers = [maxminddb.open_database(str(path)) for path in paths]
    try:
        gets = [reader.get for reader in readers]
        start = time.perf_counter()
        for ip in addresses:
            for get in gets:
                get(ip)
        return time.perf_counter() - start
    finally:
        for reader in readers:
            reader.close()


def locator_pass(paths: Sequence[Path], addresses: Sequence[str]) -> float:
    locator, errors = Locator.from_paths(paths)
    if errors:
        raise SystemExit(f"embedded databases unusable: {errors}")
    with locator:
        locator.warm_up()  # process-wide data, already built: returns at once
        return timed(locator.locate, addresses)


def compare(label: str, paths: Sequence[Path], addresses: Sequence[str]) -> tuple[float, float]:
    """(locator addresses/s, ratio to bare get() on the country database), best of PASSES."""
    country = country_database(paths)
    bare = both = whole = float("inf")
    for _ in range(PASSES):  # interleaved, best of each: the machine is shared
        bare = min(bare, bare_pass(country, addresses))
        both = min(both, both_pass(paths, addresses))
        whole = min(whole, locator_pass(paths, addresses))
    count = len(addresses)
    print(
        f"{label:<10} locator {count / whole:>9,.0f}/s   bare get() {count / bare:>10,.0f}/s   "
        f"ratio {whole / bare:5.2f}   (get() in both databases {count / both:>9,.0f}/s, "
        f"ratio {whole / both:4.2f})"
    )
    return count / whole, whole / bare


def main() -> None:
    paths = embedded_paths()
    print("databases: " + ", ".join(path.name for path in paths))
    start = time.perf_counter()
    locator, _ = Locator.from_paths(paths)
    locator.warm_up()
    locator.close()
    elapsed = time.perf_counter() - start
    print(f"warm-up (cloud index, edge lists, providers, laws): {elapsed:.2f} s")

    addresses = sample_addresses()
    rate, ratio = compare("mixed", paths, addresses)
    compare("IPv4 only", paths, sample_addresses(COUNT // 2, SEED + 1, ipv4_share=1.0))
    compare("IPv6 only", paths, sample_addresses(COUNT // 2, SEED + 2, ipv4_share=0.0))

    locator, _ = Locator.from_paths(paths)
    with locator:
        for ip in addresses:
            locator.locate(ip)
        hits = timed(locator.locate, addresses[-50_000:])
    print(f"repeat look-ups (address cache): {50_000 / hits:,.0f} addresses/s")

    verdict = "met" if rate >= TARGET_RATE and ratio <= TARGET_RATIO else "NOT met"
    print(
        f"targets ≥ {TARGET_RATE:,.0f}/s and ratio ≤ {TARGET_RATIO:g} on the mixed set: {verdict} "
        f"({rate:,.0f}/s, ratio {ratio:.2f})"
    )


if __name__ == "__main__":
    main()
