"""What a session tells its subscribers. Within one poll the events come in this order:
Closed, Opened, StatusChanged, Unreadable; name look-ups add Renamed, Relocated, NamesPaused.

Each event carries whole values (frozen), so a subscriber on another thread may keep them.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.i18n import Message
from app.core.model import LocatedConnection, LocatedEndpoint


@dataclass(frozen=True, slots=True)
class Opened:
    """Connections seen for the first time, in the canonical order (`connection_order`)."""

    connections: tuple[LocatedConnection, ...]


@dataclass(frozen=True, slots=True)
class Closed:
    """Connections gone from the socket table, with their last observation and answer."""

    connections: tuple[LocatedConnection, ...]


@dataclass(frozen=True, slots=True)
class StatusChanged:
    """Kept connections whose state changed (say ESTABLISHED → TIME_WAIT); nothing else is
    reported for kept connections, so a poll that changes nothing publishes nothing."""

    connections: tuple[LocatedConnection, ...]


@dataclass(frozen=True, slots=True)
class Renamed:
    """The DNS answered for an address: its PTR names and those that lead back to it."""

    ip: str
    hostnames: tuple[str, ...]
    confirmed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Relocated:
    """New answers for addresses of open connections (names arrived, databases changed)."""

    endpoints: tuple[LocatedEndpoint, ...]


@dataclass(frozen=True, slots=True)
class PollFailed:
    """The source could not be read this time; the next poll tries again."""

    message: Message  # shown with ``message.text(tr)``


@dataclass(frozen=True, slots=True)
class Unreadable:
    """What the source could not read (other users' processes…), each time that changes."""

    skipped: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class NamesPaused:
    """The DNS server stopped answering: the resolver rests it for a while (said once)."""


Event = (
    Opened | Closed | StatusChanged | Renamed | Relocated | PollFailed | Unreadable | NamesPaused
)
