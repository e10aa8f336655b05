"""Find the user's own .mmdb databases: settings, our download folder, the usual system places.

People who already run MaxMind's `geoipupdate` (or a distribution package of GeoLite2/DB-IP)
should get those databases without configuring anything; a database the user chose or
downloaded always outranks one that merely happens to be installed, and every one of them
outranks the embedded database (appended later by `locator.default_database_paths`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app.core.geo.locator import Locator, default_database_paths
from app.core.paths import expand_home_leniently

log = logging.getLogger(__name__)

APP_NAME = "DataLocator"
# Set by the test suite: never read the real user's data directory.
NO_USER_DIRS_ENV = "DATALOCATOR_NO_USER_DIRS"

# Where distributions and `geoipupdate` put databases, most specific first.
SYSTEM_DIRS: tuple[Path, ...] = (
    Path("/usr/local/share/GeoIP"),
    Path("/var/lib/GeoIP"),
    Path("/usr/share/GeoIP"),
)
GEOIP_CONF_FILES: tuple[Path, ...] = (
    Path("/usr/local/etc/GeoIP.conf"),
    Path("/etc/GeoIP.conf"),
)

# Within one folder a finer database goes first: a City answer beats a Country one.
_KIND_RANK = (("city", 0), ("country", 1), ("asn", 2))


def app_data_dir() -> Path | None:
    """Our own download folder, or None while the test suite forbids user directories."""
    if os.environ.get(NO_USER_DIRS_ENV):
        return None
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "geo"


def geoip_conf_directories(conf_files: Iterable[Path]) -> list[Path]:
    """`DatabaseDirectory` values from GeoIP.conf files (geoipupdate's own config)."""
    found: list[Path] = []
    for conf in conf_files:
        try:
            text = conf.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            continue
        except OSError as error:
            log.warning("cannot read %s: %s", conf, error)
            continue
        for line in text.splitlines():
            parts = line.split(None, 1)
            if len(parts) == 2 and parts[0] == "DatabaseDirectory":
                value = parts[1].split("#", 1)[0].strip()
                if value:
                    found.append(expand_home_leniently(Path(value)))
    return found


def _rank(path: Path) -> tuple[int, str]:
    name = path.name.lower()
    kind = next((rank for token, rank in _KIND_RANK if token in name), len(_KIND_RANK))
    return kind, name


def _mmdb_files(directory: Path) -> list[Path]:
    try:
        entries = list(directory.iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        log.warning("cannot list %s: %s", directory, error)
        return []
    files = [
        entry
        for entry in entries
        if entry.suffix.lower() == ".mmdb" and not entry.name.startswith(".") and entry.is_file()
    ]
    return sorted(files, key=_rank)


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return str(path.absolute())


def discover_databases(
    search_dirs: Sequence[Path] | None = None,
    geoip_conf: Sequence[Path] | None = None,
    *,
    user_paths: Sequence[Path] = (),
    data_dir: Path | None = None,
    use_app_data_dir: bool = True,
) -> list[Path]:
    """All user databases in precedence order, without duplicates.

    Order: `user_paths` (files, or folders searched for *.mmdb) exactly as the user listed
    them; then the app data dir (`data_dir`, default `app_data_dir()`, where `db update`
    writes); then each `DatabaseDirectory` named in `geoip_conf` (default GEOIP_CONF_FILES);
    then `search_dirs` (default SYSTEM_DIRS). A user *file* is kept even when missing or
    broken, so opening it later reports a message naming it instead of silently skipping it;
    folders contribute only the .mmdb files they hold.
    """
    if data_dir is None and use_app_data_dir:
        data_dir = app_data_dir()
    conf_files = GEOIP_CONF_FILES if geoip_conf is None else tuple(geoip_conf)
    system = SYSTEM_DIRS if search_dirs is None else tuple(search_dirs)

    ordered: list[Path] = []
    for entry in user_paths:
        entry = expand_home_leniently(entry)
        ordered.extend(_mmdb_files(entry) if entry.is_dir() else [entry])
    folders = [data_dir] if data_dir is not None else []
    folders += geoip_conf_directories(conf_files)
    folders += system
    for folder in folders:
        ordered.extend(_mmdb_files(folder))

    seen: set[str] = set()
    unique: list[Path] = []
    for path in ordered:
        key = _key(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    log.debug("discovered databases: %s", ", ".join(map(str, unique)) or "none")
    return unique


def describe_origin(
    path: Path,
    *,
    user_paths: Sequence[Path] = (),
    data_dir: Path | None = None,
) -> str:
    """A short human label for where a discovered database came from (for `db status`)."""
    resolved = _key(path)
    for entry in user_paths:
        entry = expand_home_leniently(entry)
        if _key(entry) == resolved or (entry.is_dir() and _key(path.parent) == _key(entry)):
            return f"user db: {path.name}"
    if data_dir is not None and _key(path.parent) == _key(data_dir):
        return f"downloaded: {path.name}"
    return f"system db: {path}"


def database_search_order(
    user_paths: Sequence[Path] = (), *, data_dir: Path | None = None
) -> list[Path]:
    """Every database the app should open, best first: `discover_databases`, then embedded.

    The one call for building a Locator: `Locator.from_paths(database_search_order(paths))`.
    """
    return default_database_paths(discover_databases(user_paths=user_paths, data_dir=data_dir))


@dataclass(frozen=True, slots=True)
class PlannedDatabase:
    """A database the app would open, best first, and the label saying where it came from."""

    order: int
    path: Path
    label: str | None  # None: the file's own default ("embedded db")


def plan_databases(
    user_paths: Sequence[Path] = (), *, only_user: bool = False, data_dir: Path | None = None
) -> list[PlannedDatabase]:
    """Every database to open, in precedence order: the user's, downloaded, system-wide
    (geoipupdate, distribution packages), then the embedded ones; with only_user, the user's
    files alone. The CLI, `db status` and the window all open exactly this list."""
    if only_user:
        return [
            PlannedDatabase(order, path, describe_origin(path, user_paths=user_paths))
            for order, path in enumerate(user_paths, 1)
        ]
    if data_dir is None:
        data_dir = app_data_dir()
    discovered = {str(p) for p in discover_databases(user_paths=user_paths, data_dir=data_dir)}
    return [
        PlannedDatabase(
            order,
            path,
            describe_origin(path, user_paths=user_paths, data_dir=data_dir)
            if str(path) in discovered
            else None,
        )
        for order, path in enumerate(database_search_order(user_paths, data_dir=data_dir), 1)
    ]


def open_planned_databases(
    planned: Sequence[PlannedDatabase], language: str | None = None
) -> tuple[Locator, list[str]]:
    """A Locator over the planned files, each labelled with its origin; the messages name the
    files that could not be used. ``language``: the names read from the files (the settings'
    language; English by default). Blocking: run it off the GUI thread."""
    labels = {p.path: p.label for p in planned if p.label is not None}
    return Locator.from_paths([p.path for p in planned], labels=labels, language=language)
