"""The Accounts panel: the user's mail and sync accounts, who stores each, where, under which law.

A table of accounts (one `AccountsModel`, updated row by row as each look-up ends), and beside
it the selected account in plain words: the one-sentence answer, what the law does, what the
service itself says (with its source and date), and every server with its addresses and places.
Adding is inline (an address or URL typed in a field, or a service picked from the catalogue):
no dialog stops the window. Everything shown comes from files and DNS: plain text only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.entries import (
    MANUAL_CLIENT,
    EntryError,
    ManualEntry,
    entry_text,
    mail_entry,
    service_entry,
    url_entry,
)
from app.core.accounts.links import account_label
from app.core.accounts.model import Account, AccountKind, Problem, ServerRole
from app.core.accounts.placing import Pending, PlacedAccount, countries_of
from app.core.accounts.summary import headline
from app.core.anonymise import AS_IS, Shown
from app.core.countries import country_name
from app.core.i18n import DEFAULT_LANGUAGE, format_day_of, translations
from app.core.jurisdiction import widest
from app.core.map_marks import UNKNOWN_JURISDICTION, provider_label
from app.core.model import LocationKind
from app.core.routes.account_routes import imap_login
from app.core.text import visible
from app.ui.connections_model import CHIP_SIZE, chip_icon
from app.ui.palette import jurisdiction_colour, jurisdiction_label
from app.ui.plain_text import PlainToolTipDelegate, plain_label, set_plain_tooltip
from app.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractItemView,
    QAbstractTableModel,
    QComboBox,
    QCoreApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPushButton,
    QScrollArea,
    QSize,
    QSplitter,
    Qt,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)

COLUMNS = (
    QT_TRANSLATE_NOOP("AccountsModel", "Account"),
    QT_TRANSLATE_NOOP("AccountsModel", "Stored by"),
    QT_TRANSLATE_NOOP("AccountsModel", "Where"),
    QT_TRANSLATE_NOOP("AccountsModel", "Law"),
    QT_TRANSLATE_NOOP("AccountsModel", "State"),
)
_ACCOUNT, _BY, _WHERE, _LAW, _STATE = range(len(COLUMNS))


@dataclass(frozen=True, slots=True)
class _Row:
    key: str
    label: str
    kind: AccountKind
    client: str
    placed: PlacedAccount | None = None
    failure: str | None = None


def _pending_row(item: Pending) -> _Row:
    if isinstance(item, ManualEntry):
        kind = AccountKind.MAIL if item.kind == "mail" else AccountKind.FILES
        return _Row(item.key, item.value, kind, MANUAL_CLIENT)
    return _Row(item.key, account_label(item), item.kind, item.client)


class AccountsModel(QAbstractTableModel):
    """One row per account; a look-up's end changes its row only (never a reset on update)."""

    def __init__(self, parent: QObject | None = None, language: str = DEFAULT_LANGUAGE) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._language = language
        self.shown: Shown = AS_IS  # Anonymise: names, addresses and servers hidden

    def set_shown(self, shown: Shown) -> None:
        self.shown = shown
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    # -- updates

    def set_pending(self, items: Sequence[Pending]) -> None:
        """A new listing: rows that are gone leave, new ones arrive, kept ones keep their
        answer until their new look-up ends."""
        wanted = {item.key: _pending_row(item) for item in items}
        for row in reversed(range(len(self._rows))):
            if self._rows[row].key not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        known = {row.key for row in self._rows}
        for key, new in wanted.items():
            if key not in known:
                self.add_row(new)

    def add_pending(self, item: Pending) -> None:
        if self.row_of(item.key) is None:
            self.add_row(_pending_row(item))

    def add_row(self, row: _Row) -> None:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self.endInsertRows()

    def set_placed(self, placed: PlacedAccount) -> None:
        row = self.row_of(placed.account.key)
        if row is None:
            self.add_row(_Row(placed.account.key, "", placed.account.kind, placed.account.client))
            row = len(self._rows) - 1
        account = placed.account
        self._rows[row] = _Row(
            account.key, account_label(account), account.kind, account.client, placed
        )
        self._changed(row)

    def set_failed(self, key: str, reason: str) -> None:
        row = self.row_of(key)
        if row is not None:
            old = self._rows[row]
            self._rows[row] = _Row(old.key, old.label, old.kind, old.client, None, reason)
            self._changed(row)

    def remove(self, key: str) -> None:
        row = self.row_of(key)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- reading

    def row_of(self, key: str) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.key == key), None)

    def placed_at(self, row: int) -> PlacedAccount | None:
        return self._rows[row].placed if 0 <= row < len(self._rows) else None

    def key_at(self, row: int) -> str | None:
        return self._rows[row].key if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("AccountsModel", COLUMNS[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        hide = self.shown.text
        if role == Qt.ItemDataRole.DisplayRole:
            return visible(hide(self._text(row, column)))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == _STATE and row.failure:
                return visible(hide(row.failure))
            if row.placed is not None:
                return visible(hide(headline(row.placed, self._language)))
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == _LAW and row.placed is not None:
            return chip_icon(jurisdiction_colour(self._regime(row)))  # the table's own dot
        return None

    def _text(self, row: _Row, column: int) -> str:
        placed = row.placed
        if column == _ACCOUNT:
            kind = self.tr("Mail") if row.kind is AccountKind.MAIL else self.tr("Files")
            client = self.tr("added by you") if row.client == MANUAL_CLIENT else row.client
            return f"{self.shown.account(row.label)} · {kind}, {client}"
        if column == _STATE:
            if row.failure:
                return self.tr("Look-up failed")
            if placed is None:
                return self.tr("Looking up…")
            problems = [s for s in placed.servers if s.answer.problem is not None]
            if placed.account.problems or (problems and len(problems) == len(placed.servers)):
                return self.tr("DNS failed")
            if not placed.account.servers:
                return self.tr("No server known")
            return self.tr("Found")
        if placed is None:
            return ""
        storing = placed.storage
        if column == _BY:
            return ", ".join(dict.fromkeys(filter(None, map(provider_label, storing))))
        if column == _WHERE:
            return ", ".join(country_name(c, self._language) for c in countries_of(storing))
        if column == _LAW:
            regime = self._regime(row)
            return jurisdiction_label(regime) if regime != UNKNOWN_JURISDICTION else ""
        return ""

    @staticmethod
    def _regime(row: _Row) -> str:
        """The storing servers' regime (the widest reach among them), else unknown."""
        if row.placed is None:
            return UNKNOWN_JURISDICTION
        # The law that reaches furthest, in the verdicts' own order (app.core.jurisdiction).
        return widest(
            verdict.category
            for server in row.placed.servers
            if server.server.role is ServerRole.STORES
            for verdict in server.verdicts
            if verdict is not None
        ).value


class AccountsPanel(QWidget):
    """The list, the selected account's details, and the inline ways to add one."""

    addRequested = Signal(object)  # ManualEntry
    removeRequested = Signal(str)  # account key
    rescanRequested = Signal()
    routesRequested = Signal(object)  # Account: read its last headers' routes (asked first)

    def __init__(self, parent: QWidget | None = None, *, language: str = DEFAULT_LANGUAGE) -> None:
        super().__init__(parent)
        self.setObjectName("accountsPanel")
        self._language = language
        self._home: str | None = None
        self._problems: tuple[Problem, ...] = ()
        self._catalogue: ServiceCatalogue | None = None
        self.model = AccountsModel(self, language)

        self.entry_field = QLineEdit(self)
        self.entry_field.setObjectName("accountEntry")
        self.entry_field.setAccessibleName(self.tr("Account to add"))
        self.entry_field.setPlaceholderText(
            self.tr("Add an e-mail address or a server address (https://…)")
        )
        self.entry_field.setClearButtonEnabled(True)
        self.entry_field.returnPressed.connect(self._add_typed)
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.clicked.connect(self._add_typed)
        self.service_combo = QComboBox(self)
        self.service_combo.setObjectName("serviceCombo")
        self.service_combo.addItem(self.tr("Add a service…"), None)
        self.service_combo.activated.connect(self._add_service)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.remove_button.setEnabled(False)
        self.remove_button.setToolTip(self.tr("Remove an account you added"))
        self.remove_button.clicked.connect(self._remove_selected)
        self.rescan_button = QPushButton(self.tr("Re&scan"), self)
        self.rescan_button.setToolTip(self.tr("Read your programs' settings and look up again"))
        self.rescan_button.clicked.connect(self.rescanRequested)
        self.status = plain_label()
        self.status.setObjectName("accountsStatus")
        self.error = plain_label()
        self.error.setObjectName("accountEntryError")
        self.error.setStyleSheet("color: #b42318;")
        self.error.hide()

        self.table = QTableView(self)
        self.table.setObjectName("accountsTable")
        self.table.setAccessibleName(self.tr("My accounts"))
        self.table.setModel(self.model)
        self.table.setItemDelegate(PlainToolTipDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setIconSize(QSize(CHIP_SIZE, CHIP_SIZE))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_ACCOUNT, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.model.dataChanged.connect(self._refresh_current)
        self.model.rowsInserted.connect(self._select_first)

        self.summary = plain_label()
        self.summary.setObjectName("accountSummary")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.law = plain_label()
        self.law.setObjectName("accountLaw")
        self.service_note = plain_label()
        self.service_note.setObjectName("accountService")
        self.routes_button = QPushButton(self.tr("Show the routes of its &mail…"), self)
        self.routes_button.setObjectName("accountRoutes")
        self.routes_button.setToolTip(
            self.tr(
                "Read the headers of the last messages on this account's IMAP server and show "
                "the countries they crossed (asks first; needs the password)"
            )
        )
        self.routes_button.clicked.connect(self._routes_of_selected)
        self._traceable = True  # not in a demo: the persona's servers are not the user's
        self.servers = QTreeWidget(self)
        self.servers.setObjectName("accountServers")
        self.servers.setAccessibleName(self.tr("The account's servers"))
        self.servers.setHeaderLabels([self.tr("Server"), self.tr("Place"), self.tr("Company")])
        self.servers.setRootIsDecorated(True)
        self.servers.setItemDelegate(PlainToolTipDelegate(self.servers))

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.entry_field, 2)
        top.addWidget(self.add_button)
        top.addWidget(self.service_combo, 1)
        top.addStretch(0)  # a demo hides the fields: Rescan keeps its size, on the right
        top.addSpacing(12)
        top.addWidget(self.remove_button)
        top.addWidget(self.rescan_button)

        # The sentences scroll above the servers (a vertical splitter between them): on a
        # 1366×768 screen they are longer than the room, and a clipped label cuts lines in half.
        words = QFrame()
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(0, 0, 4, 0)
        words_layout.addWidget(self.summary)
        words_layout.addWidget(self.law)
        words_layout.addWidget(self.service_note)
        words_layout.addWidget(self.routes_button, 0, Qt.AlignmentFlag.AlignLeft)
        words_layout.addStretch(1)
        self.details_scroll = QScrollArea(self)
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details_scroll.setWidget(words)
        details = QSplitter(Qt.Orientation.Vertical, self)
        details.setObjectName("accountDetails")
        details.setChildrenCollapsible(False)
        details.addWidget(self.details_scroll)
        details.addWidget(self.servers)
        details.setStretchFactor(0, 3)
        details.setStretchFactor(1, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        self._show_current(QModelIndex())

    # -- fed by the window

    def set_home(self, home: str | None) -> None:
        self._home = home
        self._refresh_current()

    def set_editable(self, editable: bool) -> None:
        """A demo's accounts are the persona's: nothing to add or remove there."""
        for widget in (self.entry_field, self.add_button, self.service_combo, self.remove_button):
            widget.setVisible(editable)
        self._traceable = editable
        self._refresh_current()

    def set_catalogue(self, catalogue: ServiceCatalogue) -> None:
        if catalogue is self._catalogue:
            return
        self._catalogue = catalogue
        self.service_combo.clear()
        self.service_combo.addItem(self.tr("Add a service…"), None)
        for service in sorted(catalogue.services, key=lambda s: s.name.casefold()):
            self.service_combo.addItem(visible(service.name), service.id)

    def set_progress(self, done: int, total: int) -> None:
        if total == 0:
            self.status.setText(
                self.tr("No mail or sync account found in your programs' settings. Add one above.")
            )
        elif done < total:
            self.status.setText(
                self.tr("Looking up servers: %1 of %2…")
                .replace("%1", str(done))
                .replace("%2", str(total))
            )
        else:
            self.status.setText(self.tr("%n account(s)", "", total))

    def set_problems(self, problems: Sequence[Problem]) -> None:
        """Files that were skipped: said once, their names and reasons in the tool tip."""
        tr = translations(self._language)
        self._problems = tuple(problems)
        lines = [f"{visible(str(p.path))}: {p.reason.text(tr)}" for p in problems]
        set_plain_tooltip(self.status, self.model.shown.text("\n".join(lines)))

    def set_shown(self, shown: Shown) -> None:
        """Anonymise on or off: the table, the chosen account's details and the skipped files'
        names are shown again through ``shown``."""
        self.model.set_shown(shown)
        self.set_problems(self._problems)
        self._refresh_current()

    def show_entry_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- actions

    def _add_typed(self) -> None:
        text = self.entry_field.text().strip()
        if not text:
            return
        try:
            entry = mail_entry(text) if "@" in text and "://" not in text else url_entry(text)
        except EntryError as error:
            self.show_entry_error(error.text(translations(self._language)))
            return
        self.show_entry_error("")
        self.entry_field.clear()
        self.addRequested.emit(entry)

    def _add_service(self, index: int) -> None:
        service_id = self.service_combo.itemData(index)
        self.service_combo.setCurrentIndex(0)
        if isinstance(service_id, str) and self._catalogue is not None:
            try:
                self.addRequested.emit(service_entry(service_id, self._catalogue))
            except EntryError as error:
                self.show_entry_error(error.text(translations(self._language)))

    def _routes_of_selected(self) -> None:
        placed = self.model.placed_at(self.table.currentIndex().row())
        if placed is not None and imap_login(placed.account) is not None:
            self.routesRequested.emit(placed.account)

    def _remove_selected(self) -> None:
        key = self.model.key_at(self.table.currentIndex().row())
        if key is not None and entry_text(key) is not None:
            self.removeRequested.emit(key)

    # -- the selected account

    def _select_first(self) -> None:
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.selectRow(0)

    def _refresh_current(self) -> None:
        self._show_current(self.table.currentIndex())

    def _show_current(self, current: QModelIndex | QPersistentModelIndex) -> None:
        row = current.row() if current.isValid() else -1
        key = self.model.key_at(row)
        self.remove_button.setEnabled(key is not None and entry_text(key) is not None)
        placed = self.model.placed_at(row)
        self.servers.clear()
        self.routes_button.setVisible(
            self._traceable and placed is not None and imap_login(placed.account) is not None
        )
        if placed is None:
            self.summary.setText(
                self.tr("Looking up this account's servers…")
                if key
                else self.tr("No account selected.")
            )
            self.law.clear()
            self.service_note.clear()
            return
        hide = self.model.shown.text
        self.summary.setText(visible(hide(headline(placed, self._language))))
        laws = list(
            dict.fromkeys(
                verdict.text(self._language, self._home)
                for server in placed.servers
                if server.server.role is ServerRole.STORES
                for verdict in server.verdicts
                if verdict is not None
            )
        )
        self.law.setText(hide("\n\n".join(laws)))
        self.service_note.setText(hide(self._service_text(placed.account)))
        self._fill_servers(placed)

    def _service_text(self, account: Account) -> str:
        """Who runs the service and what it says about where it keeps data, each with its
        source (resources/services.toml); nothing where the catalogue has no source."""
        if self._catalogue is None or account.service is None:
            return ""
        service = self._catalogue.get(account.service)
        if service is None:
            return ""
        lines = []
        if service.entity and service.entity_country:
            lines.append(
                self.tr("%1 is run by %2 (%3; source: %4)")
                .replace("%1", visible(service.name))
                .replace("%2", visible(service.entity))
                .replace("%3", country_name(service.entity_country, self._language))
                .replace("%4", service.entity_source or "?")
            )
        if service.storage:
            day = (
                format_day_of(service.storage_as_of, "long", self._language)
                if service.storage_as_of
                else "?"
            )
            lines.append(
                self.tr("%1 says: %2 (source: %3, as of %4)")
                .replace("%1", visible(service.name))
                .replace("%2", translations(self._language).gettext(service.storage))
                .replace("%3", service.storage_source or "?")
                .replace("%4", day)
            )
        return "\n".join(lines)

    def _fill_servers(self, placed: PlacedAccount) -> None:
        tr = translations(self._language)
        shown = self.model.shown
        for server in placed.servers:
            role = (
                self.tr("stores") if server.server.role is ServerRole.STORES else self.tr("carries")
            )
            port = f":{server.server.port}" if server.server.port else ""
            top = QTreeWidgetItem(
                [
                    visible(
                        f"{role} · {server.server.protocol} {shown.host(server.server.host)}{port}"
                    ),
                    "",
                    "",
                ]
            )
            if server.answer.problem is not None:
                top.setText(1, visible(shown.text(server.answer.problem.text(tr))))
            for located in server.located:
                location = located.location
                place = ""
                if location is not None and location.country_code:
                    name = country_name(location.country_code, self._language)
                    place = f"{location.city}, {name}" if location.city else name
                    if location.kind is LocationKind.EDGE:
                        place = self.tr("nearest edge server (%1)").replace("%1", name)
                child = QTreeWidgetItem(
                    [
                        visible(shown.ip(located.ip)),
                        visible(place),
                        visible(provider_label(located) or ""),
                    ]
                )
                top.addChild(child)
            self.servers.addTopLevelItem(top)
            top.setExpanded(True)
        for column in range(3):
            self.servers.resizeColumnToContents(column)
