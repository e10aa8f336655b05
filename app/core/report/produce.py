"""A report from its input to a file: the options people choose, redaction first, then one
format, written whole or not at all.

The map is drawn by the caller (``draw_map``: app/ui/report_map.py through Qt, offscreen for
the command line) from the same redacted input the text comes from, so what a format hides
the map hides too. Blocking: the window runs `write_report` through its TaskRunner.
"""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.atomic import write_atomically
from app.core.i18n import TranslatableError, message, system_reason
from app.core.providers import ProviderRegistry
from app.core.report.build import Report, build_report, shortened
from app.core.report.model import ReportInput
from app.core.report.redact import redact
from app.core.text import visible_path


class ReportFormat(StrEnum):
    PDF = "pdf"
    HTML = "html"
    JSON = "json"
    CSV = "csv"

    @property
    def suffix(self) -> str:
        return "." + self.value


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


# Connection lines a printed letter holds (about five pages); the rest are counted in a note.
MAX_PRINTED_ROWS = 100

# Where the usual paper is Letter (the US, Canada, Mexico, the Philippines…); A4 elsewhere.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "PR"})


def default_paper(home: str | None) -> Paper:
    return Paper.LETTER if home in LETTER_COUNTRIES else Paper.A4


# (input, language) → the world map as SVG text, with its legend.
MapDrawer = Callable[[ReportInput, str], str]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    format: ReportFormat
    language: str
    paper: Paper = Paper.A4
    redact: bool = False
    person: str | None = None  # for whom: printed on the title page
    machine: bool = False  # print the computer's name (never when redacted)


class ReportError(TranslatableError):
    """The report could not be written; the message names the file and the reason."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """What every format is drawn from: the input as it will be shown, and the letter."""

    data: ReportInput
    report: Report


def local_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the user's login names, the computer's names): what redaction takes out of free text."""
    users = {getpass.getuser(), Path.home().name}
    host = socket.gethostname()
    machines = {host, host.split(".")[0]}
    return tuple(sorted(u for u in users if u)), tuple(sorted(m for m in machines if m))


def prepare(
    data: ReportInput,
    options: ReportOptions,
    catalogue: ServiceCatalogue,
    registry: ProviderRegistry,
    names: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
) -> Prepared:
    """The input with the chosen title details, redacted when asked, and its letter."""
    users, machines = names if names is not None else local_names()
    person = (options.person or "").strip() or None
    machine = machines[0] if options.machine and machines else None
    data = replace(data, person=person, machine=machine)
    if options.redact:
        data = redact(data, catalogue, registry, users, machines)
    return Prepared(data, build_report(data, options.language, catalogue, registry))


def render(prepared: Prepared, options: ReportOptions, draw_map: MapDrawer | None) -> bytes:
    """The file's bytes in the chosen format."""
    from app.core.report import records

    if options.format is ReportFormat.JSON:
        return records.report_json(prepared.data, prepared.report).encode("ascii")
    if options.format is ReportFormat.CSV:
        return records.report_csv(prepared.data, options.language).encode("utf-8")
    from app.core.report.html import render_html

    svg = draw_map(prepared.data, options.language) if draw_map is not None else None
    if options.format is ReportFormat.HTML:
        return render_html(prepared.report, svg, paper=options.paper).encode("utf-8")
    html = render_html(shortened(prepared.report, MAX_PRINTED_ROWS), svg, paper=options.paper)
    from app.core.report.pdf import pdf_bytes

    return pdf_bytes(html)


def write_report(
    data: ReportInput,
    options: ReportOptions,
    path: Path,
    draw_map: MapDrawer | None,
    catalogue: ServiceCatalogue | None = None,
    registry: ProviderRegistry | None = None,
) -> Prepared:
    """Make the report and write it to ``path`` atomically; ReportError when it cannot be."""
    prepared = prepare(
        data,
        options,
        catalogue or ServiceCatalogue.load(),
        registry or ProviderRegistry.load(),
    )
    content = render(prepared, options, draw_map)
    try:
        write_atomically(path, content)
    except OSError as error:
        raise ReportError(
            message(
                "cannot write {file}: {reason}",
                file=visible_path(path),
                reason=system_reason(error),
            )
        ) from error
    return prepared
