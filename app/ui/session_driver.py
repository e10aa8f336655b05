"""The window's side of the session engine: runs its blocking calls through task runners and
hands their events back on the GUI thread as signals.

The engine (app.core.session) does the work and keeps the state; this adapter only decides
which thread calls it: polls on the task runner (never two at once), PTR look-ups on their own
bounded pool (a slow DNS server must not stall polls), new databases on the task runner. A poll
task may also prepare what the GUI thread needs (the table's cells) while it is off the GUI
thread: ``prepare`` turns the poll's events into that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from app.core.geo.locator import Locator
from app.core.i18n import message
from app.core.model import LocatedEndpoint, Observation
from app.core.session import (
    Closed,
    Event,
    NameResolver,
    Opened,
    PollFailed,
    Session,
    SourceEnded,
    StatusChanged,
)
from app.core.session.diff import ConnectionDiff
from app.ui.qt import QObject, Signal
from app.ui.tasks import Runner

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Polled:
    """One poll's events and what ``prepare`` made of them off the GUI thread."""

    events: tuple[Event, ...]
    prepared: object
    ended: bool = False  # the source (a recording) has nothing more
    # The databases were open when the poll began, so its new addresses were located (a poll
    # begun before they opened may still arrive after: its answers are the address class only).
    located: bool = False


def changes(events: tuple[Event, ...]) -> tuple[ConnectionDiff, dict[str, LocatedEndpoint]]:
    """A poll's events as the table applies them: rows to add, remove and update, and the
    answers of the new rows' addresses."""
    new: list[Observation] = []
    closed: list[Observation] = []
    changed: list[Observation] = []
    located: dict[str, LocatedEndpoint] = {}
    for event in events:
        if isinstance(event, Opened):
            new.extend(c.observation for c in event.connections)
            located.update(
                (c.located.ip, c.located) for c in event.connections if c.located is not None
            )
        elif isinstance(event, Closed):
            closed.extend(c.observation for c in event.connections)
        elif isinstance(event, StatusChanged):
            changed.extend(c.observation for c in event.connections)
    return ConnectionDiff(tuple(new), tuple(closed), tuple(changed)), located


def _poll(session: Session, prepare: Callable[[tuple[Event, ...]], object]) -> Polled:
    located = session.locator is not None
    try:
        events = session.poll()
    except SourceEnded:
        return Polled((), None, ended=True, located=located)
    # Nothing happened (the usual poll on a quiet machine): nothing to prepare or apply.
    return Polled(events, prepare(events) if events else None, located=located)


class SessionDriver(QObject):
    """Signals carry the engine's events, always on the GUI thread."""

    polled = Signal(object)  # Polled
    named = Signal(object)  # tuple[Event, ...] of one PTR answer
    relocated = Signal(object)  # tuple[Event, ...] after the databases changed

    def __init__(
        self,
        session: Session,
        runner: Runner,
        ptr_runner: Runner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._ptr_runner = ptr_runner
        self._poll_in_flight = False
        self._closed = False

    @property
    def session(self) -> Session:
        return self._session

    @property
    def poll_in_flight(self) -> bool:
        return self._poll_in_flight

    def poll(self, prepare: Callable[[tuple[Event, ...]], object] = lambda _events: None) -> bool:
        """Start a poll unless one is running; False when it was not started."""
        if self._closed or self._poll_in_flight:
            return False
        self._poll_in_flight = True
        self._runner.run_task(
            partial(_poll, self._session, prepare), self._on_polled, self._on_poll_error
        )
        return True

    def request_names(self) -> None:
        """Ask the PTR names the engine wants now (call it once the rows are shown: an
        answer for an address not in the table yet would have nowhere to go)."""
        if self._closed:
            return
        for ip in self._session.name_requests():
            self._ptr_runner.run_task(
                partial(self._session.resolve, ip), self._on_named, partial(self._on_ptr_error, ip)
            )

    def set_locator(self, locator: Locator) -> None:
        """Use new databases; the answers they change arrive through `relocated`."""
        self._runner.run_task(partial(self._session.set_locator, locator), self._on_relocated)

    def set_resolver(self, resolver: NameResolver | None) -> None:
        """Another DNS server (or none): open addresses are asked again."""
        self._session.set_resolver(resolver)
        self.request_names()

    def close(self) -> None:
        """Results of tasks still running are dropped when they arrive."""
        self._closed = True

    def _on_polled(self, polled: Polled) -> None:
        self._poll_in_flight = False
        if not self._closed:
            self.polled.emit(polled)

    def _on_poll_error(self, error: BaseException) -> None:
        """A bug, not a source that cannot be read (that is a PollFailed event)."""
        log.error("poll failed", exc_info=error)
        unexpected = message(
            "The connections could not be read: something unexpected went wrong "
            "(the log has the details)."
        )
        self._on_polled(Polled((PollFailed(unexpected),), None))

    def _on_named(self, events: tuple[Event, ...]) -> None:
        if events and not self._closed:
            self.named.emit(events)

    def _on_ptr_error(self, ip: str, error: BaseException) -> None:
        log.warning("reverse DNS for %s failed: %s", ip, error)

    def _on_relocated(self, events: tuple[Event, ...]) -> None:
        if not self._closed:
            self.relocated.emit(events)
