"""Alert rules: when a program's data going somewhere new is worth a desktop notification.

A rule names what is new (a country, a company, or a place under a chosen law) and, optionally,
which program or which kind of data (mail, photos) it watches. Kept in the settings as plain
objects; Qt-free and without the history store, so the settings can read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.core.i18n import TranslatableError, message
from app.core.jurisdiction import Jurisdiction
from app.core.model import Category


class AlertKind(StrEnum):
    NEW_COUNTRY = "new_country"  # the program's data reach a country for the first time
    NEW_COMPANY = "new_company"  # … a company
    REGIME = "regime"  # … a place under the rule's law (e.g. US law reach)


class RuleError(TranslatableError, ValueError):
    """A rule in the settings cannot be used (it is skipped, with this reason in the log)."""


@dataclass(frozen=True, slots=True)
class AlertRule:
    kind: AlertKind
    program: str = ""  # empty: every program (compared without case)
    category: str = ""  # a Category value (mail, photos, other); empty: any
    regime: str = ""  # for REGIME: a Jurisdiction value (US_REACH…)

    def matches(self, kind: AlertKind, program: str, category: str, law: str) -> bool:
        if kind is not self.kind:
            return False
        if self.program and self.program.casefold() != program.casefold():
            return False
        if self.category and self.category != category:
            return False
        return kind is not AlertKind.REGIME or self.regime == law


DEFAULT_RULES: tuple[AlertRule, ...] = (
    AlertRule(AlertKind.NEW_COUNTRY),
    AlertRule(AlertKind.NEW_COMPANY, category=Category.MAIL.value),
    AlertRule(AlertKind.NEW_COMPANY, category=Category.PHOTOS.value),
    AlertRule(AlertKind.REGIME, regime=Jurisdiction.US_REACH.value),
)

MAX_PROGRAM_CHARS = 200


def rule_from_mapping(data: Any) -> AlertRule:
    """A rule from the settings' JSON object; RuleError says what is wrong."""
    if not isinstance(data, Mapping):
        raise RuleError(message("an alert rule is not an object"))
    try:
        kind = AlertKind(str(data.get("kind")))
    except ValueError:
        raise RuleError(message("unknown kind of alert rule")) from None
    program, category, regime = (data.get(key, "") for key in ("program", "category", "regime"))
    if not isinstance(program, str) or len(program) > MAX_PROGRAM_CHARS:
        raise RuleError(message("an alert rule's program is not a short text"))
    if category not in ("", *(c.value for c in Category)):
        raise RuleError(message("unknown kind of data in an alert rule"))
    if kind is AlertKind.REGIME:
        if regime not in {j.value for j in Jurisdiction}:
            raise RuleError(message("unknown law in an alert rule"))
    elif regime:
        raise RuleError(message("only a law rule names a law"))
    return AlertRule(kind, program.strip(), category, regime)


def rule_to_mapping(rule: AlertRule) -> dict[str, str]:
    return {
        "kind": rule.kind.value,
        "program": rule.program,
        "category": rule.category,
        "regime": rule.regime,
    }
