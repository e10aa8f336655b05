"""Database updates against a real HTTPS server on 127.0.0.1 (trustme CA) serving real .mmdb files.

Every failure case checks the same promise: the installed database is byte-for-byte untouched,
no temporary file is left behind, the message says what went wrong, and the licence key
appears in no message and no log record.
"""

from __future__ import annotations

import base64
import gzip
import io
import logging
import os
import shutil
import socket
import ssl
import subprocess
import tarfile
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import maxminddb
import pytest

from app.core.geo.secrets import MaxMindCredentials
from app.core.geo.update import (
    CHUNK_SIZE,
    KIND_LIMITS,
    UpdateProgress,
    UpdateStatus,
    check_mmdb,
    dbip_lite_source,
    maxmind_geolite2_source,
    redact_url,
    update_databases,
)
from tests.fixtures.geo import (
    BUILD_EPOCH,
    MmdbUint,
    build_mmdb,
    geoip2_asn_record,
    geoip2_city_record,
    one_record_mmdb,
    raw_metadata,
    write_raw_mmdb,
)
from tests.fixtures.https import FixtureServer, Route, gz, sha256_line, tar_gz

TODAY = date(2024, 5, 17)
THIS_MONTH, LAST_MONTH = "2024-05", "2024-04"
ACCOUNT_ID = "123456"
LICENSE_KEY = "Zx9secretLICENCEkey_42"
CREDENTIALS = MaxMindCredentials(ACCOUNT_ID, LICENSE_KEY)
AUTH = "Basic " + base64.b64encode(f"{ACCOUNT_ID}:{LICENSE_KEY}".encode()).decode()


# --- fixture databases -------------------------------------------------------------------------


def write_mmdb(
    path: Path, database_type: str, records: Mapping[str, dict[str, Any]], **kwargs: Any
) -> Path:
    return build_mmdb(path, records, database_type=database_type, **kwargs)


@dataclass(frozen=True)
class Dbs:
    city_old: bytes
    city_new: bytes
    country_new: bytes
    asn_new: bytes


@pytest.fixture(scope="module")
def dbs(tmp_path_factory: pytest.TempPathFactory) -> Dbs:
    root = tmp_path_factory.mktemp("update-dbs")
    city_old = write_mmdb(
        root / "old.mmdb",
        "GeoLite2-City",
        {"8.8.8.0/24": geoip2_city_record("US", "Old Town")},
        build_epoch=BUILD_EPOCH - 86400 * 30,
    )
    city = write_mmdb(
        root / "city.mmdb",
        "GeoLite2-City",
        {
            "8.8.8.0/24": geoip2_city_record("US", "Mountain View"),
            "51.38.0.0/16": geoip2_city_record("FR", "Roubaix"),
        },
    )
    country = write_mmdb(
        root / "country.mmdb",
        "DBIP-Country-Lite",
        {
            "8.8.8.0/24": {"country": {"iso_code": "US"}},
            "1.1.1.0/24": {"country": {"iso_code": "AU"}},
        },
    )
    asn = write_mmdb(
        root / "asn.mmdb",
        "DBIP-ASN-Lite (compat=GeoLite2-ASN)",
        {"8.8.8.0/24": geoip2_asn_record(15169, "GOOGLE")},
    )
    return Dbs(city_old.read_bytes(), city.read_bytes(), country.read_bytes(), asn.read_bytes())


# --- the HTTPS server (tests/fixtures/https.py) -------------------------------------------------


@pytest.fixture
def server(https_server: FixtureServer) -> FixtureServer:
    return https_server


@pytest.fixture
def client_context(https_client_context: ssl.SSLContext) -> ssl.SSLContext:
    return https_client_context


@pytest.fixture
def run(server: FixtureServer, client_context: ssl.SSLContext) -> Callable[..., list[Any]]:
    def _run(sources: list[Any], target: Path, **kwargs: Any) -> list[Any]:
        kwargs.setdefault("credentials", CREDENTIALS)
        return update_databases(
            sources,
            target,
            base_url=server.base_url,
            ssl_context=client_context,
            proxies={},
            today=TODAY,
            timeout=10,
            **kwargs,
        )

    return _run


