"""What an account is: who holds the user's mail or files, and through which servers.

Mail is stored where the IMAP, POP or Exchange server is; the SMTP server only carries mail
out (transit). Names and addresses come from files anyone could have written: they are data,
checked to be host names before anything resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.core.addresses import parse_ip
from app.core.i18n import Message


class AccountKind(StrEnum):
    MAIL = "mail"
    FILES = "files"  # photos and file sync


class ServerRole(StrEnum):
    STORES = "stores"  # the data live there (IMAP, POP, Exchange, a sync server)
    TRANSIT = "transit"  # it only passes them on (SMTP, MX)


class FoundBy(StrEnum):
    """How a server became known: it matters for how much the answer can be trusted."""

    CONFIG = "config"  # the client's own settings
    CATALOGUE = "catalogue"  # the service's published settings (resources/services.toml)
    SRV = "srv"  # the domain's SRV records (RFC 6186)
    MX = "mx"  # the domain's MX records: where mail arrives
    GUESS = "guess"  # a usual name (imap.<domain>) that answers in DNS
    TYPED = "typed"  # a server URL the user typed


class Security(StrEnum):
    """How the client's settings say to protect the connection (None when they do not say)."""

    TLS = "tls"  # TLS from the first byte (IMAPS on 993)
    STARTTLS = "starttls"  # a plain connection upgraded with STARTTLS (IMAP on 143)
    NONE = "none"  # no encryption configured (DataLocator still never logs in in clear)


@dataclass(frozen=True, slots=True)
class AccountServer:
    host: str  # a checked host name (lower case, no trailing dot) or an IP address
    port: int | None
    protocol: str  # "imap", "pop3", "ews", "smtp"…
    role: ServerRole
    found_by: FoundBy = FoundBy.CONFIG
    security: Security | None = None  # as the client's settings say, when they say
    user: str | None = None  # the login name the client uses (data), when it says


@dataclass(frozen=True, slots=True)
class Account:
    key: str  # stable identity: "<client>:<where it was found>:<the client's own id>"
    kind: AccountKind
    client: str  # "Thunderbird"…
    name: str  # the name the user gave it in the client (data)
    address: str | None  # the e-mail address of its first identity, if any (data)
    servers: tuple[AccountServer, ...]
    source: Path | None  # the file it was read from; None for one the user added
    service: str | None = None  # its service in the catalogue (resources/services.toml)
    problems: tuple[Message, ...] = ()  # why servers may be missing (a DNS failure…)

    @property
    def manual(self) -> bool:
        """Added by the user (an address, a URL, a service), not found in a client's files."""
        return self.source is None


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that was skipped or partly read, and why (in the reader's language later)."""

    path: Path
    reason: Message


_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST_NAME = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}")


def checked_host(text: str) -> str | None:
    """``text`` as a host name or IP address we may resolve or locate, else None: letters,
    digits and hyphens in labels of at most 63 (international names in their ASCII form),
    253 characters in all; an address literal as the one IP parser reads it."""
    name = text.strip().rstrip(".").lower()
    if not name:
        return None
    try:
        return str(parse_ip(name.strip("[]")))
    except ValueError:
        pass
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if len(name) > 253 or not _HOST_NAME.fullmatch(name):
        return None
    return name


def checked_port(value: object) -> int | None:
    """A TCP port from a config value (an int or digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 < value < 65536 else None
