"""Untrusted text made visible: the one rule for process names, DNS names, paths and file strings.

Any local user can name a process with bytes that are not UTF-8 (``prctl``), a right-to-left
override that shows ``\\u202egnp.exe`` as "exe.png", or an 8-bit CSI that a terminal obeys.
`visible` keeps printable text as it is and spells out everything else, so what is shown is
what is there, in the window, in filters, on a terminal and in CSV/JSON alike.
"""

from __future__ import annotations

import os
import re
import unicodedata

# C0/C1 controls and DEL; lone surrogates (undecodable bytes under surrogateescape);
# bidi controls, zero-width and other invisible format characters; line/paragraph separators.
_HIDDEN = re.compile(
    r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f"
    r"\u2028-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb]"
)


def _spell(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with control, bidi, invisible and undecodable characters spelled out.

    They become ``\\xNN`` or ``\\uNNNN``. The result always encodes as UTF-8
    and holds nothing a terminal or Qt would obey.
    """
    if text.isascii() and text.isprintable():
        return text  # the common case, and what the rest would give
    text = _HIDDEN.sub(_spell, text)
    if text.isprintable():
        return text
    # Anything else Unicode calls non-printable (unassigned, private use, other format chars).
    return "".join(
        c if c.isprintable() or c == " " or unicodedata.category(c) in {"Zs"} else _spell_char(c)
        for c in text
    )


def _spell_char(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible_path(path: os.PathLike[str] | str) -> str:
    """A file name for messages: undecodable bytes and hidden characters spelled out."""
    return visible(os.fspath(path))
