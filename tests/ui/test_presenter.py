"""Presenter view (View → Presenter view, F5): the map full screen for a room, a caption built
from data, a clicker's keys, the presenter zoom, its high-contrast theme; and the OS dark mode
followed outside it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.caption import KEYS_HELP, place_caption, presenter_order
from app.core.demo import DemoResolver, DemoSource, demo_accounts_source
from app.core.geo.locator import Locator
from app.core.i18n import translations
from app.core.settings import Settings
from app.ui import palette
from app.ui.main_window import MainWindow
from app.ui.palette import DARK_THEME, LIGHT_THEME, PRESENTER_THEME, MapTheme, contrast_ratio
from app.ui.presenter import PLACE_ZOOM, PresenterCaption
from app.ui.qt import QColor, QGuiApplication, QImage, QSize, Qt, QWidget
from tests.fixtures.personas import CAMILLE
from tests.fixtures.windows import WAIT_MS, WindowFactory

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

TEXT_AAA = 7.0
GRAPHICS_AA = 3.0
LAWS = ("EU_GDPR", "ADEQUACY", "US_REACH", "OTHER", "UNKNOWN")


@pytest.fixture
def scheme(qapp: Any) -> Iterator[Callable[[Qt.ColorScheme], None]]:
    """Switches the system's colour scheme. Qt 6.8's setColorScheme asks the platform; one
    without schemes of its own (the offscreen one) ignores it, and then the test plays the
    platform's part: it sends the change as the platform would."""
    hints = QGuiApplication.styleHints()

    def switch(wanted: Qt.ColorScheme) -> None:
        hints.setColorScheme(wanted)
        if hints.colorScheme() != wanted:
            hints.colorSchemeChanged.emit(wanted)

    yield switch
    hints.unsetColorScheme()


def demo_window(make_window: WindowFactory, embedded: Locator, qtbot: Any) -> MainWindow:
    window = make_window(
        embedded,
        source=DemoSource(CAMILLE),
        resolver=DemoResolver(CAMILLE),
        accounts_source=demo_accounts_source(CAMILLE),
        settings=Settings(poll_interval_s=0.2, reverse_dns=True, presenter_zoom=200),
    )
    qtbot.waitUntil(lambda: len(window.map.view.marks) >= 3, timeout=WAIT_MS)
    return window


def test_f5_enters_and_escape_leaves_with_the_chrome_restored(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = demo_window(make_window, embedded, qtbot)
    chrome = (window.menuBar(), window.toolbar, window.statusBar(), window.tabs, window.place_panel)
    assert all(part.isVisible() for part in chrome)
    assert window.presenter.action in window.view_menu.actions()
    splits = (window.map_splitter.sizes(), window.splitter.sizes())
    size = window.size()
    window.map.zoom_by(2.0)  # the user's own view, which the tour must not take away
    view = window.map.viewport()
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None, timeout=WAIT_MS)

    with qtbot.waitSignal(window.presenter.toggled, timeout=WAIT_MS) as entered:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert entered.args == [True]
    qtbot.waitUntil(window.isFullScreen, timeout=WAIT_MS)
    assert not any(part.isVisible() for part in chrome)
    assert window.presenter.caption.isVisible() and window.map.isVisible()
    assert window.map.theme == PRESENTER_THEME and window.map.scale == 2.0
    assert window.presenter.caption_text() == translations("en").gettext(KEYS_HELP)
    window.presenter.next_place()  # the tour moves the map…

    with qtbot.waitSignal(window.presenter.toggled, timeout=WAIT_MS) as left:
        qtbot.keyClick(window.map, Qt.Key.Key_Escape)
    assert left.args == [False]
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=WAIT_MS)
    assert all(part.isVisible() for part in chrome)
    assert not window.presenter.caption.isVisible()
    assert window.map.theme == LIGHT_THEME and window.map.scale == 1.0
    assert window.zoom_in_action.isEnabled()  # the window's own zoom keys are back
    qtbot.waitUntil(lambda: window.size() == size, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (window.map_splitter.sizes(), window.splitter.sizes()) == splits, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: window.map.viewport().width == view.width, timeout=WAIT_MS)
    assert window.map.viewport() == view  # …and leaving gives the user's view back

    window.presenter.action.trigger()  # F5 again, from the menu this time
    assert window.presenter.active
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not window.presenter.action.isChecked() and not window.isFullScreen()

    window.presenter.enter()
    assert window.presenter.action.isChecked()
    window.close()  # closing in presenter view leaves it first: the window's size is kept
    assert not window.presenter.action.isChecked()
    qtbot.waitUntil(lambda: window.settings.window_size is not None, timeout=WAIT_MS)
    assert window.settings.window_size == (size.width(), size.height())


