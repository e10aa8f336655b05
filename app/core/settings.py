"""User settings: a small JSON file, validated field by field on load.

The file is edited by people and by older or newer versions of the app, so loading never fails:
unknown keys are ignored and a bad value falls back to its default with a logged warning.
It holds preferences only — never a password or token (those go to the system keyring).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import re
import reprlib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from app.core.accounts.entries import parse_entry
from app.core.atomic import write_atomically
from app.core.history.rules import (
    DEFAULT_RULES,
    AlertRule,
    RuleError,
    rule_from_mapping,
    rule_to_mapping,
)
from app.core.i18n import Message, TranslatableError, message, system_reason
from app.core.local_files import UnusableFile, read_small_file
from app.core.text import visible, visible_path

log = logging.getLogger(__name__)

APP_NAME = "DataLocator"
FILE_NAME = "settings.json"
# Set by the test suite: never read or write the real user's settings.
NO_USER_DIRS_ENV = "DATALOCATOR_NO_USER_DIRS"

MIN_POLL_INTERVAL_S = 0.1
MAX_POLL_INTERVAL_S = 3600.0
# How much bigger presenter view draws the map's marks and labels and its caption, in percent:
# from the back of a training room, 100 % is unreadable and past 300 % the map has no room.
MIN_PRESENTER_ZOOM = 100
MAX_PRESENTER_ZOOM = 300
DEFAULT_PRESENTER_ZOOM = 200
MIN_HISTORY_DAYS, DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS = 1, 30, 365
# A settings file is a few hundred bytes; anything past this is not one (and not read whole).
MAX_FILE_BYTES = 1024 * 1024
BROKEN_SUFFIX = ".broken-"

# Values quoted in warnings: short, whatever the file holds.
_BRIEF = reprlib.Repr()
_BRIEF.maxstring = _BRIEF.maxother = 60
_BRIEF.maxlevel = 3


@dataclass(frozen=True, slots=True)
class Settings:
    poll_interval_s: float = 2.0
    reverse_dns: bool = True
    dns_server: str | None = None  # "HOST" or "HOST:PORT" ("[v6]:PORT"); None → system resolver
    database_paths: tuple[str, ...] = ()  # extra .mmdb files, consulted before the embedded ones
    home_country: str | None = None  # ISO 3166-1 alpha-2, upper case
    language: str | None = None  # "en", "fr"…; None → the system's language
    # Accounts the user added ("mail:lea@example.org", "url:…", "service:gmail"); no secrets.
    manual_accounts: tuple[str, ...] = ()
    # The window as it was left (saved at exit, clamped to the screen it opens on): its size,
    # whether it was maximised, and the sizes of its two splitters (map | place panel, and
    # map area / tabs), in pixels. Empty or None: the window's own layout.
    window_size: tuple[int, int] | None = None
    window_maximized: bool = False
    map_split: tuple[int, ...] = ()
    main_split: tuple[int, ...] = ()
    presenter_zoom: int = DEFAULT_PRESENTER_ZOOM  # percent, MIN_/MAX_PRESENTER_ZOOM
    # View → Anonymise: the window hides this computer's addresses, names and accounts (a
    # trainer in front of a room turns it on once and finds it on the next time).
    anonymise: bool = False
    # The history: detail kept this many days (then daily summaries for a year).
    history_days: int = DEFAULT_HISTORY_DAYS
    # Desktop notifications when a program's data go somewhere new (app/core/history/rules.py);
    # none before ``alerts_snoozed_until`` (a time.time()), though the alerts are still logged.
    alerts: bool = True
    alert_rules: tuple[AlertRule, ...] = DEFAULT_RULES
    alerts_snoozed_until: float = 0.0
    # Watching in the background: closing the window that watches this computer hides it in
    # the system tray (where there is one) and polling goes on; the tray says so once, the
    # first time (`background_notice_shown`). Start at login writes an XDG autostart entry
    # (app/core/autostart.py) that starts the window hidden.
    close_to_tray: bool = True
    background_notice_shown: bool = False
    start_at_login: bool = False


class SettingValueError(TranslatableError, ValueError):
    """A setting's value cannot be used; the message says why (``str()`` in English, for the
    log; ``.text(tr)`` for the person who typed it)."""


def parse_dns_server(text: str, default_port: int = 53) -> tuple[str, int]:
    """Split "IP", "IP:PORT", "[IPv6]:PORT" or a bare IPv6 address; SettingValueError (a
    ValueError) if malformed.

    Only unicast addresses: a resolver needs one address to ask (naming it by a host name would
    need DNS first), and a multicast, broadcast or unspecified one would send the user's
    queries to whoever listens on the local network.
    """
    text = text.strip()
    host, port_text = text, ""
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise SettingValueError(message("not IP[:PORT]: {server!r}", server=text))
        port_text = rest[1:]
        if rest and not port_text:
            raise SettingValueError(message("missing port in {server!r}", server=text))
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
        if not port_text:
            raise SettingValueError(message("missing port in {server!r}", server=text))
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise SettingValueError(
            message("the DNS server must be an IP address[:PORT], not {server!r}", server=text)
        ) from None
    problem = _not_unicast(address, text)
    if problem:
        raise SettingValueError(problem)
    if not port_text:
        return str(address), default_port
    if not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
        raise SettingValueError(
            message("bad port in DNS server {server!r} (wants 1–65535)", server=text)
        )
    return str(address), int(port_text)


def _not_unicast(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, text: str
) -> Message | None:
    """Why this non-unicast address cannot be a server's, or None for one a server can have."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_multicast:
        return message(
            "the DNS server must be one server's address, not the multicast address {server!r}",
            server=text,
        )
    if address.is_unspecified:
        return message(
            "the DNS server must be one server's address, not the unspecified address {server!r}",
            server=text,
        )
    if isinstance(address, ipaddress.IPv4Address):
        if address == ipaddress.IPv4Address("255.255.255.255"):
            return message(
                "the DNS server must be one server's address, not the broadcast address {server!r}",
                server=text,
            )
        if address.is_reserved:  # 240.0.0.0/4: never routed
            return message(
                "the DNS server must be one server's address, not the reserved address {server!r}",
                server=text,
            )
    return None


