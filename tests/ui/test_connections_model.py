"""ConnectionsModel: incremental updates (never a reset on a poll), cell texts, the proxy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtTest import QAbstractItemModelTester

from app.core.countries import country_name, flag
from app.core.geo.anycast import EdgeKind, EdgeMatch
from app.core.i18n import verbatim
from app.core.jurisdiction import Jurisdiction, Verdict, verdict
from app.core.model import (
    AddressScope,
    Endpoint,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
    Observation,
    Protocol,
)
from app.core.providers import Provider
from app.core.session.diff import ConnectionDiff
from app.ui.connections_model import (
    SORT_ROLE,
    Column,
    ConnectionsFilterProxy,
    ConnectionsModel,
)
from tests.fixtures.geo import CLOUDFLARE_AU, GOOGLE_US, OVH_FR, FixtureNetwork
from tests.fixtures.model import apply_diff
from tests.fixtures.observations import obs

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def located(
    net: FixtureNetwork, *, hostnames: tuple[str, ...] = (), confirmed: bool = True
) -> LocatedEndpoint:
    """What a Locator over the fixture databases answers for the network's sample address
    (the names forward-confirmed unless ``confirmed`` is false)."""
    return LocatedEndpoint(
        endpoint=Endpoint(net.sample_ip, hostnames, hostnames if confirmed else ()),
        scope=AddressScope.PUBLIC,
        location=Location(
            country_code=net.country_code,
            city=net.city,
            latitude=net.latitude,
            longitude=net.longitude,
            source="test db",
            kind=LocationKind.EXACT if net.city else LocationKind.ZONE,
        ),
        network=Network(net.asn, net.organisation),
    )


def diff(
    new: tuple[Observation, ...] = (),
    closed: tuple[Observation, ...] = (),
    unchanged: tuple[Observation, ...] = (),
) -> ConnectionDiff:
    return ConnectionDiff(new=new, closed=closed, unchanged=unchanged, skipped=())


@dataclass
class SignalLog:
    """Every structural signal the model emits, in order."""

    events: list[tuple[Any, ...]] = field(default_factory=list)

    def clear(self) -> None:
        self.events.clear()

    def of(self, name: str) -> list[tuple[Any, ...]]:
        return [event[1:] for event in self.events if event[0] == name]


@pytest.fixture
def model(qtbot: Any) -> Iterator[ConnectionsModel]:
    model = ConnectionsModel(language="en")
    # Qt's own consistency checker: any broken invariant is a qWarning, which fails the test.
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    yield model
    del tester


@pytest.fixture
def signals(model: ConnectionsModel) -> SignalLog:
    log = SignalLog()
    model.rowsInserted.connect(lambda _p, first, last: log.events.append(("inserted", first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: log.events.append(("removed", first, last)))
    model.modelReset.connect(lambda: log.events.append(("reset",)))
    model.layoutChanged.connect(lambda *_: log.events.append(("layout",)))
    model.dataChanged.connect(
        lambda tl, br, _roles=(): log.events.append(
            ("changed", tl.row(), tl.column(), br.row(), br.column())
        )
    )
    return log


def search(proxy: ConnectionsFilterProxy, text: str) -> None:
    proxy.set_state(replace(proxy.state, text=text))


def only_process(proxy: ConnectionsFilterProxy, process: str | None) -> None:
    proxy.set_state(replace(proxy.state, processes=frozenset({process}) if process else None))


def texts(model: ConnectionsModel, column: Column) -> list[str]:
    return [model.data(model.index(r, column), DISPLAY) for r in range(model.rowCount())]


GOOGLE = obs("firefox", GOOGLE_US.sample_ip, 443, local_port=40001)
OVH = obs("thunderbird", OVH_FR.sample_ip, 993, pid=200, local_port=40002)
CLOUDFLARE = obs("curl", CLOUDFLARE_AU.sample_ip, 80, pid=300, local_port=40003)
LOCATED = {n.sample_ip: located(n) for n in (GOOGLE_US, OVH_FR, CLOUDFLARE_AU)}


def test_new_connections_are_inserted_not_reset(
    model: ConnectionsModel, signals: SignalLog
) -> None:
    apply_diff(model, diff(new=(GOOGLE, OVH, CLOUDFLARE)), LOCATED)
    assert signals.events == [("inserted", 0, 2)]
    assert model.rowCount() == 3
    assert texts(model, Column.PROCESS) == ["firefox", "thunderbird", "curl"]
    assert texts(model, Column.IP) == ["8.8.8.8", "51.38.0.1", "1.1.1.1"]
    assert texts(model, Column.PORT) == ["443", "993", "80"]
    assert texts(model, Column.COUNTRY) == [
        f"{flag('US')} United States",
        f"{flag('FR')} France",
        f"{flag('AU')} Australia",
    ]
    assert texts(model, Column.CITY) == ["Mountain View", "Roubaix", ""]
    assert texts(model, Column.PROVIDER) == ["GOOGLE", "OVH SAS", "CLOUDFLARENET"]
    assert texts(model, Column.STATE) == ["Established"] * 3
    assert model.summary().connections == 3
    assert model.summary().countries == 3
    assert model.summary().providers == 3

    apply_diff(
        model,
        diff(new=(replace(GOOGLE, local_port=40009),), unchanged=(GOOGLE, OVH, CLOUDFLARE)),
        {},
    )
    assert signals.events == [("inserted", 0, 2), ("inserted", 3, 3)]
    assert model.summary().providers == 3  # the second Google connection is the same provider


def test_closed_connections_are_removed(model: ConnectionsModel, signals: SignalLog) -> None:
    apply_diff(model, diff(new=(GOOGLE, OVH, CLOUDFLARE)), LOCATED)
    signals.clear()
    apply_diff(model, diff(closed=(OVH,), unchanged=(GOOGLE, CLOUDFLARE)), {})
    assert signals.events == [("removed", 1, 1)]
    assert texts(model, Column.PROCESS) == ["firefox", "curl"]
    # Rows left behind still know where they are.
    assert texts(model, Column.CITY) == ["Mountain View", ""]

    signals.clear()
    apply_diff(model, diff(closed=(GOOGLE, CLOUDFLARE)), {})
    assert signals.events == [("removed", 0, 0), ("removed", 0, 0)] or signals.events == [
        ("removed", 0, 1)
    ]
    assert model.rowCount() == 0
    assert model.summary().connections == 0


def test_unchanged_poll_emits_nothing(model: ConnectionsModel, signals: SignalLog) -> None:
    apply_diff(model, diff(new=(GOOGLE, OVH)), LOCATED)
    signals.clear()
    later = tuple(replace(o, seen_at=99.0) for o in (GOOGLE, OVH))
    apply_diff(model, diff(unchanged=later), LOCATED)  # same answers again: nothing to redraw
    assert signals.events == []


def test_state_change_signals_only_the_state_cell(
    model: ConnectionsModel, signals: SignalLog
) -> None:
    apply_diff(model, diff(new=(GOOGLE, OVH)), LOCATED)
    signals.clear()
    apply_diff(model, diff(unchanged=(GOOGLE, replace(OVH, status="CLOSE_WAIT"))), {})
    assert signals.events == [("changed", 1, Column.STATE, 1, Column.STATE)]
    assert texts(model, Column.STATE) == ["Established", "Closing"]


def test_new_location_answer_signals_only_changed_cells(
    model: ConnectionsModel, signals: SignalLog
) -> None:
    apply_diff(model, diff(new=(GOOGLE, OVH)), LOCATED)
    signals.clear()
    moved = replace(
        LOCATED[GOOGLE_US.sample_ip],
        location=Location("US", "Council Bluffs", source="test db", kind=LocationKind.EXACT),
    )
    model.update_locations({GOOGLE_US.sample_ip: moved})
    # The city changed; the country text stays, but its tooltip (which names the city) changed.
    assert signals.events == [("changed", 0, Column.COUNTRY, 0, Column.CITY)]
    assert texts(model, Column.CITY) == ["Council Bluffs", "Roubaix"]


def test_hostname_update_touches_only_rows_of_that_address(
    model: ConnectionsModel, signals: SignalLog
) -> None:
    second_google = replace(GOOGLE, local_port=40010)
    apply_diff(model, diff(new=(GOOGLE, OVH, second_google)), LOCATED)
    signals.clear()
    model.update_hostnames(GOOGLE_US.sample_ip, ["dns.google"])
    assert signals.of("changed") == [
        (0, Column.HOST, 0, Column.HOST),
        (2, Column.HOST, 2, Column.HOST),
    ]
    assert signals.of("inserted") == signals.of("removed") == signals.of("reset") == []
    # A bare PTR answer is only claimed until the locator confirms it.
    assert texts(model, Column.HOST) == ["dns.google (claimed)", "", "dns.google (claimed)"]

    signals.clear()
    model.update_hostnames(GOOGLE_US.sample_ip, ("dns.google",))  # same answer: no redraw
    model.update_hostnames("203.0.113.7", ("nobody.example",))  # no such row: nothing
    assert signals.events == []
    # New rows for a known address show its names at once.
    apply_diff(model, diff(new=(replace(GOOGLE, local_port=40011),)), {})
    assert texts(model, Column.HOST)[-1] == "dns.google (claimed)"


def test_hostname_from_located_endpoint_and_plain_text_tooltip(model: ConnectionsModel) -> None:
    names = ("<b>ovh</b>.example", "alias.example")
    apply_diff(model, diff(new=(OVH,)), {OVH_FR.sample_ip: located(OVH_FR, hostnames=names)})
    index = model.index(0, Column.HOST)
    assert model.data(index, DISPLAY) == "<b>ovh</b>.example"
    assert model.data(index, TOOLTIP) == "<b>ovh</b>.example\nalias.example"
    provider_tip = model.data(model.index(0, Column.PROVIDER), TOOLTIP)
    assert provider_tip == f"AS{OVH_FR.asn} — {OVH_FR.organisation}"


def test_unconfirmed_host_name_is_shown_as_claimed(model: ConnectionsModel) -> None:
    """A PTR name that does not resolve back is marked, with the reason in its tool tip."""
    names = ("vps.amazonaws.example",)
    answer = located(OVH_FR, hostnames=names, confirmed=False)
    apply_diff(model, diff(new=(OVH,)), {OVH_FR.sample_ip: answer})
    index = model.index(0, Column.HOST)
    assert model.data(index, DISPLAY) == "vps.amazonaws.example (claimed)"
    tip = model.data(index, TOOLTIP)
    assert tip.startswith("vps.amazonaws.example\n") and "does not resolve back" in tip


@pytest.mark.parametrize(
    ("ip", "expected"),
    [
        ("127.0.0.1", "This device"),
        ("::1", "This device"),
        ("192.168.1.1", "Local network"),
        ("fe80::1", "Local network"),
        ("224.0.0.251", "Multicast"),
        ("198.51.100.1", "Special-purpose address"),
        ("203.0.113.9", "Special-purpose address"),
    ],
)
def test_addresses_with_no_geo_data_say_where_they_are(
    model: ConnectionsModel, ip: str, expected: str
) -> None:
    # No locator answer at all (e.g. databases still opening): the scope still shows.
    apply_diff(model, diff(new=(obs("ssh", ip, 22),)), {})
    assert texts(model, Column.COUNTRY) == [expected]
    assert texts(model, Column.CITY) == texts(model, Column.PROVIDER) == [""]


def test_public_address_unknown_to_databases(model: ConnectionsModel) -> None:
    from tests.fixtures.geo import UNLISTED_PUBLIC_IP

    answer = LocatedEndpoint(Endpoint(UNLISTED_PUBLIC_IP), AddressScope.PUBLIC)
    apply_diff(model, diff(new=(obs("x", UNLISTED_PUBLIC_IP, 1),)), {UNLISTED_PUBLIC_IP: answer})
    assert texts(model, Column.COUNTRY) == ["Unknown"]


def test_provider_edge_and_verdict(model: ConnectionsModel) -> None:
    google = Provider(
        key="google",
        name="Google",
        headquarters="US",
        asns=(GOOGLE_US.asn,),
        domains=("google.com",),
        categories=("cloud",),
        edge=False,
        parent="Alphabet Inc.",
        sources=(),
    )
    verdict = Verdict(
        data_country=None,
        provider_hq="US",
        regimes=("us_cloud_act",),
        category=Jurisdiction.US_REACH,
    )
    edge = EdgeMatch(
        reason=verbatim("Google Public DNS is anycast"),
        operator="google",
        kind=EdgeKind.PUBLIC_RESOLVER,
    )
    answer = replace(
        LOCATED[GOOGLE_US.sample_ip],
        location=Location("US", None, source="test db", kind=LocationKind.EDGE),
        provider=google,
        verdict=verdict,
        edge=edge,
    )
    apply_diff(model, diff(new=(GOOGLE,)), {GOOGLE_US.sample_ip: answer})
    model.update_hostnames(GOOGLE_US.sample_ip, ("dns.google",))
    assert texts(model, Column.PROVIDER) == ["Google"]  # the company, not "GOOGLE" (the AS)
    assert texts(model, Column.CITY) == ["Nearby edge server"]
    assert texts(model, Column.HOST) == ["dns.google (claimed)"]  # a bare PTR answer
    provider_tip = model.data(model.index(0, Column.PROVIDER), TOOLTIP)
    assert provider_tip.splitlines() == [
        "Google",
        "Part of Alphabet Inc.",
        "Headquarters: United States",
        f"AS{GOOGLE_US.asn} — {GOOGLE_US.organisation}",
        verdict.text("en"),
    ]
    country_tip = model.data(model.index(0, Column.COUNTRY), TOOLTIP)
    assert str(edge.reason) in country_tip
    assert verdict.text("en") in country_tip
    # Hostnames from PTR do not hide what the locator said about the company.
    connection = model.connection(0)
    assert connection.located is not None
    assert connection.located.provider is google
    assert connection.located.endpoint.hostnames == ("dns.google",)
    assert model.summary().providers == 1


def test_udp_and_unnamed_process(model: ConnectionsModel) -> None:
    udp = obs("", GOOGLE_US.sample_ip, 53, pid=4242, protocol=Protocol.UDP, status="NONE")
    anonymous = obs("", OVH_FR.sample_ip, 443, pid=None, local_port=1)
    apply_diff(model, diff(new=(udp, anonymous)), LOCATED)
    assert texts(model, Column.STATE)[0] == "UDP"
    assert texts(model, Column.PROCESS) == ["pid 4242", "Unknown"]


def test_french_country_names(qtbot: Any) -> None:
    model = ConnectionsModel(language="fr")
    apply_diff(model, diff(new=(GOOGLE, CLOUDFLARE)), LOCATED)
    assert texts(model, Column.COUNTRY) == [
        f"{flag('US')} États-Unis",
        f"{flag('AU')} Australie",
    ]
    assert country_name("DE", "fr") == "Allemagne"
    assert country_name("DE", "en") == "Germany"


def test_flag() -> None:
    assert flag("fr") == "\U0001f1eb\U0001f1f7"
    assert flag("F") == flag("F1") == flag("ÉÉ") == ""


def test_many_polls_keep_rows_and_index_consistent(
    model: ConnectionsModel, signals: SignalLog
) -> None:
    """A churn of opens and closes: the table always equals the watcher's current set."""
    current: dict[tuple[object, ...], Observation] = {}
    for step in range(30):
        opened = tuple(
            obs(f"p{step}", "8.8.8.8", 1000 + step, local_port=50000 + step) for _ in (0,)
        )
        closing = tuple(o for i, o in enumerate(current.values()) if (i + step) % 3 == 0)
        kept = tuple(o for o in current.values() if o not in closing)
        apply_diff(model, diff(new=opened, closed=closing, unchanged=kept), LOCATED)
        for o in closing:
            del current[o.key]
        current.update((o.key, o) for o in opened)
        assert sorted(texts(model, Column.PROCESS)) == sorted(o.process for o in current.values())
        for o in current.values():
            row = model.row_of(o.key)
            assert row is not None
            assert model.connection(row).observation == o
    assert signals.of("reset") == []
    assert signals.of("layout") == []


