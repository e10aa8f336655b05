"""The history file: one SQLite database in the user's data folder (platformdirs).

Per program and endpoint it keeps the first and last sighting and how many polls saw it, with
the place, company and law *as located then*: a later database update does not rewrite the past
(a new answer for an address is a new placement, and the change is written down as a
relocation). Writes come a poll at a time, in one transaction each, in WAL mode, so a process
killed mid-write loses that poll at most and the file opens cleanly afterwards.

The schema carries its version (``PRAGMA user_version``) and is brought forward by `MIGRATIONS`,
one transaction per step; a file from a newer DataLocator, or one SQLite cannot read, is moved
aside (never deleted) and a new one started, said once in `problem`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import platformdirs

from app.core.i18n import Message, TranslatableError, message
from app.core.settings import APP_NAME, NO_USER_DIRS_ENV

log = logging.getLogger(__name__)

FILE_NAME = "history.sqlite3"
SIDE_FILES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside the file
SCHEMA_VERSION = 2
DAY_S = 86_400.0
BUSY_TIMEOUT_S = 5.0  # how long to wait for another process's write (the command line's read)
SPANS: Mapping[str, int] = MappingProxyType({"hour": 3600, "day": 86_400})  # timeline buckets

# Version 1: placements (an address as located at a time), sightings (a program's use of a
# placement), relocations (an address answered differently), daily summaries (kept longer).
_V1 = """
CREATE TABLE placements (
    id INTEGER PRIMARY KEY,
    ip TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    law TEXT NOT NULL DEFAULT '',
    located_at REAL NOT NULL,
    UNIQUE (ip, country, city, company, law)
);
CREATE TABLE sightings (
    program TEXT NOT NULL,
    placement INTEGER NOT NULL REFERENCES placements(id),
    first_seen REAL NOT NULL,
    last_seen REAL NOT NULL,
    observations INTEGER NOT NULL,
    PRIMARY KEY (program, placement)
);
CREATE INDEX sightings_last_seen ON sightings (last_seen);
CREATE TABLE relocations (
    ip TEXT NOT NULL,
    at REAL NOT NULL,
    before INTEGER NOT NULL REFERENCES placements(id),
    after INTEGER NOT NULL REFERENCES placements(id)
);
CREATE TABLE daily (
    day TEXT NOT NULL,
    program TEXT NOT NULL,
    country TEXT NOT NULL,
    company TEXT NOT NULL,
    law TEXT NOT NULL,
    observations INTEGER NOT NULL,
    PRIMARY KEY (day, program, country, company, law)
);
"""

# Version 2: a sighting's protocol, port and category (a period shown in the window needs
# them) and bytes sent and received (NULL: the system does not say); activity (program–address
# pairs seen per hour and per day, by country and law: the timeline); the alerts log; when the
# history started (the alerts' learning period). A version-1 file's sightings count once, in the
# hour and day they were last seen.
_V2 = """
ALTER TABLE sightings ADD COLUMN protocol TEXT NOT NULL DEFAULT '';
ALTER TABLE sightings ADD COLUMN port INTEGER;
ALTER TABLE sightings ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE sightings ADD COLUMN sent INTEGER;
ALTER TABLE sightings ADD COLUMN received INTEGER;
CREATE TABLE activity (
    span TEXT NOT NULL,
    start REAL NOT NULL,
    country TEXT NOT NULL,
    law TEXT NOT NULL,
    pairs INTEGER NOT NULL,
    PRIMARY KEY (span, start, country, law)
);
INSERT INTO activity
    SELECT 'hour', CAST(s.last_seen / 3600 AS INTEGER) * 3600.0 AS start, p.country, p.law,
        count(*)
    FROM sightings s JOIN placements p ON p.id = s.placement GROUP BY start, p.country, p.law;
