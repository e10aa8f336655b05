"""The Route tab: a mail's or a network path's stops in order, each with its place, company
and law, beside the map that draws them as numbered legs. One table model, replaced whole when
a new route is shown (a route is read once, not polled). An account's mail comes as several
routes grouped by sender: two lists choose the sender and the message, the map follows."""

from __future__ import annotations

from collections.abc import Sequence

from app.core.anonymise import AS_IS, Shown
from app.core.countries import country_name
from app.core.route_marks import RouteStop, ShownRoute
from app.core.routes.shown import RouteGroup
from app.core.text import visible
from app.ui.palette import jurisdiction_label
from app.ui.plain_text import PlainToolTipDelegate, plain_label
from app.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QComboBox,
    QCoreApplication,
    QHBoxLayout,
    QLabel,
    QModelIndex,
    QPersistentModelIndex,
    QPushButton,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)

# The columns' words, translated when shown (the window's language may change at a restart).
_HEADER_SOURCES = (
    QT_TRANSLATE_NOOP("RouteModel", "#"),
    QT_TRANSLATE_NOOP("RouteModel", "Server"),
    QT_TRANSLATE_NOOP("RouteModel", "Address"),
    QT_TRANSLATE_NOOP("RouteModel", "Place"),
    QT_TRANSLATE_NOOP("RouteModel", "Company"),
    QT_TRANSLATE_NOOP("RouteModel", "Law"),
    QT_TRANSLATE_NOOP("RouteModel", "Note"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RouteModel", text)


class RouteModel(QAbstractTableModel):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self._stops: tuple[RouteStop, ...] = ()
        self.shown: Shown = AS_IS  # Anonymise: servers and addresses hidden

    def set_shown(self, shown: Shown) -> None:
        self.shown = shown
        if self._stops:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._stops) - 1, len(_HEADER_SOURCES) - 1)
            )

    @property
    def stops(self) -> tuple[RouteStop, ...]:
        return self._stops

    def set_stops(self, stops: tuple[RouteStop, ...]) -> None:
        self.beginResetModel()  # a new route, not an update of the old one
        self._stops = stops
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._stops)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADER_SOURCES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(_HEADER_SOURCES[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        return self.cell(index.row(), index.column())

    def cell(self, row: int, column: int) -> str:
        """A cell as shown: untrusted names made visible, places in the window's language;
        under Anonymise the servers' names and addresses as tokens (a mail's first hop is
        often the sender's own computer)."""
        stop = self._stops[row]
        if column == 0:
            return str(stop.number)
        if column == 1:
            return visible(self.shown.host(stop.label)) if stop.label else ""
        if column == 2:
            return self.shown.ip(stop.ip) if stop.ip else "—"
        if column == 3:
            return self._place(stop)
        if column == 4:
            return visible(stop.company)
        if column == 5:
            verdict = stop.located.verdict if stop.located is not None else None
            return jurisdiction_label(stop.law) if verdict is not None else ""
        return visible(self.shown.text(stop.note))

    def _place(self, stop: RouteStop) -> str:
        where = stop.located.location if stop.located is not None else None
        if where is None:
            return ""
        country = country_name(where.country_code, self.language) if where.country_code else ""
        return ", ".join(part for part in (visible(where.city or ""), country) if part)


class RoutePanel(QWidget):
    """The Route tab's content: what the route is, its summary, its stops, and a way out."""

    closed = Signal()  # the person put the route away
    routeChosen = Signal(object)  # ShownRoute: another message of an account chosen

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("routePanel")
        self.title = plain_label()
        self.title.setObjectName("routeTitle")
        self.title.setStyleSheet("font-weight: 600;")
        self.summary = plain_label()
        self.summary.setObjectName("routeSummary")
        self.summary.setWordWrap(True)
        self.model = RouteModel(language, self)
        self.table = QTableView(self)
        self.table.setObjectName("routeTable")
        self.table.setAccessibleName(self.tr("Route stops"))
        self.table.setModel(self.model)
        self.table.setItemDelegate(PlainToolTipDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.close_button = QPushButton(self.tr("Close route"), self)
        self.close_button.clicked.connect(self.closed.emit)
        self._groups: tuple[RouteGroup, ...] = ()
        self._title = ""  # as given: shown through Anonymise each time it is set
        self._host = ""  # an account's server, named in the title as %1
        self.sender_list = QComboBox(self)
        self.sender_list.setObjectName("routeSender")
        self.sender_list.setAccessibleName(self.tr("Sender"))
        self.sender_list.currentIndexChanged.connect(self._sender_chosen)
        self.message_list = QComboBox(self)
        self.message_list.setObjectName("routeMessage")
        self.message_list.setAccessibleName(self.tr("Message"))
        self.message_list.currentIndexChanged.connect(self._message_chosen)
        self.choice = QWidget(self)
        choice = QHBoxLayout(self.choice)
        choice.setContentsMargins(0, 0, 0, 0)
        sender_label = QLabel(self.tr("&From:"), self.choice)
        sender_label.setBuddy(self.sender_list)
        message_label = QLabel(self.tr("&Message:"), self.choice)
        message_label.setBuddy(self.message_list)
        choice.addWidget(sender_label)
        choice.addWidget(self.sender_list, 2)
        choice.addWidget(message_label)
        choice.addWidget(self.message_list, 1)
        self.choice.hide()
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.choice)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def set_shown(self, shown: Shown) -> None:
        """Anonymise on or off: servers, addresses and senders shown again through it."""
        self.model.set_shown(shown)
        self._show_title()
        if self._groups:
            for index, group in enumerate(self._groups):
                self.sender_list.setItemText(index, self._sender_text(group))

    def show_route(self, route: ShownRoute) -> None:
        """One route (a message, a path): no choice to offer."""
        self._groups = ()
        self.choice.hide()
        self._title, self._host = route.title, ""
        self._show_title()
        self._show_stops(route)

    def show_groups(self, title: str, host: str, groups: Sequence[RouteGroup]) -> None:
        """An account's routes (``title`` names its server ``host`` as %1): the first
        sender's first message shown, the others chosen."""
        self._groups = ()  # no route chosen while the lists are filled
        self._title, self._host = title, host
        self._show_title()
        self.sender_list.clear()
        for index, group in enumerate(groups):
            self.sender_list.addItem(self._sender_text(group))
            self.sender_list.setItemData(index, group.summary, Qt.ItemDataRole.ToolTipRole)
        self._groups = tuple(groups)
        self.choice.setVisible(bool(groups))
        self._sender_chosen(0)

    def _show_title(self) -> None:
        shown = self.model.shown
        title = shown.text(self._title)
        if self._host:
            title = title.replace("%1", shown.host(self._host))
        self.title.setText(visible(title))

    def _sender_text(self, group: RouteGroup) -> str:
        sender = (
            visible(self.model.shown.host(group.domain))
            if group.domain
            else self.tr("(no sender address)")
        )
        text = self.tr("%1 (%n message(s))", "", len(group.routes)).replace("%1", sender)
        if not group.countries:
            return text
        names = ", ".join(country_name(code, self.model.language) for code in group.countries)
        return f"{text} — {names}"

    def _sender_chosen(self, index: int) -> None:
        if not 0 <= index < len(self._groups):
            return
        group = self._groups[index]
        groups, self._groups = self._groups, ()  # filling the list chooses nothing yet
        self.message_list.clear()
        self.message_list.addItems(
            [
                self.tr("%1 of %2").replace("%1", str(number)).replace("%2", str(len(group.routes)))
                for number in range(1, len(group.routes) + 1)
            ]
        )
        self._groups = groups
        self._message_chosen(0)

    def _message_chosen(self, index: int) -> None:
        sender = self.sender_list.currentIndex()
        if not 0 <= sender < len(self._groups):
            return
        routes = self._groups[sender].routes
        if 0 <= index < len(routes):
            self._show_stops(routes[index])
            self.routeChosen.emit(routes[index])

    def _show_stops(self, route: ShownRoute) -> None:
        self.summary.setText(route.summary)
        self.summary.setVisible(bool(route.summary))
        self.model.set_stops(route.stops)
        self.table.resizeColumnsToContents()
