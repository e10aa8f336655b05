"""What the status bar says about the databases in use: one line per source, its oldest file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.core.geo.data_age import STALE_MARK, summarise_sources, warning_lines
from app.core.geo.mmdb import DatabaseInfo, DatabaseKind

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def info(label: str, name: str, built: datetime, kind: DatabaseKind) -> DatabaseInfo:
    return DatabaseInfo(
        path=Path("/data") / name,
        database_type=f"Test-{kind}",
        kind=kind,
        build_date=built,
        description="",
        source_label=label,
    )


def test_one_line_per_source_with_its_oldest_file() -> None:
    sources = [
        info("embedded db", "city.mmdb", datetime(2026, 11, 1, tzinfo=UTC), "city"),
        info("embedded db", "asn.mmdb", datetime(2026, 6, 17, tzinfo=UTC), "asn"),
        info("user db: old.mmdb", "old.mmdb", datetime(2025, 1, 2, tzinfo=UTC), "city"),
    ]
    summary = summarise_sources(sources, NOW)
    assert [(s.label, s.built) for s in summary.sources] == [
        ("embedded db", datetime(2026, 6, 17, tzinfo=UTC)),
        ("user db: old.mmdb", datetime(2025, 1, 2, tzinfo=UTC)),
    ]
    assert summary.parts == [
        "embedded db (built 2026-06-17, 5 months old)",
        f"{STALE_MARK} user db: old.mmdb (built 2025-01-02, 22 months old)",
    ]
    (stale,) = summary.stale
    assert stale.label == "user db: old.mmdb" and stale.warning is not None
    assert "update the database" in stale.warning
    assert summary.tooltip.count("\n    /data/") == 3
    assert summary.tooltip.startswith("embedded db: Test-city (city), built 2026-11-01")


def test_warnings_name_every_source_they_are_about() -> None:
    old = datetime(2025, 1, 2, tzinfo=UTC)
    kind: DatabaseKind = "country"
    summary = summarise_sources(
        [info("a", "a.mmdb", old, kind), info("b", "b.mmdb", old, kind)], NOW
    )
    (line,) = warning_lines(summary.stale)
    assert line.startswith("a, b: built 2025-01-02, 22 months old — older than 6 months")
    assert line.endswith(".")
    assert warning_lines(summarise_sources([info("c", "c.mmdb", NOW, kind)], NOW).stale) == []
