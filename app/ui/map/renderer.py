"""Painting the map with QPainter: the country layer, the marks, arcs, home and legend.

One painter-agnostic renderer serves the widget (into cached images), the PNG export (QImage)
and the SVG export (QSvgGenerator), so what is exported is what is on screen.
Country shapes are QPainterPaths in projected world units, built once per World at two levels of
detail and drawn through a world→screen transform: a pan or zoom only changes the transform.
Marks are drawn in screen pixels, so they keep their size at every zoom.

Threads: fonts and QStaticText keep per-thread caches (font engines, glyphs) that die with the
thread that made them, so a renderer keeps them in a `_ThreadObjects` made on the thread that
draws and made again when another thread draws (a pool thread that expired, a new runner): a
count label prepared on one thread is never drawn on another (issue 7's segmentation fault).
What a renderer shares between threads is plain data: QImage sprites, pens, colours, and
QPainterPaths that no other renderer draws at the same time (`CountryLayer.copy`).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from babel.numbers import format_compact_decimal

from app.core.accounts.model import AccountKind
from app.core.geo.projection import forward, project_ring
from app.core.geo.viewport import Viewport
from app.core.geo.world import Ring, World
from app.core.i18n import DEFAULT_LANGUAGE, babel_locale
from app.core.jurisdiction import Jurisdiction
from app.core.model import LocationKind
from app.core.places import KIND_LABELS, kind_label
from app.core.route_marks import Crossing
from app.core.text import visible
from app.ui import palette
from app.ui.map.scene import DisplayItem, PlacedPin, SceneView
from app.ui.qt import (
    QT_TRANSLATE_NOOP,
    QBrush,
    QColor,
    QCoreApplication,
    QFont,
    QFontMetricsF,
    QImage,
    QLocale,
    QPainter,
    QPainterPath,
    QPen,
    QPointF,
    QPolygonF,
    QRectF,
    QStaticText,
    Qt,
    QTransform,
)

COARSE_MAX_ZOOM = 1.6
SPRITE_LIMIT = 2048  # up to this zoom the simplified shapes are finer than a pixel
SHADOW = QColor(15, 23, 42, 45)
PIN_RADIUS = 10.0  # an account pin's badge
ROUTE_WIDTH = 3.0  # a route's legs, in pixels: three times the home arcs, drawn over the marks
ROUTE_STOP_RADIUS = 11.0  # a route's numbered stop
_CROSSING_WORDS = {
    Crossing.LEAVES: QT_TRANSLATE_NOOP("MapRenderer", "leaves the EU/EEA"),
    Crossing.ENTERS: QT_TRANSLATE_NOOP("MapRenderer", "back in the EU/EEA"),
}
MAX_PIN_LABELS = 8  # beyond this many account pins on screen, names would hide the map
PIN_LABEL_CHARS = 28


def visible_label(text: str) -> str:
    """An account's name on the map: printable (app.core.text.visible), at most a few words."""
    shown = visible(text)
    return shown if len(shown) <= PIN_LABEL_CHARS else shown[: PIN_LABEL_CHARS - 1] + "…"


def item_radius(item: DisplayItem) -> float:
    """The radius in logical pixels a display item is drawn with (also used for hit-testing)."""
    n = item.endpoints
    if item.is_cluster:
        return min(26.0, 11.0 + 2.6 * math.log2(max(n, 1)))
    kind = item.kind
    if kind is LocationKind.ZONE:
        return min(22.0, 11.0 + 2.0 * math.log2(max(n, 1)))
    if kind is LocationKind.EDGE:
        return min(18.0, 8.0 + 1.8 * math.log2(max(n, 1)))
    return min(16.0, 5.5 + 2.2 * math.log2(max(n, 1)))


def world_transform(viewport: Viewport) -> QTransform:
    s = viewport.scale
    return QTransform(
        s,
        0.0,
        0.0,
        -s,
        viewport.width / 2 - viewport.cx * s,
        viewport.height / 2 + viewport.cy * s,
    )


@dataclass(frozen=True, slots=True)
class Highlight:
    """What the user is pointing at or has chosen; drawn on top of the marks."""

    selected: frozenset[str] = frozenset()  # mark keys
    hovered: str | None = None  # display item key
    spread: frozenset[str] = frozenset()  # keys of clusters fanned out (SceneView.items)


NO_HIGHLIGHT = Highlight()


class CountryLayer:
    """The countries as QPainterPaths in world units, with two levels of detail."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.fine: dict[str, QPainterPath] = {}
        self.coarse: dict[str, QPainterPath] = {}
        self.land_fine = QPainterPath()
        self.land_coarse = QPainterPath()
        self.land_fine.setFillRule(Qt.FillRule.OddEvenFill)
        self.land_coarse.setFillRule(Qt.FillRule.OddEvenFill)
        for code, country in world.countries.items():
            self.fine[code] = _path(country.rings)
            self.coarse[code] = (
                self.fine[code] if country.rings_lo is country.rings else _path(country.rings_lo)
            )
            self.land_fine.addPath(self.fine[code])
            self.land_coarse.addPath(self.coarse[code])
        self.unassigned = _path(world.land)  # land without a country code
        self.land_fine.addPath(self.unassigned)
        self.land_coarse.addPath(self.unassigned)
        self.outline = _globe_outline()
        self.graticule = _graticule()

    def copy(self) -> CountryLayer:
        """The same shapes with their own path data, for a renderer on another thread.

        QPainterPath copies share their data, and drawing a path fills lazy caches in it
        (its vector form, its bounds) without a lock: two threads drawing the same shared path
        race. A deep copy costs a few milliseconds, once per renderer.
        """
        clone = CountryLayer.__new__(CountryLayer)
        clone.world = self.world
        clone.fine = {code: _deep(path) for code, path in self.fine.items()}
        clone.coarse = {
            code: clone.fine[code] if path is self.fine[code] else _deep(path)
            for code, path in self.coarse.items()
        }
        clone.land_fine = _deep(self.land_fine)
        clone.land_coarse = _deep(self.land_coarse)
        clone.unassigned = _deep(self.unassigned)
        clone.outline = _deep(self.outline)
        clone.graticule = _deep(self.graticule)
        return clone


class _Look(NamedTuple):
    """How an item is stamped: its sprite key, radius, ring shares and count text."""

    key: tuple[object, ...]
    r: float
    half: float
    shares: tuple[tuple[str, int], ...]
    text: QStaticText | None
    text_dx: float
    text_dy: float


class _ThreadObjects:
    """A renderer's Qt objects with per-thread caches, made on and used by one thread only."""

    def __init__(self, thread_id: int, language: str) -> None:
        self.thread_id = thread_id
        self.locale = QLocale(language)  # numbers on the marks and in the legend
        self.font_count = _font(11, bold=True)
        self.font_small = _font(11)
        self.font_label = _font(12, bold=True)
        self.font_title = _font(13, bold=True)
        self.texts: dict[str, QStaticText] = {}
        self.looks: tuple[tuple[DisplayItem, ...], float, dict[int, _Look]] | None = None


def _thread_id() -> int:
    """The calling thread's system id: a new thread gets a new one (Linux counts them up)."""
    return threading.get_native_id()


