"""The connections table: one row per socket, updated in place on every poll.

A poll every two seconds must not reset the view (selection, scroll position and sort would
jump), so ``apply_diff`` inserts, removes and changes rows individually and only signals the
cells whose text really changed. Every string returned is plain text: host names and database
strings come from the network and are never interpreted as markup.

Country names, flags, provider names and the law come from the core (app.core.countries, the
locator's provider and verdict, app.core.map_marks.provider_label), so the table, the map and the
command line name things the same way. The proxy filters with the same `FilterState` the map is
given, over the same `MapEntry` values (category, provider, law, accounts) the map shows.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import IntEnum
from types import MappingProxyType

from app.core.addresses import classify
from app.core.connections import ConnectionDiff
from app.core.countries import country_name, flag
from app.core.map_marks import UNKNOWN_JURISDICTION, MapEntry, provider_label
from app.core.model import (
    AddressScope,
    Endpoint,
    LocatedConnection,
    LocatedEndpoint,
    LocationKind,
    Observation,
    Protocol,
)
from app.ui.filter_state import FilterState
from app.ui.palette import jurisdiction_colour, jurisdiction_label
from app.ui.qt import (
    QAbstractTableModel,
    QColor,
    QGuiApplication,
    QIcon,
    QLocale,
    QModelIndex,
    QObject,
    QPainter,
    QPalette,
    QPersistentModelIndex,
    QPixmap,
    QSortFilterProxyModel,
    Qt,
)

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "fr")

ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    PROCESS = 0
    HOST = 1
    IP = 2
    PORT = 3
    COUNTRY = 4
    CITY = 5
    PROVIDER = 6
    LAW = 7
    STATE = 8


# Custom roles: a typed sort key (ports sort as numbers, addresses numerically) and the row.
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
CONNECTION_ROLE = int(Qt.ItemDataRole.UserRole) + 2

# Sockets whose connection is over (the system keeps them a minute; no process owns them).
CLOSED_STATES = frozenset({"TIME_WAIT", "CLOSE"})

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_CHANGED_ROLES = [_DISPLAY, _TOOLTIP, _DECORATION, SORT_ROLE, CONNECTION_ROLE]
CHIP_SIZE = 10  # the law column's colour dot, in device-independent pixels


def ui_language(preferred: str | None = None) -> str:
    """The language for country names: the setting, else Qt's UI language; English fallback."""
    for candidate in (preferred, *QLocale().uiLanguages(), QLocale().name()):
        if candidate:
            code = candidate.replace("-", "_").split("_")[0].lower()
            if code in SUPPORTED_LANGUAGES:
                return code
    return "en"


def chip_icon(colour: str, size: int = CHIP_SIZE) -> QIcon:
    """A filled dot of ``colour``: the jurisdiction chip of the table and the filter bar."""
    screen = QGuiApplication.primaryScreen()
    ratio = max(1.0, screen.devicePixelRatio()) if screen is not None else 1.0
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def _ip_sort_key(ip: str | None) -> str:
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "9" + ip
    return f"{address.version}{int(address):039d}"


@dataclass(slots=True)
class _Row:
    observation: Observation


@dataclass(frozen=True, slots=True)
class Summary:
    """What the status bar counts."""

    connections: int
    countries: int
    providers: int


