"""Syncthing's peers, from its ``config.xml``: each other device a folder is shared with keeps
a copy of the files, so it is where they are stored.

Only ``<device>`` elements are read: their ``id`` and ``name`` attributes and ``<address>``
children. The GUI's API key, folder encryption passwords and ``key.pem`` are never read. The
file is XML that anyone could have written: a document declaring a DTD or entities is refused
before parsing (no entity expansion, no billion laughs), and a malformed one is named in a
`Problem`.

This machine is listed among the devices too. Its ID is the SHA-256 of its certificate
(``cert.pem`` beside ``config.xml``, public by design), written the way Syncthing writes IDs
(lib/protocol/deviceid.go: base32, a Luhn check character per 13, groups of 7), so it is left
out. A device whose only address is ``dynamic`` is found through discovery or relays: no fixed
host to locate. It is kept as an account without a server (a peer still holds a copy) when this
machine's ID is known; when it is not, it may be this machine and is skipped.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from app.core.accounts.keyfiles import read_text
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
from app.core.i18n import Message, message

log = logging.getLogger(__name__)

CLIENT = "Syncthing"
MAX_CONFIG = 4 * 1024 * 1024  # thousands of folders and devices stay well under this
MAX_CERT = 64 * 1024
MAX_DEVICES = 1024
MAX_ADDRESSES = 32
MAX_NAME = 200
DEFAULT_PORT = 22000  # Syncthing's, for an address without one
PROTOCOL = "syncthing"

# Where config.xml is, under the home folder: the default since 1.27 ($XDG_STATE_HOME), the
# one before it ($XDG_CONFIG_HOME), and macOS; under %LOCALAPPDATA% on Windows.
HOME_CONFIGS = (
    ".local/state/syncthing/config.xml",
    ".config/syncthing/config.xml",
    "Library/Application Support/Syncthing/config.xml",
)
LOCAL_APPDATA_CONFIGS = ("Syncthing/config.xml",)

_SCHEMES = frozenset({"tcp", "tcp4", "tcp6", "quic", "quic4", "quic6"})
_REFUSED = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PEM = re.compile(
    r"-----BEGIN CERTIFICATE-----\s*([A-Za-z0-9+/=\s]{1,60000}?)\s*-----END CERTIFICATE-----"
)
_LUHN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TYPOS = str.maketrans("018", "OIB")  # Syncthing reads these as the letters they look like


def config_paths(dirs: UserDirs) -> list[Path]:
    found = [dirs.home / relative for relative in HOME_CONFIGS]
    if dirs.local_appdata is not None:
        found += [dirs.local_appdata / relative for relative in LOCAL_APPDATA_CONFIGS]
    return found


def discover(dirs: UserDirs) -> tuple[tuple[Account, ...], tuple[Problem, ...]]:
    """The peers of every Syncthing configuration in these folders (once each)."""
    problems: list[Problem] = []
    accounts: dict[str, Account] = {}
    for path in config_paths(dirs):
        for account in config_accounts(path, problems):
            accounts.setdefault(account.key.rsplit(":", 1)[-1], account)
    return tuple(accounts.values()), tuple(problems)


def read_xml(path: Path, limit: int, problems: list[Problem]) -> ElementTree.Element | None:
    """The document's root, None when absent or unusable (said). A document that declares a
    DTD or entities is refused unparsed: settings files need neither."""
    text = read_text(path, limit, problems)
    if text is None:
        return None
    if "\x00" in text or _REFUSED.search(text):
        problems.append(Problem(path, message("it is not a valid settings file")))
        return None
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        log.debug("%s: %s", path, error)
        problems.append(Problem(path, message("it is not a valid settings file")))
        return None


def config_accounts(path: Path, problems: list[Problem]) -> Iterator[Account]:
    """One account per other device of this config.xml (see the module's docstring)."""
    root = read_xml(path, MAX_CONFIG, problems)
    if root is None:
        return
    if root.tag != "configuration":
        problems.append(Problem(path, message("it is not a valid settings file")))
        return
    local = local_device_ids(path.parent / "cert.pem", problems)
    for device in root.findall("device")[:MAX_DEVICES]:
        device_id = _normal_id(device.get("id", ""))
        if device_id is None or device_id in local:
            continue
        addresses = [a.text or "" for a in device.findall("address")[:MAX_ADDRESSES]]
        servers = tuple(dict.fromkeys(s for a in addresses if (s := address_server(a))))
        if not servers and not local:
            continue  # a device without a fixed address could be this machine itself
        problems_said: tuple[Message, ...] = ()
        if not servers:
            problems_said = (
                message("it is found through discovery or relays: no fixed address is set"),
            )
        name = " ".join((device.get("name") or "").split())[:MAX_NAME] or device_id[:7]
        yield Account(
            f"syncthing:{path}:{device_id}",
            AccountKind.FILES,
            CLIENT,
            name,
            None,
            servers,
            path,
            problems=problems_said,
        )


def address_server(text: str) -> AccountServer | None:
    """The peer behind ``tcp://host:port`` or ``quic://[v6]:port``; None for ``dynamic``,
    relays and anything else."""
    value = text.strip()
    if "://" not in value or value.split("://", 1)[0].lower() not in _SCHEMES:
        return None
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    host = checked_host(parts.hostname) if parts.hostname else None
    if host is None:
        return None
    return AccountServer(host, checked_port(port or DEFAULT_PORT), PROTOCOL, ServerRole.STORES)


def local_device_ids(cert: Path, problems: list[Problem]) -> frozenset[str]:
    """This machine's device ID from its certificate (both the 52- and 56-character forms),
    empty when there is no usable certificate. Only the certificate, never key.pem."""
    text = read_text(cert, MAX_CERT, problems)
    match = _PEM.search(text) if text is not None else None
    if match is None:
        return frozenset()
    try:
        der = base64.b64decode("".join(match.group(1).split()), validate=True)
    except (binascii.Error, ValueError):
        return frozenset()
    plain = base64.b32encode(hashlib.sha256(der).digest()).decode("ascii").rstrip("=")
    return frozenset({plain, luhnified(plain)})


def luhnified(plain: str) -> str:
    """The 52-character base32 ID with a Luhn mod-32 check character after each 13."""
    groups = (plain[i : i + 13] for i in range(0, len(plain), 13))
    return "".join(group + _luhn32(group) for group in groups)


def _luhn32(text: str) -> str:
    factor, total, base = 1, 0, len(_LUHN)
    for character in text:
        addend = factor * _LUHN.index(character)
        factor = 1 if factor == 2 else 2
        total += addend // base + addend % base
    return _LUHN[(base - total % base) % base]


def _normal_id(text: str) -> str | None:
    """A device ID without dashes or spaces, upper case, typos read as Syncthing reads them;
    None unless it has the length and alphabet of one."""
    value = text.strip().upper().replace("-", "").replace(" ", "").translate(_TYPOS)
    if len(value) not in (52, 56) or value.strip(_LUHN):
        return None
    return value
