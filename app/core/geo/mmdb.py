"""One MaxMind-format (.mmdb) database: MaxMind GeoLite2/GeoIP2, DB-IP lite, IPinfo lite, ours.

Why maxminddb rather than ``geoip2.database.Reader`` to open the file: geoip2's typed look-ups
only accept MaxMind's own database-type names (``asn()`` insists on "GeoLite2-ASN" in the type,
``country()`` refuses "DBIP-City-Lite"), so they cannot read DB-IP's or IPinfo's files nor our
embedded "DataLocator-Country-ASN". We open each file once with the same reader geoip2 wraps
(``maxminddb.open_database(path, MODE_AUTO)``: the C extension on mmap when available) and read
the raw record: the GeoIP2 layout (MaxMind, DB-IP, ours) by the same paths geoip2's models use
(``country.iso_code``, ``city.names.en``, ``location.latitude``…), flat records (IPinfo:
``country_code``, ``asn`` "AS15169", ``as_name``) by their own keys. Reading the few fields
directly, rather than building a geoip2 model, takes ~1 µs instead of ~13 µs; and since the
answer depends on those fields only, it is memoised per distinct value, so the thousands of
networks that share a country or an AS share one Location or Network object.
A missing address is a ``None`` record, the same case geoip2 reports as AddressNotFoundError.

One file may hold both answers (our embedded "DataLocator-Country-ASN", IPinfo lite, GeoIP2
Enterprise): ``answer_at`` reads both from one look-up, which is what the locator calls.

Everything a GeoIP2 record says that bears on the question is read: the place (a record with
only ``location`` keeps its point and radius), the first subdivision, ``registered_country``
when there is no ``country`` (marked: registration, not place), ``represented_country`` (whose
law applies), ``traits.is_anycast`` (an EDGE location), and the ISP and Enterprise traits
(``isp``, ``organization``, user and connection type); names in the language given to ``open``,
English when the file has none in it. Enterprise and Precision Enterprise (and Shield) files are
City databases by their type name. Types that say nothing of place or company (Anonymous-IP,
Connection-Type, Domain, IP-Risk…) are refused with the list of those read (SUPPORTED_TYPES).
Each answer names its source (``Location.source``, ``Network.source``).

Everything read from a file is untrusted data: values are type-checked and range-checked, text is
stripped of control characters and capped, and nothing is ever interpreted.
"""

from __future__ import annotations

import logging
import math
import re
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Literal

import maxminddb
from maxminddb import MODE_AUTO, InvalidDatabaseError

from app.core import paths
from app.core.addresses import normalise_ip
from app.core.countries import language_code
from app.core.geo.errors import DatabaseError as DatabaseError  # raised here, re-exported
from app.core.geo.labels import CITY_FROM
from app.core.geo.verify import DEFAULT_DEADLINE_S, VerdictCache, signature, vet
from app.core.i18n import Message, message
from app.core.model import Location, LocationKind, Network
from app.core.resources import resource_path
from app.core.text import visible, visible_path

log = logging.getLogger(__name__)

DatabaseKind = Literal["city", "country", "asn"]

_MAX_TEXT = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_ISO_CODE = re.compile(r"[A-Za-z]{2}")
_AS_TEXT = re.compile(r"(?:AS)?\s*(\d{1,10})", re.IGNORECASE)
# Errors the reader raises on a file that is not (or no longer) a valid database.
_READ_ERRORS = (InvalidDatabaseError, ValueError, TypeError, KeyError, IndexError, OSError)
# Bound of each database's memo of converted records (distinct locations or networks); a City
# database has ~100 000 distinct places, a Country or ASN database far fewer.
_MEMO_SIZE = 200_000
_NETWORK_TOKENS = {"asn", "isp", "enterprise"}  # Enterprise records carry ISP traits
# Keys that name who runs an address (GeoLite2-ASN, IPinfo, GeoIP2 ISP and Enterprise traits).
_NETWORK_KEYS = frozenset(("autonomous_system_number", "asn", "isp", "organization"))
# GeoIP2 Enterprise and Precision Enterprise (and their Shield variants) are City databases
# with traits: their type names say neither "city" nor "country".
_CITY_TOKENS = {"city", "enterprise"}
# MaxMind types that say nothing about place or company: refused by name, whatever the first
# record looks like (an Anonymous-IP record has no keys a guess would miss).
_UNSUPPORTED_TOKENS = {
    "anonymous",
    "connection",
    "domain",
    "risk",
    "score",
    "proxy",
    "density",
    "count",
}
SUPPORTED_TYPES = (
    "City, Country, ASN, ISP and Enterprise databases (GeoIP2/GeoLite2 City, Country, ASN, ISP, "
    "Enterprise, Precision Enterprise and Shield; DB-IP; IPinfo)"
)

