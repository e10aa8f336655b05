"""The Settings dialog: edits a copy of Settings; the window saves and applies it on OK.

The home country is picked among the country names of babel (CLDR) in the UI language; the first
choice, "Automatic", stands for the system locale's country (never an outside service).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from app.core.collation import collation_key
from app.core.countries import country_name
from app.core.i18n import DEFAULT_LANGUAGE, translations
from app.core.providers import iso_country_codes
from app.core.settings import (
    MAX_HISTORY_DAYS,
    MAX_POLL_INTERVAL_S,
    MAX_PRESENTER_ZOOM,
    MIN_HISTORY_DAYS,
    MIN_POLL_INTERVAL_S,
    MIN_PRESENTER_ZOOM,
    Settings,
    SettingValueError,
    parse_dns_server,
)
from app.ui.alert_rules_editor import AlertRulesEditor
from app.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


def home_country_choices(language: str | None) -> list[tuple[str, str]]:
    """(code, name) of every ISO country, sorted by name in ``language``."""
    names = [(code, country_name(code, language)) for code in iso_country_codes()]
    return sorted(names, key=lambda item: collation_key(item[1]))


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        language: str | None = None,
        system_home: str | None = None,
        tray_available: bool = False,
        start_at_login_available: bool = False,
    ) -> None:
        """``language``: of the country names; ``system_home``: what "Automatic" stands for;
        ``tray_available``: this desktop has a system tray to keep watching from;
        ``start_at_login_available``: this system starts programs at login (XDG autostart)."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._original = settings
        self._core_tr = translations(language or DEFAULT_LANGUAGE)  # the core's sentences

        self.home_country = QComboBox(self)
        self.home_country.setObjectName("homeCountry")
        automatic = self.tr("Automatic (from the system settings)")
        if system_home:
            automatic = self.tr("Automatic: %1").replace("%1", country_name(system_home, language))
        self.home_country.addItem(automatic, None)
        for code, name in home_country_choices(language):
            self.home_country.addItem(name, code)
        current = self.home_country.findData(settings.home_country) if settings.home_country else 0
        self.home_country.setCurrentIndex(max(0, current))
        self.home_country.setMaxVisibleItems(20)
        self.home_country.setToolTip(
            self.tr(
                "Where you are: the map marks it and draws arcs from it. Automatic uses the "
                "country of your system settings; nothing is asked of any outside service."
            )
        )

        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem(self.tr("System language"), None)
        # Each language is named in its own words, so anyone can find theirs.
        self.language.addItem(self.tr("English", "language name, in English"), "en")
        self.language.addItem(self.tr("Français", "language name, in French"), "fr")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language_note = QLabel(self.tr("A new language applies after a restart."), self)
        self.language_note.setObjectName("languageNote")
        self.language_note.setTextFormat(Qt.TextFormat.PlainText)

        self.poll_interval = QDoubleSpinBox(self)
        self.poll_interval.setRange(MIN_POLL_INTERVAL_S, MAX_POLL_INTERVAL_S)
        self.poll_interval.setDecimals(1)
        self.poll_interval.setSingleStep(0.5)
        self.poll_interval.setSuffix(self.tr(" s"))
        self.poll_interval.setValue(settings.poll_interval_s)
        self.poll_interval.setToolTip(self.tr("How often the list of connections is refreshed."))

        self.reverse_dns = QCheckBox(self.tr("Use DNS (host names, your accounts' servers)"), self)
        self.reverse_dns.setChecked(settings.reverse_dns)
        self.reverse_dns.setToolTip(
            self.tr(
                "Asks a DNS server for the name of each remote address (a PTR query) and for "
                "the servers of your mail and sync accounts. Off: DataLocator sends no DNS query."
            )
        )

        self.dns_server = QLineEdit(self)
        self.dns_server.setPlaceholderText(self.tr("System resolver"))
        self.dns_server.setText(settings.dns_server or "")
        self.dns_server.setToolTip(self.tr("An IP address, optionally with :PORT."))
        self.reverse_dns.toggled.connect(self.dns_server.setEnabled)
        self.dns_server.setEnabled(settings.reverse_dns)

        self.databases = QListWidget(self)
        self.databases.setObjectName("databaseList")
        self.databases.setAccessibleName(self.tr("Your location databases"))
        self.databases.addItems(list(settings.database_paths))
        self.databases.setToolTip(
            self.tr("Extra .mmdb files (City, Country or ASN), used before the built-in data.")
        )
        add = QPushButton(self.tr("Add…"), self)
        add.clicked.connect(self._choose_databases)
        remove = QPushButton(self.tr("Remove"), self)
        remove.clicked.connect(self._remove_selected)
        buttons_column = QVBoxLayout()
        buttons_column.addWidget(add)
        buttons_column.addWidget(remove)
        buttons_column.addStretch(1)
        database_row = QHBoxLayout()
        database_row.addWidget(self.databases, 1)
        database_row.addLayout(buttons_column)

        self.presenter_zoom = QSpinBox(self)
        self.presenter_zoom.setObjectName("presenterZoom")
        self.presenter_zoom.setRange(MIN_PRESENTER_ZOOM, MAX_PRESENTER_ZOOM)
        self.presenter_zoom.setSingleStep(25)
        self.presenter_zoom.setSuffix(self.tr(" %"))
        self.presenter_zoom.setValue(settings.presenter_zoom)
        self.presenter_zoom.setToolTip(
            self.tr(
                "How much bigger presenter view (F5) draws the map's marks and labels and its "
                "caption, so that the back of a room can read them."
            )
        )

        self.history_days = QSpinBox(self)
        self.history_days.setObjectName("historyDays")
        self.history_days.setRange(MIN_HISTORY_DAYS, MAX_HISTORY_DAYS)
        self.history_days.setSuffix(self.tr(" days"))
        self.history_days.setValue(settings.history_days)
        self.history_days.setToolTip(
            self.tr(
                "How long the history keeps each connection in detail; after that, only a "
                "daily summary is kept, for a year. Data → Forget history deletes it all."
            )
        )
        self.alerts = QCheckBox(self.tr("Notify me when my data go somewhere new"), self)
        self.alerts.setObjectName("alertsOn")
        self.alerts.setChecked(settings.alerts)
        self.alerts.setToolTip(
            self.tr(
                "A desktop notification when a program sends data to a new country, a new "
                "company or a place under a law you choose. Alerts are always kept in "
                "View → History."
            )
        )
        self.history_days.setMaximumWidth(140)
        self.alert_rules = AlertRulesEditor(settings.alert_rules, self)
        self.learning_note = QLabel(
            self.tr(
                "Nothing is notified during the history's first day, while DataLocator learns "
                "where your programs usually send data."
            ),
            self,
        )
        self.learning_note.setTextFormat(Qt.TextFormat.PlainText)
        self.learning_note.setWordWrap(True)
        self.close_to_tray = QCheckBox(
            self.tr("Keep watching in the background when the window is closed"), self
        )
        self.close_to_tray.setObjectName("closeToTray")
        self.close_to_tray.setEnabled(tray_available)
        # Unavailable, the box shows what happens (closing quits); the setting is kept as it is.
        self.close_to_tray.setChecked(settings.close_to_tray and tray_available)
        self.close_to_tray.setToolTip(
            self.tr(
                "Closing the window hides it in the system tray; watching and the history go "
                "on. Quit from the tray's menu or with File → Quit."
            )
            if tray_available
            else self.tr(
                "This desktop has no system tray, so closing the window quits DataLocator."
            )
        )
        self._tray_available = tray_available

        self.start_at_login = QCheckBox(self.tr("Start when I log in"), self)
        self.start_at_login.setObjectName("startAtLogin")
        self.start_at_login.setEnabled(start_at_login_available)
        self.start_at_login.setChecked(settings.start_at_login and start_at_login_available)
        self.start_at_login.setToolTip(
            self.tr(
                "DataLocator starts in the background when you log in: in the system tray "
                "where there is one, else with its window open."
            )
            if start_at_login_available
            else self.tr("Starting at login is not available on this system.")
        )
        self._start_at_login_available = start_at_login_available

        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.language_note)
        form.addRow(self.tr("Home country"), self.home_country)
        form.addRow(self.tr("Refresh every"), self.poll_interval)
        form.addRow("", self.reverse_dns)
        form.addRow(self.tr("DNS server"), self.dns_server)
        form.addRow(self.tr("Extra databases"), database_row)
        form.addRow(self.tr("Presenter view size"), self.presenter_zoom)
        form.addRow(self.tr("In the background"), self.close_to_tray)
        form.addRow("", self.start_at_login)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        general = QWidget(self)
        general.setLayout(form)
        history_form = QFormLayout()
        history_form.addRow(self.tr("Keep details for"), self.history_days)
        history_form.addRow("", self.alerts)
        history_form.addRow("", self.learning_note)
        history_form.addRow(self.tr("Alert rules"), self.alert_rules)
        history = QWidget(self)
        history.setLayout(history_form)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(general, self.tr("General"))
        self.tabs.addTab(history, self.tr("History and alerts"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

    def database_paths(self) -> tuple[str, ...]:
        items = (self.databases.item(i) for i in range(self.databases.count()))
        return tuple(item.text() for item in items if item is not None)

    def add_database_paths(self, paths: Iterable[str]) -> None:
        known = set(self.database_paths())
        for path in paths:
            if path and path not in known:
                self.databases.addItem(path)
                known.add(path)

    def settings(self) -> Settings:
        """The edited settings (fields the dialog does not show are kept as they were)."""
        server = self.dns_server.text().strip()
        return replace(
            self._original,
            poll_interval_s=round(self.poll_interval.value(), 1),
            reverse_dns=self.reverse_dns.isChecked(),
            dns_server=server or None,
            database_paths=self.database_paths(),
            home_country=self.selected_home_country(),
            language=self.language.currentData(),
            presenter_zoom=self.presenter_zoom.value(),
            history_days=self.history_days.value(),
            alerts=self.alerts.isChecked(),
            alert_rules=self.alert_rules.rules(),
            close_to_tray=(
                self.close_to_tray.isChecked()
                if self._tray_available
                else self._original.close_to_tray
            ),
            start_at_login=(
                self.start_at_login.isChecked()
                if self._start_at_login_available
                else self._original.start_at_login
            ),
        )

    def selected_home_country(self) -> str | None:
        """The chosen ISO code, or None for "Automatic"."""
        data = self.home_country.currentData()
        return data if isinstance(data, str) else None

    def select_home_country(self, code: str | None) -> bool:
        """Choose a country by its code (None: Automatic); False if the code is not offered."""
        index = self.home_country.findData(code.upper()) if code else 0
        if index < 0:
            return False
        self.home_country.setCurrentIndex(index)
        return True

    def accept(self) -> None:
        server = self.dns_server.text().strip()
        if server:
            try:
                parse_dns_server(server)
            except SettingValueError as error:
                self.error.setText(
                    self.tr("DNS server: %1").replace("%1", error.text(self._core_tr))
                )
                self.error.show()
                self.dns_server.setFocus()
                return
        self.error.hide()
        super().accept()

    def _choose_databases(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add location databases"),
            "",
            self.tr("MaxMind databases (*.mmdb);;All files (*)"),
        )
        self.add_database_paths(paths)

    def _remove_selected(self) -> None:
        for item in self.databases.selectedItems():
            self.databases.takeItem(self.databases.row(item))
