"""Whether the companies at a place hold the French hosting certificates, in the reader's words.

French law lets only a certified host keep health data for others (HDS, Code de la santé publique
art. L.1111-8), and ANSSI qualifies cloud offers under SecNumCloud. providers.toml records what a
dated source says each company holds and for which offers (`Certification`). A certificate covers
a scope, never every address a company runs, so the sentences say the address *may* lie outside
it; and a company with nothing recorded is said to have nothing recorded, not to have no
certificate. Qt-free: the place panel and the report share these sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from gettext import NullTranslations
from types import MappingProxyType
from urllib.parse import urlsplit

from app.core.i18n import DEFAULT_LANGUAGE, N_, base_language, format_day_of, language_of
from app.core.model import LocatedEndpoint
from app.core.providers import Certification, CertificationScheme, Provider

# Companies that keep people's data on their machines: the ones the health-data law concerns.
# A CDN edge, an ISP or a search engine gets no "no certificate" line (it would be noise).
HOSTING_CATEGORIES = frozenset({"cloud", "hosting", "storage"})

_HELD = MappingProxyType(
    {
        CertificationScheme.HDS: N_(
            "{company} is certified to host health data (HDS) for: {scope}. Source: {source}"
            " (as of {date}). Addresses here may lie outside that scope."
        ),
        CertificationScheme.SECNUMCLOUD: N_(
            "{company} holds ANSSI's SecNumCloud qualification for: {scope}. Source: {source}"
            " (as of {date}). Addresses here may lie outside that scope."
        ),
    }
)
_NO_HDS = N_(
    "No HDS certificate recorded for {company}: French law (Code de la santé publique,"
    " art. L.1111-8) requires one to host health data for others."
)


def distinct_providers(located: Iterable[LocatedEndpoint]) -> tuple[Provider, ...]:
    """The companies of these answers, each once, in the order first met."""
    found: dict[str, Provider] = {}
    for answer in located:
        if answer.provider is not None:
            found.setdefault(answer.provider.key, answer.provider)
    return tuple(found.values())


def certification_line(
    provider: Provider, held: Certification, tr: NullTranslations, *, short: bool = False
) -> str:
    """One recorded certificate, with its scope (translated), source and date. ``short``: the
    source named by its site only (a narrow panel; the whole address goes in its tooltip)."""
    language = base_language(language_of(tr)) or DEFAULT_LANGUAGE
    source = urlsplit(held.source).netloc or held.source if short else held.source
    return tr.gettext(_HELD[held.scheme]).format(
        company=provider.name,
        scope=tr.gettext(held.scope),
        source=source,
        date=format_day_of(held.as_of, "long", language),
    )


def certification_lines(
    provider: Provider, tr: NullTranslations, *, short: bool = False
) -> tuple[str, ...]:
    """What to say about one company: a line per recorded certificate (HDS first), and for a
    hosting company with no HDS recorded, that none is recorded and why it matters."""
    order = tuple(CertificationScheme)
    held = sorted(provider.certifications, key=lambda c: order.index(c.scheme))
    lines = [certification_line(provider, item, tr, short=short) for item in held]
    hosts = not provider.edge and bool(HOSTING_CATEGORIES.intersection(provider.categories))
    if hosts and not provider.certified(CertificationScheme.HDS):
        lines.append(tr.gettext(_NO_HDS).format(company=provider.name))
    return tuple(lines)
