"""The whole locator against bare ``maxminddb`` look-ups, on the same addresses in the same run.

100 000 distinct random public addresses (seeded; half IPv4, half global-unicast IPv6 from
2000::/3; ``classify`` keeps only public ones) go through ``Locator.locate`` — scope, the embedded
database (country, coordinates, AS number and organisation in one record), cloud regions, edge
lists, the provider registry and the verdict — and through ``maxminddb.Reader.get`` on the same
embedded database file(s) the locator reads, nothing else. Then 50 000 IPv4-only and 50 000
IPv6-only addresses the same way.

Runs come in PASSES pairs (a bare run and a locator run back to back, alternately first); the
rates are the medians of each side's runs and the ratio the median of the pairs' ratios, so a
busy moment of the shared machine hurts both sides alike. Each locator run starts cold: a
new Locator over newly opened databases, so neither its caches nor the databases' memos hold
anything; only the process-wide embedded cloud, edge, provider and law data are built beforehand,
as ``warm_up()`` does at start-up. The garbage collector runs as in the app (enabled, default
thresholds, nothing frozen).

Targets: at least 50 000 addresses per second on the mixed set (a whole day's distinct addresses
of a busy machine in a second or two), at most 6 times the cost of bare ``get()`` on the same
files. Issue 8 asked 200 000/s when the embedded data were one country-and-AS file; since issue
10 every address is also looked up in the city file, whose /24-deep tree makes the bare look-ups
about four times dearer (measured side by side: 1.12 M/s on the one file, 0.49 M/s on the two),
while the locator's own share, the ratio, stayed near 5. The locator builds
every answer as plain frozen dataclasses (a ``LocatedEndpoint`` and its ``Endpoint``), which
costs more per address than the C look-up itself; the "building answers" line measures that
part alone, in the same run, so the price of the plain code stays visible. (Before issue 8 the
answers were built by ``__class__``-swapping shells: ratio about 3 where it is now about 5.)
"""

from __future__ import annotations

import gc
import ipaddress
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import maxminddb

from app.core.addresses import classify
from app.core.geo.locator import Locator, default_database_paths
from app.core.model import AddressScope, Endpoint, LocatedEndpoint

COUNT = 100_000
SEED = 20260501
PASSES = 5
TARGET_RATE = 50_000.0
TARGET_RATIO = 6.0


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


def timed(call: Callable[[str], object], addresses: Sequence[str]) -> float:
    """Seconds for one call per address; results are dropped at once, as a caller would."""
    start = time.perf_counter()
    for ip in addresses:
        call(ip)
    return time.perf_counter() - start


def build_answer(ip: str) -> LocatedEndpoint:
    """What locate() builds per address once it knows the network's answer."""
    return LocatedEndpoint(Endpoint(ip), AddressScope.PUBLIC, None, None, (), None, None, None)


def bare_pass(paths: Sequence[Path], addresses: Sequence[str]) -> float:
    """The least any locator must do: one get() per address in each embedded database."""
    readers = [maxminddb.open_database(str(path)) for path in paths]
    try:
        if len(readers) == 1:
            return timed(readers[0].get, addresses)
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
    """(locator addresses/s, ratio to bare get()): medians of PASSES pairs of runs, each pair a
    bare run and a locator run back to back (which goes first alternates), the ratio that of
    each pair's times: the machine is shared, and its speed drifts between pairs more than
    within one."""
    bare: list[float] = []
    whole: list[float] = []
    for number in range(PASSES):
        if number % 2:
            whole.append(locator_pass(paths, addresses))
            bare.append(bare_pass(paths, addresses))
        else:
            bare.append(bare_pass(paths, addresses))
            whole.append(locator_pass(paths, addresses))
    count = len(addresses)
    bare_s, whole_s = statistics.median(bare), statistics.median(whole)
    ratio = statistics.median(w / b for w, b in zip(whole, bare, strict=True))
    print(
        f"{label:<10} {count:>7,} addresses   locator {count / whole_s:>9,.0f}/s   "
        f"bare get() {count / bare_s:>10,.0f}/s   ratio {ratio:5.2f}   "
        f"(per address: locator {min(whole) / count * 1e6:.2f}–{max(whole) / count * 1e6:.2f} µs, "
        f"bare {min(bare) / count * 1e6:.2f}–{max(bare) / count * 1e6:.2f} µs)"
    )
    return count / whole_s, ratio


def main() -> None:
    paths = embedded_paths()
    print("databases: " + ", ".join(path.name for path in paths))
    print(
        f"garbage collector: {'enabled' if gc.isenabled() else 'DISABLED'}, thresholds "
        f"{gc.get_threshold()}, {gc.get_freeze_count()} objects frozen; "
        f"medians of {PASSES} pairs of runs"
    )
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
        for ip in addresses[-50_000:]:
            locator.locate(ip)
        hits = min(timed(locator.locate, addresses[-50_000:]) for _ in range(3))
    print(f"repeat look-ups (per-network cache): {50_000 / hits:,.0f} addresses/s")

    building = min(timed(build_answer, addresses) for _ in range(3))
    print(
        f"building answers alone (Endpoint + LocatedEndpoint, frozen dataclasses): "
        f"{building / len(addresses) * 1e6:.2f} µs per address"
    )

    verdict = "met" if rate >= TARGET_RATE and ratio <= TARGET_RATIO else "NOT met"
    print(
        f"targets ≥ {TARGET_RATE:,.0f}/s and ≤ {TARGET_RATIO:.0f}× bare get() on the mixed set: "
        f"{verdict} ({rate:,.0f}/s, ratio {ratio:.2f})"
    )


if __name__ == "__main__":
    main()
