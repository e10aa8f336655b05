"""The window's words for places on the map: tooltips and the "(claimed)" mark on host names.

What to name and how to order it is decided in app.core.places; this module adds the words that
are translated today and assembles tooltips. Everything here is plain text built from data
(host names, cities, provider names), so the callers must show it as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.map_marks import MapMark
from app.core.model import Endpoint, LocationKind
from app.core.places import KIND_NOTES, law_summary, place_title, shown_host
from app.ui.palette import jurisdiction_label
from app.ui.qt import QCoreApplication

MAX_TOOLTIP_ROWS = 6


def host_label(endpoint: Endpoint, claimed: str | None = None) -> str:
    """The first host name, made visible, marked "(claimed)" when it does not lead back here.

    ``claimed`` is the translated "%1 (claimed)", for callers that looked it up already (the
    table formats off the GUI thread).
    """
    host = shown_host(endpoint)
    if host is None:
        return ""
    if host.confirmed:
        return host.name
    if claimed is None:
        claimed = QCoreApplication.translate("describe", "%1 (claimed)")
    return claimed.replace("%1", host.name)


def claimed_note() -> str:
    """Why a name is marked "(claimed)", for its tool tip."""
    return QCoreApplication.translate(
        "describe",
        "Claimed by whoever runs this address block: the name does not resolve back to this "
        "address, so it does not decide who runs the server.",
    )


def entry_line(mark: MapMark, index: int) -> str:
    entry = mark.entries[index]
    host = host_label(entry.located.endpoint)
    parts = [host or entry.ip]
    if host:
        parts.append(entry.ip)
    if entry.provider:
        parts.append(entry.provider)
    return " — ".join(parts)


def tooltip_text(marks: Sequence[MapMark]) -> str:
    """Host, provider, city, country and regime of what is at a spot, in a few lines."""
    if not marks:
        return ""
    endpoints = sum(m.count for m in marks)
    lines = [place_title(marks)]
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
