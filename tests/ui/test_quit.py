"""Quitting is immediate: work still running in the background is not awaited.

The launcher's exit path (`launch.leave`) runs in a child process holding slow tasks on the
shared pool and on a dedicated one (as PTR look-ups have), with more queued behind them; the
process must end in a small fraction of a task's duration, with the status it was given.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from app.ui.launch import _quit_on_interrupt
from app.ui.qt import QCoreApplication

ROOT = Path(__file__).resolve().parents[2]
TASK_S = 6.0  # one background task's duration

CHILD = f"""
import threading, time
from PySide6.QtWidgets import QApplication
from app.ui.launch import leave
from app.ui.tasks import TaskRunner

app = QApplication([])
runner = TaskRunner(app)
lookups = runner.bounded(2)
started = threading.Barrier(3)

def slow():
    started.wait(10)
    time.sleep({TASK_S})

for pool in (runner, lookups, lookups):
    pool.run_task(slow, print)
for _ in range(5):
    lookups.run_task(slow, print)  # queued behind: must never start
started.wait(10)
print("quitting", time.monotonic(), flush=True)
leave(runner, 3)
"""


def test_quitting_does_not_wait_for_running_work(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TASK_S * 10,
        check=False,
    )
    ended = time.monotonic()  # CLOCK_MONOTONIC: one clock for both processes on this machine
    assert result.returncode == 3, result.stderr[-2000:]
    word, quitting = result.stdout.split()
    assert word == "quitting"
    took = ended - float(quitting)
    assert took < TASK_S / 5, took  # before: the launcher waited up to 5 s for them


def test_a_signal_just_before_the_loop_runs_still_quits(qtbot: Any) -> None:
    """SIGTERM handled before `app.exec()` starts: the quit waits for the loop (a quit outside
    it does nothing, and the app would never end: seen once in a fresh-clone run)."""
    app = QCoreApplication.instance()
    assert app is not None
    quits: list[bool] = []
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        _quit_on_interrupt(app, lambda: quits.append(True))
        os.kill(os.getpid(), signal.SIGTERM)  # handled at once, between two bytecodes
        assert quits == []  # posted, not run outside the loop
        qtbot.waitUntil(lambda: quits == [True], timeout=5000)
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