class MapRenderer:
    """Paints the map, on any thread but one thread at a time (it caches sprites and paths).

    Renderers that paint at the same time need their own CountryLayer: pass `layer.copy()`.
    Sprites are QImages, so a renderer can paint on a worker thread (into a QImage) as well as
    on the GUI thread; its fonts and prepared texts are remade when the painting thread changes.
    """

    def __init__(
        self,
        world: World,
        countries: CountryLayer | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        """``language``: the window's, for the legend's numbers and kinds of place (its
        sentences come from the installed Qt translators, which are thread-safe to read)."""
        self.world = world
        self.language = language
        self._compact_locale = babel_locale(language)  # plain data: "12K", "12 k"
        self.countries = countries if countries is not None else CountryLayer(world)
        self._arc_cache: dict[tuple[int, int, int], list[tuple[str, QPainterPath]]] = {}
        self._sprites: dict[tuple[object, ...], QImage] = {}  # insertion-ordered: oldest first
        self._seen: set[tuple[object, ...]] = set()  # sprite looks drawn once already
        self._thread_objects: _ThreadObjects | None = None
        self.thread_changes = 0  # how often another thread took over (diagnostics, tests)
        self._ring_pens: dict[str, QPen] = {}
        self._theme = palette.LIGHT_THEME
        self._text_colour = QColor(self._theme.text)
        self._shade_cache: dict[
            tuple[bool, tuple[tuple[str, int], ...]], list[tuple[QColor, QPainterPath]]
        ] = {}
        self._colours = {k: QColor(v) for k, v in self._theme.laws}

    @property
    def theme(self) -> palette.MapTheme:
        return self._theme

    def use_theme(self, theme: palette.MapTheme) -> None:
        """Draw with ``theme`` from now on (called by the thread that paints, before it paints):
        sprites, pens and fills made with the previous colours are dropped."""
        if theme == self._theme:
            return
        self._theme = theme
        self._text_colour = QColor(theme.text)
        self._colours = {k: QColor(v) for k, v in theme.laws}
        self._sprites.clear()
        self._seen.clear()
        self._ring_pens.clear()
        self._shade_cache.clear()

    def colour(self, jurisdiction: str) -> QColor:
        return self._colours.get(jurisdiction, self._colours["UNKNOWN"])

    def tr(self, text: str, disambiguation: str = "", n: int = -1) -> str:
        """The installed translation of one of the map's texts (any thread). Called as
        ``self.tr(…)``, like a QObject's, because that is where lupdate reads plural forms."""
        return QCoreApplication.translate("MapRenderer", text, disambiguation, n)

    def _mine(self) -> _ThreadObjects:
        """This thread's fonts and prepared texts; those of a thread before it are dropped."""
        objects = self._thread_objects
        thread_id = _thread_id()
        if objects is None or objects.thread_id != thread_id:
            if objects is not None:
                self.thread_changes += 1
            objects = self._thread_objects = _ThreadObjects(thread_id, self.language)
        return objects

    # -- the country layer

    def paint_base(
        self,
        painter: QPainter,
        viewport: Viewport,
        shading: Mapping[str, int],
        *,
        vector: bool = False,
    ) -> None:
        """Background, ocean, graticule, land, shaded countries and borders.

        `vector` (SVG): the paths are mapped to pixels and drawn with plain pens, so the file
        has no world-sized scale and no `vector-effect`, which viewers other than Qt's draw as
        giant blobs (librsvg, Inkscape, ImageMagick).
        """
        layer = self.countries
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(
            QRectF(0, 0, viewport.width, viewport.height), QColor(self._theme.background)
        )
        draw = _WorldPen(painter, viewport, vector)
        draw.path(layer.outline, self._theme.ocean_edge, 1.0, QColor(self._theme.ocean))
        draw.path(layer.graticule, self._theme.graticule, 0.8)
        coarse = viewport.zoom <= COARSE_MAX_ZOOM
        land = layer.land_coarse if coarse else layer.land_fine
        # Fills without antialiasing, then antialiased borders over every edge: the picture is
        # the same (the border covers the fill's edge pixels) and the fills cost ~10× less.
        # Each pixel of land is filled once: one path per shade, made when the shading changes.
        # A vector file keeps antialiasing on: its viewers smooth every edge anyway.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, vector)
        for colour, path in self._shade_paths(shading, coarse):
            draw.path(path, None, 0.0, colour)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        draw.path(land, self._theme.border, 0.7)
        painter.restore()

    def _shade_paths(
        self, shading: Mapping[str, int], coarse: bool
    ) -> list[tuple[QColor, QPainterPath]]:
        key = (coarse, tuple(sorted(shading.items())))
        cached = self._shade_cache.get(key)
        if cached is not None:
            return cached
        layer = self.countries
        if not shading:
            result = [(QColor(self._theme.land), layer.land_coarse if coarse else layer.land_fine)]
        else:
            paths = layer.coarse if coarse else layer.fine
            groups: dict[int, QPainterPath] = {}
            for code, path in paths.items():
                group = groups.get(shading.get(code, -1))
                if group is None:
                    group = groups[shading.get(code, -1)] = QPainterPath()
                    group.setFillRule(Qt.FillRule.OddEvenFill)
                group.addPath(path)
            if self.world.land:
                groups.setdefault(-1, QPainterPath()).addPath(layer.unassigned)
            result = [
                (QColor(self._theme.land if i < 0 else self._theme.shades[i]), groups[i])
                for i in sorted(groups)
            ]
        if len(self._shade_cache) > 4:
            self._shade_cache.clear()
        self._shade_cache[key] = result
        return result

    # -- the data layer

    def paint_data(
        self,
        painter: QPainter,
        viewport: Viewport,
        scene: SceneView,
        highlight: Highlight = NO_HIGHLIGHT,
        *,
        vector: bool = False,
    ) -> list[DisplayItem]:
        """Arcs, marks and home; returns the items drawn (visible ones), top-most last.

        On raster targets marks are stamped from cached sprites; `vector` (SVG) draws shapes.
        """
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        items = scene.items(viewport.scale, highlight.spread)
        visible = _visible(items, viewport)
        self._paint_arcs(painter, viewport, scene, items, vector=vector)
        self._paint_home(painter, viewport, scene)  # beneath the marks: home never hides data
        self._paint_legs(painter, viewport, visible)
        dpr = 0.0 if vector else painter.device().devicePixelRatioF()
        selected = highlight.selected
        chosen = [i for i in visible if any(m.key in selected for m in i.marks)] if selected else []
        if dpr:
            self._stamp_all(painter, viewport, items, visible, chosen, dpr)
        else:
            for item in reversed(visible):  # heaviest last: on top
                if item not in chosen:
                    self.paint_item(painter, viewport, item)
        for item in chosen:
            self.paint_item(painter, viewport, item, selected=True)
        self._paint_accounts(painter, viewport, scene, visible)
        self._paint_home_label(painter, viewport, scene, visible)
        self._paint_route(painter, viewport, scene)  # last: a route asked for is on top
        painter.restore()
        return visible

    def _paint_route(self, painter: QPainter, viewport: Viewport, scene: SceneView) -> None:
        """A route over everything: each leg in the law of the stop it reaches (dashed when that
        stop is only claimed), then the stops as numbered discs, in screen units so that PNG and
        SVG exports draw it the same."""
        route = scene.route
        if not route.stops:
            return
        painter.save()
        for law, trusted, pieces in route.legs:
            path = QPainterPath()
            end: tuple[float, float] | None = None
            for x0, y0, c1x, c1y, c2x, c2y, x1, y1 in pieces:
                if end != (x0, y0):
                    path.moveTo(*viewport.to_screen(x0, y0))
                path.cubicTo(
                    QPointF(*viewport.to_screen(c1x, c1y)),
                    QPointF(*viewport.to_screen(c2x, c2y)),
                    QPointF(*viewport.to_screen(x1, y1)),
                )
                end = (x1, y1)
            pen = QPen(QColor(self.colour(law)), ROUTE_WIDTH)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            if not trusted:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.setFont(self._mine().font_count)
        centres = side_by_side(
            [viewport.to_screen(stop.x, stop.y) for stop in route.stops], ROUTE_STOP_RADIUS
        )
        for stop, (cx, cy) in zip(route.stops, centres, strict=True):
            centre = QPointF(cx, cy)
            ring = QPen(QColor(self.colour(stop.law)), 3.0)
            if not stop.trusted:
                ring.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(ring)
            painter.setBrush(QColor(self._theme.surface))
            painter.drawEllipse(centre, ROUTE_STOP_RADIUS, ROUTE_STOP_RADIUS)
            painter.setPen(QColor(self._theme.text))
            box = QRectF(
                centre.x() - ROUTE_STOP_RADIUS,
                centre.y() - ROUTE_STOP_RADIUS,
                2 * ROUTE_STOP_RADIUS,
                2 * ROUTE_STOP_RADIUS,
            )
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), str(stop.number))
            if stop.crossing is not Crossing.NONE:  # centred under the stop
                words = QCoreApplication.translate("MapRenderer", _CROSSING_WORDS[stop.crossing])
                font = self._mine().font_count
                width = QFontMetricsF(font).horizontalAdvance(words)
                under = QPointF(centre.x() - width / 2, centre.y() + ROUTE_STOP_RADIUS + 2)
                _halo_text(painter, under, words, font, self._theme)
                painter.setFont(font)
        painter.restore()

    def _paint_legs(
        self, painter: QPainter, viewport: Viewport, items: Sequence[DisplayItem]
    ) -> None:
        """The legs of fanned-out marks, from their shared point, and that point."""
        anchors: set[tuple[float, float]] = set()
        painter.setPen(QPen(QColor(self._theme.text_muted), 1.2))
        for item in items:
            if item.anchor is None:
                continue
            anchors.add(item.anchor)
            ax, ay = viewport.to_screen(*item.anchor)
            sx, sy = viewport.to_screen(item.x, item.y)
            length = math.hypot(sx - ax, sy - ay)
            if length <= item_radius(item):
                continue
            keep = 1 - item_radius(item) / length  # stop at the mark's edge
            painter.drawLine(QPointF(ax, ay), QPointF(ax + (sx - ax) * keep, ay + (sy - ay) * keep))
        painter.setPen(QPen(QColor(self._theme.surface), 1.2))
        painter.setBrush(QColor(self._theme.text))
        for anchor in anchors:
            painter.drawEllipse(QPointF(*viewport.to_screen(*anchor)), 3.0, 3.0)

    def count_label_rects(self, viewport: Viewport, items: Iterable[DisplayItem]) -> list[QRectF]:
        """Where the counts of these items are written (screen pixels), as the painter does."""
        mine = self._mine()
        rects = []
        for item in items:
            if not _shows_count(item):
                continue
            size = self._static_text(mine, item.endpoints).size()
            sx, sy = viewport.to_screen(item.x, item.y)
            w, h = size.width(), size.height()
            rects.append(QRectF(sx - w / 2, sy - h / 2, w, h))
        return rects

    def home_label_rect(
        self, viewport: Viewport, scene: SceneView, items: Sequence[DisplayItem]
    ) -> QRectF | None:
        """Where "Home" is written: the first spot around home clear of every mark drawn
        (so it never covers a count), nearest first; None without a home."""
        if scene.home is None:
            return None
        sx, sy = viewport.to_screen(*forward(*scene.home))
        metrics = QFontMetricsF(self._mine().font_label)
        w = metrics.horizontalAdvance(self.tr("Home")) + 6
        h = metrics.height() + 2
        discs = _mark_discs(viewport, items)
        boxes = self.pin_obstacles(viewport, scene, items)
        spots = _label_spots(sx, sy, w, h)
        return next((r for r in spots if _is_clear(r, discs, boxes)), spots[0])

    def _paint_home_label(
        self, painter: QPainter, viewport: Viewport, scene: SceneView, items: Sequence[DisplayItem]
    ) -> None:
        rect = self.home_label_rect(viewport, scene, items)
        if rect is None or scene.home is None:
            return
        sx, sy = viewport.to_screen(*forward(*scene.home))
        near_x = min(max(sx, rect.left()), rect.right())
        near_y = min(max(sy, rect.top()), rect.bottom())
        if math.hypot(near_x - sx, near_y - sy) > 16:  # far from its dot: a leader line
            painter.setPen(QPen(QColor(self._theme.home), 1.2, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(sx, sy), QPointF(near_x, near_y))
        _halo_text(
            painter,
            QPointF(rect.left() + 3, rect.top() - 1),
            self.tr("Home"),
            self._mine().font_label,
            self._theme,
        )

    def _stamp_all(
        self,
        painter: QPainter,
        viewport: Viewport,
        items: tuple[DisplayItem, ...],
        visible: list[DisplayItem],
        chosen: list[DisplayItem],
        dpr: float,
    ) -> None:
        """Draw items from cached sprites: one blit each instead of ~6 antialiased shapes.

        A cluster's sprite is its body only (ring shares rounded to 1/24, radius to ½ px); its
        count is drawn on top. A sprite is made the second time its look is needed: after a big
        update most clusters look new, and drawing them directly once is cheaper than caching.
        """
        mine = self._mine()
        looks = self._looks(mine, items, dpr)
        s, cx, cy = viewport.scale, viewport.cx, viewport.cy
        half_w, half_h = viewport.width / 2, viewport.height / 2
        skip = {id(i) for i in chosen}
        painter.setFont(mine.font_count)
        painter.setPen(self._text_colour)
        sprites = self._sprites
        for item in reversed(visible):  # heaviest last: on top
            if skip and id(item) in skip:
                continue
            look = looks[id(item)]
            sx = (item.x - cx) * s + half_w
            sy = (cy - item.y) * s + half_h
            sprite = sprites.get(look.key)
            if sprite is None:
                self._stamp_new(painter, mine, item, look, sx, sy, dpr)
                continue
            painter.drawImage(QPointF(sx - look.half, sy - look.half), sprite)
            if look.text is not None:
                painter.drawStaticText(QPointF(sx - look.text_dx, sy - look.text_dy), look.text)

    def _looks(
        self, mine: _ThreadObjects, items: tuple[DisplayItem, ...], dpr: float
    ) -> dict[int, _Look]:
        """Sprite keys and count texts of a set of items, worked out once per set."""
        cached = mine.looks
        if cached is not None and cached[0] is items and cached[1] == dpr:
            return cached[2]
        looks: dict[int, _Look] = {}
        for item in items:
            r = round(item_radius(item) * 2) / 2
            if item.is_cluster:
                shares = _shares(item.jurisdictions)
                text = self._static_text(mine, item.endpoints)
                size = text.size()
                looks[id(item)] = _Look(
                    ("cluster", r, shares, dpr),
                    r,
                    r + 8,
                    shares,
                    text,
                    size.width() / 2,
                    size.height() / 2,
                )
            else:
                key = (item.kind, item.jurisdiction, item.second_law, item.endpoints, dpr)
                looks[id(item)] = _Look(key, r, r + 8, (), None, 0.0, 0.0)
        mine.looks = (items, dpr, looks)
        return looks

    def _stamp_new(
        self,
        painter: QPainter,
        mine: _ThreadObjects,
        item: DisplayItem,
        look: _Look,
        sx: float,
        sy: float,
        dpr: float,
    ) -> None:
        centre = QPointF(sx, sy)
        if look.key not in self._seen:  # first sight: draw it directly
            if len(self._seen) > 4 * SPRITE_LIMIT:
                self._seen.clear()
            self._seen.add(look.key)
            if item.is_cluster:
                self._paint_cluster_body(painter, centre, look.r, look.shares, dpr)
            else:
                self._paint_shape(painter, centre, look.r, item)
        else:  # seen before: worth a sprite
            sprite = self._make_sprite(look.half, dpr)
            sprite_painter = QPainter(sprite)
            sprite_painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            inner = QPointF(look.half, look.half)
            if item.is_cluster:
                self._paint_cluster_body(sprite_painter, inner, look.r, look.shares)
            else:
                self._paint_shape(sprite_painter, inner, look.r, item)
            sprite_painter.end()
            if len(self._sprites) >= SPRITE_LIMIT:
                self._sprites.pop(next(iter(self._sprites)))
            self._sprites[look.key] = sprite
            painter.drawImage(QPointF(sx - look.half, sy - look.half), sprite)
        painter.setFont(mine.font_count)
        painter.setPen(self._text_colour)
        if look.text is not None:
            painter.drawStaticText(QPointF(sx - look.text_dx, sy - look.text_dy), look.text)

    def _make_sprite(self, half: float, dpr: float) -> QImage:
        size = math.ceil(2 * half * dpr)
        sprite = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        sprite.setDevicePixelRatio(dpr)
        sprite.fill(Qt.GlobalColor.transparent)
        return sprite

    def _disc(self, r: float, dpr: float) -> QImage:
        """A cluster's shadowed white disc, by radius: shared by every cluster of that size."""
        key = ("disc", r, dpr)
        sprite = self._sprites.get(key)
        if sprite is None:
            half = r + 8
            sprite = self._make_sprite(half, dpr)
            sprite_painter = QPainter(sprite)
            sprite_painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            _disc_shape(sprite_painter, QPointF(half, half), r, QColor(self._theme.surface))
            sprite_painter.end()
            self._sprites[key] = sprite
        return sprite

    def paint_item(
        self,
        painter: QPainter,
        viewport: Viewport,
        item: DisplayItem,
        *,
        hovered: bool = False,
        selected: bool = False,
        alpha: float = 1.0,
    ) -> None:
        """Draw one mark or cluster as shapes (hover, selection, fading, SVG)."""
        sx, sy = viewport.to_screen(item.x, item.y)
        r = item_radius(item) * (1.12 if hovered else 1.0)
        centre = QPointF(sx, sy)
        if alpha < 1.0:
            painter.save()
            painter.setOpacity(alpha)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(17, 24, 39, 40))
            painter.drawEllipse(centre, r + 9, r + 9)
            painter.setPen(QPen(QColor(self._theme.selection), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, r + 5, r + 5)
        self._paint_shape(painter, centre, r, item)
        if alpha < 1.0:
            painter.restore()

    def _paint_shape(self, painter: QPainter, centre: QPointF, r: float, item: DisplayItem) -> None:
        if item.is_cluster:
            self._paint_cluster(painter, centre, r, item)
            return
        self.paint_mark_shape(
            painter, centre, r, item.kind, item.jurisdiction, item.second_law, item.endpoints
        )

    def paint_mark_shape(
        self,
        painter: QPainter,
        centre: QPointF,
        r: float,
        kind: LocationKind | None,
        law: str,
        second_law: str | None,
        count: int,
    ) -> None:
        """One place's mark: its shape says what kind of place, its colour whose law; a place
        two laws reach is split in two, its first law on the left and the second on the right."""
        paint = (
            self._paint_zone
            if kind is LocationKind.ZONE
            else self._paint_edge
            if kind is LocationKind.EDGE
            else self._paint_exact
        )
        if second_law is None or second_law == law:
            paint(painter, centre, r, self.colour(law), count)
            return
        paint(painter, centre, r, self.colour(law), 0)
        _paint_right_half(painter, centre, r, kind, self.colour(second_law))
        painter.setPen(QPen(QColor(self._theme.surface), 1.4))
        painter.drawLine(QPointF(centre.x(), centre.y() - r), QPointF(centre.x(), centre.y() + r))
        shown = count > 1 and (
            kind is LocationKind.ZONE
            or (kind is LocationKind.EDGE and r >= 9)
            or (kind is LocationKind.EXACT and r >= 8)
        )
        if shown:
            ink = QColor(self._theme.text if kind is LocationKind.ZONE else self._theme.on_mark)
            self._count_text(painter, centre, count, ink)

    def _paint_exact(
        self, painter: QPainter, centre: QPointF, r: float, colour: QColor, count: int
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SHADOW)
        painter.drawEllipse(centre + QPointF(0, 1.2), r + 1.2, r + 1.2)
        painter.setPen(QPen(QColor(self._theme.surface), 1.6))
        painter.setBrush(colour)
        painter.drawEllipse(centre, r, r)
        if count > 1 and r >= 8:
            self._count_text(painter, centre, count, QColor(self._theme.on_mark))

    def _paint_zone(
        self, painter: QPainter, centre: QPointF, r: float, colour: QColor, count: int
    ) -> None:
        fill = QColor(colour)
        fill.setAlpha(40)
        painter.setPen(QPen(QColor(self._theme.surface), 6.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r, r)
        painter.setPen(QPen(colour, 3.2))
        painter.setBrush(fill)
        painter.drawEllipse(centre, r, r)
        if count > 1:
            self._count_text(painter, centre, count, QColor(self._theme.text))

    def _paint_edge(
        self, painter: QPainter, centre: QPointF, r: float, colour: QColor, count: int
    ) -> None:
        halo = QPen(colour, 1.4)
        halo.setDashPattern([2.0, 2.5])
        painter.setPen(halo)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r + 5, r + 5)
        d = r * 0.95
        diamond = QPolygonF(
            [
                centre + QPointF(0, -d),
                centre + QPointF(d, 0),
                centre + QPointF(0, d),
                centre + QPointF(-d, 0),
            ]
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SHADOW)
        painter.drawPolygon(diamond.translated(0, 1.2))
        painter.setPen(QPen(QColor(self._theme.surface), 1.6))
        painter.setBrush(colour)
        painter.drawPolygon(diamond)
        if count > 1 and r >= 9:
            self._count_text(painter, centre, count, QColor(self._theme.on_mark))

    def _paint_cluster(
        self, painter: QPainter, centre: QPointF, r: float, item: DisplayItem
    ) -> None:
        self._paint_cluster_body(painter, centre, r, item.jurisdictions)
        self._count_text(painter, centre, item.endpoints, self._text_colour)

    def _paint_cluster_body(
        self,
        painter: QPainter,
        centre: QPointF,
        r: float,
        shares: Sequence[tuple[str, int]],
        dpr: float = 0.0,
    ) -> None:
        """A white disc ringed by one arc per jurisdiction, sized by its share."""
        if dpr:
            half = r + 8
            painter.drawImage(centre - QPointF(half, half), self._disc(r, dpr))
        else:
            _disc_shape(painter, centre, r, QColor(self._theme.surface))
        ring = QRectF(centre.x() - r + 2.5, centre.y() - r + 2.5, 2 * r - 5, 2 * r - 5)
        total = sum(count for _, count in shares) or 1
        start = 90 * 16
        for name, count in shares:
            span = -round(360 * 16 * count / total)
            painter.setPen(
                self._ring_pens[name] if name in self._ring_pens else self._ring_pen(name)
            )
            painter.drawArc(ring, start, span)
            start += span

    def _ring_pen(self, name: str) -> QPen:
        pen = QPen(self.colour(name), 4.5)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        self._ring_pens[name] = pen
        return pen

    def _count_text(self, painter: QPainter, centre: QPointF, count: int, colour: QColor) -> None:
        mine = self._mine()
        static = self._static_text(mine, count)
        size = static.size()
        painter.setFont(mine.font_count)
        painter.setPen(colour)
        painter.drawStaticText(
            QPointF(centre.x() - size.width() / 2, centre.y() - size.height() / 2), static
        )

    def _static_text(self, mine: _ThreadObjects, count: int) -> QStaticText:
        if count < 10000:
            text = mine.locale.toString(count)
        else:  # "12K" / "12 k": short enough for a cluster
            text = format_compact_decimal(count, locale=self._compact_locale)
        static = mine.texts.get(text)
        if static is None:
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), mine.font_count)
            if len(mine.texts) > 4096:
                mine.texts.clear()
            mine.texts[text] = static
        return static

    def paint_focus(self, painter: QPainter, viewport: Viewport, item: DisplayItem) -> None:
        """The keyboard's mark: a dashed ring, unlike selection and hover."""
        sx, sy = viewport.to_screen(item.x, item.y)
        r = item_radius(item) + 6
        pen = QPen(QColor(self._theme.selection), 2.0, Qt.PenStyle.DashLine)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(sx, sy), r, r)
        painter.restore()

    def paint_pulse(
        self, painter: QPainter, viewport: Viewport, item: DisplayItem, phase: float
    ) -> None:
        """An expanding, fading ring around a new mark; phase runs 0 → 1."""
        sx, sy = viewport.to_screen(item.x, item.y)
        r = item_radius(item) + 4 + 22 * phase
        colour = QColor(self.colour(item.jurisdiction))
        colour.setAlphaF(max(0.0, 0.8 * (1 - phase)))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colour, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(sx, sy), r, r)
        painter.restore()

    def _paint_arcs(
        self,
        painter: QPainter,
        viewport: Viewport,
        scene: SceneView,
        items: Sequence[DisplayItem],
        *,
        vector: bool = False,
    ) -> None:
        if scene.home is None or not items:
            return
        key = (scene.version, scene.zoom_step(viewport.scale), id(items))
        paths = self._arc_cache.get(key)
        if paths is None:
            by_regime: dict[str, QPainterPath] = {}
            for regime, pieces in scene.arcs(items):
                path = by_regime.setdefault(regime, QPainterPath())
                end: tuple[float, float] | None = None
                for x0, y0, c1x, c1y, c2x, c2y, x1, y1 in pieces:
                    if end != (x0, y0):
                        path.moveTo(x0, y0)
                    path.cubicTo(c1x, c1y, c2x, c2y, x1, y1)
                    end = (x1, y1)
            paths = sorted(by_regime.items())
            self._arc_cache = {key: paths}
        painter.save()
        draw = _WorldPen(painter, viewport, vector)
        for regime, path in paths:
            colour = QColor(self.colour(regime))
            colour.setAlpha(120)
            # 1 device px at 1x: Qt's fast thin-line stroker; scaled on high-DPI screens.
            draw.path(path, colour, 1.0)
        painter.restore()

    def _paint_accounts(
        self, painter: QPainter, viewport: Viewport, scene: SceneView, items: Sequence[DisplayItem]
    ) -> None:
        """The user's accounts as `pin_layout` places them, names where they hide no mark."""
        groups = pin_layout(scene.pins, viewport)
        font = self._mine().font_label
        for group in groups:
            for placed, centre, tip in group:
                self.paint_pin(painter, centre, placed.pin.kind, placed.pin.jurisdiction, tip)
        for rect, names in self.pin_label_rects(viewport, scene, items):
            _halo_text(painter, QPointF(rect.left(), rect.top()), names, font, self._theme)

    def pin_label_rects(
        self, viewport: Viewport, scene: SceneView, items: Sequence[DisplayItem]
    ) -> list[tuple[QRectF, str]]:
        """Where each group of pins has its names written: beside the badges, or the nearest
        spot around them that covers no mark, count, badge or other name. A name with no such
        spot is left out (the tooltip and the accounts tab still say it): data come first."""
        groups = pin_layout(scene.pins, viewport)
        metrics = QFontMetricsF(self._mine().font_label)
        discs = _mark_discs(viewport, items)
        boxes = _badge_rects(groups)
        out: list[tuple[QRectF, str]] = []
        for origin, names in _pin_labels(groups):
            w, h = metrics.horizontalAdvance(names), metrics.height()
            beside = QRectF(origin.x(), origin.y(), w, h)
            badges = QRectF(beside.left() - PIN_RADIUS - 4, beside.top(), 1, h)
            spots = [beside, *_label_spots(badges.center().x(), badges.center().y(), w, h)]
            rect = next((r for r in spots if _is_clear(r, discs, boxes)), None)
            if rect is not None:
                boxes.append(rect)
                out.append((rect, names))
        return out

    def pin_obstacles(
        self, viewport: Viewport, scene: SceneView, items: Sequence[DisplayItem] = ()
    ) -> list[QRectF]:
        """The rectangles of the account pins and their names (what the home label avoids)."""
        rects = _badge_rects(pin_layout(scene.pins, viewport))
        rects += [rect for rect, _ in self.pin_label_rects(viewport, scene, items)]
        return rects

    def paint_pin(
        self,
        painter: QPainter,
        centre: QPointF,
        kind: AccountKind,
        jurisdiction: str,
        tip: QPointF | None = None,
        radius: float = PIN_RADIUS,
    ) -> None:
        """One account pin: a white badge ringed in its law's colour, pointing at its place."""
        colour = self.colour(jurisdiction)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if tip is not None:
            painter.setPen(QPen(colour, 2.0))
            painter.drawLine(QPointF(centre.x(), centre.y() + radius), tip)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(tip, 2.5, 2.5)
        painter.translate(centre)
        painter.scale(radius / PIN_RADIUS, radius / PIN_RADIUS)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SHADOW)
        painter.drawEllipse(QPointF(0, 1.5), PIN_RADIUS + 1, PIN_RADIUS + 1)
        painter.setPen(QPen(colour, 2.5))
        painter.setBrush(QColor(self._theme.surface))
        painter.drawEllipse(QPointF(0, 0), PIN_RADIUS, PIN_RADIUS)
        ink = QPen(QColor(self._theme.text), 1.4)
        ink.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(ink)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if kind is AccountKind.MAIL:  # an envelope
            painter.drawRect(QRectF(-6, -4, 12, 8))
            painter.drawPolyline(_polygon((-6, -4, 0, 1, 6, -4)))
        else:  # a picture: frame, hills and sun
            painter.drawRect(QRectF(-6, -4.5, 12, 9))
            painter.drawPolyline(_polygon((-6, 4.5, -1.5, 0, 1, 2.5, 3, 0.5, 6, 3.5)))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self._theme.text))
            painter.drawEllipse(QPointF(2.8, -2), 1.3, 1.3)
        painter.restore()

    def _paint_home(self, painter: QPainter, viewport: Viewport, scene: SceneView) -> None:
        if scene.home is None:
            return
        sx, sy = viewport.to_screen(*forward(*scene.home))
        centre = QPointF(sx, sy)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(31, 41, 55, 45))
        painter.drawEllipse(centre, 13, 13)
        painter.setPen(QPen(QColor(self._theme.surface), 2.5))
        painter.setBrush(QColor(self._theme.home))
        painter.drawEllipse(centre, 7, 7)
        painter.setBrush(QColor(self._theme.surface))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(centre, 2.2, 2.2)

    # -- legend and credits

    def legend_rect(
        self,
        viewport: Viewport,
        scene: SceneView,
        regimes: Mapping[str, int],
        *,
        collapsed: bool = False,
    ) -> QRectF:
        """Where the legend card is drawn (bottom left): what "fit all" keeps marks out of."""
        return self._legend_layout(viewport, scene, regimes, collapsed).rect

    def _legend_layout(
        self, viewport: Viewport, scene: SceneView, regimes: Mapping[str, int], collapsed: bool
    ) -> _LegendLayout:
        mine = self._mine()
        metrics = QFontMetricsF(mine.font_small)
        line = max(19.0, metrics.height() + 5)
        pad = 12.0
        gap = line * 0.4
        if collapsed:
            text = self.tr("Legend")
            width = QFontMetricsF(mine.font_title).horizontalAdvance(text) + 2 * pad + 18
            height = line + 12
            rect = QRectF(14, viewport.height - height - 14, width, height)
            return _LegendLayout(rect, line, pad, gap, False, "", "", ())
        full = viewport.height >= 620
        endpoints = sum(regimes.values())
        countries = len(scene.country_counts)
        parts = [
            self.tr("%Ln endpoints", "", endpoints),
            self.tr("%Ln countries", "", countries),
        ]
        if scene.unplaced:
            parts.append(self.tr("%Ln not placed", "", len(scene.unplaced)))
        summary = " · ".join(parts)
        edge_label = self.tr("{kind} (served from many places)").format(
            kind=kind_label(LocationKind.EDGE, self.language)
        )
        title = self.tr("Whose law reaches your data")
        labels = [palette.jurisdiction_label(k) + " 0000" for k in Jurisdiction]
        labels += [summary, edge_label, self.tr("Two laws reach it")]
        widest = max(
            max(metrics.horizontalAdvance(t) for t in labels) + 24,
            QFontMetricsF(mine.font_title).horizontalAdvance(title) + 24,
        )
        width = max(240.0, widest + 2 * pad)
        pin_kinds = tuple(sorted({p.pin.kind for p in scene.pins}))
        rows = 2 + len(Jurisdiction) + 1 + len(pin_kinds) + len(KIND_LABELS)
        height = rows * line + gap
        if full:
            height += gap + 2 * line
        height += 2 * pad - 4
        rect = QRectF(14, viewport.height - height - 14, width, height)
        return _LegendLayout(rect, line, pad, gap, full, summary, edge_label, pin_kinds)

    def paint_legend(
        self,
        painter: QPainter,
        viewport: Viewport,
        scene: SceneView,
        regimes: Mapping[str, int],
        *,
        collapsed: bool = False,
    ) -> QRectF:
        """The legend card, bottom left (collapsed: a small "Legend" tab); returns its rect."""
        mine = self._mine()
        layout = self._legend_layout(viewport, scene, regimes, collapsed)
        rect, line, pad, gap = layout.rect, layout.line, layout.pad, layout.gap
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        _card(painter, rect, self._theme)
        x = rect.left() + pad
        y = rect.top() + pad
        width = rect.width()
        text_colour = QColor(self._theme.text)
        muted = QColor(self._theme.text_muted)
        if collapsed:
            painter.setFont(mine.font_title)
            painter.setPen(text_colour)
            painter.drawText(rect.adjusted(pad, 0, 0, 0), _LEFT, self.tr("Legend"))
            painter.drawText(rect.adjusted(0, 0, -pad + 2, 0), _RIGHT, "▸")
            painter.restore()
            return rect
        painter.setFont(mine.font_title)
        painter.setPen(text_colour)
        painter.drawText(QRectF(x, y, width, line), _LEFT, self.tr("Whose law reaches your data"))
        painter.drawText(QRectF(rect.left(), y, width - pad + 2, line), _RIGHT, "▾")
        y += line
        painter.setFont(mine.font_small)
        painter.setPen(muted)
        painter.drawText(QRectF(x, y, width, line), _LEFT, layout.summary)
        y += line
        for key in Jurisdiction:
            painter.setPen(QPen(QColor(self._theme.surface), 1.2))
            painter.setBrush(self.colour(key))
            painter.drawEllipse(QPointF(x + 7, y + line / 2), 6, 6)
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + 20, y, width, line), _LEFT, palette.jurisdiction_label(key))
            count = regimes.get(key, 0)
            painter.setPen(muted)
            painter.drawText(
                QRectF(rect.left(), y, width - pad, line),
                _RIGHT,
                mine.locale.toString(count) if count else "–",
            )
            y += line
        self.paint_mark_shape(
            painter, QPointF(x + 7, y + line / 2), 6.0, LocationKind.EXACT, "US_REACH", "OTHER", 1
        )
        painter.setFont(mine.font_small)
        painter.setPen(text_colour)
        painter.drawText(QRectF(x + 20, y, width, line), _LEFT, self.tr("Two laws reach it"))
        y += line
        pin_labels = {
            AccountKind.MAIL: self.tr("Where your mail is stored"),
            AccountKind.FILES: self.tr("Where your files and photos are stored"),
        }
        for pin_kind in layout.pin_kinds:
            self.paint_pin(painter, QPointF(x + 7, y + line / 2), pin_kind, "UNKNOWN", radius=7)
            painter.setFont(mine.font_small)
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + 22, y, width, line), _LEFT, pin_labels[pin_kind])
            y += line
        y += gap
        for kind in KIND_LABELS:
            label = kind_label(kind, self.language)
            centre = QPointF(x + 7, y + line / 2)
            if kind is LocationKind.EXACT:
                self._paint_exact(painter, centre, 5.0, muted, 1)
            elif kind is LocationKind.ZONE:
                self._paint_zone(painter, centre, 6.0, muted, 1)
            else:
                self._paint_edge(painter, centre, 5.0, muted, 1)
                label = layout.edge_label
            painter.setFont(mine.font_small)
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + 20, y, width, line), _LEFT, label)
            y += line
        if layout.full:
            y += gap
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(x, y, width, line),
                _LEFT,
                self.tr("Endpoints per country"),
            )
            y += line
            shades = self._theme.shades
            swatch = (width - 2 * pad - 4 * 4) / len(shades)
            for i, shade in enumerate(shades):
                cell = QRectF(x + i * (swatch + 4), y + 1, swatch, line - 4)
                painter.setPen(QPen(QColor(self._theme.border), 0.8))
                painter.setBrush(QColor(shade))
                painter.drawRoundedRect(cell, 4, 4)
                threshold = palette.SHADE_THRESHOLDS[i]
                last = i == len(shades) - 1
                painter.setPen(QColor(_ink_on(shade, self._theme)))
                number = mine.locale.toString(threshold)
                painter.drawText(cell, _CENTRE, f"{number}+" if last else number)
        painter.restore()
        return rect

    def paint_credits(
        self, painter: QPainter, viewport: Viewport, caption: str = "", left: float = 12.0
    ) -> None:
        """The projection and base map, bottom right; above them an export's ``caption``
        (its date and data sources), shortened to stay right of ``left`` (the legend's edge)."""
        painter.save()
        font = self._mine().font_small
        painter.setFont(font)
        right = viewport.width - 12
        if caption:
            metrics = QFontMetricsF(font)
            room = max(0.0, right - left)
            lines = [
                metrics.elidedText(line, Qt.TextElideMode.ElideRight, room)
                for line in _caption_lines(caption, metrics, room)
            ]
            width = min(room, max(metrics.horizontalAdvance(line) for line in lines))
            if width > 0:
                step = 16.0
                top = viewport.height - 41 - step * (len(lines) - 1)
                block = QRectF(right - width, top, width, 18 + step * (len(lines) - 1))
                backdrop = QColor(self._theme.background)
                backdrop.setAlpha(215)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(backdrop)
                painter.drawRoundedRect(block.adjusted(-5, 0, 5, 0), 4, 4)
                painter.setPen(QColor(self._theme.text_muted))
                for index, line in enumerate(lines):
                    painter.drawText(
                        QRectF(block.left(), top + index * step, width, 18), _RIGHT, line
                    )
        painter.setPen(QColor(self._theme.text_muted))
        painter.drawText(
            QRectF(0, viewport.height - 22, right, 18),
            _RIGHT,
            self.tr("Equal Earth projection · Natural Earth"),
        )
        painter.restore()

    def paint_all(
        self,
        painter: QPainter,
        viewport: Viewport,
        scene: SceneView,
        highlight: Highlight = NO_HIGHLIGHT,
        *,
        legend: bool = True,
        vector: bool = False,
        caption: str = "",
    ) -> None:
        """Everything, in order: what exports and the benchmark draw. ``vector``: for an SVG
        (shapes in pixel coordinates, no sprites); ``caption``: an export's date and sources."""
        self.paint_base(painter, viewport, scene.shading, vector=vector)
        self.paint_data(painter, viewport, scene, highlight, vector=vector)
        left = 12.0
        if legend:
            left = self.paint_legend(painter, viewport, scene, scene.regime_totals()).right() + 16
        self.paint_credits(painter, viewport, caption, left)


