"""The one folding of spelling and encoding variants: every variant class from the table
folds to the key of its plain spelling, the tagger's view keeps the text's length, and a
`|` written for the danda ends a sentence."""

from __future__ import annotations

import pytest

from conftest import load_table
from pipeline.tagging.tagger import fix_tokens
from pipeline.tagging.textnorm import fold, fold_same_length

CASES = load_table("folding")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_variant_folds_to_plain_spelling(case):
    assert fold(case["variant"]) == fold(case["folds_to"]) == case["folds_to"].lower()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_tagger_view_keeps_length(case):
    assert len(fold_same_length(case["variant"])) == len(case["variant"])


def test_tagger_view_folds_danda_and_dashes_but_not_split_vowels():
    assert fold_same_length("काे | बाद॥ 2023\u201324") == "काे । बाद। 2023-24"


def test_pipe_as_danda_ends_a_sentence_and_keeps_the_source_text(tagger):
    text = "बैठक हुई | दोनों पक्षों ने समझाैता किया।"
    doc = tagger(text)
    assert doc.text == text
    starts = [t.text for t in doc if t.is_sent_start and not t.is_space]
    assert starts == ["बैठक", "दोनों"]
    assert [t.norm_ for t in doc if t.text == "समझाैता"] == ["समझौता"]


@pytest.mark.parametrize("pieces,merged", [
    ([("Novem", 0, 5), ("ber", 5, 8)], ["November"]),
    ([("अर", 0, 2), ("ब", 2, 3)], ["अरब"]),
    ([("Decem", 0, 5), ("ber", 6, 9)], ["Decem", "ber"]),  # a space between: two words
    ([("Yadav", 0, 5), ("51", 5, 7)], ["Yadav", "51"]),
])
def test_word_split_without_space_is_one_token_again(pieces, merged):
    tokens = [(text, "X", text, start, end, i == 0) for i, (text, start, end) in enumerate(pieces)]
    assert [t[0] for t in fix_tokens(tokens)] == merged


@pytest.mark.parametrize("pieces,split", [
    ([("जनवरी(", 0, 6), ("वार्ता", 6, 12), (")", 12, 13)], ["जनवरी", "(", "वार्ता", ")"]),
    ([("बैठक);", 0, 7)], ["बैठक", ");"]),
    ([("सम्मेलन[", 0, 8)], ["सम्मेलन", "["]),
])
def test_brackets_glued_to_a_word_are_split_off(pieces, split):
    tokens = [(text, "NOUN", text, start, end, i == 0) for i, (text, start, end) in enumerate(pieces)]
    assert [t[0] for t in fix_tokens(tokens)] == split
