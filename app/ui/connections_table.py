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
    QResizeEvent,
    QSize,
    Qt,
    QTableView,
    QTimer,
    QWidget,
    Signal,
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
FIT_DELAY_MS = 400  # rows and names come in bursts: columns are fitted once per burst
FIT_ROWS = 200  # rows measured per fit (those in view first): enough, and cheap at 20,000 rows
HOST_MIN_WIDTH = 160  # the host column gives up room to the others down to this
# Long free-text columns are capped (their tool tips hold the whole text); the country and the
# law, which people read and compare, never are.
_CAPS = {Column.PROCESS: 150, Column.CITY: 170, Column.PROVIDER: 180, Column.IP: 150}


class ConnectionsTable(QTableView):
    fitted = Signal()  # the columns were fitted to their content

    def __init__(self, proxy: ConnectionsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionsTable")
        self.setAccessibleName(self.tr("Connections"))
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
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Port") + 16)
        header.setResizeContentsPrecision(FIT_ROWS)
        vertical.setResizeContentsPrecision(FIT_ROWS)
        # Columns follow their content (`fit_columns`), once per burst of changes; a column
        # the user resized keeps the user's width.
        self._fitting = False
        self._user_sized: set[int] = set()
        header.sectionResized.connect(self._section_resized)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(FIT_DELAY_MS)
        self._fit_timer.timeout.connect(self.fit_columns)
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, proxy.dataChanged):
            signal.connect(self._schedule_fit)

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

    def _schedule_fit(self, *_args: object) -> None:
        if not self._fit_timer.isActive():
            self._fit_timer.start()

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting:
            self._user_sized.add(column)

    def fit_columns(self) -> None:
        """Each column as wide as its widest cell among those measured (an empty column as
        its title); the spare width, or the lack of it, is the host column's (host names are
        the longest cells and the least needed in full) unless it is empty: then the spare
        goes to the last column, not to an empty one."""
        header = self.horizontalHeader()
        model = self.model()
        self._fitting = True
        try:
            shown = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
            widths = {column: header.sectionSize(column) for column in shown}
            has_content: dict[int, bool] = {}
            for column in shown:
                has_content[column] = self._column_has_text(column)
                content = self.sizeHintForColumn(column) if has_content[column] else 0
                if column not in self._user_sized:
                    content = min(content, _CAPS.get(Column(column), content))
                    widths[column] = max(content, header.sectionSizeHint(column))
            spare = self.viewport().width() - sum(widths.values())
            host_free = Column.HOST in widths and Column.HOST not in self._user_sized
            if host_free and has_content.get(Column.HOST, False):
                floor = min(widths[Column.HOST], HOST_MIN_WIDTH)
                widths[Column.HOST] = max(floor, widths[Column.HOST] + spare)
                spare = 0
            if spare > 0 and shown and shown[-1] not in self._user_sized:
                widths[shown[-1]] += spare
            for column, width in widths.items():
                if column not in self._user_sized and header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False
        self.fitted.emit()

    def _column_has_text(self, column: int) -> bool:
        """Whether any of the first rows measured shows something in ``column``."""
        model = self.model()
        return any(
            model.index(row, column).data() for row in range(min(model.rowCount(), FIT_ROWS))
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._schedule_fit()

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
