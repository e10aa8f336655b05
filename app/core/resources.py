"""Where the files shipped with the app live (embedded geo databases, map data, provider lists).

The repository's top-level ``resources/`` folder is installed as the package ``app.resources``
(see ``[tool.setuptools]`` in pyproject.toml), so the data are found through the import system
(``importlib.resources``) in a wheel, an editable install or a system package alike — never
through a path relative to the checkout. One function, so a test can point the whole app at
another directory with the ``DATALOCATOR_RESOURCES`` environment variable. The variable is read
on every call: nothing is cached here, so there is no global state to reset.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

RESOURCES_ENV = "DATALOCATOR_RESOURCES"
RESOURCES_PACKAGE = "app.resources"


class ResourcesMissingError(RuntimeError):
    """The package holding the data is not installed, or not as plain files (e.g. in a zip):
    the app is broken, not the user's input."""


def packaged_resources_dir() -> Path:
    """The installed ``app.resources`` folder.

    maxminddb opens files by path, so the data must be real files: pip installs wheels
    unpacked, and an editable install maps the package onto the checkout's resources/.
    """
    try:
        root = resources.files(RESOURCES_PACKAGE)
    except ModuleNotFoundError as error:
        raise ResourcesMissingError(
            f"DataLocator's data package {RESOURCES_PACKAGE} is not installed; "
            "install DataLocator with pip (`pip install -e .` in a checkout)"
        ) from error
    if not isinstance(root, Path):
        raise ResourcesMissingError(
            f"DataLocator's data package {RESOURCES_PACKAGE} is not a folder of plain files "
            f"({root}); install DataLocator unpacked"
        )
    return root


def resources_dir() -> Path:
    """``$DATALOCATOR_RESOURCES`` when set and not empty, else the installed data package."""
    override = os.environ.get(RESOURCES_ENV, "").strip()
    if override:
        # Imported here: paths' errors are translated, and the catalogues are resources.
        from app.core.paths import expand_home_leniently

        return expand_home_leniently(override)
    return packaged_resources_dir()


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
