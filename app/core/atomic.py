"""Writing a file whole or not at all: a temporary file beside it, flushed to disk, then one
atomic rename. A crash, a full disk or a refusal leaves the old file (or none) and no half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to ``path``; OSError (the temporary file removed) when it cannot."""
    descriptor, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name[:40]}-", suffix=".tmp"
    )
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(mode)  # mkstemp's 0600 would surprise whoever shares the file
        temporary.replace(path)  # os.replace: atomic on POSIX and Windows
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
