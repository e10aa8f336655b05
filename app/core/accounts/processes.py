"""Sync and mail clients seen running, for those whose settings gave no account: a Nextcloud
client runs, but its configuration was not found or not readable. The account then says that
much: the client, and the server its client always talks to when the user cannot choose one
(Dropbox, OneDrive…), else no server and why.

Process names are data anyone can choose (a program can call itself "dropbox"): they are only
compared, after a length limit, with the names below, and never shown or kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import psutil

from app.core.accounts import presence
from app.core.accounts.model import Account, AccountKind, AccountServer, ServerRole
from app.core.accounts.sync import DROPBOX_HOST
from app.core.i18n import message

log = logging.getLogger(__name__)

MAX_NAME = 64  # longer process names match nothing
MAX_PROCESSES = 100_000
# What these accounts were "read from": not a file (and not None, which means added by hand).
PROCESS_SOURCE = Path("[running processes]")

# Process name (case-folded, without ".exe") → (client, kind). The client names are those the
# settings readers use, so a client with an account from its settings adds nothing here.
PROCESS_CLIENTS: dict[str, tuple[str, AccountKind]] = {
    "dropbox": ("Dropbox", AccountKind.FILES),
    "onedrive": (presence.ONEDRIVE, AccountKind.FILES),
    "nextcloud": ("Nextcloud", AccountKind.FILES),
    "owncloud": ("ownCloud", AccountKind.FILES),
    "megasync": (presence.MEGA, AccountKind.FILES),
    "pcloud": (presence.PCLOUD, AccountKind.FILES),
    "syncthing": ("Syncthing", AccountKind.FILES),
    "googledrivefs": (presence.GOOGLE_DRIVE, AccountKind.FILES),
    "iclouddrive": (presence.ICLOUD, AccountKind.FILES),
    "icloudservices": (presence.ICLOUD, AccountKind.FILES),
    "proton drive": (presence.PROTON_DRIVE, AccountKind.FILES),
    "protondrive": (presence.PROTON_DRIVE, AccountKind.FILES),
    "cloud-drive-ui": (presence.SYNOLOGY_DRIVE, AccountKind.FILES),
    "synologydrive": (presence.SYNOLOGY_DRIVE, AccountKind.FILES),
    "thunderbird": ("Thunderbird", AccountKind.MAIL),
}

# The API hosts of clients whose server the user cannot choose.
FIXED_HOSTS: dict[str, tuple[str, ...]] = {
    "Dropbox": (DROPBOX_HOST,),
    **{entry.client: entry.hosts for entry in presence.PRESENCE_CLIENTS if entry.hosts},
}


def client_of(name: str) -> tuple[str, AccountKind] | None:
    """The client a process name is, if any ("OneDrive.exe" → OneDrive)."""
    if len(name) > MAX_NAME:
        return None
    key = name.strip().casefold()
    return PROCESS_CLIENTS.get(key.removesuffix(".exe"))


def accounts_from_processes(names: Iterable[str], found: Iterable[Account]) -> tuple[Account, ...]:
    """One account per client seen running that has none in ``found`` (sorted by client)."""
    have = {account.client for account in found}
    clients: dict[str, AccountKind] = {}
    for name in names:
        known = client_of(name) if isinstance(name, str) else None
        if known is not None and known[0] not in have:
            clients.setdefault(*known)
    accounts = []
    for client, kind in sorted(clients.items()):
        hosts = FIXED_HOSTS.get(client, ())
        servers = tuple(AccountServer(host, None, "https", ServerRole.STORES) for host in hosts)
        said = (
            ()
            if servers
            else (message("{client} is running, but its server is not known", client=client),)
        )
        accounts.append(
            Account(
                f"process:{client}",
                kind,
                client,
                client,
                None,
                servers,
                PROCESS_SOURCE,
                problems=said,
            )
        )
    return tuple(accounts)


def running_process_names() -> frozenset[str]:
    """The names of the processes running now (those this user may see), each at most
    MAX_NAME characters; empty when the system does not say."""
    names: set[str] = set()
    try:
        for count, process in enumerate(psutil.process_iter(["name"])):
            if count >= MAX_PROCESSES:
                break
            try:
                name = process.info.get("name")
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            if isinstance(name, str) and name:
                names.add(name[: MAX_NAME + 1])  # one more: longer than MAX_NAME stays too long
    except (psutil.Error, OSError) as error:
        log.warning("cannot list the running processes: %s", error)
    return frozenset(names)
