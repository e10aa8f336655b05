"""Country names, flags and points: babel's CLDR data and the shipped country-points.csv."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import pytest
from babel import Locale

from app.core.countries import country_name, country_point, country_points, flag, language_code
from app.core.resources import resource_path


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("DE", "en", "Germany"),
        ("DE", "fr", "Allemagne"),
        ("de", "fr_CA", "Allemagne"),
        ("DE", "fr-BE", "Allemagne"),
        ("DE", "de", "Deutschland"),
        ("US", None, "United States"),
        ("HK", "en", "Hong Kong"),  # CLDR: "Hong Kong SAR China"
        ("VA", "fr", "Vatican"),
    ],
)
def test_names(code: str, language: str | None, name: str) -> None:
    assert country_name(code, language) == name


def test_names_follow_cldr_for_every_territory() -> None:
    english = Locale("en").territories
    for code in ("FR", "JP", "BR", "ZA", "NZ", "IE"):
        assert country_name(code, "en") == english[code]


def test_country_names_come_from_babel() -> None:
    # The one country_name: the verdicts (app.core.jurisdiction) and every view use this one.
    assert country_name("DE") == Locale("en").territories["DE"]
    assert country_name("de", "fr") == Locale("fr").territories["DE"]
    assert country_name("HK", "en") == "Hong Kong"  # not "Hong Kong SAR China"
    assert country_name("QQ") == "QQ"  # unknown codes are shown as they are


def test_unknown_code_and_language(caplog: pytest.LogCaptureFixture) -> None:
    assert country_name("XQ", "en") == "XQ"
    with caplog.at_level(logging.WARNING):
        assert country_name("DE", "zz") == "Germany"
    assert "zz" in caplog.text


def test_language_code() -> None:
    assert [language_code(x) for x in (None, "", "fr_CA", "PT-br", "en")] == [
        "en",
        "en",
        "fr",
        "pt",
        "en",
    ]


def test_flags() -> None:
    assert flag("fr") == "\U0001f1eb\U0001f1f7"
    assert flag("US") == "\U0001f1fa\U0001f1f8"
    for bad in ("", "F", "FRA", "1A", "É1"):
        assert flag(bad) == ""


def test_points_are_the_shipped_ones() -> None:
    with resource_path("geo", "country-points.csv").open(encoding="utf-8", newline="") as file:
        rows = {row["code"]: row for row in csv.DictReader(file)}
    assert len(country_points()) == len(rows)
    for code in ("FR", "US", "AU", "MC"):
        lat, lon, radius = country_point(code) or (None, None, None)
        row = rows[code]
        assert (lat, lon, radius) == (float(row["lat"]), float(row["lon"]), float(row["radius_km"]))
    assert country_point("fr") == country_point("FR")
    assert country_point("XQ") is None


def test_points_from_another_resources_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "country-points.csv").write_text(
        "code,lat,lon,radius_km,source\n"
        "FR,46.5,2.5,450,table\n"
        "XX,not,a,number,table\n"
        "YY,95,0,10,table\n"
        "ZZ,0,0,0,table\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DATALOCATOR_RESOURCES", str(tmp_path))
    assert country_points() == {"FR": (46.5, 2.5, 450.0)}  # bad rows dropped
    monkeypatch.setenv("DATALOCATOR_RESOURCES", str(tmp_path / "missing"))
    assert country_points() == {}
