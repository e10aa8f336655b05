"""`datalocator accounts`: the accounts the user's mail and sync clients have configured, each
server resolved and located, with the law said for what it does (stores or carries)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from gettext import NullTranslations
from typing import Any

from app.cli.common import add_common_options, build_locator, to_json, warn
from app.cli.locate import add_home_option, home_country
from app.core.accounts.model import ServerRole
from app.core.accounts.placing import PlacedAccount, discover_accounts, place_accounts
from app.core.accounts.userdirs import UserDirs
from app.core.dns.forward import ForwardAnswer, resolve_addresses
from app.core.i18n import N_, language_of, message
from app.core.jurisdiction import default_jurisdictions
from app.core.serialise import endpoint_record
from app.core.text import visible

PROG = "datalocator accounts"
_ROLES = {ServerRole.STORES: N_("stores"), ServerRole.TRANSIT: N_("carries")}


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "accounts",
        help=tr.gettext("where your mail and files are kept"),
        description=tr.gettext(
            "List the mail and sync accounts your programs have configured (Thunderbird, "
            "Evolution, GNOME Online Accounts, Nextcloud, Dropbox, rclone) and where their "
            "servers are."
        ),
    )
    parser.add_argument("--json", action="store_true", help=tr.gettext("JSON output"))
    add_home_option(parser, tr)
    add_common_options(parser, tr)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    tr: NullTranslations = args.tr
    accounts, problems = discover_accounts(UserDirs.from_environment())
    for problem in problems:
        warn(PROG, message("{path}: {reason}", path=str(problem.path), reason=problem.reason), tr)
    resolve: Callable[[str], ForwardAnswer] = (
        _no_dns if args.no_dns else partial(resolve_addresses, server=args.dns_server)
    )
    locator = build_locator(args, PROG)
    with locator:
        placed = place_accounts(accounts, resolve, locator, default_jurisdictions())
    home = home_country(args)
    if args.json:
        sys.stdout.write(to_json([_record(p, home, tr) for p in placed], indent=1) + "\n")
    else:
        _print(placed, home, tr)
    return 0


def _no_dns(host: str) -> ForwardAnswer:
    return ForwardAnswer(host, (), message("DNS is turned off (--no-dns)"))


def _record(placed: PlacedAccount, home: str | None, tr: NullTranslations) -> dict[str, Any]:
    account = placed.account
    language = language_of(tr)
    return {
        "key": account.key,
        "kind": str(account.kind),
        "client": account.client,
        "name": account.name,
        "address": account.address,
        "source": str(account.source),
        "servers": [
            {
                "host": s.server.host,
                "port": s.server.port,
                "protocol": s.server.protocol,
                "role": str(s.server.role),
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


def _print(placed: tuple[PlacedAccount, ...], home: str | None, tr: NullTranslations) -> None:
    language = language_of(tr)
    if not placed:
        print(tr.gettext("no mail or sync account found"))
        return
    for number, item in enumerate(placed):
        account = item.account
        if number:
            print()
        heading = f"{account.client}: {account.name}"
        if account.address and account.address != account.name:
            heading += f" <{account.address}>"
        print(visible(heading))
        for server in item.servers:
            role = tr.gettext(_ROLES[server.server.role])
            port = f":{server.server.port}" if server.server.port else ""
            print(visible(f"  {role}  {server.server.protocol} {server.server.host}{port}"))
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
