"""The provider registry: the shipped data are complete and sourced, and look-ups behave."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import cast

import pytest
from babel import Locale

from app.core.providers import (
    CATEGORIES,
    MatchKind,
    Provider,
    ProviderRegistry,
    ProviderRegistryError,
    iso_country_codes,
    organisation_tokens,
)
from app.core.resources import resource_path
from tests.fixtures.geo import GOOGLE_US, OVH_FR

PROVIDERS_FILE = resource_path("providers.toml")


@pytest.fixture(scope="module")
def registry() -> ProviderRegistry:
    return ProviderRegistry.load()


@pytest.fixture(scope="module")
def raw() -> dict[str, dict[str, object]]:
    """The shipped file's provider tables read directly, to check the data independently of
    the loader (the top-level ``as_of`` date is not a provider)."""
    with PROVIDERS_FILE.open("rb") as stream:
        data = tomllib.load(stream)
    return {key: value for key, value in data.items() if isinstance(value, dict)}


def test_the_registry_is_dated_by_its_file() -> None:
    with PROVIDERS_FILE.open("rb") as stream:
        stated = tomllib.load(stream)["as_of"]
    assert isinstance(stated, date)
    assert ProviderRegistry.load().as_of == stated


def test_a_registry_date_that_is_not_a_date_is_refused() -> None:
    with pytest.raises(ProviderRegistryError, match="as_of"):
        ProviderRegistry.from_mapping({"as_of": "soon"}, source="x.toml")


_DPF: dict[str, object] = {
    "active": True,
    "as_of": date(2026, 1, 2),
    "source": "https://www.dataprivacyframework.gov/participant/1",
}


def _entry(key: str, **fields: object) -> dict[str, object]:
    table: dict[str, object] = {
        "name": key.title(),
        "headquarters": "FR",
        "categories": ["cloud"],
        "asns": [],
        "domains": [f"{key}.example"],
        "sources": [f"https://{key}.example/about"],
    }
    table.update(fields)
    return table


def _registry(**entries: dict[str, object]) -> ProviderRegistry:
    return ProviderRegistry.from_mapping(entries, source="test.toml")


# -- the shipped data ---------------------------------------------------------------------------


def test_registry_loads_at_least_80_providers(
    registry: ProviderRegistry, raw: dict[str, object]
) -> None:
    assert len(registry) >= 80
    assert len(registry) == len(raw)
    assert all(isinstance(provider, Provider) for provider in registry)


NAMED = [
    # the big US clouds and mail/photo services
    "google", "microsoft", "amazon", "apple", "icloud", "meta", "dropbox", "yahoo", "cloudflare",
    "akamai", "fastly", "oracle", "ibm", "digitalocean", "linode", "vultr", "box", "zoom",
    "salesforce", "adobe", "fastmail",
    # Europe
    "ovhcloud", "scaleway", "hetzner", "ionos", "orange", "sfr", "bouygues", "free",
    "deutsche_telekom", "vodafone", "infomaniak", "proton", "tuta", "posteo", "mailbox_org", "gmx",
    "gandi", "pcloud", "laposte", "telefonica", "kpn", "swisscom", "telia", "aruba", "strato",
    "netcup", "leaseweb", "exoscale", "jottacloud", "ecosia",
    # elsewhere
    "yandex", "vk", "alibaba", "tencent", "baidu", "huawei_cloud", "bytedance", "tiktok", "zoho",
    "naver", "kakao", "rakuten", "ntt", "ly_corp", "samsung",
    # ISPs, satellite and mobile operators, big web companies (issue 10)
    "starlink", "t_mobile_us", "charter", "comcast", "verizon", "att", "bt", "proximus",
    "swisscom", "vodafone_de", "telefonica_de", "telia_finland", "ntt_america", "ovh_us",
    "google_ireland", "amazon_ireland", "slack", "netflix", "spotify", "valve", "tiktok_us",
]  # fmt: skip


@pytest.mark.parametrize("key", NAMED)
def test_named_company_is_present(registry: ProviderRegistry, key: str) -> None:
    assert key in registry
    provider = registry.get(key)
    assert provider is not None and provider.key == key


def test_no_asn_is_listed_twice_in_the_file(raw: dict[str, dict[str, object]]) -> None:
    counts = Counter(asn for table in raw.values() for asn in cast(list[int], table["asns"]))
    assert [asn for asn, count in counts.items() if count > 1] == []


def test_no_domain_is_listed_twice_in_the_file(raw: dict[str, dict[str, object]]) -> None:
    counts = Counter(d for table in raw.values() for d in cast(list[str], table["domains"]))
    assert [domain for domain, count in counts.items() if count > 1] == []


def test_every_entry_has_sources_and_every_asn_its_registry_record(
    registry: ProviderRegistry,
) -> None:
    for provider in registry:
        assert provider.sources, provider.key
        assert all(url.startswith("https://") for url in provider.sources), provider.key
        for asn in provider.asns:
            assert f"https://rdap.org/autnum/{asn}" in provider.sources, (provider.key, asn)
        # Beyond the ASN records, at least one source about the company itself.
        assert any("rdap.org" not in url for url in provider.sources), provider.key


def test_headquarters_are_iso_codes_known_to_babel(registry: ProviderRegistry) -> None:
    territories = Locale("en").territories
    for provider in registry:
        for code in (provider.headquarters, provider.parent_headquarters):
            if code is None:
                continue
            assert len(code) == 2 and code.isupper(), provider.key
            assert code in territories, provider.key
            assert code in iso_country_codes(), provider.key


def test_iso_codes_exclude_cldr_groupings() -> None:
    codes = iso_country_codes()
    assert {"FR", "US", "CN", "AX", "RE"} <= codes
    assert not {"EU", "UN", "ZZ", "XK", "QO"} & codes
    assert len(codes) == 249  # ISO 3166-1 assigns 249 alpha-2 codes


def test_parent_companies_have_a_headquarters(registry: ProviderRegistry) -> None:
    for provider in registry:
        assert (provider.parent is None) == (provider.parent_headquarters is None), provider.key


def test_categories_are_known_and_edge_networks_are_cdns(registry: ProviderRegistry) -> None:
    for provider in registry:
        assert set(provider.categories) <= CATEGORIES, provider.key
        if provider.edge:
            assert "cdn" in provider.categories, provider.key
    assert {p.key for p in registry if p.edge} >= {"cloudflare", "akamai", "fastly", "cloudfront"}


@pytest.mark.parametrize(
    ("key", "country"),
    [
        ("google", "US"),
        ("fastmail", "AU"),  # an Australian company, even though its servers are in the US
        ("proton", "CH"),
        ("infomaniak", "CH"),
        ("pcloud", "CH"),
        ("tuta", "DE"),
        ("posteo", "DE"),
        ("ovhcloud", "FR"),
        ("yandex", "RU"),
        ("alibaba", "CN"),
        ("tiktok", "SG"),
        ("zoho", "IN"),
        ("naver", "KR"),
        ("rakuten", "JP"),
        ("jottacloud", "NO"),
    ],
)
def test_headquarters_of_well_known_companies(
    registry: ProviderRegistry, key: str, country: str
) -> None:
    provider = registry.get(key)
    assert provider is not None
    assert provider.headquarters == country


def test_tiktok_names_its_chinese_parent(registry: ProviderRegistry) -> None:
    tiktok = registry.get("tiktok")
    assert tiktok is not None
    assert tiktok.parent_headquarters == "CN"


def test_fixture_networks_are_recognised(registry: ProviderRegistry) -> None:
    """The shared test databases' ASNs and organisation names map to the expected companies."""
    for network, key in ((GOOGLE_US, "google"), (OVH_FR, "ovhcloud")):
        by_asn = registry.by_asn(network.asn)
        by_org = registry.by_organisation(network.organisation)
        assert by_asn is not None and by_asn.key == key
        assert by_org is by_asn


