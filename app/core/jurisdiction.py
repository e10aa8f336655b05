"""Which law reaches data: a verdict from what the address does, where it is and who runs it.

Three things decide it. The *role* of the address says what the sentence may claim: only a
company that keeps people's data (mail, photos, drives, cloud storage and databases) *stores*
anything; a CDN edge or front door *serves* copies, a DNS resolver *answers* look-ups, and for
everything else the computer merely *talks to* a server. The *location* puts the traffic or the
data under that country's law (GDPR in the EU and EEA, FISA 702 in the United States…). The
*company* carries its home country's law wherever it operates: a US provider can be ordered
under the CLOUD Act to hand over data kept in Ireland. A parent company abroad adds its own
country's reach. The EU–US Data Privacy Framework is named only for a company on its list.

Who reads the verdict matters too, and is known only when it is shown: for someone who lives
in the EU or EEA, ``Verdict.text(language, home=...)`` adds what the GDPR does for them (Art. 3).

The colour (``Jurisdiction``) is the strongest reach among the regimes that apply, in this order:
US reach, other (non-adequate country), adequacy, GDPR only, unknown. Regime sources, their
"as of" dates, time limits and the country lists live in resources/jurisdictions.toml. This is
general information for people, not legal advice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from babel.dates import format_date

from app.core.countries import country_name, in_country, language_code
from app.core.i18n import (
    DEFAULT_LANGUAGE,
    N_,
    base_language,
    format_day_of,
    language_of,
    translations,
)
from app.core.providers import DpfCertification, Provider, iso_country_codes
from app.core.resources import read_toml, resource_path

logger = logging.getLogger(__name__)

FILE_NAME = "jurisdictions.toml"
# The citation of a company's DPF entry (English in JSON, translated when shown to people).
DPF_LIST_CITATION = N_("EU-U.S. Data Privacy Framework List (active participant)")


class Jurisdiction(StrEnum):
    """Colour category of a verdict, used by every view (value == name, as app/ui/palette keys).

    Members are listed in the order views show them (legend, filter chips); which one reaches
    furthest is ``PRECEDENCE``. These are the app's only two orders of jurisdictions.
    """

    EU_GDPR = "EU_GDPR"
    ADEQUACY = "ADEQUACY"
    US_REACH = "US_REACH"
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"


# The law in a few words, as the window's legend and Law column say it (app/ui/palette.py keeps
# the same words in Qt's catalogue): for the command line and other Qt-free views.
CATEGORY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "EU_GDPR": N_("EU / GDPR"),
        "ADEQUACY": N_("EU adequacy decision"),
        "US_REACH": N_("US law reach"),
        "OTHER": N_("Other jurisdiction"),
        "UNKNOWN": N_("Unknown"),
    }
)

# Each category's colour (Okabe–Ito, darkened for contrast: app/ui/palette.py says why), the same
# on the map, in the table, the legend and reports. A colour never speaks alone.
CATEGORY_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "EU_GDPR": "#008566",  # bluish green: EU/EEA, GDPR applies directly
        "ADEQUACY": "#0072b2",  # blue: an EU adequacy decision (UK, CH, JP, CA…)
        "US_REACH": "#c65a00",  # vermilion: US law reaches it (US soil or a US company)
        "OTHER": "#b8558e",  # reddish purple: another country's law
        "UNKNOWN": "#737a86",  # grey: we could not tell
    }
)


def category_label(category: str, language: str | None = None) -> str:
    """A verdict's category in words ("US law reach"), never its code ("[US_REACH]")."""
    words = CATEGORY_LABELS.get(str(category), CATEGORY_LABELS["UNKNOWN"])
    return translations(language or DEFAULT_LANGUAGE).gettext(words)


class Role(StrEnum):
    """What the address does for the user: it decides whether the sentence may say "stored".

    STORES: a company that keeps people's data (mail, photos, drives, cloud storage, databases);
    SERVES: a CDN edge or front door (copies pass through it, nothing is kept there for you);
    ANSWERS: a DNS resolver or root name server; TALKS: anything else ("your computer talks to…").
    """

    STORES = "stores"
    SERVES = "serves"
    ANSWERS = "answers"
    TALKS = "talks"


# Provider categories (resources/providers.toml) whose service is keeping people's data.
STORAGE_CATEGORIES: frozenset[str] = frozenset({"mail", "photos", "storage", "cloud"})
# Categories that keep data without being storage themselves: a host runs its customers' servers.
_HOLDING_CATEGORIES: frozenset[str] = frozenset({"hosting"})
# Categories of a company whose only business with the user is answering DNS look-ups.
_RESOLVER_CATEGORIES: frozenset[str] = frozenset({"dns", "security"})


def role_of(provider: Provider | None, *, edge: bool = False, resolver: bool = False) -> Role:
    """The role of an address run by *provider*: a public resolver answers, an edge (the
    locator's edge match, or a CDN company) serves and never stores, a company whose every
    service keeps people's data (mail, photos, storage, cloud, hosting) stores, and every other
    address is only talked to. A company that also does other things (an ISP with a mail
    service, a search engine with a photo service) is "talked to": its address alone does not
    tell which service it is, and a broadband or video address is no mailbox."""
    categories = frozenset(provider.categories) if provider is not None else frozenset()
    if resolver or ("dns" in categories and categories <= _RESOLVER_CATEGORIES):
        return Role.ANSWERS
    if edge or (provider is not None and provider.edge):
        return Role.SERVES
    if categories & STORAGE_CATEGORIES and categories <= STORAGE_CATEGORIES | _HOLDING_CATEGORIES:
        return Role.STORES
    return Role.TALKS


# Strongest first: the first category present among a verdict's regimes is its colour.
PRECEDENCE: tuple[Jurisdiction, ...] = (
    Jurisdiction.US_REACH,
    Jurisdiction.OTHER,
    Jurisdiction.ADEQUACY,
    Jurisdiction.EU_GDPR,
    Jurisdiction.UNKNOWN,
)