class ConnectionsModel(QAbstractTableModel):
    """All current connections; ``apply_diff`` keeps it in step with ConnectionWatcher.poll."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        language: str | None = None,
        show_flags: bool = True,
    ) -> None:
        super().__init__(parent)
        self._language = ui_language(language)
        self._show_flags = show_flags
        self._rows: list[_Row] = []
        self._index: dict[tuple[object, ...], int] = {}
        self._located: dict[str, LocatedEndpoint] = {}
        self._hostnames: dict[str, tuple[str, ...]] = {}
        self._headers = (
            self.tr("Process"),
            self.tr("Remote host"),
            self.tr("IP address"),
            self.tr("Port"),
            self.tr("Country"),
            self.tr("City / region"),
            self.tr("Provider"),
            self.tr("Law"),
            self.tr("State"),
        )
        self._states = {
            "ESTABLISHED": self.tr("Established"),
            "SYN_SENT": self.tr("Connecting"),
            "SYN_RECV": self.tr("Connecting"),
            "FIN_WAIT1": self.tr("Closing"),
            "FIN_WAIT2": self.tr("Closing"),
            "CLOSING": self.tr("Closing"),
            "CLOSE_WAIT": self.tr("Closing"),
            "LAST_ACK": self.tr("Closing"),
            "TIME_WAIT": self.tr("Closed"),
            "CLOSE": self.tr("Closed"),
            "LISTEN": self.tr("Listening"),
        }
        self._scopes = {
            AddressScope.THIS_DEVICE: self.tr("This device"),
            AddressScope.LOCAL_NETWORK: self.tr("Local network"),
            AddressScope.MULTICAST: self.tr("Multicast"),
            AddressScope.RESERVED: self.tr("Special-purpose address"),
        }
        self._chips: dict[str, QIcon] = {}
        self._kinds = {
            LocationKind.EXACT: self.tr("city or data-centre region"),
            LocationKind.ZONE: self.tr("country only"),
            LocationKind.EDGE: self.tr("anycast or CDN edge: served from a nearby point"),
        }

    @property
    def language(self) -> str:
        return self._language

    # --- Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 — Qt's idiom
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            if role == _DISPLAY:
                return self._headers[section]
            if role == int(Qt.ItemDataRole.TextAlignmentRole) and section == Column.PORT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == _DISPLAY:
            return self._text(row, column)
        if role == _TOOLTIP:
            return self._tooltip(row, column) or None
        if role == _DECORATION and column == Column.LAW:
            return self._law_chip(row)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == CONNECTION_ROLE:
            return self.connection(index.row())
        if role == int(Qt.ItemDataRole.TextAlignmentRole) and column == Column.PORT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == int(Qt.ItemDataRole.ForegroundRole) and is_closed(row.observation):
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None

    # --- updates -----------------------------------------------------------------------------

    def apply_diff(self, diff: ConnectionDiff, located: Mapping[str, LocatedEndpoint]) -> None:
        """Bring the table in line with a poll: remove closed rows, update kept, append new.

        ``located`` needs only the addresses that are new or whose answer changed; rows keep
        what they already know otherwise.
        """
        self._remove(obs.key for obs in diff.closed)
        updates: dict[int, Observation] = {}
        fresh: list[Observation] = []
        for obs in (*diff.unchanged, *diff.new):
            row = self._index.get(obs.key)
            if row is None:
                fresh.append(obs)
            else:
                updates[row] = obs
        self._update(updates, located)
        self._insert(fresh, located)

    def update_locations(self, located: Mapping[str, LocatedEndpoint]) -> None:
        """New answers for addresses already shown (e.g. after the databases changed)."""
        self._update({}, located)

    def update_hostnames(self, ip: str, names: Iterable[str]) -> None:
        """PTR names arrived for ``ip``: refresh the host cell of its rows, and nothing else."""
        names = tuple(names)
        rows = [i for i, row in enumerate(self._rows) if row.observation.remote_ip == ip]
        if not rows or self._names_for(ip) == names:
            return
        self._hostnames[ip] = names
        for first, last in _runs(rows):
            self.dataChanged.emit(
                self.index(first, Column.HOST), self.index(last, Column.HOST), _CHANGED_ROLES
            )

    def clear(self) -> None:
        """Forget every row (the watcher was replaced); the one place a reset is right."""
        self.beginResetModel()
        self._rows.clear()
        self._index.clear()
        self._located.clear()
        self._hostnames.clear()
        self.endResetModel()

    def _remove(self, keys: Iterable[tuple[object, ...]]) -> None:
        rows = sorted({self._index[key] for key in keys if key in self._index})
        if not rows:
            return
        for first, last in reversed(_runs(rows)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        self._reindex()
        kept = {row.observation.remote_ip for row in self._rows}
        for cache in (self._located, self._hostnames):
            for ip in [ip for ip in cache if ip not in kept]:
                del cache[ip]

    def _update(
        self, updates: Mapping[int, Observation], located: Mapping[str, LocatedEndpoint]
    ) -> None:
        changed_ips = {ip for ip, answer in located.items() if self._located.get(ip) != answer}
        affected = sorted(
            set(updates)
            | {i for i, row in enumerate(self._rows) if row.observation.remote_ip in changed_ips}
        )
        if not affected:
            return
        before = {i: self._cells(self._rows[i]) for i in affected}
        shown = {row.observation.remote_ip for row in self._rows}
        self._located.update((ip, located[ip]) for ip in changed_ips if ip in shown)
        for i, obs in updates.items():
            self._rows[i].observation = obs
        for i in affected:
            after = self._cells(self._rows[i])
            columns = [c for c in range(len(Column)) if before[i][c] != after[c]]
            for first, last in _runs(columns):
                self.dataChanged.emit(self.index(i, first), self.index(i, last), _CHANGED_ROLES)

    def _insert(
        self, observations: list[Observation], located: Mapping[str, LocatedEndpoint]
    ) -> None:
        if not observations:
            return
        for obs in observations:
            if obs.remote_ip is not None and obs.remote_ip in located:
                self._located[obs.remote_ip] = located[obs.remote_ip]
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(observations) - 1)
        for offset, obs in enumerate(observations):
            self._rows.append(_Row(obs))
            self._index[obs.key] = first + offset
        self.endInsertRows()

    def _reindex(self) -> None:
        self._index = {row.observation.key: i for i, row in enumerate(self._rows)}

    # --- queries -------------------------------------------------------------------------------

    def observation(self, row: int) -> Observation:
        return self._rows[row].observation

    def connection(self, row: int) -> LocatedConnection:
        obs = self._rows[row].observation
        return LocatedConnection(obs, self._endpoint(obs))

    def connections(self) -> list[LocatedConnection]:
        return [self.connection(i) for i in range(len(self._rows))]

    def row_of(self, key: tuple[object, ...]) -> int | None:
        return self._index.get(key)

    def row_texts(self, row: int) -> tuple[str, ...]:
        """Every column's display text, for the text filter."""
        current = self._rows[row]
        return tuple(self._text(current, column) for column in Column)

    def process_names(self, *, include_closed: bool = True) -> list[str]:
        """The distinct process column texts, sorted, for the process filter."""
        names = {
            self._text(row, Column.PROCESS)
            for row in self._rows
            if include_closed or not is_closed(row.observation)
        }
        return sorted(names, key=str.casefold)

    def summary(self, *, include_closed: bool = True) -> Summary:
        countries: set[str] = set()
        providers: set[str] = set()
        rows = [r for r in self._rows if include_closed or not is_closed(r.observation)]
        for row in rows:
            endpoint = self._endpoint(row.observation)
            if endpoint is None:
                continue
            if endpoint.location is not None and endpoint.location.country_code:
                countries.add(endpoint.location.country_code)
            provider = provider_label(endpoint)
            if provider:
                providers.add(provider)
        return Summary(len(rows), len(countries), len(providers))

    def remote_ips(self) -> set[str]:
        return {ip for row in self._rows if (ip := row.observation.remote_ip) is not None}

    def snapshot(self) -> ModelSnapshot:
        """What the rows show, copied for work on another thread (copies, so it is cheap)."""
        return ModelSnapshot(
            tuple(row.observation for row in self._rows),
            MappingProxyType(dict(self._located)),
            MappingProxyType(dict(self._hostnames)),
        )

    # --- cell contents -----------------------------------------------------------------------

    def _names_for(self, ip: str) -> tuple[str, ...]:
        if ip in self._hostnames:
            return self._hostnames[ip]
        answer = self._located.get(ip)
        return answer.endpoint.hostnames if answer is not None else ()

    def _endpoint(self, obs: Observation) -> LocatedEndpoint | None:
        return endpoint_for(obs, self._located, self._hostnames)

    def _cells(self, row: _Row) -> tuple[tuple[str, str], ...]:
        return tuple((self._text(row, c), self._tooltip(row, c)) for c in Column)

    def _text(self, row: _Row, column: Column) -> str:
        obs = row.observation
        if column == Column.PROCESS:
            if obs.process:
                return obs.process
            if obs.pid:
                return self.tr("pid %1").replace("%1", str(obs.pid))
            return "—" if is_closed(obs) else self.tr("Unknown")
        if column == Column.PORT:
            return str(obs.remote_port) if obs.remote_port is not None else ""
        if column == Column.IP:
            return obs.remote_ip or ""
        if column == Column.STATE:
            if obs.protocol == Protocol.UDP and obs.status in ("NONE", ""):
                return "UDP"
            return self._states.get(obs.status, obs.status.replace("_", " ").capitalize())
        endpoint = self._endpoint(obs)
        if endpoint is None:
            return ""
        if column == Column.HOST:
            return endpoint.endpoint.hostname or ""
        if column == Column.COUNTRY:
            return self._country_text(endpoint)
        if column == Column.CITY:
            location = endpoint.location
            if location is not None and location.city:
                return location.city
            if endpoint.is_edge or (location is not None and location.kind is LocationKind.EDGE):
                return self.tr("Nearby edge server")
            return ""
        if column == Column.PROVIDER:
            return provider_label(endpoint) or ""
        if column == Column.LAW:
            jurisdiction = _jurisdiction(endpoint)
            return jurisdiction_label(jurisdiction) if jurisdiction else ""
        raise AssertionError(column)

    def _law_chip(self, row: _Row) -> QIcon | None:
        endpoint = self._endpoint(row.observation)
        jurisdiction = _jurisdiction(endpoint) if endpoint is not None else None
        if not jurisdiction:
            return None
        chip = self._chips.get(jurisdiction)
        if chip is None:
            chip = self._chips[jurisdiction] = chip_icon(jurisdiction_colour(jurisdiction))
        return chip

    def _country_text(self, endpoint: LocatedEndpoint) -> str:
        if endpoint.scope is not AddressScope.PUBLIC:
            return self._scopes.get(endpoint.scope, "")
        code = endpoint.location.country_code if endpoint.location is not None else None
        if not code:
            return self.tr("Unknown")
        name = country_name(code, self._language)
        # Name and flag, or name and code where no font draws flags (the "flag or code").
        return f"{flag(code)} {name}" if self._show_flags else f"{name} ({code})"

    def _tooltip(self, row: _Row, column: Column) -> str:
        obs = row.observation
        if column == Column.PROCESS:
            if obs.pid is None and is_closed(obs):
                return self.tr("Closed: the system keeps the socket briefly; no program owns it.")
            lines = [obs.process or self.tr("Process name not readable")]
            if obs.pid is not None:
                lines.append(self.tr("Process id: %1").replace("%1", str(obs.pid)))
            lines.append(
                self.tr("Local address: %1").replace(
                    "%1", _join_address(obs.local_ip, obs.local_port)
                )
            )
            return "\n".join(lines)
        if column == Column.STATE:
            return f"{obs.protocol.value.upper()} {obs.status}"
        endpoint = self._endpoint(obs)
        if endpoint is None:
            return ""
        if column == Column.HOST:
            return "\n".join(endpoint.endpoint.hostnames)
        if column == Column.IP:
            return _join_address(endpoint.ip, obs.remote_port)
        if column in (Column.COUNTRY, Column.CITY):
            return self._location_tooltip(endpoint)
        if column == Column.PROVIDER:
            return self._provider_tooltip(endpoint)
        if column == Column.LAW:
            return self._law_tooltip(endpoint)
        return ""

    def _law_tooltip(self, endpoint: LocatedEndpoint) -> str:
        if endpoint.scope is not AddressScope.PUBLIC:
            return self.tr("The data stay on this device or your local network.")
        if endpoint.verdict is None:
            return self.tr("We could not tell which law applies: the place is unknown.")
        return endpoint.verdict.text(self._language)

    def _provider_tooltip(self, endpoint: LocatedEndpoint) -> str:
        lines: list[str] = []
        provider = endpoint.provider
        if provider is not None:
            lines.append(provider.name)
            if provider.parent:
                lines.append(self.tr("Part of %1").replace("%1", provider.parent))
            if provider.headquarters:
                hq = country_name(provider.headquarters, self._language)
                lines.append(self.tr("Headquarters: %1").replace("%1", hq))
        network = endpoint.network
        if network is not None:
            parts = [
                f"AS{network.asn}" if network.asn is not None else "",
                network.organisation or "",
            ]
            lines.append(" — ".join(part for part in parts if part))
        if endpoint.verdict is not None:
            lines.append(endpoint.verdict.text(self._language))
        return "\n".join(line for line in lines if line)

    def _location_tooltip(self, endpoint: LocatedEndpoint) -> str:
        location = endpoint.location
        if location is None:
            return self._country_text(endpoint)
        lines = []
        if location.country_code:
            name = country_name(location.country_code, self._language)
            lines.append(f"{name} ({location.country_code})")
        if location.city:
            lines.append(location.city)
        lines.append(self.tr("Precision: %1").replace("%1", self._kinds.get(location.kind, "")))
        if endpoint.edge is not None:
            lines.append(endpoint.edge.reason)
        if location.source:
            lines.append(self.tr("Source: %1").replace("%1", location.source))
        lines.extend(endpoint.notes)
        if endpoint.verdict is not None:
            lines.append(endpoint.verdict.text(self._language))
        return "\n".join(lines)

    def _sort_key(self, row: _Row, column: Column) -> object:
        obs = row.observation
        if column == Column.PORT:
            return obs.remote_port if obs.remote_port is not None else -1
        ip_key = _ip_sort_key(obs.remote_ip)
        if column == Column.IP:
            return ip_key
        # Ties (many rows share a country or a process) are broken by address, then port.
        port = obs.remote_port if obs.remote_port is not None else 0
        return f"{self._text(row, column).casefold()}\x1f{ip_key}\x1f{port:05d}"


