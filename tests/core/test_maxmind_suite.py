"""MaxMind's own test suite as the referee (issue 17): tests/fixtures/maxmind_suite.py fetches it.

Every network of the City, Country, ASN, ISP and Enterprise source JSON is looked up in the
matching test database at its first, middle and last address, and what DataLocator reports
(country, city, coordinates, radius, subdivision, represented and registered country, anycast,
AS number and organisation, ISP and organisation, with their source) is compared with what the
JSON says, field by field. The expected values are read from the JSON here, independently of
the app's reader. Every file of ``bad-data/`` and the broken ``test-data/`` files are refused
in one DatabaseError line; the types DataLocator does not read are refused with the list of
those it does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from pathlib import Path
from typing import Any

import pytest

from app.core.geo.anycast import AnycastRules, EdgeDetector, EdgeKind
from app.core.geo.cloud import CloudRegionIndex, CloudRegionTable, EmbeddedCloudData
from app.core.geo.locator import Locator
from app.core.geo.mmdb import SUPPORTED_TYPES, DatabaseError, MmdbDatabase
from app.core.geo.verify import VerdictCache
from app.core.model import LocationKind
from app.core.providers import ProviderRegistry
from tests.fixtures.cli import run_datalocator
from tests.fixtures.geo import run_byte_mutations
from tests.fixtures.maxmind_suite import MaxMindSuite

SUBPROCESS_TIMEOUT_S = 60  # "no hang": far above the seconds a refusal takes

_NO_RANGES = EmbeddedCloudData(version="none", built_at=None, ranges=())
# The databases alone answer: no cloud ranges, edge lists or providers to override them.
ONLY_DATABASES: dict[str, Any] = {
    "cloud": CloudRegionIndex(data=_NO_RANGES, table=CloudRegionTable([], {})),
    "edges": EdgeDetector(data=_NO_RANGES, rules=AnycastRules((), (), (), {})),
    "providers": ProviderRegistry([]),
}

# Source JSON → the test database built from it.
REFEREES = {
    "GeoIP2-City-Test.json": "GeoIP2-City-Test.mmdb",
    "GeoIP2-Country-Test.json": "GeoIP2-Country-Test.mmdb",
    "GeoLite2-City-Test.json": "GeoLite2-City-Test.mmdb",
    "GeoLite2-Country-Test.json": "GeoLite2-Country-Test.mmdb",
    "GeoLite2-ASN-Test.json": "GeoLite2-ASN-Test.mmdb",
    "GeoIP2-ISP-Test.json": "GeoIP2-ISP-Test.mmdb",
    "GeoIP2-Enterprise-Test.json": "GeoIP2-Enterprise-Test.mmdb",
    "GeoIP2-Precision-Enterprise-Test.json": "GeoIP2-Precision-Enterprise-Test.mmdb",
}
# Read as City databases (Enterprise and Shield variants), Country, or networks.
KINDS = {
    "GeoIP2-City-Shield-Test.mmdb": "city",
    "GeoIP2-Enterprise-Shield-Test.mmdb": "city",
    "GeoIP2-Precision-Enterprise-Shield-Test.mmdb": "city",
    "GeoIP2-Country-Shield-Test.mmdb": "country",
}
# Test databases that are broken on purpose.
BROKEN = (
    "GeoIP2-City-Test-Broken-Double-Format.mmdb",
    "GeoIP2-City-Test-Invalid-Node-Count.mmdb",
    "MaxMind-DB-test-broken-pointers-24.mmdb",
    "MaxMind-DB-test-broken-search-tree-24.mmdb",
)
# MaxMind types that say nothing about place or company.
UNSUPPORTED = (
    "GeoIP-Anonymous-Plus-Test.mmdb",
    "GeoIP-Residential-Proxy-Test.mmdb",
    "GeoIP2-Anonymous-IP-Test.mmdb",
    "GeoIP2-Connection-Type-Test.mmdb",
    "GeoIP2-DensityIncome-Test.mmdb",
    "GeoIP2-Domain-Test.mmdb",
    "GeoIP2-IP-Risk-Test.mmdb",
    "GeoIP2-Static-IP-Score-Test.mmdb",
    "GeoIP2-User-Count-Test.mmdb",
)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> VerdictCache:
    """One verdict cache for the module: each test file is vetted once."""
    return VerdictCache(tmp_path_factory.mktemp("verdicts"))


def open_suite_db(path: Path, cache: VerdictCache, language: str | None = None) -> MmdbDatabase:
    return MmdbDatabase.open(path, cache=cache, language=language)


# --- what the JSON says, read independently ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expected:
    country: str | None
    registration_only: bool
    city: str | None
    latitude: float | None
    longitude: float | None
    accuracy: float | None
    subdivision: str | None
    represented: str | None
    anycast: bool
    asn: int | None
    as_organisation: str | None
    isp: str | None
    organisation: str | None
    user_type: str | None

    @property
    def has_location(self) -> bool:
        return any((self.country, self.city, self.latitude is not None, self.anycast))

    @property
    def has_network(self) -> bool:
        return any((self.asn, self.as_organisation, self.isp, self.organisation))


def _en(value: object, language: str = "en") -> str | None:
    names = value.get("names") if isinstance(value, dict) else None
    if not isinstance(names, dict):
        return None
    found = names.get(language, names.get("en"))
    return found if isinstance(found, str) else None


def expected_from(record: dict[str, Any], language: str = "en") -> Expected:
    traits = record.get("traits", {})
    top = {**traits, **record}  # ISP and ASN keys at the top, Enterprise ones in traits
    country = record.get("country", {}).get("iso_code")
    registered = record.get("registered_country", {}).get("iso_code")
    location = record.get("location", {})
    latitude, longitude = location.get("latitude"), location.get("longitude")
    has_point = latitude is not None and longitude is not None
    subdivisions = record.get("subdivisions") or [None]
    return Expected(
        country=country or registered,
        registration_only=country is None and registered is not None,
        city=_en(record.get("city"), language),
        latitude=latitude if has_point else None,
        longitude=longitude if has_point else None,
        accuracy=location.get("accuracy_radius") if has_point else None,
        subdivision=_en(subdivisions[0], language),
        represented=record.get("represented_country", {}).get("iso_code"),
        anycast=traits.get("is_anycast") is True,
        asn=top.get("autonomous_system_number"),
        as_organisation=top.get("autonomous_system_organization"),
        isp=top.get("isp"),
        organisation=top.get("organization"),
        user_type=traits.get("user_type"),
    )


Net = IPv4Network | IPv6Network


def stored_network(text: str) -> Net:
    """The network as a look-up reaches it: "::1.2.3.0/120" is IPv4's 1.2.3.0/24."""
    network = ip_network(text, strict=False)  # the suite has a few with host bits: masked
    first = int(network.network_address)
    if isinstance(network, IPv6Network) and network.prefixlen >= 96 and first >> 32 == 0:
        return IPv4Network((int(network.network_address), network.prefixlen - 96))
    return network


