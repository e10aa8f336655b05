"""The report as one self-contained HTML page (placeholder: being written)."""

from __future__ import annotations

from app.core.report.build import Report


def render_html(report: Report, map_svg: str | None, *, paper: str = "a4") -> str:
    raise NotImplementedError
