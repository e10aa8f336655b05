"""The services people pick from a list or name by an address: resources/services.toml.

Each service says who runs it (the legal entity and its country, with the page that names it),
which host names it uses (its documented client settings and MX suffixes) and what it says itself
about where it stores data, with source and date. A field the file leaves out is a fact no source
gave: callers say they do not know rather than guess. Loaded once and validated strictly,
because a wrong host or country here would place someone's mail in the wrong country.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from app.core.accounts.model import (
    AccountServer,
    FoundBy,
    ServerRole,
    checked_host,
    checked_port,
)
from app.core.providers import FILE_NAME as PROVIDERS_FILE_NAME
from app.core.providers import ProviderRegistry, iso_country_codes, normalise_hostname
from app.core.resources import read_toml, resource_path

FILE_NAME = "services.toml"

PROTOCOLS = frozenset({"imap", "pop3", "smtp", "https", "ews"})

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED = frozenset({"name", "kind"})
_OPTIONAL = frozenset(
    {
        "provider",
        "entity",
        "entity_country",
        "entity_source",
        "parent",
        "domains",
        "mx_suffixes",
        "servers",
        "servers_source",
        "storage",
        "storage_countries",
        "storage_source",
        "storage_as_of",
    }
)
_ENTITY_GROUP = ("entity", "entity_country", "entity_source")
_STORAGE_GROUP = ("storage", "storage_source", "storage_as_of")
_SERVER_FIELDS = frozenset({"host", "port", "protocol", "role"})


class ServiceCatalogueError(ValueError):
    """The catalogue file is missing or wrong; the message names the file, table and field."""


class ServiceKind(StrEnum):
    MAIL = "mail"
    PHOTOS = "photos"
    FILES = "files"


@dataclass(frozen=True, slots=True)
class Service:
    """One service as its own pages describe it; None or () where no source said."""

    id: str
    name: str
    kind: ServiceKind
    provider: str | None = None  # key of resources/providers.toml
    entity: str | None = None  # provider or controller for EU consumers, per its own terms
    entity_country: str | None = None  # ISO 3166-1 alpha-2
    entity_source: str | None = None
    parent: str | None = None
    domains: tuple[str, ...] = ()  # e-mail address domains (mail only), lower case
    mx_suffixes: tuple[str, ...] = ()  # MX host suffixes that reveal a custom domain using it
    servers: tuple[AccountServer, ...] = ()  # documented client settings
    servers_source: str | None = None
    storage: str | None = None  # one English sentence: what it says about where data are kept
    storage_countries: tuple[str, ...] = ()
    storage_source: str | None = None
    storage_as_of: date | None = None  # the date on the page, else the day it was read


class ServiceCatalogue:
    """The services in file order, with look-ups by id, mail domain and host name."""

    __slots__ = ("_by_domain", "_by_host", "_by_id", "_services", "as_of", "source")

    def __init__(
        self,
        services: Iterable[Service],
        *,
        source: str = "<memory>",
        as_of: date | None = None,
    ) -> None:
        """Index *services*; a domain or host claimed by two services raises
        ServiceCatalogueError naming both, since a look-up could not choose between them."""
        self.source = source
        self.as_of = as_of
        self._services = tuple(services)
        self._by_id: dict[str, Service] = {}
        self._by_domain: dict[str, Service] = {}
        self._by_host: dict[str, Service] = {}
        for service in self._services:
            where = f"{source}: [services.{service.id}]"
            if self._by_id.setdefault(service.id, service) is not service:
                raise ServiceCatalogueError(f"{where}: the id is used twice")
            for domain in service.domains:
                owner = self._by_domain.setdefault(domain, service)
                if owner is not service:
                    raise ServiceCatalogueError(
                        f"{where}: domains: {domain} is also listed for [services.{owner.id}]"
                    )
            hosts = dict.fromkeys([*(s.host for s in service.servers), *service.mx_suffixes])
            for host in hosts:
                owner = self._by_host.setdefault(host, service)
                if owner is not service:
                    raise ServiceCatalogueError(
                        f"{where}: host {host} is also listed for [services.{owner.id}]"
                    )

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def load(
        cls, path: Path | None = None, *, providers: Collection[str] | None = None
    ) -> ServiceCatalogue:
        """Read and validate a services file (default: the resources directory's).

        ``providers``: the provider keys a service may name; by default those of the
        resources directory's providers.toml, so a typo cannot point at no company."""
        file = path if path is not None else resource_path(FILE_NAME)
        data = read_toml(file, ServiceCatalogueError)
        if providers is None:
            providers = {p.key for p in ProviderRegistry.load(resource_path(PROVIDERS_FILE_NAME))}
        return cls.from_mapping(data, source=str(file), providers=providers)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, object], *, source: str, providers: Collection[str]
    ) -> ServiceCatalogue:
        """Build from parsed TOML: a top-level ``as_of`` date and a ``services`` table."""
        unknown = sorted(data.keys() - {"as_of", "services"})
        if unknown:
            raise ServiceCatalogueError(f"{source}: unknown top-level key(s) {', '.join(unknown)}")
        as_of = data.get("as_of")
        if as_of is not None and not _is_date(as_of):
            raise ServiceCatalogueError(f"{source}: as_of must be a date (YYYY-MM-DD)")
        tables = data.get("services")
        if not isinstance(tables, dict) or not tables:
            raise ServiceCatalogueError(f"{source}: no [services.<id>] tables")
        services = [_parse_service(source, key, table, providers) for key, table in tables.items()]
        return cls(services, source=source, as_of=as_of if isinstance(as_of, date) else None)

    # -- collection ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._services)

    def __iter__(self) -> Iterator[Service]:
        return iter(self._services)

    @property
    def services(self) -> tuple[Service, ...]:
        """Every service, in file order."""
        return self._services

    def get(self, service_id: str) -> Service | None:
        return self._by_id.get(service_id)

    # -- look-ups -----------------------------------------------------------------------------

    def by_mail_domain(self, domain: str | None) -> Service | None:
        """The service whose addresses end in exactly this domain (case-insensitive)."""
        if not domain:
            return None
        return self._by_domain.get(normalise_hostname(domain))

    def by_host(self, host: str | None) -> Service | None:
        """The service with the longest server host or MX suffix that *host* is or ends in,
        label by label: "x.google.com" matches "google.com", "evilgoogle.com" does not."""
        if not host:
            return None
        name = normalise_hostname(host)
        while name:
            service = self._by_host.get(name)
            if service is not None:
                return service
            dot = name.find(".")
            if dot < 0:
                return None
            name = name[dot + 1 :]
        return None


