"""Phrase matching shared by the extractors: lexicon phrases against token NORMs.

Patterns are tokenized the way the tagger tokenizes (whitespace, and punctuation
such as `-`, `,`, `(` as tokens of their own), and matched on the folded NORM,
so one lexicon entry covers nukta, chandrabindu and digit variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from spacy.attrs import NORM
from spacy.matcher import Matcher, PhraseMatcher
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


class RunMatcher:
    """A spaCy `Matcher` whose token patterns test only NORM (a word, a list, a regex; with
    `OP` and `SPACY`), run only over the runs of tokens that some pattern token accepts, from
    the first token that can start a match. A match is a run of such tokens, so it is found
    there; the result is the Matcher's on the whole Doc (offsets in the Doc, same order).
    Why: the Matcher tries every pattern at every token, and most tokens of a news text are
    no part of a date or a number."""

    OUT, INNER, FIRST = 0, 1, 2   # what a token can be: no part of a match, a part, its start

    def __init__(self, vocab: Vocab) -> None:
        self.matcher = Matcher(vocab)
        self.words: tuple[set[str], set[str]] = (set(), set())      # (any token, a first token)
        self.regexes: tuple[set[str], set[str]] = (set(), set())
        self.tests: tuple = ()
        self.memo: dict[str, int] = {}

    def add(self, key: str, patterns: list[list[dict]]) -> None:
        for pattern in patterns:
            if pattern[0].get("OP") in ("?", "*"):
                raise ValueError(f"RunMatcher: a pattern must start with a token it requires: {pattern}")
            for k, spec in enumerate(pattern):
                for first in {False, k == 0}:
                    _learn(spec, self.words[first], self.regexes[first])
        self.matcher.add(key, patterns)
        self.tests = tuple((words, re.compile("|".join(f"(?:{r})" for r in sorted(regexes))) if regexes else None)
                           for words, regexes in zip(self.words, self.regexes))
        self.memo.clear()

    def role(self, norm: str) -> int:
        """What a token written `norm` can be in a match (remembered per spelling)."""
        role = self.memo.get(norm)
        if role is None:
            inner, first = (norm in words or (regex is not None and regex.search(norm) is not None)
                            for words, regex in self.tests)
            role = self.FIRST if first else self.INNER if inner else self.OUT
            if len(self.memo) < 1 << 16:
                self.memo[norm] = role
        return role

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        memo, role = self.memo, self.role
        roles = [memo[n] if n in memo else role(n) for n in token_strings(doc, NORM)]
        found, start = [], None   # start: the first token that can start a match in this run
        for i, r in enumerate([*roles, self.OUT]):
            if r == self.OUT:
                if start is not None:
                    found += [(key, s + start, e + start) for key, s, e in self.matcher(doc[start:i])]
                start = None
            elif r == self.FIRST and start is None:
                start = i
        return found


def _learn(spec: dict, words: set[str], regexes: set[str]) -> None:
    """Add what a NORM token pattern accepts to `words` and `regexes` (spaCy's REGEX searches)."""
    if set(spec) - {"NORM", "OP", "SPACY"} or spec.get("OP") == "!" or "NORM" not in spec:
        raise ValueError(f"RunMatcher: only NORM token patterns without negation: {spec}")
    value = spec["NORM"]
    if isinstance(value, str):
        words.add(value)
    elif set(value) == {"IN"}:
        words.update(value["IN"])
    elif set(value) == {"REGEX"}:
        regexes.add(value["REGEX"])
    else:
        raise ValueError(f"RunMatcher: NORM must be a word, IN or REGEX: {spec}")


def starts_with(words: list[str], i: int, seqs: list[tuple[str, ...]]) -> int:
    """Length of the first of `seqs` written at token `i` (0 when none is)."""
    word = words[i] if i < len(words) else None
    for seq in seqs:
        if seq[0] == word and tuple(words[i:i + len(seq)]) == seq:
            return len(seq)
    return 0


def contains(words: list[str], seqs: list[tuple[str, ...]]) -> bool:
    firsts = {seq[0] for seq in seqs}
    return any(starts_with(words, i, seqs) for i, word in enumerate(words) if word in firsts)


def after(words: list[str], i: int, seqs: list[tuple[str, ...]]) -> bool:
    """Whether one of `seqs` follows token `i` (spaces skipped)."""
    longest = max(map(len, seqs), default=0)
    rest: list[str] = []
    j = i + 1
    while j < len(words) and len(rest) < longest:   # only as far as the longest sequence needs
        if words[j].strip():
            rest.append(words[j])
        j += 1
    return starts_with(rest, 0, seqs) > 0
