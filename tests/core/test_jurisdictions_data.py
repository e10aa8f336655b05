"""resources/jurisdictions.toml: the country lists are complete and every regime is sourced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.jurisdiction import (
    REGIME_KEYS,
    Jurisdiction,
    JurisdictionDataError,
    Jurisdictions,
    default_jurisdictions,
)
from app.core.providers import iso_country_codes
from app.core.resources import resource_path

# The 27 EU member states (since the United Kingdom left on 31 January 2020).
EU_MEMBERS = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}  # fmt: skip
EEA_ONLY = {"IS", "LI", "NO"}

# Countries and territories with an EU adequacy decision named in the issue.
ADEQUACY = {
    "AD",
    "AR",
    "CA",
    "FO",
    "GG",
    "IL",
    "IM",
    "JP",
    "JE",
    "NZ",
    "KR",
    "CH",
    "GB",
    "UY",
    "US",
}


@pytest.fixture(scope="module")
def data() -> Jurisdictions:
    return Jurisdictions.load()


def test_every_eu_member_is_present(data: Jurisdictions) -> None:
    assert len(EU_MEMBERS) == 27
    assert data.eu_members == EU_MEMBERS
    assert "GB" not in data.eu_members


def test_eea_and_eu_territories(data: Jurisdictions) -> None:
    assert data.eea_members == EEA_ONLY
    assert not data.eea_members & data.eu_members
    # Overseas regions that geolocation reports under their own code are EU territory.
    assert {"RE", "GP", "MQ", "GF", "YT"} <= data.eu_territories
    assert data.gdpr_area == data.eu_members | data.eea_members | data.eu_territories


def test_adequacy_list(data: Jurisdictions) -> None:
    assert data.adequacy_codes >= ADEQUACY
    assert not data.adequacy_codes & data.gdpr_area
    by_code = {item.code: item for item in data.adequacy}
    assert by_code["US"].conditional  # only companies certified under the Data Privacy Framework
    assert "certified" in by_code["US"].scope("en") and "certifiées" in by_code["US"].scope("fr")
    assert "commercial" in by_code["CA"].scope("en")
    assert by_code["CH"].scope("fr").startswith("Droit suisse") and by_code["AD"].scope("en") == ""
    assert not by_code["CH"].conditional


def test_the_european_patent_organisation_is_not_a_country(data: Jurisdictions) -> None:
    organisations = [item for item in data.adequacy if item.code is None]
    assert [item.name for item in organisations] == ["European Patent Organisation"]


def test_adequacy_decisions_name_their_act_and_source(data: Jurisdictions) -> None:
    for item in data.adequacy:
        assert item.decision.strip(), item.name
        assert item.sources and all(url.startswith("https://") for url in item.sources), item.name
        if item.code is not None:
            assert item.code in iso_country_codes()


def test_every_regime_is_described_and_sourced(data: Jurisdictions) -> None:
    assert set(data.regimes) == REGIME_KEYS
    for key, regime in data.regimes.items():
        assert regime.key == key
        assert regime.citation.strip(), key
        assert regime.sources, key
        assert all(url.startswith(("https://", "http://")) for url in regime.sources), key
        assert len(set(regime.sources)) == len(regime.sources), key
        for english, french in (
            (regime.name("en"), regime.name("fr")),
            (regime.summary("en"), regime.summary("fr")),
        ):
            assert english.strip() and french.strip(), key
        assert regime.summary("en") != regime.summary("fr"), key
        assert regime.name("fr_CA") == regime.name("fr") and regime.summary(None) == regime.summary(
            "en"
        )


@pytest.mark.parametrize(
    ("key", "citation"),
    [
        ("gdpr", "2016/679"),
        ("us_cloud_act", "18 U.S.C. § 2713"),
        ("us_fisa_702", "50 U.S.C. § 1881a"),
        ("us_dpf", "2023/1795"),
        ("cn_national_intelligence_law", "Article 7"),
        ("cn_data_security_law", "Data Security Law"),
        ("ru_sorm", "374-FZ"),
        ("uk_ipa", "Investigatory Powers Act 2016"),
    ],
)
def test_legal_citations(data: Jurisdictions, key: str, citation: str) -> None:
    assert citation in data.regime(key).citation


def test_regime_colours(data: Jurisdictions) -> None:
    categories = {key: regime.category for key, regime in data.regimes.items()}
    assert categories["gdpr"] is Jurisdiction.EU_GDPR
    assert categories["eu_adequacy"] is Jurisdiction.ADEQUACY
    assert categories["us_cloud_act"] is categories["us_fisa_702"] is Jurisdiction.US_REACH
    assert categories["cn_national_intelligence_law"] is Jurisdiction.OTHER
    assert categories["ru_sorm"] is Jurisdiction.OTHER
    assert categories["unknown"] is Jurisdiction.UNKNOWN


def test_every_country_list_has_a_source(data: Jurisdictions) -> None:
    for name in ("eu", "eea", "eu_territories", "adequacy"):
        assert data.sources[name], name


def test_the_default_is_read_once(data: Jurisdictions) -> None:
    assert default_jurisdictions() is default_jurisdictions()
    assert default_jurisdictions().eu_members == data.eu_members


# -- validation ---------------------------------------------------------------------------------


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "jurisdictions.toml"
    shutil.copyfile(resource_path("jurisdictions.toml"), path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"AT", "BE"', '"AT", "XX"', r"\[eu\]: 'XX' is not an ISO"),
        ('code = "AD"', 'code = "FR"', r"FR is in the EU/EEA"),
        ("[regimes.uk_ipa]", "[regimes.uk_ipa_renamed]", r"missing regime\(s\) uk_ipa"),
        ('category = "OTHER"', 'category = "PURPLE"', r"unknown category 'PURPLE'"),
        (
            'sources = ["https://www.efta.int/eea-lex/32016R0679"]',
            "sources = []",
            r"\[eea\]: sources must be a non-empty list",
        ),
    ],
)
def test_bad_data_is_rejected(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(JurisdictionDataError, match=message):
        Jurisdictions.load(_broken_copy(tmp_path, old, new))


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(JurisdictionDataError, match="cannot read"):
        Jurisdictions.load(tmp_path / "none.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[eu\n", encoding="utf-8")
    with pytest.raises(JurisdictionDataError, match="not valid TOML"):
        Jurisdictions.load(broken)
