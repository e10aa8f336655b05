"""The map speaks the window's language: country names, notes and numbers follow the language
the window hands it (MapWidget/PlacePanel/MapRenderer ``language=``), not a global."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.geo.freshness import format_day
from app.core.geo.mmdb import MmdbDatabase
from app.core.geo.viewport import HOME_BOUNDS, Viewport
from app.core.geo.world import World
from app.core.map_marks import MapEntry
from app.core.model import (
    AddressScope,
    Category,
    Endpoint,
    LocatedEndpoint,
    Location,
    LocationKind,
    Network,
)
from app.core.places import law_note
from app.ui.about_dialog import sources_text
from app.ui.map import MapWidget, PlacePanel
from app.ui.map.describe import tooltip_text
from app.ui.map.export import write_svg
from app.ui.map.renderer import MapRenderer
from app.ui.map.scene import MapScene
from app.ui.qt import QLocale
from app.ui.tasks import SynchronousTaskRunner
from tests.fixtures.geo import build_mmdb

SVG = "{http://www.w3.org/2000/svg}"


def entry(ip: str, country: str, city: str, lat: float, lon: float) -> MapEntry:
    return MapEntry(
        located=LocatedEndpoint(
            endpoint=Endpoint(ip=ip),
            scope=AddressScope.PUBLIC,
            location=Location(
                country_code=country,
                city=city,
                latitude=lat,
                longitude=lon,
                kind=LocationKind.EXACT,
            ),
            network=Network(asn=64500, organisation="Example Net"),
        ),
        processes=("browser",),
        provider="Example",
        jurisdiction="EU_GDPR",
        category=Category.OTHER,
    )


def many_in_dublin(count: int) -> list[MapEntry]:
    return [
        entry(f"10.0.{i // 250}.{i % 250 + 1}", "IE", "Dublin", 53.35, -6.26) for i in range(count)
    ]


@pytest.fixture
def french_numbers() -> Iterator[None]:
    """The default locale install_translators sets for a French window (the %Ln numbers)."""
    QLocale.setDefault(QLocale("fr"))
    yield
    QLocale.setDefault(QLocale("en"))


@pytest.mark.parametrize(("language", "country"), [("fr", "Irlande"), ("en", "Ireland")])
def test_panel_and_tooltip_name_the_country_in_the_window_language(
    qtbot: QtBot, world: World, language: str, country: str
) -> None:
    widget = MapWidget(world, runner=SynchronousTaskRunner(), language=language)
    qtbot.addWidget(widget)
    assert widget.language == language
    widget.set_entries([entry("198.51.100.7", "IE", "Dublin", 53.35, -6.26)])
    (item,) = widget.display_items()
    tip = tooltip_text(item.marks, widget.language)
    assert tip.splitlines()[0] == f"Dublin, {country}"

    panel = PlacePanel(language=language)
    qtbot.addWidget(panel)
    assert panel.language == language
    panel.show_place(item.marks)
    assert panel.title.text() == f"Dublin, {country}"
    assert law_note("EU_GDPR", language) in panel.law.text()  # the core's note, same language


def test_counts_are_written_as_the_locale_writes_numbers(
    qtbot: QtBot, world: World, tmp_path: Path, french_numbers: None
) -> None:
    entries = many_in_dublin(1500)
    widget = MapWidget(world, runner=SynchronousTaskRunner(), language="fr")
    qtbot.addWidget(widget)
    widget.set_entries(entries)
    (item,) = widget.display_items()
    assert QLocale("fr").toString(1500) in tooltip_text(item.marks, "fr")
    assert "1500" not in tooltip_text(item.marks, "fr")

    # The legend's count, drawn by a French renderer (an SVG export keeps the text as text).
    scene = MapScene(world)
    scene.set_entries(entries)
    view = scene.snapshot()
    path = tmp_path / "map.svg"
    write_svg(path, MapRenderer(world, language="fr"), view, Viewport.fit(HOME_BOUNDS, 1200, 700))
    texts = ["".join(e.itertext()) for e in ET.parse(path).getroot().iter(f"{SVG}text")]
    assert QLocale("fr").toString(1500) in texts


def test_about_sources_say_the_date_in_the_language(tmp_path: Path) -> None:
    path = build_mmdb(
        tmp_path / "user.mmdb",
        {"8.8.8.0/24": {"country": {"iso_code": "US"}}},
        database_type="GeoLite2-Country",
    )
    database = MmdbDatabase.open(path)
    info = database.info
    database.close()
    for language in ("fr", "en"):
        text = sources_text([info], language)
        assert format_day(info.build_date, language) in text
    assert info.build_date.date().isoformat() not in sources_text([info], "fr")