INSERT INTO activity
    SELECT 'day', CAST(s.last_seen / 86400 AS INTEGER) * 86400.0 AS start, p.country, p.law,
        count(*)
    FROM sightings s JOIN placements p ON p.id = s.placement GROUP BY start, p.country, p.law;
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    kind TEXT NOT NULL,
    program TEXT NOT NULL,
    ip TEXT NOT NULL,
    country TEXT NOT NULL,
    company TEXT NOT NULL,
    law TEXT NOT NULL
);
CREATE INDEX alerts_at ON alerts (at);
CREATE TABLE meta (key TEXT PRIMARY KEY, value REAL NOT NULL);
INSERT INTO meta SELECT 'started', coalesce(
    (SELECT min(first_seen) FROM sightings),
    (SELECT CAST(strftime('%s', min(day)) AS REAL) FROM daily),
    CAST(strftime('%s', 'now') AS REAL)
);
"""

# Forward migrations: MIGRATIONS[n] brings a version-n file to version n + 1.
MIGRATIONS: dict[int, str] = {0: _V1, 1: _V2}


CANNOT_OPEN = message("The history is not being kept: the file cannot be opened.")


class HistoryError(TranslatableError):
    """The history cannot be written (full or read-only disk): watching goes on without it."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where an address was, as located when it was seen (empty strings: not known)."""

    ip: str
    country: str = ""
    city: str = ""
    company: str = ""
    law: str = ""


@dataclass(frozen=True, slots=True)
class Use:
    """A program's use of a place in one poll: how (protocol, the lowest remote port: the
    service's) and what for (a `Category` value: mail, photos, other; empty: not known)."""

    program: str
    place: Place
    protocol: str = ""
    port: int | None = None
    category: str = ""
    sent: int | None = None  # bytes since the last poll (None: the system does not say)
    received: int | None = None


@dataclass(frozen=True, slots=True)
class Seen:
    """One poll's uses: each (program, place) open at ``at``, and the addresses whose answer
    changed since the last poll (their new place)."""

    at: float
    uses: tuple[Use, ...]
    relocated: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class Sighting:
    """A program's use of a place over a period, as the history tells it."""

    program: str
    place: Place
    first_seen: float
    last_seen: float
    observations: int
    protocol: str = ""
    port: int | None = None
    category: str = ""
    sent: int | None = None  # bytes over the period's polls (None: the system did not say)
    received: int | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """How many program–address pairs were seen in one hour or day, in one country under
    one law (the timeline's bars)."""

    start: float  # the hour's or day's first second (UTC)
    country: str
    law: str
    pairs: int


@dataclass(frozen=True, slots=True)
class Alert:
    """A program's data went somewhere new (a `alerts.AlertKind` value), as logged."""

    at: float
    kind: str
    program: str
    place: Place


@dataclass(frozen=True, slots=True)
class Known:
    """Where each program has sent data before: the countries, companies and laws."""

    countries: frozenset[tuple[str, str]] = frozenset()  # (program, country)
    companies: frozenset[tuple[str, str]] = frozenset()
    laws: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class Changes:
    """What a period brought that was never seen before it: the "what changed" lists."""

    countries: tuple[str, ...]  # ISO codes
    companies: tuple[str, ...]
    programs: tuple[str, ...]


def default_path() -> Path | None:
    """The history file in the user's data folder; None when no user folder may be touched
    (DATALOCATOR_NO_USER_DIRS: the test suite)."""
    if os.environ.get(NO_USER_DIRS_ENV):
        return None
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / FILE_NAME


