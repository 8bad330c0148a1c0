"""One folding of Hindi spelling and encoding variants, shared by every matcher and lexicon.

News Hindi spells the same word with and without nukta (फ़्रांस/फ्रांस), with
chandrabindu or anusvara (गाँव/गांव), in NFD or NFC, with stray zero-width or
soft-hyphen characters, with a vowel sign in two pieces as legacy-font converters
print it (`समाराेह` for `समारोह`), and with `|` or `॥` for the danda. Matching on the
folded form makes one lexicon entry cover them all; offsets and output text always
stay the source's. The variants are data: `resources/hi/folding.json`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import load

_NUKTA = "\u093c"
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


@dataclass(frozen=True)
class Folding:
    sequences: re.Pattern          # several code points written for one
    sequence_of: dict[str, str]
    chars: dict[int, str | None]   # one code point for one (or for nothing)
    same_length: dict[int, str]    # the part of `chars` that keeps the text's length


@lru_cache(maxsize=1)
def folding() -> Folding:
    data = load("folding")
    seqs = {unicodedata.normalize("NFC", k): v for k, v in data["sequences"].items()}
    pattern = re.compile("|".join(map(re.escape, sorted(seqs, key=len, reverse=True))))
    chars = {ord(k): (v or None) for k, v in data["chars"].items()}
    return Folding(pattern, seqs, chars, {k: v for k, v in chars.items() if v})


@lru_cache(maxsize=1 << 16)  # called per token by several matchers: words repeat
def fold(text: str) -> str:
    """Spelling-insensitive key for `text` (also spaCy's NORM); digits become ASCII."""
    table = folding()
    decomposed = unicodedata.normalize("NFD", text).replace(_NUKTA, "")
    stripped = decomposed.translate(table.chars).translate(_DEVANAGARI_DIGITS)
    composed = unicodedata.normalize("NFC", stripped)
    return table.sequences.sub(lambda m: table.sequence_of[m.group()], composed).lower()


def fold_same_length(text: str) -> str:
    """The one-for-one part of the folding (danda variants, dashes, quotes, chandrabindu)
    and ASCII digits: what the tagger sees, so its offsets stay the source's."""
    return text.translate(folding().same_length).translate(_DEVANAGARI_DIGITS)


def ascii_digits(text: str) -> str:
    """Devanagari digits as ASCII digits, everything else unchanged (same length)."""
    return text.translate(_DEVANAGARI_DIGITS)
