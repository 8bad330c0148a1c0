"""The fast matching paths give exactly what spaCy's own Matcher gives.

`RunMatcher` (dates, numbers) runs the Matcher only over runs of tokens a pattern can use,
and the events' trigger lookup replaces a Matcher of ~300 patterns: both are checked against
the plain Matcher on thousands of generated Docs (hand-built, no Stanza).
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LEMMA, NORM
from spacy.matcher import Matcher
from spacy.util import filter_spans

from conftest import hand_doc
from pipeline.extraction import date_atoms, events, numbers
from pipeline.extraction.matching import RunMatcher, phrase_tokens, token_strings
from pipeline.resources import load
from pipeline.tagging.tagger import blank_nlp, doc_text
from pipeline.tagging.textnorm import fold

# Date and number words, the connectors between them, and ordinary words around them.
NUMERIC = ["15", "2024", "9", "10", "11", "2023-24", "2024-06-05", "1,00,000", "36,", "238", "43.5", ".5",
           "-40", "25-40", "जून", "मार्च", "सितम्बर", "Sept", "June", "पांच", "दो", "सौ", "तीस", "हजार", "लाख",
           "करोड़", "सवा", "साढ़े", "million", "दर्जनों", "से", "तक", "और", "-", ",", ".", "को", "में",
           "रुपये", "डॉलर", "बैठक", "भारत", "हुई", "।"]
SPACES = [" ", " ", " ", ""]


def _doc(parts):
    """A hand-built Doc of (word, separator after it) pairs; glued words stay as the tokenizer
    leaves them (`36,` + `238` is one number)."""
    return hand_doc([w for w, _ in parts], text="".join(word + sep for word, sep in parts).rstrip())


@pytest.mark.parametrize("run_matcher", [date_atoms.matcher, numbers.number_matcher], ids=["dates", "numbers"])
@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NUMERIC), st.sampled_from(SPACES)), min_size=1, max_size=24))
def test_run_matcher_finds_what_the_whole_doc_matcher_finds(run_matcher, parts):
    doc = _doc(parts)
    matcher = run_matcher()
    assert matcher(doc) == matcher.matcher(doc)


@lru_cache(maxsize=1)
def _old_event_matcher() -> Matcher:
    """The events' former Matcher: per trigger, one pattern on NORMs and one with the last
    word on its (folded) lemma; a hand-built Doc's lemmas are given folded."""
    m = Matcher(blank_nlp().vocab)
    for event_type, spec in load("events")["types"].items():
        patterns = []
        for phrase in spec["triggers"] + spec["forms"]:
            words = phrase_tokens(phrase)
            patterns.append([{"NORM": w} for w in words])
            patterns.append([{"NORM": w} for w in words[:-1]] + [{"LEMMA": words[-1]}])
        m.add(event_type, patterns)
    return m


TRIGGER_WORDS = sorted({w for spec in load("events")["types"].values()
                        for p in spec["triggers"] + spec["forms"] for w in phrase_tokens(p)})
OTHER_WORDS = ["भारत", "और", "के", "साथ", "ने", "की", "।", "वियतनाम"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TRIGGER_WORDS + OTHER_WORDS), st.sampled_from(TRIGGER_WORDS + OTHER_WORDS)),
                min_size=1, max_size=20))
def test_trigger_lookup_finds_what_the_former_matcher_found(pairs):
    words = [w for w, _ in pairs]
    doc = hand_doc(words, lemmas=[lemma for _, lemma in pairs])
    expected = filter_spans([doc[s:e] for _, s, e in _old_event_matcher()(doc)])
    got = events.trigger_spans(doc, token_strings(doc, NORM), [fold(x) for x in token_strings(doc, LEMMA)])
    assert [(s.start, s.end) for s in got] == [(s.start, s.end) for s in expected]


@pytest.mark.parametrize("spec,message", [
    ({"LOWER": "x"}, "RunMatcher: only NORM token patterns without negation: {'LOWER': 'x'}"),
    ({"NORM": "x", "OP": "!"}, "RunMatcher: only NORM token patterns without negation: {'NORM': 'x', 'OP': '!'}"),
    ({"NORM": {"NOT_IN": ["x"]}}, "RunMatcher: NORM must be a word, IN or REGEX: {'NORM': {'NOT_IN': ['x']}}"),
])
def test_run_matcher_refuses_patterns_it_cannot_bound(spec, message):
    with pytest.raises(ValueError) as err:
        RunMatcher(blank_nlp().vocab).add("x", [[{"NORM": "y"}, spec]])
    assert str(err.value) == message


def test_run_matcher_refuses_a_pattern_that_may_start_with_nothing():
    with pytest.raises(ValueError, match="a pattern must start with a token it requires"):
        RunMatcher(blank_nlp().vocab).add("x", [[{"NORM": "y", "OP": "?"}, {"NORM": "z"}]])


def test_doc_text_is_the_docs_text_for_any_doc():
    built = hand_doc(["भारत", "ने", "बैठक", "की"], text="भारत  ने\nबैठक की")
    other = blank_nlp()("a  b\nc")
    for doc in (built, other):
        assert doc_text(doc) == doc.text
        assert doc_text(doc) is doc_text(doc)
