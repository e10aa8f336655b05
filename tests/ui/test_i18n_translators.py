"""The window's translation mechanism: the .ts is current, the .qm matches it, and start-up
installs our translator and Qt's own for French only."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.resources import resource_path
from app.core.settings import Settings
from app.ui.i18n import install_translators, window_catalogue
from app.ui.palette import jurisdiction_label
from app.ui.qt import QCoreApplication, QLocale
from app.ui.settings_dialog import SettingsDialog

REPO = Path(__file__).resolve().parents[2]
TOOLS = Path(sys.executable).parent


def _ui_sources() -> list[str]:
    return sorted(str(p) for p in (REPO / "app" / "ui").rglob("*.py"))


def _messages(ts: Path) -> list[tuple[str, str, str]]:
    root = ET.parse(ts).getroot()
    return [
        (ctx.findtext("name") or "", msg.findtext("source") or "", msg.findtext("comment") or "")
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    ]


def _translation_types(ts: Path) -> set[str]:
    root = ET.parse(ts).getroot()
    return {t.get("type") or "finished" for t in root.iter("translation")}


@pytest.fixture
def app(qapp: Any) -> Iterator[QCoreApplication]:
    yield qapp
    QLocale.setDefault(QLocale("en"))


def _ts(language: str) -> Path:
    return REPO / "resources" / "i18n" / f"datalocator_{language}.ts"


# English is the source language: its .ts holds only the plural forms (lupdate -pluralonly).
LUPDATE_OPTIONS = {"fr": ["-no-obsolete"], "en": ["-no-obsolete", "-pluralonly"]}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_ts_is_current_with_the_sources(tmp_path: Path, language: str) -> None:
    copy = tmp_path / _ts(language).name
    shutil.copy(_ts(language), copy)
    subprocess.run(
        [
            str(TOOLS / "pyside6-lupdate"),
            *_ui_sources(),
            *LUPDATE_OPTIONS[language],
            "-ts",
            str(copy),
        ],
        check=True,
        capture_output=True,
    )
    assert _messages(copy) == _messages(_ts(language)), "run `make i18n`: the strings changed"
    assert _messages(copy)


def test_english_plurals_are_finished() -> None:
    assert _translation_types(_ts("en")) == {"finished"}


def test_every_french_entry_is_finished() -> None:
    assert len(_messages(_ts("fr"))) > 200
    assert _translation_types(_ts("fr")) == {"finished"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_qm_is_compiled_from_the_ts(tmp_path: Path, language: str) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run(
        [str(TOOLS / "pyside6-lrelease"), str(_ts(language)), "-qm", str(fresh)],
        check=True,
        capture_output=True,
    )
    shipped = Path(window_catalogue(language))
    assert shipped.parent == resource_path("i18n")
    assert fresh.read_bytes() == shipped.read_bytes()


def test_french_installs_ours_and_qts(app: QCoreApplication) -> None:
    translators = install_translators(app, "fr")
    try:
        assert len(translators) == 2
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
        assert QLocale().name() == "fr_FR"
    finally:
        for translator in translators:
            app.removeTranslator(translator)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_english_installs_only_its_plurals(app: QCoreApplication) -> None:
    translators = install_translators(app, "en")
    try:
        assert len(translators) == 1
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
        assert QLocale().name() == "en_US"
        assert QCoreApplication.translate("MainWindow", "%Ln connections", "", 1) == "1 connection"
        assert QCoreApplication.translate("MainWindow", "%Ln connections", "", 0) == "0 connections"
        assert QCoreApplication.translate("MainWindow", "%Ln connections", "", 1500) == (
            "1,500 connections"
        )
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_french_plurals_follow_french_grammar(app: QCoreApplication) -> None:
    translators = install_translators(app, "fr")
    try:
        assert QCoreApplication.translate("MainWindow", "%Ln connections", "", 0) == "0 connexion"
        assert QCoreApplication.translate("MainWindow", "%Ln providers", "", 2) == "2 fournisseurs"
        # Numbers written the French way: a (narrow) space between thousands.
        many = QCoreApplication.translate("MainWindow", "%Ln connections", "", 1500)
        assert many.endswith("500 connexions") and many[1] in "\u202f\u00a0 "
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_settings_offer_the_language_and_say_it_needs_a_restart(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings(language="fr"))
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "fr"
    assert dialog.settings().language == "fr"
    assert "restart" in dialog.language_note.text()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.settings().language == "en"
    dialog.language.setCurrentIndex(0)
    assert dialog.settings().language is None
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == [
        None,
        "en",
        "fr",
    ]


def test_law_labels_follow_the_window_language(app: QCoreApplication) -> None:
    assert jurisdiction_label("EU_GDPR") == "EU / GDPR"
    translators = install_translators(app, "fr")
    try:
        assert jurisdiction_label("EU_GDPR") == "UE / RGPD"
        assert jurisdiction_label("US_REACH") == "Loi américaine (CLOUD Act)"
    finally:
        for translator in translators:
            app.removeTranslator(translator)
    assert jurisdiction_label("US_REACH") == "US law reach"
