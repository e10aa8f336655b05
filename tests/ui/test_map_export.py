"""Map exports outside Qt: the SVG rasterised by librsvg (`rsvg-convert`) matches the PNG
export; every export carries its caption (date and data sources); the size dialog's presets.
The pair of pictures goes to tests/artifacts/ (export-png.png, export-svg-rsvg.png)."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.data_sources import DataSource
from app.core.geo.viewport import HOME_BOUNDS, Viewport
from app.core.geo.world import World
from app.core.jurisdiction import format_as_of
from app.ui.export_dialog import PRESETS, ExportDialog, ExportFormat, ExportRequest
from app.ui.map.export import export_caption, render_image, write_png, write_svg
from app.ui.map.renderer import MapRenderer
from app.ui.map.scene import MapScene, SceneView
from tests.fixtures.map_entries import DEMO_HOME, demo_entries

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
SVG = "{http://www.w3.org/2000/svg}"
WIDTH, HEIGHT = 960, 540


@pytest.fixture(scope="module")
def demo_view(world: World) -> SceneView:
    scene = MapScene(world)
    scene.set_entries(demo_entries())
    assert scene.set_home(DEMO_HOME)
    return scene.view


def _rgb(image: QImage) -> tuple[int, int, bytes]:
    plain = image.convertToFormat(QImage.Format.Format_RGB888)
    line = plain.bytesPerLine()
    return plain.width(), line, bytes(plain.constBits())[: line * plain.height()]


def _coloured_share(image: QImage) -> float:
    """The share of pixels with a clear hue (not white, grey or the pale background)."""
    width, line, data = _rgb(image)
    seen = coloured = 0
    for y in range(0, image.height(), 2):
        row = data[y * line : y * line + 3 * width]
        for x in range(0, 3 * width, 6):
            r, g, b = row[x], row[x + 1], row[x + 2]
            seen += 1
            coloured += max(r, g, b) - min(r, g, b) > 40
    return coloured / seen


def _cell_means(image: QImage, cells: int = 4) -> list[QColor]:
    """The mean colour of each cell of a cells × cells grid (area-averaged downscaling)."""
    small = image.convertToFormat(QImage.Format.Format_RGB32).scaled(
        QSize(cells, cells),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    return [small.pixelColor(x, y) for y in range(cells) for x in range(cells)]


def _ink(image: QImage, rect: QRect) -> int:
    """Pixels in ``rect`` darker than the map's pale backdrop: drawn text."""
    return sum(
        1
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
        if image.pixelColor(x, y).lightness() < 170
    )


def rasterise_with_librsvg(svg: Path, png: Path) -> QImage:
    """The SVG as librsvg draws it (`rsvg-convert`, installed by tests/system-packages.sh)."""
    rsvg = shutil.which("rsvg-convert")
    if rsvg is None:
        pytest.skip("rsvg-convert (Debian's librsvg2-bin) is not installed")
    subprocess.run([rsvg, str(svg), "-o", str(png)], check=True, timeout=60)
    return QImage(str(png))


