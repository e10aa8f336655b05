"""The connections table: one row per socket, updated in place on every poll.

A poll every two seconds must not reset the view (selection, scroll position and sort would
jump), so ``apply_diff`` inserts, removes and changes rows individually and only signals the
cells whose text really changed. Every string returned is plain text: host names and database
strings come from the network and are never interpreted as markup.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from app.core.addresses import classify
from app.core.connections import ConnectionDiff
from app.core.model import (
    AddressScope,
    Endpoint,
    LocatedConnection,
    LocatedEndpoint,
    LocationKind,
    Observation,
    Protocol,
)
from app.ui.qt import (
    QAbstractTableModel,
    QGuiApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPalette,
    QPersistentModelIndex,
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
    STATE = 7


# Custom roles: a typed sort key (ports sort as numbers, addresses numerically) and the row.
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
CONNECTION_ROLE = int(Qt.ItemDataRole.UserRole) + 2

# Sockets whose connection is over (the system keeps them a minute; no process owns them).
CLOSED_STATES = frozenset({"TIME_WAIT", "CLOSE"})

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CHANGED_ROLES = [_DISPLAY, _TOOLTIP, SORT_ROLE, CONNECTION_ROLE]


def ui_language(preferred: str | None = None) -> str:
    """The language for country names: the setting, else Qt's UI language; English fallback."""
    for candidate in (preferred, *QLocale().uiLanguages(), QLocale().name()):
        if candidate:
            code = candidate.replace("-", "_").split("_")[0].lower()
            if code in SUPPORTED_LANGUAGES:
                return code
    return "en"


@lru_cache(maxsize=8)
def _territories(language: str) -> Mapping[str, str]:
    try:
        return dict(Locale.parse(language).territories)
    except (UnknownLocaleError, ValueError):
        log.warning("no country names for language %r; using English", language)
        return dict(Locale.parse("en").territories)


def country_name(code: str, language: str) -> str:
    """The country's name in ``language`` (babel/CLDR); the code itself when unknown."""
    return _territories(language).get(code.upper(), code.upper())


def flag_emoji(code: str) -> str:
    """The flag of an ISO 3166-1 alpha-2 code, as a pair of regional indicator symbols."""
    code = code.upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code)


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
            provider = _provider_name(endpoint)
            if provider:
                providers.add(provider)
        return Summary(len(rows), len(countries), len(providers))

    def remote_ips(self) -> set[str]:
        return {ip for row in self._rows if (ip := row.observation.remote_ip) is not None}

    # --- cell contents -----------------------------------------------------------------------

    def _names_for(self, ip: str) -> tuple[str, ...]:
        if ip in self._hostnames:
            return self._hostnames[ip]
        answer = self._located.get(ip)
        return answer.endpoint.hostnames if answer is not None else ()

    def _endpoint(self, obs: Observation) -> LocatedEndpoint | None:
        ip = obs.remote_ip
        if ip is None:
            return None
        answer = self._located.get(ip)
        if answer is None:
            try:
                scope = classify(ip)
            except ValueError:
                scope = AddressScope.RESERVED
            answer = LocatedEndpoint(endpoint=_endpoint_of(ip), scope=scope)
        return answer.with_hostnames(self._names_for(ip))

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
            return _provider_name(endpoint)
        raise AssertionError(column)

    def _country_text(self, endpoint: LocatedEndpoint) -> str:
        if endpoint.scope is not AddressScope.PUBLIC:
            return self._scopes.get(endpoint.scope, "")
        code = endpoint.location.country_code if endpoint.location is not None else None
        if not code:
            return self.tr("Unknown")
        flag = flag_emoji(code) if self._show_flags else ""
        name = country_name(code, self._language)
        return f"{flag} {name}" if flag else name

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
        return ""

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


def _endpoint_of(ip: str, hostnames: tuple[str, ...] = ()) -> Endpoint:
    return Endpoint(ip=ip, hostnames=hostnames)


def _provider_name(endpoint: LocatedEndpoint) -> str:
    """The company from the provider registry, else the network's registered owner."""
    if endpoint.provider is not None:
        return endpoint.provider.name
    network = endpoint.network
    return (network.organisation or "") if network is not None else ""


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
    """Sorting by typed keys, a free-text filter over every column and a process filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._process: str | None = None
        self._show_closed = False
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def text_filter(self) -> str:
        return self._text

    @property
    def process_filter(self) -> str | None:
        return self._process

    def set_text_filter(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
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

    def set_process_filter(self, process: str | None) -> None:
        process = process or None
        if process != self._process:
            self.beginFilterChange()
            self._process = process
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ConnectionsModel) or source_parent.isValid():
            return True
        if not self._show_closed and is_closed(model.observation(source_row)):
            return False
        texts = model.row_texts(source_row)
        if self._process is not None and texts[Column.PROCESS] != self._process:
            return False
        return not self._text or any(self._text in text.casefold() for text in texts)
