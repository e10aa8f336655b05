"""Who runs an address: the companies that hold people's mail, photos and files.

The facts live in resources/providers.toml (one table per company, each with its sources). This
module loads and validates them, then answers look-ups by AS number, host name and AS organisation
name. Every look-up is a handful of dict hits, because it runs for every connection of every poll.

A table is a legal entity, not a brand: a group's foreign subsidiary with networks of its own is
its own table (its country is the one whose law reaches it directly, its parent noted), and the
EU–US Data Privacy Framework is recorded only for US companies found on the official list. The
French hosting certificates (HDS for health data, ANSSI's SecNumCloud) are recorded with the scope
a dated source gives them: they cover some offers of a company, never all its addresses.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from babel import Locale

from app.core.i18n import Message, message
from app.core.resources import read_toml, resource_path

logger = logging.getLogger(__name__)

FILE_NAME = "providers.toml"

CATEGORIES = frozenset(
    {
        "ads",
        "cdn",
        "cloud",
        "collaboration",
        "dns",
        "domains",
        "ecommerce",
        "games",
        "government",
        "hosting",
        "isp",
        "mail",
        "messaging",
        "mobile",
        "music",
        "photos",
        "registry",
        "research",
        "search",
        "security",
        "social",
        "software",
        "storage",
        "video",
        "vpn",
    }
)

# Codes CLDR lists as territories that are not ISO 3166-1 alpha-2 country codes: ISO's
# "exceptionally reserved" codes, groupings (EU, UN…) and private-use codes (XA, XB, XK, ZZ…).
_NOT_ISO = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^{_LABEL}(\.{_LABEL})+$")
_NON_ALNUM = re.compile(r"[^0-9A-Z]+")

_REQUIRED = frozenset({"name", "headquarters", "categories", "asns", "domains", "sources"})
_OPTIONAL = frozenset(
    {
        "entity",
        "entity_source",
        "parent",
        "parent_headquarters",
        "parent_source",
        "edge",
        "aliases",
        "exact_aliases",
        "as_names",
        "notes",
        "dpf",
        "certifications",
    }
)
_DPF_FIELDS = frozenset({"active", "as_of", "source"})
_CERTIFICATION_FIELDS = frozenset({"scheme", "scope", "as_of", "source"})
# The official list: https://www.dataprivacyframework.gov/list (one page per participant).
_DPF_SITE = "https://www.dataprivacyframework.gov/"


class ProviderRegistryError(ValueError):
    """The provider file is missing or wrong; the message names the file and the entry."""


@lru_cache(maxsize=1)
def iso_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from babel's (CLDR) territory list."""
    territories: Mapping[str, str] = Locale("en").territories
    return frozenset(
        code for code in territories if len(code) == 2 and code.isalpha() and code not in _NOT_ISO
    )


