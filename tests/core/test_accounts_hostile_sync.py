"""The Syncthing, OneDrive (Linux) and Immich readers against hostile files: random bytes, odd
encodings, oversized files, links, a link loop, a FIFO, XML bombs and deep nesting, a folder
where a file should be. Never an exception, never an account made from garbage, a `Problem`
naming the file when it cannot be used, and no fixture secret in what comes back."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.accounts import presence, syncthing
from app.core.accounts.presence import ONEDRIVE_HOST, ONEDRIVE_NATIONAL
from app.core.accounts.userdirs import UserDirs

SECRET = "hostile-s3cr3t-value"
SYNCTHING = ".config/syncthing/config.xml"
ONEDRIVE = ".config/onedrive/config"
IMMICH = ".config/immich/auth.yml"
ONEDRIVE_HOSTS = {ONEDRIVE_HOST, *ONEDRIVE_NATIONAL.values()}
GOOD_SYNCTHING = (
    '<configuration version="37"><device id="{id}" name="nas">'
    f"<address>tcp://nas.example.org</address></device><gui><apikey>{SECRET}</apikey></gui>"
    "</configuration>"
)
PEER = syncthing.luhnified("P56IOI7MZJNU2IQGDREYDM2MGTMGL3BXNPQ6W5BTBBZ4TJXZWICQ")

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(home: Path) -> tuple[tuple, tuple]:
    """Both readers over the home: (accounts, problems)."""
    found, said = syncthing.discover(UserDirs(home))
    more, more_said = presence.discover(UserDirs(home))
    return found + more, said + more_said


def put(home: Path, relative: str, data: bytes) -> Path:
    path = home / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def check_garbage(home: Path, relative: str) -> None:
    accounts, problems = run(home)
    if relative == ONEDRIVE:  # the folder shows the client; the file may only choose a cloud
        assert [a.client for a in accounts] == ["OneDrive"]
        assert {s.host for s in accounts[0].servers} <= ONEDRIVE_HOSTS
    else:
        assert accounts == ()
    assert all(p.path == home / relative for p in problems)
    assert SECRET not in repr((accounts, problems))


@FAST
@given(data=st.binary(max_size=4096), relative=st.sampled_from([SYNCTHING, ONEDRIVE, IMMICH]))
def test_random_bytes(data: bytes, relative: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        put(home, relative, data + SECRET.encode())
        check_garbage(home, relative)


@FAST
@given(text=st.text(max_size=2000), relative=st.sampled_from([SYNCTHING, IMMICH]))
def test_random_text_makes_no_account(text: str, relative: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        put(home, relative, text.encode("utf-8", "surrogatepass"))
        check_garbage(home, relative)


@FAST
@given(
    name=st.text(max_size=300),
    address=st.text(max_size=300),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-32", "latin-1", "utf-8-sig"]),
)
def test_syncthing_fields_and_encodings(name: str, address: str, encoding: str) -> None:
    from xml.sax.saxutils import escape, quoteattr

    document = (
        f'<configuration><device id="{PEER}" name={quoteattr(name)}>'
        f"<address>{escape(address)}</address></device></configuration>"
    )
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        try:
            put(home, SYNCTHING, document.encode(encoding))
        except UnicodeEncodeError:
            return
        accounts, problems = run(home)
        assert len(accounts) <= 1
        for account in accounts:
            assert len(account.name) <= syncthing.MAX_NAME
            assert all(s.host == s.host.strip().lower() for s in account.servers)
        assert all(p.path == home / SYNCTHING for p in problems)


def test_utf16_config_is_refused_by_name(tmp_path: Path) -> None:
    put(tmp_path, SYNCTHING, GOOD_SYNCTHING.format(id=PEER).encode("utf-16"))
    accounts, problems = run(tmp_path)
    assert accounts == ()
    assert [p.path for p in problems] == [tmp_path / SYNCTHING]


def test_the_good_config_is_read(tmp_path: Path) -> None:  # the baseline of the tests below
    put(tmp_path, SYNCTHING, GOOD_SYNCTHING.format(id=PEER).encode())
    accounts, problems = run(tmp_path)
    assert [a.name for a in accounts] == ["nas"] and problems == ()
    assert SECRET not in repr(accounts)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + ']><configuration><device id="{id}" name="&lol9;"><address>tcp://a.example.org</address>'
    "</device></configuration>"
)


HOSTILE_XML = {  # name: (document, refused with a Problem; else read and found empty)
    "billion-laughs": (BILLION_LAUGHS.format(id=PEER), True),
    "external-dtd": ('<!DOCTYPE c SYSTEM "file:///etc/passwd"><configuration/>', True),
    "lower-case": (
        '<?xml version="1.0"?>\n<!doctype c [<!entity x SYSTEM "http://e.example/">]><c/>',
        True,
    ),
    "deep": ("<configuration>" + "<a>" * 200_000 + "</a>" * 200_000 + "</configuration>", False),
    "unclosed": ("<a>" * 300_000, True),
    "huge-attribute": (
        "<configuration><device id='" + "A" * 900_000 + "'/></configuration>",
        False,
    ),
    "truncated": (
        f'<configuration><device id="{PEER}"><address>tcp://a.example.org</address>',
        True,
    ),
    "other-root": (
        f"<other><device id='{PEER}'><address>tcp://a.example.org</address></device></other>",
        True,
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_XML))
@pytest.mark.timeout(10)
def test_hostile_xml(tmp_path: Path, name: str) -> None:
    document, refused = HOSTILE_XML[name]
    put(tmp_path, SYNCTHING, document.encode())
    accounts, problems = run(tmp_path)
    assert accounts == ()
    assert [p.path for p in problems] == ([tmp_path / SYNCTHING] if refused else [])


@pytest.mark.parametrize("relative", [SYNCTHING, ONEDRIVE, IMMICH])
def test_oversized_file(tmp_path: Path, relative: str) -> None:
    put(tmp_path, relative, b"#" * (syncthing.MAX_CONFIG + 10))
    _, problems = run(tmp_path)
    assert [p.path for p in problems] == [tmp_path / relative]
    assert "KiB" in str(problems[0].reason)


@pytest.mark.parametrize("relative", [SYNCTHING, ONEDRIVE, IMMICH])
def test_folder_where_a_file_should_be(tmp_path: Path, relative: str) -> None:
    (tmp_path / relative).mkdir(parents=True)
    _, problems = run(tmp_path)
    assert [p.path for p in problems] == [tmp_path / relative]
    assert str(problems[0].reason) == "it is a folder"


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and FIFOs")
@pytest.mark.parametrize("relative", [SYNCTHING, ONEDRIVE, IMMICH])
@pytest.mark.timeout(10)
def test_links_loops_and_fifos(tmp_path: Path, relative: str) -> None:
    target = put(tmp_path, "elsewhere/good", GOOD_SYNCTHING.format(id=PEER).encode())
    path = tmp_path / relative
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    assert [p.path for p in run(tmp_path)[1]] == [path]  # a link: said, never followed
    path.unlink()
    path.symlink_to(path)  # a loop
    assert [p.path for p in run(tmp_path)[1]] == [path]
    path.unlink()
    os.mkfifo(path)  # nobody writes: reading it would hang
    _, problems = run(tmp_path)
    assert [p.path for p in problems] == [path]
    assert str(problems[0].reason) == "it is not a regular file"


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
@pytest.mark.timeout(10)
def test_a_fifo_as_a_presence_marker(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".pcloud")
    accounts, problems = run(tmp_path)
    assert accounts == ()
    assert [p.path for p in problems] == [tmp_path / ".pcloud"]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_certificate_link_is_not_followed(tmp_path: Path) -> None:
    config = put(tmp_path, SYNCTHING, GOOD_SYNCTHING.format(id=PEER).encode())
    (config.parent / "cert.pem").symlink_to(config.parent / "cert.pem")
    accounts, problems = run(tmp_path)
    assert [a.name for a in accounts] == ["nas"]
    assert [p.path.name for p in problems] == ["cert.pem"]
