"""Photo and file sync accounts: the Nextcloud and ownCloud desktop clients, Dropbox, and rclone
remotes, from their own configuration files where each keeps them on Linux, Windows
(%APPDATA%, %LOCALAPPDATA%) and macOS (~/Library/Preferences): one table of places per client.

Only the server each account syncs with is kept: a URL's host, or for a service the user cannot
choose (Dropbox, Google Drive…) the host its client talks to. Tokens and keys in these files
(rclone keeps them in rclone.conf) are never kept: we read the keys we need by name and drop
the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from app.core.accounts.keyfiles import read_keyfile, read_text
from app.core.accounts.model import (
    Account,
    AccountKind,
    AccountServer,
    Problem,
    ServerRole,
    checked_host,
)
from app.core.accounts.userdirs import Folder, UserDirs
from app.core.i18n import message

MAX_CONFIG = 1024 * 1024


# Where each client keeps its file, in the order they are read.
NEXTCLOUD_CONFIGS = (  # (client, folder, file under it)
    ("Nextcloud", Folder.HOME, ".config/Nextcloud/nextcloud.cfg"),
    (
        "Nextcloud",
        Folder.HOME,
        ".var/app/com.nextcloud.desktopclient.nextcloud/config/Nextcloud/nextcloud.cfg",
    ),
    ("Nextcloud", Folder.HOME, "Library/Preferences/Nextcloud/nextcloud.cfg"),
    ("Nextcloud", Folder.APPDATA, "Nextcloud/nextcloud.cfg"),
    ("ownCloud", Folder.HOME, ".config/ownCloud/owncloud.cfg"),
    ("ownCloud", Folder.HOME, "Library/Preferences/ownCloud/owncloud.cfg"),
    ("ownCloud", Folder.APPDATA, "ownCloud/owncloud.cfg"),
)
DROPBOX_INFOS = (
    (Folder.HOME, ".dropbox/info.json"),
    (Folder.LOCAL_APPDATA, "Dropbox/info.json"),
    (Folder.APPDATA, "Dropbox/info.json"),
)
RCLONE_CONFIGS = (
    (Folder.HOME, ".config/rclone/rclone.conf"),  # Linux, macOS
    (Folder.APPDATA, "rclone/rclone.conf"),  # Windows
)

# The host a service's client syncs with, for services whose server the user does not choose.
DROPBOX_HOST = "content.dropboxapi.com"
RCLONE_FIXED = {
    "drive": "www.googleapis.com",  # Google Drive
    "google photos": "photoslibrary.googleapis.com",
    "onedrive": "graph.microsoft.com",
    "dropbox": DROPBOX_HOST,
    "pcloud": "api.pcloud.com",
    "mega": "g.api.mega.co.nz",
    "box": "api.box.com",
    "protondrive": "drive-api.proton.me",
    "koofr": "app.koofr.net",
    "jottacloud": "www.jottacloud.com",
}
_RCLONE_URL_KEYS = ("url", "endpoint", "host")
_NEXTCLOUD_URL = re.compile(r"(\d{1,4})\\url")
_WEB_SCHEMES = {"http", "https", "dav", "davs", "webdav", "webdavs"}
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d+(?:/|$))", re.IGNORECASE)


def discover(dirs: UserDirs) -> tuple[tuple[Account, ...], tuple[Problem, ...]]:
    """The sync clients' accounts in these folders: each file read once, each account (the
    same Dropbox folder or rclone remote in two places) kept once, as first found."""
    problems: list[Problem] = []
    found: list[Account] = []
    seen: set[Path] = set()
    for client, base, relative in NEXTCLOUD_CONFIGS:
        for path in _located(dirs, ((base, relative),), seen):
            found += nextcloud_accounts(path, client, problems)
    for path in _located(dirs, DROPBOX_INFOS, seen):
        found += dropbox_accounts(path, problems)
    for path in _located(dirs, RCLONE_CONFIGS, seen):
        found += rclone_accounts(path, problems)
    accounts: dict[str, Account] = {}
    for account in found:
        accounts.setdefault(account.key, account)
    return tuple(accounts.values()), tuple(problems)


def _located(dirs: UserDirs, table: Iterable[tuple[Folder, str]], seen: set[Path]) -> list[Path]:
    """The files a table names under this user's folders, but those already in ``seen``
    (a path named twice, as when %APPDATA% is a folder of the home folder, is read once)."""
    paths = []
    for base, relative in table:
        root = dirs.folder(base)
        if root is not None and root / relative not in seen:
            seen.add(root / relative)
            paths.append(root / relative)
    return paths


def _files_account(key: str, client: str, name: str, host: str, source: Path) -> Account:
    server = AccountServer(host, None, "https", ServerRole.STORES)
    return Account(key, AccountKind.FILES, client, name, None, (server,), source)


def url_host(text: str) -> str | None:
    """The host of a server URL (http, https, WebDAV) or of a bare "host[:port][/path]"."""
    value = text.strip().strip('"')
    if "://" in value:
        if value.split("://", 1)[0].lower() not in _WEB_SCHEMES:
            return None
    elif _OTHER_SCHEME.match(value):  # javascript:, mailto:, file:… name no server
        return None
    else:
        value = "https://" + value
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    return checked_host(host) if host else None


def nextcloud_accounts(path: Path, client: str, problems: list[Problem]) -> Iterator[Account]:
    """``[Accounts]`` of the desktop client's .cfg: ``N\\url`` is account N's server."""
    parser = read_keyfile(path, MAX_CONFIG, problems)
    if parser is not None and parser.has_section("Accounts"):
        section = parser["Accounts"]
        for key, value in section.items():
            match = _NEXTCLOUD_URL.fullmatch(key)
            host = url_host(value) if match else None
            if match is None or host is None:
                continue
            number = match.group(1)
            user = section.get(f"{number}\\dav_user", "").strip()
            name = f"{user}@{host}" if user else host
            yield _files_account(f"{client.lower()}:{path}:{number}", client, name, host, path)


def dropbox_accounts(path: Path, problems: list[Problem]) -> list[Account]:
    """info.json names the Dropbox folders ("personal", "business"): one account each."""
    text = read_text(path, MAX_CONFIG, problems)
    if text is None:
        return []
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        problems.append(Problem(path, message("it is not valid JSON")))
        return []
    if not isinstance(document, dict):
        return []
    return [
        _files_account(f"dropbox:{kind}", "Dropbox", f"Dropbox ({kind})", DROPBOX_HOST, path)
        for kind, value in sorted(document.items())
        if isinstance(kind, str) and isinstance(value, dict) and kind.isidentifier()
    ]


def rclone_accounts(path: Path, problems: list[Problem]) -> Iterator[Account]:
    """Each remote of rclone.conf: its own URL or endpoint, or its service's fixed host
    (S3 without an endpoint is AWS's). Remotes that wrap another (crypt, alias…) add none."""
    parser = read_keyfile(path, MAX_CONFIG, problems)
    if parser is None:
        return
    for remote in parser.sections():
        section = parser[remote]
        kind = section.get("type", "").strip().lower()
        host = next(
            (h for key in _RCLONE_URL_KEYS if key in section if (h := url_host(section[key]))),
            None,
        )
        if host is None and kind == "s3":
            region = section.get("region", "").strip() or "us-east-1"
            host = checked_host(f"s3.{region}.amazonaws.com")
        if host is None:
            host = RCLONE_FIXED.get(kind)
        if host is None:
            continue
        name = f"{remote} ({kind})" if kind else remote
        yield _files_account(f"rclone:{remote}", "rclone", name, host, path)
