"""Thunderbird's mail accounts from real-looking profile trees in a temporary home folder
(Linux, Flatpak, Snap, macOS and Windows layouts), and from hostile files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.accounts.model import AccountKind, ServerRole, checked_host
from app.core.accounts.thunderbird import discover, parse_prefs
from app.core.accounts.userdirs import UserDirs
from app.core.i18n import translations

PREFS = """// Mozilla User Preferences
user_pref("mail.accountmanager.accounts", "account1,account2,account3,account4");
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.account.account2.identities", "id2");
user_pref("mail.account.account2.server", "server2");
user_pref("mail.account.account3.server", "server3");
user_pref("mail.account.account4.server", "server4");
user_pref("mail.identity.id1.useremail", "lea@example.org");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id2.useremail", "camille@free.fr");
user_pref("mail.server.server1.hostname", "imap.gmail.com");
user_pref("mail.server.server1.name", "Lea \\"perso\\"");
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.userName", "lea@example.org");
user_pref("mail.server.server2.hostname", "pop.free.fr");
user_pref("mail.server.server2.type", "pop3");
user_pref("mail.server.server3.hostname", "Local Folders");
user_pref("mail.server.server3.type", "none");
user_pref("mail.server.server4.hostname", "news.example.org");
user_pref("mail.server.server4.type", "nntp");
user_pref("mail.smtp.defaultserver", "smtp2");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.gmail.com");
user_pref("mail.smtpserver.smtp1.port", 465);
user_pref("mail.smtpserver.smtp2.hostname", "smtp.free.fr");
user_pref("browser.startup.homepage", "about:blank");
"""
SECRET = "hunter2-do-not-read"


def profile(root: Path, relative: bool = True, prefs: str = PREFS) -> Path:
    """A profiles.ini in ``root`` naming one profile with that prefs.js (and a password file
    that must never be read)."""
    folder = root / "abcd1234.default-release" if relative else root.parent / "elsewhere"
    folder.mkdir(parents=True)
    root.mkdir(parents=True, exist_ok=True)
    (folder / "prefs.js").write_text(prefs, encoding="utf-8")
    (folder / "logins.json").write_text(f'{{"password": "{SECRET}"}}', encoding="utf-8")
    path = "abcd1234.default-release" if relative else str(folder)
    (root / "profiles.ini").write_text(
        "[General]\nStartWithLastProfile=1\n\n"
        f"[Profile0]\nName=default-release\nIsRelative={int(relative)}\nPath={path}\n",
        encoding="utf-8",
    )
    return folder


def test_accounts_of_a_linux_profile(tmp_path: Path) -> None:
    profile(tmp_path / ".thunderbird")
    accounts, problems = discover(UserDirs(tmp_path))
    assert problems == ()
    assert [a.name for a in accounts] == ['Lea "perso"', "pop.free.fr"]  # no Local Folders, news
    gmail, free = accounts
    assert (gmail.kind, gmail.client, gmail.address) == (
        AccountKind.MAIL,
        "Thunderbird",
        "lea@example.org",
    )
    assert [(s.host, s.port, s.protocol, s.role) for s in gmail.servers] == [
        ("imap.gmail.com", 993, "imap", ServerRole.STORES),
        ("smtp.gmail.com", 465, "smtp", ServerRole.TRANSIT),  # the identity's own SMTP server
    ]
    assert [(s.host, s.port, s.protocol, s.role) for s in free.servers] == [
        ("pop.free.fr", None, "pop3", ServerRole.STORES),
        ("smtp.free.fr", None, "smtp", ServerRole.TRANSIT),  # the default SMTP server
    ]
    assert gmail.source == tmp_path / ".thunderbird" / "abcd1234.default-release" / "prefs.js"
    assert len({a.key for a in accounts}) == 2
    assert SECRET not in repr(accounts)


@pytest.mark.parametrize(
    "folder",
    [
        ".var/app/org.mozilla.Thunderbird/.thunderbird",  # Flatpak
        "snap/thunderbird/common/.thunderbird",  # Snap
        "Library/Thunderbird",  # macOS
    ],
)
def test_other_linux_and_macos_locations(tmp_path: Path, folder: str) -> None:
    profile(tmp_path / folder)
    accounts, problems = discover(UserDirs(tmp_path))
    assert problems == () and len(accounts) == 2


def test_windows_appdata_and_an_absolute_profile_path(tmp_path: Path) -> None:
    appdata = tmp_path / "AppData" / "Roaming"
    elsewhere = profile(appdata / "Thunderbird", relative=False)
    accounts, problems = discover(UserDirs(tmp_path / "home", appdata))
    assert problems == ()
    assert {a.source for a in accounts} == {elsewhere / "prefs.js"}


def test_one_profile_named_twice_is_read_once(tmp_path: Path) -> None:
    root = tmp_path / ".thunderbird"
    profile(root)
    with (root / "profiles.ini").open("a", encoding="utf-8") as ini:
        ini.write("\n[Profile1]\nIsRelative=1\nPath=abcd1234.default-release\n")
    accounts, _ = discover(UserDirs(tmp_path))
    assert len(accounts) == 2


@pytest.mark.parametrize(
    ("hostname", "kept"),
    [
        ("imap.example.org", "imap.example.org"),
        ("IMAP.Example.ORG.", "imap.example.org"),
        ("mail.bücher.example", "mail.xn--bcher-kva.example"),
        ("192.0.2.7", "192.0.2.7"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("evil\u202egro.example", None),  # a right-to-left override is no host name
        ("imap.example.org; rm -rf /", None),
        ("-bad.example", None),
        ("a" * 64 + ".example", None),
        ("", None),
    ],
)
def test_host_names_are_checked_before_anything_uses_them(hostname: str, kept: str | None) -> None:
    assert checked_host(hostname) == kept


def test_a_symlinked_prefs_file_is_skipped_and_named(tmp_path: Path) -> None:
    folder = profile(tmp_path / ".thunderbird")
    target = tmp_path / "real-prefs.js"
    (folder / "prefs.js").rename(target)
    (folder / "prefs.js").symlink_to(target)
    accounts, problems = discover(UserDirs(tmp_path))
    assert accounts == ()
    (problem,) = problems
    assert problem.path == folder / "prefs.js"
    assert "symbolic link" in problem.reason.text(translations("en"))
    assert "lien symbolique" in problem.reason.text(translations("fr"))


def test_a_fifo_and_a_huge_file_neither_hang_nor_flood(tmp_path: Path) -> None:
    folder = profile(tmp_path / ".thunderbird")
    (folder / "prefs.js").unlink()
    os.mkfifo(folder / "prefs.js")  # opening it for reading would block without O_NONBLOCK
    flatpak = profile(tmp_path / ".var/app/org.mozilla.Thunderbird/.thunderbird")
    with (flatpak / "prefs.js").open("a", encoding="utf-8") as handle:
        handle.truncate(17 * 1024 * 1024)
    accounts, problems = discover(UserDirs(tmp_path))
    assert accounts == ()
    assert {p.path for p in problems} == {folder / "prefs.js", flatpak / "prefs.js"}
    texts = sorted(p.reason.text(translations("en")) for p in problems)
    assert texts == ["it is larger than 16384 KiB", "it is not a regular file"]


def test_a_garbled_profiles_ini_is_named(tmp_path: Path) -> None:
    root = tmp_path / ".thunderbird"
    root.mkdir()
    (root / "profiles.ini").write_bytes(b"[Profile0\nPath=x\n\xff\xfe")
    accounts, problems = discover(UserDirs(tmp_path))
    assert accounts == ()
    assert [p.path for p in problems] == [root / "profiles.ini"]


def test_lines_that_are_not_plain_prefs_are_ignored() -> None:
    prefs = parse_prefs(
        'user_pref("a", "x");\n'
        'user_pref("b", eval("boom"));\n'  # not a literal: never evaluated
        'user_pref("c", 42);\n'
        'user_pref("d", true);\n'
        'pref("e", "not a user pref");\n'
        'user_pref("f", "unterminated);\n'
    )
    assert prefs == {"a": "x", "c": 42, "d": True}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_read_without_error(text: str) -> None:
    parse_prefs(text)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_in_either_file_give_no_crash(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        root = home / ".thunderbird"
        folder = root / "p"
        folder.mkdir(parents=True)
        (root / "profiles.ini").write_bytes(b"[Profile0]\nPath=p\n" + data)
        (folder / "prefs.js").write_bytes(data)
        accounts, _problems = discover(UserDirs(home))
        assert all(s.host == checked_host(s.host) for a in accounts for s in a.servers)
