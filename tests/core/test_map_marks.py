"""Grouping located endpoints into map marks; filters; the demo data set."""

from collections import Counter
from collections.abc import Iterable

import pytest

from app.core.geo.world import World, load_world
from app.core.map_marks import (
    EntryDetails,
    MapEntry,
    MarkFilter,
    MarkGroups,
    entries_from_connections,
    place_of,
    rank_jurisdictions,
)
from app.core.model import (
    AddressScope,
    Category,
    Endpoint,
    LocatedConnection,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
    Observation,
    Protocol,
)
from tests.fixtures.map_entries import DEMO_HOME, demo_entries


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


def entry(
    ip: str,
    country: str | None,
    *,
    lat: float | None = None,
    lon: float | None = None,
    kind: LocationKind = LocationKind.EXACT,
    city: str | None = None,
    jurisdiction: str = "UNKNOWN",
    category: Category = Category.OTHER,
    processes: tuple[str, ...] = (),
    provider: str | None = None,
    accounts: tuple[str, ...] = (),
    host: str | None = None,
) -> MapEntry:
    location = (
        Location(country_code=country, city=city, latitude=lat, longitude=lon, kind=kind)
        if country is not None or lat is not None
        else None
    )
    return MapEntry(
        located=LocatedEndpoint(
            endpoint=Endpoint(ip=ip, hostnames=(host,) if host else ()),
            scope=AddressScope.PUBLIC,
            location=location,
            network=Network(asn=64500, organisation="Example"),
        ),
        processes=processes,
        provider=provider,
        jurisdiction=jurisdiction,
        category=category,
        accounts=accounts,
    )


def grouped(
    entries: Iterable[MapEntry], world: World, mark_filter: MarkFilter | None = None
) -> MarkGroups:
    groups = MarkGroups(world, mark_filter)
    groups.set_entries(entries)
    return groups


def dominant(names: Iterable[str]) -> str:
    """The regime a mark of endpoints under these regimes is coloured by."""
    return rank_jurisdictions(Counter(names))[0][0]


def test_same_place_one_mark(world: World) -> None:
    marks = grouped(
        [
            entry("8.8.8.8", "US", lat=37.39, lon=-122.08, city="Mountain View"),
            entry("8.8.4.4", "US", lat=37.39, lon=-122.08, city="Mountain View"),
            entry("51.38.0.1", "FR", lat=50.69, lon=3.17, city="Roubaix"),
        ],
        world,
    )
    by_city = {m.city: m for m in marks.marks}
    assert by_city["Mountain View"].count == 2
    assert by_city["Mountain View"].ips == ("8.8.4.4", "8.8.8.8")
    assert by_city["Roubaix"].kind is LocationKind.EXACT
    assert (by_city["Roubaix"].lon, by_city["Roubaix"].lat) == (3.17, 50.69)
    assert dict(marks.country_counts) == {"US": 2, "FR": 1}


def test_country_only_is_a_zone_mark_inside_the_country(world: World) -> None:
    marks = grouped(
        [
            entry("1.1.1.1", "AU", kind=LocationKind.ZONE),
            entry("1.0.0.1", "AU", kind=LocationKind.ZONE),
            entry("5.5.5.5", "IE"),  # EXACT but without coordinates: the country is all we have
        ],
        world,
    ).marks
    assert [(m.key, m.kind, m.count) for m in marks] == [
        ("zone:AU", LocationKind.ZONE, 2),
        ("zone:IE", LocationKind.ZONE, 1),
    ]
    for mark in marks:
        assert world.country_at(mark.lon, mark.lat) == mark.country_code
        assert mark.city is None


def test_edge_marks(world: World) -> None:
    with_pop = entry("104.16.1.1", "FR", lat=48.86, lon=2.35, kind=LocationKind.EDGE, city="Paris")
    without = entry("104.16.1.2", "DE", kind=LocationKind.EDGE)
    marks = grouped([with_pop, without], world).marks
    assert [(m.key, m.kind) for m in marks] == [
        ("edge:DE", LocationKind.EDGE),
        ("edge:FR:48.9:2.4", LocationKind.EDGE),
    ]


def test_unplaced(world: World) -> None:
    nowhere = entry("9.9.9.9", None)
    unknown_code = entry("9.9.9.10", "ZZ", kind=LocationKind.ZONE)
    assert place_of(nowhere, world) is None
    marks = grouped([nowhere, unknown_code], world)
    assert marks.marks == ()
    assert [e.ip for e in marks.unplaced] == ["9.9.9.10", "9.9.9.9"]  # sorted, as text


def test_dominant_jurisdiction() -> None:
    assert dominant(["EU_GDPR", "EU_GDPR", "US_REACH"]) == "EU_GDPR"
    # A tie goes to the law that reaches further.
    assert dominant(["EU_GDPR", "US_REACH"]) == "US_REACH"
    assert dominant(["ADEQUACY", "OTHER"]) == "OTHER"
    assert rank_jurisdictions(Counter()) == ()


