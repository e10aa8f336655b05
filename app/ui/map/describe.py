"""Plain-text descriptions of places on the map, for tooltips, the side panel and the legend.

Everything here returns plain text built from data (host names, cities, provider names), so the
callers must show it as plain text: a host name is data, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.countries import country_name as core_country_name
from app.core.geo.world import World
from app.core.map_marks import MapMark
from app.core.model import Endpoint, LocationKind
from app.core.text import visible
from app.ui.palette import jurisdiction_label
from app.ui.qt import QCoreApplication

KIND_LABELS = {
    LocationKind.EXACT: "City or cloud region",
    LocationKind.ZONE: "Country only",
    LocationKind.EDGE: "Edge / anycast",
}

KIND_NOTES = {
    LocationKind.EXACT: "Located to a city or a cloud region.",
    LocationKind.ZONE: "Only the country is known; the mark sits in the middle of the country.",
    LocationKind.EDGE: (
        "Edge / anycast service: the same address is served from many places, "
        "usually the one nearest to you; shown at the point of presence the database names."
    ),
}

LAW_NOTES = {
    "EU_GDPR": "Inside the EU/EEA: the GDPR applies directly.",
    "ADEQUACY": "Outside the EU, in a country the EU recognises as protecting data adequately.",
    "US_REACH": "US law (for example the CLOUD Act or FISA section 702) can reach these data.",
    "OTHER": "Another country's law applies, without an EU adequacy decision.",
    "UNKNOWN": "We could not tell which law applies here.",
}

MAX_TOOLTIP_ROWS = 6


def host_label(endpoint: Endpoint, claimed: str | None = None) -> str:
    """The first host name, made visible, marked "(claimed)" when it does not lead back here.

    A PTR name is written by whoever runs the address block; until its A/AAAA records confirm
    it, it is shown for what it is and never names the provider. ``claimed`` is the translated
    "%1 (claimed)", for callers that looked it up already (the table formats off the GUI thread).
    """
    name = endpoint.hostname
    if not name:
        return ""
    if name in endpoint.confirmed:
        return visible(name)
    if claimed is None:
        claimed = QCoreApplication.translate("describe", "%1 (claimed)")
    return claimed.replace("%1", visible(name))


def claimed_note() -> str:
    """Why a name is marked "(claimed)", for its tool tip."""
    return QCoreApplication.translate(
        "describe",
        "Claimed by whoever runs this address block: the name does not resolve back to this "
        "address, so it does not decide who runs the server.",
    )


def country_name(world: World, code: str | None) -> str:
    """The name the whole app uses (app.core.countries, CLDR), not the map shapes' own."""
    if not code:
        return "Unknown country"
    return core_country_name(code)


def place_title(world: World, marks: Sequence[MapMark]) -> str:
    """ "Dublin, Ireland", "Ireland (country only)" or "5 places near Paris, France"."""
    if not marks:
        return ""
    first = marks[0]
    where = country_name(world, first.country_code)
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
    """(regime name, endpoints, explanation) for the regimes at these marks, most first."""
    totals: dict[str, int] = {}
    for mark in marks:
        for name, count in mark.jurisdictions:
            totals[name] = totals.get(name, 0) + count
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(name, count, LAW_NOTES.get(name, "")) for name, count in ordered]


def entry_line(mark: MapMark, index: int) -> str:
    entry = mark.entries[index]
    host = host_label(entry.located.endpoint)
    parts = [host or entry.ip]
    if host:
        parts.append(entry.ip)
    if entry.provider:
        parts.append(entry.provider)
    return " — ".join(parts)


def tooltip_text(world: World, marks: Sequence[MapMark]) -> str:
    """Host, provider, city, country and regime of what is at a spot, in a few lines."""
    if not marks:
        return ""
    endpoints = sum(m.count for m in marks)
    lines = [place_title(world, marks)]
    law = law_summary(marks)
    lines.append(
        "Law: " + ", ".join(f"{jurisdiction_label(name)} ({count})" for name, count, _ in law)
        if len(law) > 1
        else f"Law: {jurisdiction_label(law[0][0])}"
    )
    if len(marks) == 1 and marks[0].kind is not LocationKind.EXACT:
        lines.append(KIND_NOTES[marks[0].kind])
    rows = [(mark, i) for mark in marks for i in range(mark.count)]
    for mark, i in rows[:MAX_TOOLTIP_ROWS]:
        line = entry_line(mark, i)
        if len(marks) > 1 and mark.city:
            line += f" ({mark.city})"
        lines.append("• " + line)
    if len(rows) > MAX_TOOLTIP_ROWS:
        lines.append(f"… and {len(rows) - MAX_TOOLTIP_ROWS} more")
    lines.append(f"{endpoints} endpoint{'s' if endpoints != 1 else ''} — click for details")
    return "\n".join(lines)
