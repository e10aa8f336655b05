"""Download fresh geo databases on request: DB-IP Lite (no account) or MaxMind GeoLite2.

Nothing here runs unless the user asks for an update. Each database is streamed to a temporary
file next to its destination, checked (SHA-256 where the source publishes one, then opened
as a MaxMind DB with a metadata check and a few look-ups) and only then moved into place with
one atomic `os.replace`. Any failure — network, HTTP status, checksum, truncated or foreign
content, cancellation — leaves the working database exactly as it was.

Every file has an overall deadline and honours a cancel within ~0.1 s, whatever it is doing: a
watcher thread shuts the socket down under a blocked connect, TLS handshake or read (a server
that drips one byte every few seconds resets a socket timeout forever), and unpacking and
checking look at the clock between bounded steps. Archives are unpacked streaming, with size
and member limits derived from the kind of database, so a bomb stops before it fills the disk
or the memory. A file whose build date lies in the future is refused, and an installed file
with such a date never blocks a correct update.

Only the standard library speaks HTTPS here (`urllib.request` with the system's default TLS
context, injectable for tests). The MaxMind licence key travels in a Basic-auth header that is
never forwarded on redirects, and every message and log line is scrubbed of it; URLs are shown
with their query values redacted (pre-signed redirect targets carry signatures).
"""

from __future__ import annotations

import base64
import contextlib
import enum
import errno
import gzip
import hashlib
import http.client
import logging
import os
import selectors
import socket
import ssl
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal, Protocol

import maxminddb

from app.core.addresses import parse_ip
from app.core.geo.errors import DatabaseError
from app.core.geo.secrets import MaxMindCredentials
from app.core.geo.verify import VerificationCancelled, verify_database
from app.core.i18n import Message, TranslatableError, message, verbatim
from app.core.text import visible, visible_path

log = logging.getLogger(__name__)

Archive = Literal["gz", "tar.gz", "mmdb"]
Kind = Literal["city", "country", "asn"]

DBIP_BASE_URL = "https://download.db-ip.com"
MAXMIND_BASE_URL = "https://download.maxmind.com"
USER_AGENT = "DataLocator/0.1 (database update; +https://github.com/)"

CHUNK_SIZE = 64 * 1024
DEFAULT_TIMEOUT_S = 60.0  # the longest silence of the server (connect, TLS, each read)
_MIB = 1024 * 1024
# The largest database of each kind we accept, packed or unpacked: several times today's
# largest release (DB-IP City Lite ~130 MB, GeoLite2-City ~70 MB, Country/ASN ~10 MB), small
# enough that a decompression bomb stops long before it fills a disk.
KIND_LIMITS: dict[Kind, int] = {"city": 400 * _MIB, "country": 100 * _MIB, "asn": 100 * _MIB}
# The default overall deadline of one file: a fixed allowance (connect, check) plus the time
# its largest acceptable size takes at a slow but working 256 KiB/s.
_BASE_DEADLINE_S = 120.0
_SLOWEST_RATE = 256 * 1024
_POLL_S = 0.1  # how often blocked work looks at the cancel and the clock
_MAX_TAR_MEMBERS = 64  # MaxMind ships a folder, a database and three text files
_MAX_TAR_HEADER = 64 * 1024  # long-name and pax headers are read into memory whole
_TAR_SLACK = 4 * _MIB  # what a tar holds besides the database (headers, licence texts)
_EARLIEST_BUILD = datetime(2000, 1, 1, tzinfo=UTC)
_FUTURE_SLACK = timedelta(days=2)  # time zones and a publisher's clock a little ahead
_MAX_CHECKSUM_BYTES = 4096
_PROBE_IPS = ("8.8.8.8", "1.1.1.1", "2001:4860:4860::8888")
# Query keys safe to show; every other query value (keys, signatures, tokens) is redacted.
_SHOWN_QUERY_KEYS = frozenset({"suffix", "edition_id", "date"})


def default_deadline(kind: Kind) -> float:
    """Seconds one database of ``kind`` may take from connect to installed (~29 min for a
    City database, ~9 min for Country or ASN)."""
    return _BASE_DEADLINE_S + KIND_LIMITS[kind] / _SLOWEST_RATE


@dataclass(frozen=True, slots=True)
class RemoteDatabase:
    """One downloadable database file and where it lands in the target folder."""

    file_name: str  # destination name, e.g. "GeoLite2-City.mmdb"
    url: str  # may contain "{period}" (YYYY-MM) for monthly releases
    archive: Archive
    kind: Kind  # the database_type must mention it: a wrong file is refused
    sha256_url: str | None = None  # the source's published checksum of the downloaded file


@dataclass(frozen=True, slots=True)
class UpdateSource:
    key: str  # "dbip" | "maxmind"
    label: str  # human name, also the attribution in `db status`
    databases: tuple[RemoteDatabase, ...]
    needs_credentials: bool = False
    monthly: bool = False  # URLs carry {period}; the newest month may not be published yet


