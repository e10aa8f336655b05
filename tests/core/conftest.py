"""Fixtures the core tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.geo.locator import Locator, default_database_paths


@pytest.fixture(scope="module")
def embedded() -> Iterator[Locator]:
    """The databases shipped with the app, opened once per module (nothing here closes them)."""
    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == [] and locator.sources
    with locator:
        yield locator
