"""Start-up with a settings file that could not be used: the window says so once, and database
paths from the settings that cannot even be expanded cost a message, not the start."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.settings import FILE_NAME, Settings, SettingsStore
from app.ui.banner import Banner
from app.ui.launch import show_settings_problem
from app.ui.services import open_locator
from tests.fixtures.geo import build_mmdb


def test_a_moved_settings_file_is_shown_in_the_banner(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"[" * 100_000)
    store = SettingsStore(tmp_path)
    assert store.load() == Settings()
    banner = Banner()
    qtbot.addWidget(banner)
    show_settings_problem(banner, store.problem)
    [message] = banner.messages
    assert str(tmp_path / FILE_NAME) in message and "broken-" in message


def test_no_problem_no_message(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    show_settings_problem(banner, None)
    assert banner.messages == []


def test_the_problem_is_shown_as_inert_text(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    show_settings_problem(banner, "the settings file /home/\udcff\u202eevil could not be used")
    [message] = banner.messages
    assert "\\xff\\u202eevil" in message and "\u202e" not in message


def test_database_path_of_an_unknown_user_is_a_message() -> None:
    locator, errors = open_locator(["~datalocator-no-such-user/x.mmdb"])
    assert any("~datalocator-no-such-user/x.mmdb" in error for error in errors)
    assert locator.sources  # the embedded database still opened


def test_the_window_opens_user_databases_in_its_language(tmp_path: Path) -> None:
    """Place names come from the user's file in the window's language, English otherwise."""
    record = {
        "city": {"names": {"en": "London", "fr": "Londres"}},
        "country": {"iso_code": "GB", "names": {"en": "United Kingdom", "fr": "Royaume-Uni"}},
        "location": {"latitude": 51.5, "longitude": -0.12, "accuracy_radius": 20},
    }
    path = build_mmdb(
        tmp_path / "city.mmdb",
        {"81.2.69.0/24": record},
        database_type="GeoIP2-City",
        languages=("en", "fr"),
    )
    cities = {}
    for language in ("fr", "en"):
        locator, errors = open_locator([str(path)], language)
        assert errors == []
        location = locator.locate("81.2.69.160").location
        assert location is not None
        cities[language] = location.city
    assert cities == {"fr": "Londres", "en": "London"}
