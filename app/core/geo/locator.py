"""One answer per address: where it is, who runs it and which law reaches the data there.

The chain, for each address:

1. classify: a private or special address stops here (never looked up anywhere);
2. the geo databases in the caller's order (user files first, the embedded ones last): the
   most specific answer wins whatever the order (a city, then a region or a point of its own,
   then a country, then a mere registration country; a point without a country takes another
   file's country, noted), and a database placing the address in another country is noted;
   a database's anycast mark (or an Enterprise "content_delivery_network" user type) makes
   an edge, and a represented country (a military base abroad) decides the law, noted;
3. the cloud providers' published ranges: a region's data-centre city beats the databases (the
   provider's own list is better evidence than a database's guess, often the head office), and a
   database that disagrees is noted;
4. anycast and CDN edges: the address is served from a point of presence near the user, so the
   location keeps only the database's country, as ``LocationKind.EDGE`` ("nearest point of
   presence unknown"); the operator still counts as the provider;
5. the provider: edge operator, cloud provider, then AS number, then AS organisation name; a
   confirmed host name names the provider when the network names none or the same one, and may
   locate it (``hostnames.py``);
6. the verdict: the data's country (unknown for an edge) and the provider's home → the regimes.

Where each concern lives: ``published.py`` (special ranges, cloud ranges and edge lists merged
into one map of ``Place``s; providers and laws), ``precedence.py`` (the rules deciding between
sources, and their notes), ``answers.py`` (joining one network's sources into a
``NetworkAnswer``), ``hostnames.py`` (step 5's host names), ``caches.py`` (answers per CIDR
block, bounded memos); address text becomes integers in ``app.core.addresses.parse_address``.
This module reads the databases and keeps the answers.

Speed: every address of a network shares its answer, so the locator keeps it for the largest
CIDR block where the databases (``get_with_prefix_len``) and the merged map both say it holds;
the next address of that block costs a parse and a probe or two. A network first met costs
one look-up per database, and the joining only once per combination of database records
(memoised by the records' values). Each address then gets its own ``LocatedEndpoint`` and
``Endpoint``, built as the ordinary frozen dataclasses they are (~1.4 µs, the largest single
cost of an answer the caches already hold). bench/bench_locator.py measures the whole of it
against bare ``maxminddb`` look-ups in the same file.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from app.core.addresses import parse_address
from app.core.geo.answers import SPECIAL_ANSWERS, Assembler, NetworkAnswer
from app.core.geo.anycast import EdgeDetector
from app.core.geo.caches import BITS, BlockCache, Memo, block_prefix
from app.core.geo.cloud import CloudRegionIndex
from app.core.geo.hostnames import with_names
from app.core.geo.local_zones import LocalZones
from app.core.geo.mmdb import NO_ANSWER, DatabaseError, DatabaseInfo, MmdbDatabase, expand_home
from app.core.geo.precedence import merged_networks
from app.core.geo.published import NO_PLACE, SPECIAL_SCOPES, Parts, Place, load_parts
from app.core.i18n import DEFAULT_LANGUAGE, translations
from app.core.jurisdiction import Jurisdictions
from app.core.model import LocatedEndpoint, Location, Network
from app.core.providers import ProviderRegistry
from app.core.resources import resource_path

log = logging.getLogger(__name__)

_Records = tuple[tuple[object, ...] | None, ...]  # per database: its record's values, or None


def default_database_paths(extra: Sequence[Path] = ()) -> list[Path]:
    """The user's extra files first (they win), then the embedded resources/geo/*.mmdb."""
    embedded_dir = resource_path("geo")
    embedded = sorted(embedded_dir.glob("*.mmdb")) if embedded_dir.is_dir() else []
    return [Path(path) for path in extra] + embedded


class _Loaded:
    """The parts and the assembler over them, built together at the first public address."""

    __slots__ = ("assembler", "parts", "places")

    def __init__(self, parts: Parts, cache_size: int) -> None:
        self.parts = parts
        self.places = parts.lists.places
        self.assembler = Assembler(parts, cache_size)


