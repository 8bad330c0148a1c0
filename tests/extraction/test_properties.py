"""Property-based tests: normalizers and extractors on thousands of generated inputs.

Never an exception, every value in range, every range ordered, every offset
reproducing its text. Docs are built by hand from generated tokens (no Stanza),
so thousands of cases run in seconds.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extraction.amounts import find_amounts, parse_number
from pipeline.extraction.dates import Point, find_dates, normalize_range
from pipeline.extraction.extract import Context, resolve
from pipeline.extraction.partners import find_partners
from pipeline.extraction.romanize import romanize
from pipeline.tagging.tagger import blank_nlp, build_doc
from pipeline.tagging.textnorm import fold

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
WORDS = [
    "से", "तक", "-", ",", "(", ")", "जून", "सितम्बर", "फ़रवरी", "मई", "2024", "२०२३", "15", "३१", "1,00,000",
    "43.5", "150-250", "मिलियन", "करोड़", "हजार", "अरब", "डॉलर", "अमरीकी", "डालर", "रुपये", "₹", "$", "प्रतिशत", "%",
    "चार", "पाँच", "एक", "दोनों", "देशों", "प्रांतों", "दिन", "9वीं", "लगभग", "चीन", "युन्नान", "प्रांत", "लाओस",
    "कोरियाई", "दूतावास", "चीनी", "पक्ष", "क्षेत्र", "जिला", "भारत", "के", "और", "में", "।", "वियतनाम", "लाओ", "काई",
]
POS = ["NOUN", "NUM", "ADJ", "PROPN", "ADP", "PUNCT", "VERB", "X"]
DCT = st.one_of(st.none(), st.tuples(st.integers(1990, 2030), st.integers(1, 12), st.one_of(st.none(), st.integers(1, 28))))


def points():
    return st.builds(Point, st.one_of(st.none(), st.integers(1800, 2099)),
                     st.one_of(st.none(), st.integers(1, 12)), st.one_of(st.none(), st.integers(1, 31)))


def _as_date(iso: str, end: bool) -> dt.date:
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12 if end else 1, 31 if end else 1)
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        if not end:
            return first
        return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return dt.date(*parts)


@settings(max_examples=3000, deadline=None)
@given(points(), points(), DCT, st.one_of(st.none(), st.integers(1900, 2099)))
def test_normalize_range_is_valid_and_ordered(start, end, dct, fallback):
    norm = normalize_range(start, end, dct, fallback)
    if norm is not None:
        assert ISO.match(norm["start"]) and ISO.match(norm["end"])
        assert _as_date(norm["start"], False) <= _as_date(norm["end"], True)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789०१२३४५६७८९,.-", max_size=20))
def test_parse_number_never_raises(text):
    value = parse_number(text)
    assert value is None or value.is_finite() or value.is_nan() is False


def generated_doc(tokens):
    words = [w for w, _ in tokens]
    text = " ".join(words)
    spans, cursor = [], 0
    for i, (word, pos) in enumerate(tokens):
        spans.append((word, pos, word, cursor, cursor + len(word), i == 0))
        cursor += len(word) + 1
    return text, build_doc(blank_nlp().vocab, text, spans)


TOKENS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(POS)), min_size=1, max_size=25)


@settings(max_examples=1500, deadline=None)
@given(TOKENS, st.one_of(st.none(), st.sampled_from(["2024-06", "2023-01-15"])), st.sampled_from([None, "INR", "VND"]))
def test_extractors_on_generated_docs(tokens, published, currency):
    text, doc = generated_doc(tokens)
    ctx = Context(published=published, subject={"name": "Lao Cai", "country": "VN", "level": "province"}, currency=currency)
    mentions = find_dates(doc, ctx) + find_amounts(doc, ctx) + find_partners(doc, ctx)
    for m in mentions:
        assert text[m.start:m.end] == m.text and m.start < m.end
        assert 0.0 <= m.score <= 1.0
        if m.type == "DATE":
            assert _as_date(m.norm["start"], False) <= _as_date(m.norm["end"], True)
        if m.type == "AMOUNT":
            assert m.norm["kind"] in ("money", "count", "percent")
            if "min" in m.norm:
                assert 0 <= m.norm["min"] <= m.norm["max"]
            else:
                assert m.norm["value"] >= 0
            assert ("currency" in m.norm) == (m.norm["kind"] == "money")
        if m.type == "PARTNER":
            assert re.fullmatch(r"[A-Z]{2}", m.norm["country"]) and m.norm["country"] != "VN"
            assert m.norm["name"]
    kept = resolve(mentions)
    for a, b in zip(kept, kept[1:]):
        assert not (a.overlaps(b) and a.type != b.type)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F) | st.sampled_from(" -"), max_size=30))
def test_romanize_and_fold_never_raise(text):
    name = romanize(text)
    assert isinstance(name, str)
    assert all(ord(c) < 0x0900 or ord(c) > 0x097F for c in name)
    assert fold(fold(text)) == fold(text)
