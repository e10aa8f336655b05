"""The window's history: the engine's events recorded, a poll at a time, off the GUI thread.

One worker, in order (a pool of one thread), owns the SQLite file: it opens it (and moves
detail older than the retention into daily summaries), checks each poll against the alert
rules, writes the poll and its alerts in one transaction, answers the history window's
questions (`read`), and closes the file at the end. A full or read-only disk stops the writing
with one message; watching goes on. A demo or a recording keeps no history: it is not this
computer's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from app.core.accounts.links import AccountLinks
from app.core.history.alerts import AlertWatcher
from app.core.history.recorder import ByteMeter, HistoryRecorder, OpenSocket
from app.core.history.rules import DEFAULT_RULES, AlertRule
from app.core.history.store import (
    CANNOT_OPEN,
    Alert,
    HistoryError,
    HistoryStore,
    Seen,
    forget,
)
from app.core.i18n import Message
from app.core.session.events import Event
from app.core.settings import DEFAULT_HISTORY_DAYS
from app.ui.qt import QMessageBox, QObject, QWidget, Signal
from app.ui.tasks import Runner

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Open:
    """What the writer's thread owns: the file, the alert watcher and the byte meter."""

    store: HistoryStore
    watcher: AlertWatcher
    meter: ByteMeter


class HistoryOwner(QObject):
    stopped = Signal(object)  # Message: why the history is no longer written
    forgotten = Signal(int)  # the files deleted by `forget`; a new, empty history is open
    opened = Signal(object)  # Message | None: the file was set aside and a new one started
    written = Signal()  # a poll is in the file
    alerted = Signal(object)  # tuple[Alert, ...]: a poll's alerts, logged in the file

    def __init__(
        self,
        runner: Runner,
        path: Path,
        *,
        clock: Callable[[], float] = time.time,
        keep_days: int = DEFAULT_HISTORY_DAYS,
        rules: Iterable[AlertRule] = DEFAULT_RULES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner.bounded(1)  # one writer, in order
        self._path = path
        self._clock = clock
        self._keep_days = keep_days
        self.rules = tuple(rules)
        self._recorder = HistoryRecorder()
        self._open: _Open | None = None
        self._writing = True

    @property
    def path(self) -> Path:
        return self._path

    @property
    def is_open(self) -> bool:
        return self._open is not None

    def start(self) -> None:
        keep_days = self._keep_days

        def open_store() -> _Open:
            store = HistoryStore(self._path)
            store.prune(self._clock(), keep_days)
            return _Open(store, AlertWatcher(store.known(), store.started()), ByteMeter())

        self._runner.run_task(open_store, self._opened, self._failed)

    def set_links(self, links: AccountLinks) -> None:
        """The placed accounts: which addresses are mail or photos from now on."""
        self._recorder.links = links

    def take(self, events: Iterable[Event]) -> None:
        """A poll's or a look-up's events (the GUI thread: where the driver delivers them)."""
        self._recorder.take(events)

    def poll_done(self) -> None:
        """The poll's sightings and alerts to the file (skipped until it is open, or once it
        stopped)."""
        seen = self._recorder.seen(self._clock())
        opened = self._open
        if opened is None or not self._writing:
            return
        sockets = self._recorder.sockets()
        self._runner.run_task(
            partial(_write, opened, seen, sockets, self.rules), self._written, self._failed
        )

    def read(
        self,
        question: Callable[[HistoryStore], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Ask the open history something, in the writer's queue (after the polls handed to it);
        False when no history is open."""
        opened = self._open
        if opened is None:
            return False
        self._runner.run_task(partial(question, opened.store), on_done, on_error)
        return True

    def forget(self) -> None:
        """Delete the whole history for real (the file, its -wal and -shm), then start an
        empty one: in the writer's queue, after the polls already handed to it."""
        opened, self._open = self._open, None
        path = self._path

        def wipe() -> tuple[int, _Open]:
            if opened is not None:
                opened.store.close()
            gone = forget(path)
            store = HistoryStore(path)
            return len(gone), _Open(
                store, AlertWatcher(store.known(), store.started()), ByteMeter()
            )

        self._runner.run_task(wipe, self._wiped, self._failed)

    def _wiped(self, result: tuple[int, _Open]) -> None:
        count, self._open = result
        self._writing = True
        self.forgotten.emit(count)

    def close(self) -> None:
        opened, self._open = self._open, None
        if opened is not None:
            self._runner.run_task(opened.store.close, lambda _none: None)

    def _opened(self, opened: _Open) -> None:
        self._open = opened
        self.opened.emit(opened.store.problem)

    def _written(self, alerts: tuple[Alert, ...]) -> None:
        self.written.emit()
        if alerts:
            self.alerted.emit(alerts)

    def _failed(self, error: BaseException) -> None:
        if not self._writing:
            return
        self._writing = False
        said: Message = error.message if isinstance(error, HistoryError) else CANNOT_OPEN
        log.warning("history stopped: %s", error)
        self.stopped.emit(said)


def _write(
    opened: _Open, seen: Seen, sockets: tuple[OpenSocket, ...], rules: tuple[AlertRule, ...]
) -> tuple[Alert, ...]:
    """The writer's work for one poll: the bytes since the last, the alerts (they compare with
    what came before), then the poll and its alerts in one transaction."""
    seen = opened.meter.measure(seen, sockets)
    alerts = opened.watcher.check(seen, rules)
    opened.store.record(seen, alerts)
    return alerts


def ask_to_confirm(parent: QWidget, title: str, question: str) -> bool:
    """Yes or no, No by default (modal: nothing is deleted before the answer)."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
