"""How the window builds its core services from Settings (no Qt here; the window injects these).

Kept apart from the window so tests and launch.py can pass other factories, and so the blocking
work (opening databases) is a plain function the TaskRunner can run off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from app.core.dns import factory
from app.core.geo.discovery import open_planned_databases, plan_databases
from app.core.geo.locator import Locator, default_database_paths
from app.core.i18n import DEFAULT_LANGUAGE, translations
from app.core.paths import UnknownHomeError, expand_home
from app.core.session import NameResolver
from app.core.settings import Settings

log = logging.getLogger(__name__)


def open_locator(
    extra_paths: Sequence[str], language: str | None = None
) -> tuple[Locator, list[str]]:
    """Every database the app should use, best first (the user's files, the Data menu's
    downloads, the system's GeoIP folders, the embedded data), with the rest of the chain warmed
    up (cloud index, providers). Blocking, a second or two: run it in a task.

    A path that cannot be expanded (``~nosuchuser/x.mmdb``) is one more message, not a failure.
    ``language``: the language of the place names read from the files and of the messages
    (English by default).
    """
    paths: list[Path] = []
    problems: list[str] = []
    for text in extra_paths:
        try:
            paths.append(expand_home(text))
        except UnknownHomeError as error:
            problems.append(error.text(translations(language or DEFAULT_LANGUAGE)))
    locator, errors = open_planned_databases(plan_databases(paths), language)
    locator.warm_up()
    return locator, problems + errors


def open_embedded_locator(
    _extra_paths: Sequence[str], language: str | None = None
) -> tuple[Locator, list[str]]:
    """Only the data that ship with the app, whatever the settings say: the demo shows the same
    map on every machine. Blocking: run it in a task."""
    locator, errors = Locator.from_paths(default_database_paths(), language=language)
    locator.warm_up()
    return locator, errors


def make_resolver(settings: Settings) -> NameResolver | None:
    """The PTR resolver the settings ask for: None when reverse DNS is off; ValueError for a
    DNS server the resolver refuses (the window then says reverse DNS is off, and why)."""
    return factory.make_resolver(settings.reverse_dns, settings.dns_server)
