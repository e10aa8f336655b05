"""Start the desktop app: build every collaborator, inject them into the window, run Qt.

The geo databases are opened by the window in a background task (it shows "Opening
databases…" meanwhile), so the window appears at once even with large user databases; the world
map is drawn at once, and the connections appear on it as they are located.

The window that watches this computer (not a demo, not a replay) also gets what keeps it
watching in the background: a tray icon (app/ui/tray.py) to come back from once it is closed,
the single-instance guard (app/ui/single_instance.py: a second launch brings it to the front
and ends with 0), and `--background` (start at login's option) starts it hidden in the tray
where there is one. Both end when it gives way to a demo (File → Open a demo).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import DEFAULT_LANGUAGE, Message, choose_language, message, translations

if TYPE_CHECKING:
    from app.core.autostart import Autostart
    from app.core.history.period import HistoryPeriod
    from app.core.settings import SettingsStore
    from app.ui.banner import Banner
    from app.ui.main_window import MainWindow
    from app.ui.qt import QCoreApplication
    from app.ui.single_instance import SingleInstance
    from app.ui.tasks import TaskRunner
    from app.ui.tray import Tray

log = logging.getLogger(__name__)

APP_NAME = "DataLocator"
QUIT_WAIT_MS = 300  # at exit, how long running background work may take to end


def display_problem() -> Message | None:
    """Why no window can be shown, or None. Qt would abort with a trace instead of saying so.

    Said in the terminal before Qt loads, so through the core's catalogue (which extracts this
    file's `message` calls: see app/core/i18n_catalogue.py)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return None  # the user chose a platform (offscreen, vnc…): let Qt use it
    if sys.platform.startswith(("win", "darwin")):
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return message("no graphical display (DISPLAY and WAYLAND_DISPLAY are not set)")
    from app.ui.system_libraries import missing_packages

    packages = " ".join(missing_packages())
    if packages:
        return message(
            "Qt's X11 support needs system libraries that are missing "
            "(on Debian/Ubuntu: sudo apt-get install {packages})",
            packages=packages,
        )
    return None


def _quit_on_interrupt(app: QCoreApplication, quit_app: Callable[[], None]) -> None:
    """Ctrl+C in the terminal, or SIGTERM (a logout, `kill`), ends the app as its Quit does
    (settings saved, the history closed), even while the window hides in the tray: Python only
    runs signal handlers between bytecodes, so a timer wakes the interpreter regularly while
    Qt's loop runs. The quit is posted to the loop: a signal that comes just before the loop
    starts would otherwise quit a loop not yet running (a no-op), and the app would stay."""
    from app.ui.qt import QTimer

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda _signum, _frame: QTimer.singleShot(0, quit_app))
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def show_settings_problem(
    banner: Banner, problem: Message | str | None, language: str = DEFAULT_LANGUAGE
) -> None:
    """Say once, in the window, that the settings file was set aside (SettingsStore.problem,
    in ``language``)."""
    if problem is None:
        return
    if not isinstance(problem, str):
        problem = problem.text(translations(language))
    from app.core.text import visible
    from app.ui.banner import Level
    from app.ui.qt import QCoreApplication

    text = QCoreApplication.translate("launch", "Your settings were reset: {problem}")
    banner.show_message(text.format(problem=visible(problem)), Level.WARNING)


