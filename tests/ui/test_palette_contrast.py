"""WCAG 2.1 AA contrast of the app's colours: text 4.5:1 on its background, the jurisdiction
marks 3:1 against the map and the table they are drawn on (non-text contrast)."""

from __future__ import annotations

import pytest

from app.ui import palette, quiz_panel
from app.ui.banner import LEVEL_COLOURS, Level
from app.ui.palette import (
    COUNTRY_SERIES_COLOURS,
    JURISDICTION_COLOURS,
    OTHER_SERIES_COLOUR,
    contrast_ratio,
)

TEXT_AA = 4.5
GRAPHICS_AA = 3.0
# Where marks and chips are drawn: land and sea on the map, the map's margin, the table's rows.
MARK_BACKGROUNDS = (palette.MAP_LAND, palette.MAP_OCEAN, palette.MAP_BACKGROUND, "#ffffff")


def test_the_ratio_is_wcag_s() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WebAIM
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)


@pytest.mark.parametrize("jurisdiction", sorted(JURISDICTION_COLOURS))
@pytest.mark.parametrize("background", MARK_BACKGROUNDS)
def test_jurisdiction_marks_stand_out_from_the_map_and_the_table(
    jurisdiction: str, background: str
) -> None:
    ratio = contrast_ratio(JURISDICTION_COLOURS[jurisdiction], background)
    assert ratio >= GRAPHICS_AA, (jurisdiction, background, round(ratio, 2))


@pytest.mark.parametrize(
    ("text", "background"),
    [
        (palette.MAP_TEXT, palette.MAP_CARD),
        (palette.MAP_TEXT, palette.MAP_LAND),
        (palette.MAP_TEXT, palette.MAP_OCEAN),
        (palette.MAP_TEXT_MUTED, palette.MAP_CARD),
        (palette.MAP_TEXT_MUTED, palette.MAP_BACKGROUND),
        *[(LEVEL_COLOURS[level][2], LEVEL_COLOURS[level][0]) for level in Level],
    ],
)
def test_text_colours_reach_aa(text: str, background: str) -> None:
    ratio = contrast_ratio(text, background)
    assert ratio >= TEXT_AA, (text, background, round(ratio, 2))


@pytest.mark.parametrize(
    ("text", "background"),
    [
        (quiz_panel.RIGHT, "#ffffff"),
        (quiz_panel.WRONG, "#ffffff"),
        (quiz_panel.MUTED, "#efefef"),  # the window's light grey
        (quiz_panel.DARK_RIGHT, palette.PRESENTER_THEME.background),
        (quiz_panel.DARK_WRONG, palette.PRESENTER_THEME.background),
        (quiz_panel.DARK_MUTED, palette.PRESENTER_THEME.background),
    ],
)
def test_the_quiz_says_right_and_wrong_readably_on_light_and_dark(
    text: str, background: str
) -> None:
    assert contrast_ratio(text, background) >= 4.5


@pytest.mark.parametrize("background", ["#ffffff", "#1e1e1e"])
def test_the_timeline_countries_stand_out_and_apart(background: str) -> None:
    colours = (*COUNTRY_SERIES_COLOURS, OTHER_SERIES_COLOUR)
    assert len(set(colours)) == len(colours)
    for colour in colours:
        assert contrast_ratio(colour, background) >= GRAPHICS_AA, colour
