"""Presenter view: the map full screen for a room, with a caption a back row can read.

A privacy trainer shows the app from a projector: the window goes full screen, everything but
the map is hidden, and a caption bar at the bottom says in one sentence what the selected place
is (app.core.caption). A presentation clicker drives it: it sends Page Down / Page Up (and the
arrows), which walk the places in `presenter_order`; R reveals (a quiz takes `revealRequested`;
without one, the caption shows the place panel's details); Space or P holds the show; + and −
make the map's marks and labels and the caption bigger or smaller (the `presenter_zoom`
setting); Escape or F5 leaves, and everything hidden comes back as it was.

The map is drawn with `PRESENTER_THEME` (black around the globe, white text, the laws' colours
at 7:1) while presenter view lasts; outside it, with the theme the window gives
(`set_outside_theme`: light, or dark when the system is).

The window's parts are injected (no import of the window), so the window stays the one owner
of its layout and this module only hides and shows what it was given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.core.caption import place_caption, presenter_order, widest_law
from app.core.i18n import translations
from app.core.map_marks import MapMark
from app.core.places import law_summary
from app.core.settings import MAX_PRESENTER_ZOOM, MIN_PRESENTER_ZOOM
from app.ui.map import MapWidget, PlacePanel
from app.ui.map.widget import SavedView
from app.ui.palette import LIGHT_THEME, PRESENTER_THEME, MapTheme, jurisdiction_label
from app.ui.plain_text import plain_label
from app.ui.qt import (
    QAction,
    QColor,
    QEvent,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMainWindow,
    QObject,
    QPalette,
    QResizeEvent,
    QSplitter,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

ZOOM_STEP = 25  # percent, per + or −
CAPTION_PIXELS = 18  # the caption's type at 100 %; presenter_zoom scales it
CAPTION_SHARE = 0.22  # of the window's height the caption may take before its type shrinks
SMALLEST_SHARE = 0.6  # …down to this share of the zoom's size, never smaller
DETAIL_LINES = 3  # of the place panel's law text shown on reveal: a caption is not a page
PLACE_ZOOM = 2.0  # a place of the tour is shown at least this close (1: the whole world)


class PresenterCaption(QFrame):
    """The bar under the map: the law that reaches furthest (in its colour), the sentence,
    and where the tour is ("3 / 12", "Paused")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenterCaption")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(PRESENTER_THEME.background))
        palette.setColor(self.foregroundRole(), QColor(PRESENTER_THEME.text))
        self.setPalette(palette)
        self.law = QLabel(self)
        self.law.setObjectName("presenterLaw")
        self.law.setTextFormat(Qt.TextFormat.PlainText)
        self.text = plain_label()
        self.text.setObjectName("presenterText")
        self.text.setParent(self)
        self.position = QLabel(self)
        self.position.setObjectName("presenterPosition")
        self.position.setTextFormat(Qt.TextFormat.PlainText)
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.law)
        words.addWidget(self.text)
        layout = QHBoxLayout(self)
        layout.addLayout(words, 1)
        layout.addWidget(self.position, 0, Qt.AlignmentFlag.AlignTop)
        for label in (self.law, self.text, self.position):
            colours = label.palette()
            colours.setColor(label.foregroundRole(), QColor(PRESENTER_THEME.text))
            label.setPalette(colours)
        self._pixels = CAPTION_PIXELS
        self.set_zoom(200)

    def set_zoom(self, percent: int) -> None:
        """Type and room scaled by ``percent`` (the sentence at 18 px × percent / 100)."""
        self._pixels = round(CAPTION_PIXELS * percent / 100)
        self._use_pixels(self._pixels)
        self.fit()

    @property
    def zoom_pixels(self) -> int:
        """The sentence's size at the zoom, before `fit` makes a long one smaller."""
        return self._pixels

    def set_text(self, text: str) -> None:
        self.text.setText(text)
        self.fit()

    def fit(self) -> None:
        """The zoom's type if the words fit in a fifth of the window's height or so; else
        smaller, step by step, down to 60 % of it (a long reveal on a small projector)."""
        window = self.window()
        if window is None or window.height() <= 0 or self.width() <= 0:
            return
        room = window.height() * CAPTION_SHARE
        pixels = self._pixels
        while True:
            self._use_pixels(pixels)
            layout = self.layout()
            width = self.width() - self.position.sizeHint().width() - 40
            if layout is not None:
                margins = layout.contentsMargins()
                width -= margins.left() + margins.right()
            words = self.text.heightForWidth(max(100, width))
            if self.law.isVisibleTo(self):
                words += self.law.sizeHint().height()
            if words <= room or pixels <= self._pixels * SMALLEST_SHARE:
                return
            pixels -= 2

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def _use_pixels(self, pixels: int) -> None:
        for label, factor, bold in (
            (self.law, 0.8, True),
            (self.text, 1.0, False),
            (self.position, 0.8, False),
        ):
            font = label.font()
            font.setPixelSize(max(8, round(pixels * factor)))
            font.setBold(bold)
            label.setFont(font)
        margin = round(pixels * 0.6)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin, round(margin * 0.6), margin, round(margin * 0.7))

    def show_law(self, name: str | None) -> None:
        """The widest law's name in its presenter colour (hidden when there is no place)."""
        if name is None:
            self.law.hide()
            self.fit()
            return
        self.law.setText(jurisdiction_label(name))
        colours = self.law.palette()
        colours.setColor(self.law.foregroundRole(), QColor(PRESENTER_THEME.law(name)))
        self.law.setPalette(colours)
        self.law.show()
        self.fit()


