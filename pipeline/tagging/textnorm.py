"""One folding of Hindi spelling variants, shared by every matcher and lexicon.

News Hindi spells the same word with and without nukta (फ़्रांस/फ्रांस),
with chandrabindu or anusvara (गाँव/गांव) and with stray zero-width joiners;
matching on the folded form makes one lexicon entry cover them all.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_NUKTA = "\u093c"
_TRANSLATE = str.maketrans({
    "\u0901": "\u0902",  # chandrabindu -> anusvara
    "\u200c": None,       # ZWNJ
    "\u200d": None,       # ZWJ
    "\u00ad": None,       # soft hyphen
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
})
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


@lru_cache(maxsize=1 << 16)  # called per token by several matchers: words repeat
def fold(text: str) -> str:
    """Spelling-insensitive key for `text` (also spaCy's NORM); digits become ASCII."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = decomposed.replace(_NUKTA, "").translate(_TRANSLATE).translate(_DEVANAGARI_DIGITS)
    return unicodedata.normalize("NFC", stripped).lower()


def ascii_digits(text: str) -> str:
    """Devanagari digits as ASCII digits, everything else unchanged (same length)."""
    return text.translate(_DEVANAGARI_DIGITS)
