"""Shared fixtures (the real Stanza pipeline, loaded once per test session) and the hand-built
Docs of the tests that need no Stanza (`hand_doc`, and `table_doc` for a table case's tokens)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings
from spacy.parts_of_speech import IDS

# Property tests run the same examples every time (`make test` and CI stay reproducible); the
# `explore` profile draws new ones to look for failures: `HYPOTHESIS_PROFILE=explore pytest ...`.
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def tagger():
    from pipeline.tagging.tagger import Tagger

    return Tagger()


@pytest.fixture(scope="session")
def nlp():
    import pipeline

    return pipeline.load()


def load_table(name: str) -> list[dict]:
    """A table of test cases from tests/data/<name>.json (a list of objects)."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def hand_doc(words: list[str], pos: list[str] | None = None, lemmas: list[str] | None = None,
             sent_starts: list[bool] | None = None, text: str | None = None):
    """A tagged Doc built by hand, on the vocab the rule matchers use: a rule or component test
    that does not need Stanza states its tokens, so a model change does not move it.

    The Doc is made as the tokenizer makes one from Stanza's tokens (`build_doc`: the same
    norms, tags, whitespace tokens, a new sentence after a danda or a line break). The words
    are found in `text` in order, only whitespace between them (default: joined by spaces);
    `sent_starts` marks the sentences the tagger would give (default: one)."""
    from pipeline.tagging.tagger import blank_nlp, build_doc

    text = " ".join(words) if text is None else text
    starts = sent_starts or [True] + [False] * (len(words) - 1)
    tokens, cursor = [], 0
    for word, tag, lemma, first in zip(words, pos or ["X"] * len(words), lemmas or words, starts, strict=True):
        start = len(text) - len(text[cursor:].lstrip())
        if not text.startswith(word, start):
            raise ValueError(f"token {word!r} is not next in the text at {start}: {text[start:start + 20]!r}")
        tokens.append((word, tag, lemma, start, start + len(word), first))
        cursor = start + len(word)
    if text[cursor:].strip():
        raise ValueError(f"text left after the last token: {text[cursor:]!r}")
    return build_doc(blank_nlp().vocab, text, tokens)


UPOS = frozenset(name for name in IDS if name.isupper() and name not in ("EOL", "SPACE"))


def parse_tokens(tokens: str) -> tuple[list[str], list[str], list[str], list[bool]]:
    """Words, POS, lemmas and sentence starts of a table case's `tokens`: `word/POS` or
    `word/POS/lemma` (when the lemma differs from the word) separated by spaces, ` || ` before
    each sentence after the first (the word may hold `/`: its POS is the first UPOS part)."""
    words, pos, lemmas, starts = [], [], [], []
    for sentence in tokens.split(" || "):
        for i, item in enumerate(sentence.split(" ")):
            parts = item.split("/")
            at = next((k for k in range(1, len(parts)) if parts[k] in UPOS), None)
            if at is None:
                raise ValueError(f"token {item!r} is not word/POS[/lemma] with a UPOS tag")
            words.append("/".join(parts[:at]))
            pos.append(parts[at])
            lemmas.append("/".join(parts[at + 1:]) or words[-1])
            starts.append(i == 0)
    return words, pos, lemmas, starts


def token_line(doc) -> str:
    """The `tokens` of a Doc in the form `parse_tokens` reads: what a new table case copies
    from the tagger's Doc of its text (`token_line(tagger(text))`) before editing by hand."""
    sentences: list[list[str]] = []
    for token in doc:
        if token.is_space:
            continue
        item = f"{token.text}/{token.pos_}" + (f"/{token.lemma_}" if token.lemma_ != token.text else "")
        if token.is_sent_start or not sentences:
            sentences.append([])
        sentences[-1].append(item)
    return " || ".join(" ".join(words) for words in sentences)


def table_doc(case: dict):
    """The hand-built Doc of a table case (its `text` and `tokens`)."""
    words, pos, lemmas, starts = parse_tokens(case["tokens"])
    return hand_doc(words, pos, lemmas, starts, text=case["text"])
