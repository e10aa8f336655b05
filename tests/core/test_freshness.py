"""Freshness of geo databases: age arithmetic and the text shown to the user."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.core.geo.freshness import (
    DEFAULT_MAX_AGE,
    data_age,
    describe_age,
    is_stale,
    whole_months,
)

BUILT = datetime(2026, 6, 17, 19, 0, tzinfo=UTC)


def test_data_age_is_the_time_since_the_build() -> None:
    assert data_age(BUILT, BUILT + timedelta(days=40, hours=3)) == timedelta(days=40, hours=3)


def test_data_age_compares_instants_across_time_zones() -> None:
    paris_summer = timezone(timedelta(hours=2))
    # 21:00 in UTC+2 is 19:00 UTC: the very moment of the build.
    assert data_age(BUILT, datetime(2026, 6, 17, 21, 0, tzinfo=paris_summer)) == timedelta(0)


def test_naive_datetimes_are_taken_as_utc() -> None:
    assert data_age(BUILT, datetime(2026, 6, 18, 19, 0)) == timedelta(days=1)


def test_default_limit_is_about_six_months() -> None:
    assert timedelta(days=180) <= DEFAULT_MAX_AGE <= timedelta(days=186)


@pytest.mark.parametrize(
    ("now", "stale"),
    [
        (BUILT + timedelta(days=30), False),
        (BUILT + DEFAULT_MAX_AGE, False),  # exactly at the limit is still fine
        (BUILT + DEFAULT_MAX_AGE + timedelta(seconds=1), True),
        (BUILT + timedelta(days=400), True),
        (BUILT - timedelta(days=3), False),  # clock behind the build: not "stale"
    ],
)
def test_is_stale_after_max_age(now: datetime, stale: bool) -> None:
    assert is_stale(BUILT, now) is stale


def test_is_stale_honours_a_custom_limit() -> None:
    now = BUILT + timedelta(days=10)
    assert is_stale(BUILT, now, max_age=timedelta(days=7))
    assert not is_stale(BUILT, now, max_age=timedelta(days=14))


@pytest.mark.parametrize(
    ("now", "months"),
    [
        (datetime(2026, 12, 1, tzinfo=UTC), 5),  # 17 June → 1 December: five whole months
        (datetime(2026, 12, 17, 19, 0, tzinfo=UTC), 6),
        (datetime(2026, 12, 17, 18, 59, tzinfo=UTC), 5),
        (datetime(2027, 1, 16, tzinfo=UTC), 6),
        (datetime(2026, 6, 30, tzinfo=UTC), 0),
    ],
)
def test_whole_months_counts_completed_calendar_months(now: datetime, months: int) -> None:
    assert whole_months(BUILT, now) == months


def test_describe_age_of_a_five_month_old_database() -> None:
    text = describe_age(BUILT, datetime(2026, 12, 1, 4, 41, tzinfo=UTC))
    assert text == "built 2026-06-17, 5 months old"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (BUILT + timedelta(hours=5), "built 2026-06-17, less than a day old"),
        (BUILT + timedelta(days=1), "built 2026-06-17, 1 day old"),
        (BUILT + timedelta(days=12), "built 2026-06-17, 12 days old"),
        (datetime(2026, 7, 20, tzinfo=UTC), "built 2026-06-17, 1 month old"),
    ],
)
def test_describe_age_of_a_recent_database(now: datetime, expected: str) -> None:
    assert describe_age(BUILT, now) == expected


def test_describe_age_warns_when_older_than_six_months() -> None:
    text = describe_age(BUILT, datetime(2027, 7, 1, tzinfo=UTC))
    assert text.startswith("built 2026-06-17, 12 months old — ")
    assert "older than 6 months" in text
    assert "out of date" in text


def test_describe_age_in_years_after_two_years() -> None:
    text = describe_age(BUILT, datetime(2029, 7, 1, tzinfo=UTC))
    assert text.startswith("built 2026-06-17, 3 years old — ")


def test_fresh_database_has_no_warning() -> None:
    assert "out of date" not in describe_age(BUILT, BUILT + timedelta(days=150))


def test_warning_names_a_custom_limit() -> None:
    text = describe_age(BUILT, BUILT + timedelta(days=10), max_age=timedelta(days=7))
    assert "older than 7 days" in text


def test_build_date_in_the_future_points_at_the_clock() -> None:
    text = describe_age(BUILT, BUILT - timedelta(days=2))
    assert text.startswith("built 2026-06-17")
    assert "clock" in text
    assert "out of date" not in text


def test_build_date_is_shown_in_utc() -> None:
    late_evening_new_york = datetime(2026, 6, 17, 22, 30, tzinfo=timezone(timedelta(hours=-4)))
    # 22:30 in New York is already 18 June in UTC.
    assert describe_age(late_evening_new_york, BUILT + timedelta(days=3)).startswith(
        "built 2026-06-18,"
    )