# -- look-ups -----------------------------------------------------------------------------------


def test_by_asn(registry: ProviderRegistry) -> None:
    google = registry.by_asn(15169)
    assert google is not None and google.key == "google"
    assert registry.by_asn(16509) is registry.get("amazon")
    assert registry.by_asn(None) is None
    assert registry.by_asn(64512) is None  # private-use ASN: never listed


@pytest.mark.parametrize(
    ("hostname", "key"),
    [
        ("mail.google.com", "google"),
        ("MAIL.Google.COM", "google"),
        ("lhr25s34-in-f14.1e100.net.", "google"),
        ("gmail.com", "google"),
        ("ec2-3-8-1-1.eu-west-2.compute.amazonaws.com", "amazon"),
        ("d1234.cloudfront.net", "cloudfront"),
        ("p42-caldav.icloud.com", "icloud"),
        ("www.apple.com", "apple"),
        ("smtp.fastmail.com", "fastmail"),
        ("mx.yahoo.co.jp", "ly_corp"),
        ("mx.yahoo.com", "yahoo"),
        ("  mail.proton.me.  ", "proton"),
    ],
)
def test_by_hostname(registry: ProviderRegistry, hostname: str, key: str) -> None:
    provider = registry.by_hostname(hostname)
    assert provider is not None
    assert provider.key == key


