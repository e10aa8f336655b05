"""The "Location databases" window: which databases answer, how old they are, and updates.

People need to see what the answers rest on (built-in data, their own MaxMind/DB-IP/IPinfo
files, downloads) and how old it is, and to refresh it when it is out of date. Everything that
can block — opening a file the user adds, the keyring (which may show an unlock prompt) and the
download itself — runs through the injected task runner; the GUI thread only shows results.
The update's progress callback fires on the worker thread and reaches the progress bar through
a queued signal.

The window never reloads databases itself: it changes the user's file list through the settings'
owner (or downloads into the app's data folder) and emits ``databasesChanged``; the main window
reopens its Locator and hands the new ``sources`` back through ``set_sources``.

Secrets: the MaxMind licence key lives in a password field and, if the user asks, in the system
keyring via app.core.geo.secrets — never in the settings file, a log line or a message.
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from keyring.backend import KeyringBackend

from app.core.geo.database_rows import DatabaseRow, check_database, database_rows
from app.core.geo.discovery import app_data_dir
from app.core.geo.mmdb import DatabaseError, DatabaseInfo
from app.core.geo.secrets import (
    MaxMindCredentials,
    SecretStoreUnavailable,
    delete_maxmind_credentials,
    load_maxmind_credentials,
)
from app.core.geo.update import (
    UpdateResult,
    UpdateSource,
    UpdateStatus,
    source_by_key,
    update_databases,
)
from app.core.geo.update_runner import (
    ProgressTracker,
    UpdateFunction,
    UpdateOutcome,
    UpdateRequest,
    run_update,
)
from app.core.i18n import choose_language, translations
from app.core.paths import expand_home_leniently
from app.ui.banner import Banner, Level
from app.ui.error_words import plain_error, report_error
from app.ui.plain_text import rich_tooltip, set_plain_tooltip
from app.ui.qt import (
    QAbstractItemView,
    QBrush,
    QCheckBox,
    QColor,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QIcon,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QLocale,
    QObject,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.settings_owner import SettingsOwner
from app.ui.tasks import Runner

log = logging.getLogger(__name__)

DBIP_LINK_HTML = '<a href="https://db-ip.com">DB-IP</a>'
MAXMIND_SIGNUP_URL = "https://www.maxmind.com/en/geolite2/signup"


def origin_text(origin: str) -> str:
    """Where a database comes from (DatabaseInfo.source_label, "user db: …"), in words."""
    if origin == "embedded db":
        return QCoreApplication.translate("DatabasesDialog", "Built in")
    if origin.startswith("user db: "):
        return QCoreApplication.translate("DatabasesDialog", "Your file")
    if origin.startswith("downloaded: "):
        return QCoreApplication.translate("DatabasesDialog", "Downloaded")
    if origin.startswith("system db: "):
        return QCoreApplication.translate("DatabasesDialog", "Installed on this computer")
    return origin


def dbip_credit_html() -> str:
    """DB-IP's credit ("IP Geolocation by DB-IP", linked), which its licence asks us to show,
    in the window's language; the link is ours, so a translation cannot break it."""
    return QCoreApplication.translate("DatabasesDialog", "IP Geolocation by %1").replace(
        "%1", DBIP_LINK_HTML
    )


# Colours of a stale row: the banner's warning palette, readable on light and dark themes.
_STALE_BACKGROUND = QColor("#fff6dc")
_STALE_FOREGROUND = QColor("#5a4300")
_ERROR_FOREGROUND = QColor("#b3261e")


FileChooser = Callable[[QWidget], Sequence[str]]
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Column:
    DATA = 0
    SOURCE = 1
    AGE = 2
    FILE = 3


class _ProgressRelay(QObject):
    """Carries progress from the worker thread to the GUI thread (queued connection)."""

    progressed = Signal(int, str)

    def forward(self, percent: int, file_name: str) -> None:
        """Called on the worker thread; a window deleted meanwhile must not break the update."""
        try:
            self.progressed.emit(percent, file_name)
        except RuntimeError:
            log.debug("progress dropped: the databases window is gone")


@dataclass(frozen=True, slots=True)
class _KeyringState:
    account_id: str | None  # None: no credentials stored


def _keyring_state(backend: KeyringBackend | None) -> _KeyringState:
    stored = load_maxmind_credentials(backend=backend)
    return _KeyringState(stored.account_id if stored is not None else None)


