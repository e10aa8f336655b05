"""The one owner of the settings while the window runs.

Everything reads `current`; every change goes through `change()`, which notifies at once
(`changed`) and writes the file off the GUI thread (a slow or full disk must not freeze the
window), one save after another so the file ends with the latest settings. Nothing else writes
the settings file.
"""

from __future__ import annotations

import logging
from functools import partial

from app.core.i18n import Message
from app.core.settings import Settings, SettingsStore
from app.ui.qt import QObject, Signal
from app.ui.tasks import Runner

log = logging.getLogger(__name__)


class SettingsOwner(QObject):
    changed = Signal(object, object)  # (old, new) Settings, on the GUI thread
    saveFailed = Signal(object)  # the exception (put into words by whoever shows it)

    def __init__(self, store: SettingsStore, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._current = store.load()
        self._problem = store.problem  # what loading found wrong (a broken file set aside)
        self._saver = runner.bounded(1)  # one thread: saves land in the order they were made
        self._unsaved: Settings | None = None  # the latest settings while their save is pending

    @property
    def current(self) -> Settings:
        return self._current

    @property
    def problem(self) -> Message | None:
        return self._problem

    def change(self, new: Settings) -> None:
        """Use ``new`` from now on and save it in the background (nothing when unchanged)."""
        old = self._current
        if new == old:
            return
        self._current = self._unsaved = new
        self._saver.run_task(
            partial(self._store.save, new), partial(self._on_saved, new), self._on_save_failed
        )
        self.changed.emit(old, new)

    def flush(self) -> None:
        """At exit: write settings whose save had not happened yet (a queued save is dropped
        when the task runner shuts down). Blocking, but only when something is left."""
        pending, self._unsaved = self._unsaved, None
        if pending is None:
            return
        try:
            self._store.save(pending)
        except OSError as error:
            log.warning("settings not saved at exit: %s", error)

    def _on_saved(self, saved: Settings, _result: None) -> None:
        if saved is self._unsaved:
            self._unsaved = None

    def _on_save_failed(self, error: BaseException) -> None:
        log.warning("settings not saved: %s", error)
        self.saveFailed.emit(error)
