"""Every data source the answers rest on is listed with its date (app/core/data_sources.py), from
the shipped files themselves: `db status`, its JSON and the About dialog show this list."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.data_sources import DataSource, data_sources
from app.core.geo.anycast import AnycastRules
from app.core.geo.cloud import embedded_data_release
from app.core.geo.locator import default_database_paths
from app.core.geo.mmdb import MmdbDatabase
from app.core.i18n import translations
from app.core.jurisdiction import default_jurisdictions
from app.core.providers import ProviderRegistry
from app.core.resources import resource_path
from tests.fixtures.language import assert_speaks


@pytest.fixture(scope="module")
def listed() -> tuple[DataSource, ...]:
    infos = []
    for path in default_database_paths():
        with MmdbDatabase.open(path) as database:
            infos.append(database.info)
    return data_sources(
        infos,
        cloud=embedded_data_release(),
        edges=AnycastRules.load(),
        registry=ProviderRegistry.load(),
        jurisdictions=default_jurisdictions(),
        services=ServiceCatalogue.load(),
    )


def by_kind(listed: tuple[DataSource, ...]) -> dict[str, DataSource]:
    return {source.kind: source for source in listed}


def test_every_kind_of_source_is_listed_once_and_dated(listed: tuple[DataSource, ...]) -> None:
    kinds = [source.kind for source in listed]
    assert sorted(kinds) == sorted(
        ["city", "country", "asn", "points", "cloud", "edges", "registry", "law", "services"]
    )
    for source in listed:
        assert source.as_of, source
        date.fromisoformat(source.as_of if len(source.as_of) == 10 else source.as_of + "-01")


def test_the_dates_are_the_files_own(listed: tuple[DataSource, ...]) -> None:
    found = by_kind(listed)
    with resource_path("geo/sources.toml").open("rb") as handle:
        rows = {row["part"]: row for row in tomllib.load(handle)["source"]}
    for part in ("city", "country", "asn", "points"):
        assert found[part].as_of == rows[part]["as_of"].isoformat()
        assert rows[part]["version"] in found[part].name
    assert found["registry"].as_of == str(ProviderRegistry.load().as_of)
    assert found["law"].as_of == default_jurisdictions().as_of
    assert found["edges"].as_of == str(AnycastRules.load().as_of)
    assert found["services"].as_of == str(ServiceCatalogue.load().as_of)
    release = embedded_data_release()
    assert release.built_at is not None
    assert found["cloud"].as_of == release.built_at.date().isoformat()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_line_speaks_the_reader_s_language(
    listed: tuple[DataSource, ...], language: str
) -> None:
    tr = translations(language)
    text = "\n".join(source.text(tr) for source in listed)
    data = [source.name for source in listed]
    assert_speaks(text, language, data=data)
    assert ("date des données" in text) is (language == "fr")


def test_an_undated_source_says_so() -> None:
    source = DataSource("registry", "x.toml", "")
    assert source.text(translations("en")) == "companies (provider registry): x.toml, undated"
    assert source.record() == {"kind": "registry", "name": "x.toml", "as_of": "", "url": ""}
