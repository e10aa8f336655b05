"""View → History…: where your programs' data went over time, what is new, and the alerts.

A non-modal window over the window's `HistoryOwner`. Everything it shows is read in one
question (`read_overview`) on the history writer's thread, when the window is shown, when the
history forgets, and after polls are written (at most once every few seconds, never while a read
is under way); the GUI thread only puts the answer into words. Tabs: the timeline (pairs per
hour or per day, by law or by country), what changed this week, and the alerts log with the
notifications' snooze. A bar at the top opens a past period on the map (`open_period`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from app.core.countries import country_name, flag
from app.core.history.alerts import LEARNING_DAYS
from app.core.history.overview import Overview, read_overview
from app.core.history.store import DAY_S
from app.core.history.timeline import OTHER_COUNTRIES, By, Timeline
from app.core.text import visible
from app.ui.alerts_model import AlertColumn, AlertsModel
from app.ui.history_owner import HistoryOwner
from app.ui.palette import (
    COUNTRY_SERIES_COLOURS,
    OTHER_SERIES_COLOUR,
    jurisdiction_colour,
    jurisdiction_label,
)
from app.ui.plain_text import PlainToolTipDelegate, plain_label
from app.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QDate,
    QDateTime,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QLocale,
    QPushButton,
    QShowEvent,
    Qt,
    QTableView,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.settings_owner import SettingsOwner
from app.ui.timeline_chart import ChartData, ChartSeries, TimelineChart

log = logging.getLogger(__name__)

REFRESH_DELAY_MS = 3000  # polls written in a burst are read once
PERIOD_DAYS = (1, 7, 30)  # "Show on the map": the last 24 hours, 7 days, 30 days
SNOOZE_S = 3600.0
DAY_FORMAT = "d MMM"  # an axis label: the day and the month's short name, in the language

OpenPeriod = Callable[[float, float, str], object]


class HistoryWindow(QWidget):
    """One per main window, kept: closing it hides it."""

    refreshed = Signal()  # an overview is shown (the tests wait for it)

    def __init__(
        self,
        history: HistoryOwner,
        settings: SettingsOwner,
        *,
        language: str = "en",
        open_period: OpenPeriod,
        clock: Callable[[], float] = time.time,
        show_flags: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("historyWindow")
        self.setWindowTitle(self.tr("History — DataLocator"))
        self._history = history
        self._settings = settings
        self._language = language
        self._locale = QLocale(language)
        self._open_period = open_period
        self._clock = clock
        self._show_flags = show_flags
        self._overview: Overview | None = None
        self._reading = False
        self._again = False  # asked again while a read was under way

        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(REFRESH_DELAY_MS)
        self._later.timeout.connect(self.refresh)

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_period_bar())
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_timeline_tab(), self.tr("&Timeline"))
        self.tabs.addTab(self._build_changes_tab(), self.tr("What &changed"))
        self.tabs.addTab(self._build_alerts_tab(), self.tr("&Alerts"))
        layout.addWidget(self.tabs, 1)
        self.status = plain_label()
        self.status.setObjectName("historyStatus")
        layout.addWidget(self.status)
        self.resize(860, 560)

        history.written.connect(self._written)
        history.forgotten.connect(self._forgotten)
        settings.changed.connect(self._settings_changed)
        self._show_notifications()

    # -- building

    def _build_period_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        label = QLabel(self.tr("Show on the &map:"))
        self.period_combo = QComboBox(self)
        self.period_combo.addItems(
            [self.tr("Last 24 hours"), self.tr("Last 7 days"), self.tr("Last 30 days")]
        )
        label.setBuddy(self.period_combo)
        self.open_period_button = QPushButton(self.tr("&Open"), self)
        self.open_period_button.setToolTip(self.tr("Show this period's connections on a map"))
        self.open_period_button.clicked.connect(self.open_chosen_period)
        bar.addWidget(label)
        bar.addWidget(self.period_combo)
        bar.addWidget(self.open_period_button)
        bar.addStretch(1)
        return bar

    def _build_timeline_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        choices = QHBoxLayout()
        self.range_combo = QComboBox(page)
        self.range_combo.addItem(self.tr("Last 48 hours, by hour"), "hour")
        self.range_combo.addItem(self.tr("Last 30 days, by day"), "day")
        self.range_combo.setAccessibleName(self.tr("Period"))
        self.by_combo = QComboBox(page)
        self.by_combo.addItem(self.tr("By law"), By.LAW.value)
        self.by_combo.addItem(self.tr("By country"), By.COUNTRY.value)
        self.by_combo.setAccessibleName(self.tr("Grouping"))
        for combo in (self.range_combo, self.by_combo):
            combo.currentIndexChanged.connect(lambda _index: self._show_timeline())
            choices.addWidget(combo)
        choices.addStretch(1)
        layout.addLayout(choices)
        self.chart = TimelineChart(page, language=self._language)
        layout.addWidget(self.chart, 1)
        explain = plain_label(
            self.tr(
                "Each bar counts the program–address pairs seen in that hour or day. An empty "
                "bar: DataLocator was not running, or saw nothing."
            )
        )
        layout.addWidget(explain)
        return page

    def _build_changes_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.changes_since = plain_label()
        self.changes_since.setObjectName("changesSince")
        layout.addWidget(self.changes_since)
        row = QHBoxLayout()
        self.new_countries = _ChangeList(self.tr("New countries"), page)
        self.new_companies = _ChangeList(self.tr("New companies"), page)
        self.new_programs = _ChangeList(self.tr("New programs"), page)
        for box in (self.new_countries, self.new_companies, self.new_programs):
            row.addWidget(box, 1)
        layout.addLayout(row, 1)
        return page

    def _build_alerts_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.notifications = plain_label()
        self.notifications.setObjectName("notificationsState")
        layout.addWidget(self.notifications)
        buttons = QHBoxLayout()
        self.snooze_hour_button = QPushButton(self.tr("Snooze for 1 &hour"), page)
        self.snooze_hour_button.clicked.connect(self.snooze_for_an_hour)
        self.snooze_day_button = QPushButton(self.tr("Snooze until &tomorrow"), page)
        self.snooze_day_button.clicked.connect(self.snooze_until_tomorrow)
        self.resume_button = QPushButton(self.tr("&Resume notifications"), page)
        self.resume_button.clicked.connect(self.resume_notifications)
        for button in (self.snooze_hour_button, self.snooze_day_button, self.resume_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.learning = plain_label()
        self.learning.setObjectName("learningNote")
        layout.addWidget(self.learning)
        self.alerts_model = AlertsModel(self, language=self._language)
        self.alerts_table = QTableView(page)
        self.alerts_table.setObjectName("alertsTable")
        self.alerts_table.setAccessibleName(self.tr("Alerts"))
        self.alerts_table.setModel(self.alerts_model)
        self.alerts_table.setItemDelegate(PlainToolTipDelegate(self.alerts_table))
        self.alerts_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alerts_table.setWordWrap(False)
        self.alerts_table.verticalHeader().hide()
        self.alerts_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.alerts_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.alerts_table.horizontalHeader()
        for column, mode in (
            (AlertColumn.WHEN, QHeaderView.ResizeMode.ResizeToContents),
            (AlertColumn.PROGRAM, QHeaderView.ResizeMode.Interactive),
            (AlertColumn.WHAT, QHeaderView.ResizeMode.Stretch),
            (AlertColumn.WHERE, QHeaderView.ResizeMode.ResizeToContents),
        ):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(AlertColumn.PROGRAM, 150)
        layout.addWidget(self.alerts_table, 1)
        self.no_alerts = plain_label(self.tr("No alerts yet."))
        layout.addWidget(self.no_alerts)
        return page

    # -- reading

    @property
    def overview(self) -> Overview | None:
        return self._overview

    def refresh(self) -> None:
        """Read the history again (once at a time: a request during a read is kept for after)."""
        self._later.stop()
        if not self.isVisible():
            return  # showing the window reads it
        if self._reading:
            self._again = True
            return
        now = self._clock()
        self._reading = self._history.read(
            lambda store: read_overview(store, now), self._read, self._failed
        )
        if not self._reading:
            self.status.setText(self.tr("No history is open."))

    def _written(self) -> None:
        if self.isVisible() and not self._later.isActive():
            self._later.start()

    def _forgotten(self, _count: int) -> None:
        self.refresh()

    def _settings_changed(self, _old: object, _new: object) -> None:
        self._show_notifications()

    def _read(self, overview: Overview) -> None:
        self._reading = False
        self._overview = overview
        self.status.setText("")
        self._show_timeline()
        self._show_changes()
        self._show_alerts()
        self._show_notifications()
        self.refreshed.emit()
        if self._again:
            self._again = False
            self._later.start()

    def _failed(self, error: BaseException) -> None:
        self._reading = False
        log.warning("history not read: %s", error)
        self.status.setText(self.tr("The history could not be read."))
        if self._again:
            self._again = False
            self._later.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    # -- the timeline

    def _show_timeline(self) -> None:
        overview = self._overview
        if overview is None:
            return
        span = str(self.range_combo.currentData())
        by = By(str(self.by_combo.currentData()))
        self.chart.set_data(self._chart_data(overview.timelines[span, by]))

    def _chart_data(self, timeline: Timeline) -> ChartData:
        series = []
        for index, key in enumerate(timeline.series):
            if timeline.by is By.LAW:
                series.append(ChartSeries(key, jurisdiction_label(key), jurisdiction_colour(key)))
            elif key == OTHER_COUNTRIES:
                series.append(ChartSeries(key, self.tr("Other countries"), OTHER_SERIES_COLOUR))
            else:
                colour = COUNTRY_SERIES_COLOURS[index % len(COUNTRY_SERIES_COLOURS)]
                series.append(ChartSeries(key, self._country(key), colour))
        labels, phases, titles = [], [], []
        count = len(timeline.buckets)
        for index, bucket in enumerate(timeline.buckets):
            if timeline.span == "hour":
                start = QDateTime.fromSecsSinceEpoch(int(bucket.start))  # local time
                end = QDateTime.fromSecsSinceEpoch(int(bucket.start) + 3600)
                hour = start.time().hour()
                day = self._locale.toString(start.date(), DAY_FORMAT)
                clock = self._locale.toString(start.time(), QLocale.FormatType.ShortFormat)
                labels.append(day if hour == 0 else clock)
                phases.append(hour)
                titles.append(
                    self.tr("%1, %2–%3")
                    .replace(
                        "%1", self._locale.toString(start.date(), QLocale.FormatType.LongFormat)
                    )
                    .replace("%2", clock)
                    .replace(
                        "%3", self._locale.toString(end.time(), QLocale.FormatType.ShortFormat)
                    )
                )
            else:  # a day of the store: a UTC day, named by its date
                utc = datetime.fromtimestamp(bucket.start, UTC).date()
                date = QDate(utc.year, utc.month, utc.day)
                labels.append(self._locale.toString(date, DAY_FORMAT))
                phases.append(count - 1 - index)  # the latest day always has its label
                titles.append(self._locale.toString(date, QLocale.FormatType.LongFormat))
        return ChartData(timeline, tuple(series), tuple(labels), tuple(phases), tuple(titles))

    def _country(self, code: str) -> str:
        if not code:
            return self.tr("Country not known")
        name = country_name(code, self._language)
        return f"{flag(code)} {name}" if self._show_flags else name

    # -- what changed

    def _show_changes(self) -> None:
        overview = self._overview
        if overview is None:
            return
        since = QDateTime.fromSecsSinceEpoch(int(overview.changes_since))
        self.changes_since.setText(
            self.tr("Seen for the first time since %1 (the last 7 days):").replace(
                "%1", self._locale.toString(since.date(), QLocale.FormatType.LongFormat)
            )
        )
        changes = overview.changes
        self.new_countries.set_items(tuple(self._country(code) for code in changes.countries))
        self.new_companies.set_items(tuple(visible(name) for name in changes.companies))
        self.new_programs.set_items(
            tuple(visible(name) or self.tr("(no name)") for name in changes.programs)
        )

    # -- alerts and notifications

    def _show_alerts(self) -> None:
        overview = self._overview
        if overview is None:
            return
        self.alerts_model.set_alerts(overview.alerts)
        self.no_alerts.setVisible(not overview.alerts)
        learning = self.tr(
            "During the history's first day, DataLocator only learns where your programs "
            "usually go; alerts start after."
        )
        until = overview.started + LEARNING_DAYS * DAY_S
        if overview.now < until:
            learning += " " + self.tr("This history learns until %1.").replace(
                "%1", self._when(until)
            )
        self.learning.setText(learning)

    def _show_notifications(self) -> None:
        settings = self._settings.current
        now = self._clock()
        snoozed = settings.alerts_snoozed_until > now
        if not settings.alerts:
            text = self.tr("Notifications are off (Settings).")
        elif snoozed:
            text = self.tr("Notifications are snoozed until %1.").replace(
                "%1", self._when(settings.alerts_snoozed_until)
            )
        else:
            text = self.tr("Notifications are on.")
        self.notifications.setText(text)
        self.snooze_hour_button.setEnabled(settings.alerts)
        self.snooze_day_button.setEnabled(settings.alerts)
        self.resume_button.setEnabled(settings.alerts and snoozed)

    def _when(self, moment: float) -> str:
        """A time today ("14:30"), else with its date."""
        then = QDateTime.fromSecsSinceEpoch(int(moment))
        today = QDateTime.fromSecsSinceEpoch(int(self._clock())).date()
        if then.date() == today:
            return self._locale.toString(then.time(), QLocale.FormatType.ShortFormat)
        return self._locale.toString(then, QLocale.FormatType.ShortFormat)

    def _snooze_until(self, until: float) -> None:
        settings = self._settings.current
        self._settings.change(replace(settings, alerts_snoozed_until=until))

    def snooze_for_an_hour(self) -> None:
        self._snooze_until(self._clock() + SNOOZE_S)

    def snooze_until_tomorrow(self) -> None:
        """Until the next local midnight."""
        today = QDateTime.fromSecsSinceEpoch(int(self._clock())).date()
        self._snooze_until(float(today.addDays(1).startOfDay().toSecsSinceEpoch()))

    def resume_notifications(self) -> None:
        self._snooze_until(0.0)

    # -- the period bar

    def open_chosen_period(self) -> None:
        index = self.period_combo.currentIndex()
        now = self._clock()
        self._open_period(now - PERIOD_DAYS[index] * DAY_S, now, self.period_combo.currentText())


class _ChangeList(QGroupBox):
    """A titled list of what is new, or a sentence saying nothing is."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setAccessibleName(title)
        self.empty = plain_label(self.tr("Nothing new this week."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        self._items: tuple[str, ...] = ()
        self.set_items(())

    @property
    def items(self) -> tuple[str, ...]:
        return self._items

    def set_items(self, items: tuple[str, ...]) -> None:
        """Visible texts (shown as plain text: a list item never renders markup)."""
        if items != self._items:
            self._items = items
            self.list.clear()
            self.list.addItems(list(items))
        self.list.setVisible(bool(items))
        self.empty.setVisible(not items)
