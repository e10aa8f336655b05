"""How a place on the map is named and described, in plain text built from data.

Qt-free, so the window, exports and the command line say the same. The caller shows the result
as plain text: a city or a host name is data, never markup. The tables hold English source
texts marked for the core catalogue; `kind_label`, `kind_note` and `law_note` give them in a
language, `place_title` and `law_summary` take the language too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from app.core.countries import country_name
from app.core.i18n import N_, translations
from app.core.map_marks import MapMark, rank_jurisdictions
from app.core.model import Endpoint, LocationKind
from app.core.text import visible

KIND_LABELS: Mapping[LocationKind, str] = MappingProxyType(
    {
        LocationKind.EXACT: N_("City or cloud region"),
        LocationKind.ZONE: N_("Country only"),
        LocationKind.EDGE: N_("Edge / anycast"),
    }
)

KIND_NOTES: Mapping[LocationKind, str] = MappingProxyType(
    {
        LocationKind.EXACT: N_("Located to a city or a cloud region."),
        LocationKind.ZONE: (
            N_("Only the country is known; the mark sits in the middle of the country.")
        ),
        LocationKind.EDGE: (
            N_(
                "Edge / anycast service: the same address is served from many places, "
                "usually the one nearest to you; shown at the point of presence the database names."
            )
        ),
    }
)

LAW_NOTES: Mapping[str, str] = MappingProxyType(
    {
        "EU_GDPR": N_("Inside the EU/EEA: the GDPR applies directly."),
        "ADEQUACY": (
            N_("Outside the EU, in a country the EU recognises as protecting data adequately.")
        ),
        "US_REACH": (
            N_("US law (for example the CLOUD Act or FISA section 702) can reach these data.")
        ),
        "OTHER": N_("Another country's law applies, without an EU adequacy decision."),
        "UNKNOWN": N_("We could not tell which law applies here."),
    }
)

UNKNOWN_COUNTRY = N_("Unknown country")


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


def kind_label(kind: LocationKind, language: str | None = None) -> str:
    """The legend's name of a kind of place, in ``language``."""
    return translations(language or "en").gettext(KIND_LABELS[kind])


def kind_note(kind: LocationKind, language: str | None = None) -> str:
    """What a kind of place means, in ``language``."""
    return translations(language or "en").gettext(KIND_NOTES[kind])


def law_note(name: str, language: str | None = None) -> str:
    """What a regime means for the data ("" for an unknown name), in ``language``."""
    note = LAW_NOTES.get(name, "")
    return translations(language or "en").gettext(note) if note else ""


def place_title(marks: Sequence[MapMark], language: str | None = None) -> str:
    """ "Dublin, Ireland", "Ireland (country only)" or "5 places near Paris, France"."""
    if not marks:
        return ""
    tr = translations(language or "en")
    first = marks[0]
    country = (
        country_name(first.country_code, language)
        if first.country_code
        else tr.gettext(UNKNOWN_COUNTRY)
    )
    if first.city:
        where = tr.gettext("{city}, {country}").format(city=first.city, country=country)
    else:
        where = country
    if len(marks) > 1:
        return tr.ngettext(
            "{count} place near {place}", "{count} places near {place}", len(marks)
        ).format(count=len(marks), place=where)
    if first.kind is LocationKind.ZONE:
        return tr.gettext("{place} (country only)").format(place=where)
    if first.kind is LocationKind.EDGE:
        return tr.gettext("{place} (edge / anycast)").format(place=where)
    return where


def law_summary(
    marks: Sequence[MapMark], language: str | None = None
) -> list[tuple[str, int, str]]:
    """(regime name, endpoints, explanation in ``language``) for the regimes at these marks:
    most endpoints first, ties in the one order of reach (map_marks.rank_jurisdictions)."""
    totals: Counter[str] = Counter()
    for mark in marks:
        for name, count in mark.jurisdictions:
            totals[name] += count
    return [(name, count, law_note(name, language)) for name, count in rank_jurisdictions(totals)]
