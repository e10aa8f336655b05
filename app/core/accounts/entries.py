"""What the user typed to add an account by hand: an e-mail address, a server URL, or a
service from the catalogue, checked and kept in the settings as short texts
("mail:lea@example.org", "url:https://cloud.example.org", "service:gmail"). Never a password:
a URL's user name and password are dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.core.accounts.model import checked_host
from app.core.addresses import parse_ip
from app.core.i18n import TranslatableError, message

if TYPE_CHECKING:
    from app.core.accounts.catalogue import ServiceCatalogue

MANUAL_CLIENT = "manual"  # Account.client of an entry; shown as "added by you"
MAX_ENTRY = 512
_SERVICE_ID = re.compile(r"[a-z0-9_-]{1,64}")
# RFC 5321's limit; no spaces, controls or the characters that delimit an address in a header.
_LOCAL_PART = re.compile(r"[^\s@<>()\[\]\\,;:\"\x00-\x1f\x7f]{1,64}")


class EntryKind(StrEnum):
    MAIL = "mail"
    URL = "url"
    SERVICE = "service"


class EntryError(TranslatableError, ValueError):
    """What the user typed cannot be an entry; the message says why."""


@dataclass(frozen=True, slots=True)
class ManualEntry:
    kind: EntryKind
    value: str  # the address (domain in lower case), the URL without credentials, a service id

    @property
    def text(self) -> str:
        """The form kept in the settings, and the id `accounts remove` takes."""
        return f"{self.kind}:{self.value}"

    @property
    def key(self) -> str:
        return f"{MANUAL_CLIENT}:{self.text}"


def entry_text(key: str) -> str | None:
    """The settings text of the entry an account key stands for; None for a key of an account
    found in a client's files."""
    prefix = f"{MANUAL_CLIENT}:"
    return key.removeprefix(prefix) if key.startswith(prefix) else None


def mail_entry(text: str) -> ManualEntry:
    """An entry for an e-mail address, EntryError when it is not one."""
    address = text.strip()
    local, at, domain = address.rpartition("@")
    host = checked_host(domain) if at and len(address) <= MAX_ENTRY else None
    if host is None or not _LOCAL_PART.fullmatch(local) or "." not in host or _is_ip(host):
        raise EntryError(message("{text!r} is not an e-mail address", text=text[:80]))
    return ManualEntry(EntryKind.MAIL, f"{local}@{host}")


def url_entry(text: str) -> ManualEntry:
    """An entry for a server's address (https://cloud.example.org/…, or a bare host name);
    EntryError when it names no server. A user name or password in it is not kept."""
    value = text.strip()
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        port = parts.port
        host = checked_host(parts.hostname or "") if len(value) <= MAX_ENTRY else None
    except ValueError:
        host = None
    if host is None or parts.scheme.lower() not in {"http", "https", "dav", "davs"}:
        raise EntryError(message("{text!r} is not a server address", text=text[:80]))
    where = f"[{host}]" if ":" in host else host
    path = parts.path if parts.path.isprintable() else ""
    return ManualEntry(
        EntryKind.URL, f"{parts.scheme.lower()}://{where}{f':{port}' if port else ''}{path}"
    )


def service_entry(service_id: str, catalogue: ServiceCatalogue | None = None) -> ManualEntry:
    """An entry for a catalogue service; with a catalogue, one it lists."""
    known = catalogue is None or catalogue.get(service_id) is not None
    if not _SERVICE_ID.fullmatch(service_id) or not known:
        raise EntryError(message("no service {id!r} in the list", id=service_id[:80]))
    return ManualEntry(EntryKind.SERVICE, service_id)


def parse_entry(text: str) -> ManualEntry:
    """An entry from its settings form ("mail:…", "url:…", "service:…")."""
    kind, _, value = text.partition(":")
    if kind == EntryKind.MAIL:
        return mail_entry(value)
    if kind == EntryKind.URL:
        return url_entry(value)
    if kind == EntryKind.SERVICE:
        return service_entry(value)
    raise EntryError(message("{text!r} is not an account entry", text=text[:80]))


def _is_ip(text: str) -> bool:
    try:
        parse_ip(text)
    except ValueError:
        return False
    return True
