"""The domain as plain dicts: one to/from-dict, used by `--json`/`--csv`, capture files and
(later) reports and history.

The records hold the raw values; whoever writes them for people (the CLI's JSON and CSV) makes
untrusted strings visible there (app.cli.common.inert, CSV formula defusing). Field names and
order are a public contract (docs/JSON.md): new fields go at the end, a change of meaning bumps
``SCHEMA_VERSION``. from-dict exists for what capture files carry (observations, DNS answers,
database facts) and refuses anything malformed with `RecordError`, because a capture may come
from another machine.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from gettext import NullTranslations
from typing import Any, TypeVar

from app.core.addresses import normalise_ip
from app.core.countries import country_name
from app.core.dns.reverse import PtrAnswer, PtrStatus
from app.core.geo.mmdb import DatabaseInfo
from app.core.i18n import TranslatableError, language_of, message
from app.core.model import LocatedConnection, LocatedEndpoint, Observation, Protocol
from app.core.rtt import RttMeasurement
from app.core.rtt_bound import HomeCountry, RttCheck
from app.core.session.events import (
    Closed,
    Event,
    NamesPaused,
    Opened,
    PollFailed,
    Relocated,
    Renamed,
    StatusChanged,
    Unreadable,
)

T = TypeVar("T")

SCHEMA_VERSION = 1
"""The version of every record below (documented in docs/JSON.md)."""

# The observation's fields, in the order of a connection record.
OBSERVATION_FIELDS = (
    "pid",
    "process",
    "protocol",
    "local_ip",
    "local_port",
    "remote_ip",
    "remote_port",
    "status",
)
# Columns of a located connection in JSON and CSV, in order.
CONNECTION_FIELDS = (
    *OBSERVATION_FIELDS,
    "hostnames",
    "hostnames_confirmed",  # True when every name leads back to the address; None with none
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
    # Added for issue 17, after the others so existing CSV columns keep their places.
    "subdivision",  # state or region
    "represented_country",  # the country a network is run for (its law applies)
    "country_is_registration",  # True: only where the network is registered is known
    "isp",
    "isp_organisation",
    "user_type",
    "connection_type",
    "network_source",  # which database(s) gave asn, organisation and isp
    "legal_sources",  # the legal texts the verdict rests on: citation, url, as_of (issue 10)
)
ENDPOINT_FIELDS = CONNECTION_FIELDS[len(OBSERVATION_FIELDS) :]

_MAX_PORT = 65535
_MAX_NAMES = 64  # host names kept per address from a file (the resolver keeps 32)
_MAX_TEXT = 4096  # characters of one string from a file


class RecordError(TranslatableError, ValueError):
    """A record that cannot be read back (wrong type, missing field, bad address); a recording
    is a file anyone may hand over, so the reader sees why in their language."""


@dataclass(frozen=True, slots=True)
class DatabaseRecord:
    """What a capture says about a database: never its path (it may name the user)."""

    label: str  # "embedded db", "user db: GeoLite2-City.mmdb"
    database_type: str
    build_date: str  # ISO 8601, UTC
    file: str  # the file name only


# --- to dict --------------------------------------------------------------------------------


def endpoint_record(located: LocatedEndpoint | None) -> dict[str, Any]:
    """The ENDPOINT_FIELDS of a located remote end (all None or empty when there is none)."""
    location = located.location if located else None
    network = located.network if located else None
    provider = located.provider if located else None
    verdict = located.verdict if located else None
    edge = located.edge if located else None
    return {
        "hostnames": list(located.endpoint.hostnames) if located else [],
        "hostnames_confirmed": (
            not located.endpoint.claimed if located and located.endpoint.hostnames else None
        ),
        "scope": str(located.scope) if located else None,
        "country_code": location.country_code if location else None,
        "country_name": (
            country_name(location.country_code, "en")
            if location and location.country_code
            else None
        ),
        "city": location.city if location else None,
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
        "accuracy_km": location.accuracy_km if location else None,
        "location_kind": str(location.kind) if location else None,
        "source": location.source if location else None,
        "asn": network.asn if network else None,
        "organisation": network.organisation if network else None,
        "provider": provider.name if provider else None,
        "provider_key": provider.key if provider else None,
        "headquarters": provider.headquarters if provider else None,
        "jurisdiction": str(verdict.category) if verdict else None,
        "regimes": list(verdict.regimes) if verdict else [],
        "verdict": verdict.text("en") if verdict else None,
        "edge": str(edge.reason) if edge else None,  # exports are in English, as the verdict
        "notes": [str(note) for note in located.notes] if located else [],
        "subdivision": location.subdivision if location else None,
        "represented_country": location.represented_country if location else None,
        "country_is_registration": location.registration_only if location else None,
        "isp": network.isp if network else None,
        "isp_organisation": network.isp_organisation if network else None,
        "user_type": network.user_type if network else None,
        "connection_type": network.connection_type if network else None,
        "network_source": network.source or None if network else None,
        "legal_sources": [
            {"citation": source.citation, "url": source.url, "as_of": source.as_of}
            for source in (verdict.sources if verdict else ())
        ],
    }


def human_values(
    record: dict[str, Any], located: LocatedEndpoint | None, tr: NullTranslations
) -> dict[str, Any]:
    """An endpoint record whose values for people speak ``tr``'s language: the country's name,
    the verdict, the edge reason and the notes. Keys, codes, categories and regime keys stay as
    they are, the same in every language (scripts read them alike)."""
    if located is None:
        return record
    language = language_of(tr)
    location, verdict, edge = located.location, located.verdict, located.edge
    human = dict(record)
    if location is not None and location.country_code:
        human["country_name"] = country_name(location.country_code, language)
    if verdict is not None:
        human["verdict"] = verdict.text(language)
    if edge is not None:
        human["edge"] = edge.reason.text(tr)
    human["notes"] = [item.text(tr) for item in located.notes]
    return human


def rtt_record(
    measurement: RttMeasurement, check: RttCheck, tr: NullTranslations
) -> dict[str, Any]:
    """The speed-of-light check of one address (`locate --check-rtt --json`, docs/JSON.md):
    the handshakes, the bound and the verdict; the sentences in ``tr``'s language."""
    home = check.home
    return {
        "port": measurement.port,
        "attempts": measurement.attempts,
        "answers": len(measurement.samples_ms),
        "refused": measurement.refused,
        "samples_ms": [round(sample, 3) for sample in measurement.samples_ms],
        "minimum_ms": _rounded(measurement.minimum_ms, 3),
        "reach_km": _rounded(check.reach_km, 1),
        "gap_km": _rounded(check.gap_km, 1),
        "verdict": str(check.agreement),
        "home_country": home.code if isinstance(home, HomeCountry) else None,
        "sentence": check.text(tr),
        "problem": measurement.problem.text(tr) if measurement.problem is not None else None,
    }


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def observation_record(observation: Observation) -> dict[str, Any]:
    """The OBSERVATION_FIELDS (``seen_at`` is the snapshot's time, kept beside it)."""
    return {
        "pid": observation.pid,
        "process": observation.process,
        "protocol": str(observation.protocol),
        "local_ip": observation.local_ip,
        "local_port": observation.local_port,
        "remote_ip": observation.remote_ip,
        "remote_port": observation.remote_port,
        "status": observation.status,
    }


