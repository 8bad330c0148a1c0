"""Romanized names for places and bodies no gazetteer lists (`सवानाखेत` -> `Savanakhet`)."""

from __future__ import annotations

import re
import unicodedata

from indic_transliteration import sanscript

_FINAL_SCHWA = re.compile(r"(?<=[^aeiou\W])a\b")
_LEFTOVER = re.compile(r"[\u0900-\u097f]")  # signs IAST has no letter for


def romanize(text: str) -> str:
    """IAST without diacritics, Hindi's silent final schwa dropped, words capitalized."""
    iast = sanscript.transliterate(text, sanscript.DEVANAGARI, sanscript.IAST)
    plain = unicodedata.normalize("NFKD", iast)
    plain = _LEFTOVER.sub("", "".join(c for c in plain if not unicodedata.combining(c)))
    words = [_FINAL_SCHWA.sub("", w) if len(w) > 3 else w for w in plain.split()]
    return " ".join(w[:1].upper() + w[1:] for w in words if w)
