"""Report benchmark: seconds per format for a report of 1,000 endpoints and 10 accounts.

Targets (issue 13): HTML under 1 s, PDF under 3 s, each including the map drawn by the window's
code; JSON and CSV for comparison, and the map alone, all measured side by side in one run
(the median of a few runs after a warm-up). The data: the demo persona's located answers spread
over 1,000 addresses and 40 programs (fixed), her three accounts repeated to ten.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.demo import load_persona
from app.core.geo.locator import Locator, default_database_paths
from app.core.model import Endpoint
from app.core.providers import ProviderRegistry
from app.core.report.gather import demo_input
from app.core.report.model import ReportInput
from app.core.report.produce import ReportFormat, ReportOptions, prepare, render

ENDPOINTS = 1000
ACCOUNTS = 10
RUNS = 3


def synthetic_input() -> ReportInput:
    locator, _errors = Locator.from_paths(default_database_paths())
    with locator:
        demo = demo_input(locator, load_persona("camille"), now=lambda: 1_800_000_000.0)
    rows = []
    for n in range(ENDPOINTS):
        row = demo.observed[n % len(demo.observed)]
        ip = f"198.{18 + (n >> 16 & 1)}.{n >> 8 & 255}.{n & 255}"
        endpoint = Endpoint(ip, row.located.endpoint.hostnames, row.located.endpoint.confirmed)
        rows.append(
            replace(
                row,
                process=f"{row.process}-{n % 40}",
                remote_ip=ip,
                located=replace(row.located, endpoint=endpoint),
            )
        )
    accounts = tuple(demo.accounts[n % len(demo.accounts)] for n in range(ACCOUNTS))
    return replace(demo, observed=tuple(rows), accounts=accounts)


def _median_seconds(work: object, runs: int = RUNS) -> float:
    assert callable(work)
    work()  # warm-up: fonts, templates, the world's shapes
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from app.ui.qt import QGuiApplication
    from app.ui.report_map import draw_report_map

    app = QGuiApplication.instance() or QGuiApplication(["bench"])
    data = synthetic_input()
    catalogue, registry = ServiceCatalogue.load(), ProviderRegistry.load()
    results = {}
    for fmt in (ReportFormat.JSON, ReportFormat.CSV, ReportFormat.HTML, ReportFormat.PDF):
        options = ReportOptions(fmt, "en")

        def work(options: ReportOptions = options) -> None:
            prepared = prepare(data, options, catalogue, registry, names=((), ()))
            render(prepared, options, draw_report_map)

        results[fmt.value] = _median_seconds(work)
    results["map alone"] = _median_seconds(lambda: draw_report_map(data, "en"))
    print(f"report of {ENDPOINTS} endpoints and {ACCOUNTS} accounts, median of {RUNS} runs:")
    for name, seconds in results.items():
        print(f"  {name:<10} {seconds:6.2f} s")
    print(
        f"  HTML {'meets' if results['html'] < 1 else 'misses'} its 1 s target; "
        f"PDF {'meets' if results['pdf'] < 3 else 'misses'} its 3 s target"
    )
    del app


if __name__ == "__main__":
    main()
