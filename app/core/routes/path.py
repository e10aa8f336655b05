"""A traced path in the terms of the app: each hop located, and where the path crosses the line
between the EU/EEA (where the GDPR applies by location) and the rest of the world.

Which countries are in is the project's one list, ``Jurisdictions.gdpr_area`` (EU members, EEA
members and EU territories, from resources/jurisdictions.toml). A hop counts where its first
answering address is located; private and reserved hops (a home router, a provider's internal
10.x network) are classified by ``app.core.addresses`` and never located, and like silent hops
(``*``) and hops without a known country they change nothing: the path is taken to stay where
it was last seen. So "leaves the EU at hop 5 (United States) and comes back at hop 9" names
the first hop seen outside and the first hop seen inside again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from gettext import NullTranslations
from typing import Protocol

from app.core.countries import country_name
from app.core.i18n import N_, language_of
from app.core.jurisdiction import default_jurisdictions
from app.core.model import LocatedEndpoint
from app.core.routes.traceroute import Hop, TracedPath


class Locates(Protocol):
    """What a path needs of a locator (``app.core.geo.locator.Locator`` is one)."""

    def locate(
        self, ip: str, hostnames: Sequence[str] = (), confirmed: Sequence[str] = ()
    ) -> LocatedEndpoint: ...


class Crossing(StrEnum):
    """A step over the EU/EEA's border along the path."""

    LEAVES = "leaves"  # from a hop in the EU/EEA to one outside
    ENTERS = "enters"  # from a hop outside (or the start) to one inside, after one outside


@dataclass(frozen=True, slots=True)
class BorderCrossing:
    """Where the path crosses: the hop first seen on the other side and that hop's country."""

    kind: Crossing
    hop: int
    country_code: str


@dataclass(frozen=True, slots=True)
class LocatedHop:
    """One hop with every address that answered located (silent hops have none)."""

    hop: Hop
    endpoints: tuple[LocatedEndpoint, ...]

    @property
    def number(self) -> int:
        return self.hop.number

    @property
    def located(self) -> LocatedEndpoint | None:
        """The first answering address's answer; None for a silent hop."""
        return self.endpoints[0] if self.endpoints else None

    @property
    def country_code(self) -> str | None:
        """The country the hop is located in; None when silent, private or unknown."""
        located = self.located
        if located is None or not located.scope.is_locatable or located.location is None:
            return None
        return located.location.country_code


@dataclass(frozen=True, slots=True)
class LocatedPath:
    """A traced path, its hops located, and its crossings of the EU/EEA border in order."""

    path: TracedPath
    hops: tuple[LocatedHop, ...]
    crossings: tuple[BorderCrossing, ...]
    gdpr_area: frozenset[str]

    def in_gdpr_area(self, hop: LocatedHop) -> bool | None:
        """Whether the hop stands in the EU/EEA; None when its country is unknown."""
        code = hop.country_code
        return None if code is None else code in self.gdpr_area

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries the path passes through, in order of first sight."""
        return tuple(dict.fromkeys(h.country_code for h in self.hops if h.country_code))

    @property
    def unplaced(self) -> int:
        """Hops that answered from the Internet but have no known country (an edge placed only
        at its operator's home, an address no database knows): the path may cross more."""
        return sum(
            1
            for hop in self.hops
            if hop.located is not None and hop.located.scope.is_locatable and not hop.country_code
        )


def locate_path(
    path: TracedPath,
    locator: Locates,
    names: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None,
    gdpr_area: frozenset[str] | None = None,
) -> LocatedPath:
    """Locate every answering address of ``path`` (``names``: per address, its host names and
    the confirmed ones, e.g. from PTR) and find where it crosses the EU/EEA border
    (``gdpr_area`` defaults to the shipped jurisdictions' list)."""
    area = default_jurisdictions().gdpr_area if gdpr_area is None else gdpr_area
    known = names or {}
    hops = tuple(
        LocatedHop(hop, tuple(locator.locate(ip, *known.get(ip, ((), ()))) for ip in hop.addresses))
        for hop in path.hops
    )
    return LocatedPath(path, hops, border_crossings(hops, area), area)


def border_crossings(
    hops: Sequence[LocatedHop], gdpr_area: frozenset[str]
) -> tuple[BorderCrossing, ...]:
    """Each change between inside and outside the EU/EEA, between hops with a known country.

    The first known hop sets where the path starts; a path that starts outside and comes in
    has an ENTERS with no LEAVES before it.
    """
    crossings: list[BorderCrossing] = []
    inside: bool | None = None
    for hop in hops:
        code = hop.country_code
        if code is None:
            continue
        now_inside = code in gdpr_area
        if inside is not None and now_inside != inside:
            kind = Crossing.ENTERS if now_inside else Crossing.LEAVES
            crossings.append(BorderCrossing(kind, hop.number, code))
        inside = now_inside
    return tuple(crossings)


# The summary's sentences: whole templates, so a translation can reorder them.
_STAYS = N_("This path stays in the EU/EEA.")
_NEVER = N_("This path never passes through the EU/EEA.")
_UNKNOWN = N_("No hop of this path could be placed in a country.")
_FIRST = {
    Crossing.LEAVES: N_("This path leaves the EU/EEA at hop {hop} ({country})."),
    Crossing.ENTERS: N_("This path enters the EU/EEA at hop {hop} ({country})."),
}
_LATER = {
    Crossing.LEAVES: N_("It then leaves the EU/EEA at hop {hop} ({country})."),
    Crossing.ENTERS: N_("It comes back into the EU/EEA at hop {hop} ({country})."),
}


def summary(located: LocatedPath, tr: NullTranslations) -> str:
    """The path's jurisdiction changes in words, in ``tr``'s language: "This path leaves the
    EU/EEA at hop 5 (United States). It comes back into the EU/EEA at hop 9 (Germany)."."""
    codes = [hop.country_code for hop in located.hops if hop.country_code]
    if not codes:
        return tr.gettext(_UNKNOWN)
    if not located.crossings and located.unplaced:
        inside = codes[0] in located.gdpr_area
        return (
            tr.ngettext(
                "The hops placed are in the EU/EEA; {count} other hop could not be placed.",
                "The hops placed are in the EU/EEA; {count} other hops could not be placed.",
                located.unplaced,
            )
            if inside
            else tr.ngettext(
                "No hop placed is in the EU/EEA; {count} other hop could not be placed.",
                "No hop placed is in the EU/EEA; {count} other hops could not be placed.",
                located.unplaced,
            )
        ).format(count=located.unplaced)
    if not located.crossings:
        return tr.gettext(_STAYS if codes[0] in located.gdpr_area else _NEVER)
    language = language_of(tr)
    sentences = []
    for index, crossing in enumerate(located.crossings):
        template = (_FIRST if index == 0 else _LATER)[crossing.kind]
        sentences.append(
            tr.gettext(template).format(
                hop=crossing.hop, country=country_name(crossing.country_code, language)
            )
        )
    return " ".join(sentences)
