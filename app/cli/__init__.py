"""The `datalocator` command: no subcommand opens the window; subcommands serve scripts and
headless machines. Each subcommand lives in its own module with a `register(subparsers)`.
`datalocator-gui` (the desktop file's command) only opens the window. Both parse the same
top-level options (`_top_level_parser`) and hand them to `launch_window`, the one place where
they decide what the window shows.

Exit status, the same for every subcommand:

- 0 done. Databases found by themselves (settings, downloads, system folders) that cannot be
  used only cost a warning line each (said once, when they are opened).
- 2 bad input or environment, in one line on stderr: a bad argument, a database named with
  ``--db`` that cannot be used or cannot answer (``locate`` and ``scan`` stop before any output;
  ``db status`` lists every database first, then fails), no usable database at all.
- 1 the reader of the output went away (`datalocator scan --once | head -1`: a broken pipe,
  stopped quietly).
- 130 interrupted by Ctrl-C (except `scan` without --once, which is watched until Ctrl-C: 0).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path

from app.core.text import visible

# Module names under app.cli; each registers one subcommand.
SUBCOMMANDS = ("scan", "locate", "db", "map")
BROKEN_PIPE_STATUS = 1
INTERRUPTED_STATUS = 130


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input in one line and exits 2, never with a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # The message quotes the argument, which may hold escapes or undecodable bytes.
        self.exit(2, f"{self.prog}: error: {visible(message)}\n")


class _TerminalFormatter(logging.Formatter):
    """Log records as one escaped line each: they may quote file names and DNS data."""

    def format(self, record: logging.LogRecord) -> str:
        return f"datalocator: {record.levelname.lower()}: {visible(record.getMessage())}"


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_TerminalFormatter())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])


def _top_level_parser(prog: str) -> argparse.ArgumentParser:
    """The options given before any subcommand: they choose what the window shows."""
    parser = _Parser(
        prog=prog,
        description="Where do my data live, and under which country's law?",
        epilog="Exit status: 0 done, 2 bad input (one line on stderr), 1 the output's reader "
        "went away (a closed pipe), 130 interrupted by Ctrl-C.",
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--demo",
        action="store_true",
        help="open the window on a made-up person's connections (workshops, trying it out)",
    )
    shown.add_argument(
        "--replay",
        type=Path,
        metavar="FILE",
        help="open the window on a recording made by `datalocator scan --record FILE`",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _top_level_parser("datalocator")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        importlib.import_module(f"app.cli.{name}").register(subparsers)
    return parser


def launch_window(args: argparse.Namespace) -> int:
    """Run the window until it is closed, as the parsed top-level options ask."""
    from app.ui.launch import run_gui

    return run_gui(demo=args.demo, replay=args.replay)


def gui_main(argv: list[str] | None = None) -> int:
    """`datalocator-gui`: the window only (a GUI entry point has no terminal to print to)."""
    args_list = sys.argv[1:] if argv is None else argv
    return launch_window(_top_level_parser("datalocator-gui").parse_args(args_list))


def main(argv: list[str] | None = None) -> int:
    """`datalocator` and `python -m app`: a subcommand's exit status, or the window's."""
    args_list = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser().parse_args(args_list)  # bad input: one line, exit 2
        if args.command is None:  # no subcommand: the window, with the top-level options
            return launch_window(args)
        _log_to_stderr()
        status = _run(args)
        sys.stdout.flush()  # here, where a broken pipe can still be caught
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE_STATUS
    except KeyboardInterrupt:
        return INTERRUPTED_STATUS
    return status


def _run(args: argparse.Namespace) -> int:
    from app.cli.common import CliError, fail

    try:
        status: int = args.run(args)
    except CliError as error:  # a subcommand that did not catch its own
        return fail("datalocator", str(error))
    return status


def _silence_stdout() -> None:
    """The Python docs' recipe for a closed pipe: point stdout at devnull, so the interpreter's
    last flush at exit does not fail again with a traceback."""
    try:
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, sys.stdout.fileno())
        os.close(descriptor)
    except (OSError, ValueError):  # stdout is not a file (an embedding caller's stream)
        pass