def test_next_and_previous_walk_the_places_in_the_tour_order(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = demo_window(make_window, embedded, qtbot)
    window.presenter.enter()
    window.set_paused(True)  # the demo holds still: the tour is of one moment
    qtbot.waitUntil(
        lambda: not window.poll_in_flight and not window.map.is_updating(), timeout=WAIT_MS
    )
    order = presenter_order(window.map.view.marks)
    assert order == window.presenter.tour()
    # Accounts' places first, then by connections: the order the core promises.
    weights = [(-len(m.accounts), -m.count) for m in order]
    assert weights == sorted(weights)

    seen = []
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_PageDown):
        qtbot.keyClick(window.map, key)
        seen.append(window.map.selected_marks()[0].key)
    assert seen == [m.key for m in order[:3]]
    assert window.place_panel.marks[0].key == order[2].key  # selected everywhere
    assert window.selected_ip() in order[2].ips
    # Brought into the view, closer than the whole world (centred as far as the edges allow).
    position = window.map.view.position(order[2].key)
    assert position is not None
    x, y = window.map.viewport().to_screen(*position)
    viewport = window.map.viewport()
    assert 0 <= x <= viewport.width and 0 <= y <= viewport.height
    assert viewport.zoom >= PLACE_ZOOM - 1e-6

    qtbot.keyClick(window.map, Qt.Key.Key_PageUp)
    assert window.map.selected_marks()[0].key == order[1].key
    qtbot.keyClick(window.map, Qt.Key.Key_Left)
    qtbot.keyClick(window.map, Qt.Key.Key_Left)  # before the first: round to the last
    assert window.map.selected_marks()[0].key == order[-1].key
    marks = window.map.selected_marks()
    assert window.presenter.caption_text() == place_caption(marks, translations("en"))
    assert window.presenter.caption.position.text().startswith(f"{len(order)} / {len(order)}")


