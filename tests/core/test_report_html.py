"""The report's page without a display: one self-contained file (no script, nothing fetched,
a Content-Security-Policy), its sections in order, every value escaped and made visible, and
the map's SVG cleaned of anything active before it is inlined."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.geo.locator import Locator, default_database_paths
from app.core.providers import ProviderRegistry
from app.core.report.build import MAX_NAME, Report, build_report
from app.core.report.gather import demo_input
from app.core.report.html import UnsafeSvg, clean_svg, render_html, thin_path
from app.core.report.model import ReportInput
from app.core.report.pdf import pdf_bytes
from tests.fixtures.hostile import LONG_NAME, hostile_input
from tests.fixtures.personas import CAMILLE

SMALL_MAP = (
    '<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" '
    'width="200px" height="100px" viewBox="0 0 200 100"><g fill="#eee"><path d="M0 0H10V10Z"/>'
    "</g><text x='5' y='50'>Legend</text></svg>"
)


class Page(HTMLParser):
    """What a browser would build from the page: elements, attributes, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in {"h1", "h2", "h3"}:
            self._heading = tag
            self.headings.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def demo() -> Iterator[ReportInput]:
    locator, errors = Locator.from_paths(default_database_paths())
    assert errors == []
    with locator:
        yield demo_input(locator, CAMILLE, now=lambda: 1_800_000_000.0)


def _report(data: ReportInput, language: str = "en") -> Report:
    return build_report(data, language, ServiceCatalogue.load(), ProviderRegistry.load())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_page_is_one_inert_file_with_its_sections_in_order(
    demo: ReportInput, language: str
) -> None:
    report = _report(demo, language)
    page = parse(render_html(report, SMALL_MAP))

    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "iframe" not in tags and "object" not in tags
    assert "link" not in tags and "img" not in tags  # nothing is fetched
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("src", "href", "action", "srcset"):
            value = attrs.get(name)
            if value is not None:
                assert tag == "a" and re.match(r"https?://", value), (tag, attrs)
    meta = {
        attrs.get("http-equiv"): attrs.get("content") for tag, attrs in page.tags if tag == "meta"
    }
    assert meta["Content-Security-Policy"] is not None
    assert "default-src 'none'" in meta["Content-Security-Policy"]
    html = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html["lang"] == language

    labels = report.labels
    expected = [
        labels["title"], labels["sources"], labels["summary"], labels["map"], labels["accounts"],
        labels["connections"], labels["alternatives"], labels["methods"],
    ]  # fmt: skip
    top = [text.strip() for level, text in page.headings if level in {"h1", "h2"}]
    assert top == expected
    assert [h for level, h in page.headings if level == "h1"] == [labels["title"]]


def test_every_fact_of_the_letter_is_on_the_page(demo: ReportInput) -> None:
    report = _report(demo)
    text = " ".join(" ".join(parse(render_html(report, None)).text).split())
    for value in (
        *report.summary,
        *(f.text for f in report.findings),
        *(s.percent for s in report.shares),
        *(g.company for g in report.groups),
        *(row.program for g in report.groups for row in g.rows),
        *(row.address for g in report.groups for row in g.rows),
        *(a.headline for a in report.accounts),
        *(o.name for alt in report.alternatives for o in alt.options),
        *(c.text for c in report.legal_sources),
        report.edge_note,
    ):
        assert " ".join(value.split()) in text, value
    assert report.labels["map"] not in text  # no map given: no map section


def test_hostile_names_are_text_on_the_page(demo: ReportInput) -> None:
    page = render_html(
        _report(replace(hostile_input(demo), person='Eve"><script>alert(1)</script>')), SMALL_MAP
    )
    parsed = parse(page)

    assert "script" not in [tag for tag, _ in parsed.tags]
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert not any(
        (attrs.get("href") or "").lower().startswith("javascript") for _, attrs in parsed.tags
    )
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text  # shown as the text it is
    assert "\\u202egnp.exe" in text and "\u202e" not in page
    assert "\\x1b[31mred" in text and "\x1b" not in page
    assert LONG_NAME[: MAX_NAME - 1] + "…" in text and LONG_NAME[:MAX_NAME] not in text


def test_the_map_svg_is_cleaned_before_it_is_inlined() -> None:
    hostile = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10" viewBox="0 0 10 10" onload="alert(1)">'
        "<script>alert(2)</script>"
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
        '<style>@import url("http://evil.example/x.css");</style>'
        '<a href="javascript:alert(3)"><rect width="1" height="1"/></a>'
        '<use xlink:href="http://evil.example/sprite.svg#x"/>'
        '<rect width="5" height="5" fill="url(http://evil.example/p)" onclick="alert(4)"/>'
        '<rect width="5" height="5" fill="url(#local)" clip-path="url(#clip)"/>'
        '<image href="http://evil.example/x.png"/>'
        "</svg>"
    )
    cleaned = clean_svg(hostile)
    for active in ("script", "foreignObject", "style", "evil.example", "javascript", "onload",
                   "onclick", "<use", "<image", "<a "):  # fmt: skip
        assert active not in cleaned, active
    assert 'fill="url(#local)"' in cleaned and 'clip-path="url(#clip)"' in cleaned
    assert 'viewBox="0 0 10 10"' in cleaned and 'width="10"' not in cleaned


@pytest.mark.parametrize(
    "svg",
    [
        '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        "<html><body/></html>",
        "<svg",
    ],
)
def test_what_is_not_a_plain_svg_is_refused(svg: str) -> None:
    with pytest.raises(UnsafeSvg):
        clean_svg(svg)


def test_the_paper_size_reaches_the_page_rules(demo: ReportInput) -> None:
    report = _report(demo)
    assert "size: A4;" in render_html(report, None, paper="a4")
    assert "size: letter;" in render_html(report, None, paper="letter")


def test_thinning_keeps_the_ends_of_each_line_and_leaves_curves_alone() -> None:
    d = "M0,0 L0.2,0.1 L0.4,0.2 L10,10 L10.3,10.1 Z M20,20 L20.1,20.1"
    assert thin_path(d) == "M0,0 L10,10 L10.3,10.1 Z M20,20 L20.1,20.1"
    curve = "M0,0 C1,1 2,2 3,3"
    assert thin_path(curve) == curve
    assert thin_path("M0,0 l1,1") == "M0,0 l1,1"  # relative steps: not ours, untouched


def test_printing_the_page_fetches_nothing(tmp_path: Path) -> None:
    """Whatever a page would load (an image, a style sheet, a font, a local file), WeasyPrint
    is given none of it: the report's PDF is made offline from the page alone."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: red }", encoding="utf-8")
    page = (
        f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">'
        f'<link rel="stylesheet" href="{secret.as_uri()}">'
        f"<style>@font-face {{ font-family: x; src: url(http://127.0.0.1:{port}/f.woff) }}</style>"
        f'</head><body><img src="http://127.0.0.1:{port}/i.png"><p>text</p></body></html>'
    )
    try:
        pdf = pdf_bytes(page)
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody came
    finally:
        listener.close()
    assert pdf.startswith(b"%PDF-")
