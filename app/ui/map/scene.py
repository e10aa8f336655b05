"""The map's data: marks, their clusters at each zoom, the home arcs, country shading.

Two halves. `MapScene` is the mutable builder: entries in, marks out (grouped by
app.core.map_marks.MarkGroups, which rebuilds only the places whose endpoints changed), screen
positions and country shading kept in step. `SceneView` is an immutable picture of it for
painting: the widget builds views on a worker thread (with the clusters and arcs of the current
zoom already computed) and hands them to the GUI thread, which never waits for that work.
Clusters of other zoom steps are computed on first use and kept with the view, so a repaint or a
pan costs no clustering at all. Qt-free: the widget, exports, benchmark and tests share it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from app.core.accounts.pins import AccountPin
from app.core.clustering import cluster_points
from app.core.geo.projection import (
    central_angle,
    forward,
    great_circle,
    inverse,
    project_ring,
)
from app.core.geo.world import World
from app.core.map_marks import (
    GroupChange,
    MapEntry,
    MapMark,
    MarkFilter,
    MarkGroups,
    rank_jurisdictions,
)
from app.core.model import LocationKind
from app.core.route_marks import Crossing, RoutePoint
from app.ui.palette import shade_index

# A cubic Bézier piece of an arc in world units: start, two control points, end.
ArcPiece = tuple[float, float, float, float, float, float, float, float]

CLUSTER_RADIUS_PX = 26.0  # marks closer than this on screen merge into one numbered mark
ZOOM_STEPS = 4  # cluster sets per doubling of the zoom
MAX_ARCS = 60  # arcs from home to the heaviest places: more would be a hairball, not a picture
SAME_POINT = 1e-3  # world units (~6 km): marks this close never split, so they fan out instead
FAN_STEP_PX = 30.0  # room for one mark on a fan's circle
FAN_MIN_PX = 34.0  # the shortest leg of a fan


def arc_pieces(lon0: float, lat0: float, lon1: float, lat1: float) -> list[ArcPiece]:
    """The great circle from one point to another as cubic pieces in world units (none when
    the two are the same place)."""
    if math.hypot(lon1 - lon0, lat1 - lat0) < 0.5:
        return []
    angle = central_angle(lon0, lat0, lon1, lat1)
    count = 1 if angle < 45 else 2 if angle < 100 else 3
    runs = great_circle(lon0, lat0, lon1, lat1, segments=3 * count)
    if len(runs) > 1:  # crosses the ±180° meridian: straight pieces along a denser path
        runs = great_circle(lon0, lat0, lon1, lat1, segments=48)
        pieces: list[ArcPiece] = []
        for run in runs:
            flat = project_ring([v for point in run for v in point])
            for i in range(0, len(flat) - 2, 2):
                x0, y0, x1, y1 = flat[i : i + 4]
                pieces.append((x0, y0, x0, y0, x1, y1, x1, y1))
        return pieces
    flat = project_ring([v for point in runs[0] for v in point])
    pieces = []
    for i in range(0, len(flat) - 2, 6):
        x0, y0, x1, y1, x2, y2, x3, y3 = flat[i : i + 8]
        pieces.append(
            (
                x0,
                y0,
                (-5 * x0 + 18 * x1 - 9 * x2 + 2 * x3) / 6,
                (-5 * y0 + 18 * y1 - 9 * y2 + 2 * y3) / 6,
                (2 * x0 - 9 * x1 + 18 * x2 - 5 * x3) / 6,
                (2 * y0 - 9 * y1 + 18 * y2 - 5 * y3) / 6,
                x3,
                y3,
            )
        )
    return pieces


@dataclass(frozen=True, slots=True)
class RouteStopXY:
    """A route's stop where the map draws it (world units), with its number and law."""

    number: int
    x: float
    y: float
    law: str
    trusted: bool
    crossing: Crossing = Crossing.NONE


@dataclass(frozen=True, slots=True)
class RouteLayer:
    """A route drawn over the marks: its placed stops and the legs between them (each leg in
    the law of the stop it goes to; dashed when that stop is only claimed)."""

    stops: tuple[RouteStopXY, ...] = ()
    legs: tuple[tuple[str, bool, tuple[ArcPiece, ...]], ...] = ()


NO_ROUTE = RouteLayer()


