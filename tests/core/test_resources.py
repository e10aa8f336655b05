"""resource_path: the repository's resources/ unless DATALOCATOR_RESOURCES says otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

import app
from app.core.resources import RESOURCES_ENV, resource_path, resources_dir

REPO_RESOURCES = Path(app.__file__).resolve().parent.parent / "resources"


def test_default_is_the_repository_resources_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RESOURCES_ENV, raising=False)
    assert resources_dir() == REPO_RESOURCES
    assert resource_path("geo", "x.mmdb") == REPO_RESOURCES / "geo" / "x.mmdb"
    assert resource_path() == REPO_RESOURCES


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
