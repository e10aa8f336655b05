"""The main window as one app: the map, the place panel and the table fed by the same polls.

Real parts throughout: the real PsutilSource (narrowed to this test's own processes, so
other programs on the machine cannot disturb the assertions), Locators over mmdb files written
by the fixtures, real sockets and, as root, network namespaces holding public-looking addresses
(8.8.8.8, 51.38.0.1…) so connections are located on the map; no packet leaves the machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.core.connections import PsutilSource
from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator
from app.core.geo.projection import forward
from app.core.settings import Settings, SettingsStore
from app.ui.connections_model import Column
from app.ui.export_dialog import ExportFormat, ExportRequest
from app.ui.main_window import MainWindow
from app.ui.map.scene import DisplayItem
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import (
    APPLE_US,
    FIXTURE_NETWORKS,
    GOOGLE_IE,
    OVH_FR,
    GeoFixtureDbs,
    build_mmdb,
    geoip2_asn_record,
    geoip2_city_record,
)
from tests.fixtures.netns import PublicHost
from tests.fixtures.windows import WAIT_MS, WindowFactory

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS_SCREENSHOT = ROOT / "docs" / "screenshots" / "main-window.png"
UPDATE_SCREENSHOTS_ENV = "DATALOCATOR_UPDATE_SCREENSHOTS"
ME = os.getpid()


# --- set-up ------------------------------------------------------------------------------------


@dataclass
class OwnProcesses:
    """The pids whose sockets the watcher reports: this test and the clients it starts."""

    pids: set[int] = field(default_factory=lambda: {ME})

    def net_connections(self, kind: str) -> list[Any]:
        return [c for c in psutil.net_connections(kind) if c.pid in self.pids]


@pytest.fixture
def own() -> OwnProcesses:
    return OwnProcesses()


@pytest.fixture
def window_source(own: OwnProcesses) -> Callable[[], PsutilSource]:
    """Windows here see only this test's own processes: other programs cannot disturb them."""
    return lambda: PsutilSource(net_connections=own.net_connections)


@pytest.fixture
def window_size() -> tuple[int, int]:
    return (1280, 840)


@pytest.fixture
def loopback_client() -> Iterator[int]:
    """A loopback connection of this process; yields the server's port."""
    server = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(server.getsockname(), timeout=10)
    accepted, _ = server.accept()
    yield server.getsockname()[1]
    for sock in (client, accepted, server):
        sock.close()


def connect(host: PublicHost) -> socket.socket:
    return socket.create_connection(host.address, timeout=10)


def on_map(window: MainWindow, ip: str) -> bool:
    return window.map.view.mark_for_ip(ip) is not None and not window.map.is_updating()


def table_ips(window: MainWindow) -> list[str]:
    """The remote addresses of the rows the table shows, top to bottom."""
    proxy = window.proxy
    return [proxy.data(proxy.index(row, Column.IP)) for row in range(proxy.rowCount())]


def map_ips(window: MainWindow) -> set[str]:
    return {ip for mark in window.map.view.marks for ip in mark.ips}


def row_of(window: MainWindow, ip: str) -> int:
    return table_ips(window).index(ip)


def item_of(window: MainWindow, ip: str) -> DisplayItem:
    (item,) = [i for i in window.map.display_items() if ip in i.ips]
    return item


def click_item(qtbot: Any, window: MainWindow, item: DisplayItem) -> None:
    window.map.repaint()  # the hit test uses the painted items
    qtbot.mouseClick(
        window.map, Qt.MouseButton.LeftButton, pos=window.map.item_position(item).toPoint()
    )


