"""The price of vetting an untrusted database, against a plain open of the same file.

The file is a copy of the embedded database (17 MB, ~2 million tree nodes, ~130 000 distinct
records: the size of a GeoLite2 Country + ASN pair), so the copy is untrusted and goes through
`verify.vet` like a user's file. Measured side by side in one run, medians of PASSES:

- plain open: `MmdbDatabase.open` of the embedded file itself (trusted: the C reader only);
- first vetting: open of the copy with an empty verdict cache (hash, child process walking the
  whole tree and decoding every record, then the C reader);
- cached verdict, same process: open of the copy again (one ``stat`` and a dictionary look-up);
- cached verdict, new process: a fresh cache over the on-disk verdicts (hash + one small file).

The first vetting happens once per content; every later open pays the cached price.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.geo.locator import default_database_paths
from app.core.geo.mmdb import MmdbDatabase
from app.core.geo.verify import VerdictCache

PASSES = 3


def _median_seconds(action: Callable[[], object], passes: int = PASSES) -> float:
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    embedded = max(default_database_paths(), key=lambda path: path.stat().st_size)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "untrusted-copy.mmdb"
        shutil.copyfile(embedded, copy)
        disk = Path(folder) / "verdicts"

        plain = _median_seconds(lambda: MmdbDatabase.open(embedded).close())

        def first() -> None:
            shutil.rmtree(disk, ignore_errors=True)
            MmdbDatabase.open(copy, cache=VerdictCache(disk)).close()

        vetting = _median_seconds(first)
        warm = VerdictCache(disk)
        MmdbDatabase.open(copy, cache=warm).close()
        same_process = _median_seconds(lambda: MmdbDatabase.open(copy, cache=warm).close(), 20)
        new_process = _median_seconds(
            lambda: MmdbDatabase.open(copy, cache=VerdictCache(disk)).close(), 10
        )
    size_mb = embedded.stat().st_size / 1e6
    print(f"database: {embedded.name}, {size_mb:.1f} MB (medians)")
    rows = (
        ("plain open (trusted, C reader only)", plain),
        ("first vetting (hash + child + open)", vetting),
        ("cached verdict, same process", same_process),
        ("cached verdict, on disk (new process)", new_process),
    )
    for label, seconds in rows:
        print(f"{label:<38} {seconds * 1e3:9.2f} ms  {seconds / plain:8.1f}x plain")


if __name__ == "__main__":
    main()
