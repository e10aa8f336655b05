"""Reading the INI-style key files of desktop clients (Thunderbird's profiles.ini, Evolution's
sources, GNOME Online Accounts) as untrusted data: bounded, never through a symlink, any
problem named in a `Problem` rather than raised."""

from __future__ import annotations

import configparser
import logging
import os
import stat
from pathlib import Path

from app.core.accounts.model import Problem
from app.core.i18n import message, system_reason
from app.core.local_files import UnusableFile, read_small_file

log = logging.getLogger(__name__)


def read_text(path: Path, limit: int, problems: list[Problem]) -> str | None:
    """The file as text (undecodable bytes replaced), None when absent or unusable (said)."""
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            problems.append(Problem(path, message("it is a symbolic link; not followed")))
            return None
        data = read_small_file(path, limit)
    except FileNotFoundError:
        return None
    except UnusableFile as error:
        problems.append(Problem(path, error.message))
        return None
    except OSError as error:
        problems.append(Problem(path, system_reason(error)))
        return None
    return None if data is None else data.decode("utf-8", errors="replace")


def read_keyfile(
    path: Path, limit: int, problems: list[Problem]
) -> configparser.ConfigParser | None:
    """The key file's sections (keys case-sensitive, no interpolation), None when absent or
    unusable (said)."""
    text = read_text(path, limit, problems)
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as error:
        log.debug("%s: %s", path, error)
        problems.append(Problem(path, message("it is not a valid settings file")))
        return None
    return parser
