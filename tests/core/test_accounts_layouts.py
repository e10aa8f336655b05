"""The Windows and macOS layouts of the clients' files, as fixture trees laid out the way each
client writes them on that system and handed over through `UserDirs` (any machine runs them):
Thunderbird, the Nextcloud and ownCloud desktop clients, Dropbox and rclone."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.accounts import sync, thunderbird
from app.core.accounts.sync import DROPBOX_HOST
from app.core.accounts.userdirs import UserDirs

SECRET = "0auth-refresh-t0ken"

PREFS = """// Mozilla User Preferences
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.identity.id1.useremail", "lea@example.org");
user_pref("mail.server.server1.hostname", "imap.example.org");
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server1.type", "imap");
user_pref("mail.smtp.defaultserver", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.org");
"""

NEXTCLOUD = r"""[General]
clientVersion=3.14.1
[Accounts]
0\url=https://cloud.example.fr
0\dav_user=lea
0\Folders\1\localPath=C:/Users/Lea/Nextcloud/
version=2
"""
OWNCLOUD = r"""[Accounts]
0\url=https://owncloud.example.org/
0\dav_user=paul
"""
DROPBOX = '{"personal": {"path": "C:\\\\Users\\\\Lea\\\\Dropbox", "host": 42, "is_team": false}}'
RCLONE = f"""[photos]
type = webdav
url = https://dav.example.org/remote.php/dav/files/lea
vendor = nextcloud
pass = {SECRET}

[drive]
type = drive
token = {{"access_token":"{SECRET}","refresh_token":"{SECRET}"}}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def thunderbird_tree(root: Path) -> Path:
    """profiles.ini as Thunderbird writes it on Windows and macOS: the profile under
    Profiles/, named with a forward slash."""
    prefs = write(root / "Profiles" / "k3x9.default-release" / "prefs.js", PREFS)
    write(
        root / "profiles.ini",
        "[Install6F193CCC56814779]\nDefault=Profiles/k3x9.default-release\nLocked=1\n\n"
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/k3x9.default-release\n"
        "Default=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n",
    )
    write(prefs.parent / "logins.json", f'{{"encryptedPassword": "{SECRET}"}}')
    return prefs


def windows(tmp_path: Path) -> UserDirs:
    user = tmp_path / "Users" / "Lea"
    return UserDirs(user, user / "AppData" / "Roaming", user / "AppData" / "Local")


def test_thunderbird_on_windows(tmp_path: Path) -> None:
    dirs = windows(tmp_path)
    assert dirs.appdata is not None
    prefs = thunderbird_tree(dirs.appdata / "Thunderbird")
    (account,), problems = thunderbird.discover(dirs)
    assert problems == ()
    assert (account.source, account.address) == (prefs, "lea@example.org")
    assert [s.host for s in account.servers] == ["imap.example.org", "smtp.example.org"]
    assert SECRET not in repr(account)


def test_thunderbird_on_macos(tmp_path: Path) -> None:
    prefs = thunderbird_tree(tmp_path / "Library" / "Thunderbird")
    (account,), problems = thunderbird.discover(UserDirs(tmp_path))
    assert problems == ()
    assert account.source == prefs


def found(dirs: UserDirs) -> dict[tuple[str, str], list[str]]:
    accounts, problems = sync.discover(dirs)
    assert problems == ()
    assert SECRET not in repr(accounts)
    return {(a.client, a.name): [s.host for s in a.servers] for a in accounts}


EXPECTED = {
    ("Nextcloud", "lea@cloud.example.fr"): ["cloud.example.fr"],
    ("ownCloud", "paul@owncloud.example.org"): ["owncloud.example.org"],
    ("Dropbox", "Dropbox (personal)"): [DROPBOX_HOST],
    ("rclone", "photos (webdav)"): ["dav.example.org"],
    ("rclone", "drive (drive)"): ["www.googleapis.com"],
}


@pytest.mark.parametrize("dropbox_folder", ["local", "roaming"])
def test_sync_clients_on_windows(tmp_path: Path, dropbox_folder: str) -> None:
    dirs = windows(tmp_path)
    assert dirs.appdata is not None and dirs.local_appdata is not None
    write(dirs.appdata / "Nextcloud" / "nextcloud.cfg", NEXTCLOUD)
    write(dirs.appdata / "ownCloud" / "owncloud.cfg", OWNCLOUD)
    dropbox = dirs.local_appdata if dropbox_folder == "local" else dirs.appdata
    write(dropbox / "Dropbox" / "info.json", DROPBOX)
    write(dirs.appdata / "rclone" / "rclone.conf", RCLONE)
    assert found(dirs) == EXPECTED


def test_sync_clients_on_macos(tmp_path: Path) -> None:
    preferences = tmp_path / "Library" / "Preferences"
    write(preferences / "Nextcloud" / "nextcloud.cfg", NEXTCLOUD)
    write(preferences / "ownCloud" / "owncloud.cfg", OWNCLOUD)
    write(tmp_path / ".dropbox" / "info.json", DROPBOX)
    write(tmp_path / ".config" / "rclone" / "rclone.conf", RCLONE)
    assert found(UserDirs(tmp_path)) == EXPECTED


def test_no_windows_folders_off_windows(tmp_path: Path) -> None:
    """Without %APPDATA%, files laid out as on Windows under the home folder are not read."""
    write(tmp_path / "Nextcloud" / "nextcloud.cfg", NEXTCLOUD)
    write(tmp_path / "rclone" / "rclone.conf", RCLONE)
    assert found(UserDirs(tmp_path)) == {}


def test_a_file_named_twice_is_read_once_and_an_account_kept_once(tmp_path: Path) -> None:
    """%APPDATA% pointed at ~/.config names the same rclone.conf twice; Dropbox's info.json in
    both Windows folders is the same Dropbox account."""
    write(tmp_path / ".config" / "rclone" / "rclone.conf", RCLONE)
    write(tmp_path / "Local" / "Dropbox" / "info.json", DROPBOX)
    write(tmp_path / ".config" / "Dropbox" / "info.json", DROPBOX)
    write(tmp_path / ".config" / "Nextcloud" / "nextcloud.cfg", NEXTCLOUD)
    dirs = UserDirs(tmp_path, tmp_path / ".config", tmp_path / "Local")
    accounts, problems = sync.discover(dirs)
    assert problems == ()
    names = sorted((a.client, a.name) for a in accounts)
    assert names == [
        ("Dropbox", "Dropbox (personal)"),
        ("Nextcloud", "lea@cloud.example.fr"),
        ("rclone", "drive (drive)"),
        ("rclone", "photos (webdav)"),
    ]
    assert len({a.key for a in accounts}) == len(accounts)
