"""Where a saved file is offered first: a folder that exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.paths import expand_home, home_as_tilde, save_folder


def test_the_documents_folder_when_there_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))  # no user-dirs.dirs
    assert save_folder() == tmp_path  # none yet: the home folder, never a missing one
    (tmp_path / "Documents").mkdir()
    assert save_folder() == tmp_path / "Documents"


def test_a_path_in_the_home_folder_is_offered_under_a_tilde(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "alice"))
    inside = tmp_path / "alice" / "Documents" / "report.pdf"
    assert home_as_tilde(inside) == Path("~/Documents/report.pdf")
    assert expand_home(home_as_tilde(inside)) == inside  # typed back, the same file
    elsewhere = tmp_path / "shared" / "report.pdf"
    assert home_as_tilde(elsewhere) == elsewhere