def save_screenshot(window: MainWindow, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert window.grab().save(str(path))
    assert path.stat().st_size > 0
    return path


# --- selection -----------------------------------------------------------------------------------


@pytest.mark.netns
def test_selection_follows_between_table_map_and_panel(
    qtbot: Any,
    make_window: WindowFactory,
    fixture_locator: Locator,
    public_host: Callable[[str], PublicHost],
) -> None:
    apple, ovh = public_host(APPLE_US.sample_ip), public_host(OVH_FR.sample_ip)
    clients = [connect(apple), connect(ovh)]
    try:
        window = make_window(fixture_locator)
        qtbot.waitUntil(
            lambda: on_map(window, apple.ip) and on_map(window, ovh.ip), timeout=WAIT_MS
        )
        emitted: list[str] = []
        window.map.ipSelected.connect(emitted.append)

        # Table → map: selecting OVH's row selects its mark and shows its place in the panel.
        window.table.selectRow(row_of(window, ovh.ip))
        assert window.map.selected_ip() == ovh.ip
        (mark,) = window.map.selected_marks()
        assert mark.ips == (ovh.ip,)
        assert mark.city == OVH_FR.city
        assert [row[1] for row in window.place_panel.rows()] == [ovh.ip]
        assert window.place_panel.title.text().startswith(OVH_FR.city)
        assert emitted == [ovh.ip]  # once: the table did not hear its own change back

        # Map → table: a click on Apple's mark selects Apple's row, scrolled into view.
        click_item(qtbot, window, item_of(window, apple.ip))
        assert window.map.selected_ip() == apple.ip
        assert window.selected_ip() == apple.ip
        selected = window.table.selectionModel().selectedRows()
        assert [table_ips(window)[index.row()] for index in selected] == [apple.ip]
        rect = window.table.visualRect(selected[0])
        assert window.table.viewport().rect().intersects(rect)
        assert apple.ip in [row[1] for row in window.place_panel.rows()]

        # Panel → both: activating a row of the panel selects that address everywhere.
        window.table.selectRow(row_of(window, ovh.ip))
        panel_item = window.place_panel.tree.topLevelItem(0)
        assert panel_item is not None and panel_item.text(1) == ovh.ip
        window.place_panel.tree.itemActivated.emit(panel_item, 0)
        assert window.selected_ip() == ovh.ip == window.map.selected_ip()

        # A click on the empty sea clears both.
        qtbot.mouseClick(window.map, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        assert window.map.selected_ip() == ""
        assert window.selected_ip() is None
        assert window.place_panel.marks == ()
        assert emitted.count(ovh.ip) == 2 and emitted.count(apple.ip) == 1

        # Live: a closed connection fades from the map; the others stay without a redraw.
        fading: set[str] = set()
        window.map.updated.connect(lambda: fading.update(window.map.fading_keys()))
        renders = window.map.base_renders
        clients.pop(0).close()
        qtbot.waitUntil(lambda: apple.ip not in map_ips(window), timeout=WAIT_MS)
        assert any(key.startswith(("exact:US", "edge:US", "zone:US")) for key in fading)
        assert on_map(window, ovh.ip)
        qtbot.waitUntil(lambda: not window.map.is_updating(), timeout=WAIT_MS)
        version = window.map.view.version
        updates: list[None] = []
        window.map.updated.connect(lambda: updates.append(None))
        for _ in range(3):  # polls that change nothing give the map no work at all
            with qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS):
                pass
        assert window.map.view.version == version
        assert updates == []
        assert window.map.base_renders <= renders + 1  # only the shading of the US went
    finally:
        for client in clients:
            client.close()


def test_a_row_without_a_mark_clears_the_map_selection(
    qtbot: Any, make_window: WindowFactory, fixture_locator: Locator, loopback_client: int
) -> None:
    """Loopback connections are listed but never mapped: selecting one selects no mark."""
    window = make_window(fixture_locator)
    qtbot.waitUntil(lambda: "127.0.0.1" in table_ips(window), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "127.0.0.1" in window.entries.by_ip, timeout=WAIT_MS)
    window.table.selectRow(row_of(window, "127.0.0.1"))
    assert window.selected_ip() == "127.0.0.1"
    assert window.map.selected_ip() == ""
    assert "127.0.0.1" not in map_ips(window)
    law = window.proxy.index(row_of(window, "127.0.0.1"), Column.LAW)
    assert window.proxy.data(law) == ""  # no country's law: it stays on this device


# --- filters -----------------------------------------------------------------------------------


@pytest.mark.netns
def test_filters_hide_rows_in_the_table_and_marks_on_the_map(
    qtbot: Any,
    make_window: WindowFactory,
    fixture_locator: Locator,
    public_host: Callable[[str], PublicHost],
    loopback_client: int,
) -> None:
    hosts = [public_host(ip) for ip in (APPLE_US.sample_ip, OVH_FR.sample_ip, GOOGLE_IE.sample_ip)]
    clients = [connect(host) for host in hosts]
    apple, ovh, cloudflare = (host.ip for host in hosts)
    try:
        window = make_window(fixture_locator)
        qtbot.waitUntil(lambda: all(on_map(window, h.ip) for h in hosts), timeout=WAIT_MS)
        laws = {ip: window.entries.by_ip[ip].jurisdiction for ip in (apple, ovh, cloudflare)}
        assert laws[ovh] == "EU_GDPR"  # France, by a French company
        assert laws[apple] == "US_REACH"
        law_column = {
            ip: window.proxy.data(window.proxy.index(row_of(window, ip), Column.LAW))
            for ip in (apple, ovh)
        }
        assert law_column == {ovh: "EU / GDPR", apple: "US law reach"}
        tip = window.proxy.index(row_of(window, ovh), Column.LAW).data(Qt.ItemDataRole.ToolTipRole)
        verdict = fixture_locator.locate(ovh).verdict
        assert verdict is not None and tip.startswith(verdict.text("en"))

        # Law: only EU/GDPR. The table keeps OVH's row; the map keeps OVH's mark.
        window.filter_bar.law_buttons["EU_GDPR"].click()
        qtbot.waitUntil(lambda: map_ips(window) == {ovh}, timeout=WAIT_MS)
        assert table_ips(window) == [ovh]  # the loopback row has no law: hidden too
        assert "1 shown" in window.status_counts.text()
        # …and US reach as well: both views show the two.
        window.filter_bar.law_buttons["US_REACH"].click()
        expected = {ip for ip, law in laws.items() if law in ("EU_GDPR", "US_REACH")}
        qtbot.waitUntil(lambda: map_ips(window) == expected, timeout=WAIT_MS)
        assert set(table_ips(window)) == expected

        # Provider: the filter offers what the table shows; choosing one narrows both views.
        window.clear_filters()
        combo = window.provider_filter
        provider = window.entries.by_ip[ovh].provider
        assert provider is not None
        index = combo.findText(provider)
        assert index > 0
        combo.setCurrentIndex(index)
        qtbot.waitUntil(lambda: map_ips(window) == {ovh}, timeout=WAIT_MS)
        assert table_ips(window) == [ovh]

        # Search text narrows the map to the addresses of the rows it leaves in the table.
        window.clear_filters()
        window.search_field.setText(OVH_FR.city.lower() if OVH_FR.city else "")
        qtbot.waitUntil(lambda: map_ips(window) == {ovh}, timeout=WAIT_MS)
        assert table_ips(window) == [ovh]

        # Process: this test's own; every row and every mark is ours.
        window.clear_filters()
        qtbot.waitUntil(lambda: map_ips(window) == {apple, ovh, cloudflare}, timeout=WAIT_MS)
        my_name = psutil.Process().name()
        window.process_filter.setCurrentIndex(window.process_filter.findText(my_name))
        assert window.proxy.rowCount() > 0
        assert all(
            window.proxy.data(window.proxy.index(r, Column.PROCESS)) == my_name
            for r in range(window.proxy.rowCount())
        )
        assert all(my_name in e.processes for m in window.map.view.marks for e in m.entries)

        # Category: the connections are neither mail nor photos (no mail port, no accounts).
        window.clear_filters()
        window.category_filter.setCurrentIndex(window.category_filter.findData("mail"))
        qtbot.waitUntil(lambda: map_ips(window) == set(), timeout=WAIT_MS)
        assert table_ips(window) == []
        assert window.empty_label.isVisible()
        assert window.empty_label.text() == "No connection matches the filter."
        window.category_filter.setCurrentIndex(window.category_filter.findData("other"))
        qtbot.waitUntil(lambda: len(map_ips(window)) == 3, timeout=WAIT_MS)
        assert set(table_ips(window)) == {apple, ovh, cloudflare, "127.0.0.1"}

        # Accounts are a later feature: the checkbox is there, off, and says why.
        assert not window.filter_bar.only_accounts.isEnabled()
        assert window.filter_bar.only_accounts.toolTip() == "No accounts configured yet"
    finally:
        for client in clients:
            client.close()


# --- home, data age, export ----------------------------------------------------------------------


def test_home_setting_moves_the_home_mark(
    qtbot: Any, make_window: WindowFactory, fixture_locator: Locator, tmp_path: Path
) -> None:
    window = make_window(fixture_locator, home="FR")  # the system locale's country
    qtbot.waitUntil(lambda: window.map.view.home_code == "FR", timeout=WAIT_MS)
    france = window.map.view.home
    assert france is not None

    window.settings_action.trigger()
    dialog = window.settings_dialog
    assert dialog is not None
    assert dialog.home_country.currentIndex() == 0  # "Automatic", naming the system's country
    assert dialog.home_country.currentText() == "Automatic: France"
    assert dialog.home_country.findText("Japan") > 0
    assert dialog.select_home_country("JP")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.map.view.home_code == "JP", timeout=WAIT_MS)
    japan = window.map.view.home
    assert japan is not None and japan[0] > 120 > france[0]  # east of 120°E, France is not
    assert SettingsStore(tmp_path / "config").load().home_country == "JP"

    # Back to automatic: the system's country again.
    window.apply_settings(Settings(poll_interval_s=0.2, reverse_dns=False, home_country=None))
    qtbot.waitUntil(lambda: window.map.view.home_code == "FR", timeout=WAIT_MS)


