"""The app's colours, defined once: jurisdiction colours are the same on the map, in the table,
the legend and exports, so a colour means one thing everywhere.

Jurisdiction colours follow the Okabe–Ito palette (distinguishable with the common forms of colour
blindness), darkened where needed so that every mark stands out from the land, the sea and the
table's background by at least 3:1 (WCAG 2.1, 1.4.11 non-text contrast); text colours reach
4.5:1 on their backgrounds (`contrast_ratio`, checked by the tests). They are keyed by the
`Jurisdiction` member names (EU_GDPR, ADEQUACY, US_REACH, OTHER, UNKNOWN). Colours are "#rrggbb"
strings, kept in the core (`jurisdiction.CATEGORY_COLOURS`) so reports use them too. A colour
never speaks alone: the law's name is written beside it in the table, the legend, the place
panel and reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from app.core.jurisdiction import CATEGORY_COLOURS
from app.ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

JURISDICTION_COLOURS = CATEGORY_COLOURS  # the window's name for them

JURISDICTION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "EU_GDPR": QT_TRANSLATE_NOOP("palette", "EU / GDPR"),
        "ADEQUACY": QT_TRANSLATE_NOOP("palette", "EU adequacy decision"),
        "US_REACH": QT_TRANSLATE_NOOP("palette", "US law reach"),
        "OTHER": QT_TRANSLATE_NOOP("palette", "Other jurisdiction"),
        "UNKNOWN": QT_TRANSLATE_NOOP("palette", "Unknown"),
    }
)


def jurisdiction_colour(name: object) -> str:
    """Colour for a Jurisdiction member or its name (unknown names → the UNKNOWN grey)."""
    key = str(getattr(name, "name", name))
    return JURISDICTION_COLOURS.get(key, JURISDICTION_COLOURS["UNKNOWN"])


def jurisdiction_label(name: object) -> str:
    """The law's short name in the window's language (the same words on map, table, legend)."""
    key = str(getattr(name, "name", name))
    label = JURISDICTION_LABELS.get(key)
    if label is None:
        return key.replace("_", " ").title()
    return QCoreApplication.translate("palette", label)


# The map's own colours: a calm light theme that projects well and prints well.
MAP_BACKGROUND = "#f4f6f9"  # outside the globe
MAP_OCEAN = "#d8e6f2"
MAP_OCEAN_EDGE = "#bfd0e0"  # the outline of the globe
MAP_GRATICULE = "#cddceb"
MAP_LAND = "#fbfaf7"
MAP_BORDER = "#b4bcc6"
MAP_HOME = "#1f2937"
MAP_ARC = "#334155"
MAP_SELECTION = "#111827"
MAP_TEXT = "#1f2937"
MAP_TEXT_MUTED = "#5b6472"
MAP_CARD = "#ffffff"
MAP_CARD_BORDER = "#d5dbe3"
# Country shading by how many endpoints are there: light → deep indigo (5 steps), a hue of its
# own so a shaded country is never mistaken for sea or for a jurisdiction colour.
MAP_SHADES = ("#ebeaf5", "#d9d7ee", "#c0bce2", "#a29dd1", "#837cbd")
SHADE_THRESHOLDS = (1, 3, 10, 30, 100)  # ≥ n endpoints → MAP_SHADES[i]


def shade_index(count: int) -> int | None:
    """Which shade a country with `count` endpoints gets (None: not shaded)."""
    index = None
    for i, threshold in enumerate(SHADE_THRESHOLDS):
        if count >= threshold:
            index = i
    return index


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a "#rrggbb" colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
