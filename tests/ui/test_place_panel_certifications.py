"""The place panel says whether the companies at the chosen place hold HDS or SecNumCloud, with
the source and date providers.toml records, one company once; a hosting company with none gets
the "no certificate recorded" line; the label is plain text and hidden when it has nothing to
say (issue 14). Built from the real locator on the embedded data."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytestqt.qtbot import QtBot

from app.core.geo.locator import Locator, default_database_paths
from app.core.geo.world import World
from app.core.map_marks import MapEntry, located_details
from app.core.providers import CertificationScheme
from app.ui.map import MapWidget, PlacePanel
from app.ui.qt import Qt
from app.ui.tasks import SynchronousTaskRunner

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

OVH_ROUBAIX = ("5.39.0.10", "5.39.0.11")  # AS16276 OVH SAS; the embedded city data: Roubaix
HETZNER_HELSINKI = "95.217.40.11"  # AS24940 Hetzner Online GmbH
CLOUDFLARE = "104.16.132.229"  # AS13335, an anycast edge: no data kept there (no mark)
FREE_PARIS = "82.64.0.1"  # AS12322 Free SAS, an ISP: it keeps no one's health data there


@pytest.fixture(scope="module")
def locator() -> Iterator[Locator]:
    found, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with found:
        yield found


def _entries(locator: Locator, *ips: str) -> list[MapEntry]:
    """Map entries as the window builds them: the locator's answer, its provider and verdict."""
    details = located_details("en")
    out = []
    for ip in ips:
        located = locator.locate(ip)
        extra = details(located)
        out.append(
            MapEntry(
                located=located,
                provider=extra.provider,
                jurisdiction=extra.jurisdiction,
                law_note=extra.law_note,
            )
        )
    return out


def _panel_for(qtbot: QtBot, world: World, locator: Locator, *ips: str) -> PlacePanel:
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    widget.set_entries(_entries(locator, *ips))
    panel = PlacePanel()
    qtbot.addWidget(panel)
    panel.show_place(widget.view.marks)
    return panel


def test_an_ovhcloud_place_shows_its_certificates_with_source_and_date(
    qtbot: QtBot, world: World, locator: Locator
) -> None:
    for ip in OVH_ROUBAIX:
        answer = locator.locate(ip)
        assert answer.provider is not None and answer.provider.key == "ovhcloud", ip
        assert answer.location is not None and answer.location.city == "Roubaix", ip
    widget = MapWidget(world, runner=SynchronousTaskRunner())
    qtbot.addWidget(widget)
    widget.set_entries(_entries(locator, *OVH_ROUBAIX, HETZNER_HELSINKI))
    panel = PlacePanel()
    qtbot.addWidget(panel)
    widget.placeSelected.connect(panel.show_place)
    widget.select_ip(OVH_ROUBAIX[0])
    assert panel.title.text() == "Roubaix, France"
    label = panel.findChild(type(panel.law), "placeCertifications")
    assert label is panel.certifications and not label.isHidden()
    assert label.textFormat() == Qt.TextFormat.PlainText
    provider = locator.locate(OVH_ROUBAIX[0]).provider
    assert provider is not None
    (hds,) = provider.certified(CertificationScheme.HDS)
    (secnumcloud,) = provider.certified(CertificationScheme.SECNUMCLOUD)
    lines = label.text().split("\n")
    sites = [urlsplit(c.source).netloc for c in (hds, secnumcloud)]
    assert lines == [
        f"OVHcloud is certified to host health data (HDS) for: {hds.scope}."
        f" Source: {sites[0]} (as of May 27, 2020). Addresses here may lie outside that scope.",
        f"OVHcloud holds ANSSI's SecNumCloud qualification for: {secnumcloud.scope}."
        f" Source: {sites[1]} (as of December 5, 2026)."
        " Addresses here may lie outside that scope.",
    ]  # two OVHcloud addresses here, its lines once; Hetzner is elsewhere
    # The panel is narrow: a site's name there, the whole address in the tooltip.
    tip = label.toolTip()  # plain text, escaped for Qt's rich-text tooltips
    assert all(escape(c.source, quote=False) in tip for c in (hds, secnumcloud))
    # The law lines stay above, untouched.
    assert "GDPR" in panel.law.text() and "HDS" not in panel.law.text()


def test_a_hosting_company_without_hds_is_said_to_have_none_recorded(
    qtbot: QtBot, world: World, locator: Locator
) -> None:
    panel = _panel_for(qtbot, world, locator, *OVH_ROUBAIX, HETZNER_HELSINKI, FREE_PARIS)
    lines = panel.certifications.text().split("\n")
    assert sum(line.startswith("OVHcloud ") for line in lines) == 2
    assert (
        "No HDS certificate recorded for Hetzner: French law (Code de la santé publique,"
        " art. L.1111-8) requires one to host health data for others."
    ) in lines
    assert not any("Free" in line for line in lines)  # an ISP hosts no one's files
    assert len(lines) == 3
    panel.resize(900, 560)
    panel.show()
    qtbot.waitExposed(panel)
    ARTIFACTS.mkdir(exist_ok=True)
    assert panel.grab().save(str(ARTIFACTS / "place_panel_certifications.png"))


def test_the_line_is_hidden_when_there_is_nothing_to_say(
    qtbot: QtBot, world: World, locator: Locator
) -> None:
    panel = _panel_for(qtbot, world, locator, FREE_PARIS, CLOUDFLARE)
    assert panel.rows() and panel.certifications.text() == ""
    assert panel.certifications.isHidden()
    panel.show_place(())
    assert panel.certifications.isHidden()
