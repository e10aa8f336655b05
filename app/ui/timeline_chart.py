"""The History window's chart: stacked bars of program–address pairs per hour or per day.

It paints a precomputed, immutable `ChartData` (the core's `Timeline` with the series' names
and colours and each bucket's labels, all made by the window) in ``paintEvent``, on the GUI
thread: at most about fifty bars, a legend and two axes, so nothing is cached. A bucket without
any pair stays empty: the app was not running then, or saw nothing, and the chart does not
pretend otherwise. Hovering a bar shows its hour or day and each series' count as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.history.timeline import Timeline, round_ticks
from app.ui.plain_text import rich_tooltip
from app.ui.qt import (
    QColor,
    QEvent,
    QFontMetricsF,
    QHelpEvent,
    QLocale,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QToolTip,
    QWidget,
)

# Where the axis labels may go, as a stride over the buckets' phases (hours, days).
STRIDES = (1, 2, 3, 4, 6, 12, 24)
SWATCH = 12.0  # the legend's colour squares, in device-independent pixels
BAR_FILL = 0.72  # the share of its slot a bar takes (the rest keeps bars apart)


@dataclass(frozen=True, slots=True)
class ChartSeries:
    key: str  # the timeline's series key (a law, a country code, OTHER_COUNTRIES)
    name: str  # as the legend and tool tips say it (translated)
    colour: str  # "#rrggbb"


@dataclass(frozen=True, slots=True)
class ChartData:
    """Everything the chart draws, made once per refresh by the window."""

    timeline: Timeline
    series: tuple[ChartSeries, ...]  # in the timeline's series order
    labels: tuple[str, ...]  # per bucket: its axis label, when its turn comes
    phases: tuple[int, ...]  # per bucket: labelled where phase % stride == 0
    titles: tuple[str, ...]  # per bucket: the tool tip's first line (the hour or the day)


@dataclass(frozen=True, slots=True)
class _Layout:
    plot: QRectF
    legend: tuple[tuple[QRectF, ChartSeries], ...]  # each swatch's square
    ticks: tuple[int, ...]
    slot: float


class TimelineChart(QWidget):
    def __init__(self, parent: QWidget | None = None, *, language: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineChart")
        self.setAccessibleName(self.tr("Pairs seen over time"))
        self.setMouseTracking(True)
        self.setMinimumSize(QSize(480, 260))
        self._locale = QLocale(language) if language else QLocale()
        self._data: ChartData | None = None
        self._hovered: int | None = None

    # -- what is drawn (read-only, for the window and the tests)

    @property
    def data(self) -> ChartData | None:
        return self._data

    @property
    def timeline(self) -> Timeline | None:
        return self._data.timeline if self._data is not None else None

    @property
    def empty(self) -> bool:
        return self._data is None or self._data.timeline.empty

    def empty_text(self) -> str:
        return self.tr("Nothing recorded in this period yet")

    def set_data(self, data: ChartData | None) -> None:
        if data == self._data:
            return
        self._data = data
        self._hovered = None
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(760, 360)

    # -- geometry

    def _layout(self) -> _Layout | None:
        data = self._data
        if data is None or not data.timeline.buckets:
            return None
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        width = float(self.width())
        # The legend: swatch, name, flowing onto more lines when it must.
        legend: list[tuple[QRectF, ChartSeries]] = []
        x, y = 12.0, 8.0
        for series in data.series:
            item = SWATCH + 6 + metrics.horizontalAdvance(series.name) + 18
            if x > 12 and x + item > width - 12:
                x, y = 12.0, y + line + 4
            legend.append((QRectF(x, y + (line - SWATCH) / 2, SWATCH, SWATCH), series))
            x += item
        top = y + line + 10 + line + 6  # the legend, then the y axis's title
        ticks = round_ticks(data.timeline.peak)
        left = max(metrics.horizontalAdvance(self._locale.toString(t)) for t in ticks) + 18
        bottom = line + 12
        plot = QRectF(
            left, top, max(10.0, width - left - 14), max(10.0, self.height() - top - bottom)
        )
        return _Layout(plot, tuple(legend), ticks, plot.width() / len(data.timeline.buckets))

    def bar_rect(self, index: int) -> QRectF:
        """The whole stack of bucket ``index`` (an empty rectangle on the axis when none)."""
        layout = self._layout()
        if layout is None or self._data is None:
            return QRectF()
        return _bar_rect(layout, index, self._data.timeline.buckets[index].total)

    def bucket_at(self, point: QPointF) -> int | None:
        """The bucket under ``point`` (its whole column, so a short bar is easy to hover)."""
        layout = self._layout()
        if layout is None or self._data is None:
            return None
        plot = layout.plot
        if not (
            plot.left() <= point.x() < plot.right() and plot.top() <= point.y() <= plot.bottom()
        ):
            return None
        index = int((point.x() - plot.left()) // layout.slot)
        return index if 0 <= index < len(self._data.timeline.buckets) else None

    def tooltip_text(self, index: int) -> str:
        """Plain text: the hour or day, then each series' count (the window escapes nothing:
        `rich_tooltip` does, when it is shown)."""
        data = self._data
        if data is None:
            return ""
        bucket = data.timeline.buckets[index]
        lines = [data.titles[index]]
        if bucket.total == 0:
            lines.append(self.tr("Nothing recorded: DataLocator was not running, or saw nothing."))
            return "\n".join(lines)
        for series, count in zip(data.series, bucket.counts, strict=True):
            lines.append(
                self.tr("%1: %2")
                .replace("%1", series.name)
                .replace("%2", self._locale.toString(count))
            )
        lines.append(self.tr("Total: %1").replace("%1", self._locale.toString(bucket.total)))
        return "\n".join(lines)

    # -- events

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bucket_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), rich_tooltip(self.tooltip_text(index)), self)
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.bucket_at(event.position())
        if index != self._hovered:
            self._hovered = index
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    # -- painting

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        layout = self._layout()
        data = self._data
        if layout is None or data is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        metrics = QFontMetricsF(self.font())
        plot = layout.plot
        # The legend.
        for swatch, series in layout.legend:
            painter.fillRect(swatch, QColor(series.colour))
            painter.setPen(text)
            painter.drawText(
                QRectF(
                    swatch.right() + 6,
                    swatch.center().y() - metrics.height() / 2,
                    1e4,
                    metrics.height(),
                ),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                series.name,
            )
        painter.setPen(muted)
        painter.drawText(
            QRectF(8, plot.top() - metrics.height() - 6, plot.right(), metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.tr("Program–address pairs"),
        )
        # The y axis: round ticks and their grid lines.
        grid = QColor(muted)
        grid.setAlpha(70)
        top_tick = max(layout.ticks[-1], 1)
        for tick in layout.ticks:
            y = plot.bottom() - plot.height() * tick / top_tick
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 8, metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                self._locale.toString(tick),
            )
        # The hovered column, then the bars, bottom up in series order.
        if self._hovered is not None:
            shade = QColor(palette.color(QPalette.ColorRole.Highlight))
            shade.setAlpha(40)
            painter.fillRect(
                QRectF(
                    plot.left() + self._hovered * layout.slot,
                    plot.top(),
                    layout.slot,
                    plot.height(),
                ),
                shade,
            )
        for index, bucket in enumerate(data.timeline.buckets):
            column = _bar_rect(layout, index, bucket.total)
            y = plot.bottom()
            for series, count in zip(data.series, bucket.counts, strict=True):
                if count <= 0:
                    continue
                height = plot.height() * count / top_tick
                painter.fillRect(
                    QRectF(column.left(), y - height, column.width(), height), QColor(series.colour)
                )
                y -= height
        painter.setPen(QPen(muted, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        self._paint_x_labels(painter, layout, metrics, muted)
        if data.timeline.empty:
            painter.setPen(text)
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), self.empty_text())

    def _paint_x_labels(
        self, painter: QPainter, layout: _Layout, metrics: QFontMetricsF, colour: QColor
    ) -> None:
        data = self._data
        if data is None:
            return
        widest = max((metrics.horizontalAdvance(label) for label in data.labels), default=0.0)
        stride = next((s for s in STRIDES if s * layout.slot >= widest + 10), STRIDES[-1])
        plot = layout.plot
        painter.setPen(colour)
        right_edge = 0.0
        for index, label in enumerate(data.labels):
            if not label or data.phases[index] % stride:
                continue
            width = metrics.horizontalAdvance(label)
            centre = plot.left() + (index + 0.5) * layout.slot
            x = min(max(centre - width / 2, 2.0), self.width() - width - 2)
            if x < right_edge + 6:  # never two labels over each other
                continue
            painter.drawLine(QPointF(centre, plot.bottom()), QPointF(centre, plot.bottom() + 4))
            painter.drawText(
                QRectF(x, plot.bottom() + 6, width + 1, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                label,
            )
            right_edge = x + width


def _bar_rect(layout: _Layout, index: int, total: int) -> QRectF:
    height = layout.plot.height() * total / max(layout.ticks[-1], 1)
    bar = max(1.0, layout.slot * BAR_FILL)
    x = layout.plot.left() + index * layout.slot + (layout.slot - bar) / 2
    return QRectF(x, layout.plot.bottom() - height, bar, height)
