"""The history file, for real: SQLite files in temporary folders, a writer killed with SIGKILL
mid-poll, files that cannot be read set aside, a full or read-only disk, forgetting for real,
and the engine's events turned into sightings."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.geo.locator import Locator
from app.core.history.recorder import HistoryRecorder, place_of
from app.core.history.store import (
    DAY_S,
    SCHEMA_VERSION,
    HistoryError,
    HistoryStore,
    Place,
    forget,
)
from app.core.model import LocatedConnection
from app.core.session.engine import scope_only
from app.core.session.events import Opened, Relocated
from tests.fixtures.disks import small_disk
from tests.fixtures.history import record_day, seen
from tests.fixtures.observations import obs
from tests.fixtures.personas import LEA

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("history_writer_child.py")
T0 = 1_800_000_000.0
OVH = Place("51.38.112.20", "FR", "Roubaix", "OVHcloud", "EU_GDPR")
GOOGLE = Place("142.250.102.108", "US", "Mountain View", "Google", "US_REACH")


def clock() -> datetime:
    return datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


def test_sightings_add_up_per_program_and_place(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    for poll in range(3):
        store.record(seen(T0 + poll, (("firefox", OVH), ("thunderbird", GOOGLE))))
    store.record(seen(T0 + 10, (("firefox", OVH),)))
    found = {s.program: s for s in store.since(T0)}
    assert (found["firefox"].first_seen, found["firefox"].last_seen) == (T0, T0 + 10)
    assert (found["firefox"].observations, found["thunderbird"].observations) == (4, 3)
    assert found["firefox"].place == OVH
    assert [s.program for s in store.since(T0 + 5)] == ["firefox"]
    store.close()
    # WAL mode, the schema's version, and the data there after reopening.
    db = sqlite3.connect(tmp_path / "h.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    db.close()
    assert len(HistoryStore(tmp_path / "h.sqlite3").since(0)) == 2


def test_a_new_answer_is_recorded_as_a_relocation_not_a_rewrite(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.record(seen(T0, (("firefox", OVH),)))
    moved = Place(OVH.ip, "DE", "Limburg an der Lahn", "OVHcloud", "EU_GDPR")
    store.record(seen(T0 + 2, (("firefox", moved),), relocated=(moved,)))
    places = {s.place for s in store.since(0)}
    assert places == {OVH, moved}  # the past keeps where it was then
    assert store.relocations() == 1
    store.record(seen(T0 + 4, (("firefox", moved),), relocated=(moved,)))
    assert store.relocations() == 1  # the same answer again is no move


def test_old_detail_becomes_daily_summaries(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.record(seen(T0, (("firefox", OVH), ("thunderbird", GOOGLE))))
    store.record(seen(T0 + 40 * DAY_S, (("firefox", OVH),)))
    assert store.prune(T0 + 45 * DAY_S, keep_days=30) == 1  # thunderbird's, 45 days old
    assert [s.program for s in store.since(0)] == ["firefox"]
    db = sqlite3.connect(tmp_path / "h.sqlite3")
    assert db.execute("SELECT program, country, observations FROM daily").fetchall() == [
        ("thunderbird", "US", 1)
    ]
    db.close()


def test_forget_deletes_the_file_and_what_sqlite_keeps_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = HistoryStore(path)
    store.record(seen(T0, (("firefox", OVH),)))
    assert path.with_name("h.sqlite3-wal").exists()
    store.close()
    gone = forget(path)
    assert path in gone and list(tmp_path.iterdir()) == []
    assert HistoryStore(path).since(0) == ()  # a new, empty history


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"this is not a database at all" * 100),
        lambda p: _newer_schema(p),
    ],
    ids=["garbage", "newer-version"],
)
def test_a_file_that_cannot_be_used_is_set_aside_never_deleted(
    tmp_path: Path, damage: object
) -> None:
    path = tmp_path / "h.sqlite3"
    assert callable(damage)
    damage(path)
    before = path.read_bytes()
    store = HistoryStore(path, clock=clock)
    assert store.problem is not None and "kept as h.sqlite3.broken-20270115T120000Z" in str(
        store.problem
    )
    assert (tmp_path / "h.sqlite3.broken-20270115T120000Z").read_bytes() == before
    store.record(seen(T0, (("firefox", OVH),)))
    assert len(store.since(0)) == 1


def _newer_schema(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.execute("CREATE TABLE future (x)")
    db.commit()
    db.close()


def test_a_file_that_turned_read_only_stops_the_writing_with_a_plain_reason(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.record(seen(T0, (("firefox", OVH),)))
    store._db.execute("PRAGMA query_only=ON")  # SQLite refuses writes as for a read-only file
    with pytest.raises(HistoryError, match="read-only"):
        store.record(seen(T0 + 1, (("firefox", GOOGLE),)))
    assert len(store.since(0)) == 1  # nothing stored is lost


def test_a_full_disk_stops_the_writing_and_keeps_what_was_stored(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        store = HistoryStore(disk / "h.sqlite3")
        store.record(seen(T0, (("firefox", OVH),)))
        many = tuple(
            (f"program-{n}-" + "x" * 200, Place(f"203.0.113.{n % 250}", "FR", "c" * 200))
            for n in range(5000)
        )
        with pytest.raises(HistoryError, match="disk is full"):
            for poll in range(50):
                store.record(seen(T0 + poll + 1, many))
        assert any(s.place == OVH for s in store.since(0))
        store.close()


def test_a_writer_killed_mid_poll_loses_that_poll_at_most(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _round in range(5):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert child.stdout is not None
        committed = 0
        for line in child.stdout:  # a few polls written, then killed wherever it is
            committed = int(line)
            if committed >= 20 + _round * 7:
                break
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        db.close()
        store = HistoryStore(path)
        assert store.problem is None
        counts = {s.observations for s in store.since(0)}
        # Every program's count is the polls committed (this round's at least; a poll being
        # written when killed either counts whole or not at all).
        assert len(counts) <= 2 and min(counts) >= committed
        store.close()
        path.unlink()
        for side in ("-wal", "-shm"):
            path.with_name(path.name + side).unlink(missing_ok=True)


def test_the_engines_events_become_sightings_with_their_places(
    tmp_path: Path, embedded: Locator
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    record_day(store, embedded, LEA)
    found = store.since(0)
    assert {s.place.ip for s in found} == {s.ip for s in LEA.servers}
    mairie = [s for s in found if s.place.ip == "193.70.18.144"]
    assert {s.program for s in mairie} == {"thunderbird"}
    assert mairie[0].place.city == "Roubaix" and mairie[0].place.company == "OVHcloud"
    firefox_cloudflare = next(
        s for s in found if s.program == "firefox" and s.place.company == "Cloudflare"
    )
    assert firefox_cloudflare.observations == LEA.day  # open from her first poll to the last
    arrived = next(s for s in found if s.program == "teleconsult")
    assert arrived.first_seen == LEA.start + 56 * LEA.step_s  # when her video app started


def test_what_changed_is_what_was_never_seen_before_the_period(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.record(seen(T0, (("firefox", OVH), ("thunderbird", GOOGLE))))
    yandex = Place("77.88.55.88", "RU", "Moscow", "Yandex", "OTHER")
    store.record(seen(T0 + 5 * DAY_S, (("firefox", OVH), ("firefox", yandex), ("steam", GOOGLE))))
    changes = store.changes(T0 + 4 * DAY_S)
    assert changes.countries == ("RU",)  # France and the US were seen before
    assert changes.companies == ("Yandex",)
    assert changes.programs == ("steam",)
    # Detail summarised into days still counts as "seen before".
    store.prune(T0 + 45 * DAY_S, keep_days=30)
    later = HistoryStore(tmp_path / "h.sqlite3")
    later.record(seen(T0 + 46 * DAY_S, (("thunderbird", GOOGLE),)))
    assert later.changes(T0 + 44 * DAY_S).programs == ()


def test_a_first_answer_is_no_relocation_and_a_programless_last_minute_is_not_counted(
    embedded: Locator,
) -> None:
    """The window's first polls come before its databases open: an address known by nothing
    then, and answered once they are, was not relocated. A connection in TIME_WAIT has lost its
    program (the system keeps the socket a minute): it was counted while it was open."""
    ip = "193.70.18.144"
    before = LocatedConnection(obs("thunderbird", ip, 993), scope_only(ip))
    after = embedded.locate(ip)
    recorder = HistoryRecorder()
    recorder.take([Opened((before,))])
    recorder.take([Relocated((after,))])
    waiting = LocatedConnection(obs("", ip, 993, pid=None, status="TIME_WAIT", local_port=1), after)
    recorder.take([Opened((waiting,))])
    poll = recorder.seen(T0)
    assert poll.relocated == ()
    assert [(u.program, u.place.country, u.place.company) for u in poll.uses] == [
        ("thunderbird", "FR", "OVHcloud")
    ]
    # A real change of answer afterwards is one.
    moved = replace(after, location=None)
    recorder.take([Relocated((moved,))])
    assert recorder.seen(T0 + 1).relocated == (place_of(moved),)