def test_proxy_filters_by_text_and_process_and_sorts_typed(qtbot: Any) -> None:
    model = ConnectionsModel(language="en")
    proxy = ConnectionsFilterProxy()
    proxy.setSourceModel(model)
    tester = QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Warning)
    ssh_local = obs("ssh", "192.168.1.20", 22, pid=400, local_port=40004)
    apply_diff(model, diff(new=(GOOGLE, OVH, CLOUDFLARE, ssh_local)), LOCATED)

    def shown(column: Column) -> list[str]:
        return [proxy.data(proxy.index(r, column), DISPLAY) for r in range(proxy.rowCount())]

    proxy.sort(Column.PORT, Qt.SortOrder.AscendingOrder)
    assert shown(Column.PORT) == ["22", "80", "443", "993"]  # numbers, not "22" < "443" < "80"
    proxy.sort(Column.IP, Qt.SortOrder.AscendingOrder)
    assert shown(Column.IP) == ["1.1.1.1", "8.8.8.8", "51.38.0.1", "192.168.1.20"]

    search(proxy, "  ROUBAIX ")
    assert shown(Column.PROCESS) == ["thunderbird"]
    search(proxy, "local network")
    assert shown(Column.PROCESS) == ["ssh"]
    search(proxy, "")
    only_process(proxy, "curl")
    assert shown(Column.IP) == ["1.1.1.1"]
    search(proxy, "google")  # both filters apply
    assert proxy.rowCount() == 0
    only_process(proxy, None)
    assert shown(Column.PROCESS) == ["firefox"]

    # Rows arriving later are filtered and sorted as they come.
    apply_diff(model, diff(new=(obs("chrome", GOOGLE_US.sample_ip, 8443, local_port=40005),)), {})
    search(proxy, "GOOGLE")
    proxy.sort(Column.PORT, Qt.SortOrder.DescendingOrder)
    assert shown(Column.PROCESS) == ["chrome", "firefox"]
    assert model.process_names() == ["chrome", "curl", "firefox", "ssh", "thunderbird"]
    assert proxy.data(proxy.index(0, Column.PORT), SORT_ROLE) == 8443
    assert not proxy.index(0, 0).parent().isValid()
    assert model.rowCount(model.index(0, 0)) == 0 == model.columnCount(model.index(0, 0))
    assert model.data(QModelIndex(), DISPLAY) is None
    del tester


