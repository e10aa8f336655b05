"""The workshop persona in the window: File → Open a demo, her programs arriving over time, and
the same figures (rows, countries, companies, report) on every run."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Any

import pytest

from app.core.anonymise import MIN_NAME
from app.core.demo import DemoResolver, DemoSource, Persona, demo_accounts_source, demo_details
from app.core.geo.locator import Locator
from app.core.report.produce import ReportFormat, ReportOptions
from app.core.serialise import connection_record
from app.core.settings import SettingsStore
from app.ui.launch import Windows, demo_window
from app.ui.main_window import MainWindow
from app.ui.report_dialog import ReportRequest
from app.ui.tasks import TaskRunner
from tests.fixtures.personas import CAMILLE, LEA
from tests.fixtures.windows import WAIT_MS, WindowFactory

REPORT_MS = 120_000
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
NAMED = frozenset(s.ip for s in LEA.servers if s.host)  # what her programs asked by name


def persona_window(make_window: WindowFactory, embedded: Locator, persona: Persona) -> MainWindow:
    return make_window(
        embedded,
        source=DemoSource(persona),
        resolver=DemoResolver(persona),
        accounts_source=demo_accounts_source(persona),
        entry_details=demo_details(persona),
        home=persona.home,
    )


def latest_snapshot(window: MainWindow, persona: Persona) -> int:
    """Which of her snapshots the rows come from (each row keeps its socket's reading time)."""
    times = [window.model.connection(r).observation.seen_at for r in range(window.model.rowCount())]
    return round((max(times) - persona.start) / persona.step_s) if times else -1


def step_to(qtbot: Any, window: MainWindow, persona: Persona, number: int) -> None:
    """Hold the window, then go poll by poll to her snapshot ``number`` exactly."""
    window.set_paused(True)
    qtbot.waitUntil(lambda: not window.poll_in_flight, timeout=WAIT_MS)
    while latest_snapshot(window, persona) < number:
        with qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS):
            window.step()
    assert latest_snapshot(window, persona) == number


def figures(window: MainWindow) -> dict[str, Any]:
    records = [
        connection_record(window.model.connection(r)) for r in range(window.model.rowCount())
    ]
    entries = window.entries.by_ip.values()
    return {
        "rows": sorted(json.dumps(r, sort_keys=True) for r in records),
        "countries": sorted(
            {e.located.location.country_code or "" for e in entries if e.located.location}
        ),
        "companies": sorted({e.provider or "" for e in entries}),
        "counts": window.status_counts.text(),
        "accounts": [
            (p.account.key, tuple(sorted(s.answer.addresses for s in p.servers)))
            for p in window.accounts.placed_accounts
        ],
    }


