"""TaskRunner: work runs on pool threads, results come back on the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QThread

from app.ui.tasks import SynchronousTaskRunner, TaskRunner


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    runner = TaskRunner(max_threads=4)
    yield runner
    assert runner.shutdown(10_000)


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_result_arrives_on_gui_thread(qtbot: Any, runner: TaskRunner) -> None:
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["work_thread"] = threading.get_ident()
        seen["work_on_gui"] = on_gui_thread()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["done_on_gui"] = on_gui_thread()

    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.run_task(work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=10_000)
    assert seen["result"] == 42
    assert seen["work_thread"] != threading.get_ident()
    assert seen["work_on_gui"] is False
    assert seen["done_on_gui"] is True
    assert runner.pending == 0


def test_exception_goes_to_on_error(qtbot: Any, runner: TaskRunner) -> None:
    errors: list[tuple[BaseException, bool]] = []
    done: list[object] = []

    def work() -> None:
        raise OSError("database vanished")

    runner.run_task(work, done.append, lambda error: errors.append((error, on_gui_thread())))
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert done == []
    error, gui = errors[0]
    assert isinstance(error, OSError)
    assert str(error) == "database vanished"
    assert gui is True


def test_exception_without_handler_is_logged(
    qtbot: Any, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def work() -> None:
        raise ValueError("boom")

    with caplog.at_level(logging.ERROR, logger="app.ui.tasks"):
        with qtbot.waitSignal(runner.finished, timeout=10_000):
            runner.run_task(work, lambda _result: None)
        qtbot.waitUntil(lambda: bool(caplog.records), timeout=10_000)
    record = caplog.records[0]
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], ValueError)


def test_bounded_runner_limits_concurrency(qtbot: Any, runner: TaskRunner) -> None:
    bounded = runner.bounded(2)
    lock = threading.Lock()
    release = threading.Event()
    running = 0
    peak = 0
    results: list[int] = []

    def work(number: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        release.wait(timeout=30)
        with lock:
            running -= 1
        return number

    for number in range(6):
        bounded.run_task(lambda number=number: work(number), results.append)  # type: ignore[misc]
    qtbot.waitUntil(lambda: running == 2, timeout=10_000)
    assert bounded.pool.activeThreadCount() == 2
    release.set()
    qtbot.waitUntil(lambda: len(results) == 6, timeout=10_000)
    assert sorted(results) == list(range(6))
    assert peak == 2


def test_shutdown_drops_pending_callbacks(qtbot: Any) -> None:
    runner = TaskRunner(max_threads=1)
    started = threading.Event()
    release = threading.Event()
    delivered: list[object] = []

    def blocker() -> str:
        started.set()
        release.wait(timeout=30)
        return "late"

    runner.run_task(blocker, delivered.append)
    runner.run_task(lambda: "queued", delivered.append)
    assert started.wait(timeout=10)
    release.set()
    assert runner.shutdown(10_000)
    QCoreApplication.processEvents()
    assert delivered == []
    runner.run_task(lambda: "after", delivered.append)  # refused once shut down
    QCoreApplication.processEvents()
    assert delivered == []


def test_synchronous_runner_runs_inline() -> None:
    runner = SynchronousTaskRunner()
    results: list[object] = []
    errors: list[BaseException] = []
    runner.run_task(lambda: 7, results.append)
    assert results == [7]

    def fail() -> None:
        raise RuntimeError("nope")

    runner.run_task(fail, results.append, errors.append)
    assert results == [7]
    assert isinstance(errors[0], RuntimeError)
    assert runner.bounded(1) is runner
    assert runner.shutdown()
    runner.run_task(lambda: 8, results.append)
    assert results == [7]


def test_a_dedicated_pool_keeps_its_thread(qtbot: Any) -> None:
    """Work that keeps per-thread Qt objects (the map's fonts) always runs on the same thread.

    A pool thread left idle for 30 s used to expire and the next task ran on a new one, where
    the map drew count labels prepared on the dead thread (issue 7's segmentation fault).
    """
    runner = TaskRunner(max_threads=1)
    threads: list[int] = []
    for _ in range(3):
        with qtbot.waitSignal(runner.finished, timeout=10_000):
            runner.run_task(threading.get_native_id, threads.append)
    qtbot.waitUntil(lambda: len(threads) == 3, timeout=10_000)
    assert len(set(threads)) == 1
    assert threads[0] != threading.get_native_id()
    assert runner.pool.expiryTimeout() < 0  # idle threads are never retired
    assert runner.bounded(2).pool.expiryTimeout() < 0
    assert runner.shutdown(10_000)


class _Receiver(QObject):
    def __init__(self, got: list[object]) -> None:
        super().__init__()
        self.got = got

    def take(self, tag: str, result: object) -> None:
        self.got.append((tag, result))


def test_a_result_for_a_deleted_qt_object_is_dropped(qtbot: Any, runner: TaskRunner) -> None:
    """A window deleted while its work runs: the result is not delivered to a dead object
    (its methods would raise), while a live one still gets its own."""
    release = threading.Event()
    got: list[object] = []
    doomed, living = _Receiver(got), _Receiver(got)
    runner.run_task(lambda: release.wait(10) and 1, partial(doomed.take, "doomed"))
    runner.run_task(lambda: release.wait(10) and 2, partial(living.take, "living"))
    with qtbot.waitSignal(doomed.destroyed, timeout=5000):
        doomed.deleteLater()
    release.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    assert got == [("living", 2)]
