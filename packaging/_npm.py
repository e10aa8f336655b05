"""`npm pack`, shared by the build scripts that take their inputs from npm packages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any


def npm_pack(
    spec: str, directory: Path, *, timeout: float | None = None
) -> tuple[Path, dict[str, Any]]:
    """`npm pack` spec into directory; returns the tarball's path and npm's metadata for it.

    A failing npm raises subprocess.CalledProcessError (its stderr captured): the caller says
    what it was fetching."""
    command = ["npm", "pack", spec, "--json", "--pack-destination", str(directory)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=timeout)
    meta: dict[str, Any] = json.loads(result.stdout)[0]
    return directory / meta["filename"], meta
