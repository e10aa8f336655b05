"""File → Export report… in the window: the dialog's choices, the report made off the GUI thread
from what the window shows (the demo here), a busy indicator meanwhile, a way to open it after,
and a plain error (no file left) when it cannot be written."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from app.core.demo import DemoResolver, DemoSource, demo_accounts_source
from app.core.geo.locator import Locator
from app.core.report.produce import Paper, ReportFormat, ReportOptions
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QTimer, QWidget
from app.ui.report_dialog import ReportDialog, ReportRequest
from tests.fixtures.personas import CAMILLE
from tests.fixtures.windows import WAIT_MS, WindowFactory

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
REPORT_MS = 120_000  # a PDF with its map takes a few seconds on a busy CI machine


def demo_window(make_window: WindowFactory, embedded: Locator, **extra: Any) -> MainWindow:
    return make_window(
        embedded,
        source=DemoSource(CAMILLE),
        resolver=DemoResolver(CAMILLE),
        accounts_source=demo_accounts_source(CAMILLE),
        **extra,
    )


def settled(qtbot: Any, window: MainWindow) -> None:
    """Her accounts placed and her servers named: what a report of the demo holds."""
    qtbot.waitUntil(lambda: len(window.accounts.placed_accounts) == 3, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: any(
            e.located.endpoint.hostnames == ("imap.gmail.com",)
            for e in window.entries.by_ip.values()
        ),
        timeout=WAIT_MS,
    )


def paused(qtbot: Any, window: MainWindow) -> None:
    """No more polls: the rows the report copies are the rows the test reads."""
    window.timer.stop()
    qtbot.waitUntil(lambda: not window.poll_in_flight, timeout=WAIT_MS)


def write(qtbot: Any, window: MainWindow, path: Path, **options: Any) -> None:
    chosen = ReportOptions(**{"format": ReportFormat.JSON, "language": "en", **options})
    with qtbot.waitSignal(window.reportWritten, timeout=REPORT_MS):
        window.write_report(ReportRequest(path, chosen))


def test_the_dialog_offers_what_each_format_can_use(qtbot: Any, tmp_path: Path) -> None:
    defaults = ReportOptions(ReportFormat.PDF, "en", paper=Paper.LETTER)
    dialog = ReportDialog(tmp_path / "report", defaults)
    qtbot.addWidget(dialog)

    assert dialog.paper_combo.isEnabled() and dialog.paper_combo.currentData() == "letter"
    assert dialog.path_field.text().endswith("report.pdf")
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    assert not dialog.paper_combo.isEnabled()  # paper is for the PDF only
    assert dialog.path_field.text().endswith("report.csv")

    dialog.machine_box.setChecked(True)
    dialog.redact_box.setChecked(True)
    assert not dialog.machine_box.isEnabled() and not dialog.machine_box.isChecked()
    dialog.name_field.setText("  Camille  ")
    request = dialog.request()
    assert request is not None
    assert request.path == tmp_path / "report.csv"
    assert request.options == ReportOptions(
        ReportFormat.CSV, "en", paper=Paper.LETTER, redact=True, person="Camille", machine=False
    )
    assert dialog.name_field.maxLength() == 100


def test_export_report_asks_then_writes_what_the_window_shows(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    asked: list[tuple[Path, ReportOptions]] = []
    opened: list[Path] = []
    target = tmp_path / "mine.json"

    def choose(_parent: QWidget, suggested: Path, defaults: ReportOptions) -> ReportRequest:
        asked.append((suggested, defaults))
        return ReportRequest(target, ReportOptions(ReportFormat.JSON, "en"))

    Path.home().mkdir()  # a home without a Documents folder
    window = demo_window(make_window, embedded, choose_report=choose, open_file=opened.append)
    settled(qtbot, window)
    paused(qtbot, window)
    assert window.export_report_action in window.file_menu.actions()
    assert window.export_report_action in window.toolbar.actions()

    with qtbot.waitSignal(window.reportWritten, timeout=REPORT_MS):
        window.export_report_action.trigger()

    ((suggested, defaults),) = asked
    assert suggested.name.startswith("datalocator-report-") and suggested.suffix == ".pdf"
    assert suggested.parent == Path.home()  # no Documents folder: offered the home folder
    assert defaults.format is ReportFormat.PDF and defaults.paper is Paper.A4  # home: France
    document = json.loads(target.read_text(encoding="ascii"))
    assert document["period"]["kind"] == "demo"
    rows = window.model.snapshot().connections(include_closed=True)
    pairs = {(c.observation.process, str(c.observation.protocol), c.observation.remote_ip)
             for c in rows if c.observation.remote_ip is not None}  # fmt: skip
    got = {(c["process"], c["protocol"], c["ip"]) for c in document["connections"]}
    assert got == pairs
    assert {a["service"] for a in document["accounts"]} == {"gmail", "proton_mail", "icloud_photos"}

    assert window.open_report_button.isVisible()
    window.open_report_button.click()
    assert opened == [target]


def test_a_redacted_csv_holds_no_address_of_hers(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    window = demo_window(make_window, embedded)
    settled(qtbot, window)
    target = tmp_path / "shared.csv"
    write(qtbot, window, target, format=ReportFormat.CSV, redact=True)

    text = target.read_text(encoding="utf-8")
    with target.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and all(r["ip"].startswith("[IP ") for r in rows)
    for placed in window.accounts.placed_accounts:
        assert placed.account.address is None or placed.account.address not in text
    for connection in window.model.snapshot().connections():
        assert connection.observation.remote_ip not in text


def test_the_window_stays_responsive_while_a_pdf_is_made(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    window = demo_window(make_window, embedded)
    settled(qtbot, window)
    ticks: list[int] = []
    timer = QTimer(window)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    target = tmp_path / "report.pdf"

    with qtbot.waitSignal(window.reportWritten, timeout=REPORT_MS):
        window.write_report(ReportRequest(target, ReportOptions(ReportFormat.PDF, "en")))
        assert window.report_progress.isVisible() and window.status_report.isVisible()
        assert not window.export_report_action.isEnabled()
        window.export_report()  # a second one is not started meanwhile
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(ARTIFACTS / "report-in-progress.png"))

    timer.stop()
    assert len(ticks) >= 5  # the event loop turned while the report was made
    assert not window.report_progress.isVisible() and window.export_report_action.isEnabled()
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_report_that_cannot_be_written_is_said_and_leaves_nothing(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    window = demo_window(make_window, embedded)
    settled(qtbot, window)
    target = tmp_path / "no-such-folder" / "report.json"

    with qtbot.waitSignal(window.reportFailed, timeout=REPORT_MS):
        window.write_report(ReportRequest(target, ReportOptions(ReportFormat.JSON, "en")))

    assert window.banner.isVisible()
    assert (
        "report.json" in window.banner.text() and "no such file or folder" in window.banner.text()
    )
    assert not target.parent.exists()
    assert window.export_report_action.isEnabled() and not window.report_progress.isVisible()
    assert not window.open_report_button.isVisible()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_dialog_reads_well(
    qtbot: Any, qapp: QApplication, tmp_path: Path, language: str
) -> None:
    translators = install_translators(qapp, language)
    try:
        dialog = ReportDialog(tmp_path / "report", ReportOptions(ReportFormat.PDF, language))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(ARTIFACTS / f"report-dialog-{language}.png"))
        assert dialog.width() >= dialog.minimumSizeHint().width()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
