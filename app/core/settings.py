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
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "DataLocator"
FILE_NAME = "settings.json"
# Set by the test suite: never read or write the real user's settings.
NO_USER_DIRS_ENV = "DATALOCATOR_NO_USER_DIRS"

MIN_POLL_INTERVAL_S = 0.1
MAX_POLL_INTERVAL_S = 3600.0


@dataclass(frozen=True, slots=True)
class Settings:
    poll_interval_s: float = 2.0
    reverse_dns: bool = True
    dns_server: str | None = None  # "HOST" or "HOST:PORT" ("[v6]:PORT"); None → system resolver
    database_paths: tuple[str, ...] = ()  # extra .mmdb files, consulted before the embedded ones
    home_country: str | None = None  # ISO 3166-1 alpha-2, upper case
    language: str | None = None  # "en", "fr"…; None → the system's language


def parse_dns_server(text: str, default_port: int = 53) -> tuple[str, int]:
    """Split "IP", "IP:PORT", "[IPv6]:PORT" or a bare IPv6 address; ValueError if malformed.

    Only addresses: a resolver needs an address to ask, and naming the DNS server by a host
    name would need DNS first.
    """
    text = text.strip()
    host, port_text = text, ""
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise ValueError(f"not IP[:PORT]: {text!r}")
        port_text = rest[1:]
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
        if not port_text:
            raise ValueError(f"missing port in {text!r}")
    try:
        host = str(ipaddress.ip_address(host))
    except ValueError:
        raise ValueError(f"the DNS server must be an IP address[:PORT], not {text!r}") from None
    if not port_text:
        return host, default_port
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"bad port in DNS server {text!r}")
    return host, int(port_text)


# --- validation: each returns the clean value or raises ValueError -----------------------------


def _poll_interval(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    if not MIN_POLL_INTERVAL_S <= float(value) <= MAX_POLL_INTERVAL_S:
        raise ValueError(f"outside {MIN_POLL_INTERVAL_S}–{MAX_POLL_INTERVAL_S} s")
    return float(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("not true/false")
    return value


def _dns_server(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a string")
    if not value.strip():
        return None
    parse_dns_server(value)
    return value.strip()


def _paths(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(p, str) for p in value):
        raise ValueError("not a list of file names")
    return tuple(dict.fromkeys(p.strip() for p in value if p.strip()))


def _country(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise ValueError("not a two-letter country code")
    return value.upper()


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")


def _language(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _LANGUAGE.fullmatch(value):
        raise ValueError("not a language code")
    return value


_VALIDATORS: Mapping[str, Callable[[Any], Any]] = {
    "poll_interval_s": _poll_interval,
    "reverse_dns": _bool,
    "dns_server": _dns_server,
    "database_paths": _paths,
    "home_country": _country,
    "language": _language,
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
                "%s: ignoring %s=%r (%s); using the default %r",
                origin,
                name,
                data[name],
                error,
                getattr(defaults, name),
            )
    unknown = sorted(set(data) - set(_VALIDATORS))
    if unknown:
        log.info("%s: ignoring unknown keys %s", origin, ", ".join(map(str, unknown)))
    return replace(defaults, **values)


def settings_to_mapping(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    data["database_paths"] = list(settings.database_paths)
    return data


class SettingsStore:
    """Loads and saves Settings as JSON in the user's config directory (or a given one).

    With ``directory=None`` and DATALOCATOR_NO_USER_DIRS set (the test suite), the store keeps
    settings in memory only, so a test can never touch the real user's file.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self._memory: Settings | None = None
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

    def load(self) -> Settings:
        if self._path is None:
            return self._memory if self._memory is not None else Settings()
        try:
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            log.info("no settings file at %s; using defaults", self._path)
            return Settings()
        except OSError as error:
            log.warning("cannot read settings %s (%s); using defaults", self._path, error)
            return Settings()
        try:
            data = json.loads(text)
        except ValueError as error:
            log.warning("settings %s is not valid JSON (%s); using defaults", self._path, error)
            return Settings()
        if not isinstance(data, dict):
            log.warning("settings %s is not a JSON object; using defaults", self._path)
            return Settings()
        return settings_from_mapping(data, origin=str(self._path))

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
        descriptor, name = tempfile.mkstemp(dir=directory, prefix=".settings-", suffix=".tmp")
        temporary = Path(name)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(self._path)  # os.replace: atomic on POSIX and Windows
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        log.info("settings saved to %s", self._path)
