"""Thunderbird's mail accounts, read from its profiles (``profiles.ini``, then each ``prefs.js``).

Only these two files are read, never ``logins.json`` or ``key4.db``: the passwords stay where
they are. ``prefs.js`` is JavaScript that Thunderbird writes as one
``user_pref("name", value);`` per line; we read those lines as data with one pattern, never
run or evaluate them. Every file is untrusted: a missing, symlinked, huge or garbled one is
skipped and named in a `Problem`; what cannot be read in a readable file is left out.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from app.core.accounts.keyfiles import read_keyfile, read_text
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
from app.core.accounts.userdirs import UserDirs
from app.core.i18n import message

log = logging.getLogger(__name__)

CLIENT = "Thunderbird"
MAX_PROFILES_INI = 256 * 1024
MAX_PREFS_JS = 16 * 1024 * 1024  # a busy profile's prefs.js is well under 1 MB
MAX_PROFILES = 64

# Where Thunderbird keeps profiles.ini, relative to the home folder (Linux package, Flatpak,
# Snap, macOS) or to %APPDATA% (Windows).
HOME_FOLDERS = (
    ".thunderbird",
    ".var/app/org.mozilla.Thunderbird/.thunderbird",
    "snap/thunderbird/common/.thunderbird",
    "Library/Thunderbird",
)
APPDATA_FOLDERS = ("Thunderbird",)

# Server types that hold mail (Thunderbird's own names; "owl"/"ews"/"exquilla": Exchange).
# mail.server.*.socketType: 0 plain, 1 "TLS if available" (old), 2 STARTTLS, 3 SSL/TLS.
_SOCKET_TYPES = {0: Security.NONE, 1: Security.STARTTLS, 2: Security.STARTTLS, 3: Security.TLS}
_STORING = {"imap": "imap", "pop3": "pop3", "owl": "ews", "ews": "ews", "exquilla": "ews"}
_PREF = re.compile(r'\s*user_pref\(\s*"((?:[^"\\\n]|\\.){1,200})"\s*,\s*(.{1,4096}?)\s*\)\s*;\s*')


def profiles_ini_paths(dirs: UserDirs) -> list[Path]:
    """Where profiles.ini may be: under the home folder (Linux, Flatpak, Snap, macOS) and
    %APPDATA% on Windows."""
    found = [dirs.home / folder / "profiles.ini" for folder in HOME_FOLDERS]
    if dirs.appdata is not None:
        found += [dirs.appdata / folder / "profiles.ini" for folder in APPDATA_FOLDERS]
    return found


def discover(dirs: UserDirs) -> tuple[tuple[Account, ...], tuple[Problem, ...]]:
    """Every mail account of every Thunderbird profile in these folders."""
    accounts: list[Account] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for ini in profiles_ini_paths(dirs):
        for profile in _profiles(ini, problems):
            prefs = profile / "prefs.js"
            key = _identity(prefs)
            if key in seen:
                continue
            seen.add(key)
            text = read_text(prefs, MAX_PREFS_JS, problems)
            if text is not None:
                accounts.extend(accounts_in_prefs(parse_prefs(text), prefs))
    return tuple(accounts), tuple(problems)


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the path itself is identity enough
        return path


def _profiles(ini: Path, problems: list[Problem]) -> Iterator[Path]:
    """The profile folders profiles.ini names (relative ones under its folder)."""
    parser = read_keyfile(ini, MAX_PROFILES_INI, problems)
    if parser is None:
        return
    count = 0
    for section in parser.sections():
        if not section.lower().startswith("profile") or "Path" not in parser[section]:
            continue
        raw = parser[section]["Path"].strip()
        if not raw or "\x00" in raw:
            continue
        relative = parser[section].get("IsRelative", "1").strip() != "0"
        path = ini.parent / raw if relative else Path(raw)
        count += 1
        if count > MAX_PROFILES:
            problems.append(Problem(ini, message("more than {count} profiles", count=MAX_PROFILES)))
            return
        yield path


def parse_prefs(text: str) -> dict[str, object]:
    """The ``user_pref`` lines of a prefs.js as name → value (text, number or boolean);
    lines that are not one, or values that are not a literal, are left out."""
    prefs: dict[str, object] = {}
    for line in text.splitlines():
        match = _PREF.fullmatch(line)
        if match is None:
            continue
        name, raw = match.groups()
        value = _literal(raw)
        if value is not None:
            try:
                prefs[json.loads(f'"{name}"')] = value
            except ValueError:
                continue
    return prefs


def _literal(raw: str) -> object:
    if raw in ("true", "false"):
        return raw == "true"
    if raw.startswith('"') and raw.endswith('"'):
        try:
            value = json.loads(raw)
        except ValueError:
            return None
        return value if isinstance(value, str) else None
    if re.fullmatch(r"-?\d{1,12}", raw):
        return int(raw)
    return None


def _branch(prefs: Mapping[str, object], prefix: str) -> dict[str, dict[str, object]]:
    """``prefix.<id>.<field>`` prefs as id → field → value."""
    branches: dict[str, dict[str, object]] = {}
    for name, value in prefs.items():
        if name.startswith(prefix):
            ident, dot, field = name[len(prefix) :].partition(".")
            if dot and ident and field:
                branches.setdefault(ident, {})[field] = value
    return branches


def _ids(value: object) -> list[str]:
    return (
        [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, str)
        else []
    )


def accounts_in_prefs(prefs: Mapping[str, object], source: Path) -> Iterator[Account]:
    """The mail accounts a profile's prefs describe, in the account manager's order."""
    servers = _branch(prefs, "mail.server.")
    accounts = _branch(prefs, "mail.account.")
    identities = _branch(prefs, "mail.identity.")
    smtp = _branch(prefs, "mail.smtpserver.")
    order = _ids(prefs.get("mail.accountmanager.accounts")) or sorted(accounts)
    default_smtp = prefs.get("mail.smtp.defaultserver")
    for account_id in order:
        account = accounts.get(account_id, {})
        server = servers.get(str(account.get("server", "")), {})
        protocol = _STORING.get(str(server.get("type", "")).lower())
        host = checked_host(str(server.get("hostname", "")))
        if protocol is None or host is None:
            continue  # Local Folders, news, feeds, chat, or no usable host name
        user = server.get("userName")
        stores = AccountServer(
            host,
            checked_port(server.get("port")),
            protocol,
            ServerRole.STORES,
            security=_socket_type(server.get("socketType")),
            user=user if isinstance(user, str) and user.strip() else None,
        )
        found = [stores]
        first = next(iter(_identities(account, identities)), {})
        smtp_id = first.get("smtpServer") or default_smtp
        outgoing = smtp.get(str(smtp_id), {}) if smtp_id else {}
        smtp_host = checked_host(str(outgoing.get("hostname", "")))
        if smtp_host is not None:
            port = checked_port(outgoing.get("port"))
            found.append(AccountServer(smtp_host, port, "smtp", ServerRole.TRANSIT))
        address = first.get("useremail")
        name = server.get("name")
        yield Account(
            key=f"thunderbird:{source.parent}:{account_id}",
            kind=AccountKind.MAIL,
            client=CLIENT,
            name=name if isinstance(name, str) else host,
            address=address if isinstance(address, str) and address else None,
            servers=tuple(found),
            source=source,
        )


def _socket_type(value: object) -> Security | None:
    return _SOCKET_TYPES.get(value) if isinstance(value, int) else None


def _identities(
    account: Mapping[str, object], identities: Mapping[str, dict[str, object]]
) -> Iterable[dict[str, object]]:
    return [identities[i] for i in _ids(account.get("identities")) if i in identities]
