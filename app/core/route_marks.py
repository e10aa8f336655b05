"""A route as every view shows it: numbered stops, where each one is, and under which law.

Mail routes (Received headers) and network paths (a traceroute) both end here, so the map, the
route list and the command line draw one kind of thing. A stop that cannot be placed (a private
hop, a hop that did not answer) keeps its number and says why in `note`; the map draws the legs
between the stops it can place. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.geo.world import World
from app.core.jurisdiction import default_jurisdictions
from app.core.map_marks import provider_label
from app.core.model import LocatedEndpoint, LocationKind

UNKNOWN_LAW = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class RouteStop:
    """One hop of a route, numbered from the start."""

    number: int
    label: str  # what the hop calls itself (a host name: data), or ""
    ip: str | None
    located: LocatedEndpoint | None  # None: private, missing or not answered: not placed
    trusted: bool = True  # False: only claimed by the next server (a mail hop)
    note: str = ""  # why it is not placed or not trusted, a plain sentence

    @property
    def law(self) -> str:
        found = self.located.verdict if self.located is not None else None
        return found.category.value if found is not None else UNKNOWN_LAW

    @property
    def company(self) -> str:
        return (provider_label(self.located) or "") if self.located is not None else ""

    @property
    def country(self) -> str:
        where = self.located.location if self.located is not None else None
        return (where.country_code or "") if where is not None else ""


@dataclass(frozen=True, slots=True)
class ShownRoute:
    """A route to show: its title, its stops in order, and a sentence that sums it up."""

    title: str
    stops: tuple[RouteStop, ...]
    summary: str = ""


class Crossing(StrEnum):
    """Where a route crosses the EU/EEA border: the first stop outside, or back inside."""

    NONE = ""
    LEAVES = "leaves"
    ENTERS = "enters"


@dataclass(frozen=True, slots=True)
class RoutePoint:
    """Where the map draws a stop: (lon, lat) in degrees, with its number and law, and whether
    the route crosses the EU/EEA border there."""

    number: int
    lon: float
    lat: float
    law: str
    trusted: bool
    crossing: Crossing = Crossing.NONE


def route_points(
    route: ShownRoute, world: World, gdpr_area: frozenset[str] | None = None
) -> tuple[RoutePoint, ...]:
    """The stops the map can place, in order: the database's point where it has one (not an
    edge's: anycast has no one place), else the country's representative point; each trusted
    stop whose country is on the other side of the EU/EEA border from the last known one is
    marked where the route leaves or comes back."""
    area = gdpr_area if gdpr_area is not None else default_jurisdictions().gdpr_area
    inside: bool | None = None
    points = []
    for stop in route.stops:
        where = stop.located.location if stop.located is not None else None
        if where is None:
            continue
        lon, lat = where.longitude, where.latitude
        if where.kind in (LocationKind.ZONE, LocationKind.EDGE) or lon is None or lat is None:
            point = world.representative_point((where.country_code or "").upper())
            if point is None:
                continue
            lon, lat = point
        crossing = Crossing.NONE
        if stop.trusted and stop.country:
            now = stop.country.upper() in area
            if inside is not None and now != inside:
                crossing = Crossing.ENTERS if now else Crossing.LEAVES
            inside = now
        points.append(RoutePoint(stop.number, lon, lat, stop.law, stop.trusted, crossing))
    return tuple(points)
