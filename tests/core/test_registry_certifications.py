"""HDS and SecNumCloud in the provider registry: every entry has a known scheme, a scope in
words, a date and a source, and the shipped file records what its sources say (issue 14)."""

from __future__ import annotations

import tomllib
from datetime import date, datetime

import pytest

from app.core.providers import (
    Certification,
    CertificationScheme,
    ProviderRegistry,
    ProviderRegistryError,
)
from app.core.resources import resource_path
from tests.core.test_providers import _entry, _registry

_HDS: dict[str, object] = {
    "scheme": "hds",
    "scope": "Object Storage in the Paris region",
    "as_of": date(2025, 11, 14),
    "source": "https://example.com/hds",
}


@pytest.fixture(scope="module")
def registry() -> ProviderRegistry:
    return ProviderRegistry.load()


def test_a_recorded_certification_is_typed_and_dated() -> None:
    entry = _entry("entry", certifications=[_HDS, {**_HDS, "scheme": "secnumcloud"}])
    provider = _registry(entry=entry).get("entry")
    assert provider is not None
    assert provider.certifications == (
        Certification(
            CertificationScheme.HDS,
            "Object Storage in the Paris region",
            date(2025, 11, 14),
            "https://example.com/hds",
        ),
        Certification(
            CertificationScheme.SECNUMCLOUD,
            "Object Storage in the Paris region",
            date(2025, 11, 14),
            "https://example.com/hds",
        ),
    )
    assert [c.scheme for c in provider.certified(CertificationScheme.HDS)] == ["hds"]


def test_no_certifications_key_means_none_recorded() -> None:
    provider = _registry(entry=_entry("entry")).get("entry")
    assert provider is not None and provider.certifications == ()
    assert provider.certified(CertificationScheme.HDS) == ()


@pytest.mark.parametrize(
    ("certifications", "message"),
    [
        ({"scheme": "hds"}, "certifications must be a list"),
        (["hds"], "each certification must be a table"),
        ([{**_HDS, "scheme": "iso27001"}], r"unknown certification scheme 'iso27001'"),
        ([{k: v for k, v in _HDS.items() if k != "source"}], r"missing: source"),
        ([{k: v for k, v in _HDS.items() if k != "as_of"}], r"missing: as_of"),
        ([{k: v for k, v in _HDS.items() if k != "scope"}], r"missing: scope"),
        ([{**_HDS, "until": date(2027, 1, 1)}], r"unknown: until"),
        ([{**_HDS, "as_of": "2025-11-14"}], "certification as_of must be a date"),
        ([{**_HDS, "as_of": datetime(2025, 11, 14, 8)}], "certification as_of must be a date"),
        ([{**_HDS, "source": "the company said so"}], "is not a web address"),
        ([{**_HDS, "scope": "  "}], "scope must be non-empty text"),
        ([_HDS, _HDS], "listed twice"),
    ],
)
def test_bad_certifications_are_rejected_naming_the_entry(
    certifications: object, message: str
) -> None:
    with pytest.raises(
        ProviderRegistryError, match=rf"test\.toml: provider \[entry\]: .*{message}"
    ):
        _registry(entry=_entry("entry", certifications=certifications))


def test_the_shipped_file_records_what_its_sources_say(registry: ProviderRegistry) -> None:
    held = {p.key: {c.scheme.value for c in p.certifications} for p in registry if p.certifications}
    assert held == {
        "google": {"hds"},
        "microsoft": {"hds"},
        "amazon": {"hds"},
        "ovhcloud": {"hds", "secnumcloud"},
        "scaleway": {"hds"},
        "outscale": {"secnumcloud"},
    }
    ovhcloud = registry.get("ovhcloud")
    assert ovhcloud is not None
    (secnumcloud,) = ovhcloud.certified(CertificationScheme.SECNUMCLOUD)
    assert "Hosted Private Cloud" in secnumcloud.scope and "France" in secnumcloud.scope
    assert secnumcloud.source.startswith("https://docs.ovhcloud.com/")


def test_every_certification_is_sourced_and_dated_no_later_than_the_check(
    registry: ProviderRegistry,
) -> None:
    for provider in registry:
        for held in provider.certifications:
            assert held.source.startswith("https://"), provider.key
            assert date(2018, 1, 1) <= held.as_of <= date(2026, 12, 5), provider.key
            assert held.scope.strip(), provider.key


def test_the_file_documents_the_key_like_dpf() -> None:
    text = resource_path("providers.toml").read_text(encoding="utf-8")
    header = text.split("\n[", 1)[0]
    assert "#   certifications" in header and "L.1111-8" in header and "secnumcloud" in header


def test_outscale_is_the_french_company_with_its_french_networks(
    registry: ProviderRegistry,
) -> None:
    outscale = registry.get("outscale")
    assert outscale is not None
    assert (outscale.headquarters, outscale.parent_headquarters) == ("FR", "FR")
    assert outscale.parent == "Dassault Systèmes SE"
    assert registry.by_asn(50624) is outscale and registry.by_asn(56343) is outscale
    # Its US sister is a US company: its AS names must not lead to the French table.
    assert registry.by_organisation("OUTSCALE INC") is None
    assert registry.by_organisation("Outscale SASU") is outscale
    with resource_path("providers.toml").open("rb") as stream:
        raw = tomllib.load(stream)["outscale"]
    assert "https://rdap.org/autnum/50624" in raw["sources"]
