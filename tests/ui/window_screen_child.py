"""Child process for tests/ui/test_main_window_screen.py: the demo window on a screen of a given
size (Qt's offscreen platform reads the screen from a config file, fixed when the application
starts, hence a process of its own).

``window_screen_child.py SETTINGS_DIR ARTIFACTS_DIR``: starts the demo window as `datalocator
--demo` does, saves screenshots of it and of its Help dialogs, resizes it and moves its
splitters, closes it, starts a second window on the same settings file and prints one JSON
object with what the test checks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.core.settings import APP_NAME, SettingsStore
from app.ui.launch import demo_window
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner
from tests.fixtures.screens import WAIT_MS, wait_for

SETTLE_MS = 5000  # a poll and a column fit, twice over


def _wait(window: MainWindow) -> None:
    """Until the demo's databases are open, its rows are on the map and the columns fitted."""
    for _round in range(50):
        if window.locator is not None and window.entries.by_ip:
            break
        wait_for(window.entriesApplied)
    else:
        raise SystemExit("the demo window never showed its rows")
    # Settling, not a gate: the map and the columns may have finished already (the demo
    # re-polls every two seconds, so a missed signal comes again soon).
    if window.map.is_updating():
        wait_for(window.map.updated, SETTLE_MS)
    wait_for(window.table.fitted, SETTLE_MS)


def _rect(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def _global(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def main(settings_dir: Path, artifacts: Path) -> dict[str, Any]:
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    screen = app.primaryScreen()
    assert screen is not None
    available = screen.availableGeometry()
    tag = f"{available.width()}x{available.height()}"
    report: dict[str, Any] = {"available": _rect(available)}

    runner = TaskRunner(app)
    window = demo_window(SettingsStore(settings_dir), runner, "camille")
    window.show()
    _wait(window)
    app.processEvents()
    report["frame"] = _rect(window.frameGeometry())
    report["status_bar"] = _global(window.statusBar())
    report["title"] = window.windowTitle()
    field = window.search_field
    report["search"] = {
        "width": field.width(),
        "placeholder": field.fontMetrics().horizontalAdvance(field.placeholderText()),
    }
    artifacts.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(artifacts / f"main_window_demo_{tag}.png"))
    for name, opener in (
        ("about", window.open_about),
        ("shortcuts", window.open_shortcuts),
        ("reading_the_map", window.open_map_help),
        ("data_sources", window.open_about_dialog),
    ):
        dialog = opener()
        app.processEvents()
        dialog.grab().save(str(artifacts / f"help_{name}_{tag}.png"))
        dialog.close()
    for name, open_dialog in (
        ("settings", window.open_settings),
        ("databases", window.open_databases_dialog),
    ):
        shown = open_dialog()
        app.processEvents()
        shown.grab().save(str(artifacts / f"dialog_{name}_{tag}.png"))
        shown.close()
    # A place chosen from the keyboard (the map's first mark, Enter): the side panel fills.
    window.activateWindow()
    window.map.setFocus()
    for _turn in range(100):  # the offscreen platform activates the window in a turn or two
        if window.map.hasFocus():
            break
        QTest.qWait(10)
    QTest.keyClick(window.map, Qt.Key.Key_Tab)
    QTest.keyClick(window.map, Qt.Key.Key_Return)
    app.processEvents()
    window.grab().save(str(artifacts / f"main_window_place_{tag}.png"))
    window.show_accounts()
    app.processEvents()
    window.grab().save(str(artifacts / f"main_window_accounts_{tag}.png"))
    window.tabs.setCurrentIndex(0)

    # What the user leaves: a smaller window, a wider place panel, a taller table.
    window.resize(available.width() * 3 // 4, available.height() * 3 // 4)
    app.processEvents()
    map_area, panel = window.map_splitter.sizes()
    window.map_splitter.setSizes([map_area - 60, panel + 60])
    top, tabs, _quiz = window.splitter.sizes()  # the quiz panel: hidden, no room
    window.splitter.setSizes([top - 40, tabs + 40, 0])
    app.processEvents()
    report["left"] = {
        "size": [window.width(), window.height()],
        "map_split": window.map_splitter.sizes(),
        "main_split": window.splitter.sizes(),
    }
    window.close()
    runner.shutdown(WAIT_MS)

    runner = TaskRunner(app)
    again = demo_window(SettingsStore(settings_dir), runner, "camille")
    again.show()
    app.processEvents()
    report["restored"] = {
        "size": [again.width(), again.height()],
        "map_split": again.map_splitter.sizes(),
        "main_split": again.splitter.sizes(),
    }
    again.close()
    runner.shutdown(WAIT_MS)
    return report


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
