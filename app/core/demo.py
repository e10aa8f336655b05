"""A fictional person's day online, as a source of observations and the DNS answers behind them.

Camille lives in France, reads mail at Gmail and Proton (and Outlook for work), keeps photos in
iCloud and Google Photos, runs a small website at OVH with backups at Hetzner, and has a
browser, chat, music and a game open. `DemoSource` gives her sockets the way psutil would: a
cycle of snapshots at fixed times in which a few connections open, close or change state, so
every view (window, table, place panel, map, `map --demo`) runs on the real engine and the
real locator. `DemoResolver` answers her servers' host names, confirmed (they are the names her
programs asked for). Nothing depends on the machine: the same databases give the same output.
The first snapshot holds every server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from app.core.accounts.model import Account, AccountKind, AccountServer, Problem, ServerRole
from app.core.accounts.placing import Pending
from app.core.accounts.sources import AccountsSource
from app.core.dns.forward import ForwardAnswer, RecordsAnswer
from app.core.dns.reverse import PtrAnswer
from app.core.geo.locator import Locator
from app.core.i18n import message
from app.core.map_marks import EntryDetails, located_details
from app.core.model import Category, LocatedConnection, LocatedEndpoint, Observation, Protocol
from app.core.session.engine import Session
from app.core.session.sources import Snapshot
from app.core.settings import Settings

DEMO_HOME = "FR"
DEMO_START = 1_768_467_600.0  # 2026-01-15 09:00 UTC: the first snapshot's time
DEMO_STEP_S = 2.0  # seconds between snapshots
CYCLE = 4  # snapshots before the day repeats
LOCAL_IPV4 = "192.168.1.23"
LOCAL_IPV6 = "2a01:e0a:1f2:3d40::23"
_ALWAYS = frozenset(range(CYCLE))

_PIDS = {
    "thunderbird": 2101,
    "teams": 2230,
    "photos-sync": 2318,
    "firefox": 2402,
    "ssh": 2655,
    "rsync": 2671,
    "restic": 2702,
    "whatsapp": 2810,
    "spotify": 2903,
    "telegram": 3012,
    "line": 3120,
    "steam": 3344,
}


@dataclass(frozen=True, slots=True)
class _Server:
    ip: str
    host: str | None  # the name its program asked for; None: no PTR name either
    category: Category = Category.OTHER  # mail is also told by the port, photos only here
    account: str | None = None


@dataclass(frozen=True, slots=True)
class _Socket:
    server: _Server
    process: str
    remote_port: int
    local_port: int
    phases: frozenset[int] = _ALWAYS  # the snapshots of the cycle in which it is open
    protocol: Protocol = Protocol.TCP
    # The state in each phase, when it is not ESTABLISHED ("NONE" for UDP).
    states: tuple[tuple[int, str], ...] = ()


_MAIL, _PHOTOS = Category.MAIL, Category.PHOTOS
_GMAIL, _ICLOUD = "camille.demo@gmail.com", "camille.demo@icloud.com"
_PROTON = "camille.demo@proton.me"

GMAIL_IMAP = _Server("2a00:1450:400b:c01::6c", "imap.gmail.com", _MAIL, _GMAIL)
GMAIL_SMTP = _Server("142.250.102.108", "smtp.gmail.com", _MAIL, _GMAIL)
PROTON = _Server("185.70.42.37", "mail.proton.me", _MAIL, _PROTON)
OUTLOOK = _Server("40.99.150.18", "outlook.office365.com", _MAIL)
ICLOUD_1 = _Server("17.248.190.134", "p71-content.icloud.com", _PHOTOS, _ICLOUD)
ICLOUD_2 = _Server("17.248.191.40", "p72-content.icloud.com", _PHOTOS, _ICLOUD)
APPLE_CDN = _Server("17.253.53.207", "photos-cdn.apple.com", _PHOTOS, _ICLOUD)
GOOGLE_PHOTOS = _Server("142.250.201.14", "photos.googleapis.com", _PHOTOS)
OVH = _Server("51.38.112.20", "vps-5f3c2a.vps.ovh.net")
HETZNER = _Server("95.217.40.11", "backup.hetzner.example")
CLOUDFLARE = _Server("104.16.132.229", None)
FASTLY = _Server("151.101.65.140", "reddit.map.fastly.net")
WHATSAPP = _Server("157.240.202.60", "whatsapp-cdn-shv-01-cdg4.fbcdn.net")
SPOTIFY = _Server("35.186.224.25", "spclient.wg.spotify.com")
MOZILLA = _Server("52.43.117.9", "push.services.mozilla.com")
TELEMETRY = _Server("3.120.54.201", "telemetry.example-app.de")
TELEGRAM = _Server("91.108.56.130", None)
YANDEX = _Server("77.88.55.88", "yandex.ru")
LINE = _Server("203.104.153.1", None)
SHOP = _Server("99.79.32.10", "ca-central-1.example-shop.ca")
GAME = _Server("13.228.12.75", "sg.game-server.example")
GAME_RELAY = _Server("202.89.233.100", None)

# fmt: off
SOCKETS: tuple[_Socket, ...] = (
    _Socket(GMAIL_IMAP, "thunderbird", 993, 51002),
    _Socket(GMAIL_SMTP, "thunderbird", 587, 51004, frozenset({0, 1})),
    _Socket(PROTON, "thunderbird", 993, 51006),
    _Socket(OUTLOOK, "teams", 993, 51010),
    _Socket(OUTLOOK, "teams", 443, 51011, frozenset({2, 3})),
    _Socket(ICLOUD_1, "photos-sync", 443, 51020),
    _Socket(ICLOUD_2, "photos-sync", 443, 51021, frozenset({0, 1, 2})),
    _Socket(APPLE_CDN, "firefox", 443, 51030),
    _Socket(GOOGLE_PHOTOS, "firefox", 443, 51032),
    _Socket(OVH, "ssh", 22, 51040),
    _Socket(OVH, "rsync", 873, 51041, frozenset({0, 3})),
    _Socket(HETZNER, "restic", 443, 51050, states=((3, "CLOSE_WAIT"),)),
    _Socket(CLOUDFLARE, "firefox", 443, 51060),
    _Socket(CLOUDFLARE, "firefox", 443, 51061, frozenset({1, 2})),
    _Socket(FASTLY, "firefox", 443, 51062),
    _Socket(WHATSAPP, "whatsapp", 443, 51070),
    _Socket(SPOTIFY, "spotify", 443, 51080),
    _Socket(SPOTIFY, "spotify", 4070, 51081, frozenset({2})),
    _Socket(MOZILLA, "firefox", 443, 51090),
    _Socket(TELEMETRY, "firefox", 443, 51091, frozenset({0, 2})),
    _Socket(TELEGRAM, "telegram", 443, 51100, frozenset({0, 2, 3})),
    _Socket(YANDEX, "firefox", 443, 51110, frozenset({0, 3})),
    _Socket(LINE, "line", 443, 51120),
    _Socket(SHOP, "firefox", 443, 51130, frozenset({0, 1})),
    _Socket(GAME, "steam", 27015, 51140, frozenset({0, 1}), Protocol.UDP),
    _Socket(GAME_RELAY, "steam", 443, 51141, frozenset({0, 1})),
)
# fmt: on
SERVERS: tuple[_Server, ...] = tuple({s.server.ip: s.server for s in SOCKETS}.values())


def demo_snapshot(number: int) -> Snapshot:
    """The persona's sockets at snapshot ``number`` (0, 1, 2…): the cycle repeats every CYCLE."""
    phase = number % CYCLE
    taken_at = DEMO_START + number * DEMO_STEP_S
    return Snapshot(
        observations=tuple(_observation(s, phase, taken_at) for s in SOCKETS if phase in s.phases),
        taken_at=taken_at,
    )