_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


class _LegendLayout(NamedTuple):
    """The legend's card and rows, worked out once for painting and for "fit all"."""

    rect: QRectF
    line: float
    pad: float
    gap: float
    full: bool  # room for the shading scale too
    summary: str
    edge_label: str
    pin_kinds: tuple[AccountKind, ...]


def _visible(items: Iterable[DisplayItem], viewport: Viewport) -> list[DisplayItem]:
    margin = 40.0
    s, cx, cy = viewport.scale, viewport.cx, viewport.cy
    half_w, half_h = viewport.width / 2, viewport.height / 2
    lim_x, lim_y = half_w + margin, half_h + margin
    return [
        item
        for item in items
        if abs((item.x - cx) * s) <= lim_x and abs((cy - item.y) * s) <= lim_y
    ]


# Directions tried for the home label, nearest first: right, left, above, below, diagonals.
_LABEL_SPOTS = ((1, -0.5), (-1, -0.5), (0, -1), (0, 1), (1, 1), (-1, 1), (1, -1), (-1, -1))


def _shows_count(item: DisplayItem) -> bool:
    """Whether an item has its count written on it (as `_paint_shape` decides)."""
    if item.is_cluster:
        return True
    if item.endpoints <= 1:
        return False
    r = item_radius(item)
    if item.kind is LocationKind.ZONE:
        return True
    if item.kind is LocationKind.EDGE:
        return r >= 9
    return r >= 8