def test_mark_collects_processes_providers_accounts(world: World) -> None:
    (mark,) = grouped(
        [
            entry(
                "2a00:1450::1",
                "IE",
                lat=53.35,
                lon=-6.26,
                jurisdiction="US_REACH",
                processes=("thunderbird",),
                provider="Google",
                accounts=("me@gmail.com",),
                host="imap.gmail.com",
            ),
            entry(
                "2a00:1450::2",
                "IE",
                lat=53.35,
                lon=-6.26,
                jurisdiction="EU_GDPR",
                processes=("firefox", "thunderbird"),
                provider="Google",
            ),
        ],
        world,
    ).marks
    assert mark.processes == ("thunderbird", "firefox")
    assert mark.providers == ("Google",)
    assert mark.accounts == ("me@gmail.com",)
    assert mark.hosts == ("imap.gmail.com",)
    assert mark.jurisdictions == (("US_REACH", 1), ("EU_GDPR", 1))
    assert mark.jurisdiction == "US_REACH"


def test_filters(world: World) -> None:
    entries = [
        entry("1.0.0.1", "FR", category=Category.MAIL, processes=("mail",), accounts=("a@b",)),
        entry("1.0.0.2", "FR", category=Category.PHOTOS, provider="Apple", jurisdiction="US_REACH"),
        entry("1.0.0.3", "DE", processes=("firefox",), provider="Hetzner", jurisdiction="EU_GDPR"),
    ]

    def ips(mark_filter: MarkFilter) -> list[str]:
        return sorted(ip for m in grouped(entries, world, mark_filter).marks for ip in m.ips)

    assert MarkFilter().is_empty
    assert ips(MarkFilter()) == ["1.0.0.1", "1.0.0.2", "1.0.0.3"]
    assert ips(MarkFilter(categories=frozenset({"mail", "photos"}))) == ["1.0.0.1", "1.0.0.2"]
    assert ips(MarkFilter(processes=frozenset({"firefox"}))) == ["1.0.0.3"]
    assert ips(MarkFilter(providers=frozenset({"Apple"}))) == ["1.0.0.2"]
    assert ips(MarkFilter(jurisdictions=frozenset({"EU_GDPR"}))) == ["1.0.0.3"]
    assert ips(MarkFilter(only_accounts=True)) == ["1.0.0.1"]
    assert not MarkFilter(only_accounts=True).is_empty


def test_entries_from_connections_merge_processes_by_ip() -> None:
    def connection(pid: int, process: str, ip: str | None) -> LocatedConnection:
        observation = Observation(
            pid=pid,
            process=process,
            protocol=Protocol.TCP,
            local_ip="192.168.1.2",
            local_port=40000 + pid,
            remote_ip=ip,
            remote_port=443 if ip else None,
            status="ESTABLISHED" if ip else "LISTEN",
            seen_at=0.0,
        )
        located = (
            LocatedEndpoint(endpoint=Endpoint(ip=ip), scope=AddressScope.PUBLIC) if ip else None
        )
        return LocatedConnection(observation=observation, located=located)

    entries = entries_from_connections(
        [
            connection(1, "firefox", "8.8.8.8"),
            connection(2, "curl", "8.8.8.8"),
            connection(3, "firefox", "8.8.8.8"),
            connection(4, "", "1.1.1.1"),
            connection(5, "sshd", None),
        ],
        details=lambda located: EntryDetails(provider=f"owner of {located.ip}"),
    )
    assert [(e.ip, e.processes, e.provider) for e in entries] == [
        ("1.1.1.1", (), "owner of 1.1.1.1"),
        ("8.8.8.8", ("firefox", "curl"), "owner of 8.8.8.8"),
    ]


def test_demo_data_is_fixed_and_lands_where_it_says(world: World) -> None:
    first, second = demo_entries(), demo_entries()
    assert first == second
    assert len(first) >= 20
    assert world.country(DEMO_HOME) is not None
    marks = grouped(first, world)
    assert marks.unplaced == ()
    kinds = {m.kind for m in marks.marks}
    assert kinds == {LocationKind.EXACT, LocationKind.ZONE, LocationKind.EDGE}
    assert {e.category for e in first} == {Category.MAIL, Category.PHOTOS, Category.OTHER}
    for mark in marks.marks:
        assert world.country_at(mark.lon, mark.lat) == mark.country_code, mark.key


def test_mail_ports_make_mail_entries() -> None:
    def connection(port: int, ip: str) -> LocatedConnection:
        observation = Observation(
            pid=1,
            process="thunderbird",
            protocol=Protocol.TCP,
            local_ip="192.168.1.2",
            local_port=50000 + port,
            remote_ip=ip,
            remote_port=port,
            status="ESTABLISHED",
            seen_at=0.0,
        )
        return LocatedConnection(
            observation, LocatedEndpoint(endpoint=Endpoint(ip=ip), scope=AddressScope.PUBLIC)
        )

    entries = entries_from_connections(
        [connection(993, "1.0.0.1"), connection(443, "1.0.0.2"), connection(587, "1.0.0.3")]
    )
    assert [e.category for e in entries] == [Category.MAIL, Category.OTHER, Category.MAIL]
    # What the caller knows wins over the port.
    (photo,) = entries_from_connections(
        [connection(993, "1.0.0.1")], lambda _: EntryDetails(category=Category.PHOTOS)
    )
    assert photo.category is Category.PHOTOS