def serve_maxmind_city(
    server: FixtureServer, packed: bytes, *, checksum: bytes | None = None
) -> None:
    base = "/geoip/databases/GeoLite2-City/download"
    name = "GeoLite2-City_20240517.tar.gz"
    server.routes[f"{base}?suffix=tar.gz"] = Route(packed, require_auth=AUTH)
    server.routes[f"{base}?suffix=tar.gz.sha256"] = Route(
        checksum if checksum is not None else sha256_line(packed, name), require_auth=AUTH
    )


def city_in(path: Path, ip: str = "8.8.8.8") -> str:
    with maxminddb.open_database(str(path)) as reader:
        record: Any = reader.get(ip)
    return str(record["city"]["names"]["en"])


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


# --- success -----------------------------------------------------------------------------------


def test_dbip_update_installs_both_files_and_reports_progress(
    run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    server.routes[f"/free/dbip-country-lite-{THIS_MONTH}.mmdb.gz"] = Route(gz(dbs.country_new))
    server.routes[f"/free/dbip-asn-lite-{THIS_MONTH}.mmdb.gz"] = Route(gz(dbs.asn_new))
    seen: list[UpdateProgress] = []

    results = run([dbip_lite_source()], tmp_path, progress=seen.append)

    assert [(r.file_name, r.status) for r in results] == [
        ("dbip-country-lite.mmdb", UpdateStatus.UPDATED),
        ("dbip-asn-lite.mmdb", UpdateStatus.UPDATED),
    ]
    assert (tmp_path / "dbip-country-lite.mmdb").read_bytes() == dbs.country_new
    assert (tmp_path / "dbip-asn-lite.mmdb").read_bytes() == dbs.asn_new
    assert (tmp_path / "dbip-asn-lite.mmdb").stat().st_mode & 0o777 == 0o644
    assert results[0].database_type == "DBIP-Country-Lite"
    assert leftovers(tmp_path) == []
    country = [p for p in seen if p.file_name == "dbip-country-lite.mmdb"]
    assert country[-1].received == country[-1].total == len(gz(dbs.country_new))
    assert [p.received for p in country] == sorted(p.received for p in country)
    assert all(s.authorization is None for s in server.requests)  # DB-IP gets no credentials


def test_dbip_falls_back_to_last_month_when_this_month_is_not_out(
    run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    server.routes[f"/free/dbip-country-lite-{LAST_MONTH}.mmdb.gz"] = Route(gz(dbs.country_new))

    [result] = run([dbip_lite_source(["country"])], tmp_path)

    assert result.status is UpdateStatus.UPDATED, str(result.message)
    assert [s.path for s in server.requests] == [
        f"/free/dbip-country-lite-{THIS_MONTH}.mmdb.gz",
        f"/free/dbip-country-lite-{LAST_MONTH}.mmdb.gz",
    ]


def test_maxmind_update_verifies_checksum_and_swaps_atomically(
    run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    destination = tmp_path / "GeoLite2-City.mmdb"
    destination.write_bytes(dbs.city_old)
    serve_maxmind_city(
        server,
        tar_gz(
            {
                "GeoLite2-City_20240517/LICENSE.txt": b"x",
                "GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.city_new,
            }
        ),
    )
    # A reader holding the old file keeps reading the old data: the file was replaced, not
    # rewritten in place.
    with maxminddb.open_database(str(destination), maxminddb.MODE_MMAP) as old_reader:
        [result] = run([maxmind_geolite2_source(["GeoLite2-City"])], tmp_path)
        old: Any = old_reader.get("8.8.8.8")
    assert old["city"]["names"]["en"] == "Old Town"

    assert result.status is UpdateStatus.UPDATED, str(result.message)
    assert destination.read_bytes() == dbs.city_new
    assert city_in(destination) == "Mountain View"
    assert leftovers(tmp_path) == []
    assert {s.authorization for s in server.requests} == {AUTH}


def test_maxmind_redirect_does_not_carry_credentials(
    run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    packed = tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.city_new})
    serve_maxmind_city(server, packed)
    storage = "/r2/GeoLite2-City.tar.gz?X-Amz-Signature=abc123"
    download = "/geoip/databases/GeoLite2-City/download?suffix=tar.gz"
    server.routes[download] = Route(
        status=302, headers={"Location": server.base_url + storage}, require_auth=AUTH
    )
    server.routes[storage] = Route(packed)

    [result] = run([maxmind_geolite2_source(["GeoLite2-City"])], tmp_path)

    assert result.status is UpdateStatus.UPDATED, str(result.message)
    hits = {s.path: s.authorization for s in server.requests}
    assert hits[download] == AUTH
    assert hits[storage] is None


def test_older_download_keeps_newer_installed_database(
    run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    stale = write_mmdb(
        tmp_path / "stale.bin",
        "DBIP-Country-Lite",
        {"8.8.8.0/24": {"country": {"iso_code": "DE"}}},
        build_epoch=BUILD_EPOCH - 86400 * 365,
    ).read_bytes()
    destination = tmp_path / "dbip-country-lite.mmdb"
    destination.write_bytes(dbs.country_new)
    server.routes[f"/free/dbip-country-lite-{THIS_MONTH}.mmdb.gz"] = Route(gz(stale))

    [result] = run([dbip_lite_source(["country"])], tmp_path)

    assert result.status is UpdateStatus.UNCHANGED
    assert result.ok
    assert "older" in str(result.message)
    assert destination.read_bytes() == dbs.country_new


# --- failures: the installed database survives -------------------------------------------------


FAILURES: dict[str, tuple[Callable[[FixtureServer, Dbs], None], str]] = {}


def failure(name: str, expected: str) -> Callable[[Callable[[FixtureServer, Dbs], None]], None]:
    def register(setup: Callable[[FixtureServer, Dbs], None]) -> None:
        FAILURES[name] = (setup, expected)

    return register


@failure("checksum-mismatch", "does not match the published SHA-256")
def _(server: FixtureServer, dbs: Dbs) -> None:
    packed = tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.city_new})
    serve_maxmind_city(server, packed, checksum=sha256_line(b"something else", "x.tar.gz"))


@failure("checksum-not-a-digest", "not a SHA-256 digest")
def _(server: FixtureServer, dbs: Dbs) -> None:
    packed = tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.city_new})
    serve_maxmind_city(server, packed, checksum=b"<html>maintenance</html>")


