"""`datalocator trace-route HOST|IP`: the routers between this computer and an address, each
located, and where the path leaves and re-enters the EU/EEA.

It sends packets (app/core/routes/traceroute.py: small UDP probes or ICMP echo requests with a
growing TTL, no root needed; ``--method``, by default ICMP where the system lets this user open
an ICMP socket, else UDP), so it says which before the first one. A host name is resolved as
`locate` resolves it (`--dns-server`, nothing with `--no-dns`); the hops' names are asked by
PTR the same way, unless DNS is off. Hops are printed as they arrive (number, address, place,
company, law, round trips), then how the trace ended and the path's jurisdiction changes.
``--json`` prints one record at the end instead (docs/JSON.md).
"""

from __future__ import annotations

import argparse
import sys
from gettext import NullTranslations
from typing import Any

from babel.numbers import format_decimal

from app.cli.common import (
    CliError,
    add_common_options,
    build_locator,
    build_reverse,
    company_text,
    fail,
    law_text,
    note,
    say,
    where,
)
from app.cli.locate import resolve_targets
from app.cli.progress import Progress
from app.core.countries import country_name
from app.core.dns.reverse import ReverseResolver
from app.core.i18n import babel_locale, language_of
from app.core.routes.path import LocatedHop, LocatedPath, locate_path, summary
from app.core.routes.traceroute import (
    DEFAULT_MAX_HOPS,
    DEFAULT_PROBES,
    DEFAULT_TIMEOUT_S,
    MAX_HOPS_LIMIT,
    Ending,
    Hop,
    TracedPath,
    TraceError,
    TraceMethod,
    TraceOptions,
    choose_method,
    trace_route,
)
from app.core.safe_output import to_json
from app.core.serialise import SCHEMA_VERSION, endpoint_record, human_values
from app.core.session.engine import wants_name
from app.core.text import visible

PROG = "datalocator trace-route"
_SILENT = "*"


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "trace-route",
        help=tr.gettext("the routers on the way to an address, where they are and whose law"),
        description=tr.gettext(
            "Trace the network path to a host or an IP address: small UDP packets or ICMP echo "
            "requests with an increasing TTL, each router that answers located, and where the "
            "path leaves and re-enters the EU/EEA. No administrator rights needed (Linux)."
        ),
    )
    parser.add_argument("target", metavar=tr.gettext("HOST|IP"))
    parser.add_argument("--json", action="store_true", help=tr.gettext("JSON output"))
    parser.add_argument(
        "--max-hops",
        type=_bounded_int(tr, 1, MAX_HOPS_LIMIT),
        default=DEFAULT_MAX_HOPS,
        metavar="N",
        help=tr.gettext("give up after N routers (default {n})").format(n=DEFAULT_MAX_HOPS),
    )
    parser.add_argument(
        "--probes",
        type=_bounded_int(tr, 1, 10),
        default=DEFAULT_PROBES,
        metavar="N",
        help=tr.gettext("packets sent per hop (default {n})").format(n=DEFAULT_PROBES),
    )
    parser.add_argument(
        "--wait",
        type=_seconds(tr),
        default=DEFAULT_TIMEOUT_S,
        metavar=tr.gettext("SECONDS"),
        help=tr.gettext("how long to wait for each answer (default {n} s)").format(
            n=DEFAULT_TIMEOUT_S
        ),
    )
    parser.add_argument(
        "--method",
        choices=[str(method) for method in TraceMethod],
        default=str(TraceMethod.AUTO),
        help=tr.gettext(
            "which packets to send: ICMP echo requests (ping), which more firewalls let "
            "through, UDP, or auto: ICMP where the system allows it, else UDP (default auto)"
        ),
    )
    add_common_options(parser, tr)
    parser.set_defaults(run=run)


def _bounded_int(tr: NullTranslations, low: int, high: int) -> Any:
    def bounded(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                tr.gettext("a whole number from {low} to {high}, not {text!r}").format(
                    low=low, high=high, text=text
                )
            )
        return value

    return bounded


def _seconds(tr: NullTranslations) -> Any:
    def seconds(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = 0.0
        if not 0.01 <= value <= 60:
            raise argparse.ArgumentTypeError(
                tr.gettext("a number of seconds from 0.01 to 60, not {text!r}").format(text=text)
            )
        return value

    return seconds


def run(args: argparse.Namespace) -> int:
    tr: NullTranslations = args.tr
    try:
        targets = resolve_targets(args.target, args)
        locator = build_locator(args, PROG)
        reverse = build_reverse(args)
    except CliError as error:
        return fail(PROG, str(error), tr)
    target = targets[0]
    out = sys.stderr if args.json else sys.stdout
    if len(targets) > 1:
        several = tr.gettext("{name} has {count} addresses; tracing the first, {ip}")
        note(PROG, several.format(name=target.query, count=len(targets), ip=target.ip), tr)
    try:
        method = choose_method(target.ip, TraceMethod(args.method))
    except TraceError as error:
        return fail(PROG, error, tr)
    options = TraceOptions(
        probes=args.probes, timeout_s=args.wait, max_hops=args.max_hops, method=method
    )
    host = target.ip if target.query == target.ip else f"{target.query} ({target.ip})"
    print(visible(_what_is_sent(host, options, tr)), file=out)
    progress = Progress.for_terminal(sys.stderr, machine_output=args.json)
    names: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
        target.ip: (target.names, target.names)
    }

    def probing(number: int) -> None:
        progress.show(tr.gettext("Probing hop {number}…").format(number=number))

    def arrived(hop: Hop) -> None:
        names.update(_hop_names(hop, reverse))
        if args.json:
            return
        progress.done()
        [located] = locate_path(TracedPath(target.ip, (hop,), Ending.MAX_HOPS), locator, names).hops
        print(visible(hop_line(located, tr)))
        sys.stdout.flush()

    with progress:
        try:
            path = trace_route(target.ip, options, progress=probing, on_hop=arrived)
        except TraceError as error:
            progress.done()
            return fail(PROG, error, tr)
    located = locate_path(path, locator, names)
    if args.json:
        sys.stdout.write(to_json(path_record(target.query, located, options, tr), indent=1) + "\n")
        return 0
    print()
    print(visible(ending_text(path, tr)))
    print(visible(summary(located, tr)))
    return 0