def dbip_lite_source(editions: Sequence[Kind] = ("country", "asn")) -> UpdateSource:
    """DB-IP Lite (CC BY 4.0): monthly .mmdb.gz files, no account; DB-IP publishes no checksum."""
    databases = tuple(
        RemoteDatabase(
            file_name=f"dbip-{kind}-lite.mmdb",
            url=f"{DBIP_BASE_URL}/free/dbip-{kind}-lite-{{period}}.mmdb.gz",
            archive="gz",
            kind=kind,
        )
        for kind in editions
    )
    return UpdateSource("dbip", "DB-IP Lite", databases, needs_credentials=False, monthly=True)


def maxmind_geolite2_source(
    editions: Sequence[str] = ("GeoLite2-City", "GeoLite2-ASN"),
) -> UpdateSource:
    """MaxMind GeoLite2 direct downloads: Basic auth (account ID, licence key), tar.gz + .sha256."""
    databases: list[RemoteDatabase] = []
    for edition in editions:
        kind: Kind = (
            "asn"
            if edition.endswith("ASN")
            else ("city" if edition.endswith("City") else "country")
        )
        base = f"{MAXMIND_BASE_URL}/geoip/databases/{urllib.parse.quote(edition)}/download"
        databases.append(
            RemoteDatabase(
                file_name=f"{edition}.mmdb",
                url=f"{base}?suffix=tar.gz",
                archive="tar.gz",
                kind=kind,
                sha256_url=f"{base}?suffix=tar.gz.sha256",
            )
        )
    return UpdateSource("maxmind", "MaxMind GeoLite2", tuple(databases), needs_credentials=True)


SOURCE_KEYS = ("dbip", "maxmind")


def source_by_key(key: str) -> UpdateSource:
    if key == "dbip":
        return dbip_lite_source()
    if key == "maxmind":
        return maxmind_geolite2_source()
    raise ValueError(f"unknown database source {key!r}; choose one of {', '.join(SOURCE_KEYS)}")