@failure("truncated-tar-gz", "not a complete .tar.gz")
def _(server: FixtureServer, dbs: Dbs) -> None:
    packed = tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.city_new})
    cut = packed[: len(packed) // 2]
    serve_maxmind_city(server, cut)  # checksum of what is served: only the unpacking can tell


@failure("not-an-mmdb", "not a MaxMind DB file")
def _(server: FixtureServer, dbs: Dbs) -> None:
    packed = tar_gz(
        {"GeoLite2-City_20240517/GeoLite2-City.mmdb": b"PK\x03\x04 not a database" * 200}
    )
    serve_maxmind_city(server, packed)


@failure("truncated-mmdb", "not a MaxMind DB file")
def _(server: FixtureServer, dbs: Dbs) -> None:
    half = dbs.city_new[: len(dbs.city_new) // 2]
    serve_maxmind_city(server, tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": half}))


@failure("wrong-database-kind", "expected a city database")
def _(server: FixtureServer, dbs: Dbs) -> None:
    serve_maxmind_city(server, tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.asn_new}))


@failure("path-traversal", "unsafe paths")
def _(server: FixtureServer, dbs: Dbs) -> None:
    serve_maxmind_city(
        server,
        tar_gz(
            {
                "../GeoLite2-City.mmdb": dbs.city_new,
                "GeoLite2-City/GeoLite2-City.mmdb": dbs.city_new,
            }
        ),
    )


@failure("http-401", "refused the account ID or licence key (HTTP 401)")
def _(server: FixtureServer, dbs: Dbs) -> None:
    packed = tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.city_new})
    serve_maxmind_city(server, packed)
    for route in server.routes.values():
        route.require_auth = "Basic d3Jvbmc6d3Jvbmc="  # the server knows another key


