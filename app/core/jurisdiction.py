"""Which law reaches data: a verdict from where data are kept and who holds them.

Two things decide it. The *location* puts the data under that country's law (GDPR in the EU and
EEA, FISA 702 in the United States…). The *company* carries its home country's law wherever the
data sit: a US provider can be ordered under the CLOUD Act to hand over data kept in Ireland, a
Chinese one is bound by China's National Intelligence Law in Singapore too. A parent company
abroad adds its own country's reach.

The colour (``Jurisdiction``) is the strongest reach among the regimes that apply, in this order:
US reach, other (non-adequate country), adequacy, GDPR only, unknown. Regime texts, sources and
the country lists live in resources/jurisdictions.toml. This is general information for people,
not legal advice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from app.core.countries import country_name, language_code
from app.core.providers import Provider, iso_country_codes
from app.core.resources import read_toml, resource_path

logger = logging.getLogger(__name__)

FILE_NAME = "jurisdictions.toml"


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

LANGUAGES = ("en", "fr")


class JurisdictionDataError(ValueError):
    """resources/jurisdictions.toml is missing or wrong; the message says where."""


# -- data -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Regime:
    """A body of law that can reach data, in plain words, with its legal citation."""

    key: str
    category: Jurisdiction
    name_en: str
    name_fr: str
    summary_en: str
    summary_fr: str
    citation: str
    sources: tuple[str, ...]

    def name(self, language: str | None = None) -> str:
        return self.name_fr if _is_french(language) else self.name_en

    def summary(self, language: str | None = None) -> str:
        return self.summary_fr if _is_french(language) else self.summary_en


@dataclass(frozen=True, slots=True)
class AdequacyDecision:
    """An EU adequacy decision, for a country (``code``) or an international organisation."""

    code: str | None
    name: str
    decision: str
    sources: tuple[str, ...]
    conditional: bool = False  # only some recipients are covered (the US: certified companies)
    scope_en: str = ""
    scope_fr: str = ""

    def scope(self, language: str | None = None) -> str:
        return self.scope_fr if _is_french(language) else self.scope_en


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
    """Which law reaches data kept in ``data_country`` by a company based in ``provider_hq``."""

    data_country: str | None
    provider_hq: str | None
    regimes: tuple[str, ...]  # regime keys: location first, then company, then parent company
    category: Jurisdiction
    text_en: str
    text_fr: str
    parent_hq: str | None = None
    edge: bool = False  # the holder is a CDN edge: "served from", not "stored in"

    def text(self, language: str | None = None) -> str:
        """The verdict in plain words; French for "fr…" languages, English otherwise."""
        return self.text_fr if _is_french(language) else self.text_en


def verdict(
    data_country: str | None,
    provider: Provider | None,
    jurisdictions: Jurisdictions | None = None,
) -> Verdict:
    """Which law reaches data kept in *data_country* (ISO code) by *provider*; both may be None."""
    country = data_country.upper() if data_country else None
    hq = provider.headquarters if provider is not None else None
    parent_hq = provider.parent_headquarters if provider is not None else None
    edge = provider.edge if provider is not None else False
    return _verdict(country, hq, parent_hq, edge, jurisdictions or default_jurisdictions())


@lru_cache(maxsize=4096)
def _verdict(
    country: str | None, hq: str | None, parent_hq: str | None, edge: bool, data: Jurisdictions
) -> Verdict:
    location = _kind(country, data)
    company = _kind(hq, data)
    parent = _kind(parent_hq, data) if parent_hq is not None and parent_hq != hq else None

    regimes: list[str] = []
    for keys in (
        _LOCATION_REGIMES[location],
        _COMPANY_REGIMES[company] if hq is not None else (),
        _COMPANY_REGIMES[parent] if parent is not None else (),
    ):
        regimes.extend(key for key in keys if key not in regimes)
    category = _category(regimes, data)

    texts = {
        language: _sentence(language, country, location, hq, company, parent_hq, parent, edge)
        for language in LANGUAGES
    }
    return Verdict(
        data_country=country,
        provider_hq=hq,
        regimes=tuple(regimes),
        category=category,
        text_en=texts["en"],
        text_fr=texts["fr"],
        parent_hq=parent_hq,
        edge=edge,
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

_LOCATION_REGIMES: dict[str, tuple[str, ...]] = {
    _EEA: (GDPR,),
    _US: (US_FISA_702, US_DPF),
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
    present = {data.regimes[key].category for key in regimes}
    for category in PRECEDENCE:
        if category in present:
            return category
    return Jurisdiction.UNKNOWN


# -- plain words ------------------------------------------------------------------------------


def _is_french(language: str | None) -> bool:
    """The verdicts' two languages: French for "fr…" tags, English for every other."""
    return language_code(language) == "fr"


