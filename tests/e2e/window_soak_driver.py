"""Soak driver: the real window, as `datalocator` starts it, under a scripted session.

Run by tests/e2e/test_window_soak.py in a child process (a crash must fail the test, not kill
the session). It calls app.ui.launch.run_gui — the real MainWindow with the real TaskRunner
pools, psutil source, embedded database and system resolver — and drives it from QTimer steps:
rounds of connections to the test's network-namespace hosts opening and closing, a filter typed
and cleared, settings applied, the map zoomed, each round followed by a quiet spell longer than
the worker pools' 30 s thread expiry. At the end it saves a screenshot and quits.

Usage: window_soak_driver.py PLAN_JSON QUIET_SECONDS SCREENSHOT_PATH
PLAN_JSON: [[[ip, port], …], …] one list of hosts per round; a round opens its hosts and closes
the previous round's. Prints ``SOAK {json summary}`` last; exits 0 only if the window ran every
step, showed what it was expected to show, and no Python exception escaped anywhere.
"""

from __future__ import annotations

import dataclasses
import faulthandler
import json
import os
import socket
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.launch import run_gui
from app.ui.main_window import MainWindow

faulthandler.enable()  # as PYTHONFAULTHANDLER=1: a crash prints every thread's stack

WAIT_S = 45.0  # for something the window must show: generous, only proves "no hang"
HOMES = ("DE", "FR", "CH", None)


@dataclasses.dataclass(frozen=True, slots=True)
class Until:
    """A step waits until `ready()` is true; a failure is recorded after `timeout_s`."""

    what: str
    ready: Callable[[], bool]
    timeout_s: float = WAIT_S


Step = float | Until  # seconds to wait, or a condition to wait for


