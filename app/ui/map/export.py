"""Render the map offscreen to a PNG or an SVG, for slides and reports.

Works with or without a window: the CLI (`datalocator map --out`) and the widget's Export menu
both call these with a renderer, a scene and the part of the world to show.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from app.core.data_sources import DataSource, embedded_sources
from app.core.geo.viewport import HOME_BOUNDS, Viewport
from app.core.jurisdiction import format_as_of
from app.core.text import visible
from app.ui.map.renderer import NO_HIGHLIGHT, Highlight, MapRenderer
from app.ui.map.scene import SceneView
from app.ui.qt import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QImage,
    QImageWriter,
    QIODevice,
    QPainter,
    QRect,
    QSize,
    QSvgGenerator,
    Qt,
)

MIN_SIDE = 64
MAX_SIDE = 16384


class ExportError(Exception):
    """The map could not be made (a bad size, Qt could not encode it), in translated words.
    A file that cannot be written raises the system's OSError: callers put it into words."""


def check_size(width: int, height: int) -> None:
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise ExportError(
                QCoreApplication.translate(
                    "export", "Image sides must be {low}…{high} pixels, not {side}."
                ).format(low=MIN_SIDE, high=MAX_SIDE, side=side)
            )


def export_viewport(current: Viewport | None, width: int, height: int) -> Viewport:
    """The same part of the world as `current` (or the default view), framed for a new size."""
    if current is None:
        return Viewport.fit(HOME_BOUNDS, width, height)
    return Viewport.fit(current.visible_bounds(), width, height, margin=0.0)


def export_caption(
    language: str, day: date | None = None, sources: Iterable[DataSource] | None = None
) -> str:
    """The line every export carries: when it was made and from which geo data sets, each with
    its date ("Exported on 5 December 2026 · Data: DB-IP … (5 June 2026), …"), in ``language``.

    ``sources``: the geo data sets in use (`app.core.data_sources`); None: those shipped with
    the app. ``day``: None for today.
    """
    if sources is None:
        sources = [s for parts in embedded_sources().values() for s in parts]
    by_date: dict[str, list[str]] = {}  # in the sources' order
    for source in sources:
        name = data_set_name(source)
        names = by_date.setdefault(source.as_of, [])
        if name not in names:
            names.append(name)
    comma = QCoreApplication.translate("export", ", ")
    groups = [
        QCoreApplication.translate("export", "{sources} ({date})").format(
            sources=comma.join(names), date=format_as_of(as_of, language)
        )
        if as_of
        else comma.join(names)
        for as_of, names in by_date.items()
    ]
    made = format_as_of((day or date.today()).isoformat(), language)
    if not groups:
        return QCoreApplication.translate("export", "Exported on {date}").format(date=made)
    return QCoreApplication.translate("export", "Exported on {date} · Data: {sources}").format(
        date=made, sources=QCoreApplication.translate("export", "; ").join(groups)
    )


# A release number at the end of a data set's name ("ip-location-db asn 2.3.2026061719"):
# left out of the caption, where the date says which release it is.
_VERSION = re.compile(r" v?\d[\w.-]*$")


def data_set_name(source: DataSource) -> str:
    """A data set as a caption names it: its own name (data, made visible) without the release
    number, which the date beside it already says."""
    return _VERSION.sub("", visible(source.name))