def route_layer(points: Iterable[RoutePoint]) -> RouteLayer:
    placed = tuple(points)
    stops = tuple(
        RouteStopXY(p.number, *forward(p.lon, p.lat), p.law, p.trusted, p.crossing) for p in placed
    )
    legs = tuple(
        (b.law, b.trusted, _bent(arc_pieces(a.lon, a.lat, b.lon, b.lat)))
        for a, b in pairwise(placed)
    )
    return RouteLayer(stops, legs)


ROUTE_BEND = 0.12  # how far a leg bows to its right, as a share of its length


def _bent(pieces: list[ArcPiece]) -> tuple[ArcPiece, ...]:
    """A leg bowed to the right of its direction: a route that goes there and back (Paris to
    Virginia and back to Dublin) shows two legs, not one line drawn twice."""
    if not pieces:
        return ()
    x_start, y_start = pieces[0][0], pieces[0][1]
    x_end, y_end = pieces[-1][6], pieces[-1][7]
    dx, dy = x_end - x_start, y_end - y_start
    length = math.hypot(dx, dy)
    if length == 0:
        return tuple(pieces)
    nx, ny = dy / length * ROUTE_BEND * length, -dx / length * ROUTE_BEND * length
    count = len(pieces)

    def moved(x: float, y: float, t: float) -> tuple[float, float]:
        bow = math.sin(math.pi * t)
        return x + nx * bow, y + ny * bow

    out = []
    for k, (x0, y0, c1x, c1y, c2x, c2y, x1, y1) in enumerate(pieces):
        t0, t1 = k / count, (k + 1) / count
        out.append(
            (
                *moved(x0, y0, t0),
                *moved(c1x, c1y, t0 + (t1 - t0) / 3),
                *moved(c2x, c2y, t0 + 2 * (t1 - t0) / 3),
                *moved(x1, y1, t1),
            )
        )
    return tuple(out)


class PlacedPin(NamedTuple):
    """An account pin at its world (projected) position."""

    pin: AccountPin
    x: float
    y: float


class DisplayItem(NamedTuple):
    """What is drawn at one spot for the current zoom: a single mark or a cluster of marks."""

    key: str  # the seed mark's key: stable while the cluster keeps its heaviest member
    x: float  # world (projected) coordinates
    y: float
    marks: tuple[MapMark, ...]
    endpoints: int  # how many endpoints it stands for
    jurisdiction: str
    jurisdictions: tuple[tuple[str, int], ...]
    # A mark fanned out of a cluster at one point: that point (world), where its leg starts.
    anchor: tuple[float, float] | None = None

    @property
    def second_law(self) -> str | None:
        """A single mark's second law (drawn as its second colour), None for clusters."""
        return self.marks[0].second_law if len(self.marks) == 1 else None

    @property
    def is_cluster(self) -> bool:
        return len(self.marks) > 1

    @property
    def kind(self) -> LocationKind | None:
        """The mark's kind, or None for a cluster."""
        return self.marks[0].kind if len(self.marks) == 1 else None

    @property
    def ips(self) -> tuple[str, ...]:
        return tuple(ip for mark in self.marks for ip in mark.ips)


@dataclass(frozen=True, slots=True)
class SceneChange:
    """What an update did, for animation: which places are new or grew, which went away."""

    added: frozenset[str]  # keys of marks that are new or have new endpoints
    removed: tuple[MapMark, ...]  # marks that no longer exist (drawn fading out)
    shading_changed: bool

    @property
    def is_empty(self) -> bool:
        return not self.added and not self.removed and not self.shading_changed

    def merged(self, later: SceneChange) -> SceneChange:
        """This change followed by `later`, as one."""
        removed = {m.key: m for m in self.removed if m.key not in later.added}
        removed.update((m.key, m) for m in later.removed)
        return SceneChange(
            added=(self.added - removed.keys()) | later.added,
            removed=tuple(removed[k] for k in sorted(removed)),
            shading_changed=self.shading_changed or later.shading_changed,
        )


NO_CHANGE = SceneChange(added=frozenset(), removed=(), shading_changed=False)


