"""How old a geo database is, and when to warn that it is out of date.

IP ranges move between providers and countries all the time; a database a few months old is still
mostly right, one older than about six months misplaces enough addresses that the user should be
told. The "build date" is the database's ``build_epoch`` — for the embedded databases that is the
date of the source data snapshot, which is what matters.

All functions take ``now`` explicitly (no hidden clock), so they are pure and easy to test.
Naive datetimes are taken as UTC. Texts are in the ``language`` given (the core's catalogue),
the build date in that language's usual form (babel).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from gettext import NullTranslations

from app.core.i18n import DEFAULT_LANGUAGE, format_day_of, translations

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


def _duration_text(span: timedelta, tr: NullTranslations) -> str:
    if span.days >= 28:
        months = max(1, round(span.days / _DAYS_PER_MONTH))
        return tr.ngettext("{count} month", "{count} months", months).format(count=months)
    days = max(1, span.days)
    return tr.ngettext("{count} day", "{count} days", days).format(count=days)


def _age_text(build_date: datetime, now: datetime, tr: NullTranslations) -> str:
    age = data_age(build_date, now)
    months = whole_months(build_date, now)
    if months >= 24:
        years = months // 12
        return tr.ngettext("{count} year old", "{count} years old", years).format(count=years)
    if months >= 1:
        return tr.ngettext("{count} month old", "{count} months old", months).format(count=months)
    if age.days >= 1:
        return tr.ngettext("{count} day old", "{count} days old", age.days).format(count=age.days)
    return tr.gettext("less than a day old")


def format_day(moment: datetime, language: str = DEFAULT_LANGUAGE) -> str:
    """A date as the language writes it ("2026-06-17" in English, "17 juin 2026" in French)."""
    # TRANSLATORS: a CLDR date pattern (https://babel.pocoo.org/en/latest/dates.html).
    pattern = translations(language).gettext("yyyy-MM-dd")
    day = _aware(moment).astimezone(UTC).date()
    return format_day_of(day, pattern, language)


def describe_age(
    build_date: datetime,
    now: datetime,
    max_age: timedelta = DEFAULT_MAX_AGE,
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """Plain text for the user: "built 2026-06-17, 5 months old", plus a warning when stale."""
    tr = translations(language)
    built = format_day(build_date, language)
    if data_age(build_date, now) < timedelta(0):
        return tr.gettext("built {date}, a date after today's: check the computer's clock").format(
            date=built
        )
    age = _age_text(build_date, now, tr)
    if is_stale(build_date, now, max_age):
        return tr.gettext(
            "built {date}, {age} — older than {limit}: locations may be out of date, "
            "update the database"
        ).format(date=built, age=age, limit=_duration_text(max_age, tr))
    return tr.gettext("built {date}, {age}").format(date=built, age=age)
