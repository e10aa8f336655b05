"""The report as one self-contained HTML page: a Jinja2 template with autoescaping, the CSS and
the map's SVG inline, no script, nothing fetched (a Content-Security-Policy says so to the
browser). The same page, printed by WeasyPrint, is the PDF (app.core.report.pdf).

Every string of the report is data to the page: autoescaped, and made `visible` first (a
right-to-left override or a control character shows as ``\\u202e``), by the environment's
``finalize``. The map's SVG is our own Qt output; it is still cleaned to drawing elements
before it is inlined (`clean_svg`), so the page's one unescaped value holds no active content.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from app.core.i18n import TranslatableError, message
from app.core.jurisdiction import CATEGORY_COLOURS
from app.core.report.build import Report
from app.core.resources import resource_path
from app.core.text import visible

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
_SVG = "http://www.w3.org/2000/svg"
# The SVG elements a drawing needs; anything else (script, foreignObject, use, style, a, image
# with an outside address…) is dropped with its content.
_DRAWING = frozenset(
    {
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
        "tspan", "title", "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath",
        "mask", "pattern",
    }
)  # fmt: skip
_SAFE_REFERENCE = re.compile(r"^\s*(?:#[\w.-]*|url\(\s*#[\w.-]*\s*\))?\s*$")
_DECLARATIONS = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PAPER = {"a4": "A4", "letter": "letter"}


class UnsafeSvg(TranslatableError, ValueError):
    """The map's SVG is not one we can inline (it never is, from our own renderer)."""


def clean_svg(svg: str) -> str:
    """``svg`` with only drawing elements and attributes: no event handler, no outside
    reference, no style sheet; sized by the page (its viewBox kept, width and height dropped)."""
    if _DECLARATIONS.search(svg):
        raise UnsafeSvg(message("the map's SVG declares a DOCTYPE or entities"))
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise UnsafeSvg(message("the map's SVG is not XML: {error}", error=str(error))) from None
    if _local(root.tag) != "svg":
        raise UnsafeSvg(message("the map's SVG has no <svg> root"))
    _prune(root)
    for size in ("width", "height"):
        root.attrib.pop(size, None)
    root.set("class", "map")
    root.set("role", "img")
    ET.register_namespace("", _SVG)
    return ET.tostring(root, encoding="unicode")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _prune(element: ET.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) not in _DRAWING:
            element.remove(child)
            continue
        _prune(child)
    for name in list(element.attrib):
        if not _safe_attribute(_local(name).lower(), element.attrib[name]):
            del element.attrib[name]
    if "d" in element.attrib:
        element.set("d", thin_path(element.attrib["d"]))


_STEP = re.compile(r"\s*([MLZ])\s*(?:(-?[\d.]+)\s*,\s*(-?[\d.]+))?", re.IGNORECASE)


def thin_path(d: str, tolerance: float = 1.5) -> str:
    """A path of straight lines (Qt's M/L/Z) with the points closer than ``tolerance`` pixels to
    the last one kept left out, coordinates to a tenth of a pixel: the world's coastlines at
    page size hold far more points than paper shows, and a PDF lays out each one. A path with
    any other command is returned as it is."""
    steps = []
    position = 0
    for match in _STEP.finditer(d):
        if match.start() != position:
            return d
        position = match.end()
        steps.append(match.groups())
    if d[position:].strip():
        return d
    out: list[str] = []
    last: tuple[float, float] | None = None
    for index, (command, x_text, y_text) in enumerate(steps):
        if command.upper() == "Z":
            out.append("Z")
            last = None
            continue
        if x_text is None or y_text is None or command.islower():
            return d
        x, y = float(x_text), float(y_text)
        closing = index + 1 == len(steps) or steps[index + 1][0].upper() != "L"
        if (
            command == "L"
            and last is not None
            and not closing
            and abs(x - last[0]) < tolerance
            and abs(y - last[1]) < tolerance
        ):
            continue
        out.append(f"{command}{_tenth(x)},{_tenth(y)}")
        last = (x, y)
    return " ".join(out)


def _tenth(value: float) -> str:
    """A coordinate to a tenth of a pixel: a tenth of a millimetre on paper, half the bytes."""
    return f"{value:.1f}".removesuffix(".0")


def _safe_attribute(name: str, value: str) -> bool:
    """No event handler; references (href, url(…)) only to the drawing's own parts."""
    if name.startswith("on"):
        return False
    if name == "href":
        return bool(_SAFE_REFERENCE.match(value))
    if "url(" in value.lower():
        return name != "style" and bool(_SAFE_REFERENCE.match(_urls_only(value)))
    return True


def _urls_only(value: str) -> str:
    """The url(…) parts of an attribute, for the check that they point inside the drawing."""
    found = re.findall(r"url\([^)]*\)", value, re.IGNORECASE)
    return found[0] if len(found) == 1 else "url(outside)"


def _finalize(value: object) -> object:
    """Every value printed by the template: untrusted text made visible (markup we made, the
    cleaned SVG, stays as it is; autoescaping then escapes the rest)."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return visible(value)
    return value


def _web_link(url: str) -> str | None:
    """An address worth a link: http(s) only (a source's page); anything else is shown as text."""
    return url if re.match(r"^https?://[^\s\"'<>]+$", url, re.IGNORECASE) else None


def _css_string(text: str) -> Markup:
    """A CSS string literal for the page furniture (`@page` content): every character escaped."""
    return Markup('"' + "".join(f"\\{ord(c):06x}" for c in visible(text)) + '"')


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(resource_path("report")),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters["web_link"] = _web_link
    environment.filters["css_string"] = _css_string
    return environment


def render_html(report: Report, map_svg: str | None, *, paper: str = "a4") -> str:
    """The page; ``map_svg`` None leaves the map section out."""
    environment = _environment()
    stylesheet = resource_path("report", STYLESHEET).read_text(encoding="utf-8")
    return environment.get_template(TEMPLATE).render(
        r=report,
        labels=report.labels,
        css=Markup(stylesheet),
        colours=CATEGORY_COLOURS,
        paper=_PAPER.get(paper, "A4"),
        map_svg=Markup(clean_svg(map_svg)) if map_svg else None,
    )
