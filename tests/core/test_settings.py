"""SettingsStore: round trip, atomic write, tolerant load (bad values → defaults, logged)."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import hypothesis.strategies as st
import platformdirs
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from app.core.history.rules import AlertKind, AlertRule
from app.core.settings import (
    FILE_NAME,
    MAX_FILE_BYTES,
    NO_USER_DIRS_ENV,
    Settings,
    SettingsStore,
    parse_dns_server,
)


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "nowhere")
    assert store.load() == Settings()
    assert not (tmp_path / "nowhere").exists()


def test_unusable_alert_rules_are_skipped_one_by_one(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.path.write_text(
        json.dumps(
            {
                "alert_rules": [
                    {"kind": "regime", "regime": "US_REACH", "category": "mail"},
                    {"kind": "regime", "regime": "MARS_LAW"},  # no such law
                    {"kind": "new_country", "regime": "US_REACH"},  # only law rules name one
                    {"kind": "new_galaxy"},
                    {"kind": "new_company", "program": "x" * 201},
                    {"kind": "new_company", "category": "films"},
                    "new_country",
                ],
                "history_days": 4000,
                "alerts_snoozed_until": -1,
            }
        ),
        encoding="utf-8",
    )
    loaded = store.load()
    assert loaded.alert_rules == (AlertRule(AlertKind.REGIME, category="mail", regime="US_REACH"),)
    assert (loaded.history_days, loaded.alerts_snoozed_until) == (30, 0.0)


def test_round_trip_creates_directory(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "config" / "DataLocator")
    wanted = Settings(
        poll_interval_s=0.5,
        reverse_dns=False,
        dns_server="127.0.0.1:5353",
        database_paths=("/data/GeoLite2-City.mmdb", "/data/asn.mmdb"),
        home_country="FR",
        language="fr",
        manual_accounts=("mail:lea@example.org", "url:https://cloud.example.org/dav"),
        presenter_zoom=250,
        anonymise=True,
        history_days=90,
        alerts=False,
        alert_rules=(
            AlertRule(AlertKind.NEW_COMPANY, program="Thunderbird"),
            AlertRule(AlertKind.REGIME, category="photos", regime="OTHER"),
        ),
        alerts_snoozed_until=1_800_000_000.5,
        close_to_tray=False,
        background_notice_shown=True,
        start_at_login=True,
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
        "manual_accounts",
        "window_size",
        "window_maximized",
        "map_split",
        "main_split",
        "presenter_zoom",
        "anonymise",
        "history_days",
        "alerts",
        "alert_rules",
        "alerts_snoozed_until",
        "close_to_tray",
        "background_notice_shown",
        "start_at_login",
    }
    assert on_disk["alert_rules"][0] == {
        "kind": "new_company",
        "program": "Thunderbird",
        "category": "",
        "regime": "",
    }


def test_hand_made_accounts_in_the_file_are_checked_one_by_one(tmp_path: Path) -> None:
    """An entry that is not one (edited by hand, or hostile) is dropped, the others kept."""
    (tmp_path / FILE_NAME).write_text(
        json.dumps(
            {
                "manual_accounts": [
                    "mail:lea@example.org",
                    "mail:not an address",
                    "url:javascript:alert(1)",
                    "url:https://u:secret@cloud.example.org",
                    "service:gmail",
                    "exec:rm -rf /",
                    "mail:lea@example.org",
                ]
            }
        ),
        encoding="utf-8",
    )
    assert SettingsStore(tmp_path).load().manual_accounts == (
        "mail:lea@example.org",
        "url:https://cloud.example.org",
        "service:gmail",
    )
    (tmp_path / FILE_NAME).write_text('{"manual_accounts": "mail:lea@example.org"}')
    assert SettingsStore(tmp_path).load().manual_accounts == ()


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
        ("dns_server", "224.0.0.251"),
        ("poll_interval_s", 10**4000),  # too big for a float
        ("poll_interval_s", -(10**300)),
        ("database_paths", "/one/file.mmdb"),
        ("database_paths", [1, 2]),
        ("home_country", "France"),
        ("language", "français!"),
        ("window_size", [800]),
        ("window_size", [10**9, 600]),
        ("window_size", [True, 600]),
        ("window_size", [50, 600]),
        ("window_maximized", 1),
        ("map_split", [1, 2, 3]),
        ("map_split", [-5, 300]),
        ("main_split", "400,300"),
        ("presenter_zoom", 99),
        ("presenter_zoom", 301),
        ("presenter_zoom", 150.5),
        ("presenter_zoom", True),
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
    [
        "",
        ":53",
        "[::1",
        "[::1]x",
        "[::1]:",
        "1.2.3.4:0",
        "1.2.3.4:",
        "1.2.3.4:x",
        "1.2.3.4:٥٣",
        "dns.example",
        "a b",
        # Not one server: the query would go to whoever listens on the network.
        "224.0.0.251",
        "[ff02::fb]:5353",
        "255.255.255.255",
        "0.0.0.0",
        "::",
        "::ffff:224.0.0.251",
        "240.0.0.1",
    ],
)
def test_parse_dns_server_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_dns_server(text)


# --- a file that cannot be used is moved aside, never deleted, and said once ---------------

STAMP = datetime(2026, 12, 4, 14, 30, 5, tzinfo=UTC)
ASIDE = f"{FILE_NAME}.broken-20261204T143005Z"


def _store(directory: Path) -> SettingsStore:
    return SettingsStore(directory, clock=lambda: STAMP)


def _assert_fresh_start(directory: Path, store: SettingsStore) -> None:
    """After the move: the next load is quiet, and saving works again."""
    assert store.load() == Settings() and store.problem is None
    store.save(Settings(poll_interval_s=3.0))
    assert store.load() == Settings(poll_interval_s=3.0) and store.problem is None


@pytest.mark.parametrize(
    "content",
    [
        b'{"reverse_dns": false, "home_country": "fr\xff"}',  # not UTF-8
        b"[" * 100_000,  # RecursionError in json.loads
        b'{"a":' * 100_000,
        b"[1, 2]",  # JSON, but not an object
        b'"text"',
        b"{not json",
        b"\x00\x01",
        b"",
        b"{" + b" " * MAX_FILE_BYTES + b"}",  # larger than any settings file
    ],
    ids=[
        "not-utf8",
        "deep-list",
        "deep-object",
        "list",
        "string",
        "not-json",
        "nul",
        "empty",
        "huge",
    ],
)
def test_unusable_file_is_moved_aside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    (tmp_path / FILE_NAME).write_bytes(content)
    store = _store(tmp_path)
    with caplog.at_level(logging.WARNING, logger="app.core.settings"):
        assert store.load() == Settings()
    assert store.problem is not None
    assert str(tmp_path / FILE_NAME) in str(store.problem) and ASIDE in str(store.problem)
    assert [r.getMessage() for r in caplog.records] == [str(store.problem)]  # said once
    assert sorted(p.name for p in tmp_path.iterdir()) == [ASIDE]
    assert (tmp_path / ASIDE).read_bytes() == content
    _assert_fresh_start(tmp_path, store)


def test_byte_order_mark_is_fine(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b'\xef\xbb\xbf{"reverse_dns": false}')
    store = _store(tmp_path)
    assert store.load() == Settings(reverse_dns=False)
    assert store.problem is None


def test_earlier_broken_files_are_kept(tmp_path: Path) -> None:
    for attempt in range(3):
        (tmp_path / FILE_NAME).write_bytes(b"[%d]" % attempt)
        _store(tmp_path).load()
    kept = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert kept == {ASIDE: b"[0]", f"{ASIDE}-1": b"[1]", f"{ASIDE}-2": b"[2]"}


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
def test_non_regular_file_is_moved_aside_without_blocking(tmp_path: Path, kind: str) -> None:
    """A FIFO would block the start forever, /dev/zero would fill the memory."""
    path = tmp_path / FILE_NAME
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
        (path / "keep").write_text("x")
    else:
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero here")
        path.symlink_to("/dev/zero")
    store = _store(tmp_path)
    assert store.load() == Settings()
    assert store.problem is not None and "moved" in str(store.problem)
    assert [p.name for p in tmp_path.iterdir()] == [ASIDE]
    if kind == "directory":
        assert (tmp_path / ASIDE / "keep").read_text() == "x"
    _assert_fresh_start(tmp_path, store)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text('{"reverse_dns": false}')
    path.chmod(0)
    store = _store(tmp_path)
    assert store.load() == Settings()
    assert store.problem is not None and "permission" in str(store.problem)
    assert [p.name for p in tmp_path.iterdir()] == [ASIDE]


def test_config_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "DataLocator").write_text("not a folder")
    store = _store(tmp_path / "DataLocator")
    assert store.load() == Settings()
    assert store.problem is not None and "using the defaults" in str(store.problem)
    assert (tmp_path / "DataLocator").read_text() == "not a folder"  # nothing moved


def test_a_good_file_has_no_problem(tmp_path: Path) -> None:
    _store(tmp_path).save(Settings(home_country="FR"))
    store = _store(tmp_path)
    assert store.load() == Settings(home_country="FR")
    assert store.problem is None


# --- fuzzing: whatever the file holds, load gives Settings and never raises -----------------

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
_settings_keys = st.sampled_from(
    [
        "poll_interval_s",
        "reverse_dns",
        "dns_server",
        "database_paths",
        "home_country",
        "language",
        "other",
    ]
)
_documents = st.dictionaries(_settings_keys, _json_values, max_size=7).map(
    lambda document: json.dumps(document).encode()
)
_nested = st.tuples(st.sampled_from(["[", '{"a":']), st.integers(1, 200_000)).map(
    lambda pair: (pair[0] * pair[1]).encode()
)
_contents = st.one_of(
    _documents,
    _json_values.map(lambda value: json.dumps(value).encode()),
    _nested,
    st.binary(max_size=200),
    _documents.flatmap(lambda text: st.binary(max_size=4).map(lambda junk: text[:-1] + junk)),
)


@hypothesis_settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=_contents)
def test_fuzzed_settings_files_always_load(tmp_path: Path, content: bytes) -> None:
    directory = Path(tempfile.mkdtemp(dir=tmp_path))
    path = directory / FILE_NAME
    path.write_bytes(content)
    store = SettingsStore(directory)
    settings = store.load()
    assert isinstance(settings, Settings)
    left = sorted(p.name for p in directory.iterdir())
    if store.problem is None:
        assert left == [FILE_NAME]  # usable: kept where it was, values checked one by one
        assert settings == SettingsStore(directory).load()
    else:
        [aside] = left  # unusable: moved aside with its bytes, never lost
        assert aside.startswith(f"{FILE_NAME}.broken-")
        assert (directory / aside).read_bytes() == content
    # Whatever was loaded is saved and loaded back unchanged.
    again = SettingsStore(directory / "again")
    again.save(settings)
    assert again.load() == settings and again.problem is None


def test_window_geometry_round_trips(tmp_path: Path) -> None:
    """The window's size and splitters survive a restart, as plain numbers in the JSON."""
    saved = Settings(
        window_size=(1200, 700), window_maximized=True, map_split=(900, 300), main_split=(420, 250)
    )
    SettingsStore(tmp_path).save(saved)
    data = json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))
    assert data["window_size"] == [1200, 700] and data["map_split"] == [900, 300]
    assert SettingsStore(tmp_path).load() == saved
