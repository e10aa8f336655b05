"""Alerts: a program's data going to a new country, a new company, or under a chosen law.

The watcher remembers where each program has sent data before (`Known`, read from the history
when it opens) and compares each poll with it; every new country, company or law is learnt
whether it raises an alert or not. Nothing is raised during the learning period that follows
the history's start, so a first launch, when everything is new, does not bury the person in
notifications. Snoozing is the notifier's business: alerts are logged all the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.countries import country_name, in_country
from app.core.history.rules import AlertKind, AlertRule
from app.core.history.store import DAY_S, Alert, Known, Seen
from app.core.i18n import Message, message
from app.core.jurisdiction import category_label

LEARNING_DAYS = 1.0  # the first day of a history only learns


class AlertWatcher:
    """Compares polls with what each program did before (one thread: the history writer's)."""

    def __init__(self, known: Known, started: float) -> None:
        self._countries = set(known.countries)
        self._companies = set(known.companies)
        self._laws = set(known.laws)
        self.learning_until = started + LEARNING_DAYS * DAY_S

    def check(self, seen: Seen, rules: Iterable[AlertRule]) -> tuple[Alert, ...]:
        """The poll's alerts by ``rules`` (none while learning); what is new is learnt either
        way, so a rule added later is about what is new from then on."""
        rules = tuple(rules)
        alerts = []
        for use in seen.uses:
            place, program = use.place, use.program
            news = (
                (AlertKind.NEW_COUNTRY, place.country, self._countries),
                (AlertKind.NEW_COMPANY, place.company, self._companies),
                (AlertKind.REGIME, place.law, self._laws),
            )
            for kind, value, known in news:
                if not value or (program, value) in known:
                    continue
                known.add((program, value))
                if seen.at < self.learning_until:
                    continue
                if any(r.matches(kind, program, use.category, place.law) for r in rules):
                    alerts.append(Alert(seen.at, kind.value, program, place))
        return tuple(alerts)


def alert_message(alert: Alert, language: str | None = None) -> Message:
    """The notification's sentence (its program name is data: the view makes it visible)."""
    program = alert.program or message("A program whose name the system would not give")
    place = alert.place
    if alert.kind == AlertKind.NEW_COUNTRY:
        return message(
            "{program} sent data to a server {where} for the first time.",
            program=program,
            where=in_country(place.country, language),
        )
    if alert.kind == AlertKind.NEW_COMPANY:
        return message(
            "{program} sent data to {company} for the first time.",
            program=program,
            company=place.company,
        )
    return message(
        "{program} sent data to a place under “{law}” for the first time ({country}).",
        program=program,
        law=category_label(place.law, language),
        country=country_name(place.country, language) if place.country else "?",
    )
