"""The report's JSON and CSV: the engine's own records (app.core.serialise, as `--json` and
captures write them) wrapped in a versioned document, documented in docs/JSON.md and
docs/report.schema.json. Values meant for people (country names, verdicts, findings) are in the
report's language; keys, codes and categories are the same in every language."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from app import __version__
from app.core.accounts.placing import PlacedAccount
from app.core.i18n import translations
from app.core.report.build import Report
from app.core.report.model import Observed, ReportInput
from app.core.safe_output import csv_row, csv_writer, to_json
from app.core.serialise import ENDPOINT_FIELDS, endpoint_record, human_values, located_record

REPORT_FORMAT = "datalocator-report"
REPORT_VERSION = 1
# One CSV row per address: who talked to it (a program, or an account's server), then the
# located endpoint's columns, as `scan --csv` writes them.
CSV_FIELDS = (
    "kind",  # "connection" or "account"
    "process",
    "account",
    "protocol",
    "ip",
    "remote_ports",
    "first_seen",
    "last_seen",
    "observations",
    "category",
    *ENDPOINT_FIELDS,
)


def _time(value: float) -> str:
    return datetime.fromtimestamp(value, UTC).isoformat()


def connection_row(row: Observed, language: str) -> dict[str, Any]:
    tr = translations(language)
    return {
        "kind": "connection",
        "process": row.process,
        "account": None,
        "protocol": row.protocol,
        "ip": row.remote_ip,
        "remote_ports": list(row.remote_ports),
        "first_seen": _time(row.first_seen),
        "last_seen": _time(row.last_seen),
        "observations": row.observations,
        "category": str(row.category),
        **human_values(endpoint_record(row.located), row.located, tr),
    }


def account_rows(placed: PlacedAccount, language: str) -> list[dict[str, Any]]:
    tr = translations(language)
    rows = []
    for server in placed.servers:
        for located in server.located:
            rows.append(
                {
                    "kind": "account",
                    "process": None,
                    "account": placed.account.address or placed.account.name,
                    "protocol": server.server.protocol,
                    "ip": located.ip,
                    "remote_ports": [server.server.port] if server.server.port else [],
                    "first_seen": None,
                    "last_seen": None,
                    "observations": None,
                    "category": str(placed.account.kind),
                    **human_values(endpoint_record(located), located, tr),
                }
            )
    return rows


def account_record(placed: PlacedAccount, headline: str, language: str) -> dict[str, Any]:
    tr = translations(language)
    account = placed.account
    return {
        "kind": str(account.kind),
        "client": account.client,
        "name": account.name,
        "address": account.address,
        "service": account.service,
        "headline": headline,
        "servers": [
            {
                "host": server.server.host,
                "port": server.server.port,
                "protocol": server.server.protocol,
                "role": str(server.server.role),
                "found_by": str(server.server.found_by),
                "problem": server.answer.problem.text(tr) if server.answer.problem else None,
                "addresses": [
                    human_values(located_record(located), located, tr) for located in server.located
                ],
            }
            for server in placed.servers
        ],
    }


def report_record(data: ReportInput, report: Report) -> dict[str, Any]:
    language = report.language
    counts = report.counts
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "app_version": __version__,
        "created": _time(data.created),
        "language": language,
        "redacted": data.redacted,
        "person": data.person,
        "machine": data.machine,
        "home": data.home,
        "period": {
            "kind": str(data.period.kind),
            "start": _time(data.period.start),
            "end": _time(data.period.end),
            "capture": data.period.capture,
        },
        "sources": [source.record() for source in data.sources],
        "summary": {
            "addresses": counts.addresses,
            "places": counts.places,
            "countries": counts.countries,
            "companies": counts.companies,
            "programs": counts.programs,
            "unplaced": counts.unplaced,
            "shares": {share.key: share.count for share in report.shares},
            "sentences": list(report.summary),
        },
        "findings": [{"key": f.key, "text": f.text} for f in report.findings],
        "accounts": [
            account_record(placed, section.headline, language)
            for placed, section in zip(data.accounts, report.accounts, strict=True)
        ],
        "connections": [connection_row(row, language) for row in data.observed],
        "alternatives": [
            {
                "category": alternative.category,
                "yours": alternative.yours,
                "options": [
                    {
                        "name": option.name,
                        "company": option.company,
                        "country": option.based,
                        "storage": option.storage or None,
                        "source": option.source or None,
                    }
                    for option in alternative.options
                ],
            }
            for alternative in report.alternatives
        ],
        "legal_sources": [
            {"citation": c.text, "url": c.url, "as_of": c.as_of} for c in report.legal_sources
        ],
    }


def report_json(data: ReportInput, report: Report) -> str:
    return to_json(report_record(data, report), indent=1) + "\n"


def report_csv(data: ReportInput, language: str) -> str:
    stream = io.StringIO()
    writer = csv_writer(stream, CSV_FIELDS)
    for row in data.observed:
        writer.writerow(csv_row(connection_row(row, language)))
    for placed in data.accounts:
        writer.writerows(csv_row(record) for record in account_rows(placed, language))
    return stream.getvalue()
