"""The Accounts panel and the map's account pins, as a person with Thunderbird and a Nextcloud
client sees them without typing anything; then "lea@example.org" added by hand. Servers are
resolved by a real DNS server on 127.0.0.1 (the window's DNS setting points at it), located with
the fixture databases; as root, a real connection to a test host is tagged with its account."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.accounts.model import AccountKind
from app.core.accounts.sources import live_accounts
from app.core.accounts.userdirs import UserDirs
from app.core.connections import PsutilSource
from app.core.dns.forward import DnsClient
from app.core.geo.locator import Locator
from app.core.settings import Settings
from app.ui.accounts_panel import COLUMNS
from app.ui.connections_model import Column
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, Qt
from tests.fixtures.accounts import SECRET, home_with_accounts
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_IE, OVH_FR
from tests.fixtures.netns import PublicHost
from tests.fixtures.windows import WAIT_MS, WindowFactory, own_sockets

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def window_source() -> Callable[[], PsutilSource]:
    """Only this test's own sockets: other programs cannot disturb the table."""
    return own_sockets


def zone(dns: DnsTestServer) -> None:
    dns.add("imap.example.test", "AAAA", GOOGLE_IE.sample_ip)  # mail kept by Google, Dublin
    dns.add("cloud.example.test", "A", OVH_FR.sample_ip)  # photos at OVH, Roubaix


def settings_for(dns: DnsTestServer) -> Settings:
    return Settings(
        poll_interval_s=0.2,
        reverse_dns=True,
        dns_server=f"{dns.host}:{dns.port}",
        home_country="FR",
    )


def cell(window: MainWindow, row: int, column: str) -> str:
    model = window.accounts_panel.model
    return str(model.data(model.index(row, COLUMNS.index(column))))


def placed_count(window: MainWindow) -> int:
    return len(window.accounts.placed_accounts)


def open_window(
    make_window: WindowFactory,
    locator: Locator,
    dns: DnsTestServer,
    home: Path,
) -> MainWindow:
    return make_window(
        locator, settings=settings_for(dns), user_dirs=UserDirs(home), size=(1440, 900)
    )


def test_the_window_shows_where_mail_and_photos_are_stored_without_typing_anything(
    qtbot: Any,
    tmp_path: Path,
    make_window: WindowFactory,
    fixture_locator: Locator,
    dns_server: DnsTestServer,
) -> None:
    zone(dns_server)
    window = open_window(make_window, fixture_locator, dns_server, home_with_accounts(tmp_path))
    qtbot.waitUntil(lambda: placed_count(window) == 2 and not window.accounts.busy, timeout=WAIT_MS)
    panel = window.accounts_panel
    assert window.tabs.tabText(window.tabs.indexOf(panel)) == "My accounts (2)"
    rows = {cell(window, r, "Account"): r for r in range(panel.model.rowCount())}
    mail = rows["lea@example.test · Mail, Thunderbird"]
    files = rows["lea@cloud.example.test · Files, Nextcloud"]
    assert (cell(window, mail, "Stored by"), cell(window, mail, "Where")) == ("Google", "Ireland")
    assert cell(window, mail, "Law") == "US law reach"
    assert (cell(window, files, "Stored by"), cell(window, files, "Where")) == (
        "OVHcloud",
        "France",
    )
    assert cell(window, files, "State") == "Found"

    window.show_accounts()
    panel.table.selectRow(mail)
    assert panel.summary.text() == "Your mail lea@example.test is stored by Google in Ireland."
    assert "US authorities can demand it" in panel.law.text()
    assert "Living in the EU/EEA" in panel.law.text()  # the reader lives in France
    servers = [
        panel.servers.topLevelItem(i).text(0) for i in range(panel.servers.topLevelItemCount())
    ]
    assert servers == ["stores · imap imap.example.test:993", "carries · smtp smtp.example.test"]
    assert panel.servers.topLevelItem(0).child(0).text(1) == "Dublin, Ireland"
    assert SECRET not in repr(window.accounts.placed_accounts)

    # The map: a pin per account and place, mail in Dublin, files in Roubaix.
    qtbot.waitUntil(
        lambda: len(window.map.view.pins) == 2 and not window.map.is_updating(), timeout=WAIT_MS
    )
    pins = {p.pin.kind: p.pin for p in window.map.view.pins}
    assert (pins[AccountKind.MAIL].city, pins[AccountKind.MAIL].country_code) == ("Dublin", "IE")
    assert (pins[AccountKind.FILES].city, pins[AccountKind.FILES].country_code) == ("Roubaix", "FR")
    # The shading counts accounts: Ireland is shaded with no connection there.
    assert "IE" in window.map.view.shading and "FR" in window.map.view.shading
    save(window, "accounts-window.png")

    # A click on the envelope opens that account (the other one was selected last).
    panel.table.selectRow(files)
    window.tabs.setCurrentIndex(0)
    mail_key = pins[AccountKind.MAIL].account_key
    position = window.map.pin_position(mail_key)
    assert position is not None and window.map.pin_at(position) == pins[AccountKind.MAIL]
    qtbot.mouseClick(window.map, Qt.MouseButton.LeftButton, pos=position.toPoint())
    assert window.tabs.currentWidget() is panel
    assert panel.model.key_at(panel.table.currentIndex().row()) == mail_key


