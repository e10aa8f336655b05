"""A made-up person's day online, as a source of observations and the DNS answers behind them.

A persona lives in resources/demo/<key>.toml: her sockets, the servers they reach (real
providers' addresses), her accounts and her programs. `DemoSource` gives her sockets the way
psutil would: programs start over her first minutes (a socket's `arrives`), then a cycle of
snapshots at fixed times in which a few connections open, close or change state, so every view
(window, table, place panel, map, report) runs on the real engine and the real locator.
`DemoResolver` answers her servers' host names, confirmed (they are the names her programs
asked for). Nothing depends on the machine: the same databases give the same output.

Léa, a nurse in Roubaix with health services, is the workshop persona (`DEFAULT_PERSONA`);
Camille, whose every server is open from the first snapshot, is the one tests lean on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.core.accounts.model import Account, AccountKind, AccountServer, Problem, ServerRole
from app.core.accounts.placing import Pending
from app.core.accounts.sources import AccountsSource
from app.core.addresses import parse_ip
from app.core.dns.forward import ForwardAnswer, RecordsAnswer
from app.core.dns.reverse import PtrAnswer
from app.core.geo.locator import Locator
from app.core.i18n import message, translations
from app.core.map_marks import EntryDetails, located_details
from app.core.model import Category, LocatedConnection, LocatedEndpoint, Observation, Protocol
from app.core.resources import read_toml, resource_path
from app.core.session.engine import Session
from app.core.session.sources import Snapshot
from app.core.settings import Settings

DEFAULT_PERSONA = "lea"
PERSONAS = ("lea", "sam", "camille")  # the files in resources/demo, the workshop's first
_DEMO_SOURCE = Path("demo")  # not a file: a persona's accounts are made up with her day
_STATES = frozenset({"ESTABLISHED", "CLOSE_WAIT", "TIME_WAIT", "SYN_SENT", "FIN_WAIT1"})


class PersonaError(ValueError):
    """A persona file that is missing, malformed or inconsistent (the app's data are broken)."""


@dataclass(frozen=True, slots=True)
class DemoServer:
    key: str
    ip: str
    host: str | None  # the name her program asked for; None: no PTR name either
    category: Category = Category.OTHER  # mail is also told by the port, photos only here
    account: str | None = None  # the label of the account it serves
    provider: str | None = None  # the registry key the embedded data give (checked by tests)
    source: str | None = None  # where its range is published


@dataclass(frozen=True, slots=True)
class DemoSocket:
    server: DemoServer
    process: str
    pid: int
    remote_port: int
    local_port: int
    arrives: int = 0  # the first snapshot it may be open in
    phases: frozenset[int] | None = None  # the cycle's snapshots it is open in (None: all)
    protocol: Protocol = Protocol.TCP
    states: tuple[tuple[int, str], ...] = ()  # (phase, state) where not ESTABLISHED

    def open_at(self, number: int, cycle: int) -> bool:
        return number >= self.arrives and (self.phases is None or number % cycle in self.phases)


@dataclass(frozen=True, slots=True)
class Persona:
    """One made-up person: who she is, her sockets over time, her accounts."""

    key: str
    name: str
    description: str  # who she is, in English (translated through the core catalogue)
    home: str  # ISO 3166-1 alpha-2
    start: float  # the first snapshot's time (epoch seconds)
    step_s: float
    cycle: int
    local_ipv4: str
    local_ipv6: str
    sockets: tuple[DemoSocket, ...]
    accounts: tuple[Account, ...]

    def describe(self, language: str) -> str:
        return translations(language).gettext(self.description)

    @property
    def servers(self) -> tuple[DemoServer, ...]:
        return tuple({s.server.key: s.server for s in self.sockets}.values())

    @property
    def settled(self) -> int:
        """The first snapshot in which every program has started and every server is open:
        the one `demo_connections` shows (the loader checks there is one)."""
        last = max(s.arrives for s in self.sockets)
        return -(-last // self.cycle) * self.cycle

    @property
    def day(self) -> int:
        """Snapshots from her first until one whole cycle after she settled: a report's span."""
        return self.settled + self.cycle

    def server(self, ip: str) -> DemoServer | None:
        return _by_ip(self).get(ip)

    def snapshot(self, number: int) -> Snapshot:
        """Her sockets at snapshot ``number`` (0, 1, 2…)."""
        taken_at = self.start + number * self.step_s
        return Snapshot(
            observations=tuple(
                self._observation(s, number % self.cycle, taken_at)
                for s in self.sockets
                if s.open_at(number, self.cycle)
            ),
            taken_at=taken_at,
        )

    def _observation(self, socket: DemoSocket, phase: int, taken_at: float) -> Observation:
        ip = socket.server.ip
        if socket.protocol is Protocol.UDP:
            status = "NONE"
        else:
            status = dict(socket.states).get(phase, "ESTABLISHED")
        return Observation(
            pid=socket.pid,
            process=socket.process,
            protocol=socket.protocol,
            local_ip=self.local_ipv6 if ":" in ip else self.local_ipv4,
            local_port=socket.local_port,
            remote_ip=ip,
            remote_port=socket.remote_port,
            status=status,
            seen_at=taken_at,
        )


@lru_cache(maxsize=8)
def _by_ip(persona: Persona) -> Mapping[str, DemoServer]:
    return {server.ip: server for server in persona.servers}


@lru_cache(maxsize=len(PERSONAS))
def load_persona(key: str = DEFAULT_PERSONA) -> Persona:
    """The persona in resources/demo/<key>.toml, checked (a PersonaError says what is wrong)."""
    if key not in PERSONAS:
        raise PersonaError(f"no demo persona {key!r}: {', '.join(PERSONAS)}")
    path = resource_path("demo", f"{key}.toml")
    return persona_from_mapping(key, read_toml(path, PersonaError), str(path))


def persona_from_mapping(key: str, data: Mapping[str, Any], where: str) -> Persona:
    """Build and check a persona from its TOML document (``where`` names it in errors)."""

    def fail(problem: str) -> PersonaError:
        return PersonaError(f"{where}: {problem}")

    def field(table: Mapping[str, Any], name: str, kind: type, context: str) -> Any:
        value = table.get(name)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise fail(f"{context}: {name} must be a {kind.__name__}")
        return value

    start = field(data, "start", datetime, "top level")
    if start.tzinfo is None:
        raise fail("start must say its time zone (…Z)")
    cycle = field(data, "cycle", int, "top level")
    if cycle < 1:
        raise fail("cycle must be at least 1")
    pids = field(data, "processes", dict, "top level")
    servers = {
        name: _server(name, table, fail) for name, table in field(data, "servers", dict, "").items()
    }
    sockets = tuple(
        _socket(number, table, servers, pids, cycle, fail)
        for number, table in enumerate(field(data, "sockets", list, "top level"))
    )
    accounts = tuple(_account(table, fail) for table in field(data, "accounts", list, "top level"))
    persona = Persona(
        key=key,
        name=field(data, "name", str, "top level"),
        description=field(data, "description", str, "top level"),
        home=field(data, "home", str, "top level"),
        start=start.timestamp(),
        step_s=float(field(data, "step_s", float, "top level")),
        cycle=cycle,
        local_ipv4=field(data, "local_ipv4", str, "top level"),
        local_ipv6=field(data, "local_ipv6", str, "top level"),
        sockets=sockets,
        accounts=accounts,
    )
    unused = set(servers) - {s.key for s in persona.servers}
    if unused:
        raise fail(f"servers no socket reaches: {', '.join(sorted(unused))}")
    shown = {o.remote_ip for o in persona.snapshot(persona.settled).observations}
    missing = [s.key for s in persona.servers if s.ip not in shown]
    if missing:
        raise fail(f"not open when she has settled (snapshot {persona.settled}): {missing}")
    return persona


def _server(name: str, table: Mapping[str, Any], fail: Callable[[str], Exception]) -> DemoServer:
    ip = table.get("ip")
    try:
        parse_ip(ip if isinstance(ip, str) else "")
    except ValueError:
        raise fail(f"server {name}: ip must be an IP address") from None
    try:
        category = Category(table.get("category", Category.OTHER.value))
    except ValueError:
        raise fail(f"server {name}: unknown category") from None
    assert isinstance(ip, str)  # checked just above
    return DemoServer(
        name,
        ip,
        table.get("host"),
        category,
        table.get("account"),
        table.get("provider"),
        table.get("source"),
    )


def _socket(
    number: int,
    table: Mapping[str, Any],
    servers: Mapping[str, DemoServer],
    pids: Mapping[str, Any],
    cycle: int,
    fail: Callable[[str], Exception],
) -> DemoSocket:
    where = f"socket {number + 1}"
    server = servers.get(table.get("server", ""))
    process = table.get("process")
    if server is None:
        raise fail(f"{where}: server must name a [servers.*] table")
    if not isinstance(process, str) or not isinstance(pids.get(process), int):
        raise fail(f"{where}: process must be in [processes]")
    phases = table.get("phases")
    if phases is not None and not all(isinstance(p, int) and 0 <= p < cycle for p in phases):
        raise fail(f"{where}: phases must be snapshots of the cycle (0…{cycle - 1})")
    states = tuple((int(p), s) for p, s in table.get("states", {}).items())
    if any(s not in _STATES for _, s in states):
        raise fail(f"{where}: unknown state")
    return DemoSocket(
        server=server,
        process=process,
        pid=pids[process],
        remote_port=int(table["port"]),
        local_port=int(table["local_port"]),
        arrives=int(table.get("arrives", 0)),
        phases=None if phases is None else frozenset(phases),
        protocol=Protocol.UDP if table.get("protocol") == "udp" else Protocol.TCP,
        states=states,
    )


def _account(table: Mapping[str, Any], fail: Callable[[str], Exception]) -> Account:
    try:
        servers = tuple(
            AccountServer(s["host"], int(s["port"]), s["protocol"], ServerRole(s["role"]))
            for s in table["servers"]
        )
        return Account(
            table["key"],
            AccountKind(table["kind"]),
            table["client"],
            table["name"],
            table.get("address"),
            servers,
            _DEMO_SOURCE,
            table.get("service"),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise fail(f"account {table.get('key')!r}: {error!r}") from None


class DemoSource:
    """A persona's snapshots, one per call, forever (a Source: no I/O, no waiting)."""

    def __init__(self, persona: Persona) -> None:
        self.persona = persona
        self._number = 0

    def snapshot(self) -> Snapshot:
        snapshot = self.persona.snapshot(self._number)
        self._number += 1
        return snapshot


class DemoResolver:
    """PTR answers for a persona's servers: their names, confirmed (a NameResolver). Like the
    live resolver, an answer is cached once given, so names arrive through look-ups first."""

    def __init__(self, persona: Persona) -> None:
        self._persona = persona
        self._lock = threading.Lock()
        self._given: dict[str, PtrAnswer] = {}

    def answer(self, ip: str) -> PtrAnswer:
        server = self._persona.server(ip)
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


def demo_details(
    persona: Persona,
) -> Callable[[str | None], Callable[[LocatedEndpoint], EntryDetails]]:
    """A details factory (like `located_details`) that adds what only the persona knows: which
    servers hold her photos and which of her accounts each one serves."""

    def factory(language: str | None = None) -> Callable[[LocatedEndpoint], EntryDetails]:
        base = located_details(language)

        def details(located: LocatedEndpoint) -> EntryDetails:
            found = base(located)
            server = persona.server(located.ip)
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

    return factory


def demo_connections(locator: Locator, persona: Persona) -> tuple[LocatedConnection, ...]:
    """Her settled snapshot through the engine, names answered: every server, located."""
    source = DemoSource(persona)
    for _ in range(persona.settled):
        source.snapshot()
    session = Session(source, locator, DemoResolver(persona))
    session.poll()
    session.resolve_pending()
    return session.connections()


@dataclass(frozen=True, slots=True)
class DemoDns:
    """Her DNS: the addresses of her servers, nothing else (a Dns; no packet is sent)."""

    persona: Persona

    def addresses(self, name: str) -> ForwardAnswer:
        found = tuple(s.ip for s in self.persona.servers if s.host == name)
        return (
            ForwardAnswer(name, found)
            if found
            else ForwardAnswer(name, (), message("no such domain"))
        )

    def mail_exchangers(self, domain: str) -> RecordsAnswer:
        return RecordsAnswer(domain, ())

    def services(self, name: str) -> RecordsAnswer:
        return RecordsAnswer(name, ())


def demo_accounts_source(persona: Persona) -> AccountsSource:
    """Her accounts as a window's accounts source (read-only: nothing of the user's is read)."""

    def listing(_entries: tuple[str, ...]) -> tuple[tuple[Pending, ...], tuple[Problem, ...]]:
        return persona.accounts, ()

    def dns(_settings: Settings) -> DemoDns:
        return DemoDns(persona)

    return AccountsSource(listing, dns, editable=False)
