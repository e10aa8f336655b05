"""What the subcommands share: the global options, building the locator (the databases found in
the usual places, labelled by where they came from, with a warning for stale ones) and the reverse
resolver, and turning located results into table, JSON and CSV rows.

Everything printed that came from outside (DNS names, database strings, process names, file
names) is data: app.core.text.visible spells out control, bidi, invisible and undecodable
characters before they reach a terminal, a CSV or a JSON document, and CSV cells that a
spreadsheet would run as a formula are defused.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from app.core.countries import country_name as _country_name
from app.core.dns.reverse import ReverseResolver
from app.core.geo import discovery
from app.core.geo.discovery import PlannedDatabase, open_planned_databases
from app.core.geo.freshness import describe_age, is_stale
from app.core.geo.locator import Locator
from app.core.geo.mmdb import DatabaseError, DatabaseInfo, MmdbDatabase
from app.core.model import AddressScope, LocatedConnection, LocatedEndpoint, LocationKind
from app.core.paths import UnknownHomeError, expand_home
from app.core.settings import SettingsStore
from app.core.settings import parse_dns_server as _parse_dns_server
from app.core.text import visible

# Columns of a located connection in JSON and CSV, in order.
CONNECTION_FIELDS = (
    "pid",
    "process",
    "protocol",
    "local_ip",
    "local_port",
    "remote_ip",
    "remote_port",
    "status",
    "hostnames",
    "hostnames_confirmed",  # True when every name leads back to the address; None with none
    "scope",
    "country_code",
    "country_name",
    "city",
    "latitude",
    "longitude",
    "accuracy_km",
    "location_kind",
    "source",
    "asn",
    "organisation",
    "provider",
    "provider_key",
    "headquarters",
    "jurisdiction",
    "regimes",
    "verdict",
    "edge",
    "notes",
    # Added for issue 17, after the others so existing CSV columns keep their places.
    "subdivision",  # state or region
    "represented_country",  # the country a network is run for (its law applies)
    "country_is_registration",  # True: only where the network is registered is known
    "isp",
    "isp_organisation",
    "user_type",
    "connection_type",
    "network_source",  # which database(s) gave asn, organisation and isp
)
ENDPOINT_FIELDS = CONNECTION_FIELDS[CONNECTION_FIELDS.index("hostnames") :]

DNS_PORT = 53

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SCOPE_TEXT = {
    AddressScope.THIS_DEVICE: "this device",
    AddressScope.LOCAL_NETWORK: "local network",
    AddressScope.MULTICAST: "multicast",
    AddressScope.RESERVED: "reserved range",
}


class CliError(Exception):
    """Bad input or environment: reported as one line on stderr, exit status 2."""


@dataclass(frozen=True, slots=True)
class DnsServer:
    host: str
    port: int = DNS_PORT


def fail(prog: str, message: str) -> int:
    print(f"{prog}: error: {visible(message)}", file=sys.stderr)
    return 2


def warn(prog: str, message: str) -> None:
    print(f"{prog}: warning: {visible(message)}", file=sys.stderr)


def parse_dns_server(text: str) -> DnsServer:
    """--dns-server ``HOST[:PORT]``, checked by the settings' one parser (unicast IPs only)."""
    try:
        host, port = _parse_dns_server(text, DNS_PORT)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return DnsServer(host, port)


def expand_path(path: Path) -> Path:
    """``~`` and ``~user`` expanded; CliError (not RuntimeError) for a user that does not exist."""
    try:
        return expand_home(path)
    except UnknownHomeError as error:
        raise CliError(str(error)) from None


def user_path(text: str) -> Path:
    """An argparse type for file options: the path with ``~`` expanded, checked for a user."""
    try:
        return expand_path(Path(text))
    except CliError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_common_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("data sources")
    group.add_argument(
        "--db",
        action="append",
        type=user_path,
        default=[],
        metavar="PATH",
        help="an extra .mmdb database (City, Country or ASN), used before the embedded ones; "
        "repeatable",
    )
    group.add_argument(
        "--only-db",
        action="store_true",
        help="use only the --db files: no embedded, downloaded or system databases",
    )
    group.add_argument(
        "--no-dns", action="store_true", help="no DNS queries (no host names for addresses)"
    )
    group.add_argument(
        "--dns-server",
        type=parse_dns_server,
        metavar="HOST[:PORT]",
        help="ask this DNS server instead of the system's resolver",
    )


def user_database_paths(args: argparse.Namespace) -> list[Path]:
    """--db files, then (unless --only-db) the files and folders chosen in the settings."""
    paths = list(args.db)
    if not args.only_db:
        paths += [expand_path(Path(p)) for p in SettingsStore().load().database_paths]
    return paths


def plan_databases(args: argparse.Namespace) -> list[PlannedDatabase]:
    """The databases this command line asks for (see app.core.geo.discovery.plan_databases)."""
    return discovery.plan_databases(user_database_paths(args), only_user=args.only_db)


def build_locator(args: argparse.Namespace, prog: str = "datalocator") -> Locator:
    """A Locator over the planned databases; stale ones are warned about on stderr, once.

    A --db file that cannot be used is an error (the user asked for it on this command line);
    any other broken database only costs its data and a warning.
    """
    for path in args.db:
        try:
            with MmdbDatabase.open(path) as database:
                problem = database.unusable()
        except DatabaseError as error:
            raise CliError(str(error)) from None
        if problem is not None:
            raise CliError(problem)
    # Files that cannot be used are logged by the locator (one warning line each on stderr).
    locator, _errors = open_planned_databases(plan_databases(args))
    warn_stale(prog, locator.sources)
    return locator


