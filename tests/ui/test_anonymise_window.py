"""View → Anonymise on a real computer's window: real sockets to public-looking hosts (network
namespaces), PTR names from a DNS server on loopback, and mail and files accounts read from a
home folder. Every text the window shows, every tooltip and every export (PNG, SVG, PDF, HTML)
is searched for this machine's login and computer names, the addresses and the account e-mails;
the countries, cities and companies stay."""

from __future__ import annotations

import ctypes
import getpass
import re
import shutil
import socket
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import psutil
import pytest

from app.core.accounts.userdirs import UserDirs
from app.core.anonymise import MIN_NAME
from app.core.connections import PsutilSource
from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator
from app.core.report.produce import ReportFormat, ReportOptions
from app.core.settings import Settings
from app.ui.map.describe import tooltip_text
from app.ui.qt import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QImage,
    QLabel,
    QLineEdit,
    QSize,
    Qt,
    QWidget,
)
from app.ui.report_dialog import ReportRequest
from tests.fixtures.accounts import home_with_accounts
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_US, OVH_FR
from tests.fixtures.netns import PublicHost
from tests.fixtures.windows import WAIT_MS, WindowFactory

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
ME = psutil.Process().pid
REPORT_MS = 120_000
ACCOUNTS = ("lea@example.test", "lea@cloud.example.test", "imap.example.test", "cloud.example.test")


@pytest.fixture
def window_source() -> Callable[[], PsutilSource]:
    """Only this test's own sockets."""
    return lambda: PsutilSource(
        net_connections=lambda kind: [c for c in psutil.net_connections(kind) if c.pid == ME]
    )


@pytest.fixture
def named_after_the_user() -> Iterator[str]:
    """This process renamed after the login (as "alice-sync" would be): psutil reads the new
    name, so the table's process column carries the user's name for real."""
    libc = ctypes.CDLL(None, use_errno=True)
    before = Path("/proc/self/comm").read_text(encoding="ascii").strip()
    name = f"{getpass.getuser()}-sync"[:15]
    if libc.prctl(15, name.encode("ascii"), 0, 0, 0) != 0:  # PR_SET_NAME
        pytest.skip("this system does not let a process rename itself (prctl)")
    yield name
    libc.prctl(15, before.encode("ascii"), 0, 0, 0)


def private_words(hosts: list[PublicHost], socks: list[socket.socket]) -> list[str]:
    """What must appear nowhere: names of three letters or more (shorter ones cannot be told
    from parts of ordinary words, so the anonymiser leaves them: `MIN_NAME`), every address of
    the test's sockets, the accounts' e-mails and private servers."""
    names = [getpass.getuser(), socket.gethostname(), socket.gethostname().split(".")[0]]
    words = [n for n in names if len(n) >= MIN_NAME]
    words += [h.ip for h in hosts]
    words += [s.getsockname()[0] for s in socks]
    words += ACCOUNTS
    return sorted(set(words))


