"""The "Location databases" window against real parts: the real update code downloading from a
loopback HTTPS server (trustme CA) serving real .mmdb files, the real keyring API with a
keyrings.alt file backend in tmp_path, a real settings file and the real thread pool."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.core.geo.locator import Locator
from app.core.geo.mmdb import DatabaseInfo
from app.core.geo.secrets import (
    ACCOUNT_ID_USER,
    LICENSE_KEY_USER,
    SERVICE,
)
from app.core.geo.update import (
    CHUNK_SIZE,
    UpdateResult,
    UpdateSource,
    UpdateStatus,
    dbip_lite_source,
    source_by_key,
    update_databases,
)
from app.core.i18n import verbatim
from app.core.settings import Settings, SettingsStore
from app.ui.data_actions import make_data_actions
from app.ui.databases_dialog import DatabasesDialog
from app.ui.qt import QMenu
from app.ui.settings_owner import SettingsOwner
from app.ui.tasks import TaskRunner
from tests.fixtures.geo import BUILD_EPOCH, COUNTRY_TYPE, GeoFixtureDbs, build_mmdb
from tests.fixtures.https import FixtureServer, Route, gz, sha256_line, tar_gz

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|activateWindow)\(\)"
)

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
WAIT_MS = 20_000
TODAY = date(2024, 5, 17)  # the update asks for this month's DB-IP files
MONTH = "2024-05"
NOW = datetime(2024, 6, 15, tzinfo=UTC)  # the fixture databases (2024-05-01) are a month old
OLD_EPOCH = BUILD_EPOCH - 86400 * 365  # 2023-05: a year old, stale
ACCOUNT_ID = "424242"
LICENSE_KEY = "Qw7uiLICENCEsecret_9"
AUTH = "Basic NDI0MjQyOlF3N3VpTElDRU5DRXNlY3JldF85"  # base64("424242:Qw7uiLICENCEsecret_9")


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    runner = TaskRunner(max_threads=2)
    yield runner
    assert runner.shutdown(WAIT_MS)


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "config")


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "keyring" / "keyring_pass.cfg"


@pytest.fixture
def file_keyring(key_file: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(key_file)
    return backend


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "downloads"


class Picker:
    """What the user picks in the file dialog (the real QFileDialog is not scriptable)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.parents: list[QWidget] = []

    def __call__(self, parent: QWidget) -> Sequence[str]:
        self.parents.append(parent)
        return list(self.paths)


@pytest.fixture
def picker() -> Picker:
    return Picker()


DialogFactory = Callable[..., DatabasesDialog]