def connection_record(
    connection: LocatedConnection, located: LocatedEndpoint | None = None
) -> dict[str, Any]:
    """The CONNECTION_FIELDS; ``located`` given replaces the connection's own (a later answer)."""
    return {
        **observation_record(connection.observation),
        **endpoint_record(located or connection.located),
    }


def located_record(located: LocatedEndpoint) -> dict[str, Any]:
    """An address and its answer: ``ip`` then the ENDPOINT_FIELDS."""
    return {"ip": located.ip, **endpoint_record(located)}


def event_record(event: Event) -> dict[str, Any]:
    """A session event: ``{"event": "opened", …}`` with its values (docs/JSON.md), for the
    subscribers that keep or send events (history, reports)."""
    match event:
        case Opened(connections) | Closed(connections) | StatusChanged(connections):
            kind = {Opened: "opened", Closed: "closed", StatusChanged: "status_changed"}
            return {
                "event": kind[type(event)],
                "connections": [connection_record(c) for c in connections],
            }
        case Renamed(ip, hostnames, confirmed):
            return {
                "event": "renamed",
                "ip": ip,
                "hostnames": list(hostnames),
                "confirmed": list(confirmed),
            }
        case Relocated(endpoints):
            return {"event": "relocated", "endpoints": [located_record(e) for e in endpoints]}
        case PollFailed(message):
            return {"event": "poll_failed", "message": str(message)}
        case Unreadable(skipped):
            return {"event": "unreadable", "skipped": [str(line) for line in skipped]}
        case NamesPaused():
            return {"event": "names_paused"}


def ptr_record(ip: str, answer: PtrAnswer) -> dict[str, Any]:
    """A DNS answer as a capture keeps it."""
    record: dict[str, Any] = {
        "ip": ip,
        "names": list(answer.names),
        "confirmed": list(answer.confirmed),
        "status": str(answer.status),
    }
    if answer.tripped:
        record["tripped"] = True
    return record


