"""The report's HTML printed to PDF (placeholder: being written)."""

from __future__ import annotations


def pdf_bytes(html: str) -> bytes:
    raise NotImplementedError