def _what_is_sent(host: str, options: TraceOptions, tr: NullTranslations) -> str:
    """The sentence said before the first packet: which packets, how many, toward whom."""
    if options.method is TraceMethod.ICMP:
        explained = tr.gettext(
            "This sends small ICMP echo requests (ping) with increasing TTL toward {host} "
            "({probes} per hop, at most {hops} hops): each router on the way answers with its "
            "address. Nothing else is sent."
        )
    else:
        explained = tr.gettext(
            "This sends small UDP packets with increasing TTL toward {host} (port {port} and "
            "up, {probes} per hop, at most {hops} hops): each router on the way answers with "
            "its address. Nothing else is sent."
        )
    return explained.format(
        host=host, port=options.first_port, probes=options.probes, hops=options.max_hops
    )


def _hop_names(
    hop: Hop, reverse: ReverseResolver | None
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The PTR names of a hop's addresses (none with DNS off): names and confirmed ones."""
    if reverse is None:
        return {}
    asked = [ip for ip in hop.addresses if wants_name(ip)]
    answers = reverse.answers_many(asked) if asked else {}
    return {ip: (answer.names, answer.confirmed) for ip, answer in answers.items() if answer.names}


def rtt_text(rtt_ms: float | None, tr: NullTranslations) -> str:
    """A round trip in milliseconds, in the reader's numbers ("1.2 ms", "1,2 ms"); ``*`` for
    a probe nobody answered."""
    if rtt_ms is None:
        return _SILENT
    number = format_decimal(rtt_ms, format="0.0", locale=babel_locale(language_of(tr)))
    return tr.gettext("{ms} ms").format(ms=number)


def hop_line(hop: LocatedHop, tr: NullTranslations) -> str:
    """One hop in a line: number, address (or ``*``), place, company, law, round trips."""
    rtts = "  ".join(rtt_text(rtt, tr) for rtt in hop.hop.rtts_ms)
    located = hop.located
    if located is None:
        return f"{hop.number:>3}  {_SILENT}  {rtts}"
    address = located.ip
    if located.endpoint.hostnames:
        address += f" ({located.endpoint.hostnames[0]})"
    others = hop.hop.addresses[1:]
    if others:
        address += " " + tr.gettext("(also {addresses})").format(addresses=", ".join(others))
    cells = [address, where(located, tr), company_text(located), law_text(located, tr), rtts]
    return f"{hop.number:>3}  " + "  ·  ".join(cell for cell in cells if cell)


def ending_text(path: TracedPath, tr: NullTranslations) -> str:
    """How the trace ended, in a sentence."""
    count = len(path.hops)
    if path.ending is Ending.REACHED:
        return tr.ngettext(
            "Reached {ip} after {count} hop.", "Reached {ip} after {count} hops.", count
        ).format(ip=path.target, count=count)
    if path.ending is Ending.UNREACHABLE:
        why = say(path.reason, tr) if path.reason is not None else tr.gettext("unknown")
        return tr.gettext("Stopped at hop {count}: {reason}.").format(count=count, reason=why)
    if path.ending is Ending.CANCELLED:
        return tr.gettext("Stopped before reaching {ip}.").format(ip=path.target)
    return tr.ngettext(
        "No answer from {ip} within {count} hop.",
        "No answer from {ip} within {count} hops.",
        count,
    ).format(ip=path.target, count=count)


def path_record(
    query: str, located: LocatedPath, options: TraceOptions, tr: NullTranslations
) -> dict[str, Any]:
    """The `trace-route --json` record (docs/JSON.md): the trace, each hop with its located
    endpoint's fields, the border crossings and the summary in the reader's language."""
    path = located.path
    language = language_of(tr)
    return {
        "schema_version": SCHEMA_VERSION,
        "query": query,
        "ip": path.target,
        "method": str(path.method),
        "max_hops": options.max_hops,
        "probes_per_hop": options.probes,
        "timeout_s": options.timeout_s,
        "ending": str(path.ending),
        "reason": say(path.reason, tr) if path.reason is not None else None,
        "hops": [_hop_record(hop, located, tr) for hop in located.hops],
        "crossings": [
            {
                "kind": str(crossing.kind),
                "hop": crossing.hop,
                "country_code": crossing.country_code,
                "country_name": country_name(crossing.country_code, language),
            }
            for crossing in located.crossings
        ],
        "summary": summary(located, tr),
    }


def _hop_record(hop: LocatedHop, path: LocatedPath, tr: NullTranslations) -> dict[str, Any]:
    endpoint = hop.located
    return {
        "hop": hop.number,
        "ip": endpoint.ip if endpoint is not None else None,
        "addresses": list(hop.hop.addresses),
        "rtts_ms": [None if rtt is None else round(rtt, 3) for rtt in hop.hop.rtts_ms],
        "in_eu_eea": path.in_gdpr_area(hop),
        **human_values(endpoint_record(endpoint), endpoint, tr),
    }
