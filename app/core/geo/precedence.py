"""The rules that decide between sources, as small pure functions (the chain's steps 2 to 6).

Each takes what the sources said and returns the winner, with a note for the user wherever a
source was overruled: the notes are how disagreements stay visible
(``LocatedEndpoint.notes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from app.core.countries import country_point
from app.core.geo.anycast import EdgeKind, EdgeMatch
from app.core.geo.labels import AS_FROM, AS_ORGANISATION_FROM, source_message
from app.core.geo.radius import country_cover_km
from app.core.i18n import Message, message, verbatim
from app.core.jurisdiction import Jurisdictions, Verdict, role_of, verdict
from app.core.model import Location, LocationKind, Network
from app.core.providers import Provider, ProviderRegistry

HOSTNAME_SOURCE = "PTR hint"  # a region named in the provider's own host name
EDGE_SOURCE = "edge list"  # an edge no database places in any country
# A city answer without a radius (DB-IP's City Lite states none). A database's city is where an
# ISP pools its addresses, and a broadband or mobile network serves a metropolitan area and its
# surroundings from there: 100 km covers that and a regional point of presence. GeoIP2 City
# states a radius of 67 % confidence (MaxMind's documentation of ``accuracy_radius``,
# https://maxmind.github.io/GeoIP2-dotnet/doc/v3.3.0/html/P_MaxMind_GeoIP2_Model_Location_AccuracyRadius.htm,
# read 2026-12-04), mostly well under 100 km for a city; a source's own radius always wins.
CITY_ACCURACY_KM = 100.0
CDN_USER_TYPE = "content_delivery_network"  # GeoIP2 Enterprise traits.user_type


# --- the databases' answers -----------------------------------------------------------------


def specificity(location: Location | None) -> int:
    """How precisely an answer places an address: a city, then a region or coordinates of
    their own (a location-only record), then a country, then a registration country."""
    if location is None:
        return -1
    if location.kind is LocationKind.EXACT:
        return 4
    if location.subdivision is not None:
        return 3
    if location.country_code is None:  # coordinates only (or an anycast mark)
        return 2 if location.latitude is not None else 0
    return 0 if location.registration_only else 1


def most_specific(locations: Sequence[Location], notes: list[Message]) -> Location | None:
    """The most specific of the databases' answers (the first of equals), given a country by
    another file when it has none; other files placing the address in another country are
    noted.

    A more specific answer is taken only when it agrees on the country with the first answer
    that names one (the caller's order: the user's files, then ours): a city says nothing of
    a country the country source contradicts, so it cannot overrule it."""
    if len(locations) <= 1:
        return locations[0] if locations else None
    reference = next(
        (x.country_code for x in locations if x.country_code and not x.registration_only), None
    )
    chosen = max(
        (x for x in locations if x.country_code in (None, reference) or x.registration_only),
        key=specificity,
    )
    if chosen.country_code is None:
        chosen = _with_country(chosen, locations, notes)
    if chosen.country_code is not None:
        notes.extend(
            message(
                "{source} places it in {place}, not {other}",
                source=source_message(other.source),
                place=other.country_code,
                other=chosen.country_code,
            )
            for other in locations
            if not other.registration_only and other.country_code not in (None, chosen.country_code)
        )
    return chosen


def _with_country(
    chosen: Location, locations: Sequence[Location], notes: list[Message]
) -> Location:
    """A location-only answer completed with the country another database gives (said)."""
    other = next((location for location in locations if location.country_code), None)
    if other is None:
        return chosen
    notes.append(message("country from {source}", source=source_message(other.source)))
    return replace(
        chosen,
        country_code=other.country_code,
        represented_country=chosen.represented_country or other.represented_country,
        registration_only=other.registration_only,
    )


def with_accuracy(location: Location | None) -> Location | None:
    """Every answer with a place gets coordinates, and a radius only where it holds
    (``app.core.geo.radius`` says why each rule).

    Country only: the answer's point (the country's when it has none) and a circle that holds the
    whole country from it. A city without a radius: the assumed CITY_ACCURACY_KM.
    """
    if location is None or location.country_code is None:
        return location
    if location.kind is LocationKind.ZONE:
        return _zone_accuracy(location, location.country_code)
    if (
        location.accuracy_km is None
        and location.latitude is not None
        and location.kind is LocationKind.EXACT
    ):
        return replace(location, accuracy_km=CITY_ACCURACY_KM)
    return location


def _zone_accuracy(location: Location, code: str) -> Location:
    """A country-only (or region-only) answer: its point, and a radius that contains the place."""
    point = country_point(code)
    latitude, longitude = location.latitude, location.longitude
    stated = location.accuracy_km
    if latitude is None or longitude is None:
        if point is None:
            return location
        latitude, longitude = point[0], point[1]
        stated = None
    elif point is not None and (latitude, longitude, stated) == point:
        stated = None  # our own country point (the embedded database): its area is no promise
    radius: float | None
    if location.registration_only:
        radius = None  # the addresses may be used anywhere, not in the registration country
    elif location.subdivision is not None and stated is not None:
        radius = stated  # the source's radius for its region
    else:
        cover = country_cover_km(code, latitude, longitude)
        radius = None if cover is None else max(cover, stated or 0.0)
    return replace(location, city=None, latitude=latitude, longitude=longitude, accuracy_km=radius)


def merged_networks(networks: Sequence[Network]) -> Network | None:
    """The first database's network, completed by later ones' AS number or name until it has
    both (the caller's order: the user's files first)."""
    merged: Network | None = None
    for network in networks:
        if merged is None:
            merged = network
        elif merged.asn is None or merged.organisation is None:
            merged = _merged_network(merged, network)
    return merged


def _merged_network(network: Network, named: Network) -> Network:
    """``network`` (an earlier database's) completed by a later one's AS number or name."""
    if network.asn is None and named.asn is not None:
        return replace(
            network,
            asn=named.asn,
            organisation=network.organisation or named.organisation,
            source=f"{network.source}{AS_FROM}{named.source}",
        )
    if network.organisation is None and named.asn in (network.asn, None):
        if named.organisation is None:
            return network
        return replace(
            network,
            organisation=named.organisation,
            source=f"{network.source}{AS_ORGANISATION_FROM}{named.source}",
        )
    return network


# --- cloud regions, edges -------------------------------------------------------------------


def region_wins(region: Location, other: Location | None) -> bool:
    """A region with a city always wins; a country-only region loses to a city in its country."""
    if other is None or region.kind is LocationKind.EXACT or other.kind is not LocationKind.EXACT:
        return True
    return other.country_code != region.country_code


def disagree(one: Location, other: Location) -> bool:
    """Two answers name different countries, or different cities."""
    if one.country_code != other.country_code:
        return True
    both_cities = one.kind is LocationKind.EXACT and other.kind is LocationKind.EXACT
    return both_cities and (one.city or "").casefold() != (other.city or "").casefold()


def where(location: Location) -> Message:
    """A location in a note's words: "Paris, FR", "FR" (codes and names are data)."""
    parts = [location.city if location.kind is LocationKind.EXACT else None, location.country_code]
    text = ", ".join(part for part in parts if part)
    return verbatim(text) if text else message("an unknown place")


def edge_location(
    location: Location | None, kind: EdgeKind = EdgeKind.CDN, operator_home: str | None = None
) -> Location:
    """Where an edge is (``LocatedEndpoint.edge`` says it is one). Anycast
    (``kind.is_anycast``) is answered in many countries at once and a mere registration is not
    a place, so neither keeps a country (1.1.1.1 is not "in Australia"). Any other edge is a
    cache with an address of its own (unicast): a city a database gives it is as good as any
    other address's and is kept as it is (a Netflix cache "in Paris"); without one, only the
    country is kept, as ``LocationKind.EDGE`` (the point of presence is not known). A place in
    the edge operator's own home country (``operator_home``) is not kept either: it is what
    the databases give an edge network they cannot place (every IPv4 Google front end is "US",
    Stockholm's and Paris's too, and 217 of its 348 ranges are "Mountain View", its head
    office), so it says nothing of the nearby point."""
    if (
        location is None
        or kind.is_anycast
        or location.registration_only
        or (operator_home is not None and location.country_code == operator_home)
    ):
        return Location(None, source=EDGE_SOURCE, kind=LocationKind.EDGE)
    if location.kind is LocationKind.EXACT:
        return location
    return Location(
        location.country_code,
        source=location.source,
        kind=LocationKind.EDGE,
        represented_country=location.represented_country,
        registration_only=location.registration_only,
    )


def provider_edge(provider: Provider | None, network: Network | None) -> EdgeMatch | None:
    """A CDN operator's own AS number makes an edge, even where no edge list names the range."""
    if provider is None or not provider.edge or network is None or network.asn is None:
        return None
    if network.asn not in provider.asns:
        return None
    return EdgeMatch(
        reason=message(
            "{provider} runs a content delivery network: the address is a point of presence "
            "near you, not where the data are kept",
            provider=provider.name,
        ),
        operator=provider.key,
        kind=EdgeKind.CDN,
        asn=network.asn,
    )


def stated_edge(
    locations: Sequence[Location], network: Network | None
) -> tuple[str, EdgeKind] | None:
    """(source, kind) of an edge a database states: GeoIP2 ``traits.is_anycast`` (an EDGE
    location), or an Enterprise user type "content_delivery_network"."""
    for location in locations:
        if location.kind is LocationKind.EDGE:
            return location.source, EdgeKind.ANYCAST
    if network is not None and network.user_type == CDN_USER_TYPE:
        return network.source, EdgeKind.CDN
    return None


def stated_edge_match(source: str, kind: EdgeKind) -> EdgeMatch:
    """The EdgeMatch for an edge a database states, in words."""
    if kind is EdgeKind.ANYCAST:
        reason = message(
            "{source} marks the network as anycast: it is served from many places, "
            "the one near you is not known",
            source=source_message(source),
        )
    else:
        reason = message(
            "{source} says a content delivery network serves the address: a point of "
            "presence near you, not where the data are kept",
            source=source_message(source),
        )
    return EdgeMatch(reason=reason, operator="", kind=kind)


# --- provider and law -------------------------------------------------------------------------


def network_provider(
    registry: ProviderRegistry,
    place_cloud: str | None,
    edge: EdgeMatch | None,
    network: Network | None,
) -> Provider | None:
    """Who runs the network: the edge's operator, the cloud range's provider, then the AS
    number, the AS organisation name, then the ISP's names."""
    provider = registry.get(edge.operator) if edge is not None else None
    if provider is None and place_cloud is not None:
        provider = registry.get(place_cloud)
    if provider is None and network is not None:
        provider = registry.by_asn(network.asn) or registry.by_organisation(network.organisation)
        if provider is None and (network.isp or network.isp_organisation):
            provider = registry.by_organisation(network.isp_organisation) or (
                registry.by_organisation(network.isp)
            )
    return provider


def law(
    jurisdictions: Jurisdictions | None,
    location: Location | None,
    provider: Provider | None,
    edge_kind: EdgeKind | None = None,
) -> Verdict | None:
    """Which law reaches the data: the data's country (none for an edge; a represented country
    first) and the provider's home; None when neither is known. An edge (``edge_kind``, or an
    EDGE location) serves and a public resolver answers: neither is said to store."""
    country = None
    if location is not None:
        # A network run for another country (a military base abroad) answers to its law.
        country = location.represented_country
        if country is None and location.kind is not LocationKind.EDGE:
            country = location.country_code
    if jurisdictions is None or (country is None and provider is None):
        return None
    at_edge = edge_kind is not None or (location is not None and location.kind is LocationKind.EDGE)
    role = role_of(provider, edge=at_edge, resolver=edge_kind is not None and edge_kind.answers_dns)
    return verdict(country, provider, jurisdictions, role=role)
