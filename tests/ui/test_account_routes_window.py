"""An account's mail routes in the window, against a real Dovecot on loopback
(tests/fixtures/dovecot.py) found through a real Thunderbird profile: the accounts tab offers
it for an IMAP account, the dialog says what will be read before anything is sent, the password
is asked once and kept only in the keyring (a file keyring in tmp here), a refused one is asked
again with why, the routes come grouped by sender with the map following the chosen message,
and the kept password can be deleted from the window."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyrings.alt.file import PlaintextKeyring

from app.core.accounts.sources import live_accounts
from app.core.accounts.userdirs import UserDirs
from app.core.countries import country_name
from app.core.route_marks import ShownRoute, route_points
from app.core.routes.mail_password import SERVICE
from app.ui.main_window import MainWindow
from app.ui.message_dialogs import MailLoginDialog
from app.ui.qt import QDialogButtonBox, Qt
from tests.fixtures.dovecot import Dovecot, dovecot, thunderbird_home
from tests.fixtures.file_keyring import file_keyring
from tests.fixtures.windows import WAIT_MS, WindowFactory, own_sockets

__all__ = ["dovecot", "file_keyring"]  # the fixtures, used by name

ARTIFACTS = Path(__file__).parents[1] / "artifacts"


@pytest.fixture
def trusted(
    dovecot: Dovecot, file_keyring: PlaintextKeyring, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PlaintextKeyring]:
    """The throw-away CA trusted as the system's, the file keyring chosen as a user would."""
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cafile))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    yield file_keyring


def _window(make_window: WindowFactory, embedded: Any, home: Path) -> MainWindow:
    accounts = live_accounts(lambda: UserDirs(home), processes=tuple)
    window = make_window(embedded, source=own_sockets(), accounts_source=accounts, size=(1440, 900))
    return window


def _login(qtbot: Any, window: MainWindow, kept: bool) -> MailLoginDialog:
    """Click the account's button; wait until the dialog knows what the keyring holds."""
    panel = window.accounts_panel
    qtbot.waitUntil(lambda: panel.model.placed_at(0) is not None, timeout=WAIT_MS)
    window.show_accounts()
    panel.table.selectRow(0)
    assert panel.routes_button.isVisible()
    panel.routes_button.click()
    dialog = window.mail_login
    assert dialog is not None and dialog.isVisible()
    wanted = "is kept in your system keyring" if kept else "Type the password"
    qtbot.waitUntil(lambda: wanted in dialog.keyring_state.text(), timeout=WAIT_MS)
    return dialog


def _read(qtbot: Any, window: MainWindow, dialog: MailLoginDialog, password: str) -> None:
    dialog.password.setText(password)
    assert dialog.read_button.isEnabled()
    with qtbot.waitSignal(window.route_owner.busyChanged, timeout=WAIT_MS) as started:
        dialog.read_button.click()
    assert started.args == [True]
    assert not window.accounts_panel.routes_button.isEnabled()  # one reading at a time
    assert window.stop_trace_button.isVisible()


