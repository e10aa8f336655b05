"""The map's data state without a window: incremental updates, views, clusters and arcs."""

from __future__ import annotations

import dataclasses

import pytest

from app.core.geo.projection import forward
from app.core.geo.viewport import HOME_BOUNDS, Viewport
from app.core.geo.world import World
from app.core.map_marks import MapEntry, MarkFilter
from app.ui.map.scene import NO_CHANGE, MapScene, SceneChange
from tests.fixtures.map_entries import demo_entries

OVH = "51.38.112.20"


def moved(entry: MapEntry, lat: float, lon: float) -> MapEntry:
    location = entry.located.location
    assert location is not None
    return dataclasses.replace(
        entry,
        located=dataclasses.replace(
            entry.located,
            location=dataclasses.replace(location, latitude=lat, longitude=lon, city="Gravelines"),
        ),
    )


def test_incremental_updates_report_what_changed(world: World) -> None:
    scene = MapScene(world)
    entries = list(demo_entries())
    first = scene.set_entries(entries)
    assert first.added == {m.key for m in scene.marks}
    assert first.removed == () and first.shading_changed
    version = scene.version
    assert scene.set_entries(entries) == NO_CHANGE  # nothing new: nothing to do
    assert scene.version == version
    ovh = next(e for e in entries if e.ip == OVH)
    change = scene.set_entries([moved(ovh, 51.0, 2.1) if e is ovh else e for e in entries])
    assert change.added == {"exact:FR:51.00:2.10"}
    assert [m.key for m in change.removed] == ["exact:FR:50.69:3.17"]
    assert not change.shading_changed  # still one endpoint more in France, same shade
    assert scene.version == version + 1


def test_views_do_not_change_after_the_fact(world: World) -> None:
    scene = MapScene(world)
    scene.set_entries(demo_entries())
    view = scene.view
    marks = view.marks
    scene.set_entries([])
    assert view.marks == marks and view.mark_for_ip(OVH) is not None
    assert scene.view.marks == () and scene.view.mark_for_ip(OVH) is None
    assert scene.view.version > view.version


def test_filter_keeps_every_entry_for_later(world: World) -> None:
    scene = MapScene(world)
    scene.set_entries(demo_entries())
    change = scene.set_filter(MarkFilter(categories=frozenset({"photos"})))
    assert change.removed and not change.added
    assert {e.category for m in scene.view.marks for e in m.entries} == {"photos"}
    change = scene.set_filter(MarkFilter())
    assert scene.view.entry_count == len(demo_entries())
    assert change.added


def test_merged_changes() -> None:
    a = SceneChange(frozenset({"x"}), (), shading_changed=False)
    b = SceneChange(frozenset({"y"}), (), shading_changed=True)
    assert a.merged(b) == SceneChange(frozenset({"x", "y"}), (), shading_changed=True)
    assert NO_CHANGE.merged(NO_CHANGE).is_empty


def test_items_are_cached_per_zoom_step(world: World) -> None:
    scene = MapScene(world)
    scene.set_entries(demo_entries())
    view = scene.view
    viewport = Viewport.fit(HOME_BOUNDS, 1600, 900)
    assert view.items(viewport.scale) is view.items(viewport.scale * 1.05)  # same step
    near = view.items(viewport.scale * 64)
    assert len(near) > len(view.items(viewport.scale))
    assert sum(i.endpoints for i in near) == view.entry_count


def test_arcs_run_from_home_to_each_place(world: World) -> None:
    scene = MapScene(world)
    scene.set_entries(demo_entries())
    assert scene.view.arcs(scene.view.items(1000.0)) == []  # no home, no arcs
    scene.set_home("FR")
    view = scene.view
    home = forward(*(view.home or (0.0, 0.0)))
    items = view.items(Viewport.fit(HOME_BOUNDS, 1600, 900).scale)
    arcs = view.arcs(items)
    assert 0 < len(arcs) <= len(items)
    for (regime, pieces), item in zip(
        arcs, sorted(items, key=lambda i: -i.endpoints), strict=False
    ):
        assert regime == item.jurisdiction
        if not pieces:  # a place at home itself
            continue
        assert pieces[0][:2] == pytest.approx(home, abs=1e-9)
        end = pieces[-1][6:]
        assert end == pytest.approx((item.x, item.y), abs=1e-3)


def test_home_codes(world: World) -> None:
    scene = MapScene(world)
    assert scene.set_home("ie")
    assert scene.view.home_code == "IE"
    assert world.country_at(*(scene.view.home or (0.0, 0.0))) == "IE"
    assert not scene.set_home("ZZ")
    assert scene.view.home is None
    assert scene.set_home(None)
