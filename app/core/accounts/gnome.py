"""Accounts of the GNOME desktop: Evolution's mail sources and GNOME Online Accounts.

Evolution keeps one key file per source in ``~/.config/evolution/sources``: a mail account
(``[Mail Account]``, its server in ``[Authentication]``) points to its identity
(``[Mail Identity]``), whose submission points to the transport (``[Mail Transport]``, the SMTP
server). GNOME Online Accounts keeps ``~/.config/goa-1.0/accounts.conf``: one section per
account, with its provider and, for the generic ones, its servers. Passwords live in the
keyring, never in these files, and we read nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from configparser import ConfigParser, SectionProxy
from pathlib import Path
from urllib.parse import urlsplit

from app.core.accounts.keyfiles import read_keyfile
from app.core.accounts.model import (
    Account,
    AccountKind,
    AccountServer,
    Problem,
    Security,
    ServerRole,
    checked_host,
    checked_port,
)
from app.core.accounts.providers import FIXED_MAIL_SERVERS
from app.core.accounts.userdirs import UserDirs
from app.core.i18n import message

MAX_SOURCE_FILE = 256 * 1024
MAX_SOURCES = 500
EVOLUTION_SOURCES = ".config/evolution/sources"
GOA_ACCOUNTS = ".config/goa-1.0/accounts.conf"

# Evolution's mail backends that keep mail on a server ("local", "maildir", "none": on disk).
_EVOLUTION_STORING = {"imapx": "imap", "imap": "imap", "pop": "pop3", "ews": "ews", "mapi": "ews"}

# GNOME Online Accounts providers whose mail servers are fixed by the provider (GOA's own
# provider code names them; the generic "imap_smtp" and "exchange" ones say them in the file).
_GOA_MAIL = {
    "google": FIXED_MAIL_SERVERS["gmail"],
    "windows_live": FIXED_MAIL_SERVERS["outlook"],
    "ms_graph": FIXED_MAIL_SERVERS["outlook"],
}


def discover(dirs: UserDirs) -> tuple[tuple[Account, ...], tuple[Problem, ...]]:
    """Evolution's and GNOME Online Accounts' accounts under the home folder."""
    home = dirs.home
    problems: list[Problem] = []
    accounts = [*evolution_accounts(home / EVOLUTION_SOURCES, problems)]
    accounts += goa_accounts(home / GOA_ACCOUNTS, problems)
    return tuple(accounts), tuple(problems)


# --- Evolution --------------------------------------------------------------------------------


def evolution_accounts(folder: Path, problems: list[Problem]) -> Iterator[Account]:
    sources = _sources(folder, problems)
    for uid, parser in sorted(sources.items()):
        if not parser.has_section("Mail Account"):
            continue
        backend = parser["Mail Account"].get("BackendName", "").strip().lower()
        protocol = _EVOLUTION_STORING.get(backend)
        if protocol is None:
            continue
        server = _server(parser, protocol, ServerRole.STORES)
        if server is None:
            continue
        found = [server]
        identity = sources.get(parser["Mail Account"].get("IdentityUid", "").strip())
        address = None
        if identity is not None and identity.has_section("Mail Identity"):
            address = identity["Mail Identity"].get("Address", "").strip() or None
            submission = (
                identity["Mail Submission"] if identity.has_section("Mail Submission") else None
            )
            transport = (
                sources.get(submission.get("TransportUid", "").strip()) if submission else None
            )
            if transport is not None and transport.has_section("Mail Transport"):
                outgoing = _server(transport, "smtp", ServerRole.TRANSIT)
                if outgoing is not None:
                    found.append(outgoing)
        name = (
            parser["Data Source"].get("DisplayName", "")
            if parser.has_section("Data Source")
            else ""
        )
        yield Account(
            key=f"evolution:{uid}",
            kind=AccountKind.MAIL,
            client="Evolution",
            name=name.strip() or server.host,
            address=address,
            servers=tuple(found),
            source=folder / f"{uid}.source",
        )


def _sources(folder: Path, problems: list[Problem]) -> dict[str, ConfigParser]:
    try:
        paths = sorted(folder.glob("*.source"))
    except OSError:
        return {}
    if len(paths) > MAX_SOURCES:
        problems.append(Problem(folder, message("more than {count} files", count=MAX_SOURCES)))
        paths = paths[:MAX_SOURCES]
    found: dict[str, ConfigParser] = {}
    for path in paths:
        parser = read_keyfile(path, MAX_SOURCE_FILE, problems)
        if parser is not None:
            found[path.stem] = parser
    return found


def _server(parser: ConfigParser, protocol: str, role: ServerRole) -> AccountServer | None:
    if not parser.has_section("Authentication"):
        return None
    section = parser["Authentication"]
    host = checked_host(section.get("Host", ""))
    if host is None:
        return None
    user = section.get("User", "").strip() or None
    method = parser["Security"].get("Method", "") if parser.has_section("Security") else ""
    return AccountServer(
        host,
        checked_port(section.get("Port", "")),
        protocol,
        role,
        security=_EVOLUTION_SECURITY.get(method.strip().lower()),
        user=user,
    )


# Evolution's [Security] Method (camel's CamelNetworkSecurityMethod nicks).
_EVOLUTION_SECURITY = {
    "ssl-on-alternate-port": Security.TLS,
    "starttls-on-standard-port": Security.STARTTLS,
    "none": Security.NONE,
}


def _goa_security(section: Mapping[str, str], prefix: str) -> Security | None:
    """GOA's ImapUseSsl (TLS from the start) / ImapUseTls (STARTTLS), SmtpUse… likewise."""
    if section.get(f"{prefix}UseSsl", "").strip().lower() == "true":
        return Security.TLS
    if section.get(f"{prefix}UseTls", "").strip().lower() == "true":
        return Security.STARTTLS
    return None