class Locator:
    """Thread-safe: the databases and lists are read-only and the caches need no lock."""

    def __init__(
        self,
        databases: Sequence[MmdbDatabase],
        *,
        cache_size: int = 65536,
        cloud: CloudRegionIndex | None = None,
        edges: EdgeDetector | None = None,
        providers: ProviderRegistry | None = None,
        jurisdictions: Jurisdictions | None = None,
        zones: LocalZones | None = None,
    ) -> None:
        """``cloud``, ``edges``, ``providers``, ``jurisdictions`` and ``zones`` (AWS's Local
        Zones) default to the embedded ones, loaded at the first public address or by
        ``warm_up()``."""
        self._databases = tuple(databases)
        # Caller order throughout (user files first); a city answer still beats a country one.
        self._geo_dbs = tuple(
            db for db in self._databases if db.provides_location or db.provides_network
        )
        self._given = (cloud, edges, providers, jurisdictions, zones)
        self._loaded: _Loaded | None = None
        self._load_lock = threading.Lock()
        self._cache_size = max(0, cache_size)
        # A bound on entries, not answers: one network may take several (see BlockCache).
        self._blocks: BlockCache[NetworkAnswer] = BlockCache(2 * self._cache_size)
        # Answers per combination of database records (their values) and Place: networks the
        # block cache cannot keep (too fine) or has dropped are not joined again.
        self._by_records: Memo[tuple[_Records, Place], NetworkAnswer] = Memo(self._cache_size)
        # Answers with host names, by (text, names, confirmed names).
        self._named: Memo[tuple[str, tuple[str, ...], tuple[str, ...]], LocatedEndpoint] = Memo(
            self._cache_size
        )

    @classmethod
    def from_paths(
        cls,
        paths: Sequence[Path],
        *,
        labels: Mapping[Path, str] | None = None,
        cache_size: int = 65536,
        cloud: CloudRegionIndex | None = None,
        edges: EdgeDetector | None = None,
        providers: ProviderRegistry | None = None,
        jurisdictions: Jurisdictions | None = None,
        language: str | None = None,
    ) -> tuple[Locator, list[str]]:
        """Open every file that can be opened and answer; the messages say which ones failed
        and why (each logged once, as a warning).

        ``labels`` gives a file its source label (``describe_origin``'s "downloaded: …",
        "system db: …"); others get MmdbDatabase's default. ``language`` picks the names read
        from the files (``MmdbDatabase.open``). The rest are the constructor's.
        """
        databases: list[MmdbDatabase] = []
        errors: list[str] = []
        seen: set[Path] = set()
        for path in paths:
            try:
                expanded = expand_home(Path(path))
                try:
                    key = expanded.resolve()
                except (OSError, RuntimeError):  # a symlink loop: opening it says so
                    key = expanded.absolute()
                if key in seen:
                    continue
                seen.add(key)
                label = labels.get(path) if labels is not None else None
                database = MmdbDatabase.open(expanded, source_label=label, language=language)
                problem = database.unusable()
                if problem is not None:  # said once here, never again at each look-up
                    database.close()
                    raise DatabaseError(problem)
                databases.append(database)
            except DatabaseError as exc:
                log.warning("skipping geo database: %s", exc)
                errors.append(exc.text(translations(language or DEFAULT_LANGUAGE)))
        locator = cls(
            databases,
            cache_size=cache_size,
            cloud=cloud,
            edges=edges,
            providers=providers,
            jurisdictions=jurisdictions,
        )
        return locator, errors

    @property
    def sources(self) -> tuple[DatabaseInfo, ...]:
        return tuple(db.info for db in self._databases)

    def warm_up(self) -> None:
        """Load and build the cloud, edge, provider and law data now (~1 s, blocking: call it
        on a worker thread at start-up rather than paying it at the first look-up)."""
        self._load()

    def close(self) -> None:
        """Close the databases (the locator answers nothing useful afterwards)."""
        for cache in (self._blocks, self._by_records, self._named):
            cache.clear()
        if self._loaded is not None:
            self._loaded.assembler.clear()
        for db in self._databases:
            db.close()

    def __enter__(self) -> Locator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def locate(
        self, ip: str, hostnames: Sequence[str] = (), confirmed: Sequence[str] = ()
    ) -> LocatedEndpoint:
        """Where an address is, who runs it and which law reaches it; ValueError if ``ip`` is
        no address.

        The endpoint carries the canonical address text (mapped IPv4 unwrapped, IPv6
        compressed). Non-public addresses are never looked up. ``hostnames`` (PTR names, or the
        name that was resolved) are shown; those also in ``confirmed`` (they lead back to the
        address) may name the provider and hint at a cloud region, unless the network already
        names another provider. The others are only claimed: anyone running an address block
        can write any PTR name ("*.ovh.net" on an Amazon address).

        Each call returns a new (frozen) answer around the network's shared one. Neither the
        answers nor the addresses are kept: a table of every address asked about (and its two
        objects per answer for the garbage collector to walk) costs more than parsing the text
        and probing the per-network cache again.
        """
        if hostnames:
            return self._locate_named(ip, tuple(hostnames), confirmed)
        version, value, address = parse_address(ip)  # ValueError if no address
        # Outside any lock: two threads may compute the same answer, which is harmless.
        answer = self._blocks.get(version, value)
        if answer is None:
            answer = self._resolve(version, value, address)
        return answer.located(address)

    def _locate_named(
        self, ip: str, names: tuple[str, ...], confirmed: Sequence[str]
    ) -> LocatedEndpoint:
        key = (ip, names, tuple(name for name in confirmed if name in names))
        named = self._named.get(key)
        if named is None:
            base = self.locate(ip)
            if base.scope.is_locatable:
                named = with_names(base, self._load().parts, key[1], key[2])
            else:  # nothing to refine: do not load the lists for it
                named = base.with_hostnames(key[1], key[2])
            self._named.put(key, named)
        return named

    def _load(self) -> _Loaded:
        with self._load_lock:
            if self._loaded is None:
                self._loaded = _Loaded(load_parts(*self._given), self._cache_size)
            return self._loaded

    # -- one network ---------------------------------------------------------------------------

    def _resolve(self, version: int, value: int, address: str) -> NetworkAnswer:
        """The answer for an address, kept for the largest block of addresses it holds for."""
        if self._loaded is None:  # a special address needs no lists: do not load them for it
            scope, first, last = SPECIAL_SCOPES.find(version, value)
            if scope is not None:
                prefix = block_prefix(value, first, last, BITS[version])
                self._blocks.put(version, value, prefix, SPECIAL_ANSWERS[scope])
                return SPECIAL_ANSWERS[scope]
        loaded = self._loaded or self._load()
        place, prefix = loaded.places.find_block(version, value)
        if place is not None and place.scope is not None:
            answer = SPECIAL_ANSWERS[place.scope]
        else:
            records, prefix = self._records(address, prefix)
            answer = self._network_answer(loaded.assembler, records, place or NO_PLACE)
        self._blocks.put(version, value, prefix, answer)
        return answer

    def _records(self, address: str, prefix: int) -> tuple[_Records, int]:
        """Each database's record for the address (None: it has none), and the prefix of the
        block they all hold for: the narrower of theirs and ``prefix`` (the place's)."""
        records: list[tuple[object, ...] | None] = []
        for db in self._geo_dbs:
            record, length = db.key_at(address)
            records.append(record)
            if length > prefix:
                prefix = length
        return tuple(records), prefix

    def _network_answer(
        self, assembler: Assembler, records: _Records, place: Place
    ) -> NetworkAnswer:
        """The answer for a combination of records and place, joined once: thousands of
        blocks share one (a country and an AS), and a network too fine for the block cache
        keeps it here."""
        key = (records, place)
        try:
            found = self._by_records.get(key)
        except TypeError:  # an unhashable value read from a hostile file: no memo
            return self._joined(assembler, records, place)
        if found is None:
            found = self._joined(assembler, records, place)
            self._by_records.put(key, found)
        return found

    def _joined(self, assembler: Assembler, records: _Records, place: Place) -> NetworkAnswer:
        """The databases' answers for their records, joined with the place (the chain)."""
        locations: list[Location] = []
        networks: list[Network] = []
        for db, record in zip(self._geo_dbs, records, strict=True):
            location, network = NO_ANSWER if record is None else db.answer_for(record)
            if location is not None:
                locations.append(location)
            if network is not None:
                networks.append(network)
        return assembler.answer(tuple(locations), merged_networks(networks), place)
