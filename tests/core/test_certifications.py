"""The sentences about HDS and SecNumCloud (app.core.certifications): each recorded certificate
with its scope, source and date and a "may" about the address; for a hosting company with no
HDS recorded, that none is recorded and why it matters; in the reader's language (issue 14)."""

from __future__ import annotations

import gettext
import io
from datetime import date

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from app.core.certifications import (
    certification_lines,
    distinct_providers,
)
from app.core.i18n import translations
from app.core.model import AddressScope, Endpoint, LocatedEndpoint
from app.core.providers import Provider, ProviderRegistry
from tests.core.test_providers import _entry, _registry

ENGLISH = translations("en")


@pytest.fixture(scope="module")
def registry() -> ProviderRegistry:
    return ProviderRegistry.load()


def _provider(registry: ProviderRegistry, key: str) -> Provider:
    provider = registry.get(key)
    assert provider is not None, key
    return provider


def test_a_certified_company_gets_its_scope_source_date_and_a_may(
    registry: ProviderRegistry,
) -> None:
    scaleway = _provider(registry, "scaleway")
    (held,) = scaleway.certifications
    (line,) = certification_lines(scaleway, ENGLISH)
    assert line.startswith("Scaleway is certified to host health data (HDS) for: ")
    assert held.scope in line and held.source in line
    assert "(as of November 14, 2025)" in line
    assert "may lie outside that scope" in line


def test_hds_comes_before_secnumcloud_one_line_each(registry: ProviderRegistry) -> None:
    hds, secnumcloud = certification_lines(_provider(registry, "ovhcloud"), ENGLISH)
    assert "(HDS)" in hds and "OVHcloud" in hds
    assert "SecNumCloud qualification" in secnumcloud and "France" in secnumcloud


def test_a_hosting_company_with_no_hds_recorded_is_said_to_have_none_recorded(
    registry: ProviderRegistry,
) -> None:
    assert certification_lines(_provider(registry, "hetzner"), ENGLISH) == (
        "No HDS certificate recorded for Hetzner: French law (Code de la santé publique,"
        " art. L.1111-8) requires one to host health data for others.",
    )
    # SecNumCloud is not HDS: a company holding only the first still has no HDS recorded.
    secnumcloud, no_hds = certification_lines(_provider(registry, "outscale"), ENGLISH)
    assert "SecNumCloud" in secnumcloud
    assert no_hds.startswith("No HDS certificate recorded for 3DS Outscale")


@pytest.mark.parametrize("key", ["cloudflare", "netflix", "bouygues"])
def test_companies_that_do_not_host_data_get_no_line(registry: ProviderRegistry, key: str) -> None:
    """A CDN edge, a video service, an ISP: the health-data law is not about them here."""
    provider = _provider(registry, key)
    assert not provider.certifications
    assert certification_lines(provider, ENGLISH) == ()


def test_distinct_providers_names_each_company_once_in_order(registry: ProviderRegistry) -> None:
    ovh, hetzner = _provider(registry, "ovhcloud"), _provider(registry, "hetzner")

    def answer(ip: str, provider: Provider | None) -> LocatedEndpoint:
        return LocatedEndpoint(Endpoint(ip), AddressScope.PUBLIC, provider=provider)

    found = distinct_providers(
        [
            answer("5.39.0.10", ovh),
            answer("95.217.40.11", hetzner),
            answer("5.39.0.11", ovh),
            answer("192.0.2.1", None),
        ]
    )
    assert found == (ovh, hetzner)


def _french(messages: dict[str, str]) -> gettext.GNUTranslations:
    """A French catalogue holding only ``messages`` (the shipped one gets them at merge time)."""
    catalogue = Catalog(locale="fr", domain="datalocator")
    for source, text in messages.items():
        catalogue.add(source, text)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def test_the_sentence_its_scope_and_its_date_follow_the_reader_language() -> None:
    scope = "Object Storage in the Paris region"
    entry = _entry(
        "entry",
        name="Nuage",
        certifications=[
            {
                "scheme": "hds",
                "scope": scope,
                "as_of": date(2025, 11, 1),
                "source": "https://example.com/hds",
            }
        ],
    )
    provider = _registry(entry=entry).get("entry")
    assert provider is not None
    english = certification_lines(provider, ENGLISH)[0]
    template = (
        "{company} is certified to host health data (HDS) for: {scope}. Source: {source}"
        " (as of {date}). Addresses here may lie outside that scope."
    )
    assert english == template.format(
        company="Nuage", scope=scope, source="https://example.com/hds", date="November 1, 2025"
    )
    french = _french(
        {
            template: "{company} est certifié HDS pour : {scope}."
            " Source : {source} (état : {date}).",
            scope: "Object Storage dans la région de Paris",
        }
    )
    (line,) = certification_lines(provider, french)
    assert line == (
        "Nuage est certifié HDS pour : Object Storage dans la région de Paris."
        " Source : https://example.com/hds (état : 1er novembre 2025)."
    )