def render_image(
    renderer: MapRenderer,
    scene: SceneView,
    viewport: Viewport,
    *,
    highlight: Highlight = NO_HIGHLIGHT,
    legend: bool = True,
    device_pixel_ratio: float = 1.0,
    caption: str = "",
) -> QImage:
    """The whole map as an image of viewport.width × viewport.height logical pixels, with
    ``caption`` (`export_caption`) at the bottom."""
    width, height = round(viewport.width), round(viewport.height)
    image = QImage(
        round(width * device_pixel_ratio),
        round(height * device_pixel_ratio),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(device_pixel_ratio)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        renderer.paint_all(painter, viewport, scene, highlight, legend=legend, caption=caption)
    finally:
        painter.end()
    return image


def write_png(
    path: Path,
    renderer: MapRenderer,
    scene: SceneView,
    viewport: Viewport,
    *,
    highlight: Highlight = NO_HIGHLIGHT,
    legend: bool = True,
    caption: str | None = None,
) -> None:
    """A PNG of viewport.width × viewport.height pixels; ``caption`` None: `export_caption`
    in the renderer's language, for today and the shipped data sets."""
    check_size(round(viewport.width), round(viewport.height))
    if caption is None:
        caption = export_caption(renderer.language)
    image = render_image(
        renderer, scene, viewport, highlight=highlight, legend=legend, caption=caption
    )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise ExportError(_cannot_write(path))
    buffer.close()
    path.write_bytes(data.data())


def write_svg(
    path: Path,
    renderer: MapRenderer,
    scene: SceneView,
    viewport: Viewport,
    *,
    highlight: Highlight = NO_HIGHLIGHT,
    legend: bool = True,
    caption: str | None = None,
) -> None:
    """An SVG whose width, height and viewBox are the requested size in pixels, which renders
    alike in Qt, librsvg, Inkscape and browsers; ``caption`` as for `write_png`, also in the
    file's description."""
    svg = svg_bytes(renderer, scene, viewport, highlight=highlight, legend=legend, caption=caption)
    if svg is None:
        raise ExportError(_cannot_write(path))
    path.write_bytes(svg)


def svg_bytes(
    renderer: MapRenderer,
    scene: SceneView,
    viewport: Viewport,
    *,
    highlight: Highlight = NO_HIGHLIGHT,
    legend: bool = True,
    caption: str | None = None,
) -> bytes | None:
    """The map as SVG (see `write_svg`); None when Qt cannot paint it. Reports inline it."""
    width, height = round(viewport.width), round(viewport.height)
    check_size(width, height)
    if caption is None:
        caption = export_caption(renderer.language)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setResolution(96)
    generator.setTitle(QCoreApplication.translate("export", "DataLocator map"))
    about = QCoreApplication.translate("export", "Where your data live, and whose law reaches them")
    generator.setDescription(f"{about}\n{caption}" if caption else about)
    painter = QPainter()
    if not painter.begin(generator):
        return None
    try:
        renderer.paint_all(
            painter, viewport, scene, highlight, legend=legend, vector=True, caption=caption
        )
    finally:
        painter.end()
    buffer.close()
    return _tidy_svg(bytes(data.data()), width, height)


def _tidy_svg(svg: bytes, width: int, height: int) -> bytes:
    """What QSvgGenerator writes that other viewers read differently: the size in millimetres
    (say pixels, as asked for), Qt's font names ("Sans Serif", unknown to browsers, which then
    pick a serif: add the generic family) and `vector-effect="none"` (the default anyway)."""
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)  # the SVG Qt just wrote: trusted
    root.set("width", f"{width}px")
    root.set("height", f"{height}px")
    root.set("viewBox", f"0 0 {width} {height}")
    for element in root.iter():
        family = element.get("font-family")
        if family is not None and not family.rstrip().endswith(_GENERIC_FAMILIES):
            element.set("font-family", f"{_css_family(family)}, sans-serif")
        if element.get("vector-effect") == "none":
            del element.attrib["vector-effect"]
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


_GENERIC_FAMILIES = ("serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui")


def _css_family(family: str) -> str:
    """A family name as CSS reads it: quoted when it has spaces ("'Sans Serif'")."""
    name = family.strip().strip("'\"")
    return f"'{name}'" if " " in name else name


def _cannot_write(path: Path) -> str:
    """Qt could not encode the map (the file itself is written by Python, whose OSError says
    why in the caller's words); the file name is data."""
    return QCoreApplication.translate("export", "Could not write {file}.").format(file=path)
