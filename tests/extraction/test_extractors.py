"""Table-driven extractor tests: text in, expected mentions of one type out, no Stanza.

Cases live in tests/data/extract/<type>.json. Each case states its tokens as the
tagger gave them when the case was written (`tokens`: `word/POS[/lemma]`, ` || `
before each new sentence; see `conftest.parse_tokens`), so a model change does not
move it: the test builds the Doc by hand from `text` and `tokens`, runs the
pipeline's components on it (subject detection, every rule, overlap resolution,
frames) with the case's publication date, and compares the mentions of that type
in `doc.spans["coop"]`, in order, by text and norm. A new case copies its `tokens`
from what the tagger makes of its text today (`conftest.token_line(tagger(text))`);
after that they are data, edited by hand.
"""

from __future__ import annotations

import json

import pytest

from conftest import DATA, hand_doc, table_doc, token_line
from pipeline.extraction.components import mentions

TABLES = DATA / "extract"
FILES = {"DATE": "dates", "AMOUNT": "amounts", "PARTNER": "partners", "EVENT": "events"}


def cases():
    for mention_type, name in FILES.items():
        for case in json.loads((TABLES / f"{name}.json").read_text(encoding="utf-8")):
            yield pytest.param(mention_type, case, id=f"{name}-{case['id']}")


@pytest.fixture(scope="session")
def rules_nlp():
    """The pipeline's components without its tokenizer: no Stanza is loaded."""
    from pipeline.nlp.language import build

    return build()


def _matches(expected: dict, got: dict) -> bool:
    """Expected norm keys must all agree (a table may leave out a romanized name)."""
    return expected["text"] == got["text"] and all(got["norm"].get(k) == v for k, v in expected["norm"].items())


@pytest.mark.parametrize("mention_type,case", list(cases()))
def test_extractor_table(rules_nlp, mention_type, case):
    doc = table_doc(case)
    doc._.published = case.get("published")
    for _, proc in rules_nlp.pipeline:
        doc = proc(doc)
    found = mentions(doc)
    got = [{"text": m.text, "norm": m.norm} for m in found if m.type == mention_type]
    assert len(got) == len(case["expect"]), json.dumps(got, ensure_ascii=False)
    for expected, actual in zip(case["expect"], got):
        assert _matches(expected, actual), json.dumps(actual, ensure_ascii=False)
    for m in found:
        assert case["text"][m.start:m.end] == m.text


@pytest.mark.parametrize("mention_type,case", list(cases()))
def test_table_tokens_reproduce_the_text(mention_type, case):
    """The stated tokens are the text's (only whitespace between them) and the Doc keeps each
    one's POS, lemma and sentence start as stated."""
    doc = table_doc(case)
    assert doc.text == case["text"]
    assert token_line(doc) == case["tokens"]


@pytest.mark.parametrize("tokens,message", [
    ("बैठक/NOUN हुई", "token 'हुई' is not word/POS[/lemma] with a UPOS tag"),
    ("बैठक/NOUN/बैठक हुई/Verb", "token 'हुई/Verb' is not word/POS[/lemma] with a UPOS tag"),
    ("बैठक/NOUN हुआ/VERB", "token 'हुआ' is not next in the text at 5: 'हुई'"),
    ("बैठक/NOUN", "text left after the last token: ' हुई'"),
])
def test_tokens_that_do_not_fit_the_text_are_refused_by_name(tokens, message):
    with pytest.raises(ValueError) as err:
        table_doc({"text": "बैठक हुई", "tokens": tokens})
    assert str(err.value) == message


def test_a_word_may_hold_a_slash_and_a_lemma_is_kept_when_stated():
    doc = table_doc({"text": "08/11/2023 को बैठकें", "tokens": "08/11/2023/NUM को/ADP बैठकें/NOUN/बैठक"})
    assert [(t.text, t.pos_, t.lemma_, t.norm_) for t in doc] == [
        ("08/11/2023", "NUM", "08/11/2023", "08/11/2023"), ("को", "ADP", "को", "को"),
        ("बैठकें", "NOUN", "बैठक", "बैठकें")]


def test_a_hand_doc_is_made_as_the_tokenizer_makes_one():
    """A danda and a line break start a sentence; a line break is a whitespace token; the
    norm is the folded spelling (chandrabindu, Devanagari digits)."""
    doc = hand_doc(["हाँ", "।", "२०२४", "बैठक"], text="हाँ । २०२४\nबैठक")
    assert [(t.text, t.norm_, t.is_sent_start) for t in doc] == [
        ("हाँ", "हां", True), ("।", "।", False), ("२०२४", "2024", True), ("\n", "\n", True), ("बैठक", "बैठक", True)]
