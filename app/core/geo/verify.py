"""Vetting an untrusted MaxMind DB file before the in-process C reader may open it.

INTERFACE STUB (to be implemented): a file on disk that the user, a download or another
program put there is untrusted. `verify_database` must raise `DatabaseError` (one plain line
naming the file) for anything that is not a safe, readable MaxMind DB, within `deadline`
seconds, and return quickly once `cancelled()` turns true (raising `VerificationCancelled`).
It never hangs, never crashes the calling process and never lets another exception escape.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.geo.mmdb import DatabaseError

DEFAULT_DEADLINE_S = 30.0


class VerificationCancelled(DatabaseError):
    """The caller cancelled the check (e.g. the user pressed Cancel during an update)."""


def verify_database(
    path: Path,
    *,
    deadline: float = DEFAULT_DEADLINE_S,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Raise DatabaseError unless `path` is a safe, readable MaxMind DB file."""
    del path, deadline, cancelled
