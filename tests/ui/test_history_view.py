"""View → History…: the timeline, what changed this week and the alerts log, read from a real
history file through a real HistoryOwner (the writer's thread), in English and in French, with
hostile program names shown as text; screenshots of each tab in tests/artifacts/."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.core.demo import DemoResolver, DemoSource
from app.core.geo.locator import Locator
from app.core.history.store import DAY_S, Alert, HistoryStore, Place
from app.core.history.timeline import OTHER_COUNTRIES, By
from app.core.settings import Settings, SettingsStore
from app.core.text import visible
from app.ui.history_owner import HistoryOwner
from app.ui.history_window import HistoryWindow
from app.ui.i18n import install_translators
from app.ui.plain_text import PlainToolTipDelegate, rich_tooltip
from app.ui.qt import QApplication, QDateTime, QEvent, QHelpEvent, QLocale, Qt, QToolTip
from app.ui.settings_owner import SettingsOwner
from app.ui.tasks import TaskRunner
from tests.fixtures.history import seen
from tests.fixtures.language import assert_speaks
from tests.fixtures.personas import LEA
from tests.fixtures.windows import WAIT_MS, WindowFactory

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
H = 3600.0
# "Now" is now: a new history file starts its learning period when it is made.
NOW = float(int(time.time()))
HOUR = NOW // H * H  # the current hour's first second
HOSTILE = "evil<b>bold</b>\u202eexe\nsecond line"

OVH = Place("51.38.112.20", "FR", "Roubaix", "OVHcloud", "EU_GDPR")
GOOGLE = Place("142.250.102.108", "US", "Mountain View", "Google", "US_REACH")
HETZNER = Place("88.198.1.1", "DE", "Falkenstein", "Hetzner", "EU_GDPR")
AWS_IE = Place("52.95.1.1", "IE", "Dublin", "Amazon <AWS>", "US_REACH")
SAKURA = Place("153.120.1.1", "JP", "Tokyo", "Sakura", "ADEQUACY")
BBC = Place("151.101.0.81", "GB", "London", "BBC", "ADEQUACY")
ALIBABA = Place("47.88.1.1", "CN", "Hangzhou", "Alibaba", "OTHER")
TRANSIP = Place("37.97.1.1", "NL", "Amsterdam", "TransIP", "EU_GDPR")
OVH_CA = Place("144.217.1.1", "CA", "Beauharnois", "OVH Canada", "ADEQUACY")

# (hours before the current one, the pairs seen in a poll in that hour)
HOURS: tuple[tuple[int, tuple[tuple[str, Place], ...]], ...] = (
    (30, (("firefox", GOOGLE), ("firefox", HETZNER))),
    (29, (("firefox", GOOGLE), ("spotify", AWS_IE))),
    (20, (("slack", SAKURA),)),
    (12, (("firefox", BBC), ("wechat", ALIBABA), ("firefox", TRANSIP), ("slack", SAKURA))),
    (6, ((HOSTILE, OVH), ("firefox", GOOGLE))),
    (1, (("firefox", GOOGLE), ("thunderbird", OVH), ("firefox", OVH_CA))),
)
ALERTS = (
    Alert(HOUR - 12 * H + 60, "new_country", "wechat", ALIBABA),
    Alert(HOUR - 6 * H + 60, "new_company", HOSTILE, OVH),
)


def write_history(path: Path) -> None:
    """Two polls weeks ago (France and the US are not new this week), then the hours above."""
    store = HistoryStore(path)
    store.record(seen(NOW - 20 * DAY_S, (("firefox", OVH), ("firefox", GOOGLE))))
    store.record(seen(NOW - 10 * DAY_S, (("thunderbird", OVH),)))
    for before, pairs in HOURS:
        at = HOUR - before * H + 60
        store.record(seen(at, pairs), tuple(a for a in ALERTS if a.at == at))
        store.record(seen(at + 60, pairs))  # a second poll of the same pairs counts nothing
    store.close()


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    runner = TaskRunner(max_threads=2)
    yield runner
    assert runner.shutdown(WAIT_MS)


@pytest.fixture
def opened(qtbot: Any, tmp_path: Path, runner: TaskRunner) -> Iterator[HistoryOwner]:
    path = tmp_path / "history.sqlite3"
    write_history(path)
    owner = HistoryOwner(runner, path, clock=lambda: NOW)
    with qtbot.waitSignal(owner.opened, timeout=WAIT_MS):
        owner.start()
    yield owner
    owner.close()


@pytest.fixture
def settings(tmp_path: Path, runner: TaskRunner) -> SettingsOwner:
    store = SettingsStore(tmp_path / "config")
    store.save(Settings())
    return SettingsOwner(store, runner)


@pytest.fixture
def french(qapp: QApplication) -> Iterator[str]:
    translators = install_translators(qapp, "fr")
    yield "fr"
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en"))


class Periods:
    def __init__(self) -> None:
        self.asked: list[tuple[float, float, str]] = []

    def __call__(self, start: float, end: float, label: str) -> None:
        self.asked.append((start, end, label))


def show_window(
    qtbot: Any,
    owner: HistoryOwner,
    settings: SettingsOwner,
    language: str = "en",
    periods: Periods | None = None,
) -> HistoryWindow:
    window = HistoryWindow(
        owner,
        settings,
        language=language,
        open_period=periods or Periods(),
        clock=lambda: NOW,
    )
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=WAIT_MS):
        window.show()
    qtbot.waitExposed(window)
    return window


def save_tabs(window: HistoryWindow, language: str) -> list[Path]:
    """Each tab as a person sees it (the timeline twice: hours by law, days by country)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = (
        ("timeline-hours-law", 0, 0, 0),
        ("timeline-days-country", 0, 1, 1),
        ("changes", 1, 0, 0),
        ("alerts", 2, 0, 0),
    )
    saved = []
    for name, tab, span, by in shots:
        window.tabs.setCurrentIndex(tab)
        window.range_combo.setCurrentIndex(span)
        window.by_combo.setCurrentIndex(by)
        path = ARTIFACTS / f"history-{name}-{language}.png"
        assert window.grab().save(str(path))
        saved.append(path)
    window.tabs.setCurrentIndex(0)
    return saved


