"""The `datalocator` command: no subcommand opens the window; subcommands serve scripts and
headless machines. Each subcommand lives in its own module with a `register(subparsers)`."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

# Module names under app.cli; each registers one subcommand.
SUBCOMMANDS = ("scan", "locate", "db", "map")


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input in one line and exits 2, never with a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


class _TerminalFormatter(logging.Formatter):
    """Log records as one escaped line each: they may quote file names and DNS data."""

    def format(self, record: logging.LogRecord) -> str:
        from app.cli.common import plain

        return f"datalocator: {record.levelname.lower()}: {plain(record.getMessage())}"


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_TerminalFormatter())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="datalocator",
        description="Where do my data live, and under which country's law?",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        importlib.import_module(f"app.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if not args_list:
        from app.ui.launch import run_gui

        return run_gui()
    _log_to_stderr()
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return 0
    status: int = args.run(args)
    return status
