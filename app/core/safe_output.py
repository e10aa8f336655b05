"""Records written to files and terminals as inert data: JSON whose strings are `visible`, and
CSV cells that no spreadsheet runs as a formula. The command line's --json/--csv and the
report's JSON and CSV files share these, so a hostile name is defused the same everywhere."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, TextIO

from app.core.text import visible

# A cell starting with one of these is run by spreadsheets (=HYPERLINK(…), +cmd|…, @SUM…).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LISTS_OF_SENTENCES = frozenset({"notes", "legal_sources"})


def inert(value: Any) -> Any:
    """A JSON-ready value with every string made `visible` (lists and dicts walked through)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list | tuple):
        return [inert(item) for item in value]
    if isinstance(value, dict):
        return {key: inert(item) for key, item in value.items()}
    return value


def to_json(record: Any, indent: int | None = None) -> str:
    """JSON whose strings read as they are shown everywhere else (undecodable bytes as \\xNN);
    ensure_ascii keeps even the escapes' output plain ASCII."""
    return json.dumps(inert(record), ensure_ascii=True, indent=indent)


def csv_writer(stream: TextIO, fields: Sequence[str]) -> csv.DictWriter[str]:
    writer = csv.DictWriter(stream, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    return writer


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    return {
        key: csv_cell(value, "; " if key in _LISTS_OF_SENTENCES else " ")
        for key, value in record.items()
    }


def csv_cell(value: object, separator: str = " ") -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        # A legal source (a dict) in one cell: "citation, url, as_of".
        value = separator.join(
            ", ".join(map(str, item.values())) if isinstance(item, dict) else str(item)
            for item in value
        )
    if isinstance(value, int | float):
        return str(value)
    text = visible(str(value))
    # A cell starting like a formula is run by spreadsheets: make it text.
    return f"'{text}" if text.startswith(FORMULA_START) else text
