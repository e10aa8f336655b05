"""The world map: widget, side panel, offscreen export (see widget.py for the signals)."""

from app.ui.map.place_panel import PlacePanel
from app.ui.map.widget import MapWidget

__all__ = ["MapWidget", "PlacePanel"]
