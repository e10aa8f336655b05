"""The one to/from-dict of the domain: the JSON/CSV records keep their fields, names and order;
what captures carry reads back equal, and anything malformed is refused."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.dns.reverse import PtrAnswer, PtrStatus
from app.core.geo.locator import Locator
from app.core.model import LocatedConnection, Observation, Protocol
from app.core.serialise import (
    CONNECTION_FIELDS,
    ENDPOINT_FIELDS,
    OBSERVATION_FIELDS,
    DatabaseRecord,
    RecordError,
    connection_record,
    database_dict,
    database_from_record,
    database_record,
    endpoint_record,
    event_record,
    observation_from_record,
    observation_record,
    ptr_from_record,
    ptr_record,
)
from app.core.session import (
    Closed,
    NamesPaused,
    Opened,
    PollFailed,
    Relocated,
    Renamed,
    StatusChanged,
    Unreadable,
)
from tests.core.test_locator import NO_CLOUD, NO_EDGES
from tests.fixtures.geo import OVH_FR, GeoFixtureDbs
from tests.fixtures.observations import obs

# The record of `locate --json` / `scan --json` as it was before serialise.py (issue 8):
# the names and their order are a public contract (docs/JSON.md).
PUBLISHED_FIELDS = [
    "pid",
    "process",
    "protocol",
    "local_ip",
    "local_port",
    "remote_ip",
    "remote_port",
    "status",
    "hostnames",
    "hostnames_confirmed",
    "scope",
    "country_code",
    "country_name",
    "city",
    "latitude",
    "longitude",
    "accuracy_km",
    "location_kind",
    "source",
    "asn",
    "organisation",
    "provider",
    "provider_key",
    "headquarters",
    "jurisdiction",
    "regimes",
    "verdict",
    "edge",
    "notes",
    "subdivision",
    "represented_country",
    "country_is_registration",
    "isp",
    "isp_organisation",
    "user_type",
    "connection_type",
    "network_source",
    "legal_sources",
]


@pytest.fixture
def locator(geo_fixture_dbs: GeoFixtureDbs) -> Iterator[Locator]:
    locator, errors = Locator.from_paths(
        [geo_fixture_dbs.city, geo_fixture_dbs.asn], cloud=NO_CLOUD, edges=NO_EDGES
    )
    assert errors == []
    with locator:
        yield locator


def test_field_names_and_order_are_those_published() -> None:
    assert list(CONNECTION_FIELDS) == PUBLISHED_FIELDS
    assert (*OBSERVATION_FIELDS, *ENDPOINT_FIELDS) == CONNECTION_FIELDS
    assert ENDPOINT_FIELDS[0] == "hostnames"


def test_no_remote_end_gives_empty_values() -> None:
    record = endpoint_record(None)
    assert list(record) == list(ENDPOINT_FIELDS)
    assert {key: value for key, value in record.items() if value is not None} == {
        "hostnames": [],
        "regimes": [],
        "notes": [],
        "legal_sources": [],
    }


def test_a_located_endpoint_record_says_what_the_locator_found(locator: Locator) -> None:
    name = "ns3141.ovh.net"
    located = locator.locate(OVH_FR.sample_ip, (name, "other.example"), (name,))
    record = endpoint_record(located)

    assert list(record) == list(ENDPOINT_FIELDS)
    assert record["hostnames"] == [name, "other.example"]
    assert record["hostnames_confirmed"] is False  # one name is only claimed
    assert (record["scope"], record["country_code"], record["country_name"]) == (
        "public",
        OVH_FR.country_code,
        OVH_FR.country_name,
    )
    assert (record["city"], record["asn"], record["organisation"]) == (
        OVH_FR.city,
        OVH_FR.asn,
        OVH_FR.organisation,
    )
    assert located.provider is not None and located.verdict is not None
    assert (record["provider"], record["provider_key"]) == (
        located.provider.name,
        located.provider.key,
    )
    assert record["jurisdiction"] == str(located.verdict.category)
    assert record["verdict"] == located.verdict.text("en")
    assert record["regimes"] == list(located.verdict.regimes)
    # The GDPR for a French company in France: cited, with where to read it and its date.
    [gdpr] = record["legal_sources"]
    assert "2016/679" in gdpr["citation"] and gdpr["url"].startswith("https://eur-lex.europa.eu/")
    assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", gdpr["as_of"])
    json.dumps(record, allow_nan=False)  # plain JSON values only
    confirmed = locator.locate(OVH_FR.sample_ip, (name,), (name,))
    assert endpoint_record(confirmed)["hostnames_confirmed"] is True


def test_connection_record_takes_a_later_answer(locator: Locator) -> None:
    observation = obs("browser", OVH_FR.sample_ip, 443)
    first = locator.locate(OVH_FR.sample_ip)
    later = locator.locate(OVH_FR.sample_ip, ("ns3141.ovh.net",), ("ns3141.ovh.net",))
    connection = LocatedConnection(observation, first)

    record = connection_record(connection)
    assert list(record) == list(CONNECTION_FIELDS)
    assert record["process"] == "browser" and record["remote_port"] == 443
    assert record["hostnames"] == []
    assert connection_record(connection, later)["hostnames"] == ["ns3141.ovh.net"]
    assert connection_record(LocatedConnection(observation, None))["scope"] is None


def test_observations_read_back_equal_even_with_bytes_that_are_not_text() -> None:
    observations = [
        obs("firefox", "2a00:1450:400b:c01::6c", 993, seen_at=7.5),
        obs("evil\udcff\u202ename", "51.38.0.1", 443, pid=None, seen_at=7.5),
        obs("dns", "8.8.8.8", 53, protocol=Protocol.UDP, status="NONE", seen_at=7.5),
        obs("listener", None, None, status="LISTEN", seen_at=7.5),
    ]
    for observation in observations:
        record = json.loads(json.dumps(observation_record(observation), ensure_ascii=True))
        assert list(record) == list(OBSERVATION_FIELDS)
        assert observation_from_record(record, 7.5) == observation


def test_observation_addresses_come_back_in_canonical_form() -> None:
    record = observation_record(obs("x", "51.38.0.1", 443))
    record["remote_ip"] = "2A00:1450:400B:C01:0:0:0:6C"
    assert observation_from_record(record, 1.0).remote_ip == "2a00:1450:400b:c01::6c"


def _observation(**changes: Any) -> dict[str, Any]:
    record = observation_record(obs("x", "51.38.0.1", 443))
    record.update(changes)
    return record


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (_observation(protocol="sctp"), "protocol"),
        (_observation(remote_ip="not-an-ip"), "remote_ip"),
        (_observation(local_ip=None), "local_ip"),
        (_observation(local_port=70000), "local_port"),
        (_observation(local_port=True), "local_port"),
        (_observation(remote_port=None), "go together"),
        (_observation(pid=-1), "pid"),
        (_observation(pid="12"), "pid"),
        (_observation(process=None), "process"),
        (_observation(status=3), "status"),
        (_observation(process="x" * 5000), "process"),
        ({k: v for k, v in _observation().items() if k != "pid"}, "pid is missing"),
    ],
)
def test_malformed_observations_are_refused(record: dict[str, Any], reason: str) -> None:
    with pytest.raises(RecordError, match=reason):
        observation_from_record(record, 1.0)


@pytest.mark.parametrize(
    "answer",
    [
        PtrAnswer(("dns.google", "x.example"), ("dns.google",)),
        PtrAnswer(),
        PtrAnswer(status=PtrStatus.FAILED, tripped=True),
        PtrAnswer(status=PtrStatus.SKIPPED),
    ],
)
def test_dns_answers_read_back_equal(answer: PtrAnswer) -> None:
    record = json.loads(json.dumps(ptr_record("8.8.8.8", answer)))
    assert ptr_from_record(record) == ("8.8.8.8", answer)


@pytest.mark.parametrize(
    "changes",
    [
        {"confirmed": ["elsewhere.example"]},
        {"status": "maybe"},
        {"names": "dns.google"},
        {"names": ["x"] * 100},
        {"ip": "8.8.8"},
        {"tripped": "yes"},
    ],
)
def test_malformed_dns_answers_are_refused(changes: dict[str, Any]) -> None:
    record = ptr_record("8.8.8.8", PtrAnswer(("dns.google",), ("dns.google",)))
    record.update(changes)
    with pytest.raises(RecordError):
        ptr_from_record(record)


def test_a_database_is_recorded_by_its_file_name_never_its_path(
    locator: Locator, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    [city, _asn] = locator.sources
    record = database_record(city)
    assert record == DatabaseRecord(
        label=f"user db: {geo_fixture_dbs.city.name}",
        database_type=city.database_type,
        build_date=city.build_date.isoformat(),
        file=geo_fixture_dbs.city.name,
    )
    as_dict = database_dict(record)
    assert str(geo_fixture_dbs.city.parent) not in json.dumps(as_dict)
    assert database_from_record(as_dict) == record
    with pytest.raises(RecordError, match="build_date"):
        database_from_record({**as_dict, "build_date": "last spring"})


def test_observation_record_has_no_time_of_its_own() -> None:
    """The time is the snapshot's: kept once per snapshot, not once per socket."""
    observation = Observation(
        pid=1,
        process="p",
        protocol=Protocol.TCP,
        local_ip="192.168.1.2",
        local_port=1,
        remote_ip="51.38.0.1",
        remote_port=2,
        status="ESTABLISHED",
        seen_at=123.0,
    )
    assert "seen_at" not in observation_record(observation)
    assert observation_from_record(observation_record(observation), 9.0).seen_at == 9.0


