"""The one language rule, the French country grammar, and the command line in French."""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path

import pytest

from app.core.countries import country_name, in_country
from app.core.i18n import choose_language, format_day_of, system_reason, translations
from app.core.jurisdiction import default_jurisdictions
from app.core.providers import ProviderRegistry
from tests.fixtures.cli import run_datalocator
from tests.fixtures.geo import OVH_FR, GeoFixtureDbs


@pytest.mark.parametrize(
    ("setting", "environ", "expected"),
    [
        ("fr", {"LANG": "en_GB.UTF-8"}, "fr"),  # the setting first
        ("en", {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LANG": "fr_FR.UTF-8"}, "fr"),  # then the system
        (None, {"LANGUAGE": "de:fr", "LANG": "en_US.UTF-8"}, "fr"),  # gettext's order and list
        (None, {"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),  # LC_ALL before LANG
        ("de", {"LC_MESSAGES": "fr_CA"}, "fr"),  # a setting we cannot speak falls through
        (None, {}, "en"),  # then English
        ("pt-BR", {"LANG": "es_ES"}, "en"),
    ],
)
def test_choose_language(setting: str | None, environ: dict[str, str], expected: str) -> None:
    assert choose_language(setting, environ) == expected


def test_english_is_the_source_text_and_french_comes_from_the_catalogue() -> None:
    assert translations("en").gettext("GDPR applies") == "GDPR applies"
    assert translations("fr_FR").gettext("GDPR applies") == "le RGPD s’applique"
    plural = translations("fr").ngettext("{count} day", "{count} days", 2).format(count=2)
    assert plural == "2 jours"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("FR", "en France"),
        ("CA", "au Canada"),
        ("US", "aux États-Unis"),
        ("GI", "à Gibraltar"),
        ("NL", "aux Pays-Bas"),
        ("IR", "en Iran"),
        ("GB", "au Royaume-Uni"),
        ("SG", "à Singapour"),
    ],
)
def test_french_country_grammar(code: str, expected: str) -> None:
    assert in_country(code, "fr") == expected


def test_every_country_the_data_name_has_a_french_locative() -> None:
    """Each phrase is a known preposition/article followed by the CLDR name."""
    data = default_jurisdictions()
    codes = set(data.gdpr_area | data.adequacy_codes)
    codes |= {p.headquarters for p in ProviderRegistry.load().providers}
    codes |= {"CN", "RU", "GI", "IR", "IM"}
    for code in sorted(codes):
        phrase = in_country(code, "fr")
        name = country_name(code, "fr")
        assert phrase.casefold().endswith(name.casefold()) or code == "IM", (code, phrase)
        assert phrase.split(" ")[0] in {"en", "au", "aux", "à", "sur"}, (code, phrase)
        english = in_country(code, "en")
        assert english.startswith("in ") and english.endswith(country_name(code, "en")), code


def test_locate_in_french(geo_fixture_dbs: GeoFixtureDbs, cli_env: dict[str, str]) -> None:
    dbs = ["--only-db", "--db", str(geo_fixture_dbs.city), "--db", str(geo_fixture_dbs.asn)]
    by_option = run_datalocator("--lang", "fr", "locate", OVH_FR.sample_ip, "--no-dns", *dbs,
                                env=cli_env)  # fmt: skip
    by_locale = run_datalocator("locate", OVH_FR.sample_ip, "--no-dns", *dbs,
                                env={**cli_env, "LANG": "fr_FR.UTF-8", "LC_ALL": "",
                                     "LANGUAGE": ""})  # fmt: skip
    assert by_option.returncode == 0, by_option.stderr
    assert by_option.stdout == by_locale.stdout
    lines = by_option.stdout.splitlines()
    labels = [line.split("  ")[1] for line in lines[1:] if line.startswith("  ")]
    assert {"pays", "coordonnées", "précision", "droit", "fournisseur"} <= set(labels)
    assert "France (FR)" in by_option.stdout
    assert "Données stockées en France" in by_option.stdout or "en France" in by_option.stdout
    for english in ("country", "accuracy", "unknown", "law", "Stored", "applies"):
        assert f" {english} " not in f" {by_option.stdout} ", english


@pytest.mark.parametrize(
    ("args", "french"),
    [
        (("locate", "999.1.1.1", "--no-dns"), "erreur"),
        (("locate", "--nope", "1.1.1.1"), "arguments non reconnus"),
        (("locate",), "ces arguments sont obligatoires"),
        (("--lang", "fr", "db", "update", "--source", "nowhere"), "choix impossible"),
    ],
)
def test_errors_in_french(args: tuple[str, ...], french: str, cli_env: dict[str, str]) -> None:
    result = run_datalocator("--lang", "fr", *args, env=cli_env)
    assert result.returncode == 2, result
    assert french in result.stderr, result.stderr
    for english in ("error:", "usage:", "unrecognized", "required", "invalid choice"):
        assert english not in result.stderr, result.stderr


def test_a_bad_lang_is_refused_in_the_systems_language(cli_env: dict[str, str]) -> None:
    result = run_datalocator("--lang", "xx", "scan", env={**cli_env, "LANG": "C.UTF-8"})
    assert result.returncode == 2
    assert "invalid choice: 'xx'" in result.stderr


def test_the_system_s_common_reasons_are_said_in_the_reader_s_language(tmp_path: Path) -> None:
    with pytest.raises(OSError) as missing:
        (tmp_path / "nowhere.txt").open()
    reason = system_reason(missing.value)
    assert reason.text(translations("fr")) == "fichier ou dossier introuvable"
    assert str(reason) == "no such file or folder"
    # A reason we have no words for is the system's own text, as it is.
    rare = OSError(errno.ENOTSOCK, "Socket operation on non-socket")
    assert system_reason(rare).text(translations("fr")) == "Socket operation on non-socket"


@pytest.mark.parametrize(
    ("day", "language", "expected"),
    [
        (date(2026, 9, 1), "fr", "1er septembre 2026"),
        (date(2026, 9, 11), "fr", "11 septembre 2026"),
        (date(2026, 9, 21), "fr", "21 septembre 2026"),
        (date(2026, 9, 1), "en", "September 1, 2026"),
    ],
)
def test_french_writes_the_first_of_a_month_as_an_ordinal(
    day: date, language: str, expected: str
) -> None:
    assert format_day_of(day, "long", language) == expected
