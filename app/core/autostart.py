"""Start at login: the XDG autostart entry that starts the window hidden in the tray.

Desktops that follow the freedesktop.org Autostart spec (GNOME, KDE, Xfce, Cinnamon, MATE, LXQt…)
start every ``$XDG_CONFIG_HOME/autostart/*.desktop`` at login. Turning the setting on writes
ours (whole or not at all: app/core/atomic.py); turning it off deletes it. Elsewhere (Windows,
macOS) start at login is not offered: `user_autostart` says None.

The directory is a parameter, so the tests write to a temporary one: `user_autostart` gives the
real user's only when user folders may be touched (never under DATALOCATOR_NO_USER_DIRS).
"""

from __future__ import annotations

import configparser
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.atomic import write_atomically
from app.core.i18n import (
    DEFAULT_LANGUAGE,
    SUPPORTED_LANGUAGES,
    TranslatableError,
    message,
    system_reason,
    translations,
)
from app.core.local_files import UnusableFile, read_small_file
from app.core.settings import APP_NAME, NO_USER_DIRS_ENV
from app.core.text import visible_path

log = logging.getLogger(__name__)

FILE_NAME = "datalocator.desktop"
BACKGROUND_OPTION = "--background"  # the window starts hidden in the tray (app/cli)
ICON = "org.datalocator.DataLocator"  # packaging/linux's icon name
MAX_ENTRY_BYTES = 64 * 1024
GROUP = "Desktop Entry"
# The platforms whose desktops read XDG autostart entries.
XDG_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")
# The Desktop Entry spec's reserved characters: an Exec argument holding one is quoted.
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
# Inside double quotes these four are escaped with a backslash.
_ESCAPED_IN_QUOTES = frozenset('"`$\\')
# A string value's own escapes (applied after the quoting: the spec's "\\\\" for one "\").
_STRING_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


class AutostartError(TranslatableError, OSError):
    """The entry cannot be written or deleted; the message says why."""


def quote_exec_argument(argument: str) -> str:
    """One argument of an Exec key, quoted as the Desktop Entry spec asks: in double quotes
    when it holds a reserved character (with ``"`$\\`` escaped), ``%`` doubled (a field code
    otherwise). The string escapes of the whole value come after (`exec_value`)."""
    text = argument.replace("%", "%%")
    if text and not _RESERVED.intersection(text):
        return text
    escaped = "".join("\\" + char if char in _ESCAPED_IN_QUOTES else char for char in text)
    return f'"{escaped}"'


def exec_value(command: Sequence[str]) -> str:
    """The Exec key's value for ``command`` (program first), as written in the file."""
    quoted = " ".join(quote_exec_argument(argument) for argument in command)
    return "".join(_STRING_ESCAPES.get(char, char) for char in quoted)


def _string_value(text: str) -> str:
    """Any other string key's value: one line, its backslashes and controls escaped."""
    return "".join(_STRING_ESCAPES.get(char, char) for char in text)


def default_command(executable: str | None = None) -> tuple[str, ...]:
    """How this installation starts its window in the background: the ``datalocator-gui``
    script beside the running Python when there is one (a venv or a system install), else
    that Python running the package (``python -m app``), both by absolute path."""
    python = Path(executable or sys.executable).absolute()
    script = python.with_name("datalocator-gui")
    if script.is_file():
        return (str(script), BACKGROUND_OPTION)
    return (str(python), "-m", "app", BACKGROUND_OPTION)


def entry_text(command: Sequence[str]) -> str:
    """The whole desktop entry: names and comment in every language the app speaks."""
    comment = message(
        "Keeps watching where your data go, in the background (the icon in the system tray)"
    )
    lines = [
        f"[{GROUP}]",
        "Type=Application",
        f"Name={APP_NAME}",
        f"Comment={_string_value(comment.text(translations(DEFAULT_LANGUAGE)))}",
    ]
    for language in SUPPORTED_LANGUAGES:
        if language != DEFAULT_LANGUAGE:
            words = _string_value(comment.text(translations(language)))
            lines.append(f"Comment[{language}]={words}")
    lines += [
        f"Exec={exec_value(command)}",
        f"Icon={ICON}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
    ]
    return "\n".join(lines) + "\n"


def xdg_autostart_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/autostart``, else ``~/.config/autostart`` (a relative
    XDG_CONFIG_HOME is ignored, as the Base Directory spec says)."""
    env = os.environ if environ is None else environ
    configured = env.get("XDG_CONFIG_HOME", "")
    base = Path(configured) if configured and Path(configured).is_absolute() else None
    if base is None:
        home = env.get("HOME") or str(Path.home())
        base = Path(home) / ".config"
    return base / "autostart"


@dataclass(frozen=True, slots=True)
class Autostart:
    """Our entry in one autostart directory, for one command."""

    directory: Path
    command: tuple[str, ...]

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    def is_enabled(self) -> bool:
        """The entry is there and not switched off by the desktop's own tool (``Hidden=true``
        or GNOME's ``X-GNOME-Autostart-enabled=false``). A file that cannot be read: off."""
        try:
            data = read_small_file(self.path, MAX_ENTRY_BYTES)
        except (OSError, UnusableFile) as error:
            log.info("autostart entry %s not read: %s", self.path, error)
            return False
        if data is None:
            return False
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
        try:
            parser.read_string(data.decode("utf-8", errors="replace"))
        except configparser.Error as error:
            log.info("autostart entry %s not understood: %s", self.path, error)
            return False
        if not parser.has_section(GROUP):
            return False
        section = parser[GROUP]
        hidden = section.get("Hidden", "false").strip().lower() == "true"
        switched_off = section.get("X-GNOME-Autostart-enabled", "true").strip().lower() == "false"
        return not (hidden or switched_off)

    def enable(self) -> None:
        """Write (or rewrite) the entry; AutostartError when it cannot."""
        try:
            text = entry_text(self.command).encode("utf-8")
        except UnicodeEncodeError:  # a path that is not text: no desktop entry can hold it
            raise AutostartError(
                message(
                    "the program's path {file} cannot be written in a desktop entry",
                    file=visible_path(Path(self.command[0])),
                )
            ) from None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, text, mode=0o644)
        except OSError as error:
            raise self._error(error) from error
        log.info("autostart entry written: %s", self.path)

    def disable(self) -> None:
        """Delete the entry (nothing to do when there is none); AutostartError when it cannot."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise self._error(error) from error
        log.info("autostart entry removed: %s", self.path)

    def apply(self, enabled: bool) -> None:
        """Make the entry match the setting."""
        if enabled:
            self.enable()
        else:
            self.disable()

    def _error(self, error: OSError) -> AutostartError:
        return AutostartError(
            message(
                "the start-at-login entry {file} cannot be changed ({error})",
                file=visible_path(self.path),
                error=system_reason(error),
            )
        )


def user_autostart(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> Autostart | None:
    """This user's autostart entry, or None where start at login is not offered: a platform
    without XDG autostart, or user folders that must not be touched (the test suite)."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith(XDG_PLATFORMS):
        return None
    if env.get(NO_USER_DIRS_ENV):
        return None
    return Autostart(xdg_autostart_dir(env), default_command())