class PresenterView(QObject):
    """Enters and leaves presenter view, walks the places and writes the caption."""

    toggled = Signal(bool)  # presenter view started (True) or ended (False)
    revealRequested = Signal()  # R: the quiz shows its answer (connect `reveal` to it)
    zoomChanged = Signal(int)  # the presenter zoom, in percent, after + or −

    def __init__(
        self,
        window: QMainWindow,
        *,
        map_widget: MapWidget,
        place_panel: PlacePanel,
        chrome: Sequence[QWidget],
        splitters: Sequence[QSplitter],
        suspended: Sequence[QAction],
        set_paused: Callable[[bool], None],
        is_paused: Callable[[], bool],
        select_ip: Callable[[str], bool],
        language: str,
        zoom: int,
    ) -> None:
        """``chrome``: what presenter view hides (menu bar, toolbar, table, status bar…);
        ``splitters``: whose sizes come back as they were (hiding a part gives it none);
        ``suspended``: the window's actions whose keys presenter view takes over (its zoom);
        ``set_paused``/``is_paused``/``select_ip``: the window's own."""
        super().__init__(window)
        self._window = window
        self._map = map_widget
        self._panel = place_panel
        self._chrome = tuple(chrome)
        self._splitters = tuple(splitters)
        self._splits: list[list[int]] = []
        self._view: SavedView | None = None
        self._suspended = tuple(suspended)
        self._set_paused = set_paused
        self._is_paused = is_paused
        self._select_ip = select_ip
        self._tr = translations(language)
        self._zoom = _clamped(zoom)
        self._active = False
        self._outside_theme: MapTheme = LIGHT_THEME
        self._shown: dict[int, bool] = {}  # what was visible before, by position in chrome
        self._suspended_enabled: dict[int, bool] = {}
        self._state = Qt.WindowState.WindowNoState
        self._margins: tuple[int, int, int, int, int] | None = None
        self._window_palette: QPalette | None = None  # the window's own, when it had one
        self._current: str | None = None  # the key of the place the tour is on
        self._revealed = False  # the caption shows the details: new polls leave it be
        self._quiet = False  # another view explains the places (a quiz): no caption
        self.caption = PresenterCaption(window)
        self.caption.set_zoom(self._zoom)
        self.caption.hide()
        self.action = QAction(self.tr("&Presenter view"), window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.setToolTip(self.tr("The map full screen with a caption, for a room"))
        self.action.toggled.connect(self.set_active)
        window.addAction(self.action)
        self._keys = [
            self._key(self.tr("Presenter view: next place"), self.next_place, ["Right", "PgDown"]),
            self._key(
                self.tr("Presenter view: previous place"), self.previous_place, ["Left", "PgUp"]
            ),
            self._key(self.tr("Presenter view: reveal"), self.reveal, ["R"]),
            self._key(self.tr("Presenter view: pause or play"), self.toggle_pause, ["Space", "P"]),
            self._key(
                self.tr("Presenter view: bigger"), self.zoom_in, ["+", "=", "Ctrl++", "Ctrl+="]
            ),
            self._key(self.tr("Presenter view: smaller"), self.zoom_out, ["-", "Ctrl+-"]),
            self._key(self.tr("Presenter view: leave"), self.leave, ["Esc"]),
        ]
        map_widget.placeSelected.connect(self._place_selected)
        map_widget.updated.connect(self._map_updated)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window closing in presenter view leaves it first: the size it keeps for the
        next start is its own, not the screen's."""
        if watched is self._window and event.type() == QEvent.Type.Close and self._active:
            self.leave()
        return super().eventFilter(watched, event)

    def _key(self, text: str, slot: Callable[[], object], keys: Sequence[str]) -> QAction:
        """An action of the window that only presenter view enables (its keys are free else)."""
        action = QAction(text, self._window)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setEnabled(False)
        action.triggered.connect(lambda _checked=False: slot())
        self._window.addAction(action)
        return action

    # -- state

    def set_quiet(self, quiet: bool) -> None:
        """Another view explains the places now (a quiz's panel under the map): the caption
        steps aside while it does."""
        self._quiet = quiet
        self.caption.setVisible(self._active and not quiet)

    @property
    def active(self) -> bool:
        return self._active

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_outside_theme(self, theme: MapTheme) -> None:
        """The map's colours outside presenter view (light, or dark with the system)."""
        self._outside_theme = theme
        if not self._active:
            self._map.set_theme(theme)

    def set_zoom(self, percent: int) -> None:
        """The presenter zoom (clamped to 100–300 %): the map's marks and labels and the
        caption are drawn that much bigger while presenter view lasts."""
        self._zoom = _clamped(percent)
        self.caption.set_zoom(self._zoom)
        if self._active:
            self._map.set_scale(self._zoom / 100)

    def enter(self) -> None:
        self.set_active(True)

    def leave(self) -> None:
        self.set_active(False)

    def set_active(self, active: bool) -> None:
        if active == self._active:
            self.action.setChecked(active)
            return
        self._active = active
        self.action.setChecked(active)  # comes back here through `toggled`: nothing to do
        if active:
            self._enter()
        else:
            self._leave()
        self.toggled.emit(active)

    def _enter(self) -> None:
        self._shown = {i: widget.isVisibleTo(self._window) for i, widget in enumerate(self._chrome)}
        self._splits = [splitter.sizes() for splitter in self._splitters]
        for widget in self._chrome:
            widget.hide()
        self._suspended_enabled = {i: a.isEnabled() for i, a in enumerate(self._suspended)}
        for action in self._suspended:
            action.setEnabled(False)
        for action in self._keys:
            action.setEnabled(True)
        layout = self._central_layout()
        if layout is not None:
            margins = layout.contentsMargins()
            self._margins = (
                margins.left(),
                margins.top(),
                margins.right(),
                margins.bottom(),
                layout.spacing(),
            )
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(0)
        # Black between the map and the caption too: no light seam on a projector.
        explicit = self._window.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
        self._window_palette = self._window.palette() if explicit else None
        dark = self._window.palette()
        dark.setColor(QPalette.ColorRole.Window, QColor(PRESENTER_THEME.background))
        dark.setColor(QPalette.ColorRole.Light, QColor(PRESENTER_THEME.background))
        dark.setColor(QPalette.ColorRole.Dark, QColor(PRESENTER_THEME.background))
        dark.setColor(QPalette.ColorRole.Mid, QColor(PRESENTER_THEME.background))
        # What else stays on screen (a quiz under the map) writes white on that black.
        dark.setColor(QPalette.ColorRole.WindowText, QColor(PRESENTER_THEME.text))
        dark.setColor(QPalette.ColorRole.PlaceholderText, QColor(PRESENTER_THEME.text_muted))
        self._window.setPalette(dark)
        self._view = self._map.saved_view()
        self._map.set_theme(PRESENTER_THEME)
        self._map.set_scale(self._zoom / 100)
        self.caption.setVisible(not self._quiet)
        self._state = self._window.windowState()
        self._window.showFullScreen()
        self._map.setFocus()
        self._current = None
        marks = self._map.selected_marks()
        if marks:
            self._current = marks[0].key
        self._show_caption(marks)

    def _leave(self) -> None:
        for action in self._keys:
            action.setEnabled(False)
        for i, action in enumerate(self._suspended):
            action.setEnabled(self._suspended_enabled.get(i, True))
        self._window.setWindowState(self._state)
        for i, widget in enumerate(self._chrome):
            widget.setVisible(self._shown.get(i, True))
        self._restore_layout()
        # Again once the window has laid its bars out at its own size (posted events first).
        QTimer.singleShot(0, self._restore_layout)
        layout = self._central_layout()
        if layout is not None and self._margins is not None:
            *margins, spacing = self._margins
            layout.setContentsMargins(*margins)
            layout.setSpacing(spacing)
        self._window.setPalette(self._window_palette or QPalette())  # QPalette(): unset
        self.caption.hide()
        self._map.set_scale(1.0)
        self._map.set_theme(self._outside_theme)
        self._window.show()

    def _restore_layout(self) -> None:
        """The splitters' sizes, then the map's view at its own size: the tour's moves were
        the room's, not the user's."""
        if self._active:
            return
        for splitter, sizes in zip(self._splitters, self._splits, strict=False):
            splitter.setSizes(sizes)
        if self._view is not None:
            self._map.restore_view(self._view)

    def _central_layout(self) -> QVBoxLayout | None:
        central = self._window.centralWidget()
        layout = central.layout() if central is not None else None
        return layout if isinstance(layout, QVBoxLayout) else None

    # -- the tour

    def tour(self) -> tuple[MapMark, ...]:
        """The places in the order Next walks them (`presenter_order`)."""
        return presenter_order(self._map.view.marks)

    def next_place(self) -> MapMark | None:
        return self._step(1)

    def previous_place(self) -> MapMark | None:
        return self._step(-1)

    def _step(self, direction: int) -> MapMark | None:
        """Select the next (or previous) place of the tour, wrapping round, and centre it."""
        order = self.tour()
        if not order:
            return None
        keys = [mark.key for mark in order]
        if self._current in keys:
            index = (keys.index(self._current) + direction) % len(order)
        else:
            index = 0 if direction > 0 else len(order) - 1
        mark = order[index]
        self._current = mark.key
        self._revealed = False
        self._select_ip(mark.ips[0])
        self._map.centre_on(mark.key, zoom=PLACE_ZOOM)
        self._show_caption(self._map.selected_marks() or (mark,))
        return mark

    def reveal(self) -> None:
        """R: the quiz's answer when a quiz listens; else the place panel's details."""
        meta = self.metaObject()
        signal = meta.method(meta.indexOfSignal("revealRequested()"))
        listened = self.isSignalConnected(signal)
        self.revealRequested.emit()
        if listened or not self._map.selected_marks():
            return
        self._revealed = True
        panel = self._panel
        # The panel's first law lines say what the badge and the sentence said already (the
        # laws there and their counts): the reveal goes on from the verdicts and their sources.
        said = len(law_summary(panel.marks, panel.language))
        law_lines = [line for line in panel.law.text().splitlines() if line]
        extra = law_lines[said : said + DETAIL_LINES] or law_lines[:DETAIL_LINES]
        lines = [panel.title.text(), *extra]
        if len(extra) < 2:  # little is known of the law here: say what kind of place it is
            lines.insert(1, panel.kind_note.text())
        if panel.accounts.isVisibleTo(panel):
            lines.append(panel.accounts.text())
        self.caption.set_text("\n".join(line for line in lines if line))

    def toggle_pause(self) -> None:
        self._set_paused(not self._is_paused())
        self._show_position()

    def zoom_in(self) -> None:
        self._zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_by(-ZOOM_STEP)

    def _zoom_by(self, step: int) -> None:
        before = self._zoom
        self.set_zoom(self._zoom + step)
        if self._zoom != before:
            self.zoomChanged.emit(self._zoom)

    # -- the caption

    def caption_text(self) -> str:
        return self.caption.text.text()

    def _place_selected(self, marks: tuple[MapMark, ...]) -> None:
        self._revealed = False
        if marks:
            self._current = marks[0].key
        if self._active:
            self._show_caption(marks)

    def _map_updated(self) -> None:
        """New data: the caption's numbers follow (a demo keeps playing under the caption)."""
        if self._active and not self._revealed:
            self._show_caption(self._map.selected_marks())

    def _show_caption(self, marks: Sequence[MapMark]) -> None:
        self.caption.set_text(place_caption(marks, self._tr))
        self.caption.show_law(widest_law(marks) if marks else None)
        self._show_position()

    def _show_position(self) -> None:
        parts = []
        order = [mark.key for mark in self.tour()]
        if self._current in order and self._map.selected_marks():
            place = self.tr("%1 / %2", "the place shown, of how many")
            parts.append(
                place.replace("%1", str(order.index(self._current) + 1)).replace(
                    "%2", str(len(order))
                )
            )
        if self._is_paused():
            parts.append(self.tr("Paused"))
        self.caption.position.setText("\n".join(parts))


def _clamped(percent: int) -> int:
    return min(MAX_PRESENTER_ZOOM, max(MIN_PRESENTER_ZOOM, int(percent)))
