"""The window's route work: tracing the path to an address, timing it against the speed of
light, reading a mail's Received chain. Each runs off the GUI thread (one at a time), may be
stopped, and hands back what the window shows: a `ShownRoute`, or a sentence. Everything here
sends packets or reads a file only when the person asks."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from app.core.geo.locator import Locator
from app.core.i18n import translations
from app.core.local_files import read_file_start
from app.core.route_marks import ShownRoute
from app.core.routes.path import locate_path
from app.core.routes.received import MAX_HEADER_BLOCK
from app.core.routes.shown import read_mail_route, shown_path
from app.core.routes.traceroute import trace_route
from app.core.rtt import DEFAULT_PORT, measure_rtt
from app.core.rtt_bound import HomeCountry, check_rtt
from app.ui.qt import QObject, Signal
from app.ui.tasks import Runner

T = TypeVar("T")


class RouteOwner(QObject):
    routeReady = Signal(object)  # ShownRoute
    distanceChecked = Signal(str, str)  # (address, the speed-of-light verdict in a sentence)
    failed = Signal(object)  # the exception (the window puts it into words)
    busyChanged = Signal(bool)  # a trace runs (the window offers to stop it)

    def __init__(self, runner: Runner, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner.bounded(1)  # one trace at a time, in order
        self._language = language
        self._cancel: threading.Event | None = None

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def trace(self, ip: str, locator: Locator) -> None:
        """The path to ``ip``, router by router, located (nothing if one is running)."""
        tr = translations(self._language)

        def work(cancel: threading.Event) -> ShownRoute:
            return shown_path(locate_path(trace_route(ip, cancel=cancel), locator), tr)

        self._start(work, self._traced)

    def trace_mail(self, source: Path | bytes, title: str, locator: Locator) -> None:
        """A message file's (or pasted headers') route: the file's start read and the Received
        chain located off the GUI thread. Nothing is sent anywhere."""
        tr = translations(self._language)

        def work(_cancel: threading.Event) -> ShownRoute:
            data = source if isinstance(source, bytes) else _message_start(source)
            return read_mail_route(data, locator, title, tr)

        self._start(work, self._traced)

    def check_distance(
        self, ip: str, locator: Locator, home: str | None, port: int = DEFAULT_PORT
    ) -> None:
        """Time a few TCP handshakes with ``ip`` and say whether the database's place is one
        light allows (nothing if a trace or a check runs)."""
        tr = translations(self._language)
        where = HomeCountry(home) if home else None

        def work(cancel: threading.Event) -> str:
            measured = measure_rtt(ip, port, cancelled=cancel.is_set)
            return check_rtt(measured, locator.locate(ip), where).text(tr)

        self._start(work, lambda sentence: self._checked(ip, sentence))

    def _start(self, work: Callable[[threading.Event], T], on_done: Callable[[T], None]) -> None:
        """Run ``work`` with a stop signal of its own, unless something runs already."""
        if self._cancel is not None:
            return
        cancel = self._cancel = threading.Event()
        self.busyChanged.emit(True)
        self._runner.run_task(partial(work, cancel), on_done, self._failed)

    def _checked(self, ip: str, sentence: str) -> None:
        self._done()
        self.distanceChecked.emit(ip, sentence)

    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _traced(self, route: ShownRoute) -> None:
        self._done()
        self.routeReady.emit(route)

    def _failed(self, error: BaseException) -> None:
        self._done()
        self.failed.emit(error)

    def _done(self) -> None:
        self._cancel = None
        self.busyChanged.emit(False)


def _message_start(path: Path) -> bytes:
    """A message file's header block (its first MiB, whatever its size)."""
    data = read_file_start(path, MAX_HEADER_BLOCK)
    if data is None:
        raise FileNotFoundError(errno.ENOENT, "no such file", str(path))
    return data
