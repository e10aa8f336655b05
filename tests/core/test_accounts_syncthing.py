"""Syncthing's peers from a fixture config.xml: this machine (its ID from cert.pem) is left
out, static addresses become servers that store, ``dynamic`` ones say why there is none, and
the API key and encryption passwords in the file are never kept."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from app.core.accounts.model import AccountKind, ServerRole
from app.core.accounts.syncthing import (
    DEFAULT_PORT,
    address_server,
    config_accounts,
    discover,
    luhnified,
)
from app.core.accounts.userdirs import UserDirs

SECRET = "k1dnzS3cr3tApiKeyNeverKept"
CERT_DER = b"\x30\x82fixture certificate bytes"


def device_id(der: bytes) -> str:
    plain = base64.b32encode(hashlib.sha256(der).digest()).decode().rstrip("=")
    full = luhnified(plain)
    return "-".join(full[i : i + 7] for i in range(0, 56, 7))


LOCAL = device_id(CERT_DER)
NAS = device_id(b"nas")
LAPTOP = device_id(b"laptop")
PHONE = device_id(b"phone")
WEIRD = device_id(b"weird")

CONFIG = f"""<configuration version="37">
    <folder id="photos" label="Photos" path="/home/lea/Photos" type="sendreceive">
        <device id="{NAS}" introducedBy="">
            <encryptionPassword>{SECRET}</encryptionPassword>
        </device>
    </folder>
    <device id="{LOCAL}" name="this laptop" compression="metadata">
        <address>dynamic</address>
    </device>
    <device id="{NAS}" name="  home   nas " compression="metadata">
        <address>tcp://nas.example.org:22001</address>
        <address>quic://[2001:db8::23:42]</address>
        <address>relay://relay.example.net:22067</address>
        <address>dynamic</address>
    </device>
    <device id="{LAPTOP}" name="">
        <address>tcp4://192.0.2.7</address>
        <address>javascript:alert(1)</address>
    </device>
    <device id="{PHONE}" name="phone"><address>dynamic</address></device>
    <device id="not-an-id" name="broken"><address>tcp://broken.example.org</address></device>
    <device id="{WEIRD}" name="weird"><address>tcp://exa mple.org:99999</address></device>
    <gui enabled="true"><address>127.0.0.1:8384</address><apikey>{SECRET}</apikey></gui>
    <remoteIgnoredDevice id="{device_id(b"ignored")}" address="203.0.113.9:22000"/>
    <defaults><device id="" compression="metadata"><address>tcp://defaults.example.org</address>
    </device></defaults>
</configuration>
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cert_pem(der: bytes) -> str:
    body = base64.b64encode(der).decode()
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"


def test_luhn_check_characters_as_syncthing_writes_them() -> None:
    # lib/protocol/deviceid_test.go: the old 52-character form and the canonical one.
    plain = "P56IOI7MZJNU2IQGDREYDM2MGTMGL3BXNPQ6W5BTBBZ4TJXZWICQ"
    assert luhnified(plain) == "P56IOI7MZJNU2YIQGDREYDM2MGTIMGL3BXNPQ6W5BMTBBZ4TJXZWICQ2"


def test_peers_of_a_linux_config(tmp_path: Path) -> None:
    folder = tmp_path / ".local/state/syncthing"
    write(folder / "config.xml", CONFIG)
    write(folder / "cert.pem", cert_pem(CERT_DER))
    accounts, problems = discover(UserDirs(tmp_path))
    assert problems == ()
    found = {a.name: [(s.host, s.port) for s in a.servers] for a in accounts}
    assert found == {
        "home nas": [("nas.example.org", 22001), ("2001:db8::23:42", DEFAULT_PORT)],
        LAPTOP[:7]: [("192.0.2.7", DEFAULT_PORT)],  # no name: the ID's first characters
        "phone": [],  # found through discovery: no fixed address
        "weird": [],  # nothing usable in its only address
    }
    assert all(a.kind is AccountKind.FILES and a.client == "Syncthing" for a in accounts)
    assert all(s.role is ServerRole.STORES for a in accounts for s in a.servers)
    assert [a.name for a in accounts if a.problems] == ["phone", "weird"]
    assert SECRET not in repr(accounts)
    assert "this laptop" not in repr(accounts)


def test_without_a_certificate_dynamic_devices_may_be_this_machine(tmp_path: Path) -> None:
    path = write(tmp_path / ".config/syncthing/config.xml", CONFIG)
    problems: list = []
    names = {a.name for a in config_accounts(path, problems)}
    assert names == {"home nas", LAPTOP[:7]}
    assert problems == []


def test_windows_and_macos_locations_once_each(tmp_path: Path) -> None:
    local = tmp_path / "AppData/Local"
    write(local / "Syncthing/config.xml", CONFIG)
    write(tmp_path / "Library/Application Support/Syncthing/config.xml", CONFIG)
    accounts, problems = discover(UserDirs(tmp_path, local_appdata=local))
    assert problems == ()
    assert sorted(a.name for a in accounts) == sorted(["home nas", LAPTOP[:7]])  # deduplicated


def test_addresses() -> None:
    assert address_server("dynamic") is None
    assert address_server("relay://r.example.net:22067") is None
    assert address_server("tcp://h.example.org:0") is not None
    server = address_server(" TCP6://[2001:db8::1]:1234 ")
    assert server is not None and (server.host, server.port) == ("2001:db8::1", 1234)
    assert address_server("tcp://h.example.org:notaport") is None
    assert address_server("tcp://:22000") is None
