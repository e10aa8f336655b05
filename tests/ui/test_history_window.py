"""The window keeps a history while it watches: each poll in the SQLite file off the GUI thread,
what it saw with where it was then; a file it cannot use is said and watching goes on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.demo import DemoResolver, DemoSource
from app.core.geo.locator import Locator
from app.core.history.store import HistoryStore
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
