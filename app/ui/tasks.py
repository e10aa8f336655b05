"""Run blocking work (socket polls, database opening, DNS) off the GUI thread.

Modelled on Picard's ``run_task``: the function runs on a QThreadPool and its result comes back
to the GUI thread through a queued signal, so callbacks may touch widgets freely. The window
only depends on the ``Runner`` protocol, so tests can pass ``SynchronousTaskRunner`` instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol, TypeVar

from app.ui.qt import QObject, QRunnable, Qt, QThreadPool, Signal, alive

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorCallback = Callable[[BaseException], None]


class Runner(Protocol):
    """What the window needs from a task runner."""

    def run_task(
        self,
        func: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: ErrorCallback | None = None,
    ) -> None: ...

    def bounded(self, max_threads: int) -> Runner:
        """A runner for one kind of work that must not occupy more than ``max_threads``."""
        ...

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Drop queued tasks, wait for running ones; results arriving later are ignored."""
        ...


def _left_ms(deadline: float) -> int:
    return max(0, round((deadline - time.monotonic()) * 1000))


def _report(error: BaseException, on_error: ErrorCallback | None) -> None:
    if on_error is not None:
        on_error(error)
    else:
        log.exception("background task failed", exc_info=error)


class _Task(QRunnable):
    """Runs ``func`` on a pool thread and hands the outcome to the runner's relay signal."""

    def __init__(self, runner: TaskRunner, func: Callable[[], Any], token: object) -> None:
        super().__init__()
        self._runner = runner
        self._func = func
        self._token = token

    def run(self) -> None:
        try:
            result: Any = self._func()
            error: BaseException | None = None
        except Exception as exc:  # noqa: BLE001 — handed to on_error on the GUI thread
            result, error = None, exc
        try:
            self._runner.finished.emit(self._token, result, error)
        except RuntimeError:  # the runner was deleted while this task ran: nobody to tell
            log.debug("task finished after its runner was deleted")
        finally:
            del self._runner, self._func


class TaskRunner(QObject):
    """Runs callables on a thread pool; delivers results on the thread this object lives on.

    Create it on the GUI thread. By default it shares QThreadPool.globalInstance(); pass
    ``max_threads`` (or call ``bounded``) for a dedicated pool, so slow work such as PTR
    look-ups cannot starve the connection poll. A dedicated pool's threads never expire: with
    ``max_threads=1`` every task runs on the same thread until ``shutdown``.
    """

    # (token, result, error) — emitted from pool threads, received queued on the GUI thread.
    finished = Signal(object, object, object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
        max_threads: int | None = None,
    ) -> None:
        super().__init__(parent)
        if pool is None and max_threads is not None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(max(1, max_threads))
            # Its threads live as long as the runner (not 30 s idle): work that keeps Qt objects
            # with per-thread caches (the map's fonts and texts) finds them on the same thread.
            pool.setExpiryTimeout(-1)
        self._pool = pool if pool is not None else QThreadPool.globalInstance()
        self._callbacks: dict[object, tuple[Callable[[Any], None], ErrorCallback | None]] = {}
        self._children: list[TaskRunner] = []
        self._accepting = True
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def pool(self) -> QThreadPool:
        return self._pool

    @property
    def pending(self) -> int:
        """Tasks started whose callbacks have not run yet."""
        return len(self._callbacks)

    def run_task(
        self,
        func: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: ErrorCallback | None = None,
    ) -> None:
        if not self._accepting:
            log.debug("runner shut down; task dropped")
            return
        token = object()
        self._callbacks[token] = (on_done, on_error)
        self._pool.start(_Task(self, func, token))

    def bounded(self, max_threads: int) -> TaskRunner:
        child = TaskRunner(self, max_threads=max_threads)
        self._children.append(child)
        return child

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop accepting work, drop queued tasks and wait for running ones at most
        ``timeout_ms`` in all, this runner's and its children's together (True if all ended).

        Pending callbacks are discarded: the objects they would update may be gone.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        self._accepting = False
        for runner in self._children:  # nothing queued anywhere starts from now on
            runner.drop_queued()
        self.drop_queued()
        done = all([child.shutdown(_left_ms(deadline)) for child in self._children])
        done = self._pool.waitForDone(_left_ms(deadline)) and done
        self._callbacks.clear()
        return done

    def drop_queued(self) -> None:
        """Stop accepting work and drop the tasks that have not started (a dedicated pool's;
        the shared global pool serves others too)."""
        self._accepting = False
        if self._pool is not QThreadPool.globalInstance():
            self._pool.clear()

    def _deliver(self, token: object, result: object, error: object) -> None:
        callbacks = self._callbacks.pop(token, None)
        if callbacks is None:  # shut down meanwhile
            return
        on_done, on_error = callbacks
        if _gone(on_done):  # its window was deleted meanwhile: nothing left to update
            return
        if isinstance(error, BaseException):
            _report(error, on_error)
        else:
            on_done(result)


def _gone(callback: Callable[..., object]) -> bool:
    """The callback is a method of a Qt object (maybe in a `partial`) that has been deleted."""
    while isinstance(callback, partial):
        callback = callback.func
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not alive(owner)


class SynchronousTaskRunner:
    """Same interface, runs the task inline: for tests that want determinism, not threads."""

    def __init__(self) -> None:
        self._accepting = True

    def run_task(
        self,
        func: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: ErrorCallback | None = None,
    ) -> None:
        if not self._accepting:
            return
        try:
            result = func()
        except Exception as error:  # noqa: BLE001 — same contract as TaskRunner
            _report(error, on_error)
            return
        on_done(result)

    def bounded(self, max_threads: int) -> SynchronousTaskRunner:
        return self

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        self._accepting = False
        return True
