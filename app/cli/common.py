"""What the subcommands share: the global options, building the locator (the databases found in
the usual places, labelled by where they came from, with a warning for stale ones) and the reverse
resolver, and turning located results into table, JSON and CSV rows.

Language: every sentence comes from the core catalogue of the chosen language (``args.tr``);
core errors and notes are `Message`s / `TranslatableError`s shown with `say`. JSON and CSV keep
language-neutral keys and codes (English field names, ISO country codes, jurisdiction
categories, regime keys): scripts read them the same in every language; only the values meant
for people (country name, verdict, edge reason, notes, database age) follow the language
(`app.core.serialise.human_values`).

Everything printed that came from outside (DNS names, database strings, process names, file
names) is data: app.core.text.visible spells out control, bidi, invisible and undecodable
characters before they reach a terminal, a CSV or a JSON document, and CSV cells that a
spreadsheet would run as a formula are defused.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from gettext import NullTranslations
from pathlib import Path
from typing import TextIO

from app.core.countries import country_name
from app.core.dns.factory import make_resolver
from app.core.dns.reverse import ReverseResolver
from app.core.geo import discovery
from app.core.geo.data_age import summarise_sources
from app.core.geo.discovery import PlannedDatabase, open_planned_databases
from app.core.geo.locator import Locator
from app.core.geo.mmdb import DatabaseError, DatabaseInfo, MmdbDatabase
from app.core.i18n import N_, Message, TranslatableError, language_of
from app.core.jurisdiction import category_label
from app.core.model import AddressScope, LocatedEndpoint, LocationKind
from app.core.paths import UnknownHomeError, expand_home
from app.core.settings import SettingsStore, parse_dns_server
from app.core.text import visible

_SCOPE_TEXT = {
    AddressScope.THIS_DEVICE: N_("this device"),
    AddressScope.LOCAL_NETWORK: N_("local network"),
    AddressScope.MULTICAST: N_("multicast"),
    AddressScope.RESERVED: N_("reserved range"),
}


class CliError(Exception):
    """Bad input or environment: reported as one line on stderr, exit status 2. The message is
    already in the user's language."""


Sayable = str | Message | TranslatableError
"""What the CLI can show: its own sentence (already translated) or a core one not yet in any
language."""


def say(thing: Sayable | BaseException, tr: NullTranslations) -> str:
    """The text of a core Message or TranslatableError in ``tr``'s language; a plain string (or
    an exception the core has not made translatable yet) as it is."""
    if isinstance(thing, str):
        return thing
    if isinstance(thing, Message | TranslatableError):
        return thing.text(tr)
    return str(thing)


def fail(prog: str, message: Sayable, tr: NullTranslations) -> int:
    print(
        tr.gettext("{prog}: error: {message}").format(prog=prog, message=visible(say(message, tr))),
        file=sys.stderr,
    )
    return 2


def warn(prog: str, message: Sayable, tr: NullTranslations) -> None:
    print(
        tr.gettext("{prog}: warning: {message}").format(
            prog=prog, message=visible(say(message, tr))
        ),
        file=sys.stderr,
    )


def note(prog: str, message: Sayable, tr: NullTranslations) -> None:
    print(
        tr.gettext("{prog}: note: {message}").format(prog=prog, message=visible(say(message, tr))),
        file=sys.stderr,
    )


def dns_server_type(tr: NullTranslations) -> Callable[[str], str]:
    """The argparse type of --dns-server ``HOST[:PORT]``, checked by the settings' one parser
    (unicast IPs only), its complaint in ``tr``'s language."""

    def dns_server(text: str) -> str:
        try:
            parse_dns_server(text)
        except ValueError as error:
            if callable(getattr(error, "text", None)):
                raise argparse.ArgumentTypeError(say(error, tr)) from None
            # A core that does not say why in the reader's language yet: say what it wants.
            wants = tr.gettext(
                "the DNS server must be one IP address, with a port from 1 to 65535 if "
                "needed (IP[:PORT]), not {text!r}"
            )
            raise argparse.ArgumentTypeError(wants.format(text=text)) from None
        return text.strip()

    return dns_server