def test_account_routes_password_once_grouped_by_sender_then_forgotten(
    qtbot: Any,
    make_window: WindowFactory,
    embedded: Any,
    tmp_path: Path,
    dovecot: Dovecot,
    trusted: PlaintextKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    window = _window(make_window, embedded, thunderbird_home(dovecot, tmp_path / "home"))
    login = f"{dovecot.user}@localhost"  # the keyring's user name

    # First time: nothing kept, so the password is asked and OK waits for it.
    dialog = _login(qtbot, window, kept=False)
    assert dialog.read_button.isEnabled() is False
    assert dialog.explain.text().startswith("DataLocator will log in to localhost over TLS")
    assert "read-only" in dialog.explain.text()
    assert "(Received:, From:, Date:)" in dialog.explain.text()
    assert not dialog.forget_button.isVisible()
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / "route-account-login.png"))

    # A wrong password: asked again, with the server's refusal in words; nothing kept.
    dialog.count.setValue(5)
    with qtbot.waitSignal(window.route_owner.accountFailed, timeout=WAIT_MS):
        _read(qtbot, window, dialog, "not the password")
    again = window.mail_login
    assert again is not None and again is not dialog and again.isVisible()
    assert again.error.isVisible()
    assert "refused" in again.error.text()
    assert again.count.value() == 20  # a new dialog; the count is the person's to set again
    assert trusted.get_password(SERVICE, login) is None

    # The right one: the routes of the last 5 messages, by sender, and the password kept.
    again.count.setValue(5)
    with qtbot.waitSignal(window.route_owner.accountTraced, timeout=WAIT_MS) as traced:
        _read(qtbot, window, again, dovecot.password)
    assert trusted.get_password(SERVICE, login) == dovecot.password
    expected = list(dict.fromkeys(domain for _, domain in dovecot.messages[-5:]))
    assert [group.domain for group in traced.args[0].groups] == expected
    panel = window.route_panel
    assert window.tabs.currentWidget() is panel
    assert panel.title.text() == "The routes of your last 5 messages on localhost"
    senders = [panel.sender_list.itemText(i) for i in range(panel.sender_list.count())]
    us, fr = country_name("US", "en"), country_name("FR", "en")
    gmail, ovh = expected.index("gmail.com"), expected.index("example.fr")
    outlook = expected.index("outlook.com")
    # Google's server is placed only at Google's home by the databases: no country for it.
    assert senders[gmail] == "gmail.com (2 messages)"
    assert senders[ovh] == f"example.fr (1 message) — {fr}"
    assert senders[outlook].startswith("outlook.com (1 message) — ") and us in senders[outlook]
    assert panel.sender_list.itemData(gmail, Qt.ItemDataRole.ToolTipRole) == (
        "No country could be told for these messages."
    )

    # Choosing a sender and a message shows its stops and redraws the map.
    with qtbot.waitSignal(panel.routeChosen, timeout=WAIT_MS) as chosen:
        panel.sender_list.setCurrentIndex(gmail)
    assert panel.message_list.count() == 2
    first = chosen.args[0]
    assert first.title == "Message 1 of 2 from gmail.com"
    assert not route_points(first, window.map.world)  # Google's server has no place
    _map_follows(qtbot, window, first)
    ARTIFACTS.mkdir(exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "route-account.png"))
    ips = [panel.model.cell(row, 2) for row in range(panel.model.rowCount())]
    assert "209.85.220.41" in ips  # Google's outbound mail server, from the header
    google = ips.index("209.85.220.41")
    assert panel.model.cell(google, 4) == "Google"
    with qtbot.waitSignal(panel.routeChosen, timeout=WAIT_MS) as second:
        panel.message_list.setCurrentIndex(1)
    assert second.args[0].title == "Message 2 of 2 from gmail.com"
    with qtbot.waitSignal(panel.routeChosen, timeout=WAIT_MS) as french:
        panel.sender_list.setCurrentIndex(ovh)
    assert panel.summary.text() == (f"Countries crossed: {fr}\nThis route stays inside the EU/EEA.")
    assert route_points(french.args[0], window.map.world)
    _map_follows(qtbot, window, french.args[0])

    # Next time: the kept password is used without asking.
    dialog = _login(qtbot, window, kept=True)
    assert dialog.read_button.isEnabled() and dialog.forget_button.isVisible()
    dialog.count.setValue(5)
    with qtbot.waitSignal(window.route_owner.accountTraced, timeout=WAIT_MS):
        dialog.read_button.click()

    # Forgetting it from the window: the keyring entry is gone, the dialog asks again.
    dialog = _login(qtbot, window, kept=True)
    dialog.forget_button.click()
    qtbot.waitUntil(lambda: "Type the password" in dialog.keyring_state.text(), timeout=WAIT_MS)
    assert trusted.get_password(SERVICE, login) is None
    assert not dialog.read_button.isEnabled()
    assert window.statusBar().currentMessage() == (
        f"The password for {dovecot.user} on localhost was deleted from your system keyring."
    )
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible()

    # Anonymise: the mail server, the hops' names and addresses and the senders as tokens.
    panel.sender_list.setCurrentIndex(ovh)
    assert "188.165.51.139" in {panel.model.cell(row, 2) for row in range(3)}
    window.anonymise_action.trigger()
    qtbot.waitUntil(lambda: "localhost" not in panel.title.text(), timeout=WAIT_MS)
    assert panel.title.text().startswith("The routes of your last 5 messages on ")
    rows = range(panel.model.rowCount())
    assert not {panel.model.cell(row, 2) for row in rows} & {"188.165.51.139", "10.108.17.98"}
    # The sender's own server becomes a token; OVH's keep only the company's domain.
    names = [panel.model.cell(row, 1) for row in rows]
    assert re.fullmatch(r"\[host \d+\]", names[0]) and names[1:] == ["*.ovh.net", "*.ovh.net"]
    senders = [panel.sender_list.itemText(i) for i in range(panel.sender_list.count())]
    assert senders[ovh].endswith(f"(1 message) — {fr}")
    assert all("example.fr" not in sender for sender in senders)
    window.anonymise_action.trigger()
    qtbot.waitUntil(lambda: "localhost" in panel.title.text(), timeout=WAIT_MS)
    assert "188.165.51.139" in {panel.model.cell(row, 2) for row in rows}

    # The password never in a log line, and never left in a field.
    assert all(dovecot.password not in record.getMessage() for record in caplog.records)
    assert all(d.password.text() == "" for d in window.findChildren(MailLoginDialog))


def _map_follows(qtbot: Any, window: MainWindow, route: ShownRoute) -> None:
    """The map draws the chosen message's placed stops, by number and law."""
    wanted = [(p.number, p.law) for p in route_points(route, window.map.world)]
    qtbot.waitUntil(
        lambda: [(s.number, s.law) for s in window.map.view.route.stops] == wanted,
        timeout=WAIT_MS,
    )


def test_an_untrusted_certificate_is_said_and_no_password_kept(
    qtbot: Any,
    make_window: WindowFactory,
    embedded: Any,
    tmp_path: Path,
    dovecot: Dovecot,
    trusted: PlaintextKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server's certificate signed by a CA this computer does not trust: no login, the
    reason in the banner, the dialog not asked again, nothing kept."""
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.other_cafile))
    window = _window(make_window, embedded, thunderbird_home(dovecot, tmp_path / "home"))
    dialog = _login(qtbot, window, kept=False)
    with qtbot.waitSignal(window.route_owner.accountFailed, timeout=WAIT_MS):
        _read(qtbot, window, dialog, dovecot.password)
    assert window.mail_login is dialog and not dialog.isVisible()
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    said = window.banner.text()
    assert said.startswith("Your mail server's headers could not be read.\n")
    assert "certificate" in said and dovecot.password not in said
    assert trusted.get_password(SERVICE, f"{dovecot.user}@localhost") is None
    assert not window.tabs.isTabVisible(window.tabs.indexOf(window.route_panel))