def shown_texts(window: QWidget) -> list[str]:
    """Everything the window shows or would show on hover: labels, buttons, fields, combo
    items, the cells and tooltips of every list and table, titles, accessible texts, actions."""
    texts = [window.windowTitle()]
    for widget in [window, *window.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        texts += [widget.statusTip(), widget.whatsThis(), widget.windowTitle()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += model_texts(widget.model())
        for action in widget.actions():
            texts += [action.text(), action.toolTip(), action.statusTip()]
    return [t for t in texts if t]


def model_texts(model: Any, parent: Any = None) -> list[str]:
    from app.ui.qt import QModelIndex

    parent = parent if parent is not None else QModelIndex()
    texts = []
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    texts.append(value)
        texts += model_texts(model, model.index(row, 0, parent))
    return texts


def leaks(texts: list[str], words: list[str]) -> list[tuple[str, str]]:
    return [(w, t) for t in texts for w in words if w.casefold() in t.casefold()]


class _Words(HTMLParser):
    """A page's text and attribute values (its style sheet is not shown: ":root" is CSS)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        self.found += [value for _name, value in attrs if value]

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.found.append(data)


def html_words(page: str) -> str:
    parser = _Words()
    parser.feed(page)
    return " ".join(parser.found)


def pdf_text_and_metadata(path: Path) -> str:
    tools = [shutil.which("pdftotext"), shutil.which("pdfinfo")]
    assert all(tools), "poppler-utils is installed by the test command"
    text = subprocess.run([tools[0], str(path), "-"], capture_output=True, text=True, check=True)
    info = subprocess.run([tools[1], str(path)], capture_output=True, text=True, check=True)
    return text.stdout + info.stdout


@pytest.mark.netns
def test_anonymise_hides_this_computer_everywhere(
    qtbot: Any,
    tmp_path: Path,
    make_window: WindowFactory,
    fixture_locator: Locator,
    dns_server: DnsTestServer,
    public_host: Callable[[str], PublicHost],
    named_after_the_user: str,
) -> None:
    hosts = [public_host(OVH_FR.sample_ip), public_host(GOOGLE_US.sample_ip)]
    machine = socket.gethostname()
    dns_server.add_ptr(OVH_FR.sample_ip, f"{machine}-nas.{getpass.getuser()}.example.")
    dns_server.add("imap.example.test", "A", GOOGLE_US.sample_ip)
    dns_server.add("cloud.example.test", "A", OVH_FR.sample_ip)
    settings = Settings(
        poll_interval_s=0.2,
        reverse_dns=True,
        dns_server=f"{dns_server.host}:{dns_server.port}",
        home_country="FR",
    )
    with ExitStack() as stack:
        socks = [
            stack.enter_context(socket.create_connection(h.address, timeout=10)) for h in hosts
        ]
        window = make_window(
            fixture_locator,
            settings=settings,
            resolver=ReverseResolver(nameservers=[dns_server.host], port=dns_server.port),
            user_dirs=UserDirs(home_with_accounts(tmp_path)),
            size=(1440, 900),
        )
        words = private_words(hosts, socks)
        # Before: the window shows them (the test would find them: it can fail).
        qtbot.waitUntil(lambda: len(window.accounts.placed_accounts) == 2, timeout=WAIT_MS)

        def named() -> bool:
            entry = window.entries.by_ip.get(OVH_FR.sample_ip)
            return entry is not None and bool(entry.located.endpoint.hostnames)

        qtbot.waitUntil(lambda: {h.ip for h in hosts} <= set(window.entries.by_ip), timeout=WAIT_MS)
        qtbot.waitUntil(named, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: bool(window.map.display_items()), timeout=WAIT_MS)
        window.select_ip(OVH_FR.sample_ip)
        before = shown_texts(window)
        found = {w for w, _ in leaks(before, words)}
        assert {OVH_FR.sample_ip, "lea@example.test", "lea@cloud.example.test"} <= found
        assert any(named_after_the_user in t for t in before)  # the process column, for real

        with qtbot.waitSignal(window.anonymisedChanged, timeout=WAIT_MS):
            window.anonymise_action.trigger()
        assert window.anonymised and window.status_anonymised.isVisible()
        qtbot.waitUntil(lambda: not window.poll_in_flight, timeout=WAIT_MS)
        with qtbot.waitSignal(window.pollApplied, timeout=WAIT_MS):
            window.refresh()  # a new poll's rows come in hidden too
        window.select_ip(OVH_FR.sample_ip)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            window.accounts_panel.table.selectRow(0)
            after = shown_texts(window)
            assert leaks(after, words) == [], "\n".join(
                f"{w!r} IN {t[:300]!r}" for w, t in leaks(after, words)
            )
        # The map's tooltips, for every mark and pin (shown on hover).
        map_texts = [
            tooltip_text(item.marks, window.map.language, window.map.shown)
            for item in window.map.display_items()
        ]
        map_texts += [p.pin.label for p in window.map.view.pins]
        assert map_texts and leaks(map_texts, words) == []
        # What stays: countries, cities and companies.
        table = " ".join(model_texts(window.proxy))
        assert "France" in table and "OVHcloud" in table and "[IP " in table

        window.grab().save(str(ARTIFACTS / "anonymised-window.png"))

        # Exports: the map as PNG (pixels and metadata) and SVG, the report as PDF and HTML.
        exports = {}
        for suffix, vector in ((".png", False), (".svg", True)):
            path = tmp_path / f"map{suffix}"
            with qtbot.waitSignal(window.map.exported, timeout=WAIT_MS):
                window.map.export(path, QSize(1200, 700), vector=vector)
            exports[suffix] = path
        image = QImage(str(exports[".png"]))
        metadata = " ".join(f"{k} {image.text(k)}" for k in image.textKeys())
        svg_text = " ".join(ET.parse(exports[".svg"]).getroot().itertext())
        svg_raw = exports[".svg"].read_text(encoding="utf-8")
        for fmt in (ReportFormat.PDF, ReportFormat.HTML):
            path = tmp_path / f"report.{fmt.value}"
            with qtbot.waitSignal(window.reportWritten, timeout=REPORT_MS):
                window.write_report(ReportRequest(path, ReportOptions(fmt, "en", machine=True)))
            exports[fmt.value] = path
        pdf = pdf_text_and_metadata(exports["pdf"])
        html = html_words(exports["html"].read_text(encoding="utf-8"))
        for name, text in (
            ("png metadata", metadata),
            ("svg", svg_text + svg_raw),
            ("pdf", pdf),
            ("html", html),
        ):
            assert leaks([text], words) == [], name
        assert "OVHcloud" in pdf and "France" in pdf
        assert re.search(r"\[IP \d+\]", html)

        # Off again: the window shows this computer as it is.
        with qtbot.waitSignal(window.anonymisedChanged, timeout=WAIT_MS):
            window.anonymise_action.trigger()
        qtbot.waitUntil(
            lambda: any(OVH_FR.sample_ip in t for t in model_texts(window.proxy)), timeout=WAIT_MS
        )
        assert window.settings.anonymise is False
        QApplication.processEvents()


def test_anonymise_is_remembered_and_on_before_anything_is_shown(
    qtbot: Any, tmp_path: Path, make_window: WindowFactory, fixture_locator: Locator
) -> None:
    settings = Settings(poll_interval_s=0.2, reverse_dns=False, anonymise=True)
    window = make_window(
        fixture_locator, settings=settings, user_dirs=UserDirs(home_with_accounts(tmp_path))
    )
    assert window.anonymise_action.isChecked()
    qtbot.waitUntil(lambda: window.anonymised, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(window.accounts.placed_accounts) == 2, timeout=WAIT_MS)
    texts = shown_texts(window)
    assert leaks(texts, ["lea@example.test", "lea@cloud.example.test"]) == []