def test_updates_rebuild_only_the_places_that_changed(world: World) -> None:
    groups = MarkGroups(world)
    paris = entry("1.0.0.1", "FR", lat=48.86, lon=2.35, city="Paris")
    paris2 = entry("1.0.0.2", "FR", lat=48.86, lon=2.35, city="Paris")
    berlin = entry("2.0.0.1", "DE", lat=52.52, lon=13.40, city="Berlin")
    first = groups.set_entries([paris, paris2, berlin])
    assert first.added == {"exact:FR:48.86:2.35", "exact:DE:52.52:13.40"} == first.changed
    assert first.removed == ()
    berlin_mark = groups.mark("exact:DE:52.52:13.40")

    same = groups.set_entries([paris, paris2, berlin])
    assert same.changed == frozenset() and same.added == frozenset() and same.removed == ()

    # One Paris endpoint leaves, Berlin's moves to Munich: Paris shrinks (changed, not added),
    # Berlin goes, Munich comes; the untouched mark object is kept as it was.
    munich = entry("2.0.0.1", "DE", lat=48.14, lon=11.58, city="Munich")
    change = groups.set_entries([paris, munich])
    assert change.added == {"exact:DE:48.14:11.58"}
    assert [m.key for m in change.removed] == ["exact:DE:52.52:13.40"]
    assert change.removed[0] is berlin_mark
    assert change.changed == {"exact:FR:48.86:2.35", "exact:DE:52.52:13.40", "exact:DE:48.14:11.58"}
    assert [(m.key, m.ips) for m in groups.marks] == [
        ("exact:DE:48.14:11.58", ("2.0.0.1",)),
        ("exact:FR:48.86:2.35", ("1.0.0.1",)),
    ]
    assert groups.key_of == {"1.0.0.1": "exact:FR:48.86:2.35", "2.0.0.1": "exact:DE:48.14:11.58"}
    assert dict(groups.country_counts) == {"FR": 1, "DE": 1}
    assert groups.entry_count == 2


def test_filter_keeps_every_entry_and_counts_only_what_passes(world: World) -> None:
    mail = entry("1.0.0.1", "FR", lat=48.86, lon=2.35, category=Category.MAIL)
    other = entry("2.0.0.1", "DE", lat=52.52, lon=13.40)
    nowhere = entry("9.9.9.9", None, category=Category.MAIL)
    groups = MarkGroups(world)
    groups.set_entries([mail, other, nowhere])
    change = groups.set_filter(MarkFilter(categories=frozenset({"mail"})))
    assert [m.key for m in change.removed] == ["exact:DE:52.52:13.40"] and not change.added
    assert [m.ips for m in groups.marks] == [("1.0.0.1",)]
    assert groups.unplaced == (nowhere,)
    assert dict(groups.country_counts) == {"FR": 1}
    assert groups.entry_count == 2
    change = groups.set_filter(MarkFilter())
    assert change.added == {"exact:DE:52.52:13.40"}
    assert dict(groups.country_counts) == {"FR": 1, "DE": 1}


def test_a_tie_goes_to_the_verdicts_strongest_reach() -> None:
    # One order for "which law reaches furthest": the verdicts' PRECEDENCE.
    assert dominant(["UNKNOWN", "ADEQUACY"]) == "ADEQUACY"
    assert dominant(["UNKNOWN", "EU_GDPR"]) == "EU_GDPR"
    assert dominant(["OTHER", "US_REACH"]) == "US_REACH"
    assert dominant(["SOMETHING_NEW", "UNKNOWN"]) == "UNKNOWN"
    assert dominant(["UNKNOWN", "UNKNOWN", "US_REACH"]) == "UNKNOWN"


def test_hidden_addresses_and_accounts_stay_off_the_map_whatever_else_matches(
    world: World,
) -> None:
    """A quiz hides its answers: an account's server addresses, and any connection tagged with
    the account (its other addresses, found through its host names), then shows them again."""
    server = entry("1.0.0.1", "CH", lat=46.2, lon=6.1, category=Category.MAIL)
    tagged = entry("1.0.0.2", "CH", lat=46.5, lon=6.6, accounts=("me@proton.example",))
    other = entry("2.0.0.1", "DE", lat=52.52, lon=13.40)
    groups = MarkGroups(world)
    groups.set_entries([server, tagged, other])
    hiding = MarkFilter(
        categories=frozenset({"mail", "other"}),
        hidden_ips=frozenset({"1.0.0.1"}),
        hidden_accounts=frozenset({"me@proton.example"}),
    )
    assert not hiding.matches(server) and not hiding.matches(tagged) and hiding.matches(other)
    groups.set_filter(hiding)
    assert [m.ips for m in groups.marks] == [("2.0.0.1",)]
    assert dict(groups.country_counts) == {"DE": 1}  # the country is not shaded either
    change = groups.set_filter(MarkFilter(categories=frozenset({"mail", "other"})))
    assert change.added == {"exact:CH:46.20:6.10", "exact:CH:46.50:6.60"}  # back, pulsing
