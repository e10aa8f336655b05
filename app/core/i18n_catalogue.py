"""Keeping the core's message catalogues current: ``make i18n`` runs this module.

It extracts every message the core and the command line mark (``gettext``, ``ngettext``,
``pgettext``, ``N_``…) with babel's extractor, merges them into each
``resources/i18n/core/<lang>.po``
(new messages empty, gone ones dropped, no fuzzy guesses) and compiles the ``.mo`` the app reads.
The same functions serve the test that fails when a catalogue is incomplete or stale
(tests/core/test_i18n_catalogue.py), so "current" means one thing.
"""

from __future__ import annotations

import io
import logging
import sys
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.core.i18n import CATALOGUE_DIR, DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

DOMAIN = "datalocator"
# The Qt-free code whose sentences go through the catalogue (app/ui uses Qt's own .ts files).
SOURCE_DIRS = ("app/core", "app/cli")
# Window code that speaks in the terminal before Qt is loaded (no display, missing libraries),
# and the engine's adapter, whose events carry core Messages.
SOURCE_FILES = ("app/ui/launch.py", "app/ui/session_driver.py")
# Data files whose sentences are shown to people (translated through the catalogue): the legal
# citations of the jurisdictions, what each service says about where it stores data, what a
# company's HDS or SecNumCloud certificate covers, who each demo persona is.
DATA_FILES = (
    "resources/jurisdictions.toml",
    "resources/services.toml",
    "resources/providers.toml",
    "resources/demo/lea.toml",
    "resources/demo/sam.toml",
    "resources/demo/camille.toml",
)
_CITATION_KEYS = frozenset({"citation", "decision"})
# The keys extracted from a data file, by file name; other files: the citation keys.
_KEYS_BY_FILE = {
    "services.toml": frozenset({"storage"}),
    "lea.toml": frozenset({"description"}),
    "sam.toml": frozenset({"description"}),
    "camille.toml": frozenset({"description"}),
    "providers.toml": frozenset({"scope"}),
}
# For translators (a .po comment, never shown in the app).
_CITATION_COMMENT = "A legal citation: keep act names, numbers and articles exact."
_COMMENT_BY_FILE = {
    "services.toml": (
        "What a service says about where it stores data: keep company and service names, "
        "countries and hedges (may, some) exact."
    ),
    "lea.toml": "Who a made-up demo person is, after her name in a menu.",
    "sam.toml": "Who a made-up demo person is, after her name in a menu.",
    "camille.toml": "Who a made-up demo person is, after her name in a menu.",
    "providers.toml": (
        "What a company's HDS or SecNumCloud certificate covers: keep company, offer and "
        "region names, and hedges (may, some) exact."
    ),
}
PROJECT = "DataLocator"
# gettext's usual marks, plus the Message builders of app.core.i18n.
KEYWORDS = {**DEFAULT_KEYWORDS, "message": None, "plural_message": (1, 2)}


def repository_root() -> Path:
    return Path(__file__).resolve().parents[2]


def extract(
    root: Path | None = None,
    source_dirs: Sequence[str] = SOURCE_DIRS,
    source_files: Sequence[str] = SOURCE_FILES,
    data_files: Sequence[str] = DATA_FILES,
) -> Catalog:
    """Every marked message of the sources, as a template catalogue (what a .pot holds)."""
    base = root or repository_root()
    template = Catalog(project=PROJECT, domain=DOMAIN, fuzzy=False)
    tags = ("TRANSLATORS:",)
    for folder in source_dirs:
        found = extract_from_dir(
            base / folder,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=tags,
            strip_comment_tags=True,
        )
        for filename, line, message, comments, context in found:
            template.add(
                message,
                locations=[(f"{folder}/{filename}", line)],
                auto_comments=comments,
                context=context,
            )
    for name in source_files:
        in_file = extract_from_file(
            "python", base / name, keywords=KEYWORDS, comment_tags=tags, strip_comment_tags=True
        )
        for line, message, comments, context in in_file:
            template.add(message, locations=[(name, line)], auto_comments=comments, context=context)
    for name in data_files:
        comment = _COMMENT_BY_FILE.get(Path(name).name, _CITATION_COMMENT)
        for message, line in citations(base / name):
            template.add(message, locations=[(name, line)], auto_comments=[comment])
    return template


def citations(path: Path) -> list[tuple[str, int]]:
    """(text, line) of every ``citation`` and ``decision`` of a data file (``storage`` of
    services.toml, ``scope`` of providers.toml), in file order: the English source texts the app
    translates when it shows a verdict's sources, what a service says about where it stores
    data, or what a certificate covers."""
    text = path.read_text(encoding="utf-8")
    keys = _KEYS_BY_FILE.get(path.name, _CITATION_KEYS)
    found: list[tuple[str, int]] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in keys and isinstance(item, str):
                    found.append((item, _line_of(text, item)))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(tomllib.loads(text))
    return found


def _line_of(text: str, value: str) -> int:
    """The line where a value's first words are (1 when TOML escapes hide them)."""
    head = value[:24]
    for number, line in enumerate(text.splitlines(), start=1):
        if head in line:
            return number
    return 1


def source_catalogue(language: str, root: Path | None = None) -> Path:
    """The checkout's .po of a language (its .mo is beside it)."""
    return (root or repository_root()).joinpath("resources", *CATALOGUE_DIR, f"{language}.po")


def read_catalogue(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def write_catalogue(catalogue: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, omit_header=False, sort_output=True)
    path.write_bytes(buffer.getvalue())


def compiled(catalogue: Catalog) -> bytes:
    """The .mo bytes of a catalogue (babel writes them deterministically, sorted)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def update(languages: Iterable[str] | None = None, root: Path | None = None) -> None:
    """Merge the sources' messages into each .po, drop obsolete entries, compile the .mo."""
    base = root or repository_root()
    template = extract(base)
    for language in languages or SUPPORTED_LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue  # English is the source text
        po_path = source_catalogue(language, base)
        if po_path.exists():
            catalogue = read_catalogue(po_path, language)
        else:
            catalogue = Catalog(locale=language, project=PROJECT, domain=DOMAIN, fuzzy=False)
        # The dates stay those of the .po, so running this twice changes nothing.
        template.creation_date = catalogue.creation_date
        catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalogue.obsolete.clear()
        write_catalogue(catalogue, po_path)
        po_path.with_suffix(".mo").write_bytes(compiled(catalogue))
        untranslated = [m.id for m in catalogue if m.id and not m.string]
        if untranslated:
            log.warning("%s: %d message(s) to translate", po_path, len(untranslated))


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
