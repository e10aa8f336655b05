"""KMail's mail accounts, read from the Akonadi resources' KConfig files under ``~/.config``.

KMail keeps each receiving account as an Akonadi resource with its own file:
``akonadi_imap_resource_<N>rc`` (``[network]`` ImapServer, ImapPort) or
``akonadi_pop3_resource_<N>rc`` (``[General]`` host, port). The name the user gave it is in
Akonadi's ``akonadi/agent_config_<resource>`` (``[Agent]`` Name); the sending servers are in
``mailtransports`` (``[Transport <id>]`` host, port, name) and the addresses in
``emailidentities`` (``[Identity #N]`` Email Address, Identity, Transport). Key names as in
kdepim-runtime's imapresource.kcfg and pop3resource.kcfg, kmailtransport's mailtransport.kcfg
and kidentitymanagement's identity.h.

Passwords are in KWallet, or (POP3, transports without a wallet) obfuscated in these very
files: we read the keys we need by name and never those.
"""

from __future__ import annotations

import re
from configparser import ConfigParser
from dataclasses import dataclass
from pathlib import Path

from app.core.accounts.keyfiles import read_keyfile
from app.core.accounts.model import (
    Account,
    AccountKind,
    AccountServer,
    Problem,
    ServerRole,
    checked_host,
    checked_port,
)
from app.core.accounts.userdirs import UserDirs
from app.core.i18n import message

CLIENT = "KMail"
MAX_CONFIG = 256 * 1024
MAX_RESOURCES = 64
# KDE's configuration folders: the usual one, and the KMail Flatpak's.
CONFIG_FOLDERS = (".config", ".var/app/org.kde.kmail2/config")
IDENTITIES = "emailidentities"
TRANSPORTS = "mailtransports"

_RESOURCE = re.compile(r"(akonadi_(imap|pop3)_resource_\d{1,9})rc")
_PROTOCOL = {"imap": "imap", "pop3": "pop3"}
_TRANSPORT_SECTION = re.compile(r"Transport (-?\d{1,12})")
_HOST_AND_PORT = re.compile(r"(\[[0-9a-fA-F:.]+\]|[^:\[\]]+):(\d{1,5})")


@dataclass(frozen=True, slots=True)
class _Identity:
    address: str | None
    transport: str | None


def discover(dirs: UserDirs) -> tuple[tuple[Account, ...], tuple[Problem, ...]]:
    """KMail's receiving accounts in every KDE configuration folder under the home folder,
    each with the SMTP server its identity sends through."""
    accounts: list[Account] = []
    problems: list[Problem] = []
    for relative in CONFIG_FOLDERS:
        accounts += kmail_accounts(dirs.home / relative, problems)
    return tuple(accounts), tuple(problems)


def kmail_accounts(config: Path, problems: list[Problem]) -> list[Account]:
    """The IMAP and POP3 resources in one configuration folder."""
    resources = _resource_files(config, problems)
    if not resources:
        return []  # no account: the identities and transports alone place nothing
    identities, default_identity = _identities(config / IDENTITIES, problems)
    transports, default_transport = _transports(config / TRANSPORTS, problems)
    accounts = []
    for path, resource, kind in resources:
        parser = read_keyfile(path, MAX_CONFIG, problems)
        if parser is None:
            continue
        store = _store(parser, kind)
        if store is None:
            continue
        identity = identities.get(_identity_id(parser) or default_identity or "")
        transport = transports.get((identity and identity.transport) or default_transport or "")
        servers = (store,) if transport is None else (store, transport)
        name = _agent_name(config / "akonadi" / f"agent_config_{resource}", problems)
        accounts.append(
            Account(
                key=f"kmail:{path}",
                kind=AccountKind.MAIL,
                client=CLIENT,
                name=name or store.host,
                address=identity.address if identity else None,
                servers=servers,
                source=path,
            )
        )
    return accounts