# English names that take "the".
_EN_THE = frozenset(
    {"US", "GB", "NL", "PH", "AE", "BS", "KY", "FO", "MV", "SC", "CF", "DO", "GM", "MH",
     "SB", "VG", "VI", "TC", "FK", "CK", "UM", "BQ", "CD", "CG", "KM", "AX", "PS", "IM"}
)  # fmt: skip

# French: places taking "à", masculine names ending in -e, plural-looking singular names.
_FR_A = frozenset(
    {"SG", "CY", "MT", "MC", "CU", "MG", "MU", "BH", "HK", "MO", "TW", "JE", "GG", "OM",
     "BN", "PR", "RE", "YT", "MF", "BL", "PM", "ST", "LC", "KN", "VC", "TT", "CW", "AW",
     "NR", "SM", "BB", "DM", "GD", "CV"}
)  # fmt: skip
_FR_MASCULINE_E = frozenset({"GB", "MX", "KH", "MZ", "ZW", "BZ"})
_FR_SINGULAR_S = frozenset({"LA", "HN"})
_FR_SPECIAL = {
    "IM": "sur l’île de Man",
    "FJ": "aux Fidji",
    "CV": "au Cap-Vert",
    "BB": "à la Barbade",
    "DM": "à la Dominique",
    "GD": "à la Grenade",
    "RE": "à La Réunion",
}

# (English adjective, French masculine, French feminine) for the usual countries.
_DEMONYMS: dict[str, tuple[str, str, str]] = {
    "US": ("US", "américain", "américaine"),
    "GB": ("UK", "britannique", "britannique"),
    "FR": ("French", "français", "française"),
    "DE": ("German", "allemand", "allemande"),
    "CH": ("Swiss", "suisse", "suisse"),
    "NL": ("Dutch", "néerlandais", "néerlandaise"),
    "IE": ("Irish", "irlandais", "irlandaise"),
    "IT": ("Italian", "italien", "italienne"),
    "ES": ("Spanish", "espagnol", "espagnole"),
    "PT": ("Portuguese", "portugais", "portugaise"),
    "BE": ("Belgian", "belge", "belge"),
    "LU": ("Luxembourg", "luxembourgeois", "luxembourgeoise"),
    "AT": ("Austrian", "autrichien", "autrichienne"),
    "SE": ("Swedish", "suédois", "suédoise"),
    "NO": ("Norwegian", "norvégien", "norvégienne"),
    "DK": ("Danish", "danois", "danoise"),
    "FI": ("Finnish", "finlandais", "finlandaise"),
    "IS": ("Icelandic", "islandais", "islandaise"),
    "PL": ("Polish", "polonais", "polonaise"),
    "CZ": ("Czech", "tchèque", "tchèque"),
    "LT": ("Lithuanian", "lituanien", "lituanienne"),
    "SI": ("Slovenian", "slovène", "slovène"),
    "RU": ("Russian", "russe", "russe"),
    "CN": ("Chinese", "chinois", "chinoise"),
    "JP": ("Japanese", "japonais", "japonaise"),
    "KR": ("South Korean", "sud-coréen", "sud-coréenne"),
    "IN": ("Indian", "indien", "indienne"),
    "SG": ("Singaporean", "singapourien", "singapourienne"),
    "AU": ("Australian", "australien", "australienne"),
    "CA": ("Canadian", "canadien", "canadienne"),
    "IL": ("Israeli", "israélien", "israélienne"),
    "NZ": ("New Zealand", "néo-zélandais", "néo-zélandaise"),
    "AR": ("Argentine", "argentin", "argentine"),
    "UY": ("Uruguayan", "uruguayen", "uruguayenne"),
    "BR": ("Brazilian", "brésilien", "brésilienne"),
    "AD": ("Andorran", "andorran", "andorrane"),
    "TW": ("Taiwanese", "taïwanais", "taïwanaise"),
    "HK": ("Hong Kong", "hongkongais", "hongkongaise"),
}


def place(code: str, language: str | None = None) -> str:
    """Locative phrase: "in the United States" / "aux États-Unis", "in Ireland" / "en Irlande"."""
    upper = code.upper()
    if not _is_french(language):
        article = "the " if upper in _EN_THE else ""
        return f"in {article}{country_name(upper, 'en')}"
    name = country_name(upper, "fr")
    special = _FR_SPECIAL.get(upper)
    if special is not None:
        return special
    if upper in _FR_A:
        return f"à {name}"
    first = name.replace("-", " ").split(" ")[0]
    if first.endswith("s") and upper not in _FR_SINGULAR_S:
        return f"aux {name}"
    if upper in _FR_MASCULINE_E:
        return f"au {name}"
    if first[:1].upper() in "AEIOUYÉÈÊÎÏÔÖÂ" or first.endswith("e"):
        return f"en {name}"
    return f"au {name}"


