"""`datalocator accounts` as a user runs it: a Thunderbird profile and a Nextcloud client in a
temporary home folder, their servers resolved by a real DNS server on 127.0.0.1 serving
fixture zones, located with the fixture databases."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.fixtures.accounts import SECRET, home_with_accounts
from tests.fixtures.cli import run_datalocator
from tests.fixtures.dns import DnsTestServer
from tests.fixtures.geo import GOOGLE_IE, OVH_FR, GeoFixtureDbs


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
    assert SECRET not in json.dumps(found)

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


def run_cli(
    tmp_path: Path, dns: DnsTestServer, geo: GeoFixtureDbs, *args: str
) -> subprocess.CompletedProcess[str]:
    """`datalocator accounts …` with its own settings folder (kept between runs: the entries
    a person adds must be there the next time)."""
    env = {key: value for key, value in os.environ.items() if key != "DATALOCATOR_NO_USER_DIRS"}
    env.update(HOME=str(tmp_path / "empty-home"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    common = ("--dns-server", f"{dns.host}:{dns.port}", "--only-db", "--db", str(geo.city))
    return run_datalocator("accounts", *args, *common, "--db", str(geo.asn), env=env)


def test_a_mail_address_added_by_hand_is_located_kept_and_removed(
    tmp_path: Path, dns_server: DnsTestServer, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    dns_server.add("_imaps._tcp.example.org", "SRV", "0 1 993 imap.example.org.")
    dns_server.add("imap.example.org", "AAAA", GOOGLE_IE.sample_ip)
    dns_server.add("example.org", "MX", "10 mx.example.org.")
    dns_server.add("mx.example.org", "A", OVH_FR.sample_ip)

    added = run_cli(tmp_path, dns_server, geo_fixture_dbs, "add-mail", "lea@example.org", "--json")
    assert added.returncode == 0, added.stderr
    (record,) = json.loads(added.stdout)
    assert (record["manual"], record["id"], record["kind"]) == (
        True,
        "mail:lea@example.org",
        "mail",
    )
    imap, mx = record["servers"]
    assert (imap["host"], imap["role"], imap["found_by"]) == ("imap.example.org", "stores", "srv")
    assert (mx["host"], mx["role"], mx["found_by"]) == ("mx.example.org", "transit", "mx")
    assert imap["located"][0]["country_code"] == GOOGLE_IE.country_code
    assert record["summary"] == "Your mail lea@example.org is stored by Google in Ireland."
    settings = json.loads((tmp_path / "config" / "DataLocator" / "settings.json").read_text())
    assert settings["manual_accounts"] == ["mail:lea@example.org"]

    listed = run_cli(tmp_path, dns_server, geo_fixture_dbs, "--json")
    assert [r["id"] for r in json.loads(listed.stdout)] == ["mail:lea@example.org"]

    text = run_cli(tmp_path, dns_server, geo_fixture_dbs)
    assert "added by you: lea@example.org" in text.stdout
    assert "stores  imap imap.example.org:993  (SRV record)" in text.stdout
    assert "carries  smtp mx.example.org:25  (MX record: mail arrives here)" in text.stdout

    removed = run_cli(tmp_path, dns_server, geo_fixture_dbs, "remove", "lea@example.org")
    assert removed.returncode == 0, removed.stderr
    empty = run_cli(tmp_path, dns_server, geo_fixture_dbs, "--json")
    assert json.loads(empty.stdout) == []
    again = run_cli(tmp_path, dns_server, geo_fixture_dbs, "remove", "lea@example.org")
    assert again.returncode == 2 and "no account you added" in again.stderr


def test_a_url_is_kept_without_its_password_and_a_bad_one_refused(
    tmp_path: Path, dns_server: DnsTestServer, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    dns_server.add("photos.example.org", "A", OVH_FR.sample_ip)
    url = "https://lea:hunter2@photos.example.org/nextcloud"
    added = run_cli(tmp_path, dns_server, geo_fixture_dbs, "add-url", url, "--json")
    assert added.returncode == 0, added.stderr
    (record,) = json.loads(added.stdout)
    assert record["name"] == "https://photos.example.org/nextcloud"
    assert record["summary"].startswith("Your files at https://photos.example.org/nextcloud are")
    settings = (tmp_path / "config" / "DataLocator" / "settings.json").read_text()
    assert "hunter2" not in settings and "hunter2" not in added.stdout + added.stderr

    bad = run_cli(tmp_path, dns_server, geo_fixture_dbs, "add-url", "javascript:alert(1)")
    assert bad.returncode == 2 and "is not a server address" in bad.stderr


def test_a_service_from_the_list_is_added_by_its_id(
    tmp_path: Path, dns_server: DnsTestServer, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    services = run_cli(tmp_path, dns_server, geo_fixture_dbs, "services", "--json")
    ids = [s["id"] for s in json.loads(services.stdout)]
    assert "gmail" in ids
    added = run_cli(tmp_path, dns_server, geo_fixture_dbs, "add-service", "gmail", "--json")
    assert added.returncode == 0, added.stderr
    (record,) = json.loads(added.stdout)
    assert record["service"]["id"] == "gmail"
    assert record["service"]["storage_source"].startswith("https://")
    unknown = run_cli(tmp_path, dns_server, geo_fixture_dbs, "add-service", "nope")
    assert unknown.returncode == 2 and "no service 'nope'" in unknown.stderr


def test_a_known_service_says_who_runs_it_and_where_it_says_it_stores(
    tmp_path: Path, dns_server: DnsTestServer, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    added = run_cli(tmp_path, dns_server, geo_fixture_dbs, "add-mail", "camille@gmail.com")
    assert added.returncode == 0, added.stderr
    lines = added.stdout.splitlines()
    assert "  Gmail is run by Google Ireland Limited (Ireland; source: " in "\n".join(lines)
    assert any(line.startswith("  Gmail says: Google says it maintains servers") for line in lines)
    # The catalogue knew gmail.com: no SRV or MX question, only its servers' addresses.
    asked = dns_server.queries
    assert ("gmail.com", "MX") not in asked
    assert all(not name.startswith("_") for name, _ in asked)
    assert ("imap.gmail.com", "A") in asked
