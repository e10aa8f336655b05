"""The speed-of-light check: what a round trip says about the place a database gives.

Light in optical fibre travels at c / n, n being the fibre's group index: about 1.468 for the
standard single-mode fibre of long-distance links (ITU-T G.652; Corning's SMF-28 Ultra datasheet
gives 1.4676 at 1310 nm and 1.4682 at 1550 nm). We take ``FIBRE_GROUP_INDEX`` = 1.4676, the
lower one: the faster light, the farther the bound, the more careful the check. A round trip
covers the distance twice, so each millisecond of it allows ``KM_PER_RTT_MS`` ≈ 102.1 km
between the user and whatever answered ("about 100 km per ms"). Every other delay on the way
(routers, queues, paths longer than a great circle, the server's own time) only makes the
round trip longer, so the bound errs on the side of "possible". Radio links faster than fibre
(microwave between trading centres, satellites' lasers) could beat it; ordinary traffic to
ordinary servers does not take them, and their own delays are larger than what they save.

The user is at home, but not at a known point: a home country stands for its whole outline
(``radius.nearest_km``, overseas departments included: France's reaches La Réunion and the
Caribbean), and a home point may carry a radius. The database's place is its point and its
accuracy radius (a city: the source's radius; a country-only answer: a circle holding the whole
country, ``app.core.geo.radius``). The place is IMPOSSIBLE only when the nearest the two can be
(``gap_km``) is farther than the round trip allows (``reach_km``); otherwise it AGREES, which
only means physics does not object. Without a place, a home or an answer: UNKNOWN, with why.

A proxy or a firewall near the user that answers for the server (a transparent proxy, a
firewall's reset) makes a far server look near: the sentence says so.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from enum import StrEnum
from gettext import NullTranslations

from babel.numbers import format_decimal

from app.core.countries import country_name, in_country
from app.core.geo.radius import great_circle_km, nearest_km
from app.core.geo.world import WorldDataError, load_world
from app.core.i18n import Message, babel_locale, language_of, message
from app.core.model import AddressScope, LocatedEndpoint, LocationKind
from app.core.rtt import RttMeasurement

log = logging.getLogger(__name__)

SPEED_OF_LIGHT_KM_S = 299_792.458
FIBRE_GROUP_INDEX = 1.4676
# One way per millisecond is c / n / 1000 km; a round trip goes there and back.
KM_PER_RTT_MS = SPEED_OF_LIGHT_KM_S / FIBRE_GROUP_INDEX / 1000.0 / 2.0


def reach_km(rtt_ms: float) -> float:
    """The farthest an endpoint can be from whoever measured ``rtt_ms`` to it, by fibre."""
    return max(0.0, rtt_ms) * KM_PER_RTT_MS


class Agreement(StrEnum):
    AGREES = "agrees"  # physics allows the database's place
    IMPOSSIBLE = "impossible"  # the place is farther than the round trip allows
    UNKNOWN = "unknown"  # no place, no home or no answer: nothing to compare


@dataclass(frozen=True, slots=True)
class HomeCountry:
    """The user lives somewhere in this country (the settings' home): its whole outline."""

    code: str  # ISO 3166-1 alpha-2

    def nearest_km(self, latitude: float, longitude: float) -> float | None:
        """At least how far the point is from anywhere in the country; None without its shape."""
        try:
            country = load_world().country(self.code.upper())
        except WorldDataError as error:
            log.warning("no country shapes for the speed-of-light check: %s", error)
            return None
        if country is None:
            return None
        if country.contains(longitude, latitude):
            return 0.0
        return nearest_km(country.rings, latitude, longitude)


@dataclass(frozen=True, slots=True)
class HomePoint:
    """The user is within ``radius_km`` of this point (given by the user, not guessed)."""

    latitude: float
    longitude: float
    radius_km: float = 0.0

    def nearest_km(self, latitude: float, longitude: float) -> float | None:
        """At least how far the point is from anywhere within the radius."""
        distance = great_circle_km(self.latitude, self.longitude, latitude, longitude)
        return max(0.0, distance - self.radius_km)


Home = HomeCountry | HomePoint


@dataclass(frozen=True, slots=True)
class RttCheck:
    """The verdict of one check: the numbers behind it and, when UNKNOWN, why."""

    agreement: Agreement
    rtt_ms: float | None = None  # the least round trip measured
    reach_km: float | None = None  # the farthest the server can be from the user
    gap_km: float | None = None  # the least distance between the home and the database's place
    country_code: str | None = None  # the database's place
    city: str | None = None
    home: Home | None = None
    reason: Message | None = None  # why it is UNKNOWN

    def message(self, language: str) -> Message:
        """The sentence for people; numbers are written in ``language``'s way."""
        locale = babel_locale(language)

        def number(value: float, pattern: str = "#,##0") -> str:
            return format_decimal(value, format=pattern, locale=locale)

        if self.agreement is Agreement.UNKNOWN or self.rtt_ms is None or self.reach_km is None:
            reason = self.reason or message("no answer from the server")
            return message("Cannot check the database's place: {reason}.", reason=reason)
        place = self.place_words(language)
        rtt = number(self.rtt_ms, "#,##0.0")
        # Rounded the careful way: the reach up, the gap down.
        reach = number(math.ceil(self.reach_km))
        if self.agreement is Agreement.AGREES:
            return message(
                "The server answers in {rtt} ms: it may be up to {reach} km from you, so the "
                "database's place, {place}, is possible.",
                rtt=rtt,
                reach=reach,
                place=place,
            )
        gap = number(math.floor(self.gap_km or 0.0))
        if isinstance(self.home, HomeCountry):
            distance = message(
                "{place} is at least {gap} km from anywhere {in_home}",
                place=place,
                gap=gap,
                in_home=in_country(self.home.code, language),
            )
        else:
            distance = message("{place} is at least {gap} km from you", place=place, gap=gap)
        return message(
            "The database says {place}, but the server answers in {rtt} ms: too fast to be "
            "farther than {reach} km from you, and {distance}. Unless something near you "
            "answers in its place (a proxy, a firewall), the database is wrong.",
            place=place,
            rtt=rtt,
            reach=reach,
            distance=distance,
        )

    def text(self, tr: NullTranslations) -> str:
        return self.message(language_of(tr)).text(tr)

    def place_words(self, language: str) -> str:
        """ "Sydney (Australia)", or the country alone; the city is the database's text."""
        if not self.country_code:
            return self.city or ""
        country = country_name(self.country_code, language)
        return f"{self.city} ({country})" if self.city else country


def check_rtt(measurement: RttMeasurement, located: LocatedEndpoint, home: Home | None) -> RttCheck:
    """Compare the round trip with the database's place, seen from the user's home."""
    rtt = measurement.minimum_ms
    reach = reach_km(rtt) if rtt is not None else None
    location = located.location

    def unknown(reason: Message) -> RttCheck:
        return RttCheck(Agreement.UNKNOWN, rtt, reach, home=home, reason=reason)

    if located.scope is not AddressScope.PUBLIC:
        return unknown(message("a private or special address is never located"))
    if measurement.cancelled:
        return unknown(message("the measurement was stopped"))
    if rtt is None or reach is None:
        if measurement.problem is None:
            return unknown(message("no answer from the server"))
        return unknown(
            message("no answer from the server ({problem})", problem=measurement.problem)
        )
    if location is None or location.latitude is None or location.longitude is None:
        return unknown(message("the database gives no place for this address"))
    if location.kind is LocationKind.EDGE or located.is_edge:
        return unknown(
            message(
                "an edge or anycast address is served from a point near you, not from the "
                "database's place"
            )
        )
    if location.registration_only:
        return unknown(
            message("the database only knows where the network is registered, not where it is used")
        )
    if location.accuracy_km is None:
        return unknown(message("the database's place has no radius that can be relied on"))
    if home is None:
        return unknown(message("your home country is not set"))
    home_gap = home.nearest_km(location.latitude, location.longitude)
    if home_gap is None:  # only a country can lack a shape; its code is the same in all languages
        code = home.code if isinstance(home, HomeCountry) else ""
        return unknown(message("the map has no outline of the country {code}", code=code))
    gap = max(0.0, home_gap - location.accuracy_km)
    city = location.city if location.kind is LocationKind.EXACT else None
    agreement = Agreement.IMPOSSIBLE if gap > reach else Agreement.AGREES
    return RttCheck(agreement, rtt, reach, gap, location.country_code, city, home)
