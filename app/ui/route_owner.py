"""The window's route work: tracing the path to an address, timing it against the speed of
light, reading a mail's Received chain or an IMAP account's last headers. Each runs off the GUI
thread (one at a time), may be stopped, and hands back what the window shows: a `ShownRoute`,
an account's `RouteGroup`s, or a sentence. Everything here sends packets, logs in or reads a
file only when the person asks. The keyring is asked off the GUI thread too: unlocking it may
wait for the person."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from app.core.geo.locator import Locator
from app.core.i18n import translations
from app.core.local_files import read_file_start
from app.core.route_marks import ShownRoute
from app.core.routes.account_routes import account_routes, kept_password, read_account
from app.core.routes.imap_headers import ImapTarget
from app.core.routes.mail_password import forget_password, stored_password
from app.core.routes.path import locate_path
from app.core.routes.received import MAX_HEADER_BLOCK
from app.core.routes.shown import RouteGroup, read_mail_route, shown_account, shown_path
from app.core.routes.traceroute import TraceMethod, TraceOptions, trace_route
from app.core.rtt import DEFAULT_PORT, measure_rtt
from app.core.rtt_bound import HomeCountry, check_rtt
from app.ui.qt import QObject, Signal
from app.ui.tasks import Runner

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TracedAccount:
    """An account's mail routes as read: per sender domain, and whether the password that
    worked could be kept."""

    target: ImapTarget
    groups: tuple[RouteGroup, ...]
    messages: int
    not_kept: str = ""  # why the typed password was not kept in the keyring, in words


class RouteOwner(QObject):
    routeReady = Signal(object)  # ShownRoute
    accountTraced = Signal(object)  # TracedAccount
    accountFailed = Signal(object, object)  # (ImapTarget, the exception)
    passwordLooked = Signal(object, object)  # (ImapTarget, kept: bool | the keyring's error)
    passwordForgotten = Signal(object, object)  # (ImapTarget, removed: bool | the error)
    distanceChecked = Signal(str, str)  # (address, the speed-of-light verdict in a sentence)
    failed = Signal(object)  # the exception (the window puts it into words)
    busyChanged = Signal(bool)  # a trace runs (the window offers to stop it)

    def __init__(self, runner: Runner, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keyring = runner  # quick looks, beside a trace
        self._runner = runner.bounded(1)  # one trace at a time, in order
        self._language = language
        self._cancel: threading.Event | None = None

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def trace(self, ip: str, locator: Locator, method: TraceMethod = TraceMethod.UDP) -> None:
        """The path to ``ip``, router by router, located (nothing if one is running), with
        the probes the window said it sends."""
        tr = translations(self._language)
        options = TraceOptions(method=method)

        def work(cancel: threading.Event) -> ShownRoute:
            traced = trace_route(ip, options, cancel=cancel)
            return shown_path(locate_path(traced, locator), tr)

        self._start(work, self._traced)

    def trace_mail(self, source: Path | bytes, title: str, locator: Locator) -> None:
        """A message file's (or pasted headers') route: the file's start read and the Received
        chain located off the GUI thread. Nothing is sent anywhere."""
        tr = translations(self._language)

        def work(_cancel: threading.Event) -> ShownRoute:
            data = source if isinstance(source, bytes) else _message_start(source)
            return read_mail_route(data, locator, title, tr)

        self._start(work, self._traced)

    def trace_account(
        self, target: ImapTarget, typed: str | None, last: int, locator: Locator
    ) -> None:
        """Log in, read the headers of the last ``last`` messages, locate and group their
        routes. ``typed``: the password just typed (kept once the server accepts it), or None
        for the one in the keyring."""
        tr = translations(self._language)

        def work(cancel: threading.Event) -> TracedAccount:
            password = typed if typed else kept_password(target)
            read = read_account(
                target, password, typed=bool(typed), last=last, cancel=cancel.is_set
            )
            routes = account_routes(read.fetched, locator)
            not_kept = read.not_kept.text(tr) if read.not_kept is not None else ""
            return TracedAccount(target, shown_account(routes, tr), routes.messages, not_kept)

        self._start(work, self._account_traced, partial(self._account_failed, target))

    def look_up_password(self, target: ImapTarget) -> None:
        """Whether a password is kept for ``target`` (passwordLooked); never the password."""

        def work() -> bool:
            return stored_password(target.user, target.host) is not None

        self._keyring.run_task(
            work, partial(self._password_looked, target), partial(self._password_looked, target)
        )

    def _password_looked(self, target: ImapTarget, kept: bool | BaseException) -> None:
        self.passwordLooked.emit(target, kept)

    def forget_password(self, target: ImapTarget) -> None:
        """Delete the kept password (passwordForgotten: whether there was one, or the error)."""
        self._keyring.run_task(
            partial(forget_password, target.user, target.host),
            partial(self._forgotten, target),
            partial(self._forgotten, target),
        )

    def _forgotten(self, target: ImapTarget, removed: bool | BaseException) -> None:
        self.passwordForgotten.emit(target, removed)

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

    def _start(
        self,
        work: Callable[[threading.Event], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``work`` with a stop signal of its own, unless something runs already."""
        if self._cancel is not None:
            return
        cancel = self._cancel = threading.Event()
        self.busyChanged.emit(True)
        self._runner.run_task(partial(work, cancel), on_done, on_error or self._failed)

    def _account_traced(self, traced: TracedAccount) -> None:
        self._done()
        self.accountTraced.emit(traced)

    def _account_failed(self, target: ImapTarget, error: BaseException) -> None:
        self._done()
        self.accountFailed.emit(target, error)

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
