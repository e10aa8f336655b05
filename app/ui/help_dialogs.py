"""The Help menu's windows: About, the keyboard shortcuts and "How to read the map".

Each is a small non-modal window: one can keep "How to read the map" open beside the map while
explaining it to a room. The map's symbols are drawn here with the same colours as the map
(`palette`), so the key matches what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app import __version__
from app.core.accounts.model import AccountKind
from app.core.data_sources import DataSource
from app.core.jurisdiction import format_as_of
from app.core.model import LocationKind
from app.ui import palette
from app.ui.map.renderer import MapRenderer
from app.ui.plain_text import plain_label
from app.ui.qt import (
    QAction,
    QColor,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QKeySequence,
    QLabel,
    QPainter,
    QPen,
    QPixmap,
    QPointF,
    QPushButton,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"
SYMBOL_SIZE = 36  # the map key's symbols, in logical pixels
CHIP_SIZE = 20  # the colours' dots


def data_dates_line(dated: Sequence[DataSource], language: str) -> str:
    """The span of the data's dates in words ("" when none is dated): oldest and newest."""
    dates = sorted(source.as_of for source in dated if source.as_of)
    if not dates:
        return ""
    oldest, newest = format_as_of(dates[0], language), format_as_of(dates[-1], language)
    return oldest if oldest == newest else f"{oldest} – {newest}"


def _finish(dialog: QDialog, layout: QVBoxLayout) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout.addWidget(buttons)
    dialog.setModal(False)


