"""The world map widget, offscreen: marks in the right country, clustering, selection sync,
live updates, export, the side panel and the `map` command. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer
from pytestqt.qtbot import QtBot

from app.core.geo.projection import forward, inverse
from app.core.geo.viewport import Viewport
from app.core.geo.world import World
from app.core.map_marks import MapEntry, MarkFilter
from app.core.model import (
    AddressScope,
    Category,
    Endpoint,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
)
from app.ui.map import MapWidget, PlacePanel
from app.ui.map.describe import tooltip_text
from app.ui.map.renderer import MapRenderer
from app.ui.map.scene import DisplayItem
from app.ui.map.widget import Frame, render_base, render_data
from app.ui.plain_text import rich_tooltip
from app.ui.tasks import SynchronousTaskRunner
from tests.fixtures.map_entries import DEMO_HOME, demo_entries
from tests.fixtures.personas import LEA
from tests.fixtures.windows import WAIT_MS

# The offscreen platform lacks size hints and raise(); harmless, and not our warnings.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
OVH = "51.38.112.20"  # Roubaix, FR in the demo set
PROTON = "185.70.42.37"  # Geneva, CH


@pytest.fixture
def map_widget(qtbot: QtBot, world: World) -> Iterator[MapWidget]:
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_home(DEMO_HOME)
    widget.set_entries(demo_entries())
    yield widget


def located(
    ip: str,
    country: str,
    lat: float | None,
    lon: float | None,
    *,
    kind: LocationKind = LocationKind.EXACT,
    host: str | None = None,
    jurisdiction: str = "EU_GDPR",
    city: str | None = None,
    host_confirmed: bool = True,
) -> MapEntry:
    names = (host,) if host else ()
    return MapEntry(
        located=LocatedEndpoint(
            endpoint=Endpoint(ip=ip, hostnames=names, confirmed=names if host_confirmed else ()),
            scope=AddressScope.PUBLIC,
            location=Location(
                country_code=country, city=city, latitude=lat, longitude=lon, kind=kind
            ),
            network=Network(asn=64500, organisation="Example Net"),
        ),
        processes=("browser",),
        provider="Example",
        jurisdiction=jurisdiction,
        category=Category.OTHER,
    )


def centre_on(widget: MapWidget, x: float, y: float) -> None:
    """Drag the map (as the mouse and the arrow keys do) until world point (x, y) is centred."""
    view = widget.viewport()
    widget.pan_by((view.cx - x) * view.scale, (y - view.cy) * view.scale)


def item_with(widget: MapWidget, ip: str) -> DisplayItem:
    (item,) = [i for i in widget.display_items() if ip in i.ips]
    return item


def test_marks_land_inside_the_right_country(map_widget: MapWidget, world: World) -> None:
    """Each mark's screen position, projected back, lies in its endpoint's country."""
    map_widget.zoom_by(64.0)  # close enough that no two demo places share a mark
    checked = 0
    for mark in map_widget.view.marks:
        x, y = map_widget.view.position(mark.key) or (0.0, 0.0)
        centre_on(map_widget, x, y)
        assert (map_widget.viewport().cx, map_widget.viewport().cy) == pytest.approx((x, y))
        (item,) = [i for i in map_widget.display_items() if mark in i.marks]
        assert not item.is_cluster
        screen = map_widget.item_position(item)
        lon, lat = inverse(*map_widget.viewport().to_world(screen.x(), screen.y()))
        assert world.country_at(lon, lat) == mark.country_code, mark.key
        checked += 1
    assert checked == len(map_widget.view.marks) > 10


def test_known_endpoints_in_their_countries(qtbot: QtBot, world: World) -> None:
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    widget.set_entries(
        [
            located("8.8.8.8", "US", 37.39, -122.08, city="Mountain View"),
            located("51.38.0.1", "FR", 50.69, 3.17, city="Roubaix"),
            located("2a00:1450::1", "IE", 53.35, -6.26, city="Dublin"),
            located("1.1.1.1", "AU", None, None, kind=LocationKind.ZONE),
        ]
    )
    for mark in widget.view.marks:
        lon, lat = inverse(*(widget.view.position(mark.key) or (0.0, 0.0)))
        assert world.country_at(lon, lat) == mark.country_code


def test_clustering_splits_on_zoom(map_widget: MapWidget) -> None:
    before = map_widget.display_items()
    cluster = item_with(map_widget, OVH)
    assert cluster.is_cluster  # at world zoom, Western Europe is one numbered mark
    assert PROTON in cluster.ips
    anchor = map_widget.item_position(cluster)
    for _ in range(5):
        map_widget.zoom_by(2.0, anchor)
    after = map_widget.display_items()
    assert len(after) > len(before)
    assert item_with(map_widget, OVH) != item_with(map_widget, PROTON)
    assert sum(i.endpoints for i in after) == sum(i.endpoints for i in before)
    map_widget.reset_view()
    assert map_widget.display_items() == before


def test_select_ip_selects_and_emits(qtbot: QtBot, map_widget: MapWidget) -> None:
    with (
        qtbot.waitSignal(map_widget.ipSelected) as ip_signal,
        qtbot.waitSignal(map_widget.placeSelected) as place_signal,
    ):
        assert map_widget.select_ip(OVH)
    assert ip_signal.args == [OVH]
    (marks,) = place_signal.args
    assert [m.city for m in marks] == ["Roubaix"]
    assert map_widget.selected_ip() == OVH
    assert [m.key for m in map_widget.selected_marks()] == [marks[0].key]
    # Selecting what is already selected says nothing: the table and map cannot ping-pong.
    with qtbot.assertNotEmitted(map_widget.ipSelected):
        map_widget.select_ip(OVH)
    assert not map_widget.select_ip("192.0.2.99")
    with qtbot.waitSignal(map_widget.ipSelected) as cleared:
        map_widget.clear_selection()
    assert cleared.args == [""]


def test_select_ip_brings_the_mark_into_view(map_widget: MapWidget) -> None:
    map_widget.zoom_by(30.0, QPointF(10, 10))
    map_widget.select_ip("203.104.153.1")  # Japan, far from where we zoomed
    position = map_widget.view.position(map_widget.selected_marks()[0].key) or (0.0, 0.0)
    sx, sy = map_widget.viewport().to_screen(*position)
    assert 0 <= sx <= map_widget.width() and 0 <= sy <= map_widget.height()


def test_click_selects_the_place(qtbot: QtBot, map_widget: MapWidget) -> None:
    from PySide6.QtTest import QTest

    map_widget.repaint()
    item = item_with(map_widget, "77.88.55.88")  # Russia, country only: alone at world zoom
    point = map_widget.item_position(item).toPoint()
    with qtbot.waitSignal(map_widget.placeSelected) as place:
        QTest.mouseClick(map_widget, Qt.MouseButton.LeftButton, pos=point)
    assert [m.key for m in place.args[0]] == ["zone:RU"]
    assert map_widget.selected_ip() == "77.88.55.88"
    with qtbot.waitSignal(map_widget.ipSelected) as cleared:  # a click on the sea clears
        QTest.mouseClick(map_widget, Qt.MouseButton.LeftButton, pos=QPoint(640, 600))
    assert cleared.args == [""]


def test_drag_pans_and_keys_zoom(qtbot: QtBot, map_widget: MapWidget) -> None:
    from PySide6.QtTest import QTest

    start = map_widget.viewport()
    QTest.mousePress(map_widget, Qt.MouseButton.LeftButton, pos=QPoint(600, 400))
    QTest.mouseMove(map_widget, QPoint(650, 420))
    QTest.mouseMove(map_widget, QPoint(700, 440))
    QTest.mouseRelease(map_widget, Qt.MouseButton.LeftButton, pos=QPoint(700, 440))
    moved = map_widget.viewport()
    assert moved.scale == start.scale
    assert moved.cx < start.cx and moved.cy > start.cy  # the world followed the pointer
    QTest.keyClick(map_widget, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: map_widget.viewport().scale > moved.scale * 1.5)
    QTest.keyClick(map_widget, Qt.Key.Key_Left)
    assert map_widget.viewport().cx < moved.cx
    QTest.keyClick(map_widget, Qt.Key.Key_0)
    assert map_widget.viewport() == start


def test_fit_all_frames_every_mark(map_widget: MapWidget) -> None:
    map_widget.zoom_by(20.0, QPointF(100, 100))
    map_widget.fit_all()
    for mark in map_widget.view.marks:
        sx, sy = map_widget.viewport().to_screen(*(map_widget.view.position(mark.key) or (0, 0)))
        assert 0 <= sx <= map_widget.width() and 0 <= sy <= map_widget.height()


def test_tooltip_is_plain_text(qtbot: QtBot, world: World) -> None:
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    widget.set_entries([located("9.9.9.9", "CH", 47.37, 8.54, host="<b>evil</b>.example")])
    (item,) = widget.display_items()
    text = tooltip_text(item.marks)  # what the hover shows (see test_hover_shows_a_plain_tooltip)
    assert "<b>evil</b>.example" in text  # shown as written…
    assert "Zurich" not in text and "Switzerland" in text
    assert "EU / GDPR" in text
    shown = rich_tooltip(text)
    assert "&lt;b&gt;evil&lt;/b&gt;" in shown and "<b>evil" not in shown  # …never obeyed


def test_place_panel_lists_what_is_there(qtbot: QtBot, map_widget: MapWidget) -> None:
    panel = PlacePanel()
    qtbot.addWidget(panel)
    map_widget.placeSelected.connect(panel.show_place)
    map_widget.select_ip("2a00:1450:400b:c01::6c")
    rows = panel.rows()
    assert rows == [
        (
            "imap.gmail.com",
            "2a00:1450:400b:c01::6c",
            "Google",
            "thunderbird",
            "camille.demo@gmail.com",
            "US law reach",
        )
    ]
    assert panel.title.text() == "Dublin, Ireland"
    assert "CLOUD Act" in panel.law.text()
    assert panel.title.textFormat() == Qt.TextFormat.PlainText
    assert panel.law.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(panel.ipActivated) as activated:
        item = panel.tree.topLevelItem(0)
        assert item is not None
        panel.tree.itemClicked.emit(item, 0)
    assert activated.args == ["2a00:1450:400b:c01::6c"]
    map_widget.clear_selection()
    assert panel.rows() == []


def test_new_marks_pulse_and_closed_ones_fade(qtbot: QtBot, map_widget: MapWidget) -> None:
    qtbot.waitUntil(lambda: not map_widget.is_animating(), timeout=5000)
    map_widget.zoom_by(16.0)  # Singapore and Sydney stand alone here
    entries = list(demo_entries())
    newcomer = located("93.184.216.34", "BR", -23.55, -46.63, city="São Paulo")
    map_widget.set_entries([*entries, newcomer])
    assert "exact:BR:-23.55:-46.63" in map_widget.pulsing_keys()
    map_widget.repaint()
    qtbot.waitUntil(lambda: not map_widget.pulsing_keys(), timeout=5000)
    map_widget.reset_view()
    map_widget.repaint()
    map_widget.set_entries(entries)  # the São Paulo connection closed
    assert "exact:BR:-23.55:-46.63" in map_widget.fading_keys()
    assert map_widget.view.mark("exact:BR:-23.55:-46.63") is None
    qtbot.waitUntil(lambda: not map_widget.is_animating(), timeout=5000)


def test_a_poll_does_not_redraw_the_countries(qtbot: QtBot, map_widget: MapWidget) -> None:
    map_widget.repaint()
    renders = map_widget.base_renders
    entries = list(demo_entries())
    # One more endpoint at a place already counted: the shading does not change.
    map_widget.set_entries([*entries, located("51.38.112.21", "FR", 50.69, 3.17)])
    map_widget.repaint()
    assert map_widget.base_renders == renders
    assert len(map_widget.view.mark_for_ip("51.38.112.21").ips) == 2  # type: ignore[union-attr]


def test_filter(map_widget: MapWidget) -> None:
    map_widget.set_filter(MarkFilter(categories=frozenset({"mail"})))
    ips = {ip for mark in map_widget.view.marks for ip in mark.ips}
    assert ips == {e.ip for e in demo_entries() if e.category is Category.MAIL}
    map_widget.set_filter(MarkFilter(only_accounts=True, jurisdictions=frozenset({"US_REACH"})))
    assert {m.city for m in map_widget.view.marks} == {
        "Dublin",
        "Council Bluffs",
        "Maiden",
        "Paris",
    }
    map_widget.set_filter(MarkFilter())
    assert map_widget.view.entry_count == len(demo_entries())


def test_updates_run_on_a_worker_thread(qtbot: QtBot, world: World) -> None:
    widget = MapWidget(world)  # the real runner: a one-thread pool
    qtbot.addWidget(widget)
    widget.resize(640, 360)
    widget.show()
    qtbot.waitExposed(widget)
    with qtbot.waitSignal(widget.updated, timeout=20_000):
        widget.set_entries(demo_entries())
    qtbot.waitUntil(lambda: not widget.is_updating(), timeout=20_000)
    assert widget.view.entry_count == len(demo_entries())
    assert widget.select_ip(OVH)


def test_high_dpi_layers(world: World, map_widget: MapWidget) -> None:
    renderer = MapRenderer(world)
    viewport = Viewport.fit((-1.0, -0.5, 1.0, 0.5), 400, 200)
    for dpr in (1.0, 2.0):
        frame = Frame(viewport, dpr, frozenset(), legend=True)
        base = render_base(renderer, map_widget.view, frame)
        data, _ = render_data(renderer, map_widget.view, frame)
        for image in (base, data):
            assert (image.width(), image.height()) == (400 * dpr, 200 * dpr)
            assert image.devicePixelRatio() == dpr


def test_export_png(qtbot: QtBot, tmp_path: Path, map_widget: MapWidget) -> None:
    path = tmp_path / "map.png"
    with qtbot.waitSignal(map_widget.exported, timeout=WAIT_MS) as written:
        map_widget.export(path, QSize(800, 450))  # drawn off the GUI thread
    assert written.args == [path]
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == (800, 450)
    colours = {image.pixelColor(x, y).name() for x in range(0, 800, 40) for y in range(0, 450, 30)}
    assert len(colours) > 5  # sea, land, shading, legend… not a blank picture


def test_export_svg(qtbot: QtBot, tmp_path: Path, map_widget: MapWidget) -> None:
    path = tmp_path / "map.svg"
    with qtbot.waitSignal(map_widget.exported, timeout=WAIT_MS):
        map_widget.export(path, QSize(640, 360), vector=True)
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("640px", "360px")
    assert root.get("viewBox") == "0 0 640 360"
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    assert (renderer.defaultSize().width(), renderer.defaultSize().height()) == (640, 360)
    assert "Roubaix" not in path.read_text()  # labels are the legend's, not data
    assert "Whose law reaches your data" in path.read_text()


def test_an_export_that_cannot_be_written_says_why(
    qtbot: QtBot, tmp_path: Path, map_widget: MapWidget
) -> None:
    for name in ("map.png", "map.svg"):
        path = tmp_path / "no-such-folder" / name
        with qtbot.waitSignal(map_widget.exportFailed, timeout=WAIT_MS) as failed:
            map_widget.export(path, QSize(800, 450), vector=name.endswith(".svg"))
        assert failed.args[0] == path
        why = failed.args[1]
        assert why.text == "The system refused: no such file or folder."  # plain words
        assert "Errno" not in why.text and "[Errno 2]" in why.details  # the raw text kept apart
    with qtbot.waitSignal(map_widget.exportFailed, timeout=WAIT_MS) as failed:
        map_widget.export(tmp_path / "tiny.png", QSize(10, 10))
    assert "pixels" in failed.args[1].text
    assert not list(tmp_path.rglob("*.png"))


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, "-m", "app", "map", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=90,
        check=False,
    )


def test_cli_map_demo(tmp_path: Path) -> None:
    png = tmp_path / "demo.png"
    result = _cli("--demo", "--out", str(png), "--size", "960x540", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (960, 540)
    svg = tmp_path / "demo.svg"
    result = _cli("--demo", "--fit", "--out", str(svg), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ET.parse(svg).getroot().get("viewBox") == "0 0 1920 1080"
    assert f"{len(LEA.servers)} endpoints" in result.stdout  # the workshop persona


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--demo", "--out", "map.jpg"), "must end in .png or .svg"),
        (("--demo", "--out", "map.png", "--size", "10x10"), "sides must be"),
        (("--demo", "--out", "map.png", "--size", "big"), "WIDTHxHEIGHT"),
        (("--demo", "--out", "map.png", "--home", "ZZ"), "unknown home country"),
    ],
)
def test_cli_map_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = _cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_screenshots(qtbot: QtBot, world: World) -> None:
    """The map as a person sees it, at world zoom and over Europe (look at them)."""
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    widget.resize(1600, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_home(DEMO_HOME)
    widget.set_entries(demo_entries())
    qtbot.waitUntil(lambda: not widget.is_animating(), timeout=5000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    world_shot = widget.grab().toImage()
    assert world_shot.save(str(ARTIFACTS / "map-world.png"))
    x0, y0 = forward(-11.0, 35.5)
    x1, y1 = forward(30.0, 61.0)
    europe_view = Viewport.fit((x0, y0, x1, y1), 1600, 900)
    centre_on(widget, europe_view.cx, europe_view.cy)
    widget.zoom_by(europe_view.scale / widget.viewport().scale)
    assert widget.viewport().visible_bounds() == pytest.approx(europe_view.visible_bounds())
    widget.select_ip(OVH)
    europe = widget.grab().toImage()
    assert europe.save(str(ARTIFACTS / "map-europe.png"))
    assert europe.pixelColor(5, 5) != QColor("#000000")


def test_panel_shows_the_verdicts_it_was_given(qtbot: QtBot, world: World) -> None:
    entry = dataclasses.replace(
        located("9.9.9.9", "IE", 53.35, -6.26, jurisdiction="US_REACH", city="Dublin"),
        law_note="Stored in Ireland by a US company: GDPR applies, and <i>more</i>.",
    )
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    widget.set_entries([entry])
    panel = PlacePanel()
    qtbot.addWidget(panel)
    panel.show_place(widget.view.marks)
    assert "Stored in Ireland by a US company: GDPR applies, and <i>more</i>." in panel.law.text()
    item = panel.tree.topLevelItem(0)
    assert item is not None
    assert "&lt;i&gt;more" in item.toolTip(5)


@pytest.mark.parametrize(
    ("locale", "home"), [("fr_FR.UTF-8", "FR"), ("en_IE.UTF-8", "IE"), ("C", "")]
)
def test_home_from_the_system_locale(locale: str, home: str) -> None:
    """The default home comes from the locale alone, never from an outside service."""
    env = {**os.environ, "LC_ALL": locale, "LANG": locale, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from app.ui.map.home import system_home_country as h; print(h() or '')",
        ],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == home


def test_cli_map_of_this_computer(tmp_path: Path) -> None:
    """Without --demo: one real snapshot of this machine's sockets, located offline."""
    png = tmp_path / "live.png"
    result = _cli("--no-dns", "--out", str(png), "--size", "640x360", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"\(640×360, \d+ endpoints?\)", result.stdout), result.stdout  # 0, 1 or more
    image = QImage(str(png))
    assert (image.width(), image.height()) == (640, 360)


