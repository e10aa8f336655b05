""" "Data sources and licences": the real resources/ATTRIBUTION.md, real .mmdb metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import __version__
from app.core.data_sources import shipped_data_sources
from app.core.geo.locator import default_database_paths
from app.core.geo.mmdb import MmdbDatabase
from app.core.i18n import translations
from app.core.resources import resource_path
from app.ui.about_dialog import AboutDataDialog, attribution_sections, sources_text
from tests.fixtures.geo import build_mmdb
from tests.fixtures.language import assert_speaks

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_shows_every_attribution_section_version_credit_and_no_telemetry(qtbot: Any) -> None:
    dialog = AboutDataDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    shown = dialog.attribution.toPlainText()
    source = resource_path("ATTRIBUTION.md").read_text(encoding="utf-8")
    headings = [line[3:].strip() for line in source.splitlines() if line.startswith("## ")]
    shipped = [heading for heading in headings if "tests only" not in heading]
    assert len(shipped) >= 3 and len(shipped) < len(headings)
    for heading in shipped:
        assert heading.replace("`", "") in shown
    for heading in set(headings) - set(shipped):  # test data are not the user's business
        assert heading.replace("`", "") not in shown
    assert ".py" not in shown  # our build scripts are not named
    assert "CC BY 4.0" in shown and "CC BY 4.0" in dialog.licences.text()
    assert "IP Geolocation by DB-IP" in shown
    assert "Engineers append" not in shown  # the file's note for developers is left out
    assert "**" not in shown  # rendered as Markdown, not shown raw
    assert dialog.credit.text().count("DB-IP") == 1 and "https://db-ip.com" in dialog.credit.text()
    assert "No telemetry" in dialog.privacy.text()
    assert __version__ in dialog.version.text()
    assert dialog.attribution.openExternalLinks()
    assert not dialog.attribution.isVisible()  # the full texts are folded away at first
    dialog.show_details()
    assert dialog.attribution.isVisible()
    assert not dialog.sources_view.isVisible()  # no sources given

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert dialog.grab().save(str(ARTIFACTS / "about-data-dialog.png"))


def test_database_descriptions_are_plain_text(qtbot: Any, tmp_path: Path) -> None:
    hostile = "<b>Free</b> <a href='https://evil.example'>click</a> <img src=x>"
    path = build_mmdb(
        tmp_path / "user.mmdb",
        {"8.8.8.0/24": {"country": {"iso_code": "US"}}},
        database_type="<i>Country</i>",
        description=hostile,
    )
    database = MmdbDatabase.open(path)
    info = database.info
    database.close()

    dialog = AboutDataDialog(sources=[info])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_details()

    assert dialog.sources_view.isVisible()
    text = dialog.sources_view.toPlainText()
    assert hostile in text
    assert str(path) in text
    assert text == sources_text([info])
    html = dialog.sources_view.toHtml()
    assert "&lt;b&gt;Free&lt;/b&gt;" in html
    assert "evil.example'>" not in html and "<img" not in html


def test_missing_attribution_file_is_named_not_fatal(qtbot: Any, tmp_path: Path) -> None:
    missing = tmp_path / "ATTRIBUTION.md"
    dialog = AboutDataDialog(attribution_path=missing)
    qtbot.addWidget(dialog)
    text = dialog.attribution.toPlainText()
    assert "could not be read" in text
    assert str(missing) in text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Title\n\nIntro.\n\n## A\n\ntext\n\n## B\nmore\n", "## A\n\ntext\n\n## B\nmore\n"),
        ("no sections at all\n", "no sections at all\n"),
    ],
)
def test_attribution_sections_drop_the_preamble(source: str, expected: str) -> None:
    assert attribution_sections(source) == expected


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_data_source_is_shown_with_its_date(qtbot: Any, language: str) -> None:
    """The window's About dialog lists what `db status` lists, dated, in the window's language."""
    infos = []
    for path in default_database_paths():
        with MmdbDatabase.open(path) as database:
            infos.append(database.info)
    dated = shipped_data_sources(infos)
    dialog = AboutDataDialog(sources=infos, dated=dated, language=language)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    shown = dialog.dated_view.text().splitlines()
    tr = translations(language)
    assert shown == [f"• {source.text(tr)}" for source in dated]
    # cities, countries, AS, points, cloud, AWS Local Zones, edges, registry, law, services
    assert len(shown) == 10
    assert dialog.dated_view.textFormat() == Qt.TextFormat.PlainText
    assert_speaks(dialog.dated_view.text(), language, data=[s.name for s in dated])
    QApplication.processEvents()
    assert dialog.grab().save(str(ARTIFACTS / f"about-data-dialog-{language}.png"))


def test_embedded_databases_are_not_shown_by_their_path_into_the_program() -> None:
    infos = []
    for path in default_database_paths():
        with MmdbDatabase.open(path) as database:
            infos.append(database.info)
    text = sources_text(infos, "en")
    assert infos and all(str(info.path) not in text for info in infos)
    assert "/resources/" not in text and "/app/" not in text
