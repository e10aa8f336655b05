"""Photo and file sync accounts (Nextcloud/ownCloud desktop, Dropbox, rclone) from fixture
configuration files in a temporary home folder; the secrets in them are never kept."""

from __future__ import annotations

from pathlib import Path

from app.core.accounts.model import AccountKind, ServerRole
from app.core.accounts.sync import DROPBOX_HOST, discover
from app.core.accounts.userdirs import UserDirs

SECRET = "s3cr3t-token-never-kept"

NEXTCLOUD = r"""[General]
clientVersion=3.13.0

[Accounts]
0\Folders\1\localPath=/home/lea/Nextcloud/
0\dav_user=lea
0\url=https://cloud.example.fr
0\authType=webflow
1\url=https://photos.example.org/nextcloud
1\dav_user=lea.photos
2\url=javascript:alert(1)
version=2
"""

DROPBOX = '{"personal": {"path": "/home/lea/Dropbox", "host": 123, "is_team": false}}'

RCLONE = f"""[gdrive]
type = drive
scope = drive
token = {{"access_token":"{SECRET}"}}

[backup]
type = s3
provider = Scaleway
access_key_id = {SECRET}
secret_access_key = {SECRET}
region = fr-par
endpoint = s3.fr-par.scw.cloud

[aws]
type = s3
provider = AWS
region = eu-west-3

[nas]
type = webdav
url = https://nas.example.org:5006/photos
pass = {SECRET}

[secret]
type = crypt
remote = backup:bucket
"""


def home_with(tmp_path: Path) -> Path:
    for relative, text in (
        (".config/Nextcloud/nextcloud.cfg", NEXTCLOUD),
        (".dropbox/info.json", DROPBOX),
        (".config/rclone/rclone.conf", RCLONE),
    ):
        path = tmp_path / relative
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_sync_accounts_and_their_servers(tmp_path: Path) -> None:
    accounts, problems = discover(UserDirs(home_with(tmp_path)))
    assert problems == ()
    assert all(a.kind is AccountKind.FILES for a in accounts)
    assert all(s.role is ServerRole.STORES for a in accounts for s in a.servers)
    found = {(a.client, a.name): [s.host for s in a.servers] for a in accounts}
    assert found == {
        ("Nextcloud", "lea@cloud.example.fr"): ["cloud.example.fr"],
        ("Nextcloud", "lea.photos@photos.example.org"): ["photos.example.org"],
        ("Dropbox", "Dropbox (personal)"): [DROPBOX_HOST],
        ("rclone", "gdrive (drive)"): ["www.googleapis.com"],
        ("rclone", "backup (s3)"): ["s3.fr-par.scw.cloud"],  # the endpoint the user chose
        ("rclone", "aws (s3)"): ["s3.eu-west-3.amazonaws.com"],  # AWS's, in its region
        ("rclone", "nas (webdav)"): ["nas.example.org"],
    }  # a javascript: URL and a crypt remote (it wraps another) add nothing
    assert SECRET not in repr(accounts)


def test_broken_files_are_named_not_fatal(tmp_path: Path) -> None:
    home = home_with(tmp_path)
    (home / ".dropbox/info.json").write_text("{not json", encoding="utf-8")
    (home / ".config/rclone/rclone.conf").write_bytes(b"[gdrive\ntype = drive\n\xff")
    accounts, problems = discover(UserDirs(home))
    assert sorted(p.path.name for p in problems) == ["info.json", "rclone.conf"]
    assert {a.client for a in accounts} == {"Nextcloud"}