# --- validation: each returns the clean value or raises ValueError -----------------------------


def _poll_interval(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingValueError(message("not a number"))
    # Compared before float(): an integer of a thousand digits does not fit a float.
    if not MIN_POLL_INTERVAL_S <= value <= MAX_POLL_INTERVAL_S:
        raise SettingValueError(
            message("outside {low}–{high} s", low=MIN_POLL_INTERVAL_S, high=MAX_POLL_INTERVAL_S)
        )
    return float(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise SettingValueError(message("not true/false"))
    return value


def _dns_server(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SettingValueError(message("not a string"))
    if not value.strip():
        return None
    parse_dns_server(value)
    return value.strip()


def _paths(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(p, str) for p in value):
        raise SettingValueError(message("not a list of file names"))
    return tuple(dict.fromkeys(p.strip() for p in value if p.strip()))


def _country(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise SettingValueError(message("not a two-letter country code"))
    return value.upper()


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")


def _language(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _LANGUAGE.fullmatch(value):
        raise SettingValueError(message("not a language code"))
    return value


def _manual_accounts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(e, str) for e in value):
        raise SettingValueError(message("not a list of account entries"))
    entries = []
    for text in value:
        try:
            entries.append(parse_entry(text).text)
        except ValueError as error:
            log.warning("ignoring the account entry %s (%s)", _BRIEF.repr(text), error)
    return tuple(dict.fromkeys(entries))


MAX_WINDOW_PIXELS = 100_000  # wider than any wall of screens: a bigger number is not a size
MIN_WINDOW_PIXELS = 100


def _pixels(value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingValueError(message("not a whole number of pixels"))
    if not low <= value <= MAX_WINDOW_PIXELS:
        raise SettingValueError(
            message("outside {low}–{high} pixels", low=low, high=MAX_WINDOW_PIXELS)
        )
    return value


def _window_size(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise SettingValueError(message("not a width and a height"))
    return (_pixels(value[0], MIN_WINDOW_PIXELS), _pixels(value[1], MIN_WINDOW_PIXELS))


def _split(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list | tuple) or len(value) not in (0, 2):
        raise SettingValueError(message("not two sizes"))
    return tuple(_pixels(size, 0) for size in value)


def _presenter_zoom(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingValueError(message("not a whole number"))
    if not MIN_PRESENTER_ZOOM <= value <= MAX_PRESENTER_ZOOM:
        raise SettingValueError(
            message("outside {low}–{high} %", low=MIN_PRESENTER_ZOOM, high=MAX_PRESENTER_ZOOM)
        )
    return value


def _history_days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingValueError(message("not a whole number"))
    if not MIN_HISTORY_DAYS <= value <= MAX_HISTORY_DAYS:
        raise SettingValueError(
            message("outside {low}–{high} days", low=MIN_HISTORY_DAYS, high=MAX_HISTORY_DAYS)
        )
    return value


def _alert_rules(value: Any) -> tuple[AlertRule, ...]:
    if not isinstance(value, list | tuple):
        raise SettingValueError(message("not a list of alert rules"))
    rules = []
    for data in value:
        try:
            rules.append(rule_from_mapping(data))
        except RuleError as error:
            log.warning("ignoring the alert rule %s (%s)", _BRIEF.repr(data), error)
    return tuple(dict.fromkeys(rules))


def _time(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise SettingValueError(message("not a time"))
    return float(value)


_VALIDATORS: Mapping[str, Callable[[Any], Any]] = {
    "poll_interval_s": _poll_interval,
    "reverse_dns": _bool,
    "dns_server": _dns_server,
    "database_paths": _paths,
    "home_country": _country,
    "language": _language,
    "manual_accounts": _manual_accounts,
    "window_size": _window_size,
    "window_maximized": _bool,
    "anonymise": _bool,
    "close_to_tray": _bool,
    "background_notice_shown": _bool,
    "start_at_login": _bool,
    "map_split": _split,
    "main_split": _split,
    "presenter_zoom": _presenter_zoom,
    "history_days": _history_days,
    "alerts": _bool,
    "alert_rules": _alert_rules,
    "alerts_snoozed_until": _time,
}
assert set(_VALIDATORS) == {f.name for f in fields(Settings)}


def settings_from_mapping(data: Mapping[str, Any], origin: str = "settings") -> Settings:
    """Build Settings from decoded JSON; unknown keys are dropped, bad values become defaults."""
    defaults = Settings()
    values: dict[str, Any] = {}
    for name, validate in _VALIDATORS.items():
        if name not in data:
            continue
        try:
            values[name] = validate(data[name])
        except ValueError as error:
            log.warning(
                "%s: ignoring %s=%s (%s); using the default %r",
                origin,
                name,
                _BRIEF.repr(data[name]),
                error,
                getattr(defaults, name),
            )
    unknown = sorted(set(data) - set(_VALIDATORS))
    if unknown:
        log.info("%s: ignoring unknown keys %s", origin, _BRIEF.repr(unknown))
    return replace(defaults, **values)


def settings_to_mapping(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    for name in ("database_paths", "manual_accounts", "map_split", "main_split"):
        data[name] = list(data[name])
    if settings.window_size is not None:
        data["window_size"] = list(settings.window_size)
    data["alert_rules"] = [rule_to_mapping(rule) for rule in settings.alert_rules]
    return data


class _Unusable(UnusableFile):
    """The settings file exists but cannot be used; the message says why."""


def _read_file(path: Path) -> bytes | None:
    """The settings file's bytes (app.core.local_files), None when there is none."""
    return read_small_file(path, MAX_FILE_BYTES)


def _decode(data: bytes) -> dict[str, Any]:
    """The JSON object in `data`; _Unusable when it is not UTF-8 JSON holding an object."""
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark from a Windows editor is fine
    except UnicodeDecodeError as error:
        raise _Unusable(message("it is not UTF-8 text (byte {byte})", byte=error.start)) from None
    try:
        document = json.loads(text)
    except RecursionError:
        raise _Unusable(message("it is nested too deeply")) from None
    except ValueError as error:  # also integers too long to convert
        raise _Unusable(message("it is not valid JSON ({error})", error=error)) from None
    if not isinstance(document, dict):
        raise _Unusable(message("it is not a JSON object"))
    return document


def _now() -> datetime:
    return datetime.now(UTC)


class SettingsStore:
    """Loads and saves Settings as JSON in the user's config directory (or a given one).

    With ``directory=None`` and DATALOCATOR_NO_USER_DIRS set (the test suite), the store keeps
    settings in memory only, so a test can never touch the real user's file.

    Loading never fails. A file that cannot be used at all (not UTF-8, not JSON, nested too
    deeply, not an object, unreadable, a folder or a FIFO) is renamed to
    ``settings.json.broken-<UTC time>`` — kept for the user, out of the way of the next save —
    and the defaults are used; `problem` then says so in one sentence, for the caller to show
    once. ``clock`` dates the renamed file.
    """

    def __init__(
        self, directory: Path | None = None, *, clock: Callable[[], datetime] = _now
    ) -> None:
        self._memory: Settings | None = None
        self._clock = clock
        self._problem: Message | None = None
        if directory is None and os.environ.get(NO_USER_DIRS_ENV):
            self._path: Path | None = None
        else:
            base = (
                directory
                if directory is not None
                else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
            )
            self._path = base / FILE_NAME

    @property
    def path(self) -> Path | None:
        """The JSON file, or None when the store is memory-only."""
        return self._path

    @property
    def problem(self) -> Message | None:
        """Why the last `load` fell back to the defaults for the whole file, or None; the
        caller shows it with ``problem.text(tr)``."""
        return self._problem

    def load(self) -> Settings:
        """The saved settings; the defaults (and `problem` set) when the file cannot be used."""
        self._problem = None
        if self._path is None:
            return self._memory if self._memory is not None else Settings()
        try:
            data = _read_file(self._path)
            if data is None:
                log.info("no settings file at %s; using defaults", self._path)
                return Settings()
            document = _decode(data)
        except PermissionError:
            self._set_aside(message("it is not readable (permission denied)"))
            return Settings()
        except UnusableFile as error:
            self._set_aside(error.message)
            return Settings()
        except OSError as error:  # e.g. the config folder is a file: nothing to move aside
            self._problem = message(
                "cannot read the settings {file} ({error}); using the defaults",
                file=visible_path(self._path),
                error=system_reason(error),
            )
            log.warning("%s", self._problem)
            return Settings()
        return settings_from_mapping(document, origin=str(self._path))

    def _set_aside(self, reason: Message) -> None:
        """Rename the unusable file next to itself, never over another one, and say so."""
        assert self._path is not None
        stamp = self._clock().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self._path.with_name(f"{self._path.name}{BROKEN_SUFFIX}{stamp}")
        number = 1
        while os.path.lexists(aside):
            aside = self._path.with_name(f"{self._path.name}{BROKEN_SUFFIX}{stamp}-{number}")
            number += 1
        try:
            self._path.rename(aside)
        except OSError as error:
            self._problem = message(
                "the settings file {file} cannot be used ({reason}) nor moved aside "
                "({error}); using the defaults",
                file=visible_path(self._path),
                reason=reason,
                error=system_reason(error),
            )
        else:
            self._problem = message(
                "the settings file {file} could not be used ({reason}); it was moved "
                "to {aside} and the defaults are used",
                file=visible_path(self._path),
                reason=reason,
                aside=visible(aside.name),
            )
        log.warning("%s", self._problem)

    def save(self, settings: Settings) -> None:
        """Write atomically: a temporary file in the same directory, then an atomic replace.

        A crash mid-write leaves the previous file intact. Raises OSError when it cannot write.
        """
        if self._path is None:
            self._memory = settings
            return
        directory = self._path.parent
        directory.mkdir(parents=True, exist_ok=True)
        text = json.dumps(settings_to_mapping(settings), indent=2, sort_keys=True) + "\n"
        write_atomically(self._path, text.encode("utf-8"), mode=0o600)
        log.info("settings saved to %s", self._path)
