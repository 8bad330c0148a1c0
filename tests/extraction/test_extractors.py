"""Table-driven extractor tests: text in, expected mentions of one type out.

Cases live in tests/data/extract/<type>.json; each runs the whole extraction
(Stanza tags, subject detection, every extractor, overlap resolution) and
compares the mentions of that type, in order, by text and norm.
"""

from __future__ import annotations

import json

import pytest

from pipeline.extraction.extract import extract_mentions, make_context
from conftest import DATA

TABLES = DATA / "extract"
FILES = {"DATE": "dates", "AMOUNT": "amounts", "PARTNER": "partners", "EVENT": "events"}


def cases():
    for mention_type, name in FILES.items():
        for case in json.loads((TABLES / f"{name}.json").read_text(encoding="utf-8")):
            yield pytest.param(mention_type, case, id=f"{name}-{case['id']}")


def _matches(expected: dict, got: dict) -> bool:
    """Expected norm keys must all agree (a table may leave out a romanized name)."""
    return expected["text"] == got["text"] and all(got["norm"].get(k) == v for k, v in expected["norm"].items())


@pytest.mark.parametrize("mention_type,case", list(cases()))
def test_extractor_table(tagger, mention_type, case):
    doc = tagger(case["text"])
    ctx = make_context(doc, case.get("published"))
    got = [
        {"text": m.text, "norm": m.norm}
        for m in extract_mentions(doc, ctx) if m.type == mention_type
    ]
    assert len(got) == len(case["expect"]), json.dumps(got, ensure_ascii=False)
    for expected, actual in zip(case["expect"], got):
        assert _matches(expected, actual), json.dumps(actual, ensure_ascii=False)
    for m in extract_mentions(doc, ctx):
        assert case["text"][m.start:m.end] == m.text