@pytest.mark.parametrize(
    "hostname",
    ["", ".", "example.org", "notgoogle.com", "com", "8.8.8.8", "google.com.evil.example"],
)
def test_by_hostname_misses(registry: ProviderRegistry, hostname: str) -> None:
    assert registry.by_hostname(hostname) is None


def test_longest_suffix_wins_on_label_boundaries() -> None:
    registry = _registry(
        outer=_entry("outer", domains=["example.com"]),
        inner=_entry("inner", domains=["cdn.example.com"]),
    )
    assert registry.by_hostname("a.b.cdn.example.com") is registry.get("inner")
    assert registry.by_hostname("cdn.example.com.") is registry.get("inner")
    assert registry.by_hostname("xcdn.example.com") is registry.get("outer")
    assert registry.by_hostname("www.example.com") is registry.get("outer")
    assert registry.by_hostname("example.org") is None


@pytest.mark.parametrize(
    ("organisation", "key"),
    [
        ("GOOGLE", "google"),
        ("Google LLC", "google"),
        ("AMAZON-02", "amazon"),
        ("AMAZON-AES", "amazon"),
        ("MICROSOFT-CORP-MSN-AS-BLOCK", "microsoft"),
        ("OVH SAS", "ovhcloud"),
        ("Hetzner Online GmbH", "hetzner"),
        ("CLOUDFLARENET", "cloudflare"),
        ("Akamai International B.V.", "akamai"),
        ("Akamai Connected Cloud", "linode"),  # the longer alias wins
        ("Telefónica Germany GmbH & Co.OHG", "telefonica_de"),  # accents and punctuation
        ("Orange", "orange"),  # exact alias
        ("ONLINE S.A.S.", "scaleway"),
        ("LY Corporation", "ly_corp"),
    ],
)
def test_by_organisation(registry: ProviderRegistry, organisation: str, key: str) -> None:
    provider = registry.by_organisation(organisation)
    assert provider is not None
    assert provider.key == key


@pytest.mark.parametrize(
    "organisation",
    [
        "",
        "---",
        "Orange County Public Schools",  # "ORANGE" matches only the whole name
        "Freedom Networks",  # "FREE" likewise
        "Online Holdings Ltd",  # "ONLINE" alone is not Scaleway, and "LINE" is not in "ONLINE"
        "Vodafone Ukraine",  # no longer part of Vodafone Group
        "Some Regional ISP",
    ],
)
def test_by_organisation_misses(registry: ProviderRegistry, organisation: str) -> None:
    assert registry.by_organisation(organisation) is None


def test_organisation_tokens_drop_accents_and_punctuation() -> None:
    assert organisation_tokens("Telefónica Germany GmbH & Co.OHG") == (
        "TELEFONICA",
        "GERMANY",
        "GMBH",
        "CO",
        "OHG",
    )
    assert organisation_tokens("AMAZON-02") == ("AMAZON", "02")
    assert organisation_tokens("  ") == ()


def test_match_prefers_the_host_name_and_reports_the_network(registry: ProviderRegistry) -> None:
    match = registry.match(20940, "Akamai International B.V.", ["p01-photos.icloud.com."])
    assert match is not None
    assert match.provider is registry.get("icloud")
    assert match.kind is MatchKind.HOSTNAME
    assert match.evidence == "p01-photos.icloud.com"
    assert match.network is registry.get("akamai")
    assert "icloud.com" in str(match.reason) and "Akamai" in str(match.reason)


def test_match_same_company_has_no_separate_network(registry: ProviderRegistry) -> None:
    match = registry.match(15169, "GOOGLE", ["mail.google.com"])
    assert match is not None
    assert match.provider is registry.get("google")
    assert match.network is None