def test_hover_shows_a_plain_tooltip(qtbot: QtBot, map_widget: MapWidget) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QToolTip

    map_widget.repaint()
    item = item_with(map_widget, "77.88.55.88")
    QTest.mouseMove(map_widget, map_widget.item_position(item).toPoint())
    qtbot.waitUntil(lambda: "Russia" in QToolTip.text(), timeout=5000)
    assert "Other jurisdiction" in QToolTip.text()
    assert "yandex.ru" in QToolTip.text()
    QTest.mouseMove(map_widget, QPoint(640, 600))  # over the sea: no tool tip
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=5000)


def test_wheel_zooms_smoothly_around_the_pointer(qtbot: QtBot, map_widget: MapWidget) -> None:
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    pointer = QPointF(900, 250)
    start = map_widget.viewport()
    under = start.to_world(pointer.x(), pointer.y())
    event = QWheelEvent(
        pointer,
        QPointF(map_widget.mapToGlobal(pointer.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),  # two notches
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(map_widget, event)
    qtbot.waitUntil(lambda: map_widget.viewport().scale >= start.scale * 2.5, timeout=5000)
    after = map_widget.viewport()
    assert after.to_world(pointer.x(), pointer.y()) == pytest.approx(under, abs=1e-6)


def test_place_panel_marks_a_claimed_host_name(qtbot: QtBot, world: World) -> None:
    """A PTR name that does not resolve back is shown, visibly, as only claimed."""
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    panel = PlacePanel()
    qtbot.addWidget(panel)
    widget.placeSelected.connect(panel.show_place)
    widget.set_entries(
        [
            located("9.9.9.9", "CH", 47.37, 8.54, host="vps.\u202eten.hvo", host_confirmed=False),
            located("9.9.9.10", "CH", 47.37, 8.54, host="dns.quad9.net"),
        ]
    )
    assert widget.select_ip("9.9.9.9")
    hosts = sorted(row[0] for row in panel.rows())
    assert hosts == ["dns.quad9.net", "vps.\\u202eten.hvo (claimed)"]
