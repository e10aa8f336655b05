"""resources/services.toml: the real file is well formed and sourced, the look-ups follow label
boundaries, and a bad entry is refused with its table and field named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.core.accounts.catalogue import ServiceCatalogue, ServiceCatalogueError, ServiceKind
from app.core.accounts.model import FoundBy, ServerRole
from app.core.providers import ProviderRegistry
from app.core.resources import resource_path

PROVIDERS = frozenset({"google", "proton"})


@pytest.fixture(scope="module")
def catalogue() -> ServiceCatalogue:
    return ServiceCatalogue.load()


def test_the_real_file_loads_in_file_order(catalogue: ServiceCatalogue) -> None:
    ids = [s.id for s in catalogue.services]
    assert ids[0] == "gmail"
    assert len(ids) == len(set(ids)) >= 30
    assert catalogue.as_of is not None and catalogue.as_of <= date.today()


def test_every_provider_key_is_a_table_of_providers_toml(catalogue: ServiceCatalogue) -> None:
    registry = ProviderRegistry.load(resource_path("providers.toml"))
    for service in catalogue.services:
        if service.provider is not None:
            assert service.provider in registry, service.id


def test_sources_are_https_and_dates_not_in_the_future(catalogue: ServiceCatalogue) -> None:
    for service in catalogue.services:
        if service.servers:
            assert service.servers_source and service.servers_source.startswith("https://")
        if service.storage is not None:
            assert service.storage_source and service.storage_source.startswith("https://")
            assert service.storage_as_of is not None
            assert service.storage_as_of <= date.today(), service.id
        if service.entity is not None:
            assert service.entity_country and service.entity_source
            assert service.entity_source.startswith("https://")


def test_sourced_statements_are_one_sentence(catalogue: ServiceCatalogue) -> None:
    for service in catalogue.services:
        if service.storage is not None:
            assert service.storage.endswith(".") and service.storage.count(". ") == 0


def test_every_mail_service_with_client_settings_has_a_storing_server(
    catalogue: ServiceCatalogue,
) -> None:
    """Mail is stored where IMAP or POP is; services without IMAP (Proton Mail, Tuta) or whose
    settings no source gave list none. Infomaniak's page gave its SMTP server only."""
    without = {"proton_mail", "tuta", "mailbox_org", "infomaniak_mail"}
    for service in catalogue.services:
        if service.kind is ServiceKind.MAIL and service.id not in without:
            assert any(s.role is ServerRole.STORES for s in service.servers), service.id
        assert all(s.found_by is FoundBy.CATALOGUE for s in service.servers)
        assert all(s.role is ServerRole.TRANSIT for s in service.servers if s.protocol == "smtp")


def test_domains_are_unique_and_mail_only(catalogue: ServiceCatalogue) -> None:
    seen: dict[str, str] = {}
    for service in catalogue.services:
        if service.domains:
            assert service.kind is ServiceKind.MAIL
        for domain in service.domains:
            assert seen.setdefault(domain, service.id) == service.id, domain


@pytest.mark.parametrize(
    ("domain", "service"),
    [
        ("gmail.com", "gmail"),
        ("GoogleMail.com", "gmail"),
        ("wanadoo.fr", "orange_mail"),
        ("free.fr", "free_mail"),
        ("laposte.net", "laposte"),
        ("hotmail.fr", "outlook"),
        ("pm.me", "proton_mail"),
        ("me.com", "icloud_mail"),
        ("web.de", "webde"),
        ("gmx.de", "gmx"),
    ],
)
def test_by_mail_domain(catalogue: ServiceCatalogue, domain: str, service: str) -> None:
    found = catalogue.by_mail_domain(domain)
    assert found is not None and found.id == service


@pytest.mark.parametrize("domain", ["mail.gmail.com", "gmail.com.evil.net", "example.org", ""])
def test_by_mail_domain_is_exact(catalogue: ServiceCatalogue, domain: str) -> None:
    assert catalogue.by_mail_domain(domain) is None


@pytest.mark.parametrize(
    ("host", "service"),
    [
        ("imap.gmail.com", "gmail"),
        ("aspmx.l.google.com.", "gmail"),
        ("x.google.com", "gmail"),
        ("mx01.mail.icloud.com", "icloud_mail"),
        ("OUTLOOK.OFFICE365.COM", "outlook"),
        ("mail.protonmail.ch", "proton_mail"),
        ("imap.zoho.eu", "zoho_mail"),
    ],
)
def test_by_host_matches_whole_labels(catalogue: ServiceCatalogue, host: str, service: str) -> None:
    found = catalogue.by_host(host)
    assert found is not None and found.id == service