GDPR = "gdpr"
EU_ADEQUACY = "eu_adequacy"
US_DPF = "us_dpf"
US_CLOUD_ACT = "us_cloud_act"
US_FISA_702 = "us_fisa_702"
CN_INTELLIGENCE = "cn_national_intelligence_law"
CN_DATA_SECURITY = "cn_data_security_law"
RU_SORM = "ru_sorm"
UK_IPA = "uk_ipa"
OTHER = "other"
UNKNOWN = "unknown"

REGIME_KEYS: frozenset[str] = frozenset(
    {
        GDPR,
        EU_ADEQUACY,
        US_DPF,
        US_CLOUD_ACT,
        US_FISA_702,
        CN_INTELLIGENCE,
        CN_DATA_SECURITY,
        RU_SORM,
        UK_IPA,
        OTHER,
        UNKNOWN,
    }
)

_AS_OF = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


class JurisdictionDataError(ValueError):
    """resources/jurisdictions.toml is missing or wrong; the message says where."""


# -- data -------------------------------------------------------------------------------------


class LegalSource(NamedTuple):
    """A legal text a verdict rests on: its citation, where to read it, and when it was checked
    ("YYYY-MM-DD" or "YYYY-MM"; ``format_as_of`` puts it in words)."""

    citation: str
    url: str
    as_of: str


@dataclass(frozen=True, slots=True)
class RegimeStatus:
    """Where a time-limited law stands as of its regime's date: a key of the status sentences
    (``_STATUS_TEXTS``) and the dates that sentence names ("YYYY-MM-DD" or "YYYY-MM")."""

    key: str
    dates: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Regime:
    """A body of law that can reach data, in plain words, with its legal citation and date."""

    key: str  # one of REGIME_KEYS: its words are in the catalogue, not in the data file
    category: Jurisdiction
    citation: str
    sources: tuple[str, ...]
    as_of: str = ""  # when the citation and its status were last checked
    status: RegimeStatus | None = None  # for a time-limited law

    def name(self, language: str | None = None) -> str:
        return _translated(_REGIME_TEXTS[self.key][0], language)

    def summary(self, language: str | None = None) -> str:
        return _translated(_REGIME_TEXTS[self.key][1], language)

    @property
    def source(self) -> LegalSource:
        return LegalSource(self.citation, self.sources[0], self.as_of)


@dataclass(frozen=True, slots=True)
class AdequacyDecision:
    """An EU adequacy decision, for a country (``code``) or an international organisation."""

    code: str | None
    name: str
    decision: str
    sources: tuple[str, ...]
    conditional: bool = False  # only some recipients are covered (the US: certified companies)
    scope_key: str | None = None  # what the decision covers, when not everything (_SCOPE_TEXTS)
    as_of: str = ""  # when the Commission's list was last checked

    def scope(self, language: str | None = None) -> str:
        """What the decision covers, in words ("" when it covers the whole country)."""
        if self.scope_key is None:
            return ""
        return _translated(_SCOPE_TEXTS[self.scope_key], language)

    @property
    def source(self) -> LegalSource:
        return LegalSource(self.decision, self.sources[0], self.as_of)


def _translated(message: str, language: str | None) -> str:
    """A catalogue message in ``language`` (a tag such as "fr_CA"; English when None)."""
    return translations(base_language(language) or DEFAULT_LANGUAGE).gettext(message)


def format_as_of(as_of: str, language: str | None = None) -> str:
    """An "as of" date in words: "25 June 2026" / "25 juin 2026", or a month alone."""
    locale = language_code(base_language(language) or DEFAULT_LANGUAGE)
    if len(as_of) == 7:  # a month: "2026-05"
        return format_date(date.fromisoformat(as_of + "-01"), "MMMM y", locale=locale)
    return format_day_of(date.fromisoformat(as_of), "long", language or DEFAULT_LANGUAGE)


@dataclass(frozen=True, slots=True, eq=False)
class Jurisdictions:
    """The country lists and regimes of resources/jurisdictions.toml (identity-hashed)."""

    as_of: str
    eu_members: frozenset[str]
    eea_members: frozenset[str]
    eu_territories: frozenset[str]
    adequacy: tuple[AdequacyDecision, ...]
    regimes: Mapping[str, Regime]
    sources: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # per country list

    @property
    def gdpr_area(self) -> frozenset[str]:
        """Codes where GDPR applies by location: EU, EEA and EU territories with their own code."""
        return self.eu_members | self.eea_members | self.eu_territories

    @property
    def adequacy_codes(self) -> frozenset[str]:
        return frozenset(item.code for item in self.adequacy if item.code is not None)

    def adequacy_for(self, code: str | None) -> AdequacyDecision | None:
        for item in self.adequacy:
            if code is not None and item.code == code:
                return item
        return None

    def regime(self, key: str) -> Regime:
        return self.regimes[key]

    @classmethod
    def load(cls, path: Path | None = None) -> Jurisdictions:
        """Read and validate the jurisdictions file (default: the resources directory's)."""
        file = path if path is not None else resource_path(FILE_NAME)
        data = read_toml(file, JurisdictionDataError)
        return _parse(str(file), data)


def default_jurisdictions() -> Jurisdictions:
    """The resources directory's jurisdictions file; each file is read once (immutable data)."""
    return _load_once(resource_path(FILE_NAME))


@lru_cache(maxsize=4)
def _load_once(path: Path) -> Jurisdictions:
    return Jurisdictions.load(path)


