"""The core's catalogues are complete and current: every message the sources mark is in each
.po, translated, not fuzzy; no obsolete entry is left; the shipped .mo is the .po compiled.

The .mo is committed (and shipped in the wheel as app.resources.i18n.core) rather than compiled
at set-up, so an installed copy needs no build step; this test keeps it from going stale.
`make i18n` fixes the first and last failures below; translating fixes the others.
"""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog

from app.core.i18n import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES
from app.core.i18n_catalogue import compiled, extract, read_catalogue, source_catalogue

LANGUAGES = [language for language in SUPPORTED_LANGUAGES if language != DEFAULT_LANGUAGE]


@pytest.fixture(scope="module")
def template() -> Catalog:
    return extract()


def _key(message_id: object) -> str:
    return message_id if isinstance(message_id, str) else str(message_id[0])  # type: ignore[index]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_in_the_catalogue(template: Catalog, language: str) -> None:
    catalogue = read_catalogue(source_catalogue(language), language)
    wanted = {(m.context, _key(m.id)) for m in template if m.id}
    present = {(m.context, _key(m.id)) for m in catalogue if m.id}
    assert sorted(wanted - present, key=str) == [], "run `make i18n`, then translate"
    assert sorted(present - wanted, key=str) == [], "obsolete entries: run `make i18n`"
    assert not catalogue.obsolete


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    catalogue = read_catalogue(source_catalogue(language), language)
    unfinished = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            unfinished.append(_key(message.id))
    assert unfinished == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_mo_is_the_po_compiled(language: str) -> None:
    po = source_catalogue(language)
    assert po.with_suffix(".mo").read_bytes() == compiled(read_catalogue(po, language)), (
        "run `make i18n`"
    )


def test_a_new_unmarked_or_untranslated_message_is_caught(template: Catalog) -> None:
    """The check can fail: a message the .po lacks is reported as missing."""
    catalogue = read_catalogue(source_catalogue("fr"), "fr")
    catalogue.delete("GDPR applies")
    present = {(m.context, _key(m.id)) for m in catalogue if m.id}
    assert (None, "GDPR applies") in {(m.context, _key(m.id)) for m in template} - present