def source_networks(suite: MaxMindSuite, name: str) -> list[tuple[Net, dict[str, Any]]]:
    entries = json.loads((suite.source_data / name).read_text(encoding="utf-8"))
    return [(stored_network(text), record) for entry in entries for text, record in entry.items()]


def samples(network: Net) -> tuple[str, ...]:
    first, last = int(network.network_address), int(network.broadcast_address)
    kind = type(network.network_address)
    return tuple(dict.fromkeys(str(kind(value)) for value in (first, (first + last) // 2, last)))


def owner(
    address: str, by_prefix: dict[tuple[int, int], dict[int, dict[str, Any]]]
) -> dict[str, Any] | None:
    """The record of the most specific source network holding ``address`` (they may nest)."""
    value = ip_address(address)
    bits = value.max_prefixlen
    for (version, prefix), records in sorted(by_prefix.items(), key=lambda item: -item[0][1]):
        if version == value.version:
            found = records.get(int(value) >> (bits - prefix))
            if found is not None:
                return found
    return None


def index(networks: list[tuple[Net, dict[str, Any]]]) -> dict[tuple[int, int], dict[int, Any]]:
    by_prefix: dict[tuple[int, int], dict[int, Any]] = {}
    for network, record in networks:
        bits = network.max_prefixlen
        table = by_prefix.setdefault((network.version, network.prefixlen), {})
        table[int(network.network_address) >> (bits - network.prefixlen)] = record
    return by_prefix


def close(one: float | None, other: float | None) -> bool:
    if one is None or other is None:
        return one is other
    return math.isclose(one, other, rel_tol=0, abs_tol=1e-6)


def mismatches(db: MmdbDatabase, address: str, want: Expected) -> list[str]:
    """Every field of ``db``'s answer for ``address`` that differs from the JSON's."""
    (location, network), _ = db.answer_at(address)
    problems: list[str] = []
    label = db.info.source_label
    if db.provides_location:
        if not want.has_location:
            if location is not None:
                problems.append(f"{address}: a location where the JSON has none: {location}")
        elif location is None:
            problems.append(f"{address}: no location, the JSON says {want}")
        else:
            got = (
                location.country_code,
                location.registration_only,
                location.city,
                location.subdivision,
                location.represented_country,
                location.kind is LocationKind.EDGE,
                location.source,
            )
            wanted = (
                want.country,
                want.registration_only,
                want.city,
                want.subdivision,
                want.represented,
                want.anycast,
                label,
            )
            if got != wanted:
                problems.append(f"{address}: location {got} != {wanted}")
            points = (location.latitude, location.longitude, location.accuracy_km)
            if not all(map(close, points, (want.latitude, want.longitude, want.accuracy))):
                problems.append(f"{address}: coordinates {points} != {want}")
    if db.provides_network:
        if not want.has_network:
            if network is not None:
                problems.append(f"{address}: a network where the JSON has none: {network}")
        elif network is None:
            problems.append(f"{address}: no network, the JSON says {want}")
        else:
            got_network = (
                network.asn,
                network.organisation,
                network.isp,
                network.isp_organisation,
                network.user_type,
                network.source,
            )
            wanted_network = (
                want.asn,
                want.as_organisation,
                want.isp,
                want.organisation,
                want.user_type,
                label,
            )
            if got_network != wanted_network:
                problems.append(f"{address}: network {got_network} != {wanted_network}")
    return problems


@pytest.fixture(scope="module")
def suite(maxmind_suite: MaxMindSuite) -> MaxMindSuite:
    return maxmind_suite


@pytest.mark.parametrize(("source", "database"), sorted(REFEREES.items()))
def test_every_network_answers_as_the_source_json_says(
    suite: MaxMindSuite, verdicts: VerdictCache, source: str, database: str
) -> None:
    networks = source_networks(suite, source)
    by_prefix = index(networks)
    problems: list[str] = []
    checked = 0
    with open_suite_db(suite.test_data / database, verdicts) as db:
        for network, _record in networks:
            for address in samples(network):
                record = owner(address, by_prefix)
                assert record is not None
                problems.extend(mismatches(db, address, expected_from(record)))
                checked += 1
    assert checked >= 3 * len(networks) // 2 > 0
    assert problems == [], f"{len(problems)} of {checked} answers differ:\n" + "\n".join(
        problems[:20]
    )


def test_names_in_the_users_language_with_english_when_missing(
    suite: MaxMindSuite, verdicts: VerdictCache
) -> None:
    """French names from the file's ``names`` maps; a name with no French form stays English."""
    networks = source_networks(suite, "GeoIP2-City-Test.json")
    french = english_only = 0
    with open_suite_db(suite.test_data / "GeoIP2-City-Test.mmdb", verdicts, "fr_FR.UTF-8") as db:
        for network, record in networks:
            want = expected_from(record, "fr")
            location = db.location(samples(network)[0])
            got = (location.city, location.subdivision) if location else (None, None)
            assert got == (want.city, want.subdivision), network
            names = record.get("city", {}).get("names", {})
            french += "fr" in names and names["fr"] != names.get("en")
            english_only += bool(names) and "fr" not in names
    assert french > 0 and english_only > 0  # both cases met, so both rules were checked


@pytest.mark.parametrize("database", sorted(KINDS))
def test_shield_and_enterprise_variants_are_read(
    suite: MaxMindSuite, verdicts: VerdictCache, database: str
) -> None:
    with open_suite_db(suite.test_data / database, verdicts) as db:
        assert db.info.kind == KINDS[database]
        assert db.provides_location


def locate_with(db: MmdbDatabase, address: str) -> Any:
    return Locator([db], **ONLY_DATABASES).locate(address)


def first_network(suite: MaxMindSuite, source: str, wanted: str) -> tuple[Net, dict[str, Any]]:
    for network, record in source_networks(suite, source):
        if wanted in json.dumps(record):
            return network, record
    raise AssertionError(f"no {wanted} in {source}")


def test_anycast_networks_are_edges(suite: MaxMindSuite, verdicts: VerdictCache) -> None:
    network, _ = first_network(suite, "GeoIP2-City-Test.json", '"is_anycast": true')
    with open_suite_db(suite.test_data / "GeoIP2-City-Test.mmdb", verdicts) as db:
        for address in samples(network):
            located = locate_with(db, address)
            assert located.location is not None
            assert located.location.kind is LocationKind.EDGE
            assert located.edge is not None and located.edge.kind is EdgeKind.ANYCAST
            assert "GeoIP2-City-Test.mmdb" in str(located.edge.reason)


def test_represented_country_decides_the_law(suite: MaxMindSuite, verdicts: VerdictCache) -> None:
    network, record = first_network(suite, "GeoIP2-Country-Test.json", "represented_country")
    represented = record["represented_country"]["iso_code"]
    assert represented != record["country"]["iso_code"]
    with open_suite_db(suite.test_data / "GeoIP2-Country-Test.mmdb", verdicts) as db:
        located = locate_with(db, samples(network)[1])
    assert located.location is not None
    assert located.location.country_code == record["country"]["iso_code"]
    assert located.verdict is not None and located.verdict.data_country == represented
    assert any("represented" in note and represented in note for note in map(str, located.notes))


def test_registered_country_only_still_gives_a_country(
    suite: MaxMindSuite, verdicts: VerdictCache
) -> None:
    for network, record in source_networks(suite, "GeoIP2-Enterprise-Test.json"):  # noqa: B007
        if "registered_country" in record and "country" not in record:
            break
    else:
        raise AssertionError("no registration-only record")
    with open_suite_db(suite.test_data / "GeoIP2-Enterprise-Test.mmdb", verdicts) as db:
        located = locate_with(db, samples(network)[0])
    assert located.location is not None
    assert located.location.country_code == record["registered_country"]["iso_code"]
    assert located.location.registration_only
    assert any("registered" in note for note in map(str, located.notes))


def test_isp_names_and_their_source_beat_the_embedded_as_organisation(
    suite: MaxMindSuite, verdicts: VerdictCache
) -> None:
    """A City file with the ISP file: place from one, company from the other, each said."""
    network, record = first_network(suite, "GeoIP2-ISP-Test.json", "autonomous_system_organization")
    address = samples(network)[0]
    with (
        open_suite_db(suite.test_data / "GeoIP2-City-Test.mmdb", verdicts) as city,
        open_suite_db(suite.test_data / "GeoIP2-ISP-Test.mmdb", verdicts) as isp,
    ):
        located = Locator([city, isp], **ONLY_DATABASES).locate(address)
    assert located.network is not None
    assert (located.network.isp, located.network.isp_organisation) == (
        record.get("isp"),
        record.get("organization"),
    )
    assert located.network.organisation == record["autonomous_system_organization"]
    assert located.network.source == "user db: GeoIP2-ISP-Test.mmdb"


@pytest.mark.parametrize("order", ["city-first", "country-first"])
def test_the_city_answer_wins_whatever_the_order(
    suite: MaxMindSuite, verdicts: VerdictCache, order: str
) -> None:
    network, record = first_network(suite, "GeoIP2-City-Test.json", '"city"')
    with (
        open_suite_db(suite.test_data / "GeoIP2-City-Test.mmdb", verdicts) as city,
        open_suite_db(suite.test_data / "GeoIP2-Country-Test.mmdb", verdicts) as country,
    ):
        dbs = [city, country] if order == "city-first" else [country, city]
        located = Locator(dbs, **ONLY_DATABASES).locate(samples(network)[1])
    assert located.location is not None
    assert located.location.city == record["city"]["names"]["en"]
    assert located.location.latitude == record["location"]["latitude"]
    assert located.location.source == "user db: GeoIP2-City-Test.mmdb"


def test_location_only_records_keep_their_coordinates(
    suite: MaxMindSuite, verdicts: VerdictCache
) -> None:
    for network, record in source_networks(suite, "GeoIP2-City-Test.json"):  # noqa: B007
        if "location" in record and "country" not in record and "city" not in record:
            break
    else:
        raise AssertionError("no location-only record")
    with open_suite_db(suite.test_data / "GeoIP2-City-Test.mmdb", verdicts) as db:
        located = locate_with(db, samples(network)[0])
    assert located.location is not None
    point = (located.location.latitude, located.location.longitude, located.location.accuracy_km)
    location = record["location"]
    assert point == (location["latitude"], location["longitude"], location["accuracy_radius"])


# --- refusals ---------------------------------------------------------------------------------


def bad_files(suite: MaxMindSuite) -> Iterator[Path]:
    yield from sorted(suite.bad_data.rglob("*.mmdb"))
    yield from (suite.test_data / name for name in BROKEN)


def test_every_bad_file_is_refused_in_one_line(suite: MaxMindSuite, verdicts: VerdictCache) -> None:
    refused = 0
    for path in bad_files(suite):
        with pytest.raises(DatabaseError) as caught:
            open_suite_db(path, verdicts).close()
        message = str(caught.value)
        assert path.name in message and "\n" not in message, message
        refused += 1
    assert refused >= len(BROKEN) + 20  # the suite's bad-data holds 22 files (3.2.0)


@pytest.mark.parametrize("database", UNSUPPORTED)
def test_unsupported_types_say_which_are_supported(
    suite: MaxMindSuite, verdicts: VerdictCache, database: str
) -> None:
    with pytest.raises(DatabaseError, match="unsupported database type") as caught:
        open_suite_db(suite.test_data / database, verdicts)
    assert SUPPORTED_TYPES in str(caught.value)


@pytest.mark.parametrize("database", BROKEN[:2])
@pytest.mark.parametrize("command", ["locate", "status"])
def test_broken_files_named_on_the_command_line_exit_2_in_one_line(
    suite: MaxMindSuite, cli_env: dict[str, str], database: str, command: str
) -> None:
    path = str(suite.test_data / database)
    args = ["locate", "81.2.69.160", "--no-dns"] if command == "locate" else ["db", "status"]
    result = run_datalocator(
        *args, "--only-db", "--db", path, env=cli_env, timeout=SUBPROCESS_TIMEOUT_S
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert any(database in line for line in lines), result.stderr


# --- MaxMind's valid files, damaged: never a crash, a traceback or a hang ---------------------

MUTATED = (
    "GeoIP2-City-Test.mmdb",
    "GeoIP2-Country-Test.mmdb",
    "GeoLite2-ASN-Test.mmdb",
    "GeoIP2-ISP-Test.mmdb",
    "GeoIP2-Enterprise-Test.mmdb",
)
MUTATIONS_PER_FILE = 40


def test_byte_mutations_of_the_suite_never_crash_or_hang(
    suite: MaxMindSuite, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    """Seeded single-byte changes of MaxMind's valid test files, each through `locate --db`,
    `db status --db` and discovery by one child process (tests/core/mmdb_mutation_child.py):
    a signal death, a traceback, another exit status than 0 or 2, or a hang fails."""

    sources = [suite.test_data / name for name in MUTATED]
    run_byte_mutations(sources, MUTATIONS_PER_FILE, 17, tmp_path / "mutated", cli_env)


@pytest.mark.parametrize("database", MUTATED)
def test_the_valid_files_locate_cleanly_from_the_command_line(
    suite: MaxMindSuite, cli_env: dict[str, str], database: str
) -> None:
    path = suite.test_data / database
    source = next(json_name for json_name, db in REFEREES.items() if db == database)
    address = samples(source_networks(suite, source)[0][0])[0]
    command = ["locate", address, "--no-dns", "--json", "--only-db", "--db", str(path)]
    result = run_datalocator(*command, env=cli_env, timeout=SUBPROCESS_TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    [answer] = json.loads(result.stdout)
    sources = {answer["source"], answer["network_source"]} - {None}
    assert sources == {f"user db: {database}"}, answer


@pytest.mark.parametrize(
    ("database", "says", "never"),
    [
        ("GeoIP2-City-Test-Invalid-Node-Count.mmdb", "node", "no MaxMind DB metadata found"),
        ("GeoIP2-City-Test-Broken-Double-Format.mmdb", "damaged data", "metadata"),
        ("MaxMind-DB-no-ipv4-search-tree.mmdb", "unsupported database type", "corrupt"),
    ],
)
def test_refusals_say_what_happened(
    suite: MaxMindSuite, verdicts: VerdictCache, database: str, says: str, never: str
) -> None:
    with pytest.raises(DatabaseError) as caught:
        open_suite_db(suite.test_data / database, verdicts)
    assert says in str(caught.value) and never not in str(caught.value)