# What one database says about an address: (location, network), memoised per distinct record
# values so equal answers are one object; NO_ANSWER when the file has nothing for it.
Answer = tuple[Location | None, Network | None]
NO_ANSWER: Answer = (None, None)
# The embedded city layer (packaging/build_geo_db.py writes it from DB-IP's City Lite only).
EMBEDDED_CITY_TYPE = "DataLocator-City"
EMBEDDED_CITY_SOURCE = "DB-IP City Lite"
_MISSING = object()  # not in a memo (whose values may be None)
_LOCATION_VALUES = 6  # length of a _location_key
_NETWORK_VALUES = 3  # length of a _network_key


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    path: Path
    database_type: str
    kind: DatabaseKind
    build_date: datetime  # UTC
    description: str
    source_label: str  # "embedded db", "user db: GeoLite2-City.mmdb"


def expand_home(path: Path) -> Path:
    """``~`` and ``~user`` expanded; DatabaseError (not RuntimeError) for an unknown user."""
    try:
        return paths.expand_home(path)
    except paths.UnknownHomeError as error:
        raise DatabaseError(error.message) from None


def is_embedded(path: Path) -> bool:
    """Whether ``path`` is one of the databases shipped in resources/geo (ours: trusted)."""
    try:
        return path.resolve().parent == resource_path("geo").resolve()
    except (OSError, RuntimeError):
        return False


def default_source_label(path: Path) -> str:
    """The label of a file: "embedded db" in resources/geo, else "user db: <file name>"."""
    return "embedded db" if is_embedded(path) else f"user db: {path.name}"


def clean_text(value: object) -> str | None:
    """Untrusted text from a database as plain, single-line, bounded text (None if empty)."""
    if not isinstance(value, str):
        return None
    if (
        value.isascii()
        and value.isprintable()  # so no control character, and no white space but " "
        and "  " not in value
        and value[:1] != " "
        and value[-1:] != " "
    ):
        return value[:_MAX_TEXT] or None  # clean already (most names): what the rest would give
    text = " ".join(_CONTROL.sub(" ", value).split())
    return text[:_MAX_TEXT] or None


@lru_cache(maxsize=8192)
def _canonical_ip(ip: str) -> str:
    """normalise_ip, memoised: parsing costs more than the look-up itself."""
    return normalise_ip(ip)


