"""Download fresh geo databases on request: DB-IP Lite (no account) or MaxMind GeoLite2.

Nothing here runs unless the user asks for an update. Each database is streamed to a temporary
file next to its destination, checked (SHA-256 where the source publishes one, then opened
as a MaxMind DB with a metadata check and a few look-ups) and only then moved into place with
one atomic `os.replace`. Any failure — network, HTTP status, checksum, truncated or foreign
content, cancellation — leaves the working database exactly as it was.

Only the standard library speaks HTTPS here (`urllib.request` with the system's default TLS
context, injectable for tests). The MaxMind licence key travels in a Basic-auth header that is
never forwarded on redirects, and every message and log line is scrubbed of it; URLs are shown
with their query values redacted (pre-signed redirect targets carry signatures).
"""

from __future__ import annotations

import base64
import enum
import gzip
import hashlib
import http.client
import itertools
import logging
import os
import ssl
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Literal, Protocol

import maxminddb
import maxminddb.errors

from app.core.geo.secrets import MaxMindCredentials

log = logging.getLogger(__name__)

Archive = Literal["gz", "tar.gz", "mmdb"]
Kind = Literal["city", "country", "asn"]

DBIP_BASE_URL = "https://download.db-ip.com"
MAXMIND_BASE_URL = "https://download.maxmind.com"
USER_AGENT = "DataLocator/0.1 (database update; +https://github.com/)"

CHUNK_SIZE = 64 * 1024
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024  # larger than any City database, small enough to stop a bomb
_MAX_CHECKSUM_BYTES = 4096
_PROBE_IPS = ("8.8.8.8", "1.1.1.1", "2001:4860:4860::8888")
# Query keys safe to show; every other query value (keys, signatures, tokens) is redacted.
_SHOWN_QUERY_KEYS = frozenset({"suffix", "edition_id", "date"})


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
    message: str  # one line for people; never contains a secret
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


class _Failure(Exception):
    """An update step failed; the message is for people and already free of secrets."""


class _Cancelled(Exception):
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
            raise _Failure(f"the server redirected to a non-HTTPS address ({redact_url(newurl)})")
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
            f"the server refused the account ID or licence key (HTTP {code}) at {where}; "
            "check them with `datalocator db set-maxmind-key`"
        )
    if code in (401, 403):
        return _Failure(f"access denied by the server (HTTP {code}) at {where}")
    if code == 404:
        return _NotFound(f"the file is not on the server (HTTP 404) at {where}")
    if code == 429:
        return _Failure(f"too many downloads today (HTTP 429) at {where}; try again tomorrow")
    if code >= 500:
        return _Failure(f"the server had an error (HTTP {code}) at {where}; try again later")
    return _Failure(f"unexpected HTTP status {code} at {where}")