def run_gui(
    *,
    demo: str | None = None,
    replay: Path | None = None,
    language: str | None = None,
    background: bool = False,
) -> int:
    """Run the window until it is closed; the exit status (2 when no display is available or
    the recording to replay is not a usable capture file; 0 at once when DataLocator is
    already running for this user: its window was brought to the front instead).

    ``language``: `--lang` (else the settings', else the system's).
    ``demo``: a made-up persona (her key) instead of this computer (embedded data only, the same on
    every machine); ``replay``: a capture file made by `datalocator scan --record`.
    ``background``: the live window starts hidden in the tray (shown where there is no tray).
    """
    problem = display_problem()
    if problem is not None:
        tr = translations(choose_language(language))  # no settings read yet
        advice = message(
            "{problem}; in a terminal use `datalocator scan` to list connections "
            "or `datalocator locate IP|HOST` to locate an address.",
            problem=problem,
        )
        sys.stderr.write(f"datalocator: {advice.text(tr)}\n")
        return 2
    capture = None
    if replay is not None:
        from app.core.session.capture import CaptureError, open_capture

        try:
            capture = open_capture(replay)  # checked before any window: a typed argument
        except CaptureError as error:
            reason = error.text(translations(choose_language(language)))  # no settings read yet
            sys.stderr.write(f"datalocator: {reason}\n")
            return 2

    # Imported here so the headless path above never loads Qt.
    from app.core.autostart import user_autostart
    from app.core.settings import SettingsStore
    from app.ui.i18n import install_translators
    from app.ui.main_window import MainWindow
    from app.ui.qt import QApplication, QCoreApplication, QSystemTrayIcon
    from app.ui.single_instance import SingleInstance, instance_name
    from app.ui.tasks import TaskRunner
    from app.ui.tray import Tray

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)

    live = not demo and capture is None
    instance: SingleInstance | None = None
    if live:  # before any window: a second launch only wakes the first one up
        instance = SingleInstance(instance_name(), app)
        if instance.ask_running_to_show():
            return 0
        instance.listen()

    store = SettingsStore()
    settings = store.load()
    settings_problem = store.problem  # the window loads again: keep what this load found
    speaking = choose_language(language or settings.language)
    translators = install_translators(app, speaking)

    runner = TaskRunner(app)
    tray_available = QSystemTrayIcon.isSystemTrayAvailable
    autostart = user_autostart()
    windows = Windows(store, runner, speaking, tray_available=tray_available, autostart=autostart)
    if demo:
        window = demo_window(
            store,
            runner,
            demo,
            open_demo=windows.open_demo,
            language=speaking,
            tray_available=tray_available,
            autostart=autostart,
        )
    elif capture is not None:
        from app.core.session.capture import CaptureSource, RecordedResolver
        from app.core.text import visible_path

        resolver = RecordedResolver()
        mode = QCoreApplication.translate("launch", "Replay: {file}").format(
            file=visible_path(capture.path)
        )
        window = MainWindow(
            CaptureSource(capture, resolver),
            None,
            resolver,
            store,
            runner,
            mode=mode,
            accounts_source=None,
            open_demo=windows.open_demo,
            language=speaking,
            tray_available=tray_available,
            autostart=autostart,
        )
    else:
        window = _live_window(
            store, runner, windows.open_demo, speaking, autostart, windows.open_period
        )
        tray = Tray(window, app)
        tray.quitRequested.connect(windows.quit)
        window.alertNotified.connect(tray.notify)  # no tray: the status bar has said it
        tray.show()
        if instance is not None:
            instance.showRequested.connect(tray.show_window)
        windows.keep_in_background(tray, instance)
    show_settings_problem(window.banner, settings_problem, window.model.language)
    hidden = background and live and tray_available()
    windows.show(window, visible=not hidden)
    if hidden:
        log.info("started in the background: the window waits in the system tray")
    _quit_on_interrupt(app, windows.quit)
    log.info("window ready: %s", "this computer" if live else "a demo or a recording")
    try:
        status = app.exec()
    finally:
        if windows.shown is not None:
            # settings saved, downloads told to stop, results from now on dropped
            windows.shown.close_for_real()
        windows.end_background()
        for translator in translators:
            app.removeTranslator(translator)
    return leave(runner, int(status))


def leave(runner: TaskRunner, status: int) -> int:
    """Quit now: queued work is dropped and running work gets `QUIT_WAIT_MS` to end. Work
    that is still running then (a PTR look-up in its time budget, a database being checked,
    an account looked up) is not awaited: the process ends without it, as its results would
    be dropped anyway and Qt's pools would otherwise hold the exit until it ends."""
    if runner.shutdown(QUIT_WAIT_MS):
        return status
    log.info("quitting without waiting for background work still running")
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(status)


def _live_window(
    store: SettingsStore,
    runner: TaskRunner,
    open_demo: Callable[[str], object],
    language: str,
    autostart: Autostart | None,
    open_period: Callable[[HistoryPeriod, str], object] | None = None,
) -> MainWindow:
    from app.core.connections import PsutilSource
    from app.ui.main_window import MainWindow
    from app.ui.services import make_resolver

    try:
        resolver = make_resolver(store.load())
    except ValueError as error:  # a DNS server setting the resolver refuses
        log.warning("reverse DNS disabled: %s", error)
        resolver = None
    from app.core.history.store import default_path

    return MainWindow(
        PsutilSource(),
        None,
        resolver,
        store,
        runner,
        open_demo=open_demo,
        language=language,
        history=default_path(),
        open_period_window=open_period,
        autostart=autostart,
    )


