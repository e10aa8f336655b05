"""What a poll that changes nothing costs the GUI thread (target: ≤ 3 ms with 2,000 rows).

The real MainWindow (offscreen, the embedded databases, no reverse DNS) runs on a source that
gives the same sockets at every poll, only their time moving on, as a quiet machine does. After
the first poll has put the rows in, each further poll is started with ``refresh()`` and waited
for; the GUI thread's CPU time over those polls (``time.thread_time`` on the GUI thread: the
poll itself runs on a worker) divided by their number is the figure. For comparison, the same
with one connection in twenty changing state at every poll (ESTABLISHED ↔ CLOSE_WAIT).
Before the session engine, 500 unchanged rows cost about 23 ms per poll: the table rebuilt every
cell because each observation's time had moved on.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROWS = (500, 2000)
POLLS = 30
TARGET_MS = 3.0
CHANGING_SHARE = 20  # one connection in this many changes state at each poll


def _observations(count: int, poll: int, changing: bool) -> tuple[object, ...]:
    from app.core.model import Observation, Protocol

    rows = []
    for i in range(count):
        status = "ESTABLISHED"
        if changing and i % CHANGING_SHARE == 0 and poll % 2:
            status = "CLOSE_WAIT"
        rows.append(
            Observation(
                pid=1000 + i % 13,
                process=f"app{i % 13}",
                protocol=Protocol.TCP,
                local_ip="192.168.1.10",
                local_port=20000 + i,
                remote_ip=f"51.{38 + i % 7}.{(i // 250) % 250}.{i % 250 + 1}",
                remote_port=443,
                status=status,
                seen_at=1000.0 + poll,
            )
        )
    return tuple(rows)


class _QuietSource:
    def __init__(self, count: int, changing: bool) -> None:
        self.count, self.changing, self.polls = count, changing, 0

    def snapshot(self) -> object:
        from app.core.session import Snapshot

        self.polls += 1
        rows = _observations(self.count, self.polls, self.changing)
        return Snapshot(rows, (), 1000.0 + self.polls)  # type: ignore[arg-type]


def _measure(count: int, changing: bool) -> float:
    """Median GUI-thread ms per poll over ``POLLS`` polls (after the first)."""
    from PySide6.QtCore import QEventLoop

    from app.core.settings import Settings, SettingsStore
    from app.ui import services
    from app.ui.main_window import MainWindow
    from app.ui.qt import QTimer
    from app.ui.tasks import TaskRunner

    locator, _errors = services.open_locator(())
    runner = TaskRunner()
    with tempfile.TemporaryDirectory() as config:
        store = SettingsStore(Path(config))
        store.save(Settings(poll_interval_s=3600.0, reverse_dns=False))  # only refresh() polls
        window = MainWindow(
            _QuietSource(count, changing),  # type: ignore[arg-type]
            locator,
            None,
            store,
            runner,
            show_flags=False,
        )
        window.resize(1280, 840)
        window.show()

        def wait_applied() -> None:
            loop = QEventLoop()
            window.pollApplied.connect(loop.quit)
            QTimer.singleShot(60_000, loop.quit)
            loop.exec()
            window.pollApplied.disconnect(loop.quit)

        def settle(ms: int) -> None:
            loop = QEventLoop()
            QTimer.singleShot(ms, loop.quit)
            loop.exec()

        wait_applied()  # the first poll (started by the window itself)
        settle(2500)  # map entries, counts, the first picture and its pulses (1.4 s)
        costs = []
        for _ in range(POLLS):
            before = time.thread_time()
            window.refresh()
            wait_applied()
            settle(20)  # timers a poll may have started get their turn (and their cost)
            costs.append((time.thread_time() - before) * 1000)
        window.close()
        runner.shutdown(10_000)
    return statistics.median(costs)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.qt import QApplication

    app = QApplication.instance() or QApplication([])
    assert app is not None
    print(f"GUI-thread CPU per poll, median of {POLLS} polls (target ≤ {TARGET_MS} ms unchanged)")
    for count in ROWS:
        quiet = _measure(count, changing=False)
        busy = _measure(count, changing=True)
        verdict = "ok" if quiet <= TARGET_MS or count != max(ROWS) else "OVER TARGET"
        print(
            f"  {count:5d} rows: unchanged {quiet:6.2f} ms ({verdict}); "
            f"1 in {CHANGING_SHARE} changing state {busy:6.2f} ms"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
