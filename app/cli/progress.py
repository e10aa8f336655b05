"""One updating line on the terminal while a long command works ("Locating 120/400…").

Only where a person watches: stderr is a terminal and the output is for reading (not --json or
--csv). Piped, redirected or machine-readable runs stay silent, so scripts see only their data.
"""

from __future__ import annotations

import shutil
from types import TracebackType
from typing import TextIO

from app.core.text import visible

_ERASE = "\r\x1b[K"  # back to the start of the line, and clear it


class Progress:
    """A line that each `show` replaces and `done` (or leaving a `with`) erases."""

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self._stream = stream
        self._enabled = enabled
        self._shown = False

    @classmethod
    def for_terminal(cls, stream: TextIO, *, machine_output: bool) -> Progress:
        try:
            interactive = stream.isatty()
        except (AttributeError, ValueError):  # a closed or unusual stream: no terminal
            interactive = False
        return cls(stream, enabled=interactive and not machine_output)

    def show(self, text: str) -> None:
        if not self._enabled:
            return
        width = max(20, shutil.get_terminal_size().columns - 1)
        self._stream.write(_ERASE + visible(text)[:width])
        self._stream.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown:
            self._stream.write(_ERASE)
            self._stream.flush()
            self._shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.done()
