"""Clause and phrase units of a sentence, read from its UPOS tags, and where each mention sits.

Stanza gives no parse here, only UPOS tags, so a sentence is cut into clauses by what the
tags show (see `frames.build`). A sentence longer than `MAX_UNIT_TOKENS` (a paragraph
with no sentence mark) is cut into units at clause punctuation, so that the work per unit
stays bounded and frame building linear in the mentions of a long text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from spacy.attrs import IDX, IS_SPACE, ORTH, POS
from spacy.tokens import Doc, Span

from pipeline.extraction.matching import starts_with, token_strings
from pipeline.extraction.mention import Mention
from pipeline.frames.lexicon import word_lists

CLAUSE_PUNCT = frozenset(";:")
PHRASE_PUNCT = frozenset(",;:")
CLAUSE_END = frozenset(",;:।?!॥.")       # after a verb, these end its clause (quotes and brackets do not)
MAX_UNIT_TOKENS = 200     # a longer sentence is cut into units of at most this many tokens
SENTENCE_CHARS = 600      # a frame's sentence text beyond this is the window around its trigger
RELATIVE = ("जो", "जिस", "जिन", "जहाँ", "जहां")  # relative pronouns open a subordinate clause
PLACE_RELATIVE = ("जहाँ", "जहां")                # ... these of the place named before them


@dataclass
class Place:
    """Where a mention sits: sentence, clause and phrase numbers, and its token index."""

    sent: int
    clause: int
    phrase: int
    token: int          # the head (last) token, relative to the sentence
    first: int = 0      # the first token, relative to the sentence


@dataclass
class Units:
    """Clause and phrase number of every token of a sentence, and what kind each clause is.
    What only frame attachment reads (a sentence with an activity) is worked out on first use."""

    words: list[str]        # token texts, for matching the word sequences of frames.json
    clauses: list[int]
    phrases: list[int]
    finite: set[int]        # clauses closed by their own finite verb
    relative: dict[int, int]  # clauses opened by a relative pronoun -> the clause written before
    subordinate: int        # first token of the first subordinate clause (len(sentence) if none)
    pos: list[str]          # UPOS per token
    space: list[bool]       # whether each token is whitespace
    venue: dict[int, int] = field(default_factory=dict)  # clauses opened by `जहां` -> that word's token

    @cached_property
    def _content(self) -> tuple[list[int], dict[int, int]]:
        """The tokens that are not whitespace, and the next such token after each."""
        content = [i for i, space in enumerate(self.space) if not space]
        return content, dict(zip(content, content[1:]))

    @cached_property
    def located(self) -> set[int]:
        """Tokens followed by a place postposition (`X में`)."""
        content, _ = self._content
        words = [self.words[i] for i in content]
        return {i for k, i in enumerate(content) if starts_with(words, k + 1, word_lists()["place_after"])}

    @cached_property
    def modifier(self) -> set[int]:
        """Participles and adjectives before the noun they describe."""
        _, nxt = self._content
        return {i for i, j in nxt.items() if self.pos[i] in ("VERB", "ADJ")
                and self.pos[j] in ("NOUN", "PROPN", "ADJ", "DET", "NUM")}

    @cached_property
    def participles(self) -> set[int]:
        """Verbs before their noun (`वित्तपोषित परियोजनाओं`), or after an agent word."""
        _, nxt = self._content
        before = {j: i for i, j in nxt.items()}
        agent = word_lists()["agent_before"]
        return {i for i in self.modifier if self.pos[i] == "VERB"
                or (i in before and self.words[before[i]] in agent)}

    @cached_property
    def aim(self) -> set[int]:
        """Tokens followed by an infinitive (`X बढ़ाने`)."""
        content, nxt = self._content
        lists, aim = word_lists()["aim"], set()
        for i in content:
            j = nxt.get(i)
            while j is not None and self.words[j] in lists["skip"]:
                j = nxt.get(j)
            if j is not None and self.pos[j] == "VERB" and self.words[j].endswith(lists["verb_endings"]):
                aim.add(i)
        return aim

    @cached_property
    def participle(self) -> set[int]:
        """`वाले` after a verb (`होने वाले सम्मेलन`)."""
        content, _ = self._content
        after = word_lists()["participle_after"]
        return {i for i in content if self.words[i] in after and i > 0 and self.pos[i - 1] in ("VERB", "AUX")}

    @cached_property
    def pointed(self) -> set[int]:
        """Tokens after a demonstrative (`इस छह दिवसीय यात्रा`)."""
        content, _ = self._content
        demonstratives, pointed = word_lists()["demonstratives"], set()
        for k, i in enumerate(content):
            # back over at most two adjectives, numbers or nouns (`इस पांच दिवसीय यात्रा`) to a demonstrative
            for j in content[max(0, k - 3):k][::-1]:
                if self.words[j] in demonstratives:
                    pointed.add(i)
                if self.pos[j] not in ("ADJ", "NUM", "NOUN"):   # Stanza tags some numerals NOUN (`पांच`)
                    break
        return pointed


def sentence_units(words: list[str], pos: list[str], space: list[bool]) -> Units:
    """Clause and phrase number of every token of a sentence (its tokens' texts, UPOS and
    whether each is whitespace; indices relative to the sentence)."""
    size = len(words)
    following = [size] * size  # the next token that is no space, per token
    for i in range(size - 2, -1, -1):
        following[i] = i + 1 if not space[i + 1] else following[i + 1]
    lists = word_lists()
    close_after = -1    # the last token of a postposition closing an infinitive's clause (`करने के बाद`)
    clauses, phrases = [], []
    finite: set[int] = set()
    relative: dict[int, int] = {}
    venue: dict[int, int] = {}
    clause = phrase = 0
    last = -1       # clause of the latest word (not punctuation)
    subordinate = size
    for i, (word, tag) in enumerate(zip(words, pos)):
        is_relative = tag in ("PRON", "DET", "ADV") and word.startswith(RELATIVE)
        if tag in ("SCONJ", "CCONJ") or is_relative:
            phrase += 1
            if tag != "CCONJ":
                clause += 1
                subordinate = min(subordinate, i)
                if is_relative:
                    relative[clause] = last
                    if word.startswith(PLACE_RELATIVE):
                        venue[clause] = i
        clauses.append(clause)
        if tag != "PUNCT" and not space[i]:
            last = clause
        phrases.append(phrase)
        if word in CLAUSE_PUNCT:
            clause += 1
        if word in PHRASE_PUNCT:
            phrase += 1
        if i == close_after:
            clause += 1
            phrase += 1
        if tag in ("VERB", "AUX"):
            nxt = following[i] if following[i] < size else None
            if nxt is None or words[nxt] in CLAUSE_END or pos[nxt] in ("CCONJ", "SCONJ"):
                finite.add(clause)
                clause += 1
                phrase += 1
            elif word.endswith(lists["aim"]["verb_endings"]):
                n = starts_with(words, following[i], lists["clause_after_infinitive"])
                close_after = following[i] + n - 1 if n else close_after
    return Units(words, clauses, phrases, finite, relative, subordinate, pos, space, venue)


def _bounded(sent: Span) -> list[Span]:
    """`sent` cut into pieces of at most `MAX_UNIT_TOKENS` tokens, after the last clause
    punctuation of each piece when there is one (a paragraph without sentence marks is no
    single sentence; the work per unit stays bounded)."""
    doc, start, pieces = sent.doc, sent.start, []
    while sent.end - start > MAX_UNIT_TOKENS:
        limit = start + MAX_UNIT_TOKENS
        cut = next((i + 1 for i in range(limit - 1, start, -1) if doc[i].text in CLAUSE_END), limit)
        pieces.append(doc[start:cut])
        start = cut
    pieces.append(doc[start:sent.end])
    return pieces


def locate(doc: Doc, mentions: list[Mention]) -> tuple[list[Span], list[Units], dict[str, Place]]:
    """Sentence, clause, phrase and head token of every mention (never fails: offsets that do
    not fall on token boundaries take the tokens they touch)."""
    words, pos = token_strings(doc, ORTH), token_strings(doc, POS)
    space = [bool(x) for x in doc.to_array(IS_SPACE).tolist()]
    sents = [u for s in doc.sents if not all(space[s.start:s.end]) for u in _bounded(s)] or list(doc.sents)
    units = [sentence_units(words[s.start:s.end], pos[s.start:s.end], space[s.start:s.end]) for s in sents]
    starts = doc.to_array(IDX).tolist()
    sent_starts = [sent.start for sent in sents]
    places: dict[str, Place] = {}
    for m in mentions:
        first = max(0, bisect_right(starts, m.start) - 1)
        last = max(first, bisect_left(starts, m.end) - 1)
        s_i = max(0, bisect_right(sent_starts, first) - 1)
        sent = sents[s_i]
        u = units[s_i]
        # the mention's head token: the last one (head-final noun phrases), inside its sentence
        t = min(max(last, sent.start), sent.end - 1) - sent.start
        f = min(max(first, sent.start), sent.end - 1) - sent.start
        places[m.id] = Place(s_i, u.clauses[t], u.phrases[f], t, f)
    return sents, units, places


def _content_tokens(sent: Span) -> list:
    """The sentence's tokens without surrounding whitespace tokens (all of them if it is only that)."""
    return [t for t in sent if not t.is_space] or list(sent)


def content_bounds(sent: Span) -> tuple[int, int]:
    """The sentence's offsets trimmed of surrounding whitespace (as in the output's `sentences`)."""
    toks = _content_tokens(sent)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def sentence_json(sent: Span, focus: int | None = None) -> dict:
    """The sentence's offsets trimmed of surrounding whitespace (as in the output's `sentences`)
    and its text; a sentence longer than `SENTENCE_CHARS` gives the whole tokens within that
    many characters around `focus` (a frame's trigger), the offsets those of the text given."""
    toks = _content_tokens(sent)
    first, last = toks[0], toks[-1]
    if focus is not None and last.idx + len(last) - first.idx > SENTENCE_CHARS:
        lo = max(first.idx, focus - SENTENCE_CHARS // 2)
        hi = min(last.idx + len(last), lo + SENTENCE_CHARS)
        inside = [t for t in toks if t.idx >= lo and t.idx + len(t) <= hi] or [
            next(t for t in toks if t.idx + len(t) > focus)]
        first, last = inside[0], inside[-1]
    # the span's own text: `doc.text` would join every token of the document on each call
    return {"start": first.idx, "end": last.idx + len(last), "text": sent.doc[first.i : last.i + 1].text}