def test_closed_sockets_are_hidden_until_asked_for(qtbot: Any) -> None:
    model = ConnectionsModel(language="en")
    proxy = ConnectionsFilterProxy()
    proxy.setSourceModel(model)
    lingering = obs("", OVH_FR.sample_ip, 993, pid=None, local_port=40020, status="TIME_WAIT")
    closing = replace(GOOGLE, status="CLOSE_WAIT")  # still owned by its process: shown
    apply_diff(model, diff(new=(lingering, closing)), LOCATED)
    assert proxy.rowCount() == 1
    assert proxy.data(proxy.index(0, Column.STATE)) == "Closing"
    assert model.summary(include_closed=False).connections == 1
    assert model.process_names(include_closed=False) == ["firefox"]
    proxy.set_show_closed(True)
    assert proxy.rowCount() == 2
    row = model.row_of(lingering.key)
    assert row is not None
    assert model.data(model.index(row, Column.PROCESS), DISPLAY) == "—"
    assert model.data(model.index(row, Column.STATE), DISPLAY) == "Closed"
    assert model.data(model.index(row, Column.STATE), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.summary().connections == 2


# --- a large diff goes in by batches, the event loop running between them ---------------------


def test_a_large_diff_is_applied_in_bounded_batches_between_event_loop_turns(
    qtbot: Any,
) -> None:
    """20,000 rows inserted in one go stalled the window for seconds: now each batch has its
    own insert signals, and a timer (standing in for painting and input) runs between batches."""
    model = ConnectionsModel(language="en", batch_rows=50)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    proxy = ConnectionsFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.PROCESS)
    proxy_tester = QAbstractItemModelTester(
        proxy, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    log = SignalLog()
    model.rowsInserted.connect(lambda _p, first, last: log.events.append(("inserted", first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: log.events.append(("removed", first, last)))
    model.modelReset.connect(lambda: log.events.append(("reset",)))
    first = tuple(obs(f"p{i:03d}", "8.8.8.8", 443, local_port=10000 + i) for i in range(400))
    seen_between: list[int] = []  # the row count each time the timer got a turn
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: seen_between.append(model.rowCount()))
    ticker.start()
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.apply_prepared(model.preparer()(diff(new=first), LOCATED))
        assert model.applying  # not all in before apply_prepared returns
        assert model.rowCount() < len(first)
    qtbot.waitUntil(lambda: bool(seen_between) and seen_between[-1] == len(first))
    assert all(last - first_row + 1 <= 50 for first_row, last in log.of("inserted"))
    assert len(log.of("inserted")) >= len(first) // 50
    assert any(0 < count < len(first) for count in seen_between)  # the loop ran mid-way
    assert sorted(texts(model, Column.PROCESS)) == sorted(o.process for o in first)
    assert proxy.rowCount() == len(first)
    assert [proxy.data(proxy.index(r, Column.PROCESS)) for r in range(3)] == [
        "p000",
        "p001",
        "p002",
    ]

    # 204 close (a block and a few apart) and 100 open: removals are batched too, the rows exact.
    closing = first[:200] + first[300::25]
    kept = tuple(o for o in first if o not in closing)
    opened = tuple(obs(f"q{i:03d}", "8.8.4.4", 53, local_port=20000 + i) for i in range(100))
    log.clear()
    seen_between.clear()
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.apply_prepared(
            model.preparer()(diff(new=opened, closed=closing, unchanged=kept), LOCATED)
        )
    ticker.stop()
    assert all(last - first_row + 1 <= 50 for first_row, last in log.of("inserted"))
    assert sum(last - first_row + 1 for first_row, last in log.of("removed")) == len(closing)
    assert any(len(kept) < count < len(first) for count in seen_between)  # removing, mid-way
    assert log.of("reset") == []
    assert sorted(texts(model, Column.PROCESS)) == sorted(o.process for o in kept + opened)
    for o in kept + opened:
        row = model.row_of(o.key)
        assert row is not None and model.observation(row) == o
    assert proxy.rowCount() == len(kept) + len(opened)
    del tester, proxy_tester


def test_names_arriving_while_batches_wait_are_not_lost(qtbot: Any) -> None:
    """Cells prepared off the GUI thread before a PTR answer came are redone on insertion."""
    model = ConnectionsModel(language="en", batch_rows=2)
    rows = tuple(obs("p", OVH_FR.sample_ip, 443, local_port=30000 + i) for i in range(6))
    prepared = model.preparer()(diff(new=rows[:1]), LOCATED)  # the poll task, started earlier
    apply_diff(model, diff(new=rows[:1]), LOCATED)
    model.update_hostnames(OVH_FR.sample_ip, ("mail.ovh.net",))  # PTR answer meanwhile
    prepared = model.preparer()(diff(new=rows[1:], unchanged=rows[:1]), {})
    model.update_hostnames(OVH_FR.sample_ip, ("\u202etxt.exe",))  # and a newer one
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.apply_prepared(prepared)
    assert texts(model, Column.HOST) == ["\\u202etxt.exe (claimed)"] * len(rows)


# --- untrusted text ----------------------------------------------------------------------------


def test_untrusted_text_is_shown_visibly_in_cells_and_tooltips(model: ConnectionsModel) -> None:
    """A right-to-left override must not turn "\\u202egnp.exe" into "exe.png"; bytes that are
    not UTF-8 (surrogateescape) are spelled \\xNN rather than sent to Qt as lone surrogates."""
    spoof = obs("\u202egnp.exe", OVH_FR.sample_ip, 443, local_port=40010)
    raw = obs("caf\udce9\x1b[31m", GOOGLE_US.sample_ip, 443, pid=7, local_port=40011)
    hostile = replace(
        located(OVH_FR, hostnames=("evil\u200b.example\u2066",)),
        location=Location("FR", "Par\udcc3is\u202e", source="db\x9b.mmdb"),
        network=Network(OVH_FR.asn, "OVH\u202eSAS"),
    )
    apply_diff(model, diff(new=(spoof, raw)), {**LOCATED, OVH_FR.sample_ip: hostile})
    assert texts(model, Column.PROCESS) == ["\\u202egnp.exe", "caf\\xe9\\x1b[31m"]
    assert texts(model, Column.HOST)[0] == "evil\\u200b.example\\u2066"
    assert texts(model, Column.CITY)[0] == "Par\\xc3is\\u202e"
    assert model.process_names() == ["\\u202egnp.exe", "caf\\xe9\\x1b[31m"]
    process_tip = str(model.data(model.index(1, Column.PROCESS), TOOLTIP))
    assert process_tip.splitlines()[0] == "caf\\xe9\\x1b[31m"
    host_tip = model.data(model.index(0, Column.HOST), TOOLTIP)
    assert host_tip == "evil\\u200b.example\\u2066"
    city_tip = str(model.data(model.index(0, Column.CITY), TOOLTIP))
    assert "Par\\xc3is\\u202e" in city_tip.splitlines()
    assert "Source: db\\x9b.mmdb" in city_tip.splitlines()
    provider_tip = str(model.data(model.index(0, Column.PROVIDER), TOOLTIP))
    assert f"AS{OVH_FR.asn} — OVH\\u202eSAS" in provider_tip.splitlines()
    for row in range(model.rowCount()):
        for column in Column:
            for role in (DISPLAY, TOOLTIP):
                value = str(model.data(model.index(row, column), role) or "")
                value.encode("utf-8")  # no lone surrogate reaches Qt
                assert not any(c in value for c in "\u202e\u2066\u200b\x1b\x9b")


def test_search_matches_the_text_as_shown(qtbot: Any) -> None:
    model = ConnectionsModel(language="en")
    proxy = ConnectionsFilterProxy()
    proxy.setSourceModel(model)
    apply_diff(
        model,
        diff(new=(obs("caf\udce9", "8.8.8.8", 443), obs("\u202egnp.exe", "8.8.4.4", 443))),
        {},
    )
    search(proxy, "\\XE9")  # what the cell shows, in any case
    assert proxy.rowCount() == 1
    assert proxy.data(proxy.index(0, Column.PROCESS)) == "caf\\xe9"
    search(proxy, "exe.png")  # what a spoofing name wants the user to read
    assert proxy.rowCount() == 0
    search(proxy, "gnp.exe")
    assert proxy.rowCount() == 1


def test_the_law_tooltip_follows_the_reader_s_home_and_dates_its_sources(
    model: ConnectionsModel,
) -> None:
    # A server in the US, company unknown: what the GDPR does depends on where the reader lives.
    answer = replace(LOCATED[GOOGLE_US.sample_ip], verdict=verdict("US", None))
    apply_diff(model, diff(new=(GOOGLE,)), {GOOGLE_US.sample_ip: answer})

    def tooltip() -> str:
        return str(model.data(model.index(0, Column.LAW), TOOLTIP))

    assert "Art. 3" not in tooltip()  # the home is not known: nothing said about residence
    model.set_home("FR")
    assert "GDPR may apply" in tooltip() and "(Art. 3(2))" in tooltip()
    assert "Legal texts as of June 25, 2026, May 2026" in tooltip()  # FISA 702's, the GDPR's
    model.set_home("US")
    assert "Art. 3" not in tooltip() and tooltip().endswith("Legal texts as of June 25, 2026")


def test_anycast_is_many_countries_not_an_unknown_one(model: ConnectionsModel) -> None:
    def served_from(kind: EdgeKind) -> LocatedEndpoint:
        return replace(
            LOCATED[CLOUDFLARE_AU.sample_ip],
            location=Location(None, None, source="edge list", kind=LocationKind.EDGE),
            edge=EdgeMatch(reason=verbatim("anycast"), operator="cloudflare", kind=kind),
        )

    row = obs("browser", CLOUDFLARE_AU.sample_ip, 443)
    apply_diff(model, diff(new=(row,)), {CLOUDFLARE_AU.sample_ip: served_from(EdgeKind.ANYCAST)})
    assert texts(model, Column.COUNTRY) == ["Many countries (anycast)"]
    model.update_locations({CLOUDFLARE_AU.sample_ip: served_from(EdgeKind.CDN)})
    assert texts(model, Column.COUNTRY) == ["Unknown"]  # a CDN edge whose country is not known
