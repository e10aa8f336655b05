"""The Data menu's rows without a window: where each database comes from, its age, and the
user's files that are not in use (real .mmdb files from tests/fixtures/geo.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.geo.database_rows import check_database, database_rows, user_entry_for
from app.core.geo.mmdb import DatabaseError, DatabaseInfo
from tests.fixtures.geo import BUILD_EPOCH, COUNTRY_TYPE, GeoFixtureDbs, build_mmdb

NOW = datetime(2024, 6, 15, tzinfo=UTC)  # the fixture databases (2024-05-01) are a month old


def sources_of(*paths: Path) -> tuple[DatabaseInfo, ...]:
    return tuple(check_database(path) for path in paths)


def test_rows_say_where_each_database_comes_from(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    downloaded = downloads / "dbip-country-lite.mmdb"
    downloaded.write_bytes(geo_fixture_dbs.country.read_bytes())
    missing = str(tmp_path / "gone.mmdb")
    sources = sources_of(geo_fixture_dbs.city, downloaded)

    rows = database_rows(
        sources,
        [str(geo_fixture_dbs.city), missing],
        data_dir=downloads,
        now=NOW,
        checked={missing: f"{missing}: file not found"},
    )

    assert [(r.origin, r.in_use, r.user_entry) for r in rows] == [
        ("user db: test-city.mmdb", True, str(geo_fixture_dbs.city)),
        ("downloaded: dbip-country-lite.mmdb", True, None),
        ("user db: gone.mmdb", False, missing),
    ]
    assert rows[2].problem == f"{missing}: file not found"


def test_a_checked_file_not_in_use_yet_has_its_age(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    old = build_mmdb(
        tmp_path / "old.mmdb",
        {"8.8.8.0/24": {"country": {"iso_code": "US"}}},
        database_type=COUNTRY_TYPE,
        build_epoch=BUILD_EPOCH - 86400 * 365,
    )
    entry = str(old)
    (row,) = database_rows(
        [], [entry], data_dir=None, now=NOW, checked={entry: check_database(old)}
    )
    assert (row.in_use, row.kind, row.user_entry, row.problem) == (False, "country", entry, None)
    assert row.stale and row.age.startswith("built 2023-05-02, 13 months old")


def test_user_entry_for_names_the_file_or_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "dbs" / "a.mmdb"
    assert user_entry_for(path, [str(tmp_path / "other"), str(path)]) == str(path)
    assert user_entry_for(path, [str(tmp_path / "dbs")]) == str(tmp_path / "dbs")
    assert user_entry_for(path, [str(tmp_path)]) is None


def test_check_database_names_a_file_it_cannot_use(tmp_path: Path) -> None:
    bad = tmp_path / "notes.mmdb"
    bad.write_text("not a database")
    with pytest.raises(DatabaseError, match=r"notes\.mmdb"):
        check_database(bad)
