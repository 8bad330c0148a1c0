"""Stanza -> spaCy Doc: sentences, tokens and offsets exact against the source text."""

from __future__ import annotations

import pytest

from pipeline.tagging.tagger import build_doc, chunk_spans, sentence_offsets


def sents(text, doc):
    return [text[s["start"]:s["end"]] for s in sentence_offsets(doc)]


def test_sentences_split_at_danda_question_exclamation_and_line_breaks(tagger):
    text = "भारत ने सहायता दी। क्या चीन आएगा? हाँ! बैठक हुई\nनया शीर्षक\n\nअंतिम पंक्ति"
    doc = tagger(text)
    assert sents(text, doc) == [
        "भारत ने सहायता दी।", "क्या चीन आएगा?", "हाँ!", "बैठक हुई", "नया शीर्षक", "अंतिम पंक्ति",
    ]


def test_tokens_tile_the_text_exactly_with_bom_stripped_and_crlf(tagger):
    from pipeline.processing.corpus import decode
    from pathlib import Path

    raw = "\ufeffलाओ काई प्रांत  ने\r\n१५ जून २०२४ को  समझौता किया।\r\n".encode("utf-8")
    text = decode(raw, Path("x.txt"))
    assert not text.startswith("\ufeff") and "\r\n" in text
    doc = tagger(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    words = [t.text for t in doc if not t.is_space]
    assert words[:3] == ["लाओ", "काई", "प्रांत"] and "२०२४" in words
    assert sents(text, doc) == ["लाओ काई प्रांत  ने", "१५ जून २०२४ को  समझौता किया।"]


def test_lemmas_and_upos_present(tagger):
    doc = tagger("दोनों देशों के बीच बैठकों में समझौते हुए।")
    real = [t for t in doc if not t.is_space]
    assert all(t.pos_ and t.lemma_ for t in real)
    by_text = {t.text: t for t in real}
    assert by_text["बैठकों"].lemma_ == "बैठक"
    assert by_text["।"].pos_ == "PUNCT"
    assert by_text["देशों"].pos_ == "NOUN"


def test_build_doc_turns_gaps_into_spaces_and_space_tokens():
    from pipeline.tagging.tagger import blank_nlp

    text = "  क ख\n\nग "
    tokens = [("क", "X", "क", 2, 3, True), ("ख", "X", "ख", 4, 5, False), ("ग", "X", "ग", 7, 8, True)]
    doc = build_doc(blank_nlp().vocab, text, tokens)
    assert doc.text == text
    assert [t.text for t in doc] == ["  ", "क", "ख", "\n\n", "ग"]
    assert [t.is_sent_start for t in doc][1:] == [True, False, True, True]


@pytest.mark.parametrize("length", [45_000, 100_000])
def test_long_lines_are_cut_into_bounded_chunks_without_losing_text(length):
    text = ("यह एक वाक्य है। " * (length // 16))[:length]
    spans = list(chunk_spans(text))
    assert all(e - s <= 20_000 for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("words, limit, expected", [
    # short sentences are left alone
    (["क", "ख", "।", "ग"], 10, ["क ख ।", "ग"]),
    # too long: cut after the last clause mark that fits
    (["कक", ",", "खख", ";", "गग", "घघ", "ङङ"], 12, ["कक , खख ;", "गग घघ ङङ"]),
    # no clause mark: cut before the token that crosses the bound
    (["कक", "खख", "गग", "घघ", "ङङ"], 7, ["कक खख", "गग घघ", "ङङ"]),
])
def test_sentences_longer_than_the_bound_are_cut(words, limit, expected):
    from pipeline.tagging.tagger import bound_sentences

    spaces = [True] * len(words)
    starts = [i == 0 or words[i - 1] == "।" for i in range(len(words))]
    bound_sentences(words, spaces, starts, limit)
    pieces, current = [], []
    for word, start in zip(words, starts):
        if start and current:
            pieces.append(" ".join(current))
            current = []
        current.append(word)
    assert pieces + [" ".join(current)] == expected


def test_a_paragraph_without_danda_becomes_bounded_sentences(tagger):
    from pipeline.tagging.tagger import MAX_SENTENCE_CHARS

    text = "चीन के साथ बैठक और 5 करोड़ रुपये का समझौता हुआ, " * 150
    spans = sentence_offsets(tagger(text))
    assert len(spans) > 1 and all(s["end"] - s["start"] <= MAX_SENTENCE_CHARS for s in spans)
    assert all(text[s["end"] - 1] == "," for s in spans[:-1])  # cut at clause marks
