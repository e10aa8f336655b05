"""The Route tab: a mail's or a network path's stops in order, each with its place, company
and law, beside the map that draws them as numbered legs. One table model, replaced whole when
a new route is shown (a route is read once, not polled)."""

from __future__ import annotations

from app.core.countries import country_name
from app.core.route_marks import RouteStop, ShownRoute
from app.core.text import visible
from app.ui.palette import jurisdiction_label
from app.ui.plain_text import PlainToolTipDelegate, plain_label
from app.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QHBoxLayout,
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
        self._language = language
        self._stops: tuple[RouteStop, ...] = ()

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
        """A cell as shown: untrusted names made visible, places in the window's language."""
        stop = self._stops[row]
        if column == 0:
            return str(stop.number)
        if column == 1:
            return visible(stop.label)
        if column == 2:
            return stop.ip or "—"
        if column == 3:
            return self._place(stop)
        if column == 4:
            return visible(stop.company)
        if column == 5:
            verdict = stop.located.verdict if stop.located is not None else None
            return jurisdiction_label(stop.law) if verdict is not None else ""
        return stop.note

    def _place(self, stop: RouteStop) -> str:
        where = stop.located.location if stop.located is not None else None
        if where is None:
            return ""
        country = country_name(where.country_code, self._language) if where.country_code else ""
        return ", ".join(part for part in (visible(where.city or ""), country) if part)


class RoutePanel(QWidget):
    """The Route tab's content: what the route is, its summary, its stops, and a way out."""

    closed = Signal()  # the person put the route away

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
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_route(self, route: ShownRoute) -> None:
        self.title.setText(visible(route.title))
        self.summary.setText(route.summary)
        self.summary.setVisible(bool(route.summary))
        self.model.set_stops(route.stops)
        self.table.resizeColumnsToContents()
