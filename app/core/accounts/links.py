"""Which live connections go to one of the user's accounts: a connection whose remote address or
host name is an account server's is tagged with that account, and its category (mail, photos)
comes from the account rather than from the port alone. The table, the map's "only my accounts"
filter and the place panel read these tags through the map entries' details."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from app.core.accounts.model import Account, AccountKind
from app.core.accounts.placing import PlacedAccount
from app.core.map_marks import EntryDetails
from app.core.model import Category, LocatedEndpoint, category_from_ports


def account_label(account: Account) -> str:
    """How an account is named wherever it is listed: its address, else its name (data)."""
    return account.address or account.name


@dataclass(frozen=True, slots=True)
class AccountLinks:
    by_ip: Mapping[str, tuple[Account, ...]]
    by_host: Mapping[str, tuple[Account, ...]]

    def accounts_for(self, located: LocatedEndpoint) -> tuple[Account, ...]:
        found = list(self.by_ip.get(located.ip, ()))
        for name in located.endpoint.hostnames:
            found += self.by_host.get(name.rstrip(".").lower(), ())
        return tuple(dict.fromkeys(found))


NO_LINKS = AccountLinks(MappingProxyType({}), MappingProxyType({}))


def account_links(placed: Iterable[PlacedAccount]) -> AccountLinks:
    """Every server address and name of every account (stored or transit: a program talking
    to the account's SMTP server is still that account's)."""
    by_ip: dict[str, list[Account]] = {}
    by_host: dict[str, list[Account]] = {}
    for item in placed:
        for server in item.servers:
            names = {server.server.host, server.answer.canonical}
            for name in names - {None}:
                assert name is not None
                by_host.setdefault(name, []).append(item.account)
            for ip in server.answer.addresses:
                by_ip.setdefault(ip, []).append(item.account)
    return AccountLinks(
        MappingProxyType({k: tuple(dict.fromkeys(v)) for k, v in by_ip.items()}),
        MappingProxyType({k: tuple(dict.fromkeys(v)) for k, v in by_host.items()}),
    )


NO_LINKS = AccountLinks(MappingProxyType({}), MappingProxyType({}))


def category_of(links: AccountLinks, located: LocatedEndpoint, ports: Iterable[int]) -> Category:
    """What the accounts say an address is (mail, photos), else what its ports suggest: the
    one rule the table, the report and the history follow."""
    accounts = links.accounts_for(located)
    if accounts:
        return (
            Category.MAIL
            if any(a.kind is AccountKind.MAIL for a in accounts)
            else (Category.PHOTOS)
        )
    return category_from_ports(ports)


def with_accounts(
    details: Callable[[LocatedEndpoint], EntryDetails], links: AccountLinks
) -> Callable[[LocatedEndpoint], EntryDetails]:
    """``details`` plus the accounts an address serves, and the category they say."""

    def linked(located: LocatedEndpoint) -> EntryDetails:
        found = details(located)
        accounts = links.accounts_for(located)
        if not accounts:
            return found
        mail = any(a.kind is AccountKind.MAIL for a in accounts)
        return replace(
            found,
            accounts=tuple(dict.fromkeys((*found.accounts, *map(account_label, accounts)))),
            category=Category.MAIL if mail else Category.PHOTOS,
        )

    return linked
