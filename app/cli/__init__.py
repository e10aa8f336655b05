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

Language: ``--lang fr`` (before any subcommand), else the settings' language (the one the window
uses), else the system's (``LANG=fr_FR.UTF-8``…), else English: app.core.i18n.choose_language,
the one rule. Everything printed, help and argparse's own messages included, comes from the
core's catalogue of that language; the subcommands find it as ``args.tr``. The settings are read
once logging is set up, so that a broken settings file is reported like any other warning.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from gettext import NullTranslations
from pathlib import Path

from app.core.i18n import (
    N_,
    SUPPORTED_LANGUAGES,
    Message,
    TranslatableError,
    choose_language,
    translations,
)
from app.core.text import visible

# Module names under app.cli; each registers one subcommand.
SUBCOMMANDS = (
    "scan",
    "locate",
    "accounts",
    "db",
    "map",
    "report",
    "history",
    "trace_mail",
    "trace_route",
)
BROKEN_PIPE_STATUS = 1
INTERRUPTED_STATUS = 130


# argparse's own words (Python 3.11's argparse.py), so the catalogue carries them too: argparse
# looks them up through its module's ``_``/``ngettext``, which `_argparse_speaking` points at
# the chosen catalogue while the command line is parsed and run.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("%(prog)s: error: %(message)s\n"),
)


def _argparse_plurals(tr: NullTranslations) -> Callable[[str, str, int], str]:
    def plural(singular: str, plural: str, count: int) -> str:
        return tr.ngettext(singular, plural, count)

    # argparse's one plural message, written out so the catalogue has it.
    tr.ngettext("expected %s argument", "expected %s arguments", 1)
    return plural


@contextmanager
def _argparse_speaking(tr: NullTranslations) -> Iterator[None]:
    """argparse's messages from ``tr`` for the duration (argparse offers no other hook: it
    calls its module's ``_`` and ``ngettext``); put back afterwards."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = tr.gettext  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_plurals(tr)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input in one line and exits 2, never with a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # The message quotes the argument, which may hold escapes or undecodable bytes.
        line = argparse._("%(prog)s: error: %(message)s\n")  # type: ignore[attr-defined]
        self.exit(2, line % {"prog": self.prog, "message": visible(message)})


# The core's log lines that reach a user of the command line (warnings about files it found by
# itself): their templates are in the catalogue, their Message values are said in the language.
LOG_MESSAGES = (N_("skipping geo database: %s"),)


class _TerminalFormatter(logging.Formatter):
    """Log records as one escaped line each (they may quote file names and DNS data), in the
    command line's language: a template the catalogue knows is translated, and values that are
    core Messages or TranslatableErrors are said in that language."""

    def __init__(self, tr: NullTranslations) -> None:
        super().__init__()
        self.speak(tr)

    def speak(self, tr: NullTranslations) -> None:
        """Speak ``tr``'s language from now on (once the settings' language is known)."""
        self._tr = tr
        self._lines = {
            logging.WARNING: tr.gettext("{prog}: warning: {message}"),
            logging.ERROR: tr.gettext("{prog}: error: {message}"),
            logging.CRITICAL: tr.gettext("{prog}: error: {message}"),
        }

    def _text(self, record: logging.LogRecord) -> str:
        tr = self._tr
        if isinstance(record.msg, Message | TranslatableError):
            return record.msg.text(tr)
        if not isinstance(record.msg, str):
            return record.getMessage()
        args = record.args
        if isinstance(args, tuple) and args:
            spoken = tuple(
                arg.text(tr) if isinstance(arg, Message | TranslatableError) else arg
                for arg in args
            )
            try:
                return tr.gettext(record.msg) % spoken
            except (TypeError, ValueError, KeyError):  # a translation that does not fit: English
                return record.msg % spoken
        return record.getMessage()

    def format(self, record: logging.LogRecord) -> str:
        line = self._lines.get(record.levelno)
        text = visible(self._text(record))
        if line is None:
            return f"datalocator: {record.levelname.lower()}: {text}"
        return line.format(prog="datalocator", message=text)


def _log_to_stderr(tr: NullTranslations) -> _TerminalFormatter:
    formatter = _TerminalFormatter(tr)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    return formatter


def _top_level_parser(prog: str, tr: NullTranslations) -> argparse.ArgumentParser:
    """The options given before any subcommand: the language, and what the window shows."""
    parser = _Parser(
        prog=prog,
        description=tr.gettext("Where do my data live, and under which country's law?"),
        epilog=tr.gettext(
            "Exit status: 0 done, 2 bad input (one line on stderr), 1 the output's reader "
            "went away (a closed pipe), 130 interrupted by Ctrl-C."
        ),
    )
    parser.add_argument(
        "--lang",
        choices=SUPPORTED_LANGUAGES,
        help=tr.gettext(
            "the language of the messages (default: the one chosen in the settings, else the "
            "system's)"
        ),
    )
    from app.cli.common import add_demo_option

    shown = parser.add_mutually_exclusive_group()
    add_demo_option(
        shown,
        tr.gettext("open the window on a made-up person's connections (workshops, trying it out)"),
        tr,
    )
    shown.add_argument(
        "--replay",
        type=Path,
        metavar=tr.gettext("FILE"),
        help=tr.gettext("open the window on a recording made by `datalocator scan --record FILE`"),
    )
    from app.core.autostart import BACKGROUND_OPTION

    parser.add_argument(
        BACKGROUND_OPTION,
        action="store_true",
        help=tr.gettext(
            "start watching this computer with the window hidden in the system tray (shown "
            "where there is no tray): how start at login starts it"
        ),
    )
    return parser


def build_parser(tr: NullTranslations | None = None) -> argparse.ArgumentParser:
    words = tr or translations("en")
    parser = _top_level_parser("datalocator", words)
    subparsers = parser.add_subparsers(
        dest="command", metavar=words.gettext("COMMAND"), parser_class=_Parser
    )
    for name in SUBCOMMANDS:
        importlib.import_module(f"app.cli.{name}").register(subparsers, words)
    return parser


class _EarlyParseError(Exception):
    """The first look at the command line found it wrong: the full parse will say why."""


class _EarlyParser(argparse.ArgumentParser):
    """Reads a few options without a word: errors are left to the full parse."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _EarlyParseError(message)


