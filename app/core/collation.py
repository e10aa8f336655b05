"""The one order of words people expect: accents and case matter only to break ties.

Python compares code points, so "États-Unis" sorted after "Zambie" and "équipe" after "zèbre".
Decomposing (NFKD) and dropping the combining marks gives the base letters CLDR's root collation
compares first (good for English and French, the app's languages); the case-folded original
then breaks ties, so the order is total and stable.
"""

from __future__ import annotations

import unicodedata

_TIE = "\x1e"  # below every printable character: "Iran" before "Iraq" before "Iran (IR)"…


def collation_key(text: str) -> str:
    """A string whose code-point order is the reader's alphabetical order of ``text``."""
    folded = text.casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return f"{base}{_TIE}{folded}"