def test_space_and_p_pause_and_play(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = demo_window(make_window, embedded, qtbot)
    qtbot.keyClick(window.map, Qt.Key.Key_Space)
    assert not window.paused  # outside presenter view, Space is the map's own key
    window.presenter.enter()
    qtbot.keyClick(window.map, Qt.Key.Key_Space)
    assert window.pause_action.isChecked()  # the window's set_paused(True)
    assert not window.timer.isActive()
    assert "Paused" in window.presenter.caption.position.text()
    qtbot.keyClick(window.map, Qt.Key.Key_P)
    assert not window.pause_action.isChecked() and window.timer.isActive()


def test_reveal_is_offered_to_a_quiz_and_else_shows_the_details(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = demo_window(make_window, embedded, qtbot)
    window.presenter.enter()
    window.set_paused(True)
    qtbot.keyClick(window.map, Qt.Key.Key_PageDown)
    sentence = window.presenter.caption_text()
    qtbot.keyClick(window.map, Qt.Key.Key_R)  # no quiz: the place panel's words
    details = window.presenter.caption_text()
    window.set_paused(False)  # the demo plays on: the details stay until the next place
    qtbot.waitSignal(window.map.updated, timeout=WAIT_MS).wait()
    assert window.presenter.caption_text() == details
    window.set_paused(True)
    assert details != sentence
    assert details.startswith(window.place_panel.title.text())
    panel = window.place_panel
    said = (
        panel.title.text(),
        panel.kind_note.text(),
        *panel.law.text().splitlines(),
        panel.accounts.text(),
    )
    assert all(line in said for line in details.splitlines())  # the panel's own words
    assert len(details.splitlines()) >= 2

    qtbot.keyClick(window.map, Qt.Key.Key_PageDown)
    revealed: list[bool] = []
    window.presenter.revealRequested.connect(lambda: revealed.append(True))  # a quiz
    before = window.presenter.caption_text()
    with qtbot.waitSignal(window.presenter.revealRequested, timeout=WAIT_MS):
        qtbot.keyClick(window.map, Qt.Key.Key_R)
    assert revealed == [True]
    assert window.presenter.caption_text() == before  # the quiz answers, not the caption


def test_the_presenter_zoom_scales_the_caption_and_the_marks(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = demo_window(make_window, embedded, qtbot)
    window.presenter.enter()
    window.set_paused(True)
    qtbot.keyClick(window.map, Qt.Key.Key_PageDown)
    text = window.presenter.caption.text

    def fits(percent: int) -> bool:
        """18 px × the zoom, or down to 60 % of it where the words would not fit."""
        wanted = round(18 * percent / 100)
        shown = text.font().pixelSize()
        return (
            window.presenter.caption.zoom_pixels == wanted and 0.6 * wanted - 1 <= shown <= wanted
        )

    assert fits(200)
    with qtbot.waitSignal(window.presenter.zoomChanged, timeout=WAIT_MS) as bigger:
        qtbot.keyClick(window.map, Qt.Key.Key_Plus)
    assert bigger.args == [225]
    assert fits(225) and window.map.scale == 2.25
    qtbot.keyClick(window.map, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.map, Qt.Key.Key_Minus)
    assert window.presenter.zoom == 175 and fits(175) and window.map.scale == 1.75
    qtbot.waitUntil(lambda: window.settings.presenter_zoom == 175, timeout=WAIT_MS)  # kept

    # The marks: drawn bigger on the screen, in the same place of the world.
    image_at = {}
    for percent in (100, 300):
        window.presenter.set_zoom(percent)
        window.map.repaint()
        image_at[percent] = window.map.grab().toImage()
    assert window.map.scale == 3.0
    assert _ink(image_at[300]) > _ink(image_at[100]) * 1.5
    for _ in range(10):
        qtbot.keyClick(window.map, Qt.Key.Key_Plus)
    assert window.presenter.zoom == 300  # the setting's bounds


def _ink(image: Any) -> int:
    """Pixels drawn in a law's presenter colour (marks, rings): more when marks are bigger."""
    colours = {QColor(colour).rgb() & 0xFFFFFF for _, colour in PRESENTER_THEME.laws}
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixel(x, y) & 0xFFFFFF in colours:
                count += 1
    return count


def test_the_caption_takes_the_zoom_s_size_and_shrinks_only_to_fit(qtbot: Any) -> None:
    room = QWidget()
    qtbot.addWidget(room)
    room.resize(1600, 1000)
    caption = PresenterCaption(room)
    caption.setGeometry(0, 800, 1600, 200)
    room.show()
    caption.set_text("Dublin, Ireland: Google — US law may reach these data; 1 connection.")
    for percent, pixels in ((100, 18), (200, 36), (300, 54)):
        caption.set_zoom(percent)
        assert caption.text.font().pixelSize() == pixels
    room.resize(1600, 300)  # a long text in a low window: smaller, never below 60 %
    caption.setGeometry(0, 200, 600, 100)
    caption.set_text(" ".join(["Plan-les-Ouates, Switzerland"] * 12))
    assert 0.6 * 54 - 1 <= caption.text.font().pixelSize() < 54


@pytest.mark.parametrize("theme", [PRESENTER_THEME], ids=lambda t: t.name)
def test_presenter_text_reaches_aaa(theme: MapTheme) -> None:
    for text in (theme.text, theme.text_muted, *(theme.law(law) for law in LAWS)):
        for background in (theme.background, theme.card, theme.surface):
            ratio = contrast_ratio(text, background)
            assert ratio >= TEXT_AAA, (text, background, round(ratio, 2))
    assert contrast_ratio(theme.text, theme.land) >= TEXT_AAA
    for law in LAWS:
        assert contrast_ratio(theme.on_mark, theme.law(law)) >= TEXT_AAA  # counts on marks


@pytest.mark.parametrize("theme", [LIGHT_THEME, DARK_THEME, PRESENTER_THEME], ids=lambda t: t.name)
def test_every_theme_keeps_marks_and_labels_readable(theme: MapTheme) -> None:
    for law in LAWS:
        for background in (theme.land, theme.ocean, theme.background, theme.card):
            ratio = contrast_ratio(theme.law(law), background)
            assert ratio >= GRAPHICS_AA, (theme.name, law, background, round(ratio, 2))
    for text, background in (
        (theme.text, theme.card),
        (theme.text, theme.land),
        (theme.text, theme.ocean),
        (theme.text, theme.surface),
        (theme.text_muted, theme.card),
        (theme.text_muted, theme.background),
    ):
        assert contrast_ratio(text, background) >= 4.5, (theme.name, text, background)


def test_light_theme_is_the_palette_s_colours() -> None:
    assert LIGHT_THEME.land == palette.MAP_LAND and LIGHT_THEME.ocean == palette.MAP_OCEAN
    assert dict(LIGHT_THEME.laws) == dict(palette.JURISDICTION_COLOURS)


def test_a_dark_system_darkens_the_window_and_the_map(
    qtbot: Any,
    make_window: WindowFactory,
    embedded: Locator,
    scheme: Callable[[Qt.ColorScheme], None],
    tmp_path: Path,
) -> None:
    hints = QGuiApplication.styleHints()
    scheme(Qt.ColorScheme.Light)
    window = make_window(embedded, source=DemoSource(CAMILLE), resolver=DemoResolver(CAMILLE))
    qtbot.waitUntil(lambda: len(window.map.view.marks) >= 3, timeout=WAIT_MS)
    assert window.map.theme == LIGHT_THEME
    corner = QColor(window.map.grab().toImage().pixel(2, 2)).name()
    assert corner == LIGHT_THEME.background

    with qtbot.waitSignal(hints.colorSchemeChanged, timeout=WAIT_MS):
        scheme(Qt.ColorScheme.Dark)
    assert window.map.theme == DARK_THEME
    window.map.repaint()
    corner = QColor(window.map.grab().toImage().pixel(2, 2)).name()
    assert corner == DARK_THEME.background
    assert window.palette().color(window.backgroundRole()).lightness() < 64
    assert window.palette().color(window.foregroundRole()).lightness() > 192

    with qtbot.waitSignal(window.map.updated, timeout=WAIT_MS):
        window.map.set_home("DE")  # an update: the map's worker paints the dark theme too
    exported = tmp_path / "map.png"  # a file is printed and shared: light whatever the screen
    with qtbot.waitSignal(window.map.exported, timeout=WAIT_MS):
        window.map.export(exported, QSize(400, 300))
    assert QColor(QImage(str(exported)).pixel(2, 2)).name() == LIGHT_THEME.background

    window.presenter.enter()  # presenter view keeps its own theme…
    assert window.map.theme == PRESENTER_THEME
    window.presenter.leave()  # …and hands the dark one back
    assert window.map.theme == DARK_THEME

    with qtbot.waitSignal(hints.colorSchemeChanged, timeout=WAIT_MS):
        scheme(Qt.ColorScheme.Light)
    assert window.map.theme == LIGHT_THEME
    assert window.palette().color(window.backgroundRole()).lightness() > 128


def test_the_settings_dialog_sets_the_presenter_zoom(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = make_window(embedded, source=DemoSource(CAMILLE), resolver=DemoResolver(CAMILLE))
    dialog = window.open_settings()
    assert dialog.presenter_zoom.value() == 200  # the default
    assert (dialog.presenter_zoom.minimum(), dialog.presenter_zoom.maximum()) == (100, 300)
    dialog.presenter_zoom.setValue(250)
    with qtbot.waitSignal(window.settingsApplied, timeout=WAIT_MS):
        dialog.accept()
    assert window.settings.presenter_zoom == 250 and window.presenter.zoom == 250
    window.presenter.enter()
    assert window.map.scale == 2.5
    assert window.presenter.caption.zoom_pixels == 45
