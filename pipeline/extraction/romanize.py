"""Romanized names for places and bodies no gazetteer lists (`सवानाखेत` -> `Savanakhet`)."""

from __future__ import annotations

import re
import unicodedata

from indic_transliteration import sanscript

_FINAL_SCHWA = re.compile(r"(?<=[^aeiou\W])a\b")
_ANUSVARA_M = re.compile(r"ṃ(?=[pbm])")  # the nasal sign sounds as the next consonant's nasal
_ANUSVARA_N = re.compile(r"ṃ")
_LEFTOVER = re.compile(r"[\u0900-\u097f]")  # signs IAST has no letter for


def _plain(text: str, drop_schwa: bool = False) -> str:
    iast = sanscript.transliterate(text, sanscript.DEVANAGARI, sanscript.IAST)
    iast = _ANUSVARA_N.sub("n", _ANUSVARA_M.sub("m", iast))  # `सुंग` Sung, `चंपा` Champa
    if drop_schwa:  # only the short inherent vowel: a long `ā` (`नागोया`) stays
        iast = " ".join(_FINAL_SCHWA.sub("", w) for w in iast.split())
    plain = unicodedata.normalize("NFKD", iast)
    return _LEFTOVER.sub("", "".join(c for c in plain if not unicodedata.combining(c)))


def romanize(text: str) -> str:
    """IAST without diacritics, Hindi's silent final schwa dropped, words capitalized."""
    words = [_FINAL_SCHWA.sub("", w) if len(w) > 3 else w for w in _plain(text).split()]
    return " ".join(w[:1].upper() + w[1:] for w in words if w)


def spellings(text: str) -> tuple[str, ...]:
    """Romanizations to look a name up by: `romanize`'s, which drops a long final vowel
    too (`नागोया` -> `Nagoy`), and one that drops only the silent schwa (`Nagoya`)."""
    kept = " ".join(w[:1].upper() + w[1:] for w in _plain(text, drop_schwa=True).split())
    return tuple(dict.fromkeys((romanize(text), kept)))
