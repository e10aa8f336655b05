"""`datalocator report` as a user runs it: formats from the extension, the demo, a recording,
the language, redaction, and plain errors for bad names and unwritable places."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.geo.locator import Locator
from tests.fixtures.captures import record_demo
from tests.fixtures.cli import run_datalocator, without_stale_note
from tests.fixtures.personas import LEA


def test_the_demo_report_as_json_and_csv(tmp_path: Path) -> None:
    as_json = tmp_path / "report.json"
    done = run_datalocator("report", "--demo", "--out", str(as_json))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {as_json}"
    document = json.loads(as_json.read_text(encoding="ascii"))
    assert document["period"]["kind"] == "demo" and document["home"] == "FR"

    as_csv = tmp_path / "report.data"
    done = run_datalocator("report", "--demo", "--format", "csv", "--out", str(as_csv))
    assert done.returncode == 0, done.stderr
    with as_csv.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len([r for r in rows if r["kind"] == "connection"]) == len(document["connections"])


def test_the_language_can_follow_the_subcommand(tmp_path: Path) -> None:
    for place, args in (
        ("before", ("--lang", "fr", "report")),
        ("after", ("report", "--lang", "fr")),
    ):
        out = tmp_path / f"{place}.json"
        done = run_datalocator(*args, "--demo", "--out", str(out))
        assert done.returncode == 0, done.stderr
        document = json.loads(out.read_text(encoding="ascii"))
        assert document["language"] == "fr"
        assert "États-Unis" in {c["country_name"] for c in document["connections"]}


def test_redact_hides_the_personas_addresses(tmp_path: Path) -> None:
    out = tmp_path / "shared.json"
    done = run_datalocator("report", "--demo", "--redact", "--machine", "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="ascii")
    document = json.loads(text)
    assert document["redacted"] is True and document["machine"] is None
    # The workshop persona's accounts and addresses are gone; her countries and companies stay.
    private = [a.address for a in LEA.accounts if a.address] + [s.ip for s in LEA.servers]
    assert private and not [word for word in private if word in text]
    assert "OVHcloud" in text and "Roubaix" in text


def test_a_recording_is_reported_from_its_snapshots(tmp_path: Path, embedded: Locator) -> None:
    capture = tmp_path / "workshop.jsonl"
    record_demo(capture, embedded, 3)
    out = tmp_path / "from-capture.json"

    done = run_datalocator("report", "--replay", str(capture), "--no-dns", "--out", str(out))

    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text(encoding="ascii"))
    assert document["period"]["kind"] == "capture"
    assert document["period"]["capture"] == "workshop.jsonl"
    assert document["connections"] and document["accounts"] == []


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("report.txt", "--out must end in .pdf, .html, .json or .csv"),
        ("missing-folder/report.json", "cannot write"),
    ],
)
def test_bad_names_and_places_are_refused_in_one_line(tmp_path: Path, name: str, said: str) -> None:
    out = tmp_path / name
    done = run_datalocator("report", "--demo", "--out", str(out))
    assert done.returncode == 2
    errors = without_stale_note(done.stderr).strip().splitlines()
    assert len(errors) == 1 and said in errors[0]
    assert not out.exists()


def test_a_broken_recording_is_refused_in_one_line(tmp_path: Path) -> None:
    capture = tmp_path / "broken.jsonl"
    capture.write_text('{"type": "header", "format": "something-else"}\n', encoding="utf-8")
    done = run_datalocator("report", "--replay", str(capture), "--out", str(tmp_path / "r.json"))
    assert done.returncode == 2
    errors = without_stale_note(done.stderr).strip().splitlines()
    assert len(errors) == 1 and "broken.jsonl" in errors[0]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (tests/system-packages.sh installs poppler-utils)")
    return found


@pytest.mark.parametrize(("paper", "size"), [("a4", "595.276 x 841.89"), ("letter", "612 x 792")])
def test_the_pdf_from_the_command_line_reads_as_a_letter(
    tmp_path: Path, paper: str, size: str
) -> None:
    out = tmp_path / "rapport.pdf"
    done = run_datalocator(
        "--lang", "fr", "report", "--demo", "--paper", paper, "--name", "Léa", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    info = subprocess.run([_tool("pdfinfo"), str(out)], capture_output=True, text=True, check=True)
    assert f"{size} pts" in " ".join(info.stdout.split())
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    as_json = tmp_path / "rapport.json"
    assert (
        run_datalocator("--lang", "fr", "report", "--demo", "--out", str(as_json)).returncode == 0
    )
    document = json.loads(as_json.read_text(encoding="ascii"))
    flat = " ".join(text.split())
    for finding in document["findings"]:
        assert " ".join(finding["text"].split()) in flat
    assert "Léa" in flat and "Où sont mes données" in flat


def test_the_html_from_the_command_line_is_one_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = run_datalocator("report", "--demo", "--redact", "--out", str(out))
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page and "<script" not in page.lower()
    assert not [a.address for a in LEA.accounts if a.address and a.address in page]
