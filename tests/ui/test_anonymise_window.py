"""View → Anonymise on a real computer's window: real sockets to public-looking hosts (network
namespaces), PTR names from a DNS server on loopback, and mail and files accounts read from a
home folder. Every text the window shows, every tooltip and every export (PNG, SVG, PDF, HTML)
is searched for this machine's login and computer names, the addresses and the account e-mails;
the countries, cities and companies stay."""

from __future__ import annotations

import ctypes
import getpass
import re
import socket
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

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
    QApplication,
    QImage,
    QSize,
)
from app.ui.report_dialog import ReportRequest
from tests.fixtures.accounts import home_with_accounts
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_US, OVH_FR
from tests.fixtures.netns import PublicHost
from tests.fixtures.visible_text import (
    html_words,
    leaks,
    model_texts,
    pdf_text_and_metadata,
    shown_texts,
)
from tests.fixtures.windows import WAIT_MS, WindowFactory, own_sockets

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
REPORT_MS = 120_000
ACCOUNTS = ("lea@example.test", "lea@cloud.example.test", "imap.example.test", "cloud.example.test")


@pytest.fixture
def window_source() -> Callable[[], PsutilSource]:
    """Only this test's own sockets."""
    return own_sockets


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
    # The report it offers is the shared version, saved under "~" (the home's path names
    # the user).
    offered: list[tuple[Path, ReportOptions]] = []
    window._choose_report = lambda _parent, path, defaults: offered.append((path, defaults))
    window.export_report()
    ((path, defaults),) = offered
    assert defaults.redact and not defaults.machine
    assert str(path).startswith("~") or not str(path).startswith(str(Path.home()))