def bucket(index_from_end: int) -> int:
    """The index of the hour ``index_from_end`` hours before the current one (48 buckets)."""
    return 47 - index_from_end


def test_the_timeline_stacks_pairs_per_hour_by_law_then_by_country(
    qtbot: Any, opened: HistoryOwner, settings: SettingsOwner
) -> None:
    window = show_window(qtbot, opened, settings)
    chart = window.chart
    line = chart.timeline
    assert line is not None and (line.span, line.by) == ("hour", By.LAW)
    assert len(line.buckets) == 48 and line.end == HOUR + H
    assert line.series == ("EU_GDPR", "ADEQUACY", "US_REACH", "OTHER")  # the palette's order
    counts = {47 - i: b.counts for i, b in enumerate(line.buckets) if b.total}
    assert counts == {
        30: (1, 0, 1, 0),  # Hetzner, Google
        29: (0, 0, 2, 0),  # Google, Amazon in Ireland (a US company)
        20: (0, 1, 0, 0),
        12: (1, 2, 0, 1),
        6: (1, 0, 1, 0),
        1: (1, 1, 1, 0),
    }
    assert line.buckets[bucket(2)].total == 0  # a gap stays a gap
    data = chart.data
    assert data is not None
    assert [s.name for s in data.series] == [
        "EU / GDPR",
        "EU adequacy decision",
        "US law reach",
        "Other jurisdiction",
    ]
    assert [s.colour for s in data.series] == ["#008566", "#0072b2", "#c65a00", "#b8558e"]

    # Hovering a bar: its hour and each law's count, as plain text.
    rect = chart.bar_rect(bucket(12))
    assert rect.height() > chart.bar_rect(bucket(6)).height() > 0
    assert chart.bucket_at(rect.center()) == bucket(12)
    text = chart.tooltip_text(bucket(12))
    assert "EU / GDPR: 1" in text and "EU adequacy decision: 2" in text and "Total: 4" in text
    assert "not running" in chart.tooltip_text(bucket(2))
    point = rect.center().toPoint()
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, point, chart.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=WAIT_MS)
    assert QToolTip.text() == rich_tooltip(text)
    QToolTip.hideText()

    window.by_combo.setCurrentIndex(window.by_combo.findData(By.COUNTRY.value))
    line = chart.timeline
    assert line is not None and line.by is By.COUNTRY
    # Pairs per country over the 48 hours: US 4, FR 2, JP 2, then one each (ties by code).
    assert line.series == ("US", "FR", "JP", "CA", "CN", "DE", OTHER_COUNTRIES)
    assert line.totals == (4, 2, 2, 1, 1, 1, 3)  # GB, IE, NL
    assert chart.data is not None
    names = [s.name for s in chart.data.series]
    assert names == [
        "United States",
        "France",
        "Japan",
        "Canada",
        "China",
        "Germany",
        "Other countries",
    ]
    assert len({s.colour for s in chart.data.series}) == 7

    window.range_combo.setCurrentIndex(window.range_combo.findData("day"))
    line = chart.timeline
    assert line is not None and line.span == "day" and len(line.buckets) == 30
    # The polls of 10 and 20 days ago are in the daily view, not in the hourly one.
    by_start = {b.start: b.total for b in line.buckets}
    assert by_start[math.floor((NOW - 10 * DAY_S) / DAY_S) * DAY_S] == 1
    assert by_start[math.floor((NOW - 20 * DAY_S) / DAY_S) * DAY_S] == 2
    save_tabs(window, "en")


