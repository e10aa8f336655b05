"""Reading a small local file that anyone may have put there: the one safe way.

Settings, mail-client profiles and sync-client configs are read the same way: opened without
blocking and checked to be a regular file under a size limit, so a FIFO, a device, a folder or
a huge file at that path can neither hang nor flood the app. What cannot be used is an
`UnusableFile` whose message says why, in the reader's language.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from app.core.i18n import TranslatableError, message


class UnusableFile(TranslatableError):
    """The file exists but cannot be used; the message says why."""


def read_small_file(path: Path, limit: int) -> bytes | None:
    """The file's bytes, None when there is none; UnusableFile or OSError when it cannot be
    used (a folder, not a regular file, larger than ``limit`` bytes)."""
    handle = _open_regular(path)
    if handle is None:
        return None
    with handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnusableFile(message("it is larger than {limit} KiB", limit=limit // 1024))
    return data


def read_file_start(path: Path, limit: int) -> bytes | None:
    """The first ``limit`` bytes of a file of any size (a message's headers come first), None
    when there is none; UnusableFile or OSError as `read_small_file`."""
    handle = _open_regular(path)
    if handle is None:
        return None
    with handle:
        return handle.read(limit)


def _open_regular(path: Path) -> BinaryIO | None:
    """The file opened for reading without blocking, checked to be a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return None
    except IsADirectoryError:  # Windows refuses to open folders
        raise UnusableFile(message("it is a folder")) from None
    try:
        mode = os.fstat(descriptor).st_mode
    except OSError:
        os.close(descriptor)
        raise
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise UnusableFile(message("it is a folder"))
        raise UnusableFile(message("it is not a regular file"))
    return os.fdopen(descriptor, "rb")
