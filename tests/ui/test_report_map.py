"""The report's map: drawn by the window's own code from the report's input, so redaction
reaches the map too (account names on pins), and a worker thread can draw it."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator

import pytest

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.geo.locator import Locator, default_database_paths
from app.core.providers import ProviderRegistry
from app.core.report.gather import demo_input
from app.core.report.model import ReportInput
from app.core.report.produce import ReportFormat, ReportOptions, prepare
from app.ui.qt import QApplication
from app.ui.report_map import draw_report_map, report_entries, report_scene
from tests.fixtures.personas import CAMILLE


@pytest.fixture(scope="module")
def demo() -> Iterator[ReportInput]:
    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with locator:
        yield demo_input(locator, CAMILLE, now=lambda: 1_800_000_000.0)


def _prepared(demo: ReportInput, redact: bool) -> ReportInput:
    options = ReportOptions(ReportFormat.HTML, "en", redact=redact)
    names = (("camille",), ("camille-laptop",))
    return prepare(demo, options, ServiceCatalogue.load(), ProviderRegistry.load(), names).data


def test_the_map_names_accounts_unless_redacted(qapp: QApplication, demo: ReportInput) -> None:
    addresses = {a.account.address for a in demo.accounts if a.account.address}
    plain = report_scene(_prepared(demo, redact=False), "en").view
    shared = report_scene(_prepared(demo, redact=True), "en").view

    assert {p.pin.label for p in plain.pins} <= addresses  # pins carry the account's address
    assert plain.pins and len(shared.pins) == len(plain.pins)
    for pin in shared.pins:
        assert pin.pin.label not in addresses and "@" not in pin.pin.label
    ips = {row.remote_ip for row in demo.observed}
    assert not ips & {item.located.ip for mark in shared.marks for item in mark.entries}
    svg = draw_report_map(_prepared(demo, redact=True), "en")
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    assert not any(text in svg for text in addresses | ips)


def test_one_entry_per_address_with_its_programs(demo: ReportInput) -> None:
    entries = report_entries(demo, "en")
    assert [e.ip for e in entries] == sorted({r.remote_ip for r in demo.observed})
    for entry in entries:
        programs = {r.process for r in demo.observed if r.remote_ip == entry.ip}
        assert set(entry.processes) == programs


def test_a_worker_thread_draws_the_same_map(qapp: QApplication, demo: ReportInput) -> None:
    data = _prepared(demo, redact=True)
    here = draw_report_map(data, "en")
    there: list[str] = []
    worker = threading.Thread(target=lambda: there.append(draw_report_map(data, "en")))
    worker.start()
    worker.join(timeout=60)
    assert len(there) == 1
    assert _content(there[0]) == _content(here)


def _content(svg: str) -> tuple[Counter[str], list[str]]:
    """What a map shows, whatever thread drew it: its elements by kind and its words (glyph
    positions may differ by a hair where another test changed the application's font)."""
    root = ET.fromstring(svg)
    kinds = Counter(element.tag.rpartition("}")[2] for element in root.iter())
    words = [text for element in root.iter() if (text := (element.text or "").strip())]
    return kinds, words
