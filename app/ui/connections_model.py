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

import logging
import time
from collections import ChainMap, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import partial
from types import MappingProxyType
from typing import NamedTuple

from app.core.addresses import ip_sort_key
from app.core.anonymise import AS_IS, Shown, shown_endpoint
from app.core.collation import collation_key
from app.core.countries import country_name, flag
from app.core.geo.labels import source_text
from app.core.i18n import choose_language, translations
from app.core.jurisdiction import format_as_of
from app.core.map_marks import UNKNOWN_JURISDICTION, MapEntry, provider_label
from app.core.model import (
    AddressScope,
    LocatedConnection,
    LocatedEndpoint,
    LocationKind,
    Observation,
    Protocol,
)
from app.core.session.diff import ConnectionDiff
from app.core.session.rows import NO_NAMES, RowsSnapshot, endpoint_for
from app.core.text import visible
from app.ui.filter_state import FilterState
from app.ui.map.describe import claimed_note, host_label
from app.ui.palette import jurisdiction_colour, jurisdiction_label
from app.ui.qt import (
    QAbstractTableModel,
    QColor,
    QGuiApplication,
    QIcon,
    QModelIndex,
    QObject,
    QPainter,
    QPalette,
    QPersistentModelIndex,
    QPixmap,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
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

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_CHANGED_ROLES = [_DISPLAY, _TOOLTIP, _DECORATION, SORT_ROLE, CONNECTION_ROLE]
CHIP_SIZE = 10  # the law column's colour dot, in device-independent pixels
# Rows applied per event-loop turn: each batch costs the proxy a sorted insertion per row.
BATCH_ROWS = 100
BATCH_SECONDS = 0.03  # and no more time than this per turn, whatever the rows
REMOVALS_PER_ROW = 5  # a removal apart from others weighs as much as this many inserted rows


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


class RowCells(NamedTuple):
    """One row's cells, worked out once (on any thread) so painting, sorting and filtering
    only read them: 20,000 rows re-formatted on every poll stalled the window for seconds.

    A tuple of plain values on purpose: the garbage collector stops tracking such tuples, and
    a full collection over 20,000 rows of tracked objects stalls the window by itself.
    """

    texts: tuple[str, ...]  # per column, made visible (control, bidi, undecodable spelled out)
    tooltips: tuple[str, ...]
    sort_keys: tuple[object, ...]
    folded: tuple[str, ...]  # texts case-folded, for the search
    jurisdiction: str | None
    country: str | None
    provider: str | None
    closed: bool


@dataclass(frozen=True, slots=True)
class Summary:
    """What the status bar counts."""

    connections: int
    countries: int
    providers: int


@dataclass(frozen=True, slots=True)
class PreparedDiff:
    """A poll's diff with the cells of its new rows, made off the GUI thread."""

    diff: ConnectionDiff
    located: Mapping[str, LocatedEndpoint]
    cells: Mapping[tuple[object, ...], RowCells]  # by Observation.key, for diff.new
    # What each row's cells were made from (answer, names): the model re-checks it on insertion.
    basis: Mapping[tuple[object, ...], tuple[LocatedEndpoint | None, tuple[str, ...]]]
    shown: Shown = AS_IS  # what the cells hid (Anonymise): cells of another setting are redone


@dataclass(frozen=True, slots=True)
class _Words:
    """The model's translated words, looked up once on the GUI thread (formatting may not)."""

    pid: str
    unknown: str
    many_countries: str
    edge_city: str
    claimed: str
    claimed_note: str
    closed_socket: str
    no_process_name: str
    process_id: str
    local_address: str
    local_only: str
    no_law: str
    part_of: str
    headquarters: str
    precision: str
    source: str
    legal_source: str
    states: Mapping[str, str]
    scopes: Mapping[AddressScope, str]
    kinds: Mapping[LocationKind, str]


def _basis(
    obs: Observation,
    located: Mapping[str, LocatedEndpoint],
    hostnames: Mapping[str, tuple[str, ...]],
) -> tuple[LocatedEndpoint | None, tuple[str, ...]]:
    """The answer and the names a row's cells are made from."""
    ip = obs.remote_ip
    if ip is None:
        return None, ()
    answer = located.get(ip)
    if ip in hostnames:
        return answer, hostnames[ip]
    return answer, answer.endpoint.hostnames if answer is not None else ()


def _shown_fields(obs: Observation) -> tuple[object, ...]:
    """What of an observation the cells show (seen_at changes every poll and is not shown)."""
    return (obs.pid, obs.process, obs.protocol, obs.local_ip, obs.local_port, obs.status)


class RowFormatter:
    """Turns an observation and its answer into `RowCells`. Qt-free and read-only once made,
    so poll tasks use it off the GUI thread."""

    def __init__(
        self,
        words: _Words,
        language: str,
        show_flags: bool,
        home: str | None = None,
        shown: Shown = AS_IS,
    ) -> None:
        self._words = words
        self._language = language
        self._show_flags = show_flags
        self._home = home  # the reader's country: the GDPR protects people who live in the EU
        self.shown = shown  # Anonymise: addresses, names and e-mails hidden in every cell

    def with_home(self, home: str | None) -> RowFormatter:
        return RowFormatter(self._words, self._language, self._show_flags, home, self.shown)

    def with_shown(self, shown: Shown) -> RowFormatter:
        return RowFormatter(self._words, self._language, self._show_flags, self._home, shown)

    def prepare(
        self,
        diff: ConnectionDiff,
        located: Mapping[str, LocatedEndpoint],
        known: Mapping[str, LocatedEndpoint],
        hostnames: Mapping[str, tuple[str, ...]],
        confirmed: Mapping[str, tuple[str, ...]] = NO_NAMES,
    ) -> PreparedDiff:
        """The cells of ``diff.new`` (any thread): ``known`` and ``hostnames`` are copies of
        what the model held when the poll started; the model re-checks them on insertion."""
        answers = ChainMap(dict(located), dict(known))
        cells = {obs.key: self.cells(obs, answers, hostnames, confirmed) for obs in diff.new}
        basis = {obs.key: _basis(obs, answers, hostnames) for obs in diff.new}
        return PreparedDiff(
            diff,
            MappingProxyType(dict(located)),
            MappingProxyType(cells),
            MappingProxyType(basis),
            self.shown,
        )

    def cells(
        self,
        obs: Observation,
        located: Mapping[str, LocatedEndpoint],
        hostnames: Mapping[str, tuple[str, ...]],
        confirmed: Mapping[str, tuple[str, ...]] = NO_NAMES,
    ) -> RowCells:
        ip = obs.remote_ip
        endpoint = endpoint_for(obs, located, hostnames, confirmed)
        hide = self.shown.text  # the catch-all: every cell, whatever its own rule
        texts = tuple(visible(hide(self._text(obs, endpoint, column))) for column in Column)
        tooltips = tuple(
            "\n".join(visible(hide(line)) for line in self._tooltip(obs, endpoint, column))
            for column in Column
        )
        ip_key = ip_sort_key(ip)
        port = obs.remote_port if obs.remote_port is not None else 0
        folded = tuple(text.casefold() for text in texts)
        tie = f"\x1f{ip_key}\x1f{port:05d}"
        sort_keys: list[object] = [f"{collation_key(text)}{tie}" for text in texts]
        # Countries sort by their name in the reader's language, not by a flag's letters.
        sort_keys[Column.COUNTRY] = f"{collation_key(self._country_sort_text(endpoint))}{tie}"
        sort_keys[Column.PORT] = obs.remote_port if obs.remote_port is not None else -1
        sort_keys[Column.IP] = ip_key
        public = endpoint is not None and endpoint.scope is AddressScope.PUBLIC
        location = endpoint.location if endpoint is not None else None
        return RowCells(
            texts=texts,
            tooltips=tooltips,
            sort_keys=tuple(sort_keys),
            folded=folded,
            jurisdiction=_jurisdiction(endpoint) if endpoint is not None else None,
            country=location.country_code if public and location is not None else None,
            provider=visible(provider_label(endpoint) or "") or None if endpoint else None,
            closed=obs.closed,
        )

    def _text(self, obs: Observation, endpoint: LocatedEndpoint | None, column: Column) -> str:
        words = self._words
        if column == Column.PROCESS:
            if obs.process:
                return obs.process
            if obs.pid:
                return words.pid.replace("%1", str(obs.pid))
            return "—" if obs.closed else words.unknown
        if column == Column.PORT:
            return str(obs.remote_port) if obs.remote_port is not None else ""
        if column == Column.IP:
            return self.shown.ip(obs.remote_ip) if obs.remote_ip else ""
        if column == Column.STATE:
            if obs.protocol == Protocol.UDP and obs.status in ("NONE", ""):
                return "UDP"
            return words.states.get(obs.status, obs.status.replace("_", " ").capitalize())
        if endpoint is None:
            return ""
        if column == Column.HOST:
            return host_label(shown_endpoint(endpoint.endpoint, self.shown), words.claimed)
        if column == Column.COUNTRY:
            return self._country_text(endpoint)
        if column == Column.CITY:
            location = endpoint.location
            if location is not None and location.city:
                return location.city
            if endpoint.is_edge or (location is not None and location.kind is LocationKind.EDGE):
                return words.edge_city
            return ""
        if column == Column.PROVIDER:
            return provider_label(endpoint) or ""
        if column == Column.LAW:
            jurisdiction = _jurisdiction(endpoint)
            return jurisdiction_label(jurisdiction) if jurisdiction else ""
        raise AssertionError(column)

    def _country_sort_text(self, endpoint: LocatedEndpoint | None) -> str:
        """The country column's words without the flag or code shown beside the name."""
        if endpoint is None:
            return ""
        code = endpoint.location.country_code if endpoint.location is not None else None
        if endpoint.scope is AddressScope.PUBLIC and code:
            return country_name(code, self._language)
        return self._country_text(endpoint)

    def _country_text(self, endpoint: LocatedEndpoint) -> str:
        if endpoint.scope is not AddressScope.PUBLIC:
            return self._words.scopes.get(endpoint.scope, "")
        code = endpoint.location.country_code if endpoint.location is not None else None
        if not code and endpoint.edge is not None and endpoint.edge.kind.is_anycast:
            return self._words.many_countries  # served from many places at once, not unknown
        if not code:
            return self._words.unknown
        name = country_name(code, self._language)
        # Name and flag, or name and code where no font draws flags (the "flag or code").
        return f"{flag(code)} {name}" if self._show_flags else f"{name} ({code})"

    def _tooltip(
        self, obs: Observation, endpoint: LocatedEndpoint | None, column: Column
    ) -> list[str]:
        """The tooltip's lines (each made visible by the caller)."""
        words = self._words
        if column == Column.PROCESS:
            if obs.pid is None and obs.closed:
                return [words.closed_socket]
            lines = [obs.process or words.no_process_name]
            if obs.pid is not None:
                lines.append(words.process_id.replace("%1", str(obs.pid)))
            address = _join_address(self.shown.ip(obs.local_ip), obs.local_port)
            lines.append(words.local_address.replace("%1", address))
            return lines
        if column == Column.STATE:  # the protocol's own state name (RFC 9293), for the curious
            protocol = obs.protocol.value.upper()
            return [f"{protocol} {obs.status}" if obs.status not in ("NONE", "") else protocol]
        if endpoint is None:
            return []
        if column == Column.HOST:
            names = [self.shown.host(name) for name in endpoint.endpoint.hostnames]
            return [*names, words.claimed_note] if endpoint.endpoint.claimed else names
        if column == Column.IP:
            return [_join_address(self.shown.ip(endpoint.ip), obs.remote_port)]
        if column in (Column.COUNTRY, Column.CITY):
            return self._location_tooltip(endpoint)
        if column == Column.PROVIDER:
            return self._provider_tooltip(endpoint)
        if column == Column.LAW:
            return self._law_tooltip(endpoint)
        return []

    def _law_tooltip(self, endpoint: LocatedEndpoint) -> list[str]:
        if endpoint.scope is not AddressScope.PUBLIC:
            return [self._words.local_only]
        verdict = endpoint.verdict
        if verdict is None:
            return [self._words.no_law]
        lines = [verdict.text(self._language, self._home)]
        # The texts' dates, not their citations (in their own language: for the report).
        dates = dict.fromkeys(s.as_of for s in verdict.sources_for(self._home))
        if dates:
            checked = ", ".join(format_as_of(as_of, self._language) for as_of in dates)
            lines.append(self._words.legal_source.replace("%1", checked))
        return lines

    def _provider_tooltip(self, endpoint: LocatedEndpoint) -> list[str]:
        words = self._words
        lines: list[str] = []
        provider = endpoint.provider
        if provider is not None:
            lines.append(provider.name)
            if provider.parent:
                lines.append(words.part_of.replace("%1", provider.parent))
            if provider.headquarters:
                hq = country_name(provider.headquarters, self._language)
                lines.append(words.headquarters.replace("%1", hq))
        network = endpoint.network
        if network is not None:
            parts = [
                f"AS{network.asn}" if network.asn is not None else "",
                network.organisation or "",
            ]
            lines.append(" — ".join(part for part in parts if part))
        if endpoint.verdict is not None:
            lines.append(endpoint.verdict.text(self._language, self._home))
        return [line for line in lines if line]

    def _location_tooltip(self, endpoint: LocatedEndpoint) -> list[str]:
        words = self._words
        location = endpoint.location
        if location is None:
            return [self._country_text(endpoint)]
        lines = []
        if location.country_code:
            name = country_name(location.country_code, self._language)
            lines.append(f"{name} ({location.country_code})")
        if location.city:
            lines.append(location.city)
        lines.append(words.precision.replace("%1", words.kinds.get(location.kind, "")))
        if endpoint.edge is not None:
            lines.append(endpoint.edge.reason.text(translations(self._language)))
        if location.source:
            source = source_text(location.source, translations(self._language))
            lines.append(words.source.replace("%1", source))
        lines.extend(note.text(translations(self._language)) for note in endpoint.notes)
        if endpoint.verdict is not None:
            lines.append(endpoint.verdict.text(self._language, self._home))
        return lines


class ConnectionsModel(QAbstractTableModel):
    """All current connections; ``apply_prepared`` keeps it in step with the session's polls:
    it applies a large diff in batches of ``batch_rows`` rows, one batch per
    event-loop turn (each with its own begin/end signals, never a reset), and emits `applied`
    when all of it is in; a diff that fits in one batch is applied before it returns.
    """

    applied = Signal()  # every change given to apply_prepared is in the rows

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        language: str | None = None,
        show_flags: bool = True,
        batch_rows: int = BATCH_ROWS,
    ) -> None:
        super().__init__(parent)
        self._language = choose_language(language)
        self._batch_rows = max(1, batch_rows)
        # Two parallel lists, not one object per row: fewer objects for the garbage collector.
        self._observations: list[Observation] = []  # the latest poll's (seen_at moves on)
        self._cells: list[RowCells] = []
        self._keys: list[tuple[object, ...]] = []  # Observation.key builds a tuple per call
        self._index: dict[tuple[object, ...], int] = {}
        self._by_ip: dict[str, tuple[int, ...]] = {}
        self._index_stale = False
        self._by_ip_stale = False
        self._located: dict[str, LocatedEndpoint] = {}
        self._hostnames: dict[str, tuple[str, ...]] = {}
        self._confirmed: dict[str, tuple[str, ...]] = {}  # which of those names are confirmed
        self._pending: deque[Callable[[], int]] = deque()  # each step returns the rows it did
        self._batch_timer = QTimer(self)
        self._batch_timer.setSingleShot(True)
        self._batch_timer.setInterval(0)
        self._batch_timer.timeout.connect(self._run_batch)
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
        words = _Words(
            pid=self.tr("pid %1"),
            unknown=self.tr("Unknown"),
            many_countries=self.tr("Many countries (anycast)"),
            edge_city=self.tr("Nearby edge server"),
            claimed=self.tr("%1 (claimed)"),
            claimed_note=claimed_note(),
            closed_socket=self.tr(
                "Closed: the system keeps the socket briefly; no program owns it."
            ),
            no_process_name=self.tr("Process name not readable"),
            process_id=self.tr("Process id: %1"),
            local_address=self.tr("Local address: %1"),
            local_only=self.tr("The data stay on this device or your local network."),
            no_law=self.tr("We could not tell which law applies: the place is unknown."),
            part_of=self.tr("Part of %1"),
            headquarters=self.tr("Headquarters: %1"),
            precision=self.tr("Precision: %1"),
            source=self.tr("Source: %1"),
            # TRANSLATORS: %1 the dates the legal texts behind a verdict were last checked.
            legal_source=self.tr("Legal texts as of %1"),
            states=MappingProxyType(
                {
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
            ),
            scopes=MappingProxyType(
                {
                    AddressScope.THIS_DEVICE: self.tr("This device"),
                    AddressScope.LOCAL_NETWORK: self.tr("Local network"),
                    AddressScope.MULTICAST: self.tr("Multicast"),
                    AddressScope.RESERVED: self.tr("Special-purpose address"),
                }
            ),
            kinds=MappingProxyType(
                {
                    LocationKind.EXACT: self.tr("city or data-centre region"),
                    LocationKind.ZONE: self.tr("country only"),
                    LocationKind.EDGE: self.tr("anycast or CDN edge: served from a nearby point"),
                }
            ),
        )
        self._formatter = RowFormatter(words, self._language, show_flags)
        self._chips: dict[str, QIcon] = {}

    def set_shown(self, shown: Shown) -> None:
        """Anonymise on or off: every row's cells are redone (the rows stay: no reset)."""
        self._formatter = self._formatter.with_shown(shown)
        self._refresh(range(len(self._observations)))

    @property
    def shown(self) -> Shown:
        return self._formatter.shown

    def set_home(self, home: str | None) -> None:
        """The reader's country changed (settings): the law texts that depend on it are redone."""
        self._formatter = self._formatter.with_home(home)
        self._refresh(range(len(self._observations)))

    @property
    def language(self) -> str:
        return self._language

    @property
    def applying(self) -> bool:
        """Whether batches of a diff are still waiting to be applied."""
        return bool(self._pending)

    # --- Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 — Qt's idiom
        return 0 if parent.isValid() else len(self._cells)

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
        # Called per cell and per comparison while sorting: it only reads prepared cells.
        row_number = index.row()
        if not index.isValid() or not 0 <= row_number < len(self._cells):
            return None
        cells = self._cells[row_number]
        column = index.column()
        if role == SORT_ROLE:
            return cells.sort_keys[column]
        if role == _DISPLAY:
            return cells.texts[column]
        if role == _TOOLTIP:
            return cells.tooltips[column] or None
        if role == _DECORATION and column == Column.LAW:
            return self._law_chip(cells.jurisdiction)
        if role == CONNECTION_ROLE:
            return self.connection(row_number)
        if role == int(Qt.ItemDataRole.TextAlignmentRole) and column == Column.PORT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == int(Qt.ItemDataRole.ForegroundRole) and cells.closed:
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None

    # --- updates -----------------------------------------------------------------------------

    def preparer(self) -> Callable[[ConnectionDiff, Mapping[str, LocatedEndpoint]], PreparedDiff]:
        """``prepare(diff, located)`` for a poll task: the cells of new rows, off the GUI thread.

        It holds copies of what the model knows now (cheap: dictionaries of references).
        """
        return partial(
            self._formatter.prepare,
            known=MappingProxyType(dict(self._located)),
            hostnames=MappingProxyType(dict(self._hostnames)),
            confirmed=MappingProxyType(dict(self._confirmed)),
        )

    def apply_prepared(self, prepared: PreparedDiff) -> None:
        """Queue a prepared poll: closed rows go, kept rows are updated, new rows are appended,
        ``batch_rows`` at a time, one batch per event-loop turn. `applied` follows."""
        diff, located = prepared.diff, prepared.located
        size = self._batch_rows
        closed = [obs.key for obs in diff.closed]
        # Rows closed apart cost the proxy a pass over its mapping each: fewer per batch.
        removals = max(1, size // REMOVALS_PER_ROW)
        for start in range(0, len(closed), removals):
            self._pending.append(partial(self._remove, closed[start : start + removals]))
        self._pending.append(partial(self._update_answers, located))
        kept = (*diff.unchanged, *diff.new)
        fresh: list[Observation] = []
        for start in range(0, len(kept), size):
            self._pending.append(partial(self._update, kept[start : start + size], fresh))
        self._pending.append(partial(self._queue_inserts, fresh, prepared))
        self._run_batch()

    def finish_pending(self) -> None:
        """Apply every queued batch now (small diffs, and tests that need it at once)."""
        while self._pending:
            self._run_batch()

    def _run_batch(self) -> None:
        """Run queued steps until ``batch_rows`` rows were touched or the turn's time is up
        (a poll in flight on a worker slows every call Qt makes into Python); the rest on the
        next turn."""
        done = 0
        deadline = time.monotonic() + BATCH_SECONDS
        while self._pending and done < self._batch_rows:
            done += self._pending.popleft()()
            if time.monotonic() > deadline:
                break
        if self._pending:
            self._batch_timer.start()
        else:
            self._batch_timer.stop()
            self.applied.emit()

    def update_locations(self, located: Mapping[str, LocatedEndpoint]) -> None:
        """New answers for addresses already shown (e.g. after the databases changed)."""
        self._update_answers(located)

    def update_hostnames(
        self, ip: str, names: Iterable[str], confirmed: Iterable[str] = ()
    ) -> None:
        """PTR names arrived for ``ip`` (``confirmed``: those that lead back to it): refresh
        the cells of its rows, and nothing else."""
        names, confirmed = tuple(names), tuple(confirmed)
        rows = self._rows_of_ip(ip)
        if not rows or (self._names_for(ip), self._confirmed.get(ip)) == (names, confirmed):
            return
        self._hostnames[ip] = names
        self._confirmed[ip] = confirmed
        self._refresh(rows)

    def clear(self) -> None:
        """Forget every row (the watcher was replaced); the one place a reset is right."""
        waiting = bool(self._pending)
        self._pending.clear()
        self._batch_timer.stop()
        self.beginResetModel()
        self._observations.clear()
        self._cells.clear()
        self._keys.clear()
        self._index.clear()
        self._by_ip.clear()
        self._located.clear()
        self._hostnames.clear()
        self._confirmed.clear()
        self.endResetModel()
        if waiting:
            self.applied.emit()

    def _remove(self, keys: Sequence[tuple[object, ...]]) -> int:
        index = self._fresh_index()
        rows = sorted({index[key] for key in keys if key in index})
        runs = _runs(rows)
        for first, last in reversed(runs):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._observations[first : last + 1]
            del self._cells[first : last + 1]
            del self._keys[first : last + 1]
            self._index_stale = self._by_ip_stale = True
            self.endRemoveRows()
        if rows:
            self._forget_unshown()
        return len(runs) * REMOVALS_PER_ROW + len(rows) - len(runs)

    def _forget_unshown(self) -> None:
        kept = {obs.remote_ip for obs in self._observations}
        for cache in (self._located, self._hostnames, self._confirmed):
            for ip in [ip for ip in cache if ip not in kept]:
                del cache[ip]

    def _update_answers(self, located: Mapping[str, LocatedEndpoint]) -> int:
        """Store new answers for addresses shown and refresh their rows."""
        by_ip = self._fresh_by_ip()
        changed = [
            ip for ip, answer in located.items() if ip in by_ip and self._located.get(ip) != answer
        ]
        self._located.update((ip, located[ip]) for ip in changed)
        rows = sorted(row for ip in changed for row in by_ip[ip])
        self._refresh(rows)
        return len(rows)

    def _update(self, observations: Sequence[Observation], fresh: list[Observation]) -> int:
        """Kept sockets: new observations in place, cells redone only where shown fields
        changed; those not in the table yet join ``fresh``."""
        index = self._fresh_index()
        changed: list[int] = []
        for obs in observations:
            row_number = index.get(obs.key)
            if row_number is None:
                fresh.append(obs)
                continue
            if _shown_fields(self._observations[row_number]) != _shown_fields(obs):
                changed.append(row_number)
            self._observations[row_number] = obs
        self._refresh(sorted(changed))
        return len(observations)

    def _refresh(self, rows: Sequence[int]) -> None:
        """Redo the cells of ``rows`` (sorted) and signal the columns whose cells changed."""
        for row_number in rows:
            before = self._cells[row_number]
            after = self._cells[row_number] = self._make_cells(self._observations[row_number])
            columns = [
                c
                for c in range(len(Column))
                if before.texts[c] != after.texts[c] or before.tooltips[c] != after.tooltips[c]
            ]
            for first, last in _runs(columns):
                self.dataChanged.emit(
                    self.index(row_number, first), self.index(row_number, last), _CHANGED_ROLES
                )

    def _queue_inserts(self, fresh: list[Observation], prepared: PreparedDiff) -> int:
        """Queue the new rows in batches (the front of the queue: they come before `applied`)."""
        size = self._batch_rows
        steps = [
            partial(self._insert, fresh[start : start + size], prepared)
            for start in range(0, len(fresh), size)
        ]
        self._pending.extendleft(reversed(steps))
        return 0

    def _insert(self, observations: Sequence[Observation], prepared: PreparedDiff) -> int:
        if not observations:
            return 0
        index = self._fresh_index()
        observations = [obs for obs in observations if obs.key not in index]
        for obs in observations:
            ip = obs.remote_ip
            if ip is not None and ip in prepared.located:
                self._located[ip] = prepared.located[ip]
        cells = [self._checked_cells(obs, prepared) for obs in observations]
        if not cells:
            return 0
        first = len(self._cells)
        self.beginInsertRows(QModelIndex(), first, first + len(cells) - 1)
        keys = [obs.key for obs in observations]
        self._observations.extend(observations)
        self._cells.extend(cells)
        self._keys.extend(keys)
        for offset, key in enumerate(keys):
            index[key] = first + offset
        self._by_ip_stale = True
        self.endInsertRows()
        return len(cells)

    def _checked_cells(self, obs: Observation, prepared: PreparedDiff) -> RowCells:
        """The prepared cells, unless the answer or names changed since they were made."""
        cells = prepared.cells.get(obs.key)
        basis = prepared.basis.get(obs.key)
        ip = obs.remote_ip
        if cells is not None and basis is not None and prepared.shown is self._formatter.shown:
            answer, names = basis
            if ip is None or (self._located.get(ip) is answer and self._names_for(ip) == names):
                return cells
        return self._make_cells(obs)

    def _make_cells(self, obs: Observation) -> RowCells:
        return self._formatter.cells(obs, self._located, self._hostnames, self._confirmed)

    def _fresh_index(self) -> dict[tuple[object, ...], int]:
        if self._index_stale:
            self._index = {key: i for i, key in enumerate(self._keys)}
            self._index_stale = False
        return self._index

    def _fresh_by_ip(self) -> dict[str, tuple[int, ...]]:
        if self._by_ip_stale:
            rows: dict[str, list[int]] = {}
            for i, obs in enumerate(self._observations):
                if (ip := obs.remote_ip) is not None:
                    rows.setdefault(ip, []).append(i)
            # Tuples of numbers: the garbage collector stops tracking them (lists it never does).
            self._by_ip = {ip: tuple(numbers) for ip, numbers in rows.items()}
            self._by_ip_stale = False
        return self._by_ip

    def _rows_of_ip(self, ip: str) -> tuple[int, ...]:
        return self._fresh_by_ip().get(ip, ())

    # --- queries -------------------------------------------------------------------------------

    def observation(self, row: int) -> Observation:
        return self._observations[row]

    def cells(self, row: int) -> RowCells:
        """The row's prepared cells (what the view shows and the filters match)."""
        return self._cells[row]

    def connection(self, row: int) -> LocatedConnection:
        obs = self._observations[row]
        return LocatedConnection(obs, self._endpoint(obs))

    def connections(self) -> list[LocatedConnection]:
        return [self.connection(i) for i in range(len(self._observations))]

    def row_of(self, key: tuple[object, ...]) -> int | None:
        return self._fresh_index().get(key)

    def process_names(self, *, include_closed: bool = True) -> list[str]:
        """The distinct process column texts (as shown), sorted, for the process filter."""
        names = {
            cells.texts[Column.PROCESS]
            for cells in self._cells
            if include_closed or not cells.closed
        }
        return sorted(names, key=str.casefold)

    def summary(self, *, include_closed: bool = True) -> Summary:
        cells = [c for c in self._cells if include_closed or not c.closed]
        countries = {c.country for c in cells if c.country}
        providers = {c.provider for c in cells if c.provider}
        return Summary(len(cells), len(countries), len(providers))

    def snapshot(self) -> RowsSnapshot:
        """What the rows show, copied for work on another thread (copies, so it is cheap)."""
        return RowsSnapshot(
            tuple(self._observations),
            MappingProxyType(dict(self._located)),
            MappingProxyType(dict(self._hostnames)),
            MappingProxyType(dict(self._confirmed)),
        )

    # --- cell contents -----------------------------------------------------------------------

    def _names_for(self, ip: str) -> tuple[str, ...]:
        if ip in self._hostnames:
            return self._hostnames[ip]
        answer = self._located.get(ip)
        return answer.endpoint.hostnames if answer is not None else ()

    def _endpoint(self, obs: Observation) -> LocatedEndpoint | None:
        return endpoint_for(obs, self._located, self._hostnames, self._confirmed)

    def _law_chip(self, jurisdiction: str | None) -> QIcon | None:
        if not jurisdiction:
            return None
        chip = self._chips.get(jurisdiction)
        if chip is None:
            chip = self._chips[jurisdiction] = chip_icon(jurisdiction_colour(jurisdiction))
        return chip


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

    def set_state(self, state: FilterState) -> None:
        """Filter by ``state`` (the map is given the same one)."""
        if state != self._state:
            self.beginFilterChange()
            self._state = state
            self._structured = state.has_structured
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

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
        """The remote addresses of the rows shown (what the map shows when text is searched).

        Judged on the model's rows directly: walking 20,000 proxy indexes took 100 ms.
        """
        model = self.sourceModel()
        if not isinstance(model, ConnectionsModel):
            return set()
        return {
            ip
            for row in range(model.rowCount())
            if (ip := model.observation(row).remote_ip) is not None and self._accepts(model, row)
        }

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ConnectionsModel) or source_parent.isValid():
            return True
        return self._accepts(model, source_row)

    def _accepts(self, model: ConnectionsModel, source_row: int) -> bool:
        cells = model.cells(source_row)
        if not self._show_closed and cells.closed:
            return False
        state = self._state
        if self._structured:
            ip = model.observation(source_row).remote_ip
            entry = self._entries.get(ip) if ip is not None else None
            if not state.accepts_row(cells.texts[Column.PROCESS], entry):
                return False
        needle = state.needle
        return not needle or any(needle in text for text in cells.folded)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        """The model's, plus which of the user's accounts a connection goes to, in the
        tool tip of its process and host (which program talks to which account)."""
        value = super().data(index, role)
        if role != _TOOLTIP or index.column() not in (Column.PROCESS, Column.HOST):
            return value
        model = self.sourceModel()
        if not isinstance(model, ConnectionsModel):
            return value
        ip = model.observation(self.mapToSource(index).row()).remote_ip
        entry = self._entries.get(ip) if ip is not None else None
        if entry is None or not entry.accounts:
            return value
        accounts = ", ".join(model.shown.account(label) for label in entry.accounts)
        said = self.tr("Your account: %1").replace("%1", accounts)
        return f"{value}\n{said}" if isinstance(value, str) and value else said

    def lessThan(self, source_left: ModelIndex, source_right: ModelIndex) -> bool:
        """The prepared sort keys compared directly: one call per comparison, not two data()."""
        model = self.sourceModel()
        if not isinstance(model, ConnectionsModel):
            return super().lessThan(source_left, source_right)
        column = source_left.column()
        left = model.cells(source_left.row()).sort_keys[column]
        right = model.cells(source_right.row()).sort_keys[column]
        return bool(left < right)  # type: ignore[operator]  # one type per column: int or str
