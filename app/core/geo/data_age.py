"""What the status bar and the banner say about the databases in use and their age.

One line per source label ("embedded db", "user db: x.mmdb"…) with the age of its oldest file,
a tool tip with every file, and the warnings for data older than six months
(app.core.geo.freshness decides). Plain text in the language given, Qt-free: the window shows
it, and the command line or a report can say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.core.geo.freshness import describe_age, is_stale
from app.core.geo.labels import kind_text, source_text
from app.core.geo.mmdb import DatabaseInfo
from app.core.i18n import DEFAULT_LANGUAGE, translations

STALE_MARK = "⚠"


@dataclass(frozen=True, slots=True)
class SourceAge:
    label: str
    built: datetime  # of its oldest file
    age: str  # "built 2026-06-17, 5 months old"
    warning: str | None  # describe_age's full text when the data are out of date
    shown: str = ""  # the label in the summary's language (``label`` stays the identity)


@dataclass(frozen=True, slots=True)
class SourcesSummary:
    sources: tuple[SourceAge, ...]
    tooltip: str

    @property
    def parts(self) -> list[str]:
        """ "label (age)" per source, marked when out of date."""
        return [
            f"{STALE_MARK} {s.shown or s.label} ({s.age})"
            if s.warning
            else f"{s.shown or s.label} ({s.age})"
            for s in self.sources
        ]

    @property
    def stale(self) -> tuple[SourceAge, ...]:
        return tuple(s for s in self.sources if s.warning)


def summarise_sources(
    sources: Sequence[DatabaseInfo], now: datetime, language: str = DEFAULT_LANGUAGE
) -> SourcesSummary:
    """The status bar's summary of the databases in use, its texts in ``language``."""
    tr = translations(language)
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
                # the age, no warning
                age=describe_age(oldest, now, max_age=timedelta.max, language=language),
                warning=describe_age(oldest, now, language=language)
                if is_stale(oldest, now)
                else None,
                shown=source_text(label, tr),
            )
        )
    tooltip = "\n".join(
        tr.gettext("{source}: {type} ({kind}), {age}").format(
            source=source_text(info.source_label, tr),
            type=info.database_type,
            kind=kind_text(info.kind, tr),
            age=describe_age(info.build_date, now, language=language),
        )
        + f"\n    {info.path}"
        for info in sources
    )
    return SourcesSummary(tuple(ages), tooltip)


def warning_lines(stale: Sequence[SourceAge], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """One sentence per warning text, naming the sources it is about (the warnings are already
    in ``language``, from `summarise_sources`)."""
    tr = translations(language)
    grouped: dict[str, list[str]] = {}
    for source in stale:
        if source.warning:
            grouped.setdefault(source.warning, []).append(source.shown or source.label)
    return [
        # TRANSLATORS: {sources} lists database labels; {warning} is describe_age's text.
        tr.gettext("{sources}: {warning}.").format(sources=", ".join(labels), warning=warning)
        for warning, labels in grouped.items()
    ]
