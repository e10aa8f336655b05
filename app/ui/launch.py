"""Start the desktop app: build every collaborator, inject them into the window, run Qt.

The geo databases are opened by the window in a background task (it shows "Opening
databases…" meanwhile), so the window appears at once even with large user databases; the world
map is drawn at once, and the connections appear on it as they are located.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import DEFAULT_LANGUAGE, Message, choose_language, message, translations

if TYPE_CHECKING:
    from app.core.settings import SettingsStore
    from app.ui.banner import Banner
    from app.ui.main_window import MainWindow
    from app.ui.qt import QCoreApplication
    from app.ui.tasks import TaskRunner

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


def _quit_on_interrupt(app: QCoreApplication) -> None:
    """Ctrl+C in the terminal closes the app: Python only runs signal handlers between
    bytecodes, so a timer wakes the interpreter regularly while Qt's loop runs."""
    from app.ui.qt import QTimer

    signal.signal(signal.SIGINT, lambda _signum, _frame: app.quit())
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


def run_gui(*, demo: bool = False, replay: Path | None = None) -> int:
    """Run the window until it is closed; the exit status (2 when no display is available or
    the recording to replay is not a usable capture file).

    ``demo``: the made-up persona instead of this computer (embedded data only, the same on
    every machine); ``replay``: a capture file made by `datalocator scan --record`.
    """
    problem = display_problem()
    if problem is not None:
        tr = translations(choose_language())  # no settings read yet
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
            reason = error.text(translations(choose_language()))  # no settings read yet
            sys.stderr.write(f"datalocator: {reason}\n")
            return 2

    # Imported here so the headless path above never loads Qt.
    from app.core.settings import SettingsStore
    from app.ui.i18n import install_translators
    from app.ui.main_window import MainWindow
    from app.ui.qt import QApplication, QCoreApplication
    from app.ui.tasks import TaskRunner

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)

    store = SettingsStore()
    settings = store.load()
    settings_problem = store.problem  # the window loads again: keep what this load found
    translators = install_translators(app, choose_language(settings.language))

    runner = TaskRunner(app)
    if demo:
        window = _demo_window(store, runner)
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
        )
    else:
        window = _live_window(store, runner)
    show_settings_problem(window.banner, settings_problem, window.model.language)
    window.show()
    _quit_on_interrupt(app)
    try:
        status = app.exec()
    finally:
        window.close()  # settings saved, downloads told to stop, results from now on dropped
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


def _live_window(store: SettingsStore, runner: TaskRunner) -> MainWindow:
    from app.core.connections import PsutilSource
    from app.ui.main_window import MainWindow
    from app.ui.services import make_resolver

    try:
        resolver = make_resolver(store.load())
    except ValueError as error:  # a DNS server setting the resolver refuses
        log.warning("reverse DNS disabled: %s", error)
        resolver = None
    return MainWindow(PsutilSource(), None, resolver, store, runner)


def _demo_window(store: SettingsStore, runner: TaskRunner) -> MainWindow:
    """The persona's day, through the whole engine: her sockets and DNS answers are made up,
    the places, companies and laws are found as for real ones."""
    from app.core.demo import (
        DEMO_ACCOUNTS_SOURCE,
        DEMO_HOME,
        DemoResolver,
        DemoSource,
        demo_details,
    )
    from app.ui.main_window import MainWindow
    from app.ui.qt import QCoreApplication
    from app.ui.services import open_embedded_locator

    return MainWindow(
        DemoSource(),
        None,
        DemoResolver(),
        store,
        runner,
        open_locator=open_embedded_locator,
        system_home=lambda: DEMO_HOME,
        entry_details=demo_details,
        mode=QCoreApplication.translate("launch", "Demo: a made-up person's connections"),
        accounts_source=DEMO_ACCOUNTS_SOURCE,
    )
