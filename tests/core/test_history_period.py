"""A period of the history through the engine, as the window shows it: one row per program and
address, placed by today's databases, the moved ones counted, and a report that keeps the
history's real first and last sightings (real SQLite file, embedded databases)."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest

from app.core.geo.locator import Locator
from app.core.history.period import HistoryPeriod, PeriodSource
from app.core.history.store import HistoryStore, Place
from app.core.report.model import PeriodKind
from app.core.report.produce import ReportFormat, ReportOptions, write_report
from app.core.session import Session, SourceEnded
from tests.fixtures.history import record_day, seen
from tests.fixtures.personas import LEA


@pytest.fixture
def lea_history(tmp_path: Path, embedded: Locator) -> HistoryStore:
    """Léa's whole day in a history file, through the engine and the recorder."""
    store = HistoryStore(tmp_path / "h.sqlite3")
    record_day(store, embedded, LEA)
    return store


def _shown(
    store: HistoryStore, locator: Locator, start: float, end: float
) -> tuple[PeriodSource, Session]:
    """A period as the window shows it: its one snapshot polled through the engine."""
    source = PeriodSource(HistoryPeriod(start, end, store.since(start)))
    session = Session(source, locator, None)
    session.poll()
    return source, session


def test_a_period_is_one_snapshot_of_every_program_and_address_then_the_end(
    lea_history: HistoryStore, embedded: Locator
) -> None:
    end = LEA.start + LEA.day * LEA.step_s
    source, session = _shown(lea_history, embedded, LEA.start, end)
    period = source.period
    rows = {(c.observation.process, c.observation.remote_ip) for c in session.connections()}
    assert rows == {(s.program, s.place.ip) for s in period.sightings}
    assert len(rows) == len(period.sightings)  # two programs on one address stay two rows
    assert {ip for _program, ip in rows} == {s.ip for s in LEA.servers}
    with pytest.raises(SourceEnded):
        source.snapshot()
    # Placed today as they were then: nothing moved.
    assert source.moved(session.connections()) == 0


def test_an_address_the_history_placed_elsewhere_is_counted_as_moved(
    tmp_path: Path, embedded: Locator
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    then = Place("193.70.18.144", "DE", "Limburg an der Lahn", "OVHcloud", "EU_GDPR")
    store.record(seen(LEA.start, (("thunderbird", then),)))
    source, session = _shown(store, embedded, 0, LEA.start + 1)
    (connection,) = session.connections()
    assert connection.located is not None and connection.located.location is not None
    assert connection.located.location.country_code == "FR"  # Roubaix, today
    assert source.moved(session.connections()) == 1


def test_the_periods_report_keeps_the_historys_spans_and_counts(
    lea_history: HistoryStore, embedded: Locator, tmp_path: Path
) -> None:
    end = LEA.start + LEA.day * LEA.step_s
    source, session = _shown(lea_history, embedded, LEA.start, end)
    period = source.period
    data = source.report_input(session.connections(), (), (), created=end + 60, home="FR")
    assert data.period.kind is PeriodKind.HISTORY
    assert (data.period.start, data.period.end) == (LEA.start, end)
    firefox = next(o for o in data.observed if o.process == "firefox")
    sighting = next(
        s for s in period.sightings if s.program == "firefox" and s.place.ip == firefox.remote_ip
    )
    assert (firefox.first_seen, firefox.last_seen, firefox.observations) == (
        sighting.first_seen,
        sighting.last_seen,
        sighting.observations,
    )
    assert firefox.observations > 1 and firefox.remote_ports == (sighting.port,)
    path = tmp_path / "report.json"
    write_report(data, ReportOptions(ReportFormat.JSON, "en"), path, None)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["period"]["kind"] == "history"
    html = tmp_path / "report.html"
    write_report(data, ReportOptions(ReportFormat.HTML, "en"), html, None)
    assert "This computer's history" in unescape(html.read_text(encoding="utf-8"))