def test_an_empty_history_says_so(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, settings: SettingsOwner
) -> None:
    owner = HistoryOwner(runner, tmp_path / "empty.sqlite3", clock=lambda: NOW)
    with qtbot.waitSignal(owner.opened, timeout=WAIT_MS):
        owner.start()
    window = show_window(qtbot, owner, settings)
    assert window.chart.empty and window.chart.timeline is not None
    assert window.chart.timeline.series == () and len(window.chart.timeline.buckets) == 48
    assert window.chart.empty_text() == "Nothing recorded in this period yet"
    for box in (window.new_countries, window.new_companies, window.new_programs):
        assert box.items == () and not box.empty.isHidden()
        assert box.empty.text() == "Nothing new this week."
    assert window.alerts_model.rowCount() == 0 and not window.no_alerts.isHidden()
    assert "learns until" in window.learning.text()  # a new file is in its learning day
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "history-empty-en.png"))
    owner.close()


def test_what_changed_lists_this_weeks_news_as_plain_text(
    qtbot: Any, opened: HistoryOwner, settings: SettingsOwner
) -> None:
    window = show_window(qtbot, opened, settings)
    assert window.new_countries.items == (  # by ISO code: CA, CN, DE, GB, IE, JP, NL
        "Canada",
        "China",
        "Germany",
        "United Kingdom",
        "Ireland",
        "Japan",
        "Netherlands",
    )
    assert "France" not in window.new_countries.items  # seen weeks ago
    assert window.new_companies.items == (
        "Alibaba",
        "Amazon <AWS>",
        "BBC",
        "Hetzner",
        "OVH Canada",
        "Sakura",
        "TransIP",
    )
    programs = window.new_programs.items
    assert programs == ("evil<b>bold</b>\\u202eexe\\x0asecond line", "slack", "spotify", "wechat")
    shown = [
        window.new_programs.list.item(i).text() for i in range(window.new_programs.list.count())
    ]
    assert shown == list(programs)  # a list item is text: "<b>" is shown, not obeyed
    assert window.new_programs.empty.isHidden()
    since = datetime.fromtimestamp(NOW - 7 * DAY_S)
    assert str(since.year) in window.changes_since.text()
    assert window.changes_since.textFormat() == Qt.TextFormat.PlainText


