"""`datalocator accounts`: the accounts the user's mail and sync clients have configured and the
ones added by hand, each server resolved and located, with the law said for what it does
(stores or carries). `accounts add-mail|add-url|add-service|remove` edit the hand-made list,
which lives in the settings (no secrets)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from gettext import NullTranslations
from typing import Any

from app.cli.accounts_trace import add_trace_options, trace
from app.cli.common import CliError, add_common_options, build_locator, say, warn
from app.cli.locate import add_home_option, home_country
from app.core.accounts.catalogue import Service, ServiceCatalogue
from app.core.accounts.entries import (
    EntryError,
    entry_text,
    mail_entry,
    service_entry,
    url_entry,
)
from app.core.accounts.model import ServerRole
from app.core.accounts.placing import (
    Pending,
    PlacedAccount,
    PlacedServer,
    pending_accounts,
    place_pending,
)
from app.core.accounts.processes import running_process_names
from app.core.accounts.summary import headline
from app.core.accounts.userdirs import UserDirs
from app.core.countries import country_name
from app.core.dns.forward import Dns, DnsClient, NoDns
from app.core.i18n import N_, format_day_of, language_of, message
from app.core.jurisdiction import default_jurisdictions
from app.core.safe_output import to_json
from app.core.serialise import endpoint_record
from app.core.settings import SettingsStore
from app.core.text import visible

PROG = "datalocator accounts"
_ROLES = {ServerRole.STORES: N_("stores"), ServerRole.TRANSIT: N_("carries")}
_ACTIONS = ("list", "add-mail", "add-url", "add-service", "remove", "services", "trace")


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "accounts",
        help=tr.gettext("where your mail and files are kept"),
        description=tr.gettext(
            "List the mail and sync accounts your programs have configured (Thunderbird, "
            "Evolution, GNOME Online Accounts, Nextcloud, Dropbox, rclone…) and the ones you "
            "added, and where their servers are. add-mail ADDRESS, add-url URL and "
            "add-service ID add an account by hand (services lists the IDs); remove ID "
            "removes one. trace ACCOUNT logs in to an IMAP account and shows which countries "
            "the last messages it received passed through, by sender (only their headers are "
            "read)."
        ),
    )
    parser.add_argument(
        "action", nargs="?", default="list", choices=_ACTIONS, help=tr.gettext("what to do")
    )
    parser.add_argument(
        "value",
        nargs="?",
        metavar=tr.gettext("ADDRESS|URL|ID"),
        help=tr.gettext("the e-mail address, server URL or ID the action takes"),
    )
    parser.add_argument("--json", action="store_true", help=tr.gettext("JSON output"))
    add_trace_options(parser, tr)
    add_home_option(parser, tr)
    add_common_options(parser, tr)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    tr: NullTranslations = args.tr
    catalogue = ServiceCatalogue.load()
    if args.action == "services":
        _print_services(catalogue, args.json, tr)
        return 0
    if args.action == "list":
        if args.value is not None:
            raise CliError(tr.gettext("'list' takes no value"))
        return _list(args, catalogue)
    if args.value is None:
        raise CliError(tr.gettext("{action} needs a value").format(action=args.action))
    if args.action == "remove":
        return _remove(args.value, tr)
    if args.action == "trace":
        return trace(args)
    try:
        if args.action == "add-mail":
            entry = mail_entry(args.value)
        elif args.action == "add-url":
            entry = url_entry(args.value)
        else:
            entry = service_entry(args.value, catalogue)
    except EntryError as error:
        raise CliError(say(error, tr)) from None
    store = SettingsStore()
    settings = store.load()
    if entry.text not in settings.manual_accounts:
        store.save(replace(settings, manual_accounts=(*settings.manual_accounts, entry.text)))
    return _show(args, catalogue, (entry,))


def dns_for(args: argparse.Namespace) -> Dns:
    if args.no_dns:
        return NoDns(message("DNS is turned off (--no-dns)"))
    return DnsClient(args.dns_server)


def _list(args: argparse.Namespace, catalogue: ServiceCatalogue) -> int:
    entries = SettingsStore().load().manual_accounts
    dirs = UserDirs.from_environment()
    items, problems = pending_accounts(dirs, entries, running_process_names())
    for problem in problems:
        said = message("{path}: {reason}", path=str(problem.path), reason=problem.reason)
        warn(PROG, said, args.tr)
    return _show(args, catalogue, items)


def _remove(value: str, tr: NullTranslations) -> int:
    """Remove by the entry's text ("mail:lea@example.org") or its value ("lea@example.org")."""
    store = SettingsStore()
    settings = store.load()
    kept = tuple(
        text for text in settings.manual_accounts if value.strip() not in (text, _value(text))
    )
    if kept == settings.manual_accounts:
        raise CliError(tr.gettext("no account you added is {value!r}").format(value=value))
    store.save(replace(settings, manual_accounts=kept))
    return 0


def _value(text: str) -> str:
    return text.partition(":")[2]


def _show(args: argparse.Namespace, catalogue: ServiceCatalogue, items: Sequence[Pending]) -> int:
    tr: NullTranslations = args.tr
    dns, jurisdictions = dns_for(args), default_jurisdictions()
    with build_locator(args, PROG) as locator:
        placed = [place_pending(i, dns, locator, catalogue, jurisdictions) for i in items]
    home = home_country(args)
    if args.json:
        records = [_record(p, catalogue, home, tr) for p in placed]
        sys.stdout.write(to_json(records, indent=1) + "\n")
    else:
        _print(placed, catalogue, home, tr)
    return 0


