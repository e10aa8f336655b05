"""MainWindow end to end: the real psutil source, a Locator over the fixture databases,
real sockets on 127.0.0.1, a real DNS server for PTR names, and the real thread pool."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.core.connections import PsutilSource
from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator
from app.core.geo.precedence import EDGE_SOURCE
from app.core.geo.world import World
from app.core.model import LocatedConnection, Location, LocationKind
from app.core.session import Snapshot
from app.core.settings import Settings, SettingsStore
from app.ui.connections_model import Column
from app.ui.main_window import MainWindow
from app.ui.tasks import SynchronousTaskRunner
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import APPLE_US, BUILD_EPOCH, GOOGLE_US, OVH_FR, GeoFixtureDbs
from tests.fixtures.netns import PublicHost
from tests.fixtures.observations import obs
from tests.fixtures.windows import WAIT_MS, WindowFactory, fixture_clock

# The offscreen platform lacks size hints and raise(); harmless, and not our warnings.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ME = os.getpid()


@dataclass
class Sockets:
    """A loopback TCP connection made by this process: listener, client end, server end."""

    server: socket.socket
    client: socket.socket
    accepted: socket.socket

    @property
    def server_port(self) -> int:
        port: int = self.server.getsockname()[1]
        return port

    def close(self) -> None:
        for sock in (self.client, self.accepted, self.server):
            sock.close()


@pytest.fixture
def loopback_connection() -> Iterator[Sockets]:
    server = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(server.getsockname(), timeout=10)
    accepted, _peer = server.accept()
    sockets = Sockets(server, client, accepted)
    yield sockets
    sockets.close()


def own_row(window: MainWindow, remote_port: int) -> LocatedConnection | None:
    for connection in window.model.connections():
        obs = connection.observation
        if obs.pid == ME and obs.remote_port == remote_port:
            return connection
    return None


def cell(window: MainWindow, connection: LocatedConnection, column: Column) -> str:
    row = window.model.row_of(connection.observation.key)
    assert row is not None
    text = window.model.data(window.model.index(row, column), Qt.ItemDataRole.DisplayRole)
    assert isinstance(text, str)
    return text


def open_rows(window: MainWindow) -> int:
    """Rows of connections not yet over (TIME_WAIT and CLOSE sockets are hidden by default)."""
    closed = ("TIME_WAIT", "CLOSE")
    return sum(1 for c in window.model.connections() if c.observation.status not in closed)


def visible_texts(window: MainWindow, column: Column) -> list[str]:
    proxy = window.proxy
    return [proxy.data(proxy.index(r, column)) for r in range(proxy.rowCount())]


def save_screenshot(window: MainWindow, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    QApplication.processEvents()
    assert window.grab().save(str(path))
    assert path.stat().st_size > 0
    return path


def test_live_loopback_connection_appears_filters_and_disappears(
    qtbot: Any,
    make_window: WindowFactory,
    fixture_locator: Locator,
    dns_server: DnsTestServer,
    loopback_connection: Sockets,
) -> None:
    dns_server.add_ptr("127.0.0.1", "loopback.datalocator.test")
    dns_server.add("loopback.datalocator.test", "A", "127.0.0.1")  # forward-confirmed
    resolver = ReverseResolver(nameservers=[dns_server.host], port=dns_server.port, timeout=2.0)
    window = make_window(fixture_locator, resolver=resolver)
    port = loopback_connection.server_port
    my_name = psutil.Process().name()

    qtbot.waitUntil(lambda: own_row(window, port) is not None, timeout=WAIT_MS)
    connection = own_row(window, port)
    assert connection is not None
    assert cell(window, connection, Column.PROCESS) == my_name
    assert cell(window, connection, Column.IP) == "127.0.0.1"
    assert cell(window, connection, Column.PORT) == str(port)
    assert cell(window, connection, Column.COUNTRY) == "This device"
    assert cell(window, connection, Column.STATE) == "Established"
    # The PTR name arrives from our DNS server and fills the host column of that row.
    qtbot.waitUntil(
        lambda: cell(window, connection, Column.HOST) == "loopback.datalocator.test",
        timeout=WAIT_MS,
    )
    assert ("1.0.0.127.in-addr.arpa", "PTR") in dns_server.queries

    # Status bar: counts that match the table, and the databases in use with their build date.
    qtbot.waitUntil(
        lambda: window.status_counts.text().startswith(f"{open_rows(window)} connections"),
        timeout=WAIT_MS,
    )
    built = datetime.fromtimestamp(BUILD_EPOCH, UTC).date().isoformat()
    sources = window.status_sources.text()
    for info in fixture_locator.sources:
        assert info.source_label in sources
    assert built in sources

    # Ctrl+F focuses the search field; typing filters across columns.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    qtbot.keyClicks(window.search_field, "datalocator.test")
    qtbot.waitUntil(lambda: window.proxy.rowCount() > 0, timeout=WAIT_MS)
    assert all(host == "loopback.datalocator.test" for host in visible_texts(window, Column.HOST))
    window.search_field.setText("no-such-connection-anywhere")
    assert window.proxy.rowCount() == 0
    qtbot.waitUntil(lambda: "(0 shown)" in window.status_counts.text(), timeout=WAIT_MS)
    window.search_field.clear()

    # The process filter offers this process and shows only its rows.
    combo = window.process_filter
    index = combo.findText(my_name)
    assert index > 0
    combo.setCurrentIndex(index)
    assert set(visible_texts(window, Column.PROCESS)) == {my_name}
    assert str(port) in visible_texts(window, Column.PORT)
    window.clear_filters()
    assert combo.currentIndex() == 0
    assert window.proxy.rowCount() == open_rows(window)  # closed sockets are hidden by default

    save_screenshot(window, "main-window.png")

    loopback_connection.close()
    qtbot.waitUntil(lambda: own_row(window, port) is None, timeout=WAIT_MS)
    assert window.banner.isHidden()


class GatedSource:
    """The real source, but each reading waits for the test to open the gate; counts overlap."""

    def __init__(self) -> None:
        self._source = PsutilSource()
        self.gate = threading.Semaphore(0)
        self.calls = 0
        self._running = 0
        self.max_running = 0
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        with self._lock:
            self.calls += 1
            self._running += 1
            self.max_running = max(self.max_running, self._running)
        try:
            assert self.gate.acquire(timeout=30)
            return self._source.snapshot()
        finally:
            with self._lock:
                self._running -= 1


def test_only_one_poll_in_flight(
    qtbot: Any, make_window: WindowFactory, fixture_locator: Locator
) -> None:
    watcher = GatedSource()
    window = make_window(
        fixture_locator, source=watcher, settings=Settings(poll_interval_s=0.1, reverse_dns=False)
    )
    qtbot.waitUntil(lambda: watcher.calls == 1, timeout=WAIT_MS)
    assert window.poll_in_flight
    ticks: list[int] = []
    window.timer.timeout.connect(lambda: ticks.append(watcher.calls))
    for _ in range(3):
        window.refresh_action.trigger()  # Ctrl+F5 while a poll runs: no second poll
    # Several timer periods pass with the poll still blocked: none starts another poll.
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=WAIT_MS)
    assert watcher.calls == 1
    with qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS):
        watcher.gate.release()
    qtbot.waitUntil(lambda: watcher.calls == 2, timeout=WAIT_MS)  # the timer goes on
    for _ in range(20):
        watcher.gate.release()
    qtbot.waitUntil(lambda: watcher.calls >= 4, timeout=WAIT_MS)
    window.close()
    for _ in range(5):
        watcher.gate.release()
    assert watcher.max_running == 1


def test_settings_dialog_saves_and_applies_live(
    qtbot: Any,
    make_window: WindowFactory,
    geo_fixture_dbs: GeoFixtureDbs,
    tmp_path: Path,
    dns_server: DnsTestServer,
    loopback_connection: Sockets,
) -> None:
    # No locator given: the window opens the databases itself, off the GUI thread.
    window = make_window(None, settings=Settings(poll_interval_s=0.2, reverse_dns=False))
    assert window.locator is None
    assert window.status_sources.text() == "Opening databases…"
    qtbot.waitUntil(lambda: window.locator is not None, timeout=WAIT_MS)

    bogus = tmp_path / "not-a-database.mmdb"
    bogus.write_text("this is not a MaxMind database")
    window.settings_action.trigger()
    dialog = window.settings_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert not dialog.dns_server.isEnabled()  # reverse DNS is off
    dialog.poll_interval.setValue(0.5)
    dialog.reverse_dns.setChecked(True)
    dialog.dns_server.setText("not a server")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.isVisible()  # refused: the error is shown in the dialog
    assert "DNS server" in dialog.error.text()
    dns_server.add_ptr("127.0.0.1", "applied.datalocator.test")
    dns_server.add("applied.datalocator.test", "A", "127.0.0.1")  # forward-confirmed
    server_text = f"{dns_server.host}:{dns_server.port}"
    dialog.dns_server.setText(server_text)
    dialog.add_database_paths([str(geo_fixture_dbs.country), str(bogus)])
    with qtbot.waitSignal(window.databasesChanged, timeout=WAIT_MS):
        ok.click()

    saved = SettingsStore(tmp_path / "config").load()
    assert saved == Settings(
        poll_interval_s=0.5,
        reverse_dns=True,
        dns_server=server_text,
        database_paths=(str(geo_fixture_dbs.country), str(bogus)),
    )
    assert window.settings == saved
    assert window.timer.interval() == 500
    assert window.locator is not None
    assert geo_fixture_dbs.country in [info.path for info in window.locator.sources]
    assert geo_fixture_dbs.country.name in window.status_sources.text()
    # The broken file is reported in the banner (non-modal), naming the file.
    assert window.banner.isVisible()
    assert bogus.name in window.banner.text()
    window.banner.dismiss()
    assert window.banner.isHidden()
    assert window.settings_dialog is None
    # Reverse DNS was switched on with our server: the loopback row gets its name from it.
    port = loopback_connection.server_port
    qtbot.waitUntil(lambda: own_row(window, port) is not None, timeout=WAIT_MS)
    connection = own_row(window, port)
    assert connection is not None
    qtbot.waitUntil(
        lambda: cell(window, connection, Column.HOST) == "applied.datalocator.test",
        timeout=WAIT_MS,
    )


def test_keyboard_shortcuts_with_synchronous_runner(
    qtbot: Any,
    tmp_path: Path,
    fixture_locator: Locator,
    loopback_connection: Sockets,
    world: World,
) -> None:
    """Ctrl+F5 polls now, Ctrl+, opens the settings, Ctrl+Q closes; inline tasks make it exact."""
    store = SettingsStore(tmp_path / "config")
    store.save(Settings(poll_interval_s=600.0, reverse_dns=False))  # only Ctrl+F5 polls here
    runner = SynchronousTaskRunner()
    window = MainWindow(
        PsutilSource(), fixture_locator, None, store, runner, world=world, clock=fixture_clock
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    port = loopback_connection.server_port
    # The first poll ran inline while the window was built; its rows go in over a few event-loop
    # turns when the machine has many connections.
    qtbot.waitUntil(lambda: own_row(window, port) is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.poll_in_flight, timeout=WAIT_MS)

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    loopback_connection.close()
    assert own_row(window, port) is not None  # nothing polls until asked
    with qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ControlModifier)
    assert own_row(window, port) is None

    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.poll_interval.value() == 600.0
    dialog.reject()
    qtbot.waitUntil(lambda: window.settings_dialog is None, timeout=WAIT_MS)
    assert store.load().poll_interval_s == 600.0  # cancelled: nothing saved

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert not window.timer.isActive()
    window.refresh()  # closed: no more polls
    assert runner.shutdown()


def test_unreadable_processes_are_reported_in_the_status_bar(
    qtbot: Any,
    tmp_path: Path,
    fixture_locator: Locator,
    loopback_connection: Sockets,
    world: World,
) -> None:
    """As on macOS without root: the system table is closed and pid 1 refuses; ours is read."""

    def system_table(kind: str) -> list[Any]:
        raise psutil.AccessDenied()

    def per_process(pid: int, kind: str) -> list[Any]:
        if pid != ME:
            raise psutil.AccessDenied(pid)
        return psutil.Process(pid).net_connections(kind)

    watcher = PsutilSource(
        net_connections=system_table, pids=lambda: [1, ME], process_connections=per_process
    )
    store = SettingsStore(tmp_path / "config")
    store.save(Settings(poll_interval_s=600.0, reverse_dns=False))
    window = MainWindow(
        watcher,
        fixture_locator,
        None,
        store,
        SynchronousTaskRunner(),
        world=world,
        clock=fixture_clock,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert own_row(window, loopback_connection.server_port) is not None
    assert window.status_skipped.isVisible()
    assert window.status_skipped.text() == "⚠ 2 not readable"
    tooltip = window.status_skipped.toolTip()
    assert "pid 1" in tooltip
    assert "system-wide" in tooltip
    window.close()


def test_run_gui_without_display_says_so_in_one_line(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
        check=False,
    )
    if sys.platform != "linux":
        pytest.skip("the no-display check applies to Linux and other X11/Wayland systems")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "display" in lines[0]
    assert "datalocator scan" in lines[0]
    assert "datalocator locate" in lines[0]


# A Google address that is not its resolver (8.8.8.8 is anycast), in its front-end list.
GOOGLE_PLACED = "8.8.8.77"


@pytest.mark.netns
def test_connections_to_public_addresses_show_country_city_provider(
    qtbot: Any,
    make_window: WindowFactory,
    fixture_locator: Locator,
    dns_server: DnsTestServer,
    public_host: Callable[[str], PublicHost],
) -> None:
    ips = (APPLE_US.sample_ip, OVH_FR.sample_ip, GOOGLE_PLACED)
    hosts = [public_host(ip) for ip in ips]
    dns_server.add_ptr(APPLE_US.sample_ip, "www.apple.com")
    dns_server.add("www.apple.com", "A", APPLE_US.sample_ip)
    resolver = ReverseResolver(nameservers=[dns_server.host], port=dns_server.port)
    clients = [socket.create_connection(host.address, timeout=10) for host in hosts]
    try:
        window = make_window(fixture_locator, resolver=resolver)
        qtbot.waitUntil(
            lambda: all(own_row(window, host.port) is not None for host in hosts),
            timeout=WAIT_MS,
        )
        apple, ovh, google = (own_row(window, host.port) for host in hosts)
        assert apple is not None and ovh is not None and google is not None
        qtbot.waitUntil(
            lambda: cell(window, apple, Column.HOST) == "www.apple.com", timeout=WAIT_MS
        )
        # No flags in these windows: the country's code stands beside its name instead.
        for row, net in ((apple, APPLE_US), (ovh, OVH_FR)):
            assert cell(window, row, Column.COUNTRY) == f"{net.country_name} ({net.country_code})"
            assert cell(window, row, Column.CITY) == net.city
        # A Google front end the databases place only at Google's home (Mountain View) is an
        # edge whose place is not known: no country is claimed, the company still is.
        assert fixture_locator.locate(GOOGLE_PLACED).location == Location(
            None, source=EDGE_SOURCE, kind=LocationKind.EDGE
        )
        assert cell(window, google, Column.CITY) == "Nearby edge server"
        assert cell(window, google, Column.COUNTRY) != f"{GOOGLE_US.country_name} (US)"
        # The provider registry's company name when it knows the network, else the AS owner.
        for row, ip in zip((apple, ovh, google), ips, strict=True):
            answer = fixture_locator.locate(ip)
            assert answer.provider is not None, ip
            assert cell(window, row, Column.PROVIDER) == answer.provider.name
        assert window.model.summary().countries >= 2
        assert "countries" in window.status_counts.text()
        save_screenshot(window, "main-window-located.png")
    finally:
        for client in clients:
            client.close()


class _ManyConnections:
    """A source whose first snapshot brings ``count`` sockets and later ones change nothing."""

    def __init__(self, count: int) -> None:
        self.polls = 0
        self._current = tuple(
            obs(f"app{i % 7}", GOOGLE_US.sample_ip, 443, pid=1000 + i % 7, local_port=20000 + i)
            for i in range(count)
        )

    def snapshot(self) -> Snapshot:
        self.polls += 1
        return Snapshot(self._current)


def test_a_big_poll_goes_in_over_several_turns_and_the_next_poll_waits(
    qtbot: Any, tmp_path: Path, fixture_locator: Locator, world: World
) -> None:
    """The rows of a big poll go in batch by batch (the window keeps painting meanwhile);
    `pollApplied` follows the last batch, and no poll starts while batches wait."""
    store = SettingsStore(tmp_path / "config")
    store.save(Settings(poll_interval_s=600.0, reverse_dns=False))  # only refresh() polls
    watcher = _ManyConnections(1500)
    settled: list[int] = []
    window = MainWindow(
        watcher,
        fixture_locator,
        None,
        store,
        SynchronousTaskRunner(),  # the poll runs inline: its rows are all ready at once
        world=world,
        clock=fixture_clock,
        settle=lambda: settled.append(watcher.polls),
    )
    qtbot.addWidget(window)
    assert settled == [0]  # the runtime is settled once before the first poll
    assert window.poll_in_flight and window.model.applying  # still going in
    assert window.model.rowCount() < 1500
    window.refresh()
    assert watcher.polls == 1  # the next poll waits for the last batch
    with qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS):
        pass
    assert window.model.rowCount() == window.proxy.rowCount() == 1500
    assert not window.poll_in_flight
    assert settled == [0, 1]  # and again after the poll's rows are in
    qtbot.waitUntil(lambda: window.status_counts.text().startswith("1,500 connections"))
    assert window.filter_bar.process_combo.count() == 1 + 7
    window.close()
