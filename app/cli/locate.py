"""`datalocator locate IP|HOSTNAME...`: where an address (or each address of a name) is, who runs
it and which law reaches it.

Host names are resolved (A and AAAA) through the same DNS server the PTR look-ups use. Every
argument is checked before anything is printed, so a typo gives one error line and exit 2
rather than half a result. The text output is one block per address (country, city/region,
coordinates, accuracy, ASN, organisation, provider, headquarters, law, regimes, source); --json
and --csv carry the same facts for scripts.

``--check-rtt`` (text or --json) adds the speed-of-light check (app.core.rtt, rtt_bound): it
says on stderr that it will open a few TCP connections to each public address before it opens
any, times the handshakes, and prints the least round trip and whether the database's place is
physically possible from the reader's home country (--home, else the settings').
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from gettext import NullTranslations
from typing import Any

import dns.exception
import dns.name
import dns.resolver
from babel.numbers import format_decimal

from app.cli.common import (
    CliError,
    add_common_options,
    build_locator,
    build_reverse,
    fail,
    say,
    where,
)
from app.cli.progress import Progress
from app.core.addresses import normalise_ip
from app.core.countries import country_name, in_country
from app.core.data_sources import shipped_data_sources
from app.core.dns.forward import DNS_LIFETIME_S, resolve_addresses
from app.core.dns.reverse import PtrAnswer
from app.core.geo.anycast import MANY_COUNTRIES
from app.core.geo.labels import source_text
from app.core.geo.mmdb import DatabaseInfo
from app.core.i18n import N_, babel_locale, language_of
from app.core.jurisdiction import UNKNOWN as UNKNOWN_REGIME
from app.core.jurisdiction import (
    JurisdictionDataError,
    Verdict,
    category_label,
    cited_sources,
    default_jurisdictions,
)
from app.core.model import AddressScope, LocatedEndpoint, Location, LocationKind
from app.core.rtt import DEFAULT_ATTEMPTS, DEFAULT_PORT, RttMeasurement, measure_rtt
from app.core.rtt_bound import HomeCountry, RttCheck, check_rtt
from app.core.safe_output import csv_row, csv_writer, to_json
from app.core.serialise import ENDPOINT_FIELDS, endpoint_record, human_values, rtt_record
from app.core.session.engine import wants_name
from app.core.settings import SettingsStore
from app.core.text import visible

PROG = "datalocator locate"
# The lines of a block, in order (the list, plus the law in plain words and notes).
LABELS = (
    N_("country"),
    N_("city/region"),
    N_("coordinates"),
    N_("accuracy"),
    N_("ASN"),
    N_("organisation"),
    N_("provider"),
    N_("headquarters"),
    N_("law"),
    N_("regimes"),
    N_("source"),
)
LEGAL_TEXTS = N_("legal texts")  # the dated legal sources behind the law line
RTT_LABEL = N_("round trip")  # --check-rtt's lines
DISTANCE_LABEL = N_("distance")
EDGE_TEXT = N_("edge / anycast — served from a nearby point of presence")
NONE = "—"
_IP_CHARACTERS = frozenset("0123456789.")


# Why dnspython refuses a name, in our words (its own messages are English).
_NAME_PROBLEMS: dict[type[Exception], str] = {
    dns.name.EmptyLabel: N_("a dot with nothing before it"),
    dns.name.LabelTooLong: N_("a part longer than 63 characters"),
    dns.name.NameTooLong: N_("longer than 255 characters"),
    dns.name.BadEscape: N_("a bad backslash escape"),
}


@dataclass(frozen=True, slots=True)
class _Target:
    query: str  # the argument as given (normalised)
    ip: str
    names: tuple[str, ...]  # the host name it came from, if any


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "locate",
        help=tr.gettext("where is an IP address or a host name"),
        description=tr.gettext(
            "Show where IP addresses (or the addresses of host names) are located."
        ),
    )
    parser.add_argument("targets", nargs="+", metavar=tr.gettext("IP|HOSTNAME"))
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=tr.gettext("JSON output"))
    output.add_argument("--csv", action="store_true", help=tr.gettext("CSV output"))
    add_home_option(parser, tr)
    parser.add_argument(
        "--check-rtt",
        action="store_true",
        help=tr.gettext(
            "also time a few TCP handshakes with each address (this sends packets to it) and say"
            " whether the database's place is physically possible from your home country"
        ),
    )
    parser.add_argument(
        "--port",
        type=port_type(tr),
        metavar=tr.gettext("N"),
        help=tr.gettext("the TCP port --check-rtt connects to (default: {port})").format(
            port=DEFAULT_PORT
        ),
    )
    add_common_options(parser, tr)
    parser.set_defaults(run=run)


def port_type(tr: NullTranslations) -> Any:
    """The argparse type of --port: a TCP port number, 1 to 65535."""

    def port(text: str) -> int:
        if text.strip().isdigit() and 0 < int(text) < 65536:
            return int(text)
        raise argparse.ArgumentTypeError(
            tr.gettext("not a TCP port (1 to 65535): {text!r}").format(text=text)
        )

    return port


def add_home_option(parser: argparse.ArgumentParser, tr: NullTranslations) -> None:
    """--home CC, for the commands whose verdicts speak to where the reader lives."""
    parser.add_argument(
        "--home",
        type=home_type(tr),
        metavar=tr.gettext("CC"),
        help=tr.gettext(
            "the country you live in (two-letter code, e.g. FR), for what its law does for you;"
            " default: the one in the settings"
        ),
    )


def home_type(tr: NullTranslations) -> Any:
    """The argparse type of --home: a two-letter country code, upper case."""

    def home(text: str) -> str:
        code = text.strip()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise argparse.ArgumentTypeError(
                tr.gettext("not a two-letter country code: {text!r}").format(text=text)
            )
        return code.upper()

    return home


def home_country(args: argparse.Namespace) -> str | None:
    """--home, else the home country chosen in the settings (the window's), else None: no
    guess from the system's locale, whose region is often not where a person lives."""
    chosen: str | None = getattr(args, "home", None)
    if chosen:
        return chosen
    return SettingsStore().load().home_country


def run(args: argparse.Namespace) -> int:
    tr: NullTranslations = args.tr
    if args.port is not None and not args.check_rtt:
        return fail(PROG, tr.gettext("--port only goes with --check-rtt"), tr)
    if args.check_rtt and args.csv:
        return fail(PROG, tr.gettext("--check-rtt prints text or --json, not --csv"), tr)
    progress = Progress.for_terminal(sys.stderr, machine_output=args.json or args.csv)
    with progress:
        try:
            targets: list[_Target] = []
            for index, text in enumerate(args.targets, 1):
                if len(args.targets) > 1:
                    reading = tr.gettext("Reading addresses {index}/{total}…")
                    progress.show(reading.format(index=index, total=len(args.targets)))
                targets += resolve_targets(text, args)
            args.home = home_country(args)  # read once, before the databases (which warn)
            progress.show(tr.gettext("Opening the location data…"))
            locator = build_locator(args, PROG)
            reverse = build_reverse(args)
        except CliError as error:
            progress.done()
            return fail(PROG, str(error), tr)
        ptr: dict[str, PtrAnswer] = {}
        if reverse is not None:
            asked = dict.fromkeys(t.ip for t in targets if wants_name(t.ip))
            if asked:
                progress.show(tr.gettext("Looking up host names…"))
            ptr = reverse.answers_many(asked)
        results = []
        for index, t in enumerate(targets, 1):  # the name asked for is confirmed too
            locating = tr.gettext("Locating {index}/{total}…")
            progress.show(locating.format(index=index, total=len(targets)))
            answer = ptr.get(t.ip, PtrAnswer())
            names = tuple(dict.fromkeys(t.names + answer.names))
            results.append((t, locator.locate(t.ip, names, t.names + answer.confirmed)))
        checks = _check_rtts(args, [located for _, located in results], progress)
    _print(args, results, locator.sources, checks)
    return 0


Checked = tuple[RttMeasurement, RttCheck]


def _check_rtts(
    args: argparse.Namespace, answers: Sequence[LocatedEndpoint], progress: Progress
) -> dict[str, Checked]:
    """--check-rtt: say what will be sent, then time the public addresses' handshakes one after
    the other (the others are never located: nothing to check, nothing sent)."""
    if not args.check_rtt:
        return {}
    tr: NullTranslations = args.tr
    port = args.port if args.port is not None else DEFAULT_PORT
    public = list(dict.fromkeys(a.ip for a in answers if a.scope is AddressScope.PUBLIC))
    if public:
        notice = tr.ngettext(
            "Checking the distance by the speed of light: up to {attempts} TCP connections to "
            "{address} on port {port}, closed at once; nothing is sent over them.",
            "Checking the distance by the speed of light: up to {attempts} TCP connections to "
            "each of {count} addresses on port {port}, closed at once; nothing is sent over them.",
            len(public),
        )
        progress.done()
        text = notice.format(
            attempts=DEFAULT_ATTEMPTS, address=public[0], count=len(public), port=port
        )
        print(visible(text), file=sys.stderr, flush=True)
    home = HomeCountry(args.home) if args.home else None
    measured: dict[str, RttMeasurement] = {}
    for index, ip in enumerate(public, 1):
        timing = tr.gettext("Timing round trips {index}/{total}…")
        progress.show(timing.format(index=index, total=len(public)))
        measured[ip] = measure_rtt(ip, port)
    checks: dict[str, Checked] = {}
    for located in answers:
        measurement = measured.get(located.ip, RttMeasurement(located.ip, port, 0))
        checks[located.ip] = (measurement, check_rtt(measurement, located, home))
    return checks


def resolve_targets(text: str, args: argparse.Namespace) -> list[_Target]:
    """The address, or the addresses of a host name (A and AAAA, through --dns-server; refused
    with --no-dns), each with the name it came from; CliError for bad input."""
    tr: NullTranslations = args.tr
    text = text.strip()
    if not text:
        raise CliError(tr.gettext("an empty argument is neither an IP address nor a host name"))
    if ":" in text or set(text) <= _IP_CHARACTERS:
        try:
            ip = normalise_ip(text)
        except ValueError:
            raise CliError(
                tr.gettext("not a valid IP address: {text!r}").format(text=text)
            ) from None
        return [_Target(query=text, ip=ip, names=())]
    try:
        name = dns.name.from_text(text).to_text(omit_final_dot=True)
    except dns.exception.DNSException as error:
        reason = _NAME_PROBLEMS.get(type(error))
        if reason is None:  # dnspython's words would be English: say what it is, not why
            problem = tr.gettext("not a valid host name: {text!r}").format(text=text)
        else:
            problem = tr.gettext("not a valid host name: {text!r} ({error})").format(
                text=text, error=tr.gettext(reason)
            )
        raise CliError(problem) from None
    if args.no_dns:
        raise CliError(
            tr.gettext("cannot resolve {name!r}: DNS is turned off (--no-dns)").format(name=name)
        )
    ips = _addresses(name, args.dns_server, tr)
    return [_Target(query=name, ip=ip, names=(name,)) for ip in ips]


def _addresses(name: str, server: str | None, tr: NullTranslations) -> list[str]:
    """A and AAAA answers (app.core.dns.forward); CliError when there are none."""
    answer = resolve_addresses(name, server, DNS_LIFETIME_S)
    if answer.problem is not None:
        problem = tr.gettext("cannot resolve {name!r}: {reason}")
        raise CliError(problem.format(name=name, reason=answer.problem.text(tr)))
    return list(answer.addresses)


def _print(
    args: argparse.Namespace,
    results: Sequence[tuple[_Target, LocatedEndpoint]],
    databases: Sequence[DatabaseInfo] = (),
    checks: Mapping[str, Checked] | None = None,
) -> None:
    checks = checks or {}

    def record(target: _Target, located: LocatedEndpoint) -> dict[str, Any]:
        fields = human_values(endpoint_record(located), located, args.tr)
        if located.verdict is not None:  # the reader's home adds what the GDPR does for them
            fields["verdict"] = located.verdict.text(language_of(args.tr), args.home)
        return {"query": target.query, "ip": target.ip, **fields}

    def with_rtt(record: dict[str, Any], ip: str) -> dict[str, Any]:
        checked = checks.get(ip)
        if checked is None:
            return record
        return {**record, "rtt": rtt_record(*checked, args.tr)}

    if args.json:
        # The reader's country the verdicts were worded for, and every data set the answer
        # rests on with its date (JSON only: the CSV columns are fixed).
        dated = [source.record() for source in shipped_data_sources(databases)]
        records = [
            with_rtt({**record(t, located), "home_country": args.home, "data_sources": dated}, t.ip)
            for t, located in results
        ]
        sys.stdout.write(to_json(records, indent=1) + "\n")
    elif args.csv:
        writer = csv_writer(sys.stdout, ("query", "ip", *ENDPOINT_FIELDS))
        writer.writerows(csv_row(record(t, located)) for t, located in results)
    else:
        for number, (target, located) in enumerate(results):
            if number:
                print()
            lines = block(target.query, located, args.tr, args.home)
            checked = checks.get(located.ip)
            if checked is not None:
                lines += rtt_lines(*checked, args.tr)
            for line in lines:
                print(visible(line))


def rtt_lines(measurement: RttMeasurement, check: RttCheck, tr: NullTranslations) -> list[str]:
    """--check-rtt's two lines under an address: the least round trip, and the verdict."""
    width = max(len(tr.gettext(label)) for label in (*LABELS, LEGAL_TEXTS))
    language = language_of(tr)
    rtt = measurement.minimum_ms
    if measurement.attempts == 0:
        trip = NONE
    elif rtt is None:
        trip = tr.gettext("no answer")
        if measurement.problem is not None:
            trip = tr.gettext("{place} ({reason})").format(
                place=trip, reason=say(measurement.problem, tr)
            )
    else:
        milliseconds = format_decimal(rtt, format="#,##0.0", locale=babel_locale(language))
        trip = tr.ngettext(
            "{ms} ms (the least of {count} answer, port {port})",
            "{ms} ms (the least of {count} answers, port {port})",
            len(measurement.samples_ms),
        ).format(ms=milliseconds, count=len(measurement.samples_ms), port=measurement.port)
    return [
        f"  {tr.gettext(RTT_LABEL):<{width}}  {trip}",
        f"  {tr.gettext(DISTANCE_LABEL):<{width}}  {check.text(tr)}",
    ]


def block(
    query: str, located: LocatedEndpoint, tr: NullTranslations, home: str | None = None
) -> list[str]:
    """The text of one address: a heading, then one "label  value" line per fact; ``home``
    is the reader's country (the verdict says what the GDPR does for EU/EEA residents)."""
    heading = located.ip if query == located.ip else f"{located.ip}  ({query})"
    if located.endpoint.hostnames:
        heading += "  " + ", ".join(located.endpoint.hostnames)
    if located.scope is not AddressScope.PUBLIC:
        never = tr.gettext("{place}: never located").format(place=where(located, tr))
        label = tr.gettext("where")
        return [heading, f"  {label:<13} {never}"]
    width = max(len(tr.gettext(label)) for label in (*LABELS, LEGAL_TEXTS))
    lines = [heading]
    lines += [
        f"  {tr.gettext(label):<{width}}  {value}" for label, value in facts(located, tr, home)
    ]
    lines += [f"  {label:<{width}}  {value}" for label, value in more_facts(located, tr)]
    if located.verdict is not None:  # the legal texts behind the law line, dated
        cited = cited_sources(located.verdict, tr, home)
        if cited:
            lines.append(f"  {tr.gettext(LEGAL_TEXTS):<{width}}  {cited}")
    note_label = tr.gettext("note")
    lines += [f"  {note_label:<{width}}  {say(note, tr)}" for note in located.notes]
    return lines


def more_facts(located: LocatedEndpoint, tr: NullTranslations) -> list[tuple[str, str]]:
    """The facts only some databases give (issue 17), each line only when it is known."""
    location, network = located.location, located.network
    found: list[tuple[str, str]] = []
    if location is not None:
        if location.subdivision:
            found.append((tr.gettext("region"), location.subdivision))
        if location.registration_only and location.country_code:
            found.append(
                (
                    tr.gettext("country from"),
                    tr.gettext("where the network is registered, not where it is used"),
                )
            )
        represented = location.represented_country
        if represented and represented != location.country_code:
            name = country_name(represented, language_of(tr))
            found.append((tr.gettext("represented"), f"{name} ({represented})"))
    if network is not None:
        if network.isp:
            found.append((tr.gettext("ISP"), network.isp))
        if network.isp_organisation and network.isp_organisation != network.isp:
            found.append((tr.gettext("used by"), network.isp_organisation))
        if network.user_type:
            found.append((tr.gettext("user type"), network.user_type))
        if network.source:
            found.append((tr.gettext("network from"), source_text(network.source, tr)))
    return found


def facts(
    located: LocatedEndpoint, tr: NullTranslations, home: str | None = None
) -> list[tuple[str, str]]:
    """(label, value) for each of LABELS (the English label: the caller translates it)."""
    language = language_of(tr)
    unknown = tr.gettext("unknown")
    location, network = located.location, located.network
    provider, verdict = located.provider, located.verdict
    code = location.country_code if location else None
    country = f"{country_name(code, language)} ({code})" if code else unknown
    if location is not None and location.kind is LocationKind.EDGE:
        nearest = tr.gettext("{country} — nearest point of presence unknown")
        if code:
            country = nearest.format(country=country)
        elif located.edge is not None and located.edge.kind.is_anycast:
            country = tr.gettext(MANY_COUNTRIES)  # served from many places at once: the table's
        else:
            country = unknown
        city = tr.gettext(EDGE_TEXT)
        if located.edge is not None:
            reason = say(located.edge.reason, tr)
            city = tr.gettext("{place} ({reason})").format(place=city, reason=reason)
    else:
        city = (location.city if location else None) or NONE
    coordinates = NONE
    if location is not None and location.latitude is not None and location.longitude is not None:
        coordinates = f"{location.latitude:.4f}, {location.longitude:.4f}"
    accuracy = _accuracy(location, tr)
    headquarters = NONE
    if provider is not None:
        headquarters = f"{country_name(provider.headquarters, language)} ({provider.headquarters})"
    values = {
        "country": country,
        "city/region": city,
        "coordinates": coordinates,
        "accuracy": accuracy,
        "ASN": f"AS{network.asn}" if network and network.asn else NONE,
        "organisation": (network.organisation if network else None) or NONE,
        "provider": provider.name if provider else unknown,
        "headquarters": headquarters,
        "law": _law_text(verdict, language, home, tr) if verdict else unknown,
        "regimes": _regimes_text(verdict.regimes, language, tr) if verdict else NONE,
        "source": source_text(location.source, tr) if location and location.source else NONE,
    }
    return [(label, values[label]) for label in LABELS]


def _accuracy(location: Location | None, tr: NullTranslations) -> str:
    """The accuracy line: a distance only where the radius is a promise a person can use (a
    city's); a country-only answer is "somewhere in France", whatever its circle (which can
    span oceans: see app.core.geo.radius); a registration country says nothing of where."""
    if location is None:
        return NONE
    language = language_of(tr)
    code = location.country_code
    if location.kind is LocationKind.ZONE and code and not location.registration_only:
        return tr.gettext("somewhere {in_country}").format(in_country=in_country(code, language))
    if location.accuracy_km is None:
        return NONE
    distance = format_decimal(round(location.accuracy_km), locale=babel_locale(language))
    return tr.gettext("about {distance} km").format(distance=distance)


def _law_text(verdict: Verdict, language: str, home: str | None, tr: NullTranslations) -> str:
    """The law in words first ("US law reach: …"), as the window's Law column says it."""
    return tr.gettext("{law}: {sentence}").format(
        law=category_label(verdict.category, language), sentence=verdict.text(language, home)
    )


def _regimes_text(keys: Sequence[str], language: str, tr: NullTranslations) -> str:
    """The regimes that reach the data; "unknown" (no law known for the place) is not one."""
    known = [key for key in keys if key != UNKNOWN_REGIME]
    if not known:
        return tr.gettext("none known")
    return "; ".join(_regime_names(known, language))


def _regime_names(keys: Sequence[str], language: str) -> list[str]:
    try:
        jurisdictions = default_jurisdictions()
    except JurisdictionDataError:
        return list(keys)
    return [
        jurisdictions.regime(key).name(language) if key in jurisdictions.regimes else key
        for key in keys
    ]
