"""The Settings dialog: edits a copy of Settings; the window saves and applies it on OK."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from app.core.settings import MAX_POLL_INTERVAL_S, MIN_POLL_INTERVAL_S, Settings, parse_dns_server
from app.ui.qt import (
    QCheckBox,
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
    Qt,
    QVBoxLayout,
    QWidget,
)


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._original = settings

        self.poll_interval = QDoubleSpinBox(self)
        self.poll_interval.setRange(MIN_POLL_INTERVAL_S, MAX_POLL_INTERVAL_S)
        self.poll_interval.setDecimals(1)
        self.poll_interval.setSingleStep(0.5)
        self.poll_interval.setSuffix(self.tr(" s"))
        self.poll_interval.setValue(settings.poll_interval_s)
        self.poll_interval.setToolTip(self.tr("How often the list of connections is refreshed."))

        self.reverse_dns = QCheckBox(self.tr("Look up host names (reverse DNS)"), self)
        self.reverse_dns.setChecked(settings.reverse_dns)
        self.reverse_dns.setToolTip(
            self.tr("Asks a DNS server for the name of each remote address (a PTR query).")
        )

        self.dns_server = QLineEdit(self)
        self.dns_server.setPlaceholderText(self.tr("System resolver"))
        self.dns_server.setText(settings.dns_server or "")
        self.dns_server.setToolTip(self.tr("An IP address, optionally with :PORT."))
        self.reverse_dns.toggled.connect(self.dns_server.setEnabled)
        self.dns_server.setEnabled(settings.reverse_dns)

        self.databases = QListWidget(self)
        self.databases.setObjectName("databaseList")
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

        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Refresh every"), self.poll_interval)
        form.addRow("", self.reverse_dns)
        form.addRow(self.tr("DNS server"), self.dns_server)
        form.addRow(self.tr("Extra databases"), database_row)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 360)

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
        )

    def accept(self) -> None:
        server = self.dns_server.text().strip()
        if server:
            try:
                parse_dns_server(server)
            except ValueError as error:
                self.error.setText(self.tr("DNS server: %1").replace("%1", str(error)))
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
