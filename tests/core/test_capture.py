"""Capture files: what a recorded session replays to, and every way a file can be unusable."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.dns.reverse import PtrAnswer, PtrStatus
from app.core.geo.locator import Locator
from app.core.i18n import verbatim
from app.core.serialise import DatabaseRecord, database_record
from app.core.session import Event, Session, SourceEnded
from app.core.session.capture import (
    CAPTURE_VERSION,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    CaptureError,
    CaptureSource,
    CaptureWriter,
    RecordedAnswer,
    RecordedResolver,
    open_capture,
)
from app.core.session.sources import Snapshot
from tests.core.test_locator import NO_CLOUD, NO_EDGES
from tests.fixtures.captures import drive
from tests.fixtures.captures import record_demo as recorded_demo
from tests.fixtures.geo import GeoFixtureDbs
from tests.fixtures.observations import obs
from tests.fixtures.personas import CAMILLE

DATABASES = (
    DatabaseRecord("embedded db", "DataLocator-Country-ASN", "2026-06-17T19:00:00+00:00", "x.mmdb"),
)
POLLS = 9  # two demo cycles and a bit: connections open, close, reopen and change state


@pytest.fixture
def locator(geo_fixture_dbs: GeoFixtureDbs) -> Iterator[Locator]:
    locator, errors = Locator.from_paths(
        [geo_fixture_dbs.city, geo_fixture_dbs.asn], cloud=NO_CLOUD, edges=NO_EDGES
    )
    assert errors == []
    with locator:
        yield locator


def record_demo(path: Path, locator: Locator, polls: int = POLLS) -> list[Event]:
    return recorded_demo(path, locator, polls)


def replay(path: Path, locator: Locator) -> list[Event]:
    resolver = RecordedResolver()
    return drive(Session(CaptureSource(open_capture(path), resolver), locator, resolver))


def test_a_replay_publishes_exactly_what_the_recorded_session_did(
    tmp_path: Path, locator: Locator
) -> None:
    path = tmp_path / "day.jsonl"
    live = record_demo(path, locator)

    kinds = {type(event).__name__ for event in live}
    assert {"Opened", "Closed", "StatusChanged", "Renamed", "Relocated"} <= kinds
    assert replay(path, locator) == live
    assert not path.with_name("day.jsonl.part").exists()


def test_the_file_holds_snapshots_answers_and_databases_and_no_paths(
    tmp_path: Path, locator: Locator, geo_fixture_dbs: GeoFixtureDbs
) -> None:
    path = tmp_path / "day.jsonl"
    record_demo(path, locator, polls=2)

    text = path.read_text(encoding="ascii")
    lines = [json.loads(line) for line in text.splitlines()]
    header = lines[0]
    assert (header["format"], header["version"]) == ("datalocator-capture", CAPTURE_VERSION)
    assert [d["file"] for d in header["databases"]] == [
        geo_fixture_dbs.city.name,
        geo_fixture_dbs.asn.name,
    ]
    assert str(geo_fixture_dbs.city.parent) not in text and str(tmp_path) not in text
    assert [line["type"] for line in lines[1:3]] == ["snapshot", "dns"]
    assert lines[1]["taken_at"] == CAMILLE.snapshot(0).taken_at
    assert len(lines[1]["observations"]) == len(CAMILLE.snapshot(0).observations)
    gmail = next(line for line in lines if line.get("ip") == "142.250.102.108")
    assert gmail == {
        "type": "dns",
        "ip": "142.250.102.108",
        "names": ["smtp.gmail.com"],
        "confirmed": ["smtp.gmail.com"],
        "status": "answered",
    }
    assert header["type"] == "header"
    dns = [(line["ip"], tuple(line["names"])) for line in lines if line["type"] == "dns"]
    assert len(dns) == len(set(dns))
    capture = open_capture(path)
    assert capture.snapshots == 2
    assert capture.header.databases == tuple(map(database_record, locator.sources))


def test_answers_arrive_when_they_arrived_live(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    writer = CaptureWriter(path, DATABASES)
    first = Snapshot((obs("a", "51.38.0.1", 443, seen_at=10.0),), taken_at=10.0)
    second = Snapshot(
        (obs("a", "51.38.0.1", 443, seen_at=12.0),), (verbatim("pid 7: denied"),), 12.0
    )
    writer.write_snapshot(first)
    writer.write_answer("51.38.0.1", PtrAnswer(("a.example",), ()))
    writer.write_snapshot(second)
    writer.write_answer("8.8.8.8", PtrAnswer(status=PtrStatus.FAILED))
    writer.commit()
    resolver = RecordedResolver()
    source = CaptureSource(open_capture(path), resolver)

    assert resolver.answer("51.38.0.1").status is PtrStatus.SKIPPED  # not reached yet
    assert source.snapshot() == first
    assert resolver.cached_answer("51.38.0.1") is None  # not given yet: a live cache is empty
    assert resolver.answers_many(["51.38.0.1"]) == {"51.38.0.1": PtrAnswer(("a.example",), ())}
    assert resolver.cached_answer("51.38.0.1") == PtrAnswer(("a.example",), ())
    assert resolver.answer("8.8.8.8").status is PtrStatus.SKIPPED
    assert source.snapshot() == second
    assert resolver.answer("8.8.8.8").status is PtrStatus.FAILED
    with pytest.raises(SourceEnded):
        source.snapshot()


def test_an_existing_file_is_replaced_only_when_the_recording_is_done(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text("precious\n")
    writer = CaptureWriter(path, DATABASES)
    writer.write_snapshot(Snapshot((), taken_at=1.0))
    assert path.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "c.jsonl.part"]
    writer.commit()
    assert open_capture(path).snapshots == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]


def test_a_recording_that_would_grow_too_large_stops_and_stays_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.core.session.capture.MAX_FILE_BYTES", 4096)
    path = tmp_path / "c.jsonl"
    writer = CaptureWriter(path, DATABASES)
    many = tuple(obs("p", "51.38.0.1", 443, local_port=40000 + i) for i in range(10))
    with pytest.raises(CaptureError, match="would pass 0 MB"):
        for _ in range(100):
            writer.write_snapshot(Snapshot(many, taken_at=1.0))
    writer.commit()
    assert 0 < path.stat().st_size <= 4096
    assert open_capture(path).snapshots >= 1


def test_a_missing_folder_is_one_plain_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "c.jsonl"
    with pytest.raises(CaptureError) as caught:
        CaptureWriter(path, DATABASES)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


def test_a_recording_never_replaces_a_folder_nor_follows_a_planted_link(tmp_path: Path) -> None:
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    with pytest.raises(CaptureError, match="not a regular file"):
        CaptureWriter(folder, DATABASES)
    victim = tmp_path / "victim"
    victim.write_text("keep")
    (tmp_path / "c.jsonl.part").symlink_to(victim)
    with pytest.raises(CaptureError):
        CaptureWriter(tmp_path / "c.jsonl", DATABASES)
    assert victim.read_text() == "keep"


# --- files that are not usable captures -------------------------------------------------------

GOOD_SNAPSHOT = {
    "type": "snapshot",
    "taken_at": 1.0,
    "observations": [
        {
            "pid": 1,
            "process": "p",
            "protocol": "tcp",
            "local_ip": "192.168.1.2",
            "local_port": 1000,
            "remote_ip": "51.38.0.1",
            "remote_port": 443,
            "status": "ESTABLISHED",
        }
    ],
    "skipped": [],
}


def header(**changes: Any) -> dict[str, Any]:
    return {
        "type": "header",
        "format": "datalocator-capture",
        "version": CAPTURE_VERSION,
        "app_version": "0.1.0",
        "created": "2026-01-01T00:00:00+00:00",
        "databases": [],
        **changes,
    }


def lines(*records: dict[str, Any]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


CASES: dict[str, tuple[bytes, str]] = {
    "future version": (lines(header(version=CAPTURE_VERSION + 1), GOOD_SNAPSHOT), "newer"),
    "version zero": (lines(header(version=0), GOOD_SNAPSHOT), "line 1"),
    "not a capture": (b'{"hello": "world"}\n', "not a DataLocator capture"),
    "not JSON": (b"PK\x03\x04 a zip file\n", "line 1 is not valid JSON"),
    "empty": (b"", "empty file"),
    "no header": (lines(GOOD_SNAPSHOT), "not a DataLocator capture"),
    "truncated": (lines(header(), GOOD_SNAPSHOT)[:-20], "line 2 is cut short"),
    "corrupt line": (lines(header(), GOOD_SNAPSHOT) + b'{"type": "snap\n', "line 3"),
    "not an object": (lines(header()) + b"[1, 2]\n", "line 2 is not a JSON object"),
    "bad observation": (
        lines(header(), {**GOOD_SNAPSHOT, "observations": [{"pid": 1}]}),
        "line 2: ",
    ),
    "bad time": (lines(header(), {**GOOD_SNAPSHOT, "taken_at": -5}), "line 2: taken_at"),
    "NaN time": (lines(header()) + b'{"type": "snapshot", "taken_at": NaN}\n', "line 2"),
    "bad answer": (lines(header(), GOOD_SNAPSHOT, {"type": "dns", "ip": "x"}), "line 3: "),
    "second header": (lines(header(), GOOD_SNAPSHOT, header()), "line 3: a second header"),
    "unknown line": (lines(header(), GOOD_SNAPSHOT, {"type": "gossip"}), "line 3: unknown"),
    "no snapshot": (lines(header()), "no snapshot"),
    "bad databases": (lines(header(databases="all"), GOOD_SNAPSHOT), "line 1: databases"),
    "not UTF-8": (lines(header()) + b'{"type": "\xff"}\n', "line 2 is not valid JSON"),
    "deep nesting": (lines(header()) + b"[" * 100_000 + b"\n", "line 2 is not valid JSON"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_unusable_captures_are_refused_in_one_line_naming_the_file(
    tmp_path: Path, case: str
) -> None:
    content, reason = CASES[case]
    path = tmp_path / "capture.jsonl"
    path.write_bytes(content)
    with pytest.raises(CaptureError) as caught:
        open_capture(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert reason in message


def test_huge_files_and_lines_are_refused_without_reading_them(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as file:
        file.write(lines(header(), GOOD_SNAPSHOT))
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(CaptureError, match="larger than 200 MB"):
        open_capture(huge)
    long_line = tmp_path / "long.jsonl"
    with long_line.open("wb") as file:
        file.write(lines(header()))
        file.write(b" " * (MAX_LINE_BYTES + 1) + b"\n")
    with pytest.raises(CaptureError, match="line 2 is longer than 16 MB"):
        open_capture(long_line)


def test_what_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path, reason in (
        (fifo, "not a regular file"),
        (tmp_path, "not a regular file"),
        (tmp_path / "missing", "no such file or folder"),
    ):
        with pytest.raises(CaptureError, match=reason) as caught:
            open_capture(path)
        assert str(caught.value).startswith(str(path))


def test_a_file_changed_during_a_replay_is_refused_then(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(lines(header(), GOOD_SNAPSHOT, GOOD_SNAPSHOT))
    source = CaptureSource(open_capture(path))
    path.write_bytes(lines(header(), GOOD_SNAPSHOT) + b"garbage\n")
    with pytest.raises(CaptureError, match="line 3"):
        source.snapshot()


def test_the_same_answer_is_written_once(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    writer = CaptureWriter(path, DATABASES)
    writer.write_snapshot(Snapshot((), taken_at=1.0))
    for names in (("a.example",), ("a.example",), ("b.example",), ("a.example",)):
        writer.write_answer("51.38.0.1", PtrAnswer(names))
    writer.commit()
    written = [json.loads(line) for line in path.read_text().splitlines()][2:]
    assert [line["names"] for line in written] == [["a.example"], ["b.example"], ["a.example"]]


def test_recorded_answers_are_plain_values() -> None:
    answer = RecordedAnswer("8.8.8.8", PtrAnswer(("dns.google",), ("dns.google",)))
    resolver = RecordedResolver()
    resolver.release([answer])
    assert resolver.answer("8.8.8.8") == answer.answer
    assert resolver.answer("1.1.1.1") == PtrAnswer(status=PtrStatus.SKIPPED)
