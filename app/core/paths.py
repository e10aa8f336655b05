"""Paths people type (``~/GeoIP/city.mmdb``): ``~`` expanded one way everywhere.

pathlib raises RuntimeError for ``~nosuchuser/…``; a typo in a settings file or a command line
must end in a message naming the path, never in a traceback.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_documents_dir

from app.core.i18n import TranslatableError, message
from app.core.text import visible_path


class UnknownHomeError(TranslatableError, ValueError):
    """``~user`` names a user this system does not know."""


def expand_home(path: Path | str) -> Path:
    """``~`` and ``~user`` expanded; UnknownHomeError (one plain line) for an unknown user."""
    path = Path(path)
    try:
        return path.expanduser()
    except RuntimeError:
        raise UnknownHomeError(
            message(
                "{file}: no such user's home folder, cannot find the file",
                file=visible_path(path),
            )
        ) from None


def home_as_tilde(path: Path) -> Path:
    """``path`` with the home folder written ``~`` (``~/Documents/report.pdf``): the same file
    once typed back (`expand_home`), without the login name the home folder's path holds."""
    try:
        return Path("~") / path.relative_to(Path.home())
    except (ValueError, RuntimeError):  # elsewhere, or no home folder known
        return path


def expand_home_leniently(path: Path | str) -> Path:
    """Like `expand_home`, but an unknown user's path stays as written: opening it then fails
    with the usual "file not found" naming it. For places that only list or pass paths on."""
    try:
        return expand_home(path)
    except UnknownHomeError:
        return Path(path)


def save_folder() -> Path:
    """Where a file the user saves is offered first: their documents folder when it exists
    (platformdirs), else their home folder; never a folder that would refuse the file."""
    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()
