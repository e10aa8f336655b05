"""Child for tests/core/test_history.py: writes polls to a history file in a loop, printing the
number of each poll once it is committed, until it is killed."""

from __future__ import annotations

import sys
from pathlib import Path

from app.core.history.store import HistoryStore, Place
from tests.fixtures.history import seen


def main(path: Path) -> None:
    store = HistoryStore(path)
    places = [Place(f"198.51.100.{n}", "FR", "Roubaix", "OVHcloud", "EU_GDPR") for n in range(50)]
    poll = 0
    while True:
        poll += 1
        store.record(
            seen(1_800_000_000.0 + poll, tuple((f"p{n % 7}", p) for n, p in enumerate(places)))
        )
        print(poll, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
