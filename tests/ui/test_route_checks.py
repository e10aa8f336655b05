"""The place panel's checks in the real window: tracing the route to an address through a chain
of router namespaces (the path listed and drawn), and timing an address a set delay away against
the speed of light. Both send packets only into namespaces of this machine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.demo import DemoResolver, DemoSource
from app.core.geo.locator import Locator
from app.core.route_marks import Crossing
from app.ui.qt import QApplication
from tests.fixtures.delayed_hosts import DelayedHost
from tests.fixtures.personas import LEA
from tests.fixtures.router_chain import RouterChain
from tests.fixtures.windows import WAIT_MS, WindowFactory

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
# An OVHcloud router in France, a Google Cloud one in the US, a Hetzner one in Germany, the
# target at OVHcloud in France: the operators' published ranges (RIPE inetnum 213.186.32.0/19
# OVH SAS FR; Google cloud.json 35.184.0.0/13 us-central1; RIPE 88.198.0.0/16 Hetzner DE).
ROUTERS = ("213.186.33.1", "35.184.66.1", "88.198.66.1")
TARGET = "213.186.33.9"
PUBLISHED = ("FR", "US", "DE", "FR")
SYDNEY = "139.130.4.5"  # Telstra, published as Sydney (APNIC inetnum 139.130.0.0/16, AU)


def _window(make_window: WindowFactory, embedded: Locator) -> Any:
    return make_window(
        embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA), size=(1440, 900)
    )


@pytest.mark.netns
def test_the_route_to_an_address_is_traced_listed_and_drawn(
    qtbot: Any,
    make_window: WindowFactory,
    embedded: Locator,
    router_chain: Callable[..., RouterChain],
) -> None:
    chain = router_chain(ROUTERS, TARGET)
    window = _window(make_window, embedded)
    with qtbot.waitSignal(window.route_owner.routeReady, timeout=WAIT_MS * 3) as traced:
        window.trace_route_to(chain.target)
        assert window.stop_trace_button.isVisible() or window.stop_trace_button.isVisibleTo(window)
        assert "small UDP packets" in window.statusBar().currentMessage()
    route = traced.args[0]
    assert [s.ip for s in route.stops] == [*ROUTERS, TARGET]
    assert [s.country for s in route.stops] == list(PUBLISHED)
    assert route.summary == (
        "This path leaves the EU/EEA at hop 2 (United States). "
        "It comes back into the EU/EEA at hop 3 (Germany)."
    )
    assert window.tabs.currentWidget() is window.route_panel
    assert window.route_panel.model.rowCount() == 4
    assert not window.stop_trace_button.isVisibleTo(window)
    qtbot.waitUntil(lambda: len(window.map.view.route.stops) == 4, timeout=WAIT_MS)
    # Where it leaves the EU/EEA and comes back, marked on the map at those stops.
    assert [(s.number, s.crossing) for s in window.map.view.route.stops] == [
        (1, Crossing.NONE),
        (2, Crossing.LEAVES),
        (3, Crossing.ENTERS),
        (4, Crossing.NONE),
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert window.grab().save(str(ARTIFACTS / "route-traced.png"))


@pytest.mark.netns
def test_a_server_too_near_for_its_place_is_said_so(
    qtbot: Any,
    make_window: WindowFactory,
    embedded: Locator,
    delayed_host: Callable[..., DelayedHost],
) -> None:
    delayed_host(SYDNEY, rtt_ms=2.0)
    window = _window(make_window, embedded)  # home: France
    with qtbot.waitSignal(window.route_owner.distanceChecked, timeout=WAIT_MS) as checked:
        window.check_distance_to(SYDNEY)
        assert "TCP connections" in window.statusBar().currentMessage()
    ip, sentence = checked.args
    assert ip == SYDNEY
    assert "Sydney" in sentence and "too fast" in sentence
    assert sentence in window.statusBar().currentMessage()


def test_the_panel_asks_for_the_chosen_address_only_when_pressed(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = _window(make_window, embedded)
    panel = window.place_panel
    # The window's own handlers would send packets to a real address: not in a test.
    panel.traceRequested.disconnect(window.trace_route_to)
    panel.rttRequested.disconnect(window.check_distance_to)
    asked: list[tuple[str, str]] = []
    panel.traceRequested.connect(lambda ip: asked.append(("trace", ip)))
    panel.rttRequested.connect(lambda ip: asked.append(("rtt", ip)))
    panel.trace_button.click()  # no place chosen: nothing asked
    assert asked == []
    mairie = "193.70.18.144"
    qtbot.waitUntil(lambda: window.select_ip(mairie), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.chosen_ip() == mairie, timeout=WAIT_MS)
    panel.trace_button.click()
    panel.rtt_button.click()
    assert asked == [("trace", mairie), ("rtt", mairie)]


def test_the_distance_sentence_stays_with_its_address(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = _window(make_window, embedded)
    panel = window.place_panel
    mairie = "193.70.18.144"
    qtbot.waitUntil(lambda: window.select_ip(mairie), timeout=WAIT_MS)
    panel.show_rtt("The database says Roubaix, and the round trip allows it.", mairie)
    polls: list[int] = []
    window.pollApplied.connect(lambda: polls.append(1))
    qtbot.waitUntil(lambda: len(polls) >= 3, timeout=WAIT_MS)  # the place is shown anew
    assert panel.rtt_result.isVisibleTo(panel) and "Roubaix" in panel.rtt_result.text()
    window.map.clear_selection()
    qtbot.waitUntil(lambda: not panel.rtt_result.isVisibleTo(panel), timeout=WAIT_MS)
