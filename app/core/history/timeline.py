"""The timeline: program–address pairs seen per hour or per day, stacked by law or by country.

The store counts each pair once per hour and once per day, by country and law (`Activity`);
this module turns those rows into what the History window draws: one bucket per hour or day of
the range, the empty ones included (an hour without rows is an hour the app was not running,
and is shown as such), and a few series, in a fixed order. Laws come in the order every view
shows them (`Jurisdiction`); countries by how many pairs they had in the range, the few
busiest, the rest summed as "other countries". Pure and Qt-free: the window's reading task
builds it, the chart only paints it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from app.core.history.store import SPANS, Activity
from app.core.jurisdiction import Jurisdiction

# How many buckets each span shows: the last 48 hours, the last 30 days.
BUCKETS: Mapping[str, int] = MappingProxyType({"hour": 48, "day": 30})
TOP_COUNTRIES = 6
OTHER_COUNTRIES = "*"  # the series of every country after the busiest (never an ISO code)
UNKNOWN_COUNTRY = ""  # a country the databases did not know (a series like any other)
LAW_ORDER: tuple[str, ...] = tuple(j.value for j in Jurisdiction)


class By(StrEnum):
    LAW = "law"
    COUNTRY = "country"


@dataclass(frozen=True, slots=True)
class Bucket:
    """One hour or day: its first second (UTC) and the pairs of each series, in series order."""

    start: float
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class Timeline:
    """What the chart draws: buckets from ``start`` (included) to ``end`` (excluded)."""

    span: str  # "hour" or "day"
    by: By
    start: float
    end: float
    series: tuple[str, ...]  # law values (EU_GDPR…), or country codes then OTHER_COUNTRIES
    buckets: tuple[Bucket, ...]
    totals: tuple[int, ...]  # per series, over the whole range

    @property
    def total(self) -> int:
        return sum(self.totals)

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def peak(self) -> int:
        """The tallest bar."""
        return max((bucket.total for bucket in self.buckets), default=0)


def span_range(span: str, now: float, count: int | None = None) -> tuple[float, float]:
    """The last ``count`` hours or days up to ``now``, the current one included: (start, end),
    on the store's bucket boundaries (UTC)."""
    length = SPANS[span]
    count = BUCKETS[span] if count is None else count
    end = float(math.floor(now / length) * length + length)
    return end - count * length, end


def timeline(
    activity: Iterable[Activity],
    span: str,
    start: float,
    end: float,
    by: By | str = By.LAW,
    top: int = TOP_COUNTRIES,
) -> Timeline:
    """The buckets of ``span`` from ``start`` to ``end`` with ``activity``'s pairs in them
    (rows outside the range are left out), grouped ``by`` law or country."""
    by = By(by)
    length = SPANS[span]
    first = math.floor(start / length) * length
    starts = tuple(
        float(first + i * length) for i in range(max(0, math.ceil((end - first) / length)))
    )
    index = {s: i for i, s in enumerate(starts)}
    counts: dict[tuple[int, str], int] = {}
    for row in activity:
        slot = index.get(float(math.floor(row.start / length) * length))
        if slot is None or row.pairs <= 0:
            continue
        key = _law(row.law) if by is By.LAW else row.country.strip().upper()
        counts[slot, key] = counts.get((slot, key), 0) + row.pairs
    per_key: dict[str, int] = {}
    for (_slot, key), n in counts.items():
        per_key[key] = per_key.get(key, 0) + n
    if by is By.LAW:
        series = tuple(law for law in LAW_ORDER if per_key.get(law))
        group = {law: law for law in series}
    else:
        ranked = sorted(per_key, key=lambda code: (-per_key[code], code))
        kept = ranked[: max(0, top)]
        rest = ranked[len(kept) :]
        series = (*kept, OTHER_COUNTRIES) if rest else tuple(kept)
        group = {code: code for code in kept} | {code: OTHER_COUNTRIES for code in rest}
    position = {key: i for i, key in enumerate(series)}
    table = [[0] * len(series) for _ in starts]
    for (slot, key), n in counts.items():
        table[slot][position[group[key]]] += n
    buckets = tuple(Bucket(s, tuple(row)) for s, row in zip(starts, table, strict=True))
    totals = tuple(sum(row[i] for row in table) for i in range(len(series)))
    return Timeline(span, by, float(start), float(end), series, buckets, totals)


def _law(law: str) -> str:
    """A stored law as a series key (empty or unknown: UNKNOWN)."""
    return law if law in LAW_ORDER else Jurisdiction.UNKNOWN.value


def round_ticks(peak: int, most: int = 5) -> tuple[int, ...]:
    """A few round values from 0 to at least ``peak`` for the y axis (1, 2 or 5 × 10ⁿ apart,
    at most ``most`` + 1 of them): 0–7 → 0, 2, 4, 6, 8."""
    if peak <= 0:
        return (0, 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            size = step * factor
            if math.ceil(peak / size) <= most:
                top = math.ceil(peak / size) * size
                return tuple(range(0, top + 1, size))
        step *= 10
