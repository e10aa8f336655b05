"""MmdbDatabase against real .mmdb files written by mmdb-writer (tests/fixtures/geo.py)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import maxminddb
import pytest
from hypothesis import given, settings

from app.core.geo.mmdb import DatabaseError, MmdbDatabase, clean_text
from app.core.model import Location, LocationKind, Network
from tests.fixtures.geo import (
    ASN_TYPE,
    BUILD_EPOCH,
    CITY_TYPE,
    CLOUDFLARE_AU,
    COUNTRY_TYPE,
    FIXTURE_NETWORKS,
    GOOGLE_IE,
    GOOGLE_US,
    OVH_FR,
    UNLISTED_PUBLIC_IP,
    GeoFixtureDbs,
    build_mmdb,
    geoip2_asn_record,
    geoip2_city_record,
    geoip2_country_record,
)


def as_pair(network: Network | None) -> tuple[int | None, str | None] | None:
    """A network's AS number and organisation (its ``source`` is checked where it matters)."""
    return None if network is None else (network.asn, network.organisation)


@pytest.fixture
def city_db(geo_fixture_dbs: GeoFixtureDbs) -> Iterator[MmdbDatabase]:
    with MmdbDatabase.open(geo_fixture_dbs.city) as db:
        yield db


@pytest.fixture
def country_db(geo_fixture_dbs: GeoFixtureDbs) -> Iterator[MmdbDatabase]:
    with MmdbDatabase.open(geo_fixture_dbs.country) as db:
        yield db


@pytest.fixture
def asn_db(geo_fixture_dbs: GeoFixtureDbs) -> Iterator[MmdbDatabase]:
    with MmdbDatabase.open(geo_fixture_dbs.asn) as db:
        yield db


def open_built(path: Path, records: dict[str, Any], database_type: str) -> MmdbDatabase:
    return MmdbDatabase.open(build_mmdb(path, records, database_type=database_type))


# --- metadata -------------------------------------------------------------------------------


def test_info_of_the_fixture_databases(geo_fixture_dbs: GeoFixtureDbs) -> None:
    expected = {
        geo_fixture_dbs.city: (CITY_TYPE, "city", "DataLocator test City database"),
        geo_fixture_dbs.country: (COUNTRY_TYPE, "country", "DataLocator test Country database"),
        geo_fixture_dbs.asn: (ASN_TYPE, "asn", "DataLocator test ASN database"),
    }
    for path, (database_type, kind, description) in expected.items():
        with MmdbDatabase.open(path) as db:
            assert db.info.path == path
            assert db.info.database_type == database_type
            assert db.info.kind == kind
            assert db.info.description == description
            assert db.info.build_date == datetime.fromtimestamp(BUILD_EPOCH, tz=UTC)
            assert db.info.build_date == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
            assert db.info.source_label == f"user db: {path.name}"


def test_source_label_can_be_given(geo_fixture_dbs: GeoFixtureDbs) -> None:
    with MmdbDatabase.open(geo_fixture_dbs.city, source_label="test label") as db:
        assert db.info.source_label == "test label"
        location = db.location(GOOGLE_US.sample_ip)
        assert location is not None
        assert location.source == "test label"


