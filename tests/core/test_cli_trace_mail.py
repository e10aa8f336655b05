"""`datalocator trace-mail` in a subprocess: the numbered route in English and French, JSON,
hostile names shown visible, and plain words for files that are missing or no message."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.fixtures.cli import run_datalocator, without_stale_note

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


@pytest.fixture
def env(cli_env: dict[str, str]) -> dict[str, str]:
    """cli_env, with the resources this run uses (a checkout's own catalogue, not an installed
    copy's, when DATALOCATOR_RESOURCES points at it)."""
    resources = os.environ.get("DATALOCATOR_RESOURCES")
    return {**cli_env, "DATALOCATOR_RESOURCES": resources} if resources else cli_env


def test_gmail_route_in_english(env: dict[str, str]) -> None:
    done = run_datalocator("trace-mail", str(MAIL / "gmail.eml"), env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith("oldest first (3 hops):")
    assert lines[1].startswith("1. 2002:a05:6402:3596")
    assert "claimed by the next server" in lines[3] and "no address" in lines[3]
    assert lines[4] == "2. mail-sor-f41.google.com  [209.85.220.41]"
    # Google's server: in its front-end list, placed only at Google's home ("US"): no country.
    assert lines[5] == "   unknown — Google — US law reach"
    assert "3. mx3.mail.ovh.net  [10.108.4.12]" in lines
    assert "   inside a private network (not located)" in lines
    assert lines[-1] == "Countries crossed: none known"
    assert without_stale_note(done.stderr) == ""


def test_ovh_route_in_french(env: dict[str, str]) -> None:
    done = run_datalocator("--lang", "fr", "trace-mail", str(MAIL / "ovh.eml"), env=env)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "3. mo551.mail-out.ovh.net  [188.165.51.139]" in out
    assert "France, Roubaix — OVHcloud — UE / RGPD" in out
    assert "dans un réseau privé (non localisé)" in out
    assert out.splitlines()[-2:] == [
        "Pays traversés : France",
        "Ce trajet reste dans l’UE/EEE.",
    ]


def test_json_record_per_hop(env: dict[str, str]) -> None:
    done = run_datalocator("trace-mail", str(MAIL / "outlook.eml"), "--json", env=env)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert [h["hop"] for h in record["hops"]] == [1, 2, 3]
    mapi, _internal, outbound = record["hops"]
    assert mapi["scope"] == "local-network" and mapi["located"] is None and mapi["trusted"]
    assert outbound["from_ip"] == "40.92.18.101" and outbound["by_name"] == "mx.google.com"
    assert outbound["located"]["country_code"] == "US"
    assert outbound["located"]["provider"] == "Microsoft"
    assert outbound["located"]["jurisdiction"] == "US_REACH"
    assert outbound["time"] == "2024-02-15T03:04:06-08:00"
    assert record["countries"] == ["US"] and record["leaves_eu"] is True


def test_hostile_names_are_shown_visible(env: dict[str, str], tmp_path: Path) -> None:
    message = tmp_path / "evil.eml"
    message.write_bytes(
        b"Received: from evil\xe2\x80\xaegpj.exe\x1b[31m (x [192.0.2.9])"
        b" by mx.example; 1 Mar 2024 12:00:00 +0000\r\n"
        b"Received: from " + b"(" * 10_000 + b"\r\n\r\n"
    )
    done = run_datalocator("trace-mail", str(message), env=env)
    assert done.returncode == 0, done.stderr
    assert "evil\\u202egpj.exe\\x1b[31m  [192.0.2.9]" in done.stdout
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
    as_json = run_datalocator("trace-mail", str(message), "--json", env=env)
    assert "\\\\u202e" in as_json.stdout  # the JSON string holds the spelled-out character


def test_pasted_headers_on_standard_input(env: dict[str, str]) -> None:
    pasted = (MAIL / "proton.eml").read_text()
    done = run_datalocator("trace-mail", "-", env=env, stdin=pasted)
    assert done.returncode == 0, done.stderr
    assert "Switzerland" in done.stdout and "Proton" in done.stdout


def test_files_that_cannot_be_traced_are_said_plainly(env: dict[str, str], tmp_path: Path) -> None:
    not_mail = tmp_path / "notes.txt"
    not_mail.write_text("just some notes\n")
    cases = {
        str(tmp_path / "none.eml"): "none.eml: no such file",
        str(tmp_path): "it is a folder",
        str(not_mail): "no Received: headers",
    }
    for path, said in cases.items():
        done = run_datalocator("trace-mail", path, env=env)
        assert done.returncode == 2, path
        assert said in done.stderr and "Traceback" not in done.stderr
        assert done.stdout == ""
    french = run_datalocator("--lang", "fr", "trace-mail", str(not_mail), env=env)
    assert french.returncode == 2 and "aucun en-tête Received:" in french.stderr


def test_a_large_message_is_read_by_its_headers_only(env: dict[str, str], tmp_path: Path) -> None:
    big = tmp_path / "big.eml"
    with big.open("wb") as handle:
        handle.write((MAIL / "ovh.eml").read_bytes())
        handle.write(b"A" * (20 * 1024 * 1024))  # an attachment of 20 MiB
    done = run_datalocator("trace-mail", str(big), env=env)
    assert done.returncode == 0, done.stderr
    assert "OVHcloud" in done.stdout
