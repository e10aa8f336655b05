"""The alerts log as a table: when, which program, what happened, where.

The log comes newest first and grows at the top, so a refresh inserts the new alerts above the
rows already shown (and removes, at the bottom, those the history no longer keeps): the view's
selection and scroll position stay. Every cell is plain text; program and company names come
from the history file and pass through `visible()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum

from app.core.countries import country_name
from app.core.history.alerts import alert_message
from app.core.history.store import Alert
from app.core.i18n import translations
from app.core.text import visible
from app.ui.qt import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

ModelIndex = QModelIndex | QPersistentModelIndex


class AlertColumn(IntEnum):
    WHEN = 0
    PROGRAM = 1
    WHAT = 2
    WHERE = 3


@dataclass(frozen=True, slots=True)
class AlertRow:
    alert: Alert
    cells: tuple[str, str, str, str]  # per AlertColumn


class AlertsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, *, language: str = "en") -> None:
        super().__init__(parent)
        self._language = language
        self._locale = QLocale(language)
        self._tr = translations(language)
        self._rows: list[AlertRow] = []

    @property
    def alerts(self) -> tuple[Alert, ...]:
        return tuple(row.alert for row in self._rows)

    def row_texts(self, row: int) -> tuple[str, str, str, str]:
        return self._rows[row].cells

    def set_alerts(self, alerts: Sequence[Alert]) -> None:
        """The log as it is now (newest first): new alerts go in at the top, those gone from
        the history come out at the bottom; the rest stay as they are."""
        old = self.alerts
        kept = min(len(old), len(alerts))
        # The longest run of the rows shown that the new log ends with.
        while kept and tuple(alerts[len(alerts) - kept :]) != old[:kept]:
            kept -= 1
        if kept < len(old):
            self.beginRemoveRows(QModelIndex(), kept, len(old) - 1)
            del self._rows[kept:]
            self.endRemoveRows()
        fresh = len(alerts) - kept
        if fresh:
            self.beginInsertRows(QModelIndex(), 0, fresh - 1)
            self._rows[0:0] = [self._row(alert) for alert in alerts[:fresh]]
            self.endInsertRows()

    def _row(self, alert: Alert) -> AlertRow:
        shown = replace(alert, program=visible(alert.program))
        when = self._locale.toString(
            QDateTime.fromSecsSinceEpoch(int(alert.at)), QLocale.FormatType.ShortFormat
        )
        program = shown.program or self.tr("(no name)")
        what = alert_message(shown, self._language).text(self._tr)
        place = alert.place
        where = ", ".join(
            part
            for part in (
                country_name(place.country, self._language) if place.country else "",
                visible(place.company),
            )
            if part
        )
        return AlertRow(alert, (when, program, what, where))

    # -- QAbstractTableModel

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AlertColumn)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        cells = self._rows[index.row()].cells
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return cells[AlertColumn.WHAT]  # escaped by the view's PlainToolTipDelegate
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("When"), self.tr("Program"), self.tr("What happened"), self.tr("Where"))[
            section
        ]
