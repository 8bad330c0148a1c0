"""EVENT mentions: trigger words of cooperation activities, typed by the taxonomy.

Triggers are matched on Stanza lemmas (so `बैठकों`, `समझौते` match) and on
surface forms; multi-word triggers (`समझौता ज्ञापन`, `शिष्टाचार बैठक`) win
over their parts. Every word list is data (`resources/hi/events.json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.extraction.matching import next_token, phrase_tokens
from pipeline.extraction.mention import Mention
from pipeline.resources import load
from pipeline.tagging.tagger import blank_nlp
from pipeline.tagging.textnorm import fold

_COMPOUND_POS = {"NOUN", "PROPN", "ADJ", "X"}

if not Token.has_extension("flemma"):
    Token.set_extension("flemma", getter=lambda t: fold(t.lemma_))


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


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    """Per trigger: one pattern on surface forms and one with the last word on its lemma."""
    m = Matcher(blank_nlp().vocab)
    for event_type, spec in load("events")["types"].items():
        patterns = []
        for phrase in spec["triggers"] + spec["forms"]:
            words = phrase_tokens(phrase)
            patterns.append([{"NORM": w} for w in words])
            patterns.append([{"NORM": w} for w in words[:-1]] + [{"_": {"flemma": words[-1]}}])
        m.add(event_type, patterns)
    return m


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
        if tok.norm_ in heads or tok._.flemma in heads:
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
    spans = filter_spans([Span(doc, s, e, label=mid) for mid, s, e in matcher()(doc)])
    strong_types: dict[int, set[str]] = {}
    for span in spans:
        if not (len(span) == 1 and (span[0].norm_ in lex.weak or span[0]._.flemma in lex.weak)):
            strong_types.setdefault(span.sent.start, set()).add(span.label_)
    for sent in doc.sents:  # `योगदान और समर्थन देने`: a cue of material aid makes `समर्थन` count
        words = {t.norm_ for t in sent} | {t._.flemma for t in sent}
        strong_types.setdefault(sent.start, set()).update(t for t, cues in lex.cues.items() if words & cues)
    starts = {span.start: span for span in spans}
    mentions = []
    for span in spans:
        if _blocked(doc, span) or _in_name(doc, span, lex):
            continue
        if span.label_ in lex.modifiers and _names_topic(doc, span, starts, lex):
            continue  # `व्यापार मंच`: the topic of the forum, not an activity of its own
        event_type = span.label_
        retype = lex.retype_after.get(span[-1]._.flemma) or lex.retype_after.get(span[-1].norm_)
        if retype and len(span) == 1 and span.start > 0:
            prv = next((t for t in reversed(doc[max(0, span.start - 2):span.start]) if not t.is_space), None)
            if prv is not None and prv.norm_ in retype:
                event_type = retype[prv.norm_]  # `चाय समारोह`: a tea ceremony is a cultural exchange
        weak = len(span) == 1 and (span[0].norm_ in lex.weak or span[0]._.flemma in lex.weak)
        if weak and span.label_ not in strong_types.get(span.sent.start, set()):
            continue
        mentions.append(Mention("EVENT", span.start_char, span.end_char, span.text,
                                {"event_type": event_type}, score=0.7 if weak else 0.9,
                                rule=f"event.{'weak' if weak else 'lexicon'}"))
    return mentions