# -- parsing and validation -------------------------------------------------------------------


def _is_date(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _parse_service(source: str, key: str, table: object, providers: Collection[str]) -> Service:
    where = f"{source}: [services.{key}]"
    if not isinstance(table, dict):
        raise ServiceCatalogueError(f"{where}: expected a table, found {type(table).__name__}")
    if not _KEY.match(key):
        raise ServiceCatalogueError(f"{where}: ids are lower-case letters, digits and _")
    missing = sorted(_REQUIRED - table.keys())
    if missing:
        raise ServiceCatalogueError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(table.keys() - _REQUIRED - _OPTIONAL)
    if unknown:
        raise ServiceCatalogueError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for group in (_ENTITY_GROUP, _STORAGE_GROUP):
        present = [name for name in group if name in table]
        if present and len(present) != len(group):
            absent = [name for name in group if name not in table]
            raise ServiceCatalogueError(
                f"{where}: {', '.join(present)} without {', '.join(absent)} (they come together)"
            )

    kind_text = _text(where, table, "kind")
    try:
        kind = ServiceKind(kind_text)
    except ValueError:
        choices = ", ".join(k.value for k in ServiceKind)
        raise ServiceCatalogueError(
            f"{where}: kind: unknown kind {kind_text!r} (one of {choices})"
        ) from None

    provider = _optional_text(where, table, "provider")
    if provider is not None and provider not in providers:
        raise ServiceCatalogueError(
            f"{where}: provider: {provider!r} is not a table of {PROVIDERS_FILE_NAME}"
        )

    domains = _hosts(where, table, "domains")
    if domains and kind is not ServiceKind.MAIL:
        raise ServiceCatalogueError(f"{where}: domains: only mail services have address domains")
    servers = _servers(where, table)
    servers_source = _optional_url(where, table, "servers_source")
    if servers and servers_source is None:
        raise ServiceCatalogueError(f"{where}: servers_source: required with servers")
    storage_as_of = table.get("storage_as_of")
    if storage_as_of is not None and not _is_date(storage_as_of):
        raise ServiceCatalogueError(f"{where}: storage_as_of: must be a date (YYYY-MM-DD)")

    return Service(
        id=key,
        name=_text(where, table, "name"),
        kind=kind,
        provider=provider,
        entity=_optional_text(where, table, "entity"),
        entity_country=_optional_country(where, table, "entity_country"),
        entity_source=_optional_url(where, table, "entity_source"),
        parent=_optional_text(where, table, "parent"),
        domains=domains,
        mx_suffixes=_hosts(where, table, "mx_suffixes"),
        servers=servers,
        servers_source=servers_source,
        storage=_optional_text(where, table, "storage"),
        storage_countries=_countries(where, table, "storage_countries"),
        storage_source=_optional_url(where, table, "storage_source"),
        storage_as_of=storage_as_of if isinstance(storage_as_of, date) else None,
    )


def _text(where: str, table: Mapping[str, object], field: str) -> str:
    value = table.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ServiceCatalogueError(f"{where}: {field}: must be a non-empty string")
    return value.strip()


def _optional_text(where: str, table: Mapping[str, object], field: str) -> str | None:
    return _text(where, table, field) if field in table else None


def _optional_url(where: str, table: Mapping[str, object], field: str) -> str | None:
    url = _optional_text(where, table, field)
    if url is not None and (not url.startswith("https://") or any(c.isspace() for c in url)):
        raise ServiceCatalogueError(f"{where}: {field}: must be an https:// URL, not {url!r}")
    return url


def _country(where: str, field: str, value: object) -> str:
    if not isinstance(value, str) or value not in iso_country_codes():
        raise ServiceCatalogueError(
            f"{where}: {field}: {value!r} is not an ISO 3166-1 alpha-2 country code"
        )
    return value


def _optional_country(where: str, table: Mapping[str, object], field: str) -> str | None:
    return _country(where, field, table[field]) if field in table else None


def _list(where: str, table: Mapping[str, object], field: str) -> list[object]:
    value = table.get(field, [])
    if not isinstance(value, list):
        raise ServiceCatalogueError(f"{where}: {field}: must be a list")
    return value


def _countries(where: str, table: Mapping[str, object], field: str) -> tuple[str, ...]:
    codes = tuple(_country(where, field, item) for item in _list(where, table, field))
    if len(set(codes)) != len(codes):
        raise ServiceCatalogueError(f"{where}: {field}: a country is listed twice")
    return codes


def _hosts(where: str, table: Mapping[str, object], field: str) -> tuple[str, ...]:
    hosts: list[str] = []
    for item in _list(where, table, field):
        host = checked_host(item) if isinstance(item, str) else None
        if host is None or "." not in host or host != item:
            raise ServiceCatalogueError(
                f"{where}: {field}: {item!r} is not a lower-case host name with a dot"
            )
        if host in hosts:
            raise ServiceCatalogueError(f"{where}: {field}: {host} is listed twice")
        hosts.append(host)
    return tuple(hosts)


def _servers(where: str, table: Mapping[str, object]) -> tuple[AccountServer, ...]:
    servers: list[AccountServer] = []
    for number, item in enumerate(_list(where, table, "servers"), start=1):
        at = f"{where}: servers[{number}]"
        if not isinstance(item, dict):
            raise ServiceCatalogueError(f"{at}: expected {{ host, port, protocol, role }}")
        wrong = sorted(item.keys() ^ _SERVER_FIELDS)
        if wrong:
            raise ServiceCatalogueError(f"{at}: missing or unknown field(s) {', '.join(wrong)}")
        raw_host = item["host"]
        host = checked_host(raw_host) if isinstance(raw_host, str) else None
        if host is None or host != raw_host:
            raise ServiceCatalogueError(f"{at}: host: {raw_host!r} is not a lower-case host name")
        port = checked_port(item["port"])
        if port is None or isinstance(item["port"], str):
            raise ServiceCatalogueError(f"{at}: port: {item['port']!r} is not a TCP port number")
        protocol = item["protocol"]
        if protocol not in PROTOCOLS:
            choices = ", ".join(sorted(PROTOCOLS))
            raise ServiceCatalogueError(
                f"{at}: protocol: unknown protocol {protocol!r} (one of {choices})"
            )
        try:
            role = ServerRole(item["role"])
        except ValueError:
            choices = ", ".join(r.value for r in ServerRole)
            raise ServiceCatalogueError(
                f"{at}: role: unknown role {item['role']!r} (one of {choices})"
            ) from None
        server = AccountServer(host, port, str(protocol), role, FoundBy.CATALOGUE)
        if server in servers:
            raise ServiceCatalogueError(f"{at}: the same server is listed twice")
        servers.append(server)
    return tuple(servers)