def test_events_as_records(locator: Locator) -> None:
    google = locator.locate("8.8.8.8")
    ovh = locator.locate(OVH_FR.sample_ip, ("ns3141.ovh.net",), ("ns3141.ovh.net",))
    connection = LocatedConnection(obs("browser", OVH_FR.sample_ip, 443), ovh)
    records = {
        kind: event_record(event)
        for kind, event in (
            ("opened", Opened((connection,))),
            ("closed", Closed((connection,))),
            ("status_changed", StatusChanged((connection,))),
            ("renamed", Renamed("8.8.8.8", ("dns.google", "x.example"), ("dns.google",))),
            ("relocated", Relocated((google, ovh))),
            ("poll_failed", PollFailed("the connection list could not be read")),
            ("unreadable", Unreadable(("pid 12: access denied",))),
            ("names_paused", NamesPaused()),
        )
    }
    for kind, record in records.items():
        assert record["event"] == kind
        json.dumps(record, allow_nan=False)
    for kind in ("opened", "closed", "status_changed"):
        assert records[kind]["connections"] == [connection_record(connection)]
    assert records["renamed"] == {
        "event": "renamed",
        "ip": "8.8.8.8",
        "hostnames": ["dns.google", "x.example"],
        "confirmed": ["dns.google"],
    }
    relocated = records["relocated"]["endpoints"]
    assert [e["ip"] for e in relocated] == ["8.8.8.8", OVH_FR.sample_ip]
    assert relocated[1] == {"ip": OVH_FR.sample_ip, **endpoint_record(ovh)}
    assert records["poll_failed"]["message"] == "the connection list could not be read"
    assert records["unreadable"]["skipped"] == ["pid 12: access denied"]
    assert records["names_paused"] == {"event": "names_paused"}