class MapScene:
    """The builder: keeps every entry, groups the filtered ones into marks, counts countries.

    Not thread-safe: one thread at a time (the widget's update runner) changes and snapshots it.
    """

    def __init__(self, world: World, *, cluster_radius_px: float = CLUSTER_RADIUS_PX) -> None:
        self.world = world
        self.cluster_radius_px = cluster_radius_px
        self.version = 0  # bumped on every data change
        self.shading_version = 0
        self._groups = MarkGroups(world)
        self._xy: dict[str, tuple[float, float]] = {}  # mark key → world (projected) position
        self._view: SceneView | None = None
        self._shading: dict[str, int] = {}
        self._home_code: str | None = None
        self._home: tuple[float, float] | None = None
        self._pins: tuple[PlacedPin, ...] = ()
        self._arcs: dict[tuple[str, int, int], list[ArcPiece]] = {}  # carried from view to view
        self._route = NO_ROUTE

    # -- data in

    def set_route(self, points: Iterable[RoutePoint]) -> SceneChange:
        """A route to draw over the marks (no points: none)."""
        layer = route_layer(points)
        if layer == self._route:
            return NO_CHANGE
        self._route = layer
        self.version += 1
        return SceneChange(added=frozenset(), removed=(), shading_changed=False)

    def set_entries(self, entries: Iterable[MapEntry]) -> SceneChange:
        """Replace the set of entries (one per IP; a later duplicate IP wins)."""
        return self._apply(self._groups.set_entries(entries))

    def set_filter(self, mark_filter: MarkFilter) -> SceneChange:
        return self._apply(self._groups.set_filter(mark_filter))

    def _apply(self, change: GroupChange) -> SceneChange:
        for key in change.changed:
            mark = self._groups.mark(key)
            if mark is None:
                self._xy.pop(key, None)
            elif key not in self._xy:
                self._xy[key] = forward(mark.lon, mark.lat)
        shading_changed = change.counts_changed and self._update_shading()
        if change.changed or shading_changed:
            self.version += 1
        return SceneChange(
            added=change.added, removed=change.removed, shading_changed=shading_changed
        )

    def set_account_pins(self, pins: Iterable[AccountPin]) -> SceneChange:
        """Where the user's accounts are stored: a pin each, and one more in the country's
        count for the shading (a country that keeps your mail is shaded even when quiet)."""
        placed = []
        for pin in pins:
            point = (
                (pin.lon, pin.lat)
                if pin.lon is not None and pin.lat is not None
                else self.world.representative_point(pin.country_code or "")
            )
            if point is not None:
                placed.append(PlacedPin(pin, *forward(*point)))
        pins_now = tuple(placed)
        if pins_now == self._pins:
            return NO_CHANGE
        self._pins = pins_now
        self.version += 1
        changed = self._update_shading()
        return SceneChange(added=frozenset(), removed=(), shading_changed=changed)

    def _update_shading(self) -> bool:
        counts = Counter(self._groups.country_counts)
        counts.update(p.pin.country_code for p in self._pins if p.pin.country_code)
        shading = {}
        for code, count in counts.items():
            index = shade_index(count)
            if index is not None:
                shading[code] = index
        if shading == self._shading:
            return False
        self._shading = shading
        self.shading_version += 1
        return True

    # -- home

    def set_home(self, country_code: str | None) -> bool:
        """Mark the user's home country; returns False if the code is unknown to the map."""
        code = country_code.upper() if country_code else None
        point = self.world.representative_point(code) if code else None
        self._home_code = code if point else None
        self._home = point
        self._arcs.clear()
        self.version += 1
        return point is not None or code is None

    @property
    def home_code(self) -> str | None:
        return self._home_code

    @property
    def home(self) -> tuple[float, float] | None:
        """Home as (lon, lat), or None."""
        return self._home

    # -- data out

    @property
    def marks(self) -> tuple[MapMark, ...]:
        return self._groups.marks

    def snapshot(self, prefetch_scale: float | None = None) -> SceneView:
        """An immutable view of the scene now; with `prefetch_scale`, clusters and arcs for that
        zoom are computed here (on the caller's thread) rather than when first painted."""
        view = SceneView(
            world=self.world,
            version=self.version,
            shading_version=self.shading_version,
            marks=self.marks,
            positions=dict(self._xy),
            key_of=dict(self._groups.key_of),
            shading=dict(self._shading),
            unplaced=self._groups.unplaced,
            country_counts=dict(self._groups.country_counts),
            entry_count=self._groups.entry_count,
            home=self._home,
            home_code=self._home_code,
            cluster_radius_px=self.cluster_radius_px,
            arc_cache=self._arcs,
            pins=self._pins,
            route=self._route,
        )
        if prefetch_scale is not None:
            view.arcs(view.items(prefetch_scale))
        self._arcs = view.arc_cache_copy()
        return view

    @property
    def view(self) -> SceneView:
        """The view of the current version (made once per version): for exports and tests."""
        if self._view is None or self._view.version != self.version:
            self._view = self.snapshot()
        return self._view


