"""Where observations come from: one small protocol, so the engine runs on live psutil, on a
recording or on the demo persona alike. A source only reads; the diff is the engine's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from app.core.i18n import Message, TranslatableError
from app.core.model import Observation


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every socket a source saw at one moment, and what it could not read."""

    observations: tuple[Observation, ...]
    skipped: tuple[Message, ...] = ()  # sentences ("pid 12: access denied"), ``.text(tr)``
    taken_at: float = 0.0  # time.time() of the reading, or of the recording


class SourceError(TranslatableError):
    """The source could not be read this time; the message is for people."""


class SourceEnded(Exception):
    """A recording has nothing more to give."""


class Source(Protocol):
    def snapshot(self) -> Snapshot:
        """Read the sockets now. Blocking: call it off the GUI thread."""
        ...