# -- verdict ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """Which law reaches what an address does (``role``) in ``data_country``, run by a company
    based in ``provider_hq``. Language-neutral: codes, keys and dates; ``text`` words it."""

    data_country: str | None
    provider_hq: str | None
    regimes: tuple[str, ...]  # regime keys: location first, then company, then parent company
    category: Jurisdiction
    parent_hq: str | None = None
    # What kind of place the data country, the company's and the parent's home are (_kind):
    # the sentence's clauses follow from them.
    kinds: tuple[str, str, str | None] = ("nowhere", "nowhere", None)
    role: Role = Role.TALKS
    # The company's active entry on the Data Privacy Framework list (None: not certified).
    dpf: DpfCertification | None = None
    # What the location's adequacy decision covers when not everything (_SCOPE_TEXTS key).
    scope: str | None = None
    # (regime key, its status, its "as of") for the time-limited laws among ``regimes``.
    statuses: tuple[tuple[str, RegimeStatus, str], ...] = ()
    # The legal texts behind the regimes, each with its "as of" date, for tooltips and reports.
    sources: tuple[LegalSource, ...] = ()
    # Codes where the GDPR applies (for the reader's home); not part of equality.
    gdpr_area: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def edge(self) -> bool:
        """An edge or a resolver: "served"/"answered", never "stored"."""
        return self.role in (Role.SERVES, Role.ANSWERS)

    def lives_in_gdpr_area(self, home: str | None) -> bool:
        """Whether a reader living in *home* (ISO code) lives where the GDPR applies."""
        if not home:
            return False
        area = self.gdpr_area or default_jurisdictions().gdpr_area
        return home.upper() in area

    def sources_for(self, home: str | None = None) -> tuple[LegalSource, ...]:
        """``sources``, with the GDPR's own when the text names it for a reader in the EU."""
        if GDPR in self.regimes or not self.lives_in_gdpr_area(home):
            return self.sources
        gdpr = default_jurisdictions().regimes.get(GDPR)
        return (*self.sources, gdpr.source) if gdpr is not None else self.sources

    def text(self, language: str | None = None, home: str | None = None) -> str:
        """The verdict in plain words, in ``language`` (a tag such as "fr_CA"; English when
        None or a language without a catalogue). ``home`` is the reader's country (ISO code):
        for someone living in the EU/EEA the text adds what the GDPR does for them; None (not
        known) says nothing about where the reader lives."""
        return _sentence(
            self, base_language(language) or DEFAULT_LANGUAGE, self.lives_in_gdpr_area(home)
        )


def verdict(
    data_country: str | None,
    provider: Provider | None,
    jurisdictions: Jurisdictions | None = None,
    *,
    role: Role | None = None,
) -> Verdict:
    """Which law reaches what *provider* does at an address in *data_country* (ISO code); both
    may be None. ``role`` defaults to what the provider's categories say (``role_of``)."""
    country = data_country.upper() if data_country else None
    hq = provider.headquarters if provider is not None else None
    parent_hq = provider.parent_headquarters if provider is not None else None
    dpf = provider.dpf if provider is not None else None
    if dpf is not None and (not dpf.active or hq != "US"):
        dpf = None  # the framework covers certified US organisations only
    return _verdict(
        country,
        hq,
        parent_hq,
        role if role is not None else role_of(provider),
        dpf,
        jurisdictions or default_jurisdictions(),
    )


@lru_cache(maxsize=4096)
def _verdict(
    country: str | None,
    hq: str | None,
    parent_hq: str | None,
    role: Role,
    dpf: DpfCertification | None,
    data: Jurisdictions,
) -> Verdict:
    location = _kind(country, data)
    company = _kind(hq, data)
    parent = _kind(parent_hq, data) if parent_hq is not None and parent_hq != hq else None

    regimes: list[str] = []
    for keys in (
        _LOCATION_REGIMES[location],
        _COMPANY_REGIMES[company] if hq is not None else (),
        _COMPANY_REGIMES[parent] if parent is not None else (),
        (US_DPF,) if dpf is not None else (),
    ):
        regimes.extend(key for key in keys if key not in regimes)

    sources: list[LegalSource] = []
    decision = data.adequacy_for(country) if location in (_ADEQUATE, _GB) else None
    for key in regimes:
        regime = data.regimes[key]
        if key == EU_ADEQUACY and decision is not None:
            sources.append(decision.source)  # the country's own decision, not the list
        else:
            sources.append(regime.source)
    if dpf is not None:
        sources.append(
            LegalSource(
                DPF_LIST_CITATION,
                dpf.source,
                dpf.as_of.isoformat(),
            )
        )
    statuses = tuple(
        (key, status, data.regimes[key].as_of)
        for key in regimes
        if (status := data.regimes[key].status) is not None
    )
    return Verdict(
        data_country=country,
        provider_hq=hq,
        regimes=tuple(regimes),
        category=_category(regimes, data),
        parent_hq=parent_hq,
        kinds=(location, company, parent),
        role=role,
        dpf=dpf,
        scope=decision.scope_key if decision is not None else None,
        statuses=statuses,
        sources=tuple(dict.fromkeys(sources)),
        gdpr_area=data.gdpr_area,
    )


# Kinds of place, for both where data are and where a company is based.
_EEA, _US, _GB, _ADEQUATE, _CN, _RU, _ELSEWHERE, _NOWHERE = (
    "eea",
    "us",
    "gb",
    "adequate",
    "cn",
    "ru",
    "elsewhere",
    "nowhere",
)

# What the place brings. The Data Privacy Framework is not a law of the place: it covers only
# certified companies, so it comes from the company's certification (``verdict``), never from
# the location.
_LOCATION_REGIMES: dict[str, tuple[str, ...]] = {
    _EEA: (GDPR,),
    _US: (US_FISA_702,),
    _GB: (EU_ADEQUACY, UK_IPA),
    _ADEQUATE: (EU_ADEQUACY,),
    _CN: (CN_INTELLIGENCE, CN_DATA_SECURITY),
    _RU: (RU_SORM,),
    _ELSEWHERE: (OTHER,),
    _NOWHERE: (UNKNOWN,),
}

# What a company's home country brings along wherever its data are kept.
_COMPANY_REGIMES: dict[str, tuple[str, ...]] = {
    _EEA: (GDPR,),
    _US: (US_CLOUD_ACT, US_FISA_702),
    _GB: (UK_IPA,),
    _ADEQUATE: (EU_ADEQUACY,),
    _CN: (CN_INTELLIGENCE, CN_DATA_SECURITY),
    _RU: (RU_SORM,),
    _ELSEWHERE: (OTHER,),
    _NOWHERE: (),
}


