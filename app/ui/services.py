"""How the window builds its core services from Settings (no Qt here; the window injects these).

Kept apart from the window so tests and launch.py can pass other factories, and so the blocking
work (opening databases) is a plain function the TaskRunner can run off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from app.core.connections import ConnectionDiff
from app.core.geo.discovery import open_planned_databases, plan_databases
from app.core.geo.locator import Locator
from app.core.paths import UnknownHomeError, expand_home
from app.core.settings import Settings, parse_dns_server

if TYPE_CHECKING:  # dnspython is imported only when reverse DNS is on (make_resolver)
    from app.core.dns.reverse import PtrAnswer

log = logging.getLogger(__name__)


class Watcher(Protocol):
    def poll(self) -> ConnectionDiff: ...


class Resolver(Protocol):
    """The part of ReverseResolver the window uses."""

    def lookup(self, ip: str) -> tuple[str, ...]: ...

    def cached(self, ip: str) -> tuple[str, ...] | None: ...

    def answer(self, ip: str) -> PtrAnswer: ...

    def cached_answer(self, ip: str) -> PtrAnswer | None: ...


def open_locator(
    extra_paths: Sequence[str], language: str | None = None
) -> tuple[Locator, list[str]]:
    """Every database the app should use, best first (the user's files, the Data menu's
    downloads, the system's GeoIP folders, the embedded data), with the rest of the chain warmed
    up (cloud index, providers). Blocking, a second or two: run it in a task.

    A path that cannot be expanded (``~nosuchuser/x.mmdb``) is one more message, not a failure.
    ``language``: the language of the place names read from the files (English by default).
    """
    paths: list[Path] = []
    problems: list[str] = []
    for text in extra_paths:
        try:
            paths.append(expand_home(text))
        except UnknownHomeError as error:
            problems.append(str(error))
    locator, errors = open_planned_databases(plan_databases(paths), language)
    locator.warm_up()
    return locator, problems + errors


def make_resolver(settings: Settings) -> Resolver | None:
    """The PTR resolver the settings ask for: None when reverse DNS is off."""
    if not settings.reverse_dns:
        return None
    from app.core.dns.reverse import ReverseResolver

    if settings.dns_server is None:
        return ReverseResolver()
    try:
        host, port = parse_dns_server(settings.dns_server)
    except ValueError as error:  # settings are validated on load; this is belt and braces
        log.warning("ignoring DNS server setting: %s", error)
        return ReverseResolver()
    return ReverseResolver(nameservers=[host], port=port)
