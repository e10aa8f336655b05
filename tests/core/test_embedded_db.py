"""The embedded geo database shipped in resources/geo, read as the app and third parties read it.

One file, "DataLocator-Country-ASN": per network the country (GeoIP2-Country layout, with the
country's approximate point as ``location``) and the AS number and organisation (GeoLite2-ASN
keys at the top level), so one look-up answers both.


Every expectation below is a well-known, long-stable fact about who runs an address (Google's
public DNS, Cloudflare's, Quad9's, OVH's and Hetzner's home ranges, Apple's 17/8, Amazon, Microsoft
Azure), stated as a person who knows the Internet would state it: the AS number, a word of the
organisation's name and, where the network is tied to one country, that country. Anycast and
cloud addresses get no country assertion: their country is a registry entry, not a fact.
Nothing here touches the network: these are look-ups in local files.
"""

from __future__ import annotations

import csv
import ipaddress
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import geoip2.database
import maxminddb
import pytest

from app.core.geo.freshness import describe_age
from app.core.geo.locator import Locator, default_database_paths
from app.core.geo.mmdb import MmdbDatabase
from app.core.model import AddressScope, LocationKind

GEO_DIR = Path(__file__).resolve().parents[2] / "resources" / "geo"
EMBEDDED_DB = GEO_DIR / "datalocator-country-asn.mmdb"
CITY_DB = GEO_DIR / "datalocator-city.mmdb"  # tests/core/test_embedded_city.py
POINTS_CSV = GEO_DIR / "country-points.csv"
MAX_SHIPPED_BYTES = 64 * 1024 * 1024  # resources/ as a whole stays under 70 MB

# address → (country or None when not a single-country fact, AS number, organisation word)
KNOWN: dict[str, tuple[str | None, int, str]] = {
    "8.8.8.8": ("US", 15169, "Google"),
    "2001:4860:4860::8888": ("US", 15169, "Google"),
    "1.1.1.1": (None, 13335, "Cloudflare"),
    "2606:4700:4700::1111": (None, 13335, "Cloudflare"),
    "9.9.9.9": (None, 19281, "Quad9"),
    "51.38.0.1": ("FR", 16276, "OVH"),
    "2001:41d0::1": ("FR", 16276, "OVH"),
    "88.198.0.1": ("DE", 24940, "Hetzner"),
    "2a01:4f8::1": ("DE", 24940, "Hetzner"),
    "17.253.144.10": (None, 714, "Apple"),
    "13.32.0.1": (None, 16509, "Amazon"),
    "52.95.110.1": (None, 16509, "Amazon"),
    "20.190.128.1": (None, 8075, "Microsoft"),
}
WITH_COUNTRY = [(ip, fact[0]) for ip, fact in KNOWN.items() if fact[0]]

# Rough bounding boxes (lat_min, lat_max, lon_min, lon_max) of the main landmass, for checking
# that a country's approximate point really is in that country.
MAINLAND_BOX = {
    "US": (24.5, 49.5, -125.0, -66.9),  # contiguous United States
    "FR": (41.3, 51.1, -5.2, 9.6),  # metropolitan France (with Corsica)
    "DE": (47.2, 55.1, 5.8, 15.1),
    "AU": (-39.2, -10.6, 113.1, 153.7),
    "JP": (24.0, 45.6, 122.9, 145.9),
    "BR": (-33.8, 5.3, -74.0, -34.7),
}


@pytest.fixture(scope="module")
def reader() -> Iterator[maxminddb.Reader]:
    with maxminddb.open_database(str(EMBEDDED_DB)) as opened:
        yield opened


@pytest.fixture(scope="module")
def database() -> Iterator[MmdbDatabase]:
    with MmdbDatabase.open(EMBEDDED_DB) as opened:
        yield opened


def test_shipped_files_exist_and_stay_small() -> None:
    assert sorted(path.name for path in GEO_DIR.glob("*.mmdb")) == [CITY_DB.name, EMBEDDED_DB.name]
    assert POINTS_CSV.is_file()
    total = sum(path.stat().st_size for path in GEO_DIR.rglob("*") if path.is_file())
    assert total < MAX_SHIPPED_BYTES, f"resources/geo holds {total:,} bytes"
    assert 1024 * 1024 < EMBEDDED_DB.stat().st_size < MAX_SHIPPED_BYTES


def test_metadata(reader: maxminddb.Reader) -> None:
    meta = reader.metadata()
    assert meta.database_type == "DataLocator-Country-ASN"
    assert meta.ip_version == 6
    assert meta.binary_format_major_version == 2
    description = meta.description["en"]
    assert "CC BY 4.0" in description
    for source in ("ip-location-db", "NRO", "RouteViews", "DB-IP", "Natural Earth"):
        assert source in description


def test_one_database_gives_both_answers(database: MmdbDatabase) -> None:
    assert database.info.kind == "country"
    assert database.provides_location and database.provides_network


def test_build_date_agrees_with_the_description(database: MmdbDatabase) -> None:
    info = database.info
    stated = re.search(r"Built (\d{4}-\d{2}-\d{2})", info.description)
    assert stated is not None, info.description
    assert info.build_date.strftime("%Y-%m-%d") == stated.group(1)
    assert info.build_date < datetime.now(UTC)
    assert describe_age(info.build_date, info.build_date).startswith(f"built {stated.group(1)},")


def test_geoip2_reads_the_country_part() -> None:
    with geoip2.database.Reader(str(EMBEDDED_DB)) as geoip2_reader:
        for ip, country in WITH_COUNTRY:
            assert geoip2_reader.country(ip).country.iso_code == country, ip
        # geoip2's Country model has no location; our reader reads it (tests below).
        assert geoip2_reader.metadata().database_type == "DataLocator-Country-ASN"


