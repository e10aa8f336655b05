"""The window's history: the engine's events recorded, a poll at a time, off the GUI thread.

One worker, in order (a pool of one thread), owns the SQLite file: it opens it (and moves
detail older than the retention into daily summaries), writes each poll in one transaction and
closes it at the end. A full or read-only disk stops the writing with one message; watching
goes on. A demo or a recording keeps no history: it is not this computer's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from app.core.history.recorder import HistoryRecorder
from app.core.history.store import CANNOT_OPEN, HistoryError, HistoryStore, forget
from app.core.i18n import Message
from app.core.session.events import Event
from app.ui.qt import QMessageBox, QObject, QWidget, Signal
from app.ui.tasks import Runner

log = logging.getLogger(__name__)

KEEP_DAYS = 30  # detail kept this long, then daily summaries for a year


class HistoryOwner(QObject):
    stopped = Signal(object)  # Message: why the history is no longer written
    forgotten = Signal(int)  # the files deleted by `forget`; a new, empty history is open
    opened = Signal(object)  # Message | None: the file was set aside and a new one started
    written = Signal()  # a poll is in the file

    def __init__(
        self,
        runner: Runner,
        path: Path,
        *,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner.bounded(1)  # one writer, in order
        self._path = path
        self._clock = clock
        self._recorder = HistoryRecorder()
        self._store: HistoryStore | None = None
        self._writing = True

    @property
    def path(self) -> Path:
        return self._path

    def start(self) -> None:
        def open_store() -> HistoryStore:
            store = HistoryStore(self._path)
            store.prune(self._clock(), KEEP_DAYS)
            return store

        self._runner.run_task(open_store, self._opened, self._failed)

    def take(self, events: Iterable[Event]) -> None:
        """A poll's or a look-up's events (the GUI thread: where the driver delivers them)."""
        self._recorder.take(events)

    def poll_done(self) -> None:
        """The poll's sightings to the file (skipped until it is open, or once it stopped)."""
        seen = self._recorder.seen(self._clock())
        store = self._store
        if store is None or not self._writing:
            return
        self._runner.run_task(partial(store.record, seen), self._written, self._failed)

    def forget(self) -> None:
        """Delete the whole history for real (the file, its -wal and -shm), then start an
        empty one: in the writer's queue, after the polls already handed to it."""
        store, self._store = self._store, None
        path = self._path

        def wipe() -> tuple[int, HistoryStore]:
            if store is not None:
                store.close()
            gone = forget(path)
            return len(gone), HistoryStore(path)

        self._runner.run_task(wipe, self._wiped, self._failed)

    def _wiped(self, result: tuple[int, HistoryStore]) -> None:
        count, store = result
        self._store = store
        self._writing = True
        self.forgotten.emit(count)

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            self._runner.run_task(store.close, lambda _none: None)

    def _opened(self, store: HistoryStore) -> None:
        self._store = store
        self.opened.emit(store.problem)

    def _written(self, _none: None) -> None:
        self.written.emit()

    def _failed(self, error: BaseException) -> None:
        if not self._writing:
            return
        self._writing = False
        said: Message = error.message if isinstance(error, HistoryError) else CANNOT_OPEN
        log.warning("history stopped: %s", error)
        self.stopped.emit(said)


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
