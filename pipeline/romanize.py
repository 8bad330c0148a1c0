"""Romanized names for places and bodies no gazetteer lists (`सवानाखेत` -> `Savanakhet`)."""

from __future__ import annotations

import re
import unicodedata

from indic_transliteration import sanscript

_FINAL_SCHWA = re.compile(r"(?<=[^aeiou\W])a\b")


def romanize(text: str) -> str:
    """IAST without diacritics, Hindi's silent final schwa dropped, words capitalized."""
    iast = sanscript.transliterate(text, sanscript.DEVANAGARI, sanscript.IAST)
    plain = unicodedata.normalize("NFKD", iast)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    words = [_FINAL_SCHWA.sub("", w) if len(w) > 3 else w for w in plain.split()]
    return " ".join(w[:1].upper() + w[1:] for w in words if w)