@pytest.mark.parametrize(("ip", "fact"), KNOWN.items(), ids=list(KNOWN))
def test_known_networks_in_the_raw_records(
    reader: maxminddb.Reader, ip: str, fact: tuple[str | None, int, str]
) -> None:
    country, asn, organisation = fact
    record = reader.get(ip)
    assert isinstance(record, dict), ip
    assert record["autonomous_system_number"] == asn
    assert organisation.lower() in str(record["autonomous_system_organization"]).lower()
    if country:
        assert record["country"]["iso_code"] == country


@pytest.mark.parametrize(("ip", "fact"), KNOWN.items(), ids=list(KNOWN))
def test_known_networks_through_our_reader(
    database: MmdbDatabase, ip: str, fact: tuple[str | None, int, str]
) -> None:
    country, asn, organisation = fact
    network = database.network(ip)
    assert network is not None
    assert network.asn == asn
    assert organisation.lower() in (network.organisation or "").lower()
    location = database.location(ip)
    assert location is not None
    if country:
        assert location.country_code == country
    assert location.kind is LocationKind.ZONE  # country level only
    assert location.latitude is not None
    assert location.longitude is not None
    assert location.accuracy_km is not None
    assert location.accuracy_km > 0
    (located, named), _ = database.answer_at(ip)  # the locator's one look-up: the same
    assert (located, named) == (location, network)


@pytest.mark.parametrize("country", sorted(MAINLAND_BOX))
def test_country_point_lies_in_the_country(country: str) -> None:
    points = _points()
    lat, lon = points[country][0], points[country][1]
    lat_min, lat_max, lon_min, lon_max = MAINLAND_BOX[country]
    assert lat_min <= lat <= lat_max
    assert lon_min <= lon <= lon_max


def test_country_radius_is_rough_country_size() -> None:
    points = _points()
    # Radius of a circle of the country's area: Monaco ~1 km, France ~450, USA ~1,700.
    assert points["MC"][2] <= 5
    assert 300 <= points["FR"][2] <= 600
    assert 1200 <= points["US"][2] <= 2500
    assert points["RU"][2] > points["US"][2] > points["FR"][2] > points["BE"][2]


def test_country_points_file_is_well_formed() -> None:
    with POINTS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) == {"code", "lat", "lon", "radius_km", "source"}
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert len(codes) > 230  # every ISO country and territory with address space
    for row in rows:
        assert re.fullmatch(r"[A-Z]{2}", row["code"])
        assert -90 <= float(row["lat"]) <= 90
        assert -180 <= float(row["lon"]) <= 180
        assert int(row["radius_km"]) >= 1
        assert row["source"] in {"ne50m", "table"}


def test_database_uses_the_shipped_country_points(database: MmdbDatabase) -> None:
    points = _points()
    for ip, country in WITH_COUNTRY:
        location = database.location(ip)
        assert location is not None
        assert (location.latitude, location.longitude, location.accuracy_km) == points[country]


def test_ipv4_lookups_work_in_the_ipv6_tree(
    reader: maxminddb.Reader, database: MmdbDatabase
) -> None:
    assert reader.metadata().ip_version == 6
    v4 = database.location("8.8.8.8")
    v6 = database.location("2001:4860:4860::8888")
    assert v4 is not None
    assert v6 is not None
    # The app unwraps IPv4-mapped IPv6 before looking up.
    mapped = database.location("::ffff:8.8.8.8")
    assert mapped == v4
    assert database.network("::ffff:8.8.8.8") == database.network("8.8.8.8")


@pytest.mark.parametrize("ip", ["192.168.1.1", "10.1.2.3", "172.16.0.1", "fd00::1", "2001:db8::1"])
def test_private_and_documentation_addresses_are_absent(reader: maxminddb.Reader, ip: str) -> None:
    assert reader.get(ip) is None


def test_networks_of_one_source_only_keep_their_part(reader: maxminddb.Reader) -> None:
    """The two data sets do not cover the same addresses: where only one has a row, the
    record holds that part alone (never a made-up other half)."""
    seen = {"country only": 0, "AS only": 0, "both": 0}
    rng = random.Random(8)
    for _ in range(4000):
        record = reader.get(str(ipaddress.IPv4Address(rng.getrandbits(32))))
        if record is None:
            continue
        assert isinstance(record, dict)
        has_country = "country" in record
        has_asn = "autonomous_system_number" in record
        assert has_country or has_asn, record
        assert set(record) <= {
            "country",
            "location",
            "autonomous_system_number",
            "autonomous_system_organization",
        }
        if has_country and has_asn:
            seen["both"] += 1
        else:
            seen["country only" if has_country else "AS only"] += 1
    assert seen["both"] > seen["country only"] + seen["AS only"], seen


def test_locator_finds_the_embedded_database() -> None:
    paths = default_database_paths()
    assert sorted(p.resolve() for p in paths) == [CITY_DB.resolve(), EMBEDDED_DB.resolve()]
    locator, errors = Locator.from_paths(paths)
    with locator:
        assert errors == []
        located = locator.locate("2a01:4f8::1")
        assert located.scope is AddressScope.PUBLIC
        assert located.location is not None
        assert located.location.country_code == "DE"
        assert located.network is not None
        assert located.network.asn == 24940


def _points() -> dict[str, tuple[float, float, float]]:
    with POINTS_CSV.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: (float(row["lat"]), float(row["lon"]), float(row["radius_km"]))
            for row in csv.DictReader(handle)
        }
