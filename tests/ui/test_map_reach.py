"""Issue 12, the map for people: home never hides data, marks at one point fan out, two-law
places show both colours, zoom and fit-all respect the pointer and the legend, and the map has
a keyboard path with accessible names. Screenshots of the demo persona go to tests/artifacts/."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.accounts.model import AccountKind
from app.core.accounts.pins import AccountPin
from app.core.geo.projection import forward, inverse
from app.core.geo.world import World
from app.core.jurisdiction import verdict
from app.core.map_marks import MapEntry
from app.core.model import LocationKind
from app.core.providers import Provider
from app.ui import palette
from app.ui.map import MapWidget
from app.ui.map.describe import item_title, tooltip_text
from app.ui.map.export import write_svg
from app.ui.map.renderer import Highlight, MapRenderer, item_radius
from app.ui.map.scene import DisplayItem
from app.ui.tasks import SynchronousTaskRunner
from tests.fixtures.map_entries import DEMO_HOME, demo_entries
from tests.ui.test_map import located
from tests.ui.test_map_export import rasterise_with_librsvg

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "tests" / "artifacts"


def _widget(qtbot: QtBot, world: World, size: tuple[int, int] = (1280, 720)) -> MapWidget:
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _us_at_one_point() -> list[MapEntry]:
    """Country-only and edge endpoints in the US: both drawn at the country's centre."""
    return [
        located("8.8.8.8", "US", None, None, kind=LocationKind.ZONE, jurisdiction="US_REACH"),
        located("8.8.4.4", "US", None, None, kind=LocationKind.ZONE, jurisdiction="US_REACH"),
        located("1.1.1.1", "US", None, None, kind=LocationKind.EDGE, jurisdiction="US_REACH"),
        located("1.0.0.1", "US", None, None, kind=LocationKind.EDGE, jurisdiction="US_REACH"),
        located("9.9.9.9", "US", None, None, kind=LocationKind.EDGE, jurisdiction="US_REACH"),
    ]


def _two_laws(ip: str = "203.0.113.7") -> MapEntry:
    """A Chinese company's server in the United States."""
    company = Provider(
        key="example-cn",
        name="Example CN",
        headquarters="CN",
        asns=(),
        domains=(),
        categories=("cloud",),
        edge=False,
        parent=None,
        sources=(),
    )
    found = verdict("US", company)
    entry = located(ip, "US", 40.71, -74.0, city="New York", jurisdiction=found.category.value)
    return dataclasses.replace(entry, located=dataclasses.replace(entry.located, verdict=found))


@pytest.fixture
def demo_map(qtbot: QtBot, world: World) -> Iterator[MapWidget]:
    widget = _widget(qtbot, world)
    widget.set_home(DEMO_HOME)
    widget.set_entries(demo_entries())
    yield widget


# -- home never hides data


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (800, 500)])
def test_the_home_label_never_covers_a_count(
    qtbot: QtBot, world: World, size: tuple[int, int]
) -> None:
    widget = _widget(qtbot, world, size)
    widget.set_home("FR")
    paris = [
        located(f"192.0.2.{i}", "FR", 48.85 + i * 0.01, 2.35, city="Paris") for i in range(1, 6)
    ]
    france = [located("192.0.2.99", "FR", None, None, kind=LocationKind.ZONE)]
    widget.set_entries([*paris, *france, *demo_entries()])
    renderer = MapRenderer(world)
    home = QPointF(*widget.viewport().to_screen(*forward(*(widget.view.home or (0.0, 0.0)))))
    checked = 0
    for zoom in (1.0, 2.0, 4.0, 8.0, 16.0):
        widget.reset_view()
        widget.zoom_by(zoom, home)
        viewport = widget.viewport()
        items = widget.display_items()
        label = renderer.home_label_rect(viewport, widget.view, items)
        assert label is not None
        counts = renderer.count_label_rects(viewport, items)
        near = [r for r in counts if (r.center() - label.center()).manhattanLength() < 120]
        checked += bool(near)
        assert not any(label.intersects(r) for r in counts), zoom
    assert checked >= 3, "counts beside home at most zooms, or the test proves nothing"


