"""Vetting an untrusted MaxMind DB file before the in-process C reader may open it.

A file on disk that the user, a download or another program put there is untrusted: maxminddb's
C extension trusts what it reads, so a crafted tree hangs it (holding the interpreter lock, so
neither Ctrl-C nor the GUI can interrupt it) and damaged data can make it abort or segfault.

So the file is first checked in a child process (`vet_child`: metadata sanity against the file
size, the whole search tree, every data record through the same reader), which a signal can
only kill and a deadline bounds. The parent never blocks on the file itself: it refuses
anything but a regular file before opening it, opens it with O_NONBLOCK (a FIFO swapped in
cannot block), and waits for the child in short steps so a cancel is honoured within ~0.1 s.

A verdict is a fact about content, so it is cached by the file's SHA-256: in memory for the
process (a re-open of an unchanged file costs one ``stat``) and on disk in the user cache
folder (a file is checked once per content, not once per start). Hashing reads the file once
(~0.1 s for a 70 MB City database); the child's check costs seconds on such a file, once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from app.core.geo.errors import DatabaseError
from app.core.i18n import Message, message, system_reason, verbatim
from app.core.settings import APP_NAME, NO_USER_DIRS_ENV
from app.core.text import visible_path

log = logging.getLogger(__name__)

DEFAULT_DEADLINE_S = 30.0
# Bumped whenever vet_child checks more (or differently): older cached verdicts are ignored.
CHECK_VERSION = 1
_POLL_S = 0.1  # how often the wait for the child looks at `cancelled`
_CHUNK = 1 << 20
_MAX_VERDICT_FILE = 4096
_NONBLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)  # a FIFO never blocks
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])  # the folder holding `app/`
# The child: isolated from PYTHON* variables and the user's site, `app` imported from here.
_CHILD_CODE = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from app.core.geo.vet_child import main; raise SystemExit(main(sys.argv[2:]))"
)


class VerificationCancelled(DatabaseError):
    """The caller cancelled the check (e.g. the user pressed Cancel during an update)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of checking one content: usable (with the first address holding data, for
    the type guess) or refused (with the reason in plain words)."""

    ok: bool
    reason: str = ""  # in English (what the disk cache keeps)
    sample: str | None = None
    # The reason for the reader's language; None for a verdict read back from the disk cache.
    why: Message | None = field(default=None, compare=False)

    def reason_message(self) -> Message:
        """The reason to show: translated when this process made it, else as cached."""
        return self.why or verbatim(self.reason)


@dataclass(frozen=True, slots=True)
class Vetted:
    """A file that passed: its verdict and the stat signature of the content that was checked
    (the opener compares it after opening, to notice a file replaced in between)."""

    verdict: Verdict
    signature: tuple[int, ...]


def signature(info: os.stat_result) -> tuple[int, ...]:
    """What identifies one content of a file without reading it."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def default_cache_dir() -> Path | None:
    """Where verdicts are kept across runs; None while the test suite forbids user folders."""
    if os.environ.get(NO_USER_DIRS_ENV):
        return None
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "verified-mmdb"


class VerdictCache:
    """Verdicts by content hash, in memory and (with a directory) on disk.

    The disk entries are files anyone with access to the cache folder could write, but they
    can only say "checked" for a content hash; they are size-capped and type-checked, and a
    bad entry is ignored.
    """

    def __init__(self, directory: Path | None) -> None:
        self._directory = directory
        self._lock = threading.Lock()
        self._verdicts: dict[str, Verdict] = {}
        self._hashes: dict[tuple[int, ...], str] = {}  # stat signature → content hash

    def hash_for(self, file_signature: tuple[int, ...]) -> str | None:
        with self._lock:
            return self._hashes.get(file_signature)

    def remember_hash(self, file_signature: tuple[int, ...], digest: str) -> None:
        with self._lock:
            self._hashes[file_signature] = digest

    def get(self, digest: str) -> Verdict | None:
        with self._lock:
            found = self._verdicts.get(digest)
        if found is not None or self._directory is None:
            return found
        found = self._read(self._directory / f"{digest}.json")
        if found is not None:
            with self._lock:
                self._verdicts[digest] = found
        return found

    def put(self, digest: str, verdict: Verdict) -> None:
        with self._lock:
            self._verdicts[digest] = verdict
        if self._directory is not None:
            self._write(self._directory / f"{digest}.json", verdict)

    @staticmethod
    def _read(file: Path) -> Verdict | None:
        try:
            with open(file, "rb", opener=_nonblocking_opener) as stream:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    return None
                entry = json.loads(stream.read(_MAX_VERDICT_FILE + 1)[:_MAX_VERDICT_FILE])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError) as error:
            log.debug("ignoring cached verdict %s: %s", file, error)
            return None
        if (
            not isinstance(entry, dict)
            or entry.get("check") != CHECK_VERSION
            or not isinstance(entry.get("ok"), bool)
            or not isinstance(entry.get("reason", ""), str)
            or not isinstance(entry.get("sample"), str | None)
        ):
            return None
        return Verdict(entry["ok"], entry.get("reason", "")[:300], entry.get("sample"))

    @staticmethod
    def _write(file: Path, verdict: Verdict) -> None:
        entry = {
            "check": CHECK_VERSION,
            "ok": verdict.ok,
            "reason": verdict.reason,
            "sample": verdict.sample,
        }
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entry, stream)
            Path(temporary).replace(file)
        except OSError as error:
            log.debug("cannot cache the verdict in %s: %s", file, error)