def _company(code: str, language: str) -> str:
    demonym = _DEMONYMS.get(code)
    if language == "fr":
        if demonym is not None:
            return f"une entreprise {demonym[2]}"
        return f"une entreprise basée {place(code, 'fr')}"
    if demonym is not None:
        article = "an" if demonym[0][0] in "AEIO" else "a"
        return f"{article} {demonym[0]} company"
    return f"a company based {place(code, 'en')}"


def _law(code: str, language: str) -> str:
    demonym = _DEMONYMS.get(code)
    if language == "fr":
        return f"le droit {demonym[1]}" if demonym is not None else "le droit local"
    return f"{demonym[0]} law" if demonym is not None else "local law"


def _location_clause(code: str, kind: str, language: str) -> str | None:
    fr = language == "fr"
    if kind == _EEA:
        return "le RGPD s’applique" if fr else "GDPR applies"
    if kind == _US:
        if fr:
            return (
                "le droit américain s’applique, y compris la surveillance au titre "
                "de la section 702 du FISA"
            )
        return "US law applies, including FISA Section 702 surveillance"
    if kind == _GB:
        if fr:
            return (
                "le droit britannique s’applique (jugé adéquat par l’UE), "
                "y compris l’Investigatory Powers Act"
            )
        return (
            "UK law applies (the EU recognises it as adequate), "
            "including the Investigatory Powers Act"
        )
    if kind == _ADEQUATE:
        if fr:
            return f"{_law(code, 'fr')} s’applique (jugé adéquat par l’UE)"
        return f"{_law(code, 'en')} applies (the EU recognises it as adequate)"
    if kind == _CN:
        if fr:
            return (
                "le droit chinois s’applique, y compris la loi sur le renseignement national "
                "et la loi sur la sécurité des données"
            )
        return (
            "Chinese law applies, including the National Intelligence Law and the Data Security Law"
        )
    if kind == _RU:
        if fr:
            return "le droit russe s’applique, y compris la surveillance SORM et la loi Iarovaïa"
        return "Russian law applies, including SORM surveillance and the Yarovaya law"
    if kind == _ELSEWHERE:
        if fr:
            return "le droit local s’applique (pas de décision d’adéquation de l’UE)"
        return "local law applies (no EU adequacy decision)"
    return None


def _company_clause(code: str, kind: str, language: str) -> str | None:
    fr = language == "fr"
    if kind == _US:
        if fr:
            return "les autorités américaines peuvent l’exiger en vertu du CLOUD Act"
        return "US authorities can demand it under the CLOUD Act"
    if kind == _CN:
        if fr:
            return (
                "la loi chinoise sur le renseignement national peut obliger l’entreprise "
                "à coopérer avec les services de renseignement chinois"
            )
        return (
            "China’s National Intelligence Law can oblige the company to cooperate "
            "with Chinese intelligence"
        )
    if kind == _RU:
        if fr:
            return "le droit russe (SORM, loi Iarovaïa) s’impose à l’entreprise"
        return "Russian law (SORM, the Yarovaya law) reaches the company"
    if kind == _GB:
        if fr:
            return (
                "les autorités britanniques peuvent adresser des injonctions à l’entreprise "
                "au titre de l’Investigatory Powers Act"
            )
        return "UK authorities can serve notices on the company under the Investigatory Powers Act"
    if kind == _EEA:
        return (
            "le RGPD continue de s’imposer à l’entreprise" if fr else "GDPR still binds the company"
        )
    if kind == _ADEQUATE:
        if fr:
            return f"{_law(code, 'fr')} s’applique aussi à l’entreprise"
        return f"{_law(code, 'en')} also applies to the company"
    if kind == _ELSEWHERE:
        name = country_name(code, language)
        if fr:
            return f"le droit de son pays d’origine ({name}) s’applique aussi à l’entreprise"
        return f"the law of its home country ({name}) also reaches the company"
    return None


def _parent_clause(code: str, kind: str, language: str) -> str | None:
    fr = language == "fr"
    if kind == _US:
        if fr:
            return "sa maison mère américaine peut y être contrainte en vertu du CLOUD Act"
        return "its US parent company can be compelled under the CLOUD Act"
    if kind == _CN:
        if fr:
            return (
                "sa maison mère chinoise peut être obligée de coopérer avec les services de "
                "renseignement chinois en vertu de la loi sur le renseignement national"
            )
        return (
            "its Chinese parent company can be obliged to cooperate with Chinese intelligence "
            "under China’s National Intelligence Law"
        )
    if kind == _RU:
        if fr:
            return "sa maison mère russe est soumise au SORM et à la loi Iarovaïa"
        return "its Russian parent company is subject to SORM and the Yarovaya law"
    if kind == _GB:
        if fr:
            return "sa maison mère britannique est soumise à l’Investigatory Powers Act"
        return "its UK parent company is subject to the Investigatory Powers Act"
    if kind == _EEA:
        return "sa maison mère est soumise au RGPD" if fr else "its parent company is bound by GDPR"
    if kind == _ADEQUATE:
        if fr:
            return f"sa maison mère est soumise {_law_to(code)}"
        return f"its parent company is subject to {_law(code, 'en')}"
    if kind == _ELSEWHERE:
        name = country_name(code, language)
        if fr:
            return f"sa maison mère relève du droit d’un autre pays ({name})"
        return f"its parent company is under the law of another country ({name})"
    return None


