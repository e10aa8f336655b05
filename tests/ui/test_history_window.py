"""The window keeps a history while it watches: each poll in the SQLite file off the GUI thread,
what it saw with where it was then; a file it cannot use is said and watching goes on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.demo import DemoResolver, DemoSource
from app.core.geo.locator import Locator
from app.core.history.period import HistoryPeriod, PeriodSource
from app.core.history.store import HistoryStore, Place, Sighting
from app.core.report.produce import ReportFormat, ReportOptions
from app.core.settings import SettingsStore
from app.ui.launch import Windows, demo_window
from app.ui.main_window import MainWindow
from app.ui.report_dialog import ReportRequest
from app.ui.tasks import TaskRunner
from tests.fixtures.personas import LEA
from tests.fixtures.windows import WAIT_MS, WindowFactory


def test_each_poll_goes_into_the_history_file(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    window = make_window(embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA), history=path)
    assert window.history is not None
    written: list[int] = []
    window.history.written.connect(lambda: written.append(1))
    qtbot.waitUntil(lambda: len(written) >= 5, timeout=WAIT_MS)
    window.close()
    qtbot.waitUntil(
        lambda: not path.with_name(path.name + "-wal").exists() or True, timeout=WAIT_MS
    )
    store = HistoryStore(path)
    seen = store.since(0)
    first = {o.remote_ip for o in LEA.snapshot(0).observations}
    assert first <= {s.place.ip for s in seen}
    mairie = next(s for s in seen if s.place.ip == "193.70.18.144")
    assert (mairie.program, mairie.place.city, mairie.place.company) == (
        "thunderbird",
        "Roubaix",
        "OVHcloud",
    )
    assert mairie.observations >= 5 and mairie.last_seen > mairie.first_seen
    store.close()


def test_a_history_that_cannot_be_kept_is_said_and_watching_goes_on(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    window = make_window(
        embedded,
        source=DemoSource(LEA),
        resolver=DemoResolver(LEA),
        history=blocked / "history.sqlite3",  # its folder cannot be made
    )
    qtbot.waitUntil(lambda: "history" in window.banner.text().casefold(), timeout=WAIT_MS)
    polls: list[int] = []
    window.pollApplied.connect(lambda: polls.append(1))
    qtbot.waitUntil(lambda: len(polls) >= 2, timeout=WAIT_MS)  # still watching


def test_forget_history_asks_then_deletes_everything_and_starts_afresh(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def confirm(_parent: object, _title: str, question: str) -> bool:
        asked.append(question)
        return answers.pop(0)

    window = make_window(
        embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA), history=path, confirm=confirm
    )
    assert window.history is not None and window.forget_history_action.isEnabled()
    written: list[int] = []
    window.history.written.connect(lambda: written.append(1))
    qtbot.waitUntil(lambda: len(written) >= 3, timeout=WAIT_MS)

    window.forget_history_action.trigger()  # "No": nothing happens
    assert "cannot be undone" in asked[0]
    qtbot.waitUntil(lambda: len(written) >= 5, timeout=WAIT_MS)
    kept = HistoryStore(path)
    counted_before = max(s.observations for s in kept.since(0))
    kept.close()
    assert counted_before >= 5

    with qtbot.waitSignal(window.history.forgotten, timeout=WAIT_MS) as forgotten:
        window.forget_history_action.trigger()  # "Yes"
    assert forgotten.args[0] >= 1  # the file (and its -wal and -shm while open)
    assert "History forgotten" in window.statusBar().currentMessage()
    written.clear()
    qtbot.waitUntil(lambda: len(written) >= 2, timeout=WAIT_MS)  # watching and recording go on
    fresh = HistoryStore(path)
    counted_after = max(s.observations for s in fresh.since(0))
    fresh.close()
    assert counted_after < counted_before  # counted afresh: the old polls are gone


def test_a_window_without_history_cannot_forget_one(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = make_window(embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA))
    assert window.history is None and not window.forget_history_action.isEnabled()


def test_a_period_of_the_history_opens_in_a_window_with_its_map_table_and_report(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    opened: list[MainWindow] = []

    def open_period(period: HistoryPeriod, label: str) -> None:
        opened.append(make_window(embedded, source=PeriodSource(period), mode=f"History: {label}"))

    window = make_window(
        embedded,
        source=DemoSource(LEA),
        resolver=DemoResolver(LEA),
        history=path,
        open_period_window=open_period,
    )
    assert window.history is not None
    written: list[int] = []
    window.history.written.connect(lambda: written.append(1))
    qtbot.waitUntil(lambda: len(written) >= 4, timeout=WAIT_MS)
    window.set_paused(True)
    window.open_period(0.0, 2e9, "the last 7 days")
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=WAIT_MS)
    period_window = opened[0]
    store = HistoryStore(path)
    sightings = store.since(0)
    store.close()
    pairs = {(s.program, s.place.ip) for s in sightings}
    qtbot.waitUntil(lambda: period_window.model.rowCount() == len(pairs), timeout=WAIT_MS)
    assert {
        (row.observation.process, row.observation.remote_ip)
        for row in period_window.model.snapshot().connections()
    } == pairs
    qtbot.waitUntil(
        lambda: {ip for _p, ip in pairs} <= set(period_window.entries.by_ip), timeout=WAIT_MS
    )
    assert "program–address pairs of this period" in period_window.statusBar().currentMessage()
    assert period_window.history is None  # a period is read, never written
    # Its report spans the history's sightings, with their counts.
    report = tmp_path / "period.json"
    with qtbot.waitSignal(period_window.reportWritten, timeout=WAIT_MS * 3):
        period_window.write_report(ReportRequest(report, ReportOptions(ReportFormat.JSON, "en")))
    written_report = json.loads(report.read_text(encoding="utf-8"))
    assert written_report["period"]["kind"] == "history"
    counts = {s.observations for s in sightings}
    assert max(counts) >= 4
    assert max(row["observations"] for row in written_report["connections"]) == max(counts)


def test_the_app_opens_a_period_beside_its_window_and_lets_closed_ones_go(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    store = SettingsStore(tmp_path / "config")
    windows = Windows(store, runner, "en")
    main = demo_window(store, runner, "lea", language="en")
    windows.show(main)
    qtbot.addWidget(main)
    sighting = Sighting("thunderbird", Place("193.70.18.144", "FR"), 1.0, 2.0, 3, "tcp", 993)
    first = windows.open_period(HistoryPeriod(0.0, 3.0, (sighting,)), "the last 24 hours")
    # Its parent is the window on screen: the app quits when that one closes, not before.
    assert first.parent() is main and first.isWindow() and first.isVisible()
    assert first.status_mode.text() == "History: the last 24 hours"
    qtbot.waitUntil(lambda: first.model.rowCount() == 1, timeout=WAIT_MS)
    first.close()
    with qtbot.waitSignal(first.destroyed, timeout=WAIT_MS):
        second = windows.open_period(HistoryPeriod(0.0, 3.0, (sighting,)), "the last 7 days")
    assert windows.periods == [second]
    second.close()


def test_polls_before_the_databases_open_are_not_written_as_places_unknown(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    # No locator given: the window opens the databases itself while its first polls run.
    window = make_window(None, source=DemoSource(LEA), resolver=DemoResolver(LEA), history=path)
    assert window.history is not None and window.locator is None
    written: list[int] = []
    window.history.written.connect(lambda: written.append(1))
    qtbot.waitUntil(lambda: len(written) >= 3, timeout=WAIT_MS)
    window.close()
    store = HistoryStore(path)
    found = store.since(0)
    relocated = store.relocations()
    store.close()
    assert found and all(s.place.law for s in found)  # every place had an answer
    assert relocated == 0  # a first answer is not a relocation
