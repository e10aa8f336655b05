"""The user's language, and the core's message catalogues.

One rule decides the language everywhere (the window, the command line, later the reports):
the settings' language, else the system's, else English (`choose_language`). The core stays
Qt-free, so its sentences go through stdlib ``gettext`` catalogues: English source texts in the
code, their French in ``resources/i18n/core/fr.po``, compiled to ``fr.mo`` beside it by
``make i18n`` (a test fails when the two differ, or when the .po misses a message the code
uses). Functions that make sentences take the translations as a parameter: no global language.
"""

from __future__ import annotations

import errno
import gettext
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date

from app.core.resources import resource_path

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
CATALOGUE_DIR = ("i18n", "core")
# The environment variables gettext reads, in its order: the first one set decides.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_NO_LANGUAGE = frozenset({"c", "posix"})


def N_(message: str) -> str:
    """Mark a source text for the catalogue where it is defined; translate it where it is shown."""
    return message


def base_language(tag: str | None) -> str | None:
    """The base language of a tag ("fr_CA.UTF-8", "fr-CA" → "fr"); None for none, "C", "POSIX"."""
    if not tag:
        return None
    code = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if not code or code in _NO_LANGUAGE:
        return None
    return code


def _system_tags(environ: Mapping[str, str]) -> Iterable[str]:
    """The system's language preferences, as gettext reads them (LANGUAGE may list several)."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return value.split(":")
    return ()


def choose_language(setting: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The one rule: the settings' language, else the system's (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG, in that order, as gettext does), else English; always one of SUPPORTED_LANGUAGES.

    A setting or system language we have no translation for falls through to the next choice.
    """
    env = os.environ if environ is None else environ
    for tag in (setting, *_system_tags(env)):
        code = base_language(tag)
        if code in SUPPORTED_LANGUAGES:
            return code
        if code is None and tag and tag.strip():
            break  # "C"/"POSIX": the system asks for no translation
    return DEFAULT_LANGUAGE


def catalogue_path(language: str, suffix: str = ".mo") -> Path:
    """Where a language's compiled (``.mo``) or source (``.po``) catalogue lives."""
    return resource_path(*CATALOGUE_DIR, f"{language}{suffix}")


def translations(language: str) -> gettext.NullTranslations:
    """The core catalogue for a language (English: the source texts themselves).

    An unsupported language, or a missing catalogue (a broken install), gives English with a
    warning rather than no text at all.
    """
    code = base_language(language) or DEFAULT_LANGUAGE
    if code == DEFAULT_LANGUAGE or code not in SUPPORTED_LANGUAGES:
        return _english()
    return _load(str(catalogue_path(code)))


@lru_cache(maxsize=1)
def _english() -> gettext.NullTranslations:
    return gettext.NullTranslations()


@lru_cache(maxsize=8)
def _load(path: str) -> gettext.NullTranslations:
    try:
        with Path(path).open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except (OSError, ValueError) as error:  # ValueError: not a catalogue (gettext's own errors)
        log.warning("no translations (%s): %s; using English", path, error)
        return _english()


def language_of(tr: gettext.NullTranslations) -> str:
    """The language a translations object speaks (for babel's dates, numbers and names)."""
    info = tr.info() if isinstance(tr, gettext.GNUTranslations) else {}
    return base_language(info.get("language")) or DEFAULT_LANGUAGE


def babel_locale(language: str) -> Locale:
    """The babel locale for dates, numbers and country names in ``language``."""
    code = base_language(language) or DEFAULT_LANGUAGE
    return Locale.parse(code if code in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE)


def format_day_of(day: date, pattern: str, language: str) -> str:
    """``day`` in a CLDR date pattern of ``language`` (babel). French writes the first of a
    month as an ordinal, "1er juin 2026", which CLDR's patterns cannot say."""
    text = format_date(day, pattern, locale=babel_locale(language))
    if base_language(language) == "fr" and day.day == 1 and text.startswith("1 "):
        return "1er " + text[2:]
    return text


@dataclass(frozen=True)
class Message:
    """A sentence not yet in any language: a marked source template and its named values.

    The core often makes a sentence long before anyone knows who will read it (an error raised
    while reading a file, a note kept on a located endpoint). It keeps a Message and the caller
    that shows it picks the language: ``message.text(tr)``. Values that are Messages themselves
    are translated too; anything else is shown with ``str()`` (format numbers before, if needed).
    Build one with `message` or `plural_message`, which the catalogue extractor knows.
    """

    template: str
    values: tuple[tuple[str, object], ...] = ()
    plural: str | None = None
    count: int = 0

    def text(self, tr: gettext.NullTranslations) -> str:
        if self.plural is None:
            template = tr.gettext(self.template)
        else:
            template = tr.ngettext(self.template, self.plural, self.count)
        values = {
            name: value.text(tr) if isinstance(value, Message) else value
            for name, value in self.values
        }
        return template.format(**values)

    def __str__(self) -> str:
        return self.text(_english())


def message(template: str, /, **values: object) -> Message:
    """A sentence with named placeholders: ``message("{file}: cannot read", file=path)``."""
    return Message(template, tuple(values.items()))


def verbatim(text: str) -> Message:
    """Words that are data, not a template (a name, a text read back from a file): shown as they
    are in every language, and safe whatever braces they hold."""
    return Message("{text}", (("text", text),))


def plural_message(singular: str, plural: str, count: int, /, **values: object) -> Message:
    """A sentence whose words follow a number (``{count}`` is among the values)."""
    return Message(singular, (("count", count), *values.items()), plural, count)


class TranslatableError(Exception):
    """An error whose text the person who reads it gets in their language.

    ``str(error)`` is English (for logs); ``error.text(tr)`` is what the CLI and window show.
    """

    def __init__(self, text: Message) -> None:
        super().__init__(str(text))
        self.message = text

    def text(self, tr: gettext.NullTranslations) -> str:
        return self.message.text(tr)


# The reasons the system gives most often, in our words: Python never sets the C library's
# message locale, so ``strerror`` is English whatever the user's language.
_SYSTEM_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("too many symbolic links"),
    errno.EEXIST: N_("it already exists"),
    errno.EIO: N_("input/output error"),
    errno.EXDEV: N_("it is on another disk"),
}


def system_reason(error: OSError) -> Message:
    """Why the system refused, in the reader's language when it is a common reason."""
    known = _SYSTEM_REASONS.get(error.errno or 0)
    if known is not None:
        return Message(known)
    return verbatim(error.strerror or type(error).__name__)