def _kind(code: str | None, data: Jurisdictions) -> str:
    if code is None:
        return _NOWHERE
    if code in data.gdpr_area:
        return _EEA
    special = {"US": _US, "GB": _GB, "CN": _CN, "RU": _RU}.get(code)
    if special is not None:
        return special
    if code in data.adequacy_codes:
        return _ADEQUATE
    return _ELSEWHERE


def _category(regimes: list[str], data: Jurisdictions) -> Jurisdiction:
    return widest(data.regimes[key].category for key in regimes)


def widest(categories: Iterable[Jurisdiction]) -> Jurisdiction:
    """The category that reaches furthest among ``categories`` (`PRECEDENCE`); UNKNOWN for
    none: one rule for a verdict, an account's servers and a report's places."""
    present = set(categories)
    return next((category for category in PRECEDENCE if category in present), Jurisdiction.UNKNOWN)


# -- plain words ------------------------------------------------------------------------------
# English source texts, marked with N_ for the catalogue (resources/i18n/core/); each language's
# words come from its catalogue at display time. Sentences are whole templates with named
# placeholders, so a translation can reorder them.

# The regimes' names and summaries, by the language-neutral keys of jurisdictions.toml.
_REGIME_TEXTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        GDPR: (
            N_("GDPR (EU data protection)"),
            N_(
                "The EU's General Data Protection Regulation protects data kept in the EU and "
                "EEA, and binds companies established there wherever they keep data. You have "
                "rights of access and deletion, and independent authorities enforce them."
            ),
        ),
        EU_ADEQUACY: (
            N_("EU adequacy decision"),
            N_(
                "The country's own privacy law applies. The European Commission has found that "
                "it protects personal data to a level essentially equivalent to the EU's, so "
                "data may flow there freely."
            ),
        ),
        US_DPF: (
            N_("EU-US Data Privacy Framework"),
            N_(
                "An EU adequacy decision that covers only US companies that have certified under "
                "the framework. It adds a redress route for Europeans but does not stop US "
                "surveillance laws from applying. The EU General Court upheld it in September "
                "2025 (Latombe v Commission, T-553/23); an appeal is pending (C-703/25 P)."
            ),
        ),
        US_CLOUD_ACT: (
            N_("US CLOUD Act"),
            N_(
                "US authorities can require a US service provider to hand over data it holds, "
                "whether the data are stored in the United States or abroad."
            ),
        ),
        US_FISA_702: (
            N_("FISA Section 702 (US surveillance)"),
            N_(
                "US intelligence agencies can compel electronic communication service providers, "
                "without an individual warrant, to help collect communications of people who are "
                "not US persons and are believed to be outside the United States. The law is "
                "time-limited: the verdict says where it stands and as of which date."
            ),
        ),
        CN_INTELLIGENCE: (
            N_("China's National Intelligence Law"),
            N_(
                "Article 7: all organisations and citizens shall support, assist and cooperate "
                "with national intelligence work in accordance with the law, and protect the "
                "secrets of national intelligence work that they know of."
            ),
        ),
        CN_DATA_SECURITY: (
            N_("China's Data Security Law"),
            N_(
                "Public security and state security organs can obtain data for national security "
                "or criminal investigations, and organisations must cooperate; data stored in "
                "China may not be given to foreign courts or police without Chinese approval."
            ),
        ),
        RU_SORM: (
            N_("Russia's SORM and Yarovaya law"),
            N_(
                "Russian communication companies and registered online services must keep users' "
                "communications and metadata and give the security services (FSB) access through "
                "the SORM interception system. The European Court of Human Rights found this "
                "system lacked adequate safeguards."
            ),
        ),
        UK_IPA: (
            N_("UK Investigatory Powers Act"),
            N_(
                "UK agencies can obtain warrants to intercept communications and acquire data in "
                "bulk, and can require providers, including some based outside the UK, to retain "
                "data and keep technical capabilities. The EU still considers UK law adequate."
            ),
        ),
        OTHER: (
            N_("Other country's law"),
            N_(
                "The law of a country without an EU adequacy decision applies. The EU has not "
                "found that it protects personal data as well as the GDPR, so EU law requires "
                "extra safeguards before data are sent there."
            ),
        ),
        UNKNOWN: (
            N_("Unknown"),
            N_(
                "We could not tell where the data are kept, so we cannot say which country's law "
                "applies there."
            ),
        ),
    }
)

# What an adequacy decision covers, by the ``scope`` keys of jurisdictions.toml.
_SCOPE_TEXTS: Mapping[str, str] = MappingProxyType(
    {
        "pipeda": N_("Only for commercial organisations subject to Canada's PIPEDA."),
        "appi": N_(
            "Covers private-sector organisations under Japan's Act on the Protection of "
            "Personal Information."
        ),
        "fadp": N_(
            "Swiss law: Federal Act on Data Protection (revised FADP, in force since "
            "1 September 2023)."
        ),
        "dpf": N_(
            "Only for US companies certified under the EU-US Data Privacy Framework; it does "
            "not stop US surveillance laws from applying."
        ),
    }
)

