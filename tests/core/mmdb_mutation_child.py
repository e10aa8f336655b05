"""Child process for tests/core/test_hostile_databases.py: damaged databases through every
entry point that opens a user's database, in one process.

``mmdb_mutation_child.py FOLDER``: each .mmdb file in FOLDER goes through ``locate --db``
and ``db status --db`` (the real CLI entry point, in this process), then the whole folder
through discovery (as the download folder) and the look-ups of the Locator built from it.
A crash kills this process and a hang exceeds the test's timeout: the test reads both from
the exit status, and the last line on stdout names the file being tried. Prints ``ok N``
(N files) at the end; exits 1 when a command returns a status other than 0 or 2.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from app.cli import main as cli_main
from app.core.geo.discovery import open_planned_databases, plan_databases


def _run(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return cli_main(argv)


def main(folder: Path) -> int:
    files = sorted(folder.glob("*.mmdb"))
    for file in files:
        for argv in (
            ["locate", "8.8.8.8", "2a00:1450:4001::1", "--no-dns", "--db", str(file)],
            ["db", "status", "--db", str(file)],
        ):
            print(f"{argv[0]} {file.name}", flush=True)
            status = _run(argv)
            if status not in (0, 2):
                print(f"unexpected exit {status} from {argv}", file=sys.stderr)
                return 1
    print("discovery", flush=True)
    locator, _errors = open_planned_databases(plan_databases([], data_dir=folder))
    for address in ("8.8.8.8", "51.38.0.1", "2a00:1450:4001::1", "1.1.1.1", "9.9.9.9"):
        locator.locate(address)
    locator.close()
    print(f"ok {len(files)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