@failure("http-404-after-redirect", "not on the server (HTTP 404)")
def _(server: FixtureServer, dbs: Dbs) -> None:
    packed = tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.city_new})
    serve_maxmind_city(server, packed)
    # Old-style URLs carry the key in the query: the failing URL is shown, redacted.
    gone = f"/legacy?license_key={LICENSE_KEY}&suffix=tar.gz"
    server.routes["/geoip/databases/GeoLite2-City/download?suffix=tar.gz"] = Route(
        status=302, headers={"Location": server.base_url + gone}
    )


@failure("http-500", "server had an error (HTTP 500)")
def _(server: FixtureServer, dbs: Dbs) -> None:
    packed = tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.city_new})
    serve_maxmind_city(server, packed)
    server.routes["/geoip/databases/GeoLite2-City/download?suffix=tar.gz"] = Route(
        b"oops", status=500
    )


@failure("connection-drop", "cut short")
def _(server: FixtureServer, dbs: Dbs) -> None:
    packed = tar_gz({"GeoLite2-City_20240517/GeoLite2-City.mmdb": dbs.city_new})
    serve_maxmind_city(server, packed)
    server.routes["/geoip/databases/GeoLite2-City/download?suffix=tar.gz"].drop_after = (
        len(packed) // 3
    )


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_failed_update_keeps_installed_database_and_never_leaks_the_key(
    case: str,
    run: Callable[..., list[Any]],
    server: FixtureServer,
    dbs: Dbs,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    setup, expected = FAILURES[case]
    setup(server, dbs)
    target = tmp_path / "geo"
    target.mkdir()
    destination = target / "GeoLite2-City.mmdb"
    destination.write_bytes(dbs.city_old)
    caplog.set_level(logging.DEBUG)

    [result] = run([maxmind_geolite2_source(["GeoLite2-City"])], target)

    assert result.status is UpdateStatus.FAILED
    assert expected in str(result.message)
    assert "GeoLite2-City.mmdb" in str(result.message)
    assert "installed database was kept" in str(result.message)
    assert destination.read_bytes() == dbs.city_old
    assert city_in(destination) == "Old Town"
    assert sorted(p.name for p in target.iterdir()) == ["GeoLite2-City.mmdb"]  # no temp files
    assert list(tmp_path.iterdir()) == [target]  # nothing escaped the target folder
    assert server.requests, "the update never reached the server"
    for text in (str(result.message), caplog.text, *(r.getMessage() for r in caplog.records)):
        assert LICENSE_KEY not in text
        assert AUTH.removeprefix("Basic ") not in text
    assert any(str(result.message) in r.getMessage() for r in caplog.records)


def test_redirected_url_with_key_is_shown_redacted(
    run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    FAILURES["http-404-after-redirect"][0](server, dbs)
    [result] = run([maxmind_geolite2_source(["GeoLite2-City"])], tmp_path)
    assert "/legacy?license_key=REDACTED&suffix=tar.gz" in str(result.message)


def test_redirect_to_plain_http_is_refused(
    run: Callable[..., list[Any]], server: FixtureServer, tmp_path: Path
) -> None:
    server.routes[f"/free/dbip-country-lite-{THIS_MONTH}.mmdb.gz"] = Route(
        status=302, headers={"Location": "http://127.0.0.1:9/dbip.mmdb.gz?token=t0ken"}
    )
    [result] = run([dbip_lite_source(["country"])], tmp_path)
    assert result.status is UpdateStatus.FAILED
    assert "redirected to a non-HTTPS address (http://127.0.0.1:9/dbip.mmdb.gz?token=REDACTED)" in (
        str(result.message)
    )


def test_untrusted_certificate_is_refused(server: FixtureServer, dbs: Dbs, tmp_path: Path) -> None:
    server.routes[f"/free/dbip-country-lite-{THIS_MONTH}.mmdb.gz"] = Route(gz(dbs.country_new))
    [result] = update_databases(
        [dbip_lite_source(["country"])],
        tmp_path,
        base_url=server.base_url,
        ssl_context=ssl.create_default_context(),  # system trust store: our test CA is unknown
        proxies={},
        today=TODAY,
        timeout=10,
    )
    assert result.status is UpdateStatus.FAILED
    assert "certificate" in str(result.message)
    assert not (tmp_path / "dbip-country-lite.mmdb").exists()


def test_cancel_stops_the_download_and_keeps_the_old_file(
    run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    server.routes[f"/free/dbip-country-lite-{THIS_MONTH}.mmdb.gz"] = Route(gz(dbs.country_new))
    server.routes[f"/free/dbip-asn-lite-{THIS_MONTH}.mmdb.gz"] = Route(gz(dbs.asn_new))
    destination = tmp_path / "dbip-country-lite.mmdb"
    destination.write_bytes(b"installed")  # even an unreadable installed file is left alone
    stop = threading.Event()

    results = run([dbip_lite_source()], tmp_path, progress=lambda p: stop.set(), cancel=stop.is_set)

    assert [r.status for r in results] == [UpdateStatus.CANCELLED, UpdateStatus.CANCELLED]
    assert destination.read_bytes() == b"installed"
    assert not (tmp_path / "dbip-asn-lite.mmdb").exists()
    assert leftovers(tmp_path) == []
    assert len(server.requests) == 1


def test_maxmind_without_credentials_asks_for_them_and_downloads_nothing(
    run: Callable[..., list[Any]], server: FixtureServer, tmp_path: Path
) -> None:
    [result] = run([maxmind_geolite2_source(["GeoLite2-City"])], tmp_path, credentials=None)
    assert result.status is UpdateStatus.FAILED
    assert "set-maxmind-key" in str(result.message)
    assert server.requests == []


def test_plain_http_is_refused(dbs: Dbs, tmp_path: Path) -> None:
    [result] = update_databases(
        [dbip_lite_source(["country"])],
        tmp_path,
        base_url="http://127.0.0.1:9",
        proxies={},
        today=TODAY,
    )
    assert result.status is UpdateStatus.FAILED
    assert "non-HTTPS" in str(result.message)


def test_redact_url_hides_query_values_and_user_info() -> None:
    url = f"https://user:{LICENSE_KEY}@example.test/app/geoip_download?edition_id=GeoLite2-City&license_key={LICENSE_KEY}&suffix=tar.gz"
    shown = redact_url(url)
    assert LICENSE_KEY not in shown
    assert shown == (
        "https://example.test/app/geoip_download"
        "?edition_id=GeoLite2-City&license_key=REDACTED&suffix=tar.gz"
    )


def test_check_mmdb_names_the_file_and_the_problem(dbs: Dbs, tmp_path: Path) -> None:
    good = tmp_path / "good.mmdb"
    good.write_bytes(dbs.city_new)
    database_type, built = check_mmdb(good, "city")
    assert database_type == "GeoLite2-City"
    assert built.timestamp() == BUILD_EPOCH
    bad = tmp_path / "bad.mmdb"
    bad.write_bytes(b"hello")
    with pytest.raises(ValueError, match=r"bad\.mmdb: not a MaxMind DB file"):
        check_mmdb(bad)


# --- stability (issue 7): deadlines, cancel, bombs, crafted files, dates -----------------------


def finish_within(seconds: float, work: Callable[[], list[Any]]) -> list[Any]:
    """Run `work` on a thread; fail (instead of hanging the suite) if it has not ended in time."""
    done = threading.Event()
    out: list[list[Any]] = []
    errors: list[BaseException] = []

    def body() -> None:
        try:
            out.append(work())
        except BaseException as error:  # noqa: BLE001 — handed to the test thread below
            errors.append(error)
        finally:
            done.set()

    threading.Thread(target=body, daemon=True).start()
    assert done.wait(seconds), f"the update did not end within {seconds} s"
    if errors:
        raise errors[0]
    return out[0]


def serve_dbip_country(server: FixtureServer, route: Route) -> None:
    server.routes[f"/free/dbip-country-lite-{THIS_MONTH}.mmdb.gz"] = route


def test_a_dripping_server_ends_with_took_too_long(
    run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    # One byte every 0.3 s: far inside the 10 s socket timeout, which each byte resets.
    serve_dbip_country(server, Route(gz(dbs.country_new), drip_every=0.3))
    destination = tmp_path / "dbip-country-lite.mmdb"
    destination.write_bytes(dbs.city_old)

    [result] = finish_within(
        30, lambda: run([dbip_lite_source(["country"])], tmp_path, deadline=1.5)
    )

    assert result.status is UpdateStatus.FAILED
    assert "took too long (more than 1.5 s)" in str(result.message)
    assert "installed database was kept" in str(result.message)
    assert destination.read_bytes() == dbs.city_old
    assert leftovers(tmp_path) == []


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll `condition` (every 10 ms) until it holds or `seconds` pass."""
    tick = threading.Event()
    for _ in range(int(seconds * 100)):
        if condition():
            return True
        tick.wait(0.01)
    return condition()


def blocked(native_id: int) -> bool:
    """Whether the thread sleeps in the kernel (here: waiting for bytes that never come)."""
    stat = Path(f"/proc/self/task/{native_id}/stat").read_text()
    return stat.rpartition(")")[2].split()[0] == "S"


def test_a_cancel_from_another_thread_stops_a_blocked_read_quickly(
    run: Callable[..., list[Any]], server: FixtureServer, tmp_path: Path
) -> None:
    # 64 KiB + 10 bytes at once, then silence: the first chunk arrives, the second read blocks.
    body = bytes(range(256)) * 1024
    serve_dbip_country(server, Route(body, burst=CHUNK_SIZE + 10, drip_every=3600))
    stop = threading.Event()
    first_chunk = threading.Event()
    ended = threading.Event()
    worker_id: list[int] = []
    results: list[list[Any]] = []

    def work() -> None:
        worker_id.append(threading.get_native_id())
        try:
            results.append(
                run(
                    [dbip_lite_source(["country"])],
                    tmp_path,
                    cancel=stop.is_set,
                    progress=lambda p: p.received and first_chunk.set(),
                )
            )
        finally:
            ended.set()

    threading.Thread(target=work, daemon=True).start()
    assert first_chunk.wait(10)
    assert wait_until(lambda: blocked(worker_id[0]), 10)  # inside the read of the next chunk
    stop.set()
    assert ended.wait(5), "the cancel did not stop the blocked read"
    [[result]] = results
    assert result.status is UpdateStatus.CANCELLED
    assert "cancelled" in str(result.message)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("stop_by", ["cancel", "deadline"])
def test_a_server_that_never_completes_tls_is_left_within_the_bound(
    stop_by: str, client_context: ssl.SSLContext, tmp_path: Path
) -> None:
    """Connect succeeds, the TLS handshake never does: the socket timeout (60 s) alone would
    keep the update waiting."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    accepted = threading.Event()

    def accept() -> None:
        connection, _address = listener.accept()
        held.append(connection)  # silent: no ServerHello, ever
        accepted.set()

    threading.Thread(target=accept, daemon=True).start()
    stop = threading.Event()
    kwargs: dict[str, Any] = {"cancel": stop.is_set} if stop_by == "cancel" else {"deadline": 1}
    try:

        def work() -> list[Any]:
            return update_databases(
                [dbip_lite_source(["country"])],
                tmp_path,
                base_url=f"https://127.0.0.1:{listener.getsockname()[1]}",
                ssl_context=client_context,
                proxies={},
                today=TODAY,
                timeout=60,
                **kwargs,
            )

        if stop_by == "cancel":
            threading.Thread(target=lambda: accepted.wait(10) and stop.set(), daemon=True).start()
        [result] = finish_within(10, work)
    finally:
        listener.close()
        for connection in held:
            connection.close()

    assert accepted.is_set()
    if stop_by == "cancel":
        assert result.status is UpdateStatus.CANCELLED
    else:
        assert result.status is UpdateStatus.FAILED
        assert "took too long" in str(result.message)
    assert leftovers(tmp_path) == []


def zeros_gz(size: int) -> bytes:
    """A gzip bomb: `size` zero bytes in about size/1000 bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 150 MiB tmpfs: room for a Country database's limit (100 MiB), not for a bomb."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=150m", "tmpfs", str(mount_point)], check=True
    )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_a_gzip_bomb_stops_at_the_kind_limit_before_filling_the_disk(
    run: Callable[..., list[Any]], server: FixtureServer, small_disk: Path
) -> None:
    bomb = zeros_gz(256 * 1024 * 1024)  # 256 MiB of zeros in ~250 KB
    assert len(bomb) < 300_000
    serve_dbip_country(server, Route(bomb))

    [result] = run([dbip_lite_source(["country"])], small_disk)

    assert result.status is UpdateStatus.FAILED
    # Refused for its size at the Country limit, not by a full disk after writing the lot.
    assert f"larger than {KIND_LIMITS['country']} bytes" in str(result.message)
    assert list(small_disk.iterdir()) == []  # the partial file is gone


def test_a_tar_of_400000_empty_members_is_refused_at_the_member_cap(
    run: Callable[..., list[Any]], server: FixtureServer, tmp_path: Path
) -> None:
    header = tarfile.TarInfo("GeoLite2-City_20240517/README.txt").tobuf(tarfile.USTAR_FORMAT)
    packed = gzip.compress(header * 400_000 + bytes(1024), compresslevel=6, mtime=0)
    serve_maxmind_city(server, packed)
    tracemalloc.start()
    try:
        [result] = run([maxmind_geolite2_source(["GeoLite2-City"])], tmp_path)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert result.status is UpdateStatus.FAILED
    assert "more than 64 members" in str(result.message)
    assert peak < 32 * 1024 * 1024  # the whole member list took 217 MB
    assert leftovers(tmp_path) == []


def odd_member(kind: str) -> tarfile.TarInfo:
    member = tarfile.TarInfo(f"GeoLite2-City_20240517/{kind}")
    if kind == "symlink":
        member.type, member.linkname = tarfile.SYMTYPE, "../../home/user/.bashrc"
    elif kind == "hardlink":
        member.type, member.linkname = tarfile.LNKTYPE, "GeoLite2-City_20240517/README.txt"
    elif kind == "device":
        member.type, member.devmajor, member.devminor = tarfile.CHRTYPE, 1, 3
    elif kind == "fifo":
        member.type = tarfile.FIFOTYPE
    else:  # a folder deeper than the one we expect
        member.name, member.type = "GeoLite2-City_20240517/a/b", tarfile.DIRTYPE
    return member


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "device", "fifo", "nested"])
def test_archive_members_other_than_files_and_the_top_folder_are_refused(
    kind: str, run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.addfile(odd_member(kind))
        good = tarfile.TarInfo("GeoLite2-City_20240517/GeoLite2-City.mmdb")
        good.size = len(dbs.city_new)
        tar.addfile(good, io.BytesIO(dbs.city_new))
    serve_maxmind_city(server, buffer.getvalue())

    [result] = run([maxmind_geolite2_source(["GeoLite2-City"])], tmp_path)

    assert result.status is UpdateStatus.FAILED
    assert "refused" in str(result.message)
    assert not (tmp_path / "GeoLite2-City.mmdb").exists()
    assert leftovers(tmp_path) == []


def crafted(kind: str, path: Path) -> Path:
    """The three crafted files of issue 7, each otherwise a plausible Country database."""
    if kind == "self-loop":
        return write_raw_mmdb(path, [(0, 0)], metadata=raw_metadata(1, database_type="Country"))
    if kind == "epoch-2**64-1":
        return one_record_mmdb(path, database_type="Country", build_epoch=2**64 - 1)
    return one_record_mmdb(path, database_type=MmdbUint(7, 6))  # an integer database_type


@pytest.mark.parametrize("kind", ["self-loop", "epoch-2**64-1", "integer-database-type"])
def test_a_crafted_file_is_refused_in_one_line_and_the_other_files_are_still_tried(
    kind: str, run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    bad = crafted(kind, tmp_path / "crafted.mmdb").read_bytes()
    serve_dbip_country(server, Route(gz(bad)))
    server.routes[f"/free/dbip-asn-lite-{THIS_MONTH}.mmdb.gz"] = Route(gz(dbs.asn_new))
    target = tmp_path / "geo"

    country, asn = run([dbip_lite_source()], target)

    assert country.status is UpdateStatus.FAILED
    assert "\n" not in str(country.message)
    assert "dbip-country-lite.mmdb" in str(country.message)
    assert not (target / "dbip-country-lite.mmdb").exists()
    assert asn.status is UpdateStatus.UPDATED, str(asn.message)
    assert (target / "dbip-asn-lite.mmdb").read_bytes() == dbs.asn_new
    assert leftovers(target) == []
    with pytest.raises(ValueError, match=r"crafted\.mmdb: "):
        check_mmdb(tmp_path / "crafted.mmdb")


YEAR_8307 = int(datetime(8307, 1, 1, tzinfo=UTC).timestamp())
NEXT_MONTH = int(datetime(2024, 6, 20, tzinfo=UTC).timestamp())  # TODAY + 34 days


@pytest.mark.parametrize("epoch", [YEAR_8307, NEXT_MONTH, 946684799])  # …, 1999-12-31
def test_an_impossible_build_date_is_refused(
    epoch: int, run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    dated = write_mmdb(
        tmp_path / "dated.bin",
        "DBIP-Country-Lite",
        {"8.8.8.0/24": {"country": {"iso_code": "US"}}},
        build_epoch=epoch,
    ).read_bytes()
    destination = tmp_path / "dbip-country-lite.mmdb"
    destination.write_bytes(dbs.country_new)
    serve_dbip_country(server, Route(gz(dated)))

    [result] = run([dbip_lite_source(["country"])], tmp_path)

    assert result.status is UpdateStatus.FAILED
    assert "build date" in str(result.message)
    assert destination.read_bytes() == dbs.country_new


@pytest.mark.parametrize("epoch", [YEAR_8307, NEXT_MONTH])
def test_an_installed_file_dated_in_the_future_never_blocks_a_correct_update(
    epoch: int, run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    destination = tmp_path / "dbip-country-lite.mmdb"
    write_mmdb(
        destination,
        "DBIP-Country-Lite",
        {"8.8.8.0/24": {"country": {"iso_code": "DE"}}},
        build_epoch=epoch,
    )
    serve_dbip_country(server, Route(gz(dbs.country_new)))

    [result] = run([dbip_lite_source(["country"])], tmp_path)

    assert result.status is UpdateStatus.UPDATED, str(result.message)
    assert destination.read_bytes() == dbs.country_new
    assert result.build_date is not None and result.build_date.timestamp() == BUILD_EPOCH


def test_a_cancel_during_the_check_keeps_the_installed_file(
    run: Callable[..., list[Any]], server: FixtureServer, dbs: Dbs, tmp_path: Path
) -> None:
    """The cancel turns true once the unpacked file exists: unpacking or checking is under way."""
    destination = tmp_path / "dbip-country-lite.mmdb"
    destination.write_bytes(dbs.city_old)
    serve_dbip_country(server, Route(gz(dbs.country_new)))
    seen: list[str] = []

    def unpacked_exists() -> bool:
        parts = [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
        seen.extend(parts)
        return bool(parts)

    [result] = run([dbip_lite_source(["country"])], tmp_path, cancel=unpacked_exists)

    assert seen
    assert result.status is UpdateStatus.CANCELLED
    assert destination.read_bytes() == dbs.city_old
    assert leftovers(tmp_path) == []
