"""Where the files shipped with the app live (embedded geo databases, map data, provider lists).

One function instead of paths scattered through the code, so a packaged build (or a test) can
point the whole app at another directory with the ``DATALOCATOR_RESOURCES`` environment variable.
The variable is read on every call: nothing is cached, so there is no global state to reset.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.paths import expand_home_leniently

RESOURCES_ENV = "DATALOCATOR_RESOURCES"

# app/core/resources.py → parents[2] is the repository (or installed tree) root.
_DEFAULT_RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resources_dir() -> Path:
    """``$DATALOCATOR_RESOURCES`` when set and not empty, else the repository's resources/."""
    override = os.environ.get(RESOURCES_ENV, "").strip()
    if override:
        return expand_home_leniently(override)
    return _DEFAULT_RESOURCES


def resource_path(*parts: str) -> Path:
    """A path inside the resources directory (it need not exist)."""
    return resources_dir().joinpath(*parts)


def read_toml(file: Path, error: Callable[[str], Exception]) -> dict[str, Any]:
    """The TOML document in ``file``; an unreadable or malformed file raises ``error(message)``,
    so each data file reports its problems with its own error class."""
    try:
        with file.open("rb") as stream:
            return tomllib.load(stream)
    except OSError as exc:
        raise error(f"{file}: cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{file}: not valid TOML: {exc}") from exc
