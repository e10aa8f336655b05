"""The one error a database file can cause: its own module so that `mmdb` (which opens files)
and `verify` (which vets them first) can both raise it without importing each other."""

from __future__ import annotations

from app.core.i18n import TranslatableError


class DatabaseError(TranslatableError):
    """A database file cannot be used; the message names the file and says what is wrong."""
