"""The window on other sources than this computer: the demo persona and recordings.

The demo runs through the whole engine (made-up sockets and DNS answers, real embedded data);
a recording replayed in the window gives the rows `datalocator scan --replay --once` prints for
the same file; a file that is not a usable capture is said in the banner, and the window goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.exceptions import TimeoutError as WaitTimeout

from app.core.demo import DemoResolver, DemoSource, demo_accounts_source, demo_details
from app.core.geo.locator import Locator, default_database_paths
from app.core.geo.world import World
from app.core.model import Category
from app.core.serialise import connection_record
from app.core.settings import Settings, SettingsStore
from app.ui.main_window import MainWindow
from app.ui.services import open_embedded_locator
from app.ui.tasks import TaskRunner
from tests.fixtures.captures import record_demo
from tests.fixtures.cli import run_datalocator
from tests.fixtures.personas import CAMILLE
from tests.fixtures.windows import WAIT_MS

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def embedded_locator() -> Iterator[Locator]:
    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with locator:
        yield locator


def make(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, world: World, **options: Any
) -> MainWindow:
    store = SettingsStore(tmp_path / "config")
    store.save(Settings(poll_interval_s=0.2))
    source = options.pop("source")
    resolver = options.pop("resolver", None)
    window = MainWindow(
        source, None, resolver, store, runner, world=world, show_flags=False, **options
    )
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def countries(window: MainWindow) -> set[str | None]:
    return {
        e.located.location.country_code
        for e in window.entries.by_ip.values()
        if e.located.location is not None
    }


def test_the_demo_runs_the_whole_window(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, world: World
) -> None:
    window = make(
        qtbot,
        tmp_path,
        runner,
        world,
        source=DemoSource(CAMILLE),
        resolver=DemoResolver(CAMILLE),
        open_locator=open_embedded_locator,
        system_home=lambda: CAMILLE.home,
        entry_details=demo_details(CAMILLE),
        mode="Demo",
        accounts_source=demo_accounts_source(CAMILLE),
    )
    # Her accounts, never the presenter's: where her mail and photos are kept, on the map too.
    qtbot.waitUntil(lambda: len(window.accounts.placed_accounts) == 3, timeout=WAIT_MS)
    by_key = {p.account.key: p for p in window.accounts.placed_accounts}
    assert {p.location.country_code for p in by_key["demo:proton"].storage if p.location} == {"CH"}
    assert by_key["demo:gmail"].storage and by_key["demo:icloud"].storage
    assert not window.accounts_panel.entry_field.isVisibleTo(window.accounts_panel)
    qtbot.waitUntil(lambda: len(window.map.view.pins) >= 3, timeout=WAIT_MS)
    # Names arrive through the engine's PTR look-ups, locations from the embedded data.
    qtbot.waitUntil(
        lambda: any(
            e.located.endpoint.hostnames == ("imap.gmail.com",)
            for e in window.entries.by_ip.values()
        ),
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: {"US", "IE", "CH", "DE"} <= countries(window), timeout=WAIT_MS)
    entries = window.entries.by_ip.values()
    categories = {entry.category for entry in entries}
    assert {Category.MAIL, Category.PHOTOS, Category.OTHER} <= categories
    assert any(entry.accounts for entry in entries)
    assert all(not e.located.endpoint.claimed for e in entries)  # the persona's names lead back
    assert window.status_mode.isVisible() and window.status_mode.text() == "Demo"
    assert window.home_country == CAMILLE.home
    # The demo goes on: sockets open and close from one snapshot to the next.
    seen_ports = {window.model.observation(r).local_port for r in range(window.model.rowCount())}
    qtbot.waitUntil(
        lambda: (
            {window.model.observation(r).local_port for r in range(window.model.rowCount())}
            != seen_ports
        ),
        timeout=WAIT_MS,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(0)  # one turn of the event loop: the last map picture is painted
    assert window.grab().save(str(ARTIFACTS / "demo-window.png"))
    window.close()


def record_one_snapshot(path: Path, locator: Locator) -> None:
    record_demo(path, locator, 1)


def window_records(window: MainWindow) -> list[dict[str, Any]]:
    records = [
        connection_record(window.model.connection(r)) for r in range(window.model.rowCount())
    ]
    return sorted(json.loads(json.dumps(records)), key=json.dumps)


def test_a_recording_replays_in_the_window_as_scan_prints_it(
    qtbot: Any,
    tmp_path: Path,
    runner: TaskRunner,
    world: World,
    embedded_locator: Locator,
    cli_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    capture = tmp_path / "day.jsonl"
    record_one_snapshot(capture, embedded_locator)
    scanned = run_datalocator("scan", "--replay", str(capture), "--once", "--json", env=cli_env)
    assert scanned.returncode == 0, scanned.stderr
    expected = sorted(json.loads(scanned.stdout), key=json.dumps)
    assert len(expected) > 10

    # The window finds its databases as the command line did (the same user folders).
    for name in ("DATALOCATOR_NO_USER_DIRS", "HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, cli_env[name])
    live = make(qtbot, tmp_path, runner, world, source=DemoSource(CAMILLE), resolver=None)
    with qtbot.waitSignal(live.recordingOpened, timeout=WAIT_MS):
        live.replay(capture)
    assert live.status_mode.text() == f"Replay: {capture}"
    assert live.accounts.placed_accounts == () and live.accounts.pins == ()
    assert not live.accounts_panel.isEnabled()
    try:
        qtbot.waitUntil(lambda: window_records(live) == expected, timeout=WAIT_MS)
    except WaitTimeout:  # say how they differ (seen once in a loaded fresh-clone run)
        assert window_records(live) == expected, live.statusBar().currentMessage()
    with qtbot.waitSignal(live.sourceEnded, timeout=WAIT_MS):
        pass
    assert window_records(live) == expected  # the end of the recording keeps the last rows


def test_a_replay_started_as_the_databases_open_uses_them(
    qtbot: Any,
    tmp_path: Path,
    runner: TaskRunner,
    world: World,
    embedded_locator: Locator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The race behind a replay that never got its places (seen under load): the databases
    opened, the running session had not taken them yet (that is a task), and the replay's new
    session started from the old one's — none. It must start from the databases just opened."""
    capture = tmp_path / "day.jsonl"
    record_one_snapshot(capture, embedded_locator)
    live = make(qtbot, tmp_path, runner, world, source=DemoSource(CAMILLE), resolver=None)
    qtbot.waitUntil(lambda: live.locator is not None, timeout=WAIT_MS)  # its own first opening
    monkeypatch.setattr(live.driver, "set_locator", lambda _locator: None)  # the task not run yet
    live._on_databases_opened(live._databases_generation, (embedded_locator, []))
    with qtbot.waitSignal(live.recordingOpened, timeout=WAIT_MS):
        live.replay(capture)
    assert live.locator is embedded_locator


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"type": "header", "format": "datalocator-capture", "version": 99}\n', "newer"),
        ("not json at all\n", "line 1 is not valid JSON"),
    ],
)
def test_a_bad_recording_is_said_and_the_window_goes_on(
    qtbot: Any,
    tmp_path: Path,
    runner: TaskRunner,
    world: World,
    embedded_locator: Locator,
    content: str,
    reason: str,
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content)
    window = make(
        qtbot, tmp_path, runner, world, source=DemoSource(CAMILLE), resolver=DemoResolver(CAMILLE)
    )
    window.replay(bad)
    qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=WAIT_MS)
    text = window.banner.text()
    assert str(bad) in text and reason in text
    assert window.status_mode.isHidden()
    polls = []
    window.pollApplied.connect(lambda: polls.append(1))
    qtbot.waitUntil(lambda: len(polls) >= 2, timeout=WAIT_MS)  # still watching the demo
