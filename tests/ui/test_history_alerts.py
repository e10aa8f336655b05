"""Alerts from real sockets: a program of this machine (the test itself) connects to hosts in
network namespaces with public-looking addresses; the window's history compares the poll with
where the program went before, logs the alerts and notifies, or keeps quiet while snoozed."""

from __future__ import annotations

import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import psutil
import pytest

from app.core.connections import PsutilSource
from app.core.geo.locator import Locator
from app.core.history.alerts import LEARNING_DAYS
from app.core.history.recorder import place_of
from app.core.history.store import DAY_S, HistoryStore
from app.core.settings import Settings
from tests.fixtures.geo import APPLE_US, OVH_FR
from tests.fixtures.history import seen
from tests.fixtures.netns import PublicHost
from tests.fixtures.windows import WAIT_MS, WindowFactory, own_sockets

US_HOST = APPLE_US.sample_ip  # a US company placed in the United States (no edge)
PROGRAM = psutil.Process().name()  # what psutil calls this test's process


@pytest.fixture
def window_source() -> Callable[[], PsutilSource]:
    """Only this test's own sockets: other tests' closed connections (no program any more)
    would raise alerts of their own."""
    return own_sockets


def _history_that_knows(path: Path, locator: Locator, ip: str) -> None:
    """A history begun two days ago (its learning day over) in which this program already
    went to ``ip``'s country and company."""
    store = HistoryStore(path)
    store.record(seen(time.time() - 2 * DAY_S, ((PROGRAM, place_of(locator.locate(ip))),)))
    store.close()
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "UPDATE meta SET value = ? WHERE key = 'started'",
            (time.time() - (LEARNING_DAYS + 1) * DAY_S,),
        )
    db.close()


@contextmanager
def _connected(hosts: list[PublicHost]) -> Iterator[None]:
    with ExitStack() as stack:
        for host in hosts:
            stack.enter_context(socket.create_connection(host.address, timeout=10))
        yield


@pytest.mark.netns
def test_a_new_country_and_us_law_reach_are_notified_and_logged(
    qtbot: Any,
    tmp_path: Path,
    make_window: WindowFactory,
    fixture_locator: Locator,
    public_host: Callable[[str], PublicHost],
) -> None:
    path = tmp_path / "history.sqlite3"
    _history_that_knows(path, fixture_locator, OVH_FR.sample_ip)
    hosts = [public_host(OVH_FR.sample_ip), public_host(US_HOST)]
    with _connected(hosts):
        window = make_window(fixture_locator, history=path, settings=Settings(poll_interval_s=0.2))
        with qtbot.waitSignal(window.alertNotified, timeout=WAIT_MS) as notified:
            pass
        title, text = notified.args
        assert title == "Your data went somewhere new"
        assert (
            f"{PROGRAM} sent data to a server in the {APPLE_US.country_name} for the first" in text
        )
        assert "“US law reach”" in text
        assert "France" not in text  # known from the day before yesterday
        assert PROGRAM in window.statusBar().currentMessage()
        window.close()
    store = HistoryStore(path)
    logged = [a for a in store.alerts() if a.program == PROGRAM]
    store.close()
    assert sorted((a.kind, a.place.ip) for a in logged) == [
        ("new_country", US_HOST),
        ("regime", US_HOST),
    ]
    assert logged[0].place.country == "US" and logged[0].place.law == "US_REACH"


@pytest.mark.netns
def test_snoozed_or_switched_off_notifications_still_log_the_alerts(
    qtbot: Any,
    tmp_path: Path,
    make_window: WindowFactory,
    fixture_locator: Locator,
    public_host: Callable[[str], PublicHost],
) -> None:
    path = tmp_path / "history.sqlite3"
    _history_that_knows(path, fixture_locator, OVH_FR.sample_ip)
    host = public_host(US_HOST)
    with _connected([host]):
        window = make_window(
            fixture_locator,
            history=path,
            settings=Settings(poll_interval_s=0.2, alerts_snoozed_until=time.time() + 3600),
        )
        assert window.history is not None
        notified: list[str] = []
        window.alertNotified.connect(lambda _title, text: notified.append(text))
        with qtbot.waitSignal(window.history.alerted, timeout=WAIT_MS) as alerted:
            pass
        assert {a.kind for a in alerted.args[0] if a.program == PROGRAM} == {
            "new_country",
            "regime",
        }
        assert notified == []
        window.close()


@pytest.mark.netns
def test_nothing_is_notified_during_the_learning_day(
    qtbot: Any,
    tmp_path: Path,
    make_window: WindowFactory,
    fixture_locator: Locator,
    public_host: Callable[[str], PublicHost],
) -> None:
    path = tmp_path / "history.sqlite3"  # a new history: everything is new, nothing is said
    host = public_host(US_HOST)
    with _connected([host]):
        window = make_window(fixture_locator, history=path, settings=Settings(poll_interval_s=0.2))
        assert window.history is not None
        alerted: list[object] = []
        window.history.alerted.connect(alerted.append)
        written: list[int] = []
        window.history.written.connect(lambda: written.append(1))
        qtbot.waitUntil(lambda: len(written) >= 5, timeout=WAIT_MS)
        window.close()
    assert alerted == []
    store = HistoryStore(path)
    assert store.alerts() == ()
    assert any(s.place.ip == US_HOST and s.program == PROGRAM for s in store.since(0))
    store.close()


@pytest.mark.netns
def test_the_bytes_a_program_sends_are_kept_with_its_sighting(
    qtbot: Any,
    tmp_path: Path,
    make_window: WindowFactory,
    fixture_locator: Locator,
    public_host: Callable[[str], PublicHost],
) -> None:
    path = tmp_path / "history.sqlite3"
    host = public_host(US_HOST)
    with socket.create_connection(host.address, timeout=10) as client:
        window = make_window(fixture_locator, history=path, settings=Settings(poll_interval_s=0.2))
        assert window.history is not None
        written: list[int] = []
        window.history.written.connect(lambda: written.append(1))
        qtbot.waitUntil(lambda: len(written) >= 2, timeout=WAIT_MS)
        client.sendall(b"x" * 40_000)  # held by the host's kernel: acknowledged, never read

        def sent() -> int:
            store = HistoryStore(path)
            try:
                mine = [s for s in store.since(0) if s.place.ip == US_HOST]
            finally:
                store.close()
            return sum(s.sent or 0 for s in mine)

        qtbot.waitUntil(lambda: sent() >= 40_000, timeout=WAIT_MS)
        window.close()
    assert sent() <= 40_001  # counted once, not once per poll
