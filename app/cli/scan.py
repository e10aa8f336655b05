"""`datalocator scan`: this machine's connections and where their other ends are.

It runs the session engine (app.core.session), the one the window runs. With --once, one
located snapshot (a table, a JSON array or CSV). Without it the connections are polled until
Ctrl-C and each opening ("+") or closing ("-") is printed as it is seen: a line of text, a JSON
line with an "event" field, or a CSV row with an "event" column.

--record FILE writes what the engine was given (snapshots, DNS answers, which databases) to a
capture file while doing the same; --replay FILE runs the engine on such a file instead of
this machine, with the recorded DNS answers and no waiting, and prints what the live run did.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from gettext import NullTranslations
from pathlib import Path
from typing import Any, TextIO

from babel.numbers import format_decimal

from app.cli.common import (
    CliError,
    add_common_options,
    build_locator,
    build_reverse,
    company_text,
    endpoint_text,
    fail,
    format_row,
    hosts_text,
    law_text,
    note,
    path_type,
    print_table,
    say,
    warn,
    where,
)
from app.cli.progress import Progress
from app.core.connections import PsutilSource
from app.core.geo.locator import Locator
from app.core.i18n import N_, babel_locale, language_of
from app.core.model import LocatedConnection, LocatedEndpoint
from app.core.safe_output import csv_row, csv_writer, to_json
from app.core.serialise import CONNECTION_FIELDS, connection_record, database_record, human_values
from app.core.session.capture import (
    CaptureError,
    CaptureSource,
    CaptureWriter,
    RecordedResolver,
    RecordingResolver,
    RecordingSource,
    open_capture,
)
from app.core.session.engine import NameResolver, Session
from app.core.session.events import Closed, Event, Opened, PollFailed, Unreadable
from app.core.session.sources import SourceEnded
from app.core.text import visible, visible_path

PROG = "datalocator scan"
# Column headers (English source texts, shown through the catalogue).
HEADERS = (
    N_("PROCESS"),
    N_("PID"),
    N_("PROTO"),
    N_("STATE"),
    N_("LOCAL"),
    N_("REMOTE"),
    N_("HOST"),
    N_("WHERE"),
    N_("COMPANY"),
    N_("LAW"),
)
# TCP states as the table says them (as the window does); JSON and CSV keep psutil's codes.
STATE_TEXT = {
    "ESTABLISHED": N_("established"),
    "SYN_SENT": N_("connecting"),
    "SYN_RECV": N_("connecting"),
    "FIN_WAIT1": N_("closing"),
    "FIN_WAIT2": N_("closing"),
    "CLOSING": N_("closing"),
    "CLOSE_WAIT": N_("closing"),
    "LAST_ACK": N_("closing"),
    "TIME_WAIT": N_("closed"),
    "CLOSE": N_("closed"),
    "LISTEN": N_("listening"),
}
# Column widths of the streaming output, which cannot wait to see the widest cell.
STREAM_WIDTHS = (16, 7, 5, 11, 24, 24, 28, 28, 22, 0)


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "scan",
        help=tr.gettext("list this computer's connections and where they go"),
        description=tr.gettext(
            "List this computer's network connections and where their other ends are."
        ),
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=tr.gettext("JSON output"))
    output.add_argument("--csv", action="store_true", help=tr.gettext("CSV output"))
    parser.add_argument("--once", action="store_true", help=tr.gettext("one snapshot, then exit"))
    seconds = _interval_type(tr)
    parser.add_argument(
        "--interval",
        type=seconds,
        default=2.0,
        metavar=tr.gettext("S"),
        help=tr.gettext("seconds between polls when watching (default: 2)"),
    )
    capture = parser.add_mutually_exclusive_group()
    capture.add_argument(
        "--record",
        type=path_type(tr),
        metavar=tr.gettext("FILE"),
        help=tr.gettext("also write what is seen to a capture file (replaced when done)"),
    )
    capture.add_argument(
        "--replay",
        type=path_type(tr),
        metavar=tr.gettext("FILE"),
        help=tr.gettext("run on a capture file instead of this computer (offline, no waiting)"),
    )
    parser.add_argument(
        "--seconds",
        type=seconds,
        metavar="N",
        help=tr.gettext("with --record: stop after N seconds (default: at Ctrl-C)"),
    )
    add_common_options(parser, tr)
    parser.set_defaults(run=run)


def _interval_type(tr: NullTranslations) -> Any:
    """The argparse type of --interval and --seconds, its complaint in ``tr``'s language."""

    def interval(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not 0.05 <= value <= 86400:
            locale = babel_locale(language_of(tr))
            problem = tr.gettext("wants seconds between {low} and {high}, not {text!r}")
            low, high = format_decimal(0.05, locale=locale), format_decimal(86400, locale=locale)
            raise argparse.ArgumentTypeError(problem.format(low=low, high=high, text=text))
        return value

    return interval


def run(args: argparse.Namespace) -> int:
    """Ctrl-C interrupting a snapshot, or a closed pipe, end in app.cli.main (130, 1)."""
    if args.seconds is not None and args.record is None:
        return fail(PROG, args.tr.gettext("--seconds goes with --record"), args.tr)
    if args.replay is not None:
        return _replay(args, args.replay)
    try:
        locator = build_locator(args, PROG)
        reverse = build_reverse(args)
    except CliError as error:
        return fail(PROG, str(error), args.tr)
    if args.record is not None:
        return _record(args, args.record, locator, reverse)
    return _run(args, Session(PsutilSource(), locator, reverse), sys.stdout)


def _record(
    args: argparse.Namespace, path: Path, locator: Locator, reverse: NameResolver | None
) -> int:
    """Watch (or take one snapshot) while writing the capture; Ctrl-C and --seconds both end
    with a complete file."""
    try:
        writer = CaptureWriter(path, [database_record(info) for info in locator.sources])
    except CaptureError as error:
        return _capture_failed(error, args.tr)
    source = RecordingSource(PsutilSource(), writer)
    resolver = RecordingResolver(reverse, writer) if reverse is not None else None
    deadline = time.monotonic() + args.seconds if args.seconds is not None else None
    try:
        status = _run(args, Session(source, locator, resolver), sys.stdout, deadline=deadline)
    except CaptureError as error:  # grown too large: what was recorded is kept
        status = _capture_failed(error, args.tr)
    except BaseException:  # Ctrl-C during a snapshot, a closed pipe: keep what was recorded
        _commit(writer, args.tr)
        raise
    return status if _commit(writer, args.tr) else 2


def _commit(writer: CaptureWriter, tr: NullTranslations) -> bool:
    try:
        writer.commit()
    except CaptureError as error:
        _capture_failed(error, tr)
        return False
    return True


def _replay(args: argparse.Namespace, path: Path) -> int:
    tr: NullTranslations = args.tr
    try:
        capture = open_capture(path)
        locator = build_locator(args, PROG)
    except CaptureError as error:
        return _capture_failed(error, tr)
    except CliError as error:
        return fail(PROG, str(error), tr)
    recorded = sorted((d.database_type, d.build_date, d.file) for d in capture.header.databases)
    now = sorted(
        (d.database_type, d.build_date, d.file) for d in map(database_record, locator.sources)
    )
    if recorded != now:
        files = [d.file for d in capture.header.databases]
        if files:
            text = tr.gettext(
                "{file} was recorded with other databases ({names}); answers may differ"
            )
            text = text.format(file=visible_path(path), names=visible(", ".join(files)))
        else:
            text = tr.gettext("{file} was recorded without databases; answers may differ")
            text = text.format(file=visible_path(path))
        note(PROG, text, tr)
    resolver = RecordedResolver()  # recorded answers are data: never a live DNS query
    session = Session(CaptureSource(capture, resolver), locator, resolver)
    try:
        return _run(args, session, sys.stdout, wait=False)
    except CaptureError as error:  # the file changed while it was replayed
        return _capture_failed(error, tr)


def _capture_failed(error: CaptureError, tr: NullTranslations) -> int:
    """A capture file that cannot be read or written: one error line (the reason names the
    file)."""
    return fail(PROG, error, tr)


def _run(
    args: argparse.Namespace,
    session: Session,
    out: TextIO,
    *,
    wait: bool = True,
    deadline: float | None = None,
) -> int:
    if args.once:
        return _snapshot(args, session, out)
    try:
        _watch(args, session, out, wait=wait, deadline=deadline)
    except KeyboardInterrupt:  # how watching ends: not an error
        return 0
    return 0


def _snapshot(args: argparse.Namespace, session: Session, out: TextIO) -> int:
    """One poll, its names, and every connection with its answer."""
    progress = Progress.for_terminal(sys.stderr, machine_output=args.json or args.csv)
    with progress:
        progress.show(args.tr.gettext("Reading and locating the connections…"))
        events = session.poll()
        progress.show(args.tr.gettext("Looking up host names…"))
        events += session.resolve_pending()
    failed = [e.message for e in events if isinstance(e, PollFailed)]
    if failed:
        return fail(PROG, failed[0], args.tr)
    _note(events, args.tr)
    connections = session.connections()
    if args.json:
        records = [_human_record(c, None, args.tr) for c in connections]
        out.write(to_json(records, indent=1) + "\n")
    elif args.csv:
        writer = csv_writer(out, CONNECTION_FIELDS)
        writer.writerows(csv_row(_human_record(c, None, args.tr)) for c in connections)
    else:
        print_table((_cells(c, None, args.tr) for c in connections), _headers(args.tr), out)
    return 0


def _watch(
    args: argparse.Namespace,
    session: Session,
    out: TextIO,
    *,
    wait: bool,
    deadline: float | None,
) -> None:
    """Poll, ask the names, print what closed and what opened; until Ctrl-C, the deadline or
    the end of a recording."""
    writer = csv_writer(out, ("event", *CONNECTION_FIELDS)) if args.csv else None
    if not (args.json or args.csv):
        print(format_row(("", *_headers(args.tr)), (1, *STREAM_WIDTHS)), file=out, flush=True)
    noted: set[str] = set()  # the notes already said, as said
    while True:
        try:
            events = session.poll()
        except SourceEnded:
            return
        events += session.resolve_pending()
        _note(events, args.tr, noted)
        lines: list[tuple[str, LocatedConnection, LocatedEndpoint | None]] = []
        for event in events:
            if isinstance(event, Closed):
                lines += [("closed", c, c.located) for c in event.connections]
            elif isinstance(event, Opened):
                lines += [("new", c, _latest(session, c)) for c in event.connections]
        for kind, connection, located in lines:
            record = {"event": kind, **_human_record(connection, located, args.tr)}
            if args.json:
                print(to_json(record), file=out)
            elif writer is not None:
                writer.writerow(csv_row(record))
            else:
                mark = "+" if kind == "new" else "-"
                cells = _cells(connection, located, args.tr)
                print(format_row((mark, *cells), (1, *STREAM_WIDTHS)), file=out)
        out.flush()
        if deadline is not None and time.monotonic() >= deadline:
            return
        if wait:
            pause = args.interval
            if deadline is not None:
                pause = min(pause, max(0.0, deadline - time.monotonic()))
            time.sleep(pause)


def _human_record(
    connection: LocatedConnection, located: LocatedEndpoint | None, tr: NullTranslations
) -> dict[str, Any]:
    """A connection's JSON/CSV record, its values for people in ``tr``'s language."""
    record = connection_record(connection, located)
    return human_values(record, located or connection.located, tr)


def _latest(session: Session, connection: LocatedConnection) -> LocatedEndpoint | None:
    """The answer for a new connection once its names arrived (later in the same poll)."""
    ip = connection.observation.remote_ip
    return (session.located(ip) if ip is not None else None) or connection.located


def _headers(tr: NullTranslations) -> tuple[str, ...]:
    return tuple(tr.gettext(header) for header in HEADERS)


def _state_text(status: str, tr: NullTranslations) -> str:
    if status == "NONE":  # UDP: no state
        return ""
    words = STATE_TEXT.get(status)
    return tr.gettext(words) if words is not None else status


def _cells(
    connection: LocatedConnection, located: LocatedEndpoint | None, tr: NullTranslations
) -> Sequence[str]:
    obs = connection.observation
    located = located or connection.located
    return (
        obs.process or "?",
        str(obs.pid) if obs.pid is not None else "-",
        str(obs.protocol),
        _state_text(obs.status, tr),
        endpoint_text(obs.local_ip, obs.local_port),
        endpoint_text(obs.remote_ip, obs.remote_port),
        hosts_text(located, tr),
        where(located, tr),
        company_text(located),
        law_text(located, tr),
    )


def _note(events: Sequence[Event], tr: NullTranslations, noted: set[str] | None = None) -> None:
    """Say once on stderr what could not be read, so a short list is not mistaken for all, and
    why a poll failed."""
    for event in events:
        if isinstance(event, Unreadable):
            said = [say(line, tr) for line in event.skipped]
            fresh = [line for line in said if noted is None or line not in noted]
            if noted is not None:
                noted.update(fresh)
            if not fresh:
                continue
            shown = "; ".join(fresh[:3])
            if len(fresh) > 3:
                more = tr.ngettext(
                    "{notes} (and {count} more)", "{notes} (and {count} more)", len(fresh) - 3
                )
                shown = more.format(notes=shown, count=len(fresh) - 3)
            note(PROG, shown, tr)
        elif isinstance(event, PollFailed):
            warn(PROG, event.message, tr)