class Soak:
    """Runs the scenario generator one step at a time from the Qt event loop."""

    def __init__(
        self, app: QApplication, plan: list[list[tuple[str, int]]], quiet_s: float, screenshot: Path
    ) -> None:
        self._app = app
        self._plan = plan
        self._quiet_s = quiet_s
        self._screenshot = screenshot
        self._sockets: dict[str, socket.socket] = {}
        self._pid = os.getpid()
        self._steps: Iterator[Step] | None = None
        self._waiting: Until | None = None
        self._deadline = 0.0
        self._started = time.monotonic()
        self.window: MainWindow | None = None
        self.failures: list[str] = []
        self.rounds = 0
        self.seen: set[str] = set()
        self.done = False

    def start(self) -> None:
        windows = [w for w in self._app.topLevelWidgets() if isinstance(w, MainWindow)]
        if len(windows) != 1:
            self._fail(f"expected one MainWindow, found {len(windows)}")
            self._app.exit(1)
            return
        self.window = windows[0]
        self._steps = self._scenario(self.window)
        self._advance()

    def summary(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "rounds": self.rounds,
            "elapsed_s": round(time.monotonic() - self._started, 1),
            "seen": sorted(self.seen),
            "failures": self.failures,
        }

    # -- the scheduler

    def _advance(self) -> None:
        assert self._steps is not None
        try:
            step = next(self._steps)
        except StopIteration:
            self.done = True
            self._app.exit(0)
            return
        except Exception:  # noqa: BLE001 — a broken step fails the soak, with its trace
            self._fail("scenario step raised:\n" + traceback.format_exc())
            self._app.exit(1)
            return
        if isinstance(step, Until):
            self._waiting = step
            self._deadline = time.monotonic() + step.timeout_s
            self._check()
        else:
            QTimer.singleShot(round(step * 1000), self._advance)

    def _check(self) -> None:
        step = self._waiting
        assert step is not None
        if step.ready():
            self._waiting = None
            self._advance()
        elif time.monotonic() > self._deadline:
            self._fail(f"not within {step.timeout_s:.0f} s: {step.what}")
            self._waiting = None
            self._advance()
        else:
            QTimer.singleShot(100, self._check)

    def _fail(self, message: str) -> None:
        print(f"soak: FAILED {message}", file=sys.stderr, flush=True)
        self.failures.append(message)

    # -- the session

    def _scenario(self, window: MainWindow) -> Iterator[Step]:
        yield Until("the databases are open", lambda: window.locator is not None)
        previous: list[tuple[str, int]] = []
        for n, hosts in enumerate(self._plan):
            print(f"soak: round {n} at {time.monotonic() - self._started:.0f} s", flush=True)
            closed = self._close(previous)
            opened = self._open(hosts)
            ips = {ip for ip, _ in hosts}
            yield Until(
                f"round {n}: the table lists the new connections {sorted(opened)}",
                partial(self._listed, opened, True),
            )
            yield Until(
                f"round {n}: the table no longer lists the closed ones {sorted(closed)}",
                partial(self._listed, closed, False),
            )
            yield Until(f"round {n}: the map shows {sorted(ips)}", partial(self._on_map, ips))
            self.seen |= ips

            # A filter typed and cleared: the table narrows to one address, then shows all.
            target = sorted(ips)[0]
            window.focus_search()
            QTest.keyClicks(window.search_field, target)
            yield Until(
                f"round {n}: filtering on {target} shows only it",
                partial(self._filtered_to, target),
            )
            window.clear_filters()
            yield Until(
                f"round {n}: clearing the filter shows every host again",
                partial(self._shown, ips),
            )

            # Settings applied: the home (the map's arcs), the poll rate and reverse DNS change.
            window.apply_settings(
                dataclasses.replace(
                    window.settings,
                    home_country=HOMES[n % len(HOMES)],
                    poll_interval_s=1.5 + (n % 2),
                    reverse_dns=n % 2 == 1,
                )
            )
            yield Until(f"round {n}: the map moved home", lambda: not window.map.is_updating())

            # The map zoomed in, out, and framed.
            window.map.zoom_in()
            yield 0.4
            window.map.zoom_in()
            yield 0.4
            window.map.zoom_out()
            yield 0.4
            window.map.fit_all()
            yield 0.4
            window.map.reset_view()
            self.rounds += 1
            previous = hosts
            if n < len(self._plan) - 1:
                print(f"soak: quiet for {self._quiet_s:.0f} s", flush=True)
                yield self._quiet_s

        window.map.repaint()
        yield Until("the map is painted", window.map.painted_layers)
        self._screenshot.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(self._screenshot)):
            self._fail(f"could not save {self._screenshot}")
        self._close(previous)

    def _listed(self, connections: set[tuple[str, int]], established: bool) -> bool:
        """Whether every one of our connections (ip, local port) is (or none is) in the table
        as established by this process: the table shows the last poll, not an old one."""
        assert self.window is not None
        model = self.window.model
        ours = set()
        for row in range(model.rowCount()):
            obs = model.observation(row)
            if obs.pid == self._pid and obs.status == "ESTABLISHED" and obs.remote_ip:
                ours.add((obs.remote_ip, obs.local_port))
        return connections <= ours if established else not connections & ours

    def _filtered_to(self, ip: str) -> bool:
        assert self.window is not None
        return self.window.proxy.visible_ips() == {ip}

    def _shown(self, ips: set[str]) -> bool:
        assert self.window is not None
        return ips <= self.window.proxy.visible_ips()

    def _on_map(self, ips: set[str]) -> bool:
        assert self.window is not None
        view = self.window.map.view
        return all(view.mark_for_ip(ip) is not None for ip in ips)

    def _open(self, hosts: list[tuple[str, int]]) -> set[tuple[str, int]]:
        """Connect to each host; the connections as (remote ip, local port)."""
        opened = set()
        for ip, port in hosts:
            family = socket.AF_INET6 if ":" in ip else socket.AF_INET
            client = socket.socket(family, socket.SOCK_STREAM)
            client.settimeout(5)
            client.connect((ip, port))  # in-kernel, into a namespace on this machine: at once
            self._sockets[ip] = client
            opened.add((ip, client.getsockname()[1]))
        return opened

    def _close(self, hosts: list[tuple[str, int]]) -> set[tuple[str, int]]:
        closed = set()
        for ip, _ in hosts:
            client = self._sockets.pop(ip, None)
            if client is not None:
                closed.add((ip, client.getsockname()[1]))
                client.close()
        return closed


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    plan = [[(ip, int(port)) for ip, port in hosts] for hosts in json.loads(sys.argv[1])]
    quiet_s = float(sys.argv[2])
    screenshot = Path(sys.argv[3])
    escaped: list[str] = []

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        """An exception that escaped a Qt slot: print it, and fail the soak."""
        escaped.append("".join(traceback.format_exception(kind, error, tb)))
        sys.__excepthook__(kind, error, tb)

    sys.excepthook = hook
    app = QApplication.instance() or QApplication(["datalocator"])
    assert isinstance(app, QApplication)
    soak = Soak(app, plan, quiet_s, screenshot)
    QTimer.singleShot(0, soak.start)
    status = run_gui()  # what `datalocator` runs: builds the window, runs Qt, shuts down
    summary = soak.summary()
    summary["exit_status"] = status
    summary["escaped_exceptions"] = escaped
    print("SOAK " + json.dumps(summary), flush=True)
    return 0 if status == 0 and soak.done and not soak.failures and not escaped else 1


if __name__ == "__main__":
    sys.exit(main())
