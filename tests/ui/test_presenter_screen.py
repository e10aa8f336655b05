"""Presenter view on a projector's screen, in French: full screen, a caption the back row can
read, and the normal window in dark mode. Each size runs in a child process (Qt's offscreen
platform reads its screen when the application starts), which saves the screenshots in
tests/artifacts/ (presenter_*_fr_WxH.png, main_window_dark_fr_WxH.png)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("presenter_screen_child.py")
ARTIFACTS = ROOT / "tests" / "artifacts"


def run_on_screen(tmp_path: Path, width: int, height: int) -> dict[str, Any]:
    config = tmp_path / "screen.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        PYTHONFAULTHANDLER="1",
        PYTHONPATH=str(ROOT),
        HOME=str(tmp_path / "home"),
    )
    env.pop("DATALOCATOR_NO_USER_DIRS", None)
    result = subprocess.run(
        [sys.executable, str(CHILD), str(tmp_path / "config"), str(ARTIFACTS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # only proves "no hang"
        check=False,
    )
    assert result.returncode == 0, (result.stdout, result.stderr[-3000:])
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


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
        assert (ARTIFACTS / f"{name}_{tag}.png").stat().st_size > 0
    assert (ARTIFACTS / f"main_window_dark_fr_{tag}.png").stat().st_size > 0
