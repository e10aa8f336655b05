"""The main window: the live connections table, its filters and a status bar that says what
the answers are based on.

Everything that blocks (reading the socket table, opening databases, PTR look-ups) runs through
the injected task runner; the GUI thread only applies results. Databases: when no locator is
given (launch.py), the window opens them itself in a task and shows "Opening databases…" in the
status bar meanwhile; connections are listed at once and gain their locations when the
databases are ready. Problems go to a non-modal banner above the table, never to a dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from app.core.addresses import classify
from app.core.connections import ConnectionDiff
from app.core.geo.locator import Locator
from app.core.geo.mmdb import DatabaseInfo
from app.core.model import AddressScope, LocatedEndpoint
from app.core.settings import Settings, SettingsStore
from app.ui import services
from app.ui.banner import Banner, Level
from app.ui.connections_model import Column, ConnectionsFilterProxy, ConnectionsModel
from app.ui.plain_text import PlainToolTipDelegate, set_plain_tooltip
from app.ui.qt import (
    QAbstractItemView,
    QAction,
    QCloseEvent,
    QComboBox,
    QDialog,
    QEvent,
    QFontDatabase,
    QFontMetrics,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QObject,
    QPalette,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.settings_dialog import SettingsDialog
from app.ui.tasks import Runner

log = logging.getLogger(__name__)

PTR_THREADS = 4  # PTR look-ups get their own bounded pool: a slow DNS server must not stall polls
LocatorOpener = Callable[[Sequence[str]], tuple[Locator, list[str]]]
ResolverFactory = Callable[[Settings], services.Resolver | None]

# Families known to draw flag emoji; without one, flags would be empty boxes (Windows' Segoe UI
# Emoji draws letters instead of flags, so it does not count).
_EMOJI_FAMILIES = ("Noto Color Emoji", "Apple Color Emoji", "Twemoji", "Twitter Color Emoji")


@dataclass(frozen=True, slots=True)
class _PollResult:
    diff: ConnectionDiff
    located: dict[str, LocatedEndpoint]
    locator: Locator | None  # the locator that answered (it may have been replaced since)


@dataclass(frozen=True, slots=True)
class _PtrResult:
    ip: str
    names: tuple[str, ...]
    located: LocatedEndpoint | None
    resolver: services.Resolver
    locator: Locator | None


def _locate_all(
    locator: Locator, ips: Iterable[str], resolver: services.Resolver | None
) -> dict[str, LocatedEndpoint]:
    located: dict[str, LocatedEndpoint] = {}
    for ip in ips:
        names = resolver.cached(ip) if resolver is not None else None
        try:
            located[ip] = locator.locate(ip, names or ())
        except ValueError:
            log.warning("not an address, not located: %r", ip)
    return located


def _poll(
    watcher: services.Watcher, locator: Locator | None, resolver: services.Resolver | None
) -> _PollResult:
    """One poll, off the GUI thread: the diff, and answers for the addresses it brings."""
    diff = watcher.poll()
    located: dict[str, LocatedEndpoint] = {}
    if locator is not None:
        ips = {obs.remote_ip for obs in diff.new if obs.remote_ip is not None}
        located = _locate_all(locator, sorted(ips), resolver)
    return _PollResult(diff, located, locator)


def _reverse(resolver: services.Resolver, locator: Locator | None, ip: str) -> _PtrResult:
    names = tuple(resolver.lookup(ip))
    located = None
    if locator is not None and names:
        located = locator.locate(ip, names)  # names can refine the answer (PTR hints)
    return _PtrResult(ip, names, located, resolver, locator)


def flags_renderable() -> bool:
    """Whether an installed font draws flag emoji (Linux without an emoji font does not)."""
    families = set(QFontDatabase.families())
    return any(family in families for family in _EMOJI_FAMILIES)


class MainWindow(QMainWindow):
    """The live table of connections. All collaborators are injected; nothing is global."""

    poll_applied = Signal()  # a poll's result is in the table
    databases_changed = Signal()  # a new locator is in use and the table shows its answers
    settings_applied = Signal()

    def __init__(
        self,
        watcher: services.Watcher,
        locator: Locator | None,
        reverse_resolver: services.Resolver | None,
        settings_store: SettingsStore,
        task_runner: Runner,
        *,
        ptr_runner: Runner | None = None,
        database_errors: Sequence[str] = (),
        open_locator: LocatorOpener = services.open_locator,
        make_resolver: ResolverFactory = services.make_resolver,
        show_flags: bool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._watcher = watcher
        self._locator = locator
        self._resolver = reverse_resolver
        self._store = settings_store
        self._settings = settings_store.load()
        self._runner = task_runner
        self._ptr_runner = (
            ptr_runner if ptr_runner is not None else task_runner.bounded(PTR_THREADS)
        )
        self._open_locator = open_locator
        self._make_resolver = make_resolver
        self._poll_in_flight = False
        self._polled_once = False
        self._closed = False
        self._ptr_requested: set[str] = set()
        self._databases_generation = 0  # database (re)openings requested
        self._databases_opened = 0  # the latest of them that finished
        self._process_names: list[str] = []
        self.settings_dialog: SettingsDialog | None = None

        self.model = ConnectionsModel(
            self,
            language=self._settings.language,
            show_flags=flags_renderable() if show_flags is None else show_flags,
        )
        self.proxy = ConnectionsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("DataLocator — where your data live"))
        self._build_central()
        self._build_actions()
        self._build_status_bar()
        self.resize(1180, 660)

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

        for message in database_errors:
            self.banner.show_message(message, Level.WARNING)
        if locator is None:
            self._open_databases(self._settings.database_paths)
        else:
            self._show_sources(locator.sources)
        self._update_counts()
        self.timer.start()
        self.refresh()

    # --- building the window ---------------------------------------------------------------

    def _build_central(self) -> None:
        self.banner = Banner(self)

        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText(
            self.tr("Filter by process, host, country, provider… (Ctrl+F)")
        )
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(self.proxy.set_text_filter)

        self.process_filter = QComboBox(self)
        self.process_filter.setObjectName("processFilter")
        self.process_filter.setMinimumContentsLength(18)
        self.process_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.process_filter.addItem(self.tr("All processes"), None)
        self.process_filter.currentIndexChanged.connect(self._process_filter_changed)
        process_label = QLabel(self.tr("&Process:"), self)
        process_label.setBuddy(self.process_filter)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search_field, 1)
        filters.addWidget(process_label)
        filters.addWidget(self.process_filter)

        self.table = QTableView(self)
        self.table.setObjectName("connectionsTable")
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(PlainToolTipDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.COUNTRY, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setFrameShape(QFrame.Shape.StyledPanel)
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setDefaultSectionSize(QFontMetrics(self.table.font()).height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        average = QFontMetrics(self.table.font()).averageCharWidth()
        widths = {
            Column.PROCESS: 15,
            Column.HOST: 26,
            Column.IP: 19,
            Column.PORT: 7,
            Column.COUNTRY: 20,
            Column.CITY: 21,
            Column.PROVIDER: 20,
            Column.STATE: 12,
        }
        for column, chars in widths.items():
            header.resizeSection(column, chars * average + 16)
        self.table.setStyleSheet(
            "QTableView::item { padding: 0px 6px; } QHeaderView::section { padding: 4px 8px; }"
        )

        # Shown over the empty table: says whether nothing is open or the filter hides it all.
        self.empty_label = QLabel(self.tr("Reading connections…"), self.table.viewport())
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        palette = self.empty_label.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
        )
        self.empty_label.setPalette(palette)
        font = self.empty_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.empty_label.setFont(font)
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.table.viewport().installEventFilter(self)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 10, 10, 4)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

    def _build_actions(self) -> None:
        self.refresh_action = QAction(self.tr("&Refresh now"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.triggered.connect(self.refresh)

        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)

        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        self.find_action = QAction(self.tr("&Find…"), self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.focus_search)

        self.clear_filters_action = QAction(self.tr("&Clear filters"), self)
        self.clear_filters_action.triggered.connect(self.clear_filters)

        self.show_closed_action = QAction(self.tr("Show recently &closed connections"), self)
        self.show_closed_action.setCheckable(True)
        self.show_closed_action.toggled.connect(self._show_closed_toggled)

        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.refresh_action)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu_bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.clear_filters_action)
        view_menu.addSeparator()
        view_menu.addAction(self.show_closed_action)

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
        self.status_sources = QLabel(self)
        self.status_sources.setObjectName("statusSources")
        self.status_sources.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.status_counts, self.status_skipped, self.status_sources):
            label.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.status_counts, 1)
        status.addPermanentWidget(self.status_skipped)
        status.addPermanentWidget(self.status_sources)

    # --- public actions ----------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def locator(self) -> Locator | None:
        return self._locator

    @property
    def poll_in_flight(self) -> bool:
        return self._poll_in_flight

    def refresh(self) -> None:
        """Start a poll unless one is already running (polls never overlap)."""
        if self._closed or self._poll_in_flight:
            return
        self._poll_in_flight = True
        job = partial(_poll, self._watcher, self._locator, self._resolver)
        self._runner.run_task(job, self._on_polled, self._on_poll_failed)

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def clear_filters(self) -> None:
        self.search_field.clear()
        self.process_filter.setCurrentIndex(0)

    def open_settings(self) -> SettingsDialog:
        """Show the (window-modal, non-blocking) Settings dialog; OK saves and applies."""
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            return self.settings_dialog
        dialog = SettingsDialog(self._settings, self)
        # Bound methods, not a lambda holding the dialog: a closure over an object connected
        # to its own signal keeps it alive past its C++ deletion.
        dialog.finished.connect(self._settings_dialog_finished)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def apply_settings(self, new: Settings) -> None:
        """Save ``new`` and apply it at once: poll rate, DNS, databases."""
        old, self._settings = self._settings, new
        try:
            self._store.save(new)
        except OSError as error:
            log.warning("settings not saved: %s", error)
            self.banner.show_message(
                self.tr("The settings could not be saved: %1").replace("%1", str(error))
            )
        self.timer.setInterval(self._interval_ms())
        if (new.reverse_dns, new.dns_server) != (old.reverse_dns, old.dns_server):
            try:
                self._resolver = self._make_resolver(new)
            except ValueError as error:  # a DNS server the resolver refuses
                self._resolver = None
                self.banner.show_message(
                    self.tr("Reverse DNS is off: %1").replace("%1", str(error)), Level.WARNING
                )
            self._ptr_requested.clear()
            self._queue_ptr(self.model.remote_ips())
        if new.database_paths != old.database_paths:
            self._open_databases(new.database_paths)
        self.settings_applied.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_label.setGeometry(self.table.viewport().rect().adjusted(20, 20, -20, -20))
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop polling; results of tasks still running are dropped when they arrive."""
        self._closed = True
        self.timer.stop()
        super().closeEvent(event)

    # --- polling -----------------------------------------------------------------------------

    def _on_polled(self, result: _PollResult) -> None:
        self._poll_in_flight = False
        if self._closed:
            return
        self._polled_once = True
        self.model.apply_diff(result.diff, result.located)
        new_ips = {obs.remote_ip for obs in result.diff.new if obs.remote_ip is not None}
        if result.locator is not self._locator and self._locator is not None:
            self._relocate(new_ips)  # answered by databases replaced meanwhile
        self._show_skipped(result.diff.skipped)
        self._ptr_requested &= self.model.remote_ips()
        self._queue_ptr(new_ips)
        self._update_processes()
        self._update_counts()
        self.poll_applied.emit()

    def _on_poll_failed(self, error: BaseException) -> None:
        self._poll_in_flight = False
        log.warning("poll failed: %s", error, exc_info=error)
        if not self._closed:
            self.banner.show_message(
                self.tr("The list of connections could not be read: %1").replace("%1", str(error))
            )

    def _show_skipped(self, skipped: Sequence[str]) -> None:
        if not skipped:
            self.status_skipped.hide()
            return
        self.status_skipped.setText(self.tr("⚠ %1 not readable").replace("%1", str(len(skipped))))
        set_plain_tooltip(
            self.status_skipped,
            "\n".join([self.tr("Skipped (not readable without more privileges):"), *skipped]),
        )
        self.status_skipped.show()

    def _show_closed_toggled(self, show: bool) -> None:
        self.proxy.set_show_closed(show)
        self._update_processes()
        self._update_counts()

    def _update_processes(self) -> None:
        names = self.model.process_names(include_closed=self.proxy.show_closed)
        if names == self._process_names:
            return
        self._process_names = names
        selected = self.proxy.process_filter
        combo = self.process_filter
        combo.blockSignals(True)
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            # A chosen process that has gone stays selectable, so the filter does not jump.
            for name in sorted({*names, *([selected] if selected else [])}, key=str.casefold):
                combo.addItem(name, name)
            combo.setCurrentIndex(max(0, combo.findData(selected)) if selected else 0)
        finally:
            combo.blockSignals(False)

    def _process_filter_changed(self, index: int) -> None:
        data = self.process_filter.itemData(index)
        self.proxy.set_process_filter(data if isinstance(data, str) else None)

    def _update_counts(self) -> None:
        summary = self.model.summary(include_closed=self.proxy.show_closed)
        parts = [
            self._plural(
                summary.connections,
                self.tr("1 connection"),
                self.tr("%n connections", "", summary.connections),
            ),
            self._plural(
                summary.countries,
                self.tr("1 country"),
                self.tr("%n countries", "", summary.countries),
            ),
            self._plural(
                summary.providers,
                self.tr("1 provider"),
                self.tr("%n providers", "", summary.providers),
            ),
        ]
        shown = self.proxy.rowCount()
        self._update_empty_label(summary.connections, shown)
        text = " · ".join(parts)
        if shown != summary.connections:
            text += " " + self.tr("(%1 shown)").replace("%1", str(shown))
        self.status_counts.setText(text)

    def _update_empty_label(self, total: int, shown: int) -> None:
        if shown:
            self.empty_label.hide()
            return
        if total:
            self.empty_label.setText(self.tr("No connection matches the filter."))
        elif self._polled_once:
            self.empty_label.setText(self.tr("No open connections right now."))
        self.empty_label.show()

    def _schedule_counts(self, *_args: object) -> None:
        self._counts_timer.start()

    @staticmethod
    def _plural(count: int, one: str, many: str) -> str:
        return one if count == 1 else many

    # --- reverse DNS -------------------------------------------------------------------------

    def _queue_ptr(self, ips: Iterable[str]) -> None:
        resolver = self._resolver
        if resolver is None or not self._settings.reverse_dns:
            return
        for ip in sorted(ips):
            if ip in self._ptr_requested or not _wants_ptr(ip):
                continue
            self._ptr_requested.add(ip)
            cached = resolver.cached(ip)
            if cached is not None:
                self.model.update_hostnames(ip, cached)
                continue
            job = partial(_reverse, resolver, self._locator, ip)
            self._ptr_runner.run_task(job, self._on_ptr, partial(self._on_ptr_failed, ip))

    def _on_ptr(self, result: _PtrResult) -> None:
        if self._closed or result.resolver is not self._resolver:
            return  # the DNS settings changed meanwhile: this answer is from the old server
        self.model.update_hostnames(result.ip, result.names)
        if result.located is not None and result.locator is self._locator:
            self.model.update_locations({result.ip: result.located})

    def _on_ptr_failed(self, ip: str, error: BaseException) -> None:
        log.warning("reverse DNS for %s failed: %s", ip, error)

    # --- databases ---------------------------------------------------------------------------

    def _open_databases(self, extra_paths: Sequence[str]) -> None:
        self._databases_generation += 1
        generation = self._databases_generation
        self.status_sources.setText(self.tr("Opening databases…"))
        set_plain_tooltip(self.status_sources, "")
        job = partial(self._open_locator, tuple(extra_paths))
        self._runner.run_task(
            job,
            partial(self._on_databases_opened, generation),
            partial(self._on_databases_failed, generation),
        )

    def _on_databases_opened(self, generation: int, opened: tuple[Locator, list[str]]) -> None:
        if self._closed or generation != self._databases_generation:
            return
        locator, errors = opened
        self._locator = locator
        self._databases_opened = generation
        self._show_sources(locator.sources)
        if errors:
            self.banner.show_message(
                "\n".join([self.tr("Some location databases could not be opened:"), *errors]),
                Level.WARNING,
            )
        self._relocate(self.model.remote_ips(), notify=True)

    def _on_databases_failed(self, generation: int, error: BaseException) -> None:
        if self._closed or generation != self._databases_generation:
            return
        self._databases_opened = generation
        log.error("opening databases failed", exc_info=error)
        self.status_sources.setText(self.tr("No location data"))
        self.banner.show_message(
            self.tr("The location databases could not be opened: %1").replace("%1", str(error))
        )

    def _relocate(self, ips: Iterable[str], *, notify: bool = False) -> None:
        """Ask the current locator again about ``ips`` (after the databases changed)."""
        locator = self._locator
        if locator is None:
            return
        job = partial(_locate_all, locator, sorted(ips), self._resolver)
        self._runner.run_task(job, partial(self._on_relocated, locator, notify))

    def _on_relocated(
        self, locator: Locator, notify: bool, located: dict[str, LocatedEndpoint]
    ) -> None:
        if self._closed or locator is not self._locator:
            return
        self.model.update_locations(located)
        self._update_counts()
        # Only for the latest request: databases still being reopened are not "in use" yet.
        if notify and self._locator_current():
            self.databases_changed.emit()

    def _locator_current(self) -> bool:
        """True when no database (re)opening is pending."""
        return self._databases_opened == self._databases_generation

    def _show_sources(self, sources: Sequence[DatabaseInfo]) -> None:
        if not sources:
            self.status_sources.setText(self.tr("No location database"))
            set_plain_tooltip(self.status_sources, "")
            self.banner.show_message(
                self.tr("No location database is available: countries and providers are unknown."),
                Level.WARNING,
            )
            return
        by_label: dict[str, list[DatabaseInfo]] = {}
        for info in sources:
            by_label.setdefault(info.source_label, []).append(info)
        parts = []
        for label, infos in by_label.items():
            built = max(info.build_date for info in infos).date().isoformat()
            parts.append(self.tr("%1 (built %2)").replace("%1", label).replace("%2", built))
        self.status_sources.setText(self.tr("Data: %1").replace("%1", " · ".join(parts)))
        details = [
            f"{info.source_label}: {info.database_type} ({info.kind}), "
            f"{info.build_date.date().isoformat()}\n    {info.path}"
            for info in sources
        ]
        set_plain_tooltip(self.status_sources, "\n".join(details))

    # --- helpers -------------------------------------------------------------------------------

    def _interval_ms(self) -> int:
        return max(100, round(self._settings.poll_interval_s * 1000))

    def _settings_dialog_finished(self, result: int) -> None:
        dialog, self.settings_dialog = self.settings_dialog, None
        if dialog is None:
            return
        if result == QDialog.DialogCode.Accepted:
            self.apply_settings(dialog.settings())
        dialog.deleteLater()


def _wants_ptr(ip: str) -> bool:
    """Multicast and unspecified addresses have no useful PTR name."""
    try:
        return classify(ip) is not AddressScope.MULTICAST and ip not in ("0.0.0.0", "::")
    except ValueError:
        return False
