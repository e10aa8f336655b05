"""`locate` says what the GDPR does for a reader who lives in the EU/EEA (issue 10): the home
country comes from --home, else from the settings (the window's), read once; and an anycast
address is "in many countries", the words of the connections table, not "unknown"."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.cli import run_datalocator
from tests.fixtures.geo import GOOGLE_US, GeoFixtureDbs

QUAD9 = "9.9.9.9"  # Quad9's anycast resolver (resources/anycast.toml, Quad9's own page)
# The residence sentence's words that carry its meaning, in each language.
RESIDENT = {"en": ("EU/EEA", "GDPR", "Art. 3"), "fr": ("UE/EEE", "RGPD", "art. 3")}
MANY = {"en": "Many countries (anycast)", "fr": "Plusieurs pays (anycast)"}


def locate(
    geo: GeoFixtureDbs, *args: str, language: str = "en", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    dbs = ("--only-db", "--db", str(geo.city), "--db", str(geo.asn))
    result = run_datalocator("--lang", language, "locate", "--no-dns", *dbs, *args, env=env)
    assert result.returncode == 0, result.stderr
    return result


def law_line(output: str, language: str) -> str:
    label = {"en": "law", "fr": "droit"}[language]
    [line] = [line for line in output.splitlines() if line.split()[:1] == [label]]
    return line


def settings_env(tmp_path: Path, settings: dict[str, Any] | bytes) -> dict[str, str]:
    config = tmp_path / "config" / "DataLocator"
    config.mkdir(parents=True)
    content = settings if isinstance(settings, bytes) else json.dumps(settings).encode()
    (config / "settings.json").write_bytes(content)
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    env.pop("DATALOCATOR_NO_USER_DIRS", None)
    return env


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_option_adds_the_residence_sentence(
    geo_fixture_dbs: GeoFixtureDbs, language: str
) -> None:
    ip = GOOGLE_US.sample_ip
    nowhere = law_line(locate(geo_fixture_dbs, ip, language=language).stdout, language)
    eu = law_line(locate(geo_fixture_dbs, ip, "--home", "fr", language=language).stdout, language)
    outside = law_line(
        locate(geo_fixture_dbs, ip, "--home", "CA", language=language).stdout, language
    )
    for word in RESIDENT[language]:
        assert word in eu, eu
        assert word not in nowhere, nowhere
        assert word not in outside, outside
    assert eu.startswith(nowhere.rsplit(" [", 1)[0].rstrip("."))  # added, nothing taken away


@pytest.mark.parametrize("language", ["en", "fr"])
def test_json_verdict_and_home_country(geo_fixture_dbs: GeoFixtureDbs, language: str) -> None:
    ip = GOOGLE_US.sample_ip
    [record] = json.loads(
        locate(geo_fixture_dbs, ip, "--json", "--home", "DE", language=language).stdout
    )
    assert record["home_country"] == "DE"
    for word in RESIDENT[language]:
        assert word in record["verdict"]
    [plain] = json.loads(locate(geo_fixture_dbs, ip, "--json", language=language).stdout)
    assert plain["home_country"] is None
    assert RESIDENT[language][1] not in plain["verdict"]


def test_home_from_the_settings_and_the_option_wins(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    env = settings_env(tmp_path, {"home_country": "IT"})
    ip = GOOGLE_US.sample_ip
    [record] = json.loads(locate(geo_fixture_dbs, ip, "--json", env=env).stdout)
    assert record["home_country"] == "IT"
    assert "GDPR" in record["verdict"]
    [other] = json.loads(locate(geo_fixture_dbs, ip, "--json", "--home", "US", env=env).stdout)
    assert other["home_country"] == "US"
    assert "GDPR" not in other["verdict"]


def test_broken_settings_file_warns_once_and_locate_still_answers(
    geo_fixture_dbs: GeoFixtureDbs, tmp_path: Path
) -> None:
    env = settings_env(tmp_path, b"{not json")
    dbs = ("--db", str(geo_fixture_dbs.city), "--db", str(geo_fixture_dbs.asn))
    result = run_datalocator("locate", "--no-dns", *dbs, GOOGLE_US.sample_ip, "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert len([line for line in result.stderr.splitlines() if "settings" in line]) == 1
    [record] = json.loads(result.stdout)
    assert record["home_country"] is None


@pytest.mark.parametrize("bad", ["F", "FRA", "1x", "é!"])
def test_bad_home_is_one_line_error(bad: str) -> None:
    result = run_datalocator("locate", "--no-dns", "--home", bad, QUAD9)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and repr(bad) in result.stderr


@pytest.mark.parametrize("language", ["en", "fr"])
def test_anycast_is_in_many_countries(geo_fixture_dbs: GeoFixtureDbs, language: str) -> None:
    output = locate(geo_fixture_dbs, QUAD9, language=language).stdout
    [country] = [line for line in output.splitlines() if MANY[language] in line]
    unknown = {"en": "unknown", "fr": "inconnu"}[language]
    assert unknown not in country
