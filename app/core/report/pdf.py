"""The report's page printed to PDF by WeasyPrint: selectable text in embedded subset fonts,
tagged headings for screen readers, the map as vector, "Page N of M" and a running header
from the stylesheet. Nothing is fetched: the only URLs the page may hold are data: URLs."""

from __future__ import annotations

import logging

from app.core.i18n import TranslatableError, message

log = logging.getLogger(__name__)
# The page's stylesheet also serves screens and phones: WeasyPrint warns about every rule it does
# not print (media queries on width, overflow). Those are expected, not news for the user.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class PdfUnavailable(TranslatableError):
    """WeasyPrint or the Pango library it needs is missing."""


def pdf_bytes(html: str) -> bytes:
    """The PDF of the report's page (its @page rules choose the paper)."""
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: Pango not found by cffi
        log.warning("cannot load WeasyPrint: %s", error)
        raise PdfUnavailable(
            message(
                "PDF reports need the Pango text library, which this system lacks; "
                "the HTML report has the same content"
            )
        ) from error
    fetcher = URLFetcher(allowed_protocols=("data",), timeout=1)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, media_type="print")
    data: bytes = document.write_pdf(pdf_tags=True)
    return data