class SceneView:
    """What the painter reads: a consistent, unchanging picture of the scene at one version.

    Its cluster and arc caches are filled by whichever thread holds it; a view is handed from the
    worker to the GUI thread once and not shared after that.
    """

    def __init__(
        self,
        *,
        world: World,
        version: int,
        shading_version: int,
        marks: tuple[MapMark, ...],
        positions: dict[str, tuple[float, float]],
        key_of: dict[str, str],
        shading: dict[str, int],
        unplaced: tuple[MapEntry, ...],
        country_counts: dict[str, int],
        entry_count: int,
        home: tuple[float, float] | None,
        home_code: str | None,
        cluster_radius_px: float,
        arc_cache: Mapping[tuple[str, int, int], list[ArcPiece]] | None = None,
        pins: tuple[PlacedPin, ...] = (),
        route: RouteLayer = NO_ROUTE,
    ) -> None:
        self.world = world
        self.route = route
        self.version = version
        self.shading_version = shading_version
        self.marks = marks
        self._by_key = {m.key: m for m in marks}
        self._xy = positions
        self._key_of = key_of
        self._shading = shading
        self.unplaced = unplaced
        self._counts = country_counts
        self.entry_count = entry_count
        self.home = home  # (lon, lat) or None
        self.home_code = home_code
        self.cluster_radius_px = cluster_radius_px
        self.pins = pins  # the user's accounts, drawn unlike connection marks
        self._items: dict[tuple[int, frozenset[str] | None], tuple[DisplayItem, ...]] = {}
        self._arcs: dict[tuple[str, int, int], list[ArcPiece]] = dict(arc_cache or {})
        self._totals: dict[str, int] | None = None

    def arc_cache_copy(self) -> dict[tuple[str, int, int], list[ArcPiece]]:
        return dict(self._arcs)

    def mark(self, key: str) -> MapMark | None:
        return self._by_key.get(key)

    def mark_for_ip(self, ip: str) -> MapMark | None:
        key = self._key_of.get(ip)
        return self._by_key.get(key) if key else None

    def position(self, key: str) -> tuple[float, float] | None:
        """A mark's world (projected) position."""
        return self._xy.get(key)

    @property
    def country_counts(self) -> Mapping[str, int]:
        return dict(self._counts)

    @property
    def shading(self) -> Mapping[str, int]:
        """Country code → shade step (0…4) for the countries with endpoints."""
        return self._shading

    def regime_totals(self) -> Mapping[str, int]:
        """Endpoints per jurisdiction over all marks (for the legend); cached per version."""
        if self._totals is None:
            totals: Counter[str] = Counter()
            for mark in self.marks:
                for name, count in mark.jurisdictions:
                    totals[name] += count
            self._totals = dict(totals)
        return self._totals

    def zoom_step(self, scale: float) -> int:
        return round(math.log2(max(scale, 1e-9)) * ZOOM_STEPS)

    def items(self, scale: float, spread: frozenset[str] = frozenset()) -> tuple[DisplayItem, ...]:
        """Marks and clusters at this zoom (world coordinates), heaviest first.

        A cluster whose marks sit at one point (a country's centre holds its country-only and
        edge marks) would never split by zooming, so it is fanned out: each mark on a leg around
        the point. So is any cluster whose key is in `spread` (the user clicked it).
        """
        step = self.zoom_step(scale)
        cached = self._items.get((step, spread))
        if cached is not None:
            return cached
        clustered = self._clustered(step)
        if not any(_fans(item, spread) for item in clustered):
            result = clustered
        else:
            nominal = 2.0 ** (step / ZOOM_STEPS)
            out: list[DisplayItem] = []
            for item in clustered:
                if _fans(item, spread):
                    out.extend(self._fan(item, nominal))
                else:
                    out.append(item)
            result = tuple(out)
        self._items[(step, spread)] = result
        return result

    def _fan(self, item: DisplayItem, scale: float) -> list[DisplayItem]:
        """A cluster's marks on a circle around its point, legs `FAN_MIN_PX` or longer."""
        n = len(item.marks)
        leg = max(FAN_MIN_PX, n * FAN_STEP_PX / (2 * math.pi)) / scale
        out = []
        for i, mark in enumerate(item.marks):
            angle = math.pi / 2 - 2 * math.pi * i / n  # from the top, clockwise on screen
            out.append(
                DisplayItem(
                    mark.key,
                    item.x + leg * math.cos(angle),
                    item.y + leg * math.sin(angle),
                    (mark,),
                    mark.count,
                    mark.jurisdiction,
                    mark.jurisdictions,
                    (item.x, item.y),
                )
            )
        return out

    def _clustered(self, step: int) -> tuple[DisplayItem, ...]:
        cached = self._items.get((step, None))
        if cached is not None:
            return cached
        marks = self.marks
        xs = [self._xy[m.key][0] for m in marks]
        ys = [self._xy[m.key][1] for m in marks]
        radius = self.cluster_radius_px / (2.0 ** (step / ZOOM_STEPS))
        items = []
        for cluster in cluster_points(xs, ys, radius, [len(m.entries) for m in marks]):
            if len(cluster.members) == 1:
                mark = marks[cluster.members[0]]
                items.append(
                    DisplayItem(
                        mark.key,
                        cluster.x,
                        cluster.y,
                        (mark,),
                        cluster.weight,
                        mark.jurisdiction,
                        mark.jurisdictions,
                    )
                )
                continue
            members = tuple(marks[i] for i in cluster.members)
            counts: Counter[str] = Counter()
            for mark in members:
                for name, count in mark.jurisdictions:
                    counts[name] += count
            ranked = rank_jurisdictions(counts)
            # The ring also shows the second law of two-law places (after the ranking, so the
            # cluster's own colour stays that of most endpoints).
            extra: Counter[str] = Counter()
            for mark in members:
                for name in mark.laws[1:]:
                    if name not in counts:
                        extra[name] += mark.count
            if extra:
                ranked = ranked + rank_jurisdictions(extra)
            items.append(
                DisplayItem(
                    members[0].key,
                    cluster.x,
                    cluster.y,
                    members,
                    cluster.weight,
                    ranked[0][0],
                    ranked,
                )
            )
        result = tuple(items)
        if len(self._items) > 16:
            self._items.clear()
        self._items[(step, None)] = result
        return result

    def at_one_point(self, item: DisplayItem) -> bool:
        """Whether a cluster's marks all sit at one point (no zoom would split them)."""
        return _at_one_point(item)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """World bounds of every mark (and home), for "fit all"."""
        points = list(self._xy.values())
        points += [(p.x, p.y) for p in self.pins]
        if self.home is not None:
            points.append(forward(*self.home))
        if not points:
            return None
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return (min(xs), min(ys), max(xs), max(ys))

    def arcs(
        self, items: Iterable[DisplayItem], *, limit: int = MAX_ARCS
    ) -> list[tuple[str, list[ArcPiece]]]:
        """Great-circle arcs from home to the heaviest items, as (jurisdiction, cubic pieces).

        Each piece is (x0, y0, c1x, c1y, c2x, c2y, x1, y1) in world units: a cubic Bézier through
        the projected great circle at 0, 1/3, 2/3 and 1 of its length, so an arc costs a few
        projections instead of dozens, and draws as a smooth curve at every zoom.
        """
        if self.home is None:
            return []
        home_lon, home_lat = self.home
        out = []
        for item in sorted(items, key=lambda i: -i.endpoints)[:limit]:
            cache_key = (item.key, round(item.x * 1e4), round(item.y * 1e4))
            pieces = self._arcs.get(cache_key)
            if pieces is None:
                pieces = self._arc_pieces(home_lon, home_lat, item)
                if len(self._arcs) > 4 * MAX_ARCS:
                    self._arcs.clear()
                self._arcs[cache_key] = pieces
            out.append((item.jurisdiction, pieces))
        return out

    def _arc_pieces(self, home_lon: float, home_lat: float, item: DisplayItem) -> list[ArcPiece]:
        mark = item.marks[0]
        lon, lat = (mark.lon, mark.lat) if len(item.marks) == 1 else inverse(item.x, item.y)
        return arc_pieces(home_lon, home_lat, lon, lat)


def _at_one_point(item: DisplayItem) -> bool:
    if len(item.marks) < 2:
        return False
    lon0, lat0 = item.marks[0].lon, item.marks[0].lat
    x0, y0 = forward(lon0, lat0)
    for mark in item.marks[1:]:
        x, y = forward(mark.lon, mark.lat)
        if abs(x - x0) > SAME_POINT or abs(y - y0) > SAME_POINT:
            return False
    return True


def _fans(item: DisplayItem, spread: frozenset[str]) -> bool:
    return item.is_cluster and (item.key in spread or _at_one_point(item))
