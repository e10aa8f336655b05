"""`datalocator report --out FILE`: the personal data-location report as PDF, HTML, JSON or CSV.

The data: one snapshot of this computer and the user's accounts (as `scan --once` and
`accounts`), a recording (--replay, every snapshot of it, its recorded names only), or the demo
persona (--demo, the same report on every machine). The map is drawn offscreen by the window's
own code (app/ui/report_map.py); the file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import sys
from gettext import NullTranslations
from pathlib import Path
from typing import Any

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
from app.cli.locate import add_home_option, home_country
from app.cli.progress import Progress
from app.core.i18n import SUPPORTED_LANGUAGES, language_of
from app.core.report.produce import (
    Paper,
    ReportError,
    ReportFormat,
    ReportOptions,
    default_paper,
)
from app.core.text import visible

PROG = "datalocator report"


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "report",
        help=tr.gettext("write your personal data-location report (PDF, HTML, JSON or CSV)"),
        description=tr.gettext(
            "Write a report of where your data live and which laws may reach them: a letter to"
            " keep or share (PDF, HTML), or data for programs (JSON, CSV)."
        ),
    )
    parser.add_argument(
        "--out",
        required=True,
        type=path_type(tr),
        metavar=tr.gettext("FILE"),
        help=tr.gettext("the file to write"),
    )
    parser.add_argument(
        "--format",
        choices=[f.value for f in ReportFormat],
        help=tr.gettext("default: from the file's extension"),
    )
    shown = parser.add_mutually_exclusive_group()
    add_demo_option(shown, tr.gettext("a built-in example person's data instead of a scan"), tr)
    shown.add_argument(
        "--replay",
        type=path_type(tr),
        metavar=tr.gettext("CAPTURE"),
        help=tr.gettext("a recording made by `datalocator scan --record FILE`"),
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help=tr.gettext(
            "hide addresses, user and computer names, account names and private servers"
            " (for sharing); countries, cities, companies and laws stay"
        ),
    )
    parser.add_argument(
        "--paper",
        choices=[p.value for p in Paper],
        help=tr.gettext("PDF paper size (default: Letter in North America, else A4)"),
    )
    parser.add_argument(
        "--name",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("for whom the report is, printed on its first page"),
    )
    parser.add_argument(
        "--machine",
        action="store_true",
        help=tr.gettext("print this computer's name on the first page"),
    )
    # Read before anything else by the command line (app.cli._early_options): accepted here so
    # that `datalocator report --lang fr` works as well as `datalocator --lang fr report`.
    parser.add_argument(
        "--lang", choices=SUPPORTED_LANGUAGES, help=tr.gettext("the report's language")
    )
    add_home_option(parser, tr)
    add_common_options(parser, tr)
    parser.set_defaults(run=run)


def _format(args: argparse.Namespace, tr: NullTranslations) -> ReportFormat:
    if args.format:
        return ReportFormat(args.format)
    suffix = args.out.suffix.lower().lstrip(".")
    if suffix == "htm":
        return ReportFormat.HTML
    try:
        return ReportFormat(suffix)
    except ValueError:
        problem = tr.gettext(
            "--out must end in .pdf, .html, .json or .csv, or give --format; not {name!r}"
        )
        raise CliError(problem.format(name=visible(args.out.name))) from None


def run(args: argparse.Namespace) -> int:
    tr: NullTranslations = args.tr
    try:
        fmt = _format(args, tr)
        if args.name is not None and len(args.name) > 200:
            raise CliError(tr.gettext("--name is too long (200 characters at most)"))
        home = None if args.demo else home_country(args)  # the demo has its own
        options_home = _paper_home(args, home)
        language = language_of(tr)
        options = ReportOptions(
            format=fmt,
            language=language,
            paper=Paper(args.paper) if args.paper else default_paper(options_home),
            redact=args.redact,
            person=args.name,
            machine=args.machine and not args.redact,
        )
        progress = Progress.for_terminal(sys.stderr, machine_output=False)
        with progress:
            progress.show(tr.gettext("Reading and locating the connections…"))
            data = _input(args, home, tr)
            progress.show(tr.gettext("Writing the report…"))
            _write(data, options, args.out)
    except CliError as error:
        return fail(PROG, str(error), tr)
    except ReportError as error:
        return fail(PROG, say(error, tr), tr)
    print(tr.gettext("wrote {file}").format(file=visible(str(args.out))))
    return 0


def _paper_home(args: argparse.Namespace, home: str | None) -> str | None:
    if args.demo:
        from app.core.demo import load_persona

        return load_persona(args.demo).home
    return home


def _input(args: argparse.Namespace, home: str | None, tr: NullTranslations) -> Any:
    from app.core.geo.locator import Locator, default_database_paths
    from app.core.report import gather

    if args.demo:
        if args.db:
            locator = build_locator(args, PROG)
        else:
            locator, _errors = Locator.from_paths(default_database_paths())
        with locator:
            from app.core.demo import load_persona

            return gather.demo_input(locator, load_persona(args.demo))
    if args.replay is not None:
        from app.core.session.capture import CaptureError, open_capture

        try:
            capture = open_capture(args.replay)
        except CaptureError as error:
            raise CliError(say(error, tr)) from None
        with build_locator(args, PROG) as locator:
            try:
                return gather.capture_input(capture, locator, home=home)
            except CaptureError as error:  # the file changed while it was read
                raise CliError(say(error, tr)) from None
    from app.core.connections import PsutilSource

    with build_locator(args, PROG) as locator:
        accounts = _accounts(args, locator)
        return gather.snapshot_input(
            PsutilSource(), locator, build_reverse(args), accounts, home=home
        )


def _accounts(args: argparse.Namespace, locator: Any) -> tuple[Any, ...]:
    """The user's accounts, placed as `datalocator accounts` does (DNS unless --no-dns)."""
    from app.cli.accounts import dns_for
    from app.core.accounts.catalogue import ServiceCatalogue
    from app.core.accounts.placing import pending_accounts, place_pending
    from app.core.accounts.processes import running_process_names
    from app.core.accounts.userdirs import UserDirs
    from app.core.settings import SettingsStore

    catalogue = ServiceCatalogue.load()
    entries = SettingsStore().load().manual_accounts
    items, _problems = pending_accounts(
        UserDirs.from_environment(), entries, running_process_names()
    )
    dns = dns_for(args)
    return tuple(place_pending(item, dns, locator, catalogue) for item in items)


def _write(data: Any, options: ReportOptions, out: Path) -> None:
    draw_map = None
    if options.format in (ReportFormat.PDF, ReportFormat.HTML):
        from app.cli.map import use_offscreen_without_display
        from app.ui.qt import QGuiApplication

        use_offscreen_without_display()
        from app.ui.i18n import install_translators
        from app.ui.report_map import draw_report_map

        app = QGuiApplication.instance() or QGuiApplication(["datalocator"])
        translators = install_translators(app, options.language)
        draw_map = draw_report_map
        try:
            _write_with(data, options, out, draw_map)
        finally:
            for translator in translators:
                app.removeTranslator(translator)
        return
    _write_with(data, options, out, draw_map)


def _write_with(data: Any, options: ReportOptions, out: Path, draw_map: Any) -> None:
    from app.core.report.produce import write_report

    write_report(data, options, out, draw_map)