def organisation_tokens(name: str) -> tuple[str, ...]:
    """Words of an AS organisation name, upper case, accents and punctuation dropped.

    "Telefónica Germany GmbH & Co.OHG" -> ("TELEFONICA", "GERMANY", "GMBH", "CO", "OHG").
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return tuple(_NON_ALNUM.sub(" ", ascii_name.upper()).split())


def normalise_hostname(name: str) -> str:
    """Lower case, surrounding blanks and the trailing root dot removed."""
    return name.strip().lower().rstrip(".")


def is_public_asn(asn: int) -> bool:
    """False for reserved, documentation and private-use AS numbers (RFC 5398, 6996, 7300)."""
    if asn <= 0 or asn > 4_294_967_294 or asn == 23456:
        return False
    if 64496 <= asn <= 131071:  # documentation, private use, 65535 and documentation again
        return False
    return not 4_200_000_000 <= asn <= 4_294_967_294


@dataclass(frozen=True, slots=True)
class DpfCertification:
    """The company's entry in the EU–US Data Privacy Framework list, as of a date: the
    framework covers certified US organisations only, so it is said for no one else."""

    active: bool  # "Active" on the list; False for an entry that lapsed or was withdrawn
    as_of: date  # when the list was read
    source: str  # the list entry's address


class CertificationScheme(StrEnum):
    """The French schemes a hosting company may hold, as providers.toml spells them."""

    HDS = "hds"  # Hébergeur de Données de Santé, Code de la santé publique art. L.1111-8
    SECNUMCLOUD = "secnumcloud"  # ANSSI's qualification of a cloud offer


@dataclass(frozen=True, slots=True)
class Certification:
    """A certificate or qualification the company holds for some of its offers, as a dated
    source states it: it covers a scope (offers, regions, sites), never the whole company, so
    an address of the company may lie outside it."""

    scheme: CertificationScheme
    scope: str  # in English words, translated through the catalogue when shown
    as_of: date  # the date of the statement we rely on (the page's own date, else our reading)
    source: str  # where it is stated


@dataclass(frozen=True, slots=True)
class Provider:
    """One company, with the facts that tell us its networks and whose law reaches it."""

    key: str
    name: str
    headquarters: str  # ISO 3166-1 alpha-2 of the head office
    asns: tuple[int, ...]
    domains: tuple[str, ...]
    categories: tuple[str, ...]
    edge: bool  # CDN / anycast: the address is a nearby point of presence, not the data's home
    parent: str | None
    sources: tuple[str, ...]
    parent_headquarters: str | None = None
    aliases: tuple[str, ...] = ()
    exact_aliases: tuple[str, ...] = ()
    notes: str = ""
    dpf: DpfCertification | None = None  # US companies on the Data Privacy Framework list
    # The legal entity that runs these networks, when it is not plain from the name: its
    # country is `headquarters` (a brand's foreign subsidiary is its own entry). With a source.
    entity: str | None = None
    entity_source: str | None = None
    parent_source: str | None = None  # where the parent and its country are stated
    # AS organisation names of these ASNs that none of the aliases match (a parent's or an old
    # name, as the embedded ASN data spell them): checked by the tests, never used to look up.
    as_names: tuple[str, ...] = ()
    # HDS and SecNumCloud as sources state them, each with its scope; () = none recorded.
    certifications: tuple[Certification, ...] = ()

    def certified(self, scheme: CertificationScheme) -> tuple[Certification, ...]:
        """The recorded certifications of one scheme (usually none or one)."""
        return tuple(c for c in self.certifications if c.scheme is scheme)


class MatchKind(StrEnum):
    """Which clue identified the provider, strongest first."""

    HOSTNAME = "hostname"
    ASN = "asn"
    ORGANISATION = "organisation"


@dataclass(frozen=True, slots=True)
class ProviderMatch:
    """The provider we settled on, the clue that gave it away and the network it came through."""

    provider: Provider
    kind: MatchKind
    evidence: str  # the host name, "AS15169", or the organisation name that matched
    network: Provider | None = None  # operator of the network when it is another company (a CDN…)

    @property
    def reason(self) -> Message:
        """Short explanation, e.g. "host name mail.google.com" (``.text(tr)`` to show it)."""
        clue, through = self.evidence, self.network.name if self.network is not None else None
        if self.kind is MatchKind.HOSTNAME:
            if through is None:
                return message("host name {clue}", clue=clue)
            return message("host name {clue}, served through {network}", clue=clue, network=through)
        if self.kind is MatchKind.ASN:
            if through is None:
                return message("network {clue}", clue=clue)
            return message("network {clue}, served through {network}", clue=clue, network=through)
        if through is None:
            return message("network owner name “{clue}”", clue=clue)
        return message(
            "network owner name “{clue}”, served through {network}", clue=clue, network=through
        )


class ProviderRegistry:
    """Immutable index of providers: by key, ASN, domain suffix and organisation alias."""

    __slots__ = (
        "_by_alias",
        "_by_asn",
        "_by_domain",
        "_by_exact",
        "_by_key",
        "_max_alias_words",
        "_organisation_lookup",
        "_providers",
        "as_of",
        "source",
    )

    def __init__(
        self,
        providers: Iterable[Provider],
        *,
        source: str = "<memory>",
        as_of: date | None = None,
    ) -> None:
        """Index *providers*; raises ProviderRegistryError on any clash, naming both entries.
        ``as_of``: the day the file's facts were last checked as a whole (shown with the data
        sources; entries may carry later dates of their own)."""
        self.source = source
        self.as_of = as_of
        self._providers = tuple(providers)
        self._by_key: dict[str, Provider] = {}
        self._by_asn: dict[int, Provider] = {}
        self._by_domain: dict[str, Provider] = {}
        self._by_alias: dict[tuple[str, ...], Provider] = {}
        self._by_exact: dict[tuple[str, ...], Provider] = {}
        for provider in self._providers:
            self._index(provider)
        self._max_alias_words = max((len(alias) for alias in self._by_alias), default=0)
        self._organisation_lookup: Callable[[str], Provider | None] = lru_cache(maxsize=8192)(
            self._by_organisation_uncached
        )
        logger.debug("%d providers loaded from %s", len(self._providers), source)

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None) -> ProviderRegistry:
        """Read and validate a providers TOML file (default: the resources directory's)."""
        file = path if path is not None else resource_path(FILE_NAME)
        data = read_toml(file, ProviderRegistryError)
        return cls.from_mapping(data, source=str(file))

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], *, source: str) -> ProviderRegistry:
        """Build from parsed TOML: every top-level table is one provider, named by its key;
        the top-level ``as_of`` (a date) is when the file was last checked as a whole."""
        as_of = data.get("as_of")
        if as_of is not None and (not isinstance(as_of, date) or isinstance(as_of, datetime)):
            raise ProviderRegistryError(f"{source}: as_of must be a date (YYYY-MM-DD)")
        providers = [
            _parse_entry(source, key, table) for key, table in data.items() if key != "as_of"
        ]
        if not providers:
            raise ProviderRegistryError(f"{source}: no provider tables")
        return cls(providers, source=source, as_of=as_of)

    def _index(self, provider: Provider) -> None:
        where = f"{self.source}: provider [{provider.key}]"
        if provider.key in self._by_key:
            raise ProviderRegistryError(f"{where}: the key is used twice")
        self._by_key[provider.key] = provider
        for asn in provider.asns:
            other = self._by_asn.setdefault(asn, provider)
            if other is not provider:
                raise ProviderRegistryError(f"{where}: AS{asn} is also listed for [{other.key}]")
        for domain in provider.domains:
            owner = self._by_domain.setdefault(domain, provider)
            if owner is not provider:
                raise ProviderRegistryError(
                    f"{where}: domain {domain} is also listed for [{owner.key}]"
                )
        for table, names in (
            (self._by_alias, provider.aliases),
            (self._by_exact, provider.exact_aliases),
        ):
            for alias in names:
                tokens = organisation_tokens(alias)
                if not tokens:
                    raise ProviderRegistryError(
                        f"{where}: alias {alias!r} has no letters or digits"
                    )
                user = self._by_alias.get(tokens) or self._by_exact.get(tokens)
                if user is not None and user is not provider:
                    raise ProviderRegistryError(
                        f"{where}: alias {alias!r} is also used by [{user.key}]"
                    )
                table[tokens] = provider

    # -- collection ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._providers)

    def __iter__(self) -> Iterator[Provider]:
        return iter(self._providers)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    @property
    def providers(self) -> tuple[Provider, ...]:
        return self._providers

    def get(self, key: str) -> Provider | None:
        return self._by_key.get(key)

    # -- look-ups -----------------------------------------------------------------------------

    def by_asn(self, asn: int | None) -> Provider | None:
        if asn is None:
            return None
        return self._by_asn.get(asn)

    def by_hostname(self, name: str | None) -> Provider | None:
        """Longest listed domain suffix of *name* (case-insensitive, trailing dot allowed)."""
        if not name:
            return None
        host = normalise_hostname(name)
        by_domain = self._by_domain
        while host:
            provider = by_domain.get(host)
            if provider is not None:
                return provider
            dot = host.find(".")
            if dot < 0:
                return None
            host = host[dot + 1 :]
        return None

    def by_organisation(self, organisation: str | None) -> Provider | None:
        """Provider whose alias appears as whole words in an AS organisation name.

        The longest alias wins ("AKAMAI CONNECTED CLOUD" beats "AKAMAI"); exact aliases must
        match the whole name, for names too generic to search for ("ORANGE", "FREE").
        """
        if not organisation:
            return None
        return self._organisation_lookup(organisation)

    def _by_organisation_uncached(self, organisation: str) -> Provider | None:
        tokens = organisation_tokens(organisation)
        if not tokens:
            return None
        exact = self._by_exact.get(tokens)
        if exact is not None:
            return exact
        by_alias = self._by_alias
        count = len(tokens)
        for size in range(min(count, self._max_alias_words), 0, -1):
            for start in range(count - size + 1):
                provider = by_alias.get(tokens[start : start + size])
                if provider is not None:
                    return provider
        return None

    def match(
        self,
        asn: int | None = None,
        organisation: str | None = None,
        hostnames: Sequence[str] = (),
    ) -> ProviderMatch | None:
        """The best provider for an endpoint, with the clue that identified it.

        A host name names the service people actually talk to, so it wins; the AS number (or,
        without a known AS, the organisation name) tells whose network carries it. When the two
        differ (iCloud served from Akamai) the network is reported alongside.
        """
        network: Provider | None = self._by_asn.get(asn) if asn is not None else None
        network_kind = MatchKind.ASN
        network_evidence = f"AS{asn}"
        if network is None and organisation:
            network = self._organisation_lookup(organisation)
            network_kind = MatchKind.ORGANISATION
            network_evidence = organisation
        for hostname in hostnames:
            provider = self.by_hostname(hostname)
            if provider is not None:
                via = network if network is not None and network is not provider else None
                return ProviderMatch(
                    provider, MatchKind.HOSTNAME, normalise_hostname(hostname), via
                )
        if network is not None:
            return ProviderMatch(network, network_kind, network_evidence)
        return None


