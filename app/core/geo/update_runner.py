"""One update the user asked for, run to the end on a worker thread.

Finds the MaxMind credentials (typed, or the keyring's), saves typed ones when asked, downloads
through ``update_databases`` and turns per-file progress into one percentage. Qt-free and
blocking: the window runs it through its task runner and shows the outcome.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from keyring.backend import KeyringBackend

from app.core.geo.secrets import (
    MaxMindCredentials,
    load_maxmind_credentials,
    store_maxmind_credentials,
)
from app.core.geo.update import (
    ProgressCallback,
    UpdateProgress,
    UpdateResult,
    UpdateSource,
    UpdateStatus,
)


class UpdateFunction(Protocol):
    """The part of ``update_databases``' signature the window uses (tests inject a partial)."""

    def __call__(
        self,
        sources: Sequence[UpdateSource],
        target_dir: Path,
        *,
        credentials: MaxMindCredentials | None = None,
        base_url: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        progress: ProgressCallback | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> list[UpdateResult]: ...


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    source: UpdateSource
    target_dir: Path
    credentials: MaxMindCredentials | None  # typed by the user; None → the keyring's, if any
    save_credentials: bool
    base_url: str | None
    ssl_context: ssl.SSLContext | None


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    results: tuple[UpdateResult, ...]
    missing_key: bool = False  # the source needs credentials and none were given or stored
    saved_key: bool = False  # the typed credentials are now in the keyring

    @property
    def changed(self) -> bool:
        return any(result.status is UpdateStatus.UPDATED for result in self.results)


class ProgressTracker:
    """Turns per-file byte counts into one percentage over all files of the source.

    Called on the worker thread; calls ``emit(percent, file_name)`` only when the value
    changes (percent -1: the server sent no size, the bar shows "busy").
    """

    def __init__(self, files: Sequence[str], emit: Callable[[int, str], None]) -> None:
        self._files = tuple(files)
        self._emit = emit
        self._last: tuple[int, str] | None = None

    def __call__(self, progress: UpdateProgress) -> None:
        count = max(1, len(self._files))
        index = self._files.index(progress.file_name) if progress.file_name in self._files else 0
        if progress.total:
            fraction = min(1.0, progress.received / progress.total)
            percent = int(100 * (index + fraction) / count)
        else:
            percent = -1
        current = (percent, progress.file_name)
        if current != self._last:
            self._last = current
            self._emit(percent, progress.file_name)


def run_update(
    request: UpdateRequest,
    update: UpdateFunction,
    keyring_backend: KeyringBackend | None,
    progress: ProgressCallback,
    cancel: Callable[[], bool],
) -> UpdateOutcome:
    """Blocking: find the credentials, save them if asked, download. Worker thread only.

    Raises SecretStoreUnavailable before any download when the keyring is needed (to save the
    typed key, or to read a saved one) and cannot be used.
    """
    credentials: MaxMindCredentials | None = None
    saved = False
    if request.source.needs_credentials:
        if request.credentials is not None:
            credentials = request.credentials
            if request.save_credentials:
                store_maxmind_credentials(credentials, backend=keyring_backend)
                saved = True
        else:
            credentials = load_maxmind_credentials(backend=keyring_backend)
        if credentials is None:
            return UpdateOutcome((), missing_key=True)
    results = update(
        [request.source],
        request.target_dir,
        credentials=credentials,
        base_url=request.base_url,
        ssl_context=request.ssl_context,
        progress=progress,
        cancel=cancel,
    )
    return UpdateOutcome(tuple(results), saved_key=saved)
