"""The window's words for places on the map: tooltips and the "(claimed)" mark on host names.

What to name and how to order it is decided in app.core.places (in the language given); this
module adds the window's own words (Qt catalogue) and assembles tooltips. Everything here is
plain text built from data (host names, cities, provider names), so the callers must show it as
plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.anonymise import AS_IS, Shown, shown_endpoint
from app.core.map_marks import MapMark
from app.core.model import Endpoint, LocationKind
from app.core.places import kind_note, law_summary, place_title, shown_host
from app.ui.i18n import window_language
from app.ui.palette import jurisdiction_label
from app.ui.qt import QCoreApplication, QLocale

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


def entry_line(mark: MapMark, index: int, shown: Shown = AS_IS) -> str:
    entry = mark.entries[index]
    host = host_label(shown_endpoint(entry.located.endpoint, shown))
    ip = shown.ip(entry.ip)
    parts = [host or ip]
    if host:
        parts.append(ip)
    if entry.provider:
        parts.append(entry.provider)
    return " — ".join(parts)


def item_title(marks: Sequence[MapMark], language: str | None = None) -> str:
    """A spot's title that counts what its mark shows: a cluster's mark shows its endpoints,
    so "7 endpoints in 2 places near United States", not only "2 places near …"."""
    return _TOOLTIP.title(marks, language or window_language())


def tooltip_text(
    marks: Sequence[MapMark], language: str | None = None, shown: Shown = AS_IS
) -> str:
    """Host, provider, city, country and regime of what is at a spot, in a few lines.

    ``language`` is the window's (the map widget passes its own); None: the one the translators
    were installed for. Country names and numbers follow it, sentences come from the catalogue.
    """
    return shown.text(_TOOLTIP.text(marks, language or window_language(), shown))


class MapTooltip:
    """Writes the map's tooltips. A class with ``self.tr`` (like a QObject's) because lupdate
    reads plural forms from ``self.tr(text, "", n)`` calls, not from ``translate`` calls whose
    count is a variable; the context is the class name, as lupdate gives it."""

    def tr(self, text: str, disambiguation: str = "", n: int = -1) -> str:
        return QCoreApplication.translate("MapTooltip", text, disambiguation, n)

    def title(self, marks: Sequence[MapMark], language: str) -> str:
        place = place_title(marks, language)
        if len(marks) < 2:
            return place
        endpoints = sum(m.count for m in marks)
        return self.tr("%n endpoints in {places}", "", endpoints).format(places=place)

    def text(self, marks: Sequence[MapMark], language: str, shown: Shown = AS_IS) -> str:
        if not marks:
            return ""
        locale = QLocale(language)
        endpoints = sum(m.count for m in marks)
        lines = [self.title(marks, language)]
        law = law_summary(marks, language)
        if len(law) > 1:
            count_template = self.tr("{law} ({count})")
            laws = ", ".join(
                count_template.format(law=jurisdiction_label(name), count=locale.toString(count))
                for name, count, _ in law
            )
        else:
            laws = jurisdiction_label(law[0][0])
        lines.append(self.tr("Law: {laws}").format(laws=laws))
        counted = {name for name, _, _ in law}
        also = dict.fromkeys(n for m in marks for n in m.laws if n not in counted)
        if also:  # a company's home law reaching a place abroad: told in words, not colour only
            lines.append(
                self.tr("Also reached by: {laws}").format(
                    laws=", ".join(jurisdiction_label(n) for n in also)
                )
            )
        if len(marks) == 1 and marks[0].kind is not LocationKind.EXACT:
            lines.append(kind_note(marks[0].kind, language))
        rows = [(mark, i) for mark in marks for i in range(mark.count)]
        for mark, i in rows[:MAX_TOOLTIP_ROWS]:
            line = entry_line(mark, i, shown)
            if len(marks) > 1 and mark.city:
                line += f" ({mark.city})"
            lines.append("• " + line)
        if len(rows) > MAX_TOOLTIP_ROWS:
            lines.append(self.tr("… and %Ln more", "", len(rows) - MAX_TOOLTIP_ROWS))
        lines.append(self.tr("%Ln endpoints — click for details", "", endpoints))
        return "\n".join(lines)


_TOOLTIP = MapTooltip()