def expand_path(path: Path, tr: NullTranslations) -> Path:
    """``~`` and ``~user`` expanded; CliError (not RuntimeError) for a user that does not exist."""
    try:
        return expand_home(path)
    except UnknownHomeError as error:
        raise CliError(say(error, tr)) from None


def path_type(tr: NullTranslations) -> Callable[[str], Path]:
    """The argparse type of file options: the path with ``~`` expanded, checked for a user."""

    def user_path(text: str) -> Path:
        try:
            return expand_path(Path(text), tr)
        except CliError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return user_path


def add_common_options(parser: argparse.ArgumentParser, tr: NullTranslations) -> None:
    group = add_database_options(parser, tr)
    group.add_argument(
        "--no-dns",
        action="store_true",
        help=tr.gettext("no DNS queries (no host names for addresses)"),
    )
    group.add_argument(
        "--dns-server",
        type=dns_server_type(tr),
        metavar=tr.gettext("HOST[:PORT]"),
        help=tr.gettext("ask this DNS server instead of the system's resolver"),
    )


def add_database_options(
    parser: argparse.ArgumentParser, tr: NullTranslations
) -> argparse._ArgumentGroup:
    """The "data sources" group with --db and --only-db (what `build_locator` reads), for
    commands that make no DNS query; returned so others can add to it."""
    group = parser.add_argument_group(tr.gettext("data sources"))
    group.add_argument(
        "--db",
        action="append",
        type=path_type(tr),
        default=[],
        metavar=tr.gettext("PATH"),
        help=tr.gettext(
            "an extra .mmdb database (City, Country or ASN), used before the embedded ones; "
            "repeatable"
        ),
    )
    group.add_argument(
        "--only-db",
        action="store_true",
        help=tr.gettext("use only the --db files: no embedded, downloaded or system databases"),
    )
    return group


def user_database_paths(args: argparse.Namespace) -> list[Path]:
    """--db files, then (unless --only-db) the files and folders chosen in the settings."""
    paths = list(args.db)
    if not args.only_db:
        chosen = SettingsStore().load().database_paths
        paths += [expand_path(Path(p), args.tr) for p in chosen]
    return paths


def plan_databases(args: argparse.Namespace) -> list[PlannedDatabase]:
    """The databases this command line asks for (see app.core.geo.discovery.plan_databases)."""
    return discovery.plan_databases(user_database_paths(args), only_user=args.only_db)


def build_locator(args: argparse.Namespace, prog: str = "datalocator") -> Locator:
    """A Locator over the planned databases; stale ones are warned about on stderr, once.

    A --db file that cannot be used is an error (the user asked for it on this command line);
    any other broken database only costs its data and a warning.
    """
    tr: NullTranslations = args.tr
    language = language_of(tr)
    for path in args.db:
        try:
            with MmdbDatabase.open(path, language=language) as database:
                problem = database.unusable()
        except DatabaseError as error:
            raise CliError(say(error, tr)) from None
        if problem is not None:
            raise CliError(say(problem, tr))
    # Files that cannot be used are logged by the locator (one warning line each on stderr).
    locator, _errors = open_planned_databases(plan_databases(args))
    warn_stale(prog, locator.sources, tr)
    return locator


def warn_stale(
    prog: str, infos: Iterable[DatabaseInfo], tr: NullTranslations, now: datetime | None = None
) -> None:
    """At most one line on stderr, however many databases are older than six months
    (app.core.geo.freshness): which sources, how old, and the way out. `db status` gives the
    details; a warning per file on every command would drown what the command says."""
    moment = now or datetime.now(UTC)
    stale = summarise_sources(list(infos), moment, language_of(tr)).stale
    if not stale:
        return
    sources = " · ".join(
        tr.gettext("{source} ({age})").format(source=s.shown or s.label, age=s.age) for s in stale
    )
    line = tr.gettext(
        "location data out of date: {sources}; `datalocator db update` gets newer ones"
    )
    warn(prog, line.format(sources=sources), tr)


