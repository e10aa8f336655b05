"""`datalocator scan`: this machine's connections and where their other ends are.

With --once, one located snapshot (a table, a JSON array or CSV). Without it the connections are
polled until Ctrl-C and each opening ("+") or closing ("-") is printed as it is seen: a line of
text, a JSON line with an "event" field, or a CSV row with an "event" column.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

from app.cli.common import (
    CONNECTION_FIELDS,
    CliError,
    add_common_options,
    build_locator,
    build_reverse,
    connection_record,
    csv_row,
    csv_writer,
    endpoint_text,
    fail,
    format_row,
    hosts_text,
    network_text,
    print_table,
    to_json,
    where,
)
from app.core.connections import ConnectionDiff, ConnectionWatcher
from app.core.dns.reverse import ReverseResolver
from app.core.geo.locator import Locator
from app.core.model import LocatedConnection
from app.core.pipeline import locate_connections
from app.core.text import visible

PROG = "datalocator scan"
HEADERS = ("PROCESS", "PID", "PROTO", "STATE", "LOCAL", "REMOTE", "HOST", "WHERE", "NETWORK")
# Column widths of the streaming output, which cannot wait to see the widest cell.
STREAM_WIDTHS = (16, 7, 5, 11, 24, 24, 28, 28, 0)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="list this computer's connections and where they go",
        description="List this computer's network connections and where their other ends are.",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="JSON output")
    output.add_argument("--csv", action="store_true", help="CSV output")
    parser.add_argument("--once", action="store_true", help="one snapshot, then exit")
    parser.add_argument(
        "--interval",
        type=_interval,
        default=2.0,
        metavar="S",
        help="seconds between polls when watching (default: 2)",
    )
    add_common_options(parser)
    parser.set_defaults(run=run)


def _interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.05 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"wants seconds between 0.05 and 86400, not {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    """Ctrl-C interrupting a snapshot, or a closed pipe, end in app.cli.main (130, 1)."""
    try:
        locator = build_locator(args, PROG)
        reverse = build_reverse(args)
    except CliError as error:
        return fail(PROG, str(error))
    if args.once:
        _snapshot(args, locator, reverse, sys.stdout)
        return 0
    try:
        _watch(args, locator, reverse, sys.stdout)
    except KeyboardInterrupt:  # how watching ends: not an error
        return 0
    return 0


def _sorted(connections: list[LocatedConnection]) -> list[LocatedConnection]:
    def key(connection: LocatedConnection) -> tuple[Any, ...]:
        obs = connection.observation
        return (
            obs.process.lower(),
            obs.pid or 0,
            obs.protocol,
            obs.remote_ip or "",
            obs.local_port,
        )

    return sorted(connections, key=key)


def _snapshot(
    args: argparse.Namespace, locator: Locator, reverse: ReverseResolver | None, out: TextIO
) -> None:
    diff = ConnectionWatcher().poll()
    connections = _sorted(locate_connections(diff.current, locator, reverse))
    _note_skipped(diff)
    if args.json:
        records = [connection_record(c) for c in connections]
        out.write(to_json(records, indent=1) + "\n")
    elif args.csv:
        writer = csv_writer(out, CONNECTION_FIELDS)
        writer.writerows(csv_row(connection_record(c)) for c in connections)
    else:
        print_table((_cells(c) for c in connections), HEADERS, out)


def _watch(
    args: argparse.Namespace, locator: Locator, reverse: ReverseResolver | None, out: TextIO
) -> None:
    watcher = ConnectionWatcher()
    shown: dict[tuple[object, ...], LocatedConnection] = {}
    noted: set[str] = set()
    writer = csv_writer(out, ("event", *CONNECTION_FIELDS)) if args.csv else None
    if not (args.json or args.csv):
        print(format_row(("", *HEADERS), (1, *STREAM_WIDTHS)), file=out, flush=True)
    while True:
        diff = watcher.poll()
        _note_skipped(diff, noted)
        events = [("closed", shown.pop(obs.key)) for obs in diff.closed if obs.key in shown]
        for connection in _sorted(locate_connections(diff.new, locator, reverse)):
            shown[connection.observation.key] = connection
            events.append(("new", connection))
        for event, connection in events:
            if args.json:
                print(to_json({"event": event, **connection_record(connection)}), file=out)
            elif writer is not None:
                writer.writerow(csv_row({"event": event, **connection_record(connection)}))
            else:
                mark = "+" if event == "new" else "-"
                print(format_row((mark, *_cells(connection)), (1, *STREAM_WIDTHS)), file=out)
        out.flush()
        time.sleep(args.interval)


def _cells(connection: LocatedConnection) -> Sequence[str]:
    obs = connection.observation
    return (
        obs.process or "?",
        str(obs.pid) if obs.pid is not None else "-",
        str(obs.protocol),
        obs.status if obs.status != "NONE" else "",
        endpoint_text(obs.local_ip, obs.local_port),
        endpoint_text(obs.remote_ip, obs.remote_port),
        hosts_text(connection.located),
        where(connection.located),
        network_text(connection.located),
    )


def _note_skipped(diff: ConnectionDiff, noted: set[str] | None = None) -> None:
    """Say once on stderr what could not be read, so a short list is not mistaken for all."""
    fresh = [line for line in diff.skipped if noted is None or line not in noted]
    if noted is not None:
        noted.update(fresh)
    if fresh:
        more = f" (and {len(fresh) - 3} more)" if len(fresh) > 3 else ""
        print(f"{PROG}: note: {visible('; '.join(fresh[:3]))}{more}", file=sys.stderr)
