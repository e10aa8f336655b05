"""Mail servers fixed by the provider: for an account at Gmail or Outlook.com a client stores
only the provider's name, not the servers, so every reader (GNOME Online Accounts, Geary…)
takes them from this one table rather than each keeping its own copy."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from app.core.accounts.model import AccountServer, ServerRole

_STORES, _TRANSIT = ServerRole.STORES, ServerRole.TRANSIT

# The providers' published IMAP and SMTP servers (their help pages, and the clients' own code).
FIXED_MAIL_SERVERS: Mapping[str, tuple[AccountServer, ...]] = MappingProxyType(
    {
        "gmail": (
            AccountServer("imap.gmail.com", 993, "imap", _STORES),
            AccountServer("smtp.gmail.com", 465, "smtp", _TRANSIT),
        ),
        "outlook": (
            AccountServer("outlook.office365.com", 993, "imap", _STORES),
            AccountServer("smtp.office365.com", 587, "smtp", _TRANSIT),
        ),
        "yahoo": (
            AccountServer("imap.mail.yahoo.com", 993, "imap", _STORES),
            AccountServer("smtp.mail.yahoo.com", 465, "smtp", _TRANSIT),
        ),
    }
)
