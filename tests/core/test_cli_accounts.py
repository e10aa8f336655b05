"""`datalocator accounts` as a user runs it: a Thunderbird profile and a Nextcloud client in a
temporary home folder, their servers resolved by a real DNS server on 127.0.0.1 serving
fixture zones, located with the fixture databases."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.fixtures.cli import run_datalocator
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_IE, OVH_FR, GeoFixtureDbs

PREFS = """user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.identity.id1.useremail", "lea@example.test");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.server.server1.hostname", "imap.example.test");
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.name", "Lea");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.test");
"""


def home_with_accounts(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    profile = home / ".thunderbird" / "p.default"
    profile.mkdir(parents=True)
    (profile / "prefs.js").write_text(PREFS, encoding="utf-8")
    (home / ".thunderbird" / "profiles.ini").write_text(
        "[Profile0]\nIsRelative=1\nPath=p.default\n", encoding="utf-8"
    )
    config = home / ".config" / "Nextcloud"
    config.mkdir(parents=True)
    (config / "nextcloud.cfg").write_text(
        "[Accounts]\n0\\url=https://cloud.example.test\n0\\dav_user=lea\n", encoding="utf-8"
    )
    return home


def run_accounts(home: Path, dns: DnsTestServer, geo: GeoFixtureDbs, *more: str) -> dict[str, dict]:
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    result = run_datalocator(
        "accounts",
        "--json",
        "--dns-server",
        f"{dns.host}:{dns.port}",
        "--only-db",
        "--db",
        str(geo.city),
        "--db",
        str(geo.asn),
        *more,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return {record["client"]: record for record in json.loads(result.stdout)}


def test_mail_and_files_accounts_are_found_resolved_and_located(
    tmp_path: Path, dns_server: DnsTestServer, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    dns_server.add("imap.example.test", "AAAA", GOOGLE_IE.sample_ip)  # mail kept by Google
    dns_server.add("smtp.example.test", "A", OVH_FR.sample_ip)
    dns_server.add("cloud.example.test", "A", OVH_FR.sample_ip)
    found = run_accounts(home_with_accounts(tmp_path), dns_server, geo_fixture_dbs)

    mail = found["Thunderbird"]
    assert (mail["kind"], mail["name"], mail["address"]) == ("mail", "Lea", "lea@example.test")
    imap, smtp = mail["servers"]
    assert (imap["host"], imap["port"], imap["role"]) == ("imap.example.test", 993, "stores")
    assert imap["addresses"] == [GOOGLE_IE.sample_ip]
    (place,) = imap["located"]
    assert (place["country_code"], place["provider_key"]) == (GOOGLE_IE.country_code, "google")
    # The account says this server keeps the mail: the verdict says "stored", although an
    # address of Google alone is only "talked to" (Google does many other things).
    assert place["verdict"].startswith("Stored in Ireland by a US company")
    assert "Living in the EU/EEA" not in place["verdict"]  # no home country given
    assert (smtp["role"], smtp["addresses"]) == ("transit", [OVH_FR.sample_ip])
    assert not smtp["located"][0]["verdict"].startswith("Stored")  # SMTP only carries mail

    files = found["Nextcloud"]
    assert files["kind"] == "files"
    (server,) = files["servers"]
    assert (server["host"], server["located"][0]["country_code"]) == (
        "cloud.example.test",
        OVH_FR.country_code,
    )
    assert {"imap.example.test", "smtp.example.test", "cloud.example.test"} <= {
        name.rstrip(".") for name, _type in dns_server.queries
    }


def test_a_server_that_does_not_resolve_is_said_not_fatal(
    tmp_path: Path, dns_server: DnsTestServer, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    found = run_accounts(home_with_accounts(tmp_path), dns_server, geo_fixture_dbs)
    imap = found["Thunderbird"]["servers"][0]
    assert imap["addresses"] == [] and imap["located"] == []
    assert imap["problem"] in {"no such domain", "no address records"}


def test_the_home_country_adds_what_the_gdpr_does_for_the_reader(
    tmp_path: Path, dns_server: DnsTestServer, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    dns_server.add("imap.example.test", "AAAA", GOOGLE_IE.sample_ip)
    found = run_accounts(home_with_accounts(tmp_path), dns_server, geo_fixture_dbs, "--home", "fr")
    (place,) = found["Thunderbird"]["servers"][0]["located"]
    # Google's entry here is its US company: the GDPR may reach it by targeting (Art. 3(2)).
    assert "Living in the EU/EEA" in place["verdict"] and "Art. 3(2)" in place["verdict"]
