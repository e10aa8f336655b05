"""World map benchmark: frame time with 5,000 endpoints, and the GUI-thread cost of a big poll.

Figures (targets from the issue): the median milliseconds to render a 1920×1080 frame with 5,000
endpoints after warm-up (target < 50 ms) and its ratio to the bare country layer rendered in the
same run (target < 2); then the time the GUI thread spends when one poll adds 1,000 endpoints to
the 5,000 (target ≤ 30 ms): the widget's update call, applying the result the worker thread
worked out (marks, clusters, arcs and the new layers), and the repaint that shows it. For
comparison, the same poll done wholly on the GUI thread is printed too.

A frame here is drawn from vectors every time (no layer cache, sprites warm), as when the user
pans; a plain repaint of an unchanged view in the widget only copies two cached images. Endpoints
are synthetic (fixed seed): 75 % at cities, 15 % country only, 10 % edge, all regimes mixed.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core.geo.world import World, load_world
from app.core.map_marks import MapEntry
from app.core.model import (
    AddressScope,
    Category,
    Endpoint,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
)

if TYPE_CHECKING:
    from app.ui.map.widget import MapWidget

WIDTH, HEIGHT = 1920, 1080
ENDPOINTS = 5000
NEW_IN_ONE_POLL = 1000
WARM_UP = 3
FRAMES = 15
REGIMES = ("EU_GDPR", "ADEQUACY", "US_REACH", "OTHER", "UNKNOWN")


def synthetic_entries(world: World, count: int, *, seed: int, first_ip: int = 0) -> list[MapEntry]:
    """Endpoints spread over the world's countries: 75 % cities, 15 % country only, 10 % edge."""
    rng = random.Random(seed)
    codes = sorted(world.countries)
    out = []
    for n in range(first_ip, first_ip + count):
        code = rng.choice(codes)
        lon, lat = world.countries[code].label
        roll = rng.random()
        kind = (
            LocationKind.EXACT
            if roll < 0.75
            else LocationKind.ZONE
            if roll < 0.9
            else LocationKind.EDGE
        )
        located = LocatedEndpoint(
            endpoint=Endpoint(ip=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"),
            scope=AddressScope.PUBLIC,
            location=Location(
                country_code=code,
                city=f"City {n % 97}" if kind is not LocationKind.ZONE else None,
                latitude=None if kind is LocationKind.ZONE else lat + rng.uniform(-2, 2),
                longitude=None if kind is LocationKind.ZONE else lon + rng.uniform(-2, 2),
                kind=kind,
            ),
            network=Network(asn=64500 + n % 50, organisation=f"Provider {n % 50}"),
        )
        out.append(
            MapEntry(
                located=located,
                processes=(f"process-{n % 30}",),
                provider=f"Provider {n % 50}",
                jurisdiction=rng.choice(REGIMES),
                category=Category.OTHER,
            )
        )
    return out


def main() -> None:
    from PySide6.QtTest import QTest

    from app.core.geo.viewport import HOME_BOUNDS, Viewport
    from app.ui.map.renderer import MapRenderer
    from app.ui.map.scene import MapScene
    from app.ui.map.widget import MapWidget
    from app.ui.qt import QApplication, QImage, QPainter
    from app.ui.tasks import SynchronousTaskRunner

    app = QApplication.instance() or QApplication(["bench_map"])
    world = load_world()
    renderer = MapRenderer(world)
    scene = MapScene(world)
    entries = synthetic_entries(world, ENDPOINTS, seed=1)
    scene.set_entries(entries)
    scene.set_home("FR")
    view = scene.view
    empty = MapScene(world).view
    viewport = Viewport.fit(HOME_BOUNDS, WIDTH, HEIGHT)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)

    def full_frame() -> None:
        painter = QPainter(image)
        renderer.paint_all(painter, viewport, view)
        painter.end()

    def bare_frame() -> None:
        painter = QPainter(image)
        renderer.paint_base(painter, viewport, empty.shading)
        painter.end()

    full, bare = interleaved_medians(full_frame, bare_frame)
    items = len(view.items(viewport.scale))
    print(f"map frame, {ENDPOINTS} endpoints ({len(view.marks)} places, {items} marks and")
    print(f"  clusters drawn) at {WIDTH}x{HEIGHT}: median {full:.1f} ms (target < 50 ms)")
    print(f"bare country layer, same run: median {bare:.1f} ms")
    print(f"ratio full / bare: {full / bare:.2f} (target < 2)")

    widget = MapWidget(world)  # updates worked out on its own worker thread, as in the app
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    QTest.qWaitForWindowExposed(widget)
    widget.set_home("FR")
    widget.set_entries(entries)
    wait_for_update(widget)
    widget.repaint()
    QTest.qWait(1600)  # let the first set's pulses end: measure the poll, not them
    more = entries + synthetic_entries(world, NEW_IN_ONE_POLL, seed=2, first_ip=ENDPOINTS)
    start = time.perf_counter()
    widget.set_entries(more)
    call_ms = (time.perf_counter() - start) * 1000
    wait_for_update(widget)
    start = time.perf_counter()
    widget.repaint()  # the frame that shows the update (its layers came with it)
    paint_ms = (time.perf_counter() - start) * 1000
    if not widget.painted_layers():
        raise RuntimeError("the map did not repaint: the figure would be meaningless")
    total = call_ms + widget.last_update_ms + paint_ms
    print(
        f"GUI thread, one poll adding {NEW_IN_ONE_POLL} endpoints to {ENDPOINTS}: {total:.1f} ms "
        f"(call {call_ms:.1f} + apply {widget.last_update_ms:.1f} + paint {paint_ms:.1f}; "
        "target ≤ 30 ms); marks and clusters are worked out on a worker thread"
    )
    widget.close()

    # The same poll with everything done on the GUI thread, for comparison.
    inline = MapWidget(world, runner=SynchronousTaskRunner())
    inline.resize(WIDTH, HEIGHT)
    inline.show()
    QTest.qWaitForWindowExposed(inline)
    inline.set_home("FR")
    inline.set_entries(entries)
    inline.repaint()
    start = time.perf_counter()
    inline.set_entries(more)
    inline.repaint()
    inline_ms = (time.perf_counter() - start) * 1000
    print(f"  (the same poll worked out on the GUI thread itself would take {inline_ms:.1f} ms)")
    inline.close()
    del app


def interleaved_medians(
    first: Callable[[], None], second: Callable[[], None]
) -> tuple[float, float]:
    """Median ms of each, measured alternately so a busy machine slows both alike."""
    for _ in range(WARM_UP):
        first()
        second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(FRAMES):
        for run, samples in ((first, a), (second, b)):
            start = time.perf_counter()
            run()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(a), statistics.median(b)


def wait_for_update(widget: MapWidget, timeout_s: float = 30.0) -> None:
    from PySide6.QtTest import QTest

    deadline = time.monotonic() + timeout_s
    while widget.is_updating():
        if time.monotonic() > deadline:
            raise RuntimeError("the map did not finish updating")
        QTest.qWait(1)


if __name__ == "__main__":
    main()
