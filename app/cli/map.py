"""`datalocator map --out FILE.png|svg`: the world map as an image, for slides and reports.

Rendered offscreen (no window; Qt's offscreen platform when there is no display). With --demo the
map shows a made-up person's connections (app.core.demo) run through the session engine and the
embedded databases (or only the --db files given), identical on every machine; without it, one
snapshot of this computer's connections, located like `scan --once`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from app.cli.common import (
    CliError,
    add_common_options,
    build_locator,
    build_reverse,
    fail,
    user_path,
)
from app.core.text import visible

PROG = "datalocator map"
FORMATS = (".png", ".svg")
DEFAULT_SIZE = (1920, 1080)


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "map",
        help="draw the world map of your connections to a PNG or SVG file",
        description="Draw the world map (PNG or SVG), offscreen, for slides and reports.",
    )
    parser.add_argument("--out", required=True, type=user_path, metavar="FILE", help=".png or .svg")
    parser.add_argument(
        "--size", type=_size, default=DEFAULT_SIZE, metavar="WxH", help="default 1920x1080"
    )
    parser.add_argument(
        "--demo", action="store_true", help="a built-in example person's data instead of a scan"
    )
    parser.add_argument(
        "--home", metavar="CC", help="home country code (default: settings, then system locale)"
    )
    parser.add_argument("--fit", action="store_true", help="frame the marks, not the world")
    parser.add_argument("--no-legend", action="store_true", help="leave the legend out")
    add_common_options(parser, tr)
    parser.set_defaults(run=run)


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"wants WIDTHxHEIGHT in pixels, not {text!r}")
    return int(match.group(1)), int(match.group(2))


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        return fail(PROG, f"--out must end in .png or .svg, not {out.name!r}", args.tr)
    _use_offscreen_without_display()
    from app.ui.map.export import ExportError, check_size

    width, height = args.size
    try:
        check_size(width, height)
        entries = _demo_entries(args) if args.demo else _scanned_entries(args)
        home = args.home or (_demo_home() if args.demo else _default_home())
        _render(out, suffix, width, height, entries, home, fit=args.fit, legend=not args.no_legend)
    except (CliError, ExportError, OSError) as exc:
        return fail(PROG, str(exc), args.tr)
    print(f"wrote {visible(str(out))} ({width}×{height}, {len(entries)} endpoints)")
    return 0


def _use_offscreen_without_display() -> None:
    """Rendering to a file needs no screen: use Qt's offscreen platform when there is none."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _demo_entries(args: argparse.Namespace) -> list[Any]:
    """The persona's first snapshot through the engine: the embedded databases alone (the same
    map on every machine), or the --db files when some are given."""
    from app.core.demo import demo_connections, demo_details
    from app.core.geo.locator import Locator, default_database_paths
    from app.core.map_marks import entries_from_connections

    if args.db:
        locator = build_locator(args, PROG)
    else:
        locator, _errors = Locator.from_paths(default_database_paths())
    with locator:
        connections = demo_connections(locator)
    return entries_from_connections(connections, demo_details())


def _demo_home() -> str:
    from app.core.demo import DEMO_HOME

    return DEMO_HOME


def _default_home() -> str | None:
    from app.core.settings import SettingsStore
    from app.ui.map.home import system_home_country

    return SettingsStore().load().home_country or system_home_country()


def _scanned_entries(args: argparse.Namespace) -> list[Any]:
    """One snapshot of this computer's connections through the engine, as `scan --once`."""
    from app.core.connections import PsutilSource
    from app.core.map_marks import entries_from_connections, located_details
    from app.core.session.engine import Session

    locator = build_locator(args)
    session = Session(PsutilSource(), locator, build_reverse(args))
    session.poll()
    session.resolve_pending()
    return entries_from_connections(session.connections(), located_details())


def _render(
    out: Path,
    suffix: str,
    width: int,
    height: int,
    entries: Any,
    home: str | None,
    *,
    fit: bool,
    legend: bool,
) -> None:
    from app.core.geo.viewport import HOME_BOUNDS, Viewport
    from app.core.geo.world import load_world
    from app.ui.map.export import write_png, write_svg
    from app.ui.map.renderer import MapRenderer
    from app.ui.map.scene import MapScene
    from app.ui.qt import QGuiApplication

    # Fonts and painting need a Qt application; reuse the caller's (tests, the GUI) if any.
    app = QGuiApplication.instance() or QGuiApplication(["datalocator"])
    world = load_world()
    scene = MapScene(world)
    scene.set_entries(entries)
    if home and not scene.set_home(home):
        raise CliError(f"unknown home country code {home!r}")
    view = scene.view
    bounds = view.bounds() if fit else None
    viewport = Viewport.fit(bounds or HOME_BOUNDS, width, height, margin=60.0 if bounds else 16.0)
    writer = write_svg if suffix == ".svg" else write_png
    if _qt_can_name(out):
        writer(out, MapRenderer(world), view, viewport, legend=legend)
    else:
        # Qt cannot name a file whose name is not UTF-8: draw under a plain name, then move.
        with tempfile.TemporaryDirectory(prefix="datalocator-map-") as folder:
            staged = Path(folder) / f"map{suffix}"
            writer(staged, MapRenderer(world), view, viewport, legend=legend)
            shutil.move(staged, out)
    del app


def _qt_can_name(path: Path) -> bool:
    """Whether the path survives Qt's UTF-16 strings (undecodable bytes do not)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
