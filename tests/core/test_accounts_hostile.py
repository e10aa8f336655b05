"""Every file the account readers open, replaced by something hostile: random bytes, another
encoding (UTF-16 with its BOM, latin-1), a file over the size limit, a symbolic link and a
link loop, a FIFO (which must not hang the reader), a folder. None may raise, none may give an
account from garbage, and an unusable file is named in a `Problem`.

Each target is one file of one client, with the other files it needs to be read at all (a
prefs.js is only read when profiles.ini names its profile; KMail's transports only when there
is an account); its "baseline" is what the reader finds without the file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.accounts import geary, gnome, kde, sync, thunderbird
from app.core.accounts.model import Account, Problem, checked_host
from app.core.accounts.userdirs import UserDirs
from app.core.i18n import translations

Found = tuple[tuple[Account, ...], tuple[Problem, ...]]
HUGE = 17 * 1024 * 1024  # over every reader's limit (prefs.js: 16 MiB), written sparse


@dataclass(frozen=True)
class Target:
    name: str
    file: str  # under the home folder
    valid: str  # what the client writes there: read, it adds something to the baseline
    discover: Callable[[UserDirs], Found]
    context: tuple[tuple[str, str], ...] = ()  # other files the reader needs
    utf16_named: bool = True  # UTF-16 makes the file unusable and said so

    def home(self, root: Path) -> Path:
        for relative, text in self.context:
            write(root / relative, text.encode("utf-8"))
        (root / self.file).parent.mkdir(parents=True, exist_ok=True)
        return root / self.file


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


IMAP_RC = "[network]\nImapServer=imap.kde.example\nImapPort=993\n"
TARGETS = (
    Target(
        "thunderbird profiles.ini",
        ".thunderbird/profiles.ini",
        "[Profile0]\nName=défaut\nIsRelative=1\nPath=p\n",
        thunderbird.discover,
        (
            (
                ".thunderbird/p/prefs.js",
                'user_pref("mail.server.s1.hostname", "imap.tb.example");\n'
                'user_pref("mail.server.s1.type", "imap");\n'
                'user_pref("mail.account.a1.server", "s1");\n',
            ),
        ),
    ),
    Target(
        "thunderbird prefs.js",
        ".thunderbird/p/prefs.js",
        'user_pref("mail.server.s1.hostname", "imap.tb.example");\n'
        'user_pref("mail.server.s1.name", "Léa");\n'
        'user_pref("mail.server.s1.type", "imap");\n'
        'user_pref("mail.account.a1.server", "s1");\n',
        thunderbird.discover,
        ((".thunderbird/profiles.ini", "[Profile0]\nPath=p\n"),),
        utf16_named=False,  # read as text, its lines are simply no prefs
    ),
    Target(
        "evolution source",
        ".config/evolution/sources/acc.source",
        "[Data Source]\nDisplayName=Léa\n\n[Mail Account]\nBackendName=imapx\n\n"
        "[Authentication]\nHost=imap.evolution.example\nPort=993\n",
        gnome.discover,
    ),
    Target(
        "goa accounts.conf",
        ".config/goa-1.0/accounts.conf",
        "[Account account_1]\nProvider=imap_smtp\nPresentationIdentity=léa@example.org\n"
        "ImapHost=imap.goa.example\n",
        gnome.discover,
    ),
    Target(
        "nextcloud cfg",
        ".config/Nextcloud/nextcloud.cfg",
        "[Accounts]\n0\\url=https://cloud.example.org\n0\\dav_user=léa\n",
        sync.discover,
    ),
    Target(
        "dropbox info.json",
        ".dropbox/info.json",
        '{"personal": {"path": "/home/léa/Dropbox"}}',
        sync.discover,
    ),
    Target(
        "rclone.conf",
        ".config/rclone/rclone.conf",
        "[nas]\ntype = webdav\nurl = https://nas.example.org/dav\nuser = léa\n",
        sync.discover,
    ),
    Target("kde imap resource", ".config/akonadi_imap_resource_0rc", IMAP_RC, kde.discover),
    Target(
        "kde pop3 resource",
        ".config/akonadi_pop3_resource_0rc",
        "[General]\nhost=pop.kde.example\nlogin=léa\n",
        kde.discover,
    ),
    Target(
        "kde mailtransports",
        ".config/mailtransports",
        "[Transport 1]\nhost=smtp.kde.example\nname=Léa\nport=587\n",
        kde.discover,
        ((".config/akonadi_imap_resource_0rc", IMAP_RC),),
    ),
    Target(
        "kde emailidentities",
        ".config/emailidentities",
        "[Identity #0]\nEmail Address=lea@kde.example\nIdentity=Léa\nuoid=7\n",
        kde.discover,
        ((".config/akonadi_imap_resource_0rc", IMAP_RC),),
    ),
    Target(
        "kde agent config",
        ".config/akonadi/agent_config_akonadi_imap_resource_0",
        "[Agent]\nName=Léa\n",
        kde.discover,
        ((".config/akonadi_imap_resource_0rc", IMAP_RC),),
    ),
    Target(
        "geary.ini",
        ".config/geary/account_01/geary.ini",
        "[Metadata]\nversion=1\n\n[Account]\nlabel=Léa\nsender_mailboxes=Léa <lea@g.example>;\n"
        "service_provider=other\n\n[Incoming]\nhost=imap.geary.example\nport=993\n",
        geary.discover,
    ),
    Target(
        "geary.ini (older layout)",
        ".local/share/geary/lea@g.example/geary.ini",
        "[AccountInformation]\nprimary_email=lea@g.example\nnickname=Léa\n"
        "service_provider=OTHER\nimap_host=imap.old-geary.example\n",
        geary.discover,
    ),
)
IDS = [target.name for target in TARGETS]


def hosts(found: Found) -> set[str]:
    return {server.host for account in found[0] for server in account.servers}


def check(target: Target, root: Path, baseline: Found) -> Found:
    """The reader's answer: no host it did not have without the file, every host checked."""
    found = target.discover(UserDirs(root))
    assert hosts(found) <= hosts(baseline)
    assert len(found[0]) <= len(baseline[0])
    assert all(checked_host(host) == host for host in hosts(found))
    return found


