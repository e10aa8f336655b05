"""Where an account's data are: each server resolved, each address located, and the law said
with the server's role (an account tells what stores: its IMAP or sync server does; its SMTP
server only carries mail out).

Qt-free and blocking (DNS): the window runs it through its TaskRunner, the command line
directly. The resolver is a parameter, so tests and the demo give their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.accounts import geary, gnome, kde, presence, sync, syncthing, thunderbird
from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.entries import EntryError, ManualEntry, parse_entry
from app.core.accounts.manual import entry_account
from app.core.accounts.model import Account, AccountServer, Problem, ServerRole
from app.core.accounts.processes import accounts_from_processes
from app.core.accounts.userdirs import UserDirs
from app.core.addresses import parse_ip
from app.core.dns.forward import Dns, ForwardAnswer
from app.core.geo.locator import Locator
from app.core.jurisdiction import Jurisdictions, Role, Verdict, verdict
from app.core.model import LocatedEndpoint, LocationKind

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PlacedServer:
    server: AccountServer
    answer: ForwardAnswer  # the names' addresses, or why there are none
    located: tuple[LocatedEndpoint, ...]
    verdicts: tuple[Verdict | None, ...]  # one per located address, worded for the role


@dataclass(frozen=True, slots=True)
class PlacedAccount:
    account: Account
    servers: tuple[PlacedServer, ...]

    @property
    def storage(self) -> tuple[LocatedEndpoint, ...]:
        """The located addresses of the servers that keep the data."""
        return tuple(
            located
            for placed in self.servers
            if placed.server.role is ServerRole.STORES
            for located in placed.located
        )


def countries_of(located: Iterable[LocatedEndpoint]) -> tuple[str, ...]:
    """The countries these addresses are in, first seen first; an edge's country says none
    (it serves from many places), so it is left out."""
    return tuple(
        dict.fromkeys(
            p.location.country_code
            for p in located
            if p.location is not None
            and p.location.kind is not LocationKind.EDGE
            and p.location.country_code
        )
    )


def discover_accounts(dirs: UserDirs) -> tuple[tuple[Account, ...], tuple[Problem, ...]]:
    """Every account every supported client has configured in these folders."""
    accounts: list[Account] = []
    problems: list[Problem] = []
    for found, said in (
        thunderbird.discover(dirs),
        gnome.discover(dirs),
        kde.discover(dirs),
        geary.discover(dirs),
        sync.discover(dirs),
        syncthing.discover(dirs),
        presence.discover(dirs),
    ):
        accounts += found
        problems += said
    return tuple(accounts), tuple(problems)


def place_accounts(
    accounts: Iterable[Account],
    resolve: Callable[[str], ForwardAnswer],
    locator: Locator,
    jurisdictions: Jurisdictions | None = None,
) -> tuple[PlacedAccount, ...]:
    """Each account's servers resolved (once per name) and located."""
    answers: dict[str, ForwardAnswer] = {}
    placed = []
    for account in accounts:
        servers = []
        for server in account.servers:
            answer = answers.get(server.host)
            if answer is None:
                answer = answers[server.host] = _resolve(server.host, resolve)
            located = tuple(locator.locate(ip, hostnames=(server.host,)) for ip in answer.addresses)
            verdicts = tuple(_verdict(item, server.role, jurisdictions) for item in located)
            servers.append(PlacedServer(server, answer, located, verdicts))
        placed.append(PlacedAccount(account, tuple(servers)))
    return tuple(placed)


def _resolve(host: str, resolve: Callable[[str], ForwardAnswer]) -> ForwardAnswer:
    try:
        return ForwardAnswer(host, (str(parse_ip(host)),))  # an address needs no look-up
    except ValueError:
        return resolve(host)


def _verdict(
    located: LocatedEndpoint, role: ServerRole, jurisdictions: Jurisdictions | None
) -> Verdict | None:
    """The law for this address, said as the account knows it: "stored" for what stores."""
    location, provider = located.location, located.provider
    country = None
    if location is not None and location.kind is not LocationKind.EDGE:
        country = location.represented_country or location.country_code
    if country is None and provider is None:
        return None
    said = Role.STORES if role is ServerRole.STORES else Role.TALKS
    return verdict(country, provider, jurisdictions, role=said)


Pending = Account | ManualEntry
"""An account to place: found in a client's files, or an entry the user added (whose mail
servers are still to be looked up)."""


def pending_accounts(
    dirs: UserDirs, entries: Iterable[str], processes: Iterable[str] = ()
) -> tuple[tuple[Pending, ...], tuple[Problem, ...]]:
    """The clients' accounts, the clients seen running (``processes``: their names) whose
    files said nothing, and the user's entries, before any DNS: quick, so a list can show them
    at once while each is looked up."""
    accounts, problems = discover_accounts(dirs)
    accounts += accounts_from_processes(processes, accounts)
    manual: list[Pending] = []
    for text in entries:
        try:
            manual.append(parse_entry(text))
        except EntryError as error:
            log.warning("ignoring the account entry %r (%s)", text[:80], error)
    return (*accounts, *manual), problems


def place_pending(
    item: Pending,
    dns: Dns,
    locator: Locator,
    catalogue: ServiceCatalogue,
    jurisdictions: Jurisdictions | None = None,
) -> PlacedAccount:
    """One account resolved and located (blocking: DNS)."""
    account = entry_account(item, dns, catalogue) if isinstance(item, ManualEntry) else item
    return place_accounts((account,), dns.addresses, locator, jurisdictions)[0]