def test_the_home_label_avoids_account_pins_and_their_names(qtbot: QtBot, world: World) -> None:
    widget = _widget(qtbot, world, (1366, 768))
    widget.set_home("FR")
    widget.set_entries(demo_entries())
    renderer = MapRenderer(world)
    viewport = widget.viewport()
    alone = renderer.home_label_rect(viewport, widget.view, widget.display_items())
    assert alone is not None
    # A mail account whose badge (drawn 24 px above its place) sits where the label was.
    tip = viewport.to_world(alone.center().x(), alone.center().y() + 24)
    lon, lat = inverse(*tip)
    widget.set_account_pins([_pin("me", "camille@example.fr", lon, lat)])
    boxes = renderer.pin_obstacles(viewport, widget.view)
    assert len(boxes) == 2  # the badge and the name
    assert any(alone.intersects(box) for box in boxes)
    label = renderer.home_label_rect(viewport, widget.view, widget.display_items())
    assert label is not None
    assert not any(label.intersects(box) for box in boxes)


def _pin(key: str, label: str, lon: float, lat: float) -> AccountPin:
    """A mail account's pin at (lon, lat) under the GDPR."""
    return AccountPin(
        key=key,
        account_key=key,
        label=label,
        kind=AccountKind.MAIL,
        country_code="FR",
        city=None,
        lon=lon,
        lat=lat,
        provider="Example",
        jurisdiction="EU_GDPR",
    )


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_account_names_never_cover_a_mark(
    qtbot: QtBot, world: World, size: tuple[int, int]
) -> None:
    """A name beside its pin would lie over the marks of a crowded Europe: it moves to a clear
    spot, or is left out, and never hides data."""
    widget = _widget(qtbot, world, size)
    widget.set_home(DEMO_HOME)
    widget.set_entries(demo_entries())
    items = widget.display_items()
    # One pin on each of the busiest marks: where a name beside it is most likely to cover data.
    busiest = sorted(items, key=lambda i: -i.endpoints)[:3]
    pins = [
        _pin(f"a{n}@example.org", f"someone.long.name{n}@example.org", *inverse(i.x, i.y))
        for n, i in enumerate(busiest)
    ]
    widget.set_account_pins(pins)
    renderer = MapRenderer(world)
    viewport = widget.viewport()
    items = widget.display_items()
    names = renderer.pin_label_rects(viewport, widget.view, items)
    assert names, "no name drawn at all proves nothing"
    for rect, _ in names:
        for item in items:
            x, y = viewport.to_screen(item.x, item.y)
            r = item_radius(item)
            nx, ny = min(max(x, rect.left()), rect.right()), min(max(y, rect.top()), rect.bottom())
            assert (nx - x) ** 2 + (ny - y) ** 2 >= r * r, (rect, item.marks[0].key)
    rects = [rect for rect, _ in names]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


# -- marks at one point fan out


def test_marks_at_one_point_fan_out_at_every_zoom(qtbot: QtBot, world: World) -> None:
    widget = _widget(qtbot, world)
    widget.set_entries(_us_at_one_point())
    keys = {m.key for m in widget.view.marks}
    assert keys == {"zone:US", "edge:US"}
    for zoom in (1.0, 64.0, 512.0):
        widget.reset_view()
        widget.zoom_by(zoom)
        items = widget.display_items()
        assert not any(i.is_cluster for i in items), zoom
        assert {i.key for i in items} == keys
        assert all(i.anchor is not None for i in items)
        # Each mark counts what it shows, and they add up to every endpoint.
        assert sorted(i.endpoints for i in items) == [2, 3]


def test_spiderfy_reaches_every_mark_of_a_clicked_cluster(
    qtbot: QtBot, demo_map: MapWidget
) -> None:
    (cluster,) = [i for i in demo_map.display_items() if "51.38.112.20" in i.ips]
    assert cluster.is_cluster
    with qtbot.waitSignal(demo_map.placeSelected) as chosen:
        qtbot.mouseClick(demo_map, Qt.MouseButton.LeftButton, pos=_point(demo_map, cluster))
    assert set(chosen.args[0]) == set(cluster.marks)
    fanned = [i for i in demo_map.display_items() if i.anchor is not None]
    assert {m for i in fanned for m in i.marks} == set(cluster.marks)
    reached = set()
    for item in fanned:
        with qtbot.waitSignal(demo_map.placeSelected) as picked:
            qtbot.mouseClick(demo_map, Qt.MouseButton.LeftButton, pos=_point(demo_map, item))
        assert picked.args[0] == item.marks
        reached.update(picked.args[0])
    assert reached == set(cluster.marks)
    qtbot.keyClick(demo_map, Qt.Key.Key_Escape)
    assert demo_map.spread() == frozenset()


