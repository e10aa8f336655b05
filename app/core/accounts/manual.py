"""The accounts the user added by hand (app.core.accounts.entries), as accounts: a mail
address's servers found with DNS (app.core.accounts.mail_domain), a URL's server as typed, a
service's from the catalogue."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.entries import (
    MANUAL_CLIENT,
    EntryKind,
    ManualEntry,
)
from app.core.accounts.mail_domain import mail_domain
from app.core.accounts.model import (
    Account,
    AccountKind,
    AccountServer,
    FoundBy,
    ServerRole,
    checked_host,
)
from app.core.dns.forward import Dns
from app.core.i18n import message


def entry_account(entry: ManualEntry, dns: Dns, catalogue: ServiceCatalogue) -> Account:
    """The account an entry stands for; a mail address's servers are looked up in DNS."""
    if entry.kind is EntryKind.MAIL:
        domain = entry.value.rpartition("@")[2]
        found = mail_domain(domain, dns, catalogue)
        service_id = found.service.id if found.service else None
        return Account(
            entry.key,
            AccountKind.MAIL,
            MANUAL_CLIENT,
            entry.value,
            entry.value,
            found.servers,
            None,
            service_id,
            found.problems,
        )
    if entry.kind is EntryKind.URL:
        parts = urlsplit(entry.value)
        host = checked_host(parts.hostname or "")
        assert host is not None  # checked by url_entry
        server = AccountServer(host, parts.port, "https", ServerRole.STORES, FoundBy.TYPED)
        known = catalogue.by_host(host)
        if known is not None and known.kind == "mail":  # a web address of a mail company
            known = None
        return Account(
            entry.key,
            AccountKind.FILES,
            MANUAL_CLIENT,
            entry.value,
            None,
            (server,),
            None,
            known.id if known else None,
        )
    service = catalogue.get(entry.value)
    if service is None:  # kept in the settings, gone from a newer catalogue
        gone = message("no service {id!r} in the list", id=entry.value)
        return Account(
            entry.key, AccountKind.FILES, MANUAL_CLIENT, entry.value, None, (), None, None, (gone,)
        )
    kind = AccountKind.MAIL if service.kind == "mail" else AccountKind.FILES
    servers = tuple(
        AccountServer(s.host, s.port, s.protocol, s.role, FoundBy.CATALOGUE)
        for s in service.servers
    )
    return Account(entry.key, kind, MANUAL_CLIENT, service.name, None, servers, None, service.id)
