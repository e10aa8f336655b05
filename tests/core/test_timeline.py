"""The timeline's buckets and series: hand-counted small inputs, and counts a real history file
wrote (each program–address pair once per hour and per day)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.history.overview import read_overview
from app.core.history.store import DAY_S, Activity, Alert, HistoryStore, Place
from app.core.history.timeline import (
    OTHER_COUNTRIES,
    By,
    round_ticks,
    span_range,
    timeline,
)
from tests.fixtures.history import seen

H = 3600.0
T0 = 1_800_000_000.0 // DAY_S * DAY_S  # a UTC midnight


def place(ip: str, country: str, law: str, company: str = "") -> Place:
    return Place(ip, country, "", company, law)


def test_span_range_ends_after_the_current_hour_or_day() -> None:
    now = T0 + 5 * H + 120
    assert span_range("hour", now) == (T0 + 6 * H - 48 * H, T0 + 6 * H)
    assert span_range("day", now) == (T0 + DAY_S - 30 * DAY_S, T0 + DAY_S)
    assert span_range("hour", now, 3) == (T0 + 3 * H, T0 + 6 * H)


def test_buckets_cover_the_range_and_empty_hours_stay_empty() -> None:
    rows = (
        Activity(T0, "FR", "EU_GDPR", 2),
        Activity(T0, "US", "US_REACH", 1),
        Activity(T0 + 3 * H, "FR", "EU_GDPR", 4),
    )
    line = timeline(rows, "hour", T0, T0 + 4 * H)
    assert [b.start for b in line.buckets] == [T0, T0 + H, T0 + 2 * H, T0 + 3 * H]
    assert line.series == ("EU_GDPR", "US_REACH")
    assert [b.counts for b in line.buckets] == [(2, 1), (0, 0), (0, 0), (4, 0)]
    assert [b.total for b in line.buckets] == [3, 0, 0, 4]  # the gaps: the app was not running
    assert line.totals == (6, 1) and line.total == 7 and line.peak == 4
    assert not line.empty


def test_rows_outside_the_range_are_left_out() -> None:
    rows = (
        Activity(T0 - H, "FR", "EU_GDPR", 9),
        Activity(T0 + H, "FR", "EU_GDPR", 1),
        Activity(T0 + 2 * H, "FR", "EU_GDPR", 9),
    )
    line = timeline(rows, "hour", T0, T0 + 2 * H)
    assert [b.total for b in line.buckets] == [0, 1]
    assert line.totals == (1,)


def test_laws_come_in_the_views_order_whatever_the_rows_order() -> None:
    rows = (
        Activity(T0, "CN", "OTHER", 1),
        Activity(T0, "US", "US_REACH", 1),
        Activity(T0, "", "", 3),  # no verdict: unknown
        Activity(T0, "GB", "ADEQUACY", 1),
        Activity(T0, "FR", "EU_GDPR", 1),
        Activity(T0, "XX", "SOMETHING_NEW", 2),  # a law this version does not know: unknown
    )
    line = timeline(rows, "hour", T0, T0 + H, By.LAW)
    assert line.series == ("EU_GDPR", "ADEQUACY", "US_REACH", "OTHER", "UNKNOWN")
    assert line.buckets[0].counts == (1, 1, 1, 1, 5)


def test_the_busiest_countries_then_the_rest_as_other_countries() -> None:
    counts = {"FR": 9, "US": 8, "DE": 7, "IE": 6, "GB": 5, "JP": 4, "NL": 3, "CN": 2, "": 1}
    rows = tuple(Activity(T0, code, "OTHER", n) for code, n in counts.items())
    rows += (Activity(T0 + DAY_S, "CN", "OTHER", 4),)  # CN: 6 in the range, ties with IE
    line = timeline(rows, "day", T0, T0 + 2 * DAY_S, By.COUNTRY, top=6)
    # By pairs in the range, ties by code: CN (6) before IE (6).
    assert line.series == ("FR", "US", "DE", "CN", "IE", "GB", OTHER_COUNTRIES)
    assert line.buckets[0].counts == (9, 8, 7, 2, 6, 5, 4 + 3 + 1)
    assert line.buckets[1].counts == (0, 0, 0, 4, 0, 0, 0)
    assert line.totals == (9, 8, 7, 6, 6, 5, 8)


def test_no_other_countries_when_all_fit() -> None:
    rows = (Activity(T0, "fr", "EU_GDPR", 1), Activity(T0, "US", "US_REACH", 2))
    line = timeline(rows, "hour", T0, T0 + H, "country")
    assert line.series == ("US", "FR")  # codes as the store keeps them, upper case
    assert line.buckets[0].counts == (2, 1)


def test_nothing_recorded_gives_empty_buckets_and_no_series() -> None:
    line = timeline((), "day", T0, T0 + 3 * DAY_S)
    assert line.empty and line.series == () and line.peak == 0
    assert [b.counts for b in line.buckets] == [(), (), ()]
    assert len(timeline((), "hour", *span_range("hour", T0)).buckets) == 48
    assert len(timeline((), "day", *span_range("day", T0)).buckets) == 30


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (0, (0, 1)),
        (1, (0, 1)),
        (3, (0, 1, 2, 3)),
        (7, (0, 2, 4, 6, 8)),
        (10, (0, 2, 4, 6, 8, 10)),
        (11, (0, 5, 10, 15)),
        (48, (0, 10, 20, 30, 40, 50)),
        (230, (0, 50, 100, 150, 200, 250)),
    ],
)
def test_round_ticks(peak: int, ticks: tuple[int, ...]) -> None:
    assert round_ticks(peak) == ticks


def test_a_real_history_counts_each_pair_once_per_hour_and_day(tmp_path: Path) -> None:
    ovh = place("51.38.112.20", "FR", "EU_GDPR", "OVHcloud")
    google = place("142.250.102.108", "US", "US_REACH", "Google")
    bbc = place("151.101.0.81", "GB", "ADEQUACY", "BBC")
    store = HistoryStore(tmp_path / "history.sqlite3")
    # Hour 0: three polls of the same two pairs count 2; another program on OVH counts 1.
    for poll in range(3):
        store.record(seen(T0 + 60 + poll, (("firefox", ovh), ("firefox", google))))
    store.record(seen(T0 + 300, (("thunderbird", ovh),)))
    # Hour 2 (hour 1: nothing, the app was off): the same firefox–OVH pair again, and the BBC.
    store.record(seen(T0 + 2 * H + 5, (("firefox", ovh), ("firefox", bbc))))
    # The next day.
    store.record(seen(T0 + DAY_S + 5, (("firefox", google),)))
    now = T0 + DAY_S + H

    hours = timeline(store.activity("hour", T0), "hour", T0, T0 + 3 * H)
    assert hours.series == ("EU_GDPR", "ADEQUACY", "US_REACH")
    assert [b.counts for b in hours.buckets] == [(2, 0, 1), (0, 0, 0), (1, 1, 0)]

    days = timeline(store.activity("day", T0), "day", T0, T0 + 2 * DAY_S, By.COUNTRY)
    # Day 0: firefox–OVH, thunderbird–OVH, firefox–Google, firefox–BBC, each once.
    assert days.series == ("FR", "US", "GB")
    assert [b.counts for b in days.buckets] == [(2, 1, 1), (0, 1, 0)]

    overview = read_overview(store, now)
    by_law = overview.timelines["hour", By.LAW]
    assert len(by_law.buckets) == 48 and by_law.end == T0 + DAY_S + 2 * H
    assert by_law.buckets[-2].counts == (0, 0, 1)  # the firefox–Google pair of the last hour
    assert overview.timelines["day", By.COUNTRY].buckets[-2:] == days.buckets
    assert overview.changes.countries == ("FR", "GB", "US")
    assert overview.changes.programs == ("firefox", "thunderbird")
    assert overview.alerts == ()
    store.close()


def test_the_overview_reads_this_weeks_changes_and_the_alerts(tmp_path: Path) -> None:
    ovh = place("51.38.112.20", "FR", "EU_GDPR", "OVHcloud")
    google = place("142.250.102.108", "US", "US_REACH", "Google")
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.record(seen(T0, (("firefox", ovh),)))
    later = T0 + 10 * DAY_S
    alert = Alert(later, "new_country", "firefox", google)
    store.record(seen(later, (("firefox", google), ("mail", ovh))), (alert,))
    overview = read_overview(store, later + H)
    assert overview.changes_since == later + H - 7 * DAY_S
    assert overview.changes.countries == ("US",)  # France was seen before this week
    assert overview.changes.companies == ("Google",)
    assert overview.changes.programs == ("mail",)
    assert overview.alerts == (alert,)
    store.close()
