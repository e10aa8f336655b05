"""discover_databases: real .mmdb files in temporary folders laid out like a real system."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.geo.discovery import (
    NO_USER_DIRS_ENV,
    app_data_dir,
    describe_origin,
    discover_databases,
    geoip_conf_directories,
)
from app.core.geo.update import check_mmdb
from tests.fixtures.geo import build_mmdb, geoip2_country_record


def write_mmdb(path: Path, database_type: str) -> Path:
    return build_mmdb(
        path, {"8.8.8.0/24": geoip2_country_record("US")}, database_type=database_type
    )


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """User, download, geoipupdate and distribution folders, each with real databases."""
    paths = {
        "user_file": write_mmdb(tmp_path / "mine" / "ipinfo_lite.mmdb", "ipinfo lite"),
        "user_dir_country": write_mmdb(tmp_path / "more" / "GeoIP2-Country.mmdb", "GeoIP2-Country"),
        "user_dir_city": write_mmdb(tmp_path / "more" / "GeoIP2-City.mmdb", "GeoIP2-City"),
        "data_asn": write_mmdb(tmp_path / "data" / "dbip-asn-lite.mmdb", "DBIP-ASN-Lite"),
        "data_country": write_mmdb(
            tmp_path / "data" / "dbip-country-lite.mmdb", "DBIP-Country-Lite"
        ),
        "conf_city": write_mmdb(tmp_path / "geoipupdate" / "GeoLite2-City.mmdb", "GeoLite2-City"),
        "system_asn": write_mmdb(tmp_path / "usr-share" / "GeoLite2-ASN.mmdb", "GeoLite2-ASN"),
        "local_city": write_mmdb(tmp_path / "usr-local" / "GeoLite2-City.mmdb", "GeoLite2-City"),
    }
    # Things that must not be picked up: a download in progress, a hidden file, other files.
    (tmp_path / "data" / ".dbip-city-lite.mmdb.x1y2.part").write_bytes(b"partial")
    (tmp_path / "data" / ".hidden.mmdb").write_bytes(b"hidden")
    (tmp_path / "usr-share" / "GeoIP.dat").write_bytes(b"legacy format")
    (tmp_path / "usr-share" / "folder.mmdb").mkdir()
    conf = tmp_path / "etc" / "GeoIP.conf"
    conf.parent.mkdir()
    conf.write_text(
        "# GeoIP.conf written by geoipupdate\n"
        "AccountID 999999\n"
        "LicenseKey 000000000000\n"
        "EditionIDs GeoLite2-City\n"
        f"DatabaseDirectory {tmp_path / 'geoipupdate'}   # where geoipupdate writes\n"
    )
    paths["conf"] = conf
    return paths


def test_precedence_user_then_downloads_then_geoipupdate_then_system(
    layout: dict[str, Path], tmp_path: Path
) -> None:
    found = discover_databases(
        [tmp_path / "usr-local", tmp_path / "missing", tmp_path / "usr-share"],
        [tmp_path / "no-such.conf", layout["conf"]],
        user_paths=[layout["user_file"], tmp_path / "more"],
        data_dir=tmp_path / "data",
    )
    assert found == [
        layout["user_file"],
        layout["user_dir_city"],  # within a folder: City before Country before ASN
        layout["user_dir_country"],
        layout["data_country"],
        layout["data_asn"],
        layout["conf_city"],
        layout["local_city"],
        layout["system_asn"],
    ]
    for path in found:  # every one is a real, usable database
        check_mmdb(path)


def test_same_file_twice_is_listed_once_at_its_best_rank(
    layout: dict[str, Path], tmp_path: Path
) -> None:
    alias = tmp_path / "alias"
    alias.symlink_to(tmp_path / "data", target_is_directory=True)
    found = discover_databases(
        [alias],
        [],
        user_paths=[layout["data_asn"]],
        data_dir=tmp_path / "data",
    )
    assert found == [layout["data_asn"], layout["data_country"]]


def test_missing_user_file_is_kept_so_it_can_be_reported(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "GeoLite2-City.mmdb"
    assert discover_databases([], [], user_paths=[missing], use_app_data_dir=False) == [missing]


def test_nothing_installed_finds_nothing(tmp_path: Path) -> None:
    assert (
        discover_databases([tmp_path / "a"], [tmp_path / "b.conf"], data_dir=tmp_path / "c") == []
    )


def test_geoip_conf_directory_lines(tmp_path: Path) -> None:
    first = tmp_path / "one.conf"
    first.write_text("DatabaseDirectory /srv/geo\n#DatabaseDirectory /commented/out\n")
    second = tmp_path / "two.conf"
    second.write_text("  DatabaseDirectory   /var/geo db  \nDatabaseDirectoryX /nope\n")
    unreadable = tmp_path / "dir.conf"
    unreadable.mkdir()
    found = geoip_conf_directories([first, tmp_path / "absent.conf", unreadable, second])
    assert found == [Path("/srv/geo"), Path("/var/geo db")]


def test_app_data_dir_follows_platformdirs_unless_tests_forbid_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_USER_DIRS_ENV, "1")
    assert app_data_dir() is None
    monkeypatch.delenv(NO_USER_DIRS_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert app_data_dir() == tmp_path / "xdg" / "DataLocator" / "geo"
    database = write_mmdb(tmp_path / "xdg" / "DataLocator" / "geo" / "dbip-asn-lite.mmdb", "ASN")
    assert discover_databases([], []) == [database]


def test_origin_labels(layout: dict[str, Path], tmp_path: Path) -> None:
    users = [layout["user_file"], tmp_path / "more"]
    data = tmp_path / "data"
    label = lambda p: describe_origin(p, user_paths=users, data_dir=data)  # noqa: E731
    assert label(layout["user_file"]) == "user db: ipinfo_lite.mmdb"
    assert label(layout["user_dir_city"]) == "user db: GeoIP2-City.mmdb"
    assert label(layout["data_asn"]) == "downloaded: dbip-asn-lite.mmdb"
    assert label(layout["system_asn"]) == f"system db: {layout['system_asn']}"


def test_unknown_users_home_is_listed_not_raised(tmp_path: Path) -> None:
    """``~nosuchuser`` in GeoIP.conf or the settings: no RuntimeError; a user file is kept so
    that opening it reports it by name."""
    conf = tmp_path / "GeoIP.conf"
    conf.write_text("DatabaseDirectory ~datalocator-no-such-user/geo\n")
    assert geoip_conf_directories([conf]) == [Path("~datalocator-no-such-user/geo")]
    odd = Path("~datalocator-no-such-user/x.mmdb")
    found = discover_databases([], [conf], user_paths=[odd], use_app_data_dir=False)
    assert found == [odd]
    assert describe_origin(odd, user_paths=[odd]) == "user db: x.mmdb"


def test_special_files_in_a_folder_are_skipped_unopened(tmp_path: Path) -> None:
    """A FIFO named like a database would block whoever opens it: discovery only lists
    regular files (and never opens anything)."""
    folder = tmp_path / "geo"
    real = write_mmdb(folder / "GeoLite2-Country.mmdb", "GeoLite2-Country")
    os.mkfifo(folder / "GeoLite2-City.mmdb")
    (folder / "GeoLite2-ASN.mmdb").mkdir()
    assert discover_databases([folder], []) == [real]