@functools.cache
def process_cache() -> VerdictCache:
    """The verdicts of this process. One per process by design: a verdict is a fact about a
    content, the same for every caller, and re-checking a file per caller costs seconds."""
    return VerdictCache(default_cache_dir())


def _nonblocking_opener(path: str, flags: int) -> int:
    return os.open(path, flags | _NONBLOCK)


def _not_regular(mode: int, name: str) -> Message:
    if stat.S_ISFIFO(mode):
        return message("{name}: is a FIFO, not a MaxMind DB file", name=name)
    if stat.S_ISSOCK(mode):
        return message("{name}: is a socket, not a MaxMind DB file", name=name)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return message("{name}: is a device, not a MaxMind DB file", name=name)
    return message("{name}: is a special file, not a MaxMind DB file", name=name)


def _regular(info: os.stat_result, name: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(message("{name}: is a directory, not a MaxMind DB file", name=name))
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseError(_not_regular(info.st_mode, name))


def _open_regular(path: Path, name: str) -> int:
    """A descriptor on the regular file at ``path``; nothing else is ever opened."""
    try:
        _regular(path.stat(), name)
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except (FileNotFoundError, NotADirectoryError):
        raise DatabaseError(message("{name}: file not found", name=name)) from None
    except PermissionError:
        raise DatabaseError(
            message("{name}: cannot be read (permission denied)", name=name)
        ) from None
    except OSError as error:
        raise DatabaseError(
            message("{name}: cannot be read ({error})", name=name, error=system_reason(error))
        ) from None
    except ValueError:  # a NUL byte in the name
        raise DatabaseError(message("{name}: not a valid file name", name=name)) from None
    try:
        _regular(os.fstat(fd), name)  # the file may have been swapped after the stat
    except BaseException:
        os.close(fd)
        raise
    return fd


class _Clock:
    """The deadline and the cancel of one verification."""

    def __init__(self, name: str, deadline: float, cancelled: Callable[[], bool] | None) -> None:
        self.name = name
        self.deadline = deadline
        self.end = time.monotonic() + deadline
        self._cancelled = cancelled

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise VerificationCancelled(message("{name}: check cancelled", name=self.name))
        if self.remaining() <= 0:
            raise DatabaseError(self.too_slow())

    def too_slow(self) -> Message:
        return message(
            "{name}: not used, checking it took longer than {seconds:g} s (too large or damaged)",
            name=self.name,
            seconds=self.deadline,
        )


def _digest(fd: int, clock: _Clock) -> str:
    """SHA-256 of the content, reading in chunks so a cancel or the deadline stops it."""
    sha = hashlib.sha256()
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    while True:
        clock.check()
        try:
            count = os.readv(fd, [buffer])
        except OSError as error:
            raise DatabaseError(
                message(
                    "{name}: cannot be read ({error})",
                    name=clock.name,
                    error=system_reason(error),
                )
            ) from None
        if not count:
            return sha.hexdigest()
        sha.update(view[:count])


def _run_child(fd: int, clock: _Clock) -> Verdict | None:
    """The child's verdict; None when it could not give one for a reason that may not last
    (the deadline or a kill from outside), so the verdict is not cached."""
    command = [sys.executable, "-I", "-c", _CHILD_CODE, _PACKAGE_ROOT, str(fd)]
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(fd,),
        )
    except OSError as error:
        raise DatabaseError(
            message(
                "{name}: cannot be checked (the checker does not start: {error})",
                name=clock.name,
                error=error,
            )
        ) from None
    with child:  # closes the pipes and reaps the child however this ends
        try:
            while True:
                try:
                    out, err = child.communicate(timeout=max(0.01, min(_POLL_S, clock.remaining())))
                    break
                except subprocess.TimeoutExpired:
                    clock.check()
        finally:
            if child.poll() is None:
                child.kill()
    return _read_answer(child.returncode, out, err, clock.name)


