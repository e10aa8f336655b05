"""Holding a demo or a recording on one moment, going one poll further, and playing faster: a
trainer's controls (View → Pause F6, Step F7, and the toolbar's speed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.demo import DemoResolver, DemoSource, demo_accounts_source
from app.core.geo.locator import Locator
from app.ui.main_window import MainWindow
from tests.fixtures.captures import record_demo
from tests.fixtures.personas import CAMILLE
from tests.fixtures.windows import WAIT_MS, WindowFactory

QUIET_MS = 1500  # several poll intervals (0.2 s in these windows) with nothing happening


def polls(window: MainWindow) -> list[int]:
    counted: list[int] = []
    window.pollApplied.connect(lambda: counted.append(1))
    return counted


def test_pause_holds_the_demo_and_step_goes_one_poll_further(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = make_window(
        embedded,
        source=DemoSource(CAMILLE),
        resolver=DemoResolver(CAMILLE),
        accounts_source=demo_accounts_source(CAMILLE),
    )
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
    assert window.pause_action in window.toolbar.actions()
    assert not window.step_action.isEnabled()

    window.pause_action.trigger()
    qtbot.waitUntil(lambda: not window.poll_in_flight, timeout=WAIT_MS)
    counted = polls(window)
    with qtbot.assertNotEmitted(window.pollApplied, wait=QUIET_MS):
        pass
    assert window.paused and not window.timer.isActive() and window.step_action.isEnabled()
    assert window.pause_action.text() == "&Play"

    with qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS):
        window.step_action.trigger()
    with qtbot.assertNotEmitted(window.pollApplied, wait=QUIET_MS):
        pass
    assert counted == [1]  # one step, one poll

    window.pause_action.trigger()
    qtbot.waitUntil(lambda: len(counted) >= 3, timeout=WAIT_MS)
    assert not window.paused and window.timer.isActive() and not window.step_action.isEnabled()


def test_speed_shortens_the_interval_of_a_demo_only(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    live = make_window(embedded)
    assert not live.speed_widget.isVisible()  # live polls keep the settings' interval

    demo = make_window(embedded, source=DemoSource(CAMILLE), resolver=DemoResolver(CAMILLE))
    # A demo shows its mode like the launcher's; the factory's demo has none: play it as one.
    demo._mode = "Demo"
    base = demo.timer.interval()
    demo.set_speed(4.0)
    assert demo.speed == 4.0 and demo.timer.interval() == max(100, round(base / 4))
    demo.set_speed(0.5)
    assert demo.timer.interval() == base * 2


def test_a_recording_plays_step_by_step_to_its_end(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    capture = tmp_path / "workshop.jsonl"
    record_demo(capture, embedded, 3)
    window = make_window(embedded)
    window.pause_action.trigger()
    with qtbot.waitSignal(window.recordingOpened, timeout=WAIT_MS):
        window.replay(capture)
    assert window.speed_widget.isVisible() and not window.paused  # a new source plays
    window.pause_action.trigger()
    qtbot.waitUntil(lambda: not window.poll_in_flight, timeout=WAIT_MS)

    for _ in range(4):
        if not window.step_action.isEnabled():
            break
        with qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS):
            window.step_action.trigger()
    qtbot.waitUntil(lambda: not window.pause_action.isEnabled(), timeout=WAIT_MS)
    assert not window.step_action.isEnabled()  # the recording is over: nothing to step to
