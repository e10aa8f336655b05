"""Entry point of the `datalocator` command: no subcommand opens the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        from app.ui.launch import run_gui

        return run_gui()
    print(f"datalocator: unknown command {args[0]!r}", file=sys.stderr)
    return 2