def test_match_falls_back_to_asn_then_organisation(registry: ProviderRegistry) -> None:
    by_asn = registry.match(16276, "something else", ["host.example.org"])
    assert by_asn is not None
    assert (by_asn.provider.key, by_asn.kind, by_asn.evidence) == (
        "ovhcloud",
        MatchKind.ASN,
        "AS16276",
    )

    by_org = registry.match(None, "Hetzner Online GmbH", [])
    assert by_org is not None
    assert (by_org.provider.key, by_org.kind) == ("hetzner", MatchKind.ORGANISATION)

    unknown_asn = registry.match(64500, "AMAZON-02", [])  # ASN not listed: the name still tells
    assert unknown_asn is not None and unknown_asn.provider.key == "amazon"

    assert registry.match(64500, "Some Regional ISP", ["host.example.org"]) is None
    assert registry.match() is None


def test_a_known_asn_outranks_the_organisation_name(registry: ProviderRegistry) -> None:
    match = registry.match(15169, "AMAZON-02", [])
    assert match is not None and match.provider.key == "google"


# -- validation ---------------------------------------------------------------------------------


def test_duplicate_asn_names_both_entries() -> None:
    with pytest.raises(
        ProviderRegistryError, match=r"\[second\]: AS15169 is also listed for \[first\]"
    ):
        _registry(first=_entry("first", asns=[15169]), second=_entry("second", asns=[15169]))


def test_invalid_headquarters_names_the_entry() -> None:
    with pytest.raises(ProviderRegistryError, match=r"\[bad\].*'XX'.*ISO 3166"):
        _registry(bad=_entry("bad", headquarters="XX"))
    with pytest.raises(ProviderRegistryError, match=r"\[eu\].*'EU'"):
        _registry(eu=_entry("eu", headquarters="EU"))  # a CLDR grouping, not a country


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sources": []}, "sources is empty"),
        ({"sources": ["ftp://x.example"]}, "not a web address"),
        ({"categories": ["teleportation"]}, "unknown category"),
        ({"domains": ["Example.COM"]}, "not a lower-case domain"),
        ({"domains": ["localhost"]}, "not a lower-case domain"),
        ({"asns": [64512]}, "not a public AS number"),
        ({"asns": ["15169"]}, "not a public AS number"),
        ({"asns": [], "domains": []}, "at least one ASN or domain"),
        ({"edge": "yes"}, "edge must be true or false"),
        ({"parent_headquarters": "US"}, "parent_headquarters without parent"),
        ({"parent_source": "https://x.example"}, "parent_source without parent"),
        ({"parent": "Group", "parent_headquarters": "FR"}, "needs .* a parent_source"),
        ({"parent": "Group", "parent_source": "https://x.example"}, "needs its parent_headq"),
        ({"entity": "Entry SAS"}, "entity and entity_source go together"),
        ({"entity_source": "https://x.example"}, "entity and entity_source go together"),
        ({"entity": "Entry SAS", "entity_source": "x.example"}, "not a web address"),
        ({"as_names": "Entry SAS"}, "as_names must be a list of text"),
        ({"dpf": True}, "dpf must be a table"),
        ({"dpf": {"active": True, "as_of": date(2026, 1, 2)}}, r"missing: source"),
        ({"dpf": {**_DPF, "until": date(2027, 1, 1)}}, r"unknown: until"),
        ({"dpf": {**_DPF, "active": "yes"}}, "dpf.active must be true or false"),
        ({"dpf": {**_DPF, "as_of": "2026-01-02"}}, "dpf.as_of must be a date"),
        ({"dpf": {**_DPF, "as_of": datetime(2026, 1, 2, 3, 4)}}, "dpf.as_of must be a date"),
        ({"dpf": {**_DPF, "source": "https://example.com/dpf"}}, "dataprivacyframework.gov"),
        ({"dpf": _DPF}, "dpf is for US companies only"),  # _entry's company is French
        ({"homepage": "https://x.example"}, "unknown field"),
        ({"domains": ["a.example", "a.example"]}, "same value twice"),
    ],
)
def test_invalid_fields_are_rejected(fields: dict[str, object], message: str) -> None:
    with pytest.raises(
        ProviderRegistryError, match=rf"test\.toml: provider \[entry\]: .*{message}"
    ):
        _registry(entry=_entry("entry", **fields))


