"""`datalocator history` on a real history file: a period, JSON and CSV, plain words for a bad
span, and `history forget` that asks first and then deletes for real."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

from app.core.history.store import HistoryStore, Place
from tests.fixtures.cli import run_datalocator, without_stale_note
from tests.fixtures.history import seen

NOW = time.time()
OVH = Place("51.38.112.20", "FR", "Roubaix", "OVHcloud", "EU_GDPR")
GOOGLE = Place("142.250.102.108", "US", "Mountain View", "Google", "US_REACH")


def history(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    store.record(seen(NOW - 10 * 86_400, (("thunderbird", GOOGLE),)))  # ten days ago
    for poll in range(3):
        store.record(seen(NOW - 3600 + poll, (("firefox", OVH),)))  # an hour ago
    store.close()
    return path


def test_the_last_week_as_a_table_json_and_csv(tmp_path: Path) -> None:
    path = history(tmp_path)
    table = run_datalocator("history", "--file", str(path))
    assert table.returncode == 0, table.stderr
    assert "firefox" in table.stdout and "OVHcloud" in table.stdout and "France" in table.stdout
    assert "thunderbird" not in table.stdout  # ten days ago: outside the default week
    as_json = run_datalocator("history", "--since", "2w", "--json", "--file", str(path))
    records = json.loads(as_json.stdout)
    assert {(r["program"], r["company"], r["observations"]) for r in records} == {
        ("firefox", "OVHcloud", 3),
        ("thunderbird", "Google", 1),
    }
    as_csv = run_datalocator("history", "--since", "2h", "--csv", "--file", str(path))
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["program"], r["country"], r["law"]) for r in rows] == [("firefox", "FR", "EU_GDPR")]
    assert without_stale_note(as_csv.stderr) == ""


def test_a_bad_span_is_said_in_one_line(tmp_path: Path) -> None:
    done = run_datalocator("history", "--since", "soon", "--file", str(history(tmp_path)))
    assert done.returncode == 2
    assert "--since takes a span such as 12h, 7d or 4w" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_history_yet_is_said_plainly(tmp_path: Path) -> None:
    done = run_datalocator("history", "--file", str(tmp_path / "none.sqlite3"))
    assert done.returncode == 0 and "No history yet" in done.stdout
    assert not (tmp_path / "none.sqlite3").exists()  # reading never creates it


def test_forget_asks_first_then_deletes_everything(tmp_path: Path) -> None:
    path = history(tmp_path)
    refused = run_datalocator("history", "forget", "--file", str(path))
    assert refused.returncode == 2 and "--yes" in refused.stderr and path.exists()
    done = run_datalocator("history", "forget", "--yes", "--file", str(path))
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.iterdir()) == []  # the file and its -wal and -shm


def test_what_is_new_this_week(tmp_path: Path) -> None:
    path = history(tmp_path)  # Google ten days ago, OVHcloud an hour ago
    done = run_datalocator("history", "--changes", "--file", str(path))
    assert done.returncode == 0, done.stderr
    assert "New countries: France" in done.stdout
    assert "New companies: OVHcloud" in done.stdout and "New programs: firefox" in done.stdout
    as_json = json.loads(
        run_datalocator(
            "history", "--changes", "--since", "2w", "--json", "--file", str(path)
        ).stdout
    )
    assert as_json == {
        "countries": ["FR", "US"],
        "companies": ["Google", "OVHcloud"],
        "programs": ["firefox", "thunderbird"],
    }
