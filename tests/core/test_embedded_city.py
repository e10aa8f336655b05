"""The embedded city layer (resources/geo/datalocator-city.mmdb) and the dated list of the
embedded data sets (resources/geo/sources.toml), read as the app and third parties read them.

The layer's promises: DB-IP's City Lite cities, only where their country agrees with the
embedded country data (the app's country source), named as the source of every answer it gives.
How right the cities are is scored against independent ground truth in test_ground_truth.py.
"""

from __future__ import annotations

import ipaddress
import itertools
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import maxminddb
import pytest

from app.core.geo.labels import source_text
from app.core.geo.local_zones import LOCAL_ZONES_FILE, local_zones_created
from app.core.geo.locator import Locator, default_database_paths
from app.core.geo.mmdb import MmdbDatabase
from app.core.i18n import translations
from app.core.model import LocationKind

ROOT = Path(__file__).resolve().parents[2]
GEO_DIR = ROOT / "resources" / "geo"
CITY_DB = GEO_DIR / "datalocator-city.mmdb"
COUNTRY_DB = GEO_DIR / "datalocator-country-asn.mmdb"
SOURCES = GEO_DIR / "sources.toml"
RESOURCES_LIMIT = 70 * 1000 * 1000  # the "under 70 MB in all"


@pytest.fixture(scope="module")
def city_reader() -> Iterator[maxminddb.Reader]:
    with maxminddb.open_database(str(CITY_DB)) as opened:
        yield opened


@pytest.fixture(scope="module")
def country_reader() -> Iterator[maxminddb.Reader]:
    with maxminddb.open_database(str(COUNTRY_DB)) as opened:
        yield opened


@pytest.fixture(scope="module")
def sampled(city_reader: maxminddb.Reader) -> list[tuple[str, dict[str, object]]]:
    """Every 500th network of the city file (both families), with its first address."""
    return [
        (str(network[0]), record)
        for network, record in itertools.islice(iter(city_reader), 0, None, 500)
        if isinstance(record, dict)
    ]


def sources() -> list[dict[str, object]]:
    with SOURCES.open("rb") as stream:
        rows: list[dict[str, object]] = tomllib.load(stream)["source"]
    return rows


def test_resources_stay_under_70_mb() -> None:
    total = sum(p.stat().st_size for p in (ROOT / "resources").rglob("*") if p.is_file())
    assert total < RESOURCES_LIMIT, f"resources/ holds {total:,} bytes"


def test_metadata_names_db_ip_and_its_licence(city_reader: maxminddb.Reader) -> None:
    meta = city_reader.metadata()
    assert meta.database_type == "DataLocator-City"
    assert meta.ip_version == 6
    description = meta.description["en"]
    for needed in ("DB-IP", "CC BY 4.0", "ip-location-db", "agrees with the country"):
        assert needed in description


def test_the_file_holds_cities_of_both_families(
    sampled: list[tuple[str, dict[str, object]]],
) -> None:
    families = {ipaddress.ip_address(address).version for address, _ in sampled}
    assert families == {4, 6}
    assert len(sampled) > 1000  # hundreds of thousands of networks, not a stub


def test_every_city_agrees_with_the_country_data(
    sampled: list[tuple[str, dict[str, object]]], country_reader: maxminddb.Reader
) -> None:
    """The build keeps a city only where its country is the country file's."""
    disagreeing = []
    for address, record in sampled:
        country = country_reader.get(address)
        stated = country.get("country", {}).get("iso_code") if isinstance(country, dict) else None
        if stated != record["country"]["iso_code"]:  # type: ignore[index]
            disagreeing.append((address, stated, record))
    assert disagreeing == []


def test_records_are_cities_with_coordinates_and_no_claimed_radius(
    sampled: list[tuple[str, dict[str, object]]],
) -> None:
    for address, record in sampled:
        names = record["city"]["names"]  # type: ignore[index]
        location = record["location"]
        assert isinstance(names["en"], str) and names["en"].strip() == names["en"] != "", address
        assert isinstance(location, dict)
        assert -90 <= location["latitude"] <= 90 and -180 <= location["longitude"] <= 180
        # DB-IP states no radius: the app's own rule for a city applies (CITY_ACCURACY_KM).
        assert "accuracy_radius" not in location


def test_answers_name_db_ip_as_the_source_of_the_city(
    sampled: list[tuple[str, dict[str, object]]],
) -> None:
    address, record = sampled[len(sampled) // 2]
    with MmdbDatabase.open(CITY_DB) as database:
        location = database.location(address)
    assert location is not None
    assert location.kind is LocationKind.EXACT
    assert location.city == record["city"]["names"]["en"]  # type: ignore[index]
    assert location.source == "embedded db; city from DB-IP City Lite"
    assert source_text(location.source, translations("fr")) == (
        "la base intégrée ; ville selon DB-IP City Lite"
    )


def test_the_locator_gives_the_city_with_the_app_s_radius_and_its_source(
    sampled: list[tuple[str, dict[str, object]]],
) -> None:
    """Through the whole chain, where no cloud region or edge rule answers first (they win by
    design), the city is the layer's, with the app's radius for a city and the source named."""
    locator, errors = Locator.from_paths(default_database_paths())
    checked = 0
    with locator:
        assert errors == []
        for address, record in sampled[::20]:
            located = locator.locate(address)
            location = located.location
            if location is None or location.kind is not LocationKind.EXACT:
                continue  # an edge (anycast keeps no place) or no public address
            if not location.source.startswith("embedded db"):
                continue  # a cloud region's own city
            assert location.city == record["city"]["names"]["en"], address  # type: ignore[index]
            assert location.source == "embedded db; city from DB-IP City Lite"
            assert location.accuracy_km == 100.0
            checked += 1
    assert checked > 20


def test_sources_list_every_embedded_file_and_dates_it() -> None:
    rows = sources()
    files = {row["file"] for row in rows}
    shipped = {p.name for p in GEO_DIR.iterdir() if p.suffix in (".mmdb", ".csv")}
    # The Local Zones file is built by its own script and dated by its own header (the
    # data sources' "zones" row), not by build_geo_db.py's list.
    zones = Path(LOCAL_ZONES_FILE).name
    assert files == shipped - {zones}
    assert isinstance(local_zones_created(GEO_DIR / zones), date)
    assert {row["part"] for row in rows} >= {"country", "asn", "city", "points"}
    for row in rows:
        assert isinstance(row["as_of"], date), row
        assert str(row["url"]).startswith("https://"), row
        assert row["licence"] and row["version"] and row["name"], row


@pytest.mark.parametrize("path", [CITY_DB, COUNTRY_DB], ids=lambda p: p.name)
def test_each_file_s_build_date_is_the_snapshot_of_one_of_its_sources(path: Path) -> None:
    with MmdbDatabase.open(path) as database:
        built = database.info.build_date.date()
    dates = {row["as_of"] for row in sources() if row["file"] == path.name}
    assert built in dates
