"""The real tray path, on a real X server: Xvfb, a minimal tray host (tests/ui/tray_host_child.py)
and the real GUI entry point started with `--background`, as start at login starts it.

The window starts hidden in the tray; a second launch shows it and exits 0; the window
manager's × (WM_DELETE_WINDOW) hides it again instead of quitting, the tray says so once and the
settings remember it; SIGTERM ends it with 0. User folders are temporary (XDG_* and HOME), so
the settings file the app writes is the test's to read.
"""

from __future__ import annotations

import ctypes.util
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from tests.ui.test_single_instance import ASKED, LAUNCH, SECOND_S, START_MS

ROOT = Path(__file__).resolve().parents[2]
HOST = Path(__file__).with_name("tray_host_child.py")
TITLE = "Where your data live"

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None
    or shutil.which("xdotool") is None
    or ctypes.util.find_library("X11") is None,
    reason="needs Xvfb, xdotool and libX11 (apt-get install xvfb xdotool libx11-6)",
)


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    """A private X server; its number chosen by Xvfb itself (-displayfd)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(SECOND_S)


@pytest.fixture
def desktop_env(tmp_path: Path, display: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATALOCATOR_", "DBUS_", "WAYLAND_", "QT_"))
        and k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "XDG_RUNTIME_DIR")
    }
    env.update(
        LANG="C.UTF-8",
        DISPLAY=display,
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        DATALOCATOR_INSTANCE_NAME=str(tmp_path / "instance"),
        PYTHONPATH=str(ROOT),
    )
    if "DATALOCATOR_RESOURCES" in os.environ:
        env["DATALOCATOR_RESOURCES"] = os.environ["DATALOCATOR_RESOURCES"]
    settings = tmp_path / "config" / "DataLocator" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"reverse_dns": False}), encoding="utf-8")
    return env


@pytest.fixture
def tray_host(desktop_env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    host = subprocess.Popen(
        [sys.executable, str(HOST)],
        env=desktop_env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert host.stdout is not None
    assert host.stdout.readline().strip() == "owned"
    yield host
    host.kill()
    host.wait(SECOND_S)
    host.stdin.close()  # type: ignore[union-attr]
    host.stdout.close()


def _visible_windows(env: dict[str, str]) -> list[str]:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", TITLE],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.split()


def test_the_window_lives_in_the_tray(
    qtbot: Any,
    tmp_path: Path,
    desktop_env: dict[str, str],
    tray_host: subprocess.Popen[str],
) -> None:
    log = tmp_path / "app.log"
    stream: IO[str] = log.open("w", encoding="utf-8")
    app = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "--lang", "en", "--background"],
        cwd=ROOT,
        env=desktop_env,
        stdout=stream,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def text() -> str:
        return log.read_text(encoding="utf-8", errors="replace")

    try:
        qtbot.waitUntil(
            lambda: "window ready" in text() or app.poll() is not None, timeout=START_MS
        )
        assert app.poll() is None, text()[-3000:]
        assert "started in the background" in text()
        assert _visible_windows(desktop_env) == []  # hidden in the tray

        second = subprocess.run(
            [sys.executable, "-c", LAUNCH, "--lang", "en"],
            cwd=ROOT,
            env=desktop_env,
            capture_output=True,
            text=True,
            timeout=SECOND_S,
            check=False,
        )
        assert second.returncode == 0, second.stderr[-3000:]
        qtbot.waitUntil(lambda: ASKED in text(), timeout=START_MS)
        qtbot.waitUntil(lambda: len(_visible_windows(desktop_env)) > 0, timeout=START_MS)

        # The window manager's ×: hidden again, still running, the notice said and remembered.
        assert tray_host.stdin is not None and tray_host.stdout is not None
        for window in _visible_windows(desktop_env):
            tray_host.stdin.write(f"close {window}\n")
            tray_host.stdin.flush()
            assert tray_host.stdout.readline().strip() == "closed"
        qtbot.waitUntil(lambda: _visible_windows(desktop_env) == [], timeout=START_MS)
        assert "watching goes on in the background" in text()
        settings = tmp_path / "config" / "DataLocator" / "settings.json"
        qtbot.waitUntil(
            lambda: (
                json.loads(settings.read_text(encoding="utf-8")).get("background_notice_shown")
                is True
            ),
            timeout=START_MS,
        )
        assert app.poll() is None, text()[-3000:]

        app.send_signal(signal.SIGTERM)
        assert app.wait(SECOND_S) == 0, text()[-3000:]
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(SECOND_S)
        stream.close()
