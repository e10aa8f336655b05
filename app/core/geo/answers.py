"""Answer assembly: what the sources said about one network, joined into one answer.

``NetworkAnswer`` is what every address of a network shares (a ``LocatedEndpoint`` but for
the address), so the locator computes it once per network and per combination of database
records (``Assembler.answer``) and only adds the address per look-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.geo.anycast import EdgeKind, EdgeMatch
from app.core.geo.caches import Memo
from app.core.geo.labels import source_message
from app.core.geo.precedence import (
    disagree,
    edge_location,
    law,
    most_specific,
    network_provider,
    provider_edge,
    region_wins,
    stated_edge,
    stated_edge_match,
    where,
    with_accuracy,
)
from app.core.geo.published import Parts, Place
from app.core.i18n import Message, message
from app.core.jurisdiction import Verdict
from app.core.model import AddressScope, Endpoint, LocatedEndpoint, Location, Network
from app.core.providers import Provider


@dataclass(frozen=True, slots=True)
class NetworkAnswer:
    """What the addresses of one network share: everything of a LocatedEndpoint but the
    endpoint."""

    scope: AddressScope
    location: Location | None = None
    network: Network | None = None
    notes: tuple[Message, ...] = ()
    provider: Provider | None = None
    verdict: Verdict | None = None
    edge: EdgeMatch | None = None

    def located(self, ip: str) -> LocatedEndpoint:
        """The answer for one address of the network (``ip`` in canonical form)."""
        return LocatedEndpoint(
            Endpoint(ip),
            self.scope,
            self.location,
            self.network,
            self.notes,
            self.provider,
            self.verdict,
            self.edge,
        )


# (databases' locations, cloud region, at an edge, provider key): what placing a network and
# its verdict depend on (see Assembler).
_PlacedKey = tuple[tuple[Location, ...], Location | None, EdgeKind | None, str | None]

SPECIAL_ANSWERS = {scope: NetworkAnswer(scope) for scope in AddressScope}
"""The answer for a special address (never located): its scope alone."""


class Assembler:
    """Steps 2 to 6 of the chain (see ``app.core.geo.locator``) for one combination of
    sources. Thread-safe: its memos need no lock (``Memo``)."""

    __slots__ = ("_parts", "_placed_memo", "_stated_edges")

    def __init__(self, parts: Parts, cache_size: int) -> None:
        self._parts = parts
        # Where, with which notes and under which law, per (databases' locations, cloud region,
        # at an edge, provider key): thousands of networks share them (one country, no cloud
        # range, no known provider), so each is worked out once.
        self._placed_memo: Memo[
            _PlacedKey, tuple[Location | None, tuple[Message, ...], Verdict | None]
        ]
        self._placed_memo = Memo(cache_size)
        # Edges the databases state (anycast, CDN user type): one per source and kind.
        self._stated_edges: dict[tuple[str, EdgeKind], EdgeMatch] = {}

    def answer(
        self, locations: tuple[Location, ...], network: Network | None, place: Place
    ) -> NetworkAnswer:
        """The answer for a public network from the databases' ``locations`` (caller's order),
        their merged ``network``, and the published lists' ``place``."""
        parts = self._parts
        edge = place.edge
        if edge is None and network is not None and network.asn is not None:
            edge = parts.lists.edge_asns.get(network.asn)
        provider = None
        if parts.providers is not None:
            provider = network_provider(parts.providers, place.cloud, edge, network)
        if edge is None:
            edge = provider_edge(provider, network) or self._stated_edge(locations, network)
        at_edge = edge.kind if edge is not None else None
        location, notes, verdict = self._placed(locations, place.region, at_edge, provider)
        return NetworkAnswer(AddressScope.PUBLIC, location, network, notes, provider, verdict, edge)

    def _placed(
        self,
        locations: tuple[Location, ...],
        region: Location | None,
        at_edge: EdgeKind | None,
        provider: Provider | None,
    ) -> tuple[Location | None, tuple[Message, ...], Verdict | None]:
        """``placed`` and the verdict, worked out once per key (see ``__init__``)."""
        key = (locations, region, at_edge, provider.key if provider else None)
        try:
            known = self._placed_memo.get(key)
        except TypeError:  # an unhashable value read from a hostile file: no memo
            return self._place_and_judge(locations, region, at_edge, provider)
        if known is None:
            known = self._place_and_judge(locations, region, at_edge, provider)
            self._placed_memo.put(key, known)
        return known

    def _place_and_judge(
        self,
        locations: tuple[Location, ...],
        region: Location | None,
        at_edge: EdgeKind | None,
        provider: Provider | None,
    ) -> tuple[Location | None, tuple[Message, ...], Verdict | None]:
        home = provider.headquarters if provider is not None else None
        location, notes = placed(locations, region, at_edge, home)
        return location, notes, law(self._parts.jurisdictions, location, provider, at_edge)

    def clear(self) -> None:
        """Forget what was worked out (the locator is closing)."""
        self._placed_memo.clear()

    def _stated_edge(
        self, locations: tuple[Location, ...], network: Network | None
    ) -> EdgeMatch | None:
        stated = stated_edge(locations, network)
        if stated is None:
            return None
        found = self._stated_edges.get(stated)
        if found is None:
            found = self._stated_edges[stated] = stated_edge_match(*stated)  # as many as sources
        return found


def placed(
    locations: Sequence[Location],
    region: Location | None,
    at_edge: EdgeKind | None,
    operator_home: str | None = None,
) -> tuple[Location | None, tuple[Message, ...]]:
    """Where the data are, and the notes of the sources overruled on the way: the most specific
    database answer, then a cloud region, then the edge rule (``edge_location``, with the home
    country of the company that runs the network), then a represented country."""
    notes: list[Message] = []
    location = most_specific(locations, notes)
    if not stated_place(location, locations):
        location = with_accuracy(location)
    if location is not None and location.registration_only:
        notes.append(
            message(
                "{source} gives only the country where the network is registered ({country}), "
                "not where it is used",
                source=source_message(location.source),
                country=location.country_code,
            )
        )
    if region is not None and region_wins(region, location):
        if location is not None and disagree(location, region):
            notes.append(
                message(
                    "{source} places it in {place}, not {other}",
                    source=source_message(location.source),
                    place=where(location),
                    other=where(region),
                )
            )
        location = region
    if at_edge is not None:
        location = edge_location(location, at_edge, operator_home)
    if location is not None and location.represented_country not in (None, location.country_code):
        notes.append(
            message(
                "{source}: the network is run for {country} (represented country); "
                "{country}'s law applies",
                source=source_message(location.source),
                country=location.represented_country,
            )
        )
    return location, tuple(dict.fromkeys(notes))


def stated_place(location: Location | None, locations: Sequence[Location]) -> bool:
    """The answer's point and radius come from a file that names no country (a location-only
    record, its country taken from another file): the radius is that file's promise about its
    point, not a country's, so it is kept as stated (``app.core.geo.radius``)."""
    if location is None or location.accuracy_km is None or location.latitude is None:
        return False
    stated = (location.source, location.latitude, location.longitude, location.accuracy_km)
    return any(
        other.country_code is None
        and (other.source, other.latitude, other.longitude, other.accuracy_km) == stated
        for other in locations
    )
