"""The one error a database file can cause: its own module so that `mmdb` (which opens files)
and `verify` (which vets them first) can both raise it without importing each other."""

from __future__ import annotations


class DatabaseError(Exception):
    """A database file cannot be used; the message names the file and says what is wrong."""
