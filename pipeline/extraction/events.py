"""EVENT mentions: trigger words of cooperation activities, typed by the taxonomy.

Triggers are matched on Stanza lemmas (so `बैठकों`, `समझौते` match) and on
surface forms; multi-word triggers (`समझौता ज्ञापन`, `शिष्टाचार बैठक`) win
over their parts. Every word list is data (`resources/hi/events.json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LEMMA, NORM
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.extraction.matching import next_token, phrase_tokens, token_strings
from pipeline.extraction.mention import Mention
from pipeline.resources import load
from pipeline.tagging.textnorm import fold

_COMPOUND_POS = {"NOUN", "PROPN", "ADJ", "X"}

@dataclass(frozen=True)
class Lexicon:
    weak: frozenset[str]
    not_before: dict[str, frozenset[str]]
    not_after: dict[str, frozenset[tuple[str, ...]]]  # phrases: `के रूप में भेंट` is a gift
    modifiers: frozenset[str]
    joiners: frozenset[str]  # words joining a list of topics before an activity
    retype_after: dict[str, dict[str, str]]  # trigger -> word before it -> event type
    name_heads: dict[str, frozenset[str]]  # `कोष`, `मंत्री`: a trigger in a compound before one is in a name
    cues: dict[str, frozenset[str]]  # event type -> words that make its weak triggers count


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = load("events")
    weak = frozenset(fold(w) for spec in data["types"].values() for w in spec.get("weak", []))
    return Lexicon(
        weak,
        {fold(k): frozenset(map(fold, v)) for k, v in data["not_before"].items()},
        {fold(k): frozenset(tuple(phrase_tokens(p)) for p in v) for k, v in data["not_after"].items()},
        frozenset(data.get("modifiers", [])),
        frozenset(map(fold, data.get("modifier_joiners", []))),
        {fold(trigger): {fold(w): typ for typ, words in by_type.items() for w in words}
         for trigger, by_type in data.get("retype_after", {}).items()},
        {typ: frozenset(map(fold, words)) for typ, words in data.get("name_heads", {}).items()},
        {typ: frozenset(map(fold, words)) for typ, words in data.get("cues", {}).items()},
    )


# One trigger phrase: its event type, the words before its last one, its rank in the data
# (the first listed wins where two phrases cover the same words).
Entry = tuple[str, tuple[str, ...], int]


@dataclass(frozen=True)
class Triggers:
    """Trigger phrases by their last word, written (NORM) or as a lemma (folded): a phrase
    matches where its earlier words are written as listed and its last word is written as
    listed or has it as lemma (`समझौते` -> `समझौता`)."""
    by_norm: dict[str, tuple[Entry, ...]]
    by_lemma: dict[str, tuple[Entry, ...]]


@lru_cache(maxsize=1)
def triggers() -> Triggers:
    by_norm: dict[str, list[Entry]] = {}
    by_lemma: dict[str, list[Entry]] = {}
    rank = 0
    for event_type, spec in load("events")["types"].items():
        for phrase in spec["triggers"] + spec["forms"]:
            words = phrase_tokens(phrase)
            for table in (by_norm, by_lemma):
                table.setdefault(words[-1], []).append((event_type, tuple(words[:-1]), rank))
                rank += 1
    return Triggers({k: tuple(v) for k, v in by_norm.items()}, {k: tuple(v) for k, v in by_lemma.items()})


def trigger_spans(doc: Doc, norms: list[str], lemmas: list[str]) -> list[Span]:
    """Every trigger phrase in `doc`, longest where they overlap. A lookup per token by its
    last word: a spaCy Matcher would try each of the ~300 patterns at every token."""
    index, found = triggers(), []
    for i in range(len(doc)):
        for table, key in ((index.by_norm, norms[i]), (index.by_lemma, lemmas[i])):
            for event_type, before, rank in table.get(key, ()):
                start = i - len(before)
                if start >= 0 and tuple(norms[start:i]) == before:
                    found.append((start, i + 1, rank, event_type))
    found.sort()
    return filter_spans([Span(doc, start, end, label=event_type) for start, end, _, event_type in found])


def _blocked(doc: Doc, span: Span) -> bool:
    lex = lexicon()
    key = fold(span.root.lemma_) if len(span) == 1 else span.text
    head = fold(span[-1].lemma_) if fold(span[-1].lemma_) in lex.not_before else span[-1].norm_
    nxt = next((t for t in doc[span.end:span.end + 2] if not t.is_space), None)
    before = tuple(t.norm_ for t in doc[max(0, span.start - 4):span.start] if not t.is_space)
    for word in {key, head, fold(span[0].lemma_), span[0].norm_}:
        if nxt is not None and nxt.norm_ in lex.not_before.get(word, ()):
            return True
        if any(before[-len(phrase):] == phrase for phrase in lex.not_after.get(word, ())):
            return True
    return False


def _in_name(doc: Doc, span: Span, lex: Lexicon) -> bool:
    """The trigger is a word of a fund's, committee's or office's name: a name head
    follows within its noun compound (`मुख्यमंत्री सहायता कोष`, `विदेश व्यापार और विकास
    सहयोग मंत्री`)."""
    heads, i = lex.name_heads.get(span.label_, frozenset()), span.end
    for _ in range(4):
        tok = next_token(doc, i)
        if tok is None or not heads:
            return False
        if tok.norm_ in heads or fold(tok.lemma_) in heads:
            return True
        if tok.pos_ not in _COMPOUND_POS and tok.norm_ not in lex.joiners:
            return False
        i = tok.i + 1
    return False


def _names_topic(doc: Doc, span: Span, starts: dict[int, Span], lex: Lexicon) -> bool:
    """The trigger stands right before an activity of another type, directly or through a
    list of topics of its own type (`व्यापार और निवेश फोरम`; not `व्यापार और सहायता`)."""
    i, joined = span.end, False
    while (nxt := next_token(doc, i)) is not None:
        if nxt.norm_ in lex.joiners and not joined:
            i, joined = nxt.i + 1, True
            continue
        other = starts.get(nxt.i)
        if other is None:
            return False
        if other.label_ != span.label_:
            return not joined  # `व्यापार मंच`; after a joiner it is another activity (`व्यापार और सहायता`)
        if not joined:
            return False
        i, joined = other.end, False  # another topic of the list
    return False


def find_events(doc: Doc, ctx) -> list[Mention]:
    lex = lexicon()
    norms = token_strings(doc, NORM)
    lemmas = [fold(lemma) for lemma in token_strings(doc, LEMMA)]
    spans = trigger_spans(doc, norms, lemmas)
    weak_at = {span.start: span.sent.start for span in spans
               if len(span) == 1 and (norms[span.start] in lex.weak or lemmas[span.start] in lex.weak)}
    strong_types: dict[int, set[str]] = {}
    for span in spans:
        if span.start not in weak_at:
            strong_types.setdefault(span.sent.start, set()).add(span.label_)
    weak_sents = set(weak_at.values())
    for sent in doc.sents:  # `योगदान और समर्थन देने`: a cue of material aid makes `समर्थन` count
        if sent.start in weak_sents:
            words = {*norms[sent.start:sent.end], *lemmas[sent.start:sent.end]}
            strong_types.setdefault(sent.start, set()).update(t for t, cues in lex.cues.items() if words & cues)
    starts = {span.start: span for span in spans}
    mentions = []
    for span in spans:
        if _blocked(doc, span) or _in_name(doc, span, lex):
            continue
        if span.label_ in lex.modifiers and _names_topic(doc, span, starts, lex):
            continue  # `व्यापार मंच`: the topic of the forum, not an activity of its own
        event_type = span.label_
        retype = lex.retype_after.get(fold(span[-1].lemma_)) or lex.retype_after.get(span[-1].norm_)
        if retype and len(span) == 1 and span.start > 0:
            prv = next((t for t in reversed(doc[max(0, span.start - 2):span.start]) if not t.is_space), None)
            if prv is not None and prv.norm_ in retype:
                event_type = retype[prv.norm_]  # `चाय समारोह`: a tea ceremony is a cultural exchange
        weak = span.start in weak_at
        if weak and span.label_ not in strong_types.get(weak_at[span.start], set()):
            continue
        mentions.append(Mention("EVENT", span.start_char, span.end_char, span.text,
                                {"event_type": event_type}, score=0.7 if weak else 0.9,
                                rule=f"event.{'weak' if weak else 'lexicon'}"))
    return mentions
