"""Redaction for sharing: the report's input with everything that names the user or their
machine replaced, before any format is drawn, so no format (the map included) can show it.

Hidden: IP addresses (each becomes "[IP n]", the same address the same token), the user's login
and computer names wherever they appear, account names and e-mail addresses, the capture's file
name, and the host names of private servers. Kept: countries, cities, companies and laws.

A host name is kept only when a service documents it for all its users (resources/services.toml:
imap.gmail.com says nothing about whoever uses it); a name under a known company's domain keeps
that domain only ("*.ovh.net": whose VPS it is stays hidden); any other name becomes "[host n]".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.model import Account, AccountKind, AccountServer
from app.core.accounts.placing import PlacedAccount, PlacedServer
from app.core.addresses import parse_ip
from app.core.dns.forward import ForwardAnswer
from app.core.i18n import message
from app.core.model import Endpoint, LocatedEndpoint
from app.core.providers import ProviderRegistry
from app.core.report.model import Observed, ReportInput

HIDDEN_USER = "[user]"
HIDDEN_MACHINE = "[computer]"
_NOT_FOUND = message("the server's address could not be found")


class OwnNames:
    """The login and computer names wherever they stand in a text, as "[user]" and
    "[computer]" (the longest first: "camille-pc" before "camille"; any case)."""

    def __init__(self, user_names: Sequence[str] = (), machine_names: Sequence[str] = ()) -> None:
        words = [(w, HIDDEN_USER) for w in user_names if len(w) >= 2]
        words += [(w, HIDDEN_MACHINE) for w in machine_names if len(w) >= 2]
        words.sort(key=lambda item: len(item[0]), reverse=True)
        self._hidden = {w.casefold(): token for w, token in words}
        self._pattern = (
            re.compile("|".join(re.escape(w) for w, _ in words), re.IGNORECASE) if words else None
        )

    def hide(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self._hidden[m.group().casefold()], text)


class Redactor:
    """One redaction: tokens stay the same across the whole report (an address shown twice is
    the same "[IP n]" twice)."""

    def __init__(
        self,
        catalogue: ServiceCatalogue,
        registry: ProviderRegistry,
        user_names: Sequence[str] = (),
        machine_names: Sequence[str] = (),
    ) -> None:
        self._catalogue = catalogue
        self._domains = sorted(
            {d for p in registry.providers for d in p.domains}, key=len, reverse=True
        )
        self._ips: dict[str, str] = {}
        self._hosts: dict[str, str] = {}
        self._accounts: dict[str, str] = {}
        self._names = OwnNames(user_names, machine_names)

    def ip(self, ip: str) -> str:
        token = self._ips.get(ip)
        if token is None:
            token = self._ips[ip] = f"[IP {len(self._ips) + 1}]"
        return token

    def host(self, name: str) -> str:
        """A documented service host whole; else its company's domain; else a token."""
        name = name.rstrip(".").lower()
        if self._catalogue.by_host(name) is not None:
            return name
        for domain in self._domains:
            if name == domain:
                return name
            if name.endswith("." + domain):
                return f"*.{domain}"
        token = self._hosts.get(name)
        if token is None:
            token = self._hosts[name] = f"[host {len(self._hosts) + 1}]"
        return token

    def text(self, text: str) -> str:
        """Free text (a process name) with the user's and the computer's names taken out."""
        return self._names.hide(text)

    def server_host(self, host: str) -> str:
        """An account's server: an address or a host name."""
        if _looks_like_ip(host):
            return self.ip(host)
        return self.host(host)

    def located(self, located: LocatedEndpoint) -> LocatedEndpoint:
        names = tuple(dict.fromkeys(self.host(n) for n in located.endpoint.hostnames))
        confirmed = tuple(dict.fromkeys(self.host(n) for n in located.endpoint.confirmed if n))
        return replace(
            located,
            endpoint=Endpoint(self.ip(located.ip), names, confirmed),
            notes=(),  # sources' remarks may quote a name or an address
        )

    def observed(self, row: Observed) -> Observed:
        return replace(
            row,
            process=self.text(row.process),
            remote_ip=self.ip(row.remote_ip),
            located=self.located(row.located),
        )

    def account_name(self, account: Account, number: int) -> str:
        """What an account is called once hidden: its service's name, else a numbered token
        (``number``: its place among the accounts, so it keeps its name)."""
        service = self._catalogue.get(account.service) if account.service else None
        if service is not None:
            return service.name
        if account.kind is AccountKind.MAIL:
            return f"[mail account {number}]"
        return f"[files account {number}]"

    def account(self, placed: PlacedAccount, number: int) -> PlacedAccount:
        account = placed.account
        name = self.account_name(account, number)
        hidden = Account(
            key=f"account-{number}",
            kind=account.kind,
            client=self.text(account.client),
            name=name,
            address=None,
            servers=tuple(self._server(s) for s in account.servers),
            source=None if account.source is None else _NO_PATH,
            service=account.service,
            problems=(),
        )
        servers = tuple(
            PlacedServer(
                self._server(s.server),
                ForwardAnswer(
                    self.server_host(s.answer.name),
                    tuple(self.ip(a) for a in s.answer.addresses),
                    # the resolver's reason may quote the name: said in general words
                    None if s.answer.problem is None else _NOT_FOUND,
                ),
                tuple(self.located(item) for item in s.located),
                s.verdicts,
            )
            for s in placed.servers
        )
        return PlacedAccount(hidden, servers)

    def _server(self, server: AccountServer) -> AccountServer:
        return replace(server, host=self.server_host(server.host))


def _looks_like_ip(text: str) -> bool:
    try:
        parse_ip(text)
    except ValueError:
        return False
    return True


_NO_PATH = Path("[hidden]")  # found in a file, which one is not said


def redact(
    data: ReportInput,
    catalogue: ServiceCatalogue,
    registry: ProviderRegistry,
    user_names: Iterable[str] = (),
    machine_names: Iterable[str] = (),
) -> ReportInput:
    """The input with the user's details hidden (see the module's docstring)."""
    redactor = Redactor(catalogue, registry, tuple(user_names), tuple(machine_names))
    return replace(
        data,
        observed=tuple(redactor.observed(row) for row in data.observed),
        accounts=tuple(
            redactor.account(placed, number) for number, placed in enumerate(data.accounts, start=1)
        ),
        period=replace(data.period, capture=None),
        machine=None,
        redacted=True,
    )