class HistoryStore:
    """One open history file. Not thread-safe: one owner thread writes and reads it."""

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], datetime] | None = None,
        timeout_s: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.path = path
        self._timeout_s = timeout_s
        self._clock = clock or (lambda: datetime.now(UTC))
        self.problem: Message | None = None  # the file was set aside (said once)
        self._db = self._open()
        # Pairs already counted in the current hour and day (activity counts each pair once).
        self._counted: dict[str, tuple[float, set[tuple[str, int]]]] = {}

    # -- opening

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.OperationalError as error:
            if "unable to open" in str(error):  # the folder, not the file: nothing to set aside
                raise HistoryError(
                    message("The history is not being kept: its folder cannot be written.")
                ) from error
            if "locked" in str(error):  # busy beyond the timeout: the file itself is fine
                raise HistoryError(
                    message("The history is not being kept: another program holds its file.")
                ) from error
            return self._set_aside_and_start(error)
        except sqlite3.DatabaseError as error:
            return self._set_aside_and_start(error)

    def _set_aside_and_start(self, error: sqlite3.DatabaseError) -> sqlite3.Connection:
        aside = self._set_aside()
        log.warning("history %s unusable (%s): moved to %s", self.path, error, aside)
        self.problem = message(
            "The history file could not be read; it was kept as {file} and a new one started.",
            file=aside.name,
        )
        return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=self._timeout_s, isolation_level=None, check_same_thread=False
        )
        try:
            # Checked before anything is written to it: a file set aside stays as it was.
            (version,) = db.execute("PRAGMA user_version").fetchone()
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"schema version {version} is newer than ours")
            if db.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("the file fails SQLite's check")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            for step in range(version, SCHEMA_VERSION):
                # One transaction per step: a step is done whole or not at all.
                db.executescript(
                    f"BEGIN; {MIGRATIONS[step]} PRAGMA user_version={step + 1}; COMMIT;"
                )
        except sqlite3.DatabaseError:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.close()
            raise
        return db

    def _set_aside(self) -> Path:
        stamp = self._clock().strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        self.path.rename(aside)
        for suffix in SIDE_FILES:
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.rename(aside.with_name(aside.name + suffix))
        return aside

    # -- writing

    def record(self, seen: Seen, alerts: Iterable[Alert] = ()) -> None:
        """One poll and the alerts it raised, in one transaction (a kill in the middle loses
        this poll only)."""
        try:
            with _transaction(self._db):
                for place in seen.relocated:
                    self._relocate(place, seen.at)
                placements = [(use, self._placement(use.place, seen.at)) for use in seen.uses]
                self._count(seen.at, placements)
                self._db.executemany(
                    "INSERT INTO sightings VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (program, placement) DO UPDATE SET"
                    " last_seen = max(last_seen, excluded.last_seen),"
                    " observations = observations + 1,"
                    " port = coalesce(min(port, excluded.port), port, excluded.port),"
                    " protocol = coalesce(nullif(excluded.protocol, ''), protocol),"
                    " category = coalesce(nullif(excluded.category, ''), category),"
                    " sent = CASE WHEN excluded.sent IS NULL THEN sent"
                    " ELSE coalesce(sent, 0) + excluded.sent END,"
                    " received = CASE WHEN excluded.received IS NULL THEN received"
                    " ELSE coalesce(received, 0) + excluded.received END",
                    [
                        (
                            u.program,
                            i,
                            seen.at,
                            seen.at,
                            u.protocol,
                            u.port,
                            u.category,
                            u.sent,
                            u.received,
                        )
                        for u, i in placements
                    ],
                )
                self._db.executemany(
                    "INSERT INTO alerts (at, kind, program, ip, country, company, law)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            a.at,
                            a.kind,
                            a.program,
                            a.place.ip,
                            a.place.country,
                            a.place.company,
                            a.place.law,
                        )
                        for a in alerts
                    ],
                )
        except sqlite3.OperationalError as error:
            self._counted.clear()  # the counts of this poll were rolled back
            raise HistoryError(_write_problem(error)) from error

    def _count(self, at: float, placements: list[tuple[Use, int]]) -> None:
        """Each pair once per hour and per day in `activity` (pairs already in the file for
        this hour or day, from before a restart, are not counted again)."""
        for span, length in SPANS.items():
            start = float(int(at // length) * length)
            bucket, counted = self._counted.get(span, (None, set()))
            if bucket != start:
                counted = {
                    (row[0], int(row[1]))
                    for row in self._db.execute(
                        "SELECT program, placement FROM sightings WHERE last_seen >= ?", (start,)
                    )
                }
                self._counted[span] = (start, counted)
            fresh: dict[tuple[str, str], int] = {}
            for use, placement in placements:
                if (use.program, placement) in counted:
                    continue
                counted.add((use.program, placement))
                key = (use.place.country, use.place.law)
                fresh[key] = fresh.get(key, 0) + 1
            self._db.executemany(
                "INSERT INTO activity VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT DO UPDATE SET pairs = pairs + excluded.pairs",
                [(span, start, country, law, n) for (country, law), n in fresh.items()],
            )

    def _placement(self, place: Place, at: float) -> int:
        key = (place.ip, place.country, place.city, place.company, place.law)
        row = self._db.execute(
            "SELECT id FROM placements WHERE ip=? AND country=? AND city=? AND company=? AND law=?",
            key,
        ).fetchone()
        if row is not None:
            return int(row[0])
        cursor = self._db.execute(
            "INSERT INTO placements (ip, country, city, company, law, located_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (*key, at),
        )
        return int(cursor.lastrowid or 0)

    def _relocate(self, place: Place, at: float) -> None:
        before = self._db.execute(
            "SELECT id, country, city, company, law FROM placements WHERE ip=?"
            " ORDER BY located_at DESC, id DESC LIMIT 1",
            (place.ip,),
        ).fetchone()
        if before is None or tuple(before[1:]) == (
            place.country,
            place.city,
            place.company,
            place.law,
        ):
            return
        after = self._placement(place, at)
        self._db.execute(
            "INSERT INTO relocations VALUES (?, ?, ?, ?)", (place.ip, at, before[0], after)
        )

    # -- reading

    def since(self, start: float) -> tuple[Sighting, ...]:
        """Every program's sightings last seen at ``start`` or later, most recent first."""
        rows = self._db.execute(
            "SELECT s.program, p.ip, p.country, p.city, p.company, p.law,"
            " s.first_seen, s.last_seen, s.observations, s.protocol, s.port, s.category,"
            " s.sent, s.received"
            " FROM sightings s JOIN placements p ON p.id = s.placement"
            " WHERE s.last_seen >= ? ORDER BY s.last_seen DESC, s.program, p.ip",
            (start,),
        ).fetchall()
        return tuple(
            Sighting(row[0], Place(*row[1:6]), row[6], row[7], row[8], *row[9:14]) for row in rows
        )

    def activity(self, span: str, start: float) -> tuple[Activity, ...]:
        """Pairs seen per ``span`` ("hour" or "day") from ``start`` on, oldest first."""
        rows = self._db.execute(
            "SELECT start, country, law, pairs FROM activity WHERE span = ? AND start >= ?"
            " ORDER BY start, country, law",
            (span, float(int(start // SPANS[span]) * SPANS[span])),
        ).fetchall()
        return tuple(Activity(*row) for row in rows)

    def alerts(self, start: float = 0.0) -> tuple[Alert, ...]:
        """The alerts log from ``start`` on, newest first."""
        rows = self._db.execute(
            "SELECT at, kind, program, ip, country, '', company, law FROM alerts"
            " WHERE at >= ? ORDER BY at DESC, id DESC",
            (start,),
        ).fetchall()
        return tuple(Alert(row[0], row[1], row[2], Place(*row[3:])) for row in rows)

    def known(self) -> Known:
        """Every country, company and law each program has sent data to (detail and daily
        summaries alike): what an alert compares a poll with."""
        found: dict[str, set[tuple[str, str]]] = {"country": set(), "company": set(), "law": set()}
        for column, pairs in found.items():  # our own column names, never text given
            pairs.update(
                self._db.execute(
                    f"SELECT DISTINCT s.program, p.{column} FROM sightings s"
                    f" JOIN placements p ON p.id = s.placement WHERE p.{column} != ''"
                    f" UNION SELECT program, {column} FROM daily WHERE {column} != ''"
                )
            )
        return Known(
            frozenset(found["country"]), frozenset(found["company"]), frozenset(found["law"])
        )

    def started(self) -> float:
        """When this history began (its alerts' learning period runs from there)."""
        (value,) = self._db.execute("SELECT value FROM meta WHERE key = 'started'").fetchone()
        return float(value)

    def changes(self, start: float) -> Changes:
        """Countries, companies and programs first seen at ``start`` or later and never before
        (daily summaries of older days count as before), each list sorted."""

        def new(column: str) -> tuple[str, ...]:  # a column name of ours, never text given
            rows = self._db.execute(
                f"SELECT {column} FROM sightings s JOIN placements p ON p.id = s.placement"
                f" WHERE {column} != '' GROUP BY {column} HAVING min(s.first_seen) >= ?"
                f" EXCEPT SELECT {column.split('.')[-1]} FROM daily"
                " WHERE day < date(?, 'unixepoch')",
                (start, start),
            ).fetchall()
            return tuple(sorted(row[0] for row in rows))

        return Changes(
            countries=new("p.country"),
            companies=new("p.company"),
            programs=new("s.program"),
        )

    def relocations(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM relocations").fetchone()
        return int(count)

    # -- keeping it small

    def prune(self, now: float, keep_days: int = 30) -> int:
        """Detail older than ``keep_days`` becomes daily summaries (kept a year); returns the
        sightings summarised."""
        cutoff, year = now - keep_days * DAY_S, now - 365 * DAY_S
        try:
            with _transaction(self._db):
                old = self._db.execute(
                    "SELECT s.rowid, date(s.last_seen, 'unixepoch'), s.program, p.country,"
                    " p.company, p.law, s.observations"
                    " FROM sightings s JOIN placements p ON p.id = s.placement"
                    " WHERE s.last_seen < ?",
                    (cutoff,),
                ).fetchall()
                for _rowid, *key, observations in old:
                    self._db.execute(
                        "INSERT INTO daily VALUES (?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT DO UPDATE SET"
                        " observations = observations + excluded.observations",
                        (*key, observations),
                    )
                self._db.executemany(
                    "DELETE FROM sightings WHERE rowid = ?", [(row[0],) for row in old]
                )
                self._db.execute("DELETE FROM daily WHERE day < date(?, 'unixepoch')", (year,))
                self._db.execute("DELETE FROM relocations WHERE at < ?", (cutoff,))
                self._db.execute(
                    "DELETE FROM activity WHERE (span = 'hour' AND start < ?)"
                    " OR (span = 'day' AND start < ?)",
                    (cutoff, year),
                )
                self._db.execute("DELETE FROM alerts WHERE at < ?", (year,))
                self._db.execute(
                    "DELETE FROM placements WHERE id NOT IN (SELECT placement FROM sightings)"
                    " AND id NOT IN (SELECT before FROM relocations)"
                    " AND id NOT IN (SELECT after FROM relocations)"
                )
        except sqlite3.OperationalError as error:
            raise HistoryError(_write_problem(error)) from error
        return len(old)

    def close(self) -> None:
        self._db.close()


def forget(path: Path) -> tuple[Path, ...]:
    """Delete the history for real: the file and what SQLite keeps beside it (the caller has
    closed it and asked the person first). Returns what was deleted."""
    gone = []
    for file in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
        try:
            file.unlink()
        except FileNotFoundError:
            continue
        gone.append(file)
    return tuple(gone)


class _transaction:
    """BEGIN … COMMIT, ROLLBACK on any error (the connection runs in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        if not self._db.in_transaction:
            self._db.execute("BEGIN")

    def __exit__(self, kind: object, *_rest: object) -> None:
        if not self._db.in_transaction:
            return
        self._db.execute("ROLLBACK" if kind is not None else "COMMIT")


def _write_problem(error: sqlite3.OperationalError) -> Message:
    text = str(error).casefold()
    if "full" in text:
        return message("The history is not being kept: the disk is full.")
    if "readonly" in text or "read-only" in text:
        return message("The history is not being kept: its folder is read-only.")
    return message("The history is not being kept: the file cannot be written.")
