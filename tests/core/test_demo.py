"""The demo personas as a source and a resolver: fixed snapshots with some life in them, and the
real engine and embedded databases turning them into what every view shows."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from app.core.demo import (
    PERSONAS,
    DemoResolver,
    DemoSource,
    Persona,
    PersonaError,
    demo_connections,
    demo_details,
    load_persona,
    persona_from_mapping,
)
from app.core.dns.reverse import PtrAnswer
from app.core.geo.locator import Locator
from app.core.geo.world import World, load_world
from app.core.map_marks import entries_from_connections, place_of
from app.core.model import AddressScope, Category, LocationKind
from app.core.resources import read_toml, resource_path
from app.core.session import Closed, Opened, Session, StatusChanged
from tests.fixtures.personas import CAMILLE, LEA


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


@pytest.fixture(params=PERSONAS)
def persona(request: pytest.FixtureRequest) -> Persona:
    return load_persona(request.param)


def test_snapshots_are_fixed_and_the_day_repeats(persona: Persona) -> None:
    source = DemoSource(persona)
    count = persona.settled + 2 * persona.cycle
    taken = [source.snapshot() for _ in range(count)]
    assert taken == [persona.snapshot(n) for n in range(count)]
    assert [s.taken_at for s in taken] == [persona.start + n * persona.step_s for n in range(count)]
    settled = taken[persona.settled :]
    for first, again in zip(settled[: persona.cycle], settled[persona.cycle :], strict=True):
        moved = tuple(replace(o, seen_at=again.taken_at) for o in first.observations)
        assert moved == again.observations
    assert all(o.seen_at == s.taken_at for s in taken for o in s.observations)


def test_the_settled_snapshot_holds_every_server_and_later_ones_change(persona: Persona) -> None:
    settled = persona.snapshot(persona.settled)
    assert {o.remote_ip for o in settled.observations} == {s.ip for s in persona.servers}
    numbers = range(persona.settled, persona.settled + persona.cycle + 1)
    keys = [{o.key for o in persona.snapshot(n).observations} for n in numbers]
    for before, after in pairwise(keys):
        assert before != after  # something opens or closes at every step
    states = {(o.key, o.status) for n in numbers for o in persona.snapshot(n).observations}
    assert len(states) > len({key for key, _ in states})  # a socket changes state


def test_lea_starts_her_programs_over_her_first_minutes() -> None:
    """A room sees her connections arrive: a few at first, the last ones minutes later."""
    counts = [len({o.remote_ip for o in LEA.snapshot(n).observations}) for n in range(LEA.day)]
    assert counts[0] < len(LEA.servers) / 2
    assert counts[LEA.settled] == len(LEA.servers)
    assert LEA.settled * LEA.step_s >= 90  # at least a minute and a half at normal speed
    arrivals = sorted({s.arrives for s in LEA.sockets})
    assert len(arrivals) >= 6  # not all at once: programs start one after another
    # Camille, the tests' persona, has everything from her first snapshot.
    assert CAMILLE.settled == 0


def test_the_resolver_confirms_the_persona_names_and_caches_them() -> None:
    resolver = DemoResolver(CAMILLE)
    named = next(s for s in CAMILLE.servers if s.host == "mail.proton.me")
    unnamed = next(s for s in CAMILLE.servers if s.host is None)
    names = ("mail.proton.me",)
    assert resolver.cached_answer(named.ip) is None  # names come through a look-up first
    assert resolver.answer(named.ip) == PtrAnswer(names, names)
    assert resolver.cached_answer(named.ip) == PtrAnswer(names, names)
    assert resolver.answers_many([unnamed.ip, "192.0.2.1"]) == {
        unnamed.ip: PtrAnswer(),
        "192.0.2.1": PtrAnswer(),
    }


def test_the_engine_locates_every_server_with_the_embedded_databases(
    persona: Persona, embedded: Locator, world: World
) -> None:
    connections = demo_connections(embedded, persona)
    assert connections == demo_connections(embedded, persona)  # the same on every run
    assert len(connections) == len(persona.snapshot(persona.settled).observations)
    for connection in connections:
        located = connection.located
        assert located is not None and located.scope is AddressScope.PUBLIC
        assert located.location is not None
        # Every server has a country, except anycast, which is in many (no country claimed),
        # and a CDN edge whose only country is its operator's home (edge_location): Google's
        # front ends are "US" in the databases wherever they stand.
        edge = located.edge
        if edge is not None and edge.kind.is_anycast:
            assert located.location.country_code is None, located
        elif edge is not None and located.location.country_code is None:
            assert located.provider is not None and located.provider.headquarters == "US"
            assert located.location.kind is LocationKind.EDGE, located
        else:
            assert located.location.country_code, located
        server = persona.server(located.ip)
        assert server is not None
        names = (server.host,) if server.host else ()
        assert (located.endpoint.hostnames, located.endpoint.confirmed) == (names, names)
        # The company the persona file claims is the one the embedded data give.
        found = located.provider.key if located.provider is not None else None
        assert found == server.provider, server

    entries = entries_from_connections(connections, demo_details(persona)(None))
    assert len(entries) == len(persona.servers)
    assert {e.category for e in entries} == {Category.MAIL, Category.PHOTOS, Category.OTHER}
    mail_hosts = {s.host for a in persona.accounts for s in a.servers if a.kind.value == "mail"}
    mail = {e.ip for e in entries if e.category is Category.MAIL}
    assert {s.ip for s in persona.servers if s.host in mail_hosts} <= mail
    linked = {s.account for s in persona.servers if s.account}
    assert {a for e in entries for a in e.accounts} == linked
    assert {e.jurisdiction for e in entries} >= {"EU_GDPR", "US_REACH"}
    places = [place_of(e, world) for e in entries]
    # Only an edge without a country (anycast, or one the data cannot place) has no place of
    # its own on the map.
    for entry, place in zip(entries, places, strict=True):
        location = entry.located.location
        assert location is not None
        assert (place is None) is (location.country_code is None), entry
    assert world.country(persona.home) is not None


def test_camille_reaches_every_kind_of_place_and_law(embedded: Locator, world: World) -> None:
    entries = entries_from_connections(
        demo_connections(embedded, CAMILLE), demo_details(CAMILLE)(None)
    )
    assert {e.jurisdiction for e in entries} >= {"EU_GDPR", "US_REACH", "ADEQUACY"}
    assert all(e.provider for e in entries)
    kinds = {p[1] for p in (place_of(e, world) for e in entries) if p}
    assert kinds == {LocationKind.EXACT, LocationKind.ZONE, LocationKind.EDGE}


def test_lea_uses_health_services_in_france_some_run_by_us_companies(embedded: Locator) -> None:
    """The workshop's point: French health data on French soil, yet sometimes a US company's."""
    located = {c.located.ip: c.located for c in demo_connections(embedded, LEA) if c.located}
    health = [s for s in LEA.servers if s.key in {"soins", "rdv", "mutuelle", "labo", "visio"}]
    assert len(health) == 5
    for server in health:
        where = located[server.ip].location
        assert where is not None and where.country_code == "FR", server
    verdicts = [located[s.ip].verdict for s in health]
    laws = {v.category.value for v in verdicts if v is not None}
    assert laws == {"EU_GDPR", "US_REACH"}
    cities = {s.key: (located[s.ip].location or None) for s in LEA.servers}
    roubaix = [
        key for key, where in cities.items() if where is not None and where.city == "Roubaix"
    ]
    assert set(roubaix) >= {"mairie", "mutuelle"}  # OVHcloud's Roubaix data centres
    assert LEA.home == "FR" and {a.key for a in LEA.accounts} >= {"demo:gmail", "demo:mairie"}


def test_the_engine_shows_life_over_a_cycle(persona: Persona, embedded: Locator) -> None:
    session = Session(DemoSource(persona), embedded, DemoResolver(persona))
    seen: set[type] = set()
    for _ in range(persona.day):
        events = session.poll() + session.resolve_pending()
        seen.update(type(e) for e in events)
        opened = {c.observation.key for e in events if isinstance(e, Opened) for c in e.connections}
        assert opened <= {c.observation.key for c in session.connections()}
    assert {Opened, Closed, StatusChanged} <= seen


def test_every_server_says_where_its_range_is_published(persona: Persona) -> None:
    for server in persona.servers:
        assert server.source and server.source.startswith("https://"), server


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["servers"]["mairie"].update(ip="not an ip"), "ip must be an IP address"),
        (lambda d: d["sockets"][0].update(server="nowhere"), "server must name"),
        (lambda d: d["sockets"][0].update(process="ghost"), "process must be in"),
        (lambda d: d["sockets"][0].update(phases=[9]), "phases must be"),
        (lambda d: d["sockets"][0].update(states={"1": "DANCING"}), "unknown state"),
        (lambda d: d.pop("start"), "start must be"),
        (lambda d: d["accounts"][0].update(kind="fax"), "account 'demo:gmail'"),
        (lambda d: d["servers"].update(extra={"ip": "192.0.2.7"}), "no socket reaches: extra"),
        # A socket that never opens once she has settled: its server would be missing.
        (
            lambda d: [s.update(phases=[1]) for s in d["sockets"] if s["server"] == "mairie"],
            "not open when she has settled",
        ),
    ],
)
def test_a_broken_persona_file_says_what_is_wrong(change: object, problem: str) -> None:
    path = resource_path("demo", "lea.toml")
    data = read_toml(path, PersonaError)
    assert callable(change)
    change(data)
    with pytest.raises(PersonaError, match=problem):
        persona_from_mapping("lea", data, "lea.toml")


def test_an_unknown_persona_is_refused() -> None:
    with pytest.raises(PersonaError, match="no demo persona 'bob'"):
        load_persona("bob")


def test_a_persona_describes_herself_in_french() -> None:
    assert LEA.describe("en") == "a nurse in Roubaix, with health services"
    assert LEA.describe("fr") != LEA.describe("en") and "Roubaix" in LEA.describe("fr")


def test_persona_files_are_packaged_data() -> None:
    assert Path(resource_path("demo", "lea.toml")).is_file()
