"""Map painting that moves between threads (issue 7, "The crash").

Count labels (QStaticText) and fonts keep per-thread caches that die with their thread; a pool
thread expires after 30 s idle and the next update runs on a new one. Here the "new thread" is
forced at once: each round paints on a thread that starts for it and has ended before the next
begins, so the old crash (a segmentation fault in the second round) needs no waiting. The painting
runs in a child process (tests/ui/map_thread_child.py) so that a crash fails this test instead of
killing the session.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.geo.viewport import HOME_BOUNDS, Viewport
from app.core.geo.world import load_world
from app.ui.map.renderer import CountryLayer, MapRenderer
from app.ui.map.scene import MapScene
from app.ui.map.widget import Frame, render_base

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("map_thread_child.py")
ROUNDS = 4


def run_child(mode: str) -> str:
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1", PYTHONPATH=str(ROOT)
    )
    result = subprocess.run(
        [sys.executable, str(CHILD), mode, str(ROUNDS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=100,  # a generous bound that only proves "no hang"
        check=False,
    )
    assert "Fatal Python error" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr[-3000:])
    return result.stdout.strip()


def test_a_renderer_paints_on_a_new_thread_after_the_old_one_ended() -> None:
    """One renderer, a new thread each round: the same picture as on the main thread, no crash."""
    ok, rounds, changes = run_child("renderer").split()
    assert (ok, int(rounds)) == ("ok", ROUNDS)
    assert int(changes) == ROUNDS - 1  # it noticed each new thread and remade its fonts and texts


def test_the_widget_survives_updates_on_new_threads() -> None:
    """The widget with a runner whose every task gets a thread of its own: every update lands."""
    assert run_child("widget") == f"ok {ROUNDS} {ROUNDS}"


def test_a_copied_country_layer_paints_the_same_map(qtbot: QtBot) -> None:
    """The widget's worker renderer paints from a copy of the country paths (drawing a path
    fills lazy caches in its shared data, so two threads must not draw the same one): the copy
    must draw exactly the same countries."""
    world = load_world()
    layer = CountryLayer(world)
    copy = layer.copy()
    assert copy.fine.keys() == layer.fine.keys()
    assert all(copy.fine[c] is not layer.fine[c] for c in layer.fine)
    view = MapScene(world).snapshot()
    for zoom in (1.0, 4.0):  # the coarse and the fine shapes
        viewport = Viewport.fit(HOME_BOUNDS, 640, 360).zoomed(zoom)
        frame = Frame(viewport, 1.0, frozenset(), False)
        original = render_base(MapRenderer(world, layer), view, frame)
        copied = render_base(MapRenderer(world, copy), view, frame)
        assert copied == original
