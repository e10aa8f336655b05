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

from babel.numbers import format_decimal

from app.cli.common import (
    CliError,
    add_common_options,
    add_demo_option,
    build_locator,
    build_reverse,
    fail,
    path_type,
    say,
)
from app.core.i18n import babel_locale, language_of, system_reason
from app.core.text import visible

PROG = "datalocator map"
FORMATS = (".png", ".svg")
DEFAULT_SIZE = (1920, 1080)


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "map",
        help=tr.gettext("draw the world map of your connections to a PNG or SVG file"),
        description=tr.gettext(
            "Draw the world map (PNG or SVG), offscreen, for slides and reports."
        ),
    )
    parser.add_argument(
        "--out",
        required=True,
        type=path_type(tr),
        metavar=tr.gettext("FILE"),
        help=tr.gettext(".png or .svg"),
    )
    parser.add_argument(
        "--size",
        type=_size_type(tr),
        default=DEFAULT_SIZE,
        metavar=tr.gettext("WxH"),
        help=tr.gettext("default 1920x1080"),
    )
    add_demo_option(parser, tr.gettext("a built-in example person's data instead of a scan"), tr)
    parser.add_argument(
        "--home",
        metavar=tr.gettext("CC"),
        help=tr.gettext("home country code (default: settings, then system locale)"),
    )
    parser.add_argument(
        "--fit", action="store_true", help=tr.gettext("frame the marks, not the world")
    )
    parser.add_argument("--no-legend", action="store_true", help=tr.gettext("leave the legend out"))
    add_common_options(parser, tr)
    parser.set_defaults(run=run)


def _size_type(tr: NullTranslations) -> Any:
    """The argparse type of --size, its complaint in ``tr``'s language."""

    def size(text: str) -> tuple[int, int]:
        match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
        if match is None:
            problem = tr.gettext("wants WIDTHxHEIGHT in pixels, not {text!r}")
            raise argparse.ArgumentTypeError(problem.format(text=text))
        return int(match.group(1)), int(match.group(2))

    return size


def run(args: argparse.Namespace) -> int:
    tr: NullTranslations = args.tr
    out: Path = args.out
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        problem = tr.gettext("--out must end in .png or .svg, not {name!r}")
        return fail(PROG, problem.format(name=out.name), tr)
    use_offscreen_without_display()
    from app.ui.i18n import install_translators
    from app.ui.map.export import MAX_SIDE, MIN_SIDE, ExportError
    from app.ui.qt import QGuiApplication

    width, height = args.size
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            problem = tr.gettext("image sides must be {low}…{high} pixels, not {side}")
            return fail(PROG, problem.format(low=MIN_SIDE, high=MAX_SIDE, side=side), tr)
    # Fonts and painting need a Qt application; reuse the caller's (tests, the GUI) if any. Its
    # translators make the image's legend speak the command line's language.
    app = QGuiApplication.instance() or QGuiApplication(["datalocator"])
    translators = install_translators(app, language_of(tr))
    try:
        entries, sources = _demo_entries(args) if args.demo else _scanned_entries(args)
        home = args.home or (_demo_home(args.demo) if args.demo else _default_home())
        _render(
            out,
            suffix,
            width,
            height,
            entries,
            home,
            tr,
            fit=args.fit,
            legend=not args.no_legend,
            sources=sources,
        )
    except CliError as exc:
        return fail(PROG, str(exc), tr)
    except ExportError as exc:
        return fail(PROG, say(exc, tr), tr)
    except OSError as exc:
        problem = tr.gettext("cannot write {file}: {reason}")
        return fail(PROG, problem.format(file=out, reason=system_reason(exc).text(tr)), tr)
    finally:
        for translator in translators:
            app.removeTranslator(translator)
    locale = babel_locale(language_of(tr))
    done = tr.ngettext(
        "wrote {file} ({width}×{height}, {count} endpoint)",
        "wrote {file} ({width}×{height}, {count} endpoints)",
        len(entries),
    )
    print(
        done.format(
            file=visible(str(out)),
            width=width,
            height=height,
            count=format_decimal(len(entries), locale=locale),
        )
    )
    return 0


