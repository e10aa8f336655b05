"""Quitting is immediate: work still running in the background is not awaited.

The launcher's exit path (`launch.leave`) runs in a child process holding slow tasks on the
shared pool and on a dedicated one (as PTR look-ups have), with more queued behind them; the
process must end in a small fraction of a task's duration, with the status it was given.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

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