def test_the_alerts_log_grows_at_the_top_and_shows_names_as_text(
    qtbot: Any, opened: HistoryOwner, settings: SettingsOwner
) -> None:
    window = show_window(qtbot, opened, settings)
    model = window.alerts_model
    assert model.rowCount() == 2
    newest = model.row_texts(0)
    assert newest[1] == "evil<b>bold</b>\\u202eexe\\x0asecond line"
    assert newest[2] == (
        "evil<b>bold</b>\\u202eexe\\x0asecond line sent data to OVHcloud for the first time."
    )
    assert newest[3] == "France, OVHcloud"
    assert model.row_texts(1)[2] == "wechat sent data to a server in China for the first time."
    assert all("\u202e" not in cell and "\n" not in cell for cell in newest)
    assert window.no_alerts.isHidden()
    # Tool tips go through the delegate that escapes them (Qt would render "<b>" as bold).
    assert isinstance(window.alerts_table.itemDelegate(), PlainToolTipDelegate)
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == newest[2]
    assert window.learning.text().startswith(
        "During the history's first day, DataLocator only learns where your programs usually go"
    )

    resets: list[int] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    window.alerts_table.selectRow(1)
    fresh = Alert(NOW - 30, "regime", "spotify", AWS_IE)
    written: list[bool] = []
    opened.read(
        lambda store: store.record(seen(NOW - 30, (("spotify", AWS_IE),)), (fresh,)),
        lambda _none: written.append(True),
    )
    qtbot.waitUntil(lambda: written == [True], timeout=WAIT_MS)
    with qtbot.waitSignal(window.refreshed, timeout=WAIT_MS):
        opened.written.emit()  # as after a poll: the window reads again, a moment later
    assert inserted == [(0, 0)] and resets == []
    assert model.rowCount() == 3
    assert model.row_texts(0)[2] == (
        "spotify sent data to a place under “US law reach” for the first time (Ireland)."
    )
    assert model.row_texts(0)[3] == "Ireland, Amazon <AWS>"
    assert window.alerts_table.selectionModel().selectedRows()[0].row() == 2  # it moved down


def test_the_window_reads_again_after_a_forget(
    qtbot: Any, opened: HistoryOwner, settings: SettingsOwner
) -> None:
    window = show_window(qtbot, opened, settings)
    assert window.alerts_model.rowCount() == 2
    with qtbot.waitSignal(window.refreshed, timeout=WAIT_MS):
        opened.forget()
    assert window.alerts_model.rowCount() == 0 and window.chart.empty
    assert window.new_programs.items == ()


def test_snooze_buttons_change_the_settings(
    qtbot: Any, opened: HistoryOwner, settings: SettingsOwner
) -> None:
    window = show_window(qtbot, opened, settings)
    window.tabs.setCurrentIndex(2)
    assert window.notifications.text() == "Notifications are on."
    assert not window.resume_button.isEnabled()

    window.snooze_hour_button.click()
    assert settings.current.alerts_snoozed_until == NOW + 3600
    until = QLocale("en").toString(
        QDateTime.fromSecsSinceEpoch(int(NOW + 3600)).time(), QLocale.FormatType.ShortFormat
    )
    if datetime.fromtimestamp(NOW + 3600).date() == datetime.fromtimestamp(NOW).date():
        assert window.notifications.text() == f"Notifications are snoozed until {until}."
    else:  # just before midnight an hour later is tomorrow: the date is said too
        assert until in window.notifications.text()
    assert window.resume_button.isEnabled()

    window.snooze_day_button.click()
    midnight = datetime.combine(
        datetime.fromtimestamp(NOW).date() + timedelta(days=1), datetime.min.time()
    )
    assert settings.current.alerts_snoozed_until == midnight.timestamp()
    assert window.notifications.text().startswith("Notifications are snoozed until ")

    window.resume_button.click()
    assert settings.current.alerts_snoozed_until == 0.0
    assert window.notifications.text() == "Notifications are on."

    settings.change(replace(settings.current, alerts=False))
    assert window.notifications.text() == "Notifications are off (Settings)."
    assert not window.snooze_hour_button.isEnabled() and not window.resume_button.isEnabled()


