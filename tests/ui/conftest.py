"""Fixtures the UI tests share: the world map, the thread pool and a MainWindow factory.

A test module narrows what the factory builds by overriding `window_source` (which
connections the window sees) or `window_size` (None: the window's own size)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.core.accounts.sources import AccountsSource, live_accounts
from app.core.accounts.userdirs import UserDirs
from app.core.connections import PsutilSource
from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator, default_database_paths
from app.core.geo.world import World, load_world
from app.core.i18n import LOCALE_VARIABLES
from app.core.settings import Settings, SettingsStore
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication
from app.ui.tasks import TaskRunner
from tests.fixtures.geo import GeoFixtureDbs
from tests.fixtures.windows import WAIT_MS, WindowFactory, fixture_clock


@pytest.fixture(autouse=True)
def english_window(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[None]:
    """UI tests run in English whatever the machine's LANG (tests that want French say so)."""
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)  # no system language: English
    translators = install_translators(qapp, "en")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.fixture(autouse=True)
def no_real_accounts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A window's account scan reads the home folder: here an empty one, never the tester's."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for variable in ("APPDATA", "LOCALAPPDATA"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    runner = TaskRunner(max_threads=4)
    yield runner
    assert runner.shutdown(WAIT_MS)


@pytest.fixture
def fixture_locator(geo_fixture_dbs: GeoFixtureDbs) -> Locator:
    locator, errors = Locator.from_paths([geo_fixture_dbs.city, geo_fixture_dbs.asn])
    assert errors == []
    return locator


@pytest.fixture
def window_source() -> Callable[[], Any]:
    """Builds the source of each window made by `make_window`: here every process's sockets."""
    return PsutilSource


@pytest.fixture
def window_size() -> tuple[int, int] | None:
    return None


@pytest.fixture
def make_window(
    qtbot: Any,
    tmp_path: Path,
    runner: TaskRunner,
    world: World,
    window_source: Callable[[], Any],
    window_size: tuple[int, int] | None,
) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make(
        locator: Locator | None,
        *,
        settings: Settings | None = None,
        resolver: ReverseResolver | None = None,
        source: Any = None,
        clock: Callable[[], datetime] = fixture_clock,
        home: str | None = "FR",
        choose_export: Any = None,
        choose_report: Any = None,
        open_file: Any = None,
        mode: str | None = None,
        choose_capture: Any = None,
        size: tuple[int, int] | None = window_size,
        user_dirs: UserDirs | None = None,
        accounts_source: AccountsSource | None = None,
        entry_details: Any = None,
        open_demo: Any = None,
        history: Path | None = None,
        confirm: Any = None,
        open_period_window: Any = None,
        choose_message: Any = None,
        tray_available: Any = None,
        autostart: Any = None,
    ) -> MainWindow:
        store = SettingsStore(tmp_path / "config")
        store.save(settings or Settings(poll_interval_s=0.2, reverse_dns=resolver is not None))
        # What the test gives, under the window's parameter names; the rest: the window's own.
        given = {
            "choose_export_file": choose_export,
            "choose_report_file": choose_report,
            "open_file": open_file,
            "mode": mode,
            "choose_capture": choose_capture,
            "entry_details": entry_details,
            "open_demo": open_demo,
            "history": history,
            "confirm": confirm,
            "open_period_window": open_period_window,
            "choose_message": choose_message,
            "tray_available": tray_available,
            "autostart": autostart,
        }
        extra = {name: value for name, value in given.items() if value is not None}
        window = MainWindow(
            source or window_source(),
            locator,
            resolver,
            store,
            runner,
            world=world,
            show_flags=False,
            clock=clock,
            system_home=lambda: home,
            # Never the tester's own mail: an empty home folder unless the test gives one.
            accounts_source=accounts_source
            or live_accounts(
                lambda: user_dirs or UserDirs(tmp_path / "no-accounts-home"),
                processes=tuple,  # no client "seen running" from the tester's own desktop
            ),
            **extra,
        )
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close_for_real()  # a window that would hide in a tray ends too
    assert runner.shutdown(WAIT_MS)  # no task may outlive the window


@pytest.fixture
def embedded() -> Iterator[Locator]:
    """The databases shipped with the app, opened for one test (a window may close its
    locator when it opens others)."""
    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with locator:
        yield locator
