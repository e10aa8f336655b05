"""Presenter view's words: one sentence about a place, built from data, for a room to read.

A trainer points at a place and the room reads, at the bottom of the screen, where it is, whose
servers are there, the law that reaches furthest there and how many connections, programs and
accounts of the demo use it. The words are whole templates in the core catalogue, so French
can reorder them; names from the network are made printable (`visible`) and shown as plain
text by the caller. `presenter_order` is the order a clicker walks through the places.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from babel.numbers import format_decimal

from app.core.i18n import N_, babel_locale, language_of
from app.core.jurisdiction import Jurisdiction, widest
from app.core.map_marks import MapMark
from app.core.places import place_title
from app.core.text import visible

MAX_COMPANIES = 3  # beyond this, "and 4 more": a caption is read from afar, in one breath

# What the widest law means for the data, as a clause of the caption's sentence.
LAW_CLAUSES: Mapping[str, str] = MappingProxyType(
    {
        "EU_GDPR": N_("the GDPR protects these data"),
        "ADEQUACY": N_("a law the EU deems adequate protects these data"),
        "US_REACH": N_("US law may reach these data"),
        "OTHER": N_("another country's law may reach these data"),
        "UNKNOWN": N_("which law reaches these data is unknown"),
    }
)

KEYS_HELP = N_(
    "→ or Page Down: next place · ← or Page Up: previous · R: reveal · Space or P: pause · "
    "+ and −: bigger or smaller · Esc: leave"
)


def presenter_order(marks: Iterable[MapMark]) -> tuple[MapMark, ...]:
    """The places in the order a presenter walks them: those holding the user's accounts
    first (most accounts first), then by number of connections (most first), then by key, so
    the same data always give the same tour."""
    return tuple(sorted(marks, key=lambda m: (-len(m.accounts), -m.count, m.key)))


def widest_law(marks: Sequence[MapMark]) -> str:
    """The name of the law that reaches furthest among every law reaching these places."""
    names = {law for mark in marks for law in (mark.laws or (mark.jurisdiction,))}
    known = (Jurisdiction(name) for name in names if name in Jurisdiction.__members__)
    return widest(known).value


def companies(marks: Sequence[MapMark]) -> tuple[str, ...]:
    """The companies at these places: the providers the app knows, else the networks' owners."""
    names = [p for m in marks for p in m.providers]
    if not names:
        names = [
            e.located.network.organisation
            for m in marks
            for e in m.entries
            if e.located.network is not None and e.located.network.organisation
        ]
    return tuple(dict.fromkeys(visible(name) for name in names if visible(name)))


def _number(count: int, tr: gettext.NullTranslations) -> str:
    return format_decimal(count, locale=babel_locale(language_of(tr)))


def _companies_text(names: Sequence[str], tr: gettext.NullTranslations) -> str:
    if not names:
        return tr.gettext("an unknown company")
    shown = list(names[:MAX_COMPANIES])
    rest = len(names) - len(shown)
    if rest:
        more = tr.ngettext("{count} more", "{count} more", rest).format(count=_number(rest, tr))
        shown.append(more)
    if len(shown) == 1:
        return shown[0]
    return tr.gettext("{names} and {last}").format(names=", ".join(shown[:-1]), last=shown[-1])


def _counts_text(marks: Sequence[MapMark], tr: gettext.NullTranslations) -> str:
    connections = sum(m.count for m in marks)
    programs = len({p for m in marks for p in m.processes})
    accounts = len({a for m in marks for a in m.accounts})
    parts = [
        tr.ngettext("{count} connection", "{count} connections", connections).format(
            count=_number(connections, tr)
        ),
        tr.ngettext("{count} program", "{count} programs", programs).format(
            count=_number(programs, tr)
        ),
    ]
    if accounts:
        parts.append(
            tr.ngettext("{count} of your accounts", "{count} of your accounts", accounts).format(
                count=_number(accounts, tr)
            )
        )
    # A number never ends a line without its word: "3 connections" is read as one.
    return ", ".join(part.replace(" ", "\u00a0", 1) for part in parts)


def place_caption(marks: Sequence[MapMark], tr: gettext.NullTranslations) -> str:
    """The selected place in one sentence ("Dublin, Ireland: Microsoft and Google — US law
    may reach these data; 12 connections, 3 programs."); the keys' help when none is chosen."""
    if not marks:
        return tr.gettext(KEYS_HELP)
    return tr.gettext("{place}: {companies} — {law}; {counts}.").format(
        place=place_title(marks, language_of(tr)),
        companies=_companies_text(companies(marks), tr),
        law=tr.gettext(LAW_CLAUSES[widest_law(marks)]),
        counts=_counts_text(marks, tr),
    )
