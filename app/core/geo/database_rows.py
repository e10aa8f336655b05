"""The Data menu's list of location databases: which are in use, where each comes from, how old.

Qt-free: the window shows these rows, and the command line or a report can list the same. The
databases in use come first (best first, as the Locator chains them), then the user's own files
that are not in use, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.geo.discovery import describe_origin
from app.core.geo.freshness import describe_age, is_stale
from app.core.geo.mmdb import DatabaseInfo, MmdbDatabase
from app.core.i18n import DEFAULT_LANGUAGE
from app.core.paths import expand_home_leniently


@dataclass(frozen=True, slots=True)
class DatabaseRow:
    """One line of the list: a database in use, or a file of the user's that is not in use."""

    path: Path
    kind: str  # "city" | "country" | "asn" | "" (unknown: the file could not be read)
    database_type: str  # from the file: untrusted text
    description: str  # from the file: untrusted text
    origin: str  # describe_origin-style label: "embedded db", "user db: x", "downloaded: x"…
    # (English: a key; show it with app.core.geo.labels.source_text)
    age: str  # describe_age text, or why the file is not in use
    stale: bool
    in_use: bool
    problem: str | None = None  # why a user file is not in use (names the file)
    user_entry: str | None = None  # the settings entry that brought this file in (removable)


def _resolved(path: Path) -> str:
    try:
        return str(expand_home_leniently(path).resolve())
    except OSError:
        return str(expand_home_leniently(path).absolute())


def user_entry_for(path: Path, user_paths: Sequence[str]) -> str | None:
    """The settings entry (a file, or a folder searched for .mmdb) that names ``path``."""
    target = _resolved(path)
    parent = _resolved(path.parent)
    for entry in user_paths:
        resolved = _resolved(Path(entry))
        if resolved in (target, parent):
            return entry
    return None


def database_rows(
    sources: Sequence[DatabaseInfo],
    user_paths: Sequence[str],
    *,
    data_dir: Path | None,
    now: datetime,
    checked: dict[str, DatabaseInfo | str] | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> list[DatabaseRow]:
    """The databases in use (best first), then the user's files that are not in use.

    ``checked`` maps a user entry to what opening it said: its DatabaseInfo (added, not loaded
    yet) or the DatabaseError message (in ``language``, the language of the ages too).
    """
    user = [Path(entry) for entry in user_paths]
    rows: list[DatabaseRow] = []
    claimed: set[str] = set()
    for info in sources:
        entry = user_entry_for(info.path, user_paths)
        if entry is not None:
            claimed.add(entry)
        origin = (
            info.source_label
            if info.source_label == "embedded db"
            else describe_origin(info.path, user_paths=user, data_dir=data_dir)
        )
        rows.append(
            DatabaseRow(
                path=info.path,
                kind=info.kind,
                database_type=info.database_type,
                description=info.description,
                origin=origin,
                age=describe_age(info.build_date, now, language=language),
                stale=is_stale(info.build_date, now),
                in_use=True,
                user_entry=entry,
            )
        )
    for entry in user_paths:
        if entry in claimed:
            continue
        path = expand_home_leniently(entry)
        found = (checked or {}).get(entry)
        if isinstance(found, DatabaseInfo):
            rows.append(
                DatabaseRow(
                    path=path,
                    kind=found.kind,
                    database_type=found.database_type,
                    description=found.description,
                    origin=f"user db: {path.name}",
                    age=describe_age(found.build_date, now, language=language),
                    stale=is_stale(found.build_date, now),
                    in_use=False,
                    user_entry=entry,
                )
            )
        else:
            rows.append(
                DatabaseRow(
                    path=path,
                    kind="",
                    database_type="",
                    description="",
                    origin=f"user db: {path.name}",
                    age="",
                    stale=False,
                    in_use=False,
                    problem=found,
                    user_entry=entry,
                )
            )
    return rows


def check_database(path: Path) -> DatabaseInfo:
    """Open ``path`` as the Locator would and close it again; DatabaseError names the file."""
    database = MmdbDatabase.open(path)
    try:
        return database.info
    finally:
        database.close()