@dataclass(slots=True)
class _Session:
    """Everything one `update_databases` call shares: opener, limits, callbacks, secrets."""

    opener: urllib.request.OpenerDirector
    timeout: float
    max_bytes: int
    cancelled: Callable[[], bool]
    progress: ProgressCallback | None
    secrets: tuple[str, ...] = ()
    auth_header: str | None = None

    def check_cancel(self) -> None:
        if self.cancelled():
            raise _Cancelled

    def open(self, url: str, source: UpdateSource) -> http.client.HTTPResponse:
        if urllib.parse.urlsplit(url).scheme.lower() != "https":
            raise _Failure(f"refusing a non-HTTPS address ({redact_url(url)})")
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
            raise _Failure(f"cannot reach the server ({_reason(error.reason)})") from None
        except (http.client.HTTPException, OSError) as error:
            raise _Failure(f"the connection failed ({_reason(error)})") from None
        return response

    def download(self, url: str, source: UpdateSource, file_name: str, sink: IO[bytes]) -> str:
        """Stream the body into `sink`; return its SHA-256 hex digest."""
        digest = hashlib.sha256()
        response = self.open(url, source)
        with response:
            length = response.getheader("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > self.max_bytes:
                raise _Failure(f"the file is too large ({total} bytes)")
            received = 0
            self._report(source, file_name, received, total)
            while True:
                self.check_cancel()
                try:
                    chunk = response.read(CHUNK_SIZE)
                except http.client.IncompleteRead as error:
                    raise _Failure(
                        f"the download was cut short after {received + len(error.partial)} bytes"
                    ) from None
                except (http.client.HTTPException, OSError) as error:
                    raise _Failure(f"the connection failed ({_reason(error)})") from None
                if not chunk:
                    break
                received += len(chunk)
                if received > self.max_bytes:
                    raise _Failure(f"the file is larger than {self.max_bytes} bytes")
                digest.update(chunk)
                sink.write(chunk)
                self._report(source, file_name, received, total)
            if total is not None and received != total:
                raise _Failure(f"the download was cut short ({received} of {total} bytes)")
        return digest.hexdigest()

    def fetch_small(self, url: str, source: UpdateSource) -> bytes:
        response = self.open(url, source)
        with response:
            try:
                data = response.read(_MAX_CHECKSUM_BYTES + 1)
            except (http.client.HTTPException, OSError) as error:
                raise _Failure(f"the connection failed ({_reason(error)})") from None
        if len(data) > _MAX_CHECKSUM_BYTES:
            raise _Failure("the checksum file is too large")
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
        raise _Failure("the published checksum file is not a SHA-256 digest")
    return token


# --- unpacking and checking --------------------------------------------------------------------


def _copy_limited(source: _Readable, sink: IO[bytes], limit: int) -> None:
    written = 0
    while chunk := source.read(CHUNK_SIZE):
        written += len(chunk)
        if written > limit:
            raise _Failure(f"the unpacked database is larger than {limit} bytes")
        sink.write(chunk)


def _unsafe_member(name: str) -> bool:
    normal = name.replace("\\", "/")
    path = PurePosixPath(normal)
    return path.is_absolute() or ".." in path.parts or (len(normal) > 1 and normal[1] == ":")


def _unpack(archive: Archive, packed: Path, sink: IO[bytes], wanted: str, limit: int) -> None:
    """Write the .mmdb inside `packed` to `sink`; nothing is ever extracted by member name."""
    if archive == "mmdb":
        with packed.open("rb") as handle:
            _copy_limited(handle, sink, limit)
        return
    if archive == "gz":
        try:
            with gzip.open(packed, "rb") as handle:
                _copy_limited(handle, sink, limit)
        except (gzip.BadGzipFile, EOFError, zlib.error) as error:
            raise _Failure(f"the download is not a complete .gz file ({_reason(error)})") from None
        return
    try:
        with tarfile.open(packed, "r:gz") as tar:
            members = tar.getmembers()
            unsafe = [m.name for m in members if _unsafe_member(m.name)]
            unsafe += [
                m.name for m in members if (m.issym() or m.islnk()) and _unsafe_member(m.linkname)
            ]
            if unsafe:
                raise _Failure(f"the archive contains unsafe paths ({unsafe[0]!r}); refused")
            candidates = [m for m in members if m.isreg() and m.name.endswith(".mmdb")]
            exact = [m for m in candidates if PurePosixPath(m.name).name == wanted]
            chosen = exact or candidates
            if len(chosen) != 1:
                raise _Failure(
                    f"the archive holds {len(chosen)} .mmdb files; expected one named {wanted}"
                )
            if chosen[0].size > limit:
                raise _Failure(f"the unpacked database is larger than {limit} bytes")
            extracted = tar.extractfile(chosen[0])
            if extracted is None:
                raise _Failure("the archive's database could not be read")
            with extracted:
                _copy_limited(extracted, sink, limit)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise _Failure(f"the download is not a complete .tar.gz file ({_reason(error)})") from None


@dataclass(frozen=True, slots=True)
class _Checked:
    database_type: str
    build_date: datetime


def check_mmdb(path: Path, kind: Kind | None = None) -> tuple[str, datetime]:
    """Open `path` as a MaxMind DB and prove it usable: metadata sane, records decodable.

    Returns (database_type, build date); raises ValueError with a message naming the file.
    """
    try:
        checked = _check_mmdb(path, kind)
    except _Failure as error:
        raise ValueError(f"{path}: {error}") from None
    return checked.database_type, checked.build_date


def _check_mmdb(path: Path, kind: Kind | None) -> _Checked:
    try:
        reader = maxminddb.open_database(str(path), maxminddb.MODE_FILE)
    except (maxminddb.errors.InvalidDatabaseError, ValueError):
        raise _Failure("not a valid MaxMind DB file (missing or damaged metadata)") from None
    except OSError as error:
        raise _Failure(f"cannot read the database ({_reason(error)})") from None
    try:
        meta = reader.metadata()
        if meta.binary_format_major_version != 2:
            raise _Failure(f"unsupported MaxMind DB format {meta.binary_format_major_version}")
        if not meta.database_type or meta.node_count <= 0 or meta.build_epoch <= 0:
            raise _Failure("the database metadata is incomplete")
        if kind is not None and kind not in meta.database_type.lower():
            raise _Failure(f"expected a {kind} database but got {meta.database_type!r}")
        records = list(itertools.islice(iter(reader), 16))
        if not records or not all(isinstance(record, dict) for _, record in records):
            raise _Failure("the database holds no readable records")
        for ip in _PROBE_IPS:
            if ":" in ip and meta.ip_version == 4:
                continue
            reader.get(ip)
    except (maxminddb.errors.InvalidDatabaseError, ValueError, LookupError, TypeError) as error:
        raise _Failure(f"the database is corrupt ({_reason(error)})") from None
    except OSError as error:
        raise _Failure(f"cannot read the database ({_reason(error)})") from None
    finally:
        reader.close()
    return _Checked(meta.database_type, datetime.fromtimestamp(meta.build_epoch, UTC))


def _installed_build(path: Path) -> datetime | None:
    try:
        return _check_mmdb(path, None).build_date if path.is_file() else None
    except _Failure:
        return None  # a broken installed file never blocks its replacement


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
                    actual = session.download(url, source, remote.file_name, packed_handle)
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
                raise _Failure("the download does not match the published SHA-256 checksum")
            session.check_cancel()
            unpacked_handle, unpacked = _temp_file(target_dir, remote.file_name, ".part")
            temps.append(unpacked)
            with unpacked_handle:
                _unpack(
                    remote.archive, packed, unpacked_handle, remote.file_name, session.max_bytes
                )
                unpacked_handle.flush()
                os.fsync(unpacked_handle.fileno())
            unpacked.chmod(0o644)  # public data; mkstemp's 0600 would hide it from other users
            checked = _check_mmdb(unpacked, remote.kind)
            session.check_cancel()
            installed = _installed_build(destination)
            if installed is not None and installed > checked.build_date:
                return UpdateResult(
                    source.key,
                    remote.file_name,
                    destination,
                    UpdateStatus.UNCHANGED,
                    f"{remote.file_name}: the server's copy ({checked.build_date:%Y-%m-%d}) is "
                    f"older than the installed one ({installed:%Y-%m-%d}); kept the installed one",
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
                f"{remote.file_name}: updated to {checked.database_type} built "
                f"{checked.build_date:%Y-%m-%d}",
                checked.database_type,
                checked.build_date,
            )
        raise _Failure("no release found")  # pragma: no cover — the loop always returns/raises
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
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: date | None = None,
) -> list[UpdateResult]:
    """Download, verify and install every database of `sources` into `target_dir`.

    Blocking (run it off the GUI thread); never raises for a failed download — each database
    gets an UpdateResult whose message says what went wrong. `base_url` re-points every source
    URL at another HTTPS server (tests); `ssl_context` defaults to the system's trust store;
    `proxies=None` honours the usual *_proxy environment variables, `{}` disables proxies.
    `cancel` is polled between chunks (e.g. `threading.Event().is_set`).
    """
    today = today or datetime.now(UTC).date()
    context = ssl_context if ssl_context is not None else ssl.create_default_context()
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.HTTPSHandler(context=context),
        _HttpsOnlyRedirect(),
    ]
    if proxies is not None:
        handlers.append(urllib.request.ProxyHandler(proxies))
    results: list[UpdateResult] = []
    cancelled = cancel or (lambda: False)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"cannot create the folder {target_dir} ({_reason(error)})"
        return [
            UpdateResult(s.key, r.file_name, target_dir / r.file_name, UpdateStatus.FAILED, message)
            for s in sources
            for r in s.databases
        ]
    for source in sources:
        session = _Session(
            opener=urllib.request.build_opener(*handlers),
            timeout=timeout,
            max_bytes=max_bytes,
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
                            f"{source.label} needs an account ID and licence key; store them with "
                            "`datalocator db set-maxmind-key` (the licence key is kept in the "
                            "system keyring)",
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

    def failed(reason: str) -> UpdateResult:
        kept = "the installed database was kept" if destination.exists() else "nothing installed"
        message = f"{source.label} {remote.file_name}: {reason}; {kept}"
        return UpdateResult(
            source.key,
            remote.file_name,
            destination,
            UpdateStatus.FAILED,
            scrub(message, session.secrets),
        )

    try:
        session.check_cancel()
        result = _update_one(session, source, remote, target_dir, base_url, today)
    except _Cancelled:
        result = UpdateResult(
            source.key,
            remote.file_name,
            destination,
            UpdateStatus.CANCELLED,
            f"{remote.file_name}: cancelled; the installed database was kept",
        )
    except _Failure as error:
        result = failed(str(error))
    except OSError as error:  # writing the temporary file or replacing the destination
        result = failed(f"cannot write in {target_dir} ({_reason(error)})")
    if result.status is UpdateStatus.FAILED:
        log.warning("%s", result.message)
    else:
        log.info("%s", result.message)
    return result
