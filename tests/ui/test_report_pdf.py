"""The report printed: the PDF opened with poppler's tools (text, size, pages, fonts, tags), its
pages rendered in grey for a black-and-white look, and the HTML page shown in headless
Chromium on a desktop and a phone. Pictures land in tests/artifacts/ to be looked at."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.geo.locator import Locator, default_database_paths
from app.core.providers import ProviderRegistry
from app.core.report.build import MAX_NAME
from app.core.report.gather import demo_input
from app.core.report.model import ReportInput
from app.core.report.produce import Paper, ReportFormat, ReportOptions, write_report
from app.ui.qt import QApplication, QImage
from app.ui.report_map import draw_report_map
from tests.fixtures.captures import record_demo
from tests.fixtures.hostile import LONG_NAME, hostile_input
from tests.fixtures.personas import CAMILLE

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
SIZES = {Paper.A4: "595.276 x 841.89 pts (A4)", Paper.LETTER: "612 x 792 pts (letter)"}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (tests/system-packages.sh installs it as root)")
    return found


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.fixture(scope="module")
def demo() -> Iterator[ReportInput]:
    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with locator:
        yield demo_input(locator, CAMILLE, now=lambda: 1_800_000_000.0)


def _write(data: ReportInput, path: Path, **options: object) -> None:
    chosen = ReportOptions(**{"format": ReportFormat.PDF, "language": "en", **options})  # type: ignore[arg-type]
    write_report(
        data, chosen, path, draw_report_map, ServiceCatalogue.load(), ProviderRegistry.load()
    )


@pytest.mark.parametrize("paper", [Paper.A4, Paper.LETTER])
def test_the_pdf_is_a_searchable_tagged_letter_with_embedded_fonts(
    qapp: QApplication, demo: ReportInput, tmp_path: Path, paper: Paper
) -> None:
    out = tmp_path / f"report-{paper}.pdf"
    _write(demo, out, paper=paper, person="Camille Martin")

    info = run(tool("pdfinfo"), str(out))
    fields = {
        k.strip(): " ".join(v.split())
        for k, _, v in (ln.partition(":") for ln in info.splitlines())
    }
    assert fields["Page size"] == SIZES[paper]
    assert fields["Tagged"] == "yes"
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 3

    fonts = run(tool("pdffonts"), str(out)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column

    text = run(tool("pdftotext"), "-layout", str(out), "-")
    flat = " ".join(text.split())
    assert "Camille Martin" in flat and "Where my data live" in flat
    assert f"Page {pages} of {pages}" in flat and "Page 1 of" in flat
    for row in demo.observed:
        assert row.process in flat
    placed = [r for r in demo.observed if r.located.provider is not None]
    assert all(r.located.provider is not None and r.located.provider.name in flat for r in placed)

    if paper is Paper.A4:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        run(tool("pdftoppm"), "-r", "60", "-png", str(out), str(ARTIFACTS / "report-page"))
        run(tool("pdftoppm"), "-r", "60", "-gray", "-png", "-f", "3", "-l", "3", str(out),
            str(ARTIFACTS / "report-grey"))  # fmt: skip
        assert (ARTIFACTS / "report-page-01.png").stat().st_size > 5_000


def test_a_redacted_pdf_holds_no_address_or_name(
    qapp: QApplication, demo: ReportInput, tmp_path: Path
) -> None:
    out = tmp_path / "shared.pdf"
    _write(demo, out, redact=True, machine=True)
    flat = " ".join(run(tool("pdftotext"), str(out), "-").split())
    for row in demo.observed:
        assert row.remote_ip not in flat
    for placed in demo.accounts:
        assert placed.account.address is None or placed.account.address not in flat
    assert "[IP 1]" in flat and "addresses, names and private servers are hidden" in flat


def _chromium(page: Path, picture: Path, width: int, profile: Path) -> None:
    run(
        tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
        f"--window-size={width},2400", f"--screenshot={picture}", page.as_uri(),
    )  # fmt: skip


@pytest.mark.parametrize(("device", "width"), [("desktop", 1280), ("phone", 390)])
def test_the_html_page_renders_in_chromium(
    qapp: QApplication, demo: ReportInput, tmp_path: Path, device: str, width: int
) -> None:
    if os.geteuid() == 0 and shutil.which("chromium") is None:
        pytest.skip("chromium is not installed (tests/system-packages.sh installs it as root)")
    page = tmp_path / "report.html"
    write_report(
        demo, ReportOptions(ReportFormat.HTML, "fr"), page, draw_report_map,
        ServiceCatalogue.load(), ProviderRegistry.load(),
    )  # fmt: skip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    picture = ARTIFACTS / f"report-html-{device}.png"
    picture.unlink(missing_ok=True)
    _chromium(page, picture, width, tmp_path / "profile")
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (width, 2400)
    sample = {image.pixel(x, y) for x in range(0, width, 7) for y in range(0, 2400, 7)}
    assert len(sample) > 20  # text and drawing, not a blank page


def test_hostile_names_print_as_text(qapp: QApplication, demo: ReportInput, tmp_path: Path) -> None:
    out = tmp_path / "hostile.pdf"
    _write(hostile_input(demo), out)

    text = run(tool("pdftotext"), str(out), "-")
    flat = "".join(text.split())
    assert "<script>alert(1)</script>" in flat and "\\u202egnp.exe" in flat
    assert "\u202e" not in text and "\x1b" not in text
    assert "z" * (MAX_NAME - 1) + "…" in flat  # cut in the letter (JSON and CSV keep it whole)
    assert LONG_NAME not in flat
    info = run(tool("pdfinfo"), str(out))
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages < 15
    links = run(tool("pdfinfo"), "-url", str(out))  # every link the PDF holds
    assert "https://" in links  # the sources' pages
    assert "javascript" not in links.lower() and "evil.example" not in links


def test_every_format_from_a_recording(qapp: QApplication, tmp_path: Path) -> None:
    """A recording (here of the demo's day) gives the same report in each format, dated by
    its own snapshots and named by its file."""
    from app.core.report.gather import capture_input
    from app.core.session.capture import (
        open_capture,
    )

    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with locator:
        capture = tmp_path / "atelier.jsonl"
        record_demo(capture, locator, 3)
        data = capture_input(open_capture(capture), locator)
    outputs = {}
    for fmt in ReportFormat:
        out = tmp_path / f"report{fmt.suffix}"
        write_report(
            data, ReportOptions(fmt, "fr"), out, draw_report_map,
            ServiceCatalogue.load(), ProviderRegistry.load(),
        )  # fmt: skip
        outputs[fmt] = out
    document = json.loads(outputs[ReportFormat.JSON].read_text(encoding="ascii"))
    assert document["period"]["capture"] == "atelier.jsonl"
    with outputs[ReportFormat.CSV].open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == len(document["connections"]) == len(data.observed)
    page = outputs[ReportFormat.HTML].read_text(encoding="utf-8")
    assert "atelier.jsonl" in page and "<svg" in page
    text = " ".join(run(tool("pdftotext"), str(outputs[ReportFormat.PDF]), "-").split())
    assert "L’enregistrement atelier.jsonl" in text
    assert all(row.process in text for row in data.observed)