def warn_stale(prog: str, infos: Iterable[DatabaseInfo], now: datetime | None = None) -> None:
    """One line on stderr per database older than six months (app.core.geo.freshness)."""
    moment = now or datetime.now(UTC)
    for info in infos:
        if is_stale(info.build_date, moment):
            warn(
                prog, f"{info.source_label} ({info.path}): {describe_age(info.build_date, moment)}"
            )


def build_reverse(args: argparse.Namespace) -> ReverseResolver | None:
    if args.no_dns:
        return None
    server: DnsServer | None = args.dns_server
    if server is None:
        return ReverseResolver()
    return ReverseResolver(nameservers=[server.host], port=server.port)


def country_name(code: str | None) -> str | None:
    """The English name of a country code (app.core.countries), None when there is no code."""
    return _country_name(code, "en") if code else None


def endpoint_record(located: LocatedEndpoint | None) -> dict[str, Any]:
    """The ENDPOINT_FIELDS of a located remote end (all None when there is none)."""
    location = located.location if located else None
    network = located.network if located else None
    provider = located.provider if located else None
    verdict = located.verdict if located else None
    edge = located.edge if located else None
    return {
        "hostnames": list(located.endpoint.hostnames) if located else [],
        "hostnames_confirmed": (
            not located.endpoint.claimed if located and located.endpoint.hostnames else None
        ),
        "scope": str(located.scope) if located else None,
        "country_code": location.country_code if location else None,
        "country_name": country_name(location.country_code) if location else None,
        "city": location.city if location else None,
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
        "accuracy_km": location.accuracy_km if location else None,
        "location_kind": str(location.kind) if location else None,
        "source": location.source if location else None,
        "asn": network.asn if network else None,
        "organisation": network.organisation if network else None,
        "provider": provider.name if provider else None,
        "provider_key": provider.key if provider else None,
        "headquarters": provider.headquarters if provider else None,
        "jurisdiction": str(verdict.category) if verdict else None,
        "regimes": list(verdict.regimes) if verdict else [],
        "verdict": verdict.text("en") if verdict else None,
        "edge": edge.reason if edge else None,
        "notes": list(located.notes) if located else [],
        "subdivision": location.subdivision if location else None,
        "represented_country": location.represented_country if location else None,
        "country_is_registration": location.registration_only if location else None,
        "isp": network.isp if network else None,
        "isp_organisation": network.isp_organisation if network else None,
        "user_type": network.user_type if network else None,
        "connection_type": network.connection_type if network else None,
        "network_source": network.source or None if network else None,
    }


def connection_record(connection: LocatedConnection) -> dict[str, Any]:
    obs = connection.observation
    return {
        "pid": obs.pid,
        "process": obs.process,
        "protocol": str(obs.protocol),
        "local_ip": obs.local_ip,
        "local_port": obs.local_port,
        "remote_ip": obs.remote_ip,
        "remote_port": obs.remote_port,
        "status": obs.status,
        **endpoint_record(connection.located),
    }


def inert(value: Any) -> Any:
    """A JSON-ready value with every string made `visible` (lists and dicts walked through)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list | tuple):
        return [inert(item) for item in value]
    if isinstance(value, dict):
        return {key: inert(item) for key, item in value.items()}
    return value


def to_json(record: Any, indent: int | None = None) -> str:
    """JSON whose strings read as they are shown everywhere else (undecodable bytes as \\xNN);
    ensure_ascii keeps even the escapes' output plain ASCII."""
    return json.dumps(inert(record), ensure_ascii=True, indent=indent)


def csv_writer(stream: TextIO, fields: Sequence[str]) -> csv.DictWriter[str]:
    writer = csv.DictWriter(stream, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    return writer


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    return {key: _csv_cell(value, "; " if key == "notes" else " ") for key, value in record.items()}


def _csv_cell(value: object, separator: str = " ") -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = separator.join(str(item) for item in value)
    if isinstance(value, int | float):
        return str(value)
    text = visible(str(value))
    # A cell starting like a formula is run by spreadsheets: make it text.
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def where(located: LocatedEndpoint | None) -> str:
    """Human text for the location column."""
    if located is None:
        return ""
    if located.scope is not AddressScope.PUBLIC:
        return _SCOPE_TEXT.get(located.scope, str(located.scope))
    location = located.location
    if location is None:
        return "unknown"
    name = country_name(location.country_code) or location.country_code or ""
    if location.kind is LocationKind.EDGE:
        return f"edge ({name})" if name else "edge"
    parts = [name, location.subdivision, location.city]
    text = ", ".join(part for part in parts if part) or "unknown"
    if location.represented_country and location.represented_country != location.country_code:
        represented = country_name(location.represented_country)
        text += f" (represented by {represented})"
    return text


def network_text(located: LocatedEndpoint | None) -> str:
    network = located.network if located else None
    if network is None:
        return ""
    parts = [f"AS{network.asn}" if network.asn else "", network.organisation or ""]
    company = network.isp_organisation or network.isp
    if company and company != network.organisation:
        parts.append(f"({company})")
    return " ".join(part for part in parts if part)


def hosts_text(located: LocatedEndpoint | None) -> str:
    """The first confirmed host name, else the first one marked "(claimed)": a PTR name that
    does not resolve back to the address is only what the address block's owner says."""
    if located is None or not located.endpoint.hostnames:
        return ""
    endpoint = located.endpoint
    if endpoint.confirmed:
        return next(name for name in endpoint.hostnames if name in endpoint.confirmed)
    return f"{endpoint.hostnames[0]} (claimed)"


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