# (a company based there, its law) for the usual countries; elsewhere the generic templates.
_DEMONYMS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "US": (N_("a US company"), N_("US law")),
        "GB": (N_("a UK company"), N_("UK law")),
        "FR": (N_("a French company"), N_("French law")),
        "DE": (N_("a German company"), N_("German law")),
        "CH": (N_("a Swiss company"), N_("Swiss law")),
        "NL": (N_("a Dutch company"), N_("Dutch law")),
        "IE": (N_("an Irish company"), N_("Irish law")),
        "IT": (N_("an Italian company"), N_("Italian law")),
        "ES": (N_("a Spanish company"), N_("Spanish law")),
        "PT": (N_("a Portuguese company"), N_("Portuguese law")),
        "BE": (N_("a Belgian company"), N_("Belgian law")),
        "LU": (N_("a Luxembourg company"), N_("Luxembourg law")),
        "AT": (N_("an Austrian company"), N_("Austrian law")),
        "SE": (N_("a Swedish company"), N_("Swedish law")),
        "NO": (N_("a Norwegian company"), N_("Norwegian law")),
        "DK": (N_("a Danish company"), N_("Danish law")),
        "FI": (N_("a Finnish company"), N_("Finnish law")),
        "IS": (N_("an Icelandic company"), N_("Icelandic law")),
        "PL": (N_("a Polish company"), N_("Polish law")),
        "CZ": (N_("a Czech company"), N_("Czech law")),
        "LT": (N_("a Lithuanian company"), N_("Lithuanian law")),
        "SI": (N_("a Slovenian company"), N_("Slovenian law")),
        "RU": (N_("a Russian company"), N_("Russian law")),
        "CN": (N_("a Chinese company"), N_("Chinese law")),
        "JP": (N_("a Japanese company"), N_("Japanese law")),
        "KR": (N_("a South Korean company"), N_("South Korean law")),
        "IN": (N_("an Indian company"), N_("Indian law")),
        "SG": (N_("a Singaporean company"), N_("Singaporean law")),
        "AU": (N_("an Australian company"), N_("Australian law")),
        "CA": (N_("a Canadian company"), N_("Canadian law")),
        "IL": (N_("an Israeli company"), N_("Israeli law")),
        "NZ": (N_("a New Zealand company"), N_("New Zealand law")),
        "AR": (N_("an Argentine company"), N_("Argentine law")),
        "UY": (N_("a Uruguayan company"), N_("Uruguayan law")),
        "BR": (N_("a Brazilian company"), N_("Brazilian law")),
        "AD": (N_("an Andorran company"), N_("Andorran law")),
        "TW": (N_("a Taiwanese company"), N_("Taiwanese law")),
        "HK": (N_("a Hong Kong company"), N_("Hong Kong law")),
    }
)


# Where a time-limited law stands, by the ``status`` keys of jurisdictions.toml; the named dates
# come from the file, so a new status needs a new sentence here.
_STATUS_TEXTS: Mapping[str, str] = MappingProxyType(
    {
        "lapsed_certifications_in_force": N_(
            "As of {as_of}, FISA Section 702 had lapsed ({lapsed}), but collection under it "
            "may continue until the court certifications in force expire ({until})."
        ),
        "in_force_until": N_("As of {as_of}, FISA Section 702 is in force until {until}."),
    }
)

# Adequacy decisions that cover only part of a country's organisations: said in the clause.
_SCOPED_ADEQUACY: Mapping[str, str] = MappingProxyType(
    {
        "pipeda": N_(
            "Canadian law applies (the EU recognises it as adequate only for commercial "
            "organisations subject to PIPEDA)"
        ),
        "appi": N_(
            "Japanese law applies (the EU recognises it as adequate for private-sector "
            "organisations under the APPI)"
        ),
    }
)


def place(code: str, language: str | None = None) -> str:
    """Locative phrase: "in the United States" / "aux États-Unis", "in Ireland" / "en Irlande"."""
    return in_country(code, base_language(language) or DEFAULT_LANGUAGE)


def _company(code: str, tr: NullTranslations, language: str) -> str:
    demonym = _DEMONYMS.get(code)
    if demonym is not None:
        return tr.gettext(demonym[0])
    return tr.gettext("a company based {place}").format(place=in_country(code, language))


def _law(code: str, tr: NullTranslations) -> str:
    demonym = _DEMONYMS.get(code)
    return tr.gettext(demonym[1]) if demonym is not None else tr.gettext("local law")


def _named_law(code: str, tr: NullTranslations, language: str) -> str:
    """A country's law named on its own: "US law", "the law of Mexico"."""
    demonym = _DEMONYMS.get(code)
    if demonym is not None:
        return tr.gettext(demonym[1])
    return tr.gettext("the law of the country concerned ({country})").format(
        country=country_name(code, language)
    )


def _location_clause(code: str, kind: str, scope: str | None, tr: NullTranslations) -> str | None:
    if kind == _EEA:
        return tr.gettext("GDPR applies")
    if kind == _US:
        return tr.gettext("US law applies, and FISA Section 702 surveillance may apply")
    if kind == _GB:
        return tr.gettext(
            "UK law applies (the EU recognises it as adequate), "
            "including the Investigatory Powers Act"
        )
    if kind == _ADEQUATE:
        if scope is not None and scope in _SCOPED_ADEQUACY:
            return tr.gettext(_SCOPED_ADEQUACY[scope])
        return tr.gettext("{law} applies (the EU recognises it as adequate)").format(
            law=_law(code, tr)
        )
    if kind == _CN:
        return tr.gettext(
            "Chinese law applies, including the National Intelligence Law and the Data Security Law"
        )
    if kind == _RU:
        return tr.gettext("Russian law applies, including SORM surveillance and the Yarovaya law")
    if kind == _ELSEWHERE:
        return tr.gettext("local law applies (no EU adequacy decision)")
    return None


def _company_clause(
    code: str, kind: str, role: Role, tr: NullTranslations, language: str
) -> str | None:
    if kind == _US and role is Role.STORES:  # "it": the data the subject says are stored
        return tr.gettext("US authorities can demand it under the CLOUD Act")
    if kind == _US:
        return tr.gettext(
            "US authorities can require the company to hand over data it holds, even data kept "
            "abroad (CLOUD Act)"
        )
    if kind == _CN:
        return tr.gettext(
            "China’s National Intelligence Law (Art. 7) says that organisations shall support, "
            "assist and cooperate with national intelligence work"
        )
    if kind == _RU:
        return tr.gettext("Russian law (SORM, the Yarovaya law) reaches the company")
    if kind == _GB:
        return tr.gettext(
            "UK authorities can serve notices on the company under the Investigatory Powers Act"
        )
    if kind == _EEA:
        return tr.gettext("GDPR still binds the company")
    if kind == _ADEQUATE:
        return tr.gettext("{law} also applies to the company").format(law=_law(code, tr))
    if kind == _ELSEWHERE:
        return tr.gettext(
            "the law of its home country ({country}) also reaches the company"
        ).format(country=country_name(code, language))
    return None