# --- GNOME Online Accounts --------------------------------------------------------------------


def goa_accounts(path: Path, problems: list[Problem]) -> list[Account]:
    parser = read_keyfile(path, MAX_SOURCE_FILE, problems)
    if parser is None:
        return []
    accounts = []
    for name in parser.sections():
        if not name.startswith("Account "):
            continue
        section = parser[name]
        account = _goa_account(name.removeprefix("Account ").strip(), section, path)
        if account is not None:
            accounts.append(account)
    return accounts


def _enabled(section: Mapping[str, str], key: str) -> bool:
    return section.get(key, "true").strip().lower() != "false"


def _goa_account(ident: str, section: SectionProxy, path: Path) -> Account | None:
    provider = section.get("Provider", "").strip()
    identity = section.get("PresentationIdentity", section.get("Identity", "")).strip()
    servers: list[AccountServer] = []
    kind = AccountKind.MAIL
    if provider in _GOA_MAIL and _enabled(section, "MailEnabled"):
        servers = list(_GOA_MAIL[provider])
    elif provider == "imap_smtp" and _enabled(section, "Enabled"):
        for prefix, protocol, role in (
            ("Imap", "imap", ServerRole.STORES),
            ("Smtp", "smtp", ServerRole.TRANSIT),
        ):
            host = checked_host(section.get(f"{prefix}Host", ""))
            if host is not None:
                user = section.get(f"{prefix}UserName", "").strip() or None
                security = _goa_security(section, prefix)
                servers.append(
                    AccountServer(host, None, protocol, role, security=security, user=user)
                )
    elif provider == "exchange" and _enabled(section, "MailEnabled"):
        host = checked_host(section.get("Host", ""))
        if host is not None:
            servers = [AccountServer(host, None, "ews", ServerRole.STORES)]
    elif provider in ("owncloud", "webdav") and _enabled(section, "FilesEnabled"):
        host = checked_host(urlsplit(section.get("Uri", "").strip()).hostname or "")
        if host is not None:
            servers = [AccountServer(host, None, "webdav", ServerRole.STORES)]
            kind = AccountKind.FILES
    if not servers or servers[0].role is not ServerRole.STORES:
        return None
    return Account(
        key=f"goa:{ident}",
        kind=kind,
        client="GNOME Online Accounts",
        name=identity or servers[0].host,
        address=identity if "@" in identity else None,
        servers=tuple(servers),
        source=path,
    )
