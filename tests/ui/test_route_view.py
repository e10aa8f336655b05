"""A route in the window: its stops listed in the Route tab (names as text, places in the
window's language) and drawn on the map as numbered legs; closing it takes both away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.demo import DemoResolver, DemoSource
from app.core.geo.locator import Locator
from app.core.route_marks import Crossing, RouteStop, ShownRoute
from app.core.session.engine import scope_only
from app.ui.map.renderer import side_by_side
from app.ui.qt import QApplication
from tests.fixtures.personas import LEA
from tests.fixtures.windows import WAIT_MS, WindowFactory

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
OVH_ROUBAIX = "193.70.18.144"  # OVHcloud, Roubaix (the demo persona's town hall mail)
# Amazon SES's outbound servers in us-east-1 (AWS's ip-ranges.json): placed in Virginia. A Google
# server would not do: the databases place its front ends only at Google's home, so no country.
AMAZON_US = "54.240.196.10"
MICROSOFT = "52.169.1.1"  # Azure North Europe, Dublin (Microsoft's published service tags)


def _route(embedded: Locator) -> ShownRoute:
    return ShownRoute(
        title="Mail from <b>lea</b>@example.org\u202e",
        stops=(
            RouteStop(1, "laptop.local", "192.168.1.20", None, note="inside a private network"),
            RouteStop(2, "ssl0.ovh.net", OVH_ROUBAIX, embedded.locate(OVH_ROUBAIX)),
            RouteStop(3, "a196-10.smtp-out.amazonses.com", AMAZON_US, embedded.locate(AMAZON_US)),
            RouteStop(
                4,
                "forged.example",
                MICROSOFT,
                embedded.locate(MICROSOFT),
                trusted=False,
                note="claimed by the next server",
            ),
            RouteStop(5, "", None, scope_only("10.0.0.1"), note="no address given"),
        ),
        summary="This mail left the EU at stop 3.",
    )


def test_a_route_is_listed_and_drawn_as_numbered_legs(
    qtbot: Any, make_window: WindowFactory, embedded: Locator
) -> None:
    window = make_window(
        embedded, source=DemoSource(LEA), resolver=DemoResolver(LEA), size=(1440, 900)
    )
    route = _route(embedded)
    tab = window.tabs.indexOf(window.route_panel)
    assert not window.tabs.isTabVisible(tab)
    window.show_route(route)
    assert window.tabs.isTabVisible(tab) and window.tabs.currentIndex() == tab
    panel = window.route_panel
    assert panel.title.text() == "Mail from <b>lea</b>@example.org\\u202e"  # text, not markup
    model = panel.model
    rows = [[model.cell(r, c) for c in range(model.columnCount())] for r in range(5)]
    assert rows[0][:3] == ["1", "laptop.local", "192.168.1.20"] and rows[0][6] == (
        "inside a private network"
    )
    assert rows[1][3] == "Roubaix, France" and rows[1][4] == "OVHcloud"
    assert rows[1][5] == "EU / GDPR"
    assert rows[2][5] == "US law reach"
    assert rows[3][6] == "claimed by the next server"
    # On the map: the stops it can place (2, 3, 4), joined by two legs, the last one dashed.
    qtbot.waitUntil(lambda: len(window.map.view.route.stops) == 3, timeout=WAIT_MS)
    layer = window.map.view.route
    assert [s.number for s in layer.stops] == [2, 3, 4]
    # It leaves the EU at 3; 4 (Ireland) is only claimed: no coming back is shown.
    assert [s.crossing for s in layer.stops] == [Crossing.NONE, Crossing.LEAVES, Crossing.NONE]
    assert [(law, trusted) for law, trusted, _ in layer.legs] == [
        ("US_REACH", True),
        (layer.stops[2].law, False),
    ]
    assert all(pieces for _law, _trusted, pieces in layer.legs)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert window.grab().save(str(ARTIFACTS / "route-window.png"))

    panel.close_button.click()
    assert not window.tabs.isTabVisible(tab)
    qtbot.waitUntil(lambda: window.map.view.route.stops == (), timeout=WAIT_MS)


def test_stops_on_one_another_are_set_side_by_side() -> None:
    """A path that leaves Roubaix and comes back draws stops 1 and 4 on one point: they are
    set in a row centred there, in route order, each number readable; others stay put."""
    radius = 9.0
    far = (500.0, 300.0)
    placed = side_by_side([(100.0, 50.0), (300.0, 80.0), far, (101.0, 51.0)], radius)
    first, second, third, fourth = placed
    assert second == (300.0, 80.0) and third == far
    assert first[1] == fourth[1] == 50.0  # one row, at the first one's height
    assert first[0] < 100.0 < fourth[0]  # centred on it, in order
    assert fourth[0] - first[0] >= 2 * radius  # the discs do not overlap
    assert side_by_side([(0.0, 0.0), (3 * radius, 0.0)], radius) == [(0.0, 0.0), (27.0, 0.0)]
