"""Countries for people: their names in the user's language, their flags and a point to draw them.

One place for what the CLI, the verdict sentences and the views all need, so a country is called
the same everywhere. Names come from babel (CLDR); a few CLDR names are long official titles
("Hong Kong SAR China") and are shortened. The point and radius of each country are those the
embedded database uses (resources/geo/country-points.csv), so a country-only answer from any
database is drawn, and its accuracy stated, the same way.
"""

from __future__ import annotations

import csv
import logging
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from babel import Locale, UnknownLocaleError

from app.core.i18n import DEFAULT_LANGUAGE, base_language
from app.core.resources import resource_path

log = logging.getLogger(__name__)

POINTS_FILE = ("geo", "country-points.csv")

# Short forms for the few CLDR names that are long official titles.
_SHORT_NAMES: Mapping[str, Mapping[str, str]] = {
    "en": {"HK": "Hong Kong", "MO": "Macao", "MM": "Myanmar", "PS": "Palestine"},
    "fr": {"HK": "Hong Kong", "MO": "Macao", "MM": "Myanmar", "VA": "Vatican"},
}
_REGIONAL_INDICATOR_A = 0x1F1E6


def language_code(language: str | None) -> str:
    """The base language of a tag ("fr_CA", "fr-CA" → "fr"); English when none is given."""
    return base_language(language) or DEFAULT_LANGUAGE


@lru_cache(maxsize=16)
def _territories(language: str) -> Mapping[str, str]:
    try:
        names = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError, TypeError):
        log.warning("no country names for language %r; using English", language)
        names = Locale.parse(DEFAULT_LANGUAGE).territories
    return MappingProxyType(dict(names))


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in ``language`` (babel/CLDR); the code itself when unknown."""
    upper = code.strip().upper()
    lang = language_code(language)
    short = _SHORT_NAMES.get(lang, {}).get(upper)
    if short is not None:
        return short
    return _territories(lang).get(upper, upper)


def flag(code: str) -> str:
    """The flag of an ISO 3166-1 alpha-2 code as two regional indicator symbols ("" if no code)."""
    upper = code.strip().upper()
    if len(upper) != 2 or not upper.isascii() or not upper.isalpha():
        return ""
    return "".join(chr(_REGIONAL_INDICATOR_A + ord(letter) - ord("A")) for letter in upper)


# --- "in France", "au Canada", "aux États-Unis": the locative each language puts before a name


@dataclass(frozen=True, slots=True)
class _Locatives:
    """A language's rule for "in <country>": a default, exceptions by code, and (French) what
    the name's first word says (vowel → "en", ends in -e → "en", plural → "aux", else "au")."""

    default: str
    by_code: Mapping[str, str]
    whole: Mapping[str, str] = field(default_factory=dict)  # the whole phrase, name included
    vowel: str | None = None
    feminine: str | None = None
    plural: str | None = None
    not_plural: frozenset[str] = frozenset()
    not_feminine: frozenset[str] = frozenset()


def _codes(template: str, codes: str) -> dict[str, str]:
    return dict.fromkeys(codes.split(), template)


_LOCATIVES: Mapping[str, _Locatives] = MappingProxyType(
    {
        "en": _Locatives(
            default="in {name}",
            by_code=_codes(
                "in the {name}",
                "US GB NL PH AE BS KY FO MV SC CF DO GM MH SB VG VI TC FK CK UM BQ CD CG KM AX "
                "PS IM",
            ),
        ),
        "fr": _Locatives(
            default="au {name}",
            by_code=_codes(
                "à {name}",
                "SG CY MT MC CU MG MU BH HK MO TW JE GG OM BN PR RE YT MF BL PM ST LC KN VC TT "
                "CW AW NR SM BB DM GD CV GI",
            )
            | _codes("au {name}", "GB MX KH MZ ZW BZ"),
            whole={
                "IM": "sur l’île de Man",
                "FJ": "aux Fidji",
                "CV": "au Cap-Vert",
                "BB": "à la Barbade",
                "DM": "à la Dominique",
                "GD": "à la Grenade",
                "RE": "à La Réunion",
            },
            vowel="en {name}",
            feminine="en {name}",
            plural="aux {name}",
            not_plural=frozenset({"LA", "HN"}),
        ),
    }
)
_VOWELS = "AEIOUYÉÈÊÎÏÔÖÂ"


def in_country(code: str, language: str | None = None) -> str:
    """ "in Ireland", "in the United States"; "en Irlande", "aux États-Unis", "à Gibraltar".

    Each language's rule is data (``_LOCATIVES``); languages without one use English.
    """
    upper = code.strip().upper()
    lang = language_code(language)
    rule = _LOCATIVES.get(lang)
    if rule is None:
        lang, rule = DEFAULT_LANGUAGE, _LOCATIVES[DEFAULT_LANGUAGE]
    name = country_name(upper, lang)
    whole = rule.whole.get(upper)
    if whole is not None:
        return whole
    template = rule.by_code.get(upper)
    if template is None:
        first = name.replace("-", " ").split(" ")[0]
        if rule.plural and first.endswith("s") and upper not in rule.not_plural:
            template = rule.plural
        elif rule.vowel and first[:1].upper() in _VOWELS:
            template = rule.vowel
        elif rule.feminine and first.endswith("e"):
            template = rule.feminine
        else:
            template = rule.default
    return template.format(name=name)


# --- a point per country ------------------------------------------------------------------------

_points_lock = threading.Lock()
_points: dict[str, Mapping[str, tuple[float, float, float]]] = {}


def country_point(code: str) -> tuple[float, float, float] | None:
    """(latitude, longitude, radius_km) to draw a country-only answer, or None if unknown.

    The radius is that of a circle with the country's area, a size for drawing: it is no
    promise (coastal and outlying places lie outside it); answers state a radius that holds
    (``app.core.geo.radius``).
    """
    return country_points().get(code.upper())


def country_points() -> Mapping[str, tuple[float, float, float]]:
    """Every country's point, read once from resources/geo/country-points.csv (empty if absent)."""
    path = resource_path(*POINTS_FILE)
    key = str(path)
    found = _points.get(key)
    if found is not None:
        return found
    with _points_lock:
        found = _points.get(key)
        if found is None:
            found = _read_points(path)
            _points[key] = found
        return found


def _read_points(path: Path) -> Mapping[str, tuple[float, float, float]]:
    points: dict[str, tuple[float, float, float]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                point = _point(row)
                if point is not None:
                    points[row["code"].strip().upper()] = point
    except (OSError, csv.Error, KeyError, AttributeError) as error:
        log.warning("no country points (%s): %s", path, error)
        return MappingProxyType({})
    return MappingProxyType(points)


def _point(row: Mapping[str, str | None]) -> tuple[float, float, float] | None:
    try:
        latitude = float(row["lat"] or "nan")
        longitude = float(row["lon"] or "nan")
        radius = float(row["radius_km"] or "nan")
    except (KeyError, ValueError):
        return None
    if not (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and math.isfinite(radius)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
        and radius > 0
    ):
        return None
    return latitude, longitude, radius