def _one_network_dbs(directory: Path, built: datetime) -> list[Path]:
    epoch = int(built.timestamp())
    city = build_mmdb(
        directory / "old-city.mmdb",
        {OVH_FR.network: geoip2_city_record(OVH_FR.country_code, OVH_FR.city)},
        database_type="DataLocator-Test-City",
        build_epoch=epoch,
    )
    asn = build_mmdb(
        directory / "old-asn.mmdb",
        {OVH_FR.network: geoip2_asn_record(OVH_FR.asn, OVH_FR.organisation)},
        database_type="DataLocator-Test-ASN",
        build_epoch=epoch,
    )
    return [city, asn]


def test_old_data_show_one_indicator_with_an_update_action_and_no_banner(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Proportionate: the status bar marks old data (⚠, the warning in its tooltip) and offers
    "Update…"; nothing pops up, at start or when the databases are reopened."""
    now = datetime.now(UTC)
    built = now - timedelta(days=400)
    locator, errors = Locator.from_paths(_one_network_dbs(tmp_path / "old", built))
    assert errors == []
    window = make_window(locator, clock=lambda: datetime.now(UTC))
    assert window.banner.isHidden()
    assert not [m for m in window.banner.messages if "out of date" in m]
    sources = window.status_sources
    assert "⚠" in sources.text() and "13 months old" in sources.text()
    tip = sources.toolTip()
    assert "The location data are out of date:" in tip  # (escaped plain text)
    assert tip.count("older than 6 months") >= 1 and built.date().isoformat() in tip
    assert "old-city.mmdb" in tip and "old-asn.mmdb" in tip
    assert window.status_update.isVisible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.statusBar().grab().save(str(ARTIFACTS / "status-bar-old-data.png"))

    # The button is the update action: it opens the databases dialog on its update part.
    window.status_update.click()
    dialog = window.databases_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()

    # Reopened (a settings change): still one indicator, still no banner.
    extra = [str(path) for path in _one_network_dbs(tmp_path / "again", built)]
    with qtbot.waitSignal(window.databasesChanged, timeout=WAIT_MS):
        window.apply_settings(
            Settings(poll_interval_s=0.2, reverse_dns=False, database_paths=tuple(extra))
        )
    assert window.banner.isHidden()
    assert window.status_update.isVisible()


def test_fresh_data_show_their_age_without_a_warning(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    built = datetime.now(UTC) - timedelta(days=40)
    locator, errors = Locator.from_paths(_one_network_dbs(tmp_path / "fresh", built))
    assert errors == []
    window = make_window(locator, clock=lambda: datetime.now(UTC))
    assert window.banner.isHidden()
    sources = window.status_sources.text()
    assert f"built {built.date().isoformat()}, 1 month old" in sources
    assert "⚠" not in sources
    assert not window.status_update.isVisible()


def test_export_from_the_menu_writes_the_requested_size(
    qtbot: Any, make_window: WindowFactory, fixture_locator: Locator, tmp_path: Path
) -> None:
    asked: list[ExportFormat] = []
    answers: list[ExportRequest | None] = [
        ExportRequest(tmp_path / "map.png", 1000, 600),
        ExportRequest(tmp_path / "map.svg", 800, 450),
        None,  # cancelled
        ExportRequest(tmp_path / "no-such-dir" / "map.png", 640, 360),
    ]

    def choose(_parent: object, fmt: ExportFormat, suggested: Path) -> ExportRequest | None:
        asked.append(fmt)
        assert suggested.suffix == f".{fmt.value}"
        return answers.pop(0)

    window = make_window(fixture_locator, choose_export=choose)
    qtbot.waitUntil(lambda: not window.map.is_updating(), timeout=WAIT_MS)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    with qtbot.waitSignal(window.map.exported, timeout=WAIT_MS):  # drawn off the GUI thread
        qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # PNG
    image = QImage(str(tmp_path / "map.png"))
    assert (image.width(), image.height()) == (1000, 600)
    assert window.statusBar().currentMessage() == f"Map saved to {tmp_path / 'map.png'}"

    with qtbot.waitSignal(window.map.exported, timeout=WAIT_MS):
        window.export_svg_action.trigger()
    svg = ET.parse(tmp_path / "map.svg").getroot()
    assert svg.tag.endswith("svg")
    assert (svg.get("width"), svg.get("height")) in (("800", "450"), ("800px", "450px"))
    # The caption names the databases in use (here the test's files), not the shipped ones.
    desc = "".join(svg.find("{http://www.w3.org/2000/svg}desc").itertext())  # type: ignore[union-attr]
    assert any(info.path.name in desc for info in fixture_locator.sources), desc
    assert "ip-location-db" not in desc

    window.export_png_action.trigger()  # cancelled: nothing written, nothing said
    assert window.banner.isHidden()
    with qtbot.waitSignal(window.map.exportFailed, timeout=WAIT_MS):
        window.export_png_action.trigger()  # an impossible place: said in the banner
    assert window.banner.isVisible()
    said = window.banner.text()
    assert f"could not be saved to {tmp_path / 'no-such-dir' / 'map.png'}" in said
    assert "no such file or folder" in said and "Errno" not in said  # plain words
    assert "[Errno 2]" in window.banner.details  # the raw text folded away
    assert asked == [ExportFormat.PNG, ExportFormat.SVG, ExportFormat.PNG, ExportFormat.PNG]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix) == ["map.png", "map.svg"]


def test_view_menu_zooms_and_fits_the_map(
    qtbot: Any, make_window: WindowFactory, fixture_locator: Locator
) -> None:
    window = make_window(fixture_locator)
    start = window.map.viewport().scale
    window.zoom_in_action.trigger()
    qtbot.waitUntil(lambda: window.map.viewport().scale > start * 1.5, timeout=WAIT_MS)
    window.reset_view_action.trigger()
    assert window.map.viewport().scale == pytest.approx(start)
    window.fit_all_action.trigger()  # no marks: home is all there is to frame
    qtbot.waitUntil(lambda: window.map.view.home_code == "FR", timeout=WAIT_MS)
    window.fit_all_action.trigger()
    assert window.map.viewport().scale > start
    home = window.map.view.home
    assert home is not None
    centre = window.map.viewport()
    assert (centre.cx, centre.cy) == pytest.approx(forward(*home), abs=0.05)
    assert [a.shortcut().toString() for a in (window.zoom_in_action, window.fit_all_action)] == [
        "Ctrl++",
        "Ctrl+0",
    ]
    assert "+" in [s.toString() for s in window.zoom_in_action.shortcuts()]
    window.legend_action.setChecked(False)
    assert not window.map._legend  # the map has no getter; the state is that simple


def test_data_menu_opens_the_databases_and_sources_windows(
    qtbot: Any,
    make_window: WindowFactory,
    fixture_locator: Locator,
    geo_fixture_dbs: GeoFixtureDbs,
    tmp_path: Path,
) -> None:
    window = make_window(fixture_locator)
    titles = [a.text() for a in window.data_menu.actions() if not a.isSeparator()]
    assert titles == [
        "Location &databases…",
        "&Update location databases…",
        "Data sources and &licences…",
        "&Forget history…",  # off here: this window keeps no history
    ]
    assert not window.forget_history_action.isEnabled()

    # The databases window: a file added there is saved and the window reopens its Locator.
    window.data_actions.update.trigger()
    dialog = window.databases_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.isModal()
    with qtbot.waitSignal(window.databasesChanged, timeout=WAIT_MS):
        dialog.add_files([str(geo_fixture_dbs.country)])
    assert window.settings.database_paths == (str(geo_fixture_dbs.country),)
    assert window.locator is not None
    assert geo_fixture_dbs.country in [info.path for info in window.locator.sources]
    assert geo_fixture_dbs.country in [row.path for row in dialog.rows if row.in_use]
    window.data_actions.databases.trigger()
    assert window.databases_dialog is dialog  # one window, raised again

    # Data sources and licences: the sources in use, non-blocking.
    window.data_actions.about.trigger()
    about = window.about_dialog
    assert about is not None
    qtbot.waitUntil(about.isVisible, timeout=WAIT_MS)
    assert geo_fixture_dbs.country.name in about.sources_view.toPlainText()
    about.reject()
    qtbot.waitUntil(lambda: window.about_dialog is None, timeout=WAIT_MS)


# --- screenshots ---------------------------------------------------------------------------------

# Networks for the screenshot: the fixture ones and a few more real-world ranges (their owners and
# places as published), so the map shows the five jurisdictions. Written to test databases here;
# the addresses live in network namespaces, never reached outside the machine.
SCREENSHOT_NETWORKS = (
    ("185.70.42.0/24", "185.70.42.37", "CH", "Geneva", 46.2044, 6.1432, 62371, "Proton AG"),
    ("77.88.55.0/24", "77.88.55.60", "RU", "Moscow", 55.7522, 37.6156, 13238, "YANDEX LLC"),
    ("47.74.0.0/16", "47.74.128.10", "SG", "Singapore", 1.2897, 103.8501, 45102, "Alibaba"),
    ("17.253.0.0/16", "17.253.144.10", "US", "Cupertino", 37.323, -122.0322, 714, "APPLE"),
    ("212.27.48.0/24", "212.27.48.10", "FR", "Paris", 48.8534, 2.3488, 12322, "Free SAS"),
    ("133.242.0.0/16", "133.242.0.3", "JP", "Tokyo", 35.6895, 139.6917, 7684, "SAKURA Internet"),
    ("3.120.0.0/14", "3.121.0.10", "DE", "Frankfurt am Main", 50.1155, 8.6842, 16509, "AMAZON-02"),
    ("140.82.112.0/20", "140.82.113.3", "US", "Ashburn", 39.0437, -77.4875, 36459, "GITHUB"),
)
ANYCAST = {"8.8.8.8", "1.1.1.1"}
# Which (renamed) client process talks to which address, and the PTR names our DNS server gives.
CLIENTS = {
    "mail-client": ("212.27.48.10", "185.70.42.37", "2a00:1450:4001::1"),
    "photo-sync": ("17.253.144.10", "3.121.0.10"),
    "browser": ("8.8.8.8", "1.1.1.1", "140.82.113.3", "77.88.55.60", "47.74.128.10"),
    "backup": ("51.38.0.1", "133.242.0.3"),
}
PTR_NAMES = {
    "212.27.48.10": "imap.free.fr",
    "185.70.42.37": "mail.protonmail.ch",
    "2a00:1450:4001::1": "imap.gmail.com",
    "17.253.144.10": "p42-content.icloud.com",
    "8.8.8.8": "dns.google",
    "140.82.113.3": "lb-140-82-113-3-iad.github.com",
    "77.88.55.60": "yandex.ru",
    "3.121.0.10": "s3.eu-central-1.amazonaws.com",
}
# A client holding connections until its stdin closes, under the name given (as programs do).
CLIENT = """
import ctypes, socket, sys
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)  # PR_SET_NAME
held = [socket.create_connection((h, int(p)), timeout=10) for h, p in zip(*[iter(sys.argv[2:])]*2)]
print("connected", flush=True)
sys.stdin.read()
"""


def _screenshot_dbs(directory: Path) -> list[Path]:
    city: dict[str, Any] = {}
    asn: dict[str, Any] = {}
    for n in FIXTURE_NETWORKS:
        city[n.network] = geoip2_city_record(
            n.country_code, n.city, latitude=n.latitude, longitude=n.longitude, accuracy_km=50
        )
        asn[n.network] = geoip2_asn_record(n.asn, n.organisation)
    for network, _ip, country, town, lat, lon, number, owner in SCREENSHOT_NETWORKS:
        city[network] = geoip2_city_record(
            country, town, latitude=lat, longitude=lon, accuracy_km=20
        )
        asn[network] = geoip2_asn_record(number, owner)
    return [
        build_mmdb(directory / "city.mmdb", city, database_type="DataLocator-Test-City"),
        build_mmdb(directory / "asn.mmdb", asn, database_type="DataLocator-Test-ASN"),
    ]


def _start_client(name: str, hosts: list[PublicHost]) -> subprocess.Popen[str]:
    args = [value for host in hosts for value in (host.ip, str(host.port))]
    client = subprocess.Popen(
        [sys.executable, "-I", "-c", CLIENT, name, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert client.stdout is not None
    assert client.stdout.readline().strip() == "connected"
    return client


def test_app_window_screenshot(
    qtbot: Any,
    request: pytest.FixtureRequest,
    make_window: WindowFactory,
    own: OwnProcesses,
    dns_server: DnsTestServer,
    tmp_path: Path,
    loopback_client: int,
) -> None:
    """The window at 1440×900 as a person sees it: located connections (as root), a place chosen.

    Saved to tests/artifacts/app-window.png, and to docs/screenshots/main-window.png when
    DATALOCATOR_UPDATE_SCREENSHOTS=1 (the README shows that one).
    """
    clients: list[subprocess.Popen[str]] = []
    try:
        factory: Callable[[str], PublicHost] | None = request.getfixturevalue("public_host")
    except pytest.skip.Exception:  # not root: the loopback connection only
        factory = None
    try:
        if factory is not None:
            for name, addresses in CLIENTS.items():
                client = _start_client(name, [factory(ip) for ip in addresses])
                own.pids.add(client.pid)
                clients.append(client)
        for ip, name in PTR_NAMES.items():
            dns_server.add_ptr(ip, name)
            # Forward-confirmed, as the providers publish them: only then may a name speak.
            dns_server.add(name, "AAAA" if ":" in ip else "A", ip)
        locator, errors = Locator.from_paths(_screenshot_dbs(tmp_path / "dbs"))
        assert errors == []
        resolver = ReverseResolver(nameservers=[dns_server.host], port=dns_server.port)
        window = make_window(
            locator,
            resolver=resolver,
            settings=Settings(poll_interval_s=0.5, reverse_dns=True),
            size=(1440, 900),
        )
        everyone = {ip for addresses in CLIENTS.values() for ip in addresses} if clients else set()
        # Anycast resolvers are served from many places: listed, never pinned on the map.
        expected = everyone - ANYCAST
        qtbot.waitUntil(lambda: expected <= map_ips(window), timeout=WAIT_MS)
        assert not ANYCAST & map_ips(window)
        if clients:  # host names arrived and the map entries carry them
            qtbot.waitUntil(
                lambda: all(window.entries.by_ip[ip].host == n for ip, n in PTR_NAMES.items()),
                timeout=WAIT_MS,
            )
            qtbot.waitUntil(
                lambda: (
                    window.map.view.mark_for_ip("212.27.48.10") is not None
                    and window.map.view.mark_for_ip("212.27.48.10").hosts == ("imap.free.fr",)
                ),  # type: ignore[union-attr]
                timeout=WAIT_MS,
            )
            window.table.sortByColumn(Column.PROCESS, Qt.SortOrder.AscendingOrder)
            window.table.selectRow(row_of(window, "77.88.55.60"))  # Yandex, in Moscow
            assert window.map.selected_ip() == "77.88.55.60"
        qtbot.waitUntil(lambda: not window.map.is_updating(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not window.map.is_animating(), timeout=WAIT_MS)
        assert window.size().width() == 1440 and window.size().height() == 900
        path = save_screenshot(window, ARTIFACTS / "app-window.png")
        image = QImage(str(path))
        assert image.width() >= 1440 and image.height() >= 900
        if os.environ.get(UPDATE_SCREENSHOTS_ENV) == "1":
            save_screenshot(window, DOCS_SCREENSHOT)
    finally:
        for client in clients:
            if client.stdin is not None:
                client.stdin.close()
            try:
                client.wait(timeout=30)
            except subprocess.TimeoutExpired:
                client.kill()
                client.wait(timeout=30)
            if client.stdout is not None:
                client.stdout.close()
