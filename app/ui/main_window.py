"""The main window: the world map first, the place panel beside it, the live connections table
below, one filter bar for both, and a status bar that says what the answers are based on.

Everything that blocks (reading the socket table, opening databases, PTR look-ups, turning rows
into map entries, working out the map's marks) runs through the injected task runners; the GUI
thread only applies results. Databases: when no locator is given (launch.py), the window opens
them itself in a task and shows "Opening databases…" in the status bar meanwhile; connections
are listed at once and gain their locations when the databases are ready. Problems go to a
non-modal banner above the views, never to a dialog.

One set of facts feeds both views: after each change of the table's rows (a poll, PTR names,
new answers) the rows are turned into MapEntry values off the GUI thread; the map is given the
entries of the connections still open, the table's proxy judges its rows by the same entries, and
one FilterState (from the filter bar) drives the proxy and, as a MarkFilter, the map. Selection
follows between the table, the map and the place panel, guarded so that none echoes back.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable, Iterator, Sequence, Set
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from app.core.accounts.entries import ManualEntry, entry_text
from app.core.accounts.links import with_accounts
from app.core.accounts.model import Account
from app.core.accounts.placing import PlacedAccount
from app.core.accounts.sources import LIVE_ACCOUNTS, AccountsSource
from app.core.anonymise import AS_IS, Anonymiser, Shown, make_anonymiser
from app.core.autostart import Autostart
from app.core.data_sources import location_data_sources, shipped_data_sources
from app.core.demo import PERSONAS, DemoSource, load_persona
from app.core.dns.reverse import PtrAnswer
from app.core.geo.data_age import summarise_sources, warning_lines
from app.core.geo.locator import Locator
from app.core.geo.mmdb import DatabaseInfo
from app.core.geo.world import World
from app.core.history.alerts import alert_message
from app.core.history.period import HistoryPeriod, PeriodSource
from app.core.history.store import Alert, HistoryStore
from app.core.i18n import Message, translations
from app.core.map_entries import NO_ENTRIES, MapEntries, build_map_entries
from app.core.map_marks import EntryDetails, MapEntry, MapMark, MarkFilter, located_details
from app.core.model import AddressScope, LocatedEndpoint
from app.core.paths import home_as_tilde, save_folder
from app.core.quiz import build_quiz
from app.core.report.gather import connections_input
from app.core.report.model import PeriodKind
from app.core.report.produce import ReportFormat, ReportOptions, default_paper, write_report
from app.core.route_marks import ShownRoute, route_points
from app.core.routes.account_routes import NoPasswordKept, imap_login
from app.core.routes.imap_headers import ImapAuthenticationFailed, ImapCancelled, ImapTarget
from app.core.routes.traceroute import TraceError, TraceMethod, choose_method
from app.core.serialise import database_record
from app.core.session import (
    Event,
    NameResolver,
    NamesPaused,
    Opened,
    PollFailed,
    Relocated,
    Renamed,
    Session,
    Source,
    Unreadable,
)
from app.core.session.capture import (
    Capture,
    CaptureError,
    CaptureSource,
    CaptureWriter,
    RecordedResolver,
    Tap,
    open_capture,
)
from app.core.session.diff import ConnectionDiff
from app.core.settings import Settings, SettingsStore
from app.core.text import visible, visible_path
from app.ui import services
from app.ui.about_dialog import AboutDataDialog
from app.ui.accounts_owner import AccountsOwner, Listed
from app.ui.accounts_panel import AccountsPanel
from app.ui.appearance import dark_palette, map_theme, palette_is_dark, use_palette
from app.ui.banner import Banner, Level
from app.ui.connections_model import (
    ConnectionsFilterProxy,
    ConnectionsModel,
    PreparedDiff,
)
from app.ui.connections_table import ConnectionsTable
from app.ui.data_actions import make_data_actions
from app.ui.databases_dialog import DatabasesDialog
from app.ui.error_words import PlainError, plain_error, report_error
from app.ui.export_dialog import ExportChooser, ExportFormat, ExportRequest, choose_export
from app.ui.filter_state import FilterState
from app.ui.filters_bar import FilterBar
from app.ui.help_dialogs import AboutDialog, MapHelpDialog, ShortcutsDialog
from app.ui.history_owner import HistoryOwner, ask_to_confirm
from app.ui.history_window import HistoryWindow
from app.ui.map import MapWidget, PlacePanel
from app.ui.map.export import export_caption
from app.ui.map.home import system_home_country
from app.ui.map.place_panel import COLUMNS as PANEL_COLUMNS
from app.ui.message_dialogs import HeadersDialog, MailLoginDialog, choose_message_file
from app.ui.plain_text import set_plain_tooltip
from app.ui.presenter import PresenterView
from app.ui.qt import (
    QAbstractItemView,
    QAction,
    QCloseEvent,
    QComboBox,
    QDialog,
    QDragEnterEvent,
    QDropEvent,
    QFontDatabase,
    QFrame,
    QGuiApplication,
    QItemSelectionModel,
    QKeySequence,
    QLabel,
    QLocale,
    QMainWindow,
    QMimeData,
    QPalette,
    QProgressBar,
    QRect,
    QShowEvent,
    QSize,
    QSplitter,
    QSystemTrayIcon,
    Qt,
    QTabWidget,
    QTimer,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.quiz_panel import QuizPanel
from app.ui.recording import CaptureChooser, RecordingChooser, choose_capture_file, choose_recording
from app.ui.report_dialog import ReportChooser, ReportRequest, choose_report, open_with_system
from app.ui.report_map import draw_report_map
from app.ui.route_owner import RouteOwner, TracedAccount
from app.ui.route_panel import RoutePanel
from app.ui.session_driver import Polled, SessionDriver, changes
from app.ui.settings_dialog import SettingsDialog
from app.ui.settings_owner import SettingsOwner
from app.ui.tasks import Runner

log = logging.getLogger(__name__)

PTR_THREADS = 4  # PTR look-ups get their own bounded pool: a slow DNS server must not stall polls
FULL_COLLECTION_RARITY = 1000  # the garbage collector's third threshold (Python's default: 10)
GIL_SWITCH_S = 0.0005  # how long a thread holds the interpreter lock when another waits for it
ENTRIES_DELAY_MS = 150  # PTR answers arrive in bursts: the map entries are rebuilt once per burst
PANEL_WIDTH = 400
MAX_ALERT_LINES = 3  # a notification names this many alerts, then counts the rest
DEFAULT_SIZE = (1280, 840)
DEFAULT_SHARE = 0.8  # of the screen's free area, for a first start on a big screen
# Room kept around the window for the frame a window manager draws (title bar, borders), which
# is unknown before the window is shown: without it, a window as tall as a 768-pixel screen
# hides its status bar below the screen's edge.
FRAME_ROOM = (16, 48)
PANEL_MIN_WIDTH = 260
TABLE_MIN_HEIGHT = 140
ACCOUNTS_COLUMN = PANEL_COLUMNS.index("Accounts")  # hidden in the place panel until there are any
# (extra database paths, the language of place names) → locator, messages
LocatorOpener = Callable[[Sequence[str], str], tuple[Locator, list[str]]]
ResolverFactory = Callable[[Settings], NameResolver | None]
Clock = Callable[[], datetime]
HomeGuess = Callable[[], str | None]
# the language of the window → how a located address becomes a map entry's details
DetailsFactory = Callable[[str], Callable[[LocatedEndpoint], EntryDetails]]

# Families known to draw flag emoji; without one, flags would be empty boxes (Windows' Segoe UI
# Emoji draws letters instead of flags, so it does not count).
_EMOJI_FAMILIES = ("Noto Color Emoji", "Apple Color Emoji", "Twemoji", "Twitter Color Emoji")


def _commit_quietly(writer: CaptureWriter) -> None:
    """At exit: finish the recording if the disk allows (nothing left to tell anyone)."""
    try:
        writer.commit()
    except CaptureError as error:
        log.warning("the recording could not be finished: %s", error)


SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0)  # playback speeds offered for a demo or a recording


def _factor_text(factor: float) -> str:
    return "½" if factor == 0.5 else f"{factor:g}"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _prepare_rows(
    preparer: Callable[[ConnectionDiff, dict[str, LocatedEndpoint]], PreparedDiff],
    events: tuple[Event, ...],
) -> PreparedDiff:
    """The table cells of a poll's new rows, made in the poll task (off the GUI thread)."""
    return preparer(*changes(events))


def settle_runtime() -> None:
    """At start and after each applied poll: keep the interpreter from stalling the window.

    A full garbage collection walks every tracked object holding the interpreter lock: at
    20,000 connections that stopped the window for 150-200 ms. So the young generations are
    collected here (cheap) and the survivors frozen: frozen objects are still freed by
    reference counting; only reference cycles among them wait for `gc.unfreeze` (the rows form
    none), and full collections, which would walk only a poll in flight, are made rare.

    Qt calls back into Python many times per batch of rows (counts, comparisons): each call
    waits for the lock while a poll runs on a worker, up to the switch interval (5 ms by
    default), so the interval is shortened.
    """
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_RARITY)
    sys.setswitchinterval(GIL_SWITCH_S)
    gc.collect(1)
    gc.freeze()


def _two(sizes: Sequence[int]) -> tuple[int, ...]:
    """A splitter's two sizes as the settings keep them (nothing when it has other counts)."""
    return tuple(sizes) if len(sizes) == 2 else ()


def flags_renderable() -> bool:
    """Whether an installed font draws flag emoji (Linux without an emoji font does not)."""
    families = set(QFontDatabase.families())
    return any(family in families for family in _EMOJI_FAMILIES)