# -- parsing and validation -------------------------------------------------------------------


def _parse_entry(source: str, key: str, table: object) -> Provider:
    where = f"{source}: provider [{key}]"
    if not isinstance(table, dict):
        raise ProviderRegistryError(f"{where}: expected a table, found {type(table).__name__}")
    if not _KEY.match(key):
        raise ProviderRegistryError(f"{where}: keys are lower-case letters, digits and _")
    missing = sorted(_REQUIRED - table.keys())
    if missing:
        raise ProviderRegistryError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(table.keys() - _REQUIRED - _OPTIONAL)
    if unknown:
        raise ProviderRegistryError(f"{where}: unknown field(s) {', '.join(unknown)}")

    name = _text(where, table, "name")
    headquarters = _country(where, table, "headquarters")
    parent = _optional_text(where, table, "parent")
    parent_headquarters = (
        _country(where, table, "parent_headquarters") if "parent_headquarters" in table else None
    )
    if parent_headquarters is not None and parent is None:
        raise ProviderRegistryError(f"{where}: parent_headquarters without parent")
    entity = _optional_text(where, table, "entity")
    entity_source = _optional_url(where, table, "entity_source")
    if (entity is None) != (entity_source is None):
        raise ProviderRegistryError(f"{where}: entity and entity_source go together")
    parent_source = _optional_url(where, table, "parent_source")
    if parent_source is not None and parent is None:
        raise ProviderRegistryError(f"{where}: parent_source without parent")
    if parent is not None and (parent_headquarters is None or parent_source is None):
        raise ProviderRegistryError(
            f"{where}: a parent needs its parent_headquarters and a parent_source"
        )

    categories = _strings(where, table, "categories")
    if not categories:
        raise ProviderRegistryError(f"{where}: categories is empty")
    for category in categories:
        if category not in CATEGORIES:
            raise ProviderRegistryError(
                f"{where}: unknown category {category!r} (known: {', '.join(sorted(CATEGORIES))})"
            )

    edge = table.get("edge", False)
    if not isinstance(edge, bool):
        raise ProviderRegistryError(f"{where}: edge must be true or false")

    asns = _asns(where, table)
    domains = _strings(where, table, "domains")
    for domain in domains:
        if not _DOMAIN.match(domain):
            raise ProviderRegistryError(
                f"{where}: {domain!r} is not a lower-case domain name like example.com"
            )
    if not asns and not domains:
        raise ProviderRegistryError(f"{where}: needs at least one ASN or domain")

    sources = _strings(where, table, "sources")
    if not sources:
        raise ProviderRegistryError(f"{where}: sources is empty; every fact needs a source")
    for url in sources:
        if not url.startswith(("https://", "http://")):
            raise ProviderRegistryError(f"{where}: source {url!r} is not a web address")

    return Provider(
        key=key,
        name=name,
        headquarters=headquarters,
        asns=asns,
        domains=domains,
        categories=categories,
        edge=edge,
        parent=parent,
        sources=sources,
        parent_headquarters=parent_headquarters,
        aliases=_strings(where, table, "aliases") if "aliases" in table else (),
        exact_aliases=_strings(where, table, "exact_aliases") if "exact_aliases" in table else (),
        notes=_optional_text(where, table, "notes") or "",
        dpf=_dpf(where, table, headquarters),
        entity=entity,
        entity_source=entity_source,
        parent_source=parent_source,
        as_names=_strings(where, table, "as_names") if "as_names" in table else (),
        certifications=_certifications(where, table),
    )


