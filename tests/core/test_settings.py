"""SettingsStore: round trip, atomic write, tolerant load (bad values → defaults, logged)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import platformdirs
import pytest

from app.core.settings import (
    FILE_NAME,
    NO_USER_DIRS_ENV,
    Settings,
    SettingsStore,
    parse_dns_server,
)


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "nowhere")
    assert store.load() == Settings()
    assert not (tmp_path / "nowhere").exists()


def test_round_trip_creates_directory(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "config" / "DataLocator")
    wanted = Settings(
        poll_interval_s=0.5,
        reverse_dns=False,
        dns_server="127.0.0.1:5353",
        database_paths=("/data/GeoLite2-City.mmdb", "/data/asn.mmdb"),
        home_country="FR",
        language="fr",
    )
    store.save(wanted)
    assert store.path == tmp_path / "config" / "DataLocator" / FILE_NAME
    assert SettingsStore(tmp_path / "config" / "DataLocator").load() == wanted
    on_disk = json.loads(store.path.read_text(encoding="utf-8"))
    assert on_disk["database_paths"] == ["/data/GeoLite2-City.mmdb", "/data/asn.mmdb"]
    assert set(on_disk) == {
        "poll_interval_s",
        "reverse_dns",
        "dns_server",
        "database_paths",
        "home_country",
        "language",
    }


def test_save_replaces_atomically_and_leaves_no_temporary(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.save(Settings(poll_interval_s=3.0))
    first_inode = (tmp_path / FILE_NAME).stat().st_ino
    store.save(Settings(poll_interval_s=4.0))
    # A new file was renamed over the old one (never rewritten in place).
    assert (tmp_path / FILE_NAME).stat().st_ino != first_inode
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]
    assert store.load().poll_interval_s == 4.0


def test_failed_replace_leaves_no_temporary(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).mkdir()  # the target cannot be replaced by a file
    (tmp_path / FILE_NAME / "keep").write_text("x")
    with pytest.raises(OSError):
        SettingsStore(tmp_path).save(Settings(poll_interval_s=9.0))
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]
    assert (tmp_path / FILE_NAME / "keep").read_text() == "x"


def test_unknown_keys_ignored_and_never_written_back(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text(
        json.dumps({"poll_interval_s": 5, "password": "hunter2", "future_option": [1, 2]}),
        encoding="utf-8",
    )
    store = SettingsStore(tmp_path)
    settings = store.load()
    assert settings == Settings(poll_interval_s=5.0)
    store.save(settings)
    text = (tmp_path / FILE_NAME).read_text(encoding="utf-8")
    assert "hunter2" not in text
    assert "password" not in text


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("poll_interval_s", "fast"),
        ("poll_interval_s", True),
        ("poll_interval_s", 0),
        ("poll_interval_s", 1e9),
        ("reverse_dns", "yes"),
        ("dns_server", 53),
        ("dns_server", "1.2.3.4:99999"),
        ("dns_server", "<b>evil</b>"),
        ("database_paths", "/one/file.mmdb"),
        ("database_paths", [1, 2]),
        ("home_country", "France"),
        ("language", "français!"),
    ],
)
def test_bad_value_falls_back_to_default_with_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, key: str, bad: object
) -> None:
    good = {"poll_interval_s": 7.5, "reverse_dns": False, "home_country": "de"}
    good.pop(key, None)
    (tmp_path / FILE_NAME).write_text(json.dumps({**good, key: bad}), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="app.core.settings"):
        settings = SettingsStore(tmp_path).load()
    assert getattr(settings, key) == getattr(Settings(), key)
    # The other (valid) values survive.
    for name, value in good.items():
        expected = value.upper() if isinstance(value, str) else value
        assert getattr(settings, name) == expected
    assert any(key in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("content", ["{not json", "[1, 2, 3]", "", "\x00\x01"])
def test_corrupt_file_gives_defaults_with_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str
) -> None:
    (tmp_path / FILE_NAME).write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="app.core.settings"):
        assert SettingsStore(tmp_path).load() == Settings()
    assert caplog.records


def test_default_directory_is_memory_only_under_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_USER_DIRS_ENV, "1")
    store = SettingsStore()
    assert store.path is None
    store.save(Settings(poll_interval_s=9.0))
    assert store.load().poll_interval_s == 9.0
    assert SettingsStore().load() == Settings()


def test_default_directory_is_platform_config_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(NO_USER_DIRS_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # honoured on Linux and BSDs
    store = SettingsStore()
    expected = Path(platformdirs.user_config_dir("DataLocator", appauthor=False)) / FILE_NAME
    assert store.path == expected
    if sys.platform.startswith("linux"):
        assert store.path == tmp_path / "DataLocator" / FILE_NAME
    assert not expected.exists()  # building a store touches nothing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1", ("127.0.0.1", 53)),
        ("127.0.0.1:5353", ("127.0.0.1", 5353)),
        ("[2001:db8::53]", ("2001:db8::53", 53)),
        ("::1", ("::1", 53)),
        ("[::1]:5300", ("::1", 5300)),
        (" 9.9.9.9 ", ("9.9.9.9", 53)),
    ],
)
def test_parse_dns_server(text: str, expected: tuple[str, int]) -> None:
    assert parse_dns_server(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", ":53", "[::1", "[::1]x", "1.2.3.4:0", "1.2.3.4:", "1.2.3.4:x", "dns.example", "a b"],
)
def test_parse_dns_server_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_dns_server(text)