def database_record(info: DatabaseInfo) -> DatabaseRecord:
    return DatabaseRecord(
        label=info.source_label,
        database_type=info.database_type,
        build_date=info.build_date.astimezone(UTC).isoformat(),
        file=info.path.name,
    )


def database_dict(record: DatabaseRecord) -> dict[str, Any]:
    return {
        "label": record.label,
        "type": record.database_type,
        "build_date": record.build_date,
        "file": record.file,
    }


# --- from dict ------------------------------------------------------------------------------


def observation_from_record(record: Mapping[str, Any], seen_at: float) -> Observation:
    """An Observation read back; RecordError for anything an observation cannot hold."""
    protocol = _text(record, "protocol")
    if protocol not in {str(p) for p in Protocol}:
        raise RecordError(message("unknown protocol {protocol!r}", protocol=protocol))
    remote_ip = _optional(record, "remote_ip", _address)
    remote_port = _optional(record, "remote_port", _port)
    if (remote_ip is None) != (remote_port is None):
        raise RecordError(message("remote_ip and remote_port go together"))
    return Observation(
        pid=_optional(record, "pid", _pid),
        process=_text(record, "process"),
        protocol=Protocol(protocol),
        local_ip=_address(record.get("local_ip"), "local_ip"),
        local_port=_port(record.get("local_port"), "local_port"),
        remote_ip=remote_ip,
        remote_port=remote_port,
        status=_text(record, "status"),
        seen_at=seen_at,
    )


def ptr_from_record(record: Mapping[str, Any]) -> tuple[str, PtrAnswer]:
    """(address, answer) read back from `ptr_record`."""
    ip = _address(record.get("ip"), "ip")
    names = _names(record, "names")
    confirmed = _names(record, "confirmed")
    if not set(confirmed) <= set(names):
        raise RecordError(message("confirmed names must be among the names"))
    status = _text(record, "status")
    if status not in {str(s) for s in PtrStatus}:
        raise RecordError(message("unknown DNS status {status!r}", status=status))
    tripped = record.get("tripped", False)
    if not isinstance(tripped, bool):
        raise RecordError(message("tripped must be true or false"))
    return ip, PtrAnswer(names, confirmed, PtrStatus(status), tripped)


def database_from_record(record: Mapping[str, Any]) -> DatabaseRecord:
    build_date = _text(record, "build_date")
    try:
        datetime.fromisoformat(build_date)
    except ValueError:
        raise RecordError(
            message("build_date is not a date: {build_date!r}", build_date=build_date)
        ) from None
    return DatabaseRecord(
        label=_text(record, "label"),
        database_type=_text(record, "type"),
        build_date=build_date,
        file=_text(record, "file"),
    )


def time_from_record(value: object, field: str) -> float:
    """A time.time() value: a finite, non-negative number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(message("{field} must be a number", field=field))
    if not math.isfinite(value) or value < 0:
        raise RecordError(
            message("{field} must be a time, not {value!r}", field=field, value=value)
        )
    return float(value)


def texts_from_record(value: object, field: str, limit: int) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > limit:
        raise RecordError(
            message("{field} must be a list of at most {limit} strings", field=field, limit=limit)
        )
    if not all(isinstance(item, str) and len(item) <= _MAX_TEXT for item in value):
        raise RecordError(message("{field} must hold strings", field=field))
    return tuple(value)


def _text(record: Mapping[str, Any], field: str) -> str:
    value = record.get(field)
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        raise RecordError(message("{field} must be a string", field=field))
    return value


def _names(record: Mapping[str, Any], field: str) -> tuple[str, ...]:
    return texts_from_record(record.get(field), field, _MAX_NAMES)


def _optional(record: Mapping[str, Any], field: str, read: Callable[[object, str], T]) -> T | None:
    if field not in record:
        raise RecordError(message("{field} is missing", field=field))
    value = record[field]
    return None if value is None else read(value, field)


def _address(value: object, field: str) -> str:
    if not isinstance(value, str) or len(value) > 64:
        raise RecordError(message("{field} must be an IP address", field=field))
    try:
        return normalise_ip(value)
    except ValueError:
        raise RecordError(
            message("{field} is not an IP address: {value!r}", field=field, value=value)
        ) from None


def _port(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_PORT:
        raise RecordError(message("{field} must be a port number", field=field))
    return value


def _pid(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**32:
        raise RecordError(message("{field} must be a process id", field=field))
    return value
