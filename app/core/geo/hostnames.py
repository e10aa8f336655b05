"""Step 5's host-name clue: what an address's names add to its network's answer.

A PTR name is written by whoever runs the address block, so only a *confirmed* name (one that
resolves back to the address, or the name that was asked for) may name the provider, and only
when the network names none or the same one; a region code in a provider's own host name
("s3.eu-west-3.amazonaws.com") then locates the address. A merely claimed name that points
elsewhere is noted, never believed.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.geo.cloud import LOCATION_SOURCE as CLOUD_SOURCE
from app.core.geo.cloud import CloudRegionTable
from app.core.geo.labels import ZONE_SOURCE_PREFIX, source_message
from app.core.geo.precedence import HOSTNAME_SOURCE, disagree, law, where, with_accuracy
from app.core.geo.published import Parts
from app.core.i18n import Message, message
from app.core.model import AddressScope, LocatedEndpoint, Location, LocationKind
from app.core.providers import MatchKind, Provider, ProviderRegistry, normalise_hostname


def with_names(
    base: LocatedEndpoint, parts: Parts, hostnames: tuple[str, ...], confirmed: tuple[str, ...]
) -> LocatedEndpoint:
    """``base`` (the network's answer) known by ``hostnames``, refined by the confirmed ones.

    A confirmed name naming another provider than the network's (ASN, cloud range, edge
    operator) does not win: the network's answer stays, and the disagreement is noted.
    """
    base = base.with_hostnames(hostnames, confirmed)
    registry = parts.providers
    if base.scope is not AddressScope.PUBLIC or registry is None:
        return base
    network = base.network
    trusted = tuple(name for name in hostnames if name in confirmed)
    match = (
        registry.match(
            network.asn if network else None, network.organisation if network else None, trusted
        )
        if trusted
        else None
    )
    if match is None or match.kind is not MatchKind.HOSTNAME:
        return _with_claims(base, registry, hostnames, confirmed)
    named = match.provider
    if base.provider is not None and base.provider.key != named.key:
        return _noted(
            base,
            message(
                "host name {name} is {provider}'s; the network is {network}'s",
                name=match.evidence,
                provider=named.name,
                network=base.provider.name,
            ),
        )
    notes = list(base.notes)
    hint = _region_hint(parts.lists.regions, named, trusted)
    location = _hinted_location(base.location, hint, notes)
    return LocatedEndpoint(
        base.endpoint,
        base.scope,
        location,
        network,
        tuple(dict.fromkeys(notes)),
        named,
        law(parts.jurisdictions, location, named, base.edge.kind if base.edge else None),
        base.edge,
    )


def _hinted_location(
    location: Location | None, hint: Location | None, notes: list[Message]
) -> Location | None:
    """The host name's region beats a database's guess, not the cloud provider's own ranges,
    and never moves an edge (its serving point is unknown whatever the name says)."""
    if hint is None or (location is not None and location.kind is LocationKind.EDGE):
        return location
    if location is not None and (
        location.source == CLOUD_SOURCE or location.source.startswith(ZONE_SOURCE_PREFIX)
    ):
        if disagree(location, hint):
            notes.append(
                message(
                    "host name places it in {place}, not {other}",
                    place=where(hint),
                    other=where(location),
                )
            )
        return location
    if location is not None and disagree(location, hint):
        notes.append(
            message(
                "{source} places it in {place}, not {other}",
                source=source_message(location.source),
                place=where(location),
                other=where(hint),
            )
        )
    return hint


def _with_claims(
    base: LocatedEndpoint,
    registry: ProviderRegistry,
    hostnames: tuple[str, ...],
    confirmed: tuple[str, ...],
) -> LocatedEndpoint:
    """The network's answer, noting an unconfirmed name that claims another provider."""
    for name in hostnames:
        if name in confirmed:
            continue
        claimed = registry.by_hostname(name)
        if claimed is not None and (base.provider is None or claimed is not base.provider):
            return _noted(
                base,
                message(
                    "host name {name} claims {provider}, unconfirmed",
                    name=normalise_hostname(name),
                    provider=claimed.name,
                ),
            )
    return base


def _noted(base: LocatedEndpoint, note: Message) -> LocatedEndpoint:
    return replace(base, notes=tuple(dict.fromkeys((*base.notes, note))))


def _region_hint(
    regions: CloudRegionTable | None, provider: Provider, hostnames: tuple[str, ...]
) -> Location | None:
    """A cloud region code among the labels of one of the provider's own host names."""
    if regions is None:
        return None
    for hostname in hostnames:
        name = normalise_hostname(hostname)
        domain = next((d for d in provider.domains if name == d or name.endswith("." + d)), None)
        if domain is None:
            continue
        for label in name[: -len(domain)].split("."):
            region = regions.get(provider.key, label) if label else None
            location = region.location if region is not None else None
            if location is not None:
                return with_accuracy(
                    Location(
                        location.country_code,
                        location.city,
                        location.latitude,
                        location.longitude,
                        location.accuracy_km,
                        HOSTNAME_SOURCE,
                        location.kind,
                    )
                )
    return None
