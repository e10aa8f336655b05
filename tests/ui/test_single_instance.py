"""One live window per user, with real processes: a second `datalocator-gui` hands its launch to
the first (which logs that it was asked to come to the front) and exits 0 at once; a socket
left by a first process killed with SIGKILL does not stop the next one.

Each process is the real GUI entry point (`app.cli.gui_main`) on Qt's offscreen platform, with
logging at INFO to a file the test reads, user folders off (DATALOCATOR_NO_USER_DIRS), HOME in
a temporary folder and a socket of its own (DATALOCATOR_INSTANCE_NAME), so tests never meet each
other nor a DataLocator the tester is running.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from app.ui.single_instance import INSTANCE_NAME_ENV, SingleInstance, instance_name

ROOT = Path(__file__).resolve().parents[2]
START_MS = 60_000  # a cold start imports Qt and opens the embedded databases
SECOND_S = 30  # the second launch: Python and Qt start, one connection, exit

LAUNCH = """
import logging, sys
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
from app.cli import gui_main
sys.exit(gui_main(sys.argv[1:]))
"""

LISTENING = "listening for later launches on"
ASKED = "another launch asked for the window: bringing it to the front"


class App:
    """One GUI process and its log."""

    def __init__(self, env: dict[str, str], log: Path, *arguments: str) -> None:
        self.log = log
        self._stream: IO[str] = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "--lang", "en", *arguments],
            cwd=ROOT,
            env=env,
            stdout=self._stream,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def end(self) -> int:
        if self.process.poll() is None:
            self.process.kill()
        status = self.process.wait(SECOND_S)
        self._stream.close()
        return status


@pytest.fixture
def gui_env(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The command line's test environment, offscreen, with this test's own instance socket
    (a path: it lies in the test's folder; a bare name would go to $TMPDIR)."""
    return {
        **cli_env,
        "QT_QPA_PLATFORM": "offscreen",
        "DATALOCATOR_INSTANCE_NAME": str(tmp_path / "instance"),
    }


@pytest.fixture
def apps() -> Iterator[list[App]]:
    started: list[App] = []
    yield started
    for app in started:
        app.end()


def _start(apps: list[App], env: dict[str, str], log: Path, *arguments: str) -> App:
    app = App(env, log, *arguments)
    apps.append(app)
    return app


def _wait_listening(qtbot: Any, app: App) -> None:
    qtbot.waitUntil(
        lambda: LISTENING in app.text() or app.process.poll() is not None, timeout=START_MS
    )
    assert app.process.poll() is None, app.text()[-3000:]


def _second_launch(env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH, "--lang", "en"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SECOND_S,
        check=False,
    )
    return result, time.monotonic() - began


def test_a_second_launch_brings_the_first_window_forward_and_exits_0(
    qtbot: Any, tmp_path: Path, gui_env: dict[str, str], apps: list[App]
) -> None:
    first = _start(apps, gui_env, tmp_path / "first.log")
    _wait_listening(qtbot, first)
    assert ASKED not in first.text()

    second, took = _second_launch(gui_env)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "already running" in second.stderr
    assert "Opening databases" not in second.stdout + second.stderr  # no window of its own
    assert took < SECOND_S / 2, took

    qtbot.waitUntil(lambda: ASKED in first.text(), timeout=START_MS)
    assert first.process.poll() is None  # the first one watches on

    # SIGTERM (a logout, `kill`) ends it as its Quit does, with 0.
    first.process.send_signal(signal.SIGTERM)
    assert first.process.wait(SECOND_S) == 0, first.text()[-3000:]


def test_a_socket_left_by_a_killed_first_does_not_stop_the_next(
    qtbot: Any, tmp_path: Path, gui_env: dict[str, str], apps: list[App]
) -> None:
    killed = _start(apps, gui_env, tmp_path / "killed.log")
    _wait_listening(qtbot, killed)
    killed.process.send_signal(signal.SIGKILL)
    assert killed.process.wait(SECOND_S) == -signal.SIGKILL
    socket = Path(gui_env["DATALOCATOR_INSTANCE_NAME"])
    assert socket.exists()  # left behind: nobody listens on it any more

    first = _start(apps, gui_env, tmp_path / "first.log")
    _wait_listening(qtbot, first)  # over the stale file (Qt's rename, else removeServer)

    second, _took = _second_launch(gui_env)
    assert second.returncode == 0, second.stderr[-3000:]
    qtbot.waitUntil(lambda: ASKED in first.text(), timeout=START_MS)
    assert first.process.poll() is None


def test_a_demo_neither_asks_nor_listens(
    qtbot: Any, tmp_path: Path, gui_env: dict[str, str], apps: list[App]
) -> None:
    """With the live window running, `--demo` opens its own window (it is not blocked) and
    takes no part: the live one is not asked to come forward."""
    first = _start(apps, gui_env, tmp_path / "first.log")
    _wait_listening(qtbot, first)
    demo = _start(apps, gui_env, tmp_path / "demo.log", "--demo", "lea")
    qtbot.waitUntil(
        lambda: "window ready: a demo" in demo.text() or demo.process.poll() is not None,
        timeout=START_MS,
    )
    assert demo.process.poll() is None, demo.text()[-3000:]
    assert LISTENING not in demo.text() and "already running" not in demo.text()
    assert ASKED not in first.text()
    demo.process.send_signal(signal.SIGTERM)
    assert demo.process.wait(SECOND_S) == 0, demo.text()[-3000:]


def test_the_socket_name_is_per_user_and_can_be_chosen() -> None:
    chosen = instance_name({INSTANCE_NAME_ENV: "/run/copy-2/dl"})
    assert chosen == "/run/copy-2/dl"
    mine = instance_name({})
    assert mine.startswith("datalocator-") and len(mine) == len("datalocator-") + 16
    assert instance_name({"XDG_RUNTIME_DIR": "/"}) == "/" + mine
    assert instance_name({"XDG_RUNTIME_DIR": "relative/dir"}) == mine


def test_nobody_listening_means_start(qtbot: Any, tmp_path: Path) -> None:
    guard = SingleInstance(str(tmp_path / "nobody"))
    assert not guard.ask_running_to_show(100)
    assert guard.listen() and guard.listening
    guard.close()
    assert not guard.listening
