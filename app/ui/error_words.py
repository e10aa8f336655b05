"""The one way an error reaches people: a plain sentence, with the technical detail kept apart.

Exception texts such as ``[Errno -2] Name or service not known`` or a class name mean nothing
to most readers and frighten some; they are what a bug report needs, though. So the window shows
`PlainError.text` and keeps `PlainError.details` (the class, the errno, Python's message) for
the log and a folded "Details" part (`Banner`).
"""

from __future__ import annotations

import logging
import socket
import ssl
from dataclasses import dataclass

from app.core.i18n import TranslatableError, system_reason, translations
from app.ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

log = logging.getLogger(__name__)

_CONTEXT = "PlainError"
_NO_NAME = QT_TRANSLATE_NOOP(
    _CONTEXT, "The name could not be looked up: no network, or the DNS server does not answer."
)
_TIMEOUT = QT_TRANSLATE_NOOP(_CONTEXT, "The other side did not answer in time.")
_REFUSED = QT_TRANSLATE_NOOP(_CONTEXT, "The other side refused the connection.")
_CONNECTION = QT_TRANSLATE_NOOP(_CONTEXT, "The connection was lost or could not be made.")
_SECURE = QT_TRANSLATE_NOOP(_CONTEXT, "A secure connection could not be set up.")
_SYSTEM = QT_TRANSLATE_NOOP(_CONTEXT, "The system refused: %1.")
_SYSTEM_UNKNOWN = QT_TRANSLATE_NOOP(_CONTEXT, "The system refused the operation.")
_UNEXPECTED = QT_TRANSLATE_NOOP(
    _CONTEXT, "Something unexpected went wrong. The details say what, for a bug report."
)


@dataclass(frozen=True, slots=True)
class PlainError:
    """What an error says: ``text`` for everyone, ``details`` for whoever needs to know."""

    text: str
    details: str


def _tr(source: str) -> str:
    return QCoreApplication.translate(_CONTEXT, source)


def technical_details(error: BaseException) -> str:
    """The class, the errno and Python's own message, as a log or a bug report wants them."""
    name = f"{type(error).__module__}.{type(error).__qualname__}"
    if name.startswith("builtins."):
        name = type(error).__qualname__
    return f"{name}: {error}" if str(error) else name


def _sentence(error: BaseException, language: str) -> str:
    if isinstance(error, TranslatableError):
        text = error.text(translations(language))
        return text[:1].upper() + text[1:]
    if isinstance(error, socket.gaierror):
        return _tr(_NO_NAME)
    if isinstance(error, TimeoutError):  # socket.timeout is TimeoutError
        return _tr(_TIMEOUT)
    if isinstance(error, ConnectionRefusedError):
        return _tr(_REFUSED)
    if isinstance(error, ConnectionError):
        return _tr(_CONNECTION)
    if isinstance(error, ssl.SSLError):
        return _tr(_SECURE)
    if isinstance(error, OSError):
        if error.strerror is None and error.errno is None:
            return _tr(_SYSTEM_UNKNOWN)
        reason = system_reason(error).text(translations(language))
        return _tr(_SYSTEM).replace("%1", reason)
    return _tr(_UNEXPECTED)


def plain_error(error: BaseException, language: str) -> PlainError:
    """Put ``error`` into words for people in ``language``; the details keep the raw text."""
    return PlainError(_sentence(error, language), technical_details(error))


def report_error(what: str, error: BaseException, language: str) -> PlainError:
    """Log ``error`` with its traceback under ``what`` (English, for the log) and put it into
    words: the one path from a failed task to the banner or a status line."""
    log.warning("%s: %s", what, technical_details(error), exc_info=error)
    return plain_error(error, language)
