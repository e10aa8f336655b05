"""What the History window shows, read from the store in one go (on the history writer's
thread: the window asks through `HistoryOwner.read`, never the GUI thread itself)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from app.core.history.store import DAY_S, SPANS, Alert, Changes, HistoryStore
from app.core.history.timeline import By, Timeline, span_range, timeline

CHANGES_DAYS = 7  # "What changed": this week


@dataclass(frozen=True, slots=True)
class Overview:
    now: float
    timelines: Mapping[tuple[str, By], Timeline]  # by (span, by): every view of the chart
    changes_since: float
    changes: Changes
    alerts: tuple[Alert, ...]  # newest first
    started: float  # when the history began (the alerts' learning period runs from there)


def read_overview(store: HistoryStore, now: float) -> Overview:
    """Every span and grouping of the timeline, this week's changes and the alerts log."""
    timelines: dict[tuple[str, By], Timeline] = {}
    for span in SPANS:
        start, end = span_range(span, now)
        rows = store.activity(span, start)
        for by in By:
            timelines[span, by] = timeline(rows, span, start, end, by)
    since = now - CHANGES_DAYS * DAY_S
    return Overview(
        now=now,
        timelines=MappingProxyType(timelines),
        changes_since=since,
        changes=store.changes(since),
        alerts=store.alerts(),
        started=store.started(),
    )
