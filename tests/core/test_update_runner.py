"""One update as the window runs it, without the window: credentials from the keyring (a real
keyrings.alt file backend), downloads from a loopback HTTPS server, one progress bar."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from keyrings.alt.file import PlaintextKeyring

from app.core.geo.secrets import ACCOUNT_ID_USER, LICENSE_KEY_USER, SERVICE, MaxMindCredentials
from app.core.geo.update import (
    UpdateProgress,
    UpdateStatus,
    maxmind_geolite2_source,
    update_databases,
)
from app.core.geo.update_runner import ProgressTracker, UpdateRequest, run_update
from tests.fixtures.geo import GeoFixtureDbs
from tests.fixtures.https import FixtureServer, Route, sha256_line, tar_gz

TODAY = date(2024, 5, 17)
ACCOUNT_ID = "424242"
LICENSE_KEY = "Qw7uiLICENCEsecret_9"
AUTH = "Basic NDI0MjQyOlF3N3VpTElDRU5DRXNlY3JldF85"  # base64("424242:Qw7uiLICENCEsecret_9")


@pytest.fixture
def file_keyring(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    return backend


def serve_maxmind(server: FixtureServer, geo: GeoFixtureDbs, auth: str) -> None:
    for edition, path in (("GeoLite2-City", geo.city), ("GeoLite2-ASN", geo.asn)):
        packed = tar_gz({f"{edition}_20240501/{edition}.mmdb": path.read_bytes()})
        base = f"/geoip/databases/{edition}/download"
        server.routes[f"{base}?suffix=tar.gz"] = Route(packed, require_auth=auth)
        server.routes[f"{base}?suffix=tar.gz.sha256"] = Route(
            sha256_line(packed, f"{edition}.tar.gz"), require_auth=auth
        )


def test_run_update_reads_the_saved_key_or_reports_none(
    https_server: FixtureServer,
    https_client_context: Any,
    geo_fixture_dbs: GeoFixtureDbs,
    file_keyring: PlaintextKeyring,
    tmp_path: Path,
) -> None:
    request = UpdateRequest(
        source=maxmind_geolite2_source(["GeoLite2-ASN"]),
        target_dir=tmp_path / "geo",
        credentials=None,
        save_credentials=False,
        base_url=https_server.base_url,
        ssl_context=https_client_context,
    )
    update = partial(update_databases, today=TODAY, proxies={}, timeout=10)

    empty = run_update(request, update, file_keyring, lambda _p: None, lambda: False)
    assert empty.missing_key and empty.results == () and not empty.changed
    assert https_server.requests == []

    file_keyring.set_password(SERVICE, ACCOUNT_ID_USER, ACCOUNT_ID)
    file_keyring.set_password(SERVICE, LICENSE_KEY_USER, LICENSE_KEY)
    serve_maxmind(https_server, geo_fixture_dbs, AUTH)
    done = run_update(request, update, file_keyring, lambda _p: None, lambda: False)
    assert [r.status for r in done.results] == [UpdateStatus.UPDATED] and done.changed
    assert not done.saved_key


def test_progress_tracker_spreads_files_over_one_bar() -> None:
    emitted: list[tuple[int, str]] = []
    tracker = ProgressTracker(["a.mmdb", "b.mmdb"], lambda p, f: emitted.append((p, f)))
    for name, received, total in [
        ("a.mmdb", 0, 100),
        ("a.mmdb", 50, 100),
        ("a.mmdb", 50, 100),  # unchanged: not repeated
        ("a.mmdb", 100, 100),
        ("b.mmdb", 0, None),  # no Content-Length: "busy"
        ("b.mmdb", 10, None),
        ("b.mmdb", 100, 100),
    ]:
        tracker(UpdateProgress("dbip", name, received, total))
    assert emitted == [
        (0, "a.mmdb"),
        (25, "a.mmdb"),
        (50, "a.mmdb"),
        (-1, "b.mmdb"),
        (100, "b.mmdb"),
    ]


def test_run_update_saves_typed_credentials_when_asked(
    https_server: FixtureServer,
    https_client_context: Any,
    geo_fixture_dbs: GeoFixtureDbs,
    file_keyring: PlaintextKeyring,
    tmp_path: Path,
) -> None:
    serve_maxmind(https_server, geo_fixture_dbs, AUTH)
    request = UpdateRequest(
        source=maxmind_geolite2_source(["GeoLite2-ASN"]),
        target_dir=tmp_path / "geo",
        credentials=MaxMindCredentials(ACCOUNT_ID, LICENSE_KEY),
        save_credentials=True,
        base_url=https_server.base_url,
        ssl_context=https_client_context,
    )
    update = partial(update_databases, today=TODAY, proxies={}, timeout=10)
    done = run_update(request, update, file_keyring, lambda _p: None, lambda: False)
    assert done.saved_key and done.changed
    assert file_keyring.get_password(SERVICE, LICENSE_KEY_USER) == LICENSE_KEY
    assert (tmp_path / "geo" / "GeoLite2-ASN.mmdb").is_file()


def test_credentials_repr_never_shows_the_key() -> None:
    request = UpdateRequest(
        source=maxmind_geolite2_source(),
        target_dir=Path("/nonexistent"),
        credentials=MaxMindCredentials(ACCOUNT_ID, LICENSE_KEY),
        save_credentials=True,
        base_url=None,
        ssl_context=None,
    )
    assert LICENSE_KEY not in repr(request)
