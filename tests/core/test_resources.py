"""resource_path: the installed app.resources package unless DATALOCATOR_RESOURCES says otherwise.

In this checkout the editable install maps app.resources onto the repository's resources/
folder; tests/core/test_packaging.py checks the same function in a wheel installed elsewhere.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.resources import (
    RESOURCES_ENV,
    packaged_resources_dir,
    resource_path,
    resources_dir,
)

ROOT = Path(__file__).resolve().parents[2]
REPO_RESOURCES = ROOT / "resources"


def test_default_is_the_data_package_mapped_onto_the_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(RESOURCES_ENV, raising=False)
    package = importlib.import_module("app.resources")
    assert package.__file__ is not None
    assert packaged_resources_dir() == Path(package.__file__).parent
    assert resources_dir() == REPO_RESOURCES  # the editable install: the files we edit
    assert resource_path("geo", "x.mmdb") == REPO_RESOURCES / "geo" / "x.mmdb"
    assert resource_path() == REPO_RESOURCES


def test_the_data_package_holds_every_kind_of_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RESOURCES_ENV, raising=False)
    for name in ("jurisdictions.toml", "providers.toml", "map/countries.json"):
        assert resource_path(*name.split("/")).is_file(), name
    assert list(resource_path("geo").glob("*.mmdb"))
    assert list(resource_path("icons").glob("*.svg"))


def test_environment_override_is_read_on_every_call(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path))
    assert resource_path("geo") == tmp_path / "geo"
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path / "other"))
    assert resource_path("map", "world.json") == tmp_path / "other" / "map" / "world.json"


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_override_is_ignored(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(RESOURCES_ENV, value)
    assert resources_dir() == REPO_RESOURCES


def test_override_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(RESOURCES_ENV, "~/res")
    assert resources_dir() == tmp_path / "res"


def test_a_checkout_without_the_installed_package_says_how_to_install(tmp_path: Path) -> None:
    """The code alone (no site-packages, so no editable mapping) does not guess a path next to
    itself: it names the missing package and the fix."""
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
        "from app.core.resources import resources_dir; resources_dir()"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    last = result.stderr.splitlines()[-1]
    assert last.startswith("app.core.resources.ResourcesMissingError: ")
    assert "app.resources is not installed" in last
    assert "pip install -e ." in last
