"""Which part of the projected world a map view shows, and the maths between world and screen.

Plain floats, no Qt: the widget, the exports and the tests all use the same arithmetic.
World coordinates are Equal Earth units (x east, y north); screen coordinates are logical pixels
(x right, y down) in a view of `width` × `height`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from app.core.geo.projection import X_MAX, Y_MAX, forward

# The view that "reset" shows: the whole width, from far south of Cape Horn to the Arctic.
HOME_BOUNDS = (-X_MAX, forward(0.0, -58.0)[1], X_MAX, forward(0.0, 84.0)[1])
WORLD_BOUNDS = (-X_MAX, -Y_MAX, X_MAX, Y_MAX)
MAX_ZOOM = 512.0  # relative to the whole world fitting the view: enough for a city


@dataclass(frozen=True, slots=True)
class Viewport:
    cx: float  # world point at the centre of the view
    cy: float
    scale: float  # logical pixels per world unit
    width: float  # logical pixels
    height: float

    @classmethod
    def fit(
        cls,
        bounds: tuple[float, float, float, float],
        width: float,
        height: float,
        *,
        margin: float = 16.0,
    ) -> Viewport:
        """The view that shows `bounds` (x0, y0, x1, y1) whole, centred, with a pixel margin."""
        x0, y0, x1, y1 = bounds
        usable_w = max(1.0, width - 2 * margin)
        usable_h = max(1.0, height - 2 * margin)
        span_x = max(x1 - x0, 1e-6)
        span_y = max(y1 - y0, 1e-6)
        scale = min(usable_w / span_x, usable_h / span_y)
        return cls((x0 + x1) / 2, (y0 + y1) / 2, scale, width, height).clamped()

    @property
    def min_scale(self) -> float:
        """Zoomed out no further than the whole world at a third of the view."""
        return self.world_scale / 3

    @property
    def max_scale(self) -> float:
        return self.world_scale * MAX_ZOOM

    @property
    def world_scale(self) -> float:
        """The scale at which the whole world just fits the view."""
        return min(self.width / (2 * X_MAX), self.height / (2 * Y_MAX))

    @property
    def zoom(self) -> float:
        """1.0 when the whole world fits; 2.0 when twice as close…"""
        return self.scale / self.world_scale

    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        return (
            (x - self.cx) * self.scale + self.width / 2,
            (self.cy - y) * self.scale + self.height / 2,
        )

    def to_world(self, sx: float, sy: float) -> tuple[float, float]:
        return (
            (sx - self.width / 2) / self.scale + self.cx,
            self.cy - (sy - self.height / 2) / self.scale,
        )

    def visible_bounds(self) -> tuple[float, float, float, float]:
        x0, y1 = self.to_world(0, 0)
        x1, y0 = self.to_world(self.width, self.height)
        return (x0, y0, x1, y1)

    def zoomed(self, factor: float, anchor: tuple[float, float] | None = None) -> Viewport:
        """Zoom by `factor`, keeping the world point under the screen `anchor` where it is."""
        ax, ay = anchor if anchor is not None else (self.width / 2, self.height / 2)
        wx, wy = self.to_world(ax, ay)
        scale = min(max(self.scale * factor, self.min_scale), self.max_scale)
        # Put (wx, wy) back under the anchor at the new scale.
        cx = wx - (ax - self.width / 2) / scale
        cy = wy + (ay - self.height / 2) / scale
        return replace(self, cx=cx, cy=cy, scale=scale).clamped()

    def with_scale(self, scale: float, anchor: tuple[float, float] | None = None) -> Viewport:
        return self.zoomed(scale / self.scale, anchor)

    def panned(self, dx: float, dy: float) -> Viewport:
        """Move the picture by (dx, dy) screen pixels (drag right → the world moves right)."""
        return replace(self, cx=self.cx - dx / self.scale, cy=self.cy + dy / self.scale).clamped()

    def resized(self, width: float, height: float) -> Viewport:
        """Same centre; the scale follows the width so the picture keeps its framing."""
        if self.width <= 0 or self.height <= 0:
            return Viewport.fit(HOME_BOUNDS, width, height)
        factor = min(width / self.width, height / self.height)
        return replace(self, width=width, height=height, scale=self.scale * factor).clamped()

    def clamped(self) -> Viewport:
        """Keep the centre over the world, so the map cannot be dragged away entirely."""
        cx = min(max(self.cx, -X_MAX), X_MAX)
        cy = min(max(self.cy, -Y_MAX), Y_MAX)
        scale = self.scale if math.isfinite(self.scale) and self.scale > 0 else 1.0
        if (cx, cy, scale) == (self.cx, self.cy, self.scale):
            return self
        return replace(self, cx=cx, cy=cy, scale=scale)