def test_a_cluster_title_counts_what_it_shows(world: World) -> None:
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    widget.set_entries(_us_at_one_point())
    marks = widget.view.marks
    title = item_title(marks, "en")
    assert title.startswith("5 endpoints in 2 places near United States"), title
    assert tooltip_text(marks, "en").splitlines()[0] == title
    assert item_title(marks[:1], "en") == "United States (edge / anycast)"


# -- two laws, two colours


def test_a_two_law_mark_paints_both_colours(qtbot: QtBot, world: World) -> None:
    widget = _widget(qtbot, world, (640, 360))
    widget.set_entries([_two_laws()])
    (mark,) = widget.view.marks
    assert mark.laws == ("US_REACH", "OTHER")
    (item,) = widget.display_items()
    renderer = MapRenderer(world)
    image = QImage(640, 360, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.paint_data(painter, widget.viewport(), widget.view, Highlight())
    painter.end()
    x, y = widget.viewport().to_screen(item.x, item.y)
    left = image.pixelColor(round(x - 3), round(y))
    right = image.pixelColor(round(x + 3), round(y))
    assert _near(left, palette.JURISDICTION_COLOURS["US_REACH"])
    assert _near(right, palette.JURISDICTION_COLOURS["OTHER"])
    assert "Also reached by: Other jurisdiction" in tooltip_text(widget.view.marks, "en")


def test_a_two_law_mark_keeps_both_colours_outside_qt(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    """Qt's SVG writer drops clips: the halves are shapes of their own, so librsvg shows both."""
    widget = _widget(qtbot, world, (640, 360))
    widget.set_entries([_two_laws()])
    (item,) = widget.display_items()
    svg, png = tmp_path / "two.svg", tmp_path / "two.png"
    write_svg(svg, MapRenderer(world), widget.view, widget.viewport(), legend=False)
    image = rasterise_with_librsvg(svg, png)
    x, y = widget.viewport().to_screen(item.x, item.y)
    assert _near(image.pixelColor(round(x - 3), round(y)), palette.JURISDICTION_COLOURS["US_REACH"])
    assert _near(image.pixelColor(round(x + 3), round(y)), palette.JURISDICTION_COLOURS["OTHER"])


def test_one_law_stays_one_colour(world: World) -> None:
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    widget.set_entries([located("192.0.2.1", "FR", 48.85, 2.35, city="Paris")])
    (mark,) = widget.view.marks
    assert mark.laws == ("EU_GDPR",)
    assert mark.second_law is None


# -- zoom, fit all and the legend


@pytest.mark.parametrize("pointer", [QPointF(40, 40), QPointF(1100, 600)])
def test_wheel_zoom_keeps_the_point_under_the_cursor(
    qtbot: QtBot, demo_map: MapWidget, pointer: QPointF
) -> None:
    demo_map.zoom_by(3.0)
    start = demo_map.viewport()
    under = start.to_world(pointer.x(), pointer.y())
    for notches in (120, -120, 240):
        event = QWheelEvent(
            pointer,
            QPointF(demo_map.mapToGlobal(pointer.toPoint())),
            QPoint(0, 0),
            QPoint(0, notches),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(demo_map, event)
    expected = start.scale * 1.6**2
    qtbot.waitUntil(lambda: demo_map.viewport().scale == pytest.approx(expected), timeout=5000)
    sx, sy = demo_map.viewport().to_screen(*under)
    assert abs(sx - pointer.x()) < 1.0 and abs(sy - pointer.y()) < 1.0


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (900, 560)])
def test_fit_all_keeps_marks_clear_of_the_legend(
    qtbot: QtBot, world: World, size: tuple[int, int]
) -> None:
    widget = _widget(qtbot, world, size)
    # Places in the legend's corner of the world: South America and South Africa.
    south = [
        located("198.51.100.1", "BR", -23.55, -46.63, city="São Paulo"),
        located("198.51.100.2", "CL", -53.16, -70.91, city="Punta Arenas"),
        located("198.51.100.3", "ZA", -33.92, 18.42, city="Cape Town"),
    ]
    widget.set_entries([*south, *demo_entries()])
    widget.set_legend_collapsed(False)
    widget.fit_all()
    legend = widget.legend_rect()
    assert legend is not None and legend.height() > 200
    for item in widget.display_items():
        point = _point(widget, item)
        assert 0 <= point.x() <= size[0] and 0 <= point.y() <= size[1]
        assert not legend.adjusted(-8, -8, 8, 8).contains(QPointF(point)), item.key


def test_the_legend_collapses_and_opens(qtbot: QtBot, demo_map: MapWidget) -> None:
    assert not demo_map.legend_collapsed()
    full = demo_map.legend_rect()
    assert full is not None
    qtbot.mouseClick(demo_map, Qt.MouseButton.LeftButton, pos=full.center().toPoint())
    assert demo_map.legend_collapsed()
    small = demo_map.legend_rect()
    assert small is not None
    assert small.width() < 140 and small.height() < 40
    assert small.width() * small.height() < full.width() * full.height() / 10
    qtbot.keyClick(demo_map, Qt.Key.Key_L)
    assert not demo_map.legend_collapsed()


def test_the_legend_starts_collapsed_on_a_small_map(qtbot: QtBot, world: World) -> None:
    widget = _widget(qtbot, world, (600, 400))
    assert widget.legend_collapsed()
    widget.resize(1280, 720)
    assert not widget.legend_collapsed()


# -- the keyboard path and accessible names


def test_tab_visits_every_mark_and_enter_selects(qtbot: QtBot, demo_map: MapWidget) -> None:
    demo_map.setFocus()
    qtbot.waitUntil(demo_map.hasFocus)
    on_screen = demo_map.traversal()
    assert len(on_screen) > 5
    visited = []
    for _ in on_screen:
        qtbot.keyClick(demo_map, Qt.Key.Key_Tab)
        focused = demo_map.focused_item()
        assert focused is not None
        visited.append(focused.key)
        assert item_title(focused.marks, "en") in demo_map.accessibleName()
        assert demo_map.accessibleDescription() == tooltip_text(focused.marks, "en")
    assert sorted(visited) == sorted(i.key for i in on_screen)
    with qtbot.waitSignal(demo_map.placeSelected) as chosen:
        qtbot.keyClick(demo_map, Qt.Key.Key_Return)
    assert chosen.args[0] == tuple(sorted(on_screen[-1].marks, key=lambda m: m.key))
    qtbot.keyClick(demo_map, Qt.Key.Key_Escape)
    assert demo_map.focused_item() is None
    assert demo_map.selected_marks() == ()
    assert demo_map.accessibleName() == "World map"


def test_arrows_move_between_marks(qtbot: QtBot, demo_map: MapWidget) -> None:
    demo_map.setFocus()
    qtbot.waitUntil(demo_map.hasFocus)
    qtbot.keyClick(demo_map, Qt.Key.Key_Tab)  # the left-most mark
    first = demo_map.focused_item()
    assert first is not None
    view = demo_map.viewport()
    qtbot.keyClick(demo_map, Qt.Key.Key_Right)
    second = demo_map.focused_item()
    assert second is not None and second.key != first.key
    assert view.to_screen(second.x, second.y)[0] > view.to_screen(first.x, first.y)[0]
    assert demo_map.viewport() == view  # moving between marks does not pan


# -- screenshots


def test_screenshots_of_the_demo_map(qtbot: QtBot, world: World) -> None:
    """The demo persona with a French home, a fanned cluster and a two-law mark (look at them)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    entries = [*demo_entries(), *_us_at_one_point(), _two_laws()]
    for width, height in ((1920, 1080), (1366, 768)):
        widget = _widget(qtbot, world, (width, height))
        widget.set_home(DEMO_HOME)
        widget.set_entries(entries)
        qtbot.waitUntil(lambda w=widget: not w.is_animating(), timeout=5000)
        assert any(i.anchor is not None for i in widget.display_items())
        shot = widget.grab().toImage()
        assert shot.save(str(ARTIFACTS / f"map-people-{width}x{height}.png"))
        assert shot.width() >= width


def _point(widget: MapWidget, item: DisplayItem) -> QPoint:
    return widget.item_position(item).toPoint()


def _near(colour: QColor, expected: str, tolerance: int = 40) -> bool:
    want = QColor(expected)
    return (
        abs(colour.red() - want.red()) <= tolerance
        and abs(colour.green() - want.green()) <= tolerance
        and abs(colour.blue() - want.blue()) <= tolerance
    )


def test_a_cluster_rings_the_second_law_of_its_places(world: World) -> None:
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    neighbour = located("198.51.100.9", "US", 40.9, -74.2, city="Paterson", jurisdiction="US_REACH")
    widget.set_entries([_two_laws(), neighbour])
    (cluster,) = widget.display_items()  # a few km apart: one mark at world zoom
    assert cluster.is_cluster
    assert [name for name, _ in cluster.jurisdictions] == ["US_REACH", "OTHER"]
    assert cluster.jurisdiction == "US_REACH"
