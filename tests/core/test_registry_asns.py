"""Every AS number in providers.toml exists in the embedded ASN data, under the entry's name.

The registry's ASNs were typed by hand from RIR records; the embedded database (RouteViews and
DB-IP data, resources/geo) says which ASNs announce addresses and whose they are. A number that
is absent never matches an address (dead data), and one registered to someone else names the
wrong company, so the wrong law. The AS organisation names are matched the way the app matches
them (`ProviderRegistry.by_organisation`, longest alias wins), or listed in the entry's
documented `as_names`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import maxminddb
import pytest

from app.core.providers import Provider, ProviderRegistry
from app.core.resources import resource_path

# ASNs of providers.toml that the embedded data may lack, with the reason. Keep it short: an
# absent ASN matches no address, so it is usually better removed than excused.
ABSENT_ALLOWED: dict[int, str] = {
    # (none today: AS23903, 792, 7160, 90, 23885, 163, 24018 and the wrong 23982 were removed
    # from the registry on 2026-12-04 because the embedded data of 2026-06-17 has no prefix for
    # them)
}

AsNames = Mapping[int, frozenset[str]]


@pytest.fixture(scope="module")
def as_names() -> AsNames:
    """AS number → the organisation names the embedded databases give it (all records read).

    The embedded files are ours, so the C reader's iterator is safe on them (untrusted files
    are never iterated: docs/ARCHITECTURE.md, *Untrusted databases*).
    """
    names: defaultdict[int, set[str]] = defaultdict(set)
    files = sorted(resource_path("geo").glob("*.mmdb"))
    assert files, "no embedded database"
    for file in files:
        with maxminddb.open_database(str(file)) as reader:
            if "ASN" not in reader.metadata().database_type:
                continue  # the city layer holds places only: no AS to read there
            for _network, record in reader:
                if not isinstance(record, dict):
                    continue
                asn = record.get("autonomous_system_number")
                organisation = record.get("autonomous_system_organization")
                if isinstance(asn, int) and isinstance(organisation, str):
                    names[asn].add(organisation)
    assert len(names) > 50_000  # the whole routed Internet, not a sample
    return {asn: frozenset(found) for asn, found in names.items()}


@pytest.fixture(scope="module")
def registry() -> ProviderRegistry:
    return ProviderRegistry.load()


def absent_asns(registry: ProviderRegistry, names: AsNames) -> list[tuple[str, int]]:
    return [
        (provider.key, asn)
        for provider in registry
        for asn in provider.asns
        if asn not in names and asn not in ABSENT_ALLOWED
    ]


def mismatches(registry: ProviderRegistry, names: AsNames) -> list[tuple[str, int, str, str]]:
    """(entry, ASN, AS organisation name, what that name matches instead) for each disagreement."""
    wrong: list[tuple[str, int, str, str]] = []
    for provider in registry:
        for asn in provider.asns:
            for organisation in sorted(names.get(asn, ())):
                if not _names_the_entry(registry, provider, organisation):
                    other = registry.by_organisation(organisation)
                    wrong.append(
                        (provider.key, asn, organisation, other.key if other else "no entry")
                    )
    return wrong


def _names_the_entry(registry: ProviderRegistry, provider: Provider, organisation: str) -> bool:
    return registry.by_organisation(organisation) is provider or organisation in provider.as_names


def test_every_asn_of_the_registry_is_in_the_embedded_data(
    registry: ProviderRegistry, as_names: AsNames
) -> None:
    assert absent_asns(registry, as_names) == []


def test_allowed_absences_are_still_absent_and_still_listed(
    registry: ProviderRegistry, as_names: AsNames
) -> None:
    listed = {asn for provider in registry for asn in provider.asns}
    for asn, reason in ABSENT_ALLOWED.items():
        assert reason.strip(), asn
        assert asn not in as_names, f"AS{asn} is in the data now: drop it from ABSENT_ALLOWED"
        assert asn in listed, f"AS{asn} is no longer in providers.toml"


def test_every_asn_is_registered_to_its_entry(
    registry: ProviderRegistry, as_names: AsNames
) -> None:
    assert mismatches(registry, as_names) == []


def test_documented_as_names_are_real(registry: ProviderRegistry, as_names: AsNames) -> None:
    """An `as_names` entry must be a name one of the entry's ASNs really has (no stale excuse)."""
    for provider in registry:
        seen = set().union(*(as_names.get(asn, frozenset()) for asn in provider.asns))
        for name in provider.as_names:
            assert name in seen, (provider.key, name)
            assert registry.by_organisation(name) is not provider, (provider.key, name)


def test_the_check_catches_a_wrong_or_missing_asn(as_names: AsNames) -> None:
    """The same checks on a registry with the kind of mistakes they exist for."""
    registry = ProviderRegistry.from_mapping(
        {
            # OVH's AS listed for Google: the data say "OVH SAS"
            "google": _entry("Google", [15169, 16276], ["GOOGLE"]),
            "ovh": _entry("OVH", [], ["OVH"]),
            # an AS number nobody announces (unallocated in the 32-bit space)
            "ghost": _entry("Ghost", [399999999], ["GHOST"]),
        },
        source="test.toml",
    )
    assert mismatches(registry, as_names) == [("google", 16276, "OVH SAS", "ovh")]
    assert absent_asns(registry, as_names) == [("ghost", 399999999)]


def _entry(name: str, asns: list[int], aliases: list[str]) -> dict[str, object]:
    return {
        "name": name,
        "headquarters": "US",
        "categories": ["cloud"],
        "asns": asns,
        "domains": [f"{name.lower()}.example"],
        "aliases": aliases,
        "sources": ["https://example.com/"],
    }