class AboutDialog(QDialog):
    """The version, the licence, how recent the data are, and the way to their sources."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        dated: Sequence[DataSource],
        language: str,
        open_sources: Callable[[], object],
        version: str = __version__,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About DataLocator"))
        title = plain_label(self.tr("DataLocator %1").replace("%1", version))
        title.setObjectName("title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        tagline = plain_label(
            self.tr("Where your data live, and which countries' laws reach them.")
        )
        self.licence = QLabel(self)
        self.licence.setObjectName("licence")
        self.licence.setTextFormat(Qt.TextFormat.RichText)  # our own text and link
        self.licence.setOpenExternalLinks(True)
        self.licence.setText(
            self.tr(
                'Free software under the <a href="%1">GNU GPL, version 3 or later</a>.'
            ).replace("%1", LICENCE_URL)
        )
        span = data_dates_line(dated, language)
        self.data_dates = plain_label(
            self.tr("Data dated %1.").replace("%1", span)
            if span
            else self.tr("The data carry no dates."),
        )
        self.data_dates.setObjectName("dataDates")
        self.sources_button = QPushButton(self.tr("Data sources and licences…"), self)
        self.sources_button.setObjectName("sourcesButton")
        self.sources_button.clicked.connect(lambda _checked=False: open_sources())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(10)
        for widget in (title, tagline, self.licence, self.data_dates):
            layout.addWidget(widget)
        layout.addWidget(self.sources_button, 0, Qt.AlignmentFlag.AlignLeft)
        _finish(self, layout)
        self.resize(520, self.sizeHint().height())


def _shortcut_text(action: QAction) -> str:
    return ", ".join(
        shortcut.toString(QKeySequence.SequenceFormat.NativeText) for shortcut in action.shortcuts()
    )


class ShortcutsDialog(QDialog):
    """Every action of the window that has a key, with its keys (read from the actions, so
    the list is always the one the window uses)."""

    def __init__(self, parent: QWidget | None, actions: Sequence[QAction]) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutsList")
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        for action in actions:
            keys = _shortcut_text(action)
            if keys:
                name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
                QTreeWidgetItem(self.tree, [name.rstrip("…"), keys])
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 32)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        _finish(self, layout)
        self.resize(max(460, self.tree.columnWidth(0) + 220), 460)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (item.text(0), item.text(1))
            for item in (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
            if item is not None
        ]


def _symbol(draw: Callable[[QPainter, QPointF, float], None], size: int = SYMBOL_SIZE) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(palette.MAP_LAND))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    draw(painter, QPointF(size / 2, size / 2), size / 2 - max(3, size // 5))
    painter.end()
    return pixmap


def _dot(colour: str) -> Callable[[QPainter, QPointF, float], None]:
    def draw(painter: QPainter, centre: QPointF, r: float) -> None:
        painter.setPen(QPen(QColor("#ffffff"), 1.6))
        painter.setBrush(QColor(colour))
        painter.drawEllipse(centre, r, r)

    return draw


def _mark(
    renderer: MapRenderer, kind: LocationKind, law: str, second_law: str | None = None
) -> Callable[[QPainter, QPointF, float], None]:
    """A mark as the map draws it (the map's own renderer, so the help cannot drift)."""

    def draw(painter: QPainter, centre: QPointF, r: float) -> None:
        renderer.paint_mark_shape(painter, centre, r, kind, law, second_law, 0)

    return draw


def _pin(renderer: MapRenderer) -> Callable[[QPainter, QPointF, float], None]:
    def draw(painter: QPainter, centre: QPointF, r: float) -> None:
        renderer.paint_pin(painter, centre, AccountKind.MAIL, "EU_GDPR")
        del r

    return draw


def _cluster(painter: QPainter, centre: QPointF, r: float) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    painter.drawEllipse(centre, r + 4, r + 4)
    start = 90 * 16
    for key, share in (("EU_GDPR", 0.5), ("US_REACH", 0.3), ("OTHER", 0.2)):
        span = round(-share * 360 * 16)
        painter.setPen(QPen(QColor(palette.JURISDICTION_COLOURS[key]), 3.5))
        box = (centre.x() - r - 2, centre.y() - r - 2, 2 * r + 4, 2 * r + 4)
        painter.drawArc(round(box[0]), round(box[1]), round(box[2]), round(box[3]), start, span)
        start += span
    painter.setPen(QColor(palette.MAP_TEXT))
    painter.drawText(painter.window(), Qt.AlignmentFlag.AlignCenter, "5")


def _arc(painter: QPainter, centre: QPointF, r: float) -> None:
    colour = QColor(palette.JURISDICTION_COLOURS["ADEQUACY"])
    painter.setPen(QPen(colour, 1.6))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    size = float(SYMBOL_SIZE)
    painter.drawArc(4, round(size * 0.35), round(size - 8), round(size), 20 * 16, 140 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(palette.MAP_HOME))
    painter.drawEllipse(QPointF(6, size * 0.72), 3, 3)
    del centre, r


class MapHelpDialog(QDialog):
    """What the map's dots, rings, diamonds, colours and arcs mean, each beside its symbol."""

    def __init__(self, parent: QWidget | None, renderer: MapRenderer) -> None:
        super().__init__(parent)
        self.setObjectName("mapHelpDialog")
        self.setWindowTitle(self.tr("How to read the map"))
        rows: list[tuple[QPixmap, str, str]] = [
            (
                _symbol(_mark(renderer, LocationKind.EXACT, "EU_GDPR")),
                self.tr("Dot"),
                self.tr(
                    "A city or a cloud region: your computer talks to a server there. The number "
                    "inside says how many connections go there; bigger dots, more connections."
                ),
            ),
            (
                _symbol(_mark(renderer, LocationKind.ZONE, "EU_GDPR")),
                self.tr("Ring"),
                self.tr(
                    "Only the country is known: the ring sits in the middle of the country, not "
                    "on a town."
                ),
            ),
            (
                _symbol(_mark(renderer, LocationKind.EDGE, "US_REACH")),
                self.tr("Diamond"),
                self.tr(
                    "An edge or anycast server: a copy of a service near you, or an address "
                    "answered from many places at once. Where the data are stored is not told."
                ),
            ),
            (
                _symbol(_mark(renderer, LocationKind.EXACT, "US_REACH", "OTHER")),
                self.tr("Two colours"),
                self.tr(
                    "Two laws reach the same place: for example a Chinese company's server in "
                    "the United States. The left half is the law of the place, the right half "
                    "the other law."
                ),
            ),
            (
                _symbol(_pin(renderer)),
                self.tr("Envelope or picture"),
                self.tr(
                    "One of your accounts (mail, or photos and files), on a stem above the place "
                    "where it is stored."
                ),
            ),
            (
                _symbol(_cluster),
                self.tr("Circle with a number"),
                self.tr(
                    "Several places close together; the coloured ring shows the share of each "
                    "law. Zoom in to separate them; places at one same point fan out on legs."
                ),
            ),
            (
                _symbol(_arc),
                self.tr("Arcs"),
                self.tr(
                    "Lines from your home (the dark dot) to each place, coloured by the law "
                    "that reaches it."
                ),
            ),
        ]
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(12)
        for row, (pixmap, name, meaning) in enumerate(rows):
            symbol = QLabel(self)
            symbol.setPixmap(pixmap)
            symbol.setAccessibleName(name)
            grid.addWidget(symbol, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(plain_label(name), row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(plain_label(meaning), row, 2)
        grid.setColumnStretch(2, 1)

        colours = QGridLayout()
        colours.setHorizontalSpacing(10)
        colours.setVerticalSpacing(4)
        colours_title = plain_label(self.tr("Colours: whose law reaches the data"))
        bold = colours_title.font()
        bold.setBold(True)
        colours_title.setFont(bold)
        for row, key in enumerate(palette.JURISDICTION_COLOURS):
            chip = QLabel(self)
            chip.setPixmap(_symbol(_dot(palette.JURISDICTION_COLOURS[key]), CHIP_SIZE))
            chip.setAccessibleName(palette.jurisdiction_label(key))
            colours.addWidget(chip, row, 0)
            colours.addWidget(plain_label(palette.jurisdiction_label(key)), row, 1)
        colours.setColumnStretch(1, 1)
        note = plain_label(
            self.tr(
                "The colours are also written in words: in the legend, in the table's Law "
                "column and in the place panel. Countries are shaded by how many connections "
                "go there."
            ),
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(12)
        layout.addLayout(grid)
        layout.addWidget(colours_title)
        layout.addLayout(colours)
        layout.addWidget(note)
        layout.addStretch(1)
        _finish(self, layout)
        self.resize(640, self.sizeHint().height())

    def text(self) -> str:
        """Every word the window shows, for a reader that cannot see the symbols."""
        return "\n".join(label.text() for label in self.findChildren(QLabel) if label.text())