class MainWindow(QMainWindow):
    """The map, the place panel and the live table. All collaborators are injected."""

    pollApplied = Signal()  # a poll's result is in the table
    databasesChanged = Signal()  # a new locator is in use and the table shows its answers
    settingsApplied = Signal()
    sourceEnded = Signal()  # a recording has nothing more: polling stopped
    recordingOpened = Signal()  # a capture file checked and now shown
    entriesApplied = Signal()  # new map entries are in the proxy and on their way to the map
    reportWritten = Signal(object)  # Path: the report is on disk
    recordingStarted = Signal(object)  # Path: the session is being written there
    recordingSaved = Signal(object)  # Path: the recording is complete on disk
    recordingFailed = Signal(object)  # Path: it stopped early (the banner says why)
    reportFailed = Signal(object)  # Path: it could not be written (the banner says why)
    anonymisedChanged = Signal(bool)  # every view now shows through the new Shown
    # (title, text): a poll raised alerts and notifications are on (the tray shows them)
    alertNotified = Signal(str, str)
    sentToBackground = Signal()  # closed, but hidden in the tray: watching goes on

    def __init__(
        self,
        source: Source,
        locator: Locator | None,
        reverse_resolver: NameResolver | None,
        settings_store: SettingsStore,
        task_runner: Runner,
        *,
        ptr_runner: Runner | None = None,
        map_runner: Runner | None = None,
        world: World | None = None,
        database_errors: Sequence[str] = (),
        open_locator: LocatorOpener = services.open_locator,
        make_resolver: ResolverFactory = services.make_resolver,
        show_flags: bool | None = None,
        clock: Clock = _utc_now,
        system_home: HomeGuess = system_home_country,
        choose_export_file: ExportChooser = choose_export,
        choose_report_file: ReportChooser = choose_report,
        open_file: Callable[[Path], object] = open_with_system,
        choose_recording: RecordingChooser = choose_recording,
        choose_capture: CaptureChooser = choose_capture_file,
        choose_message: Callable[[QWidget], Path | None] = choose_message_file,
        entry_details: DetailsFactory = located_details,
        mode: str | None = None,
        settle: Callable[[], None] = settle_runtime,
        accounts_source: AccountsSource | None = LIVE_ACCOUNTS,
        open_demo: Callable[[str], object] | None = None,
        always_hidden: Shown = AS_IS,
        language: str | None = None,
        history: Path | None = None,
        open_period_window: Callable[[HistoryPeriod, str], object] | None = None,
        confirm: Callable[[QWidget, str, str], bool] = ask_to_confirm,
        tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        autostart: Autostart | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Watching in the background: whether this desktop has a system tray to hide in (asked
        # at each close: a panel may come and go), and the start-at-login entry the settings
        # turn on and off (None: not offered here).
        self._tray_available = tray_available
        self._autostart = autostart
        self._quitting = False  # File → Quit: closing ends the window, tray or not
        # Every source is watched through a tap, so "Record session…" can start at any moment.
        self._tap = Tap(source)
        self._session = Session(self._tap, locator, self._tap.resolver(reverse_resolver))
        # The databases the next session starts with: set when they open, before the running
        # session has taken them (that happens in a task), so a source swapped in between
        # (a replay) does not start with none.
        self._latest_locator = locator
        self.settings_owner = SettingsOwner(settings_store, task_runner, self)
        self.settings_owner.changed.connect(self._settings_changed)
        self.settings_owner.saveFailed.connect(self._settings_save_failed)
        self._runner = task_runner
        self._ptr_runner = (
            ptr_runner if ptr_runner is not None else task_runner.bounded(PTR_THREADS)
        )
        self.driver = self._drive(self._session)
        self._open_locator = open_locator
        self._make_resolver = make_resolver
        self._clock = clock
        self._system_home = system_home
        self._choose_export = choose_export_file
        self._choose_report = choose_report_file
        self._open_file = open_file
        self._report_in_flight = False
        self._speed = 1.0  # how much faster than the poll interval a demo or recording plays
        self._ended = False  # a recording has nothing more to play
        self._last_report: ReportOptions | None = None  # the options chosen last time
        self.report_path: Path | None = None  # the report last written
        self._choose_recording = choose_recording
        # What every view hides: with Anonymise off, `always_hidden` (a demo hides the login and
        # machine names, say in a data file's path; AS_IS: nothing); on, an Anonymiser.
        self._base_shown = always_hidden
        self._shown: Shown = always_hidden
        self._confirm = confirm  # a destructive action asks first (Forget history)
        self._open_demo = open_demo  # File → Open a demo: a persona's window takes this one's place
        self._open_period_window = open_period_window  # a period of the history, in a window
        self._choose_capture = choose_capture
        self._choose_message = choose_message
        self.setAcceptDrops(True)  # a mail file dropped on the window is traced
        self.recording_path: Path | None = None  # the capture being written
        self._mode = mode  # None: this computer, live; else what the window shows instead
        self._settle = settle
        self._applying: Polled | None = None  # a poll whose rows are going in, in batches
        self._polled_once = False
        self._closed = False
        self._databases_generation = 0  # database (re)openings requested
        self._databases_opened = 0  # the latest of them that finished
        self._opening_paths: tuple[str, ...] = ()  # the user's files of the latest request
        self._entries = NO_ENTRIES
        self._entries_in_flight = False
        self._entries_dirty = False
        self._map_entries: tuple[MapEntry, ...] | None = None  # what the map was last given
        self._map_filter = MarkFilter()
        self._laid_out = False
        self._syncing = False  # a selection change is being passed on: do not echo it back
        self.settings_dialog: SettingsDialog | None = None
        self.databases_dialog: DatabasesDialog | None = None  # one, kept: updates run on in it
        self.about_dialog: AboutDataDialog | None = None
        self._help_dialogs: dict[str, QDialog] = {}

        self.model = ConnectionsModel(
            self,
            # `--lang` for this run, else the settings' choice, else the system's.
            language=language or self.settings.language,
            show_flags=flags_renderable() if show_flags is None else show_flags,
        )
        self.model.set_home(self.home_country)
        self.model.applied.connect(self._on_applied)
        self._base_details = entry_details(self.model.language)
        self._details = self._base_details
        # The accounts: this user's, the demo persona's, or none (a recording): a demo shown
        # to a room must never list the presenter's mail.
        self._accounts_source = accounts_source
        self._accounts_locator = locator  # the newest databases (the session takes them later)
        self.accounts = AccountsOwner(task_runner, accounts_source or LIVE_ACCOUNTS, parent=self)
        self.accounts_panel = AccountsPanel(self, language=self.model.language)
        self.accounts_panel.set_home(self.home_country)
        self.proxy = ConnectionsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.map = MapWidget(
            world,
            self,
            runner=map_runner if map_runner is not None else task_runner.bounded(1),
            language=self.model.language,
        )
        self.map.setObjectName("worldMap")
        self.place_panel = PlacePanel(self, language=self.model.language)
        self.quiz_panel = QuizPanel(self.map, self, language=self.model.language)
        self.quiz_panel.ended.connect(self._quiz_ended)
        self.place_panel.setObjectName("placePanel")
        self.place_panel.tree.setAccessibleName(self.tr("Connections at the chosen place"))

        self.setObjectName("mainWindow")
        # The name once, at the end: Qt appends the application's display name to a title that
        # does not already end with it.
        self.setWindowTitle(self.tr("Where your data live — DataLocator"))
        self._build_central()
        self._build_actions()
        self._build_status_bar()
        self._connect_views()
        self._build_presenter()
        self._follow_colour_scheme()
        self._place_on_screen()

        self.timer = QTimer(self)
        self.timer.setInterval(self._interval_ms())
        self.timer.timeout.connect(self.refresh)
        # Counts are recomputed once per burst of model/filter changes, not once per row.
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(0)
        self._counts_timer.timeout.connect(self._update_counts)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
            self.model.dataChanged,
        ):
            signal.connect(self._schedule_counts)
        # Map entries are rebuilt once per burst of row changes (PTR names come in bursts).
        self._entries_timer = QTimer(self)
        self._entries_timer.setSingleShot(True)
        self._entries_timer.setInterval(ENTRIES_DELAY_MS)
        self._entries_timer.timeout.connect(self._build_entries)

        self.map.set_home(self.home_country)
        self._connect_accounts()
        self._scan_waiting = False  # an accounts scan held until the anonymiser is ready
        # Where this computer's connections are kept over time (None: a demo, a recording, or
        # no history asked for).
        self.history: HistoryOwner | None = None
        if history is not None:
            self.history = HistoryOwner(
                task_runner,
                history,
                keep_days=self.settings.history_days,
                rules=self.settings.alert_rules,
                parent=self,
            )
            self.history.alerted.connect(self._history_alerted)
            self.history.stopped.connect(self._history_stopped)
            self.history.opened.connect(self._history_opened)
            self.history.forgotten.connect(self._history_forgotten)
            self.history.start()
        self.forget_history_action.setEnabled(self.history is not None)
        self.history_action.setEnabled(self.history is not None)
        self.history_window: HistoryWindow | None = None
        if self.settings.anonymise:  # nothing is read or shown before it hides what it must
            self.anonymise_action.setChecked(True)
        elif self._base_shown is not AS_IS:
            self._apply_shown(self._base_shown)
        for message in database_errors:
            self.banner.show_message(message, Level.WARNING)
        if locator is None:
            self._open_databases(self.settings.database_paths)
        else:
            self._show_sources(locator.sources)
            self.rescan_accounts()
        self._update_counts()
        self._settle()  # start-up's objects are frozen before the first poll
        self.timer.start()
        self.refresh()

    # --- building the window ---------------------------------------------------------------

    def _build_central(self) -> None:
        self.banner = Banner(self)
        self.filter_bar = FilterBar(self, language=self.model.language)
        self.search_field = self.filter_bar.search_field
        self.process_filter = self.filter_bar.process_combo
        self.provider_filter = self.filter_bar.provider_combo
        self.category_filter = self.filter_bar.category_combo

        self.table = ConnectionsTable(self.proxy, self)
        self.empty_label = self.table.empty_label

        # The map is the first thing one sees: it takes the width, the panel sits beside it.
        map_frame = QFrame(self)
        map_frame.setObjectName("mapFrame")
        map_frame.setFrameShape(QFrame.Shape.StyledPanel)
        map_layout = QVBoxLayout(map_frame)
        map_layout.setContentsMargins(1, 1, 1, 1)
        map_layout.addWidget(self.map)
        self.place_panel.setMinimumWidth(PANEL_MIN_WIDTH)
        self.place_panel.tree.setColumnHidden(ACCOUNTS_COLUMN, True)
        panel_layout = self.place_panel.layout()
        if isinstance(panel_layout, QVBoxLayout):
            panel_layout.setContentsMargins(6, 0, 0, 0)
            # Without a place the list is hidden: the spare height goes below the text.
            panel_layout.addStretch(0)

        self.map_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.map_splitter.setObjectName("mapSplitter")
        self.map_splitter.setChildrenCollapsible(False)
        self.map_splitter.addWidget(map_frame)
        self.map_splitter.addWidget(self.place_panel)
        self.map_splitter.setStretchFactor(0, 1)
        self.map_splitter.setStretchFactor(1, 0)
        self.map_splitter.setSizes([1000, PANEL_WIDTH])

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(8)
        # Below the map: the live connections, and the accounts (where mail and files are kept).
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("bottomTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, self.tr("Connections"))
        self.tabs.addTab(self.accounts_panel, self.tr("My accounts"))
        self.route_panel = RoutePanel(self.model.language, self)
        self.route_panel.closed.connect(self.clear_route)
        self.route_panel.routeChosen.connect(self._draw_route)
        self.tabs.addTab(self.route_panel, self.tr("Route"))
        self.tabs.setTabVisible(self.tabs.indexOf(self.route_panel), False)  # until one is shown
        self.splitter.addWidget(self.map_splitter)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.quiz_panel)  # in the tabs' place while a quiz runs
        self.quiz_panel.hide()
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([560, 300])
        self.table.setMinimumHeight(TABLE_MIN_HEIGHT)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcuts: Sequence[str | QKeySequence.StandardKey] = (),
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even where the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        self.export_png_action = self._action(
            self.tr("Export map as &PNG…"), partial(self.export_map, ExportFormat.PNG), ["Ctrl+E"]
        )
        self.export_svg_action = self._action(
            self.tr("Export map as &SVG…"),
            partial(self.export_map, ExportFormat.SVG),
            ["Ctrl+Shift+E"],
        )
        self.export_report_action = self._action(
            self.tr("Export &report…"), self.export_report, ["Ctrl+P"]
        )
        self.export_report_action.setToolTip(
            self.tr("Your data-location report as PDF, HTML, JSON or CSV")
        )
        self.open_recording_action = self._action(
            self.tr("&Replay a recording…"), self.open_recording, ["Ctrl+O"]
        )
        self.trace_message_action = self._action(
            self.tr("Trace a &message…"), self.open_message, ["Ctrl+M"]
        )
        self.trace_message_action.setToolTip(
            self.tr(
                "The countries and companies a mail passed through, from its Received: headers "
                "(an .eml file; you can also drop one on the window)"
            )
        )
        self.paste_headers_action = self._action(
            self.tr("&Paste a message's headers…"), self.paste_headers, ["Ctrl+Shift+M"]
        )
        self.anonymise_action = QAction(self.tr("&Anonymise"), self)
        self.anonymise_action.setCheckable(True)
        self.anonymise_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.anonymise_action.setToolTip(
            self.tr(
                "Hide this computer's addresses, names and accounts everywhere, exports "
                "included; countries, cities and companies stay"
            )
        )
        self.anonymise_action.toggled.connect(self.set_anonymised)
        self.addAction(self.anonymise_action)
        self.demo_actions = [
            self._action(
                self.tr("%1 — %2")
                .replace("%1", persona.name)
                .replace("%2", persona.describe(self.model.language)),
                partial(self.open_demo, persona.key),
            )
            for persona in map(load_persona, PERSONAS)
        ]
        self.record_action = self._action(
            self.tr("Re&cord session…"), self.toggle_recording, ["Ctrl+R"]
        )
        self.record_action.setToolTip(
            self.tr("Write what the window watches to a file, to replay it later, offline")
        )
        self.settings_action = self._action(self.tr("&Settings…"), self.open_settings, ["Ctrl+,"])
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action(self.tr("&Quit"), self.close_for_real, ["Ctrl+Q"])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.find_action = self._action(self.tr("&Find…"), self.focus_search, ["Ctrl+F"])
        self.clear_filters_action = self._action(self.tr("&Clear filters"), self.clear_filters)
        self.zoom_in_action = self._action(
            self.tr("Zoom &in"), self.map.zoom_in, ["Ctrl++", "Ctrl+=", "+"]
        )
        self.zoom_out_action = self._action(
            self.tr("Zoom &out"), self.map.zoom_out, ["Ctrl+-", "-"]
        )
        self.fit_all_action = self._action(self.tr("&Fit all"), self.map.fit_all, ["Ctrl+0"])
        self.reset_view_action = self._action(self.tr("&Reset view"), self.map.reset_view)
        self.legend_action = QAction(self.tr("Show &legend"), self)
        self.legend_action.setCheckable(True)
        self.legend_action.setChecked(True)
        self.legend_action.toggled.connect(self.map.set_legend_visible)
        self.show_closed_action = QAction(self.tr("Show recently &closed connections"), self)
        self.show_closed_action.setCheckable(True)
        self.show_closed_action.toggled.connect(self._show_closed_toggled)
        # F5 starts presenter view, as it starts a slide show (and clickers send it).
        self.refresh_action = self._action(self.tr("&Refresh now"), self.refresh, ["Ctrl+F5"])
        # Playback: a trainer holds the show on one moment, goes one poll further, or speeds a
        # demo or a recording up; live watching can be held too.
        self.pause_action = QAction(self.tr("&Pause"), self)
        self.pause_action.setCheckable(True)
        self.pause_action.setShortcut(QKeySequence("F6"))
        self.pause_action.toggled.connect(self.set_paused)
        self.addAction(self.pause_action)
        self.step_action = self._action(self.tr("S&tep"), self.step, ["F7"])
        self.step_action.setToolTip(self.tr("One poll further while paused"))
        self.step_action.setEnabled(False)
        self.connections_tab_action = self._action(
            self.tr("&Connections"), partial(self.tabs.setCurrentIndex, 0), ["Ctrl+1"]
        )
        self.accounts_tab_action = self._action(
            self.tr("My &accounts"), self.show_accounts, ["Ctrl+2"]
        )
        self.rescan_accounts_action = self._action(
            self.tr("Re&scan my accounts"), self.rescan_accounts, ["Ctrl+Shift+R"]
        )
        self.quiz_action = self._action(self.tr("&Guess first"), self.start_quiz, ["Ctrl+G"])
        self.quiz_action.setToolTip(
            self.tr("A quiz for a room: guess where each account keeps its data, then reveal it")
        )
        self.quiz_action.setEnabled(False)  # until an account's place is known
        self.history_action = self._action(self.tr("&History…"), self.open_history, ["Ctrl+H"])
        self.history_action.setToolTip(
            self.tr("Where your programs' data went over time, what is new, and the alerts")
        )

        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.export_png_action)
        file_menu.addAction(self.export_svg_action)
        file_menu.addAction(self.export_report_action)
        file_menu.addSeparator()
        file_menu.addAction(self.record_action)
        file_menu.addAction(self.open_recording_action)
        file_menu.addAction(self.trace_message_action)
        file_menu.addAction(self.paste_headers_action)
        demo_menu = file_menu.addMenu(self.tr("Open a &demo"))
        demo_menu.setToolTipsVisible(True)
        for action in self.demo_actions:
            action.setEnabled(self._open_demo is not None)
            demo_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu_bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.clear_filters_action)
        view_menu.addSeparator()
        view_menu.addAction(self.zoom_in_action)
        view_menu.addAction(self.zoom_out_action)
        view_menu.addAction(self.fit_all_action)
        view_menu.addAction(self.reset_view_action)
        view_menu.addAction(self.legend_action)
        view_menu.addSeparator()
        view_menu.addAction(self.show_closed_action)
        view_menu.addAction(self.anonymise_action)
        view_menu.addSeparator()
        view_menu.addAction(self.connections_tab_action)
        view_menu.addAction(self.accounts_tab_action)
        view_menu.addAction(self.rescan_accounts_action)
        view_menu.addAction(self.quiz_action)
        view_menu.addAction(self.history_action)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.pause_action)
        view_menu.addAction(self.step_action)
        self.toolbar = self._build_toolbar()
        view_menu.addAction(self.toolbar.toggleViewAction())
        self.data_actions = make_data_actions(
            self,
            open_databases=self.open_databases_dialog,
            open_update=partial(self.open_databases_dialog, focus_update=True),
            open_about=self.open_about_dialog,
        )
        data_menu = menu_bar.addMenu(self.tr("&Data"))
        self.data_actions.add_to(data_menu)
        self.forget_history_action = self._action(self.tr("&Forget history…"), self.forget_history)
        self.forget_history_action.setToolTip(
            self.tr("Delete everything this window has kept of where your data went")
        )
        data_menu.addSeparator()
        data_menu.addAction(self.forget_history_action)
        for action in (self.data_actions.databases, self.data_actions.update):
            self.addAction(action)
        self.view_menu = view_menu
        self.file_menu = file_menu
        self.data_menu = data_menu

        self.map_help_action = self._action(
            self.tr("How to &read the map"), self.open_map_help, ["F1"]
        )
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"), self.open_shortcuts, ["Ctrl+/"]
        )
        self.about_action = self._action(self.tr("&About DataLocator"), self.open_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.map_help_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self.help_menu = help_menu

    def _build_toolbar(self) -> QToolBar:
        """The few actions people use most, one click away (text only: no icon needs learning)."""
        toolbar = QToolBar(self.tr("Toolbar"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.toggleViewAction().setText(self.tr("Show &toolbar"))
        self.refresh_action.setIconText(self.tr("Refresh"))
        self.fit_all_action.setIconText(self.tr("Fit all"))
        self.export_png_action.setIconText(self.tr("Export map"))
        self.export_report_action.setIconText(self.tr("Export report"))
        for action in (
            self.refresh_action,
            self.fit_all_action,
            self.export_png_action,
            self.export_report_action,
        ):
            toolbar.addAction(action)
        toolbar.addAction(self.anonymise_action)
        toolbar.addSeparator()
        toolbar.addAction(self.pause_action)
        toolbar.addAction(self.step_action)
        self.speed_combo = QComboBox(toolbar)
        self.speed_combo.setObjectName("playbackSpeed")
        self.speed_combo.setAccessibleName(self.tr("Playback speed"))
        self.speed_combo.setToolTip(self.tr("How fast the demo or the recording plays"))
        for factor in SPEEDS:
            self.speed_combo.addItem(self.tr("%1×").replace("%1", _factor_text(factor)), factor)
        self.speed_combo.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_combo.currentIndexChanged.connect(self._speed_chosen)
        self.speed_widget = toolbar.addWidget(self.speed_combo)
        self.speed_widget.setVisible(self._mode is not None)  # live polls keep their interval
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(True)
        self.status_counts = QLabel(self)
        self.status_counts.setObjectName("statusCounts")
        self.status_counts.setTextFormat(Qt.TextFormat.PlainText)
        self.status_skipped = QLabel(self)
        self.status_skipped.setObjectName("statusSkipped")
        self.status_skipped.setTextFormat(Qt.TextFormat.PlainText)
        self.status_skipped.hide()
        self.status_mode = QLabel(self)
        self.status_mode.setObjectName("statusMode")
        self.status_mode.setTextFormat(Qt.TextFormat.PlainText)
        self.status_mode.setVisible(self._mode is not None)
        self.status_mode.setText(self._mode or "")
        self.status_sources = QLabel(self)
        self.status_sources.setObjectName("statusSources")
        self.status_sources.setTextFormat(Qt.TextFormat.PlainText)
        # The one place that says the data are old, with the way out beside it (no banner: the
        # warning stays visible as long as it holds, without interrupting anyone).
        self.status_update = QToolButton(self)
        self.status_update.setObjectName("statusUpdate")
        self.status_update.setText(self.tr("Update…"))
        self.status_update.setToolTip(self.tr("Download newer location databases"))
        self.status_update.setAutoRaise(False)  # a button that looks like one: the way out
        self.status_update.clicked.connect(partial(self.open_databases_dialog, focus_update=True))
        self.status_update.hide()
        # While a report is made: a busy bar and what is happening; then a way to open it.
        self.report_progress = QProgressBar(self)
        self.report_progress.setObjectName("reportProgress")
        self.report_progress.setRange(0, 0)  # busy: the work has no steps to count
        self.report_progress.setMaximumWidth(120)
        self.report_progress.setFormat(self.tr("Making the report…"))
        self.report_progress.setAccessibleName(self.tr("Making the report…"))
        self.report_progress.hide()
        self.status_report = QLabel(self.tr("Making the report…"), self)
        self.status_report.setObjectName("statusReport")
        self.status_report.setTextFormat(Qt.TextFormat.PlainText)
        self.status_report.hide()
        self.status_recording = QLabel(self)
        self.status_recording.setObjectName("statusRecording")
        self.status_recording.setTextFormat(Qt.TextFormat.PlainText)
        self.status_recording.hide()
        self.status_anonymised = QLabel(self.tr("Anonymised"), self)
        self.status_anonymised.setObjectName("statusAnonymised")
        self.status_anonymised.setToolTip(
            self.tr("Addresses, names and accounts of this computer are hidden (View → Anonymise)")
        )
        self.status_anonymised.hide()
        # While a route is traced: what is happening and a way to stop it.
        self.route_owner = RouteOwner(self._runner, self.model.language, self)
        self.route_owner.routeReady.connect(self.show_route)
        self.route_owner.distanceChecked.connect(self._distance_checked)
        self.route_owner.failed.connect(self._route_failed)
        self.route_owner.busyChanged.connect(self._route_busy)
        self.route_owner.accountTraced.connect(self._account_traced)
        self.route_owner.accountFailed.connect(self._account_trace_failed)
        self.route_owner.passwordLooked.connect(self._password_looked)
        self.route_owner.passwordForgotten.connect(self._password_forgotten)
        self.mail_login: MailLoginDialog | None = None  # asking before an account is read
        self._mail_login_target: ImapTarget | None = None  # whose login the dialog asks
        self.stop_trace_button = QToolButton(self)
        self.stop_trace_button.setObjectName("stopTrace")
        self.stop_trace_button.setText(self.tr("Stop"))
        self.stop_trace_button.setToolTip(self.tr("Stop tracing the route or timing the server"))
        self.stop_trace_button.setAutoRaise(False)
        self.stop_trace_button.clicked.connect(self.route_owner.stop)
        self.stop_trace_button.hide()
        self.open_report_button = QToolButton(self)
        self.open_report_button.setObjectName("openReport")
        self.open_report_button.setText(self.tr("Open the report"))
        self.open_report_button.clicked.connect(self.open_report)
        self.open_report_button.hide()
        for label in (
            self.status_counts,
            self.status_skipped,
            self.status_mode,
            self.status_sources,
            self.status_report,
            self.status_recording,
            self.status_anonymised,
        ):
            label.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.status_counts, 1)
        status.addPermanentWidget(self.status_skipped)
        status.addPermanentWidget(self.status_mode)
        status.addPermanentWidget(self.status_sources)
        status.addPermanentWidget(self.status_update)
        status.addPermanentWidget(self.status_recording)
        status.addPermanentWidget(self.status_anonymised)
        status.addPermanentWidget(self.status_report)
        status.addPermanentWidget(self.report_progress)
        status.addPermanentWidget(self.open_report_button)
        status.addPermanentWidget(self.stop_trace_button)

    def _connect_views(self) -> None:
        self.filter_bar.changed.connect(self._filters_changed)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._table_selection_changed)
        self.map.ipSelected.connect(self._map_ip_selected)
        self.map.placeSelected.connect(self._map_place_selected)
        self.map.updated.connect(self._map_updated)
        self.map.exported.connect(self._map_exported)
        self.map.exportFailed.connect(self._map_export_failed)
        self.place_panel.ipActivated.connect(self._panel_ip_activated)
        self.place_panel.traceRequested.connect(self.trace_route_to)
        self.place_panel.rttRequested.connect(self.check_distance_to)

    # --- public actions ----------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self.settings_owner.current

    @property
    def session(self) -> Session:
        """The engine behind the window (subscribe to it for its events)."""
        return self._session

    @property
    def locator(self) -> Locator | None:
        return self._session.locator

    @property
    def poll_in_flight(self) -> bool:
        return self.driver.poll_in_flight or self._applying is not None

    @property
    def entries(self) -> MapEntries:
        """The map entries of the table's rows, as last built."""
        return self._entries

    @property
    def home_country(self) -> str | None:
        """The home the map marks: the setting, else the system locale's country."""
        return self.settings.home_country or self._system_home()

    def refresh(self) -> None:
        """Start a poll unless one is already running or still going into the table."""
        if self._closed or self._applying is not None or self._anonymiser_pending:
            return
        self.driver.poll(partial(_prepare_rows, self.model.preparer()))

    @property
    def paused(self) -> bool:
        return self.pause_action.isChecked()

    def set_paused(self, paused: bool) -> None:
        """Hold the view on this moment (no poll), or play on."""
        if self.pause_action.isChecked() != paused:
            self.pause_action.setChecked(paused)  # comes back here through `toggled`
            return
        self.pause_action.setText(self.tr("&Play") if paused else self.tr("&Pause"))
        self.step_action.setEnabled(paused and not self._ended)
        if paused:
            self.timer.stop()
            self.statusBar().showMessage(self.tr("Paused: F6 plays on, F7 goes one step"))
        elif not self._ended and not self._closed:
            self.statusBar().clearMessage()
            self.timer.start()
            self.refresh()

    def step(self) -> None:
        """One poll further while paused (a demo's next moment, a recording's next snapshot)."""
        if self.paused and not self._ended:
            self.refresh()

    @property
    def speed(self) -> float:
        return self._speed

    def set_speed(self, factor: float) -> None:
        index = self.speed_combo.findData(factor)
        if index >= 0:
            self.speed_combo.setCurrentIndex(index)

    def _speed_chosen(self, _index: int) -> None:
        self._speed = float(self.speed_combo.currentData())
        self.timer.setInterval(self._interval_ms())

    def focus_search(self) -> None:
        self.filter_bar.focus_search()

    def clear_filters(self) -> None:
        self.filter_bar.clear()

    def selected_ip(self) -> str | None:
        """The remote address of the table's current row, if a row is selected."""
        selection = self.table.selectionModel()
        current = selection.currentIndex()
        rows = selection.selectedRows()
        if not current.isValid() or not selection.isRowSelected(current.row(), current.parent()):
            if not rows:
                return None
            current = rows[0]
        source = self.proxy.mapToSource(current)
        return self.model.observation(source.row()).remote_ip

    def select_ip(self, ip: str) -> bool:
        """Select ``ip`` everywhere: its first row in the table (scrolled to) and its mark."""
        found = self._select_table_ip(ip)
        if not self._in_selected_marks(ip):
            with self._passing_selection():
                self.map.select_ip(ip)
        return found

    def open_settings(self) -> SettingsDialog:
        """Show the (window-modal, non-blocking) Settings dialog; OK saves and applies."""
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            return self.settings_dialog
        dialog = SettingsDialog(
            self.settings,
            self,
            language=self.model.language,
            system_home=self._system_home(),
            tray_available=self._tray_available(),
            start_at_login_available=self._autostart is not None,
        )
        # Bound methods, not a lambda holding the dialog: a closure over an object connected
        # to its own signal keeps it alive past its C++ deletion.
        dialog.finished.connect(self._settings_dialog_finished)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def open_databases_dialog(self, *, focus_update: bool = False) -> DatabasesDialog:
        """The non-modal "Location databases" window (one, kept while the app runs)."""
        dialog = self.databases_dialog
        if dialog is None:
            sources = self.locator.sources if self.locator is not None else ()
            dialog = DatabasesDialog(
                self._runner, self.settings_owner, sources=sources, parent=self
            )
            dialog.databasesChanged.connect(self._databases_edited)
            self.databases_dialog = dialog
        dialog.show_and_raise(focus_update=focus_update)
        return dialog

    def open_about_dialog(self) -> AboutDataDialog:
        """Data sources and licences (non-blocking)."""
        if self.about_dialog is None:
            sources = self.locator.sources if self.locator is not None else ()
            self.about_dialog = AboutDataDialog(
                self,
                sources=sources,
                dated=shipped_data_sources(sources),
                language=self.model.language,
            )
            self.about_dialog.finished.connect(self._about_dialog_finished)
        self.about_dialog.show()
        self.about_dialog.raise_()
        self.about_dialog.activateWindow()
        return self.about_dialog

    def _show_help(self, key: str, make: Callable[[], QDialog]) -> QDialog:
        """One non-modal window per Help entry, kept while the app runs and raised again."""
        dialog = self._help_dialogs.get(key)
        if dialog is None:
            dialog = make()
            self._help_dialogs[key] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def open_about(self) -> QDialog:
        """Help → About: version, licence, how recent the data are, the way to their sources."""

        def make() -> QDialog:
            sources = self.locator.sources if self.locator is not None else ()
            return AboutDialog(
                self,
                dated=shipped_data_sources(sources),
                language=self.model.language,
                open_sources=self.open_about_dialog,
            )

        return self._show_help("about", make)

    def open_shortcuts(self) -> QDialog:
        """Help → Keyboard shortcuts, read from the window's own actions."""
        return self._show_help("shortcuts", lambda: ShortcutsDialog(self, self.actions()))

    def open_map_help(self) -> QDialog:
        """Help → How to read the map."""
        return self._show_help("map", lambda: MapHelpDialog(self, self.map.renderer))

    def _about_dialog_finished(self, _result: int) -> None:
        dialog, self.about_dialog = self.about_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _databases_edited(self) -> None:
        """The databases window changed the list (the settings' change already reopens them
        with it) or downloaded new files: reopen, unless an opening of this list is pending."""
        paths = self.settings.database_paths
        if self._locator_current() or paths != self._opening_paths:
            self._open_databases(paths)

    def apply_settings(self, new: Settings) -> None:
        """Use ``new`` at once (poll rate, DNS, databases, home); it is saved in the background."""
        if new == self.settings:
            self.settingsApplied.emit()
        self.settings_owner.change(new)

    def _settings_save_failed(self, error: BaseException) -> None:
        self.banner.show_error(
            self.tr("The settings could not be saved."), plain_error(error, self.model.language)
        )

    def _account_failed(self, key: str, error: BaseException) -> None:
        """A look-up that raised: its row says so in plain words (the owner logged the detail)."""
        self.accounts_panel.model.set_failed(key, plain_error(error, self.model.language).text)

    def _settings_changed(self, old: Settings, new: Settings) -> None:
        self.timer.setInterval(self._interval_ms())
        dns_changed = (new.reverse_dns, new.dns_server) != (old.reverse_dns, old.dns_server)
        if dns_changed and self._mode is None:  # a demo or a recording keeps its own answers
            try:
                resolver = self._make_resolver(new)
            except ValueError as error:  # a DNS server the resolver refuses
                resolver = None
                self.banner.show_error(
                    self.tr("Reverse DNS is off."),
                    report_error("DNS server refused", error, self.model.language),
                    Level.WARNING,
                )
            self.driver.set_resolver(self._tap.resolver(resolver))  # open addresses asked again
        if new.home_country != old.home_country:
            self.map.set_home(self.home_country)
            self.model.set_home(self.home_country)
        if new.database_paths != old.database_paths:
            self._open_databases(new.database_paths)
        elif dns_changed:
            self.rescan_accounts()
        if new.home_country != old.home_country:
            self.accounts_panel.set_home(self.home_country)
        self.presenter.set_zoom(new.presenter_zoom)
        if self.history is not None:
            self.history.rules = new.alert_rules
        if new.start_at_login != old.start_at_login and self._autostart is not None:
            self._runner.run_task(
                partial(self._autostart.apply, new.start_at_login),
                lambda _none: None,
                self._start_at_login_failed,
            )
        self.settingsApplied.emit()

    def _start_at_login_failed(self, error: BaseException) -> None:
        log.warning("start at login not changed: %s", error)
        if not self._closed:
            self.banner.show_error(
                self.tr("Start at login could not be changed."),
                plain_error(error, self.model.language),
            )

    def export_map(self, fmt: ExportFormat = ExportFormat.PNG) -> None:
        """Ask where (and how big), then write the map as it is shown (in the background)."""
        suggested = self._offered(Path.home() / f"datalocator-map.{fmt.value}")
        request = self._choose_export(self, fmt, suggested)
        if request is not None:
            self.write_export(request, fmt)

    def write_export(self, request: ExportRequest, fmt: ExportFormat) -> None:
        """Have the map drawn and written off the GUI thread; the status bar says when it is
        saved, the banner if it cannot be."""
        size = QSize(request.width, request.height)
        caption = None
        if self.locator is not None:  # the data sets in use (the user's own files included)
            sources = location_data_sources(self.locator.sources)
            caption = export_caption(self.model.language, sources=sources)
        self.map.export(request.path, size, vector=fmt is ExportFormat.SVG, caption=caption)

    def _map_exported(self, path: Path) -> None:
        said = self.tr("Map saved to %1").replace("%1", visible_path(path))
        self.statusBar().showMessage(self._shown.text(said), 8000)

    def _map_export_failed(self, path: Path, reason: PlainError) -> None:
        log.warning("map export to %s failed: %s", path, reason.details)
        if not self._closed:
            self.banner.show_error(
                self.tr("The map could not be saved to %1.").replace("%1", str(path)), reason
            )

    # --- the report --------------------------------------------------------------------------

    def export_report(self) -> None:
        """Ask how (format, paper, redaction, for whom) and where, then make the report in the
        background; one at a time."""
        if self._report_in_flight:
            return
        defaults = self._last_report or ReportOptions(
            ReportFormat.PDF,
            self.model.language,
            paper=default_paper(self.home_country),
        )
        if self.anonymised:  # what write_report will do anyway, said in the dialog
            defaults = replace(defaults, redact=True, machine=False)
        elif self._base_shown is not AS_IS:
            defaults = replace(defaults, machine=False)
        day = self._clock().date().isoformat()
        suggested = self._offered(
            save_folder() / f"datalocator-report-{day}{defaults.format.suffix}"
        )
        request = self._choose_report(self, suggested, defaults)
        if request is not None:
            self.write_report(request)

    def _offered(self, path: Path) -> Path:
        """A file name the window offers: under ``~`` when it hides the user's names (the home
        folder's path holds the login), as it is otherwise."""
        return home_as_tilde(path) if self._shown is not AS_IS else path

    def write_report(self, request: ReportRequest) -> None:
        """Make and write the report off the GUI thread from a copy of what the window shows
        now (the rows, closed ones included; the accounts); the status bar shows it working."""
        if self._report_in_flight:
            return
        self._last_report = replace(request.options, language=self.model.language)
        options = self._last_report
        if self.anonymised:  # an anonymised window never writes the computer's details
            options = replace(options, redact=True, machine=False)
        elif self._base_shown is not AS_IS:  # a demo's report is the persona's, not the machine's
            options = replace(options, machine=False)
        rows = self.model.snapshot()
        accounts = self.accounts.placed_accounts
        databases = self.locator.sources if self.locator is not None else ()
        kind, capture = self._report_period()
        home = self.home_country
        created = self._clock().timestamp()  # the window's clock: a demo's report is reproducible

        source = self._tap.inner

        def make() -> Path:
            if isinstance(source, PeriodSource):  # the history's spans, not the rows' one poll
                data = source.report_input(
                    rows.connections(include_closed=True),
                    accounts,
                    shipped_data_sources(databases),
                    created,
                    home,
                )
            else:
                data = connections_input(
                    rows.connections(include_closed=True),
                    accounts,
                    kind,
                    shipped_data_sources(databases),
                    capture=capture,
                    home=home,
                    now=lambda: created,
                )
            write_report(data, options, request.path, draw_report_map)
            return request.path

        self._report_busy(True)
        self._runner.run_task(
            make, self._report_written, partial(self._report_failed, request.path)
        )

    def _report_period(self) -> tuple[PeriodKind, str | None]:
        source = self._tap.inner
        if isinstance(source, PeriodSource):
            return PeriodKind.HISTORY, None
        if isinstance(source, DemoSource):
            return PeriodKind.DEMO, None
        if isinstance(source, CaptureSource):
            return PeriodKind.CAPTURE, source.capture.path.name
        return PeriodKind.SNAPSHOT, None

    def _report_busy(self, busy: bool) -> None:
        self._report_in_flight = busy
        self.export_report_action.setEnabled(not busy)
        self.report_progress.setVisible(busy)
        self.status_report.setVisible(busy)
        if busy:
            self.open_report_button.hide()

    def _report_written(self, path: Path) -> None:
        self._report_busy(False)
        if self._closed:
            return
        self.report_path = path
        self.open_report_button.show()
        hide = self._shown.text  # a path names the user
        set_plain_tooltip(self.open_report_button, hide(visible_path(path)))
        self.statusBar().showMessage(
            hide(self.tr("Report saved to %1").replace("%1", visible_path(path))), 10000
        )
        self.reportWritten.emit(path)

    def _report_failed(self, path: Path, error: BaseException) -> None:
        self._report_busy(False)
        words = report_error("report not written", error, self.model.language)
        if not self._closed:
            self.banner.show_error(
                self.tr("The report could not be saved to %1.").replace("%1", visible_path(path)),
                words,
            )
        self.reportFailed.emit(path)

    def open_report(self) -> None:
        """Open the report just written with the system's viewer."""
        if self.report_path is not None:
            self._open_file(self.report_path)

    def _place_on_screen(self) -> None:
        """The size it was left at (or the default), no bigger than the screen it opens on,
        centred in the screen's free area (without panels and docks)."""
        available = self.screen().availableGeometry()
        if self.settings.window_size is not None:
            wanted = QSize(*self.settings.window_size)
        else:  # a big screen gives the map room: most of it, never less than the default
            share = available.size() * DEFAULT_SHARE
            wanted = QSize(*DEFAULT_SIZE).expandedTo(share)
        self.fit_to(available, wanted)
        if self.settings.window_maximized:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def fit_to(self, available: QRect, wanted: QSize) -> None:
        """Take ``wanted`` (bounded by ``available`` less the frame's room), centred there."""
        room = QSize(
            max(0, available.width() - FRAME_ROOM[0]), max(0, available.height() - FRAME_ROOM[1])
        )
        size = wanted.boundedTo(room).expandedTo(self.minimumSizeHint().boundedTo(room))
        self.resize(size)
        x = available.x() + max(0, (available.width() - size.width()) // 2)
        y = available.y() + max(0, (available.height() - size.height() - FRAME_ROOM[1]) // 2)
        self.move(x, y)

    def _remember_layout(self) -> None:
        """At exit: keep the window's size and splitters for the next start."""
        if not self._laid_out:
            return
        maximized = self.isMaximized()
        size = self.normalGeometry().size() if maximized else self.size()
        if not size.isValid():
            size = self.size()
        self.settings_owner.change(
            replace(
                self.settings,
                window_size=(size.width(), size.height()),
                window_maximized=maximized,
                map_split=_two(self.map_splitter.sizes()),
                # The map area and the lists (the quiz panel, third, is shown only for a round).
                main_split=(
                    self.settings.main_split
                    if self.quiz_panel.isVisible()
                    else _two(self.splitter.sizes()[:2])
                ),
            )
        )

    def showEvent(self, event: QShowEvent) -> None:
        """Share the room out once the window has its size: the map gets most of it."""
        super().showEvent(event)
        if not self._laid_out:
            self._laid_out = True
            self._share_room()

    def _share_room(self) -> None:
        """The splitters as they were left, else: the place panel as wide as its content
        asks (within bounds), the table about a third of the height."""
        saved = self.settings
        width = self.map_splitter.width()
        if sum(saved.map_split) > 0:
            self.map_splitter.setSizes(list(saved.map_split))
        else:
            wanted = max(PANEL_WIDTH, self.place_panel.sizeHint().width())
            panel = min(wanted, max(PANEL_MIN_WIDTH, round(width * 0.3)))
            self.map_splitter.setSizes([width - panel, panel])
        height = self.splitter.height()
        if sum(saved.main_split) > 0:
            self.splitter.setSizes([*saved.main_split, 0])
        else:
            table = max(TABLE_MIN_HEIGHT, round(height * 0.36))
            self.splitter.setSizes([height - table, table, 0])

    # --- history -----------------------------------------------------------------------------

    def _history_opened(self, problem: Message | None) -> None:
        if problem is not None:  # the old file was kept aside: said once
            self.banner.show_message(problem.text(translations(self.model.language)), Level.WARNING)

    def forget_history(self) -> None:
        """Data → Forget history…: after a confirmation, the history is deleted for real."""
        if self.history is None:
            return
        asked = self._confirm(
            self,
            self.tr("Forget history"),
            self.tr(
                "Delete everything this window has kept of where your data went? This cannot "
                "be undone; watching goes on with an empty history."
            ),
        )
        if asked:
            self.history.forget()

    def open_history(self) -> HistoryWindow | None:
        """View → History…: one window, kept (raised when it is open already)."""
        if self.history is None:
            return None
        if self.history_window is None:
            self.history_window = HistoryWindow(
                self.history,
                self.settings_owner,
                language=self.model.language,
                open_period=self.open_period,
                show_flags=flags_renderable(),
                parent=self,
            )
        self.history_window.show()
        self.history_window.raise_()
        self.history_window.activateWindow()
        return self.history_window

    def _history_forgotten(self, count: int) -> None:
        self.statusBar().showMessage(
            self.tr("History forgotten: %n file(s) deleted.", "", count), 10000
        )

    def _history_alerted(self, alerts: tuple[Alert, ...]) -> None:
        """A program's data went somewhere new: said in the status bar and, through the tray,
        as a desktop notification, unless notifications are off or snoozed (the History
        window's log has them all the same)."""
        settings = self.settings
        if not settings.alerts or self._clock().timestamp() < settings.alerts_snoozed_until:
            return
        language = self.model.language
        tr = translations(language)
        lines = [alert_message(alert, language).text(tr) for alert in alerts[:MAX_ALERT_LINES]]
        rest = len(alerts) - len(lines)
        if rest:
            lines.append(self.tr("… and %n more (View → History).", "", rest))
        text = "\n".join(visible(line) for line in lines)
        self.statusBar().showMessage(visible(lines[0]), 15000)
        self.alertNotified.emit(self.tr("Your data went somewhere new"), text)

    # --- routes: how data travel ------------------------------------------------------------

    def show_route(self, route: ShownRoute) -> None:
        """A mail's or a network path's stops: listed in the Route tab, drawn on the map as
        numbered legs over the marks."""
        self.route_panel.show_route(route)
        self._show_route_tab()
        self._draw_route(route)

    def _show_route_tab(self) -> None:
        index = self.tabs.indexOf(self.route_panel)
        self.tabs.setTabVisible(index, True)
        self.tabs.setCurrentIndex(index)

    def _draw_route(self, route: ShownRoute) -> None:
        self.map.set_route(route_points(route, self.map.world))

    def trace_account_routes(self, account: Account) -> None:
        """The accounts tab's "Show the routes of its mail…": say what the login will read and
        ask for the password unless the keyring keeps one; nothing is sent before OK."""
        target = imap_login(account)
        if target is None or self.locator is None or self.route_owner.busy:
            return
        self._ask_mail_login(target)

    def _ask_mail_login(self, target: ImapTarget, error: str = "", last: int = 0) -> None:
        if self.mail_login is not None:
            self.mail_login.close()
            self.mail_login.deleteLater()
        shown = self._shown
        dialog = MailLoginDialog(visible(shown.host(target.host)), self._login_text(target), self)
        if last:
            dialog.count.setValue(last)
        dialog.show_error(error)
        dialog.accepted.connect(partial(self._mail_login_accepted, dialog, target))
        dialog.forgetRequested.connect(partial(self.route_owner.forget_password, target))
        self.mail_login = dialog
        self._mail_login_target = target
        dialog.open()
        self.route_owner.look_up_password(target)

    def _login_text(self, target: ImapTarget) -> str:
        """Who logs in where, as the person reads it (through Anonymise)."""
        return (
            self.tr("%1 on %2")
            .replace("%1", visible(self._shown.text(target.user)))
            .replace("%2", visible(self._shown.host(target.host)))
        )

    def _password_looked(self, target: ImapTarget, kept: object) -> None:
        if self.mail_login is None or target != self._mail_login_target:
            return
        if isinstance(kept, BaseException):
            self.mail_login.set_kept(plain_error(kept, self.model.language).text)
        else:
            self.mail_login.set_kept(bool(kept))

    def _password_forgotten(self, target: ImapTarget, removed: object) -> None:
        login = self._login_text(target)
        if isinstance(removed, BaseException):
            text = plain_error(removed, self.model.language).text
        elif removed:
            text = self.tr("The password for %1 was deleted from your system keyring.")
        else:
            text = self.tr("No password for %1 was kept in your system keyring.")
        self.statusBar().showMessage(text.replace("%1", login), 15000)
        if self.mail_login is not None and target == self._mail_login_target:
            self.mail_login.set_kept(False)

    def _mail_login_accepted(self, dialog: MailLoginDialog, target: ImapTarget) -> None:
        locator = self.locator
        password, last = dialog.take_password(), dialog.count.value()
        if locator is None or self.route_owner.busy:
            return
        self.statusBar().showMessage(
            self.tr("Reading the headers of your last %n message(s) on %1…", "", last).replace(
                "%1", visible(self._shown.host(target.host))
            )
        )
        self.route_owner.trace_account(target, password, last, locator)
        del password

    def _account_traced(self, traced: TracedAccount) -> None:
        host = visible(self._shown.host(traced.target.host))
        if not traced.groups:
            self.statusBar().showMessage(
                self.tr("The inbox on %1 is empty: no route to show.").replace("%1", host), 15000
            )
            return
        self.route_panel.show_groups(
            self.tr("The routes of your last %n message(s) on %1", "", traced.messages),
            traced.target.host,
            traced.groups,
        )
        self._show_route_tab()
        if traced.not_kept:
            self.banner.show_error(
                self.tr("The password worked but was not kept."),
                PlainError(traced.not_kept, ""),
                Level.WARNING,
            )

    def _account_trace_failed(self, target: ImapTarget, error: BaseException) -> None:
        """A refused or missing password: asked again, with why; a stop: said; anything
        else: in the banner, in words."""
        if isinstance(error, ImapAuthenticationFailed | NoPasswordKept):
            said = plain_error(error, self.model.language).text
            self._ask_mail_login(target, visible(self._shown.text(said)))
        elif isinstance(error, ImapCancelled):
            self.statusBar().showMessage(self.tr("Stopped: no route shown."), 15000)
        else:
            self.banner.show_error(
                self.tr("Your mail server's headers could not be read."),
                report_error("account trace", error, self.model.language),
                Level.WARNING,
            )

    def open_message(self) -> None:
        """File → Trace a message…: a mail file's route (read and located off the GUI
        thread; nothing is sent)."""
        path = self._choose_message(self)
        if path is not None:
            self.trace_message(path)

    def trace_message(self, source: Path | bytes, title: str | None = None) -> None:
        locator = self.locator
        if locator is None or self.route_owner.busy:
            return
        if title is None:
            name = visible_path(source.name) if isinstance(source, Path) else ""
            title = self.tr("The route of the message %1").replace("%1", name)
        self.route_owner.trace_mail(source, title, locator)

    def paste_headers(self) -> None:
        """File → Paste a message's headers…: the same, from text (modal: it waits for the
        paste, nothing runs meanwhile)."""
        dialog = HeadersDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.headers().strip():
            self.trace_message(
                dialog.headers().encode("utf-8", "surrogateescape"),
                self.tr("The route of the pasted message"),
            )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_message(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_message(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.trace_message(path)

    def trace_route_to(self, ip: str) -> None:
        """The place panel's "Trace the route": it sends packets, so only when asked, and
        says so while it runs."""
        locator = self.locator
        if locator is None or self.route_owner.busy:
            return
        try:
            method = choose_method(ip)  # opens and closes a socket: nothing is sent
        except TraceError as error:
            self._route_failed(error)
            return
        said = (
            self.tr(
                "Tracing the route to %1: small ICMP echo requests (pings) with increasing "
                "TTL, a router at a time…"
            )
            if method is TraceMethod.ICMP
            else self.tr(
                "Tracing the route to %1: small UDP packets with increasing TTL, a router "
                "at a time…"
            )
        )
        self.statusBar().showMessage(said.replace("%1", self._shown.text(ip)))
        self.route_owner.trace(ip, locator, method)

    def check_distance_to(self, ip: str) -> None:
        """The place panel's "Check the distance": a few TCP connections, timed (only when
        asked; said while it runs)."""
        locator = self.locator
        if locator is None or self.route_owner.busy:
            return
        self.place_panel.show_rtt("")
        self.statusBar().showMessage(
            self.tr("Timing a few TCP connections to %1 (closed at once, nothing sent)…").replace(
                "%1", self._shown.text(ip)
            )
        )
        self.route_owner.check_distance(ip, locator, self.home_country)

    def _distance_checked(self, ip: str, sentence: str) -> None:
        if ip == self.place_panel.chosen_ip():
            self.place_panel.show_rtt(self._shown.text(sentence), ip)
        self.statusBar().showMessage(self._shown.text(sentence), 15000)

    def _route_busy(self, busy: bool) -> None:
        self.stop_trace_button.setVisible(busy)
        self.place_panel.trace_button.setEnabled(not busy)
        self.place_panel.rtt_button.setEnabled(not busy)
        self.accounts_panel.routes_button.setEnabled(not busy)
        if not busy:
            self.statusBar().clearMessage()

    def _route_failed(self, error: BaseException) -> None:
        self.banner.show_error(
            self.tr("No route could be shown."),
            report_error("trace failed", error, self.model.language),
            Level.WARNING,
        )

    def clear_route(self) -> None:
        self.map.set_route(())
        index = self.tabs.indexOf(self.route_panel)
        if self.tabs.currentIndex() == index:
            self.tabs.setCurrentIndex(0)
        self.tabs.setTabVisible(index, False)

    def open_period(self, start: float, end: float, label: str) -> None:
        """A period of the history (the History window's "Open"): read on the history's
        thread, then shown in a window of its own while this one goes on watching."""
        if self.history is None or self._open_period_window is None:
            return
        opener = self._open_period_window

        def read(store: HistoryStore) -> HistoryPeriod:
            return HistoryPeriod(start, end, store.since(start))

        def show(period: HistoryPeriod) -> None:
            opener(period, label)

        self.history.read(read, show)

    def _say_moved(self, source: PeriodSource, events: Sequence[Event]) -> None:
        connections = [c for e in events if isinstance(e, Opened) for c in e.connections]
        moved = source.moved(connections)
        shown = len(source.period.sightings)
        text = self.tr("%n program–address pair(s) of this period.", "", shown)
        if moved:
            text += " " + self.tr(
                "%n address(es) are placed differently today than when they were seen "
                "(datalocator history lists them as they were).",
                "",
                moved,
            )
        self.statusBar().showMessage(text)

    def _history_stopped(self, said: Message) -> None:
        """A full or read-only disk: the status bar says so once; watching goes on."""
        self.statusBar().showMessage(said.text(translations(self.model.language)))
        self.banner.show_message(said.text(translations(self.model.language)), Level.WARNING)

    @property
    def watches_this_computer(self) -> bool:
        """Live watching (not a demo, nor a recording, even one opened in this window)."""
        return self._mode is None

    def keeps_watching_when_closed(self) -> bool:
        """Whether closing hides this window in the tray instead of ending it: watching this
        computer, the setting on, a tray to come back from, and no Quit asked."""
        return (
            not self._quitting
            and not self._closed
            and self.watches_this_computer
            and self.settings.close_to_tray
            and self._tray_available()
        )

    def close_for_real(self) -> None:
        """File → Quit (and the tray's Quit): close, whatever the tray setting says."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop polling; results of tasks still running are dropped when they arrive. The live
        window only hides when it keeps watching in the background (see
        `keeps_watching_when_closed`)."""
        if self.keeps_watching_when_closed():
            event.ignore()
            self.hide()
            log.info("window closed: watching goes on in the background")
            self.sentToBackground.emit()
            return
        if not self._closed:
            self._remember_layout()
        self._closed = True
        self.stop_recording()  # what was recorded becomes the file now
        self.driver.close()
        if self.history is not None:
            self.history.close()
        if self.history_window is not None:
            self.history_window.close()
        self.settings_owner.flush()
        self.timer.stop()
        self._entries_timer.stop()
        if self.databases_dialog is not None:
            self.databases_dialog.cancel_update()
        super().closeEvent(event)

    # --- presenter view and the colour scheme -----------------------------------------------

    def _build_presenter(self) -> None:
        """View → Presenter view (F5): the map full screen with a caption, for a room."""
        self.presenter = PresenterView(
            self,
            map_widget=self.map,
            place_panel=self.place_panel,
            chrome=(
                self.menuBar(),
                self.toolbar,
                self.statusBar(),
                self.filter_bar,
                self.place_panel,
                self.tabs,
            ),
            splitters=(self.map_splitter, self.splitter),
            suspended=(self.zoom_in_action, self.zoom_out_action),
            set_paused=self.set_paused,
            is_paused=lambda: self.paused,
            select_ip=self.select_ip,
            language=self.model.language,
            zoom=self.settings.presenter_zoom,
        )
        self.presenter.zoomChanged.connect(self._presenter_zoom_changed)
        self.presenter.toggled.connect(self._presenter_toggled)
        self._quiz_listens = False  # a running quiz takes presenter view's reveal
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        if layout is not None:
            layout.addWidget(self.presenter.caption)
        self.view_menu.insertAction(self.find_action, self.presenter.action)
        self.view_menu.insertSeparator(self.find_action)

    def _presenter_zoom_changed(self, percent: int) -> None:
        """+ or − in presenter view: kept for the next time."""
        if percent != self.settings.presenter_zoom:
            self.settings_owner.change(replace(self.settings, presenter_zoom=percent))

    def _follow_colour_scheme(self) -> None:
        self._own_dark_palette = False  # the window has its own dark palette (see below)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._colour_scheme_changed)
        self._colour_scheme_changed(hints.colorScheme())

    def _colour_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        """Dark or light with the system: the map's theme, and the window's colours where the
        platform does not switch them itself."""
        dark = scheme == Qt.ColorScheme.Dark
        own = dark and not palette_is_dark(QGuiApplication.palette())
        if own != self._own_dark_palette:
            self._own_dark_palette = own
            use_palette(self, dark_palette() if own else QPalette())  # QPalette(): the app's
        self.presenter.set_outside_theme(map_theme(dark))

    # --- the user's accounts ---------------------------------------------------------------

    def _connect_accounts(self) -> None:
        owner, panel = self.accounts, self.accounts_panel
        owner.listed.connect(self._accounts_listed)
        owner.placed.connect(self._account_placed)
        owner.failed.connect(self._account_failed)
        owner.removed.connect(panel.model.remove)
        owner.progress.connect(self._accounts_progress)
        owner.changed.connect(self._accounts_changed)
        panel.addRequested.connect(self.add_account)
        panel.removeRequested.connect(self.remove_account)
        panel.rescanRequested.connect(self.rescan_accounts)
        panel.routesRequested.connect(self.trace_account_routes)
        self.map.accountPicked.connect(self.show_account)
        self.map.placeSelected.connect(self._show_place_accounts)
        if self._accounts_source is None:
            self._no_accounts()
        elif not self.accounts.editable:
            panel.set_editable(False)

    def _no_accounts(self) -> None:
        """A recording is shown: no accounts at all (the presenter's would give them away)."""
        self._accounts_source = None
        self.accounts.clear()
        self.quiz_panel.end()
        panel = self.accounts_panel
        panel.model.set_pending(())
        panel.setEnabled(False)
        panel.status.setText(self.tr("A recording shows no accounts: only its connections."))
        self.tabs.setTabText(self.tabs.indexOf(panel), self.tr("My accounts"))

    def rescan_accounts(self) -> None:
        """Read the mail and sync clients' settings again and look every account up."""
        locator = self._accounts_locator
        if self._accounts_source is None or locator is None or self._closed:
            return
        if self._anonymiser_pending:
            self._scan_waiting = True
            return
        self.accounts.scan(self.settings, locator)

    def show_accounts(self) -> None:
        self.tabs.setCurrentWidget(self.accounts_panel)
        self.accounts_panel.table.setFocus()

    def show_account(self, key: str) -> None:
        """An account pin was clicked: its details in the accounts tab."""
        self.show_accounts()
        row = self.accounts_panel.model.row_of(key)
        if row is not None:
            self.accounts_panel.table.selectRow(row)

    def _show_place_accounts(self, marks: tuple[MapMark, ...]) -> None:
        """The accounts whose pins stand where the chosen marks are (same country and city)."""
        places = {(m.country_code, m.city) for m in marks}
        hidden = self.map.hidden_accounts  # a quiz's answers, not told here either
        labels = [
            visible(pin.label)
            for pin in self.accounts.pins
            if (pin.country_code, pin.city) in places and pin.account_key not in hidden
        ]
        self.place_panel.show_accounts(list(dict.fromkeys(labels)))

    def add_account(self, entry: ManualEntry) -> None:
        """Keep the entry in the settings and look it up (an entry already kept is looked up
        again)."""
        locator = self._accounts_locator
        if not self.accounts.editable or locator is None:
            return
        kept = self.settings.manual_accounts
        if entry.text not in kept:
            self.settings_owner.change(replace(self.settings, manual_accounts=(*kept, entry.text)))
        self.accounts_panel.model.add_pending(entry)
        self.accounts.add(entry, self.settings, locator)

    def remove_account(self, key: str) -> None:
        kept = tuple(t for t in self.settings.manual_accounts if t != entry_text(key))
        if kept != self.settings.manual_accounts:
            self.settings_owner.change(replace(self.settings, manual_accounts=kept))
        self.accounts.remove(key)

    def _accounts_listed(self, listed: Listed) -> None:
        panel = self.accounts_panel
        panel.set_catalogue(listed.catalogue)
        panel.model.set_pending(listed.items)
        panel.set_problems(listed.problems)
        self.tabs.setTabText(
            self.tabs.indexOf(panel), self.tr("My accounts (%n)", "", len(listed.items))
        )

    def _account_placed(self, placed: PlacedAccount) -> None:
        if isinstance(self._shown, Anonymiser):
            self._shown.learn_accounts((*self.accounts.placed_accounts, placed))
        self.accounts_panel.model.set_placed(placed)

    def _accounts_progress(self, done: int, total: int) -> None:
        self.accounts_panel.set_progress(done, total)

    def _accounts_changed(self) -> None:
        """New links and pins: the table and map entries are rebuilt with the accounts."""
        self._details = with_accounts(self._base_details, self.accounts.links)
        if self.history is not None:
            self.history.set_links(self.accounts.links)  # mail and photos, for the alert rules
        self._push_pins()
        self.quiz_action.setEnabled(bool(self.accounts.pins))
        self._schedule_entries()

    # --- Guess first: a quiz on the accounts' places ------------------------------------------

    def start_quiz(self) -> None:
        """The room guesses where each account keeps its data before the map shows it. The
        lists below the map would tell the answers: the quiz takes their place meanwhile."""
        quiz = build_quiz(self.accounts.placed_accounts, self.accounts.catalogue, self.home_country)
        if not quiz.questions:
            return
        total = sum(self.splitter.sizes())
        self.tabs.hide()
        self.quiz_panel.show()
        self.splitter.setSizes([total * 11 // 20, 0, total * 9 // 20])
        if not self._quiz_listens:  # presenter view's R (a clicker's key) reveals the answer
            self.presenter.revealRequested.connect(self.quiz_panel.reveal)
            self._quiz_listens = True
        self.presenter.set_quiet(True)  # the quiz explains each place itself
        self.quiz_panel.start(quiz, self.home_country)

    def _quiz_ended(self) -> None:
        self.quiz_panel.hide()
        self.tabs.setVisible(not self.presenter.active)  # presenter view keeps them hidden
        if self._quiz_listens:
            self.presenter.revealRequested.disconnect(self.quiz_panel.reveal)
            self._quiz_listens = False
        self.presenter.set_quiet(False)

    def _presenter_toggled(self, active: bool) -> None:
        """Presenter view takes R for itself (it passes it on to a running quiz), and leaves
        the lists hidden while a quiz holds their place."""
        self.quiz_panel.reveal_action.setShortcut(QKeySequence() if active else QKeySequence("R"))
        if not active:
            self.tabs.setVisible(not self.quiz_panel.isVisible())

    def _push_pins(self) -> None:
        """The accounts' pins, their labels hidden when anonymised (the map draws and exports
        them as given)."""
        if isinstance(self._shown, Anonymiser):
            self._shown.learn_accounts(self.accounts.placed_accounts)
        shown = self._shown
        self.map.set_account_pins(
            tuple(replace(pin, label=shown.account(pin.label)) for pin in self.accounts.pins)
        )

    # --- Anonymise -------------------------------------------------------------------------

    @property
    def anonymised(self) -> bool:
        return self._shown.hiding

    def set_anonymised(self, on: bool) -> None:
        """View → Anonymise: every view, tooltip and export hides this computer's details.
        The anonymiser reads two small catalogues: made in a task, then applied here."""
        if self.anonymise_action.isChecked() != on:
            self.anonymise_action.setChecked(on)  # comes back here through `toggled`
            return
        if on == self.settings.anonymise and on == self.anonymised:
            return
        self.settings_owner.change(replace(self.settings, anonymise=on))
        if not on:
            self._apply_shown(self._base_shown)
            return
        self._runner.run_task(make_anonymiser, self._anonymiser_made, self._anonymiser_failed)

    @property
    def _anonymiser_pending(self) -> bool:
        """Anonymise is on but its anonymiser is still being made: nothing new is shown."""
        return self.anonymise_action.isChecked() and not self.anonymised

    def _anonymiser_made(self, anonymiser: Anonymiser) -> None:
        if self._closed or not self.anonymise_action.isChecked():
            return
        self._apply_shown(anonymiser)
        if self._scan_waiting:
            self._scan_waiting = False
            self.rescan_accounts()
        self.refresh()

    def _anonymiser_failed(self, error: BaseException) -> None:
        self.anonymise_action.setChecked(False)
        if self._scan_waiting:
            self._scan_waiting = False
            self.rescan_accounts()
        self.banner.show_error("", report_error("anonymise", error, self.model.language))

    def _apply_shown(self, shown: Shown) -> None:
        self._shown = shown
        if isinstance(shown, Anonymiser):
            shown.learn_accounts(self.accounts.placed_accounts)
        self.model.set_shown(shown)
        self.place_panel.set_shown(shown)
        self.map.set_shown(shown)
        self.accounts_panel.set_shown(shown)
        self.route_panel.set_shown(shown)
        self.banner.set_shown(shown)
        self.quiz_panel.set_shown(shown)
        self._push_pins()
        self.status_mode.setText(shown.text(self._mode or ""))
        if self.recording_path is not None:
            self._show_recording_status(self.recording_path)
        self.status_anonymised.setVisible(shown.hiding)
        if self.locator is not None:
            self._show_sources(self.locator.sources)  # their paths name the user
        self._update_processes()
        self.proxy.invalidate()  # the search box matches what is shown
        self.anonymisedChanged.emit(shown.hiding)

    # --- what the window watches -----------------------------------------------------------

    def _drive(self, session: Session) -> SessionDriver:
        driver = SessionDriver(session, self._runner, self._ptr_runner, self)
        driver.polled.connect(self._on_polled)
        driver.named.connect(self._on_named)
        driver.relocated.connect(self._on_relocated)
        return driver

    # --- recording this session --------------------------------------------------------------

    @property
    def recording(self) -> bool:
        return self.recording_path is not None

    def toggle_recording(self) -> None:
        """File → Record session… / Stop recording."""
        if self.recording:
            self.stop_recording()
            return
        day = self._clock().strftime("%Y-%m-%d-%H%M")
        suggested = save_folder() / f"datalocator-{day}.jsonl"
        path = self._choose_capture(self, suggested)
        if path is not None:
            self.start_recording(path)

    def start_recording(self, path: Path) -> None:
        """Write what this window watches to ``path`` from now on (the names already known for
        open addresses first), until Stop recording, a replay, or the window closes."""
        if self.recording:
            return
        locator = self._session.locator
        databases = [database_record(i) for i in locator.sources] if locator is not None else []
        try:
            writer = CaptureWriter(path, databases)
        except CaptureError as error:
            self.banner.show_error(
                "", report_error("recording not started", error, self.model.language)
            )
            return
        resolver = self._session.resolver
        known: dict[str, PtrAnswer] = {}
        if resolver is not None:
            for ip in sorted(self.model.snapshot().located):
                answer = resolver.cached_answer(ip)
                if answer is not None:
                    known[ip] = answer
        self._tap.start(writer, known)
        self.recording_path = path
        self.record_action.setText(self.tr("Stop &recording"))
        self._show_recording_status(path)
        self.status_recording.show()
        self.recordingStarted.emit(path)

    def _show_recording_status(self, path: Path) -> None:
        hide = self._shown.text
        self.status_recording.setText(
            hide(self.tr("● Recording to %1").replace("%1", visible_path(path.name)))
        )
        set_plain_tooltip(self.status_recording, hide(visible_path(path)))

    def stop_recording(self) -> None:
        """Finish the file (it becomes FILE from FILE.part) off the GUI thread."""
        path, self.recording_path = self.recording_path, None
        writer = self._tap.stop()
        self.record_action.setText(self.tr("Re&cord session…"))
        self.status_recording.hide()
        if writer is None or path is None:
            return
        failure = self._tap.failure
        if self._closed:
            _commit_quietly(writer)
            return
        self._runner.run_task(
            writer.commit,
            partial(self._recording_saved, path, failure),
            partial(self._recording_failed, path),
        )

    def _recording_saved(self, path: Path, failure: CaptureError | None, _result: object) -> None:
        if failure is not None:
            self._recording_failed(path, failure)
            return
        self.statusBar().showMessage(
            self._shown.text(self.tr("Recording saved to %1").replace("%1", visible_path(path))),
            10000,
        )
        self.recordingSaved.emit(path)

    def _recording_failed(self, path: Path, error: BaseException) -> None:
        if not self._closed:
            self.banner.show_error(
                self.tr("The recording to %1 stopped.").replace("%1", visible_path(path)),
                report_error("recording stopped", error, self.model.language),
            )
        self.recordingFailed.emit(path)

    def open_demo(self, key: str) -> None:
        """File → Open a demo: a made-up person's day in a window that takes this one's place
        (her accounts, home and answers are the window's from the start)."""
        if self._open_demo is not None:
            self._open_demo(key)

    def open_recording(self) -> None:
        """File → Replay a recording…: ask for a capture file and replay it."""
        path = self._choose_recording(self)
        if path is not None:
            self.replay(path)

    def replay(self, path: Path) -> None:
        """Check the capture file off the GUI thread, then show it instead of this computer;
        a file that is not a usable capture is said in the banner, and the window goes on."""
        self._runner.run_task(
            partial(open_capture, path), self._on_recording_opened, self._on_recording_failed
        )

    def _on_recording_opened(self, capture: Capture) -> None:
        if self._closed:
            return
        resolver = RecordedResolver()  # the names the recording machine's DNS gave
        self._mode = self.tr("Replay: %1").replace("%1", visible_path(capture.path))
        self.status_mode.setText(self._shown.text(self._mode))
        self.status_mode.show()
        self._no_accounts()
        if self.history is not None:  # a recording is not this computer's day
            self.history.close()
            self.history = None
            self.history_action.setEnabled(False)
        self.watch(CaptureSource(capture, resolver), resolver)
        self.recordingOpened.emit()

    def _on_recording_failed(self, error: BaseException) -> None:
        words = report_error("recording not replayed", error, self.model.language)
        if not self._closed:
            # CaptureError: one line naming the file
            self.banner.show_error("", words)

    def watch(self, source: Source, resolver: NameResolver | None) -> None:
        """Show ``source`` from now on: the rows start afresh, the databases stay."""
        self.driver.close()
        self.driver.deleteLater()
        self._applying = None
        self.model.clear()
        self.stop_recording()  # a recording is of one source
        self._tap = Tap(source)
        self._session = Session(self._tap, self._latest_locator, self._tap.resolver(resolver))
        self.driver = self._drive(self._session)
        self._polled_once = False
        self._ended = False
        self._show_skipped(())
        self._build_entries()
        self.speed_widget.setVisible(self._mode is not None)
        self.pause_action.setEnabled(True)
        if self.paused:
            self.set_paused(False)  # a new source plays from its start
        else:
            self.timer.start()
            self.refresh()

    # --- polling -----------------------------------------------------------------------------

    def _on_polled(self, polled: Polled) -> None:
        """Hand a poll's rows to the model, which applies them in batches (the next poll
        waits). A poll that changed nothing costs nothing more here."""
        if self._closed:
            return
        for event in polled.events:
            if isinstance(event, PollFailed):
                log.warning("poll failed: %s", event.message)
                self.banner.show_message(event.message.text(translations(self.model.language)))
            elif isinstance(event, Unreadable):
                core_tr = translations(self.model.language)
                self._show_skipped([line.text(core_tr) for line in event.skipped])
        if self.history is not None:
            self.history.take(polled.events)
            if polled.located:  # begun before the databases opened: nothing located yet
                self.history.poll_done()
        source = self._tap.inner
        if isinstance(source, PeriodSource) and not self._polled_once:
            self._say_moved(source, polled.events)
        if self.recording and self._tap.failure is not None:
            self.stop_recording()  # the disk filled up or the file grew too big: said once
        if polled.ended:
            self._ended = True
            self.timer.stop()
            self.pause_action.setEnabled(False)
            self.step_action.setEnabled(False)
            if not isinstance(source, PeriodSource):  # a period says what it shows instead
                self.statusBar().showMessage(self.tr("The recording is over."))
            self.sourceEnded.emit()
        if not isinstance(polled.prepared, PreparedDiff):
            self._poll_done()
            return
        self._applying = polled
        self.model.apply_prepared(polled.prepared)

    def _on_applied(self) -> None:
        """The last batch of a poll is in: counts, filters, PTR and map entries follow."""
        polled, self._applying = self._applying, None
        if polled is None or self._closed or not isinstance(polled.prepared, PreparedDiff):
            return
        self._settle()
        diff = polled.prepared.diff
        self.driver.request_names()  # now that the rows are there to take the names
        if diff.new or diff.closed:
            self._update_processes()
            self._schedule_counts()  # on the next turn: the rows' turn is full enough
        if diff.new or diff.closed or not self._entries.by_ip:
            self._build_entries()  # at once: a new connection shows on the map this poll
        elif self._states_changed(diff):
            self._schedule_entries()
        self._poll_done()

    def _poll_done(self) -> None:
        first, self._polled_once = not self._polled_once, True
        if first:
            self._update_counts()  # "still reading" becomes "no open connections" if so
        self.pollApplied.emit()

    def _states_changed(self, diff: ConnectionDiff) -> bool:
        """Whether a kept socket closed or reopened (its address may leave or join the map)."""
        known = self._entries.open_ips
        return any(
            (obs.remote_ip in known) == obs.closed
            for obs in diff.unchanged
            if obs.remote_ip is not None
        )

    def _show_skipped(self, skipped: Sequence[str]) -> None:
        if not skipped:
            self.status_skipped.hide()
            return
        self.status_skipped.setText(self.tr("⚠ %Ln not readable", "", len(skipped)))
        set_plain_tooltip(
            self.status_skipped,
            "\n".join([self.tr("Skipped (not readable without more privileges):"), *skipped]),
        )
        self.status_skipped.show()

    def _show_closed_toggled(self, show: bool) -> None:
        self.proxy.set_show_closed(show)
        self._update_processes()
        self._update_counts()
        self._push_map_entries()

    def _update_processes(self) -> None:
        self.filter_bar.set_processes(
            self.model.process_names(include_closed=self.proxy.show_closed)
        )

    def _update_counts(self) -> None:
        summary = self.model.summary(include_closed=self.proxy.show_closed)
        parts = [
            self.tr("%Ln connections", "", summary.connections),
            self.tr("%Ln countries", "", summary.countries),
            self.tr("%Ln providers", "", summary.providers),
        ]
        shown = self.proxy.rowCount()
        self._update_empty_label(summary.connections, shown)
        text = " · ".join(parts)
        if shown != summary.connections:
            # One sentence: where "shown" goes, and its agreement, are the translator's.
            text = self.tr("{counts} ({shown} shown)", "", shown).format(
                counts=text, shown=QLocale().toString(shown)
            )
        self.status_counts.setText(text)

    def _update_empty_label(self, total: int, shown: int) -> None:
        if shown:
            self.table.show_empty(None)
        elif total:
            self.table.show_empty(self.tr("No connection matches the filter."))
        elif self._polled_once:
            self.table.show_empty(self.tr("No open connections right now."))
        else:
            self.table.show_empty(self.empty_label.text())  # still reading

    def _schedule_counts(self, *_args: object) -> None:
        if self._applying is None:  # while batches go in, counts wait for the last one
            self._counts_timer.start()

    # --- the map's entries and the filters -----------------------------------------------------

    def _schedule_entries(self) -> None:
        if not self._entries_timer.isActive():
            self._entries_timer.start()

    def _build_entries(self) -> None:
        """Turn the table's rows into map entries, off the GUI thread (one build at a time)."""
        self._entries_timer.stop()
        if self._closed:
            return
        if self._entries_in_flight:
            self._entries_dirty = True
            return
        self._entries_in_flight = True
        job = partial(build_map_entries, self.model.snapshot(), self._details)
        self._runner.run_task(job, self._on_entries, self._on_entries_failed)

    def _on_entries(self, built: MapEntries) -> None:
        self._entries_in_flight = False
        if self._closed:
            return
        self._entries = built
        self.proxy.set_entries(built.by_ip)
        self.filter_bar.set_providers(built.providers)
        self.filter_bar.set_accounts_available(built.has_accounts)
        self.place_panel.tree.setColumnHidden(ACCOUNTS_COLUMN, not built.has_accounts)
        self._push_map_entries()
        self.entriesApplied.emit()
        if self._entries_dirty:
            self._entries_dirty = False
            self._build_entries()

    def _on_entries_failed(self, error: BaseException) -> None:
        self._entries_in_flight = False
        log.error("building the map entries failed", exc_info=error)
        if self._entries_dirty and not self._closed:
            self._entries_dirty = False
            self._build_entries()

    def _push_map_entries(self) -> None:
        """Give the map the public addresses of open connections (all, with "show closed"),
        narrowed to those of the rows the search text leaves in the table."""
        built = self._entries
        wanted: Set[str] = built.by_ip.keys() if self.proxy.show_closed else built.open_ips
        if self.proxy.state.needle:
            wanted = wanted & self.proxy.visible_ips()
        entries = tuple(
            entry
            for ip, entry in built.by_ip.items()
            if ip in wanted and entry.located.scope is AddressScope.PUBLIC
        )
        if entries == self._map_entries:
            return  # nothing new: the map keeps its picture (no work, no animation)
        self._map_entries = entries
        self.map.set_entries(entries)

    def _filters_changed(self, state: FilterState) -> None:
        self.proxy.set_state(state)
        mark_filter = state.mark_filter()
        if mark_filter != self._map_filter:
            self._map_filter = mark_filter
            self.map.set_filter(mark_filter)
        self._push_map_entries()
        self._update_counts()

    # --- selection: table ↔ map ↔ place panel ----------------------------------------------------

    @contextmanager
    def _passing_selection(self) -> Iterator[None]:
        """While set, selection changes are ours: they are not passed on again (no loops)."""
        previous, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = previous

    def _table_selection_changed(self, *_args: object) -> None:
        if self._syncing:
            return
        ip = self.selected_ip()
        with self._passing_selection():
            if ip is None or not self.map.select_ip(ip):
                self.map.clear_selection()

    def _map_ip_selected(self, ip: str) -> None:
        if self._syncing:
            return
        with self._passing_selection():
            if not ip or not self._select_table_ip(ip):
                self.table.clearSelection()

    def _map_place_selected(self, marks: tuple[MapMark, ...]) -> None:
        self.place_panel.show_place(marks)

    def _panel_ip_activated(self, ip: str) -> None:
        self.select_ip(ip)

    def _map_updated(self) -> None:
        """A mark that was not on the map when its row was selected may be there now."""
        ip = self.selected_ip()
        if ip is not None and self.map.selected_ip() != ip and not self._in_selected_marks(ip):
            with self._passing_selection():
                self.map.select_ip(ip)

    def _in_selected_marks(self, ip: str) -> bool:
        return any(ip in mark.ips for mark in self.map.selected_marks())

    def _select_table_ip(self, ip: str) -> bool:
        """Make a row of ``ip`` the table's selection (kept if it already is one); scroll to it."""
        if self.selected_ip() == ip:
            return True
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.model.observation(self.proxy.mapToSource(index).row()).remote_ip == ip:
                with self._passing_selection():
                    self.table.selectionModel().setCurrentIndex(
                        index,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
                return True
        return False

    # --- reverse DNS -------------------------------------------------------------------------

    def _on_named(self, events: tuple[Event, ...]) -> None:
        """PTR names arrived for an address (the engine asked them: one rule, one order)."""
        if self._closed:
            return
        if self.history is not None:
            self.history.take(events)  # a name that changes the company is a relocation
        for event in events:
            if isinstance(event, Renamed):
                self.model.update_hostnames(event.ip, event.hostnames, event.confirmed)
                self._schedule_entries()
            elif isinstance(event, Relocated):
                self.model.update_locations({answer.ip: answer for answer in event.endpoints})
            elif isinstance(event, NamesPaused):  # the resolver rests a silent server: say so
                self.statusBar().showMessage(
                    self.tr("The DNS server does not answer: host names are paused for a while"),
                    15000,  # ms
                )

    # --- databases ---------------------------------------------------------------------------

    def _open_databases(self, extra_paths: Sequence[str]) -> None:
        self._opening_paths = tuple(extra_paths)
        self._databases_generation += 1
        generation = self._databases_generation
        self.status_sources.setText(self.tr("Opening databases…"))
        set_plain_tooltip(self.status_sources, "")
        job = partial(self._open_locator, tuple(extra_paths), self.model.language)
        self._runner.run_task(
            job,
            partial(self._on_databases_opened, generation),
            partial(self._on_databases_failed, generation),
        )

    def _on_databases_opened(self, generation: int, opened: tuple[Locator, list[str]]) -> None:
        if self._closed or generation != self._databases_generation:
            return
        locator, errors = opened
        self._databases_opened = generation
        self._show_sources(locator.sources)
        if self.databases_dialog is not None:
            self.databases_dialog.set_sources(locator.sources)
        if errors:
            self.banner.show_message(
                "\n".join([self.tr("Some location databases could not be opened:"), *errors]),
                Level.WARNING,
            )
        self._latest_locator = locator
        self.driver.set_locator(locator)  # answers again: `relocated` follows
        self._accounts_locator = locator
        self.rescan_accounts()

    def _on_databases_failed(self, generation: int, error: BaseException) -> None:
        if self._closed or generation != self._databases_generation:
            return
        self._databases_opened = generation
        self.status_sources.setText(self.tr("No location data"))
        self.banner.show_error(
            self.tr("The location databases could not be opened."),
            report_error("opening databases failed", error, self.model.language),
        )

    def _on_relocated(self, events: tuple[Event, ...]) -> None:
        """New answers for the rows after the databases changed."""
        if self._closed:
            return
        if self.history is not None:
            self.history.take(events)
        for event in events:
            if isinstance(event, Relocated):
                self.model.update_locations({answer.ip: answer for answer in event.endpoints})
        self._update_counts()
        self._build_entries()
        # Only for the latest request: databases still being reopened are not "in use" yet.
        if self._locator_current():
            self.databasesChanged.emit()

    def _locator_current(self) -> bool:
        """True when no database (re)opening is pending."""
        return self._databases_opened == self._databases_generation

    def _show_sources(self, sources: Sequence[DatabaseInfo]) -> None:
        """The databases in use and their age in the status bar; when some are old, the
        status bar marks them (⚠, the full warning in its tooltip) and offers "Update…"."""
        self.status_update.hide()
        if not sources:
            self.status_sources.setText(self.tr("No location database"))
            set_plain_tooltip(self.status_sources, "")
            self.banner.show_message(
                self.tr("No location database is available: countries and providers are unknown."),
                Level.WARNING,
            )
            return
        summary = summarise_sources(sources, self._clock(), self.model.language)
        self.status_sources.setText(self.tr("Data: %1").replace("%1", " · ".join(summary.parts)))
        if summary.stale:
            warning = "\n".join(
                [
                    self.tr("The location data are out of date:"),
                    *warning_lines(summary.stale, self.model.language),
                ]
            )
            set_plain_tooltip(
                self.status_sources, self._shown.text(f"{warning}\n\n{summary.tooltip}")
            )
            self.status_update.show()
        else:
            set_plain_tooltip(self.status_sources, self._shown.text(summary.tooltip))

    # --- helpers -------------------------------------------------------------------------------

    def _interval_ms(self) -> int:
        return max(100, round(self.settings.poll_interval_s * 1000 / self._speed))

    def _settings_dialog_finished(self, result: int) -> None:
        dialog, self.settings_dialog = self.settings_dialog, None
        if dialog is None:
            return
        if result == QDialog.DialogCode.Accepted:
            self.apply_settings(dialog.settings())
        dialog.deleteLater()


def _dropped_message(data: QMimeData | None) -> Path | None:
    """A mail file dropped on the window (.eml), or None."""
    if data is None or not data.hasUrls():
        return None
    for url in data.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".eml"):
            return Path(url.toLocalFile())
    return None