def _law_to(code: str) -> str:
    """French "au droit suisse" (soumise à + le droit …)."""
    law = _law(code, "fr")
    return "au" + law[len("le") :]


def _same_reach(kind_a: str, code_a: str | None, kind_b: str, code_b: str | None) -> bool:
    """Whether a company's home law adds nothing to the place's law (same regime or country)."""
    if code_a is not None and code_a == code_b:
        return True
    return kind_a == kind_b and kind_a in {_EEA, _US, _GB, _CN, _RU}


def _sentence(
    language: str,
    country: str | None,
    location: str,
    hq: str | None,
    company: str,
    parent_hq: str | None,
    parent: str | None,
    edge: bool = False,
) -> str:
    fr = language == "fr"
    if country is None and hq is None:
        if fr:
            return "Lieu et entreprise inconnus\u00a0: impossible de dire quel droit s’applique."
        return "Location and company unknown: we cannot tell which law applies."

    clauses: list[str] = []
    if country is not None:
        clause = _location_clause(country, location, language)
        if clause is not None:
            clauses.append(clause)
    if hq is not None and (country is None or not _same_reach(company, hq, location, country)):
        clause = _company_clause(hq, company, language)
        if clause is not None:
            clauses.append(clause)
    if (
        parent_hq is not None
        and parent is not None
        and not _same_reach(parent, parent_hq, company, hq)
        and (country is None or not _same_reach(parent, parent_hq, location, country))
    ):
        clause = _parent_clause(parent_hq, parent, language)
        if clause is not None:
            clauses.append(clause)

    if country is not None and hq is not None and edge:
        # A CDN edge serves copies from a nearby point of presence; it is not the data's home.
        subject = (
            f"Contenu servi {place(country, 'fr')} par {_company(hq, 'fr')} (point de présence CDN)"
            if fr
            else f"Served {place(country, 'en')} by {_company(hq, 'en')} (a CDN edge)"
        )
    elif country is not None and hq is not None:
        subject = (
            f"Données stockées {place(country, 'fr')} par {_company(hq, 'fr')}"
            if fr
            else f"Stored {place(country, 'en')} by {_company(hq, 'en')}"
        )
    elif country is not None:
        subject = (
            f"Données stockées {place(country, 'fr')} (entreprise inconnue)"
            if fr
            else f"Stored {place(country, 'en')} (company unknown)"
        )
    else:
        assert hq is not None
        subject = (
            f"Données stockées par {_company(hq, 'fr')}, lieu inconnu"
            if fr
            else f"Stored by {_company(hq, 'en')}, location unknown"
        )
    if not clauses:
        clauses.append(
            "impossible de dire quel droit s’applique" if fr else "we cannot tell which law applies"
        )
    colon = "\u00a0:" if fr else ":"
    return f"{subject}{colon} {_join(clauses, language)}."


def _join(clauses: list[str], language: str) -> str:
    if len(clauses) == 1:
        return clauses[0]
    if language == "fr":
        # "et" needs a comma before it when an earlier clause has its own commas.
        last = ", et " if any("," in clause for clause in clauses[:-1]) else " et "
        return ", ".join(clauses[:-1]) + last + clauses[-1]
    return ", ".join(clauses[:-1]) + ", and " + clauses[-1]


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
                    scope_en=str(entry.get("scope_en", "")),
                    scope_fr=str(entry.get("scope_fr", "")),
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
        regimes[key] = Regime(
            key=key,
            category=category,
            name_en=text(entry, "name_en", where),
            name_fr=text(entry, "name_fr", where),
            summary_en=text(entry, "summary_en", where),
            summary_fr=text(entry, "summary_fr", where),
            citation=text(entry, "citation", where),
            sources=urls(entry, "sources", where),
        )
    missing = sorted(REGIME_KEYS - regimes.keys())
    if missing:
        raise fail("[regimes]", f"missing regime(s) {', '.join(missing)}")

    as_of = data.get("as_of")
    return Jurisdictions(
        as_of=as_of if isinstance(as_of, str) else "",
        eu_members=eu_members,
        eea_members=eea_members,
        eu_territories=eu_territories,
        adequacy=tuple(decisions),
        regimes=MappingProxyType(regimes),
        sources=MappingProxyType(lists),
    )
