"""Clients that only show they are set up, in Linux, Windows and macOS fixture trees: each
becomes an account with its service's fixed host (or none, said), the Linux OneDrive client's
national cloud is read by key, and the Immich CLI's URL but never its key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.accounts.model import AccountKind, ServerRole
from app.core.accounts.presence import discover
from app.core.accounts.userdirs import UserDirs

SECRET = "s3cr3t-refresh-token-and-api-key"


def make(root: Path, *folders: str, files: dict[str, str] | None = None) -> None:
    for folder in folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for relative, text in (files or {}).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")


def hosts(accounts: tuple) -> dict[str, list[str]]:
    return {a.name: [s.host for s in a.servers] for a in accounts}


def test_linux_home(tmp_path: Path) -> None:
    make(
        tmp_path,
        ".pcloud",
        ".local/share/data/Mega Limited/MEGAsync",
        ".SynologyDrive/data/db",
        ".config/ente",
        files={
            ".config/onedrive/config": f'# comment\nsync_dir = "~/OneDrive"\n'
            f'azure_ad_endpoint = "DE"\nrefresh_token = "{SECRET}"\n',
            ".config/onedrive/refresh_token": SECRET,
            ".config/immich/auth.yml": f"url: https://photos.example.org/api\nkey: {SECRET}\n",
        },
    )
    accounts, problems = discover(UserDirs(tmp_path))
    assert problems == ()
    assert hosts(accounts) == {
        "OneDrive": ["graph.microsoft.de"],  # the national cloud its config selects
        "pCloud": [],
        "MEGA": ["g.api.mega.co.nz"],
        "Synology Drive": [],
        "Ente": ["api.ente.io"],
        "photos.example.org": ["photos.example.org"],  # Immich: the user's own server
    }
    assert all(a.kind is AccountKind.FILES for a in accounts)
    assert all(s.role is ServerRole.STORES for a in accounts for s in a.servers)
    unknown = {a.client for a in accounts if not a.servers}
    assert unknown == {a.client for a in accounts if a.problems} == {"pCloud", "Synology Drive"}
    assert SECRET not in repr(accounts)


def test_linux_onedrive_defaults_to_the_global_cloud(tmp_path: Path) -> None:
    make(tmp_path, ".config/onedrive")
    accounts, _ = discover(UserDirs(tmp_path))
    assert hosts(accounts) == {"OneDrive": ["graph.microsoft.com"]}
    (tmp_path / ".config/onedrive/config").write_text('azure_ad_endpoint = "USL5"\n')
    assert hosts(discover(UserDirs(tmp_path))[0]) == {"OneDrive": ["dod-graph.microsoft.us"]}
    (tmp_path / ".config/onedrive/config").write_text('azure_ad_endpoint = "Mars"\n')
    assert hosts(discover(UserDirs(tmp_path))[0]) == {"OneDrive": ["graph.microsoft.com"]}


def test_windows_profile(tmp_path: Path) -> None:
    home, roaming, local = tmp_path, tmp_path / "AppData/Roaming", tmp_path / "AppData/Local"
    make(
        local,
        "Microsoft/OneDrive/settings/Personal",
        "Microsoft/OneDrive/settings/Business1",
        "Google/DriveFS",
        "Mega Limited/MEGAsync",
        "Proton/Proton Drive",
        "SynologyDrive",
    )
    make(roaming, "ente")
    make(home, "iCloudDrive")
    accounts, problems = discover(UserDirs(home, roaming, local))
    assert problems == ()
    assert hosts(accounts) == {
        "OneDrive": ["graph.microsoft.com"],
        "OneDrive (Business)": ["graph.microsoft.com"],
        "Google Drive": ["www.googleapis.com"],
        "iCloud Drive": ["setup.icloud.com"],
        "MEGA": ["g.api.mega.co.nz"],
        "Proton Drive": ["drive-api.proton.me"],
        "Synology Drive": [],
        "Ente": ["api.ente.io"],
    }
    assert all(a.source is not None and a.source.is_relative_to(home) for a in accounts)


def test_macos_home(tmp_path: Path) -> None:
    support = "Library/Application Support"
    make(
        tmp_path,
        f"{support}/OneDrive",
        f"{support}/Google/DriveFS",
        "Library/Mobile Documents/com~apple~CloudDocs",
        f"{support}/Mega Limited/MEGAsync",
        f"{support}/Proton Drive",
        f"{support}/ente",
    )
    accounts, problems = discover(UserDirs(tmp_path))
    assert problems == ()
    assert set(hosts(accounts)) == {
        "OneDrive",
        "Google Drive",
        "iCloud Drive",
        "MEGA",
        "Proton Drive",
        "Ente",
    }
    assert len({a.key for a in accounts}) == len(accounts)


def test_empty_home_finds_nothing(tmp_path: Path) -> None:
    assert discover(UserDirs(tmp_path, tmp_path / "a", tmp_path / "b")) == ((), ())


def test_immich_without_a_usable_url(tmp_path: Path) -> None:
    for text in (f"key: {SECRET}\n", "url: javascript:alert(1)\n", f"  url: {SECRET}.org\n"):
        make(tmp_path, files={".config/immich/auth.yml": text})
        accounts, _ = discover(UserDirs(tmp_path))
        assert accounts == ()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_links_are_not_followed_out_of_the_home(tmp_path: Path) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    make(elsewhere, "MEGAsync", "pcloud", "data")
    make(home, ".local/share/data")
    (home / ".pcloud").symlink_to(elsewhere / "pcloud")  # the marker itself: said, not followed
    (home / ".local/share/data/Mega Limited").symlink_to(elsewhere)  # a part: leads out
    make(home, "dotfiles/ente")
    (home / ".config").symlink_to(home / "dotfiles")  # a part that stays in the home: counts
    accounts, problems = discover(UserDirs(home))
    assert [a.client for a in accounts] == ["Ente"]
    assert [p.path.name for p in problems] == [".pcloud"]
