"""The window on real screen sizes: it fits the screen it opens on (a 1366×768 projector keeps
the status bar in view), names the app once, and comes back as it was left after a restart.

Qt's offscreen platform reads its screen from a config file when the application starts, so
each size runs the demo window in a child process (tests/ui/window_screen_child.py), which also
saves the screenshots of the window and of the Help dialogs in tests/artifacts/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import screens

CHILD = Path(__file__).with_name("window_screen_child.py")


def run_on_screen(tmp_path: Path, width: int, height: int) -> dict[str, Any]:
    return screens.run_on_screen(CHILD, tmp_path, width, height)


def _inside(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_window_fits_its_screen_and_comes_back_as_it_was_left(
    tmp_path: Path, width: int, height: int
) -> None:
    report = run_on_screen(tmp_path, width, height)
    available = report["available"]
    assert available == [0, 0, width, height]
    assert _inside(report["frame"], available), report
    assert _inside(report["status_bar"], available), report  # the status bar is in view
    assert report["status_bar"][3] > 0
    # The name once: Qt appends the display name only to a title that does not end with it.
    assert report["title"].count("DataLocator") == 1 and report["title"].endswith("DataLocator")

    search = report["search"]
    assert search["placeholder"] + 40 <= search["width"], search  # room for the clear button

    left, restored = report["left"], report["restored"]
    assert left["size"] != [report["frame"][2], report["frame"][3]]  # the test did resize it
    assert restored["size"] == left["size"]
    for name in ("map_split", "main_split"):
        assert all(abs(a - b) <= 2 for a, b in zip(restored[name], left[name], strict=True)), (
            name,
            left,
            restored,
        )
    settings = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
    assert settings["window_size"] == left["size"]
    tag = f"{width}x{height}"
    for name in ("main_window_demo", "help_about", "help_shortcuts", "help_reading_the_map"):
        assert (screens.ARTIFACTS / f"{name}_{tag}.png").stat().st_size > 0
