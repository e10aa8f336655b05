"""Geary's accounts from the geary.ini files it writes: the current layout (one
``account_NN`` folder per account in ~/.config/geary), the older one (one folder per address
in ~/.local/share/geary) and the Flatpak's; the secrets in them are never kept."""

from __future__ import annotations

from pathlib import Path

from app.core.accounts.geary import MAX_ACCOUNTS, discover
from app.core.accounts.model import Account, AccountKind, ServerRole
from app.core.accounts.userdirs import UserDirs
from app.core.i18n import translations

SECRET = "app-specific-t0ken"

OTHER = f"""[Metadata]
version=1
status=enabled

[Account]
ordinal=1
label=Lea (work)
prefetch_days=30
save_drafts=true
save_sent=true
sender_mailboxes=Léa Dupont <lea@example.org>;Léa <lea.dupont@example.org>;
service_provider=other
signature=--\\nLéa
use_signature=false

[Folders]
archive_folder=Archive;
drafts_folder=Drafts;

[Incoming]
credentials=custom
host=imap.example.org
login=lea@example.org
password={SECRET}
port=993
remember_password=true
transport_security=transport

[Outgoing]
credentials=use-incoming
host=smtp.example.org
port=587
remember_password=true
transport_security=start-tls
"""

GMAIL = """[Metadata]
version=1
status=enabled

[Account]
ordinal=2
label=
sender_mailboxes=Camille <camille.martin@gmail.com>;
service_provider=gmail

[Incoming]
login=camille.martin@gmail.com
remember_password=true

[Outgoing]
remember_password=true
"""

GOA_MANAGED = """[Metadata]
version=1
status=enabled
goa_id=account_1712345678_0

[Account]
sender_mailboxes=Lea <lea.example@gmail.com>;
"""

REMOVED = OTHER.replace("status=enabled", "status=removed").replace("Lea (work)", "Gone")

LEGACY = f"""[AccountInformation]
real_name=Paul
primary_email=paul@laposte.net
nickname=Paul's mail
service_provider=OTHER
ordinal=3
imap_username=paul@laposte.net
imap_remember_password=true
imap_host=imap.laposte.net
imap_port=993
imap_ssl=true
smtp_host=smtp.laposte.net
smtp_port=465
smtp_password={SECRET}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def servers(account: Account) -> list[tuple[str, int | None, str, ServerRole]]:
    return [(s.host, s.port, s.protocol, s.role) for s in account.servers]


def test_current_and_older_layouts(tmp_path: Path) -> None:
    config = tmp_path / ".config" / "geary"
    other = write(config / "account_01" / "geary.ini", OTHER)
    write(config / "account_02" / "geary.ini", GMAIL)
    write(config / "account_03" / "geary.ini", REMOVED)
    write(config / "goa_account_1712345678_0" / "geary.ini", GOA_MANAGED)
    write(config / "user-style.css", "* { color: red; }")  # a file, not an account folder
    legacy = write(tmp_path / ".local/share/geary/paul@laposte.net/geary.ini", LEGACY)
    accounts, problems = discover(UserDirs(tmp_path))
    assert problems == ()
    assert [a.name for a in accounts] == ["Lea (work)", "camille.martin@gmail.com", "Paul's mail"]
    work, gmail, paul = accounts
    assert (work.client, work.kind, work.address, work.source) == (
        "Geary",
        AccountKind.MAIL,
        "lea@example.org",  # the first sender mailbox
        other,
    )
    assert servers(work) == [
        ("imap.example.org", 993, "imap", ServerRole.STORES),
        ("smtp.example.org", 587, "smtp", ServerRole.TRANSIT),
    ]
    assert gmail.address == "camille.martin@gmail.com"
    assert servers(gmail) == [  # the provider's own servers: Geary stores none for Gmail
        ("imap.gmail.com", 993, "imap", ServerRole.STORES),
        ("smtp.gmail.com", 465, "smtp", ServerRole.TRANSIT),
    ]
    assert (paul.address, paul.source) == ("paul@laposte.net", legacy)
    assert servers(paul) == [
        ("imap.laposte.net", 993, "imap", ServerRole.STORES),
        ("smtp.laposte.net", 465, "smtp", ServerRole.TRANSIT),
    ]
    assert len({a.key for a in accounts}) == 3
    assert SECRET not in repr(accounts)


def test_the_flatpak_folder_and_outlook(tmp_path: Path) -> None:
    outlook = GMAIL.replace("gmail", "outlook").replace("camille.martin@", "camille@")
    write(tmp_path / ".var/app/org.gnome.Geary/config/geary/account_01/geary.ini", outlook)
    (account,), problems = discover(UserDirs(tmp_path))
    assert problems == ()
    assert [s.host for s in account.servers] == ["outlook.office365.com", "smtp.office365.com"]


def test_hostile_values_give_no_server(tmp_path: Path) -> None:
    bad = OTHER.replace("host=imap.example.org", "host=imap.example.org\u202e.evil")
    write(tmp_path / ".config/geary/account_01/geary.ini", bad)
    odd = GMAIL.replace("service_provider=gmail", "service_provider=../../etc")
    write(tmp_path / ".config/geary/account_02/geary.ini", odd)
    assert discover(UserDirs(tmp_path)) == ((), ())


def test_symlinked_account_folders_and_files_are_not_followed(tmp_path: Path) -> None:
    real = write(tmp_path / "elsewhere" / "geary.ini", OTHER)
    config = tmp_path / ".config" / "geary"
    config.mkdir(parents=True)
    (config / "account_01").symlink_to(real.parent)
    (config / "account_02").mkdir()
    (config / "account_02" / "geary.ini").symlink_to(real)
    accounts, problems = discover(UserDirs(tmp_path))
    assert accounts == ()
    (problem,) = problems
    assert problem.path == config / "account_02" / "geary.ini"
    assert "symbolic link" in problem.reason.text(translations("en"))


def test_the_number_of_account_folders_read_is_bounded(tmp_path: Path) -> None:
    config = tmp_path / ".config" / "geary"
    for number in range(MAX_ACCOUNTS + 3):
        host = f"imap{number}.example.org"
        write(
            config / f"account_{number:03}" / "geary.ini", OTHER.replace("imap.example.org", host)
        )
    accounts, problems = discover(UserDirs(tmp_path))
    assert len(accounts) == MAX_ACCOUNTS
    assert [p.path for p in problems] == [config]


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    write(tmp_path / ".config" / "geary", "not a folder")
    accounts, problems = discover(UserDirs(tmp_path))
    assert accounts == ()
    assert [p.path for p in problems] == [tmp_path / ".config" / "geary"]