def build_reverse(args: argparse.Namespace) -> ReverseResolver | None:
    """The PTR resolver the options ask for (app.core.dns.factory): None with --no-dns."""
    return make_resolver(not args.no_dns, args.dns_server)


def where(located: LocatedEndpoint | None, tr: NullTranslations) -> str:
    """Human text for the location column."""
    if located is None:
        return ""
    if located.scope is not AddressScope.PUBLIC:
        scope = _SCOPE_TEXT.get(located.scope)
        return tr.gettext(scope) if scope is not None else str(located.scope)
    location = located.location
    if location is None:
        return tr.gettext("unknown")
    language = language_of(tr)
    code = location.country_code
    name = country_name(code, language) if code else ""
    if location.kind is LocationKind.EDGE:
        return tr.gettext("edge ({country})").format(country=name) if name else tr.gettext("edge")
    parts = [name, location.subdivision, location.city]
    text = ", ".join(part for part in parts if part) or tr.gettext("unknown")
    if location.represented_country and location.represented_country != location.country_code:
        represented = country_name(location.represented_country, language)
        text = tr.gettext("{place} (represented by {country})").format(
            place=text, country=represented
        )
    return text


def company_text(located: LocatedEndpoint | None) -> str:
    """Who runs the address, as the window's Provider column says it: the provider we know,
    else the network's own name (data), else nothing."""
    if located is None:
        return ""
    if located.provider is not None:
        return located.provider.name
    network = located.network
    return (network.organisation or network.isp or "") if network is not None else ""


def law_text(located: LocatedEndpoint | None, tr: NullTranslations) -> str:
    """The law that reaches the address, in the window's few words ("US law reach"); nothing
    for addresses that are not located (this device, the local network)."""
    if located is None or located.verdict is None:
        return ""
    return category_label(located.verdict.category, language_of(tr))


def hosts_text(located: LocatedEndpoint | None, tr: NullTranslations) -> str:
    """The first confirmed host name, else the first one marked "(claimed)": a PTR name that
    does not resolve back to the address is only what the address block's owner says."""
    if located is None or not located.endpoint.hostnames:
        return ""
    endpoint = located.endpoint
    if endpoint.confirmed:
        return next(name for name in endpoint.hostnames if name in endpoint.confirmed)
    return tr.gettext("{name} (claimed)").format(name=endpoint.hostnames[0])


def endpoint_text(ip: str | None, port: int | None) -> str:
    if ip is None:
        return "*"
    host = f"[{ip}]" if ":" in ip else ip
    return f"{host}:{port}" if port is not None else host


def format_row(cells: Sequence[str], widths: Sequence[int]) -> str:
    """One table line; cells are made visible and padded (a longer cell just widens its line)."""
    padded = (visible(cell).ljust(width) for cell, width in zip(cells, widths, strict=True))
    return "  ".join(padded).rstrip()


def print_table(rows: Iterable[Sequence[str]], headers: Sequence[str], out: TextIO) -> None:
    """Left-aligned columns as wide as their widest cell."""
    table = [list(headers), *rows]
    widths = [max(len(visible(row[i])) for row in table) for i in range(len(headers))]
    for row in table:
        print(format_row(row, widths), file=out)


def add_demo_option(
    group: argparse._ActionsContainer, help_text: str, tr: NullTranslations
) -> None:
    """``--demo [PERSONA]``: a made-up person's data (the workshop persona unless named)."""
    from app.core.demo import DEFAULT_PERSONA, PERSONAS

    group.add_argument(
        "--demo",
        nargs="?",
        const=DEFAULT_PERSONA,
        choices=PERSONAS,
        metavar=tr.gettext("PERSONA"),
        help=help_text
        + " "
        + tr.gettext("(PERSONA: {names}; default {default})").format(
            names=", ".join(PERSONAS), default=DEFAULT_PERSONA
        ),
    )
