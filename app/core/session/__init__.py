"""The session engine: one loop under every view (window, `scan`, recordings, later history).

A `Source` gives snapshots of the machine's sockets; the `Session` diffs them, locates the
addresses, asks their PTR names, re-locates when names arrive, and publishes typed events.
"""

from app.core.session.engine import NameResolver, Session, connection_order, wants_name
from app.core.session.events import (
    Closed,
    Event,
    NamesPaused,
    Opened,
    PollFailed,
    Relocated,
    Renamed,
    StatusChanged,
    Unreadable,
)
from app.core.session.sources import Snapshot, Source, SourceEnded, SourceError

__all__ = [
    "Closed",
    "Event",
    "NameResolver",
    "NamesPaused",
    "Opened",
    "PollFailed",
    "Relocated",
    "Renamed",
    "Session",
    "Snapshot",
    "Source",
    "SourceEnded",
    "SourceError",
    "StatusChanged",
    "Unreadable",
    "connection_order",
    "wants_name",
]
