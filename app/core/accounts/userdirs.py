"""Where a user's programs keep their settings: the home folder, and on Windows the roaming and
local application-data folders. One value handed to every client reader, so tests give fixture
trees for Linux, Windows and macOS layouts on any machine."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Folder(StrEnum):
    """Which of the user's folders a client's file is under (see `UserDirs.folder`)."""

    HOME = "home"  # Linux, macOS (~/Library/…), Flatpak, Snap
    APPDATA = "appdata"  # Windows %APPDATA% (roaming)
    LOCAL_APPDATA = "local_appdata"  # Windows %LOCALAPPDATA%
    MAC_SUPPORT = "mac_support"  # macOS ~/Library/Application Support


@dataclass(frozen=True, slots=True)
class UserDirs:
    home: Path
    appdata: Path | None = None  # Windows %APPDATA% (roaming)
    local_appdata: Path | None = None  # Windows %LOCALAPPDATA%

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> UserDirs:
        """This user's folders: the home folder, and %APPDATA%/%LOCALAPPDATA% where set."""
        env = os.environ if environ is None else environ
        appdata, local = env.get("APPDATA"), env.get("LOCALAPPDATA")
        return cls(Path.home(), Path(appdata) if appdata else None, Path(local) if local else None)

    @property
    def mac_support(self) -> Path:
        """macOS ~/Library/Application Support (absent elsewhere, so reading it finds nothing)."""
        return self.home / "Library" / "Application Support"

    def folder(self, which: Folder) -> Path | None:
        """That folder, None where this system has none (no %APPDATA% outside Windows)."""
        if which is Folder.HOME:
            return self.home
        if which is Folder.MAC_SUPPORT:
            return self.mac_support
        return self.appdata if which is Folder.APPDATA else self.local_appdata