def is_closed(obs: Observation) -> bool:
    return obs.status in CLOSED_STATES


def endpoint_for(
    obs: Observation,
    located: Mapping[str, LocatedEndpoint],
    hostnames: Mapping[str, tuple[str, ...]],
) -> LocatedEndpoint | None:
    """The row's remote end: the locator's answer (or just its address class) with the names
    known for it. Qt-free and read-only, so snapshots can be turned into rows on any thread."""
    ip = obs.remote_ip
    if ip is None:
        return None
    answer = located.get(ip)
    if answer is None:
        try:
            scope = classify(ip)
        except ValueError:
            scope = AddressScope.RESERVED
        answer = LocatedEndpoint(endpoint=Endpoint(ip=ip), scope=scope)
    names = hostnames.get(ip, answer.endpoint.hostnames)
    return answer.with_hostnames(names)


@dataclass(frozen=True, slots=True)
class ModelSnapshot:
    """The rows of the model at one moment, for building map entries off the GUI thread."""

    observations: tuple[Observation, ...]
    located: Mapping[str, LocatedEndpoint]
    hostnames: Mapping[str, tuple[str, ...]]

    def connections(self, *, include_closed: bool = True) -> list[LocatedConnection]:
        return [
            LocatedConnection(obs, endpoint_for(obs, self.located, self.hostnames))
            for obs in self.observations
            if include_closed or not is_closed(obs)
        ]


