"""The map's view arithmetic without Qt: fitting, zooming around a point, panning, clamping."""

from __future__ import annotations

import pytest

from app.core.geo.projection import X_MAX, Y_MAX, forward
from app.core.geo.viewport import HOME_BOUNDS, MAX_ZOOM, Viewport


def test_fit_shows_the_bounds_whole_and_centred() -> None:
    view = Viewport.fit((-1.0, -0.5, 1.0, 0.5), 400, 200, margin=0)
    assert (view.cx, view.cy) == (0.0, 0.0)
    assert view.scale == pytest.approx(200.0)
    assert view.to_screen(-1.0, 0.5) == pytest.approx((0.0, 0.0))
    assert view.to_screen(1.0, -0.5) == pytest.approx((400.0, 200.0))
    assert view.visible_bounds() == pytest.approx((-1.0, -0.5, 1.0, 0.5))


def test_screen_and_world_are_inverse() -> None:
    view = Viewport.fit(HOME_BOUNDS, 1600, 900)
    x, y = forward(2.35, 48.86)  # Paris
    sx, sy = view.to_screen(x, y)
    assert view.to_world(sx, sy) == pytest.approx((x, y))
    north = view.to_screen(*forward(2.35, 60.0))
    assert north[1] < sy  # screen y grows downwards, world y upwards


def test_zoom_keeps_the_point_under_the_anchor() -> None:
    view = Viewport.fit(HOME_BOUNDS, 1600, 900)
    anchor = (1200.0, 300.0)
    under = view.to_world(*anchor)
    closer = view.zoomed(4.0, anchor)
    assert closer.scale == pytest.approx(view.scale * 4)
    assert closer.to_world(*anchor) == pytest.approx(under)
    assert closer.with_scale(view.scale, anchor).to_world(*anchor) == pytest.approx(under)


def test_zoom_is_bounded() -> None:
    view = Viewport.fit(HOME_BOUNDS, 1600, 900)
    assert view.zoomed(1e9).zoom == pytest.approx(MAX_ZOOM)
    assert view.zoomed(1e-9).scale == pytest.approx(view.world_scale / 3)


def test_pan_moves_the_picture_and_stays_over_the_world() -> None:
    view = Viewport.fit(HOME_BOUNDS, 1600, 900)
    moved = view.panned(100, -50)  # drag right and up: the world follows the pointer
    assert moved.to_screen(view.cx, view.cy) == pytest.approx((900.0, 400.0))
    far = view.panned(-1e9, -1e9)
    assert (far.cx, far.cy) == (X_MAX, -Y_MAX)


def test_resize_keeps_the_centre_and_the_framing() -> None:
    view = Viewport.fit(HOME_BOUNDS, 800, 450).zoomed(2.0, (100, 100))
    bigger = view.resized(1600, 900)
    assert (bigger.cx, bigger.cy) == (view.cx, view.cy)
    assert bigger.scale == pytest.approx(view.scale * 2)
    assert Viewport(0, 0, 1, 0, 0).resized(1600, 900) == Viewport.fit(HOME_BOUNDS, 1600, 900)


def test_clamped_repairs_a_broken_scale() -> None:
    assert Viewport(0, 0, float("nan"), 100, 100).clamped().scale == 1.0
    view = Viewport(0, 0, 2.0, 100, 100)
    assert view.clamped() is view