def _service_record(service: Service | None) -> dict[str, Any] | None:
    if service is None:
        return None
    return {
        "id": service.id,
        "name": service.name,
        "kind": service.kind,
        "entity": service.entity,
        "entity_country": service.entity_country,
        "entity_source": service.entity_source,
        "servers_source": service.servers_source,
        "storage": service.storage,
        "storage_countries": list(service.storage_countries),
        "storage_source": service.storage_source,
        "storage_as_of": service.storage_as_of.isoformat() if service.storage_as_of else None,
    }


def _record(
    placed: PlacedAccount, catalogue: ServiceCatalogue, home: str | None, tr: NullTranslations
) -> dict[str, Any]:
    account = placed.account
    language = language_of(tr)
    return {
        "key": account.key,
        "id": entry_text(account.key),
        "manual": account.manual,
        "kind": str(account.kind),
        "client": account.client,
        "name": account.name,
        "address": account.address,
        "source": str(account.source) if account.source else None,
        "summary": headline(placed, language),
        "service": _service_record(catalogue.get(account.service) if account.service else None),
        "problems": [problem.text(tr) for problem in account.problems],
        "servers": [
            {
                "host": s.server.host,
                "port": s.server.port,
                "protocol": s.server.protocol,
                "role": str(s.server.role),
                "found_by": str(s.server.found_by),
                "canonical": s.answer.canonical,
                "addresses": list(s.answer.addresses),
                "problem": s.answer.problem.text(tr) if s.answer.problem else None,
                "located": [
                    {
                        **endpoint_record(located),
                        "verdict": verdict.text(language, home) if verdict else None,
                    }
                    for located, verdict in zip(s.located, s.verdicts, strict=True)
                ],
            }
            for s in placed.servers
        ],
    }


_FOUND_BY = {
    "catalogue": N_("the service's published settings"),
    "srv": N_("SRV record"),
    "mx": N_("MX record: mail arrives here"),
    "guess": N_("guessed: a usual name that answers"),
}


def _print(
    placed: Sequence[PlacedAccount],
    catalogue: ServiceCatalogue,
    home: str | None,
    tr: NullTranslations,
) -> None:
    language = language_of(tr)
    if not placed:
        print(tr.gettext("no mail or sync account found"))
        return
    for number, item in enumerate(placed):
        account = item.account
        if number:
            print()
        client = tr.gettext("added by you") if account.manual else account.client
        heading = f"{client}: {account.name}"
        if account.address and account.address != account.name:
            heading += f" <{account.address}>"
        print(visible(heading))
        print(visible("  " + headline(item, language)))
        service = catalogue.get(account.service) if account.service else None
        if service is not None and service.entity and service.entity_country:
            run_by = tr.gettext("{service} is run by {entity} ({country}; source: {source})")
            print(
                visible(
                    "  "
                    + run_by.format(
                        service=service.name,
                        entity=service.entity,
                        country=country_name(service.entity_country, language),
                        source=service.entity_source or "?",
                    )
                )
            )
        if service is not None and service.storage:
            said = tr.gettext("{service} says: {statement} ({source}, as of {day})").format(
                service=service.name,
                statement=tr.gettext(service.storage),
                source=service.storage_source,
                day=(
                    format_day_of(service.storage_as_of, "long", language)
                    if service.storage_as_of
                    else "?"
                ),
            )
            print(visible("  " + said))
        for problem in account.problems:
            print(visible("  " + problem.text(tr)))
        for server in item.servers:
            _print_server(server, home, tr)


def _print_server(server: PlacedServer, home: str | None, tr: NullTranslations) -> None:
    language = language_of(tr)
    role = tr.gettext(_ROLES[server.server.role])
    port = f":{server.server.port}" if server.server.port else ""
    how = _FOUND_BY.get(str(server.server.found_by))
    line = f"  {role}  {server.server.protocol} {server.server.host}{port}"
    print(visible(line + (f"  ({tr.gettext(how)})" if how else "")))
    if server.answer.problem is not None:
        problem = tr.gettext("cannot resolve {name!r}: {reason}")
        reason = server.answer.problem.text(tr)
        print(visible("    " + problem.format(name=server.server.host, reason=reason)))
    for located, verdict in zip(server.located, server.verdicts, strict=True):
        record = endpoint_record(located)
        place = ", ".join(
            part for part in (record["city"], record["country_name"]) if part
        ) or tr.gettext("unknown")
        company = record["provider"] or record["organisation"] or tr.gettext("unknown")
        print(visible(f"    {located.ip}  {place} · {company}"))
        if verdict is not None:
            print(visible(f"    {verdict.text(language, home)}"))


def _print_services(catalogue: ServiceCatalogue, as_json: bool, tr: NullTranslations) -> None:
    if as_json:
        records = [_service_record(s) for s in catalogue.services]
        sys.stdout.write(to_json(records, indent=1) + "\n")
        return
    for service in catalogue.services:
        who = f" ({service.entity})" if service.entity else ""
        print(visible(f"{service.id:<16} {service.name}{who}"))
