"""Phrase matching shared by the extractors: lexicon phrases against token NORMs.

Patterns are tokenized the way the tagger tokenizes (whitespace, and punctuation
such as `-`, `,`, `(` as tokens of their own), and matched on the folded NORM,
so one lexicon entry covers nukta, chandrabindu and digit variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from pipeline.tagging.textnorm import fold

_PUNCT = re.compile(r"([-–—,()\[\]/:;\"'“”‘’!?।|]|(?<=[\u0900-\u097f])\.)")


def phrase_tokens(phrase: str) -> list[str]:
    """The tagger's tokens for a lexicon phrase, folded."""
    return [t for t in _PUNCT.sub(r" \1 ", fold(phrase)).split() if t]


def phrase_matcher(vocab: Vocab, lexicon: Mapping[str, Iterable[str]]) -> PhraseMatcher:
    """A PhraseMatcher on NORM with one match label per lexicon key."""
    matcher = PhraseMatcher(vocab, attr="NORM")
    for label, phrases in lexicon.items():
        docs = []
        for phrase in phrases:
            words = phrase_tokens(phrase)
            if words:
                doc = Doc(vocab, words=words)
                for token in doc:
                    token.norm_ = token.text
                docs.append(doc)
        if docs:
            matcher.add(label, docs)
    return matcher


def longest_matches(doc: Doc, matcher) -> list[Span]:
    """Matches as labelled spans, longest first where they overlap."""
    spans = [Span(doc, start, end, label=match_id) for match_id, start, end in matcher(doc)]
    return filter_spans(spans)


def token_strings(doc: Doc, attr: int) -> list[str]:
    """One string attribute (NORM, LEMMA, ...) of every token, read from the Doc's arrays: a
    rule that looks at every token does not create a Token object per token."""
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array(attr).tolist()]


def next_token(doc: Doc, i: int, line: bool = False):
    """The first non-space token at or after index `i`, or None; with `line`, None also
    where a line break comes first (a mention never runs from one line into the next)."""
    while i < len(doc) and doc[i].is_space:
        if line and "\n" in doc[i].text:
            return None
        i += 1
    return doc[i] if i < len(doc) else None
