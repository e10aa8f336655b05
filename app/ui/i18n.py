"""The window's translations: our ``.qm`` and Qt's own, installed once at start-up.

The language itself comes from the one rule (`app.core.i18n.choose_language`); this module only
turns it into Qt translators, so the launcher and the tests start the window the same way.
"""

from __future__ import annotations

import logging

from app.core.i18n import (
    DEFAULT_LANGUAGE,
    base_language,
    choose_language,
)
from app.core.resources import resource_path
from app.ui.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

CATALOGUE_NAME = "datalocator"


def window_catalogue(language: str) -> str:
    """Where the compiled window catalogue for a language is shipped (``resources/i18n``)."""
    return str(resource_path("i18n", f"{CATALOGUE_NAME}_{language}.qm"))


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install our translator and Qt's base one for `language`, and make it the default locale.

    English is the source language: only its plural forms are installed. The translators are
    returned so the caller can remove them (a test, or a window started in another language).
    """
    code = base_language(language) or DEFAULT_LANGUAGE
    QLocale.setDefault(QLocale(code))
    paths = [window_catalogue(code)]  # English too: its plural forms ("1 connection")
    if code != DEFAULT_LANGUAGE:
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        paths.insert(0, f"{qt_folder}/qtbase_{code}.qm")
    installed: list[QTranslator] = []
    for path in paths:
        translator = QTranslator(app)
        if translator.load(path) and app.installTranslator(translator):
            installed.append(translator)
        else:
            log.warning("no translation loaded from %s", path)
    return installed


def window_language() -> str:
    """The language the translators were installed for (the default QLocale's), for the few
    helpers that are not handed one; windows pass their model's language explicitly."""
    return choose_language(QLocale().name(), environ={})
