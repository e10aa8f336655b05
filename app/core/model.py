"""The domain: what we observe on the machine and what we learn about each remote end.

Frozen dataclasses, so results can be cached, shared between threads and compared cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: these modules build on this one
    from app.core.geo.anycast import EdgeMatch
    from app.core.i18n import Message
    from app.core.jurisdiction import Verdict
    from app.core.providers import Provider


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


# psutil states of a socket whose connection is over (shown only with "recently closed").
CLOSED_STATES = frozenset({"TIME_WAIT", "CLOSE"})


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

    @property
    def closed(self) -> bool:
        """The connection is over; the system only keeps the socket a while (TIME_WAIT)."""
        return self.status in CLOSED_STATES


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A remote address and the host names we know for it (PTR, or names that resolved to it).

    ``confirmed`` lists the names known to lead back to the address (a PTR name whose A/AAAA
    records include it, or the name that was resolved to it); the others are only *claimed* by
    whoever runs the address block, so they are shown but never name the provider.
    """

    ip: str
    hostnames: tuple[str, ...] = ()
    confirmed: tuple[str, ...] = ()

    @property
    def hostname(self) -> str | None:
        return self.hostnames[0] if self.hostnames else None

    @property
    def claimed(self) -> tuple[str, ...]:
        """The host names nobody vouched for (see the class docstring)."""
        return tuple(name for name in self.hostnames if name not in self.confirmed)


class LocationKind(StrEnum):
    """How precise a location is; the map draws each kind differently."""

    EXACT = "exact"  # a city or a data-centre region
    ZONE = "zone"  # only the country is known
    EDGE = "edge"  # anycast / CDN edge: served from a nearby point of presence


class Category(StrEnum):
    """What the data at an endpoint are (mail, photos, anything else): the filters' question."""

    MAIL = "mail"
    PHOTOS = "photos"
    OTHER = "other"


# Remote ports that mean mail: SMTP, submission, POP3(S), IMAP(S).
MAIL_PORTS = frozenset({25, 110, 143, 465, 587, 993, 995})


def category_from_ports(remote_ports: Iterable[int]) -> Category:
    """Mail when any socket to the address uses a mail port, else other.

    The port alone is a guess: the user's accounts will decide the category (an IMAP server
    serving photos…) once they are linked; this is what is known without them.
    """
    return Category.MAIL if not MAIL_PORTS.isdisjoint(remote_ports) else Category.OTHER


@dataclass(frozen=True, slots=True)
class Location:
    country_code: str | None  # ISO 3166-1 alpha-2, upper case
    city: str | None = None  # city, or data-centre region description
    latitude: float | None = None
    longitude: float | None = None
    accuracy_km: float | None = None
    source: str = ""  # "embedded db", "user db: <file>", "cloud region", "PTR hint"…
    kind: LocationKind = LocationKind.ZONE
    subdivision: str | None = None  # state or region, in the database's words
    # Whose law the network answers to when another country runs it (GeoIP2
    # ``represented_country``: a military base abroad, an embassy); the verdict uses it.
    represented_country: str | None = None
    # The country is only where the network is registered (GeoIP2 ``registered_country``), the
    # database knowing nothing of where its addresses are used.
    registration_only: bool = False


@dataclass(frozen=True, slots=True)
class Network:
    """The autonomous system that announces the address, and the ISP when a database names it."""

    asn: int | None
    organisation: str | None  # the AS organisation
    isp: str | None = None  # GeoIP2 ISP / Enterprise ``isp``
    isp_organisation: str | None = None  # their ``organization``: who uses the block
    user_type: str | None = None  # GeoIP2 Enterprise: "hosting", "content_delivery_network"…
    connection_type: str | None = None  # GeoIP2 Enterprise: "Corporate", "Cellular"…
    source: str = ""  # which database(s) said so: "user db: <file>", "embedded db"…


@dataclass(frozen=True, slots=True)
class LocatedEndpoint:
    """An endpoint joined with everything we could learn about where it is and who runs it.

    ``location`` is where the data are as far as we can tell (for an edge: only the country the
    databases give, the point of presence serving the user being unknown); ``provider`` is the
    company from the provider registry, ``verdict`` which law reaches the data (None when neither
    a country nor a company is known) and ``edge`` why the address is an anycast/CDN edge.
    Answers for addresses of one network share these objects, so equal answers are cheap.
    """

    endpoint: Endpoint
    scope: AddressScope
    location: Location | None = None
    network: Network | None = None
    # e.g. disagreements between sources; shown with ``note.text(tr)`` in the reader's language
    notes: tuple[Message, ...] = field(default=())
    provider: Provider | None = None
    verdict: Verdict | None = None
    edge: EdgeMatch | None = None

    @property
    def ip(self) -> str:
        return self.endpoint.ip

    @property
    def is_edge(self) -> bool:
        return self.edge is not None

    def with_hostnames(
        self, hostnames: tuple[str, ...], confirmed: tuple[str, ...] | None = None
    ) -> LocatedEndpoint:
        """The same answer for the same address known by other names (nothing else changes).

        ``confirmed`` None keeps the names already confirmed that are still given.
        """
        if confirmed is None:
            confirmed = tuple(name for name in self.endpoint.confirmed if name in hostnames)
        if hostnames == self.endpoint.hostnames and confirmed == self.endpoint.confirmed:
            return self
        return replace(self, endpoint=Endpoint(self.endpoint.ip, hostnames, confirmed))


@dataclass(frozen=True, slots=True)
class LocatedConnection:
    """What a row of the connections table shows: a socket and what we know of its remote end."""

    observation: Observation
    located: LocatedEndpoint | None  # None for sockets with no remote address
