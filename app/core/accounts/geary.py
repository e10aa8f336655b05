"""Geary's mail accounts: one folder per account, each with its ``geary.ini``.

Geary 3.32 and later keep ``~/.config/geary/account_NN/geary.ini`` (version 1: ``[Account]``
sender_mailboxes, label, service_provider; ``[Incoming]`` and ``[Outgoing]`` host, port);
older versions kept ``~/.local/share/geary/<address>/geary.ini`` with everything in
``[AccountInformation]`` (primary_email, imap_host, imap_port, smtp_host, smtp_port). The
Flatpak keeps the same under ``~/.var/app/org.gnome.Geary``. Key names as in Geary's
src/client/accounts/accounts-manager.vala. For Gmail, Outlook.com and Yahoo Geary stores only
the provider: the servers are the provider's own. Passwords are in the keyring, never here.
"""

from __future__ import annotations

import itertools
import os
from configparser import ConfigParser, SectionProxy
from email.utils import parseaddr
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
from app.core.accounts.providers import FIXED_MAIL_SERVERS
from app.core.accounts.userdirs import UserDirs
from app.core.i18n import message, system_reason

CLIENT = "Geary"
MAX_CONFIG = 256 * 1024
MAX_ACCOUNTS = 64
MAX_FOLDER_ENTRIES = 4096  # a folder listing read no further than this
SETTINGS_FILE = "geary.ini"
# Folders holding one folder per account: configuration (Geary 3.32+), then data (older).
ROOTS = (
    ".config/geary",
    ".local/share/geary",
    ".var/app/org.gnome.Geary/config/geary",
    ".var/app/org.gnome.Geary/data/geary",
)

_LEGACY = "AccountInformation"


def discover(dirs: UserDirs) -> tuple[tuple[Account, ...], tuple[Problem, ...]]:
    """Every Geary account under the home folder (each settings file read once)."""
    accounts: list[Account] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for relative in ROOTS:
        for folder in _account_folders(dirs.home / relative, problems):
            path = folder / SETTINGS_FILE
            if path in seen:
                continue
            seen.add(path)
            parser = read_keyfile(path, MAX_CONFIG, problems)
            account = None if parser is None else geary_account(parser, path)
            if account is not None:
                accounts.append(account)
    return tuple(accounts), tuple(problems)


def _account_folders(root: Path, problems: list[Problem]) -> list[Path]:
    """The real folders (not symbolic links) in ``root``, sorted, at most MAX_ACCOUNTS."""
    try:
        with os.scandir(root) as entries:
            listed = list(itertools.islice(entries, MAX_FOLDER_ENTRIES))
            folders = sorted(
                Path(entry.path) for entry in listed if entry.is_dir(follow_symlinks=False)
            )
    except FileNotFoundError:
        return []
    except OSError as error:
        problems.append(Problem(root, system_reason(error)))
        return []
    if len(folders) > MAX_ACCOUNTS or len(listed) == MAX_FOLDER_ENTRIES:
        problems.append(Problem(root, message("more than {count} files", count=MAX_ACCOUNTS)))
    return folders[:MAX_ACCOUNTS]


def geary_account(parser: ConfigParser, path: Path) -> Account | None:
    """The account one geary.ini describes (either layout), None when it names no server."""
    legacy = parser.has_section(_LEGACY)
    account = _section(parser, _LEGACY if legacy else "Account")
    metadata = _section(parser, "Metadata")
    if metadata.get("status", "").strip().lower() == "removed" or metadata.get("goa_id"):
        return None  # deleted, or a GNOME Online Accounts one (read from GOA's own file)
    provider = account.get("service_provider", "other").strip().lower()
    if provider in FIXED_MAIL_SERVERS:
        servers = FIXED_MAIL_SERVERS[provider]
    elif legacy:
        servers = _servers(account, "imap_host", "imap_port", account, "smtp_host", "smtp_port")
    else:
        incoming, outgoing = _section(parser, "Incoming"), _section(parser, "Outgoing")
        servers = _servers(incoming, "host", "port", outgoing, "host", "port")
    if not servers:
        return None
    address = _address(account, legacy)
    label = account.get("nickname" if legacy else "label", "").strip()
    return Account(
        key=f"geary:{path.parent}",
        kind=AccountKind.MAIL,
        client=CLIENT,
        name=label or address or servers[0].host,
        address=address,
        servers=servers,
        source=path,
    )


def _section(parser: ConfigParser, name: str) -> SectionProxy | dict[str, str]:
    return parser[name] if parser.has_section(name) else {}


def _servers(
    incoming: SectionProxy | dict[str, str],
    in_host: str,
    in_port: str,
    outgoing: SectionProxy | dict[str, str],
    out_host: str,
    out_port: str,
) -> tuple[AccountServer, ...]:
    """The IMAP server (none: no account) and the SMTP server, when their names are usable."""
    host = checked_host(incoming.get(in_host, ""))
    if host is None:
        return ()
    port = checked_port(incoming.get(in_port, ""))
    found = [AccountServer(host, port, "imap", ServerRole.STORES)]
    smtp = checked_host(outgoing.get(out_host, ""))
    if smtp is not None:
        smtp_port = checked_port(outgoing.get(out_port, ""))
        found.append(AccountServer(smtp, smtp_port, "smtp", ServerRole.TRANSIT))
    return tuple(found)


def _address(account: SectionProxy | dict[str, str], legacy: bool) -> str | None:
    """The account's address: the first sender mailbox ("Name <address>;…"), or
    primary_email."""
    raw = account.get("primary_email", "")
    if not legacy and not raw:
        raw = account.get("sender_mailboxes", "").split(";", 1)[0]
    address = parseaddr(raw.strip())[1].strip()
    return address if "@" in address else None