def _early_options(argv: Sequence[str]) -> argparse.Namespace:
    """--lang and whether a subcommand (or help) is asked for, read before the full parse,
    which needs the words."""
    early = _EarlyParser(add_help=False)
    early.add_argument("--lang")
    early.add_argument("--demo", nargs="?", const=True)
    early.add_argument("--replay")
    early.add_argument("-h", "--help", action="store_true")
    early.add_argument("command", nargs="?")
    try:
        known, _rest = early.parse_known_args(list(argv))
    except (_EarlyParseError, SystemExit):  # "--lang" without a value: the full parse says so
        known = argparse.Namespace(lang=None, help=False, command=None)
    return known


def cli_language(
    argv: Sequence[str],
    environ: Mapping[str, str] | None = None,
    setting: str | None = None,
) -> str:
    """The command line's language: ``--lang``, else the settings' ``setting``, else the
    system's (app.core.i18n.choose_language, the one rule)."""
    lang: str | None = _early_options(argv).lang
    chosen = lang if lang in SUPPORTED_LANGUAGES else setting
    return choose_language(chosen, os.environ if environ is None else environ)


def _settings_language() -> str | None:
    """The language chosen in the settings (None: the system's); the settings are read here
    for that alone, after logging is set up (reading may warn about a broken file)."""
    from app.core.settings import SettingsStore

    return SettingsStore().load().language


def launch_window(args: argparse.Namespace) -> int:
    """Run the window until it is closed, as the parsed top-level options ask."""
    from app.ui.launch import run_gui

    return run_gui(
        demo=args.demo, replay=args.replay, language=args.lang, background=args.background
    )


def gui_main(argv: list[str] | None = None) -> int:
    """`datalocator-gui`: the window only (a GUI entry point has no terminal to print to)."""
    args_list = sys.argv[1:] if argv is None else argv
    tr = translations(cli_language(args_list))
    with _argparse_speaking(tr):
        args = _top_level_parser("datalocator-gui", tr).parse_args(args_list)
    return launch_window(args)


def main(argv: list[str] | None = None) -> int:
    """`datalocator` and `python -m app`: a subcommand's exit status, or the window's."""
    args_list = sys.argv[1:] if argv is None else argv
    tr = translations(cli_language(args_list))
    early = _early_options(args_list)
    formatter: _TerminalFormatter | None = None
    if early.lang not in SUPPORTED_LANGUAGES and (early.command or early.help):
        # The command line speaks the settings' language: read them with logging set up (the
        # window, which reads them itself, is left alone).
        formatter = _log_to_stderr(tr)
        tr = translations(cli_language(args_list, setting=_settings_language()))
        formatter.speak(tr)
    try:
        with _argparse_speaking(tr):
            args = build_parser(tr).parse_args(args_list)  # bad input: one line, exit 2
            if args.command is None:  # no subcommand: the window, with the top-level options
                return launch_window(args)
            args.tr = tr
            if formatter is None:
                _log_to_stderr(tr)
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
        return fail("datalocator", str(error), args.tr)  # already in the reader's language
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
