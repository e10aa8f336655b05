"""How a place on the map is named and described, in plain text built from data.

Qt-free, so the window, exports and the command line say the same. The caller shows the result
as plain text: a city or a host name is data, never markup. Words that are translated today
("(claimed)") stay with the window (app/ui/map/describe.py); these English texts will join the
core catalogues when the app gets them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from app.core.countries import country_name
from app.core.map_marks import MapMark, rank_jurisdictions
from app.core.model import Endpoint, LocationKind
from app.core.text import visible

KIND_LABELS: Mapping[LocationKind, str] = MappingProxyType(
    {
        LocationKind.EXACT: "City or cloud region",
        LocationKind.ZONE: "Country only",
        LocationKind.EDGE: "Edge / anycast",
    }
)

KIND_NOTES: Mapping[LocationKind, str] = MappingProxyType(
    {
        LocationKind.EXACT: "Located to a city or a cloud region.",
        LocationKind.ZONE: (
            "Only the country is known; the mark sits in the middle of the country."
        ),
        LocationKind.EDGE: (
            "Edge / anycast service: the same address is served from many places, "
            "usually the one nearest to you; shown at the point of presence the database names."
        ),
    }
)

LAW_NOTES: Mapping[str, str] = MappingProxyType(
    {
        "EU_GDPR": "Inside the EU/EEA: the GDPR applies directly.",
        "ADEQUACY": (
            "Outside the EU, in a country the EU recognises as protecting data adequately."
        ),
        "US_REACH": (
            "US law (for example the CLOUD Act or FISA section 702) can reach these data."
        ),
        "OTHER": "Another country's law applies, without an EU adequacy decision.",
        "UNKNOWN": "We could not tell which law applies here.",
    }
)

UNKNOWN_COUNTRY = "Unknown country"


@dataclass(frozen=True, slots=True)
class ShownHost:
    """The host name a view shows for an endpoint, and whether it may name the provider."""

    name: str  # made visible (app.core.text.visible)
    confirmed: bool  # its A/AAAA records lead back to the address


def shown_host(endpoint: Endpoint) -> ShownHost | None:
    """The first host name, or None. A PTR name is written by whoever runs the address block:
    until its forward records confirm it, it is only *claimed* and never names the provider."""
    name = endpoint.hostname
    if not name:
        return None
    return ShownHost(visible(name), name in endpoint.confirmed)


def place_title(marks: Sequence[MapMark], language: str | None = None) -> str:
    """ "Dublin, Ireland", "Ireland (country only)" or "5 places near Paris, France"."""
    if not marks:
        return ""
    first = marks[0]
    where = country_name(first.country_code, language) if first.country_code else UNKNOWN_COUNTRY
    if first.city:
        where = f"{first.city}, {where}"
    if len(marks) > 1:
        return f"{len(marks)} places near {where}"
    if first.kind is LocationKind.ZONE:
        return f"{where} (country only)"
    if first.kind is LocationKind.EDGE:
        return f"{where} (edge / anycast)"
    return where


def law_summary(marks: Sequence[MapMark]) -> list[tuple[str, int, str]]:
    """(regime name, endpoints, explanation) for the regimes at these marks: most endpoints
    first, ties in the one order of reach (map_marks.rank_jurisdictions)."""
    totals: Counter[str] = Counter()
    for mark in marks:
        for name, count in mark.jurisdictions:
            totals[name] += count
    return [(name, count, LAW_NOTES.get(name, "")) for name, count in rank_jurisdictions(totals)]
