"""Capture files: a watching session recorded, to be replayed offline on any machine.

The format is JSON Lines (docs/JSON.md): a header line (format, version, app version, when,
the databases used: label, type, build date, file name — never a path or a secret), then
``snapshot`` lines (time, observations, what could not be read) and ``dns`` lines (an address,
its PTR names, the confirmed ones, how the look-up ended) in the order the session received
them. JSON Lines because a recording is appended as it goes: Ctrl-C or a crash leaves complete
lines, the file reads and diffs as text, and one version field replaces any migration.

Recording wraps the session's source and resolver (`RecordingSource`, `RecordingResolver`), so
the file holds exactly what the engine was given. Replaying gives the engine a `CaptureSource`
and a `RecordedResolver` over one `Capture`: each snapshot releases the DNS answers recorded
after it, so names arrive when they arrived live, and no DNS query is ever made.

A capture may come from anywhere: the reader checks the whole file when it is opened (size,
line length, JSON, every field) and refuses it with one `CaptureError` naming the file and line.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from app import __version__
from app.core.dns.reverse import PtrAnswer, PtrStatus
from app.core.i18n import Message, TranslatableError, message, system_reason, verbatim
from app.core.serialise import (
    DatabaseRecord,
    RecordError,
    database_dict,
    database_from_record,
    observation_from_record,
    observation_record,
    ptr_from_record,
    ptr_record,
    texts_from_record,
    time_from_record,
)
from app.core.session.engine import NameResolver
from app.core.session.sources import Snapshot, Source, SourceEnded
from app.core.text import visible_path

log = logging.getLogger(__name__)

CAPTURE_FORMAT = "datalocator-capture"
CAPTURE_VERSION = 1
MAX_FILE_BYTES = 200 * 2**20  # a few hours of watching a busy machine
MAX_LINE_BYTES = 16 * 2**20  # one snapshot of ~100,000 sockets
_MAX_SKIPPED = 1000
_NONBLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_SKIPPED = PtrAnswer(status=PtrStatus.SKIPPED)


class CaptureError(TranslatableError):
    """A capture that cannot be read or written; the message names the file (one line)."""


@dataclass(frozen=True, slots=True)
class CaptureHeader:
    version: int
    app_version: str
    created: str  # ISO 8601, UTC
    databases: tuple[DatabaseRecord, ...]


@dataclass(frozen=True, slots=True)
class RecordedAnswer:
    """One DNS answer the session received while recording."""

    ip: str
    answer: PtrAnswer


Entry = Snapshot | RecordedAnswer


# --- writing --------------------------------------------------------------------------------


class CaptureWriter:
    """Appends lines to ``FILE.part`` and renames it to FILE on `commit`: an existing FILE is
    replaced whole or not at all. Thread-safe (the window's DNS runs on other threads)."""

    def __init__(
        self,
        path: Path,
        databases: Sequence[DatabaseRecord],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._path = path
        self._part = path.with_name(path.name + ".part")
        self._lock = threading.Lock()
        self._size = 0
        self._last: dict[str, PtrAnswer] = {}
        try:
            if path.exists() and not path.is_file():
                raise CaptureError(_message(path, message("not a regular file; not replaced")))
            # A planted link at FILE.part must not redirect the recording.
            fd = os.open(self._part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o600)
            self._file: IO[bytes] = os.fdopen(fd, "wb")  # closed by commit
        except OSError as error:
            raise CaptureError(_message(path, system_reason(error))) from None
        header = {
            "type": "header",
            "format": CAPTURE_FORMAT,
            "version": CAPTURE_VERSION,
            "app_version": __version__,
            "created": clock().astimezone(UTC).isoformat(timespec="seconds"),
            "databases": [database_dict(record) for record in databases],
        }
        self._write(header)

    @property
    def path(self) -> Path:
        return self._path

    def write_snapshot(self, snapshot: Snapshot) -> None:
        self._write(
            {
                "type": "snapshot",
                "taken_at": snapshot.taken_at,
                "observations": [observation_record(o) for o in snapshot.observations],
                "skipped": [str(line) for line in snapshot.skipped],  # English
            }
        )

    def write_answer(self, ip: str, answer: PtrAnswer) -> None:
        """Record an answer the session received (the same answer again is not repeated)."""
        with self._lock:
            if self._last.get(ip) == answer:
                return
            self._last[ip] = answer
        self._write({"type": "dns", **ptr_record(ip, answer)})

    def _write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=True, allow_nan=False).encode("ascii") + b"\n"
        with self._lock:
            if len(line) > MAX_LINE_BYTES or self._size + len(line) > MAX_FILE_BYTES:
                limit = MAX_LINE_BYTES if len(line) > MAX_LINE_BYTES else MAX_FILE_BYTES
                raise CaptureError(
                    _message(
                        self._path,
                        message(
                            "the recording would pass {limit} MB; stopped", limit=limit // 2**20
                        ),
                    )
                )
            try:
                self._file.write(line)  # one call: Ctrl-C never leaves half a line
                self._file.flush()
            except OSError as error:
                raise CaptureError(_message(self._path, system_reason(error))) from None
            self._size += len(line)

    def commit(self) -> None:
        """Finish: the recording becomes FILE (replacing any file of that name at once)."""
        with self._lock:
            try:
                try:
                    self._file.flush()
                    os.fsync(self._file.fileno())
                finally:
                    self._file.close()  # a full disk must not keep the file (and its disk) busy
                self._part.replace(self._path)
            except OSError as error:
                raise CaptureError(_message(self._path, system_reason(error))) from None


class RecordingSource:
    """A source whose snapshots are also written to a capture."""

    def __init__(self, source: Source, writer: CaptureWriter) -> None:
        self._source = source
        self._writer = writer

    def snapshot(self) -> Snapshot:
        snapshot = self._source.snapshot()
        self._writer.write_snapshot(snapshot)
        return snapshot


class RecordingResolver:
    """A resolver whose answers are also written to a capture (cache hits were written when
    they were first answered)."""

    def __init__(self, resolver: NameResolver, writer: CaptureWriter) -> None:
        self._resolver = resolver
        self._writer = writer

    def answer(self, ip: str) -> PtrAnswer:
        answer = self._resolver.answer(ip)
        self._writer.write_answer(ip, answer)
        return answer

    def answers_many(self, ips: Iterable[str]) -> dict[str, PtrAnswer]:
        answers = self._resolver.answers_many(ips)
        for ip, answer in answers.items():
            self._writer.write_answer(ip, answer)
        return answers

    def cached_answer(self, ip: str) -> PtrAnswer | None:
        return self._resolver.cached_answer(ip)


class Tap:
    """A running session recorded on demand (the window's "Record session…"): it wraps the
    session's source and resolver, and while a writer is attached what they give is written.
    Starting writes the names already known for the open addresses, so a replay names them as
    the window did. A writing failure (a full disk, the size limit) stops the recording and is
    kept in `failure`; watching goes on. Thread-safe: polls and look-ups run on workers."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._writer: CaptureWriter | None = None
        self.failure: CaptureError | None = None

    @property
    def inner(self) -> Source:
        return self._source

    @property
    def recording(self) -> bool:
        """Writing now (a stopped or failed recording is not)."""
        with self._lock:
            return self._writer is not None and self.failure is None

    def snapshot(self) -> Snapshot:
        snapshot = self._source.snapshot()
        self._write(lambda writer: writer.write_snapshot(snapshot))
        return snapshot

    def record_answers(self, answers: Mapping[str, PtrAnswer]) -> None:
        """DNS answers the session received, written while recording."""

        def write(writer: CaptureWriter) -> None:
            for ip, answer in answers.items():
                writer.write_answer(ip, answer)

        self._write(write)

    def resolver(self, resolver: NameResolver | None) -> NameResolver | None:
        """``resolver`` with its answers recorded while recording (None stays None)."""
        return None if resolver is None else _TappedResolver(resolver, self)

    def start(self, writer: CaptureWriter, known: Mapping[str, PtrAnswer]) -> None:
        for ip, answer in known.items():
            writer.write_answer(ip, answer)
        with self._lock:
            self._writer = writer
            self.failure = None

    def stop(self) -> CaptureWriter | None:
        """Stop writing; the caller commits the writer it gets back (None: none was running),
        also after a failure (the lines written so far are whole)."""
        with self._lock:
            writer, self._writer = self._writer, None
        return writer

    def _write(self, write: Callable[[CaptureWriter], None]) -> None:
        with self._lock:
            writer = self._writer if self.failure is None else None
        if writer is None:
            return
        try:
            write(writer)
        except CaptureError as error:
            log.warning("recording stopped: %s", error)
            with self._lock:
                if self._writer is writer:
                    self.failure = error  # `stop` still hands the writer back to close it


class _TappedResolver:
    def __init__(self, resolver: NameResolver, tap: Tap) -> None:
        self._resolver = resolver
        self._tap = tap

    def answer(self, ip: str) -> PtrAnswer:
        answer = self._resolver.answer(ip)
        self._tap.record_answers({ip: answer})
        return answer

    def answers_many(self, ips: Iterable[str]) -> dict[str, PtrAnswer]:
        answers = self._resolver.answers_many(ips)
        self._tap.record_answers(answers)
        return answers

    def cached_answer(self, ip: str) -> PtrAnswer | None:
        return self._resolver.cached_answer(ip)


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Capture:
    """A capture file checked from end to end; `entries` reads it again, line by line, so a
    long recording never sits in memory whole."""

    path: Path
    header: CaptureHeader
    snapshots: int

    def entries(self) -> Iterator[Entry]:
        with _open(self.path) as file:
            lines = _lines(self.path, file)
            next(lines)  # the header, checked when opened
            for number, record in lines:
                yield _entry(self.path, number, record)


def open_capture(path: Path) -> Capture:
    """Read and check a whole capture; CaptureError (one line naming the file) when it is not
    one, comes from a newer version, is cut short, damaged or absurdly large."""
    with _open(path) as file:
        lines = _lines(path, file)
        first = next(lines, None)
        if first is None:
            raise CaptureError(_message(path, message("empty file, not a DataLocator capture")))
        header = _header(path, *first)
        snapshots = 0
        for number, record in lines:
            snapshots += isinstance(_entry(path, number, record), Snapshot)
    if not snapshots:
        raise CaptureError(_message(path, message("holds no snapshot")))
    return Capture(path, header, snapshots)


def _open(path: Path) -> IO[bytes]:
    """The file, if it is a regular file of a sane size (a FIFO or device cannot block us)."""
    try:
        before = path.stat()
        if not stat.S_ISREG(before.st_mode):
            raise CaptureError(_message(path, message("not a regular file")))
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except OSError as error:
        raise CaptureError(_message(path, system_reason(error))) from None
    file = os.fdopen(fd, "rb")
    size = os.fstat(fd).st_size
    if not stat.S_ISREG(os.fstat(fd).st_mode) or size > MAX_FILE_BYTES:
        file.close()
        reason = (
            message(
                "larger than {limit} MB ({size} MB): not read",
                limit=MAX_FILE_BYTES // 2**20,
                size=size // 2**20,
            )
            if size > MAX_FILE_BYTES
            else message("not a regular file")
        )
        raise CaptureError(_message(path, reason))
    return file


def _lines(path: Path, file: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, JSON object) for each line; every line must be whole and small."""
    number = 0
    total = 0
    while True:
        try:
            raw = file.readline(MAX_LINE_BYTES + 1)
        except OSError as error:
            raise CaptureError(_message(path, system_reason(error))) from None
        if not raw:
            return
        number += 1
        total += len(raw)
        if total > MAX_FILE_BYTES:
            raise CaptureError(
                _message(path, message("larger than {limit} MB", limit=MAX_FILE_BYTES // 2**20))
            )
        if len(raw) > MAX_LINE_BYTES:
            raise CaptureError(
                _message(
                    path,
                    message(
                        "line {number} is longer than {limit} MB",
                        number=number,
                        limit=MAX_LINE_BYTES // 2**20,
                    ),
                )
            )
        if not raw.endswith(b"\n"):
            raise CaptureError(
                _message(
                    path, message("line {number} is cut short (truncated file)", number=number)
                )
            )
        try:
            record = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise CaptureError(
                _message(path, message("line {number} is not valid JSON", number=number))
            ) from None
        if not isinstance(record, dict):
            raise CaptureError(
                _message(path, message("line {number} is not a JSON object", number=number))
            )
        yield number, record


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _header(path: Path, number: int, record: dict[str, Any]) -> CaptureHeader:
    if record.get("format") != CAPTURE_FORMAT:
        raise CaptureError(_message(path, message("not a DataLocator capture (no capture header)")))
    version = record.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CaptureError(
            _message(
                path, message("line {number}: the capture version is not valid", number=number)
            )
        )
    if version > CAPTURE_VERSION:
        raise CaptureError(
            _message(
                path,
                message(
                    "made by a newer DataLocator (capture version {version}; this version reads "
                    "up to {supported})",
                    version=version,
                    supported=CAPTURE_VERSION,
                ),
            )
        )
    try:
        databases = record.get("databases")
        if not isinstance(databases, list) or len(databases) > 64:
            raise RecordError(message("databases must be a list"))
        if not all(isinstance(item, dict) for item in databases):
            raise RecordError(message("databases must be a list of objects"))
        app_version, created = record.get("app_version"), record.get("created")
        if not isinstance(app_version, str) or not isinstance(created, str):
            raise RecordError(message("app_version and created must be strings"))
        return CaptureHeader(
            version=version,
            app_version=app_version,
            created=created,
            databases=tuple(database_from_record(item) for item in databases),
        )
    except RecordError as error:
        raise CaptureError(
            _message(path, message("line {number}: {error}", number=number, error=error.message))
        ) from None


def _entry(path: Path, number: int, record: dict[str, Any]) -> Entry:
    kind = record.get("type")
    try:
        if kind == "snapshot":
            taken_at = time_from_record(record.get("taken_at"), "taken_at")
            observations = record.get("observations")
            if not isinstance(observations, list):
                raise RecordError(message("observations must be a list"))
            if not all(isinstance(item, dict) for item in observations):
                raise RecordError(message("observations must be a list of objects"))
            return Snapshot(
                observations=tuple(observation_from_record(o, taken_at) for o in observations),
                skipped=tuple(
                    map(verbatim, texts_from_record(record.get("skipped"), "skipped", _MAX_SKIPPED))
                ),
                taken_at=taken_at,
            )
        if kind == "dns":
            return RecordedAnswer(*ptr_from_record(record))
    except RecordError as error:
        raise CaptureError(
            _message(path, message("line {number}: {error}", number=number, error=error.message))
        ) from None
    if record.get("format") == CAPTURE_FORMAT:
        raise CaptureError(_message(path, message("line {number}: a second header", number=number)))
    raise CaptureError(
        _message(
            path, message("line {number}: unknown line type {kind!r}", number=number, kind=kind)
        )
    )


def _message(path: Path, reason: Message) -> Message:
    return message("{file}: {reason}", file=visible_path(path), reason=reason)


# --- replaying ------------------------------------------------------------------------------


class RecordedResolver:
    """Answers from the recording only, as the live resolver gave them: an answer is known
    once the replay has reached the snapshot it followed (before, the address is "not asked",
    as when the live budget ran out), and is cached once given, as the live one was."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._released: dict[str, PtrAnswer] = {}
        self._given: dict[str, PtrAnswer] = {}

    def release(self, answers: Iterable[RecordedAnswer]) -> None:
        with self._lock:
            self._released.update((a.ip, a.answer) for a in answers)

    def answer(self, ip: str) -> PtrAnswer:
        with self._lock:
            return self._give(ip)

    def answers_many(self, ips: Iterable[str]) -> dict[str, PtrAnswer]:
        with self._lock:
            return {ip: self._give(ip) for ip in ips}

    def cached_answer(self, ip: str) -> PtrAnswer | None:
        with self._lock:
            return self._given.get(ip)

    def _give(self, ip: str) -> PtrAnswer:
        """Under the lock."""
        answer = self._released.get(ip, _SKIPPED)
        if answer.status is not PtrStatus.SKIPPED:
            self._given[ip] = answer
        return answer


class CaptureSource:
    """The recorded snapshots, one per `snapshot()` call with no waiting, then SourceEnded.

    Each snapshot releases to ``resolver`` the DNS answers recorded before the next one.
    """

    def __init__(self, capture: Capture, resolver: RecordedResolver | None = None) -> None:
        self._capture = capture
        self._resolver = resolver
        self._entries = capture.entries()
        self._next: Snapshot | None = None
        self._started = False

    @property
    def capture(self) -> Capture:
        return self._capture

    def snapshot(self) -> Snapshot:
        if not self._started:
            self._started = True
            self._next = self._advance()
        current = self._next
        if current is None:
            raise SourceEnded(
                message("{file}: end of the recording", file=visible_path(self._capture.path))
            )
        self._next = self._advance()
        return current

    def _advance(self) -> Snapshot | None:
        """Release the answers up to the next snapshot and return it (None at the end)."""
        answers: list[RecordedAnswer] = []
        found: Snapshot | None = None
        for entry in self._entries:
            if isinstance(entry, Snapshot):
                found = entry
                break
            answers.append(entry)
        if self._resolver is not None:
            self._resolver.release(answers)
        return found