def _parent_clause(code: str, kind: str, tr: NullTranslations, language: str) -> str | None:
    if kind == _US:
        return tr.gettext("its US parent company can be compelled under the CLOUD Act")
    if kind == _CN:
        return tr.gettext(
            "its Chinese parent company falls under China’s National Intelligence Law, whose "
            "Art. 7 says that organisations shall support, assist and cooperate with national "
            "intelligence work"
        )
    if kind == _RU:
        return tr.gettext("its Russian parent company is subject to SORM and the Yarovaya law")
    if kind == _GB:
        return tr.gettext("its UK parent company is subject to the Investigatory Powers Act")
    if kind == _EEA:
        return tr.gettext("its parent company is bound by GDPR")
    if kind == _ADEQUATE:
        return tr.gettext("its parent company is subject to {law}").format(law=_law(code, tr))
    if kind == _ELSEWHERE:
        return tr.gettext(
            "its parent company is under the law of another country ({country})"
        ).format(country=country_name(code, language))
    return None


def _same_reach(kind_a: str, code_a: str | None, kind_b: str, code_b: str | None) -> bool:
    """Whether a company's home law adds nothing to the place's law (same regime or country)."""
    if code_a is not None and code_a == code_b:
        return True
    return kind_a == kind_b and kind_a in {_EEA, _US, _GB, _CN, _RU}


def _subject(
    role: Role, country: str | None, hq: str | None, tr: NullTranslations, language: str
) -> str:
    """Who does what where, by role: only what stores data is "stored"."""
    where = in_country(country, language) if country is not None else None
    who = _company(hq, tr, language) if hq is not None else None
    if role is Role.STORES:
        if where is not None and who is not None:
            return tr.gettext("Stored {place} by {company}").format(place=where, company=who)
        if who is not None:
            return tr.gettext("Stored by {company}, location unknown").format(company=who)
        if where is not None:
            return tr.gettext("Stored {place} (company unknown)").format(place=where)
    if role is Role.SERVES:
        if where is not None and who is not None:
            return tr.gettext(
                "Served {place} through {company} (a CDN edge or front door, not where data "
                "are kept)"
            ).format(place=where, company=who)
        if who is not None:
            return tr.gettext(
                "Served through {company} (a CDN edge or front door, from a nearby place we "
                "cannot pin down)"
            ).format(company=who)
        if where is not None:
            return tr.gettext(
                "Served {place} through a CDN edge or front door (company unknown)"
            ).format(place=where)
    if role is Role.ANSWERS:
        if where is not None and who is not None:
            return tr.gettext("DNS look-ups answered {place} by {company}").format(
                place=where, company=who
            )
        if who is not None:
            return tr.gettext(
                "DNS look-ups answered by {company} (a DNS service with many locations; the one "
                "near you is not known)"
            ).format(company=who)
        if where is not None:
            return tr.gettext("DNS look-ups answered {place} (company unknown)").format(place=where)
    if where is not None and who is not None:
        return tr.gettext("Your computer talks to {company} {place}").format(
            company=who, place=where
        )
    if who is not None:
        return tr.gettext("Your computer talks to {company}, location unknown").format(company=who)
    assert where is not None
    return tr.gettext("Your computer talks to a server {place} (company unknown)").format(
        place=where
    )


def _foreign_laws(verdict: Verdict, tr: NullTranslations, language: str) -> list[str]:
    """The laws from outside the EU/EEA that the verdict names, once each."""
    location, company, parent = verdict.kinds
    laws: list[str] = []
    for code, kind in (
        (verdict.data_country, location),
        (verdict.provider_hq, company),
        (verdict.parent_hq, parent),
    ):
        if code is not None and kind is not None and kind not in (_EEA, _NOWHERE):
            law = _named_law(code, tr, language)
            if law not in laws:
                laws.append(law)
    return laws


def _residence(verdict: Verdict, tr: NullTranslations, language: str) -> str:
    """What the GDPR does for a reader who lives in the EU/EEA: it applies to a company
    established there (Art. 3(1)); to others only if they offer them services (Art. 3(2))."""
    laws = _foreign_laws(verdict, tr, language)
    foreign = _list(laws, tr) if laws else None
    if verdict.kinds[1] == _EEA:
        if foreign is None:
            return tr.gettext(
                "Living in the EU/EEA, you are protected: the GDPR applies to this company, which "
                "is established there (Art. 3(1)), wherever your data are kept."
            )
        return tr.gettext(
            "Living in the EU/EEA, you are protected: the GDPR applies to this company, which "
            "is established there (Art. 3(1)), wherever your data are kept; other laws can "
            "reach them as well: {laws}."
        ).format(laws=foreign)
    if verdict.provider_hq is None:
        return tr.gettext(
            "Living in the EU/EEA, you may be protected: the GDPR may apply if the company "
            "behind this server offers its services to people in the EU (Art. 3(2)), wherever "
            "your data are kept."
        )
    if foreign is None:
        return tr.gettext(
            "Living in the EU/EEA, you may be protected: the GDPR may apply to this company if "
            "it offers its services to people in the EU (Art. 3(2)), wherever your data are kept."
        )
    return tr.gettext(
        "Living in the EU/EEA, you may be protected: the GDPR may apply to this company if it "
        "offers its services to people in the EU (Art. 3(2)), wherever your data are kept; this "
        "does not stop other laws from reaching them: {laws}."
    ).format(laws=foreign)