def test_her_programs_arrive_over_her_first_minutes(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = persona_window(make_window, embedded, LEA)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
    step_to(qtbot, window, LEA, 0)
    first = {
        window.model.connection(r).observation.remote_ip for r in range(window.model.rowCount())
    }
    assert first == {o.remote_ip for o in LEA.snapshot(0).observations}
    assert len(first) < len(LEA.servers)
    step_to(qtbot, window, LEA, LEA.settled)
    qtbot.waitUntil(
        lambda: set(window.entries.by_ip) >= {s.ip for s in LEA.servers}, timeout=WAIT_MS
    )
    qtbot.waitUntil(
        lambda: len(window.accounts.placed_accounts) == len(LEA.accounts), timeout=WAIT_MS
    )
    # Her whole morning on the map, a place of hers chosen: the README's picture.
    window.resize(1440, 900)
    mairie = next(s.ip for s in LEA.servers if s.key == "mairie")
    assert window.select_ip(mairie)
    qtbot.waitUntil(lambda: not window.map.is_updating(), timeout=WAIT_MS)
    assert window.grab().save(str(ARTIFACTS / "demo-window-lea.png"))


def test_the_demo_gives_the_same_figures_and_report_twice(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    shown = []
    for run in ("first", "second"):
        window = persona_window(make_window, embedded, LEA)
        qtbot.waitUntil(lambda w=window: w.model.rowCount() > 0, timeout=WAIT_MS)
        step_to(qtbot, window, LEA, LEA.settled)
        qtbot.waitUntil(
            lambda w=window: (
                len(w.accounts.placed_accounts) == len(LEA.accounts)
                and set(w.entries.by_ip) >= {s.ip for s in LEA.servers}
                and all(w.entries.by_ip[ip].located.endpoint.hostnames for ip in NAMED)
            ),
            timeout=WAIT_MS,
        )
        path = tmp_path / f"{run}.json"
        with qtbot.waitSignal(window.reportWritten, timeout=REPORT_MS):
            window.write_report(ReportRequest(path, ReportOptions(ReportFormat.JSON, "en")))
        shown.append((figures(window), path.read_bytes()))
        window.close()
    (figures_1, report_1), (figures_2, report_2) = shown
    assert figures_1 == figures_2
    assert report_1 == report_2
    report = json.loads(report_1)
    assert len(figures_1["countries"]) >= 3 and "FR" in figures_1["countries"]
    assert {"OVHcloud", "Microsoft", "Amazon / AWS", "Scaleway"} <= set(figures_1["companies"])
    assert report["period"]["kind"] == "demo"


def test_file_open_a_demo_offers_each_persona(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    asked: list[str] = []
    window = make_window(embedded, open_demo=asked.append)
    names = [a.text() for a in window.demo_actions]
    assert names[0] == "Léa Martin — a nurse in Roubaix, with health services"
    assert any(n.startswith(CAMILLE.name) for n in names)
    window.demo_actions[0].trigger()
    assert asked == ["lea"]
    without = make_window(embedded)
    assert not any(a.isEnabled() for a in without.demo_actions)


def test_opening_a_demo_puts_her_window_in_the_place_of_the_running_one(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, embedded: Locator
) -> None:
    store = SettingsStore(tmp_path / "config")
    windows = Windows(store, runner, "fr")  # `datalocator --lang fr`, whatever the settings say
    first = MainWindow(DemoSource(CAMILLE), embedded, None, store, runner)
    qtbot.addWidget(first)
    windows.show(first)
    windows.open_demo("lea")
    demo = windows.shown
    assert demo is not None and demo is not first
    qtbot.addWidget(demo)
    assert not first.isVisible() and demo.isVisible()
    assert "Léa Martin" in demo.status_mode.text()
    qtbot.waitUntil(
        lambda: len(demo.accounts.placed_accounts) == len(LEA.accounts), timeout=WAIT_MS
    )
    assert demo.home_country == "FR"
    assert demo.model.language == "fr" and demo.place_panel.language == "fr"
    assert {p.account.address for p in demo.accounts.placed_accounts} >= {
        "lea.martin.demo@gmail.com"
    }
    demo.close()


def test_a_demo_window_hides_the_trainers_own_names(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    """Her data are shown as they are; a path or message naming the trainer's login or computer
    is not, and her report never carries the computer's name."""
    store = SettingsStore(tmp_path / "config")
    window = demo_window(store, runner, "lea")
    qtbot.addWidget(window)
    window.show()
    user = getpass.getuser()
    if len(user) < MIN_NAME:
        pytest.skip("a login of one or two letters cannot be told from parts of words")
    window.banner.show_message(f"cannot read /home/{user}/notes.txt")
    assert user not in window.banner.text() and "/home/[user]/notes.txt" in window.banner.text()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
    assert not window.anonymised  # her made-up addresses stay visible
    ips = {window.model.connection(r).observation.remote_ip for r in range(window.model.rowCount())}
    table = " ".join(
        str(window.proxy.index(r, c).data())
        for r in range(window.proxy.rowCount())
        for c in range(window.proxy.columnCount())
    )
    assert all(ip in table for ip in ips)
    # Saving her report: offered under "~", never the computer's name.
    offered: list[tuple[Path, ReportOptions]] = []
    window._choose_report = lambda _parent, path, defaults: offered.append((path, defaults))
    window.export_report()
    ((path, defaults),) = offered
    assert str(path).startswith("~") and user not in str(path) and not defaults.machine
    window.close()
