"""Render the map offscreen to a PNG or an SVG, for slides and reports.

Works with or without a window: the CLI (`datalocator map --out`) and the widget's Export menu
both call these with a renderer, a scene and the part of the world to show.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from app.core.geo.viewport import HOME_BOUNDS, Viewport
from app.ui.map.renderer import NO_HIGHLIGHT, Highlight, MapRenderer
from app.ui.map.scene import SceneView
from app.ui.qt import (
    QByteArray,
    QCoreApplication,
    QImage,
    QImageWriter,
    QPainter,
    QRect,
    QSize,
    QSvgGenerator,
    Qt,
)

MIN_SIDE = 64
MAX_SIDE = 16384


class ExportError(Exception):
    """The map could not be written (bad size, unwritable path)."""


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


def render_image(
    renderer: MapRenderer,
    scene: SceneView,
    viewport: Viewport,
    *,
    highlight: Highlight = NO_HIGHLIGHT,
    legend: bool = True,
    device_pixel_ratio: float = 1.0,
) -> QImage:
    """The whole map as an image of viewport.width × viewport.height logical pixels."""
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
        renderer.paint_all(painter, viewport, scene, highlight, legend=legend)
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
) -> None:
    check_size(round(viewport.width), round(viewport.height))
    image = render_image(renderer, scene, viewport, highlight=highlight, legend=legend)
    writer = QImageWriter(str(path), QByteArray(b"png"))
    if not writer.write(image):
        raise ExportError(_cannot_write(path, writer.errorString()))


def write_svg(
    path: Path,
    renderer: MapRenderer,
    scene: SceneView,
    viewport: Viewport,
    *,
    highlight: Highlight = NO_HIGHLIGHT,
    legend: bool = True,
) -> None:
    """An SVG whose width, height and viewBox are the requested size in pixels."""
    width, height = round(viewport.width), round(viewport.height)
    check_size(width, height)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setResolution(96)
    generator.setTitle(QCoreApplication.translate("export", "DataLocator map"))
    generator.setDescription(
        QCoreApplication.translate("export", "Where your data live, and whose law reaches them")
    )
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(_cannot_write(path))
    try:
        renderer.paint_all(painter, viewport, scene, highlight, legend=legend, vector=True)
    finally:
        painter.end()
    _set_pixel_size(path, width, height)


def _set_pixel_size(path: Path, width: int, height: int) -> None:
    """QSvgGenerator states the size in millimetres; say pixels, as asked for."""
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    try:
        tree = ET.parse(path)
    except (OSError, ET.ParseError) as exc:
        raise ExportError(_cannot_write(path, str(exc))) from exc
    root = tree.getroot()
    root.set("width", f"{width}px")
    root.set("height", f"{height}px")
    root.set("viewBox", f"0 0 {width} {height}")
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _cannot_write(path: Path, reason: str = "") -> str:
    """Why a map was not written, in the installed translators' language (the file name and
    the system's reason are data)."""
    if reason:
        return QCoreApplication.translate("export", "Could not write {file}: {reason}").format(
            file=path, reason=reason
        )
    return QCoreApplication.translate("export", "Could not write {file}.").format(file=path)
