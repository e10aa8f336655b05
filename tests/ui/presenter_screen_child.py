"""Child process for tests/ui/test_presenter_screen.py: the demo window in French on a screen
of a given size, in presenter view with a place chosen, and the normal window in dark mode.

``presenter_screen_child.py SETTINGS_DIR ARTIFACTS_DIR``: saves the screenshots and prints one
JSON object with what the test checks. Léa's programs start over her first minutes: the demo
plays at eight times its speed until every one has, then holds that moment for the pictures.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.core.demo import load_persona
from app.core.settings import APP_NAME, SettingsStore
from app.ui.i18n import install_translators
from app.ui.launch import demo_window
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner
from tests.fixtures.screens import WAIT_MS, wait_for


def _settle(app: QApplication, window: MainWindow) -> None:
    """Until the map has painted its latest picture."""
    for _round in range(50):
        if not window.map.is_updating():
            break
        wait_for(window.map.updated)
    app.processEvents()
    window.map.repaint()
    app.processEvents()


def main(settings_dir: Path, artifacts: Path) -> dict[str, Any]:
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    install_translators(app, "fr")
    screen = app.primaryScreen()
    assert screen is not None
    size = screen.availableGeometry().size()
    tag = f"{size.width()}x{size.height()}"
    store = SettingsStore(settings_dir)
    store.save(replace(store.load(), language="fr", window_size=(size.width(), size.height())))

    runner = TaskRunner(app)
    window = demo_window(store, runner, "lea")
    window.show()
    window.set_speed(8.0)
    servers = {server.ip for server in load_persona("lea").servers}
    for _round in range(400):  # the databases, all her places, and her accounts placed
        shown = set(window.entries.by_ip)
        if window.locator is not None and servers <= shown and window.map.view.pins:
            break
        wait_for(window.entriesApplied, 2000)
    else:
        raise SystemExit("the demo window never showed all her places and accounts")
    for _poll in range(3):  # host names answered, so providers and laws are known
        wait_for(window.pollApplied)
    window.set_paused(True)  # one moment of the demo, for every picture
    _settle(app, window)
    artifacts.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"tag": tag}

    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F5)
    app.processEvents()
    _settle(app, window)
    report["full_screen"] = window.isFullScreen()
    report["keys_caption"] = window.presenter.caption_text()
    window.grab().save(str(artifacts / f"presenter_keys_fr_{tag}.png"))

    QTest.keyClick(window.map, Qt.Key.Key_PageDown)
    _settle(app, window)
    report["caption"] = window.presenter.caption_text()
    report["caption_px"] = window.presenter.caption.text.font().pixelSize()
    report["caption_height"] = window.presenter.caption.height()
    report["map_height"] = window.map.height()
    window.grab().save(str(artifacts / f"presenter_place_fr_{tag}.png"))

    QTest.keyClick(window.map, Qt.Key.Key_PageDown)
    QTest.keyClick(window.map, Qt.Key.Key_R)
    _settle(app, window)
    report["revealed"] = window.presenter.caption_text()
    window.grab().save(str(artifacts / f"presenter_reveal_fr_{tag}.png"))

    QTest.keyClick(window.map, Qt.Key.Key_Escape)
    app.processEvents()
    hints = app.styleHints()
    hints.setColorScheme(Qt.ColorScheme.Dark)
    if hints.colorScheme() != Qt.ColorScheme.Dark:  # offscreen: no schemes of its own
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    _settle(app, window)
    report["dark_theme"] = window.map.theme.name
    window.grab().save(str(artifacts / f"main_window_dark_fr_{tag}.png"))
    window.close()
    runner.shutdown(WAIT_MS)
    return report


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
