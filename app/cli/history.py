"""`datalocator history`: where this computer sent data over a period, from the history the
window keeps (`history forget` deletes it, for real)."""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import asdict
from datetime import UTC, date, datetime
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from app.cli.common import CliError, fail, path_type, print_table
from app.core.countries import country_name
from app.core.history.store import (
    DAY_S,
    Changes,
    HistoryStore,
    Sighting,
    default_path,
    forget,
)
from app.core.i18n import N_, format_day_of, language_of
from app.core.jurisdiction import category_label
from app.core.safe_output import csv_row, csv_writer, to_json
from app.core.text import visible

PROG = "datalocator history"
FIELDS = (
    "program",
    "ip",
    "country",
    "city",
    "company",
    "law",
    "first_seen",
    "last_seen",
    "observations",
    "sent",
    "received",
)
_SPAN = re.compile(r"^(\d{1,4})([hdw])$")
_HEADERS = (
    N_("PROGRAM"),
    N_("ADDRESS"),
    N_("COUNTRY"),
    N_("COMPANY"),
    N_("LAW"),
    N_("LAST SEEN"),
    N_("POLLS"),
)
_UNIT_S = {"h": 3600.0, "d": DAY_S, "w": 7 * DAY_S}


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "history",
        help=tr.gettext("where your data went over a period"),
        description=tr.gettext(
            "List which programs sent data to which places, companies and laws over a period, "
            "as the window recorded them. forget deletes the whole history."
        ),
    )
    parser.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=("list", "forget"),
        help=tr.gettext("what to do"),
    )
    parser.add_argument(
        "--since",
        default="7d",
        metavar=tr.gettext("SPAN"),
        help=tr.gettext("how far back: 12h, 7d, 4w (default 7d)"),
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help=tr.gettext("JSON output"))
    shown.add_argument("--csv", action="store_true", help=tr.gettext("CSV output"))
    parser.add_argument(
        "--changes",
        action="store_true",
        help=tr.gettext("only what is new in the period: countries, companies, programs"),
    )
    parser.add_argument(
        "--yes", action="store_true", help=tr.gettext("with forget: do not ask first")
    )
    parser.add_argument(
        "--file",
        type=path_type(tr),
        metavar=tr.gettext("FILE"),
        help=tr.gettext("the history file (default: the one in your data folder)"),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    tr: NullTranslations = args.tr
    path: Path | None = args.file or default_path()
    if path is None:
        print(tr.gettext("No history yet: the window keeps it while it watches."))
        return 0
    try:
        if args.action == "forget":
            return _forget(path, args.yes, tr)
        span = _span(args.since, tr)
    except CliError as error:
        return fail(PROG, str(error), tr)
    if not path.exists():
        print(tr.gettext("No history yet: the window keeps it while it watches."))
        return 0
    store = HistoryStore(path)
    try:
        start = time.time() - span
        seen = store.since(start)
        changes = store.changes(start)
    finally:
        store.close()
    if store.problem is not None:
        print(f"{PROG}: {store.problem.text(tr)}", file=sys.stderr)
    if args.changes:
        return _print_changes(changes, args.json, tr)
    records = [_record(s) for s in seen]
    if args.json:
        print(to_json(records, indent=2))
    elif args.csv:
        writer = csv_writer(sys.stdout, FIELDS)  # the header written
        for record in records:
            writer.writerow(csv_row(record))
    else:
        _table(seen, tr)
    return 0


def _print_changes(changes: Changes, as_json: bool, tr: NullTranslations) -> int:
    """New countries, companies and programs in the period (as JSON: the three lists)."""
    if as_json:
        print(to_json(asdict(changes), indent=2))
        return 0
    language = language_of(tr)
    lines = (
        (tr.gettext("New countries"), [country_name(c, language) for c in changes.countries]),
        (tr.gettext("New companies"), [visible(c) for c in changes.companies]),
        (tr.gettext("New programs"), [visible(p) for p in changes.programs]),
    )
    for label, names in lines:
        print(f"{label}: {', '.join(names) if names else tr.gettext('none')}")
    return 0


def _span(text: str, tr: NullTranslations) -> float:
    found = _SPAN.match(text.strip())
    if found is None:
        raise CliError(
            tr.gettext("--since takes a span such as 12h, 7d or 4w, not {text!r}").format(
                text=visible(text)
            )
        )
    return int(found.group(1)) * _UNIT_S[found.group(2)]


def _record(seen: Sighting) -> dict[str, Any]:
    place = seen.place
    return {
        "program": seen.program,
        "ip": place.ip,
        "country": place.country or None,
        "city": place.city or None,
        "company": place.company or None,
        "law": place.law or None,
        "first_seen": seen.first_seen,
        "last_seen": seen.last_seen,
        "observations": seen.observations,
        "sent": seen.sent,  # bytes; None where the system does not count them
        "received": seen.received,
    }


def _table(seen: tuple[Sighting, ...], tr: NullTranslations) -> None:
    if not seen:
        print(tr.gettext("Nothing recorded in that period."))
        return
    language = language_of(tr)
    rows = [
        (
            visible(s.program) or "?",
            s.place.ip,
            country_name(s.place.country, language) if s.place.country else "",
            visible(s.place.company),
            category_label(s.place.law, language) if s.place.law else "",
            format_day_of(_day(s.last_seen), "medium", language),
            str(s.observations),
        )
        for s in seen
    ]
    headers = [tr.gettext(h) for h in _HEADERS]
    print_table(rows, headers, sys.stdout)


def _day(at: float) -> date:
    return datetime.fromtimestamp(at, UTC).date()


def _forget(path: Path, yes: bool, tr: NullTranslations) -> int:
    if not yes:
        if not sys.stdin.isatty():
            raise CliError(tr.gettext("history forget deletes everything: add --yes to confirm"))
        answer = input(tr.gettext("Delete the whole history, for good? [y/N] "))
        if answer.strip().casefold() not in ("y", "yes", "o", "oui"):
            print(tr.gettext("Nothing deleted."))
            return 0
    gone = forget(path)
    print(
        tr.ngettext("Deleted {count} file.", "Deleted {count} files.", len(gone)).format(
            count=len(gone)
        )
    )
    return 0
