"""The history file's second version: a version-1 file brought forward, the timeline's counts,
the alerts log, and the alert watcher's rules and learning period (real SQLite files)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core.history.alerts import LEARNING_DAYS, AlertWatcher, alert_message
from app.core.history.rules import DEFAULT_RULES, AlertKind, AlertRule
from app.core.history.store import (
    DAY_S,
    SCHEMA_VERSION,
    Activity,
    Alert,
    HistoryError,
    HistoryStore,
    Known,
    Place,
    Seen,
    Use,
)
from app.core.i18n import translations
from tests.fixtures.history import seen

V1 = Path(__file__).parents[1] / "data" / "history" / "v1.sqlite3"
T0 = 1_800_000_000.0  # 2027-01-15 08:00 UTC
HOUR = 3600.0
OVH = Place("51.38.112.20", "FR", "Roubaix", "OVHcloud", "EU_GDPR")
GOOGLE = Place("142.250.102.108", "US", "Mountain View", "Google", "US_REACH")
YANDEX = Place("77.88.55.88", "RU", "Moscow", "Yandex", "OTHER")
HETZNER = Place("88.198.1.1", "DE", "Falkenstein", "Hetzner", "EU_GDPR")


def _version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def test_a_version_1_file_is_brought_forward_with_everything_it_held(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copyfile(V1, path)
    assert _version(path) == 1
    store = HistoryStore(path)
    assert store.problem is None and _version(path) == SCHEMA_VERSION == 2
    found = {(s.program, s.place): s for s in store.since(0)}
    firefox = found["firefox", Place("51.38.7.7", "FR", "Roubaix", "OVHcloud", "EU_GDPR")]
    assert (firefox.observations, firefox.protocol, firefox.port) == (5, "", None)
    assert store.relocations() == 1
    # The old sightings count once, in the hour and day they were last seen.
    hours = store.activity("hour", 0)
    assert {(a.country, a.law, a.pairs) for a in hours} == {
        ("FR", "EU_GDPR", 1),
        ("US", "US_REACH", 1),
        ("IE", "US_REACH", 1),
    }
    assert sum(a.pairs for a in store.activity("day", 0)) == 3
    # The history started with its first sighting; what each program did is known, the
    # daily summary included.
    assert store.started() == 1_780_000_000.0
    known = store.known()
    assert ("spotify", "JP") in known.countries and ("thunderbird", "IE") in known.countries
    assert ("thunderbird", "Google") in known.companies
    assert store.alerts() == ()
    # And it goes on being written.
    store.record(Seen(1_780_007_200.0, (Use("firefox", OVH, "tcp", 443, "other"),)))
    assert store.since(1_780_007_200.0)[0].port == 443
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()


def test_a_migration_that_fails_leaves_the_file_at_its_version(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copyfile(V1, path)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE activity (x)")  # the step's CREATE TABLE will fail
    db.commit()
    db.close()
    store = HistoryStore(path)
    # Set aside whole (still version 1, its data intact) and a new file started.
    assert store.problem is not None
    aside = next(tmp_path.glob("history.sqlite3.broken-*"))
    assert _version(aside) == 1
    old = sqlite3.connect(aside)
    assert old.execute("SELECT count(*) FROM sightings").fetchone() == (3,)
    old.close()
    assert store.since(0) == () and _version(path) == SCHEMA_VERSION


def test_protocol_lowest_port_and_category_are_kept_per_program_and_place(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.record(Seen(T0, (Use("thunderbird", GOOGLE, "tcp", 993, "mail"),)))
    store.record(Seen(T0 + 2, (Use("thunderbird", GOOGLE, "tcp", 587, ""),)))
    store.record(Seen(T0 + 4, (Use("thunderbird", GOOGLE, "", None, "other"),)))
    (only,) = store.since(0)
    assert (only.protocol, only.port, only.category, only.observations) == (
        "tcp",
        587,
        "other",
        3,
    )


def test_activity_counts_each_pair_once_per_hour_and_per_day(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = HistoryStore(path)
    start = T0 - T0 % DAY_S  # midnight UTC
    both = (("firefox", OVH), ("thunderbird", GOOGLE))
    for poll in range(30):  # an hour of polls every 2 minutes: each pair counts once
        store.record(seen(start + poll * 120, both))
    store.record(seen(start + HOUR, (("firefox", OVH), ("firefox", YANDEX))))
    store.close()
    # A restart within the hour does not count the pairs again.
    store = HistoryStore(path)
    store.record(seen(start + HOUR + 60, (("firefox", OVH), ("steam", HETZNER))))
    hours = store.activity("hour", start)
    assert hours == (
        Activity(start, "FR", "EU_GDPR", 1),
        Activity(start, "US", "US_REACH", 1),
        Activity(start + HOUR, "DE", "EU_GDPR", 1),
        Activity(start + HOUR, "FR", "EU_GDPR", 1),
        Activity(start + HOUR, "RU", "OTHER", 1),
    )
    # The day counts each pair once too: firefox–OVH, thunderbird–Google, firefox–Yandex,
    # steam–Hetzner.
    assert {(a.country, a.pairs) for a in store.activity("day", start)} == {
        ("FR", 1),
        ("US", 1),
        ("RU", 1),
        ("DE", 1),
    }
    assert store.activity("hour", start + HOUR) == hours[2:]


def test_hours_go_with_the_detail_and_days_stay_a_year(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.record(seen(T0, (("firefox", OVH),)), (Alert(T0, "new_country", "firefox", OVH),))
    store.prune(T0 + 31 * DAY_S, keep_days=30)
    assert store.activity("hour", 0) == ()
    assert [a.pairs for a in store.activity("day", 0)] == [1]
    assert len(store.alerts()) == 1
    store.prune(T0 + 366 * DAY_S, keep_days=30)
    assert store.activity("day", 0) == () and store.alerts() == ()


def test_alerts_are_logged_with_the_poll_newest_first(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    first = Alert(T0, AlertKind.NEW_COUNTRY.value, "firefox", OVH)
    second = Alert(T0 + 5, AlertKind.REGIME.value, "thunderbird", GOOGLE)
    store.record(seen(T0, (("firefox", OVH),)), (first,))
    store.record(seen(T0 + 5, (("thunderbird", GOOGLE),)), (second,))
    logged = store.alerts()
    assert [(a.kind, a.program, a.place.ip, a.place.company) for a in logged] == [
        ("regime", "thunderbird", GOOGLE.ip, "Google"),
        ("new_country", "firefox", OVH.ip, "OVHcloud"),
    ]
    assert store.alerts(T0 + 1) == logged[:1]


def _learnt(watcher: AlertWatcher, at: float) -> None:
    watcher.check(seen(at, (("thunderbird", OVH), ("firefox", OVH))), DEFAULT_RULES)


def test_nothing_is_raised_while_the_history_learns() -> None:
    watcher = AlertWatcher(Known(), started=T0)
    everything = seen(T0 + 60, (("firefox", YANDEX), ("thunderbird", GOOGLE)))
    assert watcher.check(everything, DEFAULT_RULES) == ()
    # … and what was seen then is known afterwards.
    after = T0 + LEARNING_DAYS * DAY_S
    assert watcher.check(seen(after, (("firefox", YANDEX),)), DEFAULT_RULES) == ()


def test_a_new_country_company_or_law_raises_one_alert_each_by_the_rules() -> None:
    after = T0 + LEARNING_DAYS * DAY_S
    watcher = AlertWatcher(Known(), started=T0)
    _learnt(watcher, T0)
    raised = watcher.check(
        Seen(
            after,
            (
                Use("firefox", YANDEX, category="other"),  # new country only (default rules)
                Use("thunderbird", GOOGLE, category="mail"),  # country, company, US reach
                Use("thunderbird", GOOGLE, category="mail"),  # the same twice: once
            ),
        ),
        DEFAULT_RULES,
    )
    assert [(a.program, a.kind, a.place.ip) for a in raised] == [
        ("firefox", "new_country", YANDEX.ip),
        ("thunderbird", "new_country", GOOGLE.ip),
        ("thunderbird", "new_company", GOOGLE.ip),
        ("thunderbird", "regime", GOOGLE.ip),
    ]
    # Known now: the same again raises nothing.
    assert watcher.check(seen(after + 2, (("firefox", YANDEX),)), DEFAULT_RULES) == ()


def test_rules_narrow_by_program_category_and_law() -> None:
    after = T0 + LEARNING_DAYS * DAY_S
    rules = (
        AlertRule(AlertKind.NEW_COMPANY, program="Steam"),
        AlertRule(AlertKind.REGIME, category="photos", regime="OTHER"),
    )
    watcher = AlertWatcher(Known(companies=frozenset({("steam", "OVHcloud")})), started=T0)
    raised = watcher.check(
        Seen(
            after,
            (
                Use("steam", OVH),  # known company
                Use("steam", HETZNER),  # new company for steam: its rule
                Use("firefox", HETZNER),  # new company, but the rule is Steam's
                Use("gallery", YANDEX, category="photos"),  # photos under "other" law
                Use("firefox", YANDEX, category="other"),  # other law, not photos
            ),
        ),
        rules,
    )
    assert [(a.program, a.kind) for a in raised] == [
        ("steam", "new_company"),
        ("gallery", "regime"),
    ]


def test_the_alert_sentences_name_the_program_and_the_place_in_each_language() -> None:
    alert = Alert(T0, "regime", "thunderbird", GOOGLE)
    english = alert_message(alert, "en").text(translations("en"))
    french = alert_message(alert, "fr").text(translations("fr"))
    assert english == (
        "thunderbird sent data to a place under “US law reach” for the first time (United States)."
    )
    assert "thunderbird" in french and "États-Unis" in french and "première fois" in french
    country = Alert(T0, "new_country", "", YANDEX)
    assert (
        alert_message(country, "en")
        .text(translations("en"))
        .endswith("sent data to a server in Russia for the first time.")
    )


def test_bytes_add_up_and_unknown_stays_unknown(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.record(Seen(T0, (Use("firefox", OVH), Use("steam", HETZNER, sent=10, received=90))))
    store.record(Seen(T0 + 2, (Use("firefox", OVH), Use("steam", HETZNER, sent=5, received=0))))
    store.record(Seen(T0 + 4, (Use("firefox", OVH, sent=3, received=4), Use("steam", HETZNER))))
    found = {s.program: (s.sent, s.received) for s in store.since(0)}
    assert found == {"firefox": (3, 4), "steam": (15, 90)}


def test_a_file_held_by_another_writer_is_never_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    shutil.copyfile(V1, path)  # opening it must write (the migration)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(HistoryError) as raised:
            HistoryStore(path, timeout_s=0.1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "another program holds its file" in str(raised.value)
    assert not list(tmp_path.glob("*.broken-*")) and _version(path) == 1