def _type_tokens(database_type: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", database_type.lower()))


def _kind_from_type(database_type: str) -> DatabaseKind | None:
    """The kind a type name states; one naming a place and a network ("DataLocator-Country-ASN")
    is of the place's kind, and provides networks too (``_names_network``)."""
    tokens = _type_tokens(database_type)
    if tokens & _CITY_TOKENS:
        return "city"
    if "country" in tokens:
        return "country"
    if tokens & _NETWORK_TOKENS:
        return "asn"
    return None


def _names_network(database_type: str) -> bool:
    return bool(_type_tokens(database_type) & _NETWORK_TOKENS)


def _has_location_keys(record: dict[str, Any]) -> bool:
    return any(key in record for key in ("country", "country_code", "city", "location"))


def _has_city_keys(record: dict[str, Any]) -> bool:
    return "city" in record or "location" in record or "latitude" in record or "lat" in record


def _has_network_keys(record: dict[str, Any]) -> bool:
    traits = record.get("traits")
    return not _NETWORK_KEYS.isdisjoint(record) or (
        isinstance(traits, dict) and not _NETWORK_KEYS.isdisjoint(traits)
    )


def _kind_from_record(record: object) -> DatabaseKind | None:
    if not isinstance(record, dict):
        return None
    if _has_location_keys(record):
        return "city" if _has_city_keys(record) else "country"
    if _has_network_keys(record):
        return "asn"
    return None


def _iso_code(value: object) -> str | None:
    if isinstance(value, str) and _ISO_CODE.fullmatch(value.strip()):
        return value.strip().upper()
    return None


def _coordinate(value: object, limit: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and -limit <= number <= limit else None


def _accuracy(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def _asn(value: object) -> int | None:
    """An AS number from an int or text like "AS15169" (IPinfo)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        match = _AS_TEXT.fullmatch(value.strip())
        value = int(match.group(1)) if match else None
    if isinstance(value, int) and 0 < value < 2**32:
        return value
    return None


class MmdbDatabase:
    """An open database; look-ups are thread-safe (the reader is read-only, memory-mapped)."""

    def __init__(
        self,
        reader: maxminddb.Reader,
        info: DatabaseInfo,
        *,
        provides_location: bool,
        provides_network: bool,
        language: str = "en",
        sample_address: str | None = None,
    ) -> None:
        self._reader = reader
        self.info = info
        self.language = language
        self._sample = sample_address  # an address holding a record (for ``unusable``)
        self.provides_location = provides_location
        self.provides_network = provides_network
        self._warned = threading.Event()  # log a broken file once, not on every look-up
        # Our embedded city layer says where its cities come from (DB-IP's, kept by the build
        # only where they agree with the embedded country data, the app's country source).
        self._location_source = (
            f"{info.source_label}{CITY_FROM}{EMBEDDED_CITY_SOURCE}"
            if info.database_type == EMBEDDED_CITY_TYPE
            else info.source_label
        )
        # Converted answers by the raw values they depend on (dict get/set are atomic).
        self._locations: dict[tuple[object, ...], Location | None] = {}
        self._networks: dict[tuple[object, ...], Network | None] = {}
        self._answers: dict[tuple[object, ...], Answer] = {}
        self._location_key: Callable[[dict[str, Any]], tuple[object, ...]] = (
            _location_key if language == "en" else partial(_location_key, language=language)
        )
        if provides_location and provides_network:
            self._answer_key: Callable[[dict[str, Any]], tuple[object, ...]] = (
                _both_keys if language == "en" else partial(_both_keys, language=language)
            )
        elif provides_location:
            self._answer_key = self._location_key
        else:
            self._answer_key = _network_key

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        source_label: str | None = None,
        deadline: float = DEFAULT_DEADLINE_S,
        cancelled: Callable[[], bool] | None = None,
        cache: VerdictCache | None = None,
        language: str | None = None,
    ) -> MmdbDatabase:
        """Open and check a database file; raises DatabaseError naming the file, nothing else.

        Any file but the embedded ones is vetted first (`verify.vet`: in a child process,
        bounded by ``deadline``, once per content), so every caller is covered; the embedded
        files are ours and open directly. ``language`` (a settings or locale tag, read by
        ``countries.language_code``) picks the city and region names; English when the file
        has none in it.
        """
        lang = language_code(language)
        try:
            path = expand_home(Path(path))
            if is_embedded(path):
                return cls._open_reader(path, source_label, sample_address=None, language=lang)
            for _ in range(3):
                vetted = vet(path, deadline=deadline, cancelled=cancelled, cache=cache)
                database = cls._open_reader(
                    path, source_label, sample_address=vetted.verdict.sample or "", language=lang
                )
                try:
                    unchanged = signature(path.stat()) == vetted.signature
                except OSError:
                    unchanged = False
                if unchanged:
                    return database
                database.close()  # replaced while it was checked (an update): check again
            raise DatabaseError(
                message("{name}: keeps changing while it is checked", name=visible_path(path))
            )
        except DatabaseError:
            raise
        except Exception as exc:  # the contract: one plain line, never a traceback
            log.debug("opening %s failed", visible_path(path), exc_info=True)
            raise DatabaseError(
                message(
                    "{name}: cannot be used ({error})",
                    name=visible_path(path),
                    error=type(exc).__name__,
                )
            ) from exc

    @classmethod
    def _open_reader(
        cls,
        path: Path,
        source_label: str | None,
        *,
        sample_address: str | None,
        language: str = "en",
    ) -> MmdbDatabase:
        """The C reader on a file that is ours or passed the vetting (``sample_address``: the
        vetting's first address holding data, "" for none; None: walk to the first record)."""
        name = visible_path(path)
        size = -1
        try:
            info = path.stat()
            size = info.st_size
            if stat.S_ISDIR(info.st_mode):
                raise DatabaseError(
                    message("{name}: is a directory, not a MaxMind DB file", name=name)
                )
            if not stat.S_ISREG(info.st_mode):
                raise DatabaseError(
                    message("{name}: is not a regular file, not a MaxMind DB file", name=name)
                )
            reader = maxminddb.open_database(str(path), MODE_AUTO)
        except PermissionError as exc:
            raise DatabaseError(
                message("{name}: cannot be read (permission denied)", name=name)
            ) from exc
        except FileNotFoundError as exc:
            raise DatabaseError(message("{name}: file not found", name=name)) from exc
        except _READ_ERRORS as exc:
            if size == 0:
                raise DatabaseError(
                    message("{name}: not a MaxMind DB file (empty file)", name=name)
                ) from exc
            raise DatabaseError(
                message("{name}: not a MaxMind DB file (no MaxMind DB metadata found)", name=name)
            ) from exc
        try:
            return cls._checked(reader, path, size, source_label, sample_address, language)
        except BaseException:
            reader.close()
            raise

    @classmethod
    def _checked(
        cls,
        reader: maxminddb.Reader,
        path: Path,
        size: int,
        source_label: str | None,
        sample_address: str | None,
        language: str = "en",
    ) -> MmdbDatabase:
        name = visible_path(path)
        try:
            metadata = reader.metadata()
            database_type = str(metadata.database_type)
            build_date = datetime.fromtimestamp(int(metadata.build_epoch), tz=UTC)
            descriptions = metadata.description if isinstance(metadata.description, dict) else {}
            # The first record tells what the file really holds (and proves the tree readable):
            # for a vetted file, a look-up of the address the vetting found (bounded by the
            # address length, whatever the tree); for ours, the first record of the iterator.
            if sample_address is None:
                first, sample = next(iter(reader), (None, None))
                sample_address = str(first.network_address) if first is not None else ""
            else:
                sample = reader.get(sample_address) if sample_address else None
        except (*_READ_ERRORS, OverflowError, StopIteration) as exc:
            raise DatabaseError(
                message("{name}: not a MaxMind DB file (corrupt or truncated)", name=name)
            ) from exc
        if metadata.binary_format_major_version != 2:
            raise DatabaseError(
                message(
                    "{name}: unsupported MaxMind DB format version {version}",
                    name=name,
                    version=metadata.binary_format_major_version,
                )
            )
        kind = _kind_from_type(database_type)
        if kind is None and not _type_tokens(database_type) & _UNSUPPORTED_TOKENS:
            kind = _kind_from_record(sample)
        if kind is None:
            raise DatabaseError(
                message(
                    "{name}: unsupported database type {type!r} (DataLocator reads {types})",
                    name=name,
                    type=visible(database_type),
                    types=SUPPORTED_TYPES,
                )
            )
        keys: dict[str, Any] = sample if isinstance(sample, dict) else {}
        provides_location = kind != "asn" or _has_location_keys(keys)
        provides_network = kind == "asn" or _names_network(database_type) or _has_network_keys(keys)
        description = clean_text(descriptions.get("en")) or next(
            (text for text in map(clean_text, descriptions.values()) if text), ""
        )
        info = DatabaseInfo(
            path=path,
            database_type=clean_text(database_type) or "",
            kind=kind,
            build_date=build_date,
            description=description,
            source_label=source_label or default_source_label(path),
        )
        log.debug("opened %s (%s, %s, %d bytes)", name, visible(database_type), kind, size)
        return cls(
            reader,
            info,
            provides_location=provides_location,
            provides_network=provides_network,
            language=language,
            sample_address=sample_address or None,
        )

    def unusable(self) -> Message | None:
        """Why this file cannot answer anything (None when it can): its sample record fails
        to read, or is no map (a type name saying "City" over records of text). Opening checks
        the file's structure; this checks that it says something, so a useless file is refused
        once, not at every look-up."""
        if self._sample is None:
            return None  # an empty tree: nothing to check (it answers nothing, honestly)
        try:
            record = self._reader.get(self._sample)
        except (*_READ_ERRORS, OverflowError) as error:
            return message(
                "{name}: look-ups fail ({error})",
                name=visible_path(self.info.path),
                error=type(error).__name__,
            )
        if not isinstance(record, dict):
            return message(
                "{name}: its records are not maps: it holds no place nor network DataLocator reads",
                name=visible_path(self.info.path),
            )
        return None

    def close(self) -> None:
        self._reader.close()
        self._answers.clear()
        self._locations.clear()
        self._networks.clear()

    def __enter__(self) -> MmdbDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"MmdbDatabase({str(self.info.path)!r}, {self.info.database_type!r})"

    def record(self, ip: str) -> dict[str, Any] | None:
        """The raw record for an address (None when absent, not a map, or unreadable)."""
        try:
            record = self._reader.get(_canonical_ip(ip))
        except ValueError as exc:  # not an address, or the reader was closed
            log.debug("%s: no look-up for %r: %s", self.info.path, ip, exc)
            return None
        except _READ_ERRORS as exc:
            if not self._warned.is_set():
                self._warned.set()
                log.warning("%s: database is damaged, look-ups fail: %s", self.info.path, exc)
            return None
        return record if isinstance(record, dict) else None

    def _failed(self, address: str, error: Exception) -> int:
        """Log a failed look-up (a damaged file once) and return the address's full length."""
        if isinstance(error, ValueError):  # not an address, wrong family, or a closed reader
            log.debug("%s: no look-up for %r: %s", self.info.path, address, error)
        elif not self._warned.is_set():
            self._warned.set()
            log.warning("%s: database is damaged, look-ups fail: %s", self.info.path, error)
        return 128 if ":" in address else 32

    def answer_at(self, address: str) -> tuple[Answer, int]:
        """(location, network) of a canonical address text (the locator parsed it already, so no
        normalisation here) from one look-up, and the prefix length of the network the answer
        holds for. The pair is shared by every record with the same values."""
        key, prefix_len = self.key_at(address)
        return (NO_ANSWER if key is None else self.answer_for(key)), prefix_len

    def key_at(self, address: str) -> tuple[tuple[object, ...] | None, int]:
        """What ``answer_at`` reads, in two steps: the raw values the answer depends on (None
        when the file has no record), and the prefix length; ``answer_for`` turns the values
        into the answer. A caller that keeps its own results per value skips that step, and
        with it a memo look-up, for every value it has met.

        Written out (no helper calls): the locator calls it for every network it meets.
        """
        try:
            record, prefix_len = self._reader.get_with_prefix_len(address)
        except _READ_ERRORS as error:
            return None, self._failed(address, error)
        if record.__class__ is not dict:
            return None, prefix_len
        return self._answer_key(record), prefix_len

    def answer_for(self, key: tuple[object, ...]) -> Answer:
        """The (shared) answer of ``key_at``'s values."""
        try:
            answer = self._answers.get(key)  # not [key]: raising KeyError costs a microsecond
        except TypeError:  # an unhashable value where text or a number belongs: no memo
            return self._convert_answer(key)
        if answer is not None:
            return answer
        answer = self._convert_answer(key)
        if len(self._answers) >= _MEMO_SIZE:
            self._answers.clear()
        self._answers[key] = answer
        return answer

    def _convert_answer(self, key: tuple[object, ...]) -> Answer:
        """The answer of an ``_answer_key``: a location key then a network key."""
        location = self._location_for(key[:_LOCATION_VALUES]) if self.provides_location else None
        network = self._network_for(key[-_NETWORK_VALUES:]) if self.provides_network else None
        if location is None and network is None:
            return NO_ANSWER
        return location, network

    def location(self, ip: str) -> Location | None:
        """Country (and city, coordinates when the database has them); None when unknown."""
        if not self.provides_location:
            return None
        record = self.record(ip)
        return None if record is None else self.location_from(record)

    def location_from(self, record: dict[str, Any]) -> Location | None:
        """The location in a record read from this database (memoised: equal answers shared)."""
        if not self.provides_location:
            return None
        return self._location_for(self._location_key(record))

    def _location_for(self, key: tuple[object, ...]) -> Location | None:
        try:
            found = self._locations.get(key, _MISSING)
        except TypeError:  # an unhashable value where text or a number belongs: no memo
            return self._convert_location(key)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        location = self._convert_location(key)
        if len(self._locations) >= _MEMO_SIZE:
            self._locations.clear()
        self._locations[key] = location
        return location

    def _convert_location(self, key: tuple[object, ...]) -> Location | None:
        country_value, city_value, latitude_value, longitude_value, accuracy_value, extra = key
        country = _iso_code(country_value)
        subdivision = represented = None
        registration_only = anycast = False
        if isinstance(extra, tuple):
            subdivision_value, represented_value, registered_value, anycast_value = extra
            subdivision = clean_text(subdivision_value)
            represented = _iso_code(represented_value)
            anycast = anycast_value is True
            if country is None:
                country = _iso_code(registered_value)
                registration_only = country is not None
        city = clean_text(city_value)
        latitude = _coordinate(latitude_value, 90.0)
        longitude = _coordinate(longitude_value, 180.0)
        accuracy = _accuracy(accuracy_value)
        if latitude is None or longitude is None:
            latitude = longitude = accuracy = None
        if country is None and city is None and latitude is None and not anycast:
            return None
        kind = LocationKind.EXACT if city else LocationKind.ZONE
        if anycast:  # served from many places: where it is registered says nothing of where
            kind = LocationKind.EDGE
        return Location(
            country_code=country,
            city=city,
            latitude=latitude,
            longitude=longitude,
            accuracy_km=accuracy,
            source=self._location_source,
            kind=kind,
            subdivision=subdivision,
            represented_country=represented,
            registration_only=registration_only,
        )

    def network(self, ip: str) -> Network | None:
        """The autonomous system announcing the address; None when unknown."""
        if not self.provides_network:
            return None
        record = self.record(ip)
        return None if record is None else self.network_from(record)

    def network_from(self, record: dict[str, Any]) -> Network | None:
        """The network in a record read from this database (memoised: equal answers shared)."""
        if not self.provides_network:
            return None
        return self._network_for(_network_key(record))

    def _network_for(self, key: tuple[object, ...]) -> Network | None:
        try:
            found = self._networks.get(key, _MISSING)
        except TypeError:
            return _convert_network(key, self.info.source_label)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        network = _convert_network(key, self.info.source_label)
        if len(self._networks) >= _MEMO_SIZE:
            self._networks.clear()
        self._networks[key] = network
        return network


def _name(names: object, language: str) -> object:
    """The name in ``language`` from a GeoIP2 ``names`` map, else the English one."""
    if not isinstance(names, dict):
        return None
    found = names.get(language)
    return names.get("en") if found is None else found


def _location_key(record: dict[str, Any], language: str = "en") -> tuple[object, ...]:
    """The raw values a location is made of: (country, city, latitude, longitude, accuracy,
    extra), ``extra`` being None or (subdivision, represented country, registered country,
    anycast) for the GeoIP2 layout's other facts.

    GeoIP2 layout (``country``, ``city``, ``location`` or ``registered_country`` is a map): the
    paths geoip2's City model reads, names in ``language`` (English when the file has none).
    Flat layout (IPinfo and the like): top-level keys. Written out rather than looped: it runs
    for every database answer the locator has not seen yet.
    """
    country = record.get("country")
    city = record.get("city")
    location = record.get("location")
    country_is_map = isinstance(country, dict)
    if (
        country_is_map
        or isinstance(city, dict)
        or isinstance(location, dict)
        or "registered_country" in record
        or "traits" in record
    ):
        iso = country.get("iso_code") if country_is_map else None  # type: ignore[union-attr]
        name = _name(city.get("names"), language) if isinstance(city, dict) else None
        extra: tuple[object, ...] | None = None
        subdivisions = record.get("subdivisions")
        represented = record.get("represented_country")
        registered = record.get("registered_country")
        traits = record.get("traits")
        if subdivisions or represented or traits or (iso is None and registered):
            subdivision = (
                subdivisions[0] if isinstance(subdivisions, list) and subdivisions else None
            )
            extra = (
                _name(subdivision.get("names"), language)
                if isinstance(subdivision, dict)
                else None,
                represented.get("iso_code") if isinstance(represented, dict) else None,
                registered.get("iso_code") if isinstance(registered, dict) else None,
                traits.get("is_anycast") is True if isinstance(traits, dict) else False,
            )
        if not isinstance(location, dict):
            return iso, name, None, None, None, extra
        return (
            iso,
            name,
            location.get("latitude"),
            location.get("longitude"),
            location.get("accuracy_radius"),
            extra,
        )
    code = record.get("country_code")
    return (
        code if _iso_code(code) is not None else country,
        city,
        record.get("latitude", record.get("lat")),
        record.get("longitude", record.get("lng", record.get("lon"))),
        record.get("accuracy_radius"),
        None,
    )


def _network_key(record: dict[str, Any]) -> tuple[object, ...]:
    """(AS number, AS organisation, extra): top-level keys, else those in ``traits``
    (Enterprise layout); ``extra`` is None or (isp, organization, user type, connection type)
    when the file names them (GeoIP2 ISP and Enterprise)."""
    asn = record.get("autonomous_system_number", record.get("asn"))
    organisation = record.get("autonomous_system_organization", record.get("as_name"))
    isp = record.get("isp")
    holder = record.get("organization")
    user_type = connection_type = None
    traits = record.get("traits")
    if isinstance(traits, dict):
        if _asn(asn) is None:
            asn = traits.get("autonomous_system_number", traits.get("asn"))
        if clean_text(organisation) is None:
            organisation = traits.get("autonomous_system_organization", traits.get("as_name"))
        isp = isp if isp is not None else traits.get("isp")
        holder = holder if holder is not None else traits.get("organization")
        user_type = traits.get("user_type")
        connection_type = traits.get("connection_type")
    if isp is None and holder is None and user_type is None and connection_type is None:
        return asn, organisation, None
    return asn, organisation, (isp, holder, user_type, connection_type)


def _both_keys(record: dict[str, Any], language: str = "en") -> tuple[object, ...]:
    """``_location_key(record) + _network_key(record)``, with the layout of our embedded file
    (GeoIP2 ``country`` and ``location`` maps, GeoLite2-ASN keys at the top) read in one go."""
    country = record.get("country")
    if (
        country.__class__ is not dict
        or len(record) > 4  # ours has four keys at most
        or "city" in record
        or "traits" in record
        or "subdivisions" in record
        or "represented_country" in record
    ):
        return _location_key(record, language) + _network_key(record)
    asn = record.get("autonomous_system_number")
    if asn is None:
        asn = record.get("asn")
    organisation = record.get("autonomous_system_organization")
    if organisation is None:
        organisation = record.get("as_name")
    location = record.get("location")
    if location.__class__ is not dict:
        return country.get("iso_code"), None, None, None, None, None, asn, organisation, None
    return (
        country.get("iso_code"),
        None,
        location.get("latitude"),
        location.get("longitude"),
        location.get("accuracy_radius"),
        None,
        asn,
        organisation,
        None,
    )


def _convert_network(key: tuple[object, ...], source: str) -> Network | None:
    asn, organisation, extra = _asn(key[0]), clean_text(key[1]), key[2]
    if not isinstance(extra, tuple):
        if asn is None and organisation is None:
            return None
        return Network(asn, organisation, source=source)
    isp, holder, user_type, connection_type = (clean_text(value) for value in extra)
    if asn is None and organisation is None and isp is None and holder is None:
        return None
    return Network(asn, organisation, isp, holder, user_type, connection_type, source)
