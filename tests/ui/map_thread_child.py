"""Child process for tests/ui/test_map_threads.py: map painting that moves between threads.

A segmentation fault must not take the test session down, so the painting runs here and the test
reads the exit status and stderr. Two modes:

- ``renderer ROUNDS``: one MapRenderer paints the data layer on a new QThread each round, each
  thread ending before the next starts (what a pool thread's 30 s expiry does); every picture
  must equal the one a second renderer with the same history paints, also on a new thread.
- ``widget ROUNDS``: a MapWidget whose runner starts each update on a new thread that ends before
  the next update; every update must arrive.

Prints one line ``ok <rounds> <thread changes>`` on success; exits 1 with a reason otherwise.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable, Sequence
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, QThread, QTimer, Signal, SignalInstance
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.core.geo.viewport import HOME_BOUNDS, Viewport
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
from app.ui.map.renderer import MapRenderer
from app.ui.map.scene import MapScene, SceneView
from app.ui.map.widget import Frame, MapWidget, render_data
from tests.fixtures.personas import CAMILLE

WAIT_MS = 60_000


class _Job(QThread):
    """Runs one function on its own, new thread."""

    def __init__(self, func: Callable[[], Any], ended: SignalInstance | None = None) -> None:
        super().__init__()
        self.func = func
        self.ended = ended  # emitted with this job when func has returned
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.func()
        except Exception as exc:  # noqa: BLE001 — reported by the caller
            self.error = exc
        if self.ended is not None:
            self.ended.emit(self)


def on_new_thread(func: Callable[[], Any]) -> Any:
    """Call `func` on a thread that starts for it and has ended when this returns."""
    job = _Job(func)
    job.start()
    if not job.wait(WAIT_MS):
        raise SystemExit("a painting thread did not end")
    if job.error is not None:
        raise job.error
    return job.result


class FreshThreadRunner(QObject):
    """The window's Runner protocol, each task on a new thread that ends before the next."""

    _finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._jobs: dict[_Job, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._finished.connect(self._deliver)

    def run_task(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        def fail(error: BaseException) -> None:
            raise SystemExit(f"map update failed: {error!r}")

        job = _Job(func, self._finished)
        self._jobs[job] = (on_done, on_error or fail)
        job.start()

    def _deliver(self, job: _Job) -> None:
        on_done, on_error = self._jobs.pop(job)
        job.wait()  # the thread has ended: the next task gets a new one
        if job.error is not None:
            on_error(job.error)
        else:
            on_done(job.result)

    def bounded(self, max_threads: int) -> FreshThreadRunner:
        return self

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        return all(job.wait(timeout_ms) for job in list(self._jobs))


def many_entries(world: World, count: int = 3000) -> list[MapEntry]:
    """Endpoints in every country (fixed seed): hundreds of clusters with different counts."""
    rng = random.Random(7)
    codes = sorted(world.countries)
    entries = []
    for n in range(count):
        code = codes[n % len(codes)]
        lon, lat = world.countries[code].label
        located = LocatedEndpoint(
            endpoint=Endpoint(ip=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"),
            scope=AddressScope.PUBLIC,
            location=Location(
                country_code=code,
                city=f"City {n % 13}",
                latitude=lat + rng.uniform(-2, 2),
                longitude=lon + rng.uniform(-2, 2),
                kind=LocationKind.EXACT,
            ),
            network=Network(asn=64500 + n % 7, organisation=f"Provider {n % 7}"),
        )
        entries.append(
            MapEntry(
                located=located,
                processes=("browser",),
                provider=f"Provider {n % 7}",
                jurisdiction=("EU_GDPR", "US_REACH", "OTHER")[n % 3],
                category=Category.OTHER,
            )
        )
    return entries


def _view(world: World, entries: Sequence[MapEntry]) -> SceneView:
    scene = MapScene(world)
    scene.set_entries(entries)
    scene.set_home(CAMILLE.home)
    return scene.snapshot()


def renderer_rounds(rounds: int) -> int:
    world = load_world()
    view = _view(world, many_entries(world))
    frame = Frame(Viewport.fit(HOME_BOUNDS, 960, 540), 1.0, frozenset(), True)
    clusters = [i for i in view.items(frame.viewport.scale) if i.is_cluster]
    if not clusters:
        raise SystemExit("the view has no cluster: no count label would be drawn")
    renderer = MapRenderer(world)
    on_new_thread(lambda: render_data(renderer, view, frame))
    # Text drawn first on a thread differs by a few pixels from text drawn once its glyphs are
    # cached, and a look becomes a sprite the second time: the pictures to compare are those of
    # a renderer with the same history, each round on a new thread of its own.
    reference = MapRenderer(world)
    on_new_thread(lambda: render_data(reference, view, frame))
    for n in range(1, rounds):
        image: QImage = on_new_thread(lambda: render_data(renderer, view, frame)[0])
        expected: QImage = on_new_thread(lambda: render_data(reference, view, frame)[0])
        if image != expected:
            raise SystemExit(f"round {n}: the picture is not the one expected")
    return renderer.thread_changes


def widget_rounds(rounds: int) -> int:
    world = load_world()
    runner = FreshThreadRunner()
    widget = MapWidget(world, runner=runner)
    widget.resize(960, 540)
    widget.show()
    widget.set_home(CAMILLE.home)
    entries = many_entries(world)
    arrived = 0
    for n in range(rounds):
        loop = QEventLoop()
        widget.updated.connect(loop.quit)
        QTimer.singleShot(WAIT_MS, loop.quit)
        widget.set_entries(entries[: len(entries) - 100 * n])  # a different set each round
        loop.exec()
        widget.updated.disconnect(loop.quit)
        while widget.is_updating():  # set_home and set_entries may arrive as two updates
            loop = QEventLoop()
            widget.updated.connect(loop.quit)
            QTimer.singleShot(WAIT_MS, loop.quit)
            loop.exec()
            widget.updated.disconnect(loop.quit)
        if not widget.view.marks:
            raise SystemExit(f"round {n}: no marks arrived")
        arrived += 1
        widget.repaint()  # the GUI thread paints too, with its own renderer
    runner.shutdown()
    return arrived


def main() -> int:
    mode, rounds = sys.argv[1], int(sys.argv[2])
    app = QApplication.instance() or QApplication(["map_thread_child"])
    count = renderer_rounds(rounds) if mode == "renderer" else widget_rounds(rounds)
    print(f"ok {rounds} {count}", flush=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