def _text(where: str, table: Mapping[str, object], field: str) -> str:
    value = table[field]
    if not isinstance(value, str) or not value.strip():
        raise ProviderRegistryError(f"{where}: {field} must be non-empty text")
    return value


def _optional_text(where: str, table: Mapping[str, object], field: str) -> str | None:
    return _text(where, table, field) if field in table else None


def _optional_url(where: str, table: Mapping[str, object], field: str) -> str | None:
    url = _optional_text(where, table, field)
    if url is not None and not url.startswith(("https://", "http://")):
        raise ProviderRegistryError(f"{where}: {field} {url!r} is not a web address")
    return url


def _dpf(where: str, table: Mapping[str, object], headquarters: str) -> DpfCertification | None:
    """The `dpf = { active, as_of, source }` table: only a US company can be on the list."""
    if "dpf" not in table:
        return None
    value = table["dpf"]
    if not isinstance(value, dict):
        raise ProviderRegistryError(f"{where}: dpf must be a table {{ active, as_of, source }}")
    missing = sorted(_DPF_FIELDS - value.keys())
    unknown = sorted(value.keys() - _DPF_FIELDS)
    if missing or unknown:
        raise ProviderRegistryError(
            f"{where}: dpf needs exactly active, as_of and source"
            f" (missing: {', '.join(missing) or '-'}; unknown: {', '.join(unknown) or '-'})"
        )
    active, as_of, source = value["active"], value["as_of"], value["source"]
    if not isinstance(active, bool):
        raise ProviderRegistryError(f"{where}: dpf.active must be true or false")
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise ProviderRegistryError(f"{where}: dpf.as_of must be a date like 2026-12-04")
    if not isinstance(source, str) or not source.startswith(_DPF_SITE):
        raise ProviderRegistryError(
            f"{where}: dpf.source must be the company's page under {_DPF_SITE}"
        )
    if headquarters != "US":
        raise ProviderRegistryError(
            f"{where}: dpf is for US companies only (the framework certifies US organisations)"
        )
    return DpfCertification(active=active, as_of=as_of, source=source)


