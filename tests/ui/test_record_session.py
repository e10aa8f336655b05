"""File → Record session… in the window: what the window watches is written to a capture (the
names it already knew included), finished when stopped or at exit, and replays to the same
rows; a place that cannot take it is said in the banner and watching goes on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.demo import DemoResolver, DemoSource
from app.core.geo.locator import Locator, default_database_paths
from app.core.session.capture import open_capture
from app.core.session.sources import Snapshot
from app.ui.main_window import MainWindow
from app.ui.qt import QWidget
from tests.fixtures.disks import small_disk
from tests.fixtures.personas import CAMILLE
from tests.fixtures.windows import WAIT_MS, WindowFactory


@pytest.fixture
def embedded() -> Iterator[Locator]:
    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with locator:
        yield locator


def named(window: MainWindow, name: str) -> bool:
    return any(e.located.endpoint.hostnames == (name,) for e in window.entries.by_ip.values())


def rows(window: MainWindow) -> set[tuple[str, str | None]]:
    return {
        (c.observation.process, c.observation.remote_ip)
        for c in window.model.snapshot().connections()
    }


def test_a_recorded_session_replays_with_its_names(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    target = tmp_path / "atelier.jsonl"
    asked: list[Path] = []

    def choose(_parent: QWidget, suggested: Path) -> Path:
        asked.append(suggested)
        return target

    window = make_window(embedded, source=DemoSource(CAMILLE), resolver=DemoResolver(CAMILLE))
    window._choose_capture = choose
    qtbot.waitUntil(lambda: named(window, "imap.gmail.com"), timeout=WAIT_MS)  # asked already

    with qtbot.waitSignal(window.recordingStarted, timeout=WAIT_MS):
        window.record_action.trigger()
    assert asked and asked[0].suffix == ".jsonl"
    assert window.status_recording.isVisible() and "atelier.jsonl" in window.status_recording.text()
    assert window.record_action.text() == "Stop &recording"
    polls: list[int] = []
    window.pollApplied.connect(lambda: polls.append(1))
    qtbot.waitUntil(lambda: len(polls) >= 4, timeout=WAIT_MS)
    seen = rows(window)
    with qtbot.waitSignal(window.recordingSaved, timeout=WAIT_MS):
        window.record_action.trigger()
    assert not window.status_recording.isVisible() and not window.recording

    capture = open_capture(target)
    assert capture.snapshots >= 4
    recorded = [e for e in capture.entries() if isinstance(e, Snapshot)]
    assert {(o.process, o.remote_ip) for o in recorded[-1].observations} <= seen | {
        (c.observation.process, c.observation.remote_ip)
        for c in window.model.snapshot().connections()
    }

    replay = make_window(embedded)
    with qtbot.waitSignal(replay.recordingOpened, timeout=WAIT_MS):
        replay.replay(target)
    # A name the window knew before recording started is in the file: the replay shows it.
    qtbot.waitUntil(lambda: named(replay, "imap.gmail.com"), timeout=WAIT_MS)
    replayed = {(o.process, o.remote_ip) for o in recorded[0].observations}
    qtbot.waitUntil(lambda: bool(rows(replay) & replayed), timeout=WAIT_MS)
    assert not replay.record_action.isEnabled() or replay.recording is False


def test_closing_the_window_finishes_the_recording(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    target = tmp_path / "closing.jsonl"
    window = make_window(embedded, source=DemoSource(CAMILLE), resolver=DemoResolver(CAMILLE))
    window.start_recording(target)
    polls: list[int] = []
    window.pollApplied.connect(lambda: polls.append(1))
    qtbot.waitUntil(lambda: len(polls) >= 2, timeout=WAIT_MS)  # one poll begun after the start
    window.close()
    assert target.exists() and not target.with_name("closing.jsonl.part").exists()
    assert open_capture(target).snapshots >= 1


def test_a_folder_that_cannot_take_it_is_said_and_watching_goes_on(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    window = make_window(embedded, source=DemoSource(CAMILLE), resolver=DemoResolver(CAMILLE))
    window.start_recording(tmp_path / "missing" / "day.jsonl")
    assert not window.recording and window.banner.isVisible()
    assert "day.jsonl" in window.banner.text()
    assert window.record_action.text() == "Re&cord session…"
    qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS).wait()


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "small", "16k") as folder:
        yield folder


def test_a_full_disk_stops_the_recording_not_the_watching(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, full_disk: Path
) -> None:
    window = make_window(embedded, source=DemoSource(CAMILLE), resolver=DemoResolver(CAMILLE))
    with qtbot.waitSignal(window.recordingFailed, timeout=WAIT_MS):
        window.start_recording(full_disk / "day.jsonl")
    assert not window.recording and not window.status_recording.isVisible()
    assert "day.jsonl" in window.banner.text()
    polls: list[int] = []
    window.pollApplied.connect(lambda: polls.append(1))
    qtbot.waitUntil(lambda: len(polls) >= 2, timeout=WAIT_MS)  # watching goes on
    assert "no space left on the disk" in window.banner.details
