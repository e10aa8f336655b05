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
from dataclasses import dataclass
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


# The timeline's countries (app/ui/timeline_chart.py): Okabe–Ito hues (their sky blue made a
# violet, their orange an ochre) so that each bar stands out by 3:1 from a light or a dark
# background, in the order the busiest countries get them, then a neutral grey for "other
# countries". A colour is never alone there either: the legend and the tool tips name each one.
COUNTRY_SERIES_COLOURS: tuple[str, ...] = (
    "#0072b2",  # blue
    "#b07a00",  # ochre
    "#009e73",  # bluish green
    "#cc79a7",  # reddish purple
    "#8a6fd1",  # violet
    "#d55e00",  # vermilion
)
OTHER_SERIES_COLOUR = "#8a919c"

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


@dataclass(frozen=True, slots=True)
class MapTheme:
    """Every colour the map is drawn with: one theme per look (light, the OS's dark mode, and
    presenter view's high contrast for a projector). Hashable, so a painted layer can be keyed
    by the theme it was painted with."""

    name: str
    background: str  # outside the globe
    ocean: str
    ocean_edge: str
    graticule: str
    land: str
    border: str
    home: str
    selection: str
    text: str
    text_muted: str
    card: str
    card_border: str
    surface: str  # clusters' discs, marks' outlines and the halo behind labels
    on_mark: str  # a count written on a mark filled with its law's colour
    shades: tuple[str, str, str, str, str]
    laws: tuple[tuple[str, str], ...]  # (Jurisdiction name, colour)

    def law(self, name: object) -> str:
        """The colour of a law in this theme (unknown names: the UNKNOWN one)."""
        key = str(getattr(name, "name", name))
        colours = dict(self.laws)
        return colours.get(key, colours["UNKNOWN"])


LIGHT_THEME = MapTheme(
    name="light",
    background=MAP_BACKGROUND,
    ocean=MAP_OCEAN,
    ocean_edge=MAP_OCEAN_EDGE,
    graticule=MAP_GRATICULE,
    land=MAP_LAND,
    border=MAP_BORDER,
    home=MAP_HOME,
    selection=MAP_SELECTION,
    text=MAP_TEXT,
    text_muted=MAP_TEXT_MUTED,
    card=MAP_CARD,
    card_border=MAP_CARD_BORDER,
    surface="#ffffff",
    on_mark="#ffffff",
    shades=MAP_SHADES,
    laws=tuple(JURISDICTION_COLOURS.items()),
)

# The OS's dark mode: a night-blue sea, slate land, light text; the laws' colours are the same
# hues made lighter, so that they stand out from dark land and sea by 5:1 or more.
DARK_THEME = MapTheme(
    name="dark",
    background="#0d1421",
    ocean="#142338",
    ocean_edge="#2b4466",
    graticule="#1d3150",
    land="#2a3342",
    border="#5b6882",
    home="#e6e9ef",
    selection="#f8fafc",
    text="#e6e9ef",
    text_muted="#aab3c2",
    card="#141b27",
    card_border="#3a4457",
    surface="#141b27",
    on_mark="#0d1421",
    shades=("#363e5c", "#414a72", "#4d5789", "#5a64a0", "#6a72b8"),
    laws=(
        ("EU_GDPR", "#3cc79c"),
        ("ADEQUACY", "#5aaef0"),
        ("US_REACH", "#f08a3c"),
        ("OTHER", "#e58cc0"),
        ("UNKNOWN", "#a3aab5"),
    ),
)

# Presenter view, for a projector and the back row: black around the globe, white text, the
# laws' colours bright enough to be read as text on black (7:1, WCAG's AAA).
PRESENTER_THEME = MapTheme(
    name="presenter",
    background="#000000",
    ocean="#080d18",
    ocean_edge="#3b4a63",
    graticule="#111a2b",
    land="#1c2130",
    border="#8a94a8",
    home="#ffffff",
    selection="#ffffff",
    text="#ffffff",
    text_muted="#d6dae1",
    card="#000000",
    card_border="#8a94a8",
    surface="#000000",
    on_mark="#000000",
    shades=("#2a2f48", "#343a5e", "#404775", "#4d558c", "#5c64a4"),
    laws=(
        ("EU_GDPR", "#4fe3a8"),
        ("ADEQUACY", "#7cc4ff"),
        ("US_REACH", "#ffa552"),
        ("OTHER", "#ff9ad5"),
        ("UNKNOWN", "#c9ced6"),
    ),
)


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