def test_files_under_the_resources_dir_are_labelled_embedded(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    geo_dir = tmp_path / "geo"
    geo_dir.mkdir()
    embedded = geo_dir / "DataLocator-Country.mmdb"
    embedded.write_bytes(geo_fixture_dbs.country.read_bytes())
    monkeypatch.setenv("DATALOCATOR_RESOURCES", str(tmp_path))
    with MmdbDatabase.open(embedded) as db:
        assert db.info.source_label == "embedded db"
    with MmdbDatabase.open(geo_fixture_dbs.country) as db:
        assert db.info.source_label == "user db: test-country.mmdb"


def test_description_falls_back_to_another_language(tmp_path: Path) -> None:
    path = build_mmdb(
        tmp_path / "de.mmdb",
        {"8.8.8.0/24": geoip2_country_record("US")},
        database_type="GeoIP2-Country",
        description="Nur deutsch",
        languages=["de"],
    )
    with MmdbDatabase.open(path) as db:
        assert db.info.description == "Nur deutsch"


# --- locations ------------------------------------------------------------------------------


@pytest.mark.parametrize("network", FIXTURE_NETWORKS, ids=lambda n: n.sample_ip)
def test_city_db_locates_every_fixture_network(city_db: MmdbDatabase, network: Any) -> None:
    location = city_db.location(network.sample_ip)
    assert location == Location(
        country_code=network.country_code,
        city=network.city,
        latitude=network.latitude,
        longitude=network.longitude,
        accuracy_km=network.accuracy_km,
        source="user db: test-city.mmdb",
        kind=LocationKind.EXACT if network.city else LocationKind.ZONE,
    )


def test_country_only_record_is_a_zone(city_db: MmdbDatabase) -> None:
    location = city_db.location(CLOUDFLARE_AU.sample_ip)
    assert location is not None
    assert location.kind is LocationKind.ZONE
    assert (location.country_code, location.city, location.latitude) == ("AU", None, None)


def test_city_name_is_the_english_one(city_db: MmdbDatabase) -> None:
    # The fixture also carries Irish, Russian and German names for Dublin.
    location = city_db.location(GOOGLE_IE.sample_ip)
    assert location is not None
    assert location.city == "Dublin"


def test_country_db_gives_zone_locations(country_db: MmdbDatabase) -> None:
    for network in FIXTURE_NETWORKS:
        location = country_db.location(network.sample_ip)
        assert location == Location(
            network.country_code, source="user db: test-country.mmdb", kind=LocationKind.ZONE
        )


def test_every_address_of_a_network_is_found(city_db: MmdbDatabase) -> None:
    for ip in ("51.38.0.0", "51.38.255.255", "51.38.128.7"):
        location = city_db.location(ip)
        assert location is not None and location.city == OVH_FR.city
    assert city_db.location("51.39.0.0") is None
    assert city_db.location("51.37.255.255") is None


def test_unknown_and_invalid_addresses_give_none(
    city_db: MmdbDatabase, asn_db: MmdbDatabase
) -> None:
    for ip in (UNLISTED_PUBLIC_IP, "2001:4860::1", "not an address", ""):
        assert city_db.location(ip) is None
        assert asn_db.network(ip) is None


def test_ipv4_mapped_ipv6_is_looked_up_as_ipv4(city_db: MmdbDatabase) -> None:
    location = city_db.location(f"::ffff:{GOOGLE_US.sample_ip}")
    assert location is not None
    assert location.country_code == GOOGLE_US.country_code


def test_ipv6_address_in_an_ipv4_only_database_is_none(tmp_path: Path) -> None:
    with MmdbDatabase.open(
        build_mmdb(
            tmp_path / "v4.mmdb",
            {"8.8.8.0/24": geoip2_country_record("US")},
            database_type="GeoIP2-Country",
            ip_version=4,
        )
    ) as db:
        assert db.location(GOOGLE_IE.sample_ip) is None
        location = db.location(GOOGLE_US.sample_ip)
        assert location is not None and location.country_code == "US"


# --- networks -------------------------------------------------------------------------------


@pytest.mark.parametrize("network", FIXTURE_NETWORKS, ids=lambda n: n.sample_ip)
def test_asn_db_gives_the_network(asn_db: MmdbDatabase, network: Any) -> None:
    assert as_pair(asn_db.network(network.sample_ip)) == (network.asn, network.organisation)


def test_each_kind_answers_only_what_it_holds(
    city_db: MmdbDatabase, country_db: MmdbDatabase, asn_db: MmdbDatabase
) -> None:
    ip = GOOGLE_US.sample_ip
    assert city_db.network(ip) is None
    assert country_db.network(ip) is None
    assert asn_db.location(ip) is None
    assert not asn_db.provides_location and asn_db.provides_network
    assert city_db.provides_location and not city_db.provides_network


# --- other vendors' layouts and names -------------------------------------------------------

CITY = geoip2_city_record("DE", "Frankfurt am Main", latitude=50.1, longitude=8.7, accuracy_km=5)
COUNTRY = geoip2_country_record("DE")
ASN = geoip2_asn_record(24940, "Hetzner Online GmbH")


@pytest.mark.parametrize(
    ("database_type", "record", "kind"),
    [
        ("GeoLite2-City", CITY, "city"),
        ("GeoIP2-City", CITY, "city"),
        ("DBIP-City-Lite", CITY, "city"),
        ("GeoLite2-Country", COUNTRY, "country"),
        ("GeoIP2-Country", COUNTRY, "country"),
        ("DBIP-Country-Lite", COUNTRY, "country"),
        ("DataLocator-Country", COUNTRY, "country"),
        ("GeoLite2-ASN", ASN, "asn"),
        ("DBIP-ASN-Lite", ASN, "asn"),
        ("DBIP-ASN-Lite (compat=GeoLite2-ASN)", ASN, "asn"),
        ("DataLocator-ASN", ASN, "asn"),
        ("Some-Vendor-Geo", CITY, "city"),  # unknown name: the record tells
        ("Some-Vendor-Geo", COUNTRY, "country"),
        ("Some-Vendor-Geo", ASN, "asn"),
    ],
)
def test_kind_from_type_name_or_record(
    tmp_path: Path, database_type: str, record: dict[str, Any], kind: str
) -> None:
    with open_built(tmp_path / "db.mmdb", {"5.9.0.0/16": record}, database_type) as db:
        assert db.info.kind == kind
        assert db.info.database_type == database_type
        location, network = db.location("5.9.1.2"), db.network("5.9.1.2")
    if kind == "asn":
        assert location is None
        assert as_pair(network) == (24940, "Hetzner Online GmbH")
    else:
        assert network is None
        assert location is not None and location.country_code == "DE"
        assert location.city == ("Frankfurt am Main" if kind == "city" else None)


def test_a_database_of_places_and_networks(tmp_path: Path) -> None:
    """Our embedded layout: GeoIP2-Country record plus GeoLite2-ASN keys, "DataLocator-Country-
    ASN". The type name says it holds networks even where the first record has no AS."""
    records = {
        "5.8.0.0/16": COUNTRY,  # the first record: a country, no AS
        "5.9.0.0/16": {**COUNTRY, **ASN},
        "5.10.0.0/16": ASN,
    }
    with open_built(tmp_path / "both.mmdb", records, "DataLocator-Country-ASN") as db:
        assert db.info.kind == "country"
        assert db.provides_location and db.provides_network
        hetzner = Network(24940, "Hetzner Online GmbH", source="user db: both.mmdb")
        germany = Location("DE", source="user db: both.mmdb", kind=LocationKind.ZONE)
        assert (db.location("5.9.1.2"), db.network("5.9.1.2")) == (germany, hetzner)
        assert (db.location("5.8.1.2"), db.network("5.8.1.2")) == (germany, None)
        assert (db.location("5.10.1.2"), db.network("5.10.1.2")) == (None, hetzner)


def test_one_lookup_gives_both_answers_shared(tmp_path: Path) -> None:
    records = {"5.9.0.0/16": {**CITY, **ASN}, "5.10.0.0/24": {**CITY, **ASN}, "5.11.0.0/16": ASN}
    with open_built(tmp_path / "both.mmdb", records, "GeoIP2-City-ASN") as db:
        answer, prefix = db.answer_at("5.9.1.2")
        assert answer == (db.location("5.9.1.2"), db.network("5.9.1.2"))
        assert prefix == 16
        again, prefix = db.answer_at("5.10.0.1")  # another network, the same values
        assert again is answer and prefix == 24
        key, prefix = db.key_at("5.9.200.200")
        assert key is not None and db.answer_for(key) is answer and prefix == 16
        located, named = db.answer_at("5.11.0.1")[0]
        assert located is None and as_pair(named) == (24940, "Hetzner Online GmbH")
        assert db.key_at("5.12.0.1")[0] is None  # no record
        assert db.answer_at("5.12.0.1")[0] == (None, None)


IPINFO_LITE = {
    "asn": "AS15169",
    "as_name": "Google LLC",
    "as_domain": "google.com",
    "country_code": "US",
    "country": "United States",
    "continent_code": "NA",
    "continent": "North America",
}


def test_ipinfo_lite_flat_records(tmp_path: Path) -> None:
    with open_built(tmp_path / "ipinfo.mmdb", {"8.8.8.0/24": IPINFO_LITE}, "ipinfo lite") as db:
        assert db.info.kind == "country"
        assert db.provides_location and db.provides_network
        assert db.location("8.8.8.8") == Location(
            "US", source="user db: ipinfo.mmdb", kind=LocationKind.ZONE
        )
        assert as_pair(db.network("8.8.8.8")) == (15169, "Google LLC")


def test_flat_records_with_city_and_coordinates(tmp_path: Path) -> None:
    record = {"country_code": "fr", "city": "Gravelines", "lat": 50.98, "lng": 2.12}
    with open_built(tmp_path / "flat.mmdb", {"51.68.0.0/16": record}, "vendor-geo") as db:
        assert db.info.kind == "city"
        location = db.location("51.68.1.1")
    assert location is not None
    assert (location.country_code, location.city, location.kind) == ("FR", "Gravelines", "exact")
    assert (location.latitude, location.longitude) == (50.98, 2.12)


def test_asn_in_enterprise_traits(tmp_path: Path) -> None:
    record = {
        **geoip2_city_record("NL", "Amsterdam", latitude=52.37, longitude=4.89),
        "traits": {"autonomous_system_number": 1136, "autonomous_system_organization": "KPN"},
    }
    with open_built(tmp_path / "ent.mmdb", {"145.0.0.0/8": record}, "GeoIP2-Enterprise") as db:
        assert db.info.kind == "city"
        assert as_pair(db.network("145.1.2.3")) == (1136, "KPN")
        location = db.location("145.1.2.3")
        assert location is not None and location.city == "Amsterdam"


def test_unknown_type_with_unknown_records_is_refused(tmp_path: Path) -> None:
    path = build_mmdb(tmp_path / "odd.mmdb", {"5.9.0.0/16": {"foo": 1}}, database_type="Odd-DB")
    with pytest.raises(DatabaseError, match=r"odd\.mmdb: unsupported database type 'Odd-DB'"):
        MmdbDatabase.open(path)


@pytest.mark.parametrize("database_type", ["Odd-DB", "GeoLite2-City"])
def test_a_database_without_any_record_is_refused(tmp_path: Path, database_type: str) -> None:
    """It could answer nothing (issue 17: accepted but useless), whatever its type says."""
    path = build_mmdb(tmp_path / "none.mmdb", {}, database_type=database_type)
    with pytest.raises(DatabaseError, match=r"none\.mmdb: the database holds no data"):
        MmdbDatabase.open(path)


# --- untrusted content ----------------------------------------------------------------------


def test_strange_values_are_dropped_or_cleaned(tmp_path: Path) -> None:
    records: dict[str, Any] = {
        "10.0.0.0/8": {
            "country": {"iso_code": "usa"},
            "city": {"names": {"en": "Evil\x1b[31m\ncity\u202e" + "x" * 500}},
            "location": {"latitude": 123.0, "longitude": 8.0, "accuracy_radius": 5},
        },
        "11.0.0.0/8": {"country": {"iso_code": "de"}, "location": {"latitude": "north"}},
        "12.0.0.0/8": {"country": "not a map", "city": 12},
        "13.0.0.0/8": "a string record",
        "14.0.0.0/8": {"autonomous_system_number": -5, "autonomous_system_organization": 7},
        "15.0.0.0/8": {
            "autonomous_system_number": "AS4294967296",
            "autonomous_system_organization": "",
        },
    }
    with open_built(tmp_path / "odd.mmdb", records, "GeoIP2-City") as db:
        location = db.location("10.1.1.1")
        assert location is not None
        assert location.country_code is None
        assert location.latitude is None and location.longitude is None
        assert location.accuracy_km is None
        assert location.city is not None
        assert location.city.startswith("Evil [31m city")
        assert len(location.city) == 200
        assert all(ch.isprintable() for ch in location.city)

        location = db.location("11.1.1.1")
        assert location == Location("DE", source="user db: odd.mmdb", kind=LocationKind.ZONE)
        assert db.location("12.1.1.1") is None
        assert db.location("13.1.1.1") is None
    with open_built(tmp_path / "odd-asn.mmdb", records, "GeoLite2-ASN") as db:
        assert db.network("14.1.1.1") is None
        assert db.network("15.1.1.1") is None


def test_clean_text() -> None:
    assert clean_text("  a\tb\u200bc  ") == "a b c"
    assert clean_text("") is None
    assert clean_text(" \x00 ") is None
    assert clean_text(42) is None
    assert clean_text("Google LLC") == "Google LLC"
    assert clean_text("Hetzner  Online") == "Hetzner Online"
    assert clean_text(" OVH SAS") == "OVH SAS"
    assert clean_text("OVH SAS ") == "OVH SAS"
    assert clean_text("a\x7fb") == "a b"
    assert clean_text("Telefónica\u202eX") == "Telefónica X"
    assert clean_text("x" * 300) == "x" * 200


# --- bad files ------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.mmdb"
    with pytest.raises(DatabaseError, match=rf"^{path}: file not found$"):
        MmdbDatabase.open(path)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match=rf"^{tmp_path}: is a directory"):
        MmdbDatabase.open(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mmdb"
    path.write_bytes(b"")
    with pytest.raises(DatabaseError, match=rf"^{path}: not a MaxMind DB file \(empty file\)"):
        MmdbDatabase.open(path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "random.mmdb"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(DatabaseError, match=rf"^{path}: not a MaxMind DB file"):
        MmdbDatabase.open(path)


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "GeoLite2-City.csv"
    path.write_text("network,geoname_id\n1.0.0.0/24,2077456\n")
    with pytest.raises(DatabaseError, match=rf"^{path}: not a MaxMind DB file"):
        MmdbDatabase.open(path)


@pytest.mark.parametrize("keep", [0.5, 0.9, -3], ids=["half", "most", "all-but-3-bytes"])
def test_truncated_copy_of_a_real_database(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path, keep: float
) -> None:
    data = geo_fixture_dbs.city.read_bytes()
    cut = int(len(data) * keep) if keep > 0 else len(data) + int(keep)
    path = tmp_path / "truncated.mmdb"
    path.write_bytes(data[:cut])
    with pytest.raises(DatabaseError, match=rf"^{path}: not a MaxMind DB file"):
        MmdbDatabase.open(path)


def test_overwritten_search_tree_is_refused_at_open(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    data = bytearray(geo_fixture_dbs.city.read_bytes())
    data[: len(data) // 2] = b"\xff" * (len(data) // 2)  # metadata (at the end) intact
    path = tmp_path / "damaged.mmdb"
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match=rf"^{path}: not a MaxMind DB file \(damaged search"):
        MmdbDatabase.open(path)


def test_damage_anywhere_in_the_tree_is_found_at_open(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    """The last tree nodes (the IPv6 branch) overwritten: the whole tree is vetted, so the file
    is refused at open instead of failing look-ups later (issue 17: accepted but useless)."""
    with maxminddb.open_database(str(geo_fixture_dbs.city)) as reader:
        meta = reader.metadata()
    tree_end = meta.node_count * meta.record_size * 2 // 8
    data = bytearray(geo_fixture_dbs.city.read_bytes())
    data[tree_end - 60 : tree_end] = b"\xff" * 60
    path = tmp_path / "damaged.mmdb"
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match=rf"^{path}: not a MaxMind DB file \(damaged search"):
        MmdbDatabase.open(path)


def test_damage_after_open_is_a_quiet_none(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The file damaged in place after it was vetted and opened (the reader maps it): the last
    tree nodes (the IPv6 branch) overwritten, IPv4 still answers, IPv6 is None, one warning."""
    with maxminddb.open_database(str(geo_fixture_dbs.city)) as reader:
        meta = reader.metadata()
    tree_end = meta.node_count * meta.record_size * 2 // 8
    path = tmp_path / "damaged.mmdb"
    path.write_bytes(geo_fixture_dbs.city.read_bytes())
    with MmdbDatabase.open(path) as db:
        with path.open("r+b") as stream:
            stream.seek(tree_end - 60)
            stream.write(b"\xff" * 60)
        for _ in range(3):
            assert db.location(GOOGLE_IE.sample_ip) is None
        location = db.location(GOOGLE_US.sample_ip)
        assert location is not None and location.city == GOOGLE_US.city
    warnings = [r for r in caplog.records if "damaged" in r.getMessage()]
    assert len(warnings) == 1  # once per file, not per look-up
    assert str(path) in warnings[0].getMessage()


def test_lookups_after_close_are_none(geo_fixture_dbs: GeoFixtureDbs) -> None:
    db = MmdbDatabase.open(geo_fixture_dbs.city)
    assert db.location(GOOGLE_US.sample_ip) is not None
    db.close()
    assert db.location(GOOGLE_US.sample_ip) is None


def test_concurrent_lookups(city_db: MmdbDatabase) -> None:
    results: list[Location | None] = []
    lock = threading.Lock()

    def work() -> None:
        found = [city_db.location(n.sample_ip) for n in FIXTURE_NETWORKS * 200]
        with lock:
            results.extend(found)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 * 200 * len(FIXTURE_NETWORKS)
    assert {r.country_code for r in results if r is not None} == {"US", "FR", "IE", "AU"}
    assert None not in results


# --- any record a file may hold is read without an error (issue 17's new fields) --------------

_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**64), 2**64)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.binary(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
_KEYS = (
    "country",
    "registered_country",
    "represented_country",
    "city",
    "subdivisions",
    "location",
    "traits",
    "names",
    "iso_code",
    "en",
    "fr",
    "latitude",
    "longitude",
    "accuracy_radius",
    "is_anycast",
    "isp",
    "organization",
    "user_type",
    "connection_type",
    "autonomous_system_number",
    "autonomous_system_organization",
)
_records = st.recursive(
    _values,
    lambda inner: (
        st.dictionaries(st.sampled_from(_KEYS), inner, max_size=5) | st.lists(inner, max_size=2)
    ),
    max_leaves=16,
).filter(lambda value: isinstance(value, dict))


@pytest.fixture(scope="module", params=["fr", "en"])
def enterprise_db(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[MmdbDatabase]:
    path = build_mmdb(
        tmp_path_factory.mktemp("enterprise") / "e.mmdb",
        {"81.2.69.0/24": {"country": {"iso_code": "GB"}, "traits": {"isp": "X"}}},
        database_type="GeoIP2-Enterprise",
    )
    with MmdbDatabase.open(path, language=request.param) as database:
        yield database


@settings(max_examples=400, derandomize=True, deadline=None)
@given(record=_records)
def test_any_record_reads_as_checked_values_or_nothing(
    enterprise_db: MmdbDatabase, record: dict[str, Any]
) -> None:
    location = enterprise_db.location_from(record)
    network = enterprise_db.network_from(record)
    if location is not None:
        assert location.country_code is None or len(location.country_code) == 2
        assert location.represented_country is None or len(location.represented_country) == 2
        for text in (location.city, location.subdivision):
            assert text is None or clean_text(text) == text  # cleaned: one bounded line
        if location.latitude is not None:
            assert -90 <= location.latitude <= 90 and location.longitude is not None
    if network is not None:
        assert network.asn is None or 0 < network.asn < 2**32
        for text in (network.organisation, network.isp, network.isp_organisation):
            assert text is None or clean_text(text) == text
