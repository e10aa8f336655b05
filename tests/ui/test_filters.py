"""The filters the table and the map share: one FilterState judges rows and marks alike.

The rows are real ConnectionsModel rows; their map entries come from the same function the
window runs after each poll (build_map_entries), so these tests check the agreement the user
sees: a row is listed exactly when its address's mark is drawn (and its process is chosen).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import product
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from app.core.jurisdiction import Jurisdiction, Verdict
from app.core.jurisdiction import verdict as law_verdict
from app.core.map_entries import MapEntries, build_map_entries
from app.core.map_marks import (
    UNKNOWN_JURISDICTION,
    MarkFilter,
    located_details,
    provider_label,
)
from app.core.model import (
    AddressScope,
    Category,
    Endpoint,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
)
from app.core.providers import Provider
from app.core.session.diff import ConnectionDiff
from app.ui.connections_model import Column, ConnectionsFilterProxy, ConnectionsModel
from app.ui.filter_state import FilterState
from app.ui.filters_bar import FilterBar
from app.ui.palette import JURISDICTION_COLOURS
from tests.fixtures.geo import CLOUDFLARE_AU, GOOGLE_US, OVH_FR, FixtureNetwork
from tests.fixtures.model import apply_diff
from tests.fixtures.observations import obs

OVHCLOUD = Provider(
    key="ovhcloud",
    name="OVHcloud",
    headquarters="FR",
    asns=(OVH_FR.asn,),
    domains=("ovh.net",),
    categories=("cloud",),
    edge=False,
    parent=None,
    sources=(),
)


def verdict(category: Jurisdiction, country: str) -> Verdict:
    found = law_verdict(country, None)
    assert found.category is category
    return found


def located(
    net: FixtureNetwork, *, provider: Provider | None = None, law: Verdict | None = None
) -> LocatedEndpoint:
    return LocatedEndpoint(
        endpoint=Endpoint(net.sample_ip),
        scope=AddressScope.PUBLIC,
        location=Location(net.country_code, net.city, kind=LocationKind.EXACT),
        network=Network(net.asn, net.organisation),
        provider=provider,
        verdict=law,
    )


US_LAW = verdict(Jurisdiction.US_REACH, "US")
GDPR = verdict(Jurisdiction.EU_GDPR, "FR")
ROWS = (
    obs("firefox", GOOGLE_US.sample_ip, 443, pid=1, local_port=40001),
    obs("thunderbird", OVH_FR.sample_ip, 993, pid=2, local_port=40002),  # IMAPS: mail
    obs("firefox", OVH_FR.sample_ip, 443, pid=3, local_port=40003),
    obs("curl", CLOUDFLARE_AU.sample_ip, 80, pid=4, local_port=40004),
    obs("ssh", "192.168.1.20", 22, pid=5, local_port=40005),  # the local network: no country's law
)
LOCATED = {
    GOOGLE_US.sample_ip: located(GOOGLE_US, law=US_LAW),
    OVH_FR.sample_ip: located(OVH_FR, provider=OVHCLOUD, law=GDPR),
    CLOUDFLARE_AU.sample_ip: located(CLOUDFLARE_AU),  # no verdict: unknown
}


@pytest.fixture
def table(qtbot: Any) -> tuple[ConnectionsModel, ConnectionsFilterProxy, MapEntries]:
    model = ConnectionsModel(language="en", show_flags=False)
    apply_diff(model, ConnectionDiff(new=ROWS, closed=(), unchanged=(), skipped=()), LOCATED)
    proxy = ConnectionsFilterProxy()
    proxy.setSourceModel(model)
    proxy.tester = QAbstractItemModelTester(  # type: ignore[attr-defined]
        proxy, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    entries = build_map_entries(model.snapshot(), located_details(model.language))
    proxy.set_entries(entries.by_ip)
    return model, proxy, entries


def shown(proxy: ConnectionsFilterProxy) -> list[tuple[str, str]]:
    """(process, address) of the rows shown, sorted."""
    rows = [
        (proxy.data(proxy.index(r, Column.PROCESS)), proxy.data(proxy.index(r, Column.IP)))
        for r in range(proxy.rowCount())
    ]
    return sorted(rows)


def test_entries_carry_the_locators_provider_and_verdict(
    table: tuple[ConnectionsModel, ConnectionsFilterProxy, MapEntries],
) -> None:
    model, _proxy, entries = table
    ovh = entries.by_ip[OVH_FR.sample_ip]
    assert ovh.provider == "OVHcloud"  # the registry's company…
    assert entries.by_ip[GOOGLE_US.sample_ip].provider == GOOGLE_US.organisation  # …else the AS
    assert ovh.jurisdiction == "EU_GDPR"
    assert ovh.law_note == GDPR.text("en")
    assert ovh.category is Category.MAIL  # one of its sockets is IMAPS
    assert set(ovh.processes) == {"thunderbird", "firefox"}
    assert entries.by_ip[CLOUDFLARE_AU.sample_ip].jurisdiction == UNKNOWN_JURISDICTION
    assert entries.open_ips == {row.remote_ip for row in ROWS}
    assert entries.providers == tuple(sorted({"OVHcloud", "GOOGLE", "CLOUDFLARENET"}))
    assert not entries.has_accounts
    # The table's Provider and Law columns say the same as the entries.
    for row in range(model.rowCount()):
        ip = model.observation(row).remote_ip
        assert ip is not None
        provider = model.data(model.index(row, Column.PROVIDER))
        law = model.data(model.index(row, Column.LAW))
        if ip in LOCATED:
            assert provider == entries.by_ip[ip].provider
            assert law != ""
        else:
            assert (provider, law) == ("", "")


def test_law_column_has_a_colour_chip_and_the_verdict_as_tooltip(
    table: tuple[ConnectionsModel, ConnectionsFilterProxy, MapEntries],
) -> None:
    model, _proxy, _entries = table
    row = next(r for r in range(model.rowCount()) if model.observation(r).pid == 2)
    index = model.index(row, Column.LAW)
    assert model.data(index) == "EU / GDPR"
    verdict, *dated = model.data(index, Qt.ItemDataRole.ToolTipRole).split("\n")
    assert verdict == GDPR.text("en")
    assert all(line.startswith("Legal texts as of ") for line in dated) and len(dated) <= 1
    chip = model.data(index, Qt.ItemDataRole.DecorationRole)
    image = chip.pixmap(10, 10).toImage()
    assert image.pixelColor(5, 5).name() == JURISDICTION_COLOURS["EU_GDPR"]
    unknown = next(r for r in range(model.rowCount()) if model.observation(r).pid == 4)
    assert model.data(model.index(unknown, Column.LAW)) == "Unknown"
    local = next(r for r in range(model.rowCount()) if model.observation(r).pid == 5)
    assert model.data(model.index(local, Column.LAW), Qt.ItemDataRole.DecorationRole) is None


STATES = [
    FilterState(categories=frozenset({"mail"})),
    FilterState(categories=frozenset({"other"})),
    FilterState(processes=frozenset({"firefox"})),
    FilterState(providers=frozenset({"OVHcloud"})),
    FilterState(jurisdictions=frozenset({"US_REACH", "UNKNOWN"})),
    FilterState(jurisdictions=frozenset({"EU_GDPR"}), processes=frozenset({"thunderbird"})),
    FilterState(only_accounts=True),
]


@pytest.mark.parametrize("state", STATES, ids=lambda s: repr(s)[12:60])
def test_a_row_is_listed_exactly_when_its_mark_is_drawn(
    table: tuple[ConnectionsModel, ConnectionsFilterProxy, MapEntries], state: FilterState
) -> None:
    _model, proxy, entries = table
    proxy.set_state(state)
    on_map = {ip for ip, e in entries.by_ip.items() if state.mark_filter().matches(e)}
    listed = shown(proxy)
    # Every row listed belongs to a drawn mark (the law hides what has no country's law)…
    public = {ip for ip, e in entries.by_ip.items() if e.located.scope is AddressScope.PUBLIC}
    assert {ip for _p, ip in listed if ip in public} <= on_map
    # …and every drawn mark has a row listed: the one of the chosen process, if one is chosen.
    assert on_map & public <= {ip for _p, ip in listed}
    if state.processes is not None:
        assert {p for p, _ip in listed} <= state.processes


def test_filters_by_category_provider_law_and_accounts(
    table: tuple[ConnectionsModel, ConnectionsFilterProxy, MapEntries],
) -> None:
    _model, proxy, entries = table
    ovh, google, cloudflare = OVH_FR.sample_ip, GOOGLE_US.sample_ip, CLOUDFLARE_AU.sample_ip
    proxy.set_state(FilterState(categories=frozenset({"mail"})))
    # Both sockets to the mail server: the address is where the mail is, whatever the port.
    assert shown(proxy) == [("firefox", ovh), ("thunderbird", ovh)]
    proxy.set_state(FilterState(providers=frozenset({"GOOGLE"})))
    assert shown(proxy) == [("firefox", google)]
    proxy.set_state(FilterState(jurisdictions=frozenset({"UNKNOWN"})))
    assert shown(proxy) == [("curl", cloudflare)]  # not the local ssh row: no law there
    proxy.set_state(FilterState(text="mountain", processes=frozenset({"firefox"})))
    assert shown(proxy) == [("firefox", google)]
    proxy.set_state(FilterState(only_accounts=True))
    assert shown(proxy) == []
    # An account served from OVH (the accounts feature fills this field): its rows come back.
    with_account = dict(entries.by_ip)
    with_account[ovh] = replace(entries.by_ip[ovh], accounts=("me@example.fr",))
    proxy.set_entries(with_account)
    assert [ip for _p, ip in shown(proxy)] == [ovh, ovh]
    proxy.set_state(FilterState())
    assert len(shown(proxy)) == len(ROWS)


def test_rows_whose_entry_is_not_built_yet_follow_the_defaults(qtbot: Any) -> None:
    model = ConnectionsModel(language="en", show_flags=False)
    apply_diff(model, ConnectionDiff(new=ROWS[:2], closed=(), unchanged=(), skipped=()), LOCATED)
    proxy = ConnectionsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_state(FilterState(categories=frozenset({"other"})))
    assert proxy.rowCount() == 2  # "other" until the entries say otherwise
    proxy.set_entries(build_map_entries(model.snapshot(), located_details("en")).by_ip)
    assert shown(proxy) == [("firefox", GOOGLE_US.sample_ip)]  # the IMAPS row is mail


def test_filter_state_to_mark_filter() -> None:
    state = FilterState(
        text="  Roubaix ",
        categories=frozenset({"mail"}),
        processes=frozenset({"thunderbird"}),
        providers=frozenset({"OVHcloud"}),
        jurisdictions=frozenset({"EU_GDPR"}),
        only_accounts=True,
    )
    assert state.needle == "roubaix"
    assert state.mark_filter() == MarkFilter(
        categories=frozenset({"mail"}),
        processes=frozenset({"thunderbird"}),
        providers=frozenset({"OVHcloud"}),
        jurisdictions=frozenset({"EU_GDPR"}),
        only_accounts=True,
    )
    assert FilterState().is_empty and not FilterState().has_structured
    assert not FilterState(text="x").is_empty and not FilterState(text="x").has_structured
    assert FilterState(only_accounts=True).has_structured


def test_located_details_and_provider_label() -> None:
    ovh = located(OVH_FR, provider=OVHCLOUD, law=GDPR)
    details = located_details("fr")(ovh)
    assert (details.provider, details.jurisdiction, details.law_note) == (
        "OVHcloud",
        "EU_GDPR",
        GDPR.text("fr"),
    )
    bare = located(GOOGLE_US)
    assert provider_label(bare) == GOOGLE_US.organisation
    assert located_details()(bare).jurisdiction == UNKNOWN_JURISDICTION
    assert provider_label(replace(bare, network=None)) is None


# --- the bar -------------------------------------------------------------------------------------


def test_filter_bar_emits_one_state_for_every_control(qtbot: Any) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    states: list[FilterState] = []
    bar.changed.connect(states.append)
    bar.set_processes(["thunderbird", "firefox"])
    bar.set_providers(["OVHcloud", "Google"])
    assert [bar.process_combo.itemText(i) for i in range(bar.process_combo.count())] == [
        "All processes",
        "firefox",
        "thunderbird",
    ]
    assert states == []  # new choices are not a filter change

    bar.search_field.setText("roubaix")
    bar.category_combo.setCurrentIndex(bar.category_combo.findData("mail"))
    bar.process_combo.setCurrentIndex(bar.process_combo.findText("thunderbird"))
    bar.provider_combo.setCurrentIndex(bar.provider_combo.findText("OVHcloud"))
    bar.law_buttons["EU_GDPR"].click()
    bar.law_buttons["ADEQUACY"].click()
    assert states[-1] == FilterState(
        text="roubaix",
        categories=frozenset({"mail"}),
        processes=frozenset({"thunderbird"}),
        providers=frozenset({"OVHcloud"}),
        jurisdictions=frozenset({"EU_GDPR", "ADEQUACY"}),
    )
    assert bar.clear_button.isVisibleTo(bar)

    # A chosen process that has gone stays chosen (the filter does not jump under the user).
    bar.set_processes(["firefox"])
    assert bar.process_combo.currentText() == "thunderbird"
    assert bar.state().processes == frozenset({"thunderbird"})

    count = len(states)
    bar.clear()
    assert len(states) == count + 1  # one signal for the lot
    assert states[-1] == FilterState()
    assert not bar.clear_button.isVisibleTo(bar)


def test_only_my_accounts_waits_for_accounts(qtbot: Any) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    assert not bar.only_accounts.isEnabled()
    assert bar.only_accounts.toolTip() == "No accounts configured yet"
    bar.only_accounts.setChecked(True)  # even if checked somehow, no filter while disabled
    assert not bar.state().only_accounts
    bar.set_accounts_available(True)
    assert bar.only_accounts.isEnabled()
    assert bar.state().only_accounts


@pytest.mark.parametrize(("width", "one_row"), [(1400, True), (800, False)])
def test_filter_bar_takes_two_rows_when_narrow(qtbot: Any, width: int, one_row: bool) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.resize(width, 60)
    bar.show()
    qtbot.waitExposed(bar)
    QApplication.processEvents()  # the layout settles after the resize
    assert bar.one_row is one_row
    assert bar.minimumSizeHint().width() < 800
    origin = QPoint(0, 0)
    search = bar.search_field.mapTo(bar, origin).y()
    chip = bar.law_buttons["EU_GDPR"]
    chip_top = chip.mapTo(bar, origin).y()
    if one_row:
        assert abs(chip_top + chip.height() / 2 - search - bar.search_field.height() / 2) < 4
    else:
        assert chip_top >= search + bar.search_field.height()


def test_every_combination_of_law_chips(qtbot: Any) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    names = list(bar.law_buttons)
    for checks in product((False, True), repeat=len(names)):
        for name, checked in zip(names, checks, strict=True):
            bar.law_buttons[name].setChecked(checked)
        chosen = {name for name, checked in zip(names, checks, strict=True) if checked}
        assert bar.state().jurisdictions == (frozenset(chosen) or None)


HOSTILE_NAMES = ("caf\udce9-sync", "\u202egnp.exe", "tab\there\u200b")  # not UTF-8; RLO; hidden


def test_filtering_on_a_hostile_process_name_lists_its_rows(qtbot: Any) -> None:
    """A process name with bytes that are not UTF-8 listed 0 rows when chosen in the filter (the
    name did not survive the trip through the combo box); bidi overrides displayed reversed."""
    rows = (
        tuple(
            obs(name, OVH_FR.sample_ip, 443, pid=10 + i, local_port=41000 + i)
            for i, name in enumerate(HOSTILE_NAMES)
        )
        + ROWS
    )
    model = ConnectionsModel(language="en", show_flags=False)
    apply_diff(model, ConnectionDiff(new=rows, closed=(), unchanged=(), skipped=()), LOCATED)
    proxy = ConnectionsFilterProxy()
    proxy.setSourceModel(model)
    entries = build_map_entries(model.snapshot(), located_details(model.language))
    proxy.set_entries(entries.by_ip)
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.changed.connect(proxy.set_state)
    bar.set_processes(model.process_names())
    choices = [bar.process_combo.itemText(i) for i in range(1, bar.process_combo.count())]
    for shown_name in ("caf\\xe9-sync", "\\u202egnp.exe", "tab\\x09here\\u200b"):
        assert shown_name in choices
        bar.process_combo.setCurrentIndex(bar.process_combo.findText(shown_name))
        assert shown(proxy) == [(shown_name, OVH_FR.sample_ip)]
        # The map is given the same filter and entries: the mark of that address is drawn.
        assert bar.state().mark_filter().matches(entries.by_ip[OVH_FR.sample_ip])
    assert set(HOSTILE_NAMES).isdisjoint(entries.by_ip[OVH_FR.sample_ip].processes)
    bar.process_combo.setCurrentIndex(0)
    bar.search_field.setText("exe.png")  # what the spoofing name wants the user to read
    assert shown(proxy) == []
    bar.search_field.setText("\\u202eGNP")
    assert shown(proxy) == [("\\u202egnp.exe", OVH_FR.sample_ip)]
