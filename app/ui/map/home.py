"""The user's home country when the settings do not name one: from the system locale only.

Never from an outside service (an IP geolocation call would tell a third party where the user
is, which is the opposite of what this app is for).
"""

from __future__ import annotations

from app.ui.qt import QLocale


def system_home_country() -> str | None:
    """ISO 3166-1 alpha-2 code of the system locale's territory, or None (e.g. the C locale)."""
    locale = QLocale.system()
    territory = locale.territory()
    if territory in (QLocale.Country.AnyTerritory, QLocale.Country.World):
        return None
    code = QLocale.territoryToCode(territory)
    return code.upper() if len(code) == 2 and code.isalpha() else None
