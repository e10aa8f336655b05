"""The routes of an account's recent mail, grouped by the sender's domain.

One message says how one sender's mail travelled once; several messages from the same domain
say how that domain's mail usually travels to the user. So the header blocks read from the
account (app.core.routes.imap_headers) are each read (`read_received`) and located
(`mail_route`), then grouped by the From: domain, in the order the domains first appear.

The command line and the window log in the same way (`imap_login`, `read_account`): the
password is kept in the keyring only once the server has accepted it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.accounts.model import Account, AccountServer, ServerRole
from app.core.i18n import TranslatableError, message
from app.core.routes.imap_headers import (
    DEFAULT_LAST,
    DEFAULT_TIMEOUT,
    FetchedHeaders,
    ImapTarget,
    fetch_headers,
    imap_target,
)
from app.core.routes.mail_password import (
    PasswordStoreUnavailable,
    keyring_user,
    store_password,
    stored_password,
)
from app.core.routes.mail_route import Locating, MailRoute, mail_route
from app.core.routes.received import read_received


def imap_server(account: Account) -> AccountServer | None:
    """The IMAP server that keeps the account's mail, if it has one."""
    return next(
        (
            server
            for server in account.servers
            if server.protocol == "imap" and server.role is ServerRole.STORES
        ),
        None,
    )


def imap_login(account: Account) -> ImapTarget | None:
    """Where and as whom to log in to read the account's headers: its IMAP server, with the
    client's login name or else the address; None when either is missing."""
    server = imap_server(account)
    user = (server.user if server is not None else None) or account.address
    if server is None or not user:
        return None
    return imap_target(server.host, server.port, server.security, user)


class NoPasswordKept(TranslatableError):
    """The keyring holds no password for the login (deleted since, or never kept)."""


def kept_password(target: ImapTarget) -> str:
    """The password kept for ``target``: NoPasswordKept when there is none."""
    password = stored_password(target.user, target.host)
    if not password:
        raise NoPasswordKept(
            message(
                "No password is kept for {login}: type it.",
                login=keyring_user(target.user, target.host),
            )
        )
    return password


@dataclass(frozen=True, slots=True)
class AccountRead:
    """The headers read, and why a typed password that worked could not be kept (or None)."""

    fetched: tuple[FetchedHeaders, ...]
    not_kept: PasswordStoreUnavailable | None = None


def read_account(
    target: ImapTarget,
    password: str,
    *,
    typed: bool,
    last: int = DEFAULT_LAST,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: Callable[[], bool] | None = None,
) -> AccountRead:
    """Read the last headers; a ``typed`` password the server accepted is then kept in the
    keyring (a refused one never is). Blocking: off the GUI thread."""
    fetched = fetch_headers(target, password, last=last, timeout=timeout, cancel=cancel)
    if not typed:
        return AccountRead(fetched)
    try:
        store_password(target.user, target.host, password)
    except PasswordStoreUnavailable as error:
        return AccountRead(fetched, error)
    return AccountRead(fetched)


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
