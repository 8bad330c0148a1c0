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

from conftest import DATA, table_doc
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
