"""Sync services whose desktop client only shows that it is set up: the user cannot choose the
server, so the account's server is the fixed API host the client talks to (as for Dropbox in
`app.core.accounts.sync`), or none when even that cannot be told.

Most clients keep their settings in databases or encrypted stores we do not open; the existence
of their settings folder is the whole answer. It is checked with ``os.lstat`` (never opened, so
a FIFO cannot hang us), a symbolic link at that place is not followed, and a folder reached
through a link that leads out of the base folder (the home, %LOCALAPPDATA%…) does not count.

A few files are read, by key and as data, each under a size limit through `read_text`:

* the Linux ``onedrive`` client's ``config`` (abraunegg/onedrive): only ``azure_ad_endpoint``,
  which selects a national cloud (USL4, USL5, DE, CN; docs/national-cloud-deployments.md and the
  client's Graph endpoints); ``refresh_token`` is another file and never read;
* the Immich CLI's ``auth.yml``: only the ``url:`` line (the user's own server); ``key:`` is the
  API key and never read.

pCloud keeps its data region (US: api.pcloud.com, EU: eapi.pcloud.com; pCloud's API docs: "depending
where the user has been registered", no default) and Synology Drive Client the NAS address in
SQLite databases, which we do not read: their accounts have no server and say why. Ente's
desktop app can be pointed at a self-hosted server in its local storage, which we do not read
either: the account names Ente's own API host.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.accounts.keyfiles import read_text
from app.core.accounts.model import (
    Account,
    AccountKind,
    AccountServer,
    Problem,
    ServerRole,
    checked_host,
)
from app.core.accounts.sync import RCLONE_FIXED, url_host
from app.core.accounts.userdirs import Folder, UserDirs
from app.core.i18n import Message, message

log = logging.getLogger(__name__)

MAX_CONFIG = 256 * 1024
MAX_LINES = 10_000


@dataclass(frozen=True, slots=True)
class Marker:
    """A path whose existence shows that a client is set up."""

    base: Folder
    relative: str
    name: str | None = None  # the account's name, when not the client's ("OneDrive (Business)")


@dataclass(frozen=True, slots=True)
class PresenceClient:
    client: str
    kind: AccountKind
    hosts: tuple[str, ...]  # the API hosts its client talks to; () when that cannot be told
    markers: tuple[Marker, ...]
    unknown: Message | None = None  # why there is no host, when hosts is ()


ONEDRIVE = "OneDrive"
GOOGLE_DRIVE = "Google Drive"
ICLOUD = "iCloud Drive"
PCLOUD = "pCloud"
MEGA = "MEGA"
PROTON_DRIVE = "Proton Drive"
SYNOLOGY_DRIVE = "Synology Drive"
IMMICH = "Immich"
ENTE = "Ente"

ONEDRIVE_HOST = RCLONE_FIXED["onedrive"]  # graph.microsoft.com
# azure_ad_endpoint → the Graph host the Linux client then uses (abraunegg/onedrive config.d).
ONEDRIVE_NATIONAL = {
    "USL4": "graph.microsoft.us",
    "USL5": "dod-graph.microsoft.us",
    "DE": "graph.microsoft.de",
    "CN": "microsoftgraph.chinacloudapi.cn",
}
ONEDRIVE_LINUX = ".config/onedrive"
IMMICH_AUTH = ".config/immich/auth.yml"  # the CLI's default on every system

# Where the data are cannot be read from these clients' plain files.
_NOT_READABLE = message("where it keeps the files is not in a file we can read")

PRESENCE_CLIENTS: tuple[PresenceClient, ...] = (
    PresenceClient(
        ONEDRIVE,
        AccountKind.FILES,
        (ONEDRIVE_HOST,),
        (
            Marker(Folder.LOCAL_APPDATA, "Microsoft/OneDrive/settings/Personal", "OneDrive"),
            Marker(
                Folder.LOCAL_APPDATA, "Microsoft/OneDrive/settings/Business1", "OneDrive (Business)"
            ),
            Marker(Folder.MAC_SUPPORT, "OneDrive"),
        ),
    ),
    PresenceClient(
        GOOGLE_DRIVE,
        AccountKind.FILES,
        (RCLONE_FIXED["drive"],),  # www.googleapis.com
        (
            Marker(Folder.LOCAL_APPDATA, "Google/DriveFS"),
            Marker(Folder.MAC_SUPPORT, "Google/DriveFS"),
        ),
    ),
    PresenceClient(
        ICLOUD,
        AccountKind.FILES,
        ("setup.icloud.com",),  # iCloud's web services entry point (rclone's iclouddrive)
        (
            Marker(Folder.HOME, "Library/Mobile Documents/com~apple~CloudDocs"),  # macOS
            Marker(Folder.HOME, "iCloudDrive"),  # the folder iCloud for Windows syncs
        ),
    ),
    PresenceClient(
        PCLOUD,
        AccountKind.FILES,
        (),  # api.pcloud.com (US) or eapi.pcloud.com (EU): the region is not readable
        (Marker(Folder.HOME, ".pcloud"),),
        _NOT_READABLE,
    ),
    PresenceClient(
        MEGA,
        AccountKind.FILES,
        (RCLONE_FIXED["mega"],),  # g.api.mega.co.nz
        (
            Marker(Folder.HOME, ".local/share/data/Mega Limited/MEGAsync"),
            Marker(Folder.LOCAL_APPDATA, "Mega Limited/MEGAsync"),
            Marker(Folder.MAC_SUPPORT, "Mega Limited/MEGAsync"),
        ),
    ),
    PresenceClient(
        PROTON_DRIVE,
        AccountKind.FILES,
        (RCLONE_FIXED["protondrive"],),  # drive-api.proton.me
        (
            Marker(Folder.LOCAL_APPDATA, "Proton/Proton Drive"),
            Marker(Folder.MAC_SUPPORT, "Proton Drive"),
        ),
    ),
    PresenceClient(
        SYNOLOGY_DRIVE,
        AccountKind.FILES,
        (),  # the user's own NAS, whose address is in the client's SQLite database
        (
            Marker(Folder.HOME, ".SynologyDrive"),
            Marker(Folder.LOCAL_APPDATA, "SynologyDrive"),
            Marker(Folder.MAC_SUPPORT, "SynologyDrive"),
        ),
        _NOT_READABLE,
    ),
    PresenceClient(
        ENTE,
        AccountKind.FILES,
        ("api.ente.io",),
        (
            Marker(Folder.HOME, ".config/ente"),
            Marker(Folder.APPDATA, "ente"),
            Marker(Folder.MAC_SUPPORT, "ente"),
        ),
    ),
)

_ONEDRIVE_KEY = re.compile(r'\s*azure_ad_endpoint\s*=\s*"?([A-Za-z0-9]{0,8})"?\s*(?:#.*)?')
_IMMICH_URL = re.compile(r"""url:\s*(["']?)([^"'#\s]{1,2048})\1\s*(?:#.*)?""")


def discover(dirs: UserDirs) -> tuple[tuple[Account, ...], tuple[Problem, ...]]:
    """Every client of the table set up in these folders, the Linux OneDrive client and the
    Immich CLI."""
    problems: list[Problem] = []
    accounts = [*table_accounts(dirs, problems)]
    accounts += onedrive_linux_accounts(dirs.home, problems)
    accounts += immich_accounts(dirs.home / IMMICH_AUTH, problems)
    return tuple(accounts), tuple(problems)


def present(root: Path, relative: str, problems: list[Problem]) -> Path | None:
    """``root/relative`` when it is a folder or a regular file inside ``root``, else None.

    Only looked at (``os.lstat``), never opened. The last part is never followed when it is a
    link (said); a path that a link in between takes out of ``root`` does not count."""
    path = root / relative
    try:
        mode = os.lstat(path).st_mode
    except OSError:  # absent, a loop, a part that is not a folder, a name too long…
        return None
    if stat.S_ISLNK(mode):
        problems.append(Problem(path, message("it is a symbolic link; not followed")))
        return None
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        problems.append(Problem(path, message("it is not a regular file")))
        return None
    real, real_root = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if real != real_root and not real.is_relative_to(real_root):
        log.debug("%s leads out of %s; not counted", path, root)
        return None
    return path


def _account(
    key: str,
    client: str,
    kind: AccountKind,
    name: str,
    hosts: tuple[str, ...],
    source: Path,
    unknown: Message | None = None,
) -> Account:
    servers = tuple(AccountServer(host, None, "https", ServerRole.STORES) for host in hosts)
    said = (unknown,) if unknown is not None and not servers else ()
    return Account(key, kind, client, name, None, servers, source, problems=said)


def table_accounts(dirs: UserDirs, problems: list[Problem]) -> Iterator[Account]:
    """One account per client and name whose marker exists (the first one found)."""
    for entry in PRESENCE_CLIENTS:
        named: set[str] = set()
        for marker in entry.markers:
            root = dirs.folder(marker.base)
            name = marker.name or entry.client
            if root is None or name in named:
                continue
            path = present(root, marker.relative, problems)
            if path is None:
                continue
            named.add(name)
            key = f"{entry.client.lower()}:{path}"
            yield _account(key, entry.client, entry.kind, name, entry.hosts, path, entry.unknown)


def _lines(path: Path, problems: list[Problem]) -> list[str] | None:
    """The file's lines (at most MAX_LINES), None when absent or unusable (said)."""
    text = read_text(path, MAX_CONFIG, problems)
    if text is None:
        return None
    if "\x00" in text:  # binary, not a settings file
        problems.append(Problem(path, message("it is not a valid settings file")))
        return None
    return text.splitlines()[:MAX_LINES]


def onedrive_linux_accounts(home: Path, problems: list[Problem]) -> list[Account]:
    """The Linux ``onedrive`` client's folder; its ``config`` may select a national cloud."""
    folder = present(home, ONEDRIVE_LINUX, problems)
    if folder is None:
        return []
    host = ONEDRIVE_HOST
    lines = _lines(folder / "config", problems)
    for line in lines or ():
        match = _ONEDRIVE_KEY.fullmatch(line)
        if match is not None:
            host = ONEDRIVE_NATIONAL.get(match.group(1).upper(), ONEDRIVE_HOST)
    return [_account(f"onedrive:{folder}", ONEDRIVE, AccountKind.FILES, ONEDRIVE, (host,), folder)]


def immich_accounts(path: Path, problems: list[Problem]) -> list[Account]:
    """The Immich CLI's server: the ``url:`` line of auth.yml (no YAML parser needed for two
    plain lines; ``key:`` is never looked at)."""
    lines = _lines(path, problems)
    host = None
    for line in lines or ():
        match = _IMMICH_URL.fullmatch(line)
        if match is not None:
            host = url_host(match.group(2))
            break
    if host is None or checked_host(host) is None:
        return []
    return [_account(f"immich:{path}", IMMICH, AccountKind.FILES, host, (host,), path)]