def _ink_on(fill: str, theme: palette.MapTheme) -> str:
    """The theme's text or surface colour, whichever reads better on ``fill``."""
    inks = (theme.text, theme.surface)
    return max(inks, key=lambda ink: palette.contrast_ratio(ink, fill))


def _disc_shape(painter: QPainter, centre: QPointF, r: float, surface: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SHADOW)
    painter.drawEllipse(centre + QPointF(0, 1.5), r + 1.5, r + 1.5)
    painter.setBrush(surface)
    painter.drawEllipse(centre, r, r)


def _shares(counts: Sequence[tuple[str, int]], steps: int = 24) -> tuple[tuple[str, int], ...]:
    """Counts rounded to 1/`steps` of the ring (at least one step each), for sprite keys."""
    total = sum(c for _, c in counts) or 1
    return tuple((name, max(1, round(steps * c / total))) for name, c in counts)


def _font(pixels: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _cosmetic(colour: str | QColor, width: float) -> QPen:
    pen = QPen(QColor(colour), width)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


class _WorldPen:
    """Draws paths in world units: through the world transform with cosmetic pens on a raster
    (fast), or mapped to pixel coordinates with plain pens for a vector file (portable)."""

    def __init__(self, painter: QPainter, viewport: Viewport, vector: bool) -> None:
        self._painter = painter
        self._world = world_transform(viewport)
        self._vector = vector
        if not vector:
            painter.setTransform(self._world, True)
        # cosmetic widths are device pixels: scaled on high-DPI screens
        self._dpr = 1.0 if vector else painter.device().devicePixelRatioF()

    def path(
        self,
        path: QPainterPath,
        colour: str | QColor | None,
        width: float,
        fill: QColor | None = None,
    ) -> None:
        """``path`` outlined in ``colour`` (None: not outlined) ``width`` pixels wide, filled
        with ``fill`` (None: not filled)."""
        painter = self._painter
        if colour is None:
            painter.setPen(Qt.PenStyle.NoPen)
        elif self._vector:
            pen = QPen(QColor(colour), width)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
        else:
            painter.setPen(_cosmetic(colour, width * self._dpr))
        painter.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
        painter.drawPath(self._world.map(path) if self._vector else path)


PinSpot = tuple[PlacedPin, QPointF, QPointF]  # the pin, its badge's centre, its place


def pin_layout(pins: Sequence[PlacedPin], viewport: Viewport) -> list[list[PinSpot]]:
    """Where each account pin is drawn: a badge on a stem above its place; pins too close to
    tell apart stand side by side (stems in the order of their places, never crossed). The
    painter and the widget's hit test both use it, so a click finds what was drawn."""
    groups: list[tuple[QPointF, list[tuple[PlacedPin, QPointF]]]] = []
    for placed in sorted(pins, key=lambda p: (p.y, p.x)):
        sx, sy = viewport.to_screen(placed.x, placed.y)
        if not (-40 <= sx <= viewport.width + 40 and -40 <= sy <= viewport.height + 40):
            continue
        tip = QPointF(sx, sy)
        near = next((g for g in groups if _distance(g[0], tip) < 4 * PIN_RADIUS + 8), None)
        if near is None:
            groups.append((tip, [(placed, tip)]))
        else:
            near[1].append((placed, tip))
    step = 2 * PIN_RADIUS + 4
    out = []
    for anchor, members in groups:
        members.sort(key=lambda member: member[1].x())
        left = anchor.x() - (len(members) - 1) * step / 2
        top = min(tip.y() for _, tip in members) - PIN_RADIUS - 14
        out.append(
            [
                (placed, QPointF(left + i * step, top), tip)
                for i, (placed, tip) in enumerate(members)
            ]
        )
    return out


def _pin_labels(groups: Sequence[Sequence[PinSpot]]) -> list[tuple[QPointF, str]]:
    """Where the account names go (beside each group of pins), while there are few enough."""
    if sum(len(group) for group in groups) > MAX_PIN_LABELS:
        return []
    out = []
    for group in groups:
        names = ", ".join(dict.fromkeys(visible_label(p.pin.label) for p, _, _ in group))
        last = group[-1][1]
        out.append((QPointF(last.x() + PIN_RADIUS + 4, last.y() - 8), names))
    return out


def _paint_right_half(
    painter: QPainter, centre: QPointF, r: float, kind: LocationKind | None, colour: QColor
) -> None:
    """The right half of a mark in another colour, drawn as half shapes rather than through a
    clip: Qt's SVG writer drops clips, and the exported mark would lose its first colour."""
    x, y = centre.x(), centre.y()
    painter.save()
    if kind is LocationKind.ZONE:
        fill = QColor(colour)
        fill.setAlpha(40)
        half = QPainterPath(QPointF(x, y - r))
        half.arcTo(QRectF(x - r, y - r, 2 * r, 2 * r), 90, -180)
        half.closeSubpath()
        painter.fillPath(half, fill)
        ring = QPen(colour, 3.2)
        ring.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(x - r, y - r, 2 * r, 2 * r), 90 * 16, -180 * 16)
    elif kind is LocationKind.EDGE:
        halo = QPen(colour, 1.4)
        halo.setDashPattern([2.0, 2.5])
        painter.setPen(halo)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(x - r - 5, y - r - 5, 2 * r + 10, 2 * r + 10), 90 * 16, -180 * 16)
        d = r * 0.95
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(_polygon((x, y - d, x + d, y, x, y + d)))
    else:
        half = QPainterPath(QPointF(x, y - r))
        half.arcTo(QRectF(x - r, y - r, 2 * r, 2 * r), 90, -180)
        half.closeSubpath()
        painter.fillPath(half, colour)
    painter.restore()