def _resource_files(config: Path, problems: list[Problem]) -> list[tuple[Path, str, str]]:
    """(file, resource id, "imap" or "pop3") of each resource, in their order."""
    try:
        paths = sorted(config.glob("akonadi_*_resource_*rc"))
    except OSError:
        return []
    found = []
    for path in paths:
        match = _RESOURCE.fullmatch(path.name)
        if match is not None:
            found.append((path, match.group(1), match.group(2)))
    if len(found) > MAX_RESOURCES:
        problems.append(Problem(config, message("more than {count} files", count=MAX_RESOURCES)))
        found = found[:MAX_RESOURCES]
    return found


def _store(parser: ConfigParser, kind: str) -> AccountServer | None:
    """The server that keeps the mail: IMAP's ``[network]``, POP3's ``[General]``."""
    if kind == "imap":
        if not parser.has_section("network"):
            return None
        section = parser["network"]
        text, port = _split_port(section.get("ImapServer", ""))
        port = checked_port(section.get("ImapPort", "")) or port
    else:
        if not parser.has_section("General"):
            return None
        section = parser["General"]
        text = section.get("host", "")
        port = checked_port(section.get("port", "")) or 110  # pop3resource.kcfg's default
    host = checked_host(text)
    return None if host is None else AccountServer(host, port, _PROTOCOL[kind], ServerRole.STORES)


def _split_port(text: str) -> tuple[str, int | None]:
    """ "host:port" (older KMail kept the port there) as host and port; anything else as is."""
    match = _HOST_AND_PORT.fullmatch(text.strip())
    if match is None:
        return text, None
    return match.group(1), checked_port(match.group(2))


def _identity_id(parser: ConfigParser) -> str | None:
    """The identity (uoid) the resource sends as, unless it uses the default one."""
    for name in ("cache", "network", "General"):
        if parser.has_section(name):
            section = parser[name]
            if section.get("UseDefaultIdentity", "true").strip().lower() == "false":
                value = section.get("AccountIdentity", "").strip()
                return value if value.isdigit() else None
    return None


def _identities(path: Path, problems: list[Problem]) -> tuple[dict[str, _Identity], str | None]:
    """Identities by uoid, and the default one's uoid."""
    parser = read_keyfile(path, MAX_CONFIG, problems)
    if parser is None:
        return {}, None
    found: dict[str, _Identity] = {}
    first = None
    for name in parser.sections():
        if not name.startswith("Identity #"):
            continue
        section = parser[name]
        uoid = section.get("uoid", "").strip()
        if not uoid.isdigit():
            continue
        address = section.get("Email Address", "").strip()
        transport = section.get("Transport", "").strip()
        found[uoid] = _Identity(
            address if "@" in address else None, transport if transport else None
        )
        first = first or uoid
    default = parser.get("Default", "Default Identity", fallback="").strip()
    return found, default if default in found else first


def _transports(path: Path, problems: list[Problem]) -> tuple[dict[str, AccountServer], str | None]:
    """SMTP transports by id, and the default one's id."""
    parser = read_keyfile(path, MAX_CONFIG, problems)
    if parser is None:
        return {}, None
    found: dict[str, AccountServer] = {}
    for name in parser.sections():
        match = _TRANSPORT_SECTION.fullmatch(name)
        if match is None:
            continue
        section = parser[name]
        if section.get("identifier", "SMTP").strip().upper() != "SMTP":
            continue  # an Akonadi transport (EWS…) names no SMTP server
        host = checked_host(section.get("host", ""))
        if host is not None:
            port = checked_port(section.get("port", "")) or 25  # kmailtransport's default
            found[match.group(1)] = AccountServer(host, port, "smtp", ServerRole.TRANSIT)
    default = parser.get("General", "default-transport", fallback="").strip()
    return found, default if default in found else next(iter(found), None)


def _agent_name(path: Path, problems: list[Problem]) -> str | None:
    """The name the user gave the resource (Akonadi's ``[Agent]`` Name), if any."""
    parser = read_keyfile(path, MAX_CONFIG, problems)
    if parser is None or not parser.has_section("Agent"):
        return None
    name = parser["Agent"].get("Name", "").strip()
    if len(name) > 1 and name[0] == name[-1] == '"':  # QSettings quotes some strings
        name = name[1:-1].strip()
    return name or None
