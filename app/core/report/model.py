"""What a report is made from: the addresses each program talked to over the period observed,
the user's accounts as placed, and the data sets that answered. Plain data, so the same input
gives the same report in every format, and redaction works on it before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.accounts.placing import PlacedAccount
from app.core.data_sources import DataSource
from app.core.model import Category, LocatedEndpoint


class PeriodKind(StrEnum):
    """What the report covers: this computer now, a recording, or the demo persona's day."""

    SNAPSHOT = "snapshot"
    CAPTURE = "capture"
    DEMO = "demo"
    HISTORY = "history"  # a period of this computer's history (app/core/history/period.py)


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    start: float  # time.time() of the first observation
    end: float  # of the last (equal to start for a snapshot)
    capture: str | None = None  # the capture's file name (no folder: it may name the user)


@dataclass(frozen=True, slots=True)
class Observed:
    """One program talking to one address over the period: the report's row (its CSV line)."""

    process: str  # "" when the system would not say
    protocol: str  # "tcp" / "udp"
    remote_ip: str
    remote_ports: tuple[int, ...]
    located: LocatedEndpoint
    category: Category  # mail / photos (the accounts say so) / other
    first_seen: float
    last_seen: float
    observations: int  # polls in which the connection was seen


@dataclass(frozen=True, slots=True)
class ReportInput:
    observed: tuple[Observed, ...]
    accounts: tuple[PlacedAccount, ...]
    period: Period
    sources: tuple[DataSource, ...]  # every data set in use (data_sources.shipped_data_sources)
    created: float  # when the report was made
    home: str | None = None  # the reader's country (ISO code), for "abroad" and GDPR wording
    person: str | None = None  # "for whom", optional
    machine: str | None = None  # the computer's name, optional
    redacted: bool = False
