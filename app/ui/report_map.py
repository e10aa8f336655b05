"""The report's world map: the same scene, renderer and SVG writer as the window's exports,
drawn from a report's (already redacted) input, so the map shows nothing the text hides.

Runs on any thread that has a Qt application: it makes its own renderer and fonts (nothing
crosses threads), which is how the window draws it inside its TaskRunner.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.core.accounts.links import account_links, with_accounts
from app.core.accounts.pins import account_pins
from app.core.data_sources import NON_LOCATION_KINDS
from app.core.geo.viewport import HOME_BOUNDS, Viewport
from app.core.geo.world import World, load_world
from app.core.map_marks import MapEntry, located_details
from app.core.model import Category
from app.core.report.model import Observed, ReportInput
from app.ui.map.export import export_caption, svg_bytes
from app.ui.map.renderer import MapRenderer
from app.ui.map.scene import MapScene

# Pixels of the view box; the page scales it to its width (printed, the labels are about 6 pt).
MAP_SIZE = (1100, 680)


def report_entries(data: ReportInput, language: str) -> list[MapEntry]:
    """One map entry per address, with its programs and the accounts it serves."""
    details = with_accounts(located_details(language), account_links(data.accounts))
    rows: dict[str, list[Observed]] = {}
    for row in data.observed:
        rows.setdefault(row.remote_ip, []).append(row)
    entries = []
    for ip in sorted(rows):
        located = rows[ip][0].located
        extra = details(located)
        categories = {row.category for row in rows[ip]}
        category = extra.category or next(
            (c for c in (Category.MAIL, Category.PHOTOS) if c in categories), Category.OTHER
        )
        entries.append(
            MapEntry(
                located=located,
                processes=tuple(dict.fromkeys(r.process for r in rows[ip] if r.process)),
                provider=extra.provider,
                jurisdiction=extra.jurisdiction,
                category=category,
                accounts=extra.accounts,
                law_note=extra.law_note,
            )
        )
    return entries


def report_scene(data: ReportInput, language: str, world: World | None = None) -> MapScene:
    """The scene of the report's map: its addresses, the accounts' pins and home."""
    scene = MapScene(world or load_world())
    scene.set_entries(report_entries(data, language))
    scene.set_account_pins(account_pins(data.accounts))
    if data.home:
        scene.set_home(data.home)
    return scene


def draw_report_map(data: ReportInput, language: str) -> str:
    """The map as SVG text: marks framed, the legend, and the caption naming the data sets.
    (Labels drawn as static text reach the SVG as outlines: the map has no searchable text.)"""
    world = load_world()
    view = report_scene(data, language, world).view
    bounds = view.bounds()
    width, height = MAP_SIZE
    viewport = Viewport.fit(bounds or HOME_BOUNDS, width, height, margin=60.0 if bounds else 16.0)
    renderer = MapRenderer(world, language=language)
    day = datetime.fromtimestamp(data.created, UTC).date()
    located = [s for s in data.sources if s.kind not in NON_LOCATION_KINDS]  # the caption's: places
    caption = export_caption(language, day=day, sources=located)
    svg = svg_bytes(renderer, view, viewport, legend=True, caption=caption)
    return svg.decode("utf-8") if svg is not None else ""
