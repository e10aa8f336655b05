"""`datalocator accounts trace ACCOUNT`: how the mail an IMAP account received travelled,
grouped by the sender's domain (app.core.routes.imap_headers, account_routes).

It logs in to the user's own mail server, so it says first what it will do and what it will
not (only the headers of the last N messages, read-only; nothing stored but the password, in
the system keyring). The password is never an argument: asked with `getpass` on a terminal, or
read from standard input with ``--password-stdin``, and kept only once the server accepted it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from gettext import NullTranslations
from typing import Any

from app.cli.common import CliError, build_locator, fail, note, say, warn
from app.cli.locate import home_country
from app.cli.trace_mail import route_lines, route_record
from app.core.accounts.catalogue import ServiceCatalogue
from app.core.accounts.entries import EntryKind, ManualEntry, entry_text
from app.core.accounts.model import Account
from app.core.accounts.placing import Pending, pending_accounts, place_pending
from app.core.accounts.processes import running_process_names
from app.core.accounts.userdirs import UserDirs
from app.core.jurisdiction import default_jurisdictions
from app.core.routes.account_routes import (
    AccountRoutes,
    account_routes,
    countries_crossed,
    imap_login,
    imap_server,
    outside_eu,
    read_account,
)
from app.core.routes.imap_headers import (
    FetchedHeaders,
    ImapAuthenticationFailed,
    ImapError,
    ImapTarget,
)
from app.core.routes.mail_password import (
    PasswordStoreUnavailable,
    forget_password,
    keyring_user,
    stored_password,
)
from app.core.routes.shown import group_summary
from app.core.safe_output import to_json
from app.core.serialise import SCHEMA_VERSION
from app.core.settings import SettingsStore
from app.core.text import visible

PROG = "datalocator accounts trace"


def add_trace_options(parser: argparse.ArgumentParser, tr: NullTranslations) -> None:
    parser.add_argument(
        "--last",
        type=int,
        default=20,
        metavar="N",
        help=tr.gettext("trace: how many of the last messages to read (default 20)"),
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=tr.gettext("trace: read the mail password from standard input"),
    )
    parser.add_argument(
        "--forget-password",
        action="store_true",
        help=tr.gettext("trace: delete the mail password kept in the system keyring"),
    )


def trace(args: argparse.Namespace) -> int:
    """The whole command; CliError for what the user can fix, said in one line."""
    tr: NullTranslations = args.tr
    if args.last < 1:
        raise CliError(tr.gettext("--last takes a number of messages, 1 or more"))
    account = _chosen_account(args)
    if imap_server(account) is None:
        raise CliError(
            tr.gettext("{account} has no IMAP server: only IMAP accounts can be traced").format(
                account=visible(account.name)
            )
        )
    target = imap_login(account)
    if target is None:
        raise CliError(
            tr.gettext("{account}: no user name for its IMAP server").format(
                account=visible(account.name)
            )
        )
    if args.forget_password:
        return _forget(target, tr)
    out = sys.stderr if args.json else sys.stdout
    explained = tr.ngettext(
        "DataLocator will log in to {host} over TLS and read only the headers of your last "
        "message; nothing is changed or stored except the password, in your system keyring.",
        "DataLocator will log in to {host} over TLS and read only the headers of your last "
        "{count} messages; nothing is changed or stored except the password, in your system "
        "keyring.",
        args.last,
    ).format(host=visible(target.host), count=args.last)
    print(explained, file=out, flush=True)
    password, from_keyring = _password(args, target, tr)
    try:
        read = read_account(target, password, typed=not from_keyring, last=args.last)
    except ImapAuthenticationFailed as error:
        said = say(error, tr)
        if from_keyring:
            said += " " + tr.gettext(
                "(the password kept in the keyring; --forget-password deletes it)"
            )
        return fail(PROG, said, tr)
    except ImapError as error:
        return fail(PROG, say(error, tr), tr)
    if read.not_kept is not None:
        warn(
            PROG,
            tr.gettext("the password was not kept: {reason}").format(reason=say(read.not_kept, tr)),
            tr,
        )
    fetched = read.fetched
    del password
    args.home = home_country(args)
    with build_locator(args, PROG) as locator:
        routes = account_routes(fetched, locator)
    if args.json:
        sys.stdout.write(
            to_json(_record(target, account, fetched, routes, tr, args.home), indent=1)
        )
        sys.stdout.write("\n")
    else:
        for line in trace_lines(target, fetched, routes, tr, args.home):
            print(line)
    return 0


def _forget(target: ImapTarget, tr: NullTranslations) -> int:
    where = visible(keyring_user(target.user, target.host))
    try:
        removed = forget_password(target.user, target.host)
    except PasswordStoreUnavailable as error:
        return fail(PROG, say(error, tr), tr)
    if removed:
        print(
            tr.gettext("The password for {login} was deleted from the system keyring.").format(
                login=where
            )
        )
    else:
        print(
            tr.gettext("No password for {login} was kept in the system keyring.").format(
                login=where
            )
        )
    return 0


def _password(
    args: argparse.Namespace, target: ImapTarget, tr: NullTranslations
) -> tuple[str, bool]:
    """The password and whether it came from the keyring; never from the command line."""
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise CliError(tr.gettext("--password-stdin: standard input gave no password"))
        return password, False
    try:
        kept = stored_password(target.user, target.host)
    except PasswordStoreUnavailable as error:
        warn(PROG, error, tr)
        kept = None
    if kept:
        return kept, True
    if not sys.stdin.isatty():
        raise CliError(
            tr.gettext(
                "no password kept for {login}: run this on a terminal to type it, or give it on "
                "standard input with --password-stdin"
            ).format(login=visible(keyring_user(target.user, target.host)))
        )
    prompt = tr.gettext("Password for {login}: ").format(
        login=visible(keyring_user(target.user, target.host))
    )
    password = getpass.getpass(prompt)
    if not password:
        raise CliError(tr.gettext("no password typed"))
    return password, False


# --- the account ----------------------------------------------------------------------------


def _chosen_account(args: argparse.Namespace) -> Account:
    """The account ACCOUNT names: its key, its id, its address or its name."""
    tr: NullTranslations = args.tr
    wanted = args.value.strip()
    items, _ = pending_accounts(
        UserDirs.from_environment(),
        SettingsStore().load().manual_accounts,
        running_process_names(),
    )
    matches = [item for item in items if _names(item, wanted)]
    if not matches:
        raise CliError(
            tr.gettext(
                "no account is {value!r}; 'datalocator accounts' lists them (give a key or an "
                "address)"
            ).format(value=visible(wanted))
        )
    if len(matches) > 1:
        raise CliError(
            tr.gettext("several accounts are {value!r}; give the key of one of them").format(
                value=visible(wanted)
            )
        )
    (item,) = matches
    if isinstance(item, Account):
        return item
    note(
        PROG,
        tr.gettext("looking up the mail servers of {value}").format(value=visible(item.value)),
        tr,
    )
    from app.cli.accounts import dns_for  # here: app.cli.accounts imports this module

    with build_locator(args, PROG) as locator:
        placed = place_pending(
            item, dns_for(args), locator, ServiceCatalogue.load(), default_jurisdictions()
        )
    return placed.account


def _names(item: Pending, wanted: str) -> bool:
    folded = wanted.casefold()
    if isinstance(item, ManualEntry):
        return item.kind is EntryKind.MAIL and folded in (
            item.text.casefold(),
            item.value.casefold(),
        )
    names = {item.key, item.name.casefold(), entry_text(item.key) or ""}
    if item.address:
        names.add(item.address.casefold())
    return wanted in names or folded in names


# --- text and JSON --------------------------------------------------------------------------


def trace_lines(
    target: ImapTarget,
    fetched: tuple[FetchedHeaders, ...],
    routes: AccountRoutes,
    tr: NullTranslations,
    home: str | None = None,
) -> list[str]:
    """Per sender domain: the countries its messages crossed, then each message's route."""
    heading = tr.ngettext(
        "{count} message read from {host}, by sender:",
        "{count} messages read from {host}, by sender:",
        len(fetched),
    )
    lines = [heading.format(count=len(fetched), host=visible(target.host))]
    for domain, group in routes.groups:
        shown = visible(domain) if domain else tr.gettext("(no sender address)")
        count = tr.ngettext("{count} message", "{count} messages", len(group))
        lines += ["", f"{shown} ({count.format(count=len(group))})"]
        lines += ["  " + line for line in group_summary(group, tr)]
        for number, route in enumerate(group, 1):
            title = tr.gettext("message {number} from {sender}").format(number=number, sender=shown)
            lines += ["    " + line for line in route_lines(route, title, tr, home)]
    return lines


def _record(
    target: ImapTarget,
    account: Account,
    fetched: tuple[FetchedHeaders, ...],
    routes: AccountRoutes,
    tr: NullTranslations,
    home: str | None,
) -> dict[str, Any]:
    """docs/JSON.md's `accounts trace` record."""
    senders = []
    for domain, group in routes.groups:
        messages = []
        for route in group:
            record = route_record(route, tr, home)
            del record["schema_version"], record["home_country"]
            messages.append(record)
        senders.append(
            {
                "domain": domain,
                "countries": list(countries_crossed(group)),
                "outside_eu": list(outside_eu(group)),
                "leaves_eu": bool(outside_eu(group)),
                "messages": messages,
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "account": account.key,
        "host": target.host,
        "port": target.port,
        "security": str(target.security),
        "user": target.user,
        "messages_read": len(fetched),
        "senders": senders,
        "home_country": home,
    }
