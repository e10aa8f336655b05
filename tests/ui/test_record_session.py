"""File → Record session… in the window: what the window watches is written to a capture (the
names it already knew included), finished when stopped or at exit, and replays to the same
rows; a place that cannot take it is said in the banner and watching goes on."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import psutil
import pytest

from app.core.connections import PsutilSource
from app.core.demo import DemoResolver, DemoSource
from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator
from app.core.session.capture import open_capture
from app.core.session.sources import Snapshot
from app.ui.main_window import MainWindow
from app.ui.qt import QWidget
from tests.fixtures.disks import small_disk
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_US, OVH_FR
from tests.fixtures.netns import PublicHost
from tests.fixtures.personas import CAMILLE
from tests.fixtures.windows import WAIT_MS, WindowFactory


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


@pytest.mark.netns
def test_real_sockets_recorded_in_the_window_replay_to_the_same_rows_and_marks(
    qtbot: Any,
    make_window: WindowFactory,
    fixture_locator: Locator,
    dns_server: DnsTestServer,
    public_host: Callable[[str], PublicHost],
    tmp_path: Path,
) -> None:
    """A trainer records their machine before the workshop (real connections to two public
    hosts, named by their DNS), then replays it on another machine with no network: the same
    located rows and the same marks on the map."""
    target = tmp_path / "before-the-workshop.jsonl"
    dns_server.add_ptr(OVH_FR.sample_ip, "ns1.ovh-customer.example.")
    dns_server.add("ns1.ovh-customer.example", "A", OVH_FR.sample_ip)
    hosts = [public_host(OVH_FR.sample_ip), public_host(GOOGLE_US.sample_ip)]
    ips = {h.ip for h in hosts}
    with ExitStack() as stack:
        for host in hosts:
            stack.enter_context(socket.create_connection(host.address, timeout=10))
        live = make_window(
            fixture_locator,
            source=PsutilSource(
                net_connections=lambda kind: [
                    c for c in psutil.net_connections(kind) if c.pid == os.getpid()
                ]
            ),
            resolver=ReverseResolver(nameservers=[dns_server.host], port=dns_server.port),
        )
        qtbot.waitUntil(lambda: ips <= set(live.entries.by_ip), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: named(live, "ns1.ovh-customer.example"), timeout=WAIT_MS)
        with qtbot.waitSignal(live.recordingStarted, timeout=WAIT_MS):
            live.start_recording(target)
        polls: list[int] = []
        live.pollApplied.connect(lambda: polls.append(1))
        qtbot.waitUntil(lambda: len(polls) >= 3, timeout=WAIT_MS)
        live.set_paused(True)
        qtbot.waitUntil(lambda: not live.poll_in_flight, timeout=WAIT_MS)
        with qtbot.waitSignal(live.recordingSaved, timeout=WAIT_MS):
            live.stop_recording()
        recorded_rows = located_rows(live, ips)
        recorded_marks = marks_of(live, ips)

    replay = make_window(fixture_locator, source=DemoSource(CAMILLE), resolver=None)
    with qtbot.waitSignal(replay.sourceEnded, timeout=WAIT_MS):  # every snapshot played
        replay.replay(target)
    qtbot.waitUntil(lambda: located_rows(replay, ips) == recorded_rows, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: marks_of(replay, ips) == recorded_marks, timeout=WAIT_MS)
    assert {ip for _p, ip, *_ in recorded_rows} == ips
    assert any("ns1.ovh-customer.example" in names for *_, names in recorded_rows)


def located_rows(window: MainWindow, ips: set[str]) -> set[tuple[object, ...]]:
    """What the table says of each connection to ``ips``: process, address, port, place, company,
    law and names (not the time it was read)."""
    out = set()
    for connection in window.model.snapshot().connections():
        located = connection.located
        if connection.observation.remote_ip not in ips or located is None:
            continue
        where = located.location
        out.add(
            (
                connection.observation.process,
                located.ip,
                connection.observation.remote_port,
                where.country_code if where else None,
                where.city if where else None,
                located.provider.key if located.provider else None,
                located.verdict.category.value if located.verdict else None,
                located.endpoint.hostnames,
            )
        )
    return out


def marks_of(window: MainWindow, ips: set[str]) -> set[tuple[str, tuple[str, ...]]]:
    """The map's marks holding ``ips``: each mark's place and the addresses in it."""
    return {
        (mark.key, tuple(sorted(e.ip for e in mark.entries)))
        for item in window.map.display_items()
        for mark in item.marks
        if any(e.ip in ips for e in mark.entries)
    }
