"""Watching in the background: the live window hides in the tray when it is closed (a tray,
the setting on), polling and the history go on, and File → Quit always quits; where there is no
tray, closing quits as before and Settings says why the option is off. Start at login is applied
from the settings, off the GUI thread.

Qt's offscreen platform has no system tray, so the fallback is tested as it is, and the tray
path through the window's injected `tray_available`; the real tray (Xvfb and a tray host) is
tested in a child process by tests/ui/test_tray_desktop.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.core.autostart import BACKGROUND_OPTION, FILE_NAME, Autostart
from app.core.demo import DemoResolver, DemoSource
from app.core.geo.locator import Locator
from app.core.settings import Settings
from app.ui.main_window import MainWindow
from app.ui.qt import QSystemTrayIcon
from app.ui.settings_dialog import SettingsDialog
from app.ui.tray import Tray, app_icon
from tests.fixtures.captures import record_demo
from tests.fixtures.personas import LEA
from tests.fixtures.windows import WAIT_MS, WindowFactory

COMMAND = ("/opt/Data Locator/datalocator-gui", BACKGROUND_OPTION)


def _lea(make_window: WindowFactory, embedded: Locator, **given: Any) -> MainWindow:
    """A window that watches "this computer" (no mode), fed Léa's day so polls always bring
    something."""
    return make_window(embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA), **given)


def _polls(window: MainWindow, qtbot: Any, count: int) -> None:
    seen: list[int] = []
    window.pollApplied.connect(lambda: seen.append(1))
    qtbot.waitUntil(lambda: len(seen) >= count, timeout=WAIT_MS)


def test_offscreen_has_no_tray_and_closing_the_live_window_quits(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    """The fallback as the app meets it: no tray, so the window really closes."""
    if QSystemTrayIcon.isSystemTrayAvailable():
        pytest.skip("this platform has a system tray: the fallback needs one without")
    window = _lea(make_window, embedded)  # the real availability check
    assert window.watches_this_computer and window.settings.close_to_tray
    hidden: list[int] = []
    window.sentToBackground.connect(lambda: hidden.append(1))
    assert window.close()
    assert hidden == [] and not window.isVisible()
    assert not window.timer.isActive()  # polling stopped: the app quits with it


def test_with_a_tray_closing_hides_the_window_and_watching_goes_on(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    window = _lea(
        make_window, embedded, tray_available=lambda: True, history=tmp_path / "history.sqlite3"
    )
    assert window.history is not None
    _polls(window, qtbot, 1)
    with qtbot.waitSignal(window.sentToBackground, timeout=WAIT_MS):
        assert not window.close()  # refused: hidden instead
    assert not window.isVisible()
    assert window.timer.isActive()
    _polls(window, qtbot, 2)  # polls go on while hidden
    written: list[int] = []
    window.history.written.connect(lambda: written.append(1))
    qtbot.waitUntil(lambda: len(written) >= 2, timeout=WAIT_MS)  # and so does the history

    window.show()
    window.quit_action.trigger()  # File → Quit: for real, tray or not
    assert not window.isVisible() and not window.timer.isActive()
    assert not window.keeps_watching_when_closed()


def test_quit_ends_a_window_hidden_in_the_tray(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = _lea(make_window, embedded, tray_available=lambda: True)
    with qtbot.waitSignal(window.sentToBackground, timeout=WAIT_MS):
        window.close()
    window.close_for_real()  # the tray's Quit, while hidden
    assert not window.timer.isActive()


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ({"mode": "Demo: Léa, a made-up person"}, "a demo keeps nothing in the background"),
        ({"settings": Settings(poll_interval_s=0.2, close_to_tray=False)}, "the setting is off"),
        ({"tray_available": lambda: False}, "no tray to come back from"),
    ],
)
def test_otherwise_closing_quits(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, given: dict[str, Any], why: str
) -> None:
    options = {"tray_available": lambda: True, **given}
    window = _lea(make_window, embedded, **options)
    hidden: list[int] = []
    window.sentToBackground.connect(lambda: hidden.append(1))
    assert window.close(), why
    assert hidden == [] and not window.timer.isActive(), why


def test_a_recording_replayed_in_the_live_window_is_not_kept_in_the_background(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    path = tmp_path / "session.jsonl"
    record_demo(path, embedded, 3)
    window = _lea(make_window, embedded, tray_available=lambda: True)
    with qtbot.waitSignal(window.recordingOpened, timeout=WAIT_MS):
        window.replay(path)
    assert not window.watches_this_computer
    assert window.close()


def test_settings_say_why_the_tray_option_is_off(qtbot: Any) -> None:
    settings = Settings(close_to_tray=True, start_at_login=True)
    dialog = SettingsDialog(settings)  # no tray, no start at login here
    qtbot.addWidget(dialog)
    assert not dialog.close_to_tray.isEnabled() and not dialog.close_to_tray.isChecked()
    assert "no system tray" in dialog.close_to_tray.toolTip()
    assert not dialog.start_at_login.isEnabled() and not dialog.start_at_login.isChecked()
    assert "not available" in dialog.start_at_login.toolTip()
    # Options the system cannot honour keep their saved value.
    assert dialog.settings() == settings


def test_settings_offer_both_where_the_system_has_them(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings(), tray_available=True, start_at_login_available=True)
    qtbot.addWidget(dialog)
    assert dialog.close_to_tray.isEnabled() and dialog.close_to_tray.isChecked()
    assert "system tray" in dialog.close_to_tray.toolTip()
    assert dialog.start_at_login.isEnabled() and not dialog.start_at_login.isChecked()
    dialog.close_to_tray.setChecked(False)
    dialog.start_at_login.setChecked(True)
    chosen = dialog.settings()
    assert (chosen.close_to_tray, chosen.start_at_login) == (False, True)


def test_the_window_offers_what_it_was_given(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    window = _lea(
        make_window,
        embedded,
        tray_available=lambda: True,
        autostart=Autostart(tmp_path / "autostart", COMMAND),
    )
    dialog = window.open_settings()
    assert dialog.close_to_tray.isEnabled() and dialog.start_at_login.isEnabled()
    dialog.reject()


def test_start_at_login_writes_and_removes_the_entry(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    autostart = Autostart(tmp_path / "config" / "autostart", COMMAND)
    window = _lea(make_window, embedded, autostart=autostart)
    entry = tmp_path / "config" / "autostart" / FILE_NAME
    window.apply_settings(replace(window.settings, start_at_login=True))
    qtbot.waitUntil(entry.exists, timeout=WAIT_MS)
    assert autostart.is_enabled()
    assert '"/opt/Data Locator/datalocator-gui" --background' in entry.read_text(encoding="utf-8")
    window.apply_settings(replace(window.settings, start_at_login=False))
    qtbot.waitUntil(lambda: not entry.exists(), timeout=WAIT_MS)


def test_start_at_login_that_cannot_be_written_is_said(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    window = _lea(make_window, embedded, autostart=Autostart(blocked / "autostart", COMMAND))
    window.apply_settings(replace(window.settings, start_at_login=True))
    qtbot.waitUntil(
        lambda: "Start at login could not be changed." in window.banner.text(), timeout=WAIT_MS
    )


def test_the_tray_menu_shows_pauses_and_quits(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = _lea(make_window, embedded, tray_available=lambda: True)
    tray = Tray(window, available=lambda: False)  # offscreen: no icon can be shown
    tray.show()
    assert not tray.icon.isVisible()
    assert [a.text() for a in tray.menu.actions() if not a.isSeparator()] == [
        "&Show DataLocator",
        "&Pause watching",
        "&Quit",
    ]
    with qtbot.waitSignal(window.sentToBackground, timeout=WAIT_MS):
        window.close()
    with qtbot.waitSignal(tray.windowShown, timeout=WAIT_MS):
        tray.show_action.trigger()
    assert window.isVisible()

    tray.pause_action.trigger()
    assert window.paused and tray.pause_action.text() == "&Resume watching"
    tray.pause_action.trigger()
    assert not window.paused and tray.pause_action.text() == "&Pause watching"
    window.pause_action.trigger()  # paused from the window: the tray follows
    assert tray.pause_action.text() == "&Resume watching"

    with qtbot.waitSignal(tray.quitRequested, timeout=WAIT_MS):
        tray.quit_action.trigger()
    tray.close()


def test_without_a_tray_the_notice_waits_for_one(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    """A notice that could not be shown is not marked as said (a real tray, tested under Xvfb,
    marks it)."""
    window = _lea(make_window, embedded, tray_available=lambda: True)
    tray = Tray(window, available=lambda: False)
    assert not tray.notify("DataLocator", "hello")
    with qtbot.waitSignal(window.sentToBackground, timeout=WAIT_MS):
        window.close()
    assert not window.settings.background_notice_shown
    tray.close()


def test_the_tray_icon_is_the_apps_icon() -> None:
    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(32, 32).toImage()
    # The globe's blue, not an empty square.
    centre = image.pixelColor(16, 16)
    assert centre.alpha() > 0 and centre.blue() > centre.red()
