"""`datalocator trace-mail FILE.eml`: the countries, companies and laws a message passed
through, from its `Received:` headers (app.core.routes).

Only the start of the file is read (``received.MAX_HEADER_BLOCK``: the headers come first), so
a message of any size is fine; ``-`` reads pasted headers from standard input. Nothing is sent
anywhere: the addresses are located with the databases on this computer. Untrusted text (every
name in a header) is printed `visible`.
"""

from __future__ import annotations

import argparse
import sys
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from app.cli.common import CliError, add_database_options, build_locator, fail, say
from app.cli.locate import add_home_option, home_country
from app.core.countries import country_name
from app.core.i18n import language_of, system_reason
from app.core.jurisdiction import category_label
from app.core.local_files import UnusableFile, read_file_start
from app.core.model import AddressScope
from app.core.routes.mail_route import MailRoute, RouteHop, doubt_text, mail_route
from app.core.routes.received import MAX_HEADER_BLOCK, MAX_HOPS, read_received
from app.core.routes.shown import NOT_LOCATED, mail_summary
from app.core.safe_output import to_json
from app.core.serialise import SCHEMA_VERSION, endpoint_record, human_values
from app.core.text import visible, visible_path

PROG = "datalocator trace-mail"
STDIN = "-"


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "trace-mail",
        help=tr.gettext("which countries and companies a mail message passed through"),
        description=tr.gettext(
            "Read a message's Received: headers and show each server it passed through: "
            "where it is, who runs it and which law reaches it. Only the headers are read; "
            "nothing is sent anywhere."
        ),
    )
    parser.add_argument(
        "file",
        metavar=tr.gettext("FILE"),
        help=tr.gettext("a message file (.eml), or - to read pasted headers"),
    )
    parser.add_argument("--json", action="store_true", help=tr.gettext("JSON output"))
    add_home_option(parser, tr)
    add_database_options(parser, tr)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    tr: NullTranslations = args.tr
    try:
        data = _read(args.file, tr)
        chain = read_received(data)
        if not chain.hops:
            raise CliError(
                tr.gettext(
                    "{file}: no Received: headers — not a mail message, or one that never "
                    "left its sender's computer"
                ).format(file=_shown(args.file))
            )
        args.home = home_country(args)
        locator = build_locator(args, PROG)
    except CliError as error:
        return fail(PROG, str(error), tr)
    with locator:
        route = mail_route(chain, locator)
    if args.json:
        sys.stdout.write(to_json(route_record(route, tr, args.home), indent=1) + "\n")
    else:
        for line in route_lines(route, _shown(args.file), tr, args.home):
            print(line)
    return 0


def _shown(file: str) -> str:
    return visible_path(file) if file != STDIN else "-"


def _read(file: str, tr: NullTranslations) -> bytes:
    """The start of the message (its headers), or CliError saying why it cannot be read."""
    if file == STDIN:
        return sys.stdin.buffer.read(MAX_HEADER_BLOCK)
    where = visible_path(file)
    try:
        data = read_file_start(Path(file), MAX_HEADER_BLOCK)
    except UnusableFile as error:
        raise CliError(f"{where}: {say(error, tr)}") from None
    except OSError as error:
        raise CliError(f"{where}: {system_reason(error).text(tr)}") from None
    if data is None:
        raise CliError(tr.gettext("{file}: no such file").format(file=where))
    return data


# --- text -----------------------------------------------------------------------------------


def route_lines(
    route: MailRoute, file: str, tr: NullTranslations, home: str | None = None
) -> list[str]:
    """The route as numbered lines, every header's text made visible."""
    heading = tr.ngettext(
        "Route of {file}, oldest first ({count} hop):",
        "Route of {file}, oldest first ({count} hops):",
        len(route.hops),
    )
    lines = [heading.format(file=file, count=len(route.hops))]
    if route.skipped:
        skipped = tr.ngettext(
            "({count} older header was not read: at most {limit} are)",
            "({count} older headers were not read: at most {limit} are)",
            route.skipped,
        )
        lines.append(skipped.format(count=route.skipped, limit=MAX_HOPS))
    width = len(str(len(route.hops)))
    for hop in route.hops:
        lines += _hop_lines(hop, width, tr, home)
    lines += mail_summary(route, tr)
    return lines


def _hop_lines(hop: RouteHop, width: int, tr: NullTranslations, home: str | None) -> list[str]:
    language = language_of(tr)
    indent = " " * (width + 2)
    title = visible(hop.label)
    if hop.ip is not None and hop.ip != hop.label:
        title += f"  [{hop.ip}]"
    lines = [f"{hop.number:>{width}}. {title}"]
    if hop.ip is None and hop.hop.from_name is None and hop.hop.by_name:  # who wrote it
        lines.append(
            indent + tr.gettext("written by {server}").format(server=visible(hop.hop.by_name))
        )
    if hop.scope is None:
        lines.append(indent + tr.gettext("no address"))
    elif hop.scope is not AddressScope.PUBLIC:
        lines.append(indent + tr.gettext(NOT_LOCATED[hop.scope]))
    else:
        lines.append(indent + _place_line(hop, tr))
        sentence = hop.verdict_text(language, home)
        if sentence:
            lines.append(indent + visible(sentence))
    if not hop.trusted:
        reasons = "; ".join(doubt_text(doubt, tr) for doubt in hop.doubts)
        flagged = tr.gettext("⚠ claimed by the next server, not checked: {reasons}")
        lines.append(indent + flagged.format(reasons=reasons))
    return lines


def _place_line(hop: RouteHop, tr: NullTranslations) -> str:
    """Country, city — company — law, each "unknown" when not known."""
    language = language_of(tr)
    unknown = tr.gettext("unknown")
    code = hop.country_code
    place = country_name(code, language) if code else unknown
    if hop.city:
        place = f"{place}, {visible(hop.city)}"
    company = visible(hop.company) if hop.company else unknown
    law = category_label(hop.law, language) if hop.law else unknown
    return f"{place} — {company} — {law}"


# --- JSON -----------------------------------------------------------------------------------


def route_record(route: MailRoute, tr: NullTranslations, home: str | None = None) -> dict[str, Any]:
    """The route as docs/JSON.md's trace-mail record (strings made visible by `to_json`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "hops": [hop_record(hop, tr, home) for hop in route.hops],
        "countries": list(route.countries),
        "outside_eu": list(route.outside_eu),
        "leaves_eu": route.leaves_eu,
        "skipped_headers": route.skipped,
        "home_country": home,
    }


def hop_record(hop: RouteHop, tr: NullTranslations, home: str | None = None) -> dict[str, Any]:
    header = hop.hop
    located = None
    if hop.located is not None:
        located = human_values(endpoint_record(hop.located), hop.located, tr)
        sentence = hop.verdict_text(language_of(tr), home)
        if sentence is not None:
            located["verdict"] = sentence
    return {
        "hop": hop.number,
        "label": hop.label,
        "from_name": header.from_name,
        "reverse_name": header.reverse_name,
        "from_ip": header.from_ip,
        "by_name": header.by_name,
        "by_ip": header.by_ip,
        "protocol": header.protocol,
        "time": header.time.isoformat() if header.time else None,
        "scope": str(hop.scope) if hop.scope else None,
        "trusted": hop.trusted,
        "doubts": [str(doubt) for doubt in hop.doubts],
        "doubts_text": [doubt_text(doubt, tr) for doubt in hop.doubts],
        "located": located,
        "raw": header.raw,
    }
