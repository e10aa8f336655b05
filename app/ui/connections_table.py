"""The connections table view: columns sized for their contents, and a word when it is empty.

The view only shows; the window gives it the filter proxy and decides what the empty-table text
says ("Reading connections…", "No open connections right now.", "No connection matches…").
"""

from __future__ import annotations

from app.ui.connections_model import Column, ConnectionsFilterProxy
from app.ui.plain_text import PlainToolTipDelegate
from app.ui.qt import (
    QAbstractItemView,
    QEvent,
    QFontMetrics,
    QFrame,
    QHeaderView,
    QLabel,
    QObject,
    QPalette,
    QSize,
    Qt,
    QTableView,
    QWidget,
)

# Typical cells, measured in the table's font to size each column (any font then fits).
_SAMPLES = {
    Column.PROCESS: "thunderbird-bin",
    Column.HOST: "mail.example.com",
    Column.IP: "203.113.200.200",
    Column.PORT: "65535",
    Column.COUNTRY: "United Kingdom",
    Column.CITY: "Nearby edge server",
    Column.PROVIDER: "SAKURA Internet",
    Column.LAW: "EU adequacy decision",
    Column.STATE: "Established",
}
CHIP_ROOM = 16  # the law column's colour dot and its gap
CELL_ROOM = 30  # padding and the sort arrow


class ConnectionsTable(QTableView):
    def __init__(self, proxy: ConnectionsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionsTable")
        self.setModel(proxy)
        self.setItemDelegate(PlainToolTipDelegate(self))
        self.setSortingEnabled(True)
        self.sortByColumn(Column.COUNTRY, Qt.SortOrder.AscendingOrder)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setIconSize(QSize(10, 10))
        self.setStyleSheet(
            "QTableView::item { padding: 0px 6px; } QHeaderView::section { padding: 4px 8px; }"
        )
        metrics = QFontMetrics(self.font())
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setDefaultSectionSize(metrics.height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, sample in _SAMPLES.items():
            title = str(proxy.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            chip = CHIP_ROOM if column == Column.LAW else 0
            header.resizeSection(column, width + chip + CELL_ROOM)
        # Host names are the longest cells: that column takes the spare width.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.HOST, QHeaderView.ResizeMode.Stretch)

        # Shown over the empty table: says whether nothing is open or the filter hides it all.
        self.empty_label = QLabel(self.tr("Reading connections…"), self.viewport())
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        palette = self.empty_label.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
        )
        self.empty_label.setPalette(palette)
        font = self.empty_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.empty_label.setFont(font)
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.viewport().installEventFilter(self)

    def show_empty(self, text: str | None) -> None:
        """Say ``text`` over the empty table; None hides the message."""
        if text is None:
            self.empty_label.hide()
            return
        self.empty_label.setText(text)
        self.empty_label.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_label.setGeometry(self.viewport().rect().adjusted(20, 20, -20, -20))
        return super().eventFilter(watched, event)
