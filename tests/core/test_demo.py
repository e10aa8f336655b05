"""The demo persona as a source and a resolver: fixed snapshots with some life in them, and the
real engine and embedded databases turning them into what every view shows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise

import pytest

from app.core.demo import (
    CYCLE,
    DEMO_HOME,
    DEMO_START,
    DEMO_STEP_S,
    SERVERS,
    DemoResolver,
    DemoSource,
    demo_connections,
    demo_details,
    demo_snapshot,
)
from app.core.dns.reverse import PtrAnswer
from app.core.geo.locator import Locator, default_database_paths
from app.core.geo.world import World, load_world
from app.core.map_marks import entries_from_connections, place_of
from app.core.model import AddressScope, Category, LocationKind
from app.core.session import Closed, Opened, Session, StatusChanged


@pytest.fixture(scope="module")
def embedded() -> Iterator[Locator]:
    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == [] and locator.sources
    with locator:
        yield locator


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


def test_snapshots_are_fixed_and_the_day_repeats() -> None:
    source = DemoSource()
    taken = [source.snapshot() for _ in range(2 * CYCLE)]
    assert taken == [demo_snapshot(n) for n in range(2 * CYCLE)]
    assert [s.taken_at for s in taken] == [DEMO_START + n * DEMO_STEP_S for n in range(2 * CYCLE)]
    for first, again in zip(taken[:CYCLE], taken[CYCLE:], strict=True):
        moved = tuple(replace(o, seen_at=again.taken_at) for o in first.observations)
        assert moved == again.observations
    assert all(o.seen_at == s.taken_at for s in taken for o in s.observations)


def test_the_first_snapshot_holds_every_server_and_later_ones_change() -> None:
    first = demo_snapshot(0)
    assert {o.remote_ip for o in first.observations} == {s.ip for s in SERVERS}
    assert len(SERVERS) >= 20
    keys = [{o.key for o in demo_snapshot(n).observations} for n in range(CYCLE + 1)]
    for before, after in pairwise(keys):
        assert before != after  # something opens or closes at every step
    states = {(o.key, o.status) for n in range(CYCLE) for o in demo_snapshot(n).observations}
    assert len(states) > len({key for key, _ in states})  # a socket changes state


def test_the_resolver_confirms_the_persona_names_and_caches_them() -> None:
    resolver = DemoResolver()
    named = next(s for s in SERVERS if s.host == "mail.proton.me")
    unnamed = next(s for s in SERVERS if s.host is None)
    names = ("mail.proton.me",)
    assert resolver.cached_answer(named.ip) is None  # names come through a look-up first
    assert resolver.answer(named.ip) == PtrAnswer(names, names)
    assert resolver.cached_answer(named.ip) == PtrAnswer(names, names)
    assert resolver.answers_many([unnamed.ip, "192.0.2.1"]) == {
        unnamed.ip: PtrAnswer(),
        "192.0.2.1": PtrAnswer(),
    }


def test_the_engine_locates_every_server_with_the_embedded_databases(
    embedded: Locator, world: World
) -> None:
    connections = demo_connections(embedded)
    assert connections == demo_connections(embedded)  # the same on every run
    assert len(connections) == len(demo_snapshot(0).observations)
    for connection in connections:
        located = connection.located
        assert located is not None and located.scope is AddressScope.PUBLIC
        assert located.location is not None
        # Every server has a country, except anycast, which is in many (no country claimed).
        anycast = located.edge is not None and located.edge.kind.is_anycast
        assert bool(located.location.country_code) is not anycast, located
        server = next(s for s in SERVERS if s.ip == located.ip)
        names = (server.host,) if server.host else ()
        assert (located.endpoint.hostnames, located.endpoint.confirmed) == (names, names)

    entries = entries_from_connections(connections, demo_details())
    assert len(entries) == len(SERVERS)
    assert {e.category for e in entries} == {Category.MAIL, Category.PHOTOS, Category.OTHER}
    mail = {e.ip for e in entries if e.category is Category.MAIL}
    assert {s.ip for s in SERVERS if s.host in {"imap.gmail.com", "mail.proton.me"}} <= mail
    assert {a for e in entries for a in e.accounts} == {
        "camille.demo@gmail.com",
        "camille.demo@icloud.com",
        "camille.demo@proton.me",
    }
    assert {e.jurisdiction for e in entries} >= {"EU_GDPR", "US_REACH", "ADEQUACY"}
    assert all(e.provider for e in entries)
    places = [place_of(e, world) for e in entries]
    # Only anycast, answered in many countries, has no place of its own on the map.
    for entry, place in zip(entries, places, strict=True):
        edge = entry.located.edge
        assert (place is None) is (edge is not None and edge.kind.is_anycast), entry
    assert {p[1] for p in places if p} == {LocationKind.EXACT, LocationKind.ZONE, LocationKind.EDGE}
    assert world.country(DEMO_HOME) is not None


def test_the_engine_shows_life_over_a_cycle(embedded: Locator) -> None:
    session = Session(DemoSource(), embedded, DemoResolver())
    seen: set[type] = set()
    for _ in range(CYCLE + 1):
        events = session.poll() + session.resolve_pending()
        seen.update(type(e) for e in events)
        opened = {c.observation.key for e in events if isinstance(e, Opened) for c in e.connections}
        assert opened <= {c.observation.key for c in session.connections()}
    assert {Opened, Closed, StatusChanged} <= seen