def _observation(socket: _Socket, phase: int, taken_at: float) -> Observation:
    ip = socket.server.ip
    if socket.protocol is Protocol.UDP:
        status = "NONE"
    else:
        status = dict(socket.states).get(phase, "ESTABLISHED")
    return Observation(
        pid=_PIDS[socket.process],
        process=socket.process,
        protocol=socket.protocol,
        local_ip=LOCAL_IPV6 if ":" in ip else LOCAL_IPV4,
        local_port=socket.local_port,
        remote_ip=ip,
        remote_port=socket.remote_port,
        status=status,
        seen_at=taken_at,
    )


class DemoSource:
    """The persona's snapshots, one per call, forever (a Source: no I/O, no waiting)."""

    def __init__(self) -> None:
        self._number = 0

    def snapshot(self) -> Snapshot:
        snapshot = demo_snapshot(self._number)
        self._number += 1
        return snapshot


class DemoResolver:
    """PTR answers for the persona's servers: their names, confirmed (a NameResolver). Like the
    live resolver, an answer is cached once given, so names arrive through look-ups first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._given: dict[str, PtrAnswer] = {}

    def answer(self, ip: str) -> PtrAnswer:
        server = _BY_IP.get(ip)
        if server is None or server.host is None:
            answer = PtrAnswer()
        else:
            answer = PtrAnswer(names=(server.host,), confirmed=(server.host,))
        with self._lock:
            self._given[ip] = answer
        return answer

    def answers_many(self, ips: Iterable[str]) -> dict[str, PtrAnswer]:
        return {ip: self.answer(ip) for ip in ips}

    def cached_answer(self, ip: str) -> PtrAnswer | None:
        with self._lock:
            return self._given.get(ip)


_BY_IP = {server.ip: server for server in SERVERS}


def demo_details(language: str | None = None) -> Callable[[LocatedEndpoint], EntryDetails]:
    """The locator's details (`located_details`) plus what only the persona knows: which
    servers hold her photos and which of her accounts each one serves."""
    base = located_details(language)

    def details(located: LocatedEndpoint) -> EntryDetails:
        found = base(located)
        server = _BY_IP.get(located.ip)
        if server is None:
            return found
        return EntryDetails(
            provider=found.provider,
            jurisdiction=found.jurisdiction,
            category=server.category if server.category is not Category.OTHER else None,
            accounts=(server.account,) if server.account else (),
            law_note=found.law_note,
        )

    return details


def demo_connections(locator: Locator) -> tuple[LocatedConnection, ...]:
    """The first snapshot through the engine, names answered: every server, located."""
    session = Session(DemoSource(), locator, DemoResolver())
    session.poll()
    session.resolve_pending()
    return session.connections()


# --- her accounts: what her mail program and photo app have configured ---------------------------

_DEMO_SOURCE = Path("demo")  # not a file: the persona's accounts are made up with her day
_IMAP, _SMTP, _HTTPS = ("imap", 993), ("smtp", 587), ("https", 443)


def _server(host: str, protocol: tuple[str, int], role: ServerRole) -> AccountServer:
    return AccountServer(host, protocol[1], protocol[0], role)


DEMO_ACCOUNTS: tuple[Account, ...] = (
    Account(
        "demo:gmail",
        AccountKind.MAIL,
        "Thunderbird",
        "Camille (Gmail)",
        _GMAIL,
        (
            _server("imap.gmail.com", _IMAP, ServerRole.STORES),
            _server("smtp.gmail.com", _SMTP, ServerRole.TRANSIT),
        ),
        _DEMO_SOURCE,
        "gmail",
    ),
    Account(
        "demo:proton",
        AccountKind.MAIL,
        "Thunderbird",
        "Camille (Proton)",
        _PROTON,
        (_server("mail.proton.me", _IMAP, ServerRole.STORES),),
        _DEMO_SOURCE,
        "proton_mail",
    ),
    Account(
        "demo:icloud",
        AccountKind.FILES,
        "iCloud Photos",
        _ICLOUD,
        _ICLOUD,
        (
            _server("p71-content.icloud.com", _HTTPS, ServerRole.STORES),
            _server("p72-content.icloud.com", _HTTPS, ServerRole.STORES),
        ),
        _DEMO_SOURCE,
        "icloud_photos",
    ),
)


@dataclass(frozen=True, slots=True)
class DemoDns:
    """Her DNS: the addresses of her servers, nothing else (a Dns; no packet is sent)."""

    def addresses(self, name: str) -> ForwardAnswer:
        found = tuple(s.ip for s in SERVERS if s.host == name)
        return (
            ForwardAnswer(name, found)
            if found
            else ForwardAnswer(name, (), message("no such domain"))
        )

    def mail_exchangers(self, domain: str) -> RecordsAnswer:
        return RecordsAnswer(domain, ())

    def services(self, name: str) -> RecordsAnswer:
        return RecordsAnswer(name, ())


def _demo_listing(_entries: tuple[str, ...]) -> tuple[tuple[Pending, ...], tuple[Problem, ...]]:
    return DEMO_ACCOUNTS, ()


def _demo_dns(_settings: Settings) -> DemoDns:
    return DemoDns()


DEMO_ACCOUNTS_SOURCE = AccountsSource(_demo_listing, _demo_dns, editable=False)
