"""What the status bar and the banner say about the databases in use and their age.

One line per source label ("embedded db", "user db: x.mmdb"…) with the age of its oldest file,
a tool tip with every file, and the warnings for data older than six months
(app.core.geo.freshness decides). Plain text, Qt-free: the window shows it, and the command line
or a report can say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.core.geo.freshness import describe_age, is_stale
from app.core.geo.mmdb import DatabaseInfo

STALE_MARK = "⚠"


@dataclass(frozen=True, slots=True)
class SourceAge:
    label: str
    built: datetime  # of its oldest file
    age: str  # "built 2026-06-17, 5 months old"
    warning: str | None  # describe_age's full text when the data are out of date


@dataclass(frozen=True, slots=True)
class SourcesSummary:
    sources: tuple[SourceAge, ...]
    tooltip: str

    @property
    def parts(self) -> list[str]:
        """ "label (age)" per source, marked when out of date."""
        return [
            f"{STALE_MARK} {s.label} ({s.age})" if s.warning else f"{s.label} ({s.age})"
            for s in self.sources
        ]

    @property
    def stale(self) -> tuple[SourceAge, ...]:
        return tuple(s for s in self.sources if s.warning)


def summarise_sources(sources: Sequence[DatabaseInfo], now: datetime) -> SourcesSummary:
    by_label: dict[str, list[DatabaseInfo]] = {}
    for info in sources:
        by_label.setdefault(info.source_label, []).append(info)
    ages = []
    for label, infos in by_label.items():
        oldest = min(info.build_date for info in infos)
        ages.append(
            SourceAge(
                label=label,
                built=oldest,
                age=describe_age(oldest, now, max_age=timedelta.max),  # the age, no warning
                warning=describe_age(oldest, now) if is_stale(oldest, now) else None,
            )
        )
    tooltip = "\n".join(
        f"{info.source_label}: {info.database_type} ({info.kind}), "
        f"{describe_age(info.build_date, now)}\n    {info.path}"
        for info in sources
    )
    return SourcesSummary(tuple(ages), tooltip)


def warning_lines(stale: Sequence[SourceAge]) -> list[str]:
    """One sentence per warning text, naming the sources it is about."""
    grouped: dict[str, list[str]] = {}
    for source in stale:
        if source.warning:
            grouped.setdefault(source.warning, []).append(source.label)
    return [f"{', '.join(labels)}: {warning}." for warning, labels in grouped.items()]
