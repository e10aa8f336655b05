"""History benchmark (issue 15): the cost of writing one poll of 2,000 observations (target
under 20 ms), and the file's size after 30 simulated days of a busy machine that reaches 500
new endpoints a day (target under 50 MB), measured in one run on a real SQLite file.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from app.core.history.store import DAY_S, HistoryStore, Place, Seen, Use

OBSERVATIONS = 2000
POLLS = 30
DAYS = 30
NEW_PER_DAY = 500
POLLS_PER_DAY = 48  # a busy day's distinct moments, each with every endpoint of the day
T0 = 1_800_000_000.0
COMPANIES = ("OVHcloud", "Google", "Amazon / AWS", "Microsoft", "Cloudflare", "Hetzner")
LAWS = ("EU_GDPR", "US_REACH", "ADEQUACY")


def place(n: int) -> Place:
    return Place(
        f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}",
        ("FR", "US", "DE", "IE", "NL")[n % 5],
        f"City {n % 40}",
        COMPANIES[n % len(COMPANIES)],
        LAWS[n % len(LAWS)],
    )


def poll_ms(folder: Path) -> float:
    store = HistoryStore(folder / "poll.sqlite3")
    uses = tuple(
        Use(f"program-{n % 60}", place(n), "tcp", 443, "other") for n in range(OBSERVATIONS)
    )
    times = []
    for poll in range(POLLS):
        start = time.perf_counter()
        store.record(Seen(T0 + poll * 2, uses))
        times.append((time.perf_counter() - start) * 1000)
    store.close()
    return statistics.median(times[1:])  # the first poll creates the rows


def month_mb(folder: Path) -> float:
    path = folder / "month.sqlite3"
    store = HistoryStore(path)
    for day in range(DAYS):
        today = tuple(
            Use(f"program-{n % 60}", place(day * NEW_PER_DAY + n), "tcp", 443, "other")
            for n in range(NEW_PER_DAY)
        )
        for moment in range(POLLS_PER_DAY):
            store.record(Seen(T0 + day * DAY_S + moment * 1800, today))
    store.prune(T0 + DAYS * DAY_S, keep_days=30)
    store.close()
    sizes = [p.stat().st_size for p in folder.glob("month.sqlite3*")]
    return sum(sizes) / 1e6


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ms = poll_ms(Path(folder))
        print(
            f"history write: {ms:.1f} ms per poll of {OBSERVATIONS} observations (target < 20 ms)"
        )
        mb = month_mb(Path(folder))
        print(
            f"history size: {mb:.1f} MB after {DAYS} days of {NEW_PER_DAY} new endpoints a day"
            " (target < 50 MB)"
        )


if __name__ == "__main__":
    main()