class UpdateStatus(enum.StrEnum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # the download was fine but not newer than the installed file
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class UpdateResult:
    source: str
    file_name: str
    path: Path  # the destination (updated, or untouched on failure)
    status: UpdateStatus
    message: Message  # one line for people (``message.text(tr)``); never contains a secret
    database_type: str | None = None
    build_date: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status in (UpdateStatus.UPDATED, UpdateStatus.UNCHANGED)


@dataclass(frozen=True, slots=True)
class UpdateProgress:
    source: str
    file_name: str
    received: int
    total: int | None  # None when the server sends no Content-Length


ProgressCallback = Callable[[UpdateProgress], None]


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Failure(TranslatableError):
    """An update step failed; the message is for people and already free of secrets."""


class _Cancelled(Exception):
    pass


class _TookTooLong(_Failure):
    pass


class _NotFound(_Failure):
    pass


# --- redaction ---------------------------------------------------------------------------------


def redact_url(url: str) -> str:
    """The URL without user info and with every query value except harmless ones redacted."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    shown = [(k, v if k.lower() in _SHOWN_QUERY_KEYS else "REDACTED") for k, v in query]
    text = urllib.parse.urlencode(shown, safe="")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, text, ""))


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each secret (and its URL-quoted form) with ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
            text = text.replace(urllib.parse.quote(secret, safe=""), "***")
    return text


def scrubbed(text: Message, secrets: Iterable[str]) -> Message:
    """`scrub` on every value of a message (the templates hold no secret; numbers stay numbers
    for their format specs)."""
    secrets = tuple(secrets)

    def clean(value: object) -> object:
        if isinstance(value, Message):
            return scrubbed(value, secrets)
        if isinstance(value, int | float):
            return value
        return scrub(str(value), secrets)

    return Message(
        text.template,
        tuple((name, clean(value)) for name, value in text.values),
        text.plural,
        text.count,
    )


# --- HTTP --------------------------------------------------------------------------------------


class _HttpsOnlyRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to HTTPS, and never carry credentials to the next host."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() != "https":
            fp.close()
            raise _Failure(
                message(
                    "the server redirected to a non-HTTPS address ({newurl})",
                    newurl=redact_url(newurl),
                )
            )
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.remove_header("Authorization")
        return new


def _rebase(url: str, base_url: str | None) -> str:
    """Point a source URL at another server (tests use a loopback HTTPS server)."""
    if base_url is None:
        return url
    base = urllib.parse.urlsplit(base_url)
    parts = urllib.parse.urlsplit(url)
    path = base.path.rstrip("/") + parts.path
    return urllib.parse.urlunsplit((base.scheme, base.netloc, path, parts.query, ""))


def _http_failure(code: int, source: UpdateSource, where: str) -> _Failure:
    if code in (401, 403) and source.needs_credentials:
        return _Failure(
            message(
                "the server refused the account ID or licence key (HTTP {code}) at {where}; "
                "check them with `datalocator db set-maxmind-key`",
                code=code,
                where=where,
            )
        )
    if code in (401, 403):
        return _Failure(
            message("access denied by the server (HTTP {code}) at {where}", code=code, where=where)
        )
    if code == 404:
        return _NotFound(
            message("the file is not on the server (HTTP 404) at {where}", where=where)
        )
    if code == 429:
        return _Failure(
            message(
                "too many downloads today (HTTP 429) at {where}; try again tomorrow", where=where
            )
        )
    if code >= 500:
        return _Failure(
            message(
                "the server had an error (HTTP {code}) at {where}; try again later",
                code=code,
                where=where,
            )
        )
    return _Failure(message("unexpected HTTP status {code} at {where}", code=code, where=where))


class _Watch:
    """The overall deadline and the cancel of one file, enforced even inside a blocked call.

    Work on the update thread calls ``check`` between bounded steps. For calls that block on
    the network, a watcher thread looks every 0.1 s and, once cancelled or past the deadline,
    shuts the attached sockets down: the blocked connect, handshake or read returns at once,
    and its caller asks ``check`` what happened.
    """

    def __init__(self, cancelled: Callable[[], bool], seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self._cancelled = cancelled
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._tripped: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="update-watch", daemon=True)

    def __enter__(self) -> _Watch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        with self._lock:
            self._sockets.clear()

    def remaining(self) -> float:
        return self._end - time.monotonic()

    def stopped(self) -> bool:
        """True once cancelled or past the deadline (the checker's `cancelled`)."""
        return self._reason() is not None

    def check(self) -> None:
        reason = self._tripped or self._reason()
        if reason == "cancelled":
            raise _Cancelled
        if reason == "deadline":
            raise _TookTooLong(
                message("took too long (more than {seconds:g} s); stopped", seconds=self.seconds)
            )

    def attach(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self._tripped is not None:
                _shut(sock)

    def _reason(self) -> str | None:
        if self._cancelled():
            return "cancelled"
        if time.monotonic() >= self._end:
            return "deadline"
        return None

    def _run(self) -> None:
        while not self._stop.wait(_POLL_S):
            reason = self._reason()
            if reason is not None:
                with self._lock:
                    self._tripped = reason
                    for sock in self._sockets:
                        _shut(sock)
                return


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for an SSLSocket: the TLS state stays untouched. An
    # OSError: closed already, or never connected.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


@dataclass(slots=True)
class _WatchSlot:
    """The watch of the file being downloaded, for connections the opener makes."""

    watch: _Watch | None = None


def _resolve(host: str, port: int, watch: _Watch) -> list[Any]:
    """getaddrinfo, which cannot be interrupted, in a helper thread the caller need not wait
    for (a literal address needs no look-up)."""
    try:
        parse_ip(host)
    except ValueError:
        pass
    else:
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    found: list[list[Any]] = []
    failed: list[OSError] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except OSError as error:
            failed.append(error)
        finally:
            done.set()

    threading.Thread(target=look_up, name="update-dns", daemon=True).start()
    while not done.wait(_POLL_S):
        watch.check()
    if failed:
        raise failed[0]
    return found[0]


class _Connection(http.client.HTTPSConnection):
    """HTTPSConnection whose connect and TLS handshake a watch can interrupt."""

    def __init__(self, host: str, *, watch: _Watch, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._watch = watch
        self._create_connection = self._connect_tcp

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)  # TCP (and a proxy's CONNECT)
        server_hostname = getattr(self, "_tunnel_host", None) or self.host
        context: ssl.SSLContext = self._context  # type: ignore[attr-defined]
        tls = context.wrap_socket(
            self.sock, server_hostname=server_hostname, do_handshake_on_connect=False
        )
        self._watch.attach(tls)
        self.sock = tls
        tls.do_handshake()

    def _connect_tcp(
        self,
        address: tuple[str, int],
        timeout: float | None = None,
        source_address: tuple[str, int] | None = None,
    ) -> socket.socket:
        """socket.create_connection, polling so that a cancel is seen while connecting."""
        last: OSError | None = None
        for family, kind, proto, _name, sockaddr in _resolve(*address, self._watch):
            sock = socket.socket(family, kind, proto)
            try:
                self._watch.attach(sock)
                if source_address is not None:
                    sock.bind(source_address)
                sock.setblocking(False)
                code = sock.connect_ex(sockaddr)
                if code in (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, errno.EINTR):
                    code = self._wait_connected(sock, timeout)
                if code:
                    raise OSError(code, os.strerror(code))
                sock.settimeout(timeout)
                return sock
            except OSError as error:
                sock.close()
                last = error
            except BaseException:
                sock.close()
                raise
        raise last if last is not None else OSError("no address to connect to")

    def _wait_connected(self, sock: socket.socket, timeout: float | None) -> int:
        started = time.monotonic()
        with selectors.DefaultSelector() as selector:
            selector.register(sock, selectors.EVENT_WRITE)
            while not selector.select(_POLL_S):
                self._watch.check()
                if timeout is not None and time.monotonic() - started > timeout:
                    raise TimeoutError("timed out connecting")
        self._watch.check()
        return sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)


class _WatchedHttpsHandler(urllib.request.HTTPSHandler):
    def __init__(self, context: ssl.SSLContext, slot: _WatchSlot) -> None:
        super().__init__(context=context)
        self._slot = slot

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        watch = self._slot.watch
        if watch is None:  # pragma: no cover — every request is made inside a watch
            raise _Failure(message("internal error: a request outside a download"))
        context: ssl.SSLContext = self._context  # type: ignore[attr-defined]
        return self.do_open(partial(_Connection, watch=watch), req, context=context)


@dataclass(slots=True)
class _Session:
    """Everything one `update_databases` call shares: opener, limits, callbacks, secrets."""

    opener: urllib.request.OpenerDirector
    slot: _WatchSlot
    timeout: float
    max_bytes: int | None  # None: the limit of each file's kind
    deadline: float | None  # None: the default of each file's kind
    cancelled: Callable[[], bool]
    progress: ProgressCallback | None
    secrets: tuple[str, ...] = ()
    auth_header: str | None = None

    def check_cancel(self) -> None:
        if self.cancelled():
            raise _Cancelled

    def limit(self, remote: RemoteDatabase) -> int:
        return self.max_bytes if self.max_bytes is not None else KIND_LIMITS[remote.kind]

    def watch_for(self, remote: RemoteDatabase) -> _Watch:
        seconds = self.deadline if self.deadline is not None else default_deadline(remote.kind)
        watch = _Watch(self.cancelled, seconds)
        self.slot.watch = watch
        return watch

    @property
    def watch(self) -> _Watch:
        if self.slot.watch is None:  # pragma: no cover — set before any download
            raise _Failure(message("internal error: no deadline"))
        return self.slot.watch

    def open(self, url: str, source: UpdateSource) -> http.client.HTTPResponse:
        if urllib.parse.urlsplit(url).scheme.lower() != "https":
            raise _Failure(message("refusing a non-HTTPS address ({url})", url=redact_url(url)))
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        if self.auth_header is not None:
            request.add_unredirected_header("Authorization", self.auth_header)
        try:
            response: http.client.HTTPResponse = self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            code, where = error.code, redact_url(error.geturl() or url)
            error.close()
            raise _http_failure(code, source, where) from None
        except urllib.error.URLError as error:
            self.watch.check()
            raise _Failure(
                message("cannot reach the server ({reason})", reason=_reason(error.reason))
            ) from None
        except (http.client.HTTPException, OSError, ValueError) as error:
            self.watch.check()
            raise _Failure(
                message("the connection failed ({error})", error=_reason(error))
            ) from None
        return response

    def download(
        self, url: str, source: UpdateSource, remote: RemoteDatabase, sink: IO[bytes]
    ) -> str:
        """Stream the body into `sink`; return its SHA-256 hex digest."""
        digest = hashlib.sha256()
        limit = self.limit(remote)
        file_name = remote.file_name
        response = self.open(url, source)
        with response:
            length = response.getheader("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > limit:
                raise _Failure(
                    message(
                        "the file is too large ({total} bytes; the limit is {limit})",
                        total=total,
                        limit=limit,
                    )
                )
            received = 0
            self._report(source, file_name, received, total)
            while True:
                self.watch.check()
                try:
                    chunk = response.read(CHUNK_SIZE)
                except http.client.IncompleteRead as error:
                    self.watch.check()
                    raise _Failure(
                        message(
                            "the download was cut short after {received} bytes",
                            received=received + len(error.partial),
                        )
                    ) from None
                except (http.client.HTTPException, OSError, ValueError) as error:
                    self.watch.check()
                    raise _Failure(
                        message("the connection failed ({error})", error=_reason(error))
                    ) from None
                if not chunk:
                    self.watch.check()  # a socket shut by the watch reads as the end
                    break
                received += len(chunk)
                if received > limit:
                    raise _Failure(message("the file is larger than {limit} bytes", limit=limit))
                digest.update(chunk)
                sink.write(chunk)
                self._report(source, file_name, received, total)
            if total is not None and received != total:
                raise _Failure(
                    message(
                        "the download was cut short ({received} of {total} bytes)",
                        received=received,
                        total=total,
                    )
                )
        return digest.hexdigest()

    def fetch_small(self, url: str, source: UpdateSource) -> bytes:
        response = self.open(url, source)
        with response:
            try:
                data = response.read(_MAX_CHECKSUM_BYTES + 1)
            except (http.client.HTTPException, OSError, ValueError) as error:
                self.watch.check()
                raise _Failure(
                    message("the connection failed ({error})", error=_reason(error))
                ) from None
        self.watch.check()
        if len(data) > _MAX_CHECKSUM_BYTES:
            raise _Failure(message("the checksum file is too large"))
        return data

    def _report(
        self, source: UpdateSource, file_name: str, received: int, total: int | None
    ) -> None:
        if self.progress is not None:
            self.progress(UpdateProgress(source.key, file_name, received, total))


def _reason(error: object) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"certificate not trusted: {error.verify_message}"
    if isinstance(error, BaseException):
        text = str(error) or type(error).__name__
        return f"{type(error).__name__}: {text}" if type(error).__name__ not in text else text
    return str(error)


def _parse_sha256(data: bytes) -> str:
    text = data.decode("ascii", errors="replace").strip()
    token = text.split()[0].lower() if text else ""
    if len(token) != 64 or any(c not in "0123456789abcdef" for c in token):
        raise _Failure(message("the published checksum file is not a SHA-256 digest"))
    return token


# --- unpacking and checking --------------------------------------------------------------------


def _copy_limited(
    source: _Readable, sink: IO[bytes], limit: int, check: Callable[[], None]
) -> None:
    """Copy in chunks; refuse before writing the chunk that would pass `limit`."""
    written = 0
    while True:
        check()
        chunk = source.read(CHUNK_SIZE)
        if not chunk:
            return
        written += len(chunk)
        if written > limit:
            raise _Failure(
                message("the unpacked database is larger than {limit} bytes; refused", limit=limit)
            )
        sink.write(chunk)


class _Bounded:
    """A reader that refuses once more than `limit` bytes came out of `inner`, and looks at the
    cancel and the clock on every read (tarfile skips members through it)."""

    def __init__(self, inner: _Readable, limit: int, check: Callable[[], None]) -> None:
        self._inner = inner
        self._limit = limit
        self._check = check
        self._count = 0

    def read(self, size: int = -1, /) -> bytes:
        self._check()
        data = self._inner.read(CHUNK_SIZE if size < 0 or size > CHUNK_SIZE else size)
        self._count += len(data)
        if self._count > self._limit:
            raise _Failure(
                message(
                    "the archive unpacks to more than {limit} bytes; refused", limit=self._limit
                )
            )
        return data


class _StrictTarInfo(tarfile.TarInfo):
    """Refuses the headers tarfile would read into memory whole when they are large."""

    def _proc_member(self, tar: tarfile.TarFile) -> tarfile.TarInfo:
        long_headers = (
            tarfile.GNUTYPE_LONGNAME,
            tarfile.GNUTYPE_LONGLINK,
            tarfile.XHDTYPE,
            tarfile.XGLTYPE,
            tarfile.SOLARIS_XHDTYPE,
        )
        if self.type in long_headers and self.size > _MAX_TAR_HEADER:
            raise _Failure(
                message(
                    "the archive has an oversized header ({size} bytes); refused", size=self.size
                )
            )
        if self.type == tarfile.GNUTYPE_SPARSE:
            raise _Failure(message("the archive holds a sparse file; refused"))
        member: tarfile.TarInfo = super()._proc_member(tar)  # type: ignore[misc]
        return member


def _unsafe_member(name: str) -> bool:
    normal = name.replace("\\", "/")
    path = PurePosixPath(normal)
    return path.is_absolute() or ".." in path.parts or (len(normal) > 1 and normal[1] == ":")


def _member_refused(member: tarfile.TarInfo, name: str) -> Message:
    if member.issym() or member.islnk():
        return message("the archive contains a link ({name!r}); refused", name=name)
    if member.ischr() or member.isblk():
        return message("the archive contains a device ({name!r}); refused", name=name)
    if member.isfifo():
        return message("the archive contains a FIFO ({name!r}); refused", name=name)
    return message("the archive contains an unexpected entry ({name!r}); refused", name=name)


def _unpack_tar(
    stream: _Readable, sink: IO[bytes], wanted: str, limit: int, check: Callable[[], None]
) -> None:
    """Copy the one .mmdb of a MaxMind-style tar (a folder, a database, a few texts).

    Read streaming, one member at a time: the first member that is not a regular file or the
    one top folder, the first unsafe path, or one member too many stops it.
    """
    bounded = _Bounded(stream, limit + _TAR_SLACK, check)
    exact_copied = False
    others = 0  # .mmdb members not named `wanted`
    top: str | None = None
    with tarfile.open(
        fileobj=bounded,  # type: ignore[call-overload]
        mode="r|",
        tarinfo=_StrictTarInfo,
    ) as tar:
        for count, member in enumerate(tar, start=1):
            check()
            if count > _MAX_TAR_MEMBERS:
                raise _Failure(
                    message(
                        "the archive has more than {limit} members; refused", limit=_MAX_TAR_MEMBERS
                    )
                )
            name = member.name
            if _unsafe_member(name) or (
                (member.issym() or member.islnk()) and (_unsafe_member(member.linkname))
            ):
                raise _Failure(
                    message(
                        "the archive contains unsafe paths ({name!r}); refused", name=visible(name)
                    )
                )
            if not (member.isreg() or member.isdir()):
                raise _Failure(_member_refused(member, visible(name)))
            parts = PurePosixPath(name.replace("\\", "/")).parts
            folder = parts[0] if (member.isdir() and len(parts) == 1) or len(parts) == 2 else None
            if (
                len(parts) > 2
                or (member.isdir() and len(parts) > 1)
                or (folder is not None and top is not None and folder != top)
            ):
                raise _Failure(
                    message(
                        "the archive has an unexpected layout ({name!r}); refused",
                        name=visible(name),
                    )
                )
            top = folder if folder is not None else top
            if not member.isreg() or not name.endswith(".mmdb"):
                continue  # licence texts: skipped unread
            exact = parts[-1] == wanted
            if exact and exact_copied:
                raise _Failure(
                    message("the archive holds two files named {wanted}; refused", wanted=wanted)
                )
            if not exact:
                others += 1
                if exact_copied or others > 1:
                    continue
            if member.size > limit:
                raise _Failure(
                    message(
                        "the unpacked database is larger than {limit} bytes; refused", limit=limit
                    )
                )
            extracted = tar.extractfile(member)
            if extracted is None:  # pragma: no cover — a regular file always has a reader
                raise _Failure(message("the archive's database could not be read"))
            sink.seek(0)
            sink.truncate()
            _copy_limited(extracted, sink, limit, check)
            exact_copied = exact
    if not exact_copied and others != 1:
        raise _Failure(
            message(
                "the archive holds {others} .mmdb files; expected one named {wanted}",
                others=others,
                wanted=wanted,
            )
        )


def _unpack(
    archive: Archive,
    packed: Path,
    sink: IO[bytes],
    wanted: str,
    limit: int,
    check: Callable[[], None],
) -> None:
    """Write the .mmdb inside `packed` to `sink`; nothing is ever extracted by member name.

    Streaming throughout: at most `limit` bytes reach `sink`, and a bomb is refused at that
    point, before it is written.
    """
    try:
        with packed.open("rb") as handle:
            if archive == "mmdb":
                _copy_limited(handle, sink, limit, check)
            elif archive == "gz":
                with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
                    _copy_limited(unzipped, sink, limit, check)
            else:
                with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
                    _unpack_tar(unzipped, sink, wanted, limit, check)
    except (_Failure, _Cancelled):
        raise
    except OSError as error:
        if archive == "mmdb" or (not isinstance(error, gzip.BadGzipFile) and error.errno):
            raise  # the disk: reported as a write problem
        raise _Failure(
            message(
                "the download is not a complete .{archive} file ({error})",
                archive=archive,
                error=_reason(error),
            )
        ) from None
    except Exception as error:  # noqa: BLE001 — hostile archives: EOFError, zlib.error, TarError…
        raise _Failure(
            message(
                "the download is not a complete .{archive} file ({error})",
                archive=archive,
                error=_reason(error),
            )
        ) from None


@dataclass(frozen=True, slots=True)
class _Checked:
    database_type: str
    build_date: datetime


def check_mmdb(path: Path, kind: Kind | None = None) -> tuple[str, datetime]:
    """Open `path` as a MaxMind DB and prove it usable: metadata sane, records decodable.

    Returns (database_type, build date); raises ValueError with a message naming the file.
    """
    try:
        checked = _vet_and_check(path, kind, _Watch(lambda: False, DEFAULT_TIMEOUT_S), None)
    except (_Failure, _Cancelled) as error:
        raise ValueError(f"{visible_path(path)}: {error or 'cancelled'}") from None  # tests only
    return checked.database_type, checked.build_date


def _vet_and_check(path: Path, kind: Kind | None, watch: _Watch, today: date | None) -> _Checked:
    """The out-of-process check (bounded, cancellable) first, then our own rules in-process."""
    watch.check()
    try:
        verify_database(path, deadline=max(0.1, watch.remaining()), cancelled=watch.stopped)
    except VerificationCancelled:
        watch.check()
        raise _Cancelled from None
    except DatabaseError as error:
        watch.check()
        raise _Failure(_without_file(error.message, visible_path(path))) from None
    watch.check()
    return _check_mmdb(path, kind, today)


def _without_file(reason: Message, name: str) -> Message:
    """A DatabaseError's reason without the file name it starts with (the result names it):
    translated for the checker's verdicts, English for the rare file-level problems."""
    if reason.template == "{name}: {reason}":
        inner = dict(reason.values).get("reason")
        if isinstance(inner, Message):
            return inner
    return verbatim(str(reason).removeprefix(f"{name}: "))  # rare: file-level problems


def _check_mmdb(path: Path, kind: Kind | None, today: date | None = None) -> _Checked:
    """Our rules: metadata of the right types and kind, a plausible build date, records found
    within a bounded walk. Any exception at all means the file is refused."""
    try:
        return _check_mmdb_unguarded(path, kind, today)
    except _Failure:
        raise
    except (maxminddb.InvalidDatabaseError, ValueError, LookupError, TypeError) as error:
        raise _Failure(
            message("not a MaxMind DB file (corrupt: {error})", error=_reason(error))
        ) from None
    except OSError as error:
        raise _Failure(
            message("cannot read the database ({error})", error=_reason(error))
        ) from None
    except Exception as error:  # RecursionError, OverflowError, AttributeError, MemoryError…
        log.debug("checking %s failed", visible_path(path), exc_info=True)
        raise _Failure(
            message("not a MaxMind DB file (damaged: {error})", error=type(error).__name__)
        ) from None


def _build_date(epoch: object, today: date | None) -> datetime:
    if not isinstance(epoch, int) or isinstance(epoch, bool):
        raise _Failure(message("not a MaxMind DB file (the build date is not a number)"))
    latest = datetime.combine(today or datetime.now(UTC).date(), datetime.min.time(), UTC)
    latest += timedelta(days=1) + _FUTURE_SLACK
    if not _EARLIEST_BUILD.timestamp() <= epoch <= latest.timestamp():
        shown = (
            datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")
            if -(2**40) < epoch < 2**37  # within datetime's range
            else str(epoch)
        )
        raise _Failure(
            message(
                "its build date ({shown}) is impossible (before 2000 or in the future)", shown=shown
            )
        )
    return datetime.fromtimestamp(epoch, UTC)


def _check_mmdb_unguarded(path: Path, kind: Kind | None, today: date | None) -> _Checked:
    try:
        reader = maxminddb.open_database(str(path), maxminddb.MODE_FILE)
    except OSError as error:
        raise _Failure(
            message("cannot read the database ({error})", error=_reason(error))
        ) from None
    except Exception:  # noqa: BLE001 — whatever the metadata makes the reader raise
        raise _Failure(message("not a MaxMind DB file (missing or damaged metadata)")) from None
    try:
        meta = reader.metadata()
        if meta.binary_format_major_version != 2:
            raise _Failure(
                message(
                    "unsupported MaxMind DB format {version!r}",
                    version=meta.binary_format_major_version,
                )
            )
        database_type = meta.database_type
        if not isinstance(database_type, str) or not database_type:
            raise _Failure(
                message("not a MaxMind DB file (the database type is missing or not text)")
            )
        node_count = meta.node_count
        if not isinstance(node_count, int) or node_count <= 0:
            raise _Failure(message("not a MaxMind DB file (the metadata is incomplete)"))
        built = _build_date(meta.build_epoch, today)
        if kind is not None and kind not in database_type.lower():
            raise _Failure(
                message(
                    "expected a {kind} database but got {type!r}",
                    kind=kind,
                    type=visible(database_type),
                )
            )
        if not _has_records(reader, node_count):
            raise _Failure(message("the database holds no readable records"))
        for ip in _PROBE_IPS:
            if ":" in ip and meta.ip_version == 4:
                continue
            reader.get(ip)
    finally:
        reader.close()
    return _Checked(database_type, built)


_WALK_BUDGET = 4096  # nodes visited looking for records; real trees show data within ~100


def _has_records(reader: maxminddb.Reader, node_count: int) -> bool:
    """A bounded depth-first walk from the root: True once a decodable record is found (the
    reader's own iterator recurses without end on a tree whose root points to itself, and
    spins for ever on one with no data)."""
    pending = [0]
    seen: set[int] = set()
    while pending and len(seen) < _WALK_BUDGET:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for side in (1, 0):
            child = reader._read_node(node, side)  # no public bounded walk
            if child > node_count:
                return isinstance(reader._resolve_data_pointer(child), dict)
            if child < node_count:
                pending.append(child)
    return False


def _installed_build(path: Path, watch: _Watch, today: date | None) -> datetime | None:
    """The build date of the installed file, or None when it should simply be replaced:
    missing, broken, or dated in the future (one bad file never blocks later updates)."""
    if not path.is_file():
        return None
    try:
        return _vet_and_check(path, None, watch, today).build_date
    except _TookTooLong:
        raise
    except _Failure as error:
        log.info("the installed %s will be replaced: %s", visible_path(path), error)
        return None


# --- the update --------------------------------------------------------------------------------


def _periods(today: date) -> tuple[str, str]:
    previous = (
        date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)
    )
    return today.strftime("%Y-%m"), previous.strftime("%Y-%m")


def _temp_file(directory: Path, name: str, suffix: str) -> tuple[IO[bytes], Path]:
    descriptor, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=suffix)
    return os.fdopen(descriptor, "wb"), Path(temp_name)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _update_one(
    session: _Session,
    source: UpdateSource,
    remote: RemoteDatabase,
    target_dir: Path,
    base_url: str | None,
    today: date,
) -> UpdateResult:
    destination = target_dir / remote.file_name
    periods = _periods(today) if source.monthly else ("",)
    temps: list[Path] = []
    try:
        for attempt, period in enumerate(periods):
            url = _rebase(remote.url.format(period=period), base_url)
            log.info("downloading %s from %s", remote.file_name, redact_url(url))
            expected: str | None = None
            if remote.sha256_url is not None:
                sha_url = _rebase(remote.sha256_url.format(period=period), base_url)
                expected = _parse_sha256(session.fetch_small(sha_url, source))
            packed_handle, packed = _temp_file(target_dir, remote.file_name, ".download")
            temps.append(packed)
            try:
                with packed_handle:
                    actual = session.download(url, source, remote, packed_handle)
            except _NotFound:
                if attempt + 1 < len(periods):
                    log.info(
                        "%s for %s is not published yet; trying %s",
                        remote.file_name,
                        period,
                        periods[attempt + 1],
                    )
                    continue
                raise
            if expected is not None and actual != expected:
                raise _Failure(
                    message("the download does not match the published SHA-256 checksum")
                )
            watch = session.watch
            watch.check()
            unpacked_handle, unpacked = _temp_file(target_dir, remote.file_name, ".part")
            temps.append(unpacked)
            with unpacked_handle:
                _unpack(
                    remote.archive,
                    packed,
                    unpacked_handle,
                    remote.file_name,
                    session.limit(remote),
                    watch.check,
                )
                unpacked_handle.flush()
                os.fsync(unpacked_handle.fileno())
            packed.unlink()  # the disk holds one copy at a time
            temps.remove(packed)
            unpacked.chmod(0o644)  # public data; mkstemp's 0600 would hide it from other users
            checked = _vet_and_check(unpacked, remote.kind, watch, today)
            installed = _installed_build(destination, watch, today)
            watch.check()
            if installed is not None and installed > checked.build_date:
                return UpdateResult(
                    source.key,
                    remote.file_name,
                    destination,
                    UpdateStatus.UNCHANGED,
                    message(
                        "{file}: the server's copy ({server_date}) is older than the installed "
                        "one ({installed_date}); kept the installed one",
                        file=remote.file_name,
                        server_date=checked.build_date.date().isoformat(),
                        installed_date=installed.date().isoformat(),
                    ),
                    checked.database_type,
                    installed,
                )
            unpacked.replace(destination)  # os.replace: atomic, same file system
            temps.remove(unpacked)
            _fsync_dir(target_dir)
            return UpdateResult(
                source.key,
                remote.file_name,
                destination,
                UpdateStatus.UPDATED,
                message(
                    "{file}: updated to {type} built {date}",
                    file=remote.file_name,
                    type=checked.database_type,
                    date=checked.build_date.date().isoformat(),
                ),
                checked.database_type,
                checked.build_date,
            )
        raise _Failure(
            message("no release found")
        )  # pragma: no cover — the loop always returns/raises
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


def _credentials_header(credentials: MaxMindCredentials) -> str:
    token = f"{credentials.account_id}:{credentials.license_key}".encode()
    return "Basic " + base64.b64encode(token).decode("ascii")


def update_databases(
    sources: Sequence[UpdateSource],
    target_dir: Path,
    *,
    credentials: MaxMindCredentials | None = None,
    base_url: str | None = None,
    ssl_context: ssl.SSLContext | None = None,
    proxies: dict[str, str] | None = None,
    progress: ProgressCallback | None = None,
    cancel: Callable[[], bool] | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    deadline: float | None = None,
    max_bytes: int | None = None,
    today: date | None = None,
) -> list[UpdateResult]:
    """Download, verify and install every database of `sources` into `target_dir`.

    Blocking (run it off the GUI thread); never raises for a failed download — each database
    gets an UpdateResult whose message says what went wrong. `base_url` re-points every source
    URL at another HTTPS server (tests); `ssl_context` defaults to the system's trust store;
    `proxies=None` honours the usual *_proxy environment variables, `{}` disables proxies.
    `cancel` (e.g. `threading.Event().is_set`) takes effect within ~0.1 s at every step.
    `timeout` bounds each silence of the server; `deadline` bounds each file as a whole
    (None: `default_deadline` of its kind); `max_bytes` bounds each file packed and unpacked
    (None: `KIND_LIMITS` of its kind). A build date after `today` + 2 days is refused.
    """
    today = today or datetime.now(UTC).date()
    context = ssl_context if ssl_context is not None else ssl.create_default_context()
    slot = _WatchSlot()
    handlers: list[urllib.request.BaseHandler] = [
        _WatchedHttpsHandler(context, slot),
        _HttpsOnlyRedirect(),
    ]
    if proxies is not None:
        handlers.append(urllib.request.ProxyHandler(proxies))
    results: list[UpdateResult] = []
    cancelled = cancel or (lambda: False)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        problem = message(
            "cannot create the folder {folder} ({error})",
            folder=visible_path(target_dir),
            error=_reason(error),
        )
        return [
            UpdateResult(s.key, r.file_name, target_dir / r.file_name, UpdateStatus.FAILED, problem)
            for s in sources
            for r in s.databases
        ]
    for source in sources:
        session = _Session(
            opener=urllib.request.build_opener(*handlers),
            slot=slot,
            timeout=timeout,
            max_bytes=max_bytes,
            deadline=deadline,
            cancelled=cancelled,
            progress=progress,
        )
        if source.needs_credentials:
            if credentials is None:
                for remote in source.databases:
                    results.append(
                        UpdateResult(
                            source.key,
                            remote.file_name,
                            target_dir / remote.file_name,
                            UpdateStatus.FAILED,
                            message(
                                "{source} needs an account ID and licence key; store them with "
                                "`datalocator db set-maxmind-key` (the licence key is kept in "
                                "the system keyring)",
                                source=source.label,
                            ),
                        )
                    )
                continue
            session.auth_header = _credentials_header(credentials)
            session.secrets = (
                credentials.license_key,
                session.auth_header.removeprefix("Basic "),
            )
        for remote in source.databases:
            results.append(_update_guarded(session, source, remote, target_dir, base_url, today))
    return results


def _update_guarded(
    session: _Session,
    source: UpdateSource,
    remote: RemoteDatabase,
    target_dir: Path,
    base_url: str | None,
    today: date,
) -> UpdateResult:
    destination = target_dir / remote.file_name

    def failed(reason: Message) -> UpdateResult:
        if destination.exists():
            text = message(
                "{source} {file}: {reason}; the installed database was kept",
                source=source.label,
                file=remote.file_name,
                reason=reason,
            )
        else:
            text = message(
                "{source} {file}: {reason}; nothing installed",
                source=source.label,
                file=remote.file_name,
                reason=reason,
            )
        return UpdateResult(
            source.key,
            remote.file_name,
            destination,
            UpdateStatus.FAILED,
            scrubbed(text, session.secrets),
        )

    try:
        session.check_cancel()
        with session.watch_for(remote):
            result = _update_one(session, source, remote, target_dir, base_url, today)
    except _Cancelled:
        result = UpdateResult(
            source.key,
            remote.file_name,
            destination,
            UpdateStatus.CANCELLED,
            message("{file}: cancelled; the installed database was kept", file=remote.file_name),
        )
    except _Failure as error:
        result = failed(error.message)
    except OSError as error:  # writing the temporary file or replacing the destination
        result = failed(
            message(
                "cannot write in {folder} ({error})",
                folder=visible_path(target_dir),
                error=_reason(error),
            )
        )
    except Exception as error:  # the promise: one plain line, whatever the file or the server
        log.debug("updating %s failed", remote.file_name, exc_info=True)
        result = failed(message("the update failed ({error})", error=_reason(error)))
    if result.status is UpdateStatus.FAILED:
        log.warning("%s", result.message)
    else:
        log.info("%s", result.message)
    return result