_CAPTION_BREAKS = (" · ", "; ")  # where a caption may go on to the next line
_CAPTION_LINES = 3


def _caption_lines(caption: str, metrics: QFontMetricsF, room: float) -> list[str]:
    """The caption on one line if it fits, else broken after its " · " and "; " into at most
    three lines (the last one elided by the caller): a narrow export still names every data
    set and its date instead of cutting them off after the first."""
    if metrics.horizontalAdvance(caption) <= room:
        return [caption]
    pieces = [caption]
    for mark in _CAPTION_BREAKS:
        broken: list[str] = []
        for piece in pieces:
            *heads, tail = piece.split(mark)
            broken += [head + mark.rstrip() for head in heads]
            broken.append(tail)
        pieces = broken
    lines: list[str] = []
    for piece in pieces:
        joined = f"{lines[-1]} {piece}" if lines else piece
        if lines and metrics.horizontalAdvance(joined) <= room:
            lines[-1] = joined
        else:
            lines.append(piece)
    if len(lines) > _CAPTION_LINES:
        lines = [*lines[: _CAPTION_LINES - 1], " ".join(lines[_CAPTION_LINES - 1 :])]
    return lines


def _badge_rects(groups: Sequence[Sequence[PinSpot]]) -> list[QRectF]:
    return [
        QRectF(c.x() - PIN_RADIUS, c.y() - PIN_RADIUS, 2 * PIN_RADIUS, 2 * PIN_RADIUS)
        for group in groups
        for _, c, _ in group
    ]


