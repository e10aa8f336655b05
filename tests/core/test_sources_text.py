"""The legal texts behind a verdict, translated and dated, in one core text ("Sources: …") used
by `locate` and the place panel; the citations of resources/jurisdictions.toml are catalogue
messages with French (JSON keeps them in English)."""

from __future__ import annotations

import pytest

from app.core.i18n import translations
from app.core.i18n_catalogue import citations
from app.core.jurisdiction import (
    DPF_LIST_CITATION,
    GDPR,
    US_CLOUD_ACT,
    Role,
    default_jurisdictions,
    format_as_of,
    sources_text,
    verdict,
)
from app.core.resources import resource_path
from tests.core.test_verdict_companies import CERTIFIED
from tests.core.test_verdict_roles import company

LANGUAGES = ("en", "fr")
HEAD = {"en": "Sources: ", "fr": "Sources : "}


def test_every_citation_of_the_data_file_has_french() -> None:
    found = citations(resource_path("jurisdictions.toml"))
    assert len(found) >= 20
    french = translations("fr")
    for text, _line in [*found, (DPF_LIST_CITATION, 0)]:
        assert french.gettext(text) != text, text


@pytest.mark.parametrize("language", LANGUAGES)
def test_sources_are_translated_and_dated(language: str) -> None:
    tr = translations(language)
    data = default_jurisdictions()
    cloud_act = data.regime(US_CLOUD_ACT)
    result = verdict("US", company("US"), role=Role.TALKS)
    text = sources_text(result, tr)
    assert text.startswith(HEAD[language]), text
    assert tr.gettext(cloud_act.citation).removesuffix(".") in text
    assert format_as_of(cloud_act.as_of, language) in text
    if language == "fr":
        assert cloud_act.citation.removesuffix(".") not in text  # no English left
    assert tr.gettext(data.regime(GDPR).citation).removesuffix(".") not in text  # not in the EU


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_eu_resident_gets_the_gdprs_source_too(language: str) -> None:
    tr = translations(language)
    gdpr = default_jurisdictions().regime(GDPR).citation
    result = verdict("US", company("US"), role=Role.STORES)
    assert tr.gettext(gdpr).removesuffix(".") in sources_text(result, tr, "FR")
    assert tr.gettext(gdpr).removesuffix(".") not in sources_text(result, tr, "US")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_certified_companys_dpf_entry_is_a_dated_source(language: str) -> None:
    tr = translations(language)
    certified = verdict("US", company("US", dpf=CERTIFIED), role=Role.STORES)
    text = sources_text(certified, tr)
    assert tr.gettext(DPF_LIST_CITATION) in text
    assert format_as_of(CERTIFIED.as_of.isoformat(), language) in text
    plain = verdict("US", company("US"), role=Role.STORES)
    assert tr.gettext(DPF_LIST_CITATION) not in sources_text(plain, tr)


def test_json_sources_stay_english() -> None:
    result = verdict("US", company("US"), role=Role.TALKS)
    cloud_act = default_jurisdictions().regime(US_CLOUD_ACT).citation
    assert cloud_act in [source.citation for source in result.sources]