def use_offscreen_without_display() -> None:
    """Rendering to a file needs no screen: use Qt's offscreen platform when there is none."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _geo_sources(locator: Any) -> tuple[Any, ...]:
    """The location data sets behind the map, for its caption (the files in use, not the
    shipped ones, when --db names others)."""
    from app.core.data_sources import location_data_sources

    return location_data_sources(locator.sources)


def _demo_entries(args: argparse.Namespace) -> tuple[list[Any], tuple[Any, ...]]:
    """The persona's first snapshot through the engine: the embedded databases alone (the same
    map on every machine), or the --db files when some are given."""
    from app.core.demo import demo_connections, demo_details, load_persona
    from app.core.geo.locator import Locator, default_database_paths
    from app.core.map_marks import entries_from_connections

    if args.db:
        locator = build_locator(args, PROG)
    else:
        locator, _errors = Locator.from_paths(default_database_paths())
    with locator:
        persona = load_persona(args.demo)
        connections = demo_connections(locator, persona)
        sources = _geo_sources(locator)
    return entries_from_connections(connections, demo_details(persona)(None)), sources


def _demo_home(persona: str) -> str:
    from app.core.demo import load_persona

    return load_persona(persona).home


def _default_home() -> str | None:
    from app.core.settings import SettingsStore
    from app.ui.map.home import system_home_country

    return SettingsStore().load().home_country or system_home_country()


def _scanned_entries(args: argparse.Namespace) -> tuple[list[Any], tuple[Any, ...]]:
    """One snapshot of this computer's connections through the engine, as `scan --once`."""
    from app.core.connections import PsutilSource
    from app.core.map_marks import entries_from_connections, located_details
    from app.core.session.engine import Session

    locator = build_locator(args)
    session = Session(PsutilSource(), locator, build_reverse(args))
    session.poll()
    session.resolve_pending()
    entries = entries_from_connections(session.connections(), located_details())
    return entries, _geo_sources(locator)


def _render(
    out: Path,
    suffix: str,
    width: int,
    height: int,
    entries: Any,
    home: str | None,
    tr: NullTranslations,
    *,
    fit: bool,
    legend: bool,
    sources: Any,
) -> None:
    from app.core.geo.viewport import HOME_BOUNDS, Viewport
    from app.core.geo.world import load_world
    from app.ui.map.export import export_caption, write_png, write_svg
    from app.ui.map.renderer import MapRenderer
    from app.ui.map.scene import MapScene
    from app.ui.qt import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["datalocator"])  # made by `run`
    world = load_world()
    scene = MapScene(world)
    scene.set_entries(entries)
    if home and not scene.set_home(home):
        raise CliError(tr.gettext("unknown home country code {code!r}").format(code=home))
    view = scene.view
    bounds = view.bounds() if fit else None
    viewport = Viewport.fit(bounds or HOME_BOUNDS, width, height, margin=60.0 if bounds else 16.0)
    caption = export_caption(language_of(tr), sources=sources)

    def writer(path: Path) -> None:
        write = write_svg if suffix == ".svg" else write_png
        renderer = MapRenderer(world, language=language_of(tr))
        write(path, renderer, view, viewport, legend=legend, caption=caption)

    if _qt_can_name(out):
        writer(out)
    else:
        # Qt cannot name a file whose name is not UTF-8: draw under a plain name, then move.
        with tempfile.TemporaryDirectory(prefix="datalocator-map-") as folder:
            staged = Path(folder) / f"map{suffix}"
            writer(staged)
            shutil.move(staged, out)
    del app


def _qt_can_name(path: Path) -> bool:
    """Whether the path survives Qt's UTF-16 strings (undecodable bytes do not)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