class Windows:
    """The window on screen: File → Open a demo puts a persona's window in its place (the old
    one closes for real, its settings saved, and the live window's tray and single-instance
    guard end with it); the last one is closed when the app quits. A period of the history
    opens beside it (`periods`), a window of its own that goes when the app quits (its Qt
    parent is the window on screen: only a window without a parent keeps the app running)."""

    def __init__(
        self,
        store: SettingsStore,
        runner: TaskRunner,
        language: str,
        *,
        tray_available: Callable[[], bool] | None = None,
        autostart: Autostart | None = None,
    ) -> None:
        """``tray_available``, ``autostart``: handed to every window (defaults: the system's
        tray check, no start at login)."""
        self._store = store
        self._runner = runner
        self._language = language
        self._tray_available = tray_available
        self._autostart = autostart
        self._tray: Tray | None = None
        self._instance: SingleInstance | None = None
        self.shown: MainWindow | None = None
        self.periods: list[MainWindow] = []

    def open_period(self, period: HistoryPeriod, label: str) -> MainWindow:
        """A period's window beside the one on screen. Period windows closed since the last one
        opened are deleted now, long after their close stopped their work (deleting a window in
        its close would drop it under results still on their way)."""
        for old in [w for w in self.periods if not w.isVisible()]:
            self.periods.remove(old)
            old.deleteLater()
        window = period_window(
            self._store, self._runner, period, label, self._language, parent=self.shown
        )
        self.periods.append(window)
        window.show()
        return window

    def keep_in_background(self, tray: Tray, instance: SingleInstance | None) -> None:
        """The live window's tray icon and guard, ended when it gives way to another."""
        self._tray, self._instance = tray, instance

    def end_background(self) -> None:
        tray, self._tray = self._tray, None
        instance, self._instance = self._instance, None
        if tray is not None:
            tray.close()
        if instance is not None:
            instance.close()

    def show(self, window: MainWindow, *, visible: bool = True) -> None:
        old, self.shown = self.shown, window
        if old is not None:
            window.setGeometry(old.geometry())
        if visible:
            window.show()
        if old is not None:
            old.close_for_real()
            self.end_background()

    def quit(self) -> None:
        """Quit for real (the tray's Quit, Ctrl+C, SIGTERM): the window closes whatever the
        tray setting says, then the event loop ends."""
        from app.ui.qt import QCoreApplication

        if self.shown is not None:
            self.shown.close_for_real()
        QCoreApplication.quit()

    def open_demo(self, key: str) -> None:
        self.show(
            demo_window(
                self._store,
                self._runner,
                key,
                open_demo=self.open_demo,
                language=self._language,
                tray_available=self._tray_available,
                autostart=self._autostart,
            )
        )


def period_window(
    store: SettingsStore,
    runner: TaskRunner,
    period: HistoryPeriod,
    label: str,
    language: str,
    parent: MainWindow | None = None,
) -> MainWindow:
    """A period of this computer's history, through the whole engine like a recording (places
    as today's databases say; the window's status bar counts those the history had elsewhere)."""
    from app.core.history.period import PeriodSource
    from app.ui.main_window import MainWindow
    from app.ui.qt import QCoreApplication

    return MainWindow(
        PeriodSource(period),
        None,
        None,
        store,
        runner,
        mode=QCoreApplication.translate("launch", "History: %1").replace("%1", label),
        language=language,
        parent=parent,
    )


def demo_window(
    store: SettingsStore,
    runner: TaskRunner,
    key: str,
    *,
    open_demo: Callable[[str], object] | None = None,
    language: str | None = None,
    tray_available: Callable[[], bool] | None = None,
    autostart: Autostart | None = None,
) -> MainWindow:
    """A persona's day, through the whole engine: her sockets and DNS answers are made up,
    the places, companies and laws are found as for real ones."""
    from app.core.anonymise import own_names_hidden
    from app.core.demo import (
        DemoResolver,
        DemoSource,
        demo_accounts_source,
        demo_details,
        load_persona,
    )
    from app.ui.main_window import MainWindow
    from app.ui.qt import QCoreApplication, QSystemTrayIcon
    from app.ui.services import open_embedded_locator

    persona = load_persona(key)
    return MainWindow(
        DemoSource(persona),
        None,
        DemoResolver(persona),
        store,
        runner,
        open_locator=open_embedded_locator,
        system_home=lambda: persona.home,
        entry_details=demo_details(persona),
        mode=QCoreApplication.translate("launch", "Demo: %1, a made-up person").replace(
            "%1", persona.name
        ),
        accounts_source=demo_accounts_source(persona),
        open_demo=open_demo,
        always_hidden=own_names_hidden(),
        language=language,
        tray_available=tray_available or QSystemTrayIcon.isSystemTrayAvailable,
        autostart=autostart,
    )
