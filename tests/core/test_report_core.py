"""The report's core without a display: gathering over polls, redaction, the letter's figures
and rules, JSON (against its schema) and CSV read back, hostile names, atomic writing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from app.core.accounts.catalogue import ServiceCatalogue
from app.core.geo.locator import Locator
from app.core.jurisdiction import Jurisdiction
from app.core.model import AddressScope, Endpoint, LocationKind
from app.core.providers import ProviderRegistry
from app.core.report.build import EU_ONLY, FOREIGN_REACH, OTHER_SHARE, build_report, shortened
from app.core.report.gather import capture_input, demo_input
from app.core.report.model import PeriodKind, ReportInput
from app.core.report.produce import (
    ReportError,
    ReportFormat,
    ReportOptions,
    prepare,
    render,
    write_report,
)
from app.core.report.records import CSV_FIELDS
from app.core.session.capture import (
    open_capture,
)
from tests.fixtures.captures import record_demo
from tests.fixtures.disks import small_disk
from tests.fixtures.hostile import LONG_NAME, hostile_input
from tests.fixtures.personas import CAMILLE

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
NAMES = (("camille",), ("camille-laptop",))  # the user's and the computer's names to hide


@pytest.fixture(scope="module")
def demo(embedded: Locator) -> ReportInput:
    return demo_input(embedded, CAMILLE, now=lambda: 1_800_000_000.0)


@pytest.fixture(scope="module")
def catalogue() -> ServiceCatalogue:
    return ServiceCatalogue.load()


@pytest.fixture(scope="module")
def registry() -> ProviderRegistry:
    return ProviderRegistry.load()


def _options(fmt: ReportFormat, **changes: object) -> ReportOptions:
    return replace(ReportOptions(fmt, "en"), **changes)  # type: ignore[arg-type]


def _text(
    data: ReportInput,
    fmt: ReportFormat,
    catalogue: ServiceCatalogue,
    registry: ProviderRegistry,
    **changes: object,
) -> str:
    options = _options(fmt, **changes)
    prepared = prepare(data, options, catalogue, registry, names=NAMES)
    return render(prepared, options, None).decode("utf-8")


# --- gathering -----------------------------------------------------------------------------


def test_the_demo_input_covers_her_whole_day_and_is_the_same_every_time(
    demo: ReportInput, embedded: Locator
) -> None:
    again = demo_input(embedded, CAMILLE, now=lambda: 1_800_000_000.0)
    assert again == demo
    assert demo.period.kind is PeriodKind.DEMO
    pairs = {(s.process, s.server.ip) for s in CAMILLE.sockets}
    assert {(r.process, r.remote_ip) for r in demo.observed} == pairs
    for row in demo.observed:
        phases = set().union(
            *(
                range(CAMILLE.cycle) if s.phases is None else s.phases
                for s in CAMILLE.sockets
                if (s.process, s.server.ip) == (row.process, row.remote_ip)
            )
        )
        assert row.observations == len(phases)  # one per poll, however many sockets
        assert demo.period.start <= row.first_seen <= row.last_seen <= demo.period.end
    assert [a.account.key for a in demo.accounts] == [a.key for a in CAMILLE.accounts]


def test_a_recording_is_reported_over_all_its_snapshots(tmp_path: Path, embedded: Locator) -> None:
    path = tmp_path / "day.jsonl"
    polls = CAMILLE.cycle + 2
    record_demo(path, embedded, polls)
    times = [CAMILLE.start + n * CAMILLE.step_s for n in range(polls)]

    data = capture_input(open_capture(path), embedded)

    assert data.period.kind is PeriodKind.CAPTURE and data.period.capture == "day.jsonl"
    assert (data.period.start, data.period.end) == (times[0], times[-1])
    always = [s for s in CAMILLE.sockets if s.phases is None]
    for socket in always:
        row = next(
            r
            for r in data.observed
            if (r.process, r.remote_ip) == (socket.process, socket.server.ip)
        )
        assert row.observations == polls
        assert (row.first_seen, row.last_seen) == (times[0], times[-1])
    named = [r for r in data.observed if r.located.endpoint.hostnames]
    assert named, "the recorded names reach the report"


# --- the letter ------------------------------------------------------------------------------


def test_the_figures_add_up_from_the_addresses(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    report = build_report(demo, "en", catalogue, registry)
    public = {
        r.remote_ip: r.located for r in demo.observed if r.located.scope is AddressScope.PUBLIC
    }
    for placed in demo.accounts:
        for server in placed.servers:
            public.update({item.ip: item for item in server.located})
    counts = report.counts
    assert counts.addresses == len(public)
    placed_points = {
        (p.location.country_code, p.location.city or "")
        for p in public.values()
        if p.location is not None
        and p.location.kind is not LocationKind.EDGE
        and p.location.country_code
    }
    assert counts.places == len(placed_points)
    assert counts.countries == len({code for code, _ in placed_points})
    assert counts.unplaced == counts.addresses - sum(
        1
        for p in public.values()
        if p.location is not None
        and p.location.kind is not LocationKind.EDGE
        and p.location.country_code
    )
    shares = {s.key: s.count for s in report.shares}
    assert sum(shares.values()) == counts.addresses
    eu = sum(1 for p in public.values() if p.verdict and p.verdict.category is Jurisdiction.EU_GDPR)
    assert shares[EU_ONLY] == eu
    foreign = sum(
        1
        for p in public.values()
        if p.verdict and p.verdict.category in (Jurisdiction.US_REACH, Jurisdiction.OTHER)
    )
    assert shares[FOREIGN_REACH] == foreign
    assert shares[OTHER_SHARE] == counts.addresses - eu - foreign
    # Every program and company of the input is in the connections section.
    assert {row.program for g in report.groups for row in g.rows} == {
        r.process for r in demo.observed
    }


def test_findings_follow_the_rules(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    report = build_report(demo, "en", catalogue, registry)
    assert 1 <= len(report.findings) <= 3
    # An account stored by a company that a foreign law reaches is said first, by name.
    foreign_accounts = [
        placed
        for placed in demo.accounts
        if any(
            item.verdict and item.verdict.category in (Jurisdiction.US_REACH, Jurisdiction.OTHER)
            for item in placed.storage
        )
        and any(item.provider for item in placed.storage)
    ]
    assert foreign_accounts
    first = report.findings[0]
    assert first.key == "foreign_company"
    assert foreign_accounts[0].storage[0].provider is not None
    assert foreign_accounts[0].storage[0].provider.name in first.text


def test_a_home_account_with_a_home_company_is_said_to_stay_home(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    # Proton (Swiss company, Swiss servers) seen by someone living in Switzerland.
    swiss = replace(
        demo, home="CH", accounts=tuple(a for a in demo.accounts if "proton" in a.account.key)
    )
    report = build_report(swiss, "en", catalogue, registry)
    assert [f.key for f in report.findings][:1] == ["stays_home"]


def test_alternatives_come_from_the_catalogue_under_eu_law_only(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    report = build_report(demo, "en", catalogue, registry)
    mail = next(a for a in report.alternatives if a.options)
    names = [o.name for o in mail.options]
    assert names == sorted(names, key=str.casefold)
    for option in mail.options:
        service = next(s for s in catalogue if s.name == option.name)
        provider = registry.get(service.provider or "")
        assert provider is not None and provider.headquarters in {
            "FR",
            "DE",
            "NL",
            "AT",
            "BE",
            "SE",
            "FI",
            "DK",
            "IT",
            "ES",
            "IE",
            "PT",
            "PL",
            "CZ",
            "LU",
            "NO",
            "IS",
            "LI",
            "EE",
            "LV",
            "LT",
            "SK",
            "SI",
            "HR",
            "HU",
            "RO",
            "BG",
            "GR",
            "CY",
            "MT",
        }
    # Services whose company is outside the EU are never offered (Gmail, Proton in Switzerland).
    assert "Gmail" not in names and not any("Proton" in n for n in names)


def test_the_letter_speaks_french_with_french_numbers_and_countries(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    english = build_report(demo, "en", catalogue, registry)
    french = build_report(demo, "fr", catalogue, registry)
    assert french.labels["summary"] != english.labels["summary"]
    assert "États-Unis" in {p.country for p in french.places}
    assert "United States" in {p.country for p in english.places}
    assert all("\xa0%" in s.percent or "\u202f%" in s.percent for s in french.shares)


# --- redaction --------------------------------------------------------------------------------


def _secrets(data: ReportInput) -> set[str]:
    found = {row.remote_ip for row in data.observed}
    for placed in data.accounts:
        if placed.account.address:
            found.add(placed.account.address)
        found.add(placed.account.name)
        for server in placed.servers:
            found.update(server.answer.addresses)
    return found


@pytest.mark.parametrize("fmt", [ReportFormat.JSON, ReportFormat.CSV])
def test_redaction_hides_addresses_names_and_private_hosts_in_every_data_format(
    fmt: ReportFormat, demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    personal = replace(
        demo,
        observed=(
            *demo.observed,
            replace(
                demo.observed[0],
                process="camille-backup",
                remote_ip="198.51.100.7",
                located=replace(
                    demo.observed[0].located,
                    endpoint=Endpoint("198.51.100.7", ("nas.camille-laptop.example",), ()),
                ),
            ),
        ),
    )
    text = _text(personal, fmt, catalogue, registry, redact=True, machine=True, person="Camille")
    plain = _text(personal, fmt, catalogue, registry)
    for secret in _secrets(personal) | {
        "camille-laptop",
        "nas.camille-laptop.example",
        "vps-5f3c2a",
    }:
        if secret in {"Camille (Gmail)", "Camille (Proton)"}:
            continue  # not in the plain text either: the CSV names accounts by address
        assert secret.lower() not in text.lower().replace('camille"', ""), secret
    assert "[user]-backup" in text  # the login name is taken out of free text
    # What is kept: countries, cities, companies, documented service hosts, a company's domain.
    for kept in ("FI", "Helsinki", "Hetzner", "OVHcloud", "imap.gmail.com"):
        assert kept in text and kept in plain
    assert "*.ovh.net" in text and "vps-5f3c2a.vps.ovh.net" in plain


def test_the_same_address_gets_the_same_token_everywhere(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    options = _options(ReportFormat.JSON, redact=True)
    data = prepare(demo, options, catalogue, registry, names=NAMES).data
    by_ip: dict[str, set[str]] = {}
    for before, after in zip(demo.observed, data.observed, strict=True):
        by_ip.setdefault(before.remote_ip, set()).add(after.remote_ip)
        assert after.located.endpoint.ip == after.remote_ip
        assert after.located.location == before.located.location
        assert after.located.provider == before.located.provider
    assert all(len(tokens) == 1 for tokens in by_ip.values())
    assert len({next(iter(t)) for t in by_ip.values()}) == len(by_ip)


# --- JSON and CSV ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("redact", [False, True])
def test_the_json_follows_its_schema(
    language: str,
    redact: bool,
    demo: ReportInput,
    catalogue: ServiceCatalogue,
    registry: ProviderRegistry,
) -> None:
    document = json.loads(
        _text(demo, ReportFormat.JSON, catalogue, registry, language=language, redact=redact)
    )
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(document)] == []
    assert document["language"] == language and document["redacted"] is redact
    assert len(document["connections"]) == len(demo.observed)
    assert len(document["accounts"]) == len(demo.accounts)


def test_the_csv_reads_back_one_row_per_address(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    rows = list(csv.DictReader(io.StringIO(_text(demo, ReportFormat.CSV, catalogue, registry))))
    connections = [r for r in rows if r["kind"] == "connection"]
    accounts = [r for r in rows if r["kind"] == "account"]
    assert tuple(rows[0]) == CSV_FIELDS
    assert [(r["process"], r["ip"]) for r in connections] == [
        (o.process, o.remote_ip) for o in demo.observed
    ]
    expected = sum(len(s.located) for a in demo.accounts for s in a.servers)
    assert len(accounts) == expected
    for row, observed in zip(connections, demo.observed, strict=True):
        location = observed.located.location
        assert row["country_code"] == ((location.country_code or "") if location else "")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_hostile_names_stay_inert_in_csv(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    text = _text(hostile_input(demo), ReportFormat.CSV, catalogue, registry)
    assert "\x1b" not in text and "\u202e" not in text
    for row in csv.DictReader(io.StringIO(text)):
        for value in row.values():
            if _number(value):
                continue  # a longitude of -119.7 is a number, not a formula
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert "'=HYPERLINK(" in text and "\\u202egnp.exe" in text and LONG_NAME in text


def test_hostile_names_stay_inert_in_json(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    text = _text(hostile_input(demo), ReportFormat.JSON, catalogue, registry)
    assert text.isascii()
    processes = {row["process"] for row in json.loads(text)["connections"]}
    assert "\\u202egnp.exe" in processes and "\\x1b[31mred\\x1b[0m" in processes
    assert "<script>alert(1)</script>" in processes  # data in a string, for programs to escape


# --- writing ------------------------------------------------------------------------------------


def test_a_report_is_written_whole_and_an_old_file_survives_a_failure(
    tmp_path: Path, demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    target = tmp_path / "report.json"
    target.write_text("the previous report", encoding="utf-8")
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")

    with pytest.raises(ReportError) as raised:
        write_report(
            demo, _options(ReportFormat.JSON), blocked / "report.json", None, catalogue, registry
        )
    assert "a-file" in str(raised.value) and "not a folder" in str(raised.value)

    write_report(demo, _options(ReportFormat.JSON), target, None, catalogue, registry)
    assert json.loads(target.read_text(encoding="ascii"))["format"] == "datalocator-report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "report.json"]


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "small", "64k") as folder:
        yield folder


def test_a_full_disk_gives_a_plain_error_and_leaves_nothing_behind(
    full_disk: Path, demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    old = full_disk / "report.csv"
    old.write_text("old", encoding="utf-8")
    with pytest.raises(ReportError) as raised:
        write_report(demo, _options(ReportFormat.JSON), old, None, catalogue, registry)
    assert "no space left on the disk" in str(raised.value)
    assert [p.name for p in full_disk.iterdir()] == ["report.csv"]
    assert old.read_text(encoding="utf-8") == "old"


def test_a_program_reaching_many_addresses_at_one_place_is_one_line(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    row = next(r for r in demo.observed if r.located.location and r.located.location.city)
    twins = tuple(
        replace(
            row,
            remote_ip=f"198.51.100.{n}",
            located=replace(row.located, endpoint=Endpoint(f"198.51.100.{n}", (f"h{n}.example",))),
            first_seen=row.first_seen + n,
            last_seen=row.last_seen + n,
        )
        for n in range(1, 6)
    )
    report = build_report(
        replace(demo, observed=(*demo.observed, *twins)), "en", catalogue, registry
    )
    lines = [
        line for group in report.groups for line in group.rows
        if line.program == row.process and line.place == row.located.location.city
    ]  # fmt: skip
    assert len(lines) == 1
    line = lines[0]
    assert line.address == "6 addresses"
    assert line.host.endswith("and 3 others")  # three names shown, then a count


def test_a_printed_letter_keeps_the_biggest_companies_and_counts_the_rest(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    report = build_report(demo, "en", catalogue, registry)
    total = sum(len(g.rows) for g in report.groups)
    assert shortened(report, total) is report
    short = shortened(report, 5)
    assert sum(len(g.rows) for g in short.groups) == 5 and short.omitted == total - 5
    assert short.groups[0] == report.groups[0] or short.groups[0].rows == report.groups[0].rows[:5]
    assert str(total - 5) in short.omitted_note


def test_each_company_says_every_law_its_addresses_are_under(
    demo: ReportInput, catalogue: ServiceCatalogue, registry: ProviderRegistry
) -> None:
    report = build_report(demo, "en", catalogue, registry)
    by_company: dict[str, set[str]] = {}
    for row in demo.observed:
        if row.located.provider is not None and row.located.verdict is not None:
            texts = by_company.setdefault(row.located.provider.name, set())
            texts.add(row.located.verdict.text("en", demo.home))
    assert any(len(texts) > 1 for texts in by_company.values())  # an edge and a server alike
    for group in report.groups:
        expected = by_company.get(group.company)
        if expected is not None:
            assert set(group.verdicts) == expected or len(group.verdicts) == 3