@pytest.fixture
def make_dialog(
    qtbot: Any,
    runner: TaskRunner,
    store: SettingsStore,
    data_dir: Path,
    https_server: FixtureServer,
    https_client_context: Any,
    file_keyring: PlaintextKeyring,
    picker: Picker,
) -> DialogFactory:
    def make(**overrides: Any) -> DatabasesDialog:
        kwargs: dict[str, Any] = {
            "data_dir": data_dir,
            "update": partial(update_databases, today=TODAY, proxies={}, timeout=10),
            "base_url": https_server.base_url,
            "ssl_context": https_client_context,
            "keyring_backend": file_keyring,
            "choose_files": picker,
            "now": lambda: NOW,
        }
        kwargs.update(overrides)
        dialog = DatabasesDialog(runner, SettingsOwner(store, runner), **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def serve_dbip(server: FixtureServer, country: bytes, asn: bytes | None = None) -> None:
    server.routes[f"/free/dbip-country-lite-{MONTH}.mmdb.gz"] = Route(gz(country))
    if asn is not None:
        server.routes[f"/free/dbip-asn-lite-{MONTH}.mmdb.gz"] = Route(gz(asn))


def serve_maxmind(server: FixtureServer, geo: GeoFixtureDbs, auth: str) -> None:
    for edition, path in (("GeoLite2-City", geo.city), ("GeoLite2-ASN", geo.asn)):
        packed = tar_gz({f"{edition}_20240501/{edition}.mmdb": path.read_bytes()})
        base = f"/geoip/databases/{edition}/download"
        server.routes[f"{base}?suffix=tar.gz"] = Route(packed, require_auth=auth)
        server.routes[f"{base}?suffix=tar.gz.sha256"] = Route(
            sha256_line(packed, f"{edition}.tar.gz"), require_auth=auth
        )


def country_only(key: str) -> UpdateSource:
    return dbip_lite_source(["country"]) if key == "dbip" else source_by_key(key)


def stale_country_db(path: Path, database_type: str, **options: Any) -> Path:
    """A year-old country database holding only 8.8.8.0/24 (US)."""
    return build_mmdb(
        path,
        {"8.8.8.0/24": {"country": {"iso_code": "US"}}},
        database_type=database_type,
        build_epoch=OLD_EPOCH,
        **options,
    )


def sources_of(*paths: Path) -> tuple[DatabaseInfo, ...]:
    locator, errors = Locator.from_paths(list(paths))
    assert errors == []
    try:
        return locator.sources
    finally:
        locator.close()


def result_texts(dialog: DatabasesDialog) -> list[str]:
    return [dialog.results.item(i).text() for i in range(dialog.results.count())]


def save_screenshot(widget: QWidget, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    QApplication.processEvents()
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 0
    return path


def everything_written(*roots: Path) -> str:
    return "".join(
        p.read_text(errors="replace")
        for root in roots
        if root.exists()
        for p in root.rglob("*")
        if p.is_file()
    )


# --- the list -------------------------------------------------------------------------------


def test_lists_sources_with_age_and_highlights_stale_ones(
    make_dialog: DialogFactory, geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    old = stale_country_db(
        tmp_path / "old-country.mmdb",
        "DBIP-Country-Lite",
        description="<b>bold</b> & <img src=x>",  # untrusted text from a file
    )
    dialog = make_dialog(sources=sources_of(geo_fixture_dbs.city, old))

    [fresh, stale] = dialog.rows
    assert (fresh.kind, fresh.stale, fresh.in_use) == ("city", False, True)
    assert fresh.age == "built 2024-05-01, 1 month old"
    assert stale.stale and "older than 6 months" in stale.age
    assert stale.age.startswith("built 2023-05-02, 13 months old")
    fresh_item, stale_item = dialog.tree.topLevelItem(0), dialog.tree.topLevelItem(1)
    assert fresh_item.text(2) == fresh.age
    assert stale_item.text(2) == stale.age.replace(" — ", "\n")  # the warning on its own line
    assert fresh_item.icon(2).isNull()
    assert not stale_item.icon(2).isNull()  # the warning icon
    assert stale_item.background(2).color().name() != fresh_item.background(2).color().name()
    assert stale_item.text(3) == old.name
    assert str(old) in stale_item.toolTip(3)
    assert "1 of 2 databases is older than 6 months" in dialog.summary.text()
    # The file's description reaches the tool tip escaped, never as markup.
    assert "&lt;b&gt;bold&lt;/b&gt;" in stale_item.toolTip(0)
    assert "<b>" not in stale_item.toolTip(0)
    assert not dialog.remove_button.isEnabled()  # nothing of the user's is selected

    dialog.set_sources(sources_of(geo_fixture_dbs.city))
    assert [r.stale for r in dialog.rows] == [False]
    assert "less than 6 months old" in dialog.summary.text()


# --- the user's own files ---------------------------------------------------------------------


def test_adding_a_non_mmdb_file_names_it_and_changes_nothing(
    qtbot: Any, make_dialog: DialogFactory, picker: Picker, store: SettingsStore, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.mmdb"
    notes.write_text("these are my notes, not a database\n" * 20)
    gone = tmp_path / "gone.mmdb"
    picker.paths = [str(notes), str(gone)]
    dialog = make_dialog()

    with qtbot.assertNotEmitted(dialog.databasesChanged, wait=100):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(dialog.banner.messages) == 2, timeout=WAIT_MS)

    text = dialog.banner.text()
    assert f"{notes}: not a MaxMind DB file" in text
    assert f"{gone}: file not found" in text
    assert dialog.banner.isVisible()
    assert picker.parents == [dialog]
    assert store.load().database_paths == ()
    assert dialog.rows == ()


def test_adding_a_good_file_saves_it_and_removing_it_forgets_it(
    qtbot: Any,
    make_dialog: DialogFactory,
    picker: Picker,
    store: SettingsStore,
    geo_fixture_dbs: GeoFixtureDbs,
) -> None:
    store.save(Settings(poll_interval_s=7.0))
    dialog = make_dialog()
    picker.paths = [str(geo_fixture_dbs.asn)]

    with qtbot.waitSignal(dialog.databasesChanged, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    # Saved off the GUI thread by the settings' owner.
    qtbot.waitUntil(lambda: store.load().database_paths != (), timeout=WAIT_MS)
    saved = store.load()
    assert saved.database_paths == (str(geo_fixture_dbs.asn),)
    assert saved.poll_interval_s == 7.0  # the other settings are kept
    [row] = dialog.rows
    assert (row.kind, row.in_use, row.user_entry) == ("asn", False, str(geo_fixture_dbs.asn))
    assert "loading" in dialog.tree.topLevelItem(0).text(2)

    # The main window reloads its Locator and hands the new sources over.
    dialog.set_sources(sources_of(geo_fixture_dbs.asn))
    [row] = dialog.rows
    assert row.in_use and row.origin == "user db: test-asn.mmdb"
    assert dialog.tree.topLevelItem(0).text(1) == "Your file"

    # Adding it again is refused politely.
    dialog.add_files([str(geo_fixture_dbs.asn)])
    assert "already in the list" in dialog.banner.text()

    dialog.tree.topLevelItem(0).setSelected(True)
    assert dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.databasesChanged, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.load().database_paths == (), timeout=WAIT_MS)
    assert geo_fixture_dbs.asn.exists()  # removed from the list, not deleted


def test_a_saved_file_that_cannot_be_opened_is_listed_with_the_reason(
    qtbot: Any, make_dialog: DialogFactory, store: SettingsStore, tmp_path: Path
) -> None:
    truncated = tmp_path / "GeoLite2-City.mmdb"
    truncated.write_bytes(b"\x00" * 64)
    store.save(Settings(database_paths=(str(truncated),)))

    dialog = make_dialog()

    qtbot.waitUntil(lambda: dialog.rows and dialog.rows[0].problem is not None, timeout=WAIT_MS)
    [row] = dialog.rows
    assert not row.in_use
    assert row.problem is not None and row.problem.startswith(f"{truncated}: not a MaxMind DB")
    item = dialog.tree.topLevelItem(0)
    assert item.text(2) == "Not in use:\n" + row.problem.removeprefix(f"{truncated}: ")
    assert item.text(3) == truncated.name
    assert row.problem in item.toolTip(2)  # the whole message, path included
    assert not dialog.tree.topLevelItem(0).icon(2).isNull()  # an error icon
    assert "No location database is in use" in dialog.summary.text()


# --- updates ------------------------------------------------------------------------------------


def test_dbip_update_downloads_reports_progress_and_announces_the_change(
    qtbot: Any,
    make_dialog: DialogFactory,
    https_server: FixtureServer,
    geo_fixture_dbs: GeoFixtureDbs,
    data_dir: Path,
    tmp_path: Path,
) -> None:
    serve_dbip(https_server, geo_fixture_dbs.country.read_bytes(), geo_fixture_dbs.asn.read_bytes())
    old = stale_country_db(tmp_path / "old.mmdb", "DataLocator-Country")
    dialog = make_dialog(sources=sources_of(old))
    seen: list[int] = []
    delivered_on: set[threading.Thread] = set()
    dialog.progressChanged.connect(seen.append)
    dialog.progressChanged.connect(lambda _p: delivered_on.add(threading.current_thread()))
    assert dialog.dbip_choice.isChecked()

    with qtbot.waitSignals([dialog.databasesChanged, dialog.updateFinished], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)
        assert dialog.update_running
        assert not dialog.update_button.isEnabled() and dialog.cancel_button.isEnabled()

    assert (
        data_dir / "dbip-country-lite.mmdb"
    ).read_bytes() == geo_fixture_dbs.country.read_bytes()
    assert (data_dir / "dbip-asn-lite.mmdb").read_bytes() == geo_fixture_dbs.asn.read_bytes()
    assert seen and seen[-1] == 100 and seen == sorted(seen)
    assert delivered_on == {threading.main_thread()}  # marshalled from the worker thread
    assert dialog.progress.value() == 100
    assert not dialog.update_running
    assert dialog.update_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert result_texts(dialog) == [
        f"dbip-country-lite.mmdb: updated to {COUNTRY_TYPE} built 2024-05-01",
        "dbip-asn-lite.mmdb: updated to DataLocator-Test-ASN built 2024-05-01",
    ]
    assert "Updated 2 databases" in dialog.update_status.text()
    assert all(s.authorization is None for s in https_server.requests)

    # What the main window does on databasesChanged: reopen, then hand the sources back.
    dialog.set_sources(
        sources_of(data_dir / "dbip-country-lite.mmdb", data_dir / "dbip-asn-lite.mmdb", old)
    )
    assert [r.origin for r in dialog.rows][:2] == [
        "downloaded: dbip-country-lite.mmdb",
        "downloaded: dbip-asn-lite.mmdb",
    ]
    assert [r.stale for r in dialog.rows] == [False, False, True]
    save_screenshot(dialog, "databases-dialog.png")


def test_corrupt_download_shows_the_error_and_keeps_the_working_file(
    qtbot: Any,
    make_dialog: DialogFactory,
    https_server: FixtureServer,
    geo_fixture_dbs: GeoFixtureDbs,
    data_dir: Path,
) -> None:
    data_dir.mkdir()
    installed = data_dir / "dbip-country-lite.mmdb"
    installed.write_bytes(geo_fixture_dbs.country.read_bytes())
    half = geo_fixture_dbs.city.read_bytes()[:2000]  # a truncated database inside a good .gz
    serve_dbip(https_server, half)
    dialog = make_dialog(sources_by_key=country_only)

    with (
        qtbot.assertNotEmitted(dialog.databasesChanged),
        qtbot.waitSignal(dialog.updateFinished, timeout=WAIT_MS) as finished,
    ):
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)

    [result] = finished.args[0].results
    assert result.status is UpdateStatus.FAILED
    assert installed.read_bytes() == geo_fixture_dbs.country.read_bytes()
    assert sorted(p.name for p in data_dir.iterdir()) == ["dbip-country-lite.mmdb"]
    [text] = result_texts(dialog)
    assert "dbip-country-lite.mmdb" in text
    assert "not a MaxMind DB file" in text
    assert "installed database was kept" in text
    assert dialog.results.isVisible()
    assert "failed" in dialog.update_status.text()
    assert dialog.progress.format() == "Failed"


def test_cancel_reaches_the_download_and_keeps_the_installed_file(
    qtbot: Any,
    make_dialog: DialogFactory,
    https_server: FixtureServer,
    geo_fixture_dbs: GeoFixtureDbs,
    data_dir: Path,
) -> None:
    serve_dbip(https_server, geo_fixture_dbs.country.read_bytes())
    data_dir.mkdir()
    installed = data_dir / "dbip-country-lite.mmdb"
    installed.write_bytes(b"installed")
    started = threading.Event()
    ran_on: list[threading.Thread] = []

    def update_after_cancel(*args: Any, cancel: Callable[[], bool], **kwargs: Any) -> Any:
        """The real update, entered only once the user has pressed Cancel."""
        ran_on.append(threading.current_thread())
        started.set()
        while not cancel():
            threading.Event().wait(0.01)
        return update_databases(*args, cancel=cancel, today=TODAY, proxies={}, timeout=10, **kwargs)

    dialog = make_dialog(sources_by_key=country_only, update=update_after_cancel)
    with qtbot.waitSignal(dialog.updateFinished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.update_status.text() == "Cancelling…"

    assert [r.status for r in finished.args[0].results] == [UpdateStatus.CANCELLED]
    assert ran_on and ran_on[0] is not threading.main_thread()  # never on the GUI thread
    assert installed.read_bytes() == b"installed"
    assert https_server.requests == []
    assert "Cancelled" in dialog.update_status.text()


def test_cancel_stops_a_stalled_download_at_once(
    qtbot: Any,
    make_dialog: DialogFactory,
    https_server: FixtureServer,
    data_dir: Path,
) -> None:
    """The server sends 64 KiB and then nothing: the worker is blocked reading the next chunk
    (the socket timeout is 10 s here, 60 s by default) and Cancel must still end it at once."""
    body = bytes(range(256)) * 1024
    https_server.routes[f"/free/dbip-country-lite-{MONTH}.mmdb.gz"] = Route(
        body, burst=CHUNK_SIZE + 10, drip_every=3600
    )
    data_dir.mkdir()
    installed = data_dir / "dbip-country-lite.mmdb"
    installed.write_bytes(b"installed")
    worker: list[int] = []

    def update(*args: Any, **kwargs: Any) -> Any:
        worker.append(threading.get_native_id())
        return update_databases(*args, today=TODAY, proxies={}, timeout=10, **kwargs)

    dialog = make_dialog(sources_by_key=country_only, update=update)
    with qtbot.waitSignal(dialog.progressChanged, check_params_cb=lambda p: p > 0):
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sleeping(worker[0]), timeout=WAIT_MS)  # blocked in the read

    with qtbot.waitSignal(dialog.updateFinished, timeout=5_000) as finished:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    assert [r.status for r in finished.args[0].results] == [UpdateStatus.CANCELLED]
    assert installed.read_bytes() == b"installed"
    assert sorted(p.name for p in data_dir.iterdir()) == ["dbip-country-lite.mmdb"]
    assert "Cancelled" in dialog.update_status.text()
    assert dialog.update_button.isEnabled() and not dialog.cancel_button.isEnabled()


def sleeping(native_id: int) -> bool:
    """Whether the thread sleeps in the kernel (here: waiting for bytes that never come)."""
    stat = Path(f"/proc/self/task/{native_id}/stat").read_text()
    return stat.rpartition(")")[2].split()[0] == "S"


def test_a_dripping_server_ends_the_update_with_took_too_long(
    qtbot: Any,
    make_dialog: DialogFactory,
    https_server: FixtureServer,
    geo_fixture_dbs: GeoFixtureDbs,
) -> None:
    packed = gz(geo_fixture_dbs.country.read_bytes())
    https_server.routes[f"/free/dbip-country-lite-{MONTH}.mmdb.gz"] = Route(packed, drip_every=0.2)
    update = partial(update_databases, today=TODAY, proxies={}, timeout=10, deadline=1)
    dialog = make_dialog(sources_by_key=country_only, update=update)

    with qtbot.waitSignal(dialog.updateFinished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)

    [result] = finished.args[0].results
    assert result.status is UpdateStatus.FAILED
    [text] = result_texts(dialog)
    assert "took too long" in text
    assert dialog.progress.format() == "Failed"


def test_maxmind_without_a_key_says_what_is_needed_and_downloads_nothing(
    qtbot: Any, make_dialog: DialogFactory, https_server: FixtureServer, data_dir: Path
) -> None:
    dialog = make_dialog()
    dialog.maxmind_choice.setChecked(True)
    assert dialog.maxmind_fields.isEnabled()
    assert dialog.license_key.echoMode() == dialog.license_key.EchoMode.Password
    qtbot.waitUntil(lambda: "No licence key is saved" in dialog.key_status.text(), timeout=WAIT_MS)

    with qtbot.assertNotEmitted(dialog.databasesChanged, wait=100):
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)

    assert "MaxMind GeoLite2 needs your account ID and licence key" in dialog.banner.text()
    assert "DB-IP Lite, which needs no account" in dialog.banner.text()
    assert "no licence key" in dialog.update_status.text()
    assert not dialog.update_running
    assert https_server.requests == []
    assert not data_dir.exists()


def test_maxmind_with_a_typed_key_saves_it_in_the_keyring_only(
    qtbot: Any,
    make_dialog: DialogFactory,
    https_server: FixtureServer,
    geo_fixture_dbs: GeoFixtureDbs,
    file_keyring: PlaintextKeyring,
    store: SettingsStore,
    data_dir: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    serve_maxmind(https_server, geo_fixture_dbs, AUTH)
    store.save(Settings())
    dialog = make_dialog()
    dialog.maxmind_choice.setChecked(True)
    qtbot.waitUntil(lambda: "No licence key is saved" in dialog.key_status.text(), timeout=WAIT_MS)
    qtbot.keyClicks(dialog.account_id, ACCOUNT_ID)
    qtbot.keyClicks(dialog.license_key, LICENSE_KEY)
    assert dialog.save_key.isChecked()

    with qtbot.waitSignal(dialog.databasesChanged, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)

    assert (data_dir / "GeoLite2-City.mmdb").read_bytes() == geo_fixture_dbs.city.read_bytes()
    assert {s.authorization for s in https_server.requests} == {AUTH}
    assert file_keyring.get_password(SERVICE, LICENSE_KEY_USER) == LICENSE_KEY
    assert file_keyring.get_password(SERVICE, ACCOUNT_ID_USER) == ACCOUNT_ID
    assert dialog.license_key.text() == ""  # the key does not linger in the window
    assert dialog.forget_button.isEnabled()
    assert "saved in the system keyring" in dialog.key_status.text()
    # Never in the settings file, a message on screen or a log record.
    assert LICENSE_KEY not in everything_written(tmp_path / "config")
    assert json.loads((tmp_path / "config" / "settings.json").read_text())["database_paths"] == []
    shown = [dialog.banner.text(), dialog.update_status.text(), *result_texts(dialog)]
    for text in (*shown, caplog.text):
        assert LICENSE_KEY not in text
        assert AUTH.removeprefix("Basic ") not in text

    # Next time the saved key is used without typing it.
    https_server.requests.clear()
    dialog.maxmind_choice.setChecked(True)
    with qtbot.waitSignal(dialog.updateFinished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)
    assert [r.status for r in finished.args[0].results] == [UpdateStatus.UPDATED] * 2
    assert {s.authorization for s in https_server.requests} == {AUTH}

    qtbot.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "removed from the keyring" in dialog.key_status.text(), timeout=WAIT_MS)
    assert file_keyring.get_password(SERVICE, LICENSE_KEY_USER) is None
    assert not dialog.forget_button.isEnabled()


def test_unusable_keyring_stops_before_downloading_and_stores_nothing(
    qtbot: Any,
    make_dialog: DialogFactory,
    https_server: FixtureServer,
    geo_fixture_dbs: GeoFixtureDbs,
    data_dir: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    serve_maxmind(https_server, geo_fixture_dbs, AUTH)
    dialog = make_dialog(keyring_backend=fail.Keyring())
    dialog.maxmind_choice.setChecked(True)
    qtbot.waitUntil(lambda: "cannot be used" in dialog.key_status.text(), timeout=WAIT_MS)
    assert "No usable keyring backend" in dialog.banner.text()  # said as soon as it is known
    dialog.banner.dismiss()
    dialog.account_id.setText(ACCOUNT_ID)
    dialog.license_key.setText(LICENSE_KEY)

    with (
        qtbot.assertNotEmitted(dialog.databasesChanged),
        qtbot.waitSignal(dialog.updateFinished, timeout=WAIT_MS),
    ):
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)

    assert "No usable keyring backend was found (keyring.backends.fail.Keyring)" in (
        dialog.banner.text()
    )
    assert "Nothing was downloaded" in dialog.update_status.text()
    assert https_server.requests == []
    assert not data_dir.exists()
    assert LICENSE_KEY not in everything_written(tmp_path)
    assert LICENSE_KEY not in caplog.text
    assert dialog.license_key.text() == LICENSE_KEY  # kept so the user can retry without saving

    # Without "save", the typed key is used for this download only.
    dialog.save_key.setChecked(False)
    with qtbot.waitSignal(dialog.databasesChanged, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)
    assert (data_dir / "GeoLite2-ASN.mmdb").read_bytes() == geo_fixture_dbs.asn.read_bytes()
    assert LICENSE_KEY not in everything_written(tmp_path)


def test_bad_typed_credentials_are_refused_on_the_spot(
    make_dialog: DialogFactory, https_server: FixtureServer
) -> None:
    dialog = make_dialog()
    dialog.maxmind_choice.setChecked(True)
    dialog.account_id.setText("me@example.org")
    dialog.license_key.setText(LICENSE_KEY)
    dialog.start_update()
    assert "The MaxMind account ID is a number" in dialog.banner.text()
    assert not dialog.update_running
    assert https_server.requests == []


def test_maxmind_screenshot(
    qtbot: Any, make_dialog: DialogFactory, store: SettingsStore, tmp_path: Path
) -> None:
    broken = tmp_path / "GeoIP2-City.mmdb"
    broken.write_bytes(b"")
    store.save(Settings(database_paths=(str(broken),)))
    old = stale_country_db(tmp_path / "dbip-country-lite.mmdb", "DBIP-Country-Lite")
    dialog = make_dialog(sources=sources_of(old))
    dialog.hide()
    dialog.show_and_raise(focus_update=True)
    assert dialog.isVisible()
    dialog.maxmind_choice.setChecked(True)
    qtbot.waitUntil(lambda: "No licence key is saved" in dialog.key_status.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.rows[-1].problem is not None, timeout=WAIT_MS)
    assert dialog.rows[-1].problem == f"{broken}: not a MaxMind DB file (empty file)"
    dialog.account_id.setText(ACCOUNT_ID)
    dialog.license_key.setText(LICENSE_KEY)
    path = save_screenshot(dialog, "databases-dialog-maxmind.png")
    assert path.exists()


def test_update_results_are_plain_text(make_dialog: DialogFactory, tmp_path: Path) -> None:
    dialog = make_dialog()
    evil = UpdateResult(
        "dbip", "x.mmdb", tmp_path / "x.mmdb", UpdateStatus.FAILED, verbatim("<b>x</b> failed")
    )
    dialog._show_results([evil])
    assert dialog.results.item(0).text() == "<b>x</b> failed"
    assert "&lt;b&gt;" in dialog.results.item(0).toolTip()


# --- the Data menu actions ------------------------------------------------------------------


def test_data_actions_open_what_they_say(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    opened: list[str] = []
    actions = make_data_actions(
        parent,
        open_databases=lambda: opened.append("databases"),
        open_update=lambda: opened.append("update"),
        open_about=lambda: opened.append("about"),
    )
    menu = QMenu(parent)
    actions.add_to(menu)

    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Location &databases…",
        "&Update location databases…",
        "Data sources and &licences…",
    ]
    assert actions.databases.shortcut().toString() == "Ctrl+Shift+D"
    assert actions.update.shortcut().toString() == "Ctrl+Shift+U"
    shortcuts = [a.shortcut().toString() for a in menu.actions() if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts))
    for action in (actions.databases, actions.update, actions.about):
        action.trigger()
    assert opened == ["databases", "update", "about"]
