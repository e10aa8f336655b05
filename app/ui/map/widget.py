"""The world map widget: where the user's data live, live.

Why a QPainter widget and not QGraphicsView: the map is two layers with very different lives —
the countries (change only when the view or the shading changes) and the marks (change on every
poll, and are re-clustered on zoom). A plain widget caches each layer as an image at the screen's
device pixel ratio and repaints only what changed, while QGraphicsView would keep one item per
mark (thousands, re-created as clusters split and merge) in a BSP index and repaint their union.
The same renderer also draws exports and the benchmark, so the picture on screen is the one saved.

Updates (set_entries, set_filter, set_home) are worked out on a one-thread runner: marks,
clusters, arcs and the new layer images are made there, and the GUI thread only swaps them in.
That runner's thread lives as long as the runner (see TaskRunner); should the work still move to
another thread (an injected runner), the worker renderer remakes its fonts and texts there.
Animations (pulse on new, fade on close, hover) are drawn over the cached layers.

Signals (for the main window: table ↔ map selection, side panel):
- ipSelected(str): the map's selected IP changed ("" when the selection was cleared); not emitted
  when select_ip() names what is already selected, so table and map cannot ping-pong;
- placeSelected(object): a tuple[MapMark, ...] of the place (or cluster) now selected, () if none;
- updated(): a new picture of the data is in place.
Slots: set_entries, set_filter, set_home, select_ip, clear_selection, fit_all, reset_view,
zoom_in, zoom_out, toggle_legend, export (PNG or SVG, drawn off the GUI thread). The window owns
the menu actions. For a quiz: set_hidden (answers kept off the map) and glide_to_account.

For people who do not use a mouse: Tab and Shift+Tab go from mark to mark (left to right), the
arrows to the nearest mark that way, Enter selects it (placeSelected, which opens the place
panel), Escape clears; the widget's accessible name and description say the focused mark. A
clicked cluster fans out (as clusters at one point always do), so every mark can be reached.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from app.core.accounts.model import AccountKind
from app.core.accounts.pins import AccountPin
from app.core.anonymise import AS_IS, Shown
from app.core.countries import country_name
from app.core.geo.projection import X_MAX, Y_MAX
from app.core.geo.viewport import HOME_BOUNDS, Viewport
from app.core.geo.world import World, load_world
from app.core.i18n import DEFAULT_LANGUAGE
from app.core.map_marks import MapEntry, MapMark, MarkFilter
from app.core.route_marks import RoutePoint
from app.core.text import visible
from app.ui import palette
from app.ui.error_words import PlainError, plain_error, technical_details
from app.ui.map.describe import item_title, tooltip_text
from app.ui.map.export import ExportError, export_viewport, write_png, write_svg
from app.ui.map.renderer import PIN_RADIUS, Highlight, MapRenderer, item_radius, pin_layout
from app.ui.map.scene import NO_CHANGE, DisplayItem, MapScene, SceneChange, SceneView
from app.ui.plain_text import rich_tooltip
from app.ui.qt import (
    QCoreApplication,
    QEasingCurve,
    QElapsedTimer,
    QEvent,
    QGestureEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPinchGesture,
    QPointF,
    QRect,
    QRectF,
    QResizeEvent,
    QSize,
    QSizePolicy,
    Qt,
    QTimer,
    QToolTip,
    QVariantAnimation,
    QWheelEvent,
    QWidget,
    Signal,
)
from app.ui.tasks import Runner, TaskRunner

log = logging.getLogger(__name__)

PULSE_MS = 1400.0
FADE_MS = 1200.0
FRAME_MS = 16
ZOOM_STEP = 1.6  # one key press or wheel notch
PAN_STEP = 0.15  # of the view, per arrow key
FIT_MAX_ZOOM = 24.0  # "fit all" on one mark stops at a region, not a street
CLICK_SLOP = 4  # pixels a press may move and still be a click
FIT_MARGIN = 60.0  # pixels between the framed marks and the edge (or the legend)
SMALL_WIDTH, SMALL_HEIGHT = 760, 520  # below either, the legend starts collapsed
MAX_PULSES = 24
GLIDE_MS = 900  # a glide to a place: long enough for a room to follow it
GLIDE_ZOOM = 2.5  # how close a glide to a place goes, at least, in whole-world scales


_ARROWS = (
    (Qt.Key.Key_Left, (-1, 0)),
    (Qt.Key.Key_Right, (1, 0)),
    (Qt.Key.Key_Up, (0, -1)),
    (Qt.Key.Key_Down, (0, 1)),
)


class MapWidget(QWidget):
    ipSelected = Signal(str)
    placeSelected = Signal(object)
    accountPicked = Signal(str)  # the account key of a pin the user clicked
    updated = Signal()  # a new picture of the data is in place (after set_entries/filter/home)
    exported = Signal(object)  # the Path of a map written by `export`
    exportFailed = Signal(object, object)  # the Path, and why not (a PlainError)

    def __init__(
        self,
        world: World | None = None,
        parent: QWidget | None = None,
        *,
        runner: Runner | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        """``language``: the window's (its model's), for the tooltips, the legend and exports."""
        super().__init__(parent)
        self._language = language
        self._shown: Shown = AS_IS  # Anonymise: what tooltips hide (pins come hidden already)
        self._world = world if world is not None else load_world()
        self._scene = MapScene(self._world)  # touched only by update work, one job at a time
        self._view = self._scene.snapshot()
        self._runner: Runner = runner if runner is not None else TaskRunner(self, max_threads=1)
        self._queued: list[tuple[str, Callable[[MapScene], SceneChange]]] = []
        self._busy = False
        self.last_update_ms = 0.0  # GUI-thread ms applying the last update (the benchmark's)
        self.base_renders = 0  # how often the country layer was drawn (a poll should not)
        # GUI thread: paint events.
        self._renderer = MapRenderer(self._world, language=language)
        # Update work and exports: its own copy of the country paths, as both paint at once.
        self._worker_renderer = MapRenderer(
            self._world, self._renderer.countries.copy(), language=language
        )
        self._viewport = Viewport.fit(HOME_BOUNDS, 800, 450)
        self._user_moved = False  # until then, a resize re-frames the default view
        self._theme = palette.LIGHT_THEME
        self._scale = 1.0  # drawn this much bigger (presenter view): see `set_scale`
        self._base: QImage | None = None
        self._base_key: tuple[object, ...] = ()
        self._data: QImage | None = None
        self._data_key: tuple[object, ...] = ()
        self._visible: list[DisplayItem] = []
        self._item_of_mark: dict[str, DisplayItem] = {}
        self._selected: frozenset[str] = frozenset()
        self._selected_ip = ""
        self._hovered: DisplayItem | None = None
        self._legend = True
        self._legend_collapsed: bool | None = None  # None: collapsed only on small views
        self._spread: frozenset[str] = frozenset()  # clusters fanned out by a click
        self._focus_key: str | None = None  # the mark the keyboard is on
        self._pulses: dict[str, float] = {}  # mark key → start (ms on the clock)
        self._ghosts: list[tuple[DisplayItem, float]] = []
        self._clock = QElapsedTimer()
        self._clock.start()
        self._ticker = QTimer(self)
        self._ticker.setInterval(FRAME_MS)
        self._ticker.timeout.connect(self._tick)
        self._animated_rect = QRect()
        self._zoom_anim = QVariantAnimation(self)
        self._zoom_anim.setDuration(180)
        self._zoom_anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._zoom_anim.valueChanged.connect(self._on_zoom_frame)
        self._zoom_from: Viewport = self._viewport
        self._zoom_anchor: tuple[float, float] | None = None
        self._zoom_target = 0.0
        # A glide to a place (a quiz's reveal): centre and scale move together.
        self._glide = QVariantAnimation(self)
        self._glide.setDuration(GLIDE_MS)
        self._glide.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._glide.setStartValue(0.0)
        self._glide.setEndValue(1.0)
        self._glide.valueChanged.connect(self._on_glide_frame)
        self._glide_from: Viewport = self._viewport
        self._glide_to: Viewport = self._viewport
        # What the window asked for, and what it hides for now (`set_hidden`).
        self._mark_filter = MarkFilter()
        self._all_pins: tuple[AccountPin, ...] = ()
        self._hidden_ips: frozenset[str] = frozenset()
        self._hidden_accounts: frozenset[str] = frozenset()
        self._press: QPointF | None = None
        self._last_drag: QPointF | None = None
        self._dragging = False

        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 200)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self.setAccessibleName(self.tr("World map"))
        self.setAccessibleDescription(map_help())

    # -- data

    @property
    def renderer(self) -> MapRenderer:
        """The GUI thread's renderer (the map worker has its own): for drawing on this thread
        only, e.g. the help's symbols as the map draws them."""
        return self._renderer

    @property
    def view(self) -> SceneView:
        """The picture of the data being shown (replaced, never changed, on each update)."""
        return self._view

    @property
    def language(self) -> str:
        return self._language

    @property
    def world(self) -> World:
        return self._world

    @property
    def theme(self) -> palette.MapTheme:
        return self._theme

    def set_theme(self, theme: palette.MapTheme) -> None:
        """Draw with these colours (light, dark, presenter): both layers are painted again."""
        if theme == self._theme:
            return
        self._theme = theme
        self._invalidate_data()

    @property
    def scale(self) -> float:
        return self._scale

    def set_scale(self, scale: float) -> None:
        """Draw everything ``scale`` times bigger (marks, labels, legend, lines), for a room
        reading the map from afar: the map works in pixels of ``1 / scale`` of the screen's,
        so the same part of the world stays in view and nothing else needs to know."""
        scale = max(0.25, float(scale))
        if scale == self._scale:
            return
        ratio = self._scale / scale
        self._scale = scale
        self._zoom_anim.stop()
        width, height = self._logical_width(), self._logical_height()
        if self._user_moved:
            old = self._viewport
            self._viewport = Viewport(old.cx, old.cy, old.scale * ratio, width, height).clamped()
        else:
            self._viewport = Viewport.fit(HOME_BOUNDS, width, height)
        self._invalidate_data()

    def _logical_width(self) -> float:
        return self.width() / self._scale

    def _logical_height(self) -> float:
        return self.height() / self._scale

    def _at(self, position: QPointF) -> QPointF:
        """A point of the widget in the map's pixels (they differ when the map is scaled)."""
        return position / self._scale

    def saved_view(self) -> SavedView:
        """Where the map looks now, to come back to (`restore_view`)."""
        return SavedView(self._viewport, self._user_moved)

    def restore_view(self, saved: SavedView) -> None:
        """Look where `saved_view` said again, at the map's size now."""
        self._zoom_anim.stop()
        self._user_moved = saved.user_moved
        width, height = self._logical_width(), self._logical_height()
        if saved.user_moved:
            self._viewport = saved.viewport.resized(width, height)
        else:
            self._viewport = Viewport.fit(HOME_BOUNDS, width, height)
        self.update()

    def centre_on(self, key: str, *, zoom: float = 0.0) -> bool:
        """Bring a mark to the middle of the view, at least ``zoom`` times closer than the
        whole world (0: the current zoom), as far as the world's edges allow (no empty band
        beyond them); False if the mark is unknown."""
        position = self._view.position(key)
        if position is None:
            return False
        self._zoom_anim.stop()
        old = self._viewport
        scale = min(max(old.scale, old.world_scale * zoom), old.max_scale)
        half_w, half_h = old.width / 2 / scale, old.height / 2 / scale
        cx = _within(position[0], X_MAX - half_w)
        cy = _within(position[1], Y_MAX - half_h)
        self._viewport = Viewport(cx, cy, scale, old.width, old.height).clamped()
        self._user_moved = True
        self.update()
        return True

    def set_entries(self, entries: Iterable[MapEntry]) -> None:
        """Show these entries (the whole current set): new places pulse, gone ones fade.

        The marks and clusters are worked out on the runner's thread; `updated` is emitted when
        the new picture is in place. A newer set replaces one still waiting its turn.
        """
        snapshot = tuple(entries)
        self._queue("entries", lambda scene: scene.set_entries(snapshot))

    def set_account_pins(self, pins: Iterable[AccountPin]) -> None:
        """Where the user's accounts are stored (drawn as pins; see app.core.accounts.pins)."""
        self._all_pins = tuple(pins)
        self._queue_pins()

    def set_route(self, points: Iterable[RoutePoint]) -> None:
        """Draw a route over the marks: numbered stops joined by great-circle legs (nothing
        given: no route)."""
        placed = tuple(points)
        self._queue("route", lambda scene: scene.set_route(placed))

    @property
    def shown(self) -> Shown:
        return self._shown

    def set_shown(self, shown: Shown) -> None:
        """Anonymise on or off, for the tooltips and the description read out to screen
        readers (the window gives the pins with their labels already hidden)."""
        self._shown = shown

    def set_filter(self, mark_filter: MarkFilter) -> None:
        self._mark_filter = mark_filter
        self._queue_filter()

    def set_hidden(self, ips: Iterable[str] = (), accounts: Iterable[str] = ()) -> None:
        """Keep these addresses' marks, and these accounts' pins and connections (account
        keys), off the map until told otherwise: a quiz hides its answers, then shows them one
        by one (each mark that comes back pulses). Nothing given: everything is shown."""
        self._hidden_ips = frozenset(ips)
        self._hidden_accounts = frozenset(accounts)
        self._queue_filter()
        self._queue_pins()

    @property
    def hidden_accounts(self) -> frozenset[str]:
        """The keys of the accounts `set_hidden` keeps off the map."""
        return self._hidden_accounts

    def _queue_filter(self) -> None:
        hidden = self._hidden_accounts
        labels = frozenset(p.label for p in self._all_pins if p.account_key in hidden)
        mark_filter = replace(
            self._mark_filter, hidden_ips=self._hidden_ips, hidden_accounts=labels
        )
        self._queue("filter", lambda scene: scene.set_filter(mark_filter))

    def _queue_pins(self) -> None:
        pins = tuple(p for p in self._all_pins if p.account_key not in self._hidden_accounts)
        self._queue("pins", lambda scene: scene.set_account_pins(pins))

    def set_home(self, country_code: str | None) -> bool:
        """Mark the user's home (None: no home); False if the map does not know the code."""
        known = country_code is None or (
            self._world.representative_point(country_code.upper()) is not None
        )
        self._queue("home", lambda scene: _home_change(scene, country_code))
        return known

    def set_legend_visible(self, visible: bool) -> None:
        self._legend = visible
        self._invalidate_data()

    def legend_collapsed(self) -> bool:
        """Whether the legend shows as a small "Legend" tab (by choice, or on a small view)."""
        if self._legend_collapsed is not None:
            return self._legend_collapsed
        return self._logical_width() < SMALL_WIDTH or self._logical_height() < SMALL_HEIGHT

    def set_legend_collapsed(self, collapsed: bool) -> None:
        self._legend_collapsed = collapsed
        self._invalidate_data()

    def toggle_legend(self) -> None:
        self.set_legend_collapsed(not self.legend_collapsed())

    def legend_rect(self) -> QRectF | None:
        """Where the legend is drawn now (None when hidden): marks are framed clear of it."""
        if not self._legend:
            return None
        return self._renderer.legend_rect(
            self._viewport,
            self._view,
            self._view.regime_totals(),
            collapsed=self.legend_collapsed(),
        )

    def is_updating(self) -> bool:
        """Whether an update is being worked out or waiting (tests wait for `updated`)."""
        return self._busy or bool(self._queued)

    def _queue(self, kind: str, operation: Callable[[MapScene], SceneChange]) -> None:
        if kind in ("entries", "filter", "pins", "route"):  # only the latest of these matters
            self._queued = [(k, op) for k, op in self._queued if k != kind]
        self._queued.append((kind, operation))
        self._start_next()

    def _start_next(self) -> None:
        if self._busy or not self._queued:
            return
        operations = [op for _, op in self._queued]
        self._queued = []
        self._busy = True
        scene = self._scene
        renderer = self._worker_renderer
        frame = self._frame()
        base_version = self._base_key[2] if self._base is not None else None

        def work() -> Update:
            change = NO_CHANGE
            for operation in operations:
                change = change.merged(operation(scene))
            view = scene.snapshot(prefetch_scale=frame.viewport.scale)
            view.regime_totals()
            # Paint the new layers here too, for the view as it was when the update started;
            # the GUI thread then only swaps pictures (and repaints itself if the user moved).
            base = None
            if view.shading_version != base_version:
                base = render_base(renderer, view, frame)
            data, visible = render_data(renderer, view, frame)
            return Update(view, change, frame, base, data, visible)

        self._runner.run_task(work, self._publish, self._update_failed)

    def _frame(self) -> Frame:
        return Frame(
            self._viewport,
            self.devicePixelRatioF() * self._scale,
            self._selected,
            self._legend,
            self.legend_collapsed(),
            self._spread,
            self._theme,
        )

    def _update_failed(self, error: BaseException) -> None:
        log.error("map update failed: %s", error, exc_info=error)
        self._busy = False
        self._start_next()

    def _publish(self, update: Update) -> None:
        """On the GUI thread: swap in the new picture and start its animations."""
        started = time.perf_counter()
        view, change = update.view, update.change
        self._busy = False
        self._view = view
        now = self._clock.elapsed()
        if change.removed:
            previous = {i.key: i for i in self._visible if not i.is_cluster}
            for mark in change.removed:
                item = previous.get(mark.key)
                if item is not None:
                    self._ghosts.append((item, now))
                self._pulses.pop(mark.key, None)
        # Pulse the biggest newcomers only: a hundred rings at once is noise, not news.
        added = sorted(change.added, key=lambda k: -_size(view.mark(k)))
        for key in added[:MAX_PULSES]:
            self._pulses[key] = now
        if self._selected:
            alive = frozenset(k for k in self._selected if view.mark(k) is not None)
            if alive != self._selected:
                self._set_selection(alive, self._selected_ip if alive else "")
        if self._hovered is not None:
            self._hovered = None
            QToolTip.hideText()
        if self._pulses or self._ghosts:
            self._ticker.start()
        self._adopt(update)
        self.update()
        self.last_update_ms = (time.perf_counter() - started) * 1000
        self.updated.emit()
        self._start_next()

    def _adopt(self, update: Update) -> None:
        """Use the layers painted with the update if they still match what is on screen."""
        frame = update.frame
        if frame != self._frame():
            self._data = None
            return
        if update.base is not None:
            self.base_renders += 1
            self._base = update.base
            self._base_key = (frame.viewport, frame.dpr, update.view.shading_version, frame.theme)
        self._data = update.data
        self._data_key = self._data_key_for(frame)
        self._visible = update.visible
        self._item_of_mark = {m.key: i for i in update.visible for m in i.marks}

    # -- the view

    def viewport(self) -> Viewport:
        return self._viewport

    def display_items(self) -> tuple[DisplayItem, ...]:
        """Marks and clusters at the current zoom (all of them, visible or not)."""
        return self._view.items(self._viewport.scale, self._spread)

    def zoom_by(
        self, factor: float, anchor: QPointF | None = None, *, animate: bool = False
    ) -> None:
        point = (anchor.x(), anchor.y()) if anchor is not None else None
        self._user_moved = True
        self._glide.stop()
        if not animate:
            self._zoom_anim.stop()
            self._viewport = self._viewport.zoomed(factor, point)
            self.update()
            return
        running = self._zoom_anim.state() == QVariantAnimation.State.Running
        target = (self._zoom_target if running else self._viewport.scale) * factor
        low, high = self._viewport.min_scale, self._viewport.max_scale
        self._zoom_target = min(max(target, low), high)
        self._zoom_anim.stop()
        self._zoom_from = self._viewport
        self._zoom_anchor = point
        self._zoom_anim.setStartValue(self._viewport.scale)
        self._zoom_anim.setEndValue(self._zoom_target)
        self._zoom_anim.start()

    def glide_to_account(self, account_key: str, zoom: float = GLIDE_ZOOM) -> bool:
        """Move the view smoothly onto an account's pins, at least ``zoom`` times closer than
        the whole world (a quiz's reveal); False when the account has no pin on the map."""
        points = [(p.x, p.y) for p in self._view.pins if p.pin.account_key == account_key]
        if not points:
            return False
        now = self._viewport
        cx = sum(x for x, _ in points) / len(points)
        cy = sum(y for _, y in points) / len(points)
        scale = min(max(now.scale, now.world_scale * zoom), now.max_scale)
        self._zoom_anim.stop()
        self._glide.stop()
        self._user_moved = True
        self._glide_from = now
        self._glide_to = Viewport(cx, cy, scale, now.width, now.height).clamped()
        self._glide.start()
        return True

    def is_gliding(self) -> bool:
        return self._glide.state() == QVariantAnimation.State.Running

    def _on_glide_frame(self, value: object) -> None:
        if not isinstance(value, float | int):
            return
        t, start, end = float(value), self._glide_from, self._glide_to
        scale = start.scale * (end.scale / start.scale) ** t  # evenly in zoom steps
        self._viewport = Viewport(
            start.cx + (end.cx - start.cx) * t,
            start.cy + (end.cy - start.cy) * t,
            scale,
            self._viewport.width,
            self._viewport.height,
        ).clamped()
        self.update()

    def _on_zoom_frame(self, value: object) -> None:
        if isinstance(value, float | int):
            self._viewport = self._zoom_from.with_scale(float(value), self._zoom_anchor)
            self.update()

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP, animate=True)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP, animate=True)

    def pan_by(self, dx: float, dy: float) -> None:
        self._user_moved = True
        self._glide.stop()
        self._viewport = self._viewport.panned(dx, dy)
        self.update()

    def reset_view(self) -> None:
        """The whole world, as when the map opens."""
        self._zoom_anim.stop()
        self._glide.stop()
        self._user_moved = False
        self._viewport = Viewport.fit(HOME_BOUNDS, self._logical_width(), self._logical_height())
        self.update()

    def fit_all(self) -> None:
        """Frame every mark (and home)."""
        bounds = self._view.bounds()
        if bounds is None:
            self.reset_view()
            return
        self._fit_bounds(bounds)

    def _fit_bounds(self, bounds: tuple[float, float, float, float]) -> None:
        """Frame `bounds` in the part of the view the legend leaves free: beside it or above
        it, whichever shows the marks larger."""
        self._zoom_anim.stop()
        self._glide.stop()
        self._user_moved = True
        w, h = self._logical_width(), self._logical_height()
        legend = self.legend_rect()
        areas = [(0.0, 0.0, w, h)]
        if legend is not None:
            areas = [(legend.right(), 0.0, w, h), (0.0, 0.0, w, legend.top())]
        fits = [_fit_in(bounds, w, h, area) for area in areas]
        self._viewport = max(fits, key=lambda v: v.scale)
        self.update()

    # -- selection

    def select_ip(self, ip: str) -> bool:
        """Select the mark holding this IP (e.g. a table row's); False if it is not on the map."""
        mark = self._view.mark_for_ip(ip)
        if mark is None:
            return False
        self._set_selection(frozenset({mark.key}), ip)
        self._ensure_visible(mark.key)
        return True

    def clear_selection(self) -> None:
        self._set_spread(frozenset())
        self._set_selection(frozenset(), "")

    def spread(self) -> frozenset[str]:
        """The keys of the clusters fanned out by a click (clusters at one point always are)."""
        return self._spread

    def _set_spread(self, keys: frozenset[str]) -> None:
        if keys != self._spread:
            self._spread = keys
            self._invalidate_data()

    def selected_ip(self) -> str:
        return self._selected_ip

    def selected_marks(self) -> tuple[MapMark, ...]:
        marks = (self._view.mark(k) for k in sorted(self._selected))
        return tuple(m for m in marks if m is not None)

    def _select_item(self, item: DisplayItem) -> None:
        """Select what an item shows; a cluster also fans out, so each mark can be reached."""
        if item.is_cluster:
            self._set_spread(frozenset({item.key}))
        elif item.anchor is None:
            self._set_spread(frozenset())
        keys = frozenset(m.key for m in item.marks)
        ip = self._selected_ip if self._selected_ip in item.ips else item.marks[0].ips[0]
        self._set_selection(keys, ip)

    def _set_selection(self, keys: frozenset[str], ip: str) -> None:
        changed_marks = keys != self._selected
        changed_ip = ip != self._selected_ip
        self._selected = keys
        self._selected_ip = ip
        if changed_marks:
            self._invalidate_data()
        if changed_ip:
            self.ipSelected.emit(ip)
        if changed_marks:
            self.placeSelected.emit(self.selected_marks())

    def _ensure_visible(self, key: str) -> None:
        position = self._view.position(key)
        if position is None:
            return
        sx, sy = self._viewport.to_screen(*position)
        margin = 40.0
        width, height = self._logical_width(), self._logical_height()
        if margin <= sx <= width - margin and margin <= sy <= height - margin:
            return
        cx, cy = position
        self._viewport = Viewport(
            cx, cy, self._viewport.scale, self._viewport.width, self._viewport.height
        ).clamped()
        self._user_moved = True
        self.update()

    # -- export

    def export(
        self, path: Path, size: QSize, *, vector: bool = False, caption: str | None = None
    ) -> None:
        """Write the current view as a PNG (an SVG if ``vector``) of ``size`` pixels, off the
        GUI thread: the map's worker draws it with its own renderer, after the updates already
        running. `exported` (the path) or `exportFailed` (the path, why in plain words) follows.
        ``caption``: the line under the map (`export_caption`); None: today's, naming the data
        sets shipped with the app."""
        viewport = export_viewport(self._current_for_export(), size.width(), size.height())
        highlight = Highlight(selected=self._selected, spread=self._spread)
        legend = self._legend
        scene, renderer = self._scene, self._worker_renderer
        write = write_svg if vector else write_png

        def work() -> Path:
            view = scene.snapshot(prefetch_scale=viewport.scale)  # the worker's own view
            renderer.use_theme(palette.LIGHT_THEME)  # a file is printed and shared: light
            write(
                path, renderer, view, viewport, highlight=highlight, legend=legend, caption=caption
            )
            return path

        self._runner.run_task(work, self.exported.emit, partial(self._export_failed, path))

    def _export_failed(self, path: Path, error: BaseException) -> None:
        """Why, in plain words: an ExportError already is; the system's OSError is put into
        them; anything else is a bug, logged."""
        if isinstance(error, ExportError):
            reason = PlainError(str(error), technical_details(error))
        else:
            if not isinstance(error, OSError):
                log.error("map export failed", exc_info=error)
            reason = plain_error(error, self._language)
        self.exportFailed.emit(path, reason)

    def _current_for_export(self) -> Viewport | None:
        return self._viewport if self._user_moved else None

    # -- painting

    def _invalidate_data(self) -> None:
        self._data = None
        self.update()

    def _data_key_for(self, frame: Frame) -> tuple[object, ...]:
        return (frame, self._view.version)

    def paintEvent(self, event: QPaintEvent) -> None:
        frame = self._frame()
        base_key = (frame.viewport, frame.dpr, self._view.shading_version, frame.theme)
        if self._base is None or self._base_key != base_key:
            self._base = render_base(self._renderer, self._view, frame)
            self._base_key = base_key
            self.base_renders += 1
        data_key = self._data_key_for(frame)
        if self._data is None or self._data_key != data_key:
            self._data, self._visible = render_data(self._renderer, self._view, frame)
            self._item_of_mark = {m.key: i for i in self._visible for m in i.marks}
            self._data_key = data_key
        painter = QPainter(self)
        painter.setClipRect(event.rect())
        painter.scale(self._scale, self._scale)  # the layers and overlays are in map pixels
        painter.drawImage(0, 0, self._base)
        painter.drawImage(0, 0, self._data)
        self._paint_overlays(painter)
        painter.end()

    def _paint_overlays(self, painter: QPainter) -> None:
        """Hover, pulses and fading marks: drawn over the cached layers, never into them."""
        viewport = self._viewport
        now = self._clock.elapsed()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for item, start in self._ghosts:
            alpha = 1.0 - (now - start) / FADE_MS
            if alpha > 0:
                self._renderer.paint_item(painter, viewport, item, alpha=alpha)
        done: set[str] = set()
        for key, start in self._pulses.items():
            pulsing = self._item_of_mark.get(key)
            if pulsing is None or pulsing.key in done:
                continue
            done.add(pulsing.key)
            phase = (now - start) / PULSE_MS
            if 0 <= phase < 1:
                self._renderer.paint_pulse(painter, viewport, pulsing, phase)
        if self._hovered is not None:
            selected = any(m.key in self._selected for m in self._hovered.marks)
            self._renderer.paint_item(
                painter, viewport, self._hovered, hovered=True, selected=selected
            )
        focused = self.focused_item()
        if focused is not None and self.hasFocus():
            self._renderer.paint_focus(painter, viewport, focused)

    def _tick(self) -> None:
        now = self._clock.elapsed()
        self._pulses = {k: t for k, t in self._pulses.items() if now - t < PULSE_MS}
        self._ghosts = [(i, t) for i, t in self._ghosts if now - t < FADE_MS]
        rect = QRect()
        for item, _ in self._ghosts:
            rect = rect.united(self._item_rect(item, 4))
        for key in self._pulses:
            pulsing = self._item_of_mark.get(key)
            if pulsing is not None:
                rect = rect.united(self._item_rect(pulsing, 30))
        self.update(rect.united(self._animated_rect))
        self._animated_rect = rect
        if not self._pulses and not self._ghosts:
            self._ticker.stop()

    def painted_layers(self) -> bool:
        """Whether both cached layers are up to date (i.e. the last change has been painted)."""
        return self._base is not None and self._data is not None

    def is_animating(self) -> bool:
        return bool(self._pulses or self._ghosts)

    def pulsing_keys(self) -> frozenset[str]:
        return frozenset(self._pulses)

    def fading_keys(self) -> frozenset[str]:
        return frozenset(item.key for item, _ in self._ghosts)

    def _item_rect(self, item: DisplayItem, extra: float) -> QRect:
        sx, sy = self._viewport.to_screen(item.x, item.y)
        r = item_radius(item) + extra + 12
        s = self._scale
        return QRectF((sx - r) * s, (sy - r) * s, 2 * r * s, 2 * r * s).toAlignedRect()

    # -- hit testing, mouse, keys, gestures

    def item_at(self, pos: QPointF) -> DisplayItem | None:
        """The top-most mark or cluster under a point of the widget."""
        best: DisplayItem | None = None
        best_d = math.inf
        for item in self._visible_items():
            sx, sy = self._viewport.to_screen(item.x, item.y)
            d = math.hypot(sx - pos.x(), sy - pos.y())
            if d <= item_radius(item) + 3 and d < best_d:
                best, best_d = item, d
        return best

    def pin_at(self, pos: QPointF) -> AccountPin | None:
        """The account pin under a point of the widget (pins are drawn over marks)."""
        for group in pin_layout(self._view.pins, self._viewport):
            for placed, centre, _tip in group:
                if _distance(centre, pos) <= PIN_RADIUS + 2:
                    return placed.pin
        return None

    def _pin_text(self, pin: AccountPin) -> str:
        where = country_name(pin.country_code, self._language) if pin.country_code else ""
        if pin.city:
            where = f"{pin.city}, {where}"
        text = (
            self.tr("%1: mail stored by %2 in %3")
            if pin.kind is AccountKind.MAIL
            else self.tr("%1: files stored by %2 in %3")
        )
        return visible(
            text.replace("%1", self._shown.account(pin.label))
            .replace("%2", pin.provider or self.tr("an unknown company"))
            .replace("%3", where)
        )

    def pin_position(self, account_key: str) -> QPointF | None:
        """Where an account's (first) pin is drawn, for tests and keyboard users."""
        for group in pin_layout(self._view.pins, self._viewport):
            for placed, centre, _tip in group:
                if placed.pin.account_key == account_key:
                    return centre
        return None

    def item_position(self, item: DisplayItem) -> QPointF:
        sx, sy = self._viewport.to_screen(item.x, item.y)
        return QPointF(sx, sy)

    def _visible_items(self) -> Sequence[DisplayItem]:
        """The items of the painted data layer if it shows the current view, else all items."""
        if self._data is None or self._data_key != self._data_key_for(self._frame()):
            return self.display_items()
        return self._visible

    def resizeEvent(self, event: QResizeEvent) -> None:
        width = event.size().width() / self._scale
        height = event.size().height() / self._scale
        if self._user_moved:
            self._viewport = self._viewport.resized(width, height)
        else:
            self._viewport = Viewport.fit(HOME_BOUNDS, width, height)
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        pixel = event.pixelDelta().y()
        if pixel:  # touchpad: follow the fingers, no animation
            self.zoom_by(2 ** (pixel / 240), self._at(event.position()))
        else:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP**steps, self._at(event.position()), animate=True)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self._at(event.position())
            self._last_drag = self._press
            self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = self._at(event.position())
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if not self._dragging and _distance(pos, self._press) > CLICK_SLOP:
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self._set_hover(None, event)
            if self._dragging and self._last_drag is not None:
                self.pan_by(pos.x() - self._last_drag.x(), pos.y() - self._last_drag.y())
                self._last_drag = pos
            return
        pin = self.pin_at(pos)
        if pin is not None:
            self._set_hover(None, event)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            QToolTip.showText(
                event.globalPosition().toPoint(), rich_tooltip(self._pin_text(pin)), self
            )
            return
        self._set_hover(self.item_at(pos), event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        was_drag = self._dragging
        self._press = None
        self._dragging = False
        self.unsetCursor()
        if was_drag:
            return
        pos = self._at(event.position())
        legend = self.legend_rect()
        if legend is not None and legend.contains(pos):
            self.toggle_legend()
            return
        pin = self.pin_at(pos)
        if pin is not None:
            self.accountPicked.emit(pin.account_key)
            return
        item = self.item_at(pos)
        if item is None:
            self.clear_selection()
        else:
            self._select_item(item)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = self._at(event.position())
        item = self.item_at(pos)
        if item is not None and item.is_cluster:
            positions = [self._view.position(m.key) for m in item.marks]
            xs = [p[0] for p in positions if p]
            ys = [p[1] for p in positions if p]
            self._fit_bounds((min(xs), min(ys), max(xs), max(ys)))
        else:
            self.zoom_by(2.0, pos, animate=True)

    def leaveEvent(self, event: QEvent) -> None:
        self._set_hover(None, None)
        super().leaveEvent(event)

    def _set_hover(self, item: DisplayItem | None, event: QMouseEvent | None) -> None:
        if item == self._hovered:
            return
        old = self._hovered
        self._hovered = item
        for changed in (old, item):
            if changed is not None:
                self.update(self._item_rect(changed, 12))
        if item is None:
            QToolTip.hideText()
            self.unsetCursor()
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        if event is not None:
            text = tooltip_text(item.marks, self._language, self._shown)
            QToolTip.showText(event.globalPosition().toPoint(), rich_tooltip(text), self)

    # -- the keyboard path through the marks

    def traversal(self) -> list[DisplayItem]:
        """The marks on screen in the order Tab visits them: left to right, then top down."""
        width, height = self._logical_width(), self._logical_height()
        items = []
        for item in self._visible_items():
            sx, sy = self._viewport.to_screen(item.x, item.y)
            if 0 <= sx <= width and 0 <= sy <= height:
                items.append((round(sx), round(sy), item.key, item))
        return [entry[3] for entry in sorted(items, key=lambda e: e[:3])]

    def focused_item(self) -> DisplayItem | None:
        """The mark the keyboard is on, if it is still on screen."""
        if self._focus_key is None:
            return None
        return next((i for i in self.traversal() if i.key == self._focus_key), None)

    def focus_item(self, item: DisplayItem | None) -> None:
        """Put the keyboard on `item` (None: on the map itself); says it to assistive tools."""
        old = self.focused_item()
        self._focus_key = item.key if item is not None else None
        for changed in (old, item):
            if changed is not None:
                self.update(self._item_rect(changed, 12))
        if item is None:
            self.setAccessibleName(self.tr("World map"))
            self.setAccessibleDescription(map_help())
            return
        title = item_title(item.marks, self._language)
        self.setAccessibleName(self.tr("World map: %1").replace("%1", title))
        self.setAccessibleDescription(tooltip_text(item.marks, self._language, self._shown))

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab step through the marks, then leave the map as usual."""
        order = self.traversal()
        if self.hasFocus() and order:
            keys = [i.key for i in order]
            at = keys.index(self._focus_key) if self._focus_key in keys else None
            if at is None:
                target: int | None = 0 if next else len(order) - 1
            else:
                target = at + 1 if next else at - 1
            if target is not None and 0 <= target < len(order):
                self.focus_item(order[target])
                return True
            self.focus_item(None)
        return super().focusNextPrevChild(next)

    def _step_focus(self, dx: int, dy: int) -> bool:
        """Move the keyboard to the nearest mark in a direction; False if there is none."""
        current = self.focused_item()
        if current is None:
            return False
        cx, cy = self._viewport.to_screen(current.x, current.y)
        best: DisplayItem | None = None
        best_cost = math.inf
        for item in self.traversal():
            if item.key == current.key:
                continue
            sx, sy = self._viewport.to_screen(item.x, item.y)
            along = (sx - cx) * dx + (sy - cy) * dy
            across = abs((sx - cx) * dy) + abs((sy - cy) * dx)
            if along <= 0 or across > 2 * along:
                continue
            cost = along + 2 * across
            if cost < best_cost:
                best, best_cost = item, cost
        if best is not None:
            self.focus_item(best)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step_x = self._logical_width() * PAN_STEP
        step_y = self._logical_height() * PAN_STEP
        for arrow, (dx, dy) in _ARROWS:
            if key == arrow and self._step_focus(dx, dy):
                event.accept()
                return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            focused = self.focused_item()
            if focused is not None:
                self._select_item(focused)
                event.accept()
                return
        if key == Qt.Key.Key_L:
            self.toggle_legend()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Left:
            self.pan_by(step_x, 0)
        elif key == Qt.Key.Key_Right:
            self.pan_by(-step_x, 0)
        elif key == Qt.Key.Key_Up:
            self.pan_by(0, step_y)
        elif key == Qt.Key.Key_Down:
            self.pan_by(0, -step_y)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.reset_view()
        elif key == Qt.Key.Key_F:
            self.fit_all()
        elif key == Qt.Key.Key_Escape:
            self.focus_item(None)
            self.clear_selection()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QNativeGestureEvent):
            if event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                self.zoom_by(1.0 + event.value(), self._at(event.position()))
                return True
        elif isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                centre = self.mapFromGlobal(pinch.centerPoint().toPoint())
                self.zoom_by(pinch.scaleFactor(), self._at(QPointF(centre)))
                return True
        return super().event(event)

    def sizeHint(self) -> QSize:
        return QSize(960, 540)


@dataclass(frozen=True, slots=True)
class SavedView:
    """A view of the map to come back to: where it looked, and whether the user had moved it
    (else a resize frames the whole world again)."""

    viewport: Viewport
    user_moved: bool


@dataclass(frozen=True, slots=True)
class Frame:
    """What a painted data layer depends on besides the data."""

    viewport: Viewport
    dpr: float
    selected: frozenset[str]
    legend: bool
    legend_collapsed: bool = False
    spread: frozenset[str] = frozenset()
    theme: palette.MapTheme = palette.LIGHT_THEME


@dataclass(frozen=True, slots=True)
class Update:
    """An update worked out off the GUI thread: the new view and its layers for `frame`."""

    view: SceneView
    change: SceneChange
    frame: Frame
    base: QImage | None
    data: QImage
    visible: list[DisplayItem]


def _layer(frame: Frame) -> QImage:
    image = QImage(
        max(1, math.ceil(frame.viewport.width * frame.dpr)),
        max(1, math.ceil(frame.viewport.height * frame.dpr)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(frame.dpr)
    return image


def render_base(renderer: MapRenderer, view: SceneView, frame: Frame) -> QImage:
    """The country layer (sea, land, shading, borders) for a frame; any thread."""
    renderer.use_theme(frame.theme)
    image = _layer(frame)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.paint_base(painter, frame.viewport, view.shading)
    painter.end()
    return image


def render_data(
    renderer: MapRenderer, view: SceneView, frame: Frame
) -> tuple[QImage, list[DisplayItem]]:
    """The data layer (arcs, marks, home, legend) for a frame, and the items drawn; any thread."""
    renderer.use_theme(frame.theme)
    image = _layer(frame)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    highlight = Highlight(frame.selected, spread=frame.spread)
    visible = renderer.paint_data(painter, frame.viewport, view, highlight)
    if frame.legend:
        renderer.paint_legend(
            painter,
            frame.viewport,
            view,
            view.regime_totals(),
            collapsed=frame.legend_collapsed,
        )
    renderer.paint_credits(painter, frame.viewport)
    painter.end()
    return image, visible


def map_help() -> str:
    """What the map's keys do, for assistive tools (translated when asked for)."""
    return QCoreApplication.translate(
        "MapWidget",
        "Where your data live. Tab and the arrows go from mark to mark, Enter opens the place, "
        "Escape clears; plus and minus zoom, 0 resets, F fits all, L folds the legend.",
    )


def _fit_in(
    bounds: tuple[float, float, float, float],
    width: float,
    height: float,
    area: tuple[float, float, float, float],
) -> Viewport:
    """The view of `width` × `height` that shows `bounds` inside the screen rect `area`
    (left, top, right, bottom), at most `FIT_MAX_ZOOM` close."""
    x0, y0, x1, y1 = bounds
    left, top, right, bottom = area
    usable_w = max(1.0, right - left - 2 * FIT_MARGIN)
    usable_h = max(1.0, bottom - top - 2 * FIT_MARGIN)
    scale = min(usable_w / max(x1 - x0, 1e-6), usable_h / max(y1 - y0, 1e-6))
    probe = Viewport(0.0, 0.0, 1.0, width, height)
    scale = min(max(scale, probe.min_scale), probe.world_scale * FIT_MAX_ZOOM)
    cx = (x0 + x1) / 2 - ((left + right) / 2 - width / 2) / scale
    cy = (y0 + y1) / 2 + ((top + bottom) / 2 - height / 2) / scale
    return Viewport(cx, cy, scale, width, height).clamped()


def _home_change(scene: MapScene, country_code: str | None) -> SceneChange:
    scene.set_home(country_code)
    return NO_CHANGE


def _within(value: float, limit: float) -> float:
    """``value`` kept within ±``limit`` (0 when the limit is negative: the view is wider)."""
    return min(max(value, -limit), limit) if limit > 0 else 0.0


def _size(mark: MapMark | None) -> int:
    return mark.count if mark is not None else 0


def _distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())
