"""A small, fixed, made-up set of located endpoints that looks like one person's day online.

Used by `datalocator map --demo` (slides, screenshots, trying the app on a machine with nothing
interesting open) and by tests that need realistic input. Nothing here is looked up: the places,
providers and regimes are written out, so the output is the same on every machine.
The person lives in France, reads mail at Gmail and Proton, keeps photos in iCloud and a small
website at OVH, and has a browser, a chat app and a music app open.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.map_marks import Category, MapEntry
from app.core.model import (
    AddressScope,
    Endpoint,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
)

DEMO_HOME = "FR"


@dataclass(frozen=True, slots=True)
class _Row:
    ip: str
    host: str | None
    country: str | None
    city: str | None
    lat: float | None
    lon: float | None
    kind: LocationKind
    asn: int
    org: str
    provider: str
    jurisdiction: str
    category: Category
    processes: tuple[str, ...]
    accounts: tuple[str, ...] = ()


_E, _Z, _G = LocationKind.EXACT, LocationKind.ZONE, LocationKind.EDGE
_MAIL, _PHOTOS, _OTHER = Category.MAIL, Category.PHOTOS, Category.OTHER
_GMAIL = ("camille.demo@gmail.com",)
_ICLOUD = ("camille.demo@icloud.com",)
_PROTON = ("camille.demo@proton.me",)

# fmt: off
_ROWS: tuple[_Row, ...] = (
    # Mail
    _Row("2a00:1450:400b:c01::6c", "imap.gmail.com", "IE", "Dublin", 53.35, -6.26, _E,
         15169, "GOOGLE", "Google", "US_REACH", _MAIL, ("thunderbird",), _GMAIL),
    _Row("142.250.102.108", "smtp.gmail.com", "US", "Council Bluffs", 41.26, -95.86, _E,
         15169, "GOOGLE", "Google", "US_REACH", _MAIL, ("thunderbird",), _GMAIL),
    _Row("185.70.42.37", "mail.proton.me", "CH", "Geneva", 46.20, 6.14, _E,
         62371, "Proton AG", "Proton", "ADEQUACY", _MAIL, ("thunderbird",), _PROTON),
    _Row("40.99.150.18", "outlook.office365.com", "NL", "Amsterdam", 52.37, 4.90, _E,
         8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "Microsoft", "US_REACH", _MAIL, ("teams",)),
    # Photos
    _Row("17.248.190.134", "p71-content.icloud.com", "US", "Maiden", 35.58, -81.19, _E,
         714, "APPLE-ENGINEERING", "Apple", "US_REACH", _PHOTOS, ("photos-sync",), _ICLOUD),
    _Row("17.248.191.40", "p72-content.icloud.com", "US", "Maiden", 35.58, -81.19, _E,
         714, "APPLE-ENGINEERING", "Apple", "US_REACH", _PHOTOS, ("photos-sync",), _ICLOUD),
    _Row("17.253.53.207", "photos-cdn.apple.com", "FR", "Paris", 48.86, 2.35, _G,
         714, "APPLE-ENGINEERING", "Apple", "US_REACH", _PHOTOS, ("firefox",), _ICLOUD),
    _Row("142.250.201.14", "photos.googleapis.com", "BE", "Saint-Ghislain", 50.47, 3.82, _E,
         15169, "GOOGLE", "Google", "US_REACH", _PHOTOS, ("firefox",)),
    # Own website and backups
    _Row("51.38.112.20", "vps-5f3c2a.vps.ovh.net", "FR", "Roubaix", 50.69, 3.17, _E,
         16276, "OVH SAS", "OVHcloud", "EU_GDPR", _OTHER, ("ssh", "rsync")),
    _Row("95.217.40.11", "backup.hetzner.example", "FI", "Helsinki", 60.17, 24.94, _E,
         24940, "Hetzner Online GmbH", "Hetzner", "EU_GDPR", _OTHER, ("restic",)),
    # Browsing, chat, music
    _Row("104.16.132.229", None, "FR", "Paris", 48.86, 2.35, _G,
         13335, "CLOUDFLARENET", "Cloudflare", "US_REACH", _OTHER, ("firefox",)),
    _Row("151.101.65.140", "reddit.map.fastly.net", "GB", "London", 51.51, -0.13, _G,
         54113, "FASTLY", "Fastly", "US_REACH", _OTHER, ("firefox",)),
    _Row("157.240.202.60", "whatsapp-cdn-shv-01-cdg4.fbcdn.net", "FR", "Paris", 48.86, 2.35, _G,
         32934, "FACEBOOK", "Meta", "US_REACH", _OTHER, ("whatsapp",)),
    _Row("35.186.224.25", "spclient.wg.spotify.com", "BE", "Saint-Ghislain", 50.47, 3.82, _E,
         15169, "GOOGLE", "Google Cloud", "US_REACH", _OTHER, ("spotify",)),
    _Row("52.43.117.9", "push.services.mozilla.com", "US", "Boardman", 45.84, -119.70, _E,
         16509, "AMAZON-02", "Amazon Web Services", "US_REACH", _OTHER, ("firefox",)),
    _Row("3.120.54.201", "telemetry.example-app.de", "DE", "Frankfurt am Main", 50.11, 8.68, _E,
         16509, "AMAZON-02", "Amazon Web Services", "US_REACH", _OTHER, ("firefox",)),
    _Row("91.108.56.130", None, "NL", None, None, None, _Z,
         62041, "Telegram Messenger Inc", "Telegram", "OTHER", _OTHER, ("telegram",)),
    _Row("77.88.55.88", "yandex.ru", "RU", None, None, None, _Z,
         13238, "YANDEX LLC", "Yandex", "OTHER", _OTHER, ("firefox",)),
    _Row("203.104.153.1", None, "JP", None, None, None, _Z,
         38631, "LINE Corporation", "LINE", "ADEQUACY", _OTHER, ("line",)),
    _Row("99.79.32.10", "ca-central-1.example-shop.ca", "CA", "Montreal", 45.50, -73.57, _E,
         16509, "AMAZON-02", "Amazon Web Services", "US_REACH", _OTHER, ("firefox",)),
    _Row("13.228.12.75", "sg.game-server.example", "SG", "Singapore", 1.29, 103.85, _E,
         16509, "AMAZON-02", "Amazon Web Services", "US_REACH", _OTHER, ("steam",)),
    _Row("202.89.233.100", None, "AU", None, None, None, _Z,
         4826, "VOCUS-BACKBONE-AS", "", "UNKNOWN", _OTHER, ("steam",)),
)
# fmt: on


def demo_entries() -> tuple[MapEntry, ...]:
    """The demo person's endpoints (sorted by IP, identical on every call)."""
    return tuple(sorted((_entry(row) for row in _ROWS), key=lambda e: e.ip))


def _entry(row: _Row) -> MapEntry:
    location = Location(
        country_code=row.country,
        city=row.city,
        latitude=row.lat,
        longitude=row.lon,
        accuracy_km=None if row.kind is _Z else 50.0,
        source="demo",
        kind=row.kind,
    )
    names = (row.host,) if row.host else ()
    located = LocatedEndpoint(
        # The persona's servers are the names its programs asked for: they lead to the address.
        endpoint=Endpoint(ip=row.ip, hostnames=names, confirmed=names),
        scope=AddressScope.PUBLIC,
        location=location,
        network=Network(asn=row.asn, organisation=row.org),
    )
    return MapEntry(
        located=located,
        processes=row.processes,
        provider=row.provider or None,
        jurisdiction=row.jurisdiction,
        category=row.category,
        accounts=row.accounts,
    )
