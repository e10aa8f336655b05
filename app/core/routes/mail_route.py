"""A message's route: its `Received:` hops located, with what each hop's word is worth.

Each hop is placed where its sending server's address (``Hop.from_ip``, the address the
receiving server saw) is: the path runs from the sender's first server to the last one that
handed the message on. The recipient's own last server is named (``by_name``) but not placed,
its address being in no header. Private, local, reserved and this-device addresses are shown as
such and never located (app.core.addresses decides).

A header is only the word of the server that wrote it, and the oldest ones may have been
written by the sender. A hop is *claimed by the next server* (``RouteHop.trusted`` False), not
trusted, when one of these holds (``Doubt``), checked in path order (oldest first):

- ``NO_ADDRESS``: the header gives no readable sending address (a from-less header written by
  the sender's own server, "from unknown", an address that is not one).
- ``PRIVATE_AFTER_PUBLIC``: a local-network, reserved or multicast address after a hop with a
  public address, unless the hop's sending server is the previous hop's receiving server (same
  name: a provider's mail exchanger handing the message to its own store inside its network).
  A message that has crossed the Internet does not come back into a private network otherwise.
  This-device (loopback) addresses are exempt: a server handing mail to its own filter.
- ``OWN_NAME``: a public address whose claimed name (``from_name``) is the receiving server's
  own name (``by_name``): a server does not receive from itself over the Internet, and
  greeting with the receiver's name is a known forger's trick.
- ``TIME_ORDER``: the hop says it happened more than ``CLOCK_SKEW`` after a later hop (a header
  written after it in the path): one of them lies, and the older header is the forgeable one.

Claimed hops are still located when their address is public (a view may draw them dashed);
the countries crossed (``MailRoute.countries``) count the trusted hops only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from gettext import NullTranslations
from types import MappingProxyType
from typing import Protocol

from app.core.addresses import classify
from app.core.i18n import N_
from app.core.jurisdiction import Jurisdiction, default_jurisdictions
from app.core.map_marks import provider_label
from app.core.model import AddressScope, LocatedEndpoint
from app.core.routes.received import Hop, ReceivedChain

CLOCK_SKEW = timedelta(minutes=15)  # servers' clocks differ; more than this is no skew
_INSIDE = frozenset({AddressScope.LOCAL_NETWORK, AddressScope.RESERVED, AddressScope.MULTICAST})


class Locating(Protocol):
    """What a route needs of app.core.geo.locator.Locator."""

    def locate(self, ip: str) -> LocatedEndpoint: ...


class Doubt(StrEnum):
    """Why a hop is only claimed by the next server (the module's docstring has the rules)."""

    NO_ADDRESS = "no_address"
    PRIVATE_AFTER_PUBLIC = "private_after_public"
    OWN_NAME = "own_name"
    TIME_ORDER = "time_order"


DOUBT_TEXTS: Mapping[Doubt, str] = MappingProxyType(
    {
        Doubt.NO_ADDRESS: N_("the header gives no address for the sending server"),
        Doubt.PRIVATE_AFTER_PUBLIC: N_("a private address after the message crossed the Internet"),
        Doubt.OWN_NAME: N_("the sender used the receiving server's own name"),
        Doubt.TIME_ORDER: N_("its time is later than a hop that came after it"),
    }
)


def doubt_text(doubt: Doubt, tr: NullTranslations) -> str:
    """Why a hop is not trusted, in ``tr``'s language."""
    return tr.gettext(DOUBT_TEXTS[doubt])


@dataclass(frozen=True, slots=True)
class RouteHop:
    """One hop as a view shows it: its number, a label, where its address is and whether to
    trust it. ``scope`` is None when there is no address; ``located`` only for public ones."""

    number: int
    hop: Hop
    label: str  # the sending server's name, else its address, else the receiving server's
    ip: str | None
    scope: AddressScope | None
    located: LocatedEndpoint | None
    doubts: tuple[Doubt, ...] = ()

    @property
    def trusted(self) -> bool:
        return not self.doubts

    @property
    def country_code(self) -> str | None:
        location = self.located.location if self.located else None
        return location.country_code if location else None

    @property
    def city(self) -> str | None:
        location = self.located.location if self.located else None
        return location.city if location else None

    @property
    def company(self) -> str | None:
        """Who runs the address, as every view names it (map_marks.provider_label)."""
        return provider_label(self.located) if self.located else None

    @property
    def law(self) -> Jurisdiction | None:
        verdict = self.located.verdict if self.located else None
        return verdict.category if verdict else None

    def verdict_text(self, language: str | None = None, home: str | None = None) -> str | None:
        """The locator's verdict in words (None when no law is known for the hop)."""
        verdict = self.located.verdict if self.located else None
        return verdict.text(language, home) if verdict else None


@dataclass(frozen=True, slots=True)
class MailRoute:
    """The hops in path order, the countries the trusted ones crossed (in order, a country
    repeated only when the route comes back to it), and those outside the EU/EEA."""

    hops: tuple[RouteHop, ...]
    countries: tuple[str, ...]
    outside_eu: tuple[str, ...]
    skipped: int = 0  # older headers beyond received.MAX_HOPS, left unread

    @property
    def leaves_eu(self) -> bool:
        return bool(self.outside_eu)

    @property
    def unplaced(self) -> int:
        """Trusted hops on the Internet whose country is not known (a CDN front end the
        databases place only at its operator's home): the route may cross more countries."""
        return sum(
            1
            for hop in self.hops
            if hop.trusted and hop.scope is AddressScope.PUBLIC and not hop.country_code
        )


def mail_route(
    chain: ReceivedChain, locator: Locating, eu_area: frozenset[str] | None = None
) -> MailRoute:
    """Locate and weigh each hop of ``chain``; ``eu_area`` defaults to the jurisdictions
    file's EU/EEA (`Jurisdictions.gdpr_area`)."""
    area = default_jurisdictions().gdpr_area if eu_area is None else eu_area
    hops = chain.hops
    doubts = _doubts(hops)
    route = tuple(
        _route_hop(number, hop, locator, found)
        for number, (hop, found) in enumerate(zip(hops, doubts, strict=True), 1)
    )
    countries: list[str] = []
    for hop in route:
        code = hop.country_code
        if hop.trusted and code and (not countries or countries[-1] != code):
            countries.append(code)
    outside = tuple(dict.fromkeys(code for code in countries if code not in area))
    return MailRoute(route, tuple(countries), outside, chain.skipped)


def _route_hop(number: int, hop: Hop, locator: Locating, doubts: tuple[Doubt, ...]) -> RouteHop:
    scope = _scope(hop.from_ip)
    located = None
    if hop.from_ip is not None and scope is AddressScope.PUBLIC:
        try:
            located = locator.locate(hop.from_ip)
        except ValueError:  # the parser already checked it: a locator that disagrees
            located = None
    label = hop.from_name or hop.reverse_name or hop.from_ip or hop.by_name or hop.by_ip or "?"
    return RouteHop(number, hop, label, hop.from_ip, scope, located, doubts)


def _scope(ip: str | None) -> AddressScope | None:
    if ip is None:
        return None
    try:
        return classify(ip)
    except ValueError:
        return None


def _doubts(hops: Sequence[Hop]) -> list[tuple[Doubt, ...]]:
    """Each hop's doubts, by the rules of the module's docstring (one pass each way)."""
    latest_after = _earliest_later_times(hops)
    found: list[tuple[Doubt, ...]] = []
    seen_public = False
    previous: Hop | None = None
    for hop, later in zip(hops, latest_after, strict=True):
        doubts: list[Doubt] = []
        scope = _scope(hop.from_ip)
        if scope is None:
            doubts.append(Doubt.NO_ADDRESS)
        elif scope in _INSIDE and seen_public and not _linked(previous, hop):
            doubts.append(Doubt.PRIVATE_AFTER_PUBLIC)
        elif scope is AddressScope.PUBLIC and _same_name(hop.from_name, hop.by_name):
            doubts.append(Doubt.OWN_NAME)
        if hop.time is not None and later is not None and hop.time > later + CLOCK_SKEW:
            doubts.append(Doubt.TIME_ORDER)
        seen_public = seen_public or scope is AddressScope.PUBLIC
        previous = hop
        found.append(tuple(doubts))
    return found


def _earliest_later_times(hops: Sequence[Hop]) -> list[datetime | None]:
    """For each hop, the earliest time of the hops after it (None when none says)."""
    result: list[datetime | None] = [None] * len(hops)
    earliest: datetime | None = None
    for position in range(len(hops) - 1, -1, -1):
        result[position] = earliest
        moment = hops[position].time
        if moment is not None and (earliest is None or moment < earliest):
            earliest = moment
    return result


def _linked(previous: Hop | None, hop: Hop) -> bool:
    """The hop's sending server is the previous hop's receiving server."""
    if previous is None:
        return False
    return _same_name(hop.from_name, previous.by_name) or _same_name(
        hop.reverse_name, previous.by_name
    )


def _same_name(one: str | None, other: str | None) -> bool:
    if not one or not other:
        return False
    return one.rstrip(".").lower() == other.rstrip(".").lower()