def _mark_discs(viewport: Viewport, items: Iterable[DisplayItem]) -> list[tuple[QPointF, float]]:
    """Each drawn mark as a disc (centre, radius with a margin): what a label must not cover."""
    return [(QPointF(*viewport.to_screen(i.x, i.y)), item_radius(i) + 2) for i in items]


def _label_spots(sx: float, sy: float, w: float, h: float) -> list[QRectF]:
    """Rectangles of w×h around (sx, sy), nearest first, in the usual label positions."""
    spots = []
    for distance in (10.0, 22.0, 38.0, 58.0, 84.0, 120.0):
        for dx, dy in _LABEL_SPOTS:
            left = sx + dx * distance - (w if dx < 0 else 0 if dx > 0 else w / 2)
            top = sy + dy * distance - (h if dy < 0 else 0 if dy > 0 else h / 2)
            spots.append(QRectF(left, top, w, h))
    return spots


def _is_clear(
    rect: QRectF, discs: Sequence[tuple[QPointF, float]], boxes: Sequence[QRectF]
) -> bool:
    if any(rect.intersects(box) for box in boxes):
        return False
    for centre, r in discs:
        nx = min(max(centre.x(), rect.left()), rect.right())
        ny = min(max(centre.y(), rect.top()), rect.bottom())
        if math.hypot(centre.x() - nx, centre.y() - ny) < r:
            return False
    return True


