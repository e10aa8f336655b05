"""The window's Anonymise switch: what a trainer's screen shows instead of their own details.

Built on the report's redaction (app.core.report.redact.Redactor), so the window and a redacted
report hide the same things the same way: addresses become "[IP n]", private host names a
company's domain ("*.ovh.net") or "[host n]", the login and computer names "[user]" and
"[computer]", accounts their service's name (else "[mail account n]"), e-mail addresses
"[e-mail n]". Countries, cities, companies and laws stay.

Views keep the real values (selection, filters and the engine are keyed by them) and pass what
they show through a `Shown`: `AS_IS` when the switch is off, an `Anonymiser` when it is on. The
anonymiser's tokens stay the same for the window's life, and a lock lets the table's formatter
use it off the GUI thread. `text` is the catch-all every shown string goes through, so a field
that forgets its own rule still has its addresses, e-mails and names taken out.
"""

from __future__ import annotations

import getpass
import ipaddress
import os
import re
import socket
import threading
from collections.abc import Iterable, Sequence
from typing import Protocol

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.links import account_label
from app.core.accounts.placing import PlacedAccount
from app.core.model import Endpoint
from app.core.providers import ProviderRegistry
from app.core.report.redact import OwnNames, Redactor

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# IPv4 dotted quads, and runs of hex digits and colons that may be IPv6 (checked by ipaddress).
_IP = re.compile(
    r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?)(?![\w.])"
)


MIN_NAME = 3  # the shortest login or computer name hidden inside other text


class Shown(Protocol):
    """What a view calls before it shows a value it did not write itself."""

    def ip(self, ip: str) -> str: ...
    def host(self, name: str) -> str: ...
    def account(self, label: str) -> str: ...
    def text(self, text: str) -> str: ...

    @property
    def hiding(self) -> bool: ...


class AsIs:
    """The switch off: everything as it is."""

    hiding = False

    def ip(self, ip: str) -> str:
        return ip

    def host(self, name: str) -> str:
        return name

    def account(self, label: str) -> str:
        return label

    def text(self, text: str) -> str:
        return text


AS_IS = AsIs()


class OwnNamesHidden(AsIs):
    """A demo's window: the persona's addresses, names and accounts are made up and shown as
    they are, but this computer's login and machine names (in a file's path, an error, a data
    source's folder) are still hidden: a trainer's screen gives nothing of theirs away."""

    def __init__(self, user_names: Sequence[str], machine_names: Sequence[str]) -> None:
        self._names = OwnNames(
            [n for n in user_names if len(n) >= MIN_NAME],
            [n for n in machine_names if len(n) >= MIN_NAME],
        )

    def text(self, text: str) -> str:
        return self._names.hide(text)


def own_names_hidden() -> OwnNamesHidden:
    users, machines = own_names()
    return OwnNamesHidden(users, machines)


def shown_endpoint(endpoint: Endpoint, shown: Shown) -> Endpoint:
    """The endpoint as ``shown`` shows it: its address and host names (a confirmed name stays
    confirmed: the same name gets the same token)."""
    if not shown.hiding:
        return endpoint
    return Endpoint(
        shown.ip(endpoint.ip),
        tuple(shown.host(n) for n in endpoint.hostnames),
        tuple(shown.host(n) for n in endpoint.confirmed),
    )


def own_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """This computer's login names and machine names, as the OS gives them."""
    users = {getpass.getuser()}
    try:
        import pwd  # not on Windows

        entry = pwd.getpwuid(os.getuid())
        users.add(entry.pw_name)
        users.update(part for part in re.split(r"[\s,]+", entry.pw_gecos) if len(part) >= 3)
    except (ImportError, KeyError):
        pass
    host = socket.gethostname()
    machines = {host, host.split(".")[0]}
    # Names of one or two letters ("vm") cannot be told from parts of words: not hidden.
    return (
        tuple(sorted(u for u in users if len(u) >= MIN_NAME)),
        tuple(sorted(m for m in machines if len(m) >= MIN_NAME)),
    )


class Anonymiser:
    """The switch on: one set of tokens for the window's life (a Shown; thread-safe)."""

    hiding = True

    def __init__(
        self,
        catalogue: ServiceCatalogue,
        registry: ProviderRegistry,
        user_names: Sequence[str] = (),
        machine_names: Sequence[str] = (),
    ) -> None:
        self._lock = threading.Lock()
        self._redactor = Redactor(catalogue, registry, user_names, machine_names)
        self._accounts: dict[str, str] = {}  # an account's label → its service or a token
        self._account_words: re.Pattern[str] | None = None  # those labels, inside any text
        self._emails: dict[str, str] = {}

    def learn_accounts(self, placed: Iterable[PlacedAccount]) -> None:
        """Name each account by its service, as the redacted report does (its number: its
        order among the accounts, so the same account keeps its name)."""
        with self._lock:
            for number, item in enumerate(placed, start=1):
                account = item.account
                if account_label(account) in self._accounts:
                    continue
                hidden = self._redactor.account_name(account, number)
                for said in (account_label(account), account.name, account.address):
                    if said and len(said) >= 3:
                        self._accounts.setdefault(said, hidden)
            labels = sorted(self._accounts, key=len, reverse=True)
            self._account_words = (
                re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, labels)) + r")(?!\w)")
                if labels
                else None
            )

    def ip(self, ip: str) -> str:
        with self._lock:
            return self._redactor.ip(ip)

    def host(self, name: str) -> str:
        if not name:
            return name
        with self._lock:
            return self._redactor.server_host(name)

    def account(self, label: str) -> str:
        with self._lock:
            known = self._accounts.get(label)
        return known if known is not None else self.text(label)

    def text(self, text: str) -> str:
        if not text:
            return text
        with self._lock:
            if self._account_words is not None:
                text = self._account_words.sub(lambda m: self._accounts[m.group()], text)
            text = _EMAIL.sub(self._email, text)
            text = _IP.sub(self._ip_in_text, text)
            return self._redactor.text(text)

    def _email(self, match: re.Match[str]) -> str:
        address = match.group()
        known = self._accounts.get(address)
        if known is not None:
            return known
        token = self._emails.get(address.casefold())
        if token is None:
            token = self._emails[address.casefold()] = f"[e-mail {len(self._emails) + 1}]"
        return token

    def _ip_in_text(self, match: re.Match[str]) -> str:
        found = match.group()
        try:
            ipaddress.ip_address(found.split("%", 1)[0])
        except ValueError:
            return found  # a time, a version number: not an address
        return self._redactor.ip(found)


def make_anonymiser() -> Anonymiser:
    """The window's anonymiser: the shipped catalogues and this computer's own names (reads
    two small files: run it off the GUI thread)."""
    users, machines = own_names()
    return Anonymiser(ServiceCatalogue.load(), ProviderRegistry.load(), users, machines)
