"""Verdict texts for each role × reader's home × kind of company (issue 10, "Tests"): a US
company with and without the Data Privacy Framework, an EU, a Chinese, a Russian and a Canadian
company, in English and in French. Each check is on the words that carry the meaning (the law
named, the scope limit, the DPF said only when certified, GDPR "applies"/"may apply"), not on a
copied sentence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app.core.jurisdiction import Role, verdict
from app.core.providers import DpfCertification
from tests.core.test_verdict_roles import (
    APPLIES,
    ART_3_1,
    ART_3_2,
    DPF_WORDS,
    EU_HOME,
    HOMES,
    LANGUAGES,
    MAY_APPLY,
    RESIDENT,
    ROLE_WORDS,
    STORAGE_WORDS,
    company,
)

CERTIFIED = DpfCertification(
    active=True, as_of=date(2026, 9, 1), source="https://www.dataprivacyframework.gov/participant/1"
)
LAPSED = DpfCertification(
    active=False,
    as_of=date(2026, 9, 1),
    source="https://www.dataprivacyframework.gov/participant/2",
)


@dataclass(frozen=True)
class Kind:
    name: str
    hq: str
    data: str  # where the data are
    must: dict[str, tuple[str, ...]]  # words the sentence must hold, per language
    dpf: DpfCertification | None = None


KINDS = (
    Kind(
        "US company, DPF",
        "US",
        "US",
        {"en": ("US law", "FISA", "Data Privacy Framework"),
         "fr": ("droit américain", "FISA", "cadre de protection des données")},
        CERTIFIED,
    ),
    Kind(
        "US company, no DPF",
        "US",
        "US",
        {"en": ("US law", "FISA"), "fr": ("droit américain", "FISA")},
    ),
    Kind(
        "US company, DPF entry not active",
        "US",
        "IE",
        {"en": ("US authorities", "CLOUD Act", "GDPR applies"),
         "fr": ("autorités américaines", "CLOUD Act", "RGPD s’applique")},
        LAPSED,
    ),
    Kind("EU company", "DE", "DE", {"en": ("GDPR",), "fr": ("RGPD",)}),
    Kind(
        "Chinese company",
        "CN",
        "CN",
        {"en": ("Chinese law", "National Intelligence Law"),
         "fr": ("droit chinois", "loi sur le renseignement national")},
    ),
    Kind(
        "Russian company",
        "RU",
        "RU",
        {"en": ("Russian law", "SORM"), "fr": ("droit russe", "SORM")},
    ),
    Kind(
        "Canadian company",
        "CA",
        "CA",
        {"en": ("Canadian law", "commercial organisations"),
         "fr": ("droit canadien", "organisations commerciales")},
    ),
)  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
@pytest.mark.parametrize("role", tuple(Role))
def test_company_kinds(role: Role, kind: Kind, home: str | None, language: str) -> None:
    provider = company(kind.hq, dpf=kind.dpf)
    text = verdict(kind.data, provider, role=role).text(language, home=home)
    assert text.startswith(ROLE_WORDS[role][language]), text
    if role is not Role.STORES:
        for word in STORAGE_WORDS[language]:
            assert word not in text.casefold(), text
    for word in kind.must[language]:
        assert word in text, (word, text)
    certified = kind.dpf is not None and kind.dpf.active
    assert (DPF_WORDS[language] in text.replace("’", "'")) is certified, text
    if home == EU_HOME:
        assert RESIDENT[language] in text, text
        if kind.hq == "DE":  # established in the EU: Art. 3(1) applies
            assert APPLIES[language] in text and ART_3_1[language] in text, text
        else:  # elsewhere: only if it targets people in the EU, Art. 3(2)
            assert MAY_APPLY[language] in text and ART_3_2[language] in text, text
            assert APPLIES[language] not in text, text
    else:
        assert RESIDENT[language] not in text, text
        assert ART_3_1[language] not in text and ART_3_2[language] not in text, text
