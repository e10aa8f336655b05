"""Run every ``bench/bench_*.py`` module's ``main()`` in turn, in name order."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    package_dir = Path(__file__).resolve().parent
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(package_dir)])
        if info.name.startswith("bench_")
    )
    if not names:
        print("no bench/bench_*.py modules found", file=sys.stderr)
        return 1
    for name in names:
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"{__package__ or 'bench'}.{name}")
        module.main()
        print(flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
