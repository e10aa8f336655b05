"""The routes of an account's recent mail, grouped by the sender's domain.

One message says how one sender's mail travelled once; several messages from the same domain
say how that domain's mail usually travels to the user. So the header blocks read from the
account (app.core.routes.imap_headers) are each read (`read_received`) and located
(`mail_route`), then grouped by the From: domain, in the order the domains first appear.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.routes.imap_headers import FetchedHeaders
from app.core.routes.mail_route import Locating, MailRoute, mail_route
from app.core.routes.received import read_received


@dataclass(frozen=True, slots=True)
class AccountRoutes:
    """Per sender domain (None: a From: with no domain), its messages' routes, oldest first."""

    groups: tuple[tuple[str | None, tuple[MailRoute, ...]], ...]

    @property
    def messages(self) -> int:
        return sum(len(routes) for _, routes in self.groups)

    def routes_of(self, domain: str | None) -> tuple[MailRoute, ...]:
        return next((routes for name, routes in self.groups if name == domain), ())


def countries_crossed(routes: Iterable[MailRoute]) -> tuple[str, ...]:
    """The countries any of ``routes`` crossed, each once, in the order first met."""
    return tuple(dict.fromkeys(code for route in routes for code in route.countries))


def outside_eu(routes: Iterable[MailRoute]) -> tuple[str, ...]:
    """The countries outside the EU/EEA any of ``routes`` crossed, each once."""
    return tuple(dict.fromkeys(code for route in routes for code in route.outside_eu))


def account_routes(
    messages: Iterable[FetchedHeaders],
    locator: Locating,
    eu_area: frozenset[str] | None = None,
) -> AccountRoutes:
    """Read, locate and group the messages' routes by sender domain."""
    grouped: dict[str | None, list[MailRoute]] = {}
    for fetched in messages:
        route = mail_route(read_received(fetched.headers), locator, eu_area)
        grouped.setdefault(fetched.sender_domain, []).append(route)
    return AccountRoutes(tuple((domain, tuple(routes)) for domain, routes in grouped.items()))
