"""The one owner of the settings in the window: changes are announced at once and written off
the GUI thread, in order; a failed save is said; nothing is lost at exit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.settings import Settings, SettingsStore
from app.ui.settings_owner import SettingsOwner
from app.ui.tasks import TaskRunner
from tests.fixtures.windows import WAIT_MS


def test_a_change_is_announced_at_once_and_saved_in_the_background(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    store = SettingsStore(tmp_path / "config")
    owner = SettingsOwner(store, runner)
    old = owner.current
    new = Settings(poll_interval_s=7.0, home_country="FR")
    with qtbot.waitSignal(owner.changed, timeout=WAIT_MS) as changed:
        owner.change(new)
    assert changed.args == [old, new]
    assert owner.current == new
    qtbot.waitUntil(lambda: store.load() == new, timeout=WAIT_MS)
    with qtbot.assertNotEmitted(owner.changed):
        owner.change(Settings(poll_interval_s=7.0, home_country="FR"))  # equal: nothing to do


def test_many_changes_leave_the_last_one_in_the_file(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    store = SettingsStore(tmp_path / "config")
    owner = SettingsOwner(store, runner)
    for seconds in range(1, 30):
        owner.change(Settings(poll_interval_s=float(seconds)))
    qtbot.waitUntil(lambda: store.load().poll_interval_s == 29.0, timeout=WAIT_MS)
    assert owner.current.poll_interval_s == 29.0


def test_a_failed_save_is_said_and_the_settings_still_apply(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the settings folder should be")
    owner = SettingsOwner(SettingsStore(blocker), runner)
    new = Settings(poll_interval_s=9.0)
    with qtbot.waitSignal(owner.saveFailed, timeout=WAIT_MS) as failed:
        owner.change(new)
    assert isinstance(failed.args[0], OSError)  # put into words by the window
    assert owner.current == new


def test_a_save_still_pending_at_exit_is_written(qtbot: Any, tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "config")
    runner = TaskRunner(max_threads=1)
    owner = SettingsOwner(store, runner)
    runner.shutdown(WAIT_MS)  # as at exit: a save queued now is dropped by the runner
    owner.change(Settings(poll_interval_s=11.0))
    assert store.load().poll_interval_s != 11.0
    owner.flush()
    assert store.load().poll_interval_s == 11.0
