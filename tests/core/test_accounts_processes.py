"""Clients seen running but without an account from their settings: an account that says so,
with the fixed host of services whose server the user cannot choose, else none and why. And
the process list of this machine, read through psutil."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from app.core.accounts import processes
from app.core.accounts.model import Account, AccountKind
from app.core.accounts.processes import (
    MAX_NAME,
    PROCESS_SOURCE,
    accounts_from_processes,
    running_process_names,
)


def found_account(client: str) -> Account:
    return Account(f"{client}:x", AccountKind.FILES, client, "x", None, (), Path("/x"))


def test_running_clients_without_settings() -> None:
    names = [
        "systemd",
        "nextcloud",
        "Dropbox",
        "OneDrive.exe",
        "onedrive",
        "MEGAsync",
        "Thunderbird",
        "syncthing",
        "GoogleDriveFS.exe",
        "Proton Drive",
    ]
    accounts = accounts_from_processes(names, [found_account("Syncthing")])
    by_client = {a.client: a for a in accounts}
    assert sorted(by_client) == [
        "Dropbox",
        "Google Drive",
        "MEGA",
        "Nextcloud",
        "OneDrive",
        "Proton Drive",
        "Thunderbird",
    ]  # Syncthing already has an account from its settings
    nextcloud = by_client["Nextcloud"]
    assert nextcloud.key == "process:Nextcloud" and nextcloud.servers == ()
    assert "Nextcloud" in str(nextcloud.problems[0])
    assert [s.host for s in by_client["Dropbox"].servers] == ["content.dropboxapi.com"]
    assert [s.host for s in by_client["OneDrive"].servers] == ["graph.microsoft.com"]
    assert by_client["OneDrive"].problems == ()
    assert by_client["Thunderbird"].kind is AccountKind.MAIL
    assert all(a.source == PROCESS_SOURCE and not a.manual for a in accounts)


def test_process_names_are_untrusted() -> None:
    hostile = ["nextcloud" + " " * MAX_NAME, "x" * 10_000, "", "\x00dropbox", "dropbox\n" * 9]
    assert accounts_from_processes(hostile, []) == ()
    assert accounts_from_processes([" pcloud "], [])[0].client == "pCloud"
    assert accounts_from_processes([], []) == ()


@pytest.mark.skipif(not Path("/bin/sleep").exists(), reason="needs /bin/sleep")
def test_a_process_of_this_machine_is_seen(tmp_path: Path) -> None:
    program = tmp_path / "dl-test-proc"
    shutil.copy("/bin/sleep", program)
    child = subprocess.Popen([str(program), "30"])
    try:
        deadline = time.monotonic() + 5
        while "dl-test-proc" not in (names := running_process_names()):
            assert time.monotonic() < deadline, "the copied program was not seen"
            time.sleep(0.05)
        assert all(len(name) <= MAX_NAME + 1 for name in names)
    finally:
        child.kill()
        child.wait()


class _Gone:
    @property
    def info(self) -> dict[str, object]:
        raise psutil.NoSuchProcess(1)


class _Denied:
    @property
    def info(self) -> dict[str, object]:
        raise psutil.AccessDenied(1)


class _Named:
    def __init__(self, name: object) -> None:
        self.info = {"name": name}


def test_vanishing_and_forbidden_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_iter(attrs: list[str]) -> Iterator[object]:
        yield from (_Gone(), _Denied(), _Named(None), _Named("dropbox"), _Named("y" * 500))

    monkeypatch.setattr(processes.psutil, "process_iter", fake_iter)
    assert running_process_names() == frozenset({"dropbox", "y" * (MAX_NAME + 1)})

    def broken_iter(attrs: list[str]) -> Iterator[object]:
        raise psutil.Error("no /proc")

    monkeypatch.setattr(processes.psutil, "process_iter", broken_iter)
    assert running_process_names() == frozenset()
