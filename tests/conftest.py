"""Shared fixtures: the real Stanza pipeline, loaded once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
             spaces: list[bool] | None = None):
    """A tagged Doc built by hand, on the vocab the rule matchers use: a rule or component test
    that does not need Stanza states its tokens, so a model change does not move it."""
    from spacy.tokens import Doc

    from pipeline.tagging.tagger import blank_nlp
    from pipeline.tagging.textnorm import fold

    spaces = spaces if spaces is not None else [True] * (len(words) - 1) + [False]
    doc = Doc(blank_nlp().vocab, words=words, spaces=spaces, pos=pos or ["X"] * len(words),
              lemmas=lemmas or words, sent_starts=[True] + [False] * (len(words) - 1))
    for token in doc:
        token.norm_ = fold(token.text)
    return doc