def _read_answer(returncode: int, out: bytes, err: bytes, name: str) -> Verdict | None:
    if returncode < 0:
        try:
            what = signal.Signals(-returncode).name
        except ValueError:
            what = f"signal {-returncode}"
        log.info("checking %s: the checker died (%s): %s", name, what, err[-500:])
        if -returncode == getattr(signal, "SIGKILL", 9):  # the OOM killer or a user: may pass
            return None
        return _refused(
            message(
                "not a MaxMind DB file (damaged: it crashes the database reader, {signal})",
                signal=what,
            )
        )
    try:
        answer = json.loads(out.decode("utf-8"))
        sample = answer.get("sample")
        if sample is not None and not isinstance(sample, str):
            raise TypeError("the sample address is not text")
        if answer["ok"] is True:
            return Verdict(True, "", sample)
        template, values = answer["reason"], answer.get("values", {})
        if not isinstance(template, str) or not isinstance(values, dict):
            raise TypeError("the reason is not a template and its values")
        return _refused(Message(template, tuple((str(k), str(v)) for k, v in values.items())))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        log.info("checking %s: no verdict (exit %d, %s): %s", name, returncode, error, err[-500:])
        return _refused(message("not a MaxMind DB file (damaged: the database reader fails on it)"))


def _refused(why: Message) -> Verdict:
    """A refusal; formatting the English text here checks the child's template fits its values."""
    return Verdict(False, str(why), None, why)


def vet(
    path: Path,
    *,
    deadline: float = DEFAULT_DEADLINE_S,
    cancelled: Callable[[], bool] | None = None,
    cache: VerdictCache | None = None,
) -> Vetted:
    """Check ``path`` (once per content); DatabaseError naming it unless it is usable."""
    name = visible_path(path)
    clock = _Clock(name, deadline, cancelled)
    clock.check()
    cache = process_cache() if cache is None else cache
    fd = _open_regular(path, name)
    try:
        info = os.fstat(fd)
        if info.st_size == 0:
            raise DatabaseError(message("{name}: not a MaxMind DB file (empty file)", name=name))
        file_signature = signature(info)
        digest = cache.hash_for(file_signature)
        if digest is None:
            digest = _digest(fd, clock)
            cache.remember_hash(file_signature, digest)
        verdict = cache.get(digest)
        if verdict is None:
            started = time.monotonic()
            verdict = _run_child(fd, clock)
            if verdict is None:
                raise DatabaseError(
                    message("{name}: not used, the check was stopped (try again)", name=name)
                )
            log.info(
                "checked %s in %.2f s: %s",
                name,
                time.monotonic() - started,
                "usable" if verdict.ok else verdict.reason,
            )
            cache.put(digest, verdict)
    finally:
        os.close(fd)
    if not verdict.ok:
        raise DatabaseError(message("{name}: {reason}", name=name, reason=verdict.reason_message()))
    return Vetted(verdict, file_signature)


def verify_database(
    path: Path,
    *,
    deadline: float = DEFAULT_DEADLINE_S,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Raise DatabaseError unless `path` is a safe, readable MaxMind DB file.

    Within ``deadline`` seconds; VerificationCancelled within ~0.1 s of ``cancelled()`` turning
    true. Never hangs, never crashes the calling process, never raises anything else.
    """
    try:
        vet(path, deadline=deadline, cancelled=cancelled)
    except DatabaseError:
        raise
    except Exception as error:  # the contract: one plain line, never a traceback
        log.debug("checking %s failed", visible_path(path), exc_info=True)
        raise DatabaseError(
            message(
                "{name}: cannot be checked ({error})",
                name=visible_path(path),
                error=type(error).__name__,
            )
        ) from error
