"""Verdict texts a trainer can defend: wording by role, GDPR for EU residents, DPF only for
certified companies, dated and scoped legal sources — in English and in French.

Each case asserts what the sentence *means* (no "stored" for an edge, "may apply" for
Art. 3(2), the as-of date of a time-limited law…), from facts read here from the data file or
set up by the test, never from the code's own output.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.core.geo.anycast import EdgeKind
from app.core.geo.precedence import law
from app.core.jurisdiction import (
    GDPR,
    REGIME_KEYS,
    US_DPF,
    US_FISA_702,
    JurisdictionDataError,
    Jurisdictions,
    Role,
    Verdict,
    default_jurisdictions,
    format_as_of,
    role_of,
    verdict,
)
from app.core.model import Location, LocationKind
from app.core.providers import DpfCertification, Provider, ProviderRegistry
from app.core.resources import resource_path

ROLES = tuple(Role)
LANGUAGES = ("en", "fr")
EU_HOME, NON_EU_HOME = "FR", "US"
HOMES = (EU_HOME, NON_EU_HOME, None)

# Words each role must (and must not) be put in.
ROLE_WORDS = {
    Role.STORES: {"en": "Stored", "fr": "Données stockées"},
    Role.SERVES: {"en": "Served", "fr": "Contenu servi"},
    Role.ANSWERS: {"en": "DNS look-ups answered", "fr": "Requêtes DNS traitées"},
    Role.TALKS: {"en": "Your computer talks to", "fr": "Votre ordinateur communique avec"},
}
STORAGE_WORDS = {"en": ("stored",), "fr": ("stockées", "stockage des données")}
APPLIES = {"en": "the GDPR applies to this company", "fr": "il s’applique à cette entreprise"}
MAY_APPLY = {"en": "the GDPR may apply", "fr": "il peut s’appliquer"}
ART_3_1 = {"en": "Art. 3(1)", "fr": "art. 3, par. 1"}
ART_3_2 = {"en": "Art. 3(2)", "fr": "art. 3, par. 2"}
RESIDENT = {"en": "EU/EEA", "fr": "UE/EEE"}
US_LAW = {"en": "US law", "fr": "le droit américain"}
DPF_WORDS = {"en": "Data Privacy Framework", "fr": "cadre de protection des données"}


def company(
    hq: str,
    parent_hq: str | None = None,
    categories: tuple[str, ...] = ("cloud",),
    *,
    edge: bool = False,
    dpf: DpfCertification | None = None,
) -> Provider:
    """A made-up provider, so the rules are tested apart from the shipped registry."""
    return Provider(
        key=f"acme_{hq.lower()}",
        name="Acme",
        headquarters=hq,
        asns=(),
        domains=("acme.example",),
        categories=categories,
        edge=edge,
        parent="Acme Holdings" if parent_hq else None,
        sources=("https://acme.example/",),
        parent_headquarters=parent_hq,
        dpf=dpf,
    )


@dataclass(frozen=True)
class Case:
    name: str
    country: str | None
    hq: str | None
    parent_hq: str | None = None

    @property
    def provider(self) -> Provider | None:
        return company(self.hq, self.parent_hq) if self.hq is not None else None

    @property
    def established_in_eu(self) -> bool:
        return self.hq is not None and self.hq in default_jurisdictions().gdpr_area


CASES = (
    Case("EU company in the EU", "FR", "DE"),
    Case("US company in the EU", "IE", "US"),
    Case("US company in the US", "US", "US"),
    Case("EU company with a US parent", "DE", "DE", parent_hq="US"),
    Case("adequacy country", "JP", "JP"),
    Case("other country", "IN", "IN"),
    Case("company unknown", "FR", None),
    Case("location unknown", None, "US"),
    Case("nothing known", None, None),
)


def judged(case: Case, role: Role) -> Verdict:
    return verdict(case.country, case.provider, role=role)


# -- the matrix: role × situation × home × language --------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("role", ROLES)
def test_verdict_matrix(role: Role, case: Case, home: str | None, language: str) -> None:
    result = judged(case, role)
    text = result.text(language, home=home)
    lowered = text.casefold()
    assert text.endswith("."), text

    # Wording by role: only what stores data is "stored".
    if case.country is not None or case.hq is not None:
        assert text.startswith(ROLE_WORDS[role][language]), text
    if role is not Role.STORES:
        for word in STORAGE_WORDS[language]:
            assert word not in lowered, text

    # GDPR for people who live in the EU/EEA: "applies" only for a company established there.
    if home == EU_HOME:
        assert RESIDENT[language] in text, text
        if case.established_in_eu:
            assert APPLIES[language] in text and ART_3_1[language] in text, text
            assert MAY_APPLY[language] not in text and ART_3_2[language] not in text, text
        else:
            assert MAY_APPLY[language] in text and ART_3_2[language] in text, text
            assert APPLIES[language] not in text and ART_3_1[language] not in text, text
        # In addition, the foreign law that can still reach the data is named.
        if "US" in (case.hq, case.parent_hq, case.country):
            residence = text[text.index(RESIDENT[language]) :]
            assert US_LAW[language] in residence, text
    else:  # not in the EU, or not known: nothing about residence
        assert RESIDENT[language] not in text, text
        assert ART_3_1[language] not in text and ART_3_2[language] not in text, text

    # No company here is certified: the Data Privacy Framework is never claimed.
    assert US_DPF not in result.regimes
    assert DPF_WORDS[language] not in lowered.replace("’", "'"), text


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("role", ROLES)
def test_english_and_french_differ_and_name_no_foreign_words(role: Role, case: Case) -> None:
    result = judged(case, role)
    english, french = result.text("en", home=EU_HOME), result.text("fr", home=EU_HOME)
    assert english != french
    for word in ("Stored", "Served", "talks", "applies", "company", "may apply"):
        assert word not in french, french
    for word in ("Données", "entreprise", "s’applique", "RGPD"):
        assert word not in english, english


def test_an_edge_never_stores_even_for_a_storage_company() -> None:
    cloud = company("US", categories=("cdn", "storage"), edge=True)
    assert role_of(cloud) is Role.SERVES
    result = verdict("FR", cloud)
    assert result.role is Role.SERVES and result.edge
    assert "stored" not in result.text("en").casefold()
    assert "stockées" not in result.text("fr")
    assert result.text("en").startswith("Served in France")
    assert result.text("fr").startswith("Contenu servi en France")


# -- which role --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "edge", "resolver", "expected"),
    [
        # A company that also does other things: its address alone is no mailbox.
        (company("US", categories=("mail", "search")), False, False, Role.TALKS),
        (company("FR", categories=("isp", "mobile", "mail")), False, False, Role.TALKS),
        (company("CH", categories=("mail", "storage")), False, False, Role.STORES),
        (company("US", categories=("photos",)), False, False, Role.STORES),
        (company("US", categories=("storage",)), False, False, Role.STORES),
        (company("US", categories=("cloud", "hosting")), False, False, Role.STORES),
        (company("FR", categories=("isp", "mobile")), False, False, Role.TALKS),
        (company("US", categories=("social", "video")), False, False, Role.TALKS),
        (company("CH", categories=("dns", "security")), False, False, Role.ANSWERS),
        (company("US", categories=("cdn",), edge=True), False, False, Role.SERVES),
        (company("US", categories=("mail", "storage")), True, False, Role.SERVES),
        (company("US", categories=("mail", "storage")), True, True, Role.ANSWERS),
        (None, False, False, Role.TALKS),
        (None, True, False, Role.SERVES),
    ],
)
def test_role_of(provider: Provider | None, edge: bool, resolver: bool, expected: Role) -> None:
    assert role_of(provider, edge=edge, resolver=resolver) is expected


def test_the_role_follows_the_locators_edge_match() -> None:
    google = company("US", categories=("mail", "photos", "storage", "cloud"))
    here = Location("US", "Mountain View", source="test db")
    anycast = Location("US", None, source="test db", kind=LocationKind.EDGE)
    data = default_jurisdictions()
    stored = law(data, here, google)
    assert stored is not None and stored.role is Role.STORES
    assert stored == verdict("US", google)  # no edge: the same verdict as without the locator
    served = law(data, anycast, google, EdgeKind.CDN)
    answered = law(data, anycast, google, EdgeKind.PUBLIC_RESOLVER)
    assert served is not None and served.role is Role.SERVES
    assert answered is not None and answered.role is Role.ANSWERS
    assert served.data_country is None  # an edge is never pinned to a country
    assert answered.text("en").startswith("DNS look-ups answered by a US company")
    assert answered.text("fr").startswith("Requêtes DNS traitées par une entreprise américaine")
    edge_location = law(data, anycast, google)  # an EDGE location alone says "edge"
    assert edge_location is not None and edge_location.role is Role.SERVES


# -- the Data Privacy Framework: certified companies only ---------------------------------------


def certification(active: bool = True, when: date = date(2026, 10, 1)) -> DpfCertification:
    return DpfCertification(
        active=active, as_of=when, source="https://www.dataprivacyframework.gov/participant/1"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_dpf_is_said_only_for_an_active_certification(language: str) -> None:
    when = date(2026, 10, 1)
    certified = verdict("IE", company("US", dpf=certification(when=when)))
    assert US_DPF in certified.regimes
    text = certified.text(language)
    assert DPF_WORDS[language] in text
    assert format_as_of(when.isoformat(), language) in text  # with its "as of" date
    assert any(
        source.url == "https://www.dataprivacyframework.gov/participant/1"
        and source.as_of == when.isoformat()
        for source in certified.sources
    )
    # It does not stop US surveillance laws: the CLOUD Act is still named.
    assert "CLOUD Act" in text

    lapsed = verdict("IE", company("US", dpf=certification(active=False)))
    uncertified = verdict("IE", company("US"))
    not_us = verdict("IE", company("GB", dpf=certification()))  # the DPF is for US companies
    for result in (lapsed, uncertified, not_us):
        assert US_DPF not in result.regimes
        assert DPF_WORDS[language] not in result.text(language)


def test_no_data_in_the_us_implies_the_dpf() -> None:
    for who in (None, company("US"), company("FR"), company("CN")):
        result = verdict("US", who)
        assert US_DPF not in result.regimes
        assert "Privacy Framework" not in result.text("en")


# -- dated, scoped legal texts ------------------------------------------------------------------


def raw_regimes() -> dict[str, dict[str, object]]:
    with resource_path("jurisdictions.toml").open("rb") as file:
        regimes = tomllib.load(file)["regimes"]
    assert isinstance(regimes, dict)
    return regimes


def test_every_regime_has_its_own_dated_source() -> None:
    raw = raw_regimes()
    assert set(raw) == REGIME_KEYS
    for key, entry in raw.items():
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(entry["as_of"])), key
    data = default_jurisdictions()
    for case in CASES:
        for role in ROLES:
            result = judged(case, role)
            assert len(result.sources) >= len(result.regimes) > 0
            for key in result.regimes:
                regime = data.regime(key)
                assert (regime.citation, regime.sources[0], str(raw[key]["as_of"])) in {
                    (s.citation, s.url, s.as_of) for s in result.sources
                } or key == "eu_adequacy", key
            for source in result.sources:
                assert source.url.startswith(("https://", "http://"))
                assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", source.as_of)


@pytest.mark.parametrize("language", LANGUAGES)
def test_fisa_702_is_stated_with_its_status_as_of_its_date(language: str) -> None:
    entry = raw_regimes()[US_FISA_702]
    status_dates = entry["status_dates"]
    assert isinstance(status_dates, dict)
    for where, who in (("US", None), ("IE", company("US")), (None, company("US"))):
        result = verdict(where, who)
        assert US_FISA_702 in result.regimes
        text = result.text(language)
        assert format_as_of(str(entry["as_of"]), language) in text
        for value in status_dates.values():
            assert format_as_of(str(value), language) in text
    # A law of the place or company, not said where neither is American.
    assert "702" not in verdict("FR", company("DE")).text(language)


def test_fisa_702_says_may_not_does() -> None:
    text = verdict("US", None).text("en")
    assert "may" in text
    assert "including FISA Section 702 surveillance" not in text  # the old, unqualified claim


@pytest.mark.parametrize(
    ("code", "english", "french"),
    [
        ("CA", ("commercial organisations", "PIPEDA"), ("organisations commerciales", "PIPEDA")),
        ("JP", ("private-sector",), ("secteur privé",)),
    ],
)
def test_adequacy_scope_is_in_the_sentence(
    code: str, english: tuple[str, ...], french: tuple[str, ...]
) -> None:
    result = verdict(code, None)
    assert all(word in result.text("en") for word in english)
    assert all(word in result.text("fr") for word in french)
    decision = default_jurisdictions().adequacy_for(code)
    assert decision is not None and decision.source in result.sources  # the decision itself


def test_chinas_intelligence_law_is_quoted_not_stretched() -> None:
    result = verdict("SG", company("CN"))
    assert "support, assist and cooperate with national intelligence work" in result.text("en")
    assert "Art. 7" in result.text("en") and "art. 7" in result.text("fr")
    summary = default_jurisdictions().regime("cn_national_intelligence_law").summary("en")
    assert "support, assist and cooperate" in summary
    assert "whatever country" not in summary  # no broader reading than the article


def test_french_country_grammar() -> None:
    assert "aux États-Unis" in verdict("US", company("US")).text("fr")
    assert "à Gibraltar" in verdict("GI", None).text("fr")
    assert "au Canada" in verdict("CA", None).text("fr")


def test_the_gdprs_source_joins_for_an_eu_resident() -> None:
    result = verdict("US", company("US"))
    assert GDPR not in result.regimes
    assert result.sources_for(None) == result.sources
    gdpr = default_jurisdictions().regime(GDPR).source
    assert gdpr in result.sources_for(EU_HOME) and gdpr not in result.sources_for(NON_EU_HOME)


def test_home_is_case_insensitive_and_unknown_says_nothing() -> None:
    result = verdict("US", company("US"))
    assert result.text("en", home="fr") == result.text("en", home="FR")
    assert result.text("en", home="") == result.text("en") == result.text("en", home=None)


# -- the data file's new fields are checked -----------------------------------------------------


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = resource_path("jurisdictions.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "jurisdictions.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('status = "lapsed_certifications_in_force"', 'status = "gone"', "unknown status"),
        ('lapsed = "2026-06-12", ', "", "status_dates must name"),
        ('until = "2027-03"', 'until = "March 2027"', "must be a date"),
        ('[regimes.gdpr]\nas_of = "2026-05"\n', "[regimes.gdpr]\n", "as_of must be a date"),
    ],
)
def test_bad_dates_and_statuses_are_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(JurisdictionDataError, match=message):
        Jurisdictions.load(_copy_with(tmp_path, old, new))


@pytest.mark.parametrize("key", ["orange", "free", "google"])
def test_a_shipped_company_that_also_does_other_things_is_talked_to(key: str) -> None:
    """An ISP with a mail service (Orange, Free) or a search engine with one (Google): any of
    their addresses would otherwise be called a storage place."""
    registry = ProviderRegistry.load()
    found = registry.get(key)
    assert found is not None and "mail" in found.categories
    assert role_of(found) is Role.TALKS
    text = verdict("FR", found).text("en") + verdict("FR", found).text("fr")
    assert "Stored" not in text and "stockées" not in text and "Stockées" not in text
