"""The place panel shows the dated legal texts behind its verdicts, in the core's words
(app.core.jurisdiction.sources_text), in the window's language."""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from app.core.geo.world import World
from app.core.i18n import translations
from app.core.jurisdiction import US_CLOUD_ACT, Role, default_jurisdictions, verdict
from app.ui.map import MapWidget, PlacePanel
from app.ui.tasks import SynchronousTaskRunner
from tests.core.test_verdict_roles import company
from tests.ui.test_map import located

HEAD = {"en": "Sources: ", "fr": "Sources : "}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_panel_shows_the_sources_of_its_verdicts(qtbot: QtBot, world: World, language: str) -> None:
    base = located("9.9.9.9", "US", 38.9, -77.0, jurisdiction="US_REACH", city="Washington")
    judged = verdict("US", company("US"), role=Role.TALKS)
    entry = dataclasses.replace(base, located=dataclasses.replace(base.located, verdict=judged))
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    widget.set_entries([entry])
    panel = PlacePanel(language=language)
    qtbot.addWidget(panel)
    panel.show_place(widget.view.marks)
    text = panel.law.text()
    citation = default_jurisdictions().regime(US_CLOUD_ACT).citation
    assert HEAD[language] in text, text
    assert translations(language).gettext(citation).removesuffix(".") in text, text