def _distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())


def _polygon(flat: Sequence[float]) -> QPolygonF:
    return QPolygonF([QPointF(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)])


def _path(rings: Iterable[Ring]) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in rings:
        path.addPolygon(_polygon(project_ring(list(ring))))
        path.closeSubpath()
    return path


def _deep(path: QPainterPath) -> QPainterPath:
    """A copy of `path` that shares no data with it (a plain copy is implicitly shared)."""
    copy = QPainterPath()
    copy.setFillRule(path.fillRule())
    copy.addPath(path)
    return copy


def _globe_outline() -> QPainterPath:
    east = [forward(180.0, lat) for lat in range(-90, 91, 2)]
    west = [forward(-180.0, lat) for lat in range(90, -91, -2)]
    points = [QPointF(x, y) for x, y in east + west]
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


def _graticule() -> QPainterPath:
    path = QPainterPath()
    for lon in range(-150, 181, 30):
        if lon == 180:
            continue
        points = [QPointF(*forward(float(lon), float(lat))) for lat in range(-90, 91, 3)]
        path.addPolygon(QPolygonF(points))
    for lat in range(-60, 61, 30):
        points = [QPointF(*forward(float(lon), float(lat))) for lon in range(-180, 181, 5)]
        path.addPolygon(QPolygonF(points))
    return path


