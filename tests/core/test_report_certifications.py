"""The report's company groups say what the place panel says about HDS and SecNumCloud: each
company's recorded certificates with source and date, or that no HDS is recorded (issue 14)."""

from __future__ import annotations

import html

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.certifications import certification_lines
from app.core.geo.locator import Locator
from app.core.i18n import translations
from app.core.providers import ProviderRegistry
from app.core.report.build import build_report
from app.core.report.gather import demo_input
from app.core.report.produce import ReportFormat, ReportOptions, prepare, render
from tests.fixtures.personas import LEA


def test_each_company_group_carries_its_certificate_lines(embedded: Locator) -> None:
    data = demo_input(embedded, LEA, now=lambda: 1_800_000_000.0)
    catalogue, registry = ServiceCatalogue.load(), ProviderRegistry.load()
    report = build_report(data, "en", catalogue, registry)
    providers = {
        row.located.provider.name: row.located.provider
        for row in data.observed
        if row.located.provider is not None
    }
    said = {g.company: g.certifications for g in report.groups}
    for name, provider in providers.items():
        assert said[name] == certification_lines(provider, translations("en")), name
    google = said["Google"]
    assert any("certified to host health data (HDS)" in line for line in google)
    assert any("https://cloud.google.com/security/compliance/hds" in line for line in google)
    options = ReportOptions(ReportFormat.HTML, "en")
    names = (("camille",), ("camille-laptop",))  # the user's and the computer's, to hide
    prepared = prepare(data, options, catalogue, registry, names=names)
    page = render(prepared, options, None).decode("utf-8")
    assert html.escape(google[0]) in page