@pytest.mark.parametrize(
    "host", ["evilgoogle.com", "google.com.evil.net", "mail.me.com", "notprotonmail.ch", ""]
)
def test_by_host_refuses_look_alikes(catalogue: ServiceCatalogue, host: str) -> None:
    assert catalogue.by_host(host) is None


def test_get(catalogue: ServiceCatalogue) -> None:
    gmail = catalogue.get("gmail")
    assert gmail is not None and gmail.name == "Gmail" and gmail.kind == "mail"
    assert catalogue.get("nope") is None


# -- validation -------------------------------------------------------------------------------

GOOD = """
as_of = 2026-12-01

[services.one]
name = "One"
kind = "mail"
provider = "google"
entity = "One Ltd"
entity_country = "IE"
entity_source = "https://one.example/terms"
domains = ["one.example"]
mx_suffixes = ["mx.one.example"]
servers = [{ host = "imap.one.example", port = 993, protocol = "imap", role = "stores" }]
servers_source = "https://one.example/help"
storage = "One says nothing."
storage_countries = ["DE"]
storage_source = "https://one.example/privacy"
storage_as_of = 2026-11-30
"""


def _load(tmp_path: Path, text: str) -> ServiceCatalogue:
    path = tmp_path / "services.toml"
    path.write_text(text, encoding="utf-8")
    return ServiceCatalogue.load(path, providers=PROVIDERS)


def test_a_good_fixture_loads(tmp_path: Path) -> None:
    catalogue = _load(tmp_path, GOOD)
    one = catalogue.get("one")
    assert one is not None
    assert one.servers[0].port == 993 and one.servers[0].role is ServerRole.STORES
    assert one.storage_as_of == date(2026, 11, 30) and one.storage_countries == ("DE",)
    assert catalogue.by_host("a.mx.one.example") is one


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('kind = "mail"', 'kind = "video"', ("[services.one]", "kind", "video")),
        ('role = "stores"', 'role = "keeps"', ("[services.one]", "role", "keeps")),
        ('protocol = "imap"', 'protocol = "gopher"', ("[services.one]", "protocol")),
        ('entity_country = "IE"', 'entity_country = "EU"', ("[services.one]", "entity_country")),
        ('storage_countries = ["DE"]', 'storage_countries = ["XX"]', ("storage_countries",)),
        ('provider = "google"', 'provider = "googel"', ("[services.one]", "provider", "googel")),
        ("port = 993", "port = 0", ("[services.one]", "port")),
        ('host = "imap.one.example"', 'host = "imap one"', ("[services.one]", "host")),
        ("storage_as_of = 2026-11-30\n", "", ("[services.one]", "storage_as_of")),
        ('entity_source = "https://one.example/terms"\n', "", ("entity_source",)),
        (
            'servers_source = "https://one.example/help"',
            'servers_source = "http://x.example"',
            ("servers_source", "https://"),
        ),
        ('kind = "mail"', 'kind = "mail"\ncolour = "red"', ("[services.one]", "colour")),
        ('kind = "mail"', 'kind = "files"', ("[services.one]", "domains")),
    ],
)
def test_a_bad_entry_names_its_table_and_field(
    tmp_path: Path, old: str, new: str, words: tuple[str, ...]
) -> None:
    assert old in GOOD
    with pytest.raises(ValueError) as caught:
        _load(tmp_path, GOOD.replace(old, new))
    assert isinstance(caught.value, ServiceCatalogueError)
    for word in words:
        assert word in str(caught.value)


def test_a_domain_in_two_services_is_refused(tmp_path: Path) -> None:
    two = (
        GOOD
        + """
[services.two]
name = "Two"
kind = "mail"
domains = ["one.example"]
"""
    )
    with pytest.raises(ServiceCatalogueError, match=r"\[services\.two\].*one\.example.*one"):
        _load(tmp_path, two)


def test_a_host_in_two_services_is_refused(tmp_path: Path) -> None:
    two = (
        GOOD
        + """
[services.two]
name = "Two"
kind = "mail"
mx_suffixes = ["mx.one.example"]
"""
    )
    with pytest.raises(ServiceCatalogueError, match=r"\[services\.two\].*mx\.one\.example"):
        _load(tmp_path, two)


def test_the_default_provider_keys_are_those_of_providers_toml(tmp_path: Path) -> None:
    path = tmp_path / "services.toml"
    path.write_text(GOOD.replace('provider = "google"', 'provider = "nobody"'), encoding="utf-8")
    with pytest.raises(ServiceCatalogueError, match=r"providers\.toml"):
        ServiceCatalogue.load(path)


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ServiceCatalogueError, match=r"services\.toml"):
        _load(tmp_path, "[services.one\n")