def named(found: Found, path: Path) -> list[str]:
    """The reasons given for that file, in English."""
    return [p.reason.text(translations("en")) for p in found[1] if p.path == path]


def baseline_of(target: Target, root: Path) -> Found:
    target.home(root)
    return target.discover(UserDirs(root))


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_each_target_is_read_in_utf8_and_latin1(tmp_path: Path, target: Target) -> None:
    """The valid file adds to the baseline, also in latin-1 (its "é" replaced, not fatal)."""
    for number, encoding in enumerate(("utf-8", "latin-1")):
        root = tmp_path / str(number)
        baseline = baseline_of(target, root)
        write(root / target.file, target.valid.encode(encoding))
        found = target.discover(UserDirs(root))
        assert repr(found[0]) != repr(baseline[0]), encoding
        assert found[1] == baseline[1]
        assert all(checked_host(host) == host for host in hosts(found))


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_utf16_gives_no_account(tmp_path: Path, target: Target) -> None:
    baseline = baseline_of(target, tmp_path)
    write(tmp_path / target.file, target.valid.encode("utf-16"))
    found = check(target, tmp_path, baseline)
    if target.utf16_named:
        assert named(found, tmp_path / target.file)


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_a_file_over_the_size_limit(tmp_path: Path, target: Target) -> None:
    baseline = baseline_of(target, tmp_path)
    path = tmp_path / target.file
    write(path, target.valid.encode("utf-8"))
    with path.open("r+b") as handle:
        handle.truncate(HUGE)
    reasons = named(check(target, tmp_path, baseline), path)
    assert len(reasons) == 1 and reasons[0].startswith("it is larger than")


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_a_symbolic_link_to_a_valid_file(tmp_path: Path, target: Target) -> None:
    baseline = baseline_of(target, tmp_path / "home")
    real = tmp_path / "elsewhere"
    write(real, target.valid.encode("utf-8"))
    path = tmp_path / "home" / target.file
    path.symlink_to(real)
    reasons = named(check(target, tmp_path / "home", baseline), path)
    assert reasons == ["it is a symbolic link; not followed"]


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_a_symbolic_link_loop(tmp_path: Path, target: Target) -> None:
    baseline = baseline_of(target, tmp_path)
    path = tmp_path / target.file
    path.symlink_to(path)
    assert named(check(target, tmp_path, baseline), path)


@pytest.mark.timeout(20)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_a_fifo_does_not_hang(tmp_path: Path, target: Target) -> None:
    baseline = baseline_of(target, tmp_path)
    path = tmp_path / target.file
    os.mkfifo(path)  # opened for reading without O_NONBLOCK, it would wait for a writer
    assert named(check(target, tmp_path, baseline), path) == ["it is not a regular file"]


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_a_folder_where_the_file_should_be(tmp_path: Path, target: Target) -> None:
    baseline = baseline_of(target, tmp_path)
    path = tmp_path / target.file
    path.mkdir()
    (path / "geary.ini").write_text(target.valid, encoding="utf-8")  # inside: never read
    assert named(check(target, tmp_path, baseline), path) == ["it is a folder"]


_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@pytest.mark.parametrize("target", TARGETS, ids=IDS)
@given(data=st.binary(max_size=2048))
def test_random_bytes_give_no_account(target: Target, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        baseline = baseline_of(target, root)
        write(root / target.file, data)
        check(target, root, baseline)


@_SETTINGS
@pytest.mark.parametrize("target", TARGETS, ids=IDS)
@given(cut=st.integers(min_value=0, max_value=400), noise=st.binary(max_size=64))
def test_a_valid_file_cut_and_garbled_never_raises(target: Target, cut: int, noise: bytes) -> None:
    """Part of a valid file, then noise: what is still readable may be read, checked."""
    valid = target.valid.encode("utf-8")
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        target.home(root)
        write(root / target.file, valid[:cut] + noise + valid[cut:])
        found = target.discover(UserDirs(root))
        assert all(checked_host(host) == host for host in hosts(found))


def test_a_geary_folder_that_loops_is_named(tmp_path: Path) -> None:
    root = tmp_path / ".config" / "geary"
    root.parent.mkdir()
    root.symlink_to(root)
    accounts, problems = geary.discover(UserDirs(tmp_path))
    assert accounts == ()
    assert [p.path for p in problems] == [root]
