"""How old a geo database is, and when to warn that it is out of date.

IP ranges move between providers and countries all the time; a database a few months old is still
mostly right, one older than about six months misplaces enough addresses that the user should be
told. The "build date" is the database's ``build_epoch`` — for the embedded databases that is the
date of the source data snapshot, which is what matters.

All functions take ``now`` explicitly (no hidden clock), so they are pure and easy to test.
Naive datetimes are taken as UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DEFAULT_MAX_AGE = timedelta(days=183)  # about six months
_DAYS_PER_MONTH = 365.2425 / 12


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def data_age(build_date: datetime, now: datetime) -> timedelta:
    """Time since the build; negative when the build date is after ``now`` (clock skew)."""
    return _aware(now) - _aware(build_date)


def is_stale(build_date: datetime, now: datetime, max_age: timedelta = DEFAULT_MAX_AGE) -> bool:
    """True when the database is older than ``max_age``."""
    return data_age(build_date, now) > max_age


def whole_months(build_date: datetime, now: datetime) -> int:
    """Calendar months completed between the two moments (17 June → 1 December is 5)."""
    start, end = _aware(build_date).astimezone(UTC), _aware(now).astimezone(UTC)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if (end.day, end.time()) < (start.day, start.time()):
        months -= 1
    return months


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _duration_text(span: timedelta) -> str:
    if span.days >= 28:
        return _plural(max(1, round(span.days / _DAYS_PER_MONTH)), "month")
    return _plural(max(1, span.days), "day")


def _age_text(build_date: datetime, now: datetime) -> str:
    age = data_age(build_date, now)
    months = whole_months(build_date, now)
    if months >= 24:
        return f"{_plural(months // 12, 'year')} old"
    if months >= 1:
        return f"{_plural(months, 'month')} old"
    if age.days >= 1:
        return f"{_plural(age.days, 'day')} old"
    return "less than a day old"


def describe_age(build_date: datetime, now: datetime, max_age: timedelta = DEFAULT_MAX_AGE) -> str:
    """Plain text for the user: "built 2026-06-17, 5 months old", plus a warning when stale."""
    built = _aware(build_date).astimezone(UTC).strftime("%Y-%m-%d")
    if data_age(build_date, now) < timedelta(0):
        return f"built {built}, a date after today's: check the computer's clock"
    text = f"built {built}, {_age_text(build_date, now)}"
    if is_stale(build_date, now, max_age):
        text += (
            f" — older than {_duration_text(max_age)}: locations may be out of date, "
            "update the database"
        )
    return text
