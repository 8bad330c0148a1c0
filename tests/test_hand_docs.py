"""The hand-built Docs of the rule tests (`conftest.hand_doc`, `conftest.table_doc`): a table
case's stated tokens reproduce its text, a token that does not fit is refused by name, and
the Doc is made as the tokenizer makes one."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, hand_doc, table_doc, token_line

# every table whose cases state their tokens
TABLES = [*sorted((DATA / "extract").glob("*.json")), DATA / "frames.json"]


def table_cases():
    for path in TABLES:
        for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            yield pytest.param(case, id=f"{path.stem}-{case.get('id', i)}")


@pytest.mark.parametrize("case", list(table_cases()))
def test_table_tokens_reproduce_the_text(case):
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