def _certifications(where: str, table: Mapping[str, object]) -> tuple[Certification, ...]:
    """The `certifications = [{ scheme, scope, as_of, source }, …]` list: every entry dated and
    sourced, its scope in words (a certificate covers some offers, not the company)."""
    if "certifications" not in table:
        return ()
    value = table["certifications"]
    if not isinstance(value, list):
        raise ProviderRegistryError(
            f"{where}: certifications must be a list of {{ scheme, scope, as_of, source }}"
        )
    known = ", ".join(scheme.value for scheme in CertificationScheme)
    found: list[Certification] = []
    for item in value:
        if not isinstance(item, dict):
            raise ProviderRegistryError(
                f"{where}: each certification must be a table {{ scheme, scope, as_of, source }}"
            )
        missing = sorted(_CERTIFICATION_FIELDS - item.keys())
        unknown = sorted(item.keys() - _CERTIFICATION_FIELDS)
        if missing or unknown:
            raise ProviderRegistryError(
                f"{where}: a certification needs exactly scheme, scope, as_of and source"
                f" (missing: {', '.join(missing) or '-'}; unknown: {', '.join(unknown) or '-'})"
            )
        scheme, scope, as_of, source = item["scheme"], item["scope"], item["as_of"], item["source"]
        if scheme not in {s.value for s in CertificationScheme}:
            raise ProviderRegistryError(
                f"{where}: unknown certification scheme {scheme!r} (known: {known})"
            )
        if not isinstance(scope, str) or not scope.strip():
            raise ProviderRegistryError(f"{where}: certification scope must be non-empty text")
        if not isinstance(as_of, date) or isinstance(as_of, datetime):
            raise ProviderRegistryError(
                f"{where}: certification as_of must be a date like 2026-12-04"
            )
        if not isinstance(source, str) or not source.startswith(("https://", "http://")):
            raise ProviderRegistryError(
                f"{where}: certification source {source!r} is not a web address"
            )
        certification = Certification(CertificationScheme(scheme), scope, as_of, source)
        if certification in found:
            raise ProviderRegistryError(f"{where}: a certification is listed twice")
        found.append(certification)
    return tuple(found)


def _country(where: str, table: Mapping[str, object], field: str) -> str:
    value = _text(where, table, field)
    if value not in iso_country_codes():
        raise ProviderRegistryError(
            f"{where}: {field} {value!r} is not an ISO 3166-1 alpha-2 country code"
        )
    return value


def _strings(where: str, table: Mapping[str, object], field: str) -> tuple[str, ...]:
    value = table[field]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProviderRegistryError(f"{where}: {field} must be a list of text")
    if len(set(value)) != len(value):
        raise ProviderRegistryError(f"{where}: {field} lists the same value twice")
    return tuple(value)


def _asns(where: str, table: Mapping[str, object]) -> tuple[int, ...]:
    value = table["asns"]
    if not isinstance(value, list):
        raise ProviderRegistryError(f"{where}: asns must be a list of numbers")
    asns: list[int] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or not is_public_asn(item):
            raise ProviderRegistryError(f"{where}: {item!r} is not a public AS number")
        if item in asns:
            raise ProviderRegistryError(f"{where}: AS{item} is listed twice")
        asns.append(item)
    return tuple(asns)