def _jurisdiction(endpoint: LocatedEndpoint) -> str | None:
    """The colour category of the law reaching a public address (None: not a public one)."""
    if endpoint.scope is not AddressScope.PUBLIC:
        return None
    return endpoint.verdict.category.value if endpoint.verdict is not None else UNKNOWN_JURISDICTION


def _join_address(ip: str, port: int | None) -> str:
    host = f"[{ip}]" if ":" in ip else ip
    return f"{host}:{port}" if port is not None else host


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) runs of consecutive values."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


class ConnectionsFilterProxy(QSortFilterProxyModel):
    """Sorting by typed keys and the shared filters (`FilterState`): free text over every
    column, then category, process, provider, law and accounts judged on the row's map entry."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = FilterState()
        self._structured = False  # whether rows are judged on their map entries
        self._entries: Mapping[str, MapEntry] = MappingProxyType({})
        self._show_closed = False
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def state(self) -> FilterState:
        return self._state

    @property
    def text_filter(self) -> str:
        return self._state.needle

    @property
    def process_filter(self) -> str | None:
        """The one process filtered on, if exactly one is."""
        processes = self._state.processes
        return next(iter(processes)) if processes is not None and len(processes) == 1 else None

    def set_state(self, state: FilterState) -> None:
        """Filter by ``state`` (the map is given the same one)."""
        if state != self._state:
            self.beginFilterChange()
            self._state = state
            self._structured = state.has_structured
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text_filter(self, text: str) -> None:
        self.set_state(replace(self._state, text=text))

    def set_process_filter(self, process: str | None) -> None:
        self.set_state(replace(self._state, processes=frozenset({process}) if process else None))

    def set_entries(self, entries: Mapping[str, MapEntry]) -> None:
        """The map entries by address, which the structured filters judge rows by."""
        self._entries = entries
        if self._structured:  # otherwise no row's fate depends on them
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def show_closed(self) -> bool:
        return self._show_closed

    def set_show_closed(self, show: bool) -> None:
        """Whether sockets of connections already over (TIME_WAIT…) are listed."""
        if show != self._show_closed:
            self.beginFilterChange()
            self._show_closed = show
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def visible_ips(self) -> set[str]:
        """The remote addresses of the rows shown (what the map shows when text is searched)."""
        model = self.sourceModel()
        if not isinstance(model, ConnectionsModel):
            return set()
        ips: set[str] = set()
        for row in range(self.rowCount()):
            source = self.mapToSource(self.index(row, 0)).row()
            ip = model.observation(source).remote_ip
            if ip is not None:
                ips.add(ip)
        return ips

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ConnectionsModel) or source_parent.isValid():
            return True
        obs = model.observation(source_row)
        if not self._show_closed and is_closed(obs):
            return False
        state = self._state
        texts = model.row_texts(source_row)
        if self._structured:
            entry = self._entries.get(obs.remote_ip) if obs.remote_ip is not None else None
            if not state.accepts_row(texts[Column.PROCESS], entry):
                return False
        needle = state.needle
        return not needle or any(needle in text.casefold() for text in texts)
