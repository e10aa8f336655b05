"""The domain: what we observe on the machine and what we learn about each remote end.

Frozen dataclasses, so results can be cached, shared between threads and compared cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Protocol(StrEnum):
    TCP = "tcp"
    UDP = "udp"


class AddressScope(StrEnum):
    """Where an address points before any geo lookup; only PUBLIC addresses are ever located."""

    PUBLIC = "public"
    THIS_DEVICE = "this-device"  # loopback, unspecified
    LOCAL_NETWORK = "local-network"  # RFC 1918, ULA, link-local, CGNAT
    MULTICAST = "multicast"
    RESERVED = "reserved"  # documentation, benchmark and other special-purpose ranges

    @property
    def is_locatable(self) -> bool:
        return self is AddressScope.PUBLIC


@dataclass(frozen=True, slots=True)
class Observation:
    """One socket seen by the connection watcher at one poll."""

    pid: int | None
    process: str  # "" when the process could not be read
    protocol: Protocol
    local_ip: str
    local_port: int
    remote_ip: str | None  # None for a listening or unconnected socket
    remote_port: int | None
    status: str  # psutil's CONN_* value ("ESTABLISHED", "NONE" for UDP…)
    seen_at: float  # time.time() of the poll

    @property
    def key(self) -> tuple[object, ...]:
        """Identity across polls: the same socket of the same process."""
        return (
            self.protocol,
            self.local_ip,
            self.local_port,
            self.remote_ip,
            self.remote_port,
            self.pid,
        )


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A remote address and the host names we know for it (PTR, or names that resolved to it)."""

    ip: str
    hostnames: tuple[str, ...] = ()

    @property
    def hostname(self) -> str | None:
        return self.hostnames[0] if self.hostnames else None


class LocationKind(StrEnum):
    """How precise a location is; the map draws each kind differently."""

    EXACT = "exact"  # a city or a data-centre region
    ZONE = "zone"  # only the country is known
    EDGE = "edge"  # anycast / CDN edge: served from a nearby point of presence


@dataclass(frozen=True, slots=True)
class Location:
    country_code: str | None  # ISO 3166-1 alpha-2, upper case
    city: str | None = None  # city, or data-centre region description
    latitude: float | None = None
    longitude: float | None = None
    accuracy_km: float | None = None
    source: str = ""  # "embedded db", "user db: <file>", "cloud region", "PTR hint"…
    kind: LocationKind = LocationKind.ZONE


@dataclass(frozen=True, slots=True)
class Network:
    """The autonomous system that announces the address."""

    asn: int | None
    organisation: str | None


@dataclass(frozen=True, slots=True)
class LocatedEndpoint:
    """An endpoint joined with everything we could learn about where it is and who runs it."""

    endpoint: Endpoint
    scope: AddressScope
    location: Location | None = None
    network: Network | None = None
    notes: tuple[str, ...] = field(default=())  # e.g. disagreements between sources

    @property
    def ip(self) -> str:
        return self.endpoint.ip


@dataclass(frozen=True, slots=True)
class LocatedConnection:
    """What a row of the connections table shows: a socket and what we know of its remote end."""

    observation: Observation
    located: LocatedEndpoint | None  # None for sockets with no remote address