def test_the_period_bar_opens_a_period(
    qtbot: Any, opened: HistoryOwner, settings: SettingsOwner
) -> None:
    periods = Periods()
    window = show_window(qtbot, opened, settings, periods=periods)
    window.open_period_button.click()
    window.period_combo.setCurrentIndex(2)
    window.open_period_button.click()
    assert periods.asked == [
        (NOW - DAY_S, NOW, "Last 24 hours"),
        (NOW - 30 * DAY_S, NOW, "Last 30 days"),
    ]


def test_the_history_window_in_french(
    qtbot: Any, opened: HistoryOwner, settings: SettingsOwner, french: str
) -> None:
    window = show_window(qtbot, opened, settings, language=french)
    assert [window.tabs.tabText(i) for i in range(3)] == [
        "&Chronologie",
        "&Nouveautés",
        "&Alertes",
    ]
    data = window.chart.data
    assert data is not None
    assert [s.name for s in data.series] == [
        "UE / RGPD",
        "Décision d’adéquation de l’UE",
        "Loi américaine (CLOUD Act)",
        "Droit d’un autre pays",
    ]
    window.by_combo.setCurrentIndex(1)
    assert window.chart.data is not None
    assert [s.name for s in window.chart.data.series][:3] == ["États-Unis", "France", "Japon"]
    assert window.chart.data.series[-1].name == "Autres pays"
    assert "Total : 4" in window.chart.tooltip_text(bucket(12))
    assert window.alerts_model.row_texts(1)[2:] == (
        "wechat a envoyé des données à un serveur en Chine pour la première fois.",
        "Chine, Alibaba",
    )
    texts = [
        window.windowTitle(),
        window.changes_since.text(),
        window.notifications.text(),
        window.learning.text(),
        window.new_countries.title(),
        window.new_companies.title(),
        window.new_programs.title(),
        window.range_combo.currentText(),
        window.by_combo.currentText(),
        window.period_combo.currentText(),
        window.open_period_button.text(),
        window.snooze_hour_button.text(),
        window.snooze_day_button.text(),
        window.resume_button.text(),
        *(
            str(window.alerts_model.headerData(c, Qt.Orientation.Horizontal))
            for c in range(window.alerts_model.columnCount())
        ),
        *(window.alerts_model.row_texts(r)[2] for r in range(window.alerts_model.rowCount())),
        window.chart.tooltip_text(bucket(12)),
        window.chart.tooltip_text(bucket(2)),
    ]
    for text in texts:
        assert_speaks(text, "fr", data=[visible(HOSTILE), "wechat", "OVHcloud", "Alibaba"])
    save_tabs(window, "fr")


def test_view_history_opens_one_window_from_the_main_window(
    qtbot: Any, make_window: WindowFactory, embedded: Locator, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    write_history(path)
    window = make_window(embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA), history=path)
    assert window.history_action.isEnabled()
    assert window.history_action.shortcut().toString() == "Ctrl+H"
    assert window.history_action in window.view_menu.actions()
    window.history_action.trigger()
    history = window.history_window
    assert history is not None
    qtbot.waitUntil(lambda: history.overview is not None, timeout=WAIT_MS)
    assert history.isVisible() and history.isWindow()
    assert "evil<b>bold</b>\\u202eexe\\x0asecond line" in history.new_programs.items
    window.history_action.trigger()
    assert window.history_window is history  # one window, raised again
    history.period_combo.setCurrentIndex(1)
    history.open_period_button.click()  # the main window's stub: nothing breaks


def test_a_window_without_history_has_no_history_window(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = make_window(embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA))
    assert not window.history_action.isEnabled()
    assert window.open_history() is None and window.history_window is None