def _status(key: str, status: RegimeStatus, as_of: str, tr: NullTranslations, language: str) -> str:
    template = _STATUS_TEXTS.get(status.key)
    if template is None:  # the parser refuses unknown keys; an in-memory Regime may not
        logger.warning("no words for the status %r of %s", status.key, key)
        return ""
    dates = {name: format_as_of(value, language) for name, value in status.dates}
    return tr.gettext(template).format(as_of=format_as_of(as_of, language), **dates)


@lru_cache(maxsize=8192)
def _sentence(verdict: Verdict, language: str, resident: bool) -> str:
    tr = translations(language)
    country, hq, parent_hq = verdict.data_country, verdict.provider_hq, verdict.parent_hq
    location, company, parent = verdict.kinds
    if country is None and hq is None:
        text = tr.gettext("Location and company unknown: we cannot tell which law applies.")
        if not resident:
            return text
        return tr.pgettext("sentences", "{text} {sentence}").format(
            text=text, sentence=_residence(verdict, tr, language)
        )

    clauses: list[str] = []
    if country is not None:
        clause = _location_clause(country, location, verdict.scope, tr)
        if clause is not None:
            clauses.append(clause)
    if hq is not None and (country is None or not _same_reach(company, hq, location, country)):
        clause = _company_clause(hq, company, verdict.role, tr, language)
        if clause is not None:
            clauses.append(clause)
    if (
        parent_hq is not None
        and parent is not None
        and not _same_reach(parent, parent_hq, company, hq)
        and (country is None or not _same_reach(parent, parent_hq, location, country))
    ):
        clause = _parent_clause(parent_hq, parent, tr, language)
        if clause is not None:
            clauses.append(clause)
    if not clauses:
        clauses.append(tr.gettext("we cannot tell which law applies"))
    sentences = [
        tr.gettext("{subject}: {reach}.").format(
            subject=_subject(verdict.role, country, hq, tr, language),
            reach=_join(clauses, tr),
        )
    ]
    for key, status, as_of in verdict.statuses:
        if words := _status(key, status, as_of, tr, language):
            sentences.append(words)
    if verdict.dpf is not None:
        sentences.append(
            tr.gettext(
                "The company is certified under the EU–US Data Privacy Framework (official "
                "list, as of {as_of}): personal data may be sent to it from the EU without "
                "extra safeguards, but US surveillance laws still apply."
            ).format(as_of=format_as_of(verdict.dpf.as_of.isoformat(), language))
        )
    if resident:
        sentences.append(_residence(verdict, tr, language))
    text = sentences[0]
    for sentence in sentences[1:]:
        text = tr.pgettext("sentences", "{text} {sentence}").format(text=text, sentence=sentence)
    return text


def _list(items: Sequence[str], tr: NullTranslations) -> str:
    """Names as one list: "US law", "US law and Chinese law", "A, B and C"."""
    joined = items[0]
    for item in items[1:-1]:
        joined = tr.pgettext("list", "{items}, {item}").format(items=joined, item=item)
    if len(items) > 1:
        joined = tr.pgettext("list", "{items} and {item}").format(items=joined, item=items[-1])
    return joined


def _join(clauses: list[str], tr: NullTranslations) -> str:
    """Clauses as one list, by the language's templates (French wants no comma before "et"
    unless an earlier clause has commas of its own)."""
    joined = clauses[0]
    for clause in clauses[1:-1]:
        joined = tr.pgettext("clauses", "{clauses}, {next}").format(clauses=joined, next=clause)
    if len(clauses) > 1:
        if any("," in clause for clause in clauses[:-1]):
            last = tr.pgettext("clauses with commas", "{clauses}, and {last}")
        else:
            last = tr.pgettext("clauses", "{clauses}, and {last}")
        joined = last.format(clauses=joined, last=clauses[-1])
    return joined


def sources_text(
    verdict: Verdict, tr: NullTranslations, home: str | None = None, *, urls: bool = False
) -> str:
    """The legal texts behind ``verdict`` (with the GDPR's for a reader living in the EU/EEA),
    each translated and dated: "Sources: <citation> (as of <date>); …". One text for the
    command line, the place panel and the quiz; the citations are catalogue messages, extracted
    from resources/jurisdictions.toml by app.core.i18n_catalogue ("" when there are none).
    ``urls``: each followed by where to read it, "<https://…>" (where no link can be clicked)."""
    cited = cited_sources(verdict, tr, home, urls=urls)
    return tr.gettext("Sources: {sources}").format(sources=cited) if cited else ""


def cited_sources(
    verdict: Verdict, tr: NullTranslations, home: str | None = None, *, urls: bool = False
) -> str:
    """`sources_text` without its "Sources:" (for a labelled line): "<citation> (as of …); …"."""
    language = base_language(language_of(tr)) or DEFAULT_LANGUAGE
    items = []
    for source in verdict.sources_for(home):
        citation = tr.gettext(source.citation)
        if source.as_of:  # "….) (as of May 2026)", not "…. (as of May 2026)"
            citation = citation.removesuffix(".")
            dated = tr.gettext("{citation} (as of {date})")
            citation = dated.format(citation=citation, date=format_as_of(source.as_of, language))
        items.append(f"{citation} <{source.url}>" if urls else citation)
    return _sources(items, tr) if items else ""


def _sources(items: Sequence[str], tr: NullTranslations) -> str:
    joined = items[0]
    for item in items[1:]:
        joined = tr.pgettext("sources", "{items}; {item}").format(items=joined, item=item)
    return joined


# -- parsing ----------------------------------------------------------------------------------