def test_an_address_typed_by_hand_is_looked_up_kept_and_removed(
    qtbot: Any,
    tmp_path: Path,
    make_window: WindowFactory,
    fixture_locator: Locator,
    dns_server: DnsTestServer,
) -> None:
    dns_server.add("_imaps._tcp.example.org", "SRV", "0 1 993 imap.example.org.")
    dns_server.add("imap.example.org", "A", OVH_FR.sample_ip)
    dns_server.add("example.org", "MX", "10 mx.example.org.")
    window = open_window(make_window, fixture_locator, dns_server, tmp_path / "empty")
    panel = window.accounts_panel
    qtbot.waitUntil(lambda: "No mail or sync account found" in panel.status.text(), timeout=WAIT_MS)

    panel.entry_field.setText("not an address@")
    qtbot.keyClick(panel.entry_field, Qt.Key.Key_Return)
    assert panel.error.isVisible() is panel.isVisible()
    assert "is not" in panel.error.text()

    panel.entry_field.setText("lea@example.org")
    qtbot.keyClick(panel.entry_field, Qt.Key.Key_Return)
    assert panel.entry_field.text() == "" and panel.error.text() == ""
    qtbot.waitUntil(lambda: placed_count(window) == 1, timeout=WAIT_MS)
    assert window.settings.manual_accounts == ("mail:lea@example.org",)
    assert cell(window, 0, "Account") == "lea@example.org · Mail, added by you"
    assert (cell(window, 0, "Stored by"), cell(window, 0, "Where")) == ("OVHcloud", "France")
    panel.table.selectRow(0)
    assert panel.summary.text() == "Your mail lea@example.org is stored by OVHcloud in France."
    assert panel.remove_button.isEnabled()

    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    assert window.settings.manual_accounts == ()

    # A service's own words about where it keeps data come with their source and date.
    panel.entry_field.setText("camille@gmail.com")
    qtbot.keyClick(panel.entry_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: placed_count(window) == 1, timeout=WAIT_MS)
    panel.table.selectRow(0)
    entity, note = panel.service_note.text().split("\n")
    assert entity == (
        "Gmail is run by Google Ireland Limited (Ireland; source: "
        "https://policies.google.com/terms/definitions?hl=en-GB&gl=uk/)"
    )
    assert note.startswith("Gmail says: Google says it maintains servers around the world")
    assert "source: https://policies.google.com/privacy/frameworks, as of February 10, 2022" in note


def test_a_silent_dns_server_shows_a_state_per_account_never_a_frozen_window(
    qtbot: Any,
    tmp_path: Path,
    make_window: WindowFactory,
    fixture_locator: Locator,
    black_hole_dns: DnsTestServer,
) -> None:
    home = home_with_accounts(tmp_path)
    # The window's own time-out is 5 s a name; 0.5 s here tells the same story sooner.
    quick = live_accounts(
        lambda: UserDirs(home),
        processes=tuple,
        dns_for=lambda settings: DnsClient(settings.dns_server, lifetime=0.5),
    )
    window = make_window(
        fixture_locator, settings=settings_for(black_hole_dns), accounts_source=quick
    )
    panel = window.accounts_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT_MS)
    assert cell(window, 0, "State") == "Looking up…"  # listed at once, looked up after
    assert "Looking up servers: 0 of 2" in panel.status.text()
    QApplication.processEvents()  # the GUI thread is free while DNS waits
    qtbot.waitUntil(lambda: placed_count(window) == 2, timeout=WAIT_MS)
    assert {cell(window, r, "State") for r in range(2)} == {"DNS failed"}
    panel.table.selectRow(0)
    assert "not known" in panel.summary.text()


@pytest.mark.netns
def test_a_connection_to_an_account_server_is_tagged_and_filtered(
    qtbot: Any,
    tmp_path: Path,
    make_window: WindowFactory,
    fixture_locator: Locator,
    dns_server: DnsTestServer,
    public_host: Callable[[str], PublicHost],
) -> None:
    host = public_host(OVH_FR.sample_ip)
    zone(dns_server)
    window = open_window(make_window, fixture_locator, dns_server, home_with_accounts(tmp_path))
    with socket.create_connection(host.address, timeout=10):
        qtbot.waitUntil(
            lambda: (
                OVH_FR.sample_ip in window.entries.by_ip
                and window.entries.by_ip[OVH_FR.sample_ip].accounts == ("lea@cloud.example.test",)
            ),
            timeout=WAIT_MS,
        )
        entry = window.entries.by_ip[OVH_FR.sample_ip]
        assert entry.category == "photos"  # from the account, not the port
        proxy = window.proxy
        (row,) = [
            r
            for r in range(proxy.rowCount())
            if proxy.index(r, Column.IP).data() == OVH_FR.sample_ip
        ]
        tip = proxy.index(row, Column.PROCESS).data(Qt.ItemDataRole.ToolTipRole)
        assert tip.endswith("Your account: lea@cloud.example.test")  # which program, which account
        assert window.filter_bar.only_accounts.isEnabled()
        qtbot.waitUntil(
            lambda: (
                (mark := window.map.view.mark_for_ip(OVH_FR.sample_ip)) is not None
                and mark.accounts == ("lea@cloud.example.test",)
            ),
            timeout=WAIT_MS,
        )
        mark = window.map.view.mark_for_ip(OVH_FR.sample_ip)
        assert mark is not None
        window.map.placeSelected.emit((mark,))
        assert window.place_panel.accounts.text() == (
            "Your accounts stored here: lea@cloud.example.test"
        )
        assert tuple(row[4] for row in window.place_panel.rows() if row[1] == OVH_FR.sample_ip) == (
            "lea@cloud.example.test",
        )
        window.filter_bar.only_accounts.setChecked(True)
        qtbot.waitUntil(
            lambda: (
                not window.map.is_updating()
                and {ip for m in window.map.view.marks for ip in m.ips} == {OVH_FR.sample_ip}
            ),
            timeout=WAIT_MS,
        )
        save(window, "accounts-linked.png")


def save(window: MainWindow, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    path = ARTIFACTS / name
    assert window.grab().save(str(path))
    return path
