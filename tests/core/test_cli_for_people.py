"""Issue 12, the command line for people: the law in words (no category codes), DNS trouble
said once in plain words and told apart, and a progress line only where a person watches."""

from __future__ import annotations

import errno
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import dns.exception
import dns.message
import dns.resolver
import pytest

from app.cli.progress import Progress
from app.core.dns.forward import dns_problem, resolve_addresses
from app.core.geo.locator import Locator, default_database_paths
from app.core.i18n import translations
from app.core.jurisdiction import CATEGORY_LABELS, Jurisdiction
from tests.fixtures.cli import ROOT, run_datalocator, without_stale_note
from tests.fixtures.dns import DnsTestServer
from tests.ui.test_window_sources import record_one_snapshot

QUERY = dns.message.make_query("example.org", "A")
# A category code shown to people: [US_REACH], [EU_GDPR]… (a citation's "[GC]" is not one).
CODE = re.compile(r"\[(?:" + "|".join(c.value for c in Jurisdiction) + r")\]")
# Anycast (Google, Cloudflare, Quad9), a French host in Germany, Japan, Russia, a private one.
ADDRESSES = ("8.8.8.8", "1.1.1.1", "9.9.9.9", "51.38.112.20", "203.104.153.1", "77.88.55.88")


def test_locate_says_the_law_in_words_never_a_code() -> None:
    result = run_datalocator("locate", *ADDRESSES, "10.0.0.1", "--no-dns")
    assert result.returncode == 0, result.stderr
    assert not CODE.search(result.stdout), CODE.findall(result.stdout)
    laws = [
        line.split(None, 1)[1] for line in result.stdout.splitlines() if line.startswith("  law ")
    ]
    regimes = [line for line in result.stdout.splitlines() if line.startswith("  regimes ")]
    assert len(laws) == len(ADDRESSES)
    labels = set(CATEGORY_LABELS.values())
    assert all(law.split(":")[0] in labels for law in laws), laws  # "US law reach: …"
    assert not any("Unknown" in line for line in regimes), regimes  # no regime "Unknown"


def test_scan_has_company_and_law_columns_in_words(tmp_path: Path) -> None:
    capture = tmp_path / "day.jsonl"
    locator, _errors = Locator.from_paths(default_database_paths())
    with locator:
        record_one_snapshot(capture, locator)
    result = run_datalocator("scan", "--replay", str(capture), "--once")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split()[-2:] == ["COMPANY", "LAW"]
    law_at = header.index("LAW")
    shown = {row[law_at:].strip() for row in rows if len(row) > law_at}
    assert {"US law reach", "EU / GDPR"} <= shown, shown
    assert shown <= {*CATEGORY_LABELS.values(), ""}
    assert not CODE.search(result.stdout)
    company_at = header.index("COMPANY")
    companies = {row[company_at:law_at].strip() for row in rows}
    assert {"Google", "OVHcloud"} <= companies, companies


def test_category_labels_cover_every_category_and_speak_french() -> None:
    assert set(CATEGORY_LABELS) == {c.value for c in Jurisdiction}
    fr = translations("fr")
    assert all(
        fr.gettext(words) != words for words in CATEGORY_LABELS.values() if words != "Unknown"
    )


# --- DNS trouble ----------------------------------------------------------------------------


def _no_route() -> OSError:
    return OSError(errno.ENETUNREACH, os.strerror(errno.ENETUNREACH))


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (dns.exception.Timeout(timeout=2.0), "did not answer"),
        (
            dns.resolver.NoNameservers(
                request=QUERY, errors=[("127.0.0.1", False, 53, _no_route(), None)]
            ),
            "no network",
        ),
        (
            dns.resolver.NoNameservers(
                request=QUERY, errors=[("127.0.0.1", False, 53, ConnectionRefusedError(), None)]
            ),
            "refused the connection",
        ),
        (dns.resolver.NoResolverConfiguration(), "no DNS server is configured"),
    ],
)
def test_dns_problems_are_plain_words(error: dns.exception.DNSException, words: str) -> None:
    text = dns_problem(error).text(translations("en"))
    assert words in text
    assert not re.search(r"Errno|Exception|Timeout|Do53|\d+\.\d+ seconds", text)


def test_no_such_name_and_a_silent_server_are_told_apart(
    dns_server: DnsTestServer, black_hole_dns: DnsTestServer
) -> None:
    missing = resolve_addresses("nothing.example", f"127.0.0.1:{dns_server.port}", 1.0)
    budget = 0.6
    started = time.monotonic()
    silent = resolve_addresses("example.org", f"127.0.0.1:{black_hole_dns.port}", budget)
    took = time.monotonic() - started
    en = translations("en")
    assert missing.problem is not None and silent.problem is not None
    assert missing.problem.text(en) == "no such domain"
    assert silent.problem.text(en) == "the DNS server did not answer"
    assert took < 3 * budget  # one budget for A and AAAA, not one each


def test_a_silent_dns_server_is_one_plain_line(black_hole_dns: DnsTestServer) -> None:
    server = f"127.0.0.1:{black_hole_dns.port}"
    result = run_datalocator("locate", *ADDRESSES, "--dns-server", server)
    assert result.returncode == 0, result.stderr
    lines = without_stale_note(result.stderr).splitlines()
    assert len(lines) == 1 and "did not answer" in lines[0], lines
    assert not re.search(r"Errno|Exception|Timeout|Do53|gaierror", lines[0])
    result = run_datalocator("locate", "example.org", "--dns-server", server)
    assert result.returncode == 2
    [line] = without_stale_note(result.stderr).splitlines()
    assert line.endswith("cannot resolve 'example.org': the DNS server did not answer"), line


# --- progress -------------------------------------------------------------------------------


def _on_a_terminal(*args: str) -> str:
    """Run `datalocator ARGS` with stderr on a pseudo-terminal (stdout piped): what it drew."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            stdout=subprocess.PIPE,
            stderr=follower,
            cwd=ROOT,
        )
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            drawn += chunk
        assert process.wait(timeout=60) == 0
        assert process.stdout is not None
        process.stdout.close()
    finally:
        os.close(leader)
    return drawn.decode("utf-8", "replace")


def test_progress_is_drawn_on_a_terminal_and_erased() -> None:
    drawn = _on_a_terminal("locate", *ADDRESSES, "--no-dns")
    assert f"Locating {len(ADDRESSES)}/{len(ADDRESSES)}…" in drawn
    assert drawn.rstrip("\r\n").endswith("\r\x1b[K")  # the last thing drawn: the line erased


def test_no_progress_when_piped_or_for_machines() -> None:
    piped = run_datalocator("locate", *ADDRESSES, "--no-dns")
    assert "Locating" not in piped.stderr and "\r" not in piped.stderr
    machine = _on_a_terminal("locate", *ADDRESSES, "--no-dns", "--json")
    assert "Locating" not in machine and "\x1b[K" not in machine


def test_progress_writes_nothing_when_disabled(tmp_path: Path) -> None:
    path = tmp_path / "err.txt"
    with path.open("w") as stream:
        progress = Progress(stream, enabled=False)
        with progress:
            progress.show("Locating 1/2…")
    assert path.read_text() == ""