def _two_lines(age: str) -> str:
    """describe_age's text with its staleness warning on a line of its own (it is long)."""
    return age.replace(" — ", "\n", 1)


def _choose_mmdb_files(parent: QWidget) -> Sequence[str]:
    paths, _filter = QFileDialog.getOpenFileNames(
        parent,
        parent.tr("Add location databases"),
        "",
        parent.tr("MaxMind DB files (*.mmdb);;All files (*)"),
    )
    return paths


# --- the window ---------------------------------------------------------------------------------


class DatabasesDialog(QDialog):
    """Non-modal window listing the databases in use, the user's own files and updates.

    Keep one instance for the main window's lifetime: closing it only hides it, and a running
    download carries on (its result shows when the window is reopened). Call ``cancel_update``
    when the app quits.
    """

    databasesChanged = Signal()  # the user's files or the downloads changed: reload the Locator
    updateFinished = Signal(object)  # UpdateOutcome, after the window has shown it
    progressChanged = Signal(int)  # overall percent of the running update (-1: unknown)

    def __init__(
        self,
        runner: Runner,
        settings: SettingsOwner,
        *,
        sources: Sequence[DatabaseInfo] = (),
        parent: QWidget | None = None,
        data_dir: Path | Callable[[], Path | None] | None = app_data_dir,
        update: UpdateFunction = update_databases,
        sources_by_key: Callable[[str], UpdateSource] = source_by_key,
        base_url: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        keyring_backend: KeyringBackend | None = None,
        choose_files: FileChooser = _choose_mmdb_files,
        now: Clock = _utc_now,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("databasesDialog")
        self.setWindowTitle(self.tr("Location databases"))
        self.setModal(False)
        self._runner = runner
        self._settings = settings
        self._data_dir = data_dir() if callable(data_dir) else data_dir
        self._update = update
        self._sources_by_key = sources_by_key
        self._base_url = base_url
        self._ssl_context = ssl_context
        self._keyring = keyring_backend
        self._choose_files = choose_files
        self._now = now
        self._sources: tuple[DatabaseInfo, ...] = tuple(sources)
        self._checked: dict[str, DatabaseInfo | str] = {}
        self._checking: set[str] = set()
        self._rows: list[DatabaseRow] = []
        self._cancel: threading.Event | None = None
        self._keyring_loaded = False
        self._key_saved = False
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

        self.banner = Banner(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addWidget(self._build_list_section(), 3)
        layout.addWidget(self._build_update_section(), 2)
        layout.addLayout(self._build_footer())
        self.resize(980, 720)
        self._refresh_rows()

    # --- public API ------------------------------------------------------------------------------

    @property
    def rows(self) -> tuple[DatabaseRow, ...]:
        return tuple(self._rows)

    @property
    def update_running(self) -> bool:
        return self._cancel is not None

    def set_sources(self, sources: Sequence[DatabaseInfo]) -> None:
        """The databases the main window's Locator now uses (its ``sources``), best first."""
        self._sources = tuple(sources)
        self._refresh_rows()

    def _language(self) -> str:
        return choose_language(self._settings.current.language)

    def show_and_raise(self, *, focus_update: bool = False) -> None:
        """Show the window (or bring it to the front), optionally with the update focused."""
        self.show()
        self.raise_()
        self.activateWindow()
        if focus_update:
            self.update_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_files(self, paths: Sequence[str]) -> None:
        """Check each file off the GUI thread; add the good ones to the user's databases."""
        known = set(self._settings.current.database_paths)
        for text in paths:
            path = text.strip()
            if not path:
                continue
            if path in known or path in self._checking:
                self.banner.show_message(
                    self.tr("%1 is already in the list.").replace("%1", path), Level.INFO
                )
                continue
            self._checking.add(path)
            self._runner.run_task(
                partial(check_database, expand_home_leniently(path)),
                partial(self._on_file_checked, path),
                partial(self._on_file_refused, path),
            )

    def remove_selected(self) -> None:
        """Stop using the selected files of the user's (the files themselves stay on disk)."""
        entries = {
            entry
            for index in self._selected_rows()
            if (entry := self._rows[index].user_entry) is not None
        }
        if not entries:
            return
        settings = self._settings.current
        kept = tuple(p for p in settings.database_paths if p not in entries)
        self._save_paths(kept)
        for entry in entries:
            self._checked.pop(entry, None)
        self._refresh_rows()
        self.databasesChanged.emit()

    def start_update(self) -> None:
        """Download fresh databases from the chosen source (no-op while one is running)."""
        if self.update_running:
            return
        if self._data_dir is None:
            self.banner.show_message(self.tr("There is no download folder on this system."))
            return
        key = "maxmind" if self.maxmind_choice.isChecked() else "dbip"
        source = self._sources_by_key(key)
        typed: MaxMindCredentials | None = None
        if source.needs_credentials:
            account = self.account_id.text().strip()
            licence = self.license_key.text()
            if licence.strip():
                try:
                    typed = MaxMindCredentials(account, licence)
                except ValueError as error:
                    self.banner.show_error("", plain_error(error, self._language()))
                    (self.license_key if account.isdigit() else self.account_id).setFocus()
                    return
            elif self._keyring_loaded and not self._key_saved:
                self._show_missing_key()
                return
        request = UpdateRequest(
            source=source,
            target_dir=self._data_dir,
            credentials=typed,
            save_credentials=typed is not None and self.save_key.isChecked(),
            base_url=self._base_url,
            ssl_context=self._ssl_context,
        )
        cancel = threading.Event()
        self._cancel = cancel
        tracker = ProgressTracker(
            [remote.file_name for remote in source.databases], self._relay.forward
        )
        self._set_running(True, source)
        log.info("database update from %s started", source.label)
        self._runner.run_task(
            partial(run_update, request, self._update, self._keyring, tracker, cancel.is_set),
            self._on_update_done,
            self._on_update_failed,
        )

    def cancel_update(self) -> None:
        """Ask the running download to stop; the installed databases are kept."""
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.update_status.setText(self.tr("Cancelling…"))

    def forget_key(self) -> None:
        """Remove the MaxMind account ID and licence key from the keyring."""
        self.forget_button.setEnabled(False)
        self._runner.run_task(
            partial(delete_maxmind_credentials, backend=self._keyring),
            self._on_key_forgotten,
            self._on_keyring_error,
        )

    # --- building -------------------------------------------------------------------------------

    def _build_list_section(self) -> QWidget:
        box = QGroupBox(self.tr("Databases in use"), self)
        self.summary_icon = QLabel(box)
        self.summary_icon.setObjectName("summaryIcon")
        self.summary = QLabel(box)
        self.summary.setObjectName("databasesSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_icon, 0, Qt.AlignmentFlag.AlignTop)
        summary_row.addWidget(self.summary, 1)

        self.tree = QTreeWidget(box)
        self.tree.setObjectName("databaseList")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Data"), self.tr("Source"), self.tr("Age"), self.tr("File")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)  # a stale row has a second line: the warning
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.setAccessibleName(self.tr("Location databases in use"))
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column in (Column.DATA, Column.SOURCE, Column.AGE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.add_button = QPushButton(self.tr("&Add database file…"), box)
        self.add_button.setObjectName("addDatabase")
        self.add_button.setToolTip(
            self.tr(
                "Use your own City, Country or ASN .mmdb file (MaxMind GeoLite2/GeoIP2, DB-IP, "
                "IPinfo). Your files are used before the built-in data."
            )
        )
        self.add_button.clicked.connect(self._choose_and_add)
        self.remove_button = QPushButton(self.tr("&Remove from list"), box)
        self.remove_button.setObjectName("removeDatabase")
        self.remove_button.setToolTip(
            self.tr("Stop using the selected file of yours. The file itself is not deleted.")
        )
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(box)
        layout.addLayout(summary_row)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        return box

    def _build_update_section(self) -> QWidget:
        box = QGroupBox(self.tr("Download fresh databases"), self)
        self.update_box = box
        intro = QLabel(
            self.tr(
                "Downloads fresh databases over a secure connection, only when you click the "
                "button. A download that fails or is damaged never replaces a working database."
            ),
            box,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)

        self.dbip_choice = QRadioButton(
            self.tr("DB-IP Lite — free, no account needed (country and provider data)"), box
        )
        self.dbip_choice.setObjectName("sourceDbip")
        self.dbip_choice.setChecked(True)
        self.maxmind_choice = QRadioButton(
            self.tr("MaxMind GeoLite2 — free account needed (city and provider data)"), box
        )
        self.maxmind_choice.setObjectName("sourceMaxmind")
        self.maxmind_choice.toggled.connect(self._source_changed)

        self.account_id = QLineEdit(box)
        self.account_id.setObjectName("maxmindAccountId")
        self.account_id.setPlaceholderText(self.tr("e.g. 123456"))
        self.account_id.setMaxLength(20)
        self.license_key = QLineEdit(box)
        self.license_key.setObjectName("maxmindLicenseKey")
        self.license_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.license_key.setPlaceholderText(self.tr("Licence key"))
        self.license_key.setMaxLength(200)
        self.license_key.returnPressed.connect(self.start_update)
        self.save_key = QCheckBox(self.tr("Save in the system &keyring"), box)
        self.save_key.setObjectName("saveKey")
        self.save_key.setChecked(True)
        self.save_key.setToolTip(
            self.tr(
                "The licence key is kept only in your system's keyring, never in DataLocator's "
                "settings file."
            )
        )
        self.forget_button = QPushButton(self.tr("&Forget saved key"), box)
        self.forget_button.setObjectName("forgetKey")
        self.forget_button.setEnabled(False)
        self.forget_button.clicked.connect(self.forget_key)
        self.key_status = QLabel(box)
        self.key_status.setObjectName("keyStatus")
        self.key_status.setTextFormat(Qt.TextFormat.PlainText)
        self.key_status.setWordWrap(True)
        self.key_status.setText(self.tr("A saved key is kept in the system keyring only."))
        signup = QLabel(
            self.tr('No account yet? <a href="%1">Sign up for GeoLite2 (free)</a>').replace(
                "%1", MAXMIND_SIGNUP_URL
            ),
            box,
        )
        signup.setTextFormat(Qt.TextFormat.RichText)
        signup.setOpenExternalLinks(True)
        key_row = QHBoxLayout()
        key_row.addWidget(self.license_key, 1)
        key_row.addWidget(self.save_key)
        key_row.addWidget(self.forget_button)
        self.maxmind_fields = QWidget(box)
        form = QFormLayout(self.maxmind_fields)
        form.setContentsMargins(24, 0, 0, 0)
        account_label = QLabel(self.tr("Account &ID"), self.maxmind_fields)
        account_label.setBuddy(self.account_id)
        key_label = QLabel(self.tr("&Licence key"), self.maxmind_fields)
        key_label.setBuddy(self.license_key)
        form.addRow(account_label, self.account_id)
        form.addRow(key_label, key_row)
        form.addRow("", self.key_status)
        form.addRow("", signup)
        self.maxmind_fields.setEnabled(False)

        self.update_button = QPushButton(self.tr("&Update now"), box)
        self.update_button.setObjectName("updateNow")
        self.update_button.setAutoDefault(False)
        self.update_button.clicked.connect(self.start_update)
        self.cancel_button = QPushButton(self.tr("&Cancel download"), box)
        self.cancel_button.setObjectName("cancelUpdate")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_update)
        self.progress = QProgressBar(box)
        self.progress.setObjectName("updateProgress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.progress.hide()
        run_row = QHBoxLayout()
        run_row.addWidget(self.update_button)
        run_row.addWidget(self.cancel_button)
        run_row.addStretch(1)
        if self._data_dir is None:
            self.update_button.setEnabled(False)

        self.update_status = QLabel(box)
        self.update_status.setObjectName("updateStatus")
        self.update_status.setTextFormat(Qt.TextFormat.PlainText)
        self.update_status.setWordWrap(True)
        self.update_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if self._data_dir is None:
            self.update_status.setText(
                self.tr("Downloads are not available: there is no data folder on this system.")
            )
        self.results = QListWidget(box)
        self.results.setObjectName("updateResults")
        self.results.setWordWrap(True)
        self.results.setAccessibleName(self.tr("Update results"))
        self.results.hide()

        layout = QVBoxLayout(box)
        layout.addWidget(intro)
        layout.addWidget(self.dbip_choice)
        layout.addWidget(self.maxmind_choice)
        layout.addWidget(self.maxmind_fields)
        layout.addLayout(run_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.update_status)
        layout.addWidget(self.results, 1)
        return box

    def _build_footer(self) -> QHBoxLayout:
        credit = QLabel(dbip_credit_html(), self)
        credit.setObjectName("dbipCredit")
        credit.setTextFormat(Qt.TextFormat.RichText)
        credit.setOpenExternalLinks(True)
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("downloadFolder")
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if self._data_dir is not None:
            self.folder_label.setText(
                self.tr("Downloads go to %1").replace("%1", str(self._data_dir))
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        footer = QHBoxLayout()
        footer.addWidget(credit)
        footer.addSpacing(16)
        footer.addWidget(self.folder_label, 1)
        footer.addWidget(buttons)
        return footer

    # --- the list -------------------------------------------------------------------------------

    def _icon(self, pixmap: QStyle.StandardPixmap) -> QIcon:
        return self.style().standardIcon(pixmap)

    def _refresh_rows(self) -> None:
        user_paths = self._settings.current.database_paths
        self._rows = database_rows(
            self._sources,
            user_paths,
            data_dir=self._data_dir,
            now=self._now(),
            checked=self._checked,
            language=choose_language(self._settings.current.language),
        )
        self.tree.clear()
        for row in self._rows:
            self.tree.addTopLevelItem(self._item(row))
        self._probe_unknown()
        self._show_summary()
        self._selection_changed()

    def _item(self, row: DatabaseRow) -> QTreeWidgetItem:
        kinds = {
            "city": self.tr("City"),
            "country": self.tr("Country"),
            "asn": self.tr("Provider (AS)"),
        }
        if row.in_use:
            age = _two_lines(row.age)
        elif row.problem is not None:  # the File column names the file; the tool tip has all
            reason = row.problem.removeprefix(f"{row.path}: ")
            age = self.tr("Not in use:\n%1").replace("%1", reason)
        elif row.kind:
            age = self.tr("%1\nadded; loading…").replace("%1", _two_lines(row.age))
        else:
            age = self.tr("Checking…")
        item = QTreeWidgetItem(
            [kinds.get(row.kind, "—"), self._origin_text(row.origin), age, row.path.name]
        )  # the full path is in the tool tip: the age needs the room
        details = [
            self._origin_text(row.origin),
            *([f"{row.database_type}"] if row.database_type else []),
            *([f"{row.description}"] if row.description else []),
            str(row.path),
            *([row.problem] if row.problem else []),
        ]
        for column in range(4):
            item.setToolTip(column, rich_tooltip("\n".join(details)))
        if row.stale:
            item.setIcon(Column.AGE, self._icon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            for column in range(4):
                item.setBackground(column, QBrush(_STALE_BACKGROUND))
                item.setForeground(column, QBrush(_STALE_FOREGROUND))
        if row.problem is not None:
            item.setIcon(Column.AGE, self._icon(QStyle.StandardPixmap.SP_MessageBoxCritical))
            item.setForeground(Column.AGE, QBrush(_ERROR_FOREGROUND))
        return item

    def _origin_text(self, origin: str) -> str:
        return origin_text(origin)

    def _show_summary(self) -> None:
        in_use = [row for row in self._rows if row.in_use]
        stale = [row for row in in_use if row.stale]
        if not in_use:
            icon: QStyle.StandardPixmap | None = QStyle.StandardPixmap.SP_MessageBoxWarning
            text = self.tr(
                "No location database is in use yet: countries and providers are unknown. "
                "Add a database file or update now."
            )
        elif len(stale) == len(in_use):
            icon = QStyle.StandardPixmap.SP_MessageBoxWarning
            text = self.tr(
                "The location data is older than 6 months: locations may be out of date. "
                "Update it below."
            )
        elif stale:
            icon = QStyle.StandardPixmap.SP_MessageBoxWarning
            text = self.tr(
                "%Ln of %1 databases are older than 6 months: locations may be out of date. "
                "Update them below.",
                "",
                len(stale),
            ).replace("%1", QLocale().toString(len(in_use)))
        else:
            icon = None
            text = self.tr(
                "The databases are listed best first: the first one that knows an address "
                "answers. All of them are less than 6 months old."
            )
        if icon is None:
            self.summary_icon.clear()
            self.summary_icon.hide()
        else:
            self.summary_icon.setPixmap(self._icon(icon).pixmap(20, 20))
            self.summary_icon.show()
        self.summary.setText(text)

    def _probe_unknown(self) -> None:
        """Find out why a user file is not in use (in a task), to say so in its row."""
        for row in self._rows:
            entry = row.user_entry
            if row.in_use or entry is None or entry in self._checked or entry in self._checking:
                continue
            self._checking.add(entry)
            self._runner.run_task(
                partial(check_database, expand_home_leniently(entry)),
                partial(self._on_probed, entry),
                partial(self._on_probe_failed, entry),
            )

    def _selected_rows(self) -> list[int]:
        return sorted(
            self.tree.indexOfTopLevelItem(item)
            for item in self.tree.selectedItems()
            if self.tree.indexOfTopLevelItem(item) >= 0
        )

    def _selection_changed(self) -> None:
        removable = any(self._rows[i].user_entry is not None for i in self._selected_rows())
        self.remove_button.setEnabled(removable)

    def _choose_and_add(self) -> None:
        self.add_files(list(self._choose_files(self)))

    def _save_paths(self, paths: tuple[str, ...]) -> None:
        """Through the settings' one owner, which saves them off the GUI thread (and says so
        in the main window if the disk refuses)."""
        self._settings.change(replace(self._settings.current, database_paths=paths))

    def _on_file_checked(self, entry: str, info: DatabaseInfo) -> None:
        self._checking.discard(entry)
        paths = self._settings.current.database_paths
        if entry not in paths:
            self._save_paths((*paths, entry))
        self._checked[entry] = info
        log.info("user database added: %s", entry)
        self._refresh_rows()
        self.databasesChanged.emit()

    def _on_file_refused(self, entry: str, error: BaseException) -> None:
        self._checking.discard(entry)
        if isinstance(error, DatabaseError):
            words = plain_error(error, self._language())
        else:  # not expected from MmdbDatabase.open, but a bad file must never crash the app
            words = report_error(f"checking {entry} failed", error, self._language())
        self.banner.show_error(self.tr("This file cannot be used as a location database:"), words)

    def _on_probed(self, entry: str, info: DatabaseInfo) -> None:
        self._checking.discard(entry)
        self._checked[entry] = info
        self._refresh_rows()

    def _on_probe_failed(self, entry: str, error: BaseException) -> None:
        self._checking.discard(entry)
        if isinstance(error, DatabaseError):
            self._checked[entry] = plain_error(error, self._language()).text
        else:
            self._checked[entry] = report_error(
                f"reading {entry} failed", error, self._language()
            ).text
        self._refresh_rows()

    # --- the update -----------------------------------------------------------------------------

    def _source_changed(self, maxmind: bool) -> None:
        self.maxmind_fields.setEnabled(maxmind and not self.update_running)
        if maxmind and not self._keyring_loaded:
            self.key_status.setText(self.tr("Looking for a saved key…"))
            self._runner.run_task(
                partial(_keyring_state, self._keyring),
                self._on_keyring_state,
                self._on_keyring_error,
            )

    def _on_keyring_state(self, state: _KeyringState) -> None:
        self._keyring_loaded = True
        self._key_saved = state.account_id is not None
        if state.account_id is not None and not self.account_id.text().strip():
            self.account_id.setText(state.account_id)
        self._show_key_state()

    def _show_key_state(self) -> None:
        self.forget_button.setEnabled(self._key_saved)
        if self._key_saved:
            self.license_key.setPlaceholderText(self.tr("Saved in the keyring"))
            self.key_status.setText(
                self.tr(
                    "A licence key is saved in the system keyring; leave the field empty to use it."
                )
            )
        else:
            self.license_key.setPlaceholderText(self.tr("Licence key"))
            self.key_status.setText(self.tr("No licence key is saved yet."))

    def _on_keyring_error(self, error: BaseException) -> None:
        self._keyring_loaded = True
        self._key_saved = False
        self.forget_button.setEnabled(False)
        words = report_error("keyring access failed", error, self._language())
        self.key_status.setText(
            self.tr("The system keyring cannot be used; a key typed here is not saved.")
        )
        set_plain_tooltip(self.key_status, words.text)
        self.banner.show_error(self.tr("The system keyring cannot be used."), words, Level.WARNING)

    def _on_key_forgotten(self, removed: bool) -> None:
        self._key_saved = False
        self._show_key_state()
        self.key_status.setText(
            self.tr("The saved key was removed from the keyring.")
            if removed
            else self.tr("No key was saved.")
        )

    def _set_running(self, running: bool, source: UpdateSource | None = None) -> None:
        self.update_button.setEnabled(not running and self._data_dir is not None)
        self.cancel_button.setEnabled(running)
        self.dbip_choice.setEnabled(not running)
        self.maxmind_choice.setEnabled(not running)
        self.maxmind_fields.setEnabled(not running and self.maxmind_choice.isChecked())
        if running and source is not None:
            self.progress.setRange(0, 100)
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("Connecting…"))
            self.progress.show()
            self.results.clear()
            self.results.hide()
            self.update_status.setText(self.tr("Downloading from %1…").replace("%1", source.label))

    def _on_progress(self, percent: int, file_name: str) -> None:
        if not self.update_running:
            return
        if percent < 0:
            self.progress.setRange(0, 0)  # busy: the server did not say how big the file is
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(percent)
        self.progress.setFormat(self.tr("%p% — %1").replace("%1", file_name))
        self.progressChanged.emit(percent)

    def _finish(self) -> None:
        self._cancel = None
        self._set_running(False)
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 100)

    def _on_update_done(self, outcome: UpdateOutcome) -> None:
        self._finish()
        if outcome.saved_key:
            self.license_key.clear()
            self._keyring_loaded = True
            self._key_saved = True
            self._show_key_state()
        if outcome.missing_key:
            self.progress.hide()
            self._show_missing_key()
            self.updateFinished.emit(outcome)
            return
        self._show_results(outcome.results)
        if outcome.changed:
            self.databasesChanged.emit()
        self.updateFinished.emit(outcome)

    def _on_update_failed(self, error: BaseException) -> None:
        self._finish()
        self.progress.hide()
        words = report_error("database update failed", error, self._language())
        if isinstance(error, SecretStoreUnavailable):
            self.update_status.setText(
                self.tr("Nothing was downloaded: the key could not be used from the keyring.")
            )
            self.key_status.setText(
                self.tr("The system keyring cannot be used; untick “Save” to download anyway.")
            )
        else:
            self.update_status.setText(self.tr("The update failed; nothing was changed."))
        self.banner.show_error(self.tr("The update failed; nothing was changed."), words)
        self.updateFinished.emit(UpdateOutcome(()))

    def _show_missing_key(self) -> None:
        message = self.tr(
            "MaxMind GeoLite2 needs your account ID and licence key. Create a free account at "
            "maxmind.com, make a licence key under “Manage License Keys”, and enter both here "
            "— or choose DB-IP Lite, which needs no account."
        )
        self.update_status.setText(self.tr("Nothing was downloaded: no licence key."))
        self.banner.show_message(message)
        (self.license_key if self.account_id.text().strip() else self.account_id).setFocus()

    def _show_results(self, results: Sequence[UpdateResult]) -> None:
        icons = {
            UpdateStatus.UPDATED: QStyle.StandardPixmap.SP_DialogApplyButton,
            UpdateStatus.UNCHANGED: QStyle.StandardPixmap.SP_MessageBoxInformation,
            UpdateStatus.FAILED: QStyle.StandardPixmap.SP_MessageBoxCritical,
            UpdateStatus.CANCELLED: QStyle.StandardPixmap.SP_MessageBoxWarning,
        }
        self.results.clear()
        core_tr = translations(choose_language(self._settings.current.language))
        for result in results:
            text = result.message.text(core_tr)
            item = QListWidgetItem(self._icon(icons[result.status]), text)
            item.setToolTip(rich_tooltip(f"{text}\n{result.path}"))
            self.results.addItem(item)
        self.results.setVisible(bool(results))
        updated = sum(r.status is UpdateStatus.UPDATED for r in results)
        failed = sum(r.status is UpdateStatus.FAILED for r in results)
        cancelled = sum(r.status is UpdateStatus.CANCELLED for r in results)
        if cancelled:
            text = self.tr("Cancelled. The installed databases were kept.")
            self.progress.setFormat(self.tr("Cancelled"))
        elif failed and not updated:
            text = self.tr("The update failed; your databases were not changed. See below.")
            self.progress.setFormat(self.tr("Failed"))
        elif failed:
            text = self.tr("Some databases were updated, others failed. See below.")
            self.progress.setFormat(self.tr("Partly done"))
        elif updated:
            text = self.tr("Updated %1 databases. The app now uses them.").replace(
                "%1", str(updated)
            )
            self.progress.setFormat(self.tr("Done"))
        else:
            text = self.tr("Your databases are already up to date.")
            self.progress.setFormat(self.tr("Done"))
        self.update_status.setText(text)