def _parse(source: str, data: Mapping[str, object]) -> Jurisdictions:
    iso = iso_country_codes()

    def fail(where: str, message: str) -> JurisdictionDataError:
        return JurisdictionDataError(f"{source}: {where}: {message}")

    def table(value: object, where: str) -> Mapping[str, object]:
        if not isinstance(value, dict):
            raise fail(where, "expected a table")
        return value

    def text(parent: Mapping[str, object], key: str, where: str) -> str:
        value = parent.get(key)
        if not isinstance(value, str) or not value.strip():
            raise fail(where, f"{key} must be non-empty text")
        return value

    def urls(parent: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
        value = parent.get(key)
        if not isinstance(value, list) or not value:
            raise fail(where, f"{key} must be a non-empty list of web addresses")
        for url in value:
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                raise fail(where, f"{url!r} is not a web address")
        return tuple(value)

    def as_of(parent: Mapping[str, object], key: str, where: str) -> str:
        value = parent.get(key)
        if isinstance(value, date):  # a TOML date
            value = value.isoformat()
        if not isinstance(value, str) or not _AS_OF.match(value):
            raise fail(where, f"{key} must be a date, YYYY-MM-DD or YYYY-MM")
        return value

    def codes(parent: Mapping[str, object], key: str, where: str) -> frozenset[str]:
        value = parent.get(key)
        if not isinstance(value, list) or not value:
            raise fail(where, f"{key} must be a non-empty list of country codes")
        for code in value:
            if code not in iso:
                raise fail(where, f"{code!r} is not an ISO 3166-1 alpha-2 country code")
        if len(set(value)) != len(value):
            raise fail(where, f"{key} lists a country twice")
        return frozenset(value)

    lists: dict[str, tuple[str, ...]] = {}
    eu = table(data.get("eu"), "[eu]")
    eea = table(data.get("eea"), "[eea]")
    territories = table(data.get("eu_territories"), "[eu_territories]")
    for name, section in (("eu", eu), ("eea", eea), ("eu_territories", territories)):
        text(section, "citation", f"[{name}]")
        lists[name] = urls(section, "sources", f"[{name}]")
    eu_members = codes(eu, "members", "[eu]")
    eea_members = codes(eea, "members", "[eea]")
    eu_territories = codes(territories, "codes", "[eu_territories]")

    adequacy_table = table(data.get("adequacy"), "[adequacy]")
    text(adequacy_table, "citation", "[adequacy]")
    lists["adequacy"] = urls(adequacy_table, "sources", "[adequacy]")
    adequacy_as_of = as_of(adequacy_table, "as_of", "[adequacy]")
    decisions: list[AdequacyDecision] = []
    for kind in ("countries", "organisations"):
        entries = adequacy_table.get(kind, [])
        if not isinstance(entries, list):
            raise fail(f"[[adequacy.{kind}]]", "expected an array of tables")
        for index, raw in enumerate(entries):
            where = f"[[adequacy.{kind}]] #{index + 1}"
            entry = table(raw, where)
            code: str | None = None
            if kind == "countries":
                code = text(entry, "code", where)
                if code not in iso:
                    raise fail(where, f"{code!r} is not an ISO 3166-1 alpha-2 country code")
                if code in eu_members | eea_members:
                    raise fail(where, f"{code} is in the EU/EEA, it needs no adequacy decision")
                name = country_name(code, "en")
            else:
                name = text(entry, "name", where)
            extra = urls(entry, "sources", where) if "sources" in entry else ()
            scope = entry.get("scope")
            if scope is not None and (not isinstance(scope, str) or scope not in _SCOPE_TEXTS):
                raise fail(where, f"unknown scope {scope!r} (known: {', '.join(_SCOPE_TEXTS)})")
            conditional = entry.get("conditional", False)
            if not isinstance(conditional, bool):
                raise fail(where, "conditional must be true or false")
            decisions.append(
                AdequacyDecision(
                    code=code,
                    name=name,
                    decision=text(entry, "decision", where),
                    sources=(text(entry, "source", where), *extra),
                    conditional=conditional,
                    scope_key=scope,
                    as_of=as_of(entry, "as_of", where) if "as_of" in entry else adequacy_as_of,
                )
            )
    seen = [item.code for item in decisions if item.code is not None]
    if len(set(seen)) != len(seen):
        raise fail("[[adequacy.countries]]", "a country is listed twice")

    regimes_table = table(data.get("regimes"), "[regimes]")
    regimes: dict[str, Regime] = {}
    for key, raw in regimes_table.items():
        where = f"[regimes.{key}]"
        entry = table(raw, where)
        category_text = text(entry, "category", where)
        try:
            category = Jurisdiction(category_text)
        except ValueError:
            raise fail(where, f"unknown category {category_text!r}") from None
        status: RegimeStatus | None = None
        if "status" in entry:
            status_key = text(entry, "status", where)
            if status_key not in _STATUS_TEXTS:
                known = ", ".join(_STATUS_TEXTS)
                raise fail(where, f"unknown status {status_key!r} (known: {known})")
            dates = table(entry.get("status_dates", {}), where + " status_dates")
            status = RegimeStatus(
                key=status_key,
                dates=tuple((name, as_of(dates, name, where)) for name in sorted(dates)),
            )
            needed = set(re.findall(r"\{(\w+)\}", _STATUS_TEXTS[status_key])) - {"as_of"}
            if needed != {name for name, _ in status.dates}:
                raise fail(
                    where, f"status_dates must name {', '.join(sorted(needed)) or 'nothing'}"
                )
        regimes[key] = Regime(
            key=key,
            category=category,
            citation=text(entry, "citation", where),
            sources=urls(entry, "sources", where),
            as_of=as_of(entry, "as_of", where),
            status=status,
        )
    missing = sorted(REGIME_KEYS - regimes.keys())
    if missing:
        raise fail("[regimes]", f"missing regime(s) {', '.join(missing)}")
    unknown = sorted(regimes.keys() - REGIME_KEYS)
    if unknown:  # their words would be missing: they live in _REGIME_TEXTS
        raise fail("[regimes]", f"unknown regime(s) {', '.join(unknown)}")

    file_as_of = data.get("as_of")
    return Jurisdictions(
        as_of=file_as_of if isinstance(file_as_of, str) else "",
        eu_members=eu_members,
        eea_members=eea_members,
        eu_territories=eu_territories,
        adequacy=tuple(decisions),
        regimes=MappingProxyType(regimes),
        sources=MappingProxyType(lists),
    )