def _card(painter: QPainter, rect: QRectF, theme: palette.MapTheme) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(15, 23, 42, 22))
    painter.drawRoundedRect(rect.translated(0, 2), 10, 10)
    card = QColor(theme.card)
    card.setAlpha(240)
    painter.setPen(QPen(QColor(theme.card_border), 1.0))
    painter.setBrush(QBrush(card))
    painter.drawRoundedRect(rect, 10, 10)


def _halo_text(
    painter: QPainter, origin: QPointF, text: str, font: QFont, theme: palette.MapTheme
) -> None:
    """Text with a halo of the theme's surface, readable over land, sea and arcs."""
    path = QPainterPath()
    path.addText(origin + QPointF(0, 12), font, text)
    halo = QPen(QColor(theme.surface), 3.5)
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(halo)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.text))
    painter.drawPath(path)


def side_by_side(
    centres: Sequence[tuple[float, float]], radius: float
) -> list[tuple[float, float]]:
    """Route stops drawn where they are, except that stops falling on one another (a path
    that leaves a city and comes back, hops in one data centre) are set side by side in a row
    centred on the first one's place, in route order, so each number can be read."""
    rows: list[list[int]] = []
    for index, (x, y) in enumerate(centres):
        for row in rows:
            fx, fy = centres[row[0]]
            if math.hypot(x - fx, y - fy) < 2 * radius:
                row.append(index)
                break
        else:
            rows.append([index])
    placed = list(centres)
    step = 2 * radius + 2  # a disc's width and a hair
    for row in rows:
        fx, fy = centres[row[0]]
        for position, index in enumerate(row):
            placed[index] = (fx + (position - (len(row) - 1) / 2) * step, fy)
    return placed