def test_missing_fields_and_bad_keys_are_rejected() -> None:
    with pytest.raises(ProviderRegistryError, match=r"\[nosrc\]: missing sources"):
        _registry(nosrc={k: v for k, v in _entry("nosrc").items() if k != "sources"})
    with pytest.raises(ProviderRegistryError, match="lower-case letters"):
        _registry(**{"Bad-Key": _entry("bad")})
    with pytest.raises(ProviderRegistryError, match="no provider tables"):
        _registry()


def test_shared_alias_or_domain_is_rejected() -> None:
    with pytest.raises(
        ProviderRegistryError, match=r"\[b\]: alias 'Acme Corp' is also used by \[a\]"
    ):
        _registry(a=_entry("a", aliases=["ACME-CORP"]), b=_entry("b", exact_aliases=["Acme Corp"]))
    with pytest.raises(
        ProviderRegistryError, match=r"domain shared\.example is also listed for \[a\]"
    ):
        _registry(
            a=_entry("a", domains=["shared.example"]), b=_entry("b", domains=["shared.example"])
        )


def test_load_reports_unreadable_and_malformed_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(ProviderRegistryError, match=r"missing\.toml: cannot read"):
        ProviderRegistry.load(missing)
    broken = tmp_path / "broken.toml"
    broken.write_text("[google\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(ProviderRegistryError, match=r"broken\.toml: not valid TOML"):
        ProviderRegistry.load(broken)


def test_load_reads_a_custom_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[acme]\nname = "Acme"\nheadquarters = "DE"\ncategories = ["mail"]\nasns = [65551]\n'
        'domains = ["acme.example"]\nsources = ["https://acme.example/"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ProviderRegistryError, match="AS number"):  # 65551: documentation range
        ProviderRegistry.load(path)
    path.write_text(path.read_text(encoding="utf-8").replace("65551", "65552000"), encoding="utf-8")
    registry = ProviderRegistry.load(path)
    assert registry.source == str(path)
    assert [p.key for p in registry] == ["acme"]
    assert registry.by_asn(65552000) is registry.get("acme")


# -- legal entities, parents and the Data Privacy Framework ----------------------------------------


def test_every_parent_and_entity_carries_its_source(registry: ProviderRegistry) -> None:
    for provider in registry:
        if provider.parent is not None:
            assert provider.parent_headquarters is not None, provider.key
            assert (provider.parent_source or "").startswith("https://"), provider.key
        if provider.entity is not None:
            assert (provider.entity_source or "").startswith("https://"), provider.key


@pytest.mark.parametrize(
    ("key", "entity", "country", "parent_country"),
    [
        # a US subsidiary of a French group is a US company: US law reaches it directly
        ("ovh_us", "OVH US LLC", "US", "FR"),
        # a German company with a British parent is German (GDPR); the parent is noted
        ("vodafone_de", "Vodafone GmbH", "DE", "GB"),
        ("google_ireland", "Google Ireland Limited", "IE", "US"),
        ("amazon_ireland", "Amazon Data Services Ireland Ltd", "IE", "US"),
        ("ntt_america", "NTT America, Inc.", "US", "JP"),
        ("t_mobile_us", "T-Mobile USA, Inc.", "US", "DE"),
        ("telefonica_de", "Telefónica Germany GmbH & Co. OHG", "DE", "ES"),
    ],
)
def test_the_legal_entity_not_the_brand(
    registry: ProviderRegistry, key: str, entity: str, country: str, parent_country: str
) -> None:
    provider = registry.get(key)
    assert provider is not None
    assert (provider.entity, provider.headquarters) == (entity, country)
    assert provider.parent_headquarters == parent_country


def test_entity_networks_lead_to_the_entity_not_the_group(registry: ProviderRegistry) -> None:
    """The AS of a national subsidiary names that subsidiary, so its own country's law."""
    assert registry.by_asn(3209) is registry.get("vodafone_de")  # Vodafone GmbH
    assert registry.by_asn(1273) is registry.get("vodafone")  # Vodafone Group
    assert registry.by_asn(43515) is registry.get("google_ireland")
    assert registry.by_asn(15169) is registry.get("google")
    assert registry.by_asn(2914) is registry.get("ntt_america")
    assert registry.by_organisation("Vodafone GmbH") is registry.get("vodafone_de")
    assert registry.by_organisation("Google Ireland Limited") is registry.get("google_ireland")
    # OVH US has no network of its own: only its host names tell it apart from OVH SAS
    assert registry.by_asn(16276) is registry.get("ovhcloud")
    assert registry.by_hostname("vps.us.ovhcloud.com") is registry.get("ovh_us")
    assert registry.by_hostname("www.ovhcloud.com") is registry.get("ovhcloud")
    vodafone = registry.get("vodafone")
    assert vodafone is not None and (vodafone.headquarters, vodafone.parent) == ("GB", None)


def test_a_satellite_isp_is_no_longer_an_unknown_company(registry: ProviderRegistry) -> None:
    starlink = registry.by_asn(14593)
    assert starlink is not None and starlink.headquarters == "US"
    assert "isp" in starlink.categories
    assert registry.by_organisation("Space Exploration Technologies Corporation") is starlink
    # other companies named Starlink are not SpaceX
    assert registry.by_organisation("Starlink Country LLC") is None


def test_dpf_entries_are_dated_sourced_and_only_for_us_companies(
    registry: ProviderRegistry, raw: dict[str, dict[str, object]]
) -> None:
    certified = {p.key: p.dpf for p in registry if p.dpf is not None}
    assert {"google", "microsoft", "meta", "cloudflare", "linkedin"} <= certified.keys()
    for key, dpf in certified.items():
        provider = registry.get(key)
        assert provider is not None and provider.headquarters == "US", key
        table = raw[key]["dpf"]
        assert isinstance(table, dict)
        # read from the file, not made up: the same date and page
        assert dpf.as_of == table["as_of"] and isinstance(dpf.as_of, date), key
        assert not isinstance(dpf.as_of, datetime), key
        assert dpf.source == table["source"], key
        assert dpf.source.startswith("https://www.dataprivacyframework.gov/participant/"), key
        assert date(2023, 7, 10) <= dpf.as_of <= date.today(), key  # the framework's start
    # a participant page belongs to one company
    pages = Counter(dpf.source for dpf in certified.values())
    assert [page for page, count in pages.items() if count > 1] == []


@pytest.mark.parametrize(
    "key", ["ovhcloud", "vodafone_de", "google_ireland", "tiktok", "yandex", "hetzner", "proton"]
)
def test_no_dpf_for_companies_outside_the_us(registry: ProviderRegistry, key: str) -> None:
    provider = registry.get(key)
    assert provider is not None and provider.headquarters != "US"
    assert provider.dpf is None


def test_dpf_is_parsed_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "dpf.toml"
    path.write_text(
        '[acme]\nname = "Acme"\nheadquarters = "US"\ncategories = ["mail"]\nasns = []\n'
        'domains = ["acme.example"]\nsources = ["https://acme.example/"]\n'
        'entity = "Acme, Inc."\nentity_source = "https://acme.example/legal"\n'
        'as_names = ["ACME-AS"]\n'
        "dpf = { active = false, as_of = 2026-03-04, "
        'source = "https://www.dataprivacyframework.gov/participant/42" }\n',
        encoding="utf-8",
    )
    acme = ProviderRegistry.load(path).get("acme")
    assert acme is not None and acme.dpf is not None
    assert (acme.dpf.active, acme.dpf.as_of) == (False, date(2026, 3, 4))
    assert acme.dpf.source.endswith("/participant/42")
    assert (acme.entity, acme.entity_source) == ("Acme, Inc.", "https://acme.example/legal")
    assert acme.as_names == ("ACME-AS",)
    assert acme.parent_source is None


@pytest.mark.parametrize(
    ("organisation", "country", "parent_country"),
    [
        # subsidiaries met only through their AS organisation name: the entity's own country
        ("ORANGE BUSINESS SERVICES U.S. Inc.", "US", "FR"),
        ("Amazon Data Services European Sovereign Cloud GmbH", "DE", "US"),
        ("Microsoft Limited", "GB", "US"),
        ("Telia Lietuva, AB", "LT", "SE"),
        ("Baidu USA LLC", "US", "CN"),
        ("LLC Orange Business Services", "RU", None),
        # and the groups themselves stay where they are
        ("Orange S.A.", "FR", None),
        ("Telia Company AB", "SE", None),
        ("AMAZON-02", "US", None),
    ],
)
def test_organisation_names_lead_to_the_entity(
    registry: ProviderRegistry, organisation: str, country: str, parent_country: str | None
) -> None:
    provider = registry.by_organisation(organisation)
    assert provider is not None
    assert (provider.headquarters, provider.parent_headquarters) == (country, parent_country)
