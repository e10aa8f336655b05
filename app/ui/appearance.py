"""Light or dark: the window and the map follow the system's colour scheme.

Qt 6.8 and later tell the scheme (``QStyleHints.colorScheme``) and its changes; where the
platform switches the application's palette too (Windows 11, macOS, recent desktops), the window
already is dark and only the map needs its dark theme. Where it does not (other styles, the
offscreen platform), the window gets `dark_palette` so that widgets and map agree.
"""

from __future__ import annotations

from app.ui.palette import DARK_THEME, LIGHT_THEME, MapTheme
from app.ui.qt import QColor, QPalette, QWidget

# The window's dark colours: the map's dark theme's, so the frame and the map look as one.
_DARK_ROLES: tuple[tuple[QPalette.ColorRole, str], ...] = (
    (QPalette.ColorRole.Window, "#1b2230"),
    (QPalette.ColorRole.WindowText, DARK_THEME.text),
    (QPalette.ColorRole.Base, "#141b27"),
    (QPalette.ColorRole.AlternateBase, "#1b2331"),
    (QPalette.ColorRole.Text, DARK_THEME.text),
    (QPalette.ColorRole.PlaceholderText, DARK_THEME.text_muted),
    (QPalette.ColorRole.Button, "#252d3c"),
    (QPalette.ColorRole.ButtonText, DARK_THEME.text),
    (QPalette.ColorRole.ToolTipBase, "#252d3c"),
    (QPalette.ColorRole.ToolTipText, DARK_THEME.text),
    (QPalette.ColorRole.Highlight, "#3b6ea8"),
    (QPalette.ColorRole.HighlightedText, "#ffffff"),
    (QPalette.ColorRole.Link, "#8cc4ff"),
    (QPalette.ColorRole.BrightText, "#ffffff"),
    (QPalette.ColorRole.Light, "#3a4457"),
    (QPalette.ColorRole.Midlight, "#2f3747"),
    (QPalette.ColorRole.Mid, "#262d3a"),
    (QPalette.ColorRole.Dark, "#0d1421"),
    (QPalette.ColorRole.Shadow, "#000000"),
)
DISABLED_TEXT = "#7d8696"  # greyed out, still 3:1 on the dark window


def palette_is_dark(palette: QPalette) -> bool:
    """Whether a palette already draws light text on a dark window (the platform's dark)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """The window's colours in dark mode, where the platform gives none."""
    palette = QPalette()
    for role, colour in _DARK_ROLES:
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


def map_theme(dark: bool) -> MapTheme:
    return DARK_THEME if dark else LIGHT_THEME


def use_palette(window: QWidget, palette: QPalette) -> None:
    """Give ``window`` and its widgets ``palette`` (a default QPalette: the application's).

    A widget with a style sheet takes its palette once, when the sheet is set, and no longer
    follows its parent's: it is given the palette itself and its sheet set again.
    """
    window.setPalette(palette)
    for child in window.findChildren(QWidget):
        sheet = child.styleSheet()
        if sheet:
            child.setStyleSheet("")
            child.setPalette(palette)
            child.setStyleSheet(sheet)