def test_svg_renders_in_librsvg_as_the_png(
    tmp_path: Path, world: World, demo_view: SceneView
) -> None:
    renderer = MapRenderer(world)
    viewport = Viewport.fit(HOME_BOUNDS, WIDTH, HEIGHT)
    png, svg, converted = tmp_path / "map.png", tmp_path / "map.svg", tmp_path / "rsvg.png"
    write_png(png, renderer, demo_view, viewport)
    write_svg(svg, renderer, demo_view, viewport)
    rasterise_with_librsvg(svg, converted)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(png, ARTIFACTS / "export-png.png")
    shutil.copyfile(converted, ARTIFACTS / "export-svg-rsvg.png")

    text = svg.read_text(encoding="utf-8")
    assert "vector-effect" not in text  # librsvg and others ignore or misread it
    for matrix in re.findall(r"matrix\(([^)]*)\)", text):
        a, b, c, d = (abs(float(v)) for v in matrix.split(",")[:4])
        assert max(a, b, c, d) <= 4, matrix  # no world-to-pixel scale left in the file

    qt, other = QImage(str(png)), QImage(str(converted))
    assert (other.width(), other.height()) == (qt.width(), qt.height()) == (WIDTH, HEIGHT)
    qt_share, other_share = _coloured_share(qt), _coloured_share(other)
    assert qt_share > 0.003  # marks, arcs and legend swatches: not a blank picture
    assert abs(qt_share - other_share) < 0.25 * qt_share + 0.002, (qt_share, other_share)
    cells = zip(_cell_means(qt), _cell_means(other), strict=True)
    for cell, (mine, theirs) in enumerate(cells):
        diffs = [abs(a - b) for a, b in zip(mine.getRgb()[:3], theirs.getRgb()[:3], strict=True)]
        assert max(diffs) <= 10, (cell, mine.name(), theirs.name())

    # The caption: in the picture (right of the legend, above the credits) and the description.
    today = format_as_of(date.today().isoformat(), "en")
    root = ET.parse(svg).getroot()
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert any(t.startswith(f"Exported on {today} · Data: ") for t in texts), texts
    desc = root.findtext(f"{SVG}desc") or ""
    assert f"Exported on {today}" in desc and "DB-IP IP to City Lite" in desc
    strip = QRect(WIDTH // 2, HEIGHT - 41, WIDTH // 2 - 12, 18)
    assert _ink(qt, strip) > 200 and _ink(other, strip) > 200


def test_the_caption_keeps_off_the_legend(world: World, demo_view: SceneView) -> None:
    renderer = MapRenderer(world)
    viewport = Viewport.fit(HOME_BOUNDS, 640, 480)
    legend = renderer.legend_rect(viewport, demo_view, demo_view.regime_totals())
    bare = render_image(renderer, demo_view, viewport, caption="")
    long = "Exported on a long day · Data: " + "a data set with a long name, " * 20
    captioned = render_image(renderer, demo_view, viewport, caption=long)
    changed = [
        x
        for y in range(480 - 45, 480)
        for x in range(640)
        if bare.pixel(x, y) != captioned.pixel(x, y)
    ]
    assert changed  # the caption is drawn…
    assert min(changed) > legend.right() + 4  # …shortened to end before the legend


def test_the_caption_names_each_data_set_once_with_its_date() -> None:
    sources = [
        DataSource("country", "ip-location-db geo-whois-asn-country 2.3.2026061719", "2026-06-17"),
        DataSource("asn", "ip-location-db asn 2.3.2026061719", "2026-06-17"),
        DataSource("city", "<b>My City</b>.mmdb", "2026-05-02"),
        DataSource("city", "<b>My City</b>.mmdb", "2026-05-02"),
        DataSource("points", "Undated points", ""),
    ]
    caption = export_caption("en", date(2026, 7, 1), sources)
    assert caption == (
        "Exported on July 1, 2026 · Data: ip-location-db geo-whois-asn-country, "
        "ip-location-db asn (June 17, 2026); <b>My City</b>.mmdb (May 2, 2026); Undated points"
    )
    assert export_caption("en", date(2026, 7, 1), []) == "Exported on July 1, 2026"
    assert "1er juillet 2026" in export_caption("fr", date(2026, 7, 1), sources)


def test_untrusted_names_are_text_in_the_svg(
    tmp_path: Path, world: World, demo_view: SceneView
) -> None:
    caption = export_caption("en", date(2026, 7, 1), [DataSource("city", "<b>&x", "2026-05-02")])
    path = tmp_path / "map.svg"
    write_svg(
        path, MapRenderer(world), demo_view, Viewport.fit(HOME_BOUNDS, 1600, 400), caption=caption
    )
    root = ET.parse(path).getroot()  # well-formed: the name was escaped
    assert root.findtext(f"{SVG}desc", "").endswith(caption)
    assert caption in ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert all(
        e.get("font-family", "sans-serif").endswith("sans-serif") for e in root.iter()
    )  # browsers do not know Qt's "Sans Serif"


def _shown(size: tuple[int, int]) -> str:
    return f"{size[0]} × {size[1]}"


def test_the_size_dialog_shows_the_matching_preset(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(ExportFormat.PNG, tmp_path / "map", size=PRESETS[2])
    qtbot.addWidget(dialog)
    assert dialog.presets.currentText() == _shown(PRESETS[2])  # opened at a preset's size
    dialog.width_box.setValue(1000)  # typed: no preset has it
    assert dialog.presets.currentIndex() == 0 and dialog.presets.currentText() == "Custom"
    dialog.width_box.setValue(PRESETS[0][0])
    dialog.height_box.setValue(PRESETS[0][1])  # typed a preset's size
    assert dialog.presets.currentText() == _shown(PRESETS[0])
    dialog.presets.setCurrentIndex(
        dialog.presets.findText(_shown(PRESETS[3]))
    )  # chosen in the list
    assert (dialog.width_box.value(), dialog.height_box.value()) == PRESETS[3]
    dialog.presets.setCurrentIndex(0)  # "Custom" for a preset's size: the list still tells it
    assert (dialog.width_box.value(), dialog.height_box.value()) == PRESETS[3]
    assert dialog.presets.currentText() == _shown(PRESETS[3])

    custom = ExportDialog(ExportFormat.SVG, tmp_path / "map", size=(1234, 777))
    qtbot.addWidget(custom)
    assert custom.presets.currentIndex() == 0
    assert custom.request() == ExportRequest(tmp_path / "map.svg", 1234, 777)


def test_a_long_caption_goes_on_to_more_lines_instead_of_losing_data_sets(
    qapp: QApplication,
) -> None:
    """At 960 px the caption no longer ends after its first data set: every set and its date
    is on one of its lines, none cut with "…" (breaks after " · " and "; " only)."""
    from app.ui.map.renderer import _caption_lines

    sources = [
        DataSource("country", "ip-location-db geo-whois-asn-country 2.3.1", "2026-06-17"),
        DataSource("city", "DB-IP IP to City Lite via ip-location-db 2.3.1", "2026-06-05"),
        DataSource("points", "Natural Earth 1:50m via world-atlas 2.0.2", "2024-12-07"),
    ]
    caption = export_caption("en", date(2026, 12, 5), sources)
    metrics = QFontMetricsF(QFont("Sans Serif", 8))
    room = metrics.horizontalAdvance(caption) * 0.6
    lines = _caption_lines(caption, metrics, room)
    assert 2 <= len(lines) <= 3
    assert " ".join(lines) == caption  # nothing lost, nothing cut
    assert all(metrics.horizontalAdvance(line) <= room for line in lines)
