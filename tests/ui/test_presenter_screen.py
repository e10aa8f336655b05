"""Presenter view on a projector's screen, in French: full screen, a caption the back row can
read, and the normal window in dark mode. Each size runs in a child process (Qt's offscreen
platform reads its screen when the application starts), which saves the screenshots in
tests/artifacts/ (presenter_*_fr_WxH.png, main_window_dark_fr_WxH.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import screens

CHILD = Path(__file__).with_name("presenter_screen_child.py")


def run_on_screen(tmp_path: Path, width: int, height: int) -> dict[str, Any]:
    return screens.run_on_screen(CHILD, tmp_path, width, height)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_presenter_view_in_french_on_a_projector(tmp_path: Path, width: int, height: int) -> None:
    report = run_on_screen(tmp_path, width, height)
    assert report["full_screen"]
    assert "Page suivante" in report["keys_caption"]
    caption = report["caption"]
    assert " : " in caption and caption.endswith(".")  # French typography, one sentence
    assert "connexion" in caption
    # 18 px at the default 200 %, a little less when a long sentence would not fit.
    assert 36 * 0.6 <= report["caption_px"] <= 36, report
    assert report["revealed"] != caption
    # The map keeps most of the screen: the caption takes at most a quarter of it.
    assert report["caption_height"] <= height / 4, report
    assert report["map_height"] >= height * 0.7, report
    assert report["dark_theme"] == "dark"
    tag = f"{width}x{height}"
    for name in ("presenter_keys_fr", "presenter_place_fr", "presenter_reveal_fr"):
        assert (screens.ARTIFACTS / f"{name}_{tag}.png").stat().st_size > 0
    assert (screens.ARTIFACTS / f"main_window_dark_fr_{tag}.png").stat().st_size > 0
